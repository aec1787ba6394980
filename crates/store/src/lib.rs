//! Storage of parsed documents in SQL: an embedded SQLite file by default, PostgreSQL by URL.
//!
//! One code path serves both (sqlx's `Any` driver, portable SQL with `$n` placeholders);
//! each backend has its own migration folder with the same numbering. Decimals are stored
//! as exact TEXT, so what is stored reads back equal to what was parsed.

mod accounts;
mod batch;
mod codec;
mod copies;
mod edits;
mod evaluations;
mod figures;
mod library;
mod read;
mod rectifications;
mod review;
mod rows;
mod search;
mod tasks;
mod write;
mod writer;

use jixiao_model::{Diagnostic, Document};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Row};

pub use accounts::{AuditEntry, RowComment, Unit, User};
pub use edits::ProjectVersion;
pub use evaluations::{EvaluationKind, EvaluationRecord, RoundState};
pub use figures::KeptFigures;
pub use library::{LibraryBuild, LibraryDecision, LibraryEntry};
pub use read::{ProjectFilter, ProjectSummary, Stats, UnitTotal};
pub use rectifications::{Evidence, NewEvidence, Raise, Rectification, RectificationState};
pub use review::FindingRow;
pub use tasks::{TASK_PROJECTS_LISTED, Task, TaskKind, TaskProgress, TaskProject, TaskStanding};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("不支持的数据库地址“{0}”：请使用 sqlite:路径 或 postgres://…")]
    UnsupportedUrl(String),
    #[error("无法连接数据库 {url}：{source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("数据库迁移失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("数据库错误：{0}")]
    Database(#[from] sqlx::Error),
    #[error("数据库中的数据无法读取：{0}")]
    Corrupt(String),
    #[error("{0}")]
    Duplicate(String),
    /// The project's workflow state changed meanwhile (e.g. it was submitted): nothing was saved.
    #[error("项目当前为“{0}”，未保存")]
    StateChanged(String),
    /// The project was saved by someone else after the editor read it: nothing was saved.
    #[error("项目在您打开后已被修改（您打开的是第 {read_at} 版，现为第 {revision} 版），未保存")]
    Stale { read_at: i64, revision: i64 },
    /// The change would overwrite work that is not the writer's to overwrite now: nothing was saved.
    #[error("{0}")]
    Conflict(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed file on its way into the store.
pub struct ImportInput<'a> {
    /// The file's name, used in messages and in the identity of documents without a year.
    pub source_name: &'a str,
    /// SHA-256 of the file's bytes, hex.
    pub content_sha256: &'a str,
    pub document: &'a Document,
    pub diagnostics: &'a [Diagnostic],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    New(i64),
    /// The same content was imported before: nothing changed.
    Unchanged(i64),
    /// A changed version of the same document replaced the stored one.
    Replaced(i64),
}

/// What an upload did to each project it names (see [`Store::import_drafts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftImport {
    pub outcome: ImportOutcome,
    /// New or changed: now drafts.
    pub drafted: Vec<String>,
    /// Uploaded as they were stored: their states stay.
    pub unchanged: Vec<String>,
    /// Under review: the stored version stays until the review ends.
    pub skipped: Vec<String>,
}

/// A stored document with what the importer reported about it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    pub id: i64,
    pub source_name: String,
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Counts over the whole store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub documents: i64,
    pub projects: i64,
    pub indicators: i64,
}

