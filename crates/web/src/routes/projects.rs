//! Projects: the list with search, one project's target table with its findings, downloads.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use jixiao_model::{Document, Project};
use jixiao_store::{AuditEntry, ProjectFilter, ProjectSummary, RowComment};
use serde::Deserialize;

use super::{money, workflow};
use crate::auth::{self, Session};
use crate::{AppState, PageError};

pub const PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub unit: Option<String>,
    pub year: Option<String>,
    pub page: Option<i64>,
    /// The next page: projects after this id (the links use these, so deep pages stay cheap).
    pub after: Option<i64>,
    /// The previous page: projects before this id.
    pub before: Option<i64>,
}

impl ListQuery {
    /// The store's filter for this query as `viewer` may run it: reviewers search every project,
    /// everyone else only published ones (unit staff find their drafts on their workbench).
    pub fn filter(&self, viewer: Option<&Session>) -> Result<ProjectFilter, PageError> {
        let year = match self
            .year
            .as_deref()
            .map(str::trim)
            .filter(|y| !y.is_empty())
        {
            Some(text) => Some(
                super::parse_year(text)
                    .ok_or_else(|| PageError::BadRequest(format!("年度“{text}”不是年份")))?,
            ),
            None => None,
        };
        let keyset = self.after.is_some() || self.before.is_some();
        let page = if keyset {
            1
        } else {
            self.page.unwrap_or(1).max(1)
        };
        let text = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        Ok(ProjectFilter {
            unit: text(&self.unit),
            year,
            query: text(&self.q),
            limit: Some(PAGE_SIZE + 1),
            offset: (page - 1) * PAGE_SIZE,
            after: self.after,
            before: self.before,
            published_only: !viewer.is_some_and(Session::can_review),
        })
    }
}

pub struct Row {
    pub id: i64,
    pub year: String,
    pub unit: String,
    pub code: String,
    pub name: String,
    pub budget: String,
    pub indicators: i64,
}

impl From<&ProjectSummary> for Row {
    fn from(p: &ProjectSummary) -> Row {
        Row {
            id: p.id,
            year: p.fiscal_year.map_or("—".into(), |y| y.to_string()),
            unit: p.unit_name.clone().unwrap_or_default(),
            code: p.code.clone().unwrap_or_else(|| "—".into()),
            name: p.name.clone(),
            budget: money(p.total_yuan, p.budget_unit),
            indicators: p.indicators,
        }
    }
}

#[derive(Template)]
#[template(path = "projects.html")]
struct ListPage {
    rows: Vec<Row>,
    q: String,
    unit: String,
    year: String,
    /// Ids for the previous / next page links, when there is such a page.
    previous: Option<i64>,
    next: Option<i64>,
    /// How many projects the query finds over all pages, as shown (`1000 个以上` beyond
    /// [`COUNTED_UP_TO`]).
    found: String,
}

/// Lists count their projects up to this many; beyond, they say “more than”.
const COUNTED_UP_TO: i64 = 1000;

pub async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let session = auth::current(&state, &headers).await?;
    let filter = query.filter(session.as_ref())?;
    let mut projects = state.store.projects(&filter).await?;
    let found = state.store.count_projects(&filter, COUNTED_UP_TO).await?;
    let backward = filter.before.is_some();
    let more = projects.len() as i64 > PAGE_SIZE;
    if more && backward {
        projects.remove(0);
    }
    projects.truncate(PAGE_SIZE as usize);
    let (first, last) = (
        projects.first().map(|p| p.id),
        projects.last().map(|p| p.id),
    );
    let earlier = if backward {
        more
    } else {
        filter.after.is_some() || filter.offset > 0
    };
    let later = !backward || !projects.is_empty();
    let page = ListPage {
        rows: projects.iter().map(Row::from).collect(),
        q: query.q.unwrap_or_default(),
        unit: query.unit.unwrap_or_default(),
        year: query.year.unwrap_or_default(),
        previous: first.filter(|_| earlier),
        next: last.filter(|_| if backward { later } else { more }),
        found: if found > COUNTED_UP_TO {
            format!("{COUNTED_UP_TO} 个以上")
        } else {
            format!("{found} 个")
        },
    };
    Ok(Html(page.render()?))
}

