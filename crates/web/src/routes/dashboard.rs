//! The dashboard: budgets by unit and year, how measurable the targets are, findings by rule.
//! Published projects only; rendered at most once a minute, since its figures scan the store.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::figures::{self, Figures};
use crate::{AppState, PageError, charts};

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    documents: i64,
    projects: i64,
    indicators: i64,
    /// Unit, year as shown, projects, budget in 万元, year for the link to the unit's projects.
    units: Vec<(String, String, i64, String, String)>,
    budget_chart: String,
    quantified_share: String,
    findings_chart: String,
    has_findings: bool,
    states: Vec<(String, i64)>,
    /// Units (with their year) beyond the largest shown.
    more_units: usize,
}

/// The largest budgets shown; the rest are in `/api/v1/stats`.
const TOP_UNITS: usize = 20;

pub async fn page(State(state): State<Arc<AppState>>) -> Result<Html<String>, PageError> {
    let figures = figures::current(&state).await?;
    Ok(Html(render(&figures)?))
}

fn render(figures: &Figures) -> Result<String, PageError> {
    let shown = &figures.stats.units[..figures.stats.units.len().min(TOP_UNITS)];
    let more_units = figures.stats.units.len() - shown.len();
    let wan = |yuan: Decimal| (yuan / Decimal::from(10_000)).to_f64().unwrap_or(0.0);
    let year = super::year_label;
    let budget_items: Vec<(String, f64)> = shown
        .iter()
        .filter(|u| u.priced > 0)
        .map(|u| (format!("{} {}", u.unit, year(u.year)), wan(u.budget_yuan)))
        .collect();
    let units = shown
        .iter()
        .map(|u| {
            let budget = if u.priced == 0 {
                "未列金额".to_string()
            } else {
                format!("{:.2}", u.budget_yuan / Decimal::from(10_000))
            };
            let year_parameter = u.year.map_or(String::new(), |y| y.to_string());
            (
                u.unit.clone(),
                year(u.year),
                u.projects,
                budget,
                year_parameter,
            )
        })
        .collect();
    let all = figures.indicators();
    let numeric: i64 = figures
        .stats
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
    let finding_items: Vec<(String, f64)> = figures
        .findings
        .iter()
        .map(|c| {
            let label = format!("{}（{}）", c.title(), c.severity.label());
            (label, c.count as f64)
        })
        .collect();
    let page = Dashboard {
        documents: figures.totals.documents,
        projects: figures.published_projects(),
        indicators: all,
        units,
        budget_chart: charts::bars(&budget_items, "万元"),
        quantified_share,
        findings_chart: charts::bars(&finding_items, "条"),
        has_findings: !finding_items.is_empty(),
        states: figures
            .states
            .iter()
            .map(|(label, n)| (label.to_string(), *n))
            .collect(),
        more_units,
    };
    Ok(page.render()?)
}
