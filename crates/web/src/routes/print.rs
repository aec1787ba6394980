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
    indicators: Vec<super::table::TableRow>,
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
        plan: super::table::plan(project),
        goals: super::table::goals(project),
        indicators: super::table::rows(project),
    };
    Ok(Html(page.render()?))
}
