//! The indicator library (指标库): search and browse (`/library`), an entry (`/library/{id}`),
//! downloads (`/library.csv`, `/library.xlsx`), the JSON API (`/api/v1/library`, `…/{id}`) and
//! the editor's suggestions (`/api/v1/library/suggest`).

use std::sync::Arc;

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use jixiao_library::{Entry, Sector, Summary};
use jixiao_model::{Level1Kind, Level2, Level2Kind};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::library::{self, Catalogue};
use crate::{ApiError, AppState, PageError, charts};

/// Entries on a page.
const PAGE_SIZE: usize = 50;
/// Suggestions the editor shows.
const SUGGESTIONS: usize = 8;

#[derive(Debug, Default, Deserialize)]
pub struct LibraryQuery {
    q: Option<String>,
    level2: Option<String>,
    sector: Option<String>,
    page: Option<usize>,
    limit: Option<usize>,
}

impl LibraryQuery {
    fn query(&self) -> Result<library::Query, String> {
        let level2 = match self.level2.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                Level2::from_text(text)
                    .kind
                    .ok_or_else(|| format!("没有“{text}”这一二级指标"))?,
            ),
        };
        let sector = match self.sector.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => {
                Some(Sector::from_name(text).ok_or_else(|| format!("没有“{text}”这一领域"))?)
            }
        };
        Ok(library::Query {
            words: self.q.clone().unwrap_or_default(),
            level2,
            sector,
        })
    }

    fn page(&self) -> usize {
        self.page.unwrap_or(1).max(1)
    }

    /// The query as a link's parameters, without the page.
    fn parameters(&self) -> String {
        serde_urlencoded::to_string([
            ("q", self.q.as_deref().unwrap_or("")),
            ("level2", self.level2.as_deref().unwrap_or("")),
            ("sector", self.sector.as_deref().unwrap_or("")),
        ])
        .unwrap_or_default()
    }
}

fn level1_name(level1: Option<Level1Kind>) -> &'static str {
    level1.map_or("未识别", Level1Kind::canonical_name)
}

fn level2_name(level2: Option<Level2Kind>) -> &'static str {
    level2.map_or("未识别", Level2Kind::canonical_name)
}

/// A row of the list and of the downloads.
struct Listed {
    id: String,
    name: String,
    level1: &'static str,
    level2: &'static str,
    kind: String,
    sector: &'static str,
    typical: String,
    documents: u32,
    units: u32,
    rows: u32,
    with_findings: u32,
}

impl From<&Summary> for Listed {
    fn from(s: &Summary) -> Listed {
        Listed {
            id: s.id.clone(),
            name: s.name.clone(),
            level1: level1_name(s.level1),
            level2: level2_name(s.level2),
            kind: s.kind.label(),
            sector: s.sector.name(),
            typical: s.typical(),
            documents: s.documents,
            units: s.units,
            rows: s.rows,
            with_findings: s.rows_with_findings,
        }
    }
}

#[derive(Template)]
#[template(path = "library.html")]
struct ListPage {
    q: String,
    level2: String,
    sector: String,
    level2s: Vec<&'static str>,
    sectors: Vec<&'static str>,
    built: Option<String>,
    stale: bool,
    found: usize,
    rows: Vec<Listed>,
    parameters: String,
    previous: Option<usize>,
    next: Option<usize>,
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    Query(query): Query<LibraryQuery>,
) -> Result<Html<String>, PageError> {
    let search = query.query().map_err(PageError::BadRequest)?;
    let (catalogue, stale) = library::current(&state).await?;
    let found = catalogue.search(&search);
    let page = query.page();
    let rows = found
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|s| Listed::from(*s))
        .collect();
    let view = ListPage {
        q: query.q.clone().unwrap_or_default(),
        level2: query.level2.clone().unwrap_or_default(),
        sector: query.sector.clone().unwrap_or_default(),
        level2s: Level2Kind::ALL.iter().map(|l| l.canonical_name()).collect(),
        sectors: Sector::ALL.iter().map(|s| s.name()).collect(),
        built: built_label(&catalogue),
        stale,
        found: found.len(),
        rows,
        parameters: query.parameters(),
        previous: (page > 1).then(|| page - 1),
        next: (found.len() > page * PAGE_SIZE).then_some(page + 1),
    };
    Ok(Html(view.render()?))
}

