//! Unit staff start a new project: it joins their unit's document for the year (a new one when
//! there is none) as a draft, and opens in the editing form.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use jixiao_model::{Document, FiscalYear, Project, Unit, YearBasis};
use jixiao_store::{AuditEntry, ImportInput, ImportOutcome, StoreError};
use serde::Deserialize;
use serde_json::json;

use crate::auth::{self, Session};
use crate::edit::{FieldError, message_for};
use crate::{ApiError, AppState, PageError};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewForm {
    pub csrf: String,
    pub year: String,
    pub name: String,
    pub code: String,
}

#[derive(Template)]
#[template(path = "new_project.html")]
struct NewPage {
    csrf: String,
    unit: String,
    form: NewForm,
    errors: Vec<FieldError>,
}

impl NewPage {
    pub fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

async fn staff(
    state: &AppState,
    headers: &HeaderMap,
    csrf: Option<&str>,
) -> Result<Session, PageError> {
    auth::require_unit_staff(state, headers, csrf, "只有单位填报员可以新建本单位的项目").await
}

fn render(session: &Session, form: NewForm, errors: Vec<FieldError>) -> Result<String, PageError> {
    Ok(NewPage {
        csrf: session.csrf.clone(),
        unit: session.user.unit.clone().unwrap_or_default(),
        form,
        errors,
    }
    .render()?)
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let session = staff(&state, &headers, None).await?;
    Ok(Html(render(&session, NewForm::default(), Vec::new())?))
}

fn check(form: &NewForm) -> Result<u16, Vec<FieldError>> {
    let mut errors = Vec::new();
    let year = super::parse_year(&form.year).filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        errors.push(FieldError {
            field: "year".into(),
            message: format!("“{}”不是 2000 到 2100 之间的年度", form.year.trim()),
        });
    }
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError {
            field: "name".into(),
            message: "项目名称须为 1 到 100 个字符".into(),
        });
    }
    match year {
        Some(year) if errors.is_empty() => Ok(year),
        _ => Err(errors),
    }
}

pub async fn create(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<NewForm>,
) -> Result<Response, PageError> {
    let session = staff(&state, &headers, Some(&form.csrf)).await?;
    match create_project(&state, &session, &form).await? {
        Ok(id) => Ok(Redirect::to(&format!("/projects/{id}/edit")).into_response()),
        Err(errors) => {
            let page = render(&session, form, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response())
        }
    }
}

/// `POST /api/v1/projects` with `{"year": "2025", "name": "…", "code": "…"}`: 201 with the new
/// draft's id, or 422 with every field error.
pub async fn api(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Json(form): Json<NewForm>,
) -> Result<Response, ApiError> {
    let csrf = super::api_write::csrf(&headers);
    let session = staff(&state, &headers, Some(csrf))
        .await
        .map_err(ApiError)?;
    Ok(
        match create_project(&state, &session, &form)
            .await
            .map_err(ApiError)?
        {
            Ok(id) => (StatusCode::CREATED, Json(json!({ "id": id }))).into_response(),
            Err(errors) => super::api_write::field_errors(errors),
        },
    )
}

/// A new draft in the unit's document of the year, when every field is right.
async fn create_project(
    state: &AppState,
    session: &Session,
    form: &NewForm,
) -> Result<Result<i64, Vec<FieldError>>, PageError> {
    let year = match check(form) {
        Ok(year) => year,
        Err(errors) => return Ok(Err(errors)),
    };
    let unit = session.user.unit.as_deref().unwrap_or_default().trim();
    let code = session.user.unit_code.as_deref();
    let document_id = match state.store.unit_document(unit, code, year).await? {
        Some(id) => id,
        None => new_document(state, unit, code, year).await?,
    };
    let code = form.code.trim();
    let project = Project {
        name: form.name.trim().to_string(),
        code: (!code.is_empty()).then(|| code.to_string()),
        ..Project::default()
    };
    let audit = AuditEntry {
        at: String::new(),
        user_name: session.user.name.clone(),
        action: "create".into(),
        detail: format!("新建项目（{year}年）"),
    };
    match state.store.add_project(document_id, &project, &audit).await {
        Ok(id) => Ok(Ok(id)),
        Err(StoreError::Duplicate(message)) => Ok(Err(vec![FieldError {
            field: "name".into(),
            message,
        }])),
        Err(other) => Err(other.into()),
    }
}

async fn new_document(
    state: &AppState,
    unit: &str,
    code: Option<&str>,
    year: u16,
) -> Result<i64, PageError> {
    let document = Document {
        unit: Unit {
            code: code.map(str::to_string),
            name: Some(unit.to_string()),
            basis: "网页填报".into(),
        },
        fiscal_year: FiscalYear {
            year: Some(year),
            basis: YearBasis::Stated,
            evidence: Vec::new(),
        },
        ..Document::default()
    };
    let digest = format!("web-{}", auth::now());
    let input = ImportInput {
        source_name: "网页填报",
        content_sha256: &digest,
        document: &document,
        diagnostics: &[],
    };
    Ok(match state.store.import(&input).await? {
        ImportOutcome::New(id) | ImportOutcome::Replaced(id) | ImportOutcome::Unchanged(id) => id,
    })
}
