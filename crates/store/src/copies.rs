//! Published copies: while a published project is revised (a draft, submitted or returned
//! again), the public keeps seeing the version it was approved as. The copy is taken in the
//! transaction that takes the project out of its published state and dropped in the one that
//! approves a revision.

use std::collections::HashMap;

use jixiao_model::Project;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::StoreError;

/// Keeps `project` as the published version of its name in `doc_key`, unless one is kept already
/// (a revision of a revision keeps the version the public saw).
pub(crate) async fn keep(
    tx: &mut AnyConnection,
    doc_key: &str,
    project: &Project,
) -> Result<(), StoreError> {
    let content = serde_json::to_string(project)
        .map_err(|e| StoreError::Corrupt(format!("项目“{}”无法保存：{e}", project.name)))?;
    sqlx::query(
        "INSERT INTO published_copies (doc_key, project_name, content) VALUES ($1, $2, $3) \
         ON CONFLICT (doc_key, project_name) DO NOTHING",
    )
    .bind(doc_key.to_string())
    .bind(project.name.clone())
    .bind(content)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The revision is published: the copy has served.
pub(crate) async fn drop_copy(
    tx: &mut AnyConnection,
    doc_key: &str,
    project_name: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM published_copies WHERE doc_key = $1 AND project_name = $2")
        .bind(doc_key.to_string())
        .bind(project_name.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Every published copy, by (document key, project name): only projects under revision have one.
pub async fn all(pool: &AnyPool) -> Result<HashMap<(String, String), Project>, StoreError> {
    let rows = sqlx::query("SELECT doc_key, project_name, content FROM published_copies")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| Ok(((row.try_get(0)?, row.try_get(1)?), project_in(row, 2)?)))
        .collect()
}

/// One document's published copies, by project name.
pub async fn of(pool: &AnyPool, doc_key: &str) -> Result<HashMap<String, Project>, StoreError> {
    let rows = sqlx::query("SELECT project_name, content FROM published_copies WHERE doc_key = $1")
        .bind(doc_key.to_string())
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, project_in(row, 1)?)))
        .collect()
}

/// The kept project in column `at` of a `published_copies` row.
fn project_in(row: &sqlx::any::AnyRow, at: usize) -> Result<Project, StoreError> {
    let content: String = row.try_get(at)?;
    serde_json::from_str(&content)
        .map_err(|e| StoreError::Corrupt(format!("已公开版本无法读取：{e}")))
}
