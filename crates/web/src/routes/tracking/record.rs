//! One recorded round or self-evaluation: its page, the reviewer's decision (confirming raises
//! the 整改 items), and its Word and Excel downloads and print form.

use super::*;

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
        year: crate::routes::year_label(loaded.document.fiscal_year.year),
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
            EvaluationKind::Monitor => crate::routes::rectifications::raised_by_round(
                &serde_json::from_str(&stored.report).map_err(bad)?,
            ),
            EvaluationKind::SelfEvaluation => crate::routes::rectifications::raised_by_evaluation(
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
    Ok(crate::routes::projects::download(
        bytes, content, &name, extension,
    ))
}

fn tracked<'a, R>(record: &'a EvaluationRecord, report: &'a R) -> jixiao_publish::Tracked<'a, R> {
    jixiao_publish::Tracked {
        project_name: &record.project_name,
        project_code: record.project_code.as_deref(),
        report,
    }
}
