//! Users, sessions, the workflow state of projects and the audit log.
//! Passwords arrive already hashed (argon2, by the web crate); tokens arrive already random.

use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    /// `unit`, `reviewer` or `admin`.
    pub role: String,
    /// For unit staff: their unit, by the name (or the 单位编码) its documents print.
    pub unit: Option<String>,
    /// The 单位编码 administrators registered for that unit, if any.
    pub unit_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub user_name: String,
    pub action: String,
    pub detail: String,
}

/// A reviewer's comment on one indicator row (`row` = its position) or on the whole project (`None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowComment {
    pub at: String,
    pub user_name: String,
    pub row: Option<usize>,
    /// The row as the reviewer saw it (its 三级指标), so the comment still reads right after edits.
    pub label: String,
    pub comment: String,
}

pub async fn add_user(
    pool: &AnyPool,
    name: &str,
    password_hash: &str,
    role: &str,
    unit: Option<&str>,
) -> Result<i64, StoreError> {
    let row = sqlx::query("INSERT INTO users (name, password_hash, role, unit, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(name.to_string())
        .bind(password_hash.to_string())
        .bind(role.to_string())
        .bind(unit.map(str::to_string))
        .bind(crate::write::now())
        .fetch_one(pool)
        .await?;
    Ok(row.try_get(0)?)
}

/// A user with the code of their unit, as [`user`] reads it.
macro_rules! user_sql {
    () => {
        "SELECT u.id, u.name, u.password_hash, u.role, u.unit, n.code FROM users u LEFT JOIN units n ON n.name = u.unit"
    };
}

fn user(row: &sqlx::any::AnyRow) -> Result<User, StoreError> {
    Ok(User {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        password_hash: row.try_get(2)?,
        role: row.try_get(3)?,
        unit: row.try_get(4)?,
        unit_code: row.try_get(5)?,
    })
}

pub async fn user_by_name(pool: &AnyPool, name: &str) -> Result<Option<User>, StoreError> {
    let sql = concat!(user_sql!(), " WHERE u.name = $1");
    let row = sqlx::query(sql)
        .bind(name.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(user).transpose()
}

/// Sessions are kept by the SHA-256 of their token, so a copy of the database opens none of them.
fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub async fn create_session(
    pool: &AnyPool,
    token: &str,
    user_id: i64,
    csrf: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(pool)
        .await?;
    sqlx::query("INSERT INTO sessions (token, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(token))
        .bind(user_id)
        .bind(csrf.to_string())
        .bind(expires_at)
        .execute(pool)
        .await?;
    Ok(())
}

/// The user and CSRF token of a live session.
pub async fn session(
    pool: &AnyPool,
    token: &str,
    now: i64,
) -> Result<Option<(User, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT u.id, u.name, u.password_hash, u.role, u.unit, n.code, s.csrf FROM sessions s \
         JOIN users u ON u.id = s.user_id LEFT JOIN units n ON n.name = u.unit \
         WHERE s.token = $1 AND s.expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(now)
    .fetch_optional(pool)
    .await?;
    row.map(|row| Ok((user(&row)?, row.try_get(6)?)))
        .transpose()
}

pub async fn delete_session(pool: &AnyPool, token: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token = $1")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// The workflow state of a project (`None`: imported from a published document).
pub async fn state(
    pool: &AnyPool,
    doc_key: &str,
    project_name: &str,
) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT state FROM workflow WHERE doc_key = $1 AND project_name = $2")
        .bind(doc_key.to_string())
        .bind(project_name.to_string())
        .fetch_optional(pool)
        .await?;
    row.map(|r| r.try_get(0).map_err(StoreError::from))
        .transpose()
}

/// Every project with a workflow state other than approved: (doc_key, project_name, state).
pub async fn unpublished(pool: &AnyPool) -> Result<Vec<(String, String, String)>, StoreError> {
    let rows = sqlx::query("SELECT doc_key, project_name, state FROM workflow WHERE state <> 'approved' ORDER BY updated_at")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}

/// (doc_key, project_name, state, updated_at) of every project with a workflow, oldest move first.
pub async fn workflow_rows(
    pool: &AnyPool,
) -> Result<Vec<(String, String, String, String)>, StoreError> {
    let rows = sqlx::query(
        "SELECT doc_key, project_name, state, updated_at FROM workflow ORDER BY updated_at",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect()
}

/// Moves a project to `to` when it is in one of `from` (or has no row and `from` allows `None`),
/// and appends the audit entry, in one transaction. Returns whether the move happened.
pub async fn transition(
    store: &Store,
    doc_key: &str,
    project_name: &str,
    from: &[Option<&str>],
    to: &str,
    audit: &AuditEntry,
    comments: &[RowComment],
) -> Result<bool, StoreError> {
    let mut write = store.writers.begin(&store.pool, Some(doc_key)).await?;
    let tx = write.conn();
    let current = state_in(tx, doc_key, project_name).await?;
    if !from.contains(&current.as_deref()) {
        return Ok(false);
    }
    set_state(tx, doc_key, project_name, to).await?;
    if to == "approved" {
        crate::copies::drop_copy(tx, doc_key, project_name).await?;
    }
    insert_audit(tx, doc_key, project_name, audit).await?;
    for comment in comments {
        sqlx::query("INSERT INTO row_comments (doc_key, project_name, at, user_name, row_position, row_label, comment) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(doc_key.to_string())
            .bind(project_name.to_string())
            .bind(crate::write::now())
            .bind(audit.user_name.clone())
            .bind(comment.row.map(|r| r as i64))
            .bind(comment.label.clone())
            .bind(comment.comment.clone())
            .execute(&mut *tx)
            .await?;
    }
    write.commit().await?;
    Ok(true)
}

/// Takes a published project back to draft for a revision (目标调整): its approved version is
/// kept for the public until the revision is approved. `false` when it is not published now.
pub async fn revise(
    store: &Store,
    doc_key: &str,
    project_name: &str,
    audit: &AuditEntry,
) -> Result<bool, StoreError> {
    let mut write = store.writers.begin(&store.pool, Some(doc_key)).await?;
    let tx = write.conn();
    let current = state_in(tx, doc_key, project_name).await?;
    if current.as_deref().is_some_and(|s| s != "approved") {
        return Ok(false);
    }
    let Some(project) = crate::write::snapshot_in(tx, doc_key)
        .await?
        .and_then(|d| d.projects.into_iter().find(|p| p.name == project_name))
    else {
        return Ok(false);
    };
    crate::copies::keep(tx, doc_key, &project).await?;
    set_state(tx, doc_key, project_name, "draft").await?;
    insert_audit(tx, doc_key, project_name, audit).await?;
    write.commit().await?;
    Ok(true)
}

/// A project's workflow state, inside the caller's transaction.
async fn state_in(
    tx: &mut sqlx::AnyConnection,
    doc_key: &str,
    project_name: &str,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query("SELECT state FROM workflow WHERE doc_key = $1 AND project_name = $2")
            .bind(doc_key.to_string())
            .bind(project_name.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?,
    )
}

/// Puts a project in `state` now, inside the caller's transaction.
pub(crate) async fn set_state(
    tx: &mut sqlx::AnyConnection,
    doc_key: &str,
    project_name: &str,
    state: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM workflow WHERE doc_key = $1 AND project_name = $2")
        .bind(doc_key.to_string())
        .bind(project_name.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO workflow (doc_key, project_name, state, updated_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(doc_key.to_string())
    .bind(project_name.to_string())
    .bind(state.to_string())
    .bind(crate::write::now())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Appends one entry to the audit log, inside the caller's transaction.
pub(crate) async fn insert_audit(
    tx: &mut sqlx::AnyConnection,
    doc_key: &str,
    project_name: &str,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO audit_log (at, user_name, action, doc_key, project_name, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(crate::write::now())
        .bind(audit.user_name.clone())
        .bind(audit.action.clone())
        .bind(doc_key.to_string())
        .bind(project_name.to_string())
        .bind(audit.detail.clone())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub async fn audit(
    pool: &AnyPool,
    doc_key: &str,
    project_name: &str,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = sqlx::query("SELECT at, user_name, action, detail FROM audit_log WHERE doc_key = $1 AND project_name = $2 ORDER BY id")
        .bind(doc_key.to_string())
        .bind(project_name.to_string())
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                at: r.try_get(0)?,
                user_name: r.try_get(1)?,
                action: r.try_get(2)?,
                detail: r.try_get(3)?,
            })
        })
        .collect()
}

pub async fn users(pool: &AnyPool) -> Result<Vec<User>, StoreError> {
    let rows = sqlx::query(concat!(user_sql!(), " ORDER BY u.name"))
        .fetch_all(pool)
        .await?;
    rows.iter().map(user).collect()
}

/// Changes a user's role and unit, and the password when a new hash is given; `false` when there is no such user.
pub async fn update_user(
    store: &Store,
    id: i64,
    role: &str,
    unit: Option<&str>,
    password_hash: Option<&str>,
) -> Result<bool, StoreError> {
    let mut write = store.writers.begin(&store.pool, None).await?;
    let tx = write.conn();
    let changed = sqlx::query("UPDATE users SET role = $1, unit = $2 WHERE id = $3")
        .bind(role.to_string())
        .bind(unit.map(str::to_string))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if let Some(hash) = password_hash {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // A new password ends the user's sessions.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    write.commit().await?;
    Ok(changed == 1)
}

/// A unit (预算单位) administrators manage; unit staff are assigned to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub code: Option<String>,
    /// Its 主管部门: the name of the registered unit whose reviewers give the first review.
    pub department: Option<String>,
}

pub async fn add_unit(
    pool: &AnyPool,
    name: &str,
    code: Option<&str>,
    department: Option<&str>,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO units (name, code, department, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name.to_string())
    .bind(code.map(str::to_string))
    .bind(department.map(str::to_string))
    .bind(crate::write::now())
    .fetch_one(pool)
    .await?;
    Ok(row.try_get(0)?)
}

pub(crate) fn unit(r: &sqlx::any::AnyRow) -> Result<Unit, StoreError> {
    Ok(Unit {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        code: r.try_get(2)?,
        department: r.try_get(3)?,
    })
}

pub async fn units(pool: &AnyPool) -> Result<Vec<Unit>, StoreError> {
    let rows = sqlx::query("SELECT id, name, code, department FROM units ORDER BY name")
        .fetch_all(pool)
        .await?;
    rows.iter().map(unit).collect()
}

/// Administrative actions (users, units) go to the same append-only log, with no project.
pub async fn audit_admin(pool: &AnyPool, entry: &AuditEntry) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO audit_log (at, user_name, action, doc_key, project_name, detail) VALUES ($1, $2, $3, '', '', $4)")
        .bind(crate::write::now())
        .bind(entry.user_name.clone())
        .bind(entry.action.clone())
        .bind(entry.detail.clone())
        .execute(pool)
        .await?;
    Ok(())
}
