//! Unit staff edit a draft or returned project in a form that mirrors the official table;
//! findings show beside the rows on save, and as they type (`/check`, called by the page's script).

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Json, Redirect, Response};
use jixiao_model::{Document, Level1Kind, Level2Kind};
use jixiao_review::Finding;
use jixiao_store::{AuditEntry, RowComment, StoreError};
use serde::{Deserialize, Serialize};

use super::projects::{Loaded, load};
use super::workflow::{self, DRAFT, RETURNED};
use crate::auth::{self, Session};
use crate::edit::{Applied, COMPARATORS, FieldError, ProjectEdit, RowEdit, changes, message_for};
use crate::{AppState, PageError};

/// Empty rows offered below the table for new indicators (the script adds more).
const SPARE_ROWS: usize = 2;

/// A project unit staff may edit now: their unit's, and a draft or returned.
pub struct Editable {
    pub loaded: Loaded,
    pub session: Session,
}

pub async fn editable(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    csrf: Option<&str>,
) -> Result<Editable, PageError> {
    let session = auth::require(state, headers, csrf).await?;
    let loaded = load(state, id).await?;
    let unit = &loaded.document.unit;
    if !session.owns(unit.code.as_deref(), unit.name.as_deref()) {
        return Err(PageError::Forbidden("只能修改本单位的项目".into()));
    }
    let current = state
        .store
        .workflow_state(&loaded.summary.doc_key, &loaded.project().name)
        .await?;
    if !matches!(current.as_deref(), Some(DRAFT | RETURNED)) {
        return Err(PageError::Conflict(format!(
            "项目当前为“{}”，只有草稿或已退回的项目可以修改",
            workflow::state_label(current.as_deref())
        )));
    }
    Ok(Editable { loaded, session })
}

/// One finding as the page and the check endpoint show it; `row` is the form row.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub row: Option<usize>,
    pub severity: String,
    pub message: String,
}

/// Reviews the document with `applied` in place of the project; findings point at form rows.
fn review_edit(document: &Document, position: usize, applied: &Applied) -> (Vec<Shown>, u32) {
    let mut document = document.clone();
    document.projects[position] = applied.project.clone();
    let report = jixiao_review::review(&document);
    let shown = report
        .findings
        .iter()
        .filter(|f: &&Finding| f.location.project == Some(position))
        .map(|f| Shown {
            row: f
                .location
                .indicator
                .and_then(|i| applied.form_rows.get(i).copied()),
            severity: f.severity.label().to_string(),
            message: f.message.clone(),
        })
        .collect();
    let score = report.scores.get(position).map_or(0, |s| s.score);
    (shown, score)
}

pub struct RowView {
    pub number: usize,
    pub row: RowEdit,
    pub source: String,
    pub errors: Vec<FieldError>,
    pub findings: Vec<Shown>,
    pub comments: Vec<RowComment>,
    /// The same row last year: `上年 ≥95%，完成 96%` ("" where there is none).
    pub last_year: String,
}

impl RowView {
    /// The message for one of this row's fields (`value`, `level1`, …), or nothing.
    pub fn error(&self, field: &str) -> String {
        let wanted = format!("rows.{}.{field}", self.number);
        message_for(&self.errors, &wanted)
    }
}

#[derive(Template)]
#[template(path = "edit.html")]
struct EditPage {
    id: i64,
    name: String,
    unit: String,
    year: String,
    state: String,
    csrf: String,
    edit: ProjectEdit,
    errors: Vec<FieldError>,
    rows: Vec<RowView>,
    level1s: Vec<&'static str>,
    level2s: Vec<&'static str>,
    comparators: Vec<&'static str>,
    project_findings: Vec<Shown>,
    project_comments: Vec<RowComment>,
    score: u32,
    notice: String,
    /// The notice's class: `notice` after a save, `refused` when nothing was saved.
    notice_class: &'static str,
}

impl EditPage {
    pub fn error(&self, field: &str) -> String {
        message_for(&self.errors, field)
    }
}

/// The latest batch of reviewer comments (those of the last return).
fn latest_comments(mut comments: Vec<RowComment>) -> Vec<RowComment> {
    let latest = comments.iter().map(|c| c.at.clone()).max();
    comments.retain(|c| Some(&c.at) == latest.as_ref());
    comments
}

