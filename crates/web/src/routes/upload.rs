//! Unit staff upload a .docx/.xlsx/.txt of their own unit, from the page (multipart, with a
//! progress bar) or the API (the file as the body): every project in it becomes a draft.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jixiao_store::{ImportInput, StoreError};
use serde::Deserialize;
use serde_json::json;

use super::workflow::{DRAFT, my_page, state_label};
use crate::auth::{self, Session};
use crate::{ApiError, AppState, PageError};

/// The largest file taken, page or API.
pub const UPLOAD_LIMIT: usize = 32 * 1024 * 1024;

fn too_large() -> (StatusCode, String) {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("文件超过 {} MB，未上传", UPLOAD_LIMIT / (1024 * 1024)),
    )
}

/// Why an upload was refused, and the status that says so.
type Refusal = (StatusCode, String);

/// What an upload brought in: its document and the names of its projects.
struct Uploaded {
    doc_key: String,
    names: Vec<String>,
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let (csrf, file) = match read_form(multipart).await {
        Ok(parts) => parts,
        Err(refusal) => {
            // Nothing is written: the page only shows why, so no form token is needed.
            let session = staff(&state, &headers, None).await?;
            return refused_page(&state, &session, refusal).await;
        }
    };
    let session = staff(&state, &headers, Some(csrf.as_deref().unwrap_or(""))).await?;
    match import_upload(&state, &session, file).await? {
        Ok(_) => Ok(Redirect::to("/my").into_response()),
        Err(refusal) => refused_page(&state, &session, refusal).await,
    }
}

async fn refused_page(
    state: &AppState,
    session: &Session,
    (status, message): Refusal,
) -> Result<Response, PageError> {
    let page = my_page(state, session, message).await?;
    Ok((status, Html(page)).into_response())
}

type FormParts = (Option<String>, Option<(String, Vec<u8>)>);

async fn read_form(mut multipart: Multipart) -> Result<FormParts, Refusal> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            (StatusCode::BAD_REQUEST, format!("上传内容无法读取：{e}"))
        }
    };
    let mut csrf = None;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.map_err(unreadable)?),
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(unreadable)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    Ok((csrf, file))
}

async fn staff(
    state: &AppState,
    headers: &HeaderMap,
    csrf: Option<&str>,
) -> Result<Session, PageError> {
    auth::require_unit_staff(state, headers, csrf, "只有单位填报员可以上传本单位的文件").await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UploadQuery {
    /// The file's name, shown in messages and kept as the document's source.
    pub name: String,
}

/// `POST /api/v1/documents?name=乐亭.docx` with the file as the body; 201 with the projects it
/// brought in, each now a draft.
pub async fn api(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let csrf = super::api_write::csrf(&headers);
    let session = staff(&state, &headers, Some(csrf))
        .await
        .map_err(ApiError)?;
    let refuse = |(status, message): Refusal| {
        ApiError(match status {
            StatusCode::FORBIDDEN => PageError::Forbidden(message),
            StatusCode::CONFLICT => PageError::Conflict(message),
            StatusCode::PAYLOAD_TOO_LARGE => PageError::TooLarge(message),
            _ => PageError::BadRequest(message),
        })
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(refuse(too_large()));
        }
        Err(rejection) => {
            let message = format!("上传内容无法读取：{}", rejection.body_text());
            return Err(refuse((rejection.status(), message)));
        }
    };
    let name = match query.name.trim() {
        "" => "upload".to_string(),
        name => name.to_string(),
    };
    let uploaded = import_upload(&state, &session, Some((name, body.to_vec())))
        .await
        .map_err(ApiError)?
        .map_err(refuse)?;
    let mut projects = Vec::new();
    for name in &uploaded.names {
        if let Some(summary) = state.store.project_by_key(&uploaded.doc_key, name).await? {
            projects
                .push(json!({ "id": summary.id, "name": name, "state": state_label(Some(DRAFT)) }));
        }
    }
    Ok((
        StatusCode::CREATED,
        Json(json!({ "document": uploaded.doc_key, "projects": projects })),
    )
        .into_response())
}

/// Imports an uploaded file of the session's unit, every project a draft; or says why not.
async fn import_upload(
    state: &AppState,
    session: &Session,
    file: Option<(String, Vec<u8>)>,
) -> Result<Result<Uploaded, Refusal>, PageError> {
    let refuse = |status, message: String| Ok(Err((status, message)));
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(StatusCode::BAD_REQUEST, "请选择要上传的文件".into());
    };
    let parsed = match jixiao_ingest::parse_bytes(&bytes) {
        Ok(parsed) => parsed,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, format!("{name}：{e}")),
    };
    let unit = &parsed.document.unit;
    if !session.owns(unit.code.as_deref(), unit.name.as_deref()) {
        let message = match unit.name.as_deref().or(unit.code.as_deref()) {
            Some(owner) => format!("{name} 属于“{owner}”，不是本单位的文件"),
            None => format!("{name} 中没有单位名称或单位编码，无法确认是本单位的文件"),
        };
        return refuse(StatusCode::FORBIDDEN, message);
    }
    if parsed.document.projects.is_empty() {
        let message = format!("{name} 中没有识别出项目绩效目标表");
        return refuse(StatusCode::BAD_REQUEST, message);
    }
    let digest = format!("upload-{}-{}", auth::now(), bytes.len());
    let input = ImportInput {
        source_name: &name,
        content_sha256: &digest,
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    match state.store.import_drafts(&input, &session.user.name).await {
        Ok(_) => Ok(Ok(Uploaded {
            doc_key: jixiao_store::document_key(&parsed.document, &name),
            names: parsed
                .document
                .projects
                .iter()
                .map(|p| p.name.clone())
                .collect(),
        })),
        Err(StoreError::Conflict(why)) => refuse(StatusCode::CONFLICT, format!("{name}：{why}")),
        Err(other) => Err(other.into()),
    }
}
