//! The indicator library as its builder (the web's `library` module) hands it over: entries as
//! JSON texts, replaced as a whole with the build that made them, in one transaction.

use serde::Serialize;
use sqlx::{AnyPool, Row};

use crate::rows::{self, TableRow};
use crate::{Store, StoreError};

/// One entry: its id and name, and the JSON of its summary and of the whole entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LibraryEntry {
    pub position: i64,
    pub id: String,
    pub name: String,
    pub summary: String,
    pub body: String,
}

impl TableRow for LibraryEntry {
    const TABLE: &'static str = "library_entries";
}

/// What a build read and made, and the state of the store it was made over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryBuild {
    /// Seconds since 1970 when it was kept (set by [`Store::replace_library`]).
    pub built_at: String,
    /// [`Store::library_stamp`] when the build began.
    pub stamp: String,
    pub documents: i64,
    pub rows: i64,
    pub nameless: i64,
    pub entries: i64,
}

/// One decision of the bureau about the library, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryDecision {
    pub id: i64,
    /// Seconds since 1970 (set when recorded).
    pub at: String,
    pub user_name: String,
    pub entry_id: String,
    pub action: String,
    pub subject: String,
    pub value: String,
}

/// Changes whenever any document is written, added or removed, or a decision is recorded.
pub async fn stamp(pool: &AnyPool) -> Result<String, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*), CAST(COALESCE(SUM(changes), 0) AS BIGINT), COALESCE(MAX(id), 0),          (SELECT COALESCE(MAX(id), 0) FROM library_decisions) FROM documents",
    )
    .fetch_one(pool)
    .await?;
    let (count, changes, last, decided): (i64, i64, i64, i64) = (
        row.try_get(0)?,
        row.try_get(1)?,
        row.try_get(2)?,
        row.try_get(3)?,
    );
    Ok(format!("{count}:{changes}:{last}:{decided}"))
}

pub async fn decide(pool: &AnyPool, decision: &LibraryDecision) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO library_decisions (at, user_name, entry_id, action, subject, value)          VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::write::now())
    .bind(decision.user_name.clone())
    .bind(decision.entry_id.clone())
    .bind(decision.action.clone())
    .bind(decision.subject.clone())
    .bind(decision.value.clone())
    .execute(pool)
    .await?;
    Ok(())
}

/// Every decision in the order recorded.
pub async fn decisions(pool: &AnyPool) -> Result<Vec<LibraryDecision>, StoreError> {
    sqlx::query(
        "SELECT id, at, user_name, entry_id, action, subject, value FROM library_decisions ORDER BY id",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        Ok(LibraryDecision {
            id: row.try_get(0)?,
            at: row.try_get(1)?,
            user_name: row.try_get(2)?,
            entry_id: row.try_get(3)?,
            action: row.try_get(4)?,
            subject: row.try_get(5)?,
            value: row.try_get(6)?,
        })
    })
    .collect()
}

pub async fn replace(
    store: &Store,
    entries: &[LibraryEntry],
    build: &LibraryBuild,
) -> Result<(), StoreError> {
    let mut write = store.writers.begin(&store.pool, None).await?;
    let tx = write.conn();
    if rows::postgres(tx) {
        // Two builds at once: the second waits and then replaces the first's.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('library_entries', 1))")
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM library_entries")
        .execute(&mut *tx)
        .await?;
    rows::insert(tx, entries, "").await?;
    sqlx::query(
        "INSERT INTO library_builds (singleton, built_at, stamp, documents, rows, nameless, entries) \
         VALUES (1, $1, $2, $3, $4, $5, $6) ON CONFLICT (singleton) DO UPDATE SET \
         built_at = excluded.built_at, stamp = excluded.stamp, documents = excluded.documents, \
         rows = excluded.rows, nameless = excluded.nameless, entries = excluded.entries",
    )
    .bind(crate::write::now())
    .bind(build.stamp.clone())
    .bind(build.documents)
    .bind(build.rows)
    .bind(build.nameless)
    .bind(build.entries)
    .execute(&mut *tx)
    .await?;
    write.commit().await
}

pub async fn last_build(pool: &AnyPool) -> Result<Option<LibraryBuild>, StoreError> {
    let row = sqlx::query(
        "SELECT built_at, stamp, documents, rows, nameless, entries FROM library_builds",
    )
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok(LibraryBuild {
            built_at: row.try_get(0)?,
            stamp: row.try_get(1)?,
            documents: row.try_get(2)?,
            rows: row.try_get(3)?,
            nameless: row.try_get(4)?,
            entries: row.try_get(5)?,
        })
    })
    .transpose()
}

/// Every entry's summary JSON, in the library's order.
pub async fn summaries(pool: &AnyPool) -> Result<Vec<String>, StoreError> {
    sqlx::query("SELECT summary FROM library_entries ORDER BY position")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| Ok(row.try_get(0)?))
        .collect()
}

/// Entry bodies in the library's order, `limit` after position `after`.
pub async fn bodies_after(
    pool: &AnyPool,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, String)>, StoreError> {
    sqlx::query(
        "SELECT position, body FROM library_entries WHERE position > $1 ORDER BY position LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
    .collect()
}

pub async fn body(pool: &AnyPool, id: &str) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT body FROM library_entries WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?;
    row.map(|row| Ok(row.try_get(0)?)).transpose()
}
