//! Review runs: the findings of one review of the stored documents, kept per run.

use sqlx::{AnyPool, Row};

use crate::codec::line;
use crate::{Store, StoreError};

/// One finding as stored: the review crate's findings, flattened by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub project_position: Option<usize>,
    pub indicator_position: Option<usize>,
    pub line: usize,
    pub suggestion: Option<String>,
}

/// Saves one run in one transaction; returns the run's id.
pub async fn save(store: &Store, documents: &[(i64, Vec<FindingRow>)]) -> Result<i64, StoreError> {
    let total: usize = documents.iter().map(|(_, f)| f.len()).sum();
    let mut write = store.writers.begin(&store.pool, None).await?;
    let tx = write.conn();
    let row = sqlx::query("INSERT INTO review_runs (started_at, documents, findings) VALUES ($1, $2, $3) RETURNING id")
        .bind(crate::write::now())
        .bind(documents.len() as i64)
        .bind(total as i64)
        .fetch_one(&mut *tx)
        .await?;
    let run: i64 = row.try_get(0)?;
    for (document_id, findings) in documents {
        for (position, finding) in findings.iter().enumerate() {
            sqlx::query(
                "INSERT INTO findings (run_id, document_id, position, rule, severity, message, project_position, \
                 indicator_position, line, suggestion) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(run)
            .bind(*document_id)
            .bind(position as i64)
            .bind(finding.rule.clone())
            .bind(finding.severity.clone())
            .bind(finding.message.clone())
            .bind(finding.project_position.map(|p| p as i64))
            .bind(finding.indicator_position.map(|p| p as i64))
            .bind(line(finding.line))
            .bind(finding.suggestion.clone())
            .execute(&mut *tx)
            .await?;
        }
    }
    write.commit().await?;
    Ok(run)
}

/// The findings saved for one document in one run, in order.
pub async fn findings(
    pool: &AnyPool,
    run: i64,
    document_id: i64,
) -> Result<Vec<FindingRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT rule, severity, message, project_position, indicator_position, line, suggestion FROM findings \
         WHERE run_id = $1 AND document_id = $2 ORDER BY position",
    )
    .bind(run)
    .bind(document_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let position = |index: usize| -> Result<Option<usize>, StoreError> {
                Ok(row
                    .try_get::<Option<i64>, _>(index)?
                    .and_then(|p| usize::try_from(p).ok()))
            };
            Ok(FindingRow {
                rule: row.try_get(0)?,
                severity: row.try_get(1)?,
                message: row.try_get(2)?,
                project_position: position(3)?,
                indicator_position: position(4)?,
                line: crate::codec::to_usize(row.try_get(5)?),
                suggestion: row.try_get(6)?,
            })
        })
        .collect()
}