/// A stored project with its whole document (for the review and the unit name).
pub struct Loaded {
    pub summary: ProjectSummary,
    pub document: Document,
    pub position: usize,
    /// The workflow state; `None` for a published disclosure.
    pub state: Option<String>,
}

impl Loaded {
    pub fn project(&self) -> &Project {
        &self.document.projects[self.position]
    }

    /// The review of the project's document as `access` may see it, and the project's position
    /// in what was reviewed: the public's review never reads, counts or names the unpublished
    /// projects beside it.
    pub async fn review(&self, state: &AppState, access: Access) -> Result<Reviewed, PageError> {
        let hidden = match access {
            Access::Full => Vec::new(),
            _ => (state.store.unpublished_in(&self.summary.doc_key).await?)
                .into_iter()
                .map(|(name, _)| name)
                .collect(),
        };
        let copies = if hidden.is_empty() {
            Default::default()
        } else {
            state.store.published_copies().await?
        };
        let key = &self.summary.doc_key;
        let shown = |p: &Project| {
            !hidden.contains(&p.name) || copies.contains_key(&(key.clone(), p.name.clone()))
        };
        let before = self.document.projects[..self.position]
            .iter()
            .filter(|p| !shown(p))
            .count();
        let (document, _) =
            crate::published::as_published(key, self.document.clone(), &hidden, &copies);
        let ids = state.store.project_ids_in(self.summary.document_id).await?;
        let related = document
            .projects
            .iter()
            .map(|p| {
                let id = ids
                    .iter()
                    .find(|(name, _)| *name == p.name)
                    .map(|(_, id)| *id);
                (p.name.clone(), id)
            })
            .collect();
        Ok(Reviewed {
            report: jixiao_review::review(&document),
            position: self.position - before,
            projects: related,
        })
    }
}

/// A project's document reviewed as a viewer may see it.
pub struct Reviewed {
    pub report: jixiao_review::Report,
    /// The project's position in what was reviewed.
    pub position: usize,
    /// (name, stored id) of each project reviewed, by position.
    projects: Vec<(String, Option<i64>)>,
}

impl Reviewed {
    /// The findings on the project itself.
    pub fn findings(&self) -> impl Iterator<Item = &jixiao_review::Finding> {
        self.report
            .findings
            .iter()
            .filter(|f| f.location.project == Some(self.position))
    }

    /// (name, id) of the other projects a finding points at.
    pub fn related(&self, finding: &jixiao_review::Finding) -> Vec<(String, i64)> {
        finding
            .related
            .iter()
            .filter_map(|&p| {
                let (name, id) = self.projects.get(p)?;
                Some((name.clone(), (*id)?))
            })
            .collect()
    }

    fn view(&self, finding: &jixiao_review::Finding) -> FindingView {
        FindingView {
            severity: finding.severity.label(),
            message: finding.message.clone(),
            related: self.related(finding),
        }
    }
}

pub async fn load(state: &AppState, id: &str) -> Result<Loaded, PageError> {
    let not_found = || PageError::NotFound(format!("没有编号或编码为“{id}”的项目"));
    let (summary, stored, workflow) = state
        .store
        .project_with_document(id)
        .await?
        .ok_or_else(not_found)?;
    let position = summary.position;
    if position >= stored.document.projects.len() {
        return Err(not_found());
    }
    Ok(Loaded {
        summary,
        document: stored.document,
        position,
        state: workflow,
    })
}

/// What a viewer may see of a project: the one rule for its page, downloads, versions, history
/// and reviewers' comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The published table only; an unpublished project does not exist for this viewer.
    Public,
    /// Reviewers and the project's own unit: everything, drafts, history and comments included.
    Full,
}

pub fn access(session: Option<&Session>, unit: &jixiao_model::Unit) -> Access {
    let full = session
        .is_some_and(|s| s.can_review() || s.owns(unit.code.as_deref(), unit.name.as_deref()));
    if full { Access::Full } else { Access::Public }
}

