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

#[derive(Template)]
#[template(path = "round.html")]
struct RecordPage {
    unit: String,
    year: String,
    id: i64,
    kind: &'static str,
    title: &'static str,
    name: String,
    record: i64,
    headline: String,
    verdict: String,
    state: &'static str,
    recorded_by: String,
    at: String,
    decision: String,
    summary: Vec<(String, String)>,
    rows: Vec<RowView>,
    decidable: bool,
    csrf: String,
}

/// The record alone, on A4, as the 绩效运行监控表 or 项目支出绩效自评表 is printed.
#[derive(Template)]
#[template(path = "round_print.html")]
struct RecordPrint<'a> {
    page: &'a RecordPage,
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

/// What the form's rows and figures make: the report and the record to save, or every problem.
enum Outcome {
    Monitor(MonitorReport),
    Evaluation(SelfEvalReport),
}

fn judge(
    kind: EvaluationKind,
    loaded: &Loaded,
    pairs: &[(String, String)],
    scoring: &crate::Scoring,
) -> Result<Outcome, Vec<String>> {
    let project = loaded.project();
    let rows: Vec<SheetRow> = (0..project.indicators.len())
        .map(|i| sheet_row(pairs, i))
        .collect();
    // Every problem is said at once: the figures' and each row's.
    let amount = |key: &str, what: &str, required: Option<&str>| {
        let text = jixiao_evaluate::half_width(field(pairs, key));
        match (text.trim(), required) {
            ("", Some(ask)) => Err(ask.to_string()),
            ("", None) => Ok(None),
            (text, _) => parse_amount_yuan(text)
                .map(Some)
                .map_err(|e| format!("{what}：{e}")),
        }
    };
    let mut problems = Vec::new();
    let outcome = match kind {
        EvaluationKind::Monitor => {
            let text = jixiao_evaluate::half_width(field(pairs, "cutoff"));
            let cutoff = Date::parse(text.trim());
            if cutoff.is_none() {
                problems.push(format!(
                    "截止日期“{}”无法读取（应为 2024-07-31）",
                    text.trim()
                ));
            }
            let spent = amount(
                "spent",
                "截至监控期支出",
                Some("请填写截至监控期的支出（如 40万元 或 400000）"),
            )
            .unwrap_or_else(|e| {
                problems.push(e);
                None
            });
            let forecast = amount("forecast", "全年预计执行数", None).unwrap_or_else(|e| {
                problems.push(e);
                None
            });
            let progress = monitor_progress(project, &rows, 1);
            match (cutoff, spent, progress) {
                (Some(cutoff), Some(spent), Ok(progress)) if problems.is_empty() => {
                    let input = MonitorInput {
                        cutoff,
                        spent_yuan: spent,
                        forecast_yuan: forecast,
                        progress,
                    };
                    monitor(
                        &loaded.document,
                        loaded.position,
                        &input,
                        &scoring.thresholds,
                    )
                    .map(Outcome::Monitor)
                }
                (_, _, Err(found)) => Err(found),
                _ => Err(Vec::new()),
            }
        }
        EvaluationKind::SelfEvaluation => {
            let executed = amount(
                "executed",
                "全年执行数",
                Some("请填写全年执行数（如 153万元）"),
            )
            .unwrap_or_else(|e| {
                problems.push(e);
                None
            });
            let budget = amount("adjusted", "调整后预算数", None).unwrap_or_else(|e| {
                problems.push(e);
                None
            });
            let actuals = self_evaluation_actuals(project, &rows, 1);
            match (executed, actuals) {
                (Some(executed), Ok(actuals)) if problems.is_empty() => {
                    let input = SelfEvalInput {
                        executed_yuan: executed,
                        budget_yuan: budget,
                        actuals,
                    };
                    evaluate(
                        &project.indicators,
                        project.budget.total_yuan,
                        &input,
                        &scoring.weights,
                        ReversePolicy::Ratio,
                    )
                    .map(Outcome::Evaluation)
                }
                (_, Err(found)) => Err(found),
                _ => Err(Vec::new()),
            }
        }
    };
    match outcome {
        Ok(outcome) if problems.is_empty() => Ok(outcome),
        Ok(_) => Err(problems),
        Err(found) => {
            problems.extend(found.iter().map(ToString::to_string));
            Err(problems)
        }
    }
}

