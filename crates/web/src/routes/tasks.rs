//! 任务下达: the finance bureau issues the year's tasks — 目标申报, 运行监控 (with its cut-off),
//! 绩效自评 — to every unit or to the units named, with a deadline (`/tasks`); units see theirs
//! with counts on `/my`, reviewers all of them on `/review`; a task past its deadline with work
//! left is marked overdue.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jixiao_evaluate::Date;
use jixiao_store::{EvaluationKind, Task, TaskKind, TaskProgress};

use super::field;
use crate::auth::{self, Session};
use crate::{AppState, PageError};

/// A task as a list shows it, with its counts for one unit or summed over its units.
pub struct TaskView {
    pub task: Task,
    pub overdue: bool,
    pub progress: TaskProgress,
    /// For reviewers: each unit's counts.
    pub units: Vec<TaskProgress>,
}

impl TaskView {
    pub fn issued_to(&self) -> String {
        if self.task.units.is_empty() {
            "全部单位".into()
        } else {
            self.task.units.join("、")
        }
    }

    pub fn cutoff(&self) -> &str {
        self.task.cutoff.as_deref().unwrap_or("")
    }
}

/// A monitoring round or self-evaluation waiting for the reviewer.
pub struct AwaitingRecord {
    pub link: String,
    pub kind: &'static str,
    pub project: String,
    pub headline: String,
    pub verdict: String,
    pub recorded_by: String,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    csrf: String,
    tasks: Vec<TaskView>,
    errors: Vec<String>,
    form: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
}

impl TasksPage {
    fn value(&self, key: &str) -> &str {
        field(&self.form, key)
    }
}

/// Today in Beijing, `2024-08-10`.
fn today() -> String {
    let now = super::beijing_time(&crate::auth::now().to_string());
    now.chars().take(10).collect()
}

fn view(task: &Task, units: Vec<TaskProgress>, today: &str, reviewer: bool) -> TaskView {
    let mut progress = TaskProgress::default();
    for unit in &units {
        progress.to_do += unit.to_do;
        progress.returned += unit.returned;
        progress.submitted += unit.submitted;
        progress.done += unit.done;
    }
    TaskView {
        overdue: today > task.deadline.as_str() && !progress.filed(),
        progress,
        units: if reviewer { units } else { Vec::new() },
        task: task.clone(),
    }
}

/// The tasks the session sees: a unit's own (with its counts), or all of them for reviewers.
pub async fn tasks_for(state: &AppState, session: &Session) -> Result<Vec<TaskView>, PageError> {
    let today = today();
    let reviewer = session.can_review();
    let mine = units_of(state, session).await?;
    let mut views = Vec::new();
    for task in state.store.tasks().await? {
        if !reviewer && !mine.iter().any(|unit| task.is_for(unit)) {
            continue;
        }
        let mut units = state.store.task_progress(&task).await?;
        if !reviewer {
            units.retain(|u| mine.contains(&u.unit));
        }
        // A department's reviewer sees each of its units, as the bureau does.
        let by_unit = reviewer || session.role == crate::auth::Role::Department;
        views.push(view(&task, units, &today, by_unit));
    }
    Ok(views)
}

/// The units whose tasks the session follows: unit staff their own; a department's reviewer the
/// units registered under the department (and the department itself).
async fn units_of(state: &AppState, session: &Session) -> Result<Vec<String>, PageError> {
    let unit = session.user.unit.clone().unwrap_or_default();
    let mut units = vec![unit.clone()];
    if session.role == crate::auth::Role::Department {
        units.extend(
            state
                .store
                .units()
                .await?
                .into_iter()
                .filter(|u| u.department.as_deref() == Some(unit.as_str()))
                .map(|u| u.name),
        );
    }
    Ok(units)
}

/// Monitoring rounds and self-evaluations waiting for the reviewer, oldest first.
pub async fn awaiting(state: &AppState) -> Result<Vec<AwaitingRecord>, PageError> {
    let mut all = Vec::new();
    for kind in [EvaluationKind::Monitor, EvaluationKind::SelfEvaluation] {
        for record in state.store.awaiting_evaluations(kind).await? {
            let Some(project) = state
                .store
                .project_by_key(&record.doc_key, &record.project_name)
                .await?
            else {
                continue;
            };
            all.push(AwaitingRecord {
                link: format!("/projects/{}/{}/{}", project.id, kind.code(), record.id),
                kind: kind.label(),
                project: record.project_name.clone(),
                headline: record.headline.clone(),
                verdict: record.verdict.clone(),
                recorded_by: record.recorded_by.clone(),
            });
        }
    }
    Ok(all)
}

