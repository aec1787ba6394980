//! The reviewer's queue (`/review`): submitted projects by default, or what was returned or
//! approved; filtered by unit, year and severity, sorted, counted, and exported as CSV or Excel
//! exactly as shown (`/exports/review.csv`, `/exports/review.xlsx`).

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use serde::Deserialize;

use super::workflow::{APPROVED, PRELIMINARY, QueuePage, QueueRow, RETURNED, SUBMITTED, queue};
use crate::auth::{self, Session};
use crate::moves;
use crate::{AppState, PageError};

/// The reviewer's queue filters: which state (submitted by default; returned and approved list
/// what was decided), unit, year and severity, and the order.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ReviewQuery {
    pub state: String,
    pub unit: String,
    pub year: String,
    /// `error`: projects with 【错误】; `warning`: with 【警告】 and no 【错误】.
    pub severity: String,
    /// `severity` (default), `score`, `time`, `budget`.
    pub sort: String,
}

impl ReviewQuery {
    /// The state listed: the one asked for, or the one the session decides (`pending`).
    fn state(&self, pending: &'static str) -> &'static str {
        match self.state.as_str() {
            "returned" => RETURNED,
            "approved" => APPROVED,
            _ => pending,
        }
    }

    /// The rows the filters keep, in the order asked for.
    fn apply(&self, mut rows: Vec<QueueRow>) -> Vec<QueueRow> {
        let unit = self.unit.trim();
        let year = self.year.trim().trim_end_matches('年');
        rows.retain(|row| {
            (unit.is_empty() || row.unit.contains(unit))
                && (year.is_empty() || row.year.trim_end_matches('年') == year)
                && match self.severity.as_str() {
                    "error" => row.errors > 0,
                    "warning" => row.errors == 0 && row.warnings > 0,
                    _ => true,
                }
        });
        match self.sort.as_str() {
            "score" => rows.sort_by_key(|row| row.score),
            "time" => rows.sort_by(|a, b| a.moved_at.cmp(&b.moved_at)),
            "budget" => rows.sort_by_key(|row| std::cmp::Reverse(row.budget_yuan)),
            _ => {}
        }
        rows
    }

    /// The same filters as a query string, for the export links.
    pub fn query_string(&self) -> String {
        serde_urlencoded::to_string([
            ("state", self.state.as_str()),
            ("unit", self.unit.as_str()),
            ("year", self.year.as_str()),
            ("severity", self.severity.as_str()),
            ("sort", self.sort.as_str()),
        ])
        .unwrap_or_default()
    }
}

/// The columns of the reviewer's queue, as exported.
const QUEUE_HEADER: [&str; 11] = [
    "单位",
    "年度",
    "项目",
    "预算数",
    "状态",
    "时间",
    "操作人",
    "得分",
    "错误",
    "警告",
    "编号",
];

fn queue_cells(row: &QueueRow) -> Vec<String> {
    vec![
        row.unit.clone(),
        row.year.clone(),
        row.name.clone(),
        row.budget.clone(),
        row.state.clone(),
        row.moved_at.clone(),
        row.moved_by.clone(),
        row.score.to_string(),
        row.errors.to_string(),
        row.warnings.to_string(),
        row.id.to_string(),
    ]
}

/// `GET /review.csv` and `/review.xlsx`: exactly the rows the queue shows with these filters.
pub async fn export(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(format): Path<String>,
    Query(query): Query<ReviewQuery>,
) -> Result<Response, PageError> {
    let session = auth::require(&state, &headers, None).await?;
    let Some(pending) = moves::pending(state.review_levels, &session) else {
        return Err(PageError::Forbidden("只有审核员可以导出审核队列".into()));
    };
    let rows = query.apply(queue(&state, &session, &[query.state(pending)]).await?);
    let cells: Vec<Vec<String>> = rows.iter().map(queue_cells).collect();
    super::table_download(&format, "审核队列", &QUEUE_HEADER, &cells)
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<ReviewQuery>,
) -> Result<Html<String>, PageError> {
    let session = auth::require(&state, &headers, None).await?;
    if moves::pending(state.review_levels, &session).is_none() {
        return Err(PageError::Forbidden(
            "只有审核员可以查看审核队列（主管部门审核员仅在两级审核时初审）".into(),
        ));
    }
    Ok(Html(review_page(&state, &session, &query).await?.render()?))
}

pub(super) async fn review_page(
    state: &AppState,
    session: &Session,
    query: &ReviewQuery,
) -> Result<QueuePage, PageError> {
    let pending = moves::pending(state.review_levels, session).unwrap_or(SUBMITTED);
    let listed = query.state(pending);
    let rows = query.apply(queue(state, session, &[listed]).await?);
    Ok(QueuePage {
        title: match (listed, state.review_levels) {
            (RETURNED, _) => "已退回的项目".into(),
            (APPROVED, _) => "已审核通过的项目".into(),
            (PRELIMINARY, _) => "待财政终审项目（主管部门已初审）".into(),
            (_, moves::ReviewLevels::Two) => "待初审项目".into(),
            _ => "待审核项目".into(),
        },
        filter: Some(query.clone()),
        decidable: listed == pending,
        rows,
        csrf: session.csrf.clone(),
        upload: false,
        upload_error: String::new(),
        upload_report: None,
        published: Vec::new(),
        reviewer: true,
        batch_title: String::new(),
        batch: Vec::new(),
        tasks: super::tasks::tasks_for(state, session).await?,
        awaiting: if session.can_review() {
            super::tasks::awaiting(state).await?
        } else {
            Vec::new()
        },
        rectifications: super::rectifications::waiting(state, session).await?,
    })
}