pub async fn post<K: Kind>(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let kind = K::KIND;
    let session = crate::auth::require(&state, &headers, Some(field(&pairs, "csrf"))).await?;
    let (loaded, _) = load_full(&state, &headers, &id).await?;
    if let Some(why) = may_fill(&loaded, &session) {
        return Err(PageError::Forbidden(why));
    }
    handle(&state, &session, &loaded, kind, &pairs).await
}

/// Checks the form's figures and rows; shows the lights or the score, and on `submit` saves them.
async fn handle(
    state: &AppState,
    session: &Session,
    loaded: &Loaded,
    kind: EvaluationKind,
    pairs: &[(String, String)],
) -> Result<Response, PageError> {
    let mut page = page_of(state, kind, loaded, session).await?;
    page.cutoff = field(pairs, "cutoff").to_string();
    page.spent = field(pairs, "spent").to_string();
    page.forecast = field(pairs, "forecast").to_string();
    page.executed = field(pairs, "executed").to_string();
    page.adjusted = field(pairs, "adjusted").to_string();
    fill_back(&mut page.rows, pairs);
    let outcome = match judge(kind, loaded, pairs, &state.scoring) {
        Ok(outcome) => outcome,
        Err(errors) => {
            page.errors = errors;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
        }
    };
    let project = loaded.project();
    let (headline, verdict, report, extra) = match &outcome {
        Outcome::Monitor(report) => {
            page.summary = show_monitor(&mut page.rows, report);
            let planned = report.planned_percent.map(|p| p.to_string());
            let executed = report.executed_percent.map(|p| p.to_string());
            (
                report.cutoff.to_string(),
                label(&report.light()),
                serde_json::to_string(report).map_err(|e| PageError::Internal(e.to_string()))?,
                (label(&report.spending_light), planned, executed),
            )
        }
        Outcome::Evaluation(report) => {
            page.summary = show_evaluation(&mut page.rows, report);
            (
                report.total.to_string(),
                label(&report.grade),
                serde_json::to_string(report).map_err(|e| PageError::Internal(e.to_string()))?,
                (String::new(), None, None),
            )
        }
    };
    if field(pairs, "action") != "submit" {
        return Ok(Html(page.render()?).into_response());
    }
    // One round per cut-off (one self-evaluation per year) waits or stands at a time; a returned
    // one is filled again.
    let standing = state
        .store
        .evaluations(kind, &loaded.summary.doc_key, Some(&project.name))
        .await?
        .into_iter()
        .rev()
        .find(|r| kind == EvaluationKind::SelfEvaluation || r.headline == headline)
        .filter(|r| r.state != RoundState::Returned);
    if let Some(standing) = standing {
        page.errors = vec![format!(
            "第 {} 号记录{}，不能重复提交{}",
            standing.id,
            standing.state.label(),
            if kind == EvaluationKind::Monitor {
                "同一截止日期的监控"
            } else {
                "本年度的自评"
            }
        )];
        return Ok((StatusCode::CONFLICT, Html(page.render()?)).into_response());
    }
    let record = EvaluationRecord {
        id: 0,
        doc_key: loaded.summary.doc_key.clone(),
        project_code: project.code.clone(),
        project_name: project.name.clone(),
        fiscal_year: loaded.document.fiscal_year.year,
        headline,
        verdict,
        report,
        recorded_at: String::new(),
        state: RoundState::Submitted,
        recorded_by: session.user.name.clone(),
        decided_by: None,
        decision_note: None,
    };
    let saved = match state
        .store
        .save_evaluation(
            kind,
            &record,
            (&extra.0, extra.1.as_deref(), extra.2.as_deref()),
        )
        .await
    {
        Ok(saved) => saved,
        Err(jixiao_store::StoreError::Conflict(why)) => {
            page.errors = vec![why];
            return Ok((StatusCode::CONFLICT, Html(page.render()?)).into_response());
        }
        Err(error) => return Err(error.into()),
    };
    Ok(Redirect::to(&format!(
        "/projects/{}/{}/{saved}?done={}-submitted",
        loaded.summary.id,
        kind.code(),
        kind.code()
    ))
    .into_response())
}