async fn reviewer(
    state: &AppState,
    headers: &HeaderMap,
    csrf: Option<&str>,
) -> Result<Session, PageError> {
    let session = auth::require(state, headers, csrf).await?;
    if !session.can_review() {
        return Err(PageError::Forbidden(
            "只有财政审核员和管理员可以下达任务".into(),
        ));
    }
    Ok(session)
}

async fn render(
    state: &AppState,
    session: &Session,
    errors: Vec<String>,
    form: Vec<(String, String)>,
) -> Result<String, PageError> {
    Ok(TasksPage {
        csrf: session.csrf.clone(),
        tasks: tasks_for(state, session).await?,
        errors,
        form,
        kinds: TaskKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
    }
    .render()?)
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let session = reviewer(&state, &headers, None).await?;
    Ok(Html(
        render(&state, &session, Vec::new(), Vec::new()).await?,
    ))
}

/// A date as typed (`2024-08-10`, `2024年8月10日`), written `2024-08-10`.
fn date(text: &str) -> Option<String> {
    Date::parse(jixiao_evaluate::half_width(text).trim()).map(|d| d.to_string())
}

/// Reads the issue form; every problem is named.
fn task_of(pairs: &[(String, String)], session: &Session) -> Result<Task, Vec<String>> {
    let mut errors = Vec::new();
    let kind = TaskKind::parse(field(pairs, "kind"));
    if kind.is_none() {
        errors.push("请选择任务类型（目标申报、运行监控或绩效自评）".to_string());
    }
    let title = field(pairs, "title").trim().to_string();
    if title.is_empty() {
        errors.push("请填写任务名称".to_string());
    }
    let year = super::parse_year(field(pairs, "year"));
    if year.is_none() {
        errors.push(format!(
            "预算年度“{}”无法读取（应为 2024 或 2024年）",
            field(pairs, "year")
        ));
    }
    let deadline = date(field(pairs, "deadline"));
    if deadline.is_none() {
        errors.push(format!(
            "截止日期“{}”无法读取（应为 2024-08-10）",
            field(pairs, "deadline")
        ));
    }
    let cutoff = match field(pairs, "cutoff").trim() {
        "" => None,
        text => {
            let read = date(text);
            if read.is_none() {
                errors.push(format!("监控截止日期“{text}”无法读取（应为 2024-07-31）"));
            }
            read
        }
    };
    if kind == Some(TaskKind::Monitor) && field(pairs, "cutoff").trim().is_empty() {
        errors.push("运行监控任务须填写监控截止日期（如 1—7月的监控填 7月31日）".to_string());
    }
    if let (Some(year), Some(cutoff)) = (year, &cutoff)
        && !cutoff.starts_with(&year.to_string())
    {
        errors.push(format!("监控截止日期 {cutoff} 不在预算年度 {year} 年内"));
    }
    let (Some(kind), Some(year), Some(deadline), true) = (kind, year, deadline, errors.is_empty())
    else {
        return Err(errors);
    };
    Ok(Task {
        id: 0,
        kind,
        title,
        fiscal_year: year,
        cutoff: cutoff.filter(|_| kind == TaskKind::Monitor),
        deadline,
        units: field(pairs, "units")
            .lines()
            .flat_map(|line| line.split(['、', ',', '，', ';', '；']))
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string)
            .collect(),
        issued_by: session.user.name.clone(),
        issued_at: String::new(),
    })
}

