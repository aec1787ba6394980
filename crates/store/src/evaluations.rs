//! Monitoring rounds and self-evaluations: the reports as JSON plus the columns lists filter on.

use sqlx::{AnyPool, Row};

use crate::StoreError;

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
}

/// Saves one record; returns its id.
pub async fn save(
    pool: &AnyPool,
    kind: EvaluationKind,
    record: &EvaluationRecord,
    extra: (&str, Option<&str>, Option<&str>),
) -> Result<i64, StoreError> {
    let year = record.fiscal_year.map(i64::from);
    let row = match kind {
        EvaluationKind::Monitor => {
            sqlx::query(
                "INSERT INTO monitor_rounds (doc_key, project_code, project_name, fiscal_year, cutoff, light, spending_light, \
                 planned_percent, executed_percent, report, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
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
            .fetch_one(pool)
            .await?
        }
        EvaluationKind::SelfEvaluation => {
            sqlx::query(
                "INSERT INTO self_evaluations (doc_key, project_code, project_name, fiscal_year, total, grade, report, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(record.doc_key.clone())
            .bind(record.project_code.clone())
            .bind(record.project_name.clone())
            .bind(year)
            .bind(record.headline.clone())
            .bind(record.verdict.clone())
            .bind(record.report.clone())
            .bind(crate::write::now())
            .fetch_one(pool)
            .await?
        }
    };
    Ok(row.try_get(0)?)
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
            "SELECT id, doc_key, project_code, project_name, fiscal_year, cutoff, light, report, recorded_at FROM monitor_rounds \
             WHERE doc_key = $1 AND ($2 = '' OR project_name = $2) ORDER BY id"
        }
        EvaluationKind::SelfEvaluation => {
            "SELECT id, doc_key, project_code, project_name, fiscal_year, total, grade, report, recorded_at FROM self_evaluations \
             WHERE doc_key = $1 AND ($2 = '' OR project_name = $2) ORDER BY id"
        }
    };
    let rows = sqlx::query(sql)
        .bind(doc_key.to_string())
        .bind(project_name.unwrap_or("").to_string())
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| {
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
            })
        })
        .collect()
}