/// A record of this project, or not found.
async fn record_of(
    state: &AppState,
    kind: EvaluationKind,
    loaded: &Loaded,
    record: i64,
) -> Result<EvaluationRecord, PageError> {
    state
        .store
        .evaluation(kind, record)
        .await?
        .filter(|r| r.doc_key == loaded.summary.doc_key && r.project_name == loaded.project().name)
        .ok_or_else(|| PageError::NotFound(format!("项目没有第 {record} 号记录")))
}

pub async fn record_page<K: Kind>(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((id, record)): Path<(String, i64)>,
) -> Result<Html<String>, PageError> {
    let kind = K::KIND;
    Ok(Html(
        record_of_page(&state, &headers, &id, record, kind)
            .await?
            .render()?,
    ))
}

async fn record_of_page(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    record: i64,
    kind: EvaluationKind,
) -> Result<RecordPage, PageError> {
    let (loaded, session) = load_full(state, headers, id).await?;
    let stored = record_of(state, kind, &loaded, record).await?;
    let mut rows = rows_of(&loaded);
    let summary = match kind {
        EvaluationKind::Monitor => {
            let report: MonitorReport = serde_json::from_str(&stored.report)
                .map_err(|e| PageError::Internal(e.to_string()))?;
            for verdict in &report.indicators {
                if let Some(row) = rows.get_mut(verdict.indicator) {
                    row.reached = verdict.reached.clone().unwrap_or_default();
                    row.forecast = verdict.forecast.clone().unwrap_or_default();
                    row.likelihood = verdict.likelihood.as_ref().map(label).unwrap_or_default();
                    row.causes = verdict.causes.iter().map(label).collect();
                    row.note = verdict.cause_note.clone().unwrap_or_default();
                    row.rectification = verdict.rectification.clone().unwrap_or_default();
                }
            }
            show_monitor(&mut rows, &report)
        }
        EvaluationKind::SelfEvaluation => {
            let report: SelfEvalReport = serde_json::from_str(&stored.report)
                .map_err(|e| PageError::Internal(e.to_string()))?;
            for score in &report.indicators {
                if let Some(row) = rows.get_mut(score.indicator) {
                    row.actual = score.actual.clone();
                    row.reason = score.reason.clone().unwrap_or_default();
                    row.measure = score.measure.clone().unwrap_or_default();
                }
            }
            show_evaluation(&mut rows, &report)
        }
    };
    let line = record_line(&stored);
    let (kind_code, title) = (kind.code(), title_of(kind));
    Ok(RecordPage {
        unit: loaded.document.unit.name.clone().unwrap_or_default(),
        year: super::year_label(loaded.document.fiscal_year.year),
        id: loaded.summary.id,
        kind: kind_code,
        title,
        name: loaded.project().name.clone(),
        record,
        headline: line.headline,
        verdict: line.verdict,
        state: line.state,
        recorded_by: line.recorded_by,
        at: line.at,
        decision: line.decision,
        summary,
        rows,
        decidable: session.can_review() && stored.state == RoundState::Submitted,
        csrf: session.csrf.clone(),
    })
}

