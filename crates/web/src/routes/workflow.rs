//! Logging in and out, and the life of a project: 草稿 → 已提交 → 已通过 / 已退回 (→ 草稿).
//! Every move is checked on the server (role, unit, current state, CSRF) and written to the audit log.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use jixiao_store::{AuditEntry, RowComment};
use serde::Deserialize;

use super::projects::load;
use super::review_queue::ReviewQuery;
use crate::auth::{self, Role, Session};
use crate::moves::{self, Move, Standing};
use crate::{AppState, PageError, SubmitRule};
use jixiao_review::Severity;

pub const DRAFT: &str = "draft";
pub const SUBMITTED: &str = "submitted";
pub const APPROVED: &str = "approved";
pub const RETURNED: &str = "returned";
/// 初审通过: the 主管部门 passed it; it waits for the bureau's final review (two levels only).
pub const PRELIMINARY: &str = "preliminary";

pub fn state_label(state: Option<&str>) -> &'static str {
    match state {
        Some(DRAFT) => "草稿",
        Some(SUBMITTED) => "已提交",
        Some(RETURNED) => "已退回",
        Some(PRELIMINARY) => "初审通过（待财政终审）",
        _ => "已通过",
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    message: String,
    /// The page to go on to after the login.
    next: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    next: String,
}

/// The login form; someone already logged in goes to their own page instead.
pub async fn login_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Result<Response, PageError> {
    let next = crate::chrome::local_path(&query.next).map(str::to_string);
    if let Some(session) = auth::current(&state, &headers).await? {
        let target = next.unwrap_or_else(|| home(session.role).to_string());
        return Ok(Redirect::to(&target).into_response());
    }
    let page = LoginPage {
        message: String::new(),
        next: next.unwrap_or_default(),
    }
    .render()?;
    Ok(Html(page).into_response())
}

