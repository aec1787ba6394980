//! Reading documents and projects back into the model.

use std::collections::HashMap;

use jixiao_model::{
    Basis, BlankRow, Budget, Checkpoint, DepartmentGoals, Diagnostic, Document, FiscalYear,
    GoalItem, Indicator, Level1, Level2, Project, RawSection, Span, SpendingPlan, TargetValue,
    Unit, ValueParts,
};
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use crate::codec::{decimal_from, enum_from, optional_enum, stored_snapshot, to_usize};
use crate::{Backend, StoreError, StoredDocument};

/// Which projects to list.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    /// Part of the unit's code or name.
    pub unit: Option<String>,
    pub year: Option<u16>,
    /// A keyword in the project's name, code or 资金用途.
    pub query: Option<String>,
    /// At most this many projects (all when `None`), after skipping `offset`.
    pub limit: Option<i64>,
    pub offset: i64,
    /// Keyset paging: only projects with a larger id (the next page) …
    pub after: Option<i64>,
    /// … or with a smaller id, nearest first (the previous page; returned in id order).
    pub before: Option<i64>,
    /// Only published projects (approved, or imported without a workflow): what the public may
    /// search. Unpublished rows are then never read, so no page, count or link can reveal them.
    pub published_only: bool,
}

/// One line of a project list.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectSummary {
    pub id: i64,
    pub document_id: i64,
    pub unit_name: Option<String>,
    pub unit_code: Option<String>,
    pub fiscal_year: Option<u16>,
    pub code: Option<String>,
    pub name: String,
    pub total_yuan: Option<Decimal>,
    pub budget_unit: Option<jixiao_model::AmountUnit>,
    pub indicators: i64,
    /// Position of the project in its document.
    pub position: usize,
    /// The identity of its document (see [`crate::document_key`]).
    pub doc_key: String,
    /// Counts every write of the project: what an edit form was read at.
    pub revision: i64,
}

macro_rules! summary_sql {
    ($($rest:expr),+) => {
        concat!(
            "SELECT p.id, p.document_id, d.unit_name, d.fiscal_year, p.code, p.name, p.total_yuan, p.budget_unit, \
             p.indicator_count, p.position, d.doc_key, d.unit_code, p.revision FROM projects p JOIN documents d ON d.id = p.document_id ",
            $($rest),+
        )
    };
}

/// The projects a [`ProjectFilter`] keeps ($1–$5, $8–$10 as `projects` binds them): the keyword
/// in the name, code or 资金用途, or in a goal or an indicator's name or target — not in the draft of
/// a published project under revision when only published projects are asked for, whose public
/// version is what they match.
macro_rules! matching {
    ($indexed:literal) => {
        concat!("WHERE ($11 = '' OR p.id IN (", $indexed, ")) AND \
         ($1 = '' OR d.unit_name LIKE $2 ESCAPE '\\' OR d.unit_code LIKE $2 ESCAPE '\\') AND ($3 < 0 OR d.fiscal_year = $3) \
         AND ($4 = '' OR p.name LIKE $5 ESCAPE '\\' OR p.code LIKE $5 ESCAPE '\\' OR p.purpose LIKE $5 ESCAPE '\\' \
           OR (($10 = 0 OR NOT EXISTS (SELECT 1 FROM published_copies c WHERE c.doc_key = d.doc_key AND c.project_name = p.name)) \
             AND (EXISTS (SELECT 1 FROM goal_items g WHERE g.project_id = p.id AND g.text LIKE $5 ESCAPE '\\') \
               OR EXISTS (SELECT 1 FROM indicator_rows i WHERE i.project_id = p.id \
                 AND (i.name LIKE $5 ESCAPE '\\' OR i.target_raw LIKE $5 ESCAPE '\\'))))) \
         AND p.id > $8 AND p.id < $9 AND ($10 = 0 OR NOT EXISTS (SELECT 1 FROM workflow w \
         WHERE w.doc_key = d.doc_key AND w.project_name = p.name AND w.state <> 'approved') \
         OR EXISTS (SELECT 1 FROM published_copies c WHERE c.doc_key = d.doc_key AND c.project_name = p.name))")
    };
    (sqlite) => {
        matching!("SELECT rowid FROM project_terms WHERE project_terms MATCH $11")
    };
    (postgres) => {
        matching!("SELECT project_id FROM project_terms WHERE terms @> string_to_array($11, ' ')")
    };
}