/// The reviewer confirms a submitted record, or returns it with a note saying why.
pub async fn decide<K: Kind>(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((id, record)): Path<(String, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let kind = K::KIND;
    let session = crate::auth::require(&state, &headers, Some(field(&pairs, "csrf"))).await?;
    if !session.can_review() {
        return Err(PageError::Forbidden("只有财政审核员可以确认或退回".into()));
    }
    let (loaded, _) = load_full(&state, &headers, &id).await?;
    let note = field(&pairs, "note").trim();
    let (to, done) = match field(&pairs, "decision") {
        "confirm" => (RoundState::Confirmed, "confirmed"),
        "return" if note.is_empty() => {
            return Err(PageError::BadRequest("退回时须写明退回意见".into()));
        }
        "return" => (RoundState::Returned, "returned"),
        other => {
            return Err(PageError::BadRequest(format!(
                "不认识的操作“{other}”：应为确认或退回"
            )));
        }
    };
    let note = (!note.is_empty()).then_some(note);
    let raised = if to == RoundState::Confirmed {
        let stored = record_of(&state, kind, &loaded, record).await?;
        let bad = |e: serde_json::Error| PageError::Internal(e.to_string());
        match kind {
            EvaluationKind::Monitor => super::rectifications::raised_by_round(
                &serde_json::from_str(&stored.report).map_err(bad)?,
            ),
            EvaluationKind::SelfEvaluation => super::rectifications::raised_by_evaluation(
                &serde_json::from_str(&stored.report).map_err(bad)?,
            ),
        }
    } else {
        Vec::new()
    };
    if !state
        .store
        .decide_evaluation(kind, record, to, &session.user.name, note, &raised)
        .await?
    {
        return Err(PageError::Conflict(
            "这条记录已被确认或退回，不能再次处理".into(),
        ));
    }
    let code = kind.code();
    Ok(Redirect::to(&format!(
        "/projects/{}/{code}/{record}?done={code}-{done}",
        loaded.summary.id
    ))
    .into_response())
}

/// `report.docx` / `report.xlsx`: the record as the 监控表 or 自评表, as `jixiao … report` writes
/// it; `print`: the same on an A4 page to print.
pub async fn download<K: Kind>(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((id, record, file)): Path<(String, i64, String)>,
) -> Result<Response, PageError> {
    let kind = K::KIND;
    if file == "print" {
        let page = record_of_page(&state, &headers, &id, record, kind).await?;
        return Ok(Html(RecordPrint { page: &page }.render()?).into_response());
    }
    let (loaded, _) = load_full(&state, &headers, &id).await?;
    let stored = record_of(&state, kind, &loaded, record).await?;
    let unit = loaded.document.unit.name.clone().unwrap_or_default();
    let bad = |e: serde_json::Error| PageError::Internal(e.to_string());
    let word = match file.as_str() {
        "report.docx" => true,
        "report.xlsx" => false,
        _ => {
            return Err(PageError::NotFound(format!(
                "没有“{file}”：可下载 report.docx、report.xlsx 或打开 print"
            )));
        }
    };
    let bytes = match kind {
        EvaluationKind::Monitor => {
            let report: MonitorReport = serde_json::from_str(&stored.report).map_err(bad)?;
            let items = [tracked(&stored, &report)];
            if word {
                jixiao_publish::monitor_docx(&unit, &items)?
            } else {
                jixiao_publish::monitor_xlsx(&unit, &items)?
            }
        }
        EvaluationKind::SelfEvaluation => {
            let report: SelfEvalReport = serde_json::from_str(&stored.report).map_err(bad)?;
            let items = [tracked(&stored, &report)];
            if word {
                jixiao_publish::evaluation_docx(&unit, &items)?
            } else {
                jixiao_publish::evaluation_xlsx(&unit, &items)?
            }
        }
    };
    let (content, extension) = if word {
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        )
    } else {
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    };
    let name = format!("{}{}", stored.project_name, title_of(kind));
    Ok(super::projects::download(bytes, content, &name, extension))
}

fn tracked<'a, R>(record: &'a EvaluationRecord, report: &'a R) -> jixiao_publish::Tracked<'a, R> {
    jixiao_publish::Tracked {
        project_name: &record.project_name,
        project_code: record.project_code.as_deref(),
        report,
    }
}

/// `template.xlsx`: the project's 监控表 or 自评表 to fill in Excel, drop-down lists included, as
/// `jixiao monitor template` writes it.
pub async fn template<K: Kind>(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let kind = K::KIND;
    let (loaded, _) = load_full(&state, &headers, &id).await?;
    let project = loaded.project();
    let bytes = match kind {
        EvaluationKind::Monitor => jixiao_publish::template_xlsx(
            "监控表",
            &MONITOR_COLUMNS,
            &template_rows(project, MONITOR_COLUMNS.len() - 5),
            &jixiao_publish::MONITOR_CHOICES,
        )?,
        EvaluationKind::SelfEvaluation => jixiao_publish::template_xlsx(
            "自评表",
            &SELF_EVALUATION_COLUMNS,
            &template_rows(project, SELF_EVALUATION_COLUMNS.len() - 5),
            &jixiao_publish::SELF_EVALUATION_CHOICES,
        )?,
    };
    let name = format!("{}{}（填报）", project.name, title_of(kind));
    Ok(super::projects::download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
        "xlsx",
    ))
}