fn built_label(catalogue: &Catalogue) -> Option<String> {
    catalogue.build.as_ref().map(|b| {
        format!(
            "据 {} 份公开文件的 {} 行指标归纳（{} 行没有名称未计入），{} 更新",
            b.documents,
            b.rows,
            b.nameless,
            super::beijing_time(&b.built_at)
        )
    })
}

#[derive(Template)]
#[template(path = "library_entry.html")]
struct EntryPage {
    entry: Entry,
    level1: &'static str,
    level2: &'static str,
    kind: String,
    sectors: String,
    years: String,
    units: Vec<UnitView>,
    rules: Vec<(String, String, u32)>,
    finding_share: String,
}

struct UnitView {
    unit: String,
    rows: u32,
    comparators: String,
    figures: Option<String>,
    chart: String,
}

pub async fn entry_page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let entry = library::entry(&state.store, &id)
        .await?
        .ok_or_else(|| PageError::NotFound(format!("指标库中没有编号为“{id}”的条目")))?;
    let units = entry
        .units
        .iter()
        .map(|u| UnitView {
            unit: if u.unit.is_empty() {
                "（无单位）".into()
            } else {
                u.unit.clone()
            },
            rows: u.rows,
            comparators: u
                .comparators
                .iter()
                .map(|(c, n)| format!("{} {n} 行", c.map_or("（无符号）", |c| c.symbol())))
                .collect::<Vec<_>>()
                .join("，"),
            figures: u.values.as_ref().map(|v| {
                format!(
                    "{} 个数值：最小 {}，P10 {}，中位数 {}，P90 {}，最大 {}",
                    v.count, v.min, v.p10, v.median, v.p90, v.max
                )
            }),
            chart: u.values.as_ref().map_or(String::new(), |v| {
                let bins: Vec<(String, u32)> = v
                    .histogram
                    .iter()
                    .map(|b| (b.from.to_string(), b.count))
                    .collect();
                charts::histogram(&bins, &u.unit)
            }),
        })
        .collect();
    let rules = entry
        .quality
        .rules
        .iter()
        .map(|(code, n)| {
            let title = jixiao_review::rule(code).map_or(code.as_str(), |r| r.title());
            (code.clone(), title.to_string(), *n)
        })
        .collect();
    let view = EntryPage {
        level1: level1_name(entry.level1),
        level2: level2_name(entry.level2),
        kind: entry.kind.label(),
        sectors: entry
            .sectors
            .iter()
            .map(|(s, n)| format!("{} {n} 行", s.name()))
            .collect::<Vec<_>>()
            .join("，"),
        years: entry
            .usage
            .years
            .iter()
            .map(|y| format!("{y}年"))
            .collect::<Vec<_>>()
            .join("、"),
        units,
        rules,
        finding_share: share(entry.quality.rows_with_findings, entry.usage.rows),
        entry,
    };
    Ok(Html(view.render()?))
}

fn share(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "—".into();
    }
    format!("{:.1}%", f64::from(part) * 100.0 / f64::from(whole))
}

const HEADER: [&str; 13] = [
    "编号",
    "三级指标",
    "一级指标",
    "二级指标",
    "计量",
    "领域",
    "常见写法",
    "使用文件数",
    "使用单位数",
    "行数",
    "有审核提示的行数",
    "写法",
    "链接",
];

/// `GET /library.csv`: every entry the search finds.
pub async fn csv(
    State(state): State<Arc<AppState>>,
    Query(query): Query<LibraryQuery>,
) -> Result<Response, PageError> {
    download(&state, "library.csv", &query).await
}

/// `GET /library.xlsx`: the same as a workbook.
pub async fn xlsx(
    State(state): State<Arc<AppState>>,
    Query(query): Query<LibraryQuery>,
) -> Result<Response, PageError> {
    download(&state, "library.xlsx", &query).await
}

