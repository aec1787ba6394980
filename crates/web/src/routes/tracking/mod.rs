//! 运行监控 and 绩效自评 on the web: the unit fills the 监控表 or 自评表 of a published project,
//! checks the lights or the score, and submits; the reviewer confirms or returns each record.
//! The engine is the one `jixiao monitor` and `jixiao evaluate` use, and the form's cells are
//! named by the fill-in template's columns (`r3.截至监控期完成值`), so a form and a filled
//! template are read by the same code (`jixiao_evaluate::monitor_progress`).

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use jixiao_evaluate::{
    BANDS, CAUSES, Date, LIKELIHOODS, MONITOR_COLUMNS, MonitorInput, MonitorReport, ReversePolicy,
    SELF_EVALUATION_COLUMNS, SelfEvalInput, SelfEvalReport, SheetRow, evaluate, monitor,
    monitor_progress, parse_amount_yuan, self_evaluation_actuals, template_rows,
};
use jixiao_store::{EvaluationKind, EvaluationRecord, RoundState, TaskKind};
use serde::Serialize;

use super::field;
use super::projects::{Access, Loaded, load_visible};
use super::upload::TokenQuery;
use super::workflow::APPROVED;
use crate::auth::Session;
use crate::{AppState, PageError};

mod form;
mod record;
mod sheet;

use form::handle;
pub use form::post;
pub use record::{decide, download, record_page};
pub use sheet::{SHEET_LIMIT, sheet, template};

/// Which record a route serves, as a type, so that one handler serves both (`page::<Monitor>`).
pub trait Kind: Send + Sync + 'static {
    const KIND: EvaluationKind;
}

pub struct Monitor;
pub struct Evaluation;

impl Kind for Monitor {
    const KIND: EvaluationKind = EvaluationKind::Monitor;
}

impl Kind for Evaluation {
    const KIND: EvaluationKind = EvaluationKind::SelfEvaluation;
}

/// The routes of one kind under `/projects/{id}/monitor` or `/projects/{id}/evaluation`.
pub fn routes<K: Kind>(router: Router<Arc<AppState>>) -> Router<Arc<AppState>> {
    let base = format!("/projects/{{id}}/{}", K::KIND.code());
    router
        .route(&base, get(page::<K>).post(post::<K>))
        .route(&format!("{base}/template.xlsx"), get(template::<K>))
        .route(
            &format!("{base}/sheet"),
            axum::routing::post(sheet::<K>).layer(DefaultBodyLimit::max(SHEET_LIMIT)),
        )
        .route(&format!("{base}/{{record}}"), get(record_page::<K>))
        .route(
            &format!("{base}/{{record}}/decide"),
            axum::routing::post(decide::<K>),
        )
        .route(&format!("{base}/{{record}}/{{file}}"), get(download::<K>))
}

#[derive(Template)]
#[template(path = "tracking.html")]
struct TrackingPage {
    id: i64,
    kind: &'static str,
    title: &'static str,
    name: String,
    unit: String,
    year: String,
    budget: String,
    csrf: String,
    /// The unit may fill the form (its own published project).
    fillable: bool,
    why_not: String,
    cutoff: String,
    spent: String,
    forecast: String,
    executed: String,
    adjusted: String,
    rows: Vec<RowView>,
    errors: Vec<String>,
    /// What the last check found: the spending light or the total, a line each.
    summary: Vec<(String, String)>,
    history: Vec<RecordLine>,
    likelihoods: &'static [&'static str],
    causes: &'static [&'static str],
    bands: &'static [&'static str],
}

/// One indicator of the form, with what was typed and what the check said.
#[derive(Default)]
struct RowView {
    index: usize,
    level1: String,
    level2: String,
    name: String,
    target: String,
    reached: String,
    forecast: String,
    likelihood: String,
    causes: Vec<String>,
    note: String,
    rectification: String,
    actual: String,
    band: String,
    percent: String,
    reason: String,
    measure: String,
    verdict: String,
    verdict_class: &'static str,
    explanation: String,
}