/// The largest filled sheet taken.
pub const SHEET_LIMIT: usize = 5 * 1024 * 1024;

/// `POST …/sheet?csrf=…`: a filled template (Excel or CSV) with the form's figures; its rows fill
/// the form, which is checked and shown for the unit to submit. The sheet's 三级指标 must be the
/// project's, row by row.
pub async fn sheet<K: Kind>(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(token): Query<TokenQuery>,
    request: Request,
) -> Result<Response, PageError> {
    let kind = K::KIND;
    let session = crate::auth::require(&state, &headers, Some(token.csrf.as_str())).await?;
    let (loaded, _) = load_full(&state, &headers, &id).await?;
    if let Some(why) = may_fill(&loaded, &session) {
        return Err(PageError::Forbidden(why));
    }
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|e| PageError::BadRequest(format!("上传内容无法读取：{}", e.body_text())))?;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        PageError::BadRequest(format!(
            "上传内容无法读取（填好的表不能超过 {} MB）：{e}",
            SHEET_LIMIT / 1024 / 1024
        ))
    };
    let mut pairs = vec![("csrf".to_string(), token.csrf.clone())];
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("填好的表").to_string();
            file = Some((file_name, field.bytes().await.map_err(unreadable)?));
        } else if ["cutoff", "spent", "forecast", "executed", "adjusted"].contains(&name.as_str()) {
            pairs.push((name, field.text().await.map_err(unreadable)?));
        }
    }
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(PageError::BadRequest(
            "请选择填好的表（.xlsx 或 CSV）".into(),
        ));
    };
    let table =
        read_table(&bytes).map_err(|why| PageError::BadRequest(format!("{file_name}：{why}")))?;
    let Some((header, rows)) = table.split_first() else {
        return Err(PageError::BadRequest(format!("{file_name} 是空表")));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    if !header.iter().any(|h| h == "序号") {
        return Err(PageError::BadRequest(format!(
            "{file_name} 没有“序号”列：请用本页下载的填报模板"
        )));
    }
    for row in rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
    {
        let cell = |column: &str| {
            header
                .iter()
                .position(|h| h == column)
                .and_then(|at| row.get(at))
                .map(|c| c.trim().to_string())
                .unwrap_or_default()
        };
        let number = crate::edit::half_width(&cell("序号"));
        let index = number
            .trim()
            .parse::<usize>()
            .map_or(usize::MAX, |n| n.wrapping_sub(1));
        for column in header
            .iter()
            .filter(|c| !["序号", "一级指标", "二级指标", "指标值"].contains(&c.as_str()))
        {
            let value = cell(column);
            if value.is_empty() {
                continue;
            }
            if column == "偏差原因" && kind == EvaluationKind::Monitor {
                for cause in value
                    .split(['、', ',', '，', ';', '；'])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    pairs.push((format!("r{index}.{column}"), cause.to_string()));
                }
            } else {
                pairs.push((format!("r{index}.{column}"), value));
            }
        }
        if index >= loaded.project().indicators.len() {
            return Err(PageError::BadRequest(format!(
                "{file_name}：“序号”应为 1 到 {} 的指标序号，不是“{number}”",
                loaded.project().indicators.len()
            )));
        }
    }
    pairs.push(("action".into(), "check".into()));
    handle(&state, &session, &loaded, kind, &pairs).await
}

/// A filled sheet's cells: Excel (read by its number formats), or CSV in UTF-8.
fn read_table(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return jixiao_ingest::sheet_rows(bytes).map_err(|e| e.to_string());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "不是 Excel 文件，也不是 UTF-8 编码的 CSV".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .enumerate()
        .map(|(at, record)| {
            record
                .map(|r| r.iter().map(str::to_string).collect())
                .map_err(|e| format!("第 {} 行：{e}", at + 1))
        })
        .collect()
}
