//! The indicator library (指标库): search and browse (`/library`), an entry (`/library/{id}`),
//! downloads (`/library.csv`, `/library.xlsx`), the JSON API (`/api/v1/library`, `…/{id}`) and
//! the editor's suggestions (`/api/v1/library/suggest`).

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jixiao_library::{Action, Entry, Note, Sector, Summary, Verdict, name};
use jixiao_model::{Level1Kind, Level2, Level2Kind};
use jixiao_store::LibraryDecision;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{self, Session};
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
    verdict: &'static str,
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

impl Listed {
    fn of(s: &Summary, catalogue: &Catalogue) -> Listed {
        Listed {
            id: s.id.clone(),
            verdict: catalogue.verdict(&s.id).map_or("", Verdict::name),
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
        .map(|s| Listed::of(s, &catalogue))
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
    note: Note,
    verdict: &'static str,
    verdicts: [&'static str; 2],
    /// The session may curate; its CSRF token for the forms.
    curator: Option<String>,
    /// Decisions about this entry, newest first: (when, who, what).
    history: Vec<(String, String, String)>,
    /// Normalised written names the bureau moved, with how.
    moved: Vec<String>,
    level1: &'static str,
    level2: &'static str,
    kind: String,
    sectors: String,
    years: String,
    units: Vec<UnitView>,
    rules: Vec<(String, String, u32)>,
    finding_share: String,
    /// What one unit costs: (元/unit, documents and counties, figures, chart).
    costs: Vec<(String, String, String, String)>,
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
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let entry = found(&state, &id).await?;
    let session = auth::current(&state, &headers).await?;
    let curator = session.filter(|s| s.can_curate_library()).map(|s| s.csrf);
    let curation = library::curation(&state.store).await?;
    let note = curation.notes.get(&id).cloned().unwrap_or_default();
    let history = if curator.is_some() {
        state
            .store
            .library_decisions()
            .await?
            .into_iter()
            .rev()
            .filter(|d| d.entry_id == id)
            .filter_map(|d| {
                let action = Action::from_code(&d.action)?;
                Some((
                    super::beijing_time(&d.at),
                    d.user_name,
                    action.describe(&d.subject, &d.value),
                ))
            })
            .collect()
    } else {
        Vec::new()
    };
    let moved = entry
        .variants
        .iter()
        .map(|v| name::normalise(&v.name))
        .filter(|n| curation.moves.joined.contains_key(n) || curation.moves.apart.contains(n))
        .collect();
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
    let costs = entry
        .unit_costs
        .iter()
        .map(|c| {
            let v = &c.values;
            let bins: Vec<(String, u32)> = v
                .histogram
                .iter()
                .map(|b| (b.from.to_string(), b.count))
                .collect();
            (
                format!("元/{}", c.per),
                format!("{} 张表，{} 个县（市、区）", c.documents, c.counties),
                format!(
                    "{} 个：最小 {}，P10 {}，中位数 {}，P90 {}，最大 {}",
                    v.count, v.min, v.p10, v.median, v.p90, v.max
                ),
                charts::histogram(&bins, &format!("元/{}", c.per)),
            )
        })
        .collect();
    let view = EntryPage {
        costs,
        verdict: note.verdict.map_or("", Verdict::name),
        verdicts: Verdict::ALL.map(Verdict::name),
        note,
        curator,
        history,
        moved,
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

const HEADER: [&str; 14] = [
    "编号",
    "三级指标",
    "审定",
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
            let l = Listed::of(s, &catalogue);
            vec![
                l.id.clone(),
                l.name,
                l.verdict.into(),
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
    super::table_download(format, "指标库", &HEADER, &cells)
}

fn summary_json(s: &Summary, catalogue: &Catalogue) -> Value {
    json!({
        "id": s.id,
        "verdict": catalogue.verdict(&s.id).map(Verdict::name),
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
        .map(|s| summary_json(s, &catalogue))
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
    found(&state, &id).await.map(Json).map_err(ApiError)
}

/// The entry `id`, or a refusal saying there is none.
async fn found(state: &AppState, id: &str) -> Result<Entry, PageError> {
    library::entry(&state.store, id)
        .await?
        .ok_or_else(|| PageError::NotFound(format!("指标库中没有编号为“{id}”的条目")))
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
        .map(|s| summary_json(s, &catalogue))
        .collect();
    Ok(Json(json!({ "entries": entries })))
}

/// `POST /library/{id}/note`: the bureau marks an entry 推荐/不推荐 and writes its 解释 and
/// 计算公式; each changed field is one decision in the library's audit.
pub async fn save_note(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let session = curator(&state, &headers, &pairs).await?;
    found(&state, &id).await?;
    let verdict = super::field(&pairs, "verdict").trim();
    if !verdict.is_empty() && Verdict::from_name(verdict).is_none() {
        return Err(PageError::BadRequest(format!(
            "审定只能是“推荐”“不推荐”或不选（填的是“{verdict}”）"
        )));
    }
    let note = library::curation(&state.store)
        .await?
        .notes
        .remove(&id)
        .unwrap_or_default();
    let explanation = super::field(&pairs, "explanation").trim();
    let formula = super::field(&pairs, "formula").trim();
    let changes = [
        (
            Action::Verdict,
            note.verdict.map_or("", Verdict::name),
            verdict,
        ),
        (Action::Explanation, note.explanation.as_str(), explanation),
        (Action::Formula, note.formula.as_str(), formula),
    ];
    for (action, before, after) in changes {
        if before != after {
            record(&state, &session, &id, action, "", after).await?;
        }
    }
    Ok(Redirect::to(&format!("/library/{id}")).into_response())
}

/// `POST /library/{id}/variants`: a written name of the entry joined to another entry of the
/// same 二级指标 and kind of measure, kept apart as an entry of its own, or restored; the
/// library is built again in the background.
pub async fn move_variant(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let session = curator(&state, &headers, &pairs).await?;
    let entry = found(&state, &id).await?;
    let variant = super::field(&pairs, "variant");
    if !entry.variants.iter().any(|v| v.name == variant) {
        return Err(PageError::BadRequest(format!(
            "“{variant}”不是条目“{}”的写法",
            entry.name
        )));
    }
    let subject = name::normalise(variant);
    let (action, value) = match super::field(&pairs, "action") {
        "apart" => (Action::Apart, String::new()),
        "restore" => (Action::Restore, String::new()),
        "join" => {
            let into = super::field(&pairs, "into").trim();
            let (catalogue, _) = library::current(&state).await?;
            let target = catalogue.get(into).ok_or_else(|| {
                PageError::BadRequest(format!("指标库中没有编号为“{into}”的条目"))
            })?;
            if target.id == entry.id {
                return Err(PageError::BadRequest("不能并入条目自身".into()));
            }
            if target.level2 != entry.level2 || target.kind != entry.kind {
                return Err(PageError::BadRequest(format!(
                    "“{}”是{}、{}，“{}”是{}、{}：不同二级指标或计量的指标不能合并",
                    entry.name,
                    level2_name(entry.level2),
                    entry.kind.label(),
                    target.name,
                    level2_name(target.level2),
                    target.kind.label()
                )));
            }
            let top = target.variants.first().cloned().unwrap_or_default();
            (Action::Join, top)
        }
        other => {
            return Err(PageError::BadRequest(format!(
                "不认识的操作“{other}”：应为 join、apart 或 restore"
            )));
        }
    };
    record(&state, &session, &id, action, &subject, &value).await?;
    // The stamp has moved: reading the library now starts the rebuild.
    library::current(&state).await?;
    Ok(Redirect::to(&format!("/library/{id}")).into_response())
}

async fn curator(
    state: &AppState,
    headers: &HeaderMap,
    pairs: &[(String, String)],
) -> Result<Session, PageError> {
    let session = auth::require(state, headers, Some(super::field(pairs, "csrf"))).await?;
    if !session.can_curate_library() {
        return Err(PageError::Forbidden(
            "只有财政审核员和管理员可以审定指标库".into(),
        ));
    }
    Ok(session)
}

async fn record(
    state: &AppState,
    session: &Session,
    id: &str,
    action: Action,
    subject: &str,
    value: &str,
) -> Result<(), PageError> {
    state
        .store
        .decide_library(&LibraryDecision {
            id: 0,
            at: String::new(),
            user_name: session.user.name.clone(),
            entry_id: id.to_string(),
            action: action.code().to_string(),
            subject: subject.to_string(),
            value: value.to_string(),
        })
        .await?;
    Ok(())
}
