//! `GET /projects/{id}/print`: the 项目支出绩效目标表 to print — A4, the official table alone (no
//! navigation, no review findings), category cells merged, the header row on every page.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Html;

use super::money;
use super::projects::load_visible;
use crate::{AppState, PageError};

pub struct PrintRow {
    pub level1: String,
    pub level2: String,
    pub level1_span: usize,
    pub level2_span: usize,
    pub name: String,
    pub description: String,
    pub target: String,
    pub basis: String,
}

#[derive(Template)]
#[template(path = "print.html")]
struct PrintPage {
    unit: String,
    year: String,
    amount_unit: &'static str,
    code: String,
    name: String,
    competent: String,
    implementing: String,
    total: String,
    fiscal: String,
    other: String,
    purpose: String,
    plan: Vec<(String, String)>,
    goals: Vec<String>,
    indicators: Vec<PrintRow>,
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let (loaded, _, _) = load_visible(&state, &headers, &id).await?;
    let project = loaded.project();
    let budget = &project.budget;
    let unit = budget.unit.unwrap_or(jixiao_model::AmountUnit::Yuan);
    let page = PrintPage {
        unit: loaded.document.unit.name.clone().unwrap_or_default(),
        year: loaded
            .document
            .fiscal_year
            .year
            .map_or(String::new(), |y| format!("{y}年")),
        amount_unit: unit.as_str(),
        code: project.code.clone().unwrap_or_default(),
        name: project.name.clone(),
        competent: project.competent_department.clone().unwrap_or_default(),
        implementing: project.implementing_unit.clone().unwrap_or_default(),
        total: money(budget.total_yuan, budget.unit),
        fiscal: money(budget.fiscal_yuan, budget.unit),
        other: money(budget.other_yuan, budget.unit),
        purpose: project.purpose.clone().unwrap_or_default(),
        plan: project
            .spending_plan
            .iter()
            .flat_map(|p| {
                p.checkpoints
                    .iter()
                    .map(|c| (c.label.clone(), c.raw.clone()))
            })
            .collect(),
        goals: project
            .goals
            .iter()
            .map(|g| format!("{}{}", g.label.as_deref().unwrap_or(""), g.text))
            .collect(),
        indicators: project
            .indicators
            .iter()
            .zip(super::table::category_spans(&project.indicators))
            .map(|(indicator, (level1_span, level2_span))| PrintRow {
                level1: indicator.level1.raw.clone(),
                level2: indicator.level2.raw.clone(),
                level1_span,
                level2_span,
                name: indicator.name.clone(),
                description: indicator.description.clone(),
                target: indicator.target.raw.clone(),
                basis: indicator
                    .basis
                    .as_ref()
                    .map(|b| b.text.clone())
                    .unwrap_or_default(),
            })
            .collect(),
    };
    Ok(Html(page.render()?))
}