/// Where each role works.
pub fn home(role: Role) -> &'static str {
    match role {
        Role::Unit => "/my",
        Role::Department | Role::Reviewer => "/review",
        Role::Admin => "/admin",
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(state): State<Arc<AppState>>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let address = client.map(|Extension(ConnectInfo(peer))| peer.ip());
    let name = form.name.trim();
    let logged_in = match auth::login(&state, name, &form.password, address, &headers).await {
        Ok(logged_in) => logged_in,
        Err(PageError::BadLogin) => {
            let page = LoginPage {
                message: "用户名或密码不正确。".into(),
                next: crate::chrome::local_path(&form.next)
                    .unwrap_or_default()
                    .to_string(),
            }
            .render()?;
            return Ok((StatusCode::UNAUTHORIZED, Html(page)).into_response());
        }
        Err(other) => return Err(other),
    };
    let user = state
        .store
        .user_by_name(form.name.trim())
        .await?
        .ok_or(PageError::BadLogin)?;
    let target = crate::chrome::local_path(&form.next)
        .or_else(|| Role::parse(&user.role).map(home))
        .unwrap_or("/");
    Ok((
        AppendHeaders([
            (header::SET_COOKIE, auth::set_cookie(&logged_in.session)),
            (header::SET_COOKIE, auth::device_cookie(&logged_in.device)),
        ]),
        Redirect::to(target),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn logout(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    let session = auth::require(&state, &headers, Some(&form.csrf)).await?;
    state.store.delete_session(&session.token).await?;
    Ok((
        [(header::SET_COOKIE, auth::clear_cookie())],
        Redirect::to("/"),
    )
        .into_response())
}

#[derive(serde::Serialize)]
pub struct QueueRow {
    pub id: i64,
    pub unit: String,
    pub year: String,
    pub name: String,
    /// 预算数 as the project wrote it, and in 元 for sorting.
    pub budget: String,
    #[serde(skip)]
    pub budget_yuan: Option<rust_decimal::Decimal>,
    pub state: String,
    /// When the project came to its state, and who moved it there (Beijing time).
    pub moved_at: String,
    pub moved_by: String,
    pub score: u32,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Template)]
#[template(path = "queue.html")]
pub(super) struct QueuePage {
    pub(super) title: String,
    pub(super) rows: Vec<QueueRow>,
    pub(super) csrf: String,
    pub(super) upload: bool,
    /// Why the last upload was refused, shown next to the file field.
    pub(super) upload_error: String,
    /// The file just uploaded and what was said about it.
    pub(super) upload_report: Option<super::upload::UploadReport>,
    /// The batch moves offered under the queue: `submit` for unit staff, `approve` and
    /// `return` for reviewers.
    pub(super) reviewer: bool,
    /// The reviewer's filters (none on the unit's page).
    pub(super) filter: Option<ReviewQuery>,
    /// Whether the rows can be decided here (the submitted ones).
    pub(super) decidable: bool,
    /// The unit's published projects (id, name, year), which it may revise (目标调整).
    pub(super) published: Vec<(i64, String, String)>,
    /// What the last batch did, project by project: its title and each project.
    pub(super) batch_title: String,
    pub(super) batch: Vec<super::batch::Moved>,
    /// The tasks the session sees, with their counts.
    pub(super) tasks: Vec<super::tasks::TaskView>,
    /// For reviewers: monitoring rounds and self-evaluations waiting to be confirmed.
    pub(super) awaiting: Vec<super::tasks::AwaitingRecord>,
    /// 整改 items waiting for the session: the unit's open ones, the reviewers' answered ones.
    pub(super) rectifications: usize,
}

/// The most published projects the unit's page lists (the project list has them all).
const PUBLISHED_LISTED: i64 = 500;

/// The state a move leads to.
pub fn target_state(action: &str) -> &'static str {
    match action {
        "submit" => SUBMITTED,
        "approve" => APPROVED,
        _ => RETURNED,
    }
}

/// The session's queue page (`/my` for unit staff, `/review` for reviewers), with what a
/// batch just did.
pub(super) async fn queue_page(
    state: &AppState,
    session: &Session,
    batch: Option<(&str, Vec<super::batch::Moved>)>,
) -> Result<String, PageError> {
    let mut page = if moves::pending(state.review_levels, session).is_some() {
        super::review_queue::review_page(state, session, &ReviewQuery::default()).await?
    } else {
        my_queue(state, session, String::new(), None).await?
    };
    if let Some((action, moved)) = batch {
        let done = moved.iter().filter(|m| m.refused.is_none()).count();
        page.batch_title = format!(
            "批量{}：{done} 个项目{}，{} 个未处理",
            action_label(action),
            state_label(Some(target_state(action))),
            moved.len() - done
        );
        page.batch = moved;
    }
    Ok(page.render()?)
}

fn action_label(action: &str) -> &'static str {
    match action {
        "submit" => "提交",
        "approve" => "通过",
        _ => "退回",
    }
}

/// Unpublished projects visible to this session, worst review first.
pub(super) async fn queue(
    state: &AppState,
    session: &Session,
    states: &[&str],
) -> Result<Vec<QueueRow>, PageError> {
    // Each document is read and reviewed once, however many of its projects wait.
    let mut waiting: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    for (doc_key, name, project_state, at) in state.store.workflow_rows().await? {
        if states.contains(&project_state.as_str()) {
            waiting
                .entry(doc_key)
                .or_default()
                .push((name, project_state, at));
        }
    }
    let mut rows = Vec::new();
    for (doc_key, projects) in waiting {
        let mut found = Vec::new();
        for (name, project_state, at) in projects {
            if let Some(summary) = state.store.project_by_key(&doc_key, &name).await? {
                found.push((summary, name, project_state, at));
            }
        }
        let Some((first, _, _, _)) = found.first() else {
            continue;
        };
        let Some(stored) = state.store.document(first.document_id).await? else {
            continue;
        };
        let unit = &stored.document.unit;
        if !session.can_review() && !session.owns(unit.code.as_deref(), unit.name.as_deref()) {
            // A department's reviewer sees the projects it gives the first review.
            let mut theirs = Vec::new();
            for entry in found {
                if moves::reviews_as_department(state, session, &stored.document, entry.0.position)
                    .await?
                {
                    theirs.push(entry);
                }
            }
            found = theirs;
            if found.is_empty() {
                continue;
            }
        }
        let report = jixiao_review::review(&stored.document);
        for (summary, name, project_state, at) in found {
            let moved_by = state
                .store
                .audit_log(&doc_key, &name)
                .await?
                .into_iter()
                .next_back()
                .map(|entry| entry.user_name)
                .unwrap_or_default();
            let count = |severity| {
                report
                    .findings
                    .iter()
                    .filter(|f| {
                        f.location.project == Some(summary.position) && f.severity == severity
                    })
                    .count()
            };
            rows.push(QueueRow {
                id: summary.id,
                unit: unit.name.clone().unwrap_or_default(),
                year: super::year_label(summary.fiscal_year),
                budget: super::money(summary.total_yuan, summary.budget_unit),
                budget_yuan: summary.total_yuan,
                name,
                state: state_label(Some(&project_state)).to_string(),
                moved_at: super::beijing_time(&at),
                moved_by,
                score: report.scores.get(summary.position).map_or(0, |s| s.score),
                errors: count(jixiao_review::Severity::Error),
                warnings: count(jixiao_review::Severity::Warning),
            });
        }
    }
    rows.sort_by_key(|row| std::cmp::Reverse((row.errors, row.warnings)));
    Ok(rows)
}