async fn download(
    state: &Arc<AppState>,
    format: &str,
    query: &LibraryQuery,
) -> Result<Response, PageError> {
    let search = query.query().map_err(PageError::BadRequest)?;
    let (catalogue, _) = library::current(state).await?;
    let cells: Vec<Vec<String>> = catalogue
        .search(&search)
        .into_iter()
        .map(|s| {
            let l = Listed::from(s);
            vec![
                l.id.clone(),
                l.name,
                l.level1.into(),
                l.level2.into(),
                l.kind,
                l.sector.into(),
                l.typical,
                l.documents.to_string(),
                l.units.to_string(),
                l.rows.to_string(),
                l.with_findings.to_string(),
                s.variants.join("；"),
                format!("/library/{}", l.id),
            ]
        })
        .collect();
    let (bytes, content_type) = match format {
        "library.csv" => {
            let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
            writer.write_record(HEADER)?;
            for row in &cells {
                writer.write_record(row)?;
            }
            (
                writer
                    .into_inner()
                    .map_err(|e| PageError::Internal(e.to_string()))?,
                "text/csv; charset=utf-8",
            )
        }
        "library.xlsx" => (
            jixiao_publish::template_xlsx("指标库", &HEADER, &cells, &[])?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        other => return Err(PageError::NotFound(format!("没有“{other}”"))),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{format}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

fn summary_json(s: &Summary) -> Value {
    json!({
        "id": s.id,
        "name": s.name,
        "level1": s.level1.map(Level1Kind::canonical_name),
        "level2": s.level2.map(Level2Kind::canonical_name),
        "kind": s.kind.label(),
        "sector": s.sector.name(),
        "unit": s.unit,
        "comparator": s.comparator.map(|c| c.symbol()),
        "p10": s.p10.map(|d| d.to_string()),
        "median": s.median.map(|d| d.to_string()),
        "p90": s.p90.map(|d| d.to_string()),
        "typical": s.typical(),
        "documents": s.documents,
        "units": s.units,
        "rows": s.rows,
        "rows_with_findings": s.rows_with_findings,
    })
}

/// `GET /api/v1/library`: entries the search finds, a page at a time.
pub async fn api_list(
    State(state): State<Arc<AppState>>,
    Query(query): Query<LibraryQuery>,
) -> Result<Json<Value>, ApiError> {
    let search = query
        .query()
        .map_err(|e| ApiError(PageError::BadRequest(e)))?;
    let (catalogue, stale) = library::current(&state).await?;
    let found = catalogue.search(&search);
    let limit = query.limit.unwrap_or(PAGE_SIZE).clamp(1, 500);
    let entries: Vec<Value> = found
        .iter()
        .skip((query.page() - 1) * limit)
        .take(limit)
        .map(|s| summary_json(s))
        .collect();
    Ok(Json(json!({
        "count": found.len(),
        "page": query.page(),
        "entries": entries,
        "built_at": catalogue.build.as_ref().map(|b| super::beijing_time(&b.built_at)),
        "updating": stale,
    })))
}

/// `GET /api/v1/library/{id}`: the whole entry.
pub async fn api_entry(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Entry>, ApiError> {
    library::entry(&state.store, &id)
        .await?
        .map(Json)
        .ok_or_else(|| {
            ApiError(PageError::NotFound(format!(
                "指标库中没有编号为“{id}”的条目"
            )))
        })
}

/// `GET /api/v1/library/suggest?q=…&level2=…`: what the editor offers as a name is typed.
pub async fn suggest(
    State(state): State<Arc<AppState>>,
    Query(query): Query<LibraryQuery>,
) -> Result<Json<Value>, ApiError> {
    let search = query
        .query()
        .map_err(|e| ApiError(PageError::BadRequest(e)))?;
    if search.words.trim().is_empty() {
        return Ok(Json(json!({ "entries": [] })));
    }
    let (catalogue, _) = library::current(&state).await?;
    let entries: Vec<Value> = catalogue
        .search(&search)
        .into_iter()
        .take(SUGGESTIONS)
        .map(summary_json)
        .collect();
    Ok(Json(json!({ "entries": entries })))
}
