//! The JSON API's writes: the same checks as the pages (session cookie, role, unit, workflow
//! state), with the CSRF token in the `X-CSRF-Token` header.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::admin::{UnitForm, UserForm, change_user, create_unit, create_user};
use super::edit::{check_edit, editable, store_edit};
use super::projects::{load_visible, require_full};
use super::workflow::{ActionForm, act, state_label};
use crate::auth::Session;
use crate::edit::ProjectEdit;
use crate::{ApiError, AppState, PageError};

/// The CSRF token an API write carries in its `X-CSRF-Token` header.
pub(crate) fn csrf(headers: &HeaderMap) -> &str {
    headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// A form body that is not a whole [`ProjectEdit`]: refused (400), so a partial body never
/// reads as empty fields that would wipe the project.
fn incomplete(rejection: JsonRejection) -> ApiError {
    ApiError(PageError::BadRequest(format!(
        "表单内容不完整或格式有误，未保存（须含 revision、code、budget_unit、total、fiscal、other、purpose、goals、rows 全部字段）：{}",
        rejection.body_text()
    )))
}

/// The project as the editing form holds it.
pub async fn form(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ProjectEdit>, ApiError> {
    let editable = editable(&state, &headers, &id, None)
        .await
        .map_err(ApiError)?;
    Ok(Json(ProjectEdit::from_project(
        editable.loaded.project(),
        editable.loaded.summary.revision,
    )))
}

/// Saves the form; 422 with every field error, and nothing saved, when any field is wrong.
pub async fn save(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<ProjectEdit>, JsonRejection>,
) -> Result<Response, ApiError> {
    let editable = editable(&state, &headers, &id, Some(csrf(&headers)))
        .await
        .map_err(ApiError)?;
    let Json(edit) = body.map_err(incomplete)?;
    match store_edit(&state, &editable, &edit)
        .await
        .map_err(ApiError)?
    {
        Err(errors) => Ok(field_errors(errors)),
        Ok(saved) => {
            let checked = check_edit(&editable, &edit);
            Ok(Json(
                json!({ "saved": saved, "findings": checked.findings, "score": checked.score }),
            )
            .into_response())
        }
    }
}

pub async fn check(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<ProjectEdit>, JsonRejection>,
) -> Result<Response, ApiError> {
    let editable = editable(&state, &headers, &id, Some(csrf(&headers)))
        .await
        .map_err(ApiError)?;
    let Json(edit) = body.map_err(incomplete)?;
    Ok(Json(check_edit(&editable, &edit)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Action {
    pub comment: String,
    pub rows: Vec<RowNote>,
    /// Submitting: the submitter has read the project's review findings.
    pub confirm: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct RowNote {
    /// The indicator row, counted from 0 as in the project's `indicators`.
    pub row: usize,
    pub comment: String,
}

/// The form an API call stands for: its token from `X-CSRF-Token`, its comment and confirmation.
pub fn api_form(headers: &HeaderMap, comment: String, confirm: bool) -> ActionForm {
    ActionForm {
        csrf: csrf(headers).to_string(),
        comment,
        confirm: if confirm { "yes".into() } else { String::new() },
    }
}

async fn move_project(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    action: &str,
    body: Action,
) -> Result<Response, ApiError> {
    let form = api_form(headers, body.comment, body.confirm);
    let rows: Vec<(usize, String)> = body
        .rows
        .into_iter()
        .filter(|r| !r.comment.trim().is_empty())
        .map(|r| (r.row, r.comment.trim().to_string()))
        .collect();
    let project = act(state, headers, id, &form, action, &rows)
        .await
        .map_err(ApiError)?;
    let to = super::workflow::target_state(action);
    Ok(Json(json!({ "id": project, "state": state_label(Some(to)) })).into_response())
}

/// `POST /api/v1/projects/{id}/revise` with `{"comment": "调整原因"}`.
pub async fn revise(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Option<Json<Action>>,
) -> Result<Response, ApiError> {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let form = api_form(&headers, body.comment, false);
    let project = super::workflow::start_revision(&state, &headers, &id, &form)
        .await
        .map_err(ApiError)?;
    Ok(
        Json(json!({ "id": project, "state": state_label(Some(super::workflow::DRAFT)) }))
            .into_response(),
    )
}

pub async fn submit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Option<Json<Action>>,
) -> Result<Response, ApiError> {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    move_project(&state, &headers, &id, "submit", body).await
}

pub async fn approve(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Option<Json<Action>>,
) -> Result<Response, ApiError> {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    move_project(&state, &headers, &id, "approve", body).await
}

pub async fn send_back(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<Action>,
) -> Result<Response, ApiError> {
    move_project(&state, &headers, &id, "return", body).await
}

/// Every kept version of a project, for reviewers and the project's unit.
pub async fn versions(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (loaded, session, access) = load_visible(&state, &headers, &id)
        .await
        .map_err(ApiError)?;
    require_full(session.as_ref(), access).map_err(ApiError)?;
    let key = loaded.summary.doc_key.clone();
    let versions: Vec<_> = state
        .store
        .versions(&key, &loaded.project().name)
        .await?
        .into_iter()
        .map(|v| json!({ "number": v.number, "at": super::beijing_time(&v.at), "user": v.user_name, "project": v.project }))
        .collect();
    Ok(Json(json!({ "id": loaded.summary.id, "versions": versions })).into_response())
}

async fn admin(state: &AppState, headers: &HeaderMap, write: bool) -> Result<Session, ApiError> {
    let token = write.then(|| csrf(headers));
    super::admin::admin(state, headers, token)
        .await
        .map_err(ApiError)
}

fn created(result: Result<(), Vec<crate::edit::FieldError>>) -> Response {
    match result {
        Ok(()) => StatusCode::CREATED.into_response(),
        Err(errors) => field_errors(errors),
    }
}

/// 422 with every wrong field: nothing was saved.
pub(super) fn field_errors(errors: Vec<crate::edit::FieldError>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "error": "填写有误", "message": "有填写错误，未保存", "errors": errors })),
    )
        .into_response()
}

pub async fn add_user(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Json(form): Json<UserForm>,
) -> Result<Response, ApiError> {
    let session = admin(&state, &headers, true).await?;
    let result = create_user(&state, &session, &form)
        .await
        .map_err(ApiError)?;
    Ok(created(result))
}

/// `PUT /api/v1/users/{id}`: role, unit, and the password when one is given.
pub async fn update_user(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(form): Json<UserForm>,
) -> Result<Response, ApiError> {
    let session = admin(&state, &headers, true).await?;
    let result = change_user(&state, &session, id, &form)
        .await
        .map_err(ApiError)?;
    Ok(match result {
        Ok(()) => Json(json!({ "id": id })).into_response(),
        Err(errors) => field_errors(errors),
    })
}

pub async fn add_unit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Json(form): Json<UnitForm>,
) -> Result<Response, ApiError> {
    let session = admin(&state, &headers, true).await?;
    let result = create_unit(&state, &session, &form)
        .await
        .map_err(ApiError)?;
    Ok(created(result))
}

pub async fn users(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    admin(&state, &headers, false).await?;
    let users: Vec<_> = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| json!({ "id": u.id, "name": u.name, "role": u.role, "unit": u.unit }))
        .collect();
    Ok(Json(json!({ "users": users })).into_response())
}

pub async fn units(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    admin(&state, &headers, false).await?;
    let units: Vec<_> = state
        .store
        .units()
        .await?
        .into_iter()
        .map(|u| json!({ "id": u.id, "name": u.name, "code": u.code }))
        .collect();
    Ok(Json(json!({ "units": units })).into_response())
}