/// `GET /api/v1/queue`: for reviewers the submitted projects, worst review first; for unit staff
/// their unit's drafts, submitted and returned projects.
pub async fn api_queue(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<axum::Json<serde_json::Value>, crate::ApiError> {
    let session = auth::require(&state, &headers, None)
        .await
        .map_err(crate::ApiError)?;
    let pending = moves::pending(state.review_levels, &session);
    let states: Vec<&str> = match pending {
        Some(pending) => vec![pending],
        None => vec![DRAFT, SUBMITTED, PRELIMINARY, RETURNED],
    };
    let rows = queue(&state, &session, &states)
        .await
        .map_err(crate::ApiError)?;
    Ok(axum::Json(serde_json::json!({ "projects": rows })))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MyQuery {
    /// The document just uploaded (`/my?document=ID`, where an upload from the page lands): its
    /// diagnostics are listed next to the file field.
    pub document: Option<i64>,
    /// What the upload just did: projects drafted, unchanged, and the ids of those it skipped.
    pub drafted: Option<usize>,
    pub unchanged: Option<usize>,
    pub skipped: String,
}

pub async fn my_projects(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<MyQuery>,
) -> Result<Html<String>, PageError> {
    let session = auth::require(&state, &headers, None).await?;
    if session.role != Role::Unit {
        return Err(PageError::Forbidden(
            "只有单位填报员有本单位的填报任务".into(),
        ));
    }
    let mut report = match query.document {
        Some(id) => super::upload::UploadReport::of_document(&state, &session, id).await?,
        None => None,
    };
    if let (Some(report), Some(id), Some(drafted)) = (&mut report, query.document, query.drafted) {
        let unchanged = query.unchanged.unwrap_or(0);
        report.summary =
            format!("{drafted} 个项目成为草稿，{unchanged} 个与已存的相同（状态不变）");
        let skipped: Vec<i64> = query
            .skipped
            .split(',')
            .filter_map(|id| id.trim().parse().ok())
            .collect();
        report.skipped = state
            .store
            .project_ids_in(id)
            .await?
            .into_iter()
            .filter(|(_, project)| skipped.contains(project))
            .map(|(name, _)| name)
            .collect();
    }
    Ok(Html(
        my_page(&state, &session, String::new(), report).await?,
    ))
}

pub(super) async fn my_page(
    state: &AppState,
    session: &Session,
    upload_error: String,
    upload_report: Option<super::upload::UploadReport>,
) -> Result<String, PageError> {
    Ok(my_queue(state, session, upload_error, upload_report)
        .await?
        .render()?)
}

async fn my_queue(
    state: &AppState,
    session: &Session,
    upload_error: String,
    upload_report: Option<super::upload::UploadReport>,
) -> Result<QueuePage, PageError> {
    let rows = queue(state, session, &[DRAFT, SUBMITTED, PRELIMINARY, RETURNED]).await?;
    let mut published = Vec::new();
    if let Some(unit) = session.user.unit.clone() {
        let filter = jixiao_store::ProjectFilter {
            unit: Some(unit),
            published_only: true,
            limit: Some(PUBLISHED_LISTED),
            ..jixiao_store::ProjectFilter::default()
        };
        for summary in state.store.projects(&filter).await? {
            if session.owns(summary.unit_code.as_deref(), summary.unit_name.as_deref()) {
                published.push((
                    summary.id,
                    summary.name,
                    super::year_label(summary.fiscal_year),
                ));
            }
        }
    }
    Ok(QueuePage {
        title: "本单位填报".into(),
        rows,
        published,
        csrf: session.csrf.clone(),
        upload: true,
        upload_error,
        upload_report,
        reviewer: false,
        filter: None,
        decidable: true,
        batch_title: String::new(),
        batch: Vec::new(),
        tasks: super::tasks::tasks_for(state, session).await?,
        awaiting: Vec::new(),
        rectifications: super::rectifications::waiting(state, session).await?,
    })
}

#[derive(Deserialize)]
pub struct ActionForm {
    pub csrf: String,
    #[serde(default)]
    pub comment: String,
    /// Set when the submitter confirms having read the project's review findings.
    #[serde(default)]
    pub confirm: String,
}

/// Whether a project may be submitted with its review findings: by the deployment's rule,
/// errors block or ask to be confirmed, warnings ask to be confirmed.
fn check_findings(
    state: &AppState,
    loaded: &super::projects::Loaded,
    confirmed: bool,
) -> Result<(), PageError> {
    let report = jixiao_review::review(&loaded.document);
    let mine = |severity| {
        report
            .findings
            .iter()
            .filter(move |f| f.location.project == Some(loaded.position) && f.severity == severity)
    };
    let errors: Vec<&str> = mine(Severity::Error).map(|f| f.message.as_str()).collect();
    let warnings = mine(Severity::Warning).count();
    if !errors.is_empty() && state.submit_rule == SubmitRule::ErrorsBlock {
        let shown: Vec<&str> = errors.iter().take(3).copied().collect();
        return Err(PageError::Conflict(format!(
            "项目有 {} 条【错误】，改正后才能提交：{}{}",
            errors.len(),
            shown.join("；"),
            if errors.len() > shown.len() {
                "等"
            } else {
                ""
            }
        )));
    }
    if (!errors.is_empty() || warnings > 0) && !confirmed {
        return Err(PageError::Conflict(format!(
            "项目有 {} 条【错误】、{warnings} 条【警告】，请阅读后勾选“已阅读审核意见，确认提交”再提交",
            errors.len()
        )));
    }
    Ok(())
}

/// Who the session is to the loaded project (see [`moves::allowed`]).
pub async fn standing(
    state: &AppState,
    session: &Session,
    loaded: &super::projects::Loaded,
) -> Result<Standing, PageError> {
    let unit = &loaded.document.unit;
    Ok(Standing {
        owns: session.owns(unit.code.as_deref(), unit.name.as_deref()),
        department: moves::reviews_as_department(state, session, &loaded.document, loaded.position)
            .await?,
    })
}

/// One workflow move: who may make it, from which states, to which. A return carries the
/// reviewer's comments: one for the whole project and/or one per indicator row.
pub async fn act(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    form: &ActionForm,
    action: &str,
    row_comments: &[(usize, String)],
) -> Result<i64, PageError> {
    let session = auth::require(state, headers, Some(&form.csrf)).await?;
    let loaded = load(state, id).await?;
    let wanted = Move::parse(action)
        .ok_or_else(|| PageError::BadRequest(format!("不认识的操作“{action}”")))?;
    let standing = standing(state, &session, &loaded).await?;
    let (from, to) = moves::allowed(state.review_levels, &session, standing, wanted)
        .map_err(PageError::Forbidden)?;
    if wanted == Move::Submit {
        check_findings(state, &loaded, !form.confirm.trim().is_empty())?;
    }
    if wanted == Move::Return && form.comment.trim().is_empty() && row_comments.is_empty() {
        return Err(PageError::BadRequest(
            "退回时须填写意见：整体意见或至少一行的意见".into(),
        ));
    }
    let indicators = &loaded.project().indicators;
    let mut comments = Vec::new();
    if !form.comment.trim().is_empty() && wanted == Move::Return {
        comments.push(RowComment {
            at: String::new(),
            user_name: session.user.name.clone(),
            row: None,
            label: String::new(),
            comment: form.comment.trim().to_string(),
        });
    }
    for (row, comment) in row_comments {
        let indicator = indicators
            .get(*row)
            .ok_or_else(|| PageError::BadRequest(format!("第{}行不存在，意见未保存", row + 1)))?;
        comments.push(RowComment {
            at: String::new(),
            user_name: session.user.name.clone(),
            row: Some(*row),
            label: indicator.name.clone(),
            comment: comment.clone(),
        });
    }
    let note = (wanted == Move::Approve)
        .then(|| form.comment.trim().to_string())
        .filter(|c| !c.is_empty());
    let detail = note
        .into_iter()
        .chain(comments.iter().map(|c| match c.row {
            Some(row) => format!("第{}行“{}”：{}", row + 1, c.label, c.comment),
            None => c.comment.clone(),
        }))
        .collect::<Vec<_>>()
        .join("；");
    let doc_key = loaded.summary.doc_key.clone();
    let audit = AuditEntry {
        at: String::new(),
        user_name: session.user.name.clone(),
        action: action.to_string(),
        detail,
    };
    if !state
        .store
        .transition(
            &doc_key,
            &loaded.project().name,
            from,
            to,
            &audit,
            &comments,
        )
        .await?
    {
        let current = state
            .store
            .workflow_state(&doc_key, &loaded.project().name)
            .await?;
        return Err(PageError::Conflict(format!(
            "项目当前为“{}”，不能执行此操作",
            state_label(current.as_deref())
        )));
    }
    Ok(loaded.summary.id)
}

/// `POST /projects/{id}/revise`: the unit takes its published project back to draft to revise it
/// (目标调整, with the reason in `comment`); the public keeps seeing the approved version until
/// the revision is approved.
pub async fn revise(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let project = start_revision(&state, &headers, &id, &form).await?;
    Ok(Redirect::to(&format!("/projects/{project}/edit?done=revise")).into_response())
}

pub async fn start_revision(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    form: &ActionForm,
) -> Result<i64, PageError> {
    let session = auth::require(state, headers, Some(&form.csrf)).await?;
    let loaded = load(state, id).await?;
    let unit = &loaded.document.unit;
    if !session.owns(unit.code.as_deref(), unit.name.as_deref()) {
        return Err(PageError::Forbidden("只能调整本单位的项目".into()));
    }
    let reason = form.comment.trim();
    if reason.is_empty() {
        return Err(PageError::BadRequest("目标调整须写明调整原因".into()));
    }
    let audit = AuditEntry {
        at: String::new(),
        user_name: session.user.name.clone(),
        action: "revise".into(),
        detail: reason.to_string(),
    };
    let name = &loaded.project().name;
    if !state
        .store
        .revise(&loaded.summary.doc_key, name, &audit)
        .await?
    {
        let current = state
            .store
            .workflow_state(&loaded.summary.doc_key, name)
            .await?;
        return Err(PageError::Conflict(format!(
            "项目当前为“{}”，只有已公开的项目可以目标调整",
            state_label(current.as_deref())
        )));
    }
    Ok(loaded.summary.id)
}

/// The project's page after `action`, which says what was done.
fn to_project(id: i64, action: &str) -> Response {
    Redirect::to(&format!("/projects/{id}?done={action}")).into_response()
}

pub async fn submit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    act(&state, &headers, &id, &form, "submit", &[])
        .await
        .map(|project| to_project(project, "submit"))
}

pub async fn approve(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    act(&state, &headers, &id, &form, "approve", &[])
        .await
        .map(|project| to_project(project, "approve"))
}

/// The return form: `csrf`, `comment` (the whole project) and `row{n}` (indicator row n).
pub async fn send_back(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let value = |key: &str| super::field(&pairs, key).to_string();
    let form = ActionForm {
        csrf: value("csrf"),
        comment: value("comment"),
        confirm: String::new(),
    };
    let rows: Vec<(usize, String)> = pairs
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("row")?.parse().ok()?, v.trim().to_string())))
        .filter(|(_, v): &(usize, String)| !v.is_empty())
        .collect();
    match act(&state, &headers, &id, &form, "return", &rows).await {
        Ok(project) => Ok(to_project(project, "return")),
        Err(PageError::BadRequest(message)) => {
            let page = super::projects::project_page(&state, &headers, &id, &message).await?;
            Ok((StatusCode::BAD_REQUEST, Html(page)).into_response())
        }
        Err(other) => Err(other),
    }
}
