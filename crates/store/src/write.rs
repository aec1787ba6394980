//! Importing a document: one transaction that writes every part of it.

use jixiao_model::{BlankRow, Document, GoalItem, Indicator, Level1, Level2, Project, Span};
use serde::Serialize;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::codec::{decimal_text, enum_text, line, stored_snapshot};
use crate::rows;
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
pub(crate) async fn import_in(
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
    replace_document(tx, id, &key, input).await?;
    Ok(ImportOutcome::Replaced(id))
}

/// The stored document under `key` when it has no snapshot yet (stored before snapshots existed),
/// read from its tables before the upload's transaction; the transaction reads snapshots itself.
async fn unsnapshotted_document(pool: &AnyPool, key: &str) -> Result<Option<Document>, StoreError> {
    let id: Option<i64> =
        sqlx::query("SELECT id FROM documents WHERE doc_key = $1 AND snapshot IS NULL AND snapshot_deflated IS NULL")
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
    let row = sqlx::query("SELECT snapshot, snapshot_deflated FROM documents WHERE doc_key = $1")
        .bind(key.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(stored_snapshot(row.try_get(0)?, row.try_get(1)?)?.map(|s| s.document))
}

/// Rewrites a stored document in place: its row and every part are replaced, a project named
/// again is updated under its id, and projects the new version no longer has are removed.
async fn replace_document(
    tx: &mut AnyConnection,
    id: i64,
    key: &str,
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
    crate::search::forget(tx, crate::search::Of::Document(id)).await?;
    let row = DocumentRow::new(key, input)?;
    rows::update(tx, &row, id, "").await?;
    row.write_snapshot(tx, id).await?;
    let mut stored: Vec<(i64, String)> =
        sqlx::query("SELECT id, name FROM projects WHERE document_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
    let mut parts = Parts::default();
    let mut new = Vec::new();
    for (position, project) in input.document.projects.iter().enumerate() {
        match stored.iter().position(|(_, name)| *name == project.name) {
            Some(index) => {
                let (project_id, _) = stored.remove(index);
                update_project_row(tx, project_id, id, position, project).await?;
                parts.project(id, project_id, project);
            }
            None => new.push((position, project)),
        }
    }
    for (project_id, _) in stored {
        sqlx::query("DELETE FROM projects WHERE id = $1")
            .bind(project_id)
            .execute(&mut *tx)
            .await?;
    }
    let rows: Vec<ProjectRow> = new
        .iter()
        .map(|(position, project)| ProjectRow::new(id, *position, project))
        .collect();
    for (project_id, position) in inserted_projects(tx, &rows).await? {
        if let Some((_, project)) = new.iter().find(|(p, _)| *p == position) {
            parts.project(id, project_id, project);
        }
    }
    parts.contents(id, input);
    parts.insert(tx).await
}

/// Inserts project rows, answering each one's id with its position.
pub(crate) async fn inserted_projects(
    tx: &mut AnyConnection,
    rows: &[ProjectRow<'_>],
) -> Result<Vec<(i64, usize)>, StoreError> {
    rows::insert(tx, rows, "id, position")
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, crate::codec::to_usize(row.try_get(1)?))))
        .collect()
}

async fn insert_document(
    tx: &mut AnyConnection,
    key: &str,
    input: &ImportInput<'_>,
) -> Result<i64, StoreError> {
    let row = DocumentRow::new(key, input)?;
    let inserted = rows::insert(tx, std::slice::from_ref(&row), "id").await?;
    let id: i64 = inserted
        .first()
        .ok_or_else(|| StoreError::Corrupt("文档未写入".into()))?
        .try_get(0)?;
    row.write_snapshot(tx, id).await?;
    let projects: Vec<ProjectRow> = (input.document.projects.iter().enumerate())
        .map(|(position, project)| ProjectRow::new(id, position, project))
        .collect();
    let mut parts = Parts::default();
    for (project_id, position) in inserted_projects(tx, &projects).await? {
        if let Some(project) = input.document.projects.get(position) {
            parts.project(id, project_id, project);
        }
    }
    parts.contents(id, input);
    parts.insert(tx).await?;
    Ok(id)
}

pub(crate) async fn insert_project(
    tx: &mut AnyConnection,
    document_id: i64,
    position: usize,
    project: &Project,
) -> Result<i64, StoreError> {
    let inserted =
        inserted_projects(tx, &[ProjectRow::new(document_id, position, project)]).await?;
    let (project_id, _) = inserted
        .first()
        .copied()
        .ok_or_else(|| StoreError::Corrupt("项目未写入".into()))?;
    insert_project_parts(tx, document_id, project_id, project).await?;
    Ok(project_id)
}

