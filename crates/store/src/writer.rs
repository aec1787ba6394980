//! Write transactions that cannot lose each other's work.
//!
//! Every write that touches a document takes that document's lock first, so concurrent writers
//! of one document queue instead of reading the same snapshot and overwriting each other:
//! - SQLite has one writer at a time: writers of this process queue on one gate, and the
//!   transaction begins `IMMEDIATE` (the write lock is taken at `BEGIN`, other processes wait for
//!   it up to the busy timeout instead of failing with "database is locked");
//! - PostgreSQL takes a transaction-scoped advisory lock on the document key, which also covers
//!   a document that does not exist yet (two uploads of a new document no longer both insert it).
//!
//! Failures the database calls transient (deadlock, serialization, busy) are retried.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::{Backend, StoreError};

/// Attempts of one write when the database reports a transient failure.
const ATTEMPTS: u32 = 5;

/// What serialises writers: the backend, and SQLite's in-process gate.
#[derive(Clone)]
pub(crate) struct Writers {
    backend: Backend,
    gate: Arc<Mutex<()>>,
}

/// An open write transaction holding its document's lock until commit or drop.
pub(crate) struct Write {
    tx: Transaction<'static, Any>,
    _gate: Option<OwnedMutexGuard<()>>,
    /// The documents written: their `changes` count up as the transaction commits.
    keys: Vec<String>,
}

impl Writers {
    pub fn new(backend: Backend) -> Writers {
        Writers {
            backend,
            gate: Arc::new(Mutex::new(())),
        }
    }

    /// Begins a write transaction; with `doc_key`, holding that document's lock.
    pub async fn begin(&self, pool: &AnyPool, doc_key: Option<&str>) -> Result<Write, StoreError> {
        match self.backend {
            Backend::Sqlite => {
                let gate = self.gate.clone().lock_owned().await;
                let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(Write {
                    tx,
                    _gate: Some(gate),
                    keys: doc_key.map(str::to_string).into_iter().collect(),
                })
            }
            Backend::Postgres => {
                let mut tx = pool.begin().await?;
                if let Some(key) = doc_key {
                    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                        .bind(key.to_string())
                        .execute(&mut *tx)
                        .await?;
                }
                Ok(Write {
                    tx,
                    _gate: None,
                    keys: doc_key.map(str::to_string).into_iter().collect(),
                })
            }
        }
    }
}

impl Writers {
    /// Begins a write transaction holding the locks of all the documents `doc_keys` name, taken
    /// in one order so two batches never wait for each other in a circle.
    pub async fn begin_all(
        &self,
        pool: &AnyPool,
        doc_keys: &[String],
    ) -> Result<Write, StoreError> {
        let mut write = self.begin(pool, None).await?;
        write.keys = doc_keys.to_vec();
        if self.backend == Backend::Postgres {
            let mut keys = doc_keys.to_vec();
            keys.sort();
            keys.dedup();
            let keys =
                serde_json::to_string(&keys).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            sqlx::query(
                "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) \
                 FROM json_array_elements_text($1::json) AS k",
            )
            .bind(keys)
            .execute(write.conn())
            .await?;
        }
        Ok(write)
    }
}

impl Write {
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Commits, counting up the `changes` of the documents written: every write of a document
    /// passes here, so what is kept of it elsewhere (its figures) knows when it is out of date.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        if !self.keys.is_empty() {
            let keys = serde_json::to_string(&self.keys)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let sql = format!(
                "UPDATE documents SET changes = changes + 1 WHERE doc_key IN {}",
                crate::rows::json_texts(&self.tx)
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(keys)
                .execute(&mut *self.tx)
                .await?;
        }
        self.tx.commit().await?;
        Ok(())
    }
}

/// Runs a whole write again when the database reports a transient failure.
pub(crate) async fn retrying<T, F, Fut>(mut write: F) -> Result<T, StoreError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, StoreError>>,
{
    let mut attempt = 1;
    loop {
        match write().await {
            Err(error) if attempt < ATTEMPTS && transient(&error) => {
                tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt))).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Deadlock and serialization failures (PostgreSQL), busy and locked (SQLite).
fn transient(error: &StoreError) -> bool {
    let StoreError::Database(sqlx::Error::Database(database)) = error else {
        return false;
    };
    matches!(
        database.code().as_deref(),
        Some("40001" | "40P01" | "5" | "6" | "517" | "261" | "262")
    )
}
