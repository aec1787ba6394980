//! The pages' own script and style sheet, served from the binary (the content security policy
//! lets no inline script run, and nothing is loaded from elsewhere).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::PageError;

const ASSETS: [(&str, &str, &str); 5] = [
    (
        "site.css",
        "text/css; charset=utf-8",
        include_str!("../../static/site.css"),
    ),
    (
        "print.css",
        "text/css; charset=utf-8",
        include_str!("../../static/print.css"),
    ),
    (
        "edit.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/edit.js"),
    ),
    (
        "tracking.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/tracking.js"),
    ),
    (
        "upload.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/upload.js"),
    ),
];

pub async fn asset(Path(name): Path<String>) -> Result<Response, PageError> {
    let (_, content_type, body) = ASSETS
        .iter()
        .find(|(file, _, _)| *file == name)
        .ok_or_else(|| PageError::NotFound(format!("没有文件“{name}”")))?;
    Ok((
        [
            (header::CONTENT_TYPE, *content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        *body,
    )
        .into_response())
}
