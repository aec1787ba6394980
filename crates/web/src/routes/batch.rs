//! Batch moves: several projects submitted, approved or returned at once, from `/my` and
//! `/review` (checkboxes, one confirmation) and `POST /api/v1/projects/batch/{action}`. Each
//! project goes through the one workflow move ([`act`]) and says whether it moved, or why not.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use serde::Deserialize;
use serde_json::json;

use super::workflow::{ActionForm, act, queue_page, state_label};
use crate::auth;
use crate::{ApiError, AppState, PageError};

/// One project of a batch: moved, or the reason it was not.
pub struct Moved {
    pub id: i64,
    pub name: String,
    pub refused: Option<String>,
}

/// The most projects one batch moves.
pub const BATCH_LIMIT: usize = 500;

fn action_of(action: &str) -> Result<&'static str, PageError> {
    match action {
        "submit" => Ok("submit"),
        "approve" => Ok("approve"),
        "return" => Ok("return"),
        other => Err(PageError::NotFound(format!("没有批量操作“{other}”"))),
    }
}

/// Moves each project in turn; one refused does not stop the others.
async fn move_each(
    state: &AppState,
    headers: &HeaderMap,
    ids: &[i64],
    form: &ActionForm,
    action: &str,
) -> Result<Vec<Moved>, PageError> {
    if ids.is_empty() {
        return Err(PageError::BadRequest("请先勾选项目".into()));
    }
    if ids.len() > BATCH_LIMIT {
        return Err(PageError::BadRequest(format!(
            "一次最多处理 {BATCH_LIMIT} 个项目，本次勾选了 {} 个",
            ids.len()
        )));
    }
    // The session and its token are checked once before any project is touched.
    auth::require(state, headers, Some(&form.csrf)).await?;
    let mut moved = Vec::new();
    for &id in ids {
        let name = state
            .store
            .project_summary(&id.to_string())
            .await?
            .map_or_else(|| format!("编号 {id}"), |s| s.name);
        let refused = match act(state, headers, &id.to_string(), form, action, &[]).await {
            Ok(_) => None,
            Err(PageError::Internal(cause)) => return Err(PageError::Internal(cause)),
            Err(why) => Some(why.message()),
        };
        moved.push(Moved { id, name, refused });
    }
    Ok(moved)
}

/// `POST /batch`: the form under the queue on `/my` or `/review`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Html<String>, PageError> {
    let value = |key: &str| super::field(&pairs, key).to_string();
    let action = action_of(&value("action"))?;
    if value("confirm").is_empty() {
        return Err(PageError::BadRequest("批量操作须勾选确认后再提交".into()));
    }
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "ids")
        .map(|(_, v)| {
            v.parse()
                .map_err(|_| PageError::BadRequest(format!("项目编号“{v}”不是数字")))
        })
        .collect::<Result<_, _>>()?;
    let form = ActionForm {
        csrf: value("csrf"),
        comment: value("comment"),
        confirm: value("confirm"),
    };
    let moved = move_each(&state, &headers, &ids, &form, action).await?;
    let session = auth::require(&state, &headers, None).await?;
    Ok(Html(
        queue_page(&state, &session, Some((action, moved))).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Batch {
    pub ids: Vec<i64>,
    pub comment: String,
    /// Submitting: the submitter has read the projects' review findings.
    pub confirm: bool,
}

/// `POST /api/v1/projects/batch/{submit,approve,return}` with `{"ids": [...]}`.
pub async fn api(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(action): Path<String>,
    Json(batch): Json<Batch>,
) -> Result<Response, ApiError> {
    let action = action_of(&action).map_err(ApiError)?;
    let form = super::api_write::api_form(&headers, batch.comment, batch.confirm);
    let moved = move_each(&state, &headers, &batch.ids, &form, action)
        .await
        .map_err(ApiError)?;
    let to = super::workflow::target_state(action);
    let results: Vec<serde_json::Value> = moved
        .iter()
        .map(|m| match &m.refused {
            None => {
                json!({ "id": m.id, "name": m.name, "ok": true, "state": state_label(Some(to)) })
            }
            Some(why) => json!({ "id": m.id, "name": m.name, "ok": false, "error": why }),
        })
        .collect();
    let done = moved.iter().filter(|m| m.refused.is_none()).count();
    Ok(Json(json!({
        "done": done,
        "refused": moved.len() - done,
        "results": results,
    }))
    .into_response())
}