impl RowView {
    fn has_cause(&self, cause: &str) -> bool {
        self.causes.iter().any(|c| c == cause)
    }
}

struct RecordLine {
    id: i64,
    headline: String,
    verdict: String,
    state: &'static str,
    recorded_by: String,
    at: String,
    decision: String,
}

/// The form's name, as its page and downloads title it.
fn title_of(kind: EvaluationKind) -> &'static str {
    match kind {
        EvaluationKind::Monitor => "绩效运行监控",
        EvaluationKind::SelfEvaluation => "绩效自评",
    }
}

fn label<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn light_class(label: &str) -> &'static str {
    match label {
        "红灯" | "差" => "error",
        "黄灯" | "中" => "warning",
        _ => "ok",
    }
}

/// A project the viewer may see in full (its unit or a reviewer), with the session.
async fn load_full(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<(Loaded, Session), PageError> {
    let (loaded, session, access) = load_visible(state, headers, id).await?;
    match (session, access) {
        (Some(session), Access::Full) => Ok((loaded, session)),
        (None, _) => Err(PageError::LoginRequired),
        (Some(_), _) => Err(PageError::Forbidden(
            "只有本单位和审核员可以查看监控和自评".into(),
        )),
    }
}

/// Why the session may not fill the form of this project, if it may not.
fn may_fill(loaded: &Loaded, session: &Session) -> Option<String> {
    let unit = &loaded.document.unit;
    if !session.owns(unit.code.as_deref(), unit.name.as_deref()) {
        return Some("只有本单位的填报员可以填报".into());
    }
    if loaded.state.as_deref().is_some_and(|s| s != APPROVED) {
        return Some("项目的绩效目标尚未审核通过（公开），还不能填报监控或自评".into());
    }
    None
}

fn rows_of(loaded: &Loaded) -> Vec<RowView> {
    loaded
        .project()
        .indicators
        .iter()
        .enumerate()
        .map(|(index, indicator)| RowView {
            index,
            level1: indicator.level1.raw.clone(),
            level2: indicator.level2.raw.clone(),
            name: indicator.name.clone(),
            target: indicator.target.raw.trim().to_string(),
            ..RowView::default()
        })
        .collect()
}

/// The form's cells of row `index` as a row of the fill-in sheet; several 偏差原因 boxes are joined.
fn sheet_row(pairs: &[(String, String)], index: usize) -> SheetRow {
    let prefix = format!("r{index}.");
    let mut row = SheetRow::new();
    row.insert("序号".into(), (index + 1).to_string());
    for (key, value) in pairs {
        let Some(column) = key.strip_prefix(&prefix) else {
            continue;
        };
        row.entry(column.to_string())
            .and_modify(|v: &mut String| {
                v.push('、');
                v.push_str(value);
            })
            .or_insert_with(|| value.clone());
    }
    row
}

fn fill_back(rows: &mut [RowView], pairs: &[(String, String)]) {
    for row in rows.iter_mut() {
        let cells = sheet_row(pairs, row.index);
        let get = |c: &str| cells.get(c).cloned().unwrap_or_default();
        row.reached = get("截至监控期完成值");
        row.forecast = get("全年预计完成值");
        row.likelihood = get("完成目标可能性");
        row.causes = get("偏差原因")
            .split('、')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        row.note = get("偏差原因说明");
        row.rectification = get("整改措施");
        row.actual = get("实际完成值");
        row.band = get("完成档次");
        row.percent = get("档次内得分比例");
        row.reason = get("偏差原因");
        row.measure = get("改进措施");
    }
}

fn show_monitor(rows: &mut [RowView], report: &MonitorReport) -> Vec<(String, String)> {
    for verdict in &report.indicators {
        if let Some(row) = rows.get_mut(verdict.indicator) {
            row.verdict = label(&verdict.light);
            row.verdict_class = light_class(&row.verdict);
            row.explanation = verdict.reason.clone();
        }
    }
    let spending = label(&report.spending_light);
    vec![
        (
            format!("项目：{}", label(&report.light())),
            light_class(&label(&report.light())).to_string(),
        ),
        (
            format!("支出进度：{spending}，{}", report.spending_reason),
            light_class(&spending).to_string(),
        ),
    ]
}

fn show_evaluation(rows: &mut [RowView], report: &SelfEvalReport) -> Vec<(String, String)> {
    for score in &report.indicators {
        if let Some(row) = rows.get_mut(score.indicator) {
            row.verdict = format!("{} / {} 分", score.score, score.weight);
            row.verdict_class = if score.score >= score.weight {
                "ok"
            } else {
                "warning"
            };
            row.explanation = score.policy.clone();
        }
    }
    let grade = label(&report.grade);
    vec![
        (
            format!("总分 {} 分，{grade}", report.total),
            light_class(&grade).to_string(),
        ),
        (
            format!(
                "预算执行率 {}%：{} / {} 分",
                report.execution_rate, report.budget_score, report.budget_weight
            ),
            String::new(),
        ),
    ]
}

fn record_line(record: &EvaluationRecord) -> RecordLine {
    RecordLine {
        id: record.id,
        headline: record.headline.clone(),
        verdict: record.verdict.clone(),
        state: record.state.label(),
        recorded_by: record.recorded_by.clone(),
        at: super::beijing_time(&record.recorded_at),
        decision: match (&record.decided_by, &record.decision_note) {
            (Some(by), Some(note)) => format!("{by}：{note}"),
            (Some(by), None) => by.clone(),
            _ => String::new(),
        },
    }
}

async fn page_of(
    state: &AppState,
    kind: EvaluationKind,
    loaded: &Loaded,
    session: &Session,
) -> Result<TrackingPage, PageError> {
    let project = loaded.project();
    let year = loaded.document.fiscal_year.year;
    let records = state
        .store
        .evaluations(kind, &loaded.summary.doc_key, Some(&project.name))
        .await?;
    let why_not = may_fill(loaded, session);
    let cutoff = match (kind, year) {
        (EvaluationKind::Monitor, Some(year)) => open_cutoff(state, session, year)
            .await?
            .unwrap_or_else(|| format!("{year}-07-31")),
        _ => String::new(),
    };
    let (kind_code, title) = (kind.code(), title_of(kind));
    Ok(TrackingPage {
        id: loaded.summary.id,
        kind: kind_code,
        title,
        name: project.name.clone(),
        unit: loaded.document.unit.name.clone().unwrap_or_default(),
        year: super::year_label(year),
        budget: super::money(project.budget.total_yuan, project.budget.unit),
        csrf: session.csrf.clone(),
        fillable: why_not.is_none(),
        why_not: why_not.unwrap_or_default(),
        cutoff,
        spent: String::new(),
        forecast: String::new(),
        executed: String::new(),
        adjusted: String::new(),
        rows: rows_of(loaded),
        errors: Vec::new(),
        summary: Vec::new(),
        history: records.iter().rev().map(record_line).collect(),
        likelihoods: &LIKELIHOODS,
        causes: &CAUSES,
        bands: &BANDS,
    })
}

/// The cut-off of the newest monitoring task of `year` issued to the session's unit.
async fn open_cutoff(
    state: &AppState,
    session: &Session,
    year: u16,
) -> Result<Option<String>, PageError> {
    let unit = session.user.unit.clone().unwrap_or_default();
    Ok(state
        .store
        .tasks()
        .await?
        .into_iter()
        .find(|t| t.kind == TaskKind::Monitor && t.fiscal_year == year && t.is_for(&unit))
        .and_then(|t| t.cutoff))
}

pub async fn page<K: Kind>(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let kind = K::KIND;
    let (loaded, session) = load_full(&state, &headers, &id).await?;
    Ok(Html(
        page_of(&state, kind, &loaded, &session).await?.render()?,
    ))
}
