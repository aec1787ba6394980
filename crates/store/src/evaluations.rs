//! Monitoring rounds and self-evaluations: the reports as JSON plus the columns lists filter on.

use sqlx::{AnyPool, Row};

use crate::StoreError;

/// The columns every query of records reads, `headline, verdict` named per table.
macro_rules! columns {
    ($headline_verdict:literal) => {
        concat!(
            "id, doc_key, project_code, project_name, fiscal_year, ",
            $headline_verdict,
            ", report, recorded_at, state, recorded_by, decided_by, decision_note"
        )
    };
}

/// Which of the two kinds of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluationKind {
    Monitor,
    SelfEvaluation,
}

/// One stored round or evaluation of a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationRecord {
    pub id: i64,
    pub doc_key: String,
    pub project_code: Option<String>,
    pub project_name: String,
    pub fiscal_year: Option<u16>,
    /// Monitoring: the cut-off date. Self-evaluation: the total score.
    pub headline: String,
    /// Monitoring: the worst light. Self-evaluation: the grade.
    pub verdict: String,
    /// The whole report as JSON.
    pub report: String,
    pub recorded_at: String,
    pub state: RoundState,
    /// Who recorded it (a user's name, or 命令行).
    pub recorded_by: String,
    /// The reviewer who confirmed or returned it, and their note.
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
}

/// Where a recorded round or evaluation stands: a unit's submission waits for the reviewer, who
/// confirms it or returns it (the unit then records it again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoundState {
    #[default]
    Submitted,
    Confirmed,
    Returned,
}

impl RoundState {
    pub fn code(self) -> &'static str {
        match self {
            RoundState::Submitted => "submitted",
            RoundState::Confirmed => "confirmed",
            RoundState::Returned => "returned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RoundState::Submitted => "待审核确认",
            RoundState::Confirmed => "已确认",
            RoundState::Returned => "已退回",
        }
    }

    fn parse(code: &str) -> Result<RoundState, StoreError> {
        [
            RoundState::Submitted,
            RoundState::Confirmed,
            RoundState::Returned,
        ]
        .into_iter()
        .find(|s| s.code() == code)
        .ok_or_else(|| StoreError::Corrupt(format!("未知的监控或自评状态“{code}”")))
    }
}

