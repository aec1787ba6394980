//! 整改 items: raised when a reviewer confirms a monitoring round with red lights or a
//! self-evaluation with low scores (in the same transaction), answered by the unit with evidence
//! files (kept with their SHA-256 and size), closed by the reviewer or reopened with a note.

use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, AnyPool, Row};

use crate::{EvaluationKind, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RectificationState {
    /// Waiting for the unit's answer (raised, or reopened by the reviewer).
    Open,
    /// Answered: waiting for the reviewer.
    Answered,
    Closed,
}

impl RectificationState {
    pub fn code(self) -> &'static str {
        match self {
            RectificationState::Open => "open",
            RectificationState::Answered => "answered",
            RectificationState::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RectificationState::Open => "待整改",
            RectificationState::Answered => "已报送整改情况",
            RectificationState::Closed => "已销号",
        }
    }

    fn parse(code: &str) -> Result<RectificationState, StoreError> {
        [
            RectificationState::Open,
            RectificationState::Answered,
            RectificationState::Closed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
        .ok_or_else(|| StoreError::Corrupt(format!("未知的整改状态“{code}”")))
    }
}

/// What a confirmed record raises: the indicator (none for spending) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raise {
    pub indicator: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rectification {
    pub id: i64,
    pub doc_key: String,
    pub project_name: String,
    pub unit_name: String,
    pub source: EvaluationKind,
    pub record_id: i64,
    pub indicator: Option<String>,
    pub reason: String,
    pub state: RectificationState,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub closed_by: Option<String>,
    pub close_note: Option<String>,
    pub raised_at: String,
}

/// An evidence file as listed (its content is read on its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// A file the unit attaches to its answer.
pub struct NewEvidence<'a> {
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
}

