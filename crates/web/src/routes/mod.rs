//! Routes, one module per resource.

mod api;
mod dashboard;
mod projects;
mod workflow;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use jixiao_model::AmountUnit;
use rust_decimal::Decimal;

use crate::AppState;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(dashboard::page))
        .route("/projects", get(projects::list))
        .route("/projects/{id}", get(projects::show))
        .route("/projects/{id}/table.docx", get(projects::docx))
        .route("/projects/{id}/table.xlsx", get(projects::xlsx))
        .route("/api/v1/projects", get(api::projects))
        .route("/api/v1/projects/{id}", get(api::project))
        .route("/api/v1/stats", get(api::stats))
        .route("/openapi.json", get(api::openapi))
        .route("/opendata.csv", get(api::opendata_csv))
        .route("/opendata.json", get(api::opendata_json))
        .route("/login", get(workflow::login_page).post(workflow::login))
        .route("/logout", post(workflow::logout))
        .route("/review", get(workflow::review_queue))
        .route("/my", get(workflow::my_projects))
        .route("/upload", post(workflow::upload))
        .route("/projects/{id}/submit", post(workflow::submit))
        .route("/projects/{id}/approve", post(workflow::approve))
        .route("/projects/{id}/return", post(workflow::send_back))
}

/// An amount in 元 shown in the unit it was written in, with the unit.
pub fn money(yuan: Option<Decimal>, unit: Option<AmountUnit>) -> String {
    match yuan {
        Some(yuan) => {
            let unit = unit.unwrap_or(AmountUnit::Yuan);
            format!("{:.2} {}", unit.from_yuan(yuan), unit.as_str())
        }
        None => "—".to_string(),
    }
}
