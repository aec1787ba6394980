//! Importing many documents in one transaction, each all or nothing.
//!
//! Documents new to the store (most of a bulk import) are written together, a table at a time;
//! a document already stored, or named twice in the batch, goes the one-document way. Each
//! document stands in its own savepoint: should the joint write fail, it is undone and every new
//! document is written alone, so the one that fails is the only one refused.

use std::collections::HashMap;

use sqlx::{AnyConnection, Row};

use crate::write::{DocumentRow, Parts, ProjectRow, import_in};
use crate::{ImportInput, ImportOutcome, Store, StoreError, document_key, rows};

pub async fn import_batch(
    store: &Store,
    inputs: &[ImportInput<'_>],
) -> Result<Vec<Result<ImportOutcome, StoreError>>, StoreError> {
    let keys: Vec<String> = inputs
        .iter()
        .map(|input| document_key(input.document, input.source_name))
        .collect();
    let mut write = store.writers.begin_all(&store.pool, &keys).await?;
    let tx = write.conn();
    let stored = stored_keys(tx, &keys).await?;
    let mut outcomes: Vec<Option<Result<ImportOutcome, StoreError>>> =
        inputs.iter().map(|_| None).collect();
    let fresh: Vec<usize> = (0..inputs.len())
        .filter(|&i| !stored.contains(&keys[i]) && !keys[..i].contains(&keys[i]))
        .collect();
    savepoint(tx, "SAVEPOINT batch").await?;
    match insert_new(tx, &fresh, &keys, inputs).await {
        Ok(ids) => {
            savepoint(tx, "RELEASE SAVEPOINT batch").await?;
            for (&index, id) in fresh.iter().zip(ids) {
                outcomes[index] = Some(Ok(ImportOutcome::New(id)));
            }
        }
        Err(_) => savepoint(tx, "ROLLBACK TO SAVEPOINT batch").await?,
    }
    for (index, input) in inputs.iter().enumerate() {
        if outcomes[index].is_none() {
            outcomes[index] = Some(alone(tx, input).await?);
        }
    }
    write.commit().await?;
    Ok(outcomes.into_iter().flatten().collect())
}

/// One document in its own savepoint: written, or undone with its error.
async fn alone(
    tx: &mut AnyConnection,
    input: &ImportInput<'_>,
) -> Result<Result<ImportOutcome, StoreError>, StoreError> {
    savepoint(tx, "SAVEPOINT document").await?;
    match import_in(tx, input).await {
        Ok(outcome) => {
            savepoint(tx, "RELEASE SAVEPOINT document").await?;
            Ok(Ok(outcome))
        }
        Err(error) => {
            savepoint(tx, "ROLLBACK TO SAVEPOINT document").await?;
            savepoint(tx, "RELEASE SAVEPOINT document").await?;
            Ok(Err(error))
        }
    }
}

async fn savepoint(tx: &mut AnyConnection, statement: &'static str) -> Result<(), StoreError> {
    sqlx::query(statement).execute(&mut *tx).await?;
    Ok(())
}

/// Which of the keys are stored already.
async fn stored_keys(tx: &mut AnyConnection, keys: &[String]) -> Result<Vec<String>, StoreError> {
    let sql = format!(
        "SELECT doc_key FROM documents WHERE doc_key IN {}",
        rows::json_texts(tx)
    );
    let keys = serde_json::to_string(keys).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(keys)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| Ok(row.try_get(0)?))
        .collect()
}

/// Writes the documents `fresh` points at, a table at a time; answers their ids in that order.
async fn insert_new(
    tx: &mut AnyConnection,
    fresh: &[usize],
    keys: &[String],
    inputs: &[ImportInput<'_>],
) -> Result<Vec<i64>, StoreError> {
    // Snapshots are serialised and deflated on two threads: the better part of a batch's work.
    let rows = |part: &[usize]| -> Result<Vec<DocumentRow>, StoreError> {
        part.iter()
            .map(|&i| DocumentRow::new(&keys[i], &inputs[i]))
            .collect()
    };
    let (first, second) = fresh.split_at(fresh.len() / 2);
    let documents: Vec<DocumentRow> = std::thread::scope(|scope| {
        let other = scope.spawn(|| rows(first));
        let mut later = rows(second)?;
        let mut documents = other
            .join()
            .map_err(|_| StoreError::Corrupt("文件快照未能生成".into()))??;
        documents.append(&mut later);
        Ok::<_, StoreError>(documents)
    })?;
    let mut ids: HashMap<String, i64> = HashMap::new();
    for row in rows::insert(tx, &documents, "id, doc_key").await? {
        ids.insert(row.try_get(1)?, row.try_get(0)?);
    }
    let id_of = |i: usize| {
        ids.get(&keys[i])
            .copied()
            .ok_or_else(|| StoreError::Corrupt(format!("文档“{}”未写入", keys[i])))
    };
    let mut projects = Vec::new();
    let mut owners = Vec::new();
    for &i in fresh {
        let id = id_of(i)?;
        for (position, project) in inputs[i].document.projects.iter().enumerate() {
            projects.push(ProjectRow::new(id, position, project));
            owners.push((id, position, i));
        }
    }
    let inserted: HashMap<(i64, usize), i64> =
        rows::insert(tx, &projects, "id, document_id, position")
            .await?
            .iter()
            .map(|row| {
                let position = crate::codec::to_usize(row.try_get(2)?);
                Ok(((row.try_get(1)?, position), row.try_get(0)?))
            })
            .collect::<Result<_, StoreError>>()?;
    let mut parts = Parts::default();
    for (id, position, i) in owners {
        let project_id = inserted.get(&(id, position)).copied().ok_or_else(|| {
            StoreError::Corrupt(format!("文档 {id} 的第 {position} 个项目未写入"))
        })?;
        parts.project(id, project_id, &inputs[i].document.projects[position]);
    }
    let mut answer = Vec::with_capacity(fresh.len());
    for (&i, row) in fresh.iter().zip(&documents) {
        let id = id_of(i)?;
        row.write_snapshot(tx, id).await?;
        parts.contents(id, &inputs[i]);
        answer.push(id);
    }
    parts.insert(tx).await?;
    Ok(answer)
}