/// Raises the items of a record that was just confirmed, inside the confirming transaction.
pub(crate) async fn raise(
    tx: &mut AnyConnection,
    doc_key: &str,
    project_name: &str,
    source: EvaluationKind,
    record_id: i64,
    items: &[Raise],
) -> Result<(), StoreError> {
    let unit_name: Option<String> =
        sqlx::query("SELECT unit_name FROM documents WHERE doc_key = $1")
            .bind(doc_key.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get(0))
            .transpose()?
            .flatten();
    let unit_name = unit_name.unwrap_or_default();
    for item in items {
        sqlx::query(
            "INSERT INTO rectifications (doc_key, project_name, unit_name, source, record_id, indicator, reason, state, raised_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(doc_key.to_string())
        .bind(project_name.to_string())
        .bind(unit_name.clone())
        .bind(source.code())
        .bind(record_id)
        .bind(item.indicator.clone())
        .bind(item.reason.clone())
        .bind(RectificationState::Open.code())
        .bind(crate::write::now())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

const COLUMNS: &str = "id, doc_key, project_name, unit_name, source, record_id, indicator, reason, state, answer, \
                       answered_by, closed_by, close_note, raised_at";

fn item(row: &sqlx::any::AnyRow) -> Result<Rectification, StoreError> {
    let source: String = row.try_get(4)?;
    Ok(Rectification {
        id: row.try_get(0)?,
        doc_key: row.try_get(1)?,
        project_name: row.try_get(2)?,
        unit_name: row.try_get(3)?,
        source: EvaluationKind::parse(&source)
            .ok_or_else(|| StoreError::Corrupt(format!("未知的整改来源“{source}”")))?,
        record_id: row.try_get(5)?,
        indicator: row.try_get(6)?,
        reason: row.try_get(7)?,
        state: RectificationState::parse(&row.try_get::<String, _>(8)?)?,
        answer: row.try_get(9)?,
        answered_by: row.try_get(10)?,
        closed_by: row.try_get(11)?,
        close_note: row.try_get(12)?,
        raised_at: row.try_get(13)?,
    })
}

/// The items of one unit (by name), or of every unit; open and answered first, then the newest.
pub async fn list(pool: &AnyPool, unit: Option<&str>) -> Result<Vec<Rectification>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM rectifications WHERE ($1 = '' OR unit_name = $1) \
         ORDER BY CASE state WHEN 'closed' THEN 1 ELSE 0 END, id DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(unit.unwrap_or("").to_string())
        .fetch_all(pool)
        .await?;
    rows.iter().map(item).collect()
}

/// How many items of one unit (or of every unit) are in `state`.
pub async fn count(
    pool: &AnyPool,
    unit: Option<&str>,
    state: RectificationState,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM rectifications WHERE ($1 = '' OR unit_name = $1) AND state = $2",
    )
    .bind(unit.unwrap_or("").to_string())
    .bind(state.code())
    .fetch_one(pool)
    .await?;
    Ok(row.try_get(0)?)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<Rectification>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM rectifications WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(item).transpose()
}

/// The unit's answer and its files, kept together; refused (false) once the item is closed.
pub async fn answer(
    pool: &AnyPool,
    id: i64,
    text: &str,
    by: &str,
    files: &[NewEvidence<'_>],
) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE rectifications SET state = $1, answer = $2, answered_by = $3 WHERE id = $4 AND state <> $5",
    )
    .bind(RectificationState::Answered.code())
    .bind(text.to_string())
    .bind(by.to_string())
    .bind(id)
    .bind(RectificationState::Closed.code())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    audit(
        &mut tx,
        id,
        by,
        "rectification-answered",
        &format!("报送整改情况：{text}"),
    )
    .await?;
    for file in files {
        let digest = Sha256::digest(file.content);
        let sha256: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        sqlx::query(
            "INSERT INTO rectification_files (rectification_id, file_name, content_type, size, sha256, content, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(file.file_name.to_string())
        .bind(file.content_type.to_string())
        .bind(i64::try_from(file.content.len()).unwrap_or(i64::MAX))
        .bind(sha256)
        .bind(file.content.to_vec())
        .bind(by.to_string())
        .bind(crate::write::now())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The reviewer closes an answered item, or reopens it with a note; false when it is not answered.
pub async fn decide(
    pool: &AnyPool,
    id: i64,
    close: bool,
    by: &str,
    note: Option<&str>,
) -> Result<bool, StoreError> {
    let to = if close {
        RectificationState::Closed
    } else {
        RectificationState::Open
    };
    let mut tx = pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE rectifications SET state = $1, closed_by = $2, close_note = $3 WHERE id = $4 AND state = $5",
    )
    .bind(to.code())
    .bind(by.to_string())
    .bind(note.map(str::to_string))
    .bind(id)
    .bind(RectificationState::Answered.code())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Ok(false);
    }
    let (action, said) = if close {
        ("rectification-closed", "整改销号")
    } else {
        ("rectification-reopened", "整改退回重报")
    };
    let detail = match note {
        Some(note) => format!("{said}：{note}"),
        None => said.to_string(),
    };
    audit(&mut tx, id, by, action, &detail).await?;
    tx.commit().await?;
    Ok(true)
}

/// The move in the audit log of the item's project.
async fn audit(
    tx: &mut AnyConnection,
    id: i64,
    by: &str,
    action: &str,
    detail: &str,
) -> Result<(), StoreError> {
    let row =
        sqlx::query("SELECT doc_key, project_name, indicator FROM rectifications WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let (doc_key, project_name): (String, String) = (row.try_get(0)?, row.try_get(1)?);
    let indicator: Option<String> = row.try_get(2)?;
    let entry = crate::AuditEntry {
        at: String::new(),
        user_name: by.to_string(),
        action: action.to_string(),
        detail: format!(
            "第 {id} 号整改（{}）{detail}",
            indicator.as_deref().unwrap_or("支出进度")
        ),
    };
    crate::accounts::insert_audit(tx, &doc_key, &project_name, &entry).await
}

pub async fn files(pool: &AnyPool, id: i64) -> Result<Vec<Evidence>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, file_name, content_type, size, sha256, uploaded_by, uploaded_at FROM rectification_files \
         WHERE rectification_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Evidence {
                id: row.try_get(0)?,
                file_name: row.try_get(1)?,
                content_type: row.try_get(2)?,
                size: row.try_get(3)?,
                sha256: row.try_get(4)?,
                uploaded_by: row.try_get(5)?,
                uploaded_at: row.try_get(6)?,
            })
        })
        .collect()
}

/// One file of an item: its listing and its bytes.
pub async fn file(
    pool: &AnyPool,
    item: i64,
    file: i64,
) -> Result<Option<(Evidence, Vec<u8>)>, StoreError> {
    let row = sqlx::query(
        "SELECT id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, content FROM rectification_files \
         WHERE rectification_id = $1 AND id = $2",
    )
    .bind(item)
    .bind(file)
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok((
            Evidence {
                id: row.try_get(0)?,
                file_name: row.try_get(1)?,
                content_type: row.try_get(2)?,
                size: row.try_get(3)?,
                sha256: row.try_get(4)?,
                uploaded_by: row.try_get(5)?,
                uploaded_at: row.try_get(6)?,
            },
            row.try_get(7)?,
        ))
    })
    .transpose()
}