impl EvaluationKind {
    /// `monitor` or `evaluation`, as addresses and the audit log name it.
    pub fn code(self) -> &'static str {
        match self {
            EvaluationKind::Monitor => "monitor",
            EvaluationKind::SelfEvaluation => "evaluation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EvaluationKind::Monitor => "运行监控",
            EvaluationKind::SelfEvaluation => "绩效自评",
        }
    }

    pub fn parse(code: &str) -> Option<EvaluationKind> {
        [EvaluationKind::Monitor, EvaluationKind::SelfEvaluation]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// Saves one record and its entry in the project's audit log, together; returns its id.
pub async fn save(
    pool: &AnyPool,
    kind: EvaluationKind,
    record: &EvaluationRecord,
    extra: (&str, Option<&str>, Option<&str>),
) -> Result<i64, StoreError> {
    let year = record.fiscal_year.map(i64::from);
    let mut tx = pool.begin().await?;
    let row = match kind {
        EvaluationKind::Monitor => {
            sqlx::query(
                "INSERT INTO monitor_rounds (doc_key, project_code, project_name, fiscal_year, cutoff, light, spending_light, \
                 planned_percent, executed_percent, report, recorded_at, state, recorded_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(record.doc_key.clone())
            .bind(record.project_code.clone())
            .bind(record.project_name.clone())
            .bind(year)
            .bind(record.headline.clone())
            .bind(record.verdict.clone())
            .bind(extra.0.to_string())
            .bind(extra.1.map(str::to_string))
            .bind(extra.2.map(str::to_string))
            .bind(record.report.clone())
            .bind(crate::write::now())
            .bind(record.state.code())
            .bind(record.recorded_by.clone())
            .fetch_one(&mut *tx)
            .await
            .map_err(one_waiting)?
        }
        EvaluationKind::SelfEvaluation => {
            sqlx::query(
                "INSERT INTO self_evaluations (doc_key, project_code, project_name, fiscal_year, total, grade, report, recorded_at, \
                 state, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(record.doc_key.clone())
            .bind(record.project_code.clone())
            .bind(record.project_name.clone())
            .bind(year)
            .bind(record.headline.clone())
            .bind(record.verdict.clone())
            .bind(record.report.clone())
            .bind(crate::write::now())
            .bind(record.state.code())
            .bind(record.recorded_by.clone())
            .fetch_one(&mut *tx)
            .await
            .map_err(one_waiting)?
        }
    };
    let id: i64 = row.try_get(0)?;
    let audit = crate::AuditEntry {
        at: String::new(),
        user_name: record.recorded_by.clone(),
        action: format!("{}-{}", kind.code(), record.state.code()),
        detail: format!("{}：{} {}", kind.label(), record.headline, record.verdict),
    };
    crate::accounts::insert_audit(&mut tx, &record.doc_key, &record.project_name, &audit).await?;
    tx.commit().await?;
    Ok(id)
}

/// A second record waiting for the reviewer (`…_one_waiting`) is refused, not an internal error.
fn one_waiting(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(
            "已有一条同一截止日期（自评为同一年度）的记录在等待审核，不能重复提交".into(),
        ),
        _ => error.into(),
    }
}

/// The reviewer confirms or returns a submitted record (with the move in the project's audit
/// log, and on confirming the 整改 items it raises); false when it is no longer waiting.
pub async fn decide(
    pool: &AnyPool,
    kind: EvaluationKind,
    id: i64,
    to: RoundState,
    by: &str,
    note: Option<&str>,
    raise: &[crate::Raise],
) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await?;
    let sql = match kind {
        EvaluationKind::Monitor => {
            "UPDATE monitor_rounds SET state = $1, decided_by = $2, decision_note = $3 WHERE id = $4 AND state = $5 \
             RETURNING doc_key, project_name"
        }
        EvaluationKind::SelfEvaluation => {
            "UPDATE self_evaluations SET state = $1, decided_by = $2, decision_note = $3 WHERE id = $4 AND state = $5 \
             RETURNING doc_key, project_name"
        }
    };
    let row = sqlx::query(sql)
        .bind(to.code())
        .bind(by.to_string())
        .bind(note.map(str::to_string))
        .bind(id)
        .bind(RoundState::Submitted.code())
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let (doc_key, project_name): (String, String) = (row.try_get(0)?, row.try_get(1)?);
    let audit = crate::AuditEntry {
        at: String::new(),
        user_name: by.to_string(),
        action: format!("{}-{}", kind.code(), to.code()),
        detail: format!(
            "{}第 {id} 次记录{}{}",
            kind.label(),
            to.label(),
            note.map(|n| format!("：{n}")).unwrap_or_default()
        ),
    };
    crate::accounts::insert_audit(&mut tx, &doc_key, &project_name, &audit).await?;
    if to == RoundState::Confirmed {
        crate::rectifications::raise(&mut tx, &doc_key, &project_name, kind, id, raise).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Every record of a kind for a document (unit and year), oldest first; optionally one project's.
pub async fn list(
    pool: &AnyPool,
    kind: EvaluationKind,
    doc_key: &str,
    project_name: Option<&str>,
) -> Result<Vec<EvaluationRecord>, StoreError> {
    let sql = match kind {
        EvaluationKind::Monitor => {
            concat!(
                "SELECT ",
                columns!("cutoff, light"),
                " FROM monitor_rounds WHERE doc_key = $1 AND ($2 = '' OR project_name = $2) ORDER BY id"
            )
        }
        EvaluationKind::SelfEvaluation => {
            concat!(
                "SELECT ",
                columns!("total, grade"),
                " FROM self_evaluations WHERE doc_key = $1 AND ($2 = '' OR project_name = $2) ORDER BY id"
            )
        }
    };
    let rows = sqlx::query(sql)
        .bind(doc_key.to_string())
        .bind(project_name.unwrap_or("").to_string())
        .fetch_all(pool)
        .await?;
    rows.iter().map(record).collect()
}

/// One record by id.
pub async fn get(
    pool: &AnyPool,
    kind: EvaluationKind,
    id: i64,
) -> Result<Option<EvaluationRecord>, StoreError> {
    let sql = match kind {
        EvaluationKind::Monitor => concat!(
            "SELECT ",
            columns!("cutoff, light"),
            " FROM monitor_rounds WHERE id = $1"
        ),
        EvaluationKind::SelfEvaluation => concat!(
            "SELECT ",
            columns!("total, grade"),
            " FROM self_evaluations WHERE id = $1"
        ),
    };
    let row = sqlx::query(sql).bind(id).fetch_optional(pool).await?;
    row.as_ref().map(record).transpose()
}

/// Every record of a kind waiting for the reviewer, oldest first.
pub async fn awaiting(
    pool: &AnyPool,
    kind: EvaluationKind,
) -> Result<Vec<EvaluationRecord>, StoreError> {
    let sql = match kind {
        EvaluationKind::Monitor => concat!(
            "SELECT ",
            columns!("cutoff, light"),
            " FROM monitor_rounds WHERE state = $1 ORDER BY id"
        ),
        EvaluationKind::SelfEvaluation => concat!(
            "SELECT ",
            columns!("total, grade"),
            " FROM self_evaluations WHERE state = $1 ORDER BY id"
        ),
    };
    let rows = sqlx::query(sql)
        .bind(RoundState::Submitted.code())
        .fetch_all(pool)
        .await?;
    rows.iter().map(record).collect()
}

fn record(row: &sqlx::any::AnyRow) -> Result<EvaluationRecord, StoreError> {
    Ok(EvaluationRecord {
        id: row.try_get(0)?,
        doc_key: row.try_get(1)?,
        project_code: row.try_get(2)?,
        project_name: row.try_get(3)?,
        fiscal_year: row
            .try_get::<Option<i64>, _>(4)?
            .and_then(|y| u16::try_from(y).ok()),
        headline: row.try_get(5)?,
        verdict: row.try_get(6)?,
        report: row.try_get(7)?,
        recorded_at: row.try_get(8)?,
        state: RoundState::parse(&row.try_get::<String, _>(9)?)?,
        recorded_by: row.try_get(10)?,
        decided_by: row.try_get(11)?,
        decision_note: row.try_get(12)?,
    })
}
