//! A filled form checked and judged by the engine: the lights or the score shown, and on 提交 the
//! round saved for the reviewer — once per cut-off (per year for self-evaluation).

use super::*;

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
                pairs,
                &mut problems,
                "spent",
                "截至监控期支出",
                Some("请填写截至监控期的支出（如 40万元 或 400000）"),
            );
            let forecast = amount(pairs, &mut problems, "forecast", "全年预计执行数", None);
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
                pairs,
                &mut problems,
                "executed",
                "全年执行数",
                Some("请填写全年执行数（如 153万元）"),
            );
            let budget = amount(pairs, &mut problems, "adjusted", "调整后预算数", None);
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
pub(super) async fn handle(
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

/// An amount of the form (`40万元`, `400000`) in 元: `None` when blank and not `required` (whose
/// text asks for it), or when it cannot be read — each problem said in `problems`.
fn amount(
    pairs: &[(String, String)],
    problems: &mut Vec<String>,
    key: &str,
    what: &str,
    required: Option<&str>,
) -> Option<rust_decimal::Decimal> {
    let text = jixiao_evaluate::half_width(field(pairs, key));
    match (text.trim(), required) {
        ("", Some(ask)) => {
            problems.push(ask.to_string());
            None
        }
        ("", None) => None,
        (text, _) => parse_amount_yuan(text)
            .map_err(|e| problems.push(format!("{what}：{e}")))
            .ok(),
    }
}
