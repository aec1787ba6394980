//! Unit staff upload a .docx/.xlsx/.txt of their own unit, from the page (multipart, with a
//! progress bar) or the API (the file as the body): every project in it becomes a draft.
//! What the recogniser said about the file (its diagnostics, with their lines) comes back with
//! it: the page goes on to `/my?document=ID`, which lists them next to the file; the API's
//! answer carries them as `diagnostics`.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jixiao_model::{Diagnostic, Severity};
use jixiao_store::{DraftImport, ImportInput, ImportOutcome, StoreError};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::sync::OwnedSemaphorePermit;

use super::workflow::{my_page, state_label};
use crate::auth::{self, Session};
use crate::{ApiError, AppState, PageError};

/// The largest file taken, page or API.
pub const UPLOAD_LIMIT: usize = 32 * 1024 * 1024;
/// Uploads read and parsed at once; more are refused (503) until one ends.
pub const UPLOADS_AT_ONCE: usize = 4;

fn too_large() -> (StatusCode, String) {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("文件超过 {} MB，未上传", UPLOAD_LIMIT / (1024 * 1024)),
    )
}

/// Why an upload was refused, and the status that says so.
type Refusal = (StatusCode, String);

/// What an upload brought in: its document, what became of each project it names, and what
/// was said about it.
struct Uploaded {
    doc_key: String,
    document_id: i64,
    import: DraftImport,
    diagnostics: Vec<Diagnostic>,
}

/// The result of an upload as the unit's page shows it: the file and its diagnostics.
pub struct UploadReport {
    pub source: String,
    /// `3 个项目成为草稿，21 个与已存的相同`, when the upload just happened.
    pub summary: String,
    /// Projects under review the upload did not overwrite.
    pub skipped: Vec<String>,
    pub diagnostics: Vec<DiagnosticRow>,
    pub errors: usize,
    pub warnings: usize,
}

/// One diagnostic on the page: 严重程度 (also its CSS class, errors in red), 行号, message.
pub struct DiagnosticRow {
    pub severity: &'static str,
    pub line: usize,
    pub message: String,
}

impl UploadReport {
    /// The report of the stored document `id`, when it is the session's unit's (else nothing:
    /// an id in the address shows no other unit's file).
    pub async fn of_document(
        state: &AppState,
        session: &Session,
        id: i64,
    ) -> Result<Option<UploadReport>, PageError> {
        let Some(stored) = state.store.document(id).await? else {
            return Ok(None);
        };
        let unit = &stored.document.unit;
        if !session.owns(unit.code.as_deref(), unit.name.as_deref()) {
            return Ok(None);
        }
        let count = |severity| {
            stored
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        Ok(Some(UploadReport {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            diagnostics: stored
                .diagnostics
                .iter()
                .map(|d| DiagnosticRow {
                    severity: d.severity.label(),
                    line: d.line,
                    message: d.message.clone(),
                })
                .collect(),
            source: stored.source_name,
            summary: String::new(),
            skipped: Vec::new(),
        }))
    }
}

/// `POST /upload?csrf=…`: the session and the form token (in the address, so it is known before
/// the body) are checked before a byte of the file is read.
pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(token): Query<TokenQuery>,
    request: Request,
) -> Result<Response, PageError> {
    let session = staff(&state, &headers, Some(token.csrf.as_str())).await?;
    let Ok(slot) = state.uploads.clone().try_acquire_owned() else {
        return refused_page(&state, &session, busy()).await;
    };
    let multipart = match Multipart::from_request(request, &state).await {
        Ok(multipart) => multipart,
        Err(rejection) => {
            let refusal = (
                StatusCode::BAD_REQUEST,
                format!("上传内容无法读取：{}", rejection.body_text()),
            );
            return refused_page(&state, &session, refusal).await;
        }
    };
    let file = match read_form(multipart).await {
        Ok(file) => file,
        Err(refusal) => return refused_page(&state, &session, refusal).await,
    };
    match import_upload(&state, &session, file, slot).await? {
        Ok(uploaded) => {
            let ids = state.store.project_ids_in(uploaded.document_id).await?;
            let skipped: Vec<String> = ids
                .iter()
                .filter(|(name, _)| uploaded.import.skipped.contains(name))
                .map(|(_, id)| id.to_string())
                .collect();
            Ok(Redirect::to(&format!(
                "/my?document={}&drafted={}&unchanged={}&skipped={}",
                uploaded.document_id,
                uploaded.import.drafted.len(),
                uploaded.import.unchanged.len(),
                skipped.join(",")
            ))
            .into_response())
        }
        Err(refusal) => refused_page(&state, &session, refusal).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenQuery {
    pub csrf: String,
}

fn busy() -> Refusal {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        format!("服务器正在处理其他 {UPLOADS_AT_ONCE} 个上传，请稍后重试"),
    )
}

async fn refused_page(
    state: &AppState,
    session: &Session,
    (status, message): Refusal,
) -> Result<Response, PageError> {
    let page = my_page(state, session, message, None).await?;
    Ok((status, Html(page)).into_response())
}

async fn read_form(mut multipart: Multipart) -> Result<Option<(String, Vec<u8>)>, Refusal> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            (StatusCode::BAD_REQUEST, format!("上传内容无法读取：{e}"))
        }
    };
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            let bytes = field.bytes().await.map_err(unreadable)?;
            file = Some((name, bytes.to_vec()));
        }
    }
    Ok(file)
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
    body: Body,
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
            StatusCode::SERVICE_UNAVAILABLE => PageError::Busy(message),
            _ => PageError::BadRequest(message),
        })
    };
    let Ok(slot) = state.uploads.clone().try_acquire_owned() else {
        return Err(refuse(busy()));
    };
    let body = match axum::body::to_bytes(body, UPLOAD_LIMIT).await {
        Ok(body) => body,
        Err(error) => {
            let too_long = std::error::Error::source(&error)
                .is_some_and(|cause| cause.is::<http_body_util::LengthLimitError>());
            return Err(refuse(if too_long {
                too_large()
            } else {
                (
                    StatusCode::BAD_REQUEST,
                    format!("上传内容无法读取：{error}"),
                )
            }));
        }
    };
    let name = match query.name.trim() {
        "" => "upload".to_string(),
        name => name.to_string(),
    };
    let uploaded = import_upload(&state, &session, Some((name, body.to_vec())), slot)
        .await
        .map_err(ApiError)?
        .map_err(refuse)?;
    let import = &uploaded.import;
    let mut projects = Vec::new();
    for name in import
        .drafted
        .iter()
        .chain(&import.unchanged)
        .chain(&import.skipped)
    {
        if let Some(summary) = state.store.project_by_key(&uploaded.doc_key, name).await? {
            let now = state.store.workflow_state(&uploaded.doc_key, name).await?;
            projects.push(
                json!({ "id": summary.id, "name": name, "state": state_label(now.as_deref()) }),
            );
        }
    }
    let status = if import.drafted.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(json!({
            "document": uploaded.doc_key,
            "projects": projects,
            "drafted": import.drafted,
            "unchanged": import.unchanged,
            "skipped": import.skipped,
            "diagnostics": uploaded.diagnostics,
        })),
    )
        .into_response())
}

