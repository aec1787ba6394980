//! Projects edited in the web application, with every saved version kept, and the reviewer's
//! comments per row.

use jixiao_model::Project;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::accounts::{AuditEntry, RowComment, insert_audit};
use crate::codec::stored_snapshot;
use crate::write::{insert_project, insert_project_parts, now, update_project_row};
use crate::{Store, StoreError};

/// One saved version of a project: who saved it, when, and the project as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectVersion {
    pub number: usize,
    pub at: String,
    pub user_name: String,
    pub project: Project,
}

/// Replaces a stored project's content in place (its id, position and name stay), keeps the
/// new version and appends the audit entry, in one transaction holding the document's lock. The
/// project's name is its identity in the workflow, so it cannot change here. The save is refused
/// (`Stale`) when the project was written since `read_at`, the revision the editor read.
pub async fn update_project(
    store: &Store,
    project_id: i64,
    read_at: i64,
    project: &Project,
    audit: &AuditEntry,
    editable_in: &[&str],
) -> Result<(), StoreError> {
    let missing = || StoreError::Corrupt(format!("项目 {project_id} 不存在"));
    let key: String = sqlx::query(
        "SELECT d.doc_key FROM projects p JOIN documents d ON d.id = p.document_id WHERE p.id = $1",
    )
    .bind(project_id)
    .fetch_optional(&store.pool)
    .await?
    .ok_or_else(missing)?
    .try_get(0)?;
    let mut write = store.writers.begin(&store.pool, Some(&key)).await?;
    let tx = write.conn();
    let row = sqlx::query(
        "SELECT p.document_id, p.name, d.doc_key, p.position, p.revision FROM projects p \
         JOIN documents d ON d.id = p.document_id WHERE p.id = $1",
    )
    .bind(project_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(missing)?;
    let document_id: i64 = row.try_get(0)?;
    let name: String = row.try_get(1)?;
    let doc_key: String = row.try_get(2)?;
    let position: i64 = row.try_get(3)?;
    let revision: i64 = row.try_get(4)?;
    if name != project.name {
        return Err(StoreError::Corrupt(format!(
            "项目名称不能修改（“{name}”→“{}”）",
            project.name
        )));
    }
    let state: Option<String> =
        sqlx::query("SELECT state FROM workflow WHERE doc_key = $1 AND project_name = $2")
            .bind(doc_key.clone())
            .bind(name.clone())
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
    let state = state.unwrap_or_else(|| "approved".into());
    if !editable_in.contains(&state.as_str()) {
        return Err(StoreError::StateChanged(state));
    }
    if revision != read_at {
        return Err(StoreError::Stale { read_at, revision });
    }
    for statement in [
        "DELETE FROM spending_checkpoints WHERE project_id = $1",
        "DELETE FROM goal_items WHERE project_id = $1",
        "DELETE FROM indicator_rows WHERE project_id = $1",
    ] {
        sqlx::query(statement)
            .bind(project_id)
            .execute(&mut *tx)
            .await?;
    }
    crate::search::forget(tx, crate::search::Of::Project(project_id)).await?;
    update_project_row(
        tx,
        project_id,
        document_id,
        position.max(0) as usize,
        project,
    )
    .await?;
    insert_project_parts(tx, document_id, project_id, project).await?;
    patch_snapshot(tx, document_id, |document| {
        if let Some(slot) = document.projects.get_mut(position.max(0) as usize) {
            *slot = project.clone();
        }
    })
    .await?;
    // The stored document no longer matches any file: re-importing the original replaces the edit.
    sqlx::query("UPDATE documents SET content_sha256 = $1 WHERE id = $2")
        .bind(format!("edited-{}-{project_id}", now()))
        .bind(document_id)
        .execute(&mut *tx)
        .await?;
    insert_version(tx, &doc_key, project, &audit.user_name).await?;
    insert_audit(tx, &doc_key, &project.name, audit).await?;
    write.commit().await?;
    Ok(())
}

pub async fn add_project(
    store: &Store,
    document_id: i64,
    project: &Project,
    audit: &AuditEntry,
) -> Result<i64, StoreError> {
    let doc_key: String = sqlx::query("SELECT doc_key FROM documents WHERE id = $1")
        .bind(document_id)
        .fetch_optional(&store.pool)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("文件 {document_id} 不存在")))?
        .try_get(0)?;
    let mut write = store.writers.begin(&store.pool, Some(&doc_key)).await?;
    let tx = write.conn();
    let taken = sqlx::query("SELECT 1 FROM projects WHERE document_id = $1 AND name = $2")
        .bind(document_id)
        .bind(project.name.clone())
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Duplicate(format!(
            "本单位本年度已有名为“{}”的项目",
            project.name
        )));
    }
    let position: i64 =
        sqlx::query("SELECT COALESCE(MAX(position) + 1, 0) FROM projects WHERE document_id = $1")
            .bind(document_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
    let id = insert_project(tx, document_id, position.max(0) as usize, project).await?;
    patch_snapshot(tx, document_id, |document| {
        document.projects.push(project.clone())
    })
    .await?;
    sqlx::query("DELETE FROM workflow WHERE doc_key = $1 AND project_name = $2")
        .bind(doc_key.clone())
        .bind(project.name.clone())
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO workflow (doc_key, project_name, state, updated_at) VALUES ($1, $2, 'draft', $3)")
        .bind(doc_key.clone())
        .bind(project.name.clone())
        .bind(now())
        .execute(&mut *tx)
        .await?;
    insert_version(tx, &doc_key, project, &audit.user_name).await?;
    insert_audit(tx, &doc_key, &project.name, audit).await?;
    write.commit().await?;
    Ok(id)
}