pub async fn issue(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let session = reviewer(&state, &headers, Some(field(&pairs, "csrf"))).await?;
    match task_of(&pairs, &session) {
        Ok(task) => {
            state.store.issue_task(&task).await?;
            Ok(Redirect::to("/tasks?done=task-issued").into_response())
        }
        Err(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(render(&state, &session, errors, pairs).await?),
        )
            .into_response()),
    }
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskPage {
    task: TaskView,
    reviewer: bool,
    projects: Vec<(String, String, &'static str, String)>,
    listed_all: bool,
}

/// `GET /tasks/{id}`: the task's projects (the unit's own, or every unit's for reviewers), each
/// with where it stands and a link to what is to be done.
pub async fn show(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Html<String>, PageError> {
    let session = auth::require(&state, &headers, None).await?;
    let reviewer = session.can_review();
    let mine = units_of(&state, &session).await?;
    let task = state
        .store
        .tasks()
        .await?
        .into_iter()
        .find(|t| t.id == id && (reviewer || mine.iter().any(|u| t.is_for(u))))
        .ok_or_else(|| PageError::NotFound(format!("没有下达给本单位的第 {id} 号任务")))?;
    let only = (!reviewer && mine.len() == 1).then(|| mine[0].as_str());
    let mut projects = state.store.task_projects(&task, only).await?;
    let mut units = state.store.task_progress(&task).await?;
    if !reviewer {
        projects.retain(|p| mine.contains(&p.unit));
        units.retain(|u| mine.contains(&u.unit));
    }
    let by_unit = reviewer || session.role == crate::auth::Role::Department;
    let page = match task.kind {
        TaskKind::Filing => "",
        TaskKind::Monitor => "/monitor",
        TaskKind::SelfEvaluation => "/evaluation",
    };
    Ok(Html(
        TaskPage {
            listed_all: (projects.len() as i64) < jixiao_store::TASK_PROJECTS_LISTED,
            projects: projects
                .iter()
                .map(|p| {
                    (
                        p.unit.clone(),
                        p.name.clone(),
                        p.standing.label(),
                        format!("/projects/{}{page}", p.id),
                    )
                })
                .collect(),
            task: view(&task, units, &today(), by_unit),
            reviewer: by_unit,
        }
        .render()?,
    ))
}

/// A task for the API: its fields, whether it is overdue, and its counts, in all and per unit.
fn task_json(view: &TaskView) -> serde_json::Value {
    let task = &view.task;
    let counts = |p: &TaskProgress| {
        serde_json::json!({
            "to_do": p.to_do,
            "returned": p.returned,
            "submitted": p.submitted,
            "done": p.done,
        })
    };
    serde_json::json!({
        "id": task.id,
        "kind": task.kind.code(),
        "kind_label": task.kind.label(),
        "title": task.title,
        "fiscal_year": task.fiscal_year,
        "cutoff": task.cutoff,
        "deadline": task.deadline,
        "units": task.units,
        "overdue": view.overdue,
        "progress": counts(&view.progress),
        "by_unit": view.units.iter().map(|u| {
            let mut unit = counts(u);
            unit["unit"] = u.unit.clone().into();
            unit
        }).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/tasks`: the tasks the session sees (a unit's own with its counts; every task with
/// each unit's for reviewers), newest first.
pub async fn api_list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, crate::ApiError> {
    let session = auth::require(&state, &headers, None)
        .await
        .map_err(crate::ApiError)?;
    let views = tasks_for(&state, &session).await.map_err(crate::ApiError)?;
    let items: Vec<serde_json::Value> = views.iter().map(task_json).collect();
    Ok(axum::Json(serde_json::json!({ "tasks": items })).into_response())
}

/// `POST /api/v1/tasks` (`{"kind", "title", "fiscal_year", "cutoff", "deadline", "units"}`):
/// reviewers issue a task; 201 with its id, or 422 with every problem.
pub async fn api_issue(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<serde_json::Value>,
) -> Result<Response, crate::ApiError> {
    let session = reviewer(&state, &headers, Some(super::api_write::csrf(&headers)))
        .await
        .map_err(crate::ApiError)?;
    let text = |key: &str| match &body[key] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let units = body["units"]
        .as_array()
        .map(|units| {
            units
                .iter()
                .filter_map(|u| u.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let pairs: Vec<(String, String)> = [
        ("kind", text("kind")),
        ("title", text("title")),
        ("year", text("fiscal_year")),
        ("cutoff", text("cutoff")),
        ("deadline", text("deadline")),
        ("units", units),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    match task_of(&pairs, &session) {
        Ok(task) => {
            let id = state.store.issue_task(&task).await?;
            Ok((
                StatusCode::CREATED,
                axum::Json(serde_json::json!({ "id": id })),
            )
                .into_response())
        }
        Err(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(serde_json::json!({
                "error": "填写有误",
                "message": format!("任务未下达：{}", errors.join("；")),
                "errors": errors,
            })),
        )
            .into_response()),
    }
}