async fn render(
    state: &AppState,
    editable: &Editable,
    mut edit: ProjectEdit,
    errors: Vec<FieldError>,
    notice: &str,
) -> Result<String, PageError> {
    let loaded = &editable.loaded;
    let project = loaded.project();
    let comments = latest_comments(
        state
            .store
            .row_comments(&editable.loaded.summary.doc_key, &project.name)
            .await?,
    );
    // A form that does not apply keeps the findings and score of what is stored, on its rows.
    let applied = edit.apply(project).unwrap_or_else(|_| Applied {
        project: project.clone(),
        form_rows: (0..project.indicators.len())
            .map(|i| {
                edit.rows
                    .iter()
                    .position(|r| r.source == Some(i))
                    .unwrap_or(i)
            })
            .collect(),
    });
    let (findings, score) = review_edit(&loaded.document, loaded.position, &applied);
    // The spare rows a refused form sent back are not rows: the page adds its own.
    while edit
        .rows
        .last()
        .is_some_and(|r| r.source.is_none() && r.is_empty())
    {
        edit.rows.pop();
    }
    let last_year = crate::last_year::of(&state.store, &loaded.document, project).await?;
    let beside = |source: Option<usize>| -> String {
        let Some(b) = last_year
            .as_ref()
            .zip(source)
            .and_then(|(l, at)| l.rows.get(at))
            .and_then(Option::as_ref)
        else {
            return String::new();
        };
        let noted: Vec<&str> = last_year
            .iter()
            .flat_map(|l| &l.notices)
            .filter(|(row, _)| *row == source)
            .map(|(_, m)| m.as_str())
            .collect();
        let beside = match &b.actual {
            Some(actual) => format!("上年 {}，完成 {actual}", b.target),
            None => format!("上年 {}", b.target),
        };
        if noted.is_empty() {
            beside
        } else {
            format!("{beside}【提示】{}", noted.join("；"))
        }
    };
    let mut rows = edit.rows.clone();
    rows.extend((0..SPARE_ROWS).map(|_| RowEdit::default()));
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(number, row)| RowView {
            number,
            source: row.source.map(|s| s.to_string()).unwrap_or_default(),
            errors: errors
                .iter()
                .filter(|e| e.field.starts_with(&format!("rows.{number}.")))
                .cloned()
                .collect(),
            findings: findings
                .iter()
                .filter(|f| f.row == Some(number))
                .cloned()
                .collect(),
            comments: comments
                .iter()
                .filter(|c| c.row.is_some() && c.label == row.name && !row.name.is_empty())
                .cloned()
                .collect(),
            last_year: beside(row.source),
            row,
        })
        .collect();
    let errors_shown = !errors.is_empty();
    let page = EditPage {
        id: loaded.summary.id,
        name: project.name.clone(),
        unit: loaded.document.unit.name.clone().unwrap_or_default(),
        year: super::year_label(loaded.document.fiscal_year.year),
        state: workflow::state_label(
            state
                .store
                .workflow_state(&editable.loaded.summary.doc_key, &project.name)
                .await?
                .as_deref(),
        )
        .to_string(),
        csrf: editable.session.csrf.clone(),
        edit,
        errors,
        rows,
        level1s: Level1Kind::ALL.iter().map(|k| k.canonical_name()).collect(),
        level2s: Level2Kind::ALL.iter().map(|k| k.canonical_name()).collect(),
        comparators: COMPARATORS.to_vec(),
        project_findings: findings.into_iter().filter(|f| f.row.is_none()).collect(),
        project_comments: comments.into_iter().filter(|c| c.row.is_none()).collect(),
        score,
        notice: notice.to_string(),
        notice_class: if errors_shown { "refused" } else { "notice" },
    };
    Ok(page.render()?)
}

#[derive(Deserialize)]
pub struct EditQuery {
    saved: Option<String>,
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<EditQuery>,
) -> Result<Html<String>, PageError> {
    let editable = editable(&state, &headers, &id, None).await?;
    let edit =
        ProjectEdit::from_project(editable.loaded.project(), editable.loaded.summary.revision);
    let notice = match query.saved.as_deref() {
        Some("1") => "已保存。审核意见已按保存的内容更新。",
        Some(_) => "没有修改，未保存新版本。",
        None => "",
    };
    Ok(Html(
        render(&state, &editable, edit, Vec::new(), notice).await?,
    ))
}