/// Rewrites a project's own row in place (its id stays, its revision counts up); its parts are
/// written separately.
pub(crate) async fn update_project_row(
    tx: &mut AnyConnection,
    project_id: i64,
    document_id: i64,
    position: usize,
    project: &Project,
) -> Result<(), StoreError> {
    let row = ProjectRow::new(document_id, position, project);
    rows::update(tx, &row, project_id, "revision = revision + 1").await
}

/// The rows that hang off a project: spending checkpoints, goals, indicators and blank rows.
pub(crate) async fn insert_project_parts(
    tx: &mut AnyConnection,
    document_id: i64,
    project_id: i64,
    project: &Project,
) -> Result<(), StoreError> {
    let mut parts = Parts::default();
    parts.project(document_id, project_id, project);
    parts.insert(tx).await
}

/// The rows of the tables under documents and projects, gathered to be inserted a table at a time.
#[derive(Default)]
pub(crate) struct Parts<'a> {
    checkpoints: Vec<CheckpointRow<'a>>,
    goals: Vec<GoalRow<'a>>,
    indicators: Vec<IndicatorRow<'a>>,
    raw_sections: Vec<RawSectionRow<'a>>,
    diagnostics: Vec<DiagnosticRow<'a>>,
    /// (project id, search terms).
    terms: Vec<(i64, String)>,
}

impl<'a> Parts<'a> {
    pub fn project(&mut self, document_id: i64, project_id: i64, project: &'a Project) {
        self.terms.push((project_id, crate::search::terms(project)));
        let checkpoints = project
            .spending_plan
            .as_ref()
            .map(|p| p.checkpoints.as_slice());
        for (position, checkpoint) in checkpoints.unwrap_or_default().iter().enumerate() {
            self.checkpoints.push(CheckpointRow {
                project_id,
                position: position as i64,
                label: &checkpoint.label,
                raw: &checkpoint.raw,
                percent: decimal_text(checkpoint.percent),
            });
        }
        self.goals(document_id, Some(project_id), "project", &project.goals);
        for (position, indicator) in project.indicators.iter().enumerate() {
            let row = IndicatorRow::indicator(document_id, Some(project_id), position, indicator);
            self.indicators.push(row);
        }
        let offset = project.indicators.len();
        for (position, blank) in project.blank_rows.iter().enumerate() {
            let row = IndicatorRow::blank(document_id, project_id, offset + position, blank);
            self.indicators.push(row);
        }
    }

    /// A document's parts other than its projects: goals, department indicators, raw sections
    /// and diagnostics.
    pub fn contents(&mut self, id: i64, input: &ImportInput<'a>) {
        let document: &'a Document = input.document;
        let goals = &document.goals;
        self.goals(id, None, "overall", &goals.overall);
        self.goals(id, None, "itemised", &goals.itemised);
        self.goals(id, None, "safeguards", &goals.safeguards);
        for (position, indicator) in document.department_indicators.iter().enumerate() {
            let row = IndicatorRow::indicator(id, None, position, indicator);
            self.indicators.push(row);
        }
        for (position, section) in document.raw_sections.iter().enumerate() {
            self.raw_sections.push(RawSectionRow {
                document_id: id,
                position: position as i64,
                heading: section.heading.as_deref(),
                text: &section.text,
                first_line: line(section.span.first_line),
                last_line: line(section.span.last_line),
            });
        }
        for (position, diagnostic) in input.diagnostics.iter().enumerate() {
            self.diagnostics.push(DiagnosticRow {
                document_id: id,
                position: position as i64,
                line: line(diagnostic.line),
                severity: enum_text(&diagnostic.severity),
                message: &diagnostic.message,
            });
        }
    }

    fn goals(
        &mut self,
        document_id: i64,
        project_id: Option<i64>,
        section: &'static str,
        items: &'a [GoalItem],
    ) {
        for (position, item) in items.iter().enumerate() {
            self.goals.push(GoalRow {
                document_id,
                project_id,
                section,
                position: position as i64,
                label: item.label.as_deref(),
                text: &item.text,
                target: item.target.as_deref(),
                indicators: item.indicators.as_deref(),
                first_line: line(item.span.first_line),
                last_line: line(item.span.last_line),
            });
        }
    }

    pub async fn insert(&self, tx: &mut AnyConnection) -> Result<(), StoreError> {
        rows::insert(tx, &self.checkpoints, "").await?;
        rows::insert(tx, &self.goals, "").await?;
        rows::insert(tx, &self.indicators, "").await?;
        rows::insert(tx, &self.raw_sections, "").await?;
        rows::insert(tx, &self.diagnostics, "").await?;
        crate::search::write_rows(tx, &self.terms).await
    }
}