fn summary(row: &AnyRow) -> Result<ProjectSummary, StoreError> {
    Ok(ProjectSummary {
        id: row.try_get(0)?,
        document_id: row.try_get(1)?,
        unit_name: row.try_get(2)?,
        fiscal_year: row
            .try_get::<Option<i64>, _>(3)?
            .and_then(|y| u16::try_from(y).ok()),
        code: row.try_get(4)?,
        name: row.try_get(5)?,
        total_yuan: decimal_from(row.try_get(6)?)?,
        budget_unit: optional_enum(row.try_get(7)?)?,
        indicators: row.try_get(8)?,
        position: to_usize(row.try_get(9)?),
        doc_key: row.try_get(10)?,
        unit_code: row.try_get(11)?,
        revision: row.try_get(12)?,
    })
}

/// How many projects the filter keeps, whatever its page (`limit`, `offset`, `after`, `before`),
/// counted up to `at_most + 1` (so a search that matches half the store stops counting early).
pub async fn count(
    pool: &AnyPool,
    backend: Backend,
    filter: &ProjectFilter,
    at_most: i64,
) -> Result<i64, StoreError> {
    macro_rules! counted {
        ($backend:tt) => {
            concat!(
                "SELECT COUNT(*) FROM (SELECT p.id FROM projects p JOIN documents d ON d.id = p.document_id ",
                matching!($backend),
                " LIMIT $6 OFFSET $7) kept"
            )
        };
    }
    let sql = match backend {
        Backend::Sqlite => counted!(sqlite),
        Backend::Postgres => counted!(postgres),
    };
    let unit = filter.unit.clone().unwrap_or_default();
    let query = filter.query.clone().unwrap_or_default();
    let row = sqlx::query(sql)
        .bind(unit.clone())
        .bind(format!("%{}%", like_escaped(&unit)))
        .bind(filter.year.map_or(-1, i64::from))
        .bind(query.clone())
        .bind(format!("%{}%", like_escaped(&query)))
        .bind(at_most.saturating_add(1))
        .bind(0_i64)
        .bind(0_i64)
        .bind(i64::MAX)
        .bind(i64::from(filter.published_only))
        .bind(crate::search::query(backend, &query))
        .fetch_one(pool)
        .await?;
    Ok(row.try_get(0)?)
}

pub async fn projects(
    pool: &AnyPool,
    backend: Backend,
    filter: &ProjectFilter,
) -> Result<Vec<ProjectSummary>, StoreError> {
    // Projects are listed in id order (the order they were stored), so pages are keyset ranges.
    let sql = match (backend, filter.before.is_some()) {
        (Backend::Sqlite, true) => {
            summary_sql!(matching!(sqlite), " ORDER BY p.id DESC LIMIT $6 OFFSET $7")
        }
        (Backend::Sqlite, false) => {
            summary_sql!(matching!(sqlite), " ORDER BY p.id LIMIT $6 OFFSET $7")
        }
        (Backend::Postgres, true) => {
            summary_sql!(
                matching!(postgres),
                " ORDER BY p.id DESC LIMIT $6 OFFSET $7"
            )
        }
        (Backend::Postgres, false) => {
            summary_sql!(matching!(postgres), " ORDER BY p.id LIMIT $6 OFFSET $7")
        }
    };
    let unit = filter.unit.clone().unwrap_or_default();
    let query = filter.query.clone().unwrap_or_default();
    let rows = sqlx::query(sql)
        .bind(unit.clone())
        .bind(format!("%{}%", like_escaped(&unit)))
        .bind(filter.year.map_or(-1, i64::from))
        .bind(query.clone())
        .bind(format!("%{}%", like_escaped(&query)))
        .bind(filter.limit.unwrap_or(i64::MAX))
        .bind(filter.offset)
        .bind(filter.after.unwrap_or(0))
        .bind(filter.before.unwrap_or(i64::MAX))
        .bind(i64::from(filter.published_only))
        .bind(crate::search::query(backend, &query))
        .fetch_all(pool)
        .await?;
    let mut found: Vec<ProjectSummary> = rows.iter().map(summary).collect::<Result<_, _>>()?;
    if filter.published_only {
        // A project under revision is listed as it was published.
        let copies = crate::copies::all(pool).await?;
        for row in &mut found {
            if let Some(copy) = copies.get(&(row.doc_key.clone(), row.name.clone())) {
                row.code.clone_from(&copy.code);
                row.total_yuan = copy.budget.total_yuan;
                row.budget_unit = copy.budget.unit;
                row.indicators = copy.indicators.len() as i64;
            }
        }
    }
    if filter.before.is_some() {
        found.reverse();
    }
    Ok(found)
}