/// Saves the form: every field checked first, and nothing saved while any is wrong.
pub async fn save(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let editable = editable(&state, &headers, &id, Some(super::field(&pairs, "csrf"))).await?;
    let edit = ProjectEdit::from_form(&pairs);
    let saved = store_edit(&state, &editable, &edit).await?;
    match saved {
        Err(errors) => {
            let page = render(
                &state,
                &editable,
                edit,
                errors,
                "有填写错误，未保存：请按标红的提示修改。",
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response())
        }
        Ok(changed) => Ok(Redirect::to(&format!(
            "/projects/{}/edit?saved={}",
            editable.loaded.summary.id,
            u8::from(changed)
        ))
        .into_response()),
    }
}

/// Applies and stores an edit; `Ok(false)` when nothing changed, the field errors when any.
pub async fn store_edit(
    state: &AppState,
    editable: &Editable,
    edit: &ProjectEdit,
) -> Result<Result<bool, Vec<FieldError>>, PageError> {
    let original = editable.loaded.project();
    if edit.revision < 0 {
        return Err(PageError::BadRequest(
            "表单缺少版本号（revision），未保存：请重新打开编辑页面".into(),
        ));
    }
    let applied = match edit.apply(original) {
        Ok(applied) => applied,
        Err(errors) => return Ok(Err(errors)),
    };
    let said = changes(original, &applied.project);
    let stale = |read_at: i64, revision: i64| {
        let differences = if said.is_empty() {
            "无".to_string()
        } else {
            said.join("；")
        };
        PageError::Conflict(format!(
            "项目在您打开后已被他人保存（您打开的是第 {read_at} 版，现为第 {revision} 版），未保存。\
             您的表单与现在保存的内容的不同之处：{differences}。请重新打开编辑页面，在最新内容上修改。"
        ))
    };
    if edit.revision != editable.loaded.summary.revision {
        return Err(stale(edit.revision, editable.loaded.summary.revision));
    }
    if said.is_empty() && applied.project == *original {
        return Ok(Ok(false));
    }
    let audit = AuditEntry {
        at: String::new(),
        user_name: editable.session.user.name.clone(),
        action: "edit".into(),
        detail: if said.is_empty() {
            "修改".into()
        } else {
            said.join("；")
        },
    };
    state
        .store
        .update_project(
            editable.loaded.summary.id,
            edit.revision,
            &applied.project,
            &audit,
            &[DRAFT, RETURNED],
        )
        .await
        .map_err(|e| match e {
            StoreError::StateChanged(now) => PageError::Conflict(format!(
                "项目刚被改为“{}”，未保存",
                workflow::state_label(Some(&now))
            )),
            StoreError::Stale { read_at, revision } => stale(read_at, revision),
            other => other.into(),
        })?;
    Ok(Ok(true))
}

#[derive(Serialize)]
pub struct CheckResult {
    pub errors: Vec<FieldError>,
    pub findings: Vec<Shown>,
    pub score: Option<u32>,
}

/// What saving the form now would say, without saving: field errors, or the review's findings.
pub async fn check(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Json<CheckResult>, PageError> {
    let editable = editable(&state, &headers, &id, Some(super::field(&pairs, "csrf"))).await?;
    let edit = ProjectEdit::from_form(&pairs);
    let mut result = check_edit(&editable, &edit);
    if result.score.is_some()
        && let Ok(applied) = edit.apply(editable.loaded.project())
    {
        let (catalogue, _) = crate::library::current(&state).await?;
        let noted = catalogue.unusual_values(&applied.project).into_iter();
        for (at, message) in noted.chain(catalogue.unusual_costs(&applied.project)) {
            result.findings.push(Shown {
                row: applied.form_rows.get(at).copied(),
                severity: jixiao_review::Severity::Notice.label().to_string(),
                message,
            });
        }
    }
    Ok(Json(result))
}

pub fn check_edit(editable: &Editable, edit: &ProjectEdit) -> CheckResult {
    let loaded = &editable.loaded;
    match edit.apply(loaded.project()) {
        Ok(applied) => {
            let (findings, score) = review_edit(&loaded.document, loaded.position, &applied);
            CheckResult {
                errors: Vec::new(),
                findings,
                score: Some(score),
            }
        }
        Err(errors) => CheckResult {
            errors,
            findings: Vec::new(),
            score: None,
        },
    }
}