/// A document's own row, with its snapshot.
#[derive(Serialize)]
pub(crate) struct DocumentRow<'a> {
    doc_key: &'a str,
    content_sha256: &'a str,
    source_name: &'a str,
    imported_at: String,
    unit_code: Option<&'a str>,
    unit_name: Option<&'a str>,
    unit_basis: &'a str,
    fiscal_year: Option<i64>,
    year_basis: String,
    year_evidence: String,
    amount_unit: Option<String>,
    department_budget_yuan: Option<String>,
    department_budget_raw: Option<&'a str>,
    /// The snapshot, deflated; written by [`DocumentRow::write_snapshot`], bound as bytes of their
    /// own, so PostgreSQL need not unpack it from the rows' JSON.
    #[serde(skip)]
    snapshot: Vec<u8>,
}

impl rows::TableRow for DocumentRow<'_> {
    const TABLE: &'static str = "documents";
}

impl<'a> DocumentRow<'a> {
    pub async fn write_snapshot(&self, tx: &mut AnyConnection, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE documents SET snapshot = NULL, snapshot_deflated = $1 WHERE id = $2")
            .bind(self.snapshot.as_slice())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }

    pub fn new(key: &'a str, input: &'a ImportInput<'_>) -> Result<DocumentRow<'a>, StoreError> {
        let document = input.document;
        let evidence = serde_json::to_string(&document.fiscal_year.evidence)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(DocumentRow {
            doc_key: key,
            content_sha256: input.content_sha256,
            source_name: input.source_name,
            imported_at: now(),
            unit_code: document.unit.code.as_deref(),
            unit_name: document.unit.name.as_deref(),
            unit_basis: &document.unit.basis,
            fiscal_year: document.fiscal_year.year.map(i64::from),
            year_basis: enum_text(&document.fiscal_year.basis),
            year_evidence: evidence,
            amount_unit: document.amount_unit.map(|u| enum_text(&u)),
            department_budget_yuan: decimal_text(document.department_budget_yuan),
            department_budget_raw: document.department_budget_raw.as_deref(),
            snapshot: crate::codec::deflate(&crate::codec::snapshot_json(
                document,
                input.diagnostics,
            )?)?,
        })
    }
}

/// A project's own row.
#[derive(Serialize)]
pub(crate) struct ProjectRow<'a> {
    document_id: i64,
    position: i64,
    code: Option<&'a str>,
    name: &'a str,
    title: Option<&'a str>,
    budget_unit: Option<String>,
    total_yuan: Option<String>,
    fiscal_yuan: Option<String>,
    other_yuan: Option<String>,
    total_raw: Option<&'a str>,
    fiscal_raw: Option<&'a str>,
    other_raw: Option<&'a str>,
    purpose: Option<&'a str>,
    plan_label: Option<&'a str>,
    plan_mode: Option<String>,
    plan_mode_basis: Option<&'a str>,
    first_line: i64,
    last_line: i64,
    indicator_count: i64,
}

impl rows::TableRow for ProjectRow<'_> {
    const TABLE: &'static str = "projects";
}

impl<'a> ProjectRow<'a> {
    pub fn new(document_id: i64, position: usize, project: &'a Project) -> ProjectRow<'a> {
        let budget = &project.budget;
        let plan = project.spending_plan.as_ref();
        ProjectRow {
            document_id,
            position: position as i64,
            code: project.code.as_deref(),
            name: &project.name,
            title: project.title.as_deref(),
            budget_unit: budget.unit.map(|u| enum_text(&u)),
            total_yuan: decimal_text(budget.total_yuan),
            fiscal_yuan: decimal_text(budget.fiscal_yuan),
            other_yuan: decimal_text(budget.other_yuan),
            total_raw: budget.total_raw.as_deref(),
            fiscal_raw: budget.fiscal_raw.as_deref(),
            other_raw: budget.other_raw.as_deref(),
            purpose: project.purpose.as_deref(),
            plan_label: plan.map(|p| p.label.as_str()),
            plan_mode: plan.map(|p| enum_text(&p.mode)),
            plan_mode_basis: plan.map(|p| p.mode_basis.as_str()),
            first_line: line(project.span.first_line),
            last_line: line(project.span.last_line),
            indicator_count: project.indicators.len() as i64,
        }
    }
}

#[derive(Serialize)]
struct CheckpointRow<'a> {
    project_id: i64,
    position: i64,
    label: &'a str,
    raw: &'a str,
    percent: Option<String>,
}

impl rows::TableRow for CheckpointRow<'_> {
    const TABLE: &'static str = "spending_checkpoints";
}