/// Applies a change to a document's snapshot, when it has one (older rows are read from the tables).
async fn patch_snapshot(
    tx: &mut AnyConnection,
    document_id: i64,
    change: impl FnOnce(&mut jixiao_model::Document),
) -> Result<(), StoreError> {
    let row = sqlx::query("SELECT snapshot, snapshot_deflated FROM documents WHERE id = $1")
        .bind(document_id)
        .fetch_one(&mut *tx)
        .await?;
    let Some(mut snapshot) = stored_snapshot(row.try_get(0)?, row.try_get(1)?)? else {
        return Ok(());
    };
    change(&mut snapshot.document);
    sqlx::query("UPDATE documents SET snapshot = NULL, snapshot_deflated = $1 WHERE id = $2")
        .bind(crate::codec::deflate(&snapshot.to_json()?)?)
        .bind(document_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub(crate) async fn insert_version(
    tx: &mut AnyConnection,
    doc_key: &str,
    project: &Project,
    user_name: &str,
) -> Result<(), StoreError> {
    let content = crate::codec::version_to_json(project)?;
    sqlx::query(
        "INSERT INTO project_versions (doc_key, project_name, at, user_name, content) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(doc_key.to_string())
    .bind(project.name.clone())
    .bind(now())
    .bind(user_name.to_string())
    .bind(content)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn versions(
    pool: &AnyPool,
    doc_key: &str,
    project_name: &str,
) -> Result<Vec<ProjectVersion>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, user_name, content FROM project_versions WHERE doc_key = $1 AND project_name = $2 ORDER BY id",
    )
    .bind(doc_key.to_string())
    .bind(project_name.to_string())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .enumerate()
        .map(|(index, row)| {
            let content: String = row.try_get(2)?;
            Ok(ProjectVersion {
                number: index + 1,
                at: row.try_get(0)?,
                user_name: row.try_get(1)?,
                project: crate::codec::version_from_json(&content)?,
            })
        })
        .collect()
}

pub async fn row_comments(
    pool: &AnyPool,
    doc_key: &str,
    project_name: &str,
) -> Result<Vec<RowComment>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, user_name, row_position, row_label, comment FROM row_comments \
         WHERE doc_key = $1 AND project_name = $2 ORDER BY id",
    )
    .bind(doc_key.to_string())
    .bind(project_name.to_string())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let position: Option<i64> = row.try_get(2)?;
            Ok(RowComment {
                at: row.try_get(0)?,
                user_name: row.try_get(1)?,
                row: position.map(|p| p.max(0) as usize),
                label: row.try_get(3)?,
                comment: row.try_get(4)?,
            })
        })
        .collect()
}
