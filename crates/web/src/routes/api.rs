//! The JSON API (`/api/v1`) behind the pages, and its OpenAPI document.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use serde::Serialize;

use super::projects::{ListQuery, PAGE_SIZE, load_visible, visible};
use crate::{ApiError, AppState};

#[derive(Serialize)]
pub struct ProjectItem {
    id: i64,
    fiscal_year: Option<u16>,
    unit: Option<String>,
    code: Option<String>,
    name: String,
    total_yuan: Option<String>,
    indicators: i64,
}

#[derive(Serialize)]
pub struct ProjectList {
    page: i64,
    more: bool,
    projects: Vec<ProjectItem>,
}

pub async fn projects(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Json<ProjectList>, ApiError> {
    let filter = query.filter().map_err(ApiError)?;
    let found = state.store.projects(&filter).await?;
    let mut found = visible(&state, &headers, found).await.map_err(ApiError)?;
    let more = found.len() as i64 > PAGE_SIZE;
    found.truncate(PAGE_SIZE as usize);
    let projects = found
        .into_iter()
        .map(|p| ProjectItem {
            id: p.id,
            fiscal_year: p.fiscal_year,
            unit: p.unit_name,
            code: p.code,
            name: p.name,
            total_yuan: p.total_yuan.map(|d| d.to_string()),
            indicators: p.indicators,
        })
        .collect();
    Ok(Json(ProjectList {
        page: query.page.unwrap_or(1).max(1),
        more,
        projects,
    }))
}

pub async fn project(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let (loaded, _, workflow_state) = load_visible(&state, &headers, &id)
        .await
        .map_err(ApiError)?;
    let report = jixiao_review::review(&loaded.document);
    let findings: Vec<&jixiao_review::Finding> = report
        .findings
        .iter()
        .filter(|f| f.location.project == Some(loaded.position))
        .collect();
    Ok(Json(serde_json::json!({
        "id": loaded.summary.id,
        "unit": loaded.document.unit,
        "fiscal_year": loaded.document.fiscal_year.year,
        "project": loaded.project(),
        "findings": findings,
        "score": report.scores.get(loaded.position).map(|s| s.score),
        "state": super::workflow::state_label(workflow_state.as_deref()),
    })))
}

pub async fn stats(State(state): State<Arc<AppState>>) -> Result<impl IntoResponse, ApiError> {
    let body = state
        .stats
        .get_or(stats_json(&state))
        .await
        .map_err(ApiError)?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.as_str().to_string(),
    ))
}

async fn stats_json(state: &AppState) -> Result<String, crate::PageError> {
    let totals = state.store.totals().await?;
    let stats = state.store.stats().await?;
    let unpublished = state.store.unpublished().await?.len() as i64;
    let indicators: i64 = stats.target_kinds.iter().map(|(_, n)| n).sum();
    let units: Vec<serde_json::Value> = stats
        .units
        .iter()
        .map(|u| serde_json::json!({ "unit": u.unit, "fiscal_year": u.year, "projects": u.projects, "budget_yuan": u.budget_yuan.to_string() }))
        .collect();
    let findings: Vec<serde_json::Value> = stats
        .findings_by_rule
        .iter()
        .map(|(rule, severity, count)| serde_json::json!({ "rule": rule, "severity": severity, "count": count }))
        .collect();
    let kinds: serde_json::Map<String, serde_json::Value> = stats
        .target_kinds
        .iter()
        .map(|(k, n)| (k.clone(), (*n).into()))
        .collect();
    Ok(serde_json::json!({
        "documents": totals.documents,
        "projects": totals.projects - unpublished,
        "indicators": indicators,
        "units": units,
        "target_kinds": kinds,
        "findings_by_rule": findings,
    })
    .to_string())
}

pub async fn openapi() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        include_str!("../../openapi.json"),
    )
}

/// Every published indicator, one row each: the documents with their unpublished projects removed.
async fn published_documents(state: &AppState) -> Result<Vec<jixiao_model::Document>, ApiError> {
    let hidden = state.store.unpublished().await?;
    let mut documents = Vec::new();
    for id in state.store.document_ids().await? {
        let Some(stored) = state.store.document(id).await? else {
            continue;
        };
        let key = state.store.doc_key(id).await?.unwrap_or_default();
        let mut document = stored.document;
        document.projects.retain(|p| {
            !hidden
                .iter()
                .any(|(k, name, _)| *k == key && *name == p.name)
        });
        documents.push(document);
    }
    Ok(documents)
}

pub async fn opendata_csv(
    State(state): State<Arc<AppState>>,
) -> Result<impl IntoResponse, ApiError> {
    let documents = published_documents(&state).await?;
    let bytes = jixiao_publish::to_csv(&documents.iter().collect::<Vec<_>>())
        .map_err(|e| ApiError(crate::PageError::Internal(e.to_string())))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"jixiao-indicators.csv\"",
            ),
        ],
        bytes,
    ))
}

pub async fn opendata_json(
    State(state): State<Arc<AppState>>,
) -> Result<impl IntoResponse, ApiError> {
    let documents = published_documents(&state).await?;
    let bytes = jixiao_publish::to_json(&documents.iter().collect::<Vec<_>>())
        .map_err(|e| ApiError(crate::PageError::Internal(e.to_string())))?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        bytes,
    ))
}
