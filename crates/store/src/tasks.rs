//! Tasks the finance bureau issues for a year — 目标申报, 运行监控 (with its cut-off), 绩效自评 —
//! to every unit or to the units named, with a deadline; and how far each unit has got with one.

use sqlx::{AnyPool, Row};

use crate::{RoundState, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    /// 目标申报: the unit's projects of the year filed and submitted.
    Filing,
    /// 运行监控: a round at the task's cut-off for each published project.
    Monitor,
    /// 绩效自评: a self-evaluation of each published project of the year.
    SelfEvaluation,
}

impl TaskKind {
    pub const ALL: [TaskKind; 3] = [
        TaskKind::Filing,
        TaskKind::Monitor,
        TaskKind::SelfEvaluation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TaskKind::Filing => "filing",
            TaskKind::Monitor => "monitor",
            TaskKind::SelfEvaluation => "evaluation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskKind::Filing => "目标申报",
            TaskKind::Monitor => "运行监控",
            TaskKind::SelfEvaluation => "绩效自评",
        }
    }

    pub fn parse(code: &str) -> Option<TaskKind> {
        TaskKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: i64,
    pub kind: TaskKind,
    pub title: String,
    pub fiscal_year: u16,
    /// 运行监控: the cut-off date (`2024-07-31`) the rounds are recorded at.
    pub cutoff: Option<String>,
    /// `2024-08-10`: the last day to finish it.
    pub deadline: String,
    /// The units it is issued to, by name; empty for every unit.
    pub units: Vec<String>,
    pub issued_by: String,
    pub issued_at: String,
}

impl Task {
    pub fn is_for(&self, unit: &str) -> bool {
        self.units.is_empty() || self.units.iter().any(|u| u == unit)
    }
}

/// One unit's projects under a task, counted by where they stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskProgress {
    pub unit: String,
    /// Not filed yet (目标申报: drafts; monitoring and self-evaluation: no record).
    pub to_do: i64,
    pub returned: i64,
    /// Submitted, waiting for the reviewer.
    pub submitted: i64,
    /// Approved or confirmed.
    pub done: i64,
}

impl TaskProgress {
    pub fn total(&self) -> i64 {
        self.to_do + self.returned + self.submitted + self.done
    }

    /// Nothing is left for the unit to do (what was submitted waits for the reviewer).
    pub fn filed(&self) -> bool {
        self.to_do == 0 && self.returned == 0
    }
}

pub async fn issue(pool: &AnyPool, task: &Task) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO tasks (kind, title, fiscal_year, cutoff, deadline, units, issued_by, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(task.kind.code())
    .bind(task.title.clone())
    .bind(i64::from(task.fiscal_year))
    .bind(task.cutoff.clone())
    .bind(task.deadline.clone())
    .bind(task.units.join("\n"))
    .bind(task.issued_by.clone())
    .bind(crate::write::now())
    .fetch_one(pool)
    .await?;
    Ok(row.try_get(0)?)
}

/// Every task, newest first.
pub async fn list(pool: &AnyPool) -> Result<Vec<Task>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, kind, title, fiscal_year, cutoff, deadline, units, issued_by, issued_at FROM tasks ORDER BY id DESC",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get(1)?;
            let units: String = row.try_get(6)?;
            Ok(Task {
                id: row.try_get(0)?,
                kind: TaskKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("未知的任务类型“{kind}”")))?,
                title: row.try_get(2)?,
                fiscal_year: u16::try_from(row.try_get::<i64, _>(3)?)
                    .map_err(|_| StoreError::Corrupt("任务的预算年度无法读取".into()))?,
                cutoff: row.try_get(4)?,
                deadline: row.try_get(5)?,
                units: units
                    .lines()
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .map(str::to_string)
                    .collect(),
                issued_by: row.try_get(7)?,
                issued_at: row.try_get(8)?,
            })
        })
        .collect()
}

/// Where the projects of the task's year stand, per unit (by the unit name their documents
/// print), for the units the task is issued to.
/// Where each of the task's projects stands: the state column of `query`'s rows, from the
/// workflow (目标申报) or the latest round at the task's cut-off (运行监控) or self-evaluation.
/// `$1` is the year and, for monitoring, `$2` the cut-off; `unit` is the next placeholder.
fn query(task: &Task, select: &str, unit: &str, tail: &str) -> String {
    let published = "(w.state IS NULL OR w.state = 'approved' OR EXISTS (SELECT 1 FROM published_copies c \
                     WHERE c.doc_key = d.doc_key AND c.project_name = p.name))";
    let from = "FROM projects p JOIN documents d ON d.id = p.document_id \
                LEFT JOIN workflow w ON w.doc_key = d.doc_key AND w.project_name = p.name";
    match task.kind {
        TaskKind::Filing => format!(
            "SELECT {select}, COALESCE(w.state, 'approved') {from} WHERE d.fiscal_year = $1 AND {unit} {tail}"
        ),
        TaskKind::Monitor | TaskKind::SelfEvaluation => {
            let (table, same_cutoff) = if task.kind == TaskKind::Monitor {
                (
                    "monitor_rounds",
                    " AND r.cutoff = $2 AND r2.cutoff = r.cutoff",
                )
            } else {
                ("self_evaluations", "")
            };
            format!(
                "SELECT {select}, COALESCE(latest.state, 'none') {from} \
                 LEFT JOIN (SELECT r.doc_key, r.project_name, r.state FROM {table} r WHERE r.id = \
                   (SELECT MAX(r2.id) FROM {table} r2 WHERE r2.doc_key = r.doc_key AND r2.project_name = r.project_name\
                    {same_cutoff})) latest \
                   ON latest.doc_key = d.doc_key AND latest.project_name = p.name \
                 WHERE d.fiscal_year = $1 AND {published} AND {unit} {tail}"
            )
        }
    }
}

