//! The JSON API (`/api/v1`) behind the pages, and its OpenAPI document.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use serde::Serialize;

use super::projects::{ListQuery, PAGE_SIZE, load_visible};
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
    let session = crate::auth::current(&state, &headers)
        .await
        .map_err(ApiError)?;
    let filter = query.filter(session.as_ref()).map_err(ApiError)?;
    let mut found = state.store.projects(&filter).await?;
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
    let (loaded, _, access) = load_visible(&state, &headers, &id)
        .await
        .map_err(ApiError)?;
    let workflow_state = loaded.state.clone();
    let reviewed = loaded.review(&state, access).await.map_err(ApiError)?;
    let findings: Vec<serde_json::Value> = reviewed
        .findings()
        .map(|f| {
            let mut value = serde_json::to_value(f).unwrap_or_default();
            // Positions of the related projects mean nothing outside the review: name and id them.
            value["related"] = reviewed
                .related(f)
                .into_iter()
                .map(|(name, id)| serde_json::json!({ "name": name, "id": id }))
                .collect();
            value
        })
        .collect();
    Ok(Json(serde_json::json!({
        "id": loaded.summary.id,
        "unit": loaded.document.unit,
        "fiscal_year": loaded.document.fiscal_year.year,
        "project": loaded.project(),
        "findings": findings,
        "score": reviewed.report.scores.get(reviewed.position).map(|s| s.score),
        "state": super::workflow::state_label(workflow_state.as_deref()),
    })))
}

pub async fn stats(State(state): State<Arc<AppState>>) -> Result<impl IntoResponse, ApiError> {
    let figures = crate::figures::current(&state).await.map_err(ApiError)?;
    let units: Vec<serde_json::Value> = figures
        .stats
        .units
        .iter()
        .map(|u| serde_json::json!({ "unit": u.unit, "fiscal_year": u.year, "projects": u.projects, "budget_yuan": u.budget_yuan.to_string() }))
        .collect();
    let findings: Vec<serde_json::Value> = figures
        .findings
        .iter()
        .map(|c| serde_json::json!({ "rule": c.rule, "title": c.title(), "severity": c.severity, "count": c.count }))
        .collect();
    let kinds: serde_json::Map<String, serde_json::Value> = figures
        .stats
        .target_kinds
        .iter()
        .map(|(k, n)| (k.clone(), (*n).into()))
        .collect();
    Ok(Json(serde_json::json!({
        "documents": figures.totals.documents,
        "projects": figures.published_projects(),
        "indicators": figures.indicators(),
        "units": units,
        "target_kinds": kinds,
        "findings_by_rule": findings,
    })))
}

pub async fn openapi() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        include_str!("../../openapi.json"),
    )
}

/// Every published indicator, one record each: sent a few documents at a time (unpublished
/// projects left out), so the largest store is exported in the memory of a few documents.
fn published_stream<F>(state: Arc<AppState>, head: Vec<u8>, tail: Vec<u8>, encode: F) -> Body
where
    F: FnMut(&jixiao_model::Document) -> Result<Vec<u8>, jixiao_publish::PublishError>
        + Send
        + 'static,
{
    enum Step {
        Head,
        /// Documents after this id.
        After(i64),
        Tail,
        Done,
    }
    struct Export<F> {
        state: Arc<AppState>,
        hidden: crate::published::Hidden,
        encode: F,
        head: Vec<u8>,
        tail: Vec<u8>,
    }
    async fn chunk<F>(step: Step, export: &mut Export<F>) -> Result<(Vec<u8>, Step), String>
    where
        F: FnMut(&jixiao_model::Document) -> Result<Vec<u8>, jixiao_publish::PublishError>,
    {
        let store = &export.state.store;
        match step {
            Step::Head => {
                export.hidden = crate::published::Hidden::read(store)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok((std::mem::take(&mut export.head), Step::After(0)))
            }
            Step::After(after) => {
                let (documents, last) = crate::published::next_batch(store, after, &export.hidden)
                    .await
                    .map_err(|e| e.to_string())?;
                let Some(last) = last else {
                    return Ok((Vec::new(), Step::Tail));
                };
                let mut bytes = Vec::new();
                for (document, _) in &documents {
                    bytes.extend((export.encode)(document).map_err(|e| e.to_string())?);
                }
                Ok((bytes, Step::After(last)))
            }
            Step::Tail => Ok((std::mem::take(&mut export.tail), Step::Done)),
            Step::Done => Ok((Vec::new(), Step::Done)),
        }
    }
    let export = Export {
        state,
        hidden: crate::published::Hidden::default(),
        encode,
        head,
        tail,
    };
    let stream =
        futures_util::stream::unfold((Step::Head, export), |(step, mut export)| async move {
            if matches!(step, Step::Done) {
                return None;
            }
            match chunk(step, &mut export).await {
                Ok((bytes, next)) => Some((Ok(bytes), (next, export))),
                Err(cause) => {
                    eprintln!("开放数据导出中断：{cause}");
                    Some((Err(std::io::Error::other(cause)), (Step::Done, export)))
                }
            }
        });
    Body::from_stream(stream)
}

#[derive(askama::Template)]
#[template(path = "opendata.html")]
struct OpenDataPage {
    /// (name, 中文名称, description) of each column, from the schema.
    fields: Vec<(String, String, String)>,
}

/// `GET /opendata`: what can be downloaded, with the columns explained.
pub async fn opendata_page() -> Result<axum::response::Html<String>, crate::PageError> {
    let schema: serde_json::Value = serde_json::from_str(jixiao_publish::SCHEMA_JSON)
        .map_err(|e| crate::PageError::Internal(e.to_string()))?;
    let text =
        |field: &serde_json::Value, key: &str| field[key].as_str().unwrap_or_default().to_string();
    let fields = schema["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| (text(f, "name"), text(f, "title"), text(f, "description")))
        .collect();
    Ok(axum::response::Html(askama::Template::render(
        &OpenDataPage { fields },
    )?))
}

/// `GET /opendata/schema.json`: the Table Schema of the open-data records.
pub async fn opendata_schema() -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        jixiao_publish::SCHEMA_JSON,
    )
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CsvQuery {
    /// `fields` for the schema's field names in the header row; Chinese titles otherwise.
    header: String,
}

pub async fn opendata_csv(
    State(state): State<Arc<AppState>>,
    axum::extract::Query(query): axum::extract::Query<CsvQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let header = if query.header == "fields" {
        jixiao_publish::CsvHeader::Fields
    } else {
        jixiao_publish::CsvHeader::Titles
    };
    let head = jixiao_publish::csv_start_with(header)
        .map_err(|e| ApiError(crate::PageError::Internal(e.to_string())))?;
    let body = published_stream(state, head, Vec::new(), jixiao_publish::csv_rows);
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"jixiao-indicators.csv\"",
            ),
        ],
        body,
    ))
}

pub async fn opendata_json(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let mut first = true;
    let body = published_stream(state, b"[".to_vec(), b"\n]\n".to_vec(), move |document| {
        jixiao_publish::json_items(document, &mut first)
    });
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
}
