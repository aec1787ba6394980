//! The dashboard: budgets by unit and year, how measurable the targets are, findings by rule.
//! Published projects only; rendered at most once a minute, since its figures scan the store.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::{AppState, PageError, charts};

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    documents: i64,
    projects: i64,
    indicators: i64,
    units: Vec<(String, String, i64, String)>,
    budget_chart: String,
    quantified_share: String,
    findings_chart: String,
    has_findings: bool,
    states: Vec<(String, i64)>,
    /// Units (with their year) beyond the largest shown.
    more_units: usize,
    computed_at: String,
}

/// The largest budgets shown; the rest are in `/api/v1/stats`.
const TOP_UNITS: usize = 20;

pub async fn page(State(state): State<Arc<AppState>>) -> Result<Html<String>, PageError> {
    let page = state.dashboard.get_or(render(&state)).await?;
    Ok(Html(page.as_str().to_string()))
}

async fn render(state: &AppState) -> Result<String, PageError> {
    let totals = state.store.totals().await?;
    let mut stats = state.store.stats().await?;
    stats
        .units
        .sort_by_key(|u| std::cmp::Reverse(u.budget_yuan));
    let more_units = stats.units.len().saturating_sub(TOP_UNITS);
    stats.units.truncate(TOP_UNITS);
    let wan = |yuan: Decimal| (yuan / Decimal::from(10_000)).to_f64().unwrap_or(0.0);
    let year = super::year_label;
    let budget_items: Vec<(String, f64)> = stats
        .units
        .iter()
        .filter(|u| u.priced > 0)
        .map(|u| (format!("{} {}", u.unit, year(u.year)), wan(u.budget_yuan)))
        .collect();
    let units = stats
        .units
        .iter()
        .map(|u| {
            let budget = if u.priced == 0 {
                "未列金额".to_string()
            } else {
                format!("{:.2}", u.budget_yuan / Decimal::from(10_000))
            };
            (u.unit.clone(), year(u.year), u.projects, budget)
        })
        .collect();
    let all: i64 = stats.target_kinds.iter().map(|(_, n)| n).sum();
    let numeric: i64 = stats
        .target_kinds
        .iter()
        .filter(|(k, _)| k == "numeric")
        .map(|(_, n)| n)
        .sum();
    let quantified_share = if all == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", numeric as f64 * 100.0 / all as f64)
    };
    let finding_items: Vec<(String, f64)> = crate::published::findings_by_rule(&state.store)
        .await?
        .iter()
        .map(|c| {
            let label = format!("{}（{}）", c.title(), c.severity.label());
            (label, c.count as f64)
        })
        .collect();
    let unpublished = state.store.unpublished().await?;
    let count = |wanted: &str| unpublished.iter().filter(|(_, _, s)| s == wanted).count() as i64;
    let in_flow = unpublished.len() as i64;
    let states = vec![
        ("已通过（公开）".to_string(), totals.projects - in_flow),
        ("已提交".to_string(), count(super::workflow::SUBMITTED)),
        ("已退回".to_string(), count(super::workflow::RETURNED)),
        ("草稿".to_string(), count(super::workflow::DRAFT)),
    ];
    let page = Dashboard {
        documents: totals.documents,
        projects: totals.projects - in_flow,
        indicators: all,
        units,
        budget_chart: charts::bars(&budget_items, "万元"),
        quantified_share,
        findings_chart: charts::bars(&finding_items, "条"),
        has_findings: !finding_items.is_empty(),
        states,
        more_units,
        computed_at: super::beijing_time(&crate::auth::now().to_string()),
    };
    Ok(page.render()?)
}