/// Where a project stands under a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStanding {
    ToDo,
    Returned,
    Submitted,
    Done,
}

impl TaskStanding {
    fn of(state: &str) -> TaskStanding {
        match state {
            "returned" => TaskStanding::Returned,
            "submitted" | "preliminary" => TaskStanding::Submitted,
            "approved" => TaskStanding::Done,
            s if s == RoundState::Confirmed.code() => TaskStanding::Done,
            _ => TaskStanding::ToDo,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskStanding::ToDo => "待填报",
            TaskStanding::Returned => "被退回",
            TaskStanding::Submitted => "已提交",
            TaskStanding::Done => "已完成",
        }
    }
}

/// One project under a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskProject {
    pub id: i64,
    pub unit: String,
    pub name: String,
    pub standing: TaskStanding,
}

/// The most projects a task's page lists.
pub const TASK_PROJECTS_LISTED: i64 = 2000;

/// The task's projects of one unit (by name), or of every unit it is issued to; by unit, then as stored.
pub async fn projects(
    pool: &AnyPool,
    task: &Task,
    unit: Option<&str>,
) -> Result<Vec<TaskProject>, StoreError> {
    let placeholder = if task.kind == TaskKind::Monitor {
        "$3"
    } else {
        "$2"
    };
    let sql = query(
        task,
        "p.id, d.unit_name, p.name",
        &format!("({placeholder} = '' OR d.unit_name = {placeholder})"),
        &format!("ORDER BY d.unit_name, p.id LIMIT {TASK_PROJECTS_LISTED}"),
    );
    // Built from the fixed fragments above only; the values are bound.
    let mut bound = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(i64::from(task.fiscal_year));
    if task.kind == TaskKind::Monitor {
        bound = bound.bind(task.cutoff.clone().unwrap_or_default());
    }
    let rows = bound
        .bind(unit.unwrap_or("").to_string())
        .fetch_all(pool)
        .await?;
    let mut found = Vec::new();
    for row in &rows {
        let unit: Option<String> = row.try_get(1)?;
        let unit = unit.unwrap_or_default();
        if !task.is_for(&unit) {
            continue;
        }
        found.push(TaskProject {
            id: row.try_get(0)?,
            unit,
            name: row.try_get(2)?,
            standing: TaskStanding::of(&row.try_get::<String, _>(3)?),
        });
    }
    Ok(found)
}

/// Where the projects of the task's year stand, per unit (by the unit name their documents
/// print), for the units the task is issued to.
pub async fn progress(pool: &AnyPool, task: &Task) -> Result<Vec<TaskProgress>, StoreError> {
    let state = if task.kind == TaskKind::Filing {
        "COALESCE(w.state, 'approved')"
    } else {
        "COALESCE(latest.state, 'none')"
    };
    let sql = query(
        task,
        "d.unit_name, COUNT(*) AS n",
        "1 = 1",
        &format!("GROUP BY d.unit_name, {state}"),
    );
    // Built from the fixed fragments above only; the values are bound.
    let mut bound = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(i64::from(task.fiscal_year));
    if task.kind == TaskKind::Monitor {
        bound = bound.bind(task.cutoff.clone().unwrap_or_default());
    }
    let rows = bound.fetch_all(pool).await?;
    let mut units: Vec<TaskProgress> = Vec::new();
    for row in &rows {
        let unit: Option<String> = row.try_get(0)?;
        let unit = unit.unwrap_or_default();
        if !task.is_for(&unit) {
            continue;
        }
        let count: i64 = row.try_get(1)?;
        let state: String = row.try_get(2)?;
        let at = match units.iter().position(|u| u.unit == unit) {
            Some(at) => at,
            None => {
                units.push(TaskProgress {
                    unit: unit.clone(),
                    ..TaskProgress::default()
                });
                units.len() - 1
            }
        };
        let entry = &mut units[at];
        match TaskStanding::of(&state) {
            TaskStanding::Returned => entry.returned += count,
            TaskStanding::Submitted => entry.submitted += count,
            TaskStanding::Done => entry.done += count,
            TaskStanding::ToDo => entry.to_do += count,
        }
    }
    for unit in &task.units {
        if !units.iter().any(|u| &u.unit == unit) {
            units.push(TaskProgress {
                unit: unit.clone(),
                ..TaskProgress::default()
            });
        }
    }
    units.sort_by(|a, b| a.unit.cmp(&b.unit));
    Ok(units)
}