/// `text` matched literally inside a LIKE pattern (with `ESCAPE '\'`): `%` and `_` are not wildcards.
fn like_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The summary of a project by its id or its 项目编码 (the newest document's, for a code).
pub async fn project_summary(
    pool: &AnyPool,
    id_or_code: &str,
) -> Result<Option<ProjectSummary>, StoreError> {
    // Two plain lookups rather than one `id = $1 OR code = $2`: PostgreSQL's generic plan for the
    // OR walks every document backwards (milliseconds per page at 100,000 projects).
    if let Ok(id) = id_or_code.parse::<i64>() {
        let row = sqlx::query(summary_sql!("WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
        if let Some(row) = row {
            return summary(&row).map(Some);
        }
    }
    let row = sqlx::query(summary_sql!("WHERE p.code = $1 ORDER BY d.id DESC LIMIT 1"))
        .bind(id_or_code)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(summary).transpose()
}

/// A project with its whole document and its workflow state, in one read: what a project page
/// needs. Found like [`project_summary`].
pub async fn project_with_document(
    pool: &AnyPool,
    id_or_code: &str,
) -> Result<Option<(ProjectSummary, StoredDocument, Option<String>)>, StoreError> {
    // The summary's columns, then the document's source and snapshot, then the workflow state.
    macro_rules! page_sql {
        ($rest:literal) => {
            concat!(
                "SELECT p.id, p.document_id, d.unit_name, d.fiscal_year, p.code, p.name, p.total_yuan, \
                 p.budget_unit, p.indicator_count, p.position, d.doc_key, d.unit_code, p.revision, \
                 d.source_name, d.snapshot, w.state, d.snapshot_deflated FROM projects p \
                 JOIN documents d ON d.id = p.document_id \
                 LEFT JOIN workflow w ON w.doc_key = d.doc_key AND w.project_name = p.name ",
                $rest
            )
        };
    }
    let mut row = None;
    if let Ok(id) = id_or_code.parse::<i64>() {
        row = sqlx::query(page_sql!("WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
    }
    if row.is_none() {
        row = sqlx::query(page_sql!("WHERE p.code = $1 ORDER BY d.id DESC LIMIT 1"))
            .bind(id_or_code.to_string())
            .fetch_optional(pool)
            .await?;
    }
    let Some(row) = row else {
        return Ok(None);
    };
    let found = summary(&row)?;
    let stored = match stored_snapshot(row.try_get(14)?, row.try_get(16)?)? {
        Some(snapshot) => StoredDocument {
            id: found.document_id,
            source_name: row.try_get(13)?,
            document: snapshot.document,
            diagnostics: snapshot.diagnostics,
        },
        None => match document(pool, found.document_id).await? {
            Some(stored) => stored,
            None => return Ok(None),
        },
    };
    Ok(Some((found, stored, row.try_get(15)?)))
}

pub async fn project(
    pool: &AnyPool,
    id_or_code: &str,
) -> Result<Option<(ProjectSummary, Project)>, StoreError> {
    let Some(found) = project_summary(pool, id_or_code).await? else {
        return Ok(None);
    };
    let Some(stored) = document(pool, found.document_id).await? else {
        return Ok(None);
    };
    Ok(stored
        .document
        .projects
        .get(found.position)
        .cloned()
        .map(|p| (found, p)))
}

/// A stored document: from its snapshot (one read), or from the tables when it has none.
pub async fn document(pool: &AnyPool, id: i64) -> Result<Option<StoredDocument>, StoreError> {
    let Some(row) =
        sqlx::query("SELECT source_name, snapshot, snapshot_deflated FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    else {
        return Ok(None);
    };
    match stored_snapshot(row.try_get(1)?, row.try_get(2)?)? {
        Some(snapshot) => Ok(Some(StoredDocument {
            id,
            source_name: row.try_get(0)?,
            document: snapshot.document,
            diagnostics: snapshot.diagnostics,
        })),
        None => {
            let stored = document_from_tables(pool, id).await?;
            if let Some(stored) = &stored {
                backfill_snapshot(pool, stored).await;
            }
            Ok(stored)
        }
    }
}

/// Documents stored before snapshots existed get one the first time they are read. Best effort:
/// when the write fails (a busy database), the next read tries again.
pub async fn documents_after(
    pool: &AnyPool,
    after: i64,
    limit: i64,
) -> Result<Vec<(String, StoredDocument)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, doc_key, source_name, snapshot, snapshot_deflated FROM documents WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut documents = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: i64 = row.try_get(0)?;
        let stored = match stored_snapshot(row.try_get(3)?, row.try_get(4)?)? {
            Some(snapshot) => Some(StoredDocument {
                id,
                source_name: row.try_get(2)?,
                document: snapshot.document,
                diagnostics: snapshot.diagnostics,
            }),
            None => document(pool, id).await?,
        };
        if let Some(stored) = stored {
            documents.push((row.try_get(1)?, stored));
        }
    }
    Ok(documents)
}

async fn backfill_snapshot(pool: &AnyPool, stored: &StoredDocument) {
    let Ok(deflated) = crate::codec::snapshot_json(&stored.document, &stored.diagnostics)
        .and_then(|json| crate::codec::deflate(&json))
    else {
        return;
    };
    let _ = sqlx::query(
        "UPDATE documents SET snapshot_deflated = $1 WHERE id = $2 AND snapshot IS NULL AND snapshot_deflated IS NULL",
    )
        .bind(deflated)
        .bind(stored.id)
        .execute(pool)
        .await;
}

/// A stored document read from its tables, one query per table.
pub async fn document_from_tables(
    pool: &AnyPool,
    id: i64,
) -> Result<Option<StoredDocument>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT source_name, unit_code, unit_name, unit_basis, fiscal_year, year_basis, year_evidence, amount_unit, \
         department_budget_yuan, department_budget_raw FROM documents WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let evidence: String = row.try_get(6)?;
    let mut document = Document {
        unit: Unit {
            code: row.try_get(1)?,
            name: row.try_get(2)?,
            basis: row.try_get(3)?,
        },
        fiscal_year: FiscalYear {
            year: row
                .try_get::<Option<i64>, _>(4)?
                .and_then(|y| u16::try_from(y).ok()),
            basis: enum_from(&row.try_get::<String, _>(5)?)?,
            evidence: serde_json::from_str(&evidence)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        },
        amount_unit: optional_enum(row.try_get(7)?)?,
        department_budget_yuan: decimal_from(row.try_get(8)?)?,
        department_budget_raw: row.try_get(9)?,
        ..Document::default()
    };
    let source_name: String = row.try_get(0)?;

    let mut goals: HashMap<(Option<i64>, String), Vec<GoalItem>> = HashMap::new();
    let rows = sqlx::query(
        "SELECT project_id, section, label, text, target, indicators, first_line, last_line FROM goal_items \
         WHERE document_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    for row in &rows {
        let item = GoalItem {
            label: row.try_get(2)?,
            text: row.try_get(3)?,
            target: row.try_get(4)?,
            indicators: row.try_get(5)?,
            span: span(row, 6)?,
        };
        goals
            .entry((row.try_get(0)?, row.try_get(1)?))
            .or_default()
            .push(item);
    }
    let mut take_goals = |project: Option<i64>, section: &str| {
        goals
            .remove(&(project, section.to_string()))
            .unwrap_or_default()
    };
    document.goals = DepartmentGoals {
        overall: take_goals(None, "overall"),
        itemised: take_goals(None, "itemised"),
        safeguards: take_goals(None, "safeguards"),
    };

    let mut indicators: HashMap<Option<i64>, Vec<Row28>> = HashMap::new();
    let rows = sqlx::query(
        "SELECT project_id, blank, level1_kind, level1_raw, level1_canonical, level1_merged, level2_kind, level2_raw, \
         level2_canonical, level2_merged, name, description, target_raw, target_kind, comparator, target_number, \
         target_unit, target_text, value_symbol, value_value, value_unit, basis_text, basis_kind, scoring_rule, \
         first_line, last_line FROM indicator_rows WHERE document_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    for row in rows {
        indicators
            .entry(row.try_get(0)?)
            .or_default()
            .push(Row28(row));
    }
    for row in indicators.remove(&None).unwrap_or_default() {
        if let Entry::Indicator(indicator) = row.entry()? {
            document.department_indicators.push(*indicator);
        }
    }

    let mut checkpoints: HashMap<i64, Vec<Checkpoint>> = HashMap::new();
    let rows = sqlx::query(
        "SELECT c.project_id, c.label, c.raw, c.percent FROM spending_checkpoints c JOIN projects p ON p.id = c.project_id \
         WHERE p.document_id = $1 ORDER BY c.position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    for row in &rows {
        let checkpoint = Checkpoint {
            label: row.try_get(1)?,
            raw: row.try_get(2)?,
            percent: decimal_from(row.try_get(3)?)?,
        };
        checkpoints
            .entry(row.try_get(0)?)
            .or_default()
            .push(checkpoint);
    }

    let rows = sqlx::query(
        "SELECT id, code, name, title, budget_unit, total_yuan, fiscal_yuan, other_yuan, total_raw, fiscal_raw, other_raw, \
         purpose, plan_label, plan_mode, plan_mode_basis, first_line, last_line FROM projects WHERE document_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    for row in &rows {
        let project_id: i64 = row.try_get(0)?;
        let plan_label: Option<String> = row.try_get(12)?;
        let spending_plan = match plan_label {
            Some(label) => Some(SpendingPlan {
                label,
                checkpoints: checkpoints.remove(&project_id).unwrap_or_default(),
                mode: enum_from(&row.try_get::<String, _>(13)?)?,
                mode_basis: row.try_get(14)?,
            }),
            None => None,
        };
        let mut project = Project {
            code: row.try_get(1)?,
            name: row.try_get(2)?,
            title: row.try_get(3)?,
            budget: Budget {
                unit: optional_enum(row.try_get(4)?)?,
                total_yuan: decimal_from(row.try_get(5)?)?,
                fiscal_yuan: decimal_from(row.try_get(6)?)?,
                other_yuan: decimal_from(row.try_get(7)?)?,
                total_raw: row.try_get(8)?,
                fiscal_raw: row.try_get(9)?,
                other_raw: row.try_get(10)?,
            },
            purpose: row.try_get(11)?,
            spending_plan,
            goals: take_goals(Some(project_id), "project"),
            span: span(row, 15)?,
            ..Project::default()
        };
        for entry in indicators.remove(&Some(project_id)).unwrap_or_default() {
            match entry.entry()? {
                Entry::Indicator(indicator) => project.indicators.push(*indicator),
                Entry::Blank(blank) => project.blank_rows.push(blank),
            }
        }
        document.projects.push(project);
    }

    let rows = sqlx::query("SELECT heading, text, first_line, last_line FROM raw_sections WHERE document_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(pool)
        .await?;
    for row in &rows {
        document.raw_sections.push(RawSection {
            heading: row.try_get(0)?,
            text: row.try_get(1)?,
            span: span(row, 2)?,
        });
    }
    let rows = sqlx::query(
        "SELECT line, severity, message FROM diagnostics WHERE document_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let diagnostics = rows
        .iter()
        .map(|row| {
            Ok(Diagnostic {
                line: to_usize(row.try_get(0)?),
                severity: enum_from(&row.try_get::<String, _>(1)?)?,
                message: row.try_get(2)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(Some(StoredDocument {
        id,
        source_name,
        document,
        diagnostics,
    }))
}

fn span(row: &AnyRow, first: usize) -> Result<Span, StoreError> {
    Ok(Span {
        first_line: to_usize(row.try_get(first)?),
        last_line: to_usize(row.try_get(first + 1)?),
    })
}

/// One `indicator_rows` row as selected in [`document`].
struct Row28(AnyRow);

enum Entry {
    Indicator(Box<Indicator>),
    Blank(BlankRow),
}

impl Row28 {
    fn entry(&self) -> Result<Entry, StoreError> {
        let row = &self.0;
        let flag =
            |index: usize| -> Result<bool, StoreError> { Ok(row.try_get::<i64, _>(index)? != 0) };
        let level1 = Level1 {
            kind: optional_enum(row.try_get(2)?)?,
            raw: row.try_get(3)?,
            canonical: flag(4)?,
            merged: flag(5)?,
        };
        let level2 = Level2 {
            kind: optional_enum(row.try_get(6)?)?,
            raw: row.try_get(7)?,
            canonical: flag(8)?,
            merged: flag(9)?,
        };
        let span = span(row, 24)?;
        if flag(1)? {
            return Ok(Entry::Blank(BlankRow {
                level1,
                level2,
                text: row.try_get(10)?,
                span,
            }));
        }
        let symbol: Option<String> = row.try_get(18)?;
        let value_parts = match symbol {
            Some(symbol) => Some(ValueParts {
                symbol,
                value: row.try_get(19)?,
                unit: row.try_get(20)?,
            }),
            None => None,
        };
        let basis_text: Option<String> = row.try_get(21)?;
        let basis = match basis_text {
            Some(text) => Some(Basis {
                text,
                kind: enum_from(&row.try_get::<String, _>(22)?)?,
            }),
            None => None,
        };
        Ok(Entry::Indicator(Box::new(Indicator {
            level1,
            level2,
            name: row.try_get(10)?,
            description: row.try_get(11)?,
            target: TargetValue {
                raw: row.try_get(12)?,
                kind: enum_from(&row.try_get::<String, _>(13)?)?,
                comparator: optional_enum(row.try_get(14)?)?,
                number: decimal_from(row.try_get(15)?)?,
                unit: row.try_get(16)?,
                text: row.try_get(17)?,
            },
            value_parts,
            basis,
            scoring_rule: row.try_get(23)?,
            weight: None,
            direction: None,
            period_target: None,
            from_library: None,
            span,
        })))
    }
}

/// Budget totals of one unit in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitTotal {
    pub unit: String,
    pub year: Option<u16>,
    pub projects: i64,
    /// Projects whose budget is printed (a disclosure may list targets without amounts).
    pub priced: i64,
    pub budget_yuan: Decimal,
}

/// Figures for dashboards: totals by unit and year, target kinds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    pub units: Vec<UnitTotal>,
    /// (`numeric` / `qualitative` / `empty`, count) over project indicators.
    pub target_kinds: Vec<(String, i64)>,
}

/// The project a workflow row names: by the document's identity and the project's name.
pub async fn project_by_key(
    pool: &AnyPool,
    doc_key: &str,
    project_name: &str,
) -> Result<Option<ProjectSummary>, StoreError> {
    let sql = summary_sql!("WHERE d.doc_key = $1 AND p.name = $2 ORDER BY p.position LIMIT 1");
    let row = sqlx::query(sql)
        .bind(doc_key.to_string())
        .bind(project_name.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(summary).transpose()
}