#[derive(Serialize)]
struct GoalRow<'a> {
    document_id: i64,
    project_id: Option<i64>,
    section: &'static str,
    position: i64,
    label: Option<&'a str>,
    text: &'a str,
    target: Option<&'a str>,
    indicators: Option<&'a str>,
    first_line: i64,
    last_line: i64,
}

impl rows::TableRow for GoalRow<'_> {
    const TABLE: &'static str = "goal_items";
}

#[derive(Serialize)]
struct RawSectionRow<'a> {
    document_id: i64,
    position: i64,
    heading: Option<&'a str>,
    text: &'a str,
    first_line: i64,
    last_line: i64,
}

impl rows::TableRow for RawSectionRow<'_> {
    const TABLE: &'static str = "raw_sections";
}

#[derive(Serialize)]
struct DiagnosticRow<'a> {
    document_id: i64,
    position: i64,
    line: i64,
    severity: String,
    message: &'a str,
}

impl rows::TableRow for DiagnosticRow<'_> {
    const TABLE: &'static str = "diagnostics";
}

/// One row of `indicator_rows`: an indicator, or a blank row (`blank` 1, its text as the name).
#[derive(Serialize, Default)]
struct IndicatorRow<'a> {
    document_id: i64,
    project_id: Option<i64>,
    position: i64,
    blank: i64,
    level1_kind: Option<String>,
    level1_raw: &'a str,
    level1_canonical: i64,
    level1_merged: i64,
    level2_kind: Option<String>,
    level2_raw: &'a str,
    level2_canonical: i64,
    level2_merged: i64,
    name: &'a str,
    description: &'a str,
    target_raw: &'a str,
    target_kind: String,
    comparator: Option<String>,
    target_number: Option<String>,
    target_unit: Option<&'a str>,
    target_text: Option<&'a str>,
    value_symbol: Option<&'a str>,
    value_value: Option<&'a str>,
    value_unit: Option<&'a str>,
    basis_text: Option<&'a str>,
    basis_kind: Option<String>,
    scoring_rule: Option<&'a str>,
    first_line: i64,
    last_line: i64,
}

impl rows::TableRow for IndicatorRow<'_> {
    const TABLE: &'static str = "indicator_rows";
}

impl<'a> IndicatorRow<'a> {
    fn categorised(level1: &'a Level1, level2: &'a Level2, span: Span) -> IndicatorRow<'a> {
        IndicatorRow {
            level1_kind: level1.kind.map(|k| enum_text(&k)),
            level1_raw: &level1.raw,
            level1_canonical: i64::from(level1.canonical),
            level1_merged: i64::from(level1.merged),
            level2_kind: level2.kind.map(|k| enum_text(&k)),
            level2_raw: &level2.raw,
            level2_canonical: i64::from(level2.canonical),
            level2_merged: i64::from(level2.merged),
            first_line: line(span.first_line),
            last_line: line(span.last_line),
            ..IndicatorRow::default()
        }
    }

    fn indicator(
        document_id: i64,
        project_id: Option<i64>,
        position: usize,
        indicator: &'a Indicator,
    ) -> IndicatorRow<'a> {
        let target = &indicator.target;
        let parts = indicator.value_parts.as_ref();
        IndicatorRow {
            document_id,
            project_id,
            position: position as i64,
            blank: 0,
            name: &indicator.name,
            description: &indicator.description,
            target_raw: &target.raw,
            target_kind: enum_text(&target.kind),
            comparator: target.comparator.map(|c| enum_text(&c)),
            target_number: decimal_text(target.number),
            target_unit: target.unit.as_deref(),
            target_text: target.text.as_deref(),
            value_symbol: parts.map(|p| p.symbol.as_str()),
            value_value: parts.map(|p| p.value.as_str()),
            value_unit: parts.map(|p| p.unit.as_str()),
            basis_text: indicator.basis.as_ref().map(|b| b.text.as_str()),
            basis_kind: indicator.basis.as_ref().map(|b| enum_text(&b.kind)),
            scoring_rule: indicator.scoring_rule.as_deref(),
            ..IndicatorRow::categorised(&indicator.level1, &indicator.level2, indicator.span)
        }
    }

    fn blank(
        document_id: i64,
        project_id: i64,
        position: usize,
        blank: &'a BlankRow,
    ) -> IndicatorRow<'a> {
        IndicatorRow {
            document_id,
            project_id: Some(project_id),
            position: position as i64,
            blank: 1,
            name: &blank.text,
            target_kind: "empty".into(),
            ..IndicatorRow::categorised(&blank.level1, &blank.level2, blank.span)
        }
    }
}

pub(crate) fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{seconds}")
}