pub struct Store {
    pool: AnyPool,
    backend: Backend,
    writers: writer::Writers,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// What makes two files "the same document": one unit publishes one disclosure per fiscal
/// year, so the key is the unit (code, else name) and the year. When either is unknown the
/// file name joins the key, so unrelated documents never replace each other.
pub fn document_key(document: &Document, source_name: &str) -> String {
    let unit = document
        .unit
        .code
        .as_deref()
        .or(document.unit.name.as_deref());
    match (unit, document.fiscal_year.year) {
        (Some(unit), Some(year)) => format!("unit={unit};year={year}"),
        (unit, year) => format!(
            "unit={};year={};file={source_name}",
            unit.unwrap_or("?"),
            year.map_or("?".to_string(), |y| y.to_string())
        ),
    }
}

impl Store {
    /// Opens (and creates, for SQLite) the database at `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let (backend, connect_url) = if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.trim_start_matches("//");
            let separator = if path.contains('?') { '&' } else { '?' };
            (
                Backend::Sqlite,
                format!("sqlite://{path}{separator}mode=rwc"),
            )
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_string()));
        };
        let connections = if backend == Backend::Sqlite { 4 } else { 8 };
        let sqlite = backend == Backend::Sqlite;
        let pool = AnyPoolOptions::new()
            .max_connections(connections)
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if sqlite {
                        // Another process's write lock is waited for, up to 30 s.
                        sqlx::query("PRAGMA busy_timeout = 30000")
                            .execute(connection)
                            .await?;
                    }
                    Ok(())
                })
            })
            .acquire_timeout(std::time::Duration::from_secs(30))
            .connect(&connect_url)
            .await
            .map_err(|source| StoreError::Connect {
                url: redact(url),
                source,
            })?;
        if backend == Backend::Sqlite {
            // Readers do not wait for the writer; the setting stays with the file.
            sqlx::query("PRAGMA journal_mode=WAL")
                .execute(&pool)
                .await?;
        }
        match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        let store = Store {
            pool,
            backend,
            writers: writer::Writers::new(backend),
        };
        search::index_pending(&store).await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(self) {
        self.pool.close().await;
    }

    /// Imports one document in one transaction: all of it or nothing.
    pub async fn import(&self, input: &ImportInput<'_>) -> Result<ImportOutcome, StoreError> {
        writer::retrying(|| write::import(self, input)).await
    }

    /// Imports many documents in one transaction, each all or nothing: the answer has one
    /// outcome per input, in order (a document refused does not keep the others out). Much
    /// faster than one [`Store::import`] each: new documents are written a table at a time.
    pub async fn import_batch(
        &self,
        inputs: &[ImportInput<'_>],
    ) -> Result<Vec<Result<ImportOutcome, StoreError>>, StoreError> {
        writer::retrying(|| batch::import_batch(self, inputs)).await
    }

    /// Imports an upload: the document, and every project as a draft of `user_name` with its
    /// first version and audit entry, in one transaction.
    pub async fn import_drafts(
        &self,
        input: &ImportInput<'_>,
        user_name: &str,
    ) -> Result<DraftImport, StoreError> {
        writer::retrying(|| write::import_drafts(self, input, user_name)).await
    }

    pub async fn document(&self, id: i64) -> Result<Option<StoredDocument>, StoreError> {
        read::document(&self.pool, id).await
    }

    /// Up to `limit` documents with ids above `after`, in id order, each with its key: for passes
    /// over the whole store (`after = 0` to start, then the last id returned).
    pub async fn documents_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<(String, StoredDocument)>, StoreError> {
        read::documents_after(&self.pool, after, limit).await
    }

    /// A stored document read from its tables rather than its snapshot (they agree; tests check it).
    pub async fn document_from_tables(
        &self,
        id: i64,
    ) -> Result<Option<StoredDocument>, StoreError> {
        read::document_from_tables(&self.pool, id).await
    }

    pub async fn projects(
        &self,
        filter: &ProjectFilter,
    ) -> Result<Vec<ProjectSummary>, StoreError> {
        read::projects(&self.pool, self.backend, filter).await
    }

    /// The summary of a project by its id or its 项目编码.
    /// How many projects `filter` keeps over all its pages.
    /// How many projects the filter keeps, counted up to `at_most + 1`: more than `at_most` is
    /// all a list needs to say, and counting stops there.
    pub async fn count_projects(
        &self,
        filter: &ProjectFilter,
        at_most: i64,
    ) -> Result<i64, StoreError> {
        read::count(&self.pool, self.backend, filter, at_most).await
    }

    pub async fn project_summary(
        &self,
        id_or_code: &str,
    ) -> Result<Option<ProjectSummary>, StoreError> {
        read::project_summary(&self.pool, id_or_code).await
    }

    /// A project by its id or its 项目编码, with its whole document and its workflow state
    /// (`None`: published), in one read.
    pub async fn project_with_document(
        &self,
        id_or_code: &str,
    ) -> Result<Option<(ProjectSummary, StoredDocument, Option<String>)>, StoreError> {
        read::project_with_document(&self.pool, id_or_code).await
    }

    /// Finds a project by its id or its 项目编码; returns the document it belongs to with it.
    pub async fn project(
        &self,
        id_or_code: &str,
    ) -> Result<Option<(ProjectSummary, jixiao_model::Project)>, StoreError> {
        read::project(&self.pool, id_or_code).await
    }

    pub async fn add_user(
        &self,
        name: &str,
        password_hash: &str,
        role: &str,
        unit: Option<&str>,
    ) -> Result<i64, StoreError> {
        accounts::add_user(&self.pool, name, password_hash, role, unit).await
    }

    pub async fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError> {
        accounts::user_by_name(&self.pool, name).await
    }

    /// Opens a session until `expires_at`, and forgets the sessions expired by `now` (unix seconds).
    pub async fn create_session(
        &self,
        token: &str,
        user_id: i64,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        accounts::create_session(&self.pool, token, user_id, csrf, now, expires_at).await
    }

    /// The user and CSRF token of a session that has not expired at `now` (unix seconds).
    pub async fn session(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<(User, String)>, StoreError> {
        accounts::session(&self.pool, token, now).await
    }

    pub async fn delete_session(&self, token: &str) -> Result<(), StoreError> {
        accounts::delete_session(&self.pool, token).await
    }

    /// A project's workflow state; `None` for projects imported from published documents.
    pub async fn workflow_state(
        &self,
        doc_key: &str,
        project_name: &str,
    ) -> Result<Option<String>, StoreError> {
        accounts::state(&self.pool, doc_key, project_name).await
    }

    /// (name, id) of every project of one stored document, to link one project to another.
    pub async fn project_ids_in(&self, document_id: i64) -> Result<Vec<(String, i64)>, StoreError> {
        let rows =
            sqlx::query("SELECT name, id FROM projects WHERE document_id = $1 ORDER BY position")
                .bind(document_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect()
    }

    /// Takes a published project back to draft for a revision (目标调整), keeping its approved
    /// version for the public; `false` when it is not published now.
    pub async fn revise(
        &self,
        doc_key: &str,
        project_name: &str,
        audit: &AuditEntry,
    ) -> Result<bool, StoreError> {
        accounts::revise(self, doc_key, project_name, audit).await
    }

    /// The approved versions of the projects under revision, by (document key, project name).
    pub async fn published_copies(
        &self,
    ) -> Result<std::collections::HashMap<(String, String), jixiao_model::Project>, StoreError>
    {
        copies::all(&self.pool).await
    }

    /// The approved versions of one document's projects under revision, by project name.
    pub async fn published_copies_in(
        &self,
        doc_key: &str,
    ) -> Result<std::collections::HashMap<String, jixiao_model::Project>, StoreError> {
        copies::of(&self.pool, doc_key).await
    }

    /// (project_name, state) of one document's projects not approved.
    pub async fn unpublished_in(&self, doc_key: &str) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT project_name, state FROM workflow WHERE doc_key = $1 AND state <> 'approved'",
        )
        .bind(doc_key.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect()
    }

    /// (id, changes) of every document: a document's `changes` counts up with every write of it.
    pub async fn document_changes(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        figures::changes(&self.pool).await
    }

    /// Every document's figures kept by [`Store::keep_figures`].
    pub async fn kept_figures(&self) -> Result<Vec<KeptFigures>, StoreError> {
        figures::kept(&self.pool).await
    }

    /// Keeps a document's figures, made at its `changes` count.
    pub async fn keep_figures(&self, figures: &KeptFigures) -> Result<(), StoreError> {
        writer::retrying(|| figures::keep(self, figures)).await
    }

    /// A text that changes whenever any document is written, added or removed: a library built
    /// at one stamp is current while the stamp stays.
    pub async fn library_stamp(&self) -> Result<String, StoreError> {
        library::stamp(&self.pool).await
    }

    /// Replaces the whole indicator library with `entries` and records the build, at once.
    pub async fn replace_library(
        &self,
        entries: &[LibraryEntry],
        build: &LibraryBuild,
    ) -> Result<(), StoreError> {
        writer::retrying(|| library::replace(self, entries, build)).await
    }

    pub async fn library_build(&self) -> Result<Option<LibraryBuild>, StoreError> {
        library::last_build(&self.pool).await
    }

    /// Every library entry's summary (JSON), most used first.
    pub async fn library_summaries(&self) -> Result<Vec<String>, StoreError> {
        library::summaries(&self.pool).await
    }

    /// Library entries (JSON) in order, `limit` after `after` (a position; 0 for the first).
    pub async fn library_entries_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        library::bodies_after(&self.pool, after, limit).await
    }

    /// Records one decision of the bureau about the library (append-only).
    pub async fn decide_library(&self, decision: &LibraryDecision) -> Result<(), StoreError> {
        library::decide(&self.pool, decision).await
    }

    /// Every decision about the library, in the order recorded.
    pub async fn library_decisions(&self) -> Result<Vec<LibraryDecision>, StoreError> {
        library::decisions(&self.pool).await
    }

    /// One library entry (JSON).
    pub async fn library_entry(&self, id: &str) -> Result<Option<String>, StoreError> {
        library::body(&self.pool, id).await
    }

    /// (doc_key, project_name, state, updated_at) of every project with a workflow.
    pub async fn workflow_rows(&self) -> Result<Vec<(String, String, String, String)>, StoreError> {
        accounts::workflow_rows(&self.pool).await
    }

    /// (doc_key, project_name, state) of every project not approved.
    pub async fn unpublished(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        accounts::unpublished(&self.pool).await
    }

    /// Moves a project between workflow states with its audit entry, atomically; `false` when it was not in `from`.
    pub async fn transition(
        &self,
        doc_key: &str,
        project_name: &str,
        from: &[Option<&str>],
        to: &str,
        audit: &AuditEntry,
        comments: &[RowComment],
    ) -> Result<bool, StoreError> {
        writer::retrying(|| {
            accounts::transition(self, doc_key, project_name, from, to, audit, comments)
        })
        .await
    }

    /// Replaces a project's content in place, keeping the version and the audit entry (one
    /// transaction), when its workflow state is one of `editable_in` (else `StateChanged`) and it
    /// is still at revision `read_at` (else `Stale`).
    pub async fn update_project(
        &self,
        project_id: i64,
        read_at: i64,
        project: &jixiao_model::Project,
        audit: &AuditEntry,
        editable_in: &[&str],
    ) -> Result<(), StoreError> {
        writer::retrying(|| {
            edits::update_project(self, project_id, read_at, project, audit, editable_in)
        })
        .await
    }

    /// Adds a new project, as a draft, to a stored document (its unit and year), with its first
    /// version and audit entry, in one transaction. Names are unique within a document.
    pub async fn add_project(
        &self,
        document_id: i64,
        project: &jixiao_model::Project,
        audit: &AuditEntry,
    ) -> Result<i64, StoreError> {
        writer::retrying(|| edits::add_project(self, document_id, project, audit)).await
    }

    /// Every kept version of a project, oldest first, numbered from 1.
    pub async fn versions(
        &self,
        doc_key: &str,
        project_name: &str,
    ) -> Result<Vec<ProjectVersion>, StoreError> {
        edits::versions(&self.pool, doc_key, project_name).await
    }

    /// Reviewers' comments per row, oldest first.
    pub async fn row_comments(
        &self,
        doc_key: &str,
        project_name: &str,
    ) -> Result<Vec<RowComment>, StoreError> {
        edits::row_comments(&self.pool, doc_key, project_name).await
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        accounts::users(&self.pool).await
    }

    /// Changes role and unit (and the password, ending the user's sessions); `false` when there is no such user.
    pub async fn update_user(
        &self,
        id: i64,
        role: &str,
        unit: Option<&str>,
        password_hash: Option<&str>,
    ) -> Result<bool, StoreError> {
        writer::retrying(|| accounts::update_user(self, id, role, unit, password_hash)).await
    }

    /// Registers a unit, with its 主管部门 (a registered unit's name) where it has one.
    pub async fn add_unit(
        &self,
        name: &str,
        code: Option<&str>,
        department: Option<&str>,
    ) -> Result<i64, StoreError> {
        accounts::add_unit(&self.pool, name, code, department).await
    }

    pub async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        accounts::units(&self.pool).await
    }

    /// Appends an administrative action (users, units) to the audit log.
    pub async fn audit_admin(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        accounts::audit_admin(&self.pool, entry).await
    }

    pub async fn audit_log(
        &self,
        doc_key: &str,
        project_name: &str,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        accounts::audit(&self.pool, doc_key, project_name).await
    }

    pub async fn project_by_key(
        &self,
        doc_key: &str,
        project_name: &str,
    ) -> Result<Option<ProjectSummary>, StoreError> {
        read::project_by_key(&self.pool, doc_key, project_name).await
    }

    /// The printed 单位编码 and name of the document stored under `doc_key`, if there is one.
    pub async fn document_unit(
        &self,
        doc_key: &str,
    ) -> Result<Option<(Option<String>, Option<String>)>, StoreError> {
        let row = sqlx::query("SELECT unit_code, unit_name FROM documents WHERE doc_key = $1")
            .bind(doc_key.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
    }

    /// The unit administrators registered with this 单位编码.
    pub async fn unit_by_code(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, code, department FROM units WHERE code = $1 ORDER BY id LIMIT 1",
        )
        .bind(code.trim().to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(accounts::unit).transpose()
    }

    /// The document of a unit for a year: the unit by its exact name, or by its 单位编码.
    pub async fn unit_document(
        &self,
        unit: &str,
        code: Option<&str>,
        year: u16,
    ) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query(
            "SELECT id FROM documents WHERE fiscal_year = $1 \
             AND (unit_name = $2 OR unit_code = $2 OR unit_code = $3) ORDER BY id LIMIT 1",
        )
        .bind(i64::from(year))
        .bind(unit.to_string())
        .bind(code.map(str::to_string))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| r.try_get(0).map_err(StoreError::from))
            .transpose()
    }

    /// Ids of every stored document, oldest first.
    pub async fn document_ids(&self) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query("SELECT id FROM documents ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|row| Ok(row.try_get(0)?)).collect()
    }

    /// Saves a review run (findings per document) in one transaction; returns the run id.
    pub async fn save_review(
        &self,
        documents: &[(i64, Vec<FindingRow>)],
    ) -> Result<i64, StoreError> {
        writer::retrying(|| review::save(self, documents)).await
    }

    pub async fn review_findings(
        &self,
        run: i64,
        document_id: i64,
    ) -> Result<Vec<FindingRow>, StoreError> {
        review::findings(&self.pool, run, document_id).await
    }

    /// The identity key of a stored document (see [`document_key`]).
    pub async fn doc_key(&self, document_id: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT doc_key FROM documents WHERE id = $1")
            .bind(document_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get(0).map_err(StoreError::from))
            .transpose()
    }

    /// Saves a monitoring round (`extra` = spending light, planned %, executed %) or a self-evaluation.
    pub async fn save_evaluation(
        &self,
        kind: EvaluationKind,
        record: &EvaluationRecord,
        extra: (&str, Option<&str>, Option<&str>),
    ) -> Result<i64, StoreError> {
        evaluations::save(&self.pool, kind, record, extra).await
    }

    pub async fn evaluations(
        &self,
        kind: EvaluationKind,
        doc_key: &str,
        project_name: Option<&str>,
    ) -> Result<Vec<EvaluationRecord>, StoreError> {
        evaluations::list(&self.pool, kind, doc_key, project_name).await
    }

    pub async fn evaluation(
        &self,
        kind: EvaluationKind,
        id: i64,
    ) -> Result<Option<EvaluationRecord>, StoreError> {
        evaluations::get(&self.pool, kind, id).await
    }

    /// Records of a kind waiting for the reviewer, oldest first.
    pub async fn awaiting_evaluations(
        &self,
        kind: EvaluationKind,
    ) -> Result<Vec<EvaluationRecord>, StoreError> {
        evaluations::awaiting(&self.pool, kind).await
    }

    /// The reviewer confirms or returns a submitted record; confirming raises the 整改 items
    /// given, in the same transaction. False when it no longer waits.
    pub async fn decide_evaluation(
        &self,
        kind: EvaluationKind,
        id: i64,
        to: RoundState,
        by: &str,
        note: Option<&str>,
        raise: &[Raise],
    ) -> Result<bool, StoreError> {
        evaluations::decide(&self.pool, kind, id, to, by, note, raise).await
    }

    /// The 整改 items of a unit (by name), or of every unit when `None`.
    pub async fn rectifications(
        &self,
        unit: Option<&str>,
    ) -> Result<Vec<Rectification>, StoreError> {
        rectifications::list(&self.pool, unit).await
    }

    /// How many 整改 items of a unit (or of every unit) are in `state`.
    pub async fn count_rectifications(
        &self,
        unit: Option<&str>,
        state: RectificationState,
    ) -> Result<i64, StoreError> {
        rectifications::count(&self.pool, unit, state).await
    }

    pub async fn rectification(&self, id: i64) -> Result<Option<Rectification>, StoreError> {
        rectifications::get(&self.pool, id).await
    }

    /// The unit's answer with its evidence files, together; false once the item is closed.
    pub async fn answer_rectification(
        &self,
        id: i64,
        text: &str,
        by: &str,
        files: &[NewEvidence<'_>],
    ) -> Result<bool, StoreError> {
        rectifications::answer(&self.pool, id, text, by, files).await
    }

    /// The reviewer closes (销号) an answered item or reopens it; false when it is not answered.
    pub async fn decide_rectification(
        &self,
        id: i64,
        close: bool,
        by: &str,
        note: Option<&str>,
    ) -> Result<bool, StoreError> {
        rectifications::decide(&self.pool, id, close, by, note).await
    }

    pub async fn rectification_files(&self, id: i64) -> Result<Vec<Evidence>, StoreError> {
        rectifications::files(&self.pool, id).await
    }

    pub async fn rectification_file(
        &self,
        item: i64,
        file: i64,
    ) -> Result<Option<(Evidence, Vec<u8>)>, StoreError> {
        rectifications::file(&self.pool, item, file).await
    }

    pub async fn issue_task(&self, task: &Task) -> Result<i64, StoreError> {
        tasks::issue(&self.pool, task).await
    }

    /// Every task, newest first.
    pub async fn tasks(&self) -> Result<Vec<Task>, StoreError> {
        tasks::list(&self.pool).await
    }

    /// The task's projects of one unit (by name), or of all its units, each with where it stands.
    pub async fn task_projects(
        &self,
        task: &Task,
        unit: Option<&str>,
    ) -> Result<Vec<TaskProject>, StoreError> {
        tasks::projects(&self.pool, task, unit).await
    }

    /// Where each unit of a task stands.
    pub async fn task_progress(&self, task: &Task) -> Result<Vec<TaskProgress>, StoreError> {
        tasks::progress(&self.pool, task).await
    }

    pub async fn totals(&self) -> Result<Totals, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM projects), \
             (SELECT COUNT(*) FROM indicator_rows WHERE project_id IS NOT NULL AND blank = 0)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Totals {
            documents: row.try_get(0)?,
            projects: row.try_get(1)?,
            indicators: row.try_get(2)?,
        })
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite:jixiao.db"), "sqlite:jixiao.db");
    }
}
