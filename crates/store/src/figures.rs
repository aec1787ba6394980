//! Figures kept per document by whoever computes them (the web's dashboard), each stamped with
//! the document's `changes` count it was made at: while the count is the same, the figures are
//! the document's (every write of a document counts it up as it commits, see `writer.rs`).

use sqlx::{AnyPool, Row};

use crate::{Store, StoreError};

/// One document's figures as text, made at its `changes` count by `version` of their maker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptFigures {
    pub document_id: i64,
    pub changes: i64,
    pub version: String,
    pub figures: String,
}

/// (id, changes) of every document, in id order.
pub async fn changes(pool: &AnyPool) -> Result<Vec<(i64, i64)>, StoreError> {
    sqlx::query("SELECT id, changes FROM documents ORDER BY id")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}

pub async fn kept(pool: &AnyPool) -> Result<Vec<KeptFigures>, StoreError> {
    sqlx::query("SELECT document_id, changes, version, figures FROM document_figures")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            Ok(KeptFigures {
                document_id: row.try_get(0)?,
                changes: row.try_get(1)?,
                version: row.try_get(2)?,
                figures: row.try_get(3)?,
            })
        })
        .collect()
}

/// Keeps a document's figures in place of those kept before; nothing when the document is gone.
pub async fn keep(store: &Store, figures: &KeptFigures) -> Result<(), StoreError> {
    let mut write = store.writers.begin(&store.pool, None).await?;
    sqlx::query(
        "INSERT INTO document_figures (document_id, changes, version, figures) \
         SELECT id, $2, $3, $4 FROM documents WHERE id = $1 \
         ON CONFLICT (document_id) DO UPDATE SET changes = excluded.changes, \
         version = excluded.version, figures = excluded.figures",
    )
    .bind(figures.document_id)
    .bind(figures.changes)
    .bind(figures.version.clone())
    .bind(figures.figures.clone())
    .execute(write.conn())
    .await?;
    write.commit().await
}
