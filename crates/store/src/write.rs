//! Importing a document: one transaction that writes every part of it.

use jixiao_model::{BlankRow, Document, GoalItem, Indicator, Level1, Level2, Project, Span};
use sqlx::{AnyConnection, AnyPool, Row};

use crate::codec::{Snapshot, decimal_text, enum_text, line};
use crate::{DraftImport, ImportInput, ImportOutcome, Store, StoreError, document_key};

pub async fn import(store: &Store, input: &ImportInput<'_>) -> Result<ImportOutcome, StoreError> {
    let key = document_key(input.document, input.source_name);
    let mut write = store.writers.begin(&store.pool, Some(&key)).await?;
    let outcome = import_in(write.conn(), input).await?;
    write.commit().await?;
    Ok(outcome)
}

/// Imports a document whose changed projects become drafts of `user_name` (an upload through the
/// web): the rows, the workflow states, the versions and the audit entries in one transaction,
/// so no project is ever visible before it is a draft.
///
/// An upload over the unit's stored document of the year replaces the projects it changes
/// (published ones go back to draft, to be reviewed again) and keeps the others as they are, with
/// their states: a project uploaded again as it was stored is unchanged, and one under review is
/// skipped (the stored one stays) and named in the answer.
pub async fn import_drafts(
    store: &Store,
    input: &ImportInput<'_>,
    user_name: &str,
) -> Result<DraftImport, StoreError> {
    let key = document_key(input.document, input.source_name);
    let without_snapshot = unsnapshotted_document(&store.pool, &key).await?;
    let mut write = store.writers.begin(&store.pool, Some(&key)).await?;
    let tx = write.conn();
    let names = || input.document.projects.iter().map(|p| p.name.clone());
    let unchanged =
        sqlx::query("SELECT id FROM documents WHERE doc_key = $1 AND content_sha256 = $2")
            .bind(key.clone())
            .bind(input.content_sha256.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(row) = unchanged {
        return Ok(DraftImport {
            outcome: ImportOutcome::Unchanged(row.try_get(0)?),
            drafted: Vec::new(),
            unchanged: names().collect(),
            skipped: Vec::new(),
        });
    }
    let under_review: Vec<String> =
        sqlx::query("SELECT project_name FROM workflow WHERE doc_key = $1 AND state = 'submitted'")
            .bind(key.clone())
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()?;
    let states: Vec<(String, String)> =
        sqlx::query("SELECT project_name, state FROM workflow WHERE doc_key = $1")
            .bind(key.clone())
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
    let published = |name: &str| {
        states
            .iter()
            .find(|(n, _)| n == name)
            .is_none_or(|(_, state)| state == "approved")
    };
    let earlier = snapshot_in(tx, &key).await?.or(without_snapshot);
    let stored = |name: &str| {
        earlier
            .as_ref()
            .and_then(|d| d.projects.iter().find(|p| p.name == name))
    };
    let mut document = input.document.clone();
    let (mut drafted, mut unchanged, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    for project in &mut document.projects {
        let before = stored(&project.name);
        if under_review.contains(&project.name)
            && let Some(before) = before
        {
            skipped.push(project.name.clone());
            *project = before.clone();
        } else if before.is_some_and(|before| same_content(before, project)) {
            unchanged.push(project.name.clone());
        } else {
            // A published project changed: the public keeps its approved version meanwhile.
            if let Some(before) = before
                && published(&project.name)
            {
                crate::copies::keep(tx, &key, before).await?;
            }
            drafted.push(project.name.clone());
        }
    }
    if let Some(earlier) = &earlier {
        let kept = earlier
            .projects
            .iter()
            .filter(|p| !input.document.projects.iter().any(|q| q.name == p.name))
            .cloned();
        document.projects.extend(kept);
        // Where the unit was read from (`第40行项目表表头`) is a place, not content.
        let mut placed = document.clone();
        placed.unit.basis.clone_from(&earlier.unit.basis);
        if drafted.is_empty() && same_content(earlier, &placed) {
            let id: i64 = sqlx::query("SELECT id FROM documents WHERE doc_key = $1")
                .bind(key.clone())
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
            return Ok(DraftImport {
                outcome: ImportOutcome::Unchanged(id),
                drafted,
                unchanged,
                skipped,
            });
        }
    }
    let merged = ImportInput {
        document: &document,
        ..*input
    };
    let outcome = import_in(tx, &merged).await?;
    for project in document
        .projects
        .iter()
        .filter(|p| drafted.contains(&p.name))
    {
        crate::accounts::set_state(tx, &key, &project.name, "draft").await?;
        let audit = crate::AuditEntry {
            at: String::new(),
            user_name: user_name.to_string(),
            action: "upload".into(),
            detail: input.source_name.to_string(),
        };
        crate::accounts::insert_audit(tx, &key, &project.name, &audit).await?;
        crate::edits::insert_version(tx, &key, project, user_name).await?;
    }
    write.commit().await?;
    Ok(DraftImport {
        outcome,
        drafted,
        unchanged,
        skipped,
    })
}

/// Whether two parts of a document say the same, wherever in their files they were printed.
fn same_content<T: serde::Serialize>(a: &T, b: &T) -> bool {
    fn without_places(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.retain(|k, _| {
                    !matches!(k.as_str(), "span" | "line" | "first_line" | "last_line")
                });
                map.values_mut().for_each(without_places);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(without_places),
            _ => {}
        }
    }
    let value = |x: &T| {
        let mut value = serde_json::to_value(x).ok();
        if let Some(v) = value.as_mut() {
            without_places(v);
        }
        value
    };
    let (a, b) = (value(a), value(b));
    a.is_some() && a == b
}

/// Stores a document under its key: new, unchanged (same content), or replacing the stored one in
/// place, so the document and every project it names again keep their ids.
async fn import_in(
    tx: &mut AnyConnection,
    input: &ImportInput<'_>,
) -> Result<ImportOutcome, StoreError> {
    let key = document_key(input.document, input.source_name);
    let existing = sqlx::query("SELECT id, content_sha256 FROM documents WHERE doc_key = $1")
        .bind(&key)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = existing else {
        let id = insert_document(tx, &key, input).await?;
        return Ok(ImportOutcome::New(id));
    };
    let id: i64 = row.try_get(0)?;
    let sha: String = row.try_get(1)?;
    if sha == input.content_sha256 {
        return Ok(ImportOutcome::Unchanged(id));
    }
    replace_document(tx, id, input).await?;
    Ok(ImportOutcome::Replaced(id))
}

/// The stored document under `key` when it has no snapshot yet (stored before snapshots existed),
/// read from its tables before the upload's transaction; the transaction reads snapshots itself.
async fn unsnapshotted_document(pool: &AnyPool, key: &str) -> Result<Option<Document>, StoreError> {
    let id: Option<i64> =
        sqlx::query("SELECT id FROM documents WHERE doc_key = $1 AND snapshot IS NULL")
            .bind(key.to_string())
            .fetch_optional(pool)
            .await?
            .map(|row| row.try_get(0))
            .transpose()?;
    Ok(match id {
        Some(id) => crate::read::document(pool, id).await?.map(|s| s.document),
        None => None,
    })
}

pub(crate) async fn snapshot_in(
    tx: &mut AnyConnection,
    key: &str,
) -> Result<Option<Document>, StoreError> {
    let text: Option<String> = sqlx::query("SELECT snapshot FROM documents WHERE doc_key = $1")
        .bind(key.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| row.try_get(0))
        .transpose()?
        .flatten();
    text.map(|t| Snapshot::from_json(&t).map(|s| s.document))
        .transpose()
}

/// Rewrites a stored document in place: its row and every part are replaced, a project named
/// again is updated under its id, and projects the new version no longer has are removed.
async fn replace_document(
    tx: &mut AnyConnection,
    id: i64,
    input: &ImportInput<'_>,
) -> Result<(), StoreError> {
    for statement in [
        "DELETE FROM findings WHERE document_id = $1",
        "DELETE FROM spending_checkpoints WHERE project_id IN (SELECT id FROM projects WHERE document_id = $1)",
        "DELETE FROM indicator_rows WHERE document_id = $1",
        "DELETE FROM goal_items WHERE document_id = $1",
        "DELETE FROM raw_sections WHERE document_id = $1",
        "DELETE FROM diagnostics WHERE document_id = $1",
    ] {
        sqlx::query(statement).bind(id).execute(&mut *tx).await?;
    }
    let document = input.document;
    document_row(
        sqlx::query(
            "UPDATE documents SET content_sha256 = $1, source_name = $2, imported_at = $3, unit_code = $4, \
             unit_name = $5, unit_basis = $6, fiscal_year = $7, year_basis = $8, year_evidence = $9, amount_unit = $10, \
             department_budget_yuan = $11, department_budget_raw = $12, snapshot = NULL WHERE id = $13",
        ),
        input,
    )?
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let mut stored: Vec<(i64, String)> =
        sqlx::query("SELECT id, name FROM projects WHERE document_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
    for (position, project) in document.projects.iter().enumerate() {
        match stored.iter().position(|(_, name)| *name == project.name) {
            Some(index) => {
                let (project_id, _) = stored.remove(index);
                update_project_row(tx, project_id, position, project).await?;
                insert_project_parts(tx, id, project_id, project).await?;
            }
            None => {
                insert_project(tx, id, position, project).await?;
            }
        }
    }
    for (project_id, _) in stored {
        sqlx::query("DELETE FROM projects WHERE id = $1")
            .bind(project_id)
            .execute(&mut *tx)
            .await?;
    }
    insert_contents(tx, id, input).await
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds a document's own columns, in the order of the documents table's statements.
fn document_row<'q>(query: Query<'q>, input: &'q ImportInput<'_>) -> Result<Query<'q>, StoreError> {
    let document = input.document;
    let evidence = serde_json::to_string(&document.fiscal_year.evidence)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(query
        .bind(input.content_sha256)
        .bind(input.source_name)
        .bind(now())
        .bind(document.unit.code.clone())
        .bind(document.unit.name.clone())
        .bind(&document.unit.basis)
        .bind(document.fiscal_year.year.map(i64::from))
        .bind(enum_text(&document.fiscal_year.basis))
        .bind(evidence)
        .bind(document.amount_unit.map(|u| enum_text(&u)))
        .bind(decimal_text(document.department_budget_yuan))
        .bind(document.department_budget_raw.clone()))
}

async fn insert_document(
    tx: &mut AnyConnection,
    key: &str,
    input: &ImportInput<'_>,
) -> Result<i64, StoreError> {
    let row = document_row(
        sqlx::query(
            "INSERT INTO documents (content_sha256, source_name, imported_at, unit_code, unit_name, unit_basis, \
             fiscal_year, year_basis, year_evidence, amount_unit, department_budget_yuan, department_budget_raw, doc_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        ),
        input,
    )?
    .bind(key)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get(0)?;
    for (position, project) in input.document.projects.iter().enumerate() {
        insert_project(tx, id, position, project).await?;
    }
    insert_contents(tx, id, input).await?;
    Ok(id)
}

/// A document's parts other than its projects: goals, department indicators, raw sections,
/// diagnostics, and the snapshot.
async fn insert_contents(
    tx: &mut AnyConnection,
    id: i64,
    input: &ImportInput<'_>,
) -> Result<(), StoreError> {
    let document: &Document = input.document;
    let goals = &document.goals;
    for (section, items) in [
        ("overall", &goals.overall),
        ("itemised", &goals.itemised),
        ("safeguards", &goals.safeguards),
    ] {
        insert_goals(tx, id, None, section, items).await?;
    }
    for (position, indicator) in document.department_indicators.iter().enumerate() {
        insert_indicator(tx, id, None, position, indicator).await?;
    }
    for (position, section) in document.raw_sections.iter().enumerate() {
        sqlx::query(
            "INSERT INTO raw_sections (document_id, position, heading, text, first_line, last_line) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(section.heading.clone())
        .bind(&section.text)
        .bind(line(section.span.first_line))
        .bind(line(section.span.last_line))
        .execute(&mut *tx)
        .await?;
    }
    let snapshot = Snapshot::new(document.clone(), input.diagnostics.to_vec());
    sqlx::query("UPDATE documents SET snapshot = $1 WHERE id = $2")
        .bind(snapshot.to_json()?)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for (position, diagnostic) in input.diagnostics.iter().enumerate() {
        sqlx::query("INSERT INTO diagnostics (document_id, position, line, severity, message) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(position as i64)
            .bind(line(diagnostic.line))
            .bind(enum_text(&diagnostic.severity))
            .bind(&diagnostic.message)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

pub(crate) async fn insert_project(
    tx: &mut AnyConnection,
    document_id: i64,
    position: usize,
    project: &Project,
) -> Result<i64, StoreError> {
    let query = sqlx::query(
        "INSERT INTO projects (document_id, position, code, name, title, budget_unit, total_yuan, fiscal_yuan, other_yuan, \
         total_raw, fiscal_raw, other_raw, purpose, plan_label, plan_mode, plan_mode_basis, first_line, last_line, \
         indicator_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
    )
    .bind(document_id);
    let row = project_row(query, position, project)
        .fetch_one(&mut *tx)
        .await?;
    let project_id: i64 = row.try_get(0)?;
    insert_project_parts(tx, document_id, project_id, project).await?;
    Ok(project_id)
}

/// Rewrites a project's own row in place (its id stays); its parts are written separately.
pub(crate) async fn update_project_row(
    tx: &mut AnyConnection,
    project_id: i64,
    position: usize,
    project: &Project,
) -> Result<(), StoreError> {
    let query = sqlx::query(
        "UPDATE projects SET position = $1, code = $2, name = $3, title = $4, budget_unit = $5, total_yuan = $6, \
         fiscal_yuan = $7, other_yuan = $8, total_raw = $9, fiscal_raw = $10, other_raw = $11, purpose = $12, \
         plan_label = $13, plan_mode = $14, plan_mode_basis = $15, first_line = $16, last_line = $17, \
         indicator_count = $18, revision = revision + 1 WHERE id = $19",
    );
    project_row(query, position, project)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Binds a project's own columns, from its position to its indicator count, in the order of the
/// projects table's statements.
fn project_row<'q>(query: Query<'q>, position: usize, project: &'q Project) -> Query<'q> {
    let budget = &project.budget;
    let plan = project.spending_plan.as_ref();
    query
        .bind(position as i64)
        .bind(project.code.clone())
        .bind(&project.name)
        .bind(project.title.clone())
        .bind(budget.unit.map(|u| enum_text(&u)))
        .bind(decimal_text(budget.total_yuan))
        .bind(decimal_text(budget.fiscal_yuan))
        .bind(decimal_text(budget.other_yuan))
        .bind(budget.total_raw.clone())
        .bind(budget.fiscal_raw.clone())
        .bind(budget.other_raw.clone())
        .bind(project.purpose.clone())
        .bind(plan.map(|p| p.label.clone()))
        .bind(plan.map(|p| enum_text(&p.mode)))
        .bind(plan.map(|p| p.mode_basis.clone()))
        .bind(line(project.span.first_line))
        .bind(line(project.span.last_line))
        .bind(project.indicators.len() as i64)
}

/// The rows that hang off a project: spending checkpoints, goals, indicators and blank rows.
pub(crate) async fn insert_project_parts(
    tx: &mut AnyConnection,
    document_id: i64,
    project_id: i64,
    project: &Project,
) -> Result<(), StoreError> {
    let plan = project.spending_plan.as_ref();
    for (position, checkpoint) in plan
        .map(|p| p.checkpoints.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        sqlx::query("INSERT INTO spending_checkpoints (project_id, position, label, raw, percent) VALUES ($1, $2, $3, $4, $5)")
            .bind(project_id)
            .bind(position as i64)
            .bind(&checkpoint.label)
            .bind(&checkpoint.raw)
            .bind(decimal_text(checkpoint.percent))
            .execute(&mut *tx)
            .await?;
    }
    insert_goals(tx, document_id, Some(project_id), "project", &project.goals).await?;
    for (position, indicator) in project.indicators.iter().enumerate() {
        insert_indicator(tx, document_id, Some(project_id), position, indicator).await?;
    }
    let offset = project.indicators.len();
    for (position, blank) in project.blank_rows.iter().enumerate() {
        insert_blank(tx, document_id, project_id, offset + position, blank).await?;
    }
    Ok(())
}

async fn insert_goals(
    tx: &mut AnyConnection,
    document_id: i64,
    project_id: Option<i64>,
    section: &str,
    items: &[GoalItem],
) -> Result<(), StoreError> {
    for (position, item) in items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO goal_items (document_id, project_id, section, position, label, text, target, indicators, first_line, last_line) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(document_id)
        .bind(project_id)
        .bind(section)
        .bind(position as i64)
        .bind(item.label.clone())
        .bind(&item.text)
        .bind(item.target.clone())
        .bind(item.indicators.clone())
        .bind(line(item.span.first_line))
        .bind(line(item.span.last_line))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

const INSERT_ROW: &str = "INSERT INTO indicator_rows (document_id, project_id, position, blank, \
    level1_kind, level1_raw, level1_canonical, level1_merged, level2_kind, level2_raw, level2_canonical, level2_merged, \
    name, description, target_raw, target_kind, comparator, target_number, target_unit, target_text, \
    value_symbol, value_value, value_unit, basis_text, basis_kind, scoring_rule, first_line, last_line) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
    $21, $22, $23, $24, $25, $26, $27, $28)";

fn categories<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    level1: &Level1,
    level2: &Level2,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    query
        .bind(level1.kind.map(|k| enum_text(&k)))
        .bind(level1.raw.clone())
        .bind(i64::from(level1.canonical))
        .bind(i64::from(level1.merged))
        .bind(level2.kind.map(|k| enum_text(&k)))
        .bind(level2.raw.clone())
        .bind(i64::from(level2.canonical))
        .bind(i64::from(level2.merged))
}

fn span_binds<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    span: Span,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    query.bind(line(span.first_line)).bind(line(span.last_line))
}

async fn insert_indicator(
    tx: &mut AnyConnection,
    document_id: i64,
    project_id: Option<i64>,
    position: usize,
    indicator: &Indicator,
) -> Result<(), StoreError> {
    let target = &indicator.target;
    let parts = indicator.value_parts.as_ref();
    let query = sqlx::query(INSERT_ROW)
        .bind(document_id)
        .bind(project_id)
        .bind(position as i64)
        .bind(0_i64);
    let query = categories(query, &indicator.level1, &indicator.level2)
        .bind(indicator.name.clone())
        .bind(indicator.description.clone())
        .bind(target.raw.clone())
        .bind(enum_text(&target.kind))
        .bind(target.comparator.map(|c| enum_text(&c)))
        .bind(decimal_text(target.number))
        .bind(target.unit.clone())
        .bind(target.text.clone())
        .bind(parts.map(|p| p.symbol.clone()))
        .bind(parts.map(|p| p.value.clone()))
        .bind(parts.map(|p| p.unit.clone()))
        .bind(indicator.basis.as_ref().map(|b| b.text.clone()))
        .bind(indicator.basis.as_ref().map(|b| enum_text(&b.kind)))
        .bind(indicator.scoring_rule.clone());
    span_binds(query, indicator.span).execute(&mut *tx).await?;
    Ok(())
}

async fn insert_blank(
    tx: &mut AnyConnection,
    document_id: i64,
    project_id: i64,
    position: usize,
    blank: &BlankRow,
) -> Result<(), StoreError> {
    let query = sqlx::query(INSERT_ROW)
        .bind(document_id)
        .bind(Some(project_id))
        .bind(position as i64)
        .bind(1_i64);
    let query = categories(query, &blank.level1, &blank.level2)
        .bind(blank.text.clone())
        .bind(String::new())
        .bind(String::new())
        .bind("empty".to_string());
    let query = (0..10).fold(query, |q, _| q.bind(None::<String>));
    span_binds(query, blank.span).execute(&mut *tx).await?;
    Ok(())
}

pub(crate) fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{seconds}")
}