/// A project as this viewer may see it: unpublished projects (draft, submitted, returned) are
/// shown only with [`Access::Full`]; to anyone else they do not exist.
pub async fn load_visible(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<(Loaded, Option<Session>, Access), PageError> {
    let loaded = load(state, id).await?;
    let session = auth::current(state, headers).await?;
    let published = loaded
        .state
        .as_deref()
        .is_none_or(|s| s == workflow::APPROVED);
    let mut access = access(session.as_ref(), &loaded.document.unit);
    if let Some(session) = &session
        && access == Access::Public
        && crate::moves::reviews_as_department(state, session, &loaded.document, loaded.position)
            .await?
    {
        access = Access::Full;
    }
    let mut loaded = loaded;
    if !published && access == Access::Public {
        // A project under revision is shown to the public as it was approved.
        let copies = state.store.published_copies().await?;
        let Some(copy) = copies.get(&(
            loaded.summary.doc_key.clone(),
            loaded.project().name.clone(),
        )) else {
            return Err(PageError::NotFound(format!("没有编号或编码为“{id}”的项目")));
        };
        loaded.document.projects[loaded.position] = copy.clone();
        loaded.state = None;
    }
    Ok((loaded, session, access))
}

/// Refuses a viewer without [`Access::Full`] (versions and history are not public).
pub fn require_full(session: Option<&Session>, access: Access) -> Result<(), PageError> {
    match (session, access) {
        (_, Access::Full) => Ok(()),
        (None, _) => Err(PageError::LoginRequired),
        (Some(_), _) => Err(PageError::Forbidden(
            "只有审核员和本单位可以查看历史版本".into(),
        )),
    }
}

pub struct IndicatorRow {
    pub row: super::table::TableRow,
    pub findings: Vec<FindingView>,
    pub comments: Vec<String>,
    /// 上年指标值 and 上年完成值 of the same row last year ("" where there is none).
    pub last_target: String,
    pub last_actual: String,
}

/// The project a year earlier, as the page names it.
pub struct LastYearView {
    pub year: u16,
    pub id: Option<i64>,
    pub name: String,
    pub evidence: String,
    pub evaluated: bool,
    /// Where this year falls behind last year, as 【提示】.
    pub notices: Vec<String>,
}

/// A finding as the project page shows it, with links to the projects it names.
pub struct FindingView {
    pub severity: &'static str,
    pub message: String,
    /// (name, id) of each other project the finding points at.
    pub related: Vec<(String, i64)>,
}

/// One line of a project's history, as shown.
pub struct HistoryLine {
    pub at: String,
    pub user_name: String,
    pub action: &'static str,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage {
    id: i64,
    unit: String,
    year: String,
    code: String,
    name: String,
    total: String,
    fiscal: String,
    other: String,
    purpose: String,
    plan: Vec<(String, String)>,
    plan_basis: String,
    goals: Vec<String>,
    indicators: Vec<IndicatorRow>,
    last_year: Option<LastYearView>,
    project_findings: Vec<FindingView>,
    score: u32,
    state: String,
    history: Vec<HistoryLine>,
    project_comments: Vec<String>,
    versions: usize,
    csrf: String,
    can_submit: bool,
    /// The unit may start a revision (目标调整) of this published project.
    can_revise: bool,
    /// Monitoring and self-evaluation are open to the viewer (its unit or a reviewer, once published).
    tracking: bool,
    /// The project's 【错误】 and 【警告】, which submitting must get past.
    errors: usize,
    warnings: usize,
    /// Whether errors block submission here.
    errors_block: bool,
    can_review: bool,
    /// Why the last return was refused, shown next to the return form.
    return_error: String,
}

pub async fn show(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    Ok(Html(project_page(&state, &headers, &id, "").await?))
}

/// The project page; `return_error` explains a refused return next to its form.
pub async fn project_page(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    return_error: &str,
) -> Result<String, PageError> {
    let (loaded, session, access) = load_visible(state, headers, id).await?;
    let workflow_state = loaded.state.clone();
    let doc_key = loaded.summary.doc_key.clone();
    let name = &loaded.project().name;
    let (history, comments, versions) = if access == Access::Full {
        let history = state.store.audit_log(&doc_key, name).await?;
        let comments = state.store.row_comments(&doc_key, name).await?;
        let versions = state.store.versions(&doc_key, name).await?.len();
        (history, comments, versions)
    } else {
        Default::default()
    };
    let latest = comments.iter().map(|c| c.at.clone()).max();
    let comments: Vec<RowComment> = comments
        .into_iter()
        .filter(|c| Some(&c.at) == latest.as_ref())
        .collect();
    let comments_on = |row: Option<usize>, label: &str| -> Vec<String> {
        comments
            .iter()
            .filter(|c| c.row == row && (row.is_none() || c.label == label))
            .map(|c| format!("{}：{}", c.user_name, c.comment))
            .collect()
    };
    let unit = &loaded.document.unit;
    let editable = matches!(
        workflow_state.as_deref(),
        Some(workflow::DRAFT | workflow::RETURNED)
    );
    let can_submit = editable
        && session
            .as_ref()
            .is_some_and(|s| s.owns(unit.code.as_deref(), unit.name.as_deref()));
    // The approve and return forms show when the session may decide the project as it stands.
    let can_review = match session.as_ref() {
        Some(session) => {
            let standing = workflow::standing(state, session, &loaded).await?;
            crate::moves::allowed(
                state.review_levels,
                session,
                standing,
                crate::moves::Move::Approve,
            )
            .is_ok_and(|(from, _)| from.contains(&workflow_state.as_deref()))
        }
        None => false,
    };
    let project = loaded.project();
    let reviewed = loaded.review(state, access).await?;
    let last_year = crate::last_year::of(&state.store, &loaded.document, project).await?;
    let beside = |index: usize| {
        last_year
            .as_ref()
            .and_then(|l| l.rows.get(index))
            .and_then(Option::as_ref)
    };
    let budget = &project.budget;
    let page = ProjectPage {
        id: loaded.summary.id,
        unit: loaded.document.unit.name.clone().unwrap_or_default(),
        year: super::year_label(loaded.document.fiscal_year.year),
        code: project.code.clone().unwrap_or_else(|| "—".into()),
        name: project.name.clone(),
        total: money(budget.total_yuan, budget.unit),
        fiscal: money(budget.fiscal_yuan, budget.unit),
        other: money(budget.other_yuan, budget.unit),
        purpose: project.purpose.clone().unwrap_or_default(),
        plan: super::table::plan(project),
        plan_basis: project
            .spending_plan
            .as_ref()
            .map(|p| p.mode_basis.clone())
            .unwrap_or_default(),
        goals: super::table::goals(project),
        indicators: super::table::rows(project)
            .into_iter()
            .zip(&project.indicators)
            .enumerate()
            .map(|(index, (row, indicator))| IndicatorRow {
                findings: reviewed
                    .findings()
                    .filter(|f| f.points_at(index))
                    .map(|f| reviewed.view(f))
                    .collect(),
                comments: comments_on(Some(index), &indicator.name),
                row,
                last_target: beside(index).map(|b| b.target.clone()).unwrap_or_default(),
                last_actual: beside(index)
                    .and_then(|b| b.actual.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        last_year: last_year.as_ref().map(|l| LastYearView {
            year: l.year,
            id: l.project_id,
            name: l.name.clone(),
            evidence: l.evidence.clone(),
            evaluated: l.evaluated,
            notices: l.notices.iter().map(|(_, m)| m.clone()).collect(),
        }),
        project_findings: reviewed
            .findings()
            .filter(|f| f.location.indicator.is_none())
            .map(|f| reviewed.view(f))
            .collect(),
        score: reviewed
            .report
            .scores
            .get(reviewed.position)
            .map_or(0, |s| s.score),
        state: workflow::state_label(workflow_state.as_deref()).to_string(),
        history: history.into_iter().map(HistoryLine::from).collect(),
        project_comments: comments_on(None, ""),
        versions,
        csrf: session.as_ref().map(|s| s.csrf.clone()).unwrap_or_default(),
        can_submit,
        can_revise: workflow_state
            .as_deref()
            .is_none_or(|s| s == workflow::APPROVED)
            && session
                .as_ref()
                .is_some_and(|s| s.owns(unit.code.as_deref(), unit.name.as_deref())),
        tracking: access == Access::Full
            && session.is_some()
            && workflow_state
                .as_deref()
                .is_none_or(|s| s == workflow::APPROVED),
        errors: reviewed
            .findings()
            .filter(|f| f.severity == jixiao_review::Severity::Error)
            .count(),
        warnings: reviewed
            .findings()
            .filter(|f| f.severity == jixiao_review::Severity::Warning)
            .count(),
        errors_block: state.submit_rule == crate::SubmitRule::ErrorsBlock,
        can_review,
        return_error: return_error.to_string(),
    };
    Ok(page.render()?)
}

pub struct VersionLine {
    pub number: usize,
    pub at: String,
    pub user: String,
    pub indicators: usize,
    pub changes: Vec<String>,
}

#[derive(Template)]
#[template(path = "versions.html")]
struct VersionsPage {
    id: i64,
    name: String,
    versions: Vec<VersionLine>,
}

/// Every kept version, each with what changed from the one before (reviewers and the unit).
pub async fn versions(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let (loaded, session, access) = load_visible(&state, &headers, &id).await?;
    require_full(session.as_ref(), access)?;
    let kept = state
        .store
        .versions(&loaded.summary.doc_key, &loaded.project().name)
        .await?;
    let versions = kept
        .iter()
        .enumerate()
        .map(|(index, version)| VersionLine {
            number: version.number,
            at: super::beijing_time(&version.at),
            user: version.user_name.clone(),
            indicators: version.project.indicators.len(),
            changes: match index.checked_sub(1).and_then(|i| kept.get(i)) {
                Some(previous) => crate::edit::changes(&previous.project, &version.project),
                None => Vec::new(),
            },
        })
        .collect();
    Ok(Html(
        VersionsPage {
            id: loaded.summary.id,
            name: loaded.project().name.clone(),
            versions,
        }
        .render()?,
    ))
}

fn single(loaded: &Loaded) -> Document {
    let mut document = loaded.document.clone();
    document.projects = vec![loaded.project().clone()];
    document.goals = Default::default();
    document.department_indicators.clear();
    document.raw_sections.clear();
    document
}

pub(super) fn download(
    bytes: Vec<u8>,
    content_type: &'static str,
    name: &str,
    extension: &str,
) -> Response {
    let disposition = format!(
        "attachment; filename=\"project.{extension}\"; filename*=UTF-8''{}.{extension}",
        percent(name)
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// RFC 5987 encoding of a file name.
pub(super) fn percent(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub async fn docx(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (loaded, _, _) = load_visible(&state, &headers, &id).await?;
    let bytes = jixiao_publish::to_docx(&single(&loaded))?;
    let content = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    Ok(download(bytes, content, &loaded.project().name, "docx"))
}

pub async fn xlsx(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (loaded, _, _) = load_visible(&state, &headers, &id).await?;
    // Last year's target and actual beside each row, in the analysis sheet.
    let beside: Vec<Option<(String, String)>> =
        crate::last_year::of(&state.store, &loaded.document, loaded.project())
            .await?
            .map(|l| {
                l.rows
                    .into_iter()
                    .map(|b| b.map(|b| (b.target, b.actual.unwrap_or_default())))
                    .collect()
            })
            .unwrap_or_default();
    let bytes = jixiao_publish::to_xlsx_beside(&single(&loaded), &[beside])?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &loaded.project().name,
        "xlsx",
    ))
}

impl From<AuditEntry> for HistoryLine {
    fn from(entry: AuditEntry) -> HistoryLine {
        HistoryLine {
            at: super::beijing_time(&entry.at),
            user_name: entry.user_name,
            action: match entry.action.as_str() {
                "upload" => "上传",
                "create" => "新建",
                "edit" => "修改",
                "submit" => "提交审核",
                "approve" => "审核通过",
                "return" => "退回修改",
                "revise" => "目标调整",
                _ => "其他",
            },
            detail: entry.detail,
        }
    }
}