/// Whether the file's printed unit and the document it would land in are the session's, by the
/// one ownership rule ([`Session::owns`]); the refusal names both sides.
async fn check_owner(
    state: &AppState,
    session: &Session,
    name: &str,
    document: &jixiao_model::Document,
) -> Result<Result<(), Refusal>, PageError> {
    let refuse = |message: String| Ok(Err((StatusCode::FORBIDDEN, message)));
    let unit = &document.unit;
    let printed = match (unit.code.as_deref(), unit.name.as_deref()) {
        (None, None) => {
            return refuse(format!(
                "{name} 中没有单位名称或单位编码，无法确认是本单位的文件"
            ));
        }
        (code, name) => identity(code, name),
    };
    let mine = session.unit_label();
    if !session.owns(unit.code.as_deref(), unit.name.as_deref()) {
        return refuse(format!(
            "{name} 印的单位是{printed}，不是本单位的文件（您登记的单位是“{mine}”），未上传"
        ));
    }
    if let Some(code) = unit.code.as_deref()
        && let Some(holder) = state.store.unit_by_code(code).await?
        && Some(holder.name.as_str()) != session.user.unit.as_deref()
    {
        return refuse(format!(
            "{name} 印的单位编码 {code} 已登记给“{}”，不是本单位的文件（您登记的单位是“{mine}”），未上传",
            holder.name
        ));
    }
    let key = jixiao_store::document_key(document, name);
    if let Some((code, stored_name)) = state.store.document_unit(&key).await?
        && !session.owns(code.as_deref(), stored_name.as_deref())
    {
        return refuse(format!(
            "{name} 印的单位是{printed}，但会落入已存的{}的文件，不是本单位的文件（您登记的单位是“{mine}”），未上传",
            identity(code.as_deref(), stored_name.as_deref())
        ));
    }
    Ok(Ok(()))
}

/// `“乐亭县人民政府办公室本级”（单位编码 434001）`, as messages name a unit.
fn identity(code: Option<&str>, name: Option<&str>) -> String {
    match (code, name) {
        (Some(code), Some(name)) => format!("“{name}”（单位编码 {code}）"),
        (None, Some(name)) => format!("“{name}”"),
        (Some(code), None) => format!("单位编码 {code}"),
        (None, None) => "（无）".into(),
    }
}

/// Imports an uploaded file of the session's unit, every project a draft; or says why not.
async fn import_upload(
    state: &AppState,
    session: &Session,
    file: Option<(String, Vec<u8>)>,
    slot: OwnedSemaphorePermit,
) -> Result<Result<Uploaded, Refusal>, PageError> {
    let refuse = |status, message: String| Ok(Err((status, message)));
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(StatusCode::BAD_REQUEST, "请选择要上传的文件".into());
    };
    let digest = sha256_hex(&bytes);
    let parsed = match state.parser.parse(bytes, slot, state.parse_budget).await {
        Ok(parsed) => parsed,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, format!("{name}：{why}")),
    };
    if let Err(refusal) = check_owner(state, session, &name, &parsed.document).await? {
        return Ok(Err(refusal));
    }
    if parsed.document.projects.is_empty() {
        let message = format!("{name} 中没有识别出项目绩效目标表");
        return refuse(StatusCode::BAD_REQUEST, message);
    }
    let input = ImportInput {
        source_name: &name,
        content_sha256: &digest,
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    match state.store.import_drafts(&input, &session.user.name).await {
        Ok(import) => {
            let (ImportOutcome::New(id)
            | ImportOutcome::Unchanged(id)
            | ImportOutcome::Replaced(id)) = import.outcome;
            Ok(Ok(Uploaded {
                doc_key: jixiao_store::document_key(&parsed.document, &name),
                document_id: id,
                import,
                diagnostics: parsed.diagnostics,
            }))
        }
        Err(StoreError::Conflict(why)) => refuse(StatusCode::CONFLICT, format!("{name}：{why}")),
        Err(other) => Err(other.into()),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
