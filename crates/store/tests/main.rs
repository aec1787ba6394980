//! Store tests: every seed stored and read back equal, on SQLite and on PostgreSQL.
//! PostgreSQL is required: `JIXIAO_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`)
//! must reach a server where the user may create databases; each test makes its own.

mod scratch;

use jixiao_ingest::parse_tika_text;
use jixiao_store::{
    AuditEntry, EvaluationKind, EvaluationRecord, FindingRow, ImportInput, ImportOutcome,
    ProjectFilter, RoundState, RowComment, Store, StoreError, Task, TaskKind,
};
use scratch::Scratch;
use sqlx::Connection;

const SEEDS: [(&str, &str); 5] = [
    (
        "000_f394b5ba38f6b2c8.txt",
        include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    ),
    (
        "001_916bf9b6168cc2ec.txt",
        include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    ),
    (
        "002_bb86cba2b38667c2.txt",
        include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    ),
    (
        "003_1af782ee1b0594d0.txt",
        include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    ),
    (
        "004_99f67b4a5d9a1ef2.txt",
        include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
    ),
];

fn sha(text: &str) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// (id, name) of every stored project, in id order.
async fn project_ids(store: &Store) -> Vec<(i64, String)> {
    let all = store
        .projects(&ProjectFilter::default())
        .await
        .expect("list");
    all.into_iter().map(|p| (p.id, p.name)).collect()
}

/// Every stored document, read two at a time.
async fn in_batches(store: &Store) -> Vec<(String, jixiao_store::StoredDocument)> {
    let (mut after, mut seen) = (0, Vec::new());
    loop {
        let batch = store.documents_after(after, 2).await.expect("batch");
        let Some((_, last)) = batch.last() else {
            return seen;
        };
        after = last.id;
        seen.extend(batch);
    }
}

async fn every_seed_reads_back_equal(url: &str) {
    let store = Store::open(url).await.expect("open store");
    for (name, text) in SEEDS {
        let parsed = parse_tika_text(text);
        let digest = sha(text);
        let input = ImportInput {
            source_name: name,
            content_sha256: &digest,
            document: &parsed.document,
            diagnostics: &parsed.diagnostics,
        };
        let outcome = store.import(&input).await.expect("import");
        let ImportOutcome::New(id) = outcome else {
            panic!("{name}: expected a new document, got {outcome:?}")
        };
        let stored = store
            .document(id)
            .await
            .expect("load")
            .expect("document exists");
        assert_eq!(
            stored.document, parsed.document,
            "{name}: stored document differs from parsed"
        );
        assert_eq!(
            stored.diagnostics, parsed.diagnostics,
            "{name}: diagnostics differ"
        );
        assert_eq!(
            store.document_from_tables(id).await.expect("tables"),
            Some(stored),
            "{name}: the tables and the snapshot agree"
        );
        assert_eq!(
            store.import(&input).await.expect("re-import"),
            ImportOutcome::Unchanged(id),
            "{name}"
        );
    }
    let totals = store.totals().await.expect("totals");
    assert_eq!(
        (totals.documents, totals.projects, totals.indicators),
        (5, 52, 393)
    );
    let batched = in_batches(&store).await;
    let ids = store.document_ids().await.expect("ids");
    assert_eq!(
        batched.iter().map(|(_, d)| d.id).collect::<Vec<_>>(),
        ids,
        "every document once, in id order"
    );
    for (key, stored) in &batched {
        let one = store
            .document(stored.id)
            .await
            .expect("load")
            .expect("exists");
        assert_eq!(&one, stored);
        assert_eq!(
            store.doc_key(stored.id).await.expect("key").as_ref(),
            Some(key)
        );
    }
    // Documents stored before snapshots existed are read from the tables and get one on that read.
    let mut raw = sqlx::AnyConnection::connect(url).await.expect("connect");
    sqlx::query("UPDATE documents SET snapshot = NULL, snapshot_deflated = NULL")
        .execute(&mut raw)
        .await
        .expect("clear snapshots");
    let first = store.document_ids().await.expect("ids")[0];
    let from_tables = store.document(first).await.expect("load").expect("exists");
    assert_eq!(from_tables.document, parse_tika_text(SEEDS[0].1).document);
    let missing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM documents WHERE snapshot IS NULL AND snapshot_deflated IS NULL",
    )
    .fetch_one(&mut raw)
    .await
    .expect("count");
    assert_eq!(missing, 4, "the document read got its snapshot back");
    assert_eq!(
        in_batches(&store).await,
        batched,
        "batches read documents without a snapshot from the tables"
    );
    store.close().await;
}

async fn changed_version_replaces(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let (name, text) = SEEDS[4];
    let first = parse_tika_text(text);
    let digest = sha(text);
    let input = ImportInput {
        source_name: name,
        content_sha256: &digest,
        document: &first.document,
        diagnostics: &first.diagnostics,
    };
    let ImportOutcome::New(old_id) = store.import(&input).await.expect("import") else {
        panic!("new expected")
    };

    let ids_before = project_ids(&store).await;

    let changed_text = text.replace("\t≤78万\n", "\t≤77万\n");
    assert_ne!(changed_text, text, "the edit must change the fixture");
    let changed = parse_tika_text(&changed_text);
    let digest = sha(&changed_text);
    let input = ImportInput {
        source_name: "renamed.txt",
        content_sha256: &digest,
        document: &changed.document,
        diagnostics: &changed.diagnostics,
    };
    let ImportOutcome::Replaced(new_id) = store.import(&input).await.expect("re-import") else {
        panic!("replace expected")
    };
    assert_eq!(old_id, new_id, "a new version keeps the document's id");
    assert_eq!(
        project_ids(&store).await,
        ids_before,
        "every project named again keeps its id (links and open pages stay valid)"
    );
    let first_project = &ids_before[0].1;
    let summary = store
        .project_by_key(
            &jixiao_store::document_key(&changed.document, "renamed.txt"),
            first_project,
        )
        .await
        .expect("find")
        .expect("exists");
    assert_eq!(summary.revision, 1, "the rewrite counts as a revision");
    let stored = store.document(new_id).await.expect("load").expect("exists");
    assert_eq!(
        stored.document.projects[0].indicators[3].target.raw,
        "≤77万"
    );
    let totals = store.totals().await.expect("totals");
    assert_eq!((totals.documents, totals.projects), (1, 11));

    let listed = store
        .projects(&ProjectFilter {
            unit: Some("乐亭".into()),
            year: Some(2024),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(listed.len(), 11);
    assert!(
        store
            .projects(&ProjectFilter {
                unit: None,
                year: Some(2019),
                ..Default::default()
            })
            .await
            .expect("list")
            .is_empty()
    );
    let (summary, project) = store
        .project("13022524P00F04E10036T")
        .await
        .expect("find")
        .expect("by code");
    assert_eq!(project.name, "电子政务中心城乡一体化经费");
    assert_eq!(summary.indicators, 10);
    let by_id = store
        .project(&summary.id.to_string())
        .await
        .expect("find")
        .expect("by id");
    assert_eq!(by_id.1, project);
    store.close().await;
}

async fn review_runs_read_back(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let (name, text) = SEEDS[0];
    let parsed = parse_tika_text(text);
    let input = ImportInput {
        source_name: name,
        content_sha256: "x",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    let ImportOutcome::New(id) = store.import(&input).await.expect("import") else {
        panic!("new expected")
    };
    let findings = vec![
        FindingRow {
            rule: "same-target".into(),
            severity: "error".into(),
            message: "全部 9 条指标的指标值都是“≥90百分比”".into(),
            project_position: Some(0),
            indicator_position: None,
            line: 28,
            suggestion: Some("分别测算".into()),
        },
        FindingRow {
            rule: "fiscal-year".into(),
            severity: "warning".into(),
            message: "预算年度不明".into(),
            project_position: None,
            indicator_position: None,
            line: 1,
            suggestion: None,
        },
    ];
    let first = store
        .save_review(&[(id, findings.clone())])
        .await
        .expect("save");
    let second = store.save_review(&[(id, Vec::new())]).await.expect("save");
    assert_ne!(first, second);
    assert_eq!(
        store.review_findings(first, id).await.expect("load"),
        findings
    );
    assert!(
        store
            .review_findings(second, id)
            .await
            .expect("load")
            .is_empty()
    );
    store.close().await;
}

async fn evaluations_survive_a_new_version(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let (name, text) = SEEDS[4];
    let parsed = parse_tika_text(text);
    let input = ImportInput {
        source_name: name,
        content_sha256: "v1",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    let ImportOutcome::New(id) = store.import(&input).await.expect("import") else {
        panic!("new expected")
    };
    let key = store.doc_key(id).await.expect("key").expect("stored");
    let record = |headline: &str| EvaluationRecord {
        id: 0,
        doc_key: key.clone(),
        project_code: Some("13022524P00F04E10036T".into()),
        project_name: "电子政务中心城乡一体化经费".into(),
        fiscal_year: Some(2024),
        headline: headline.into(),
        verdict: "红灯".into(),
        report: "{}".into(),
        recorded_at: String::new(),
        state: RoundState::Confirmed,
        recorded_by: "命令行".into(),
        decided_by: None,
        decision_note: None,
    };
    store
        .save_evaluation(
            EvaluationKind::Monitor,
            &record("2024-07-31"),
            ("红灯", Some("56.30"), Some("23.53")),
        )
        .await
        .expect("save");
    store
        .save_evaluation(
            EvaluationKind::SelfEvaluation,
            &record("93.56"),
            ("", None, None),
        )
        .await
        .expect("save");
    // A changed version of the document replaces it; the history stays.
    let input = ImportInput {
        content_sha256: "v2",
        ..input
    };
    assert!(matches!(
        store.import(&input).await.expect("import"),
        ImportOutcome::Replaced(_)
    ));
    let rounds = store
        .evaluations(
            EvaluationKind::Monitor,
            &key,
            Some("电子政务中心城乡一体化经费"),
        )
        .await
        .expect("list");
    assert_eq!(rounds.len(), 1);
    assert_eq!(
        (rounds[0].headline.as_str(), rounds[0].fiscal_year),
        ("2024-07-31", Some(2024))
    );
    let evaluations = store
        .evaluations(EvaluationKind::SelfEvaluation, &key, None)
        .await
        .expect("list");
    assert_eq!(evaluations[0].headline, "93.56");
    store.close().await;
}

async fn edits_keep_versions_comments_and_identity(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let (name, text) = SEEDS[2];
    let parsed = parse_tika_text(text);
    let digest = sha(text);
    let input = ImportInput {
        source_name: name,
        content_sha256: &digest,
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    let ImportOutcome::New(document_id) = store
        .import_drafts(&input, "staff")
        .await
        .expect("import")
        .outcome
    else {
        panic!("expected a new document")
    };
    let doc_key = store
        .doc_key(document_id)
        .await
        .expect("key")
        .expect("exists");
    let original = parsed.document.projects[1].clone();
    let summary = store
        .project_by_key(&doc_key, &original.name)
        .await
        .expect("find")
        .expect("project exists");

    let mut edited = original.clone();
    edited.indicators[0].name = "改过的指标".into();
    edited.indicators.pop();
    edited.purpose = Some("新的用途".into());
    let audit = AuditEntry {
        at: String::new(),
        user_name: "staff".into(),
        action: "edit".into(),
        detail: "第1行".into(),
    };
    store
        .update_project(summary.id, summary.revision, &edited, &audit, &["draft"])
        .await
        .expect("update");

    let stored = store
        .document(document_id)
        .await
        .expect("load")
        .expect("exists");
    assert_eq!(
        stored.document.projects[1], edited,
        "the edit reads back whole"
    );
    assert_eq!(
        store
            .document_from_tables(document_id)
            .await
            .expect("tables"),
        Some(stored.clone()),
        "the snapshot follows the edit"
    );
    assert_eq!(
        stored.document.projects[0], parsed.document.projects[0],
        "other projects untouched"
    );
    let again = store
        .project_summary(&summary.id.to_string())
        .await
        .expect("summary")
        .expect("same id");
    assert_eq!(again.indicators, edited.indicators.len() as i64);

    let versions = store
        .versions(&doc_key, &original.name)
        .await
        .expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!((versions[0].number, &versions[0].project), (1, &original));
    assert_eq!(versions[1].project, edited);
    let log = store
        .audit_log(&doc_key, &original.name)
        .await
        .expect("log");
    assert_eq!(log.last().map(|e| e.action.as_str()), Some("edit"));

    let mut renamed = edited.clone();
    renamed.name = "别的名字".into();
    assert!(
        store
            .update_project(summary.id, summary.revision, &renamed, &audit, &["draft"])
            .await
            .is_err()
    );

    assert!(
        matches!(
            store
                .update_project(summary.id, summary.revision, &edited, &audit, &["draft"])
                .await,
            Err(StoreError::Stale {
                read_at: 0,
                revision: 1
            })
        ),
        "a save from the revision before the last edit is refused"
    );

    assert!(matches!(
        store
            .update_project(summary.id, summary.revision, &edited, &audit, &["returned"])
            .await,
        Err(jixiao_store::StoreError::StateChanged(state)) if state == "draft"
    ));

    // Re-importing the original file replaces the edit: its bytes no longer match what is stored.
    assert!(matches!(
        store.import(&input).await.expect("re-import"),
        ImportOutcome::Replaced(_)
    ));

    let comments = [RowComment {
        at: String::new(),
        user_name: "reviewer".into(),
        row: Some(2),
        label: "改过的指标".into(),
        comment: "指标值不可衡量".into(),
    }];
    assert!(
        store
            .transition(
                &doc_key,
                &original.name,
                &[Some("draft")],
                "returned",
                &audit,
                &comments
            )
            .await
            .expect("return")
    );
    let read = store
        .row_comments(&doc_key, &original.name)
        .await
        .expect("comments");
    assert_eq!(read.len(), 1);
    assert_eq!(
        (read[0].row, read[0].comment.as_str()),
        (Some(2), "指标值不可衡量")
    );

    let current = store
        .project_by_key(&doc_key, &original.name)
        .await
        .expect("find")
        .expect("still there")
        .document_id;
    let added = jixiao_model::Project {
        name: "新建的项目".into(),
        ..Default::default()
    };
    store
        .add_project(current, &added, &audit)
        .await
        .expect("add");
    assert!(matches!(
        store.add_project(current, &added, &audit).await,
        Err(jixiao_store::StoreError::Duplicate(_))
    ));
    let stored = store
        .document(current)
        .await
        .expect("load")
        .expect("exists");
    assert_eq!(stored.document.projects.last(), Some(&added));
    assert_eq!(
        store.document_from_tables(current).await.expect("tables"),
        Some(stored),
        "the snapshot follows the new project"
    );
    assert_eq!(
        store
            .workflow_state(&doc_key, "新建的项目")
            .await
            .expect("state")
            .as_deref(),
        Some("draft")
    );

    let unit = store
        .add_unit("示例单位", Some("101001"), None)
        .await
        .expect("unit");
    assert!(
        store.add_unit("示例单位", None, None).await.is_err(),
        "unit names are unique"
    );
    assert_eq!(store.units().await.expect("units")[0].id, unit);
    let user = store
        .add_user("staff", "hash", "unit", Some("示例单位"))
        .await
        .expect("user");
    assert!(
        store
            .update_user(user, "reviewer", None, Some("new"))
            .await
            .expect("update")
    );
    assert!(
        !store
            .update_user(user + 100, "reviewer", None, None)
            .await
            .expect("none")
    );
    let users = store.users().await.expect("users");
    assert_eq!(
        (users[0].role.as_str(), users[0].password_hash.as_str()),
        ("reviewer", "new")
    );
    store.close().await;
}

async fn sessions_expire(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let user = store
        .add_user("staff", "hash", "unit", Some("乐亭县人民政府办公室本级"))
        .await
        .expect("user");
    store
        .create_session("old", user, "csrf-old", 100, 200)
        .await
        .expect("old session");
    assert!(store.session("old", 150).await.expect("read").is_some());
    assert!(
        store.session("old", 200).await.expect("read").is_none(),
        "expired at 200"
    );
    store
        .create_session("new", user, "csrf-new", 300, 400)
        .await
        .expect("new session");
    let mut raw = sqlx::AnyConnection::connect(url).await.expect("connect");
    let tokens: Vec<String> = sqlx::query_scalar("SELECT token FROM sessions")
        .fetch_all(&mut raw)
        .await
        .expect("tokens");
    use sha2::Digest;
    let hashed: String = sha2::Sha256::digest(b"new")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        tokens,
        [hashed],
        "the expired session is gone, not just unread; the live one is kept by its hash, not in clear"
    );
    let (found, csrf) = store
        .session("new", 300)
        .await
        .expect("read")
        .expect("live");
    assert_eq!((found.name.as_str(), csrf.as_str()), ("staff", "csrf-new"));
    store.close().await;
}

#[tokio::test]
async fn sqlite_sessions_expire() {
    let scratch = Scratch::sqlite();
    sessions_expire(&scratch.url).await;
}

#[tokio::test]
async fn postgres_sessions_expire() {
    let scratch = Scratch::postgres().await;
    sessions_expire(&scratch.url).await;
    scratch.cleanup().await;
}

async fn uploads_arrive_as_drafts(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let (name, text) = SEEDS[4];
    let parsed = parse_tika_text(text);
    let input = ImportInput {
        source_name: name,
        content_sha256: "upload",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    let ImportOutcome::New(id) = store
        .import_drafts(&input, "staff")
        .await
        .expect("import")
        .outcome
    else {
        panic!("expected a new document")
    };
    let key = store.doc_key(id).await.expect("key").expect("exists");
    let code = parsed.document.projects[1].code.clone().expect("code");
    let (summary, stored, state) = store
        .project_with_document(&code)
        .await
        .expect("read")
        .expect("found by code");
    assert_eq!(
        summary,
        store
            .project_summary(&code)
            .await
            .expect("read")
            .expect("found")
    );
    assert_eq!(Some(stored), store.document(id).await.expect("load"));
    assert_eq!(state.as_deref(), Some("draft"));
    let by_id = store
        .project_with_document(&summary.id.to_string())
        .await
        .expect("read")
        .expect("found by id");
    assert_eq!(by_id.0, summary);
    assert!(
        store
            .project_with_document("no such project")
            .await
            .expect("read")
            .is_none()
    );
    let hidden = store.unpublished().await.expect("unpublished");
    assert_eq!(hidden.len(), parsed.document.projects.len());
    assert!(
        hidden
            .iter()
            .all(|(k, _, state)| *k == key && state == "draft")
    );
    let first = &parsed.document.projects[0];
    assert_eq!(
        store
            .versions(&key, &first.name)
            .await
            .expect("versions")
            .len(),
        1
    );
    store
        .decide_library(&jixiao_store::LibraryDecision {
            id: 0,
            at: String::new(),
            user_name: "审核员".into(),
            entry_id: "0123456789ab".into(),
            action: "verdict".into(),
            subject: String::new(),
            value: "推荐".into(),
        })
        .await
        .expect("a decision");
    let mut raw = sqlx::AnyConnection::connect(url).await.expect("connect");
    for statement in [
        "UPDATE audit_log SET detail = 'forged'",
        "DELETE FROM audit_log",
        "UPDATE library_decisions SET value = '不推荐'",
        "DELETE FROM library_decisions",
        "UPDATE project_versions SET user_name = 'someone else'",
        "DELETE FROM project_versions",
    ] {
        assert!(
            sqlx::query(statement).execute(&mut raw).await.is_err(),
            "the database refuses: {statement}"
        );
    }
    let log = store.audit_log(&key, &first.name).await.expect("log");
    assert_eq!(
        (
            log[0].action.as_str(),
            log[0].user_name.as_str(),
            log[0].detail.as_str()
        ),
        ("upload", "staff", name)
    );

    // A second upload of the same content: the project under review is skipped, the others are
    // unchanged; a changed project becomes a draft and the others keep their states.
    let audit = AuditEntry {
        at: String::new(),
        user_name: "staff".into(),
        action: "submit".into(),
        detail: String::new(),
    };
    let moved = store
        .transition(
            &key,
            &first.name,
            &[Some("draft")],
            "submitted",
            &audit,
            &[],
        )
        .await
        .expect("submit");
    assert!(moved);
    let again = ImportInput {
        content_sha256: "upload again",
        ..input
    };
    let answer = store.import_drafts(&again, "staff").await.expect("import");
    assert!(matches!(answer.outcome, ImportOutcome::Unchanged(_)));
    assert_eq!(answer.skipped, std::slice::from_ref(&first.name));
    assert!(answer.drafted.is_empty());
    assert_eq!(answer.unchanged.len(), parsed.document.projects.len() - 1);
    let mut without_first = parsed.document.clone();
    without_first.projects.remove(0);
    without_first.projects[0].indicators[0].target.raw = "changed".into();
    let revised = ImportInput {
        content_sha256: "revised",
        document: &without_first,
        ..input
    };
    let answer = store
        .import_drafts(&revised, "staff")
        .await
        .expect("import");
    let ImportOutcome::Replaced(id) = answer.outcome else {
        panic!("expected the document replaced")
    };
    assert_eq!(answer.drafted, [without_first.projects[0].name.clone()]);
    assert_eq!(answer.unchanged.len(), without_first.projects.len() - 1);
    let stored = store.document(id).await.expect("load").expect("exists");
    let names: Vec<&str> = stored
        .document
        .projects
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names.len(),
        parsed.document.projects.len(),
        "nothing dropped: {names:?}"
    );
    assert_eq!(stored.document.projects.last(), Some(first), "kept exactly");
    assert_eq!(
        stored.document.projects[0].indicators[0].target.raw,
        "changed"
    );
    let states = store.unpublished().await.expect("unpublished");
    let state_of = |name: &str| {
        states
            .iter()
            .find(|(_, n, _)| n == name)
            .map(|(_, _, s)| s.as_str())
    };
    assert_eq!(state_of(&first.name), Some("submitted"));
    assert_eq!(state_of(&without_first.projects[0].name), Some("draft"));
    store.close().await;
}

/// The same tables uploaded again in another file (other bytes, other lines) change nothing:
/// a published project stays published, with no new version.
async fn the_same_content_uploaded_again_changes_nothing(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let (name, text) = SEEDS[4];
    let parsed = parse_tika_text(text);
    let input = ImportInput {
        source_name: name,
        content_sha256: "first file",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    let first = store.import_drafts(&input, "staff").await.expect("import");
    assert_eq!(first.drafted.len(), parsed.document.projects.len());
    let key = jixiao_store::document_key(&parsed.document, name);
    let project = &parsed.document.projects[0].name;
    let audit = |action: &str| AuditEntry {
        at: String::new(),
        user_name: "staff".into(),
        action: action.into(),
        detail: String::new(),
    };
    for (from, to) in [("draft", "submitted"), ("submitted", "approved")] {
        let moved = store
            .transition(&key, project, &[Some(from)], to, &audit(to), &[])
            .await
            .expect("move");
        assert!(moved);
    }
    let moved_down = parse_tika_text(&format!("\n\n{text}"));
    assert_ne!(
        moved_down.document.projects[0].span,
        parsed.document.projects[0].span
    );
    let again = ImportInput {
        content_sha256: "another file",
        document: &moved_down.document,
        diagnostics: &moved_down.diagnostics,
        ..input
    };
    let answer = store.import_drafts(&again, "staff").await.expect("import");
    assert!(answer.drafted.is_empty(), "{answer:?}");
    assert_eq!(answer.unchanged.len(), parsed.document.projects.len());
    assert!(matches!(answer.outcome, ImportOutcome::Unchanged(_)));
    assert_eq!(
        store
            .workflow_state(&key, project)
            .await
            .expect("state")
            .as_deref(),
        Some("approved")
    );
    assert_eq!(
        store.versions(&key, project).await.expect("versions").len(),
        1
    );
    store.close().await;
}

/// A published project changed by an upload, or taken back for 目标调整, keeps its approved
/// version for the public until the revision is approved.
async fn published_copies_follow_a_revision(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let (name, text) = SEEDS[4];
    let parsed = parse_tika_text(text);
    let published = ImportInput {
        source_name: name,
        content_sha256: "published",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    store.import(&published).await.expect("import");
    let key = jixiao_store::document_key(&parsed.document, name);
    let changed = parse_tika_text(&text.replacen("\t≤78万\n", "\t≤77万\n", 1));
    let upload = ImportInput {
        content_sha256: "changed",
        document: &changed.document,
        diagnostics: &changed.diagnostics,
        ..published
    };
    let answer = store.import_drafts(&upload, "staff").await.expect("upload");
    assert_eq!(answer.drafted.len(), 1, "{answer:?}");
    let revised = answer.drafted[0].clone();
    let copies = store.published_copies().await.expect("copies");
    let copy = copies.get(&(key.clone(), revised.clone())).expect("kept");
    assert!(
        copy.indicators
            .iter()
            .any(|i| i.target.raw.trim() == "≤78万")
    );
    let audit = |action: &str| AuditEntry {
        at: String::new(),
        user_name: "staff".into(),
        action: action.into(),
        detail: "成本重新测算".into(),
    };
    for (from, to) in [("draft", "submitted"), ("submitted", "approved")] {
        let moved = store
            .transition(&key, &revised, &[Some(from)], to, &audit(to), &[])
            .await
            .expect("move");
        assert!(moved);
    }
    assert!(store.published_copies().await.expect("copies").is_empty());
    let other = &parsed.document.projects[1].name;
    assert!(
        store
            .revise(&key, other, &audit("revise"))
            .await
            .expect("revise")
    );
    assert_eq!(
        store
            .workflow_state(&key, other)
            .await
            .expect("state")
            .as_deref(),
        Some("draft")
    );
    assert!(
        store
            .published_copies()
            .await
            .expect("copies")
            .contains_key(&(key.clone(), other.clone()))
    );
    assert!(
        !store
            .revise(&key, other, &audit("revise"))
            .await
            .expect("revise"),
        "a draft is not revised"
    );
    store.close().await;
}

#[tokio::test]
async fn sqlite_published_copies_follow_a_revision() {
    let scratch = Scratch::sqlite();
    published_copies_follow_a_revision(&scratch.url).await;
}

#[tokio::test]
async fn postgres_published_copies_follow_a_revision() {
    let scratch = Scratch::postgres().await;
    published_copies_follow_a_revision(&scratch.url).await;
    scratch.cleanup().await;
}

#[tokio::test]
async fn sqlite_the_same_content_uploaded_again_changes_nothing() {
    let scratch = Scratch::sqlite();
    the_same_content_uploaded_again_changes_nothing(&scratch.url).await;
}

#[tokio::test]
async fn postgres_the_same_content_uploaded_again_changes_nothing() {
    let scratch = Scratch::postgres().await;
    the_same_content_uploaded_again_changes_nothing(&scratch.url).await;
    scratch.cleanup().await;
}

#[tokio::test]
async fn sqlite_uploads_arrive_as_drafts() {
    let scratch = Scratch::sqlite();
    uploads_arrive_as_drafts(&scratch.url).await;
}

#[tokio::test]
async fn postgres_uploads_arrive_as_drafts() {
    let scratch = Scratch::postgres().await;
    uploads_arrive_as_drafts(&scratch.url).await;
    scratch.cleanup().await;
}

#[tokio::test]
async fn sqlite_edits_keep_versions_comments_and_identity() {
    let scratch = Scratch::sqlite();
    edits_keep_versions_comments_and_identity(&scratch.url).await;
}

#[tokio::test]
async fn postgres_edits_keep_versions_comments_and_identity() {
    let scratch = Scratch::postgres().await;
    edits_keep_versions_comments_and_identity(&scratch.url).await;
    scratch.cleanup().await;
}

#[tokio::test]
async fn sqlite_evaluations_survive_a_new_version() {
    let scratch = Scratch::sqlite();
    evaluations_survive_a_new_version(&scratch.url).await;
}

#[tokio::test]
async fn postgres_evaluations_survive_a_new_version() {
    let scratch = Scratch::postgres().await;
    evaluations_survive_a_new_version(&scratch.url).await;
    scratch.cleanup().await;
}

#[tokio::test]
async fn sqlite_review_runs_read_back() {
    let scratch = Scratch::sqlite();
    review_runs_read_back(&scratch.url).await;
}

#[tokio::test]
async fn postgres_review_runs_read_back() {
    let scratch = Scratch::postgres().await;
    review_runs_read_back(&scratch.url).await;
    scratch.cleanup().await;
}

#[tokio::test]
async fn sqlite_every_seed_reads_back_equal() {
    let scratch = Scratch::sqlite();
    every_seed_reads_back_equal(&scratch.url).await;
}

#[tokio::test]
async fn sqlite_changed_version_replaces() {
    let scratch = Scratch::sqlite();
    changed_version_replaces(&scratch.url).await;
}

#[tokio::test]
async fn postgres_every_seed_reads_back_equal() {
    let scratch = Scratch::postgres().await;
    every_seed_reads_back_equal(&scratch.url).await;
    scratch.cleanup().await;
}

#[tokio::test]
async fn postgres_changed_version_replaces() {
    let scratch = Scratch::postgres().await;
    changed_version_replaces(&scratch.url).await;
    scratch.cleanup().await;
}

#[tokio::test]
async fn bad_urls_are_refused_clearly() {
    let error = Store::open("mysql://x").await.err().expect("refused");
    assert!(error.to_string().contains("sqlite:"), "{error}");
    let error = Store::open("postgres://nobody:pw@127.0.0.1:1/none")
        .await
        .err()
        .expect("refused");
    assert!(
        error.to_string().contains("***"),
        "password must be redacted: {error}"
    );
}

async fn snapshots_are_stored_deflated(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let (name, text) = SEEDS[2];
    let parsed = parse_tika_text(text);
    let input = ImportInput {
        source_name: name,
        content_sha256: "deflated",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    let ImportOutcome::New(id) = store.import(&input).await.expect("import") else {
        panic!("new");
    };
    let mut raw = sqlx::AnyConnection::connect(url).await.expect("connect");
    let (text, bytes): (Option<String>, Vec<u8>) =
        sqlx::query_as("SELECT snapshot, snapshot_deflated FROM documents")
            .fetch_one(&mut raw)
            .await
            .expect("row");
    assert_eq!(text, None, "no second, uncompressed copy");
    let json = serde_json::to_string(&parsed.document).expect("json");
    assert!(
        bytes.len() * 4 < json.len(),
        "{} bytes deflated for {} of JSON",
        bytes.len(),
        json.len()
    );
    let stored = store.document(id).await.expect("read").expect("stored");
    assert_eq!(stored.document, parsed.document);
    store.close().await;
}

#[tokio::test]
async fn sqlite_snapshots_are_stored_deflated() {
    let scratch = Scratch::sqlite();
    snapshots_are_stored_deflated(&scratch.url).await;
}

#[tokio::test]
async fn postgres_snapshots_are_stored_deflated() {
    let scratch = Scratch::postgres().await;
    snapshots_are_stored_deflated(&scratch.url).await;
    scratch.cleanup().await;
}

async fn tasks_count_where_each_units_projects_stand(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let (name, text) = SEEDS[4];
    let parsed = parse_tika_text(text);
    let input = ImportInput {
        source_name: name,
        content_sha256: "published",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    let ImportOutcome::New(id) = store.import(&input).await.expect("import") else {
        panic!("new expected")
    };
    let key = store.doc_key(id).await.expect("key").expect("stored");
    let year = parsed.document.fiscal_year.year.expect("a year");
    let unit = parsed.document.unit.name.clone().expect("a unit");
    let projects = parsed.document.projects.len() as i64;
    let cutoff = format!("{year}-07-31");
    let task = |kind, units: Vec<String>| Task {
        id: 0,
        kind,
        title: "年中监控".into(),
        fiscal_year: year,
        cutoff: (kind == TaskKind::Monitor).then(|| cutoff.clone()),
        deadline: format!("{year}-08-10"),
        units,
        issued_by: "财政局".into(),
        issued_at: String::new(),
    };
    // The search reaches indicators (and counts over all pages), on both backends.
    let searched = |query: Option<String>| ProjectFilter {
        unit: Some(unit.clone()),
        query,
        limit: Some(1),
        ..ProjectFilter::default()
    };
    assert_eq!(
        store
            .count_projects(&searched(None), 1000)
            .await
            .expect("count"),
        projects
    );
    assert!(projects > 2);
    assert_eq!(
        store
            .count_projects(&searched(None), 1)
            .await
            .expect("count"),
        2,
        "counting stops one past what is asked"
    );
    let indicator = parsed.document.projects[1].indicators[0]
        .target
        .raw
        .trim()
        .to_string();
    assert!(
        store
            .count_projects(&searched(Some(indicator)), 1000)
            .await
            .expect("count")
            >= 1
    );
    assert_eq!(
        store
            .count_projects(&searched(Some("没有这样的词".into())), 1000)
            .await
            .expect("count"),
        0
    );
    let filing = task(TaskKind::Filing, Vec::new());
    store.issue_task(&filing).await.expect("issue");
    let monitoring = task(TaskKind::Monitor, Vec::new());
    store.issue_task(&monitoring).await.expect("issue");
    let elsewhere = task(TaskKind::SelfEvaluation, vec!["别的单位".into()]);
    store.issue_task(&elsewhere).await.expect("issue");
    let tasks = store.tasks().await.expect("tasks");
    assert_eq!(
        tasks.iter().map(|t| t.kind).collect::<Vec<_>>(),
        [
            TaskKind::SelfEvaluation,
            TaskKind::Monitor,
            TaskKind::Filing
        ],
        "newest first"
    );
    assert_eq!(tasks[0].units, ["别的单位"]);
    assert_eq!(tasks[1].cutoff.as_deref(), Some(cutoff.as_str()));

    let progress = store.task_progress(&filing).await.expect("progress");
    assert_eq!(progress.len(), 1);
    assert_eq!(
        (progress[0].unit.as_str(), progress[0].done),
        (unit.as_str(), projects)
    );
    let progress = store.task_progress(&tasks[0]).await.expect("progress");
    assert_eq!(
        progress.len(),
        1,
        "only the unit named, though it has no project"
    );
    assert_eq!(
        (progress[0].unit.as_str(), progress[0].total()),
        ("别的单位", 0)
    );

    let project = &parsed.document.projects[0];
    let round = |cutoff: &str, state| EvaluationRecord {
        id: 0,
        doc_key: key.clone(),
        project_code: project.code.clone(),
        project_name: project.name.clone(),
        fiscal_year: Some(year),
        headline: cutoff.into(),
        verdict: "绿灯".into(),
        report: "{}".into(),
        recorded_at: String::new(),
        state,
        recorded_by: "填报员".into(),
        decided_by: None,
        decision_note: None,
    };
    let monitor = EvaluationKind::Monitor;
    let extra = ("绿灯", None, None);
    let first = store
        .save_evaluation(monitor, &round(&cutoff, RoundState::Submitted), extra)
        .await
        .expect("save");
    store
        .save_evaluation(
            monitor,
            &round(&format!("{year}-03-31"), RoundState::Submitted),
            extra,
        )
        .await
        .expect("save at another cut-off");
    assert!(
        matches!(
            store
                .save_evaluation(monitor, &round(&cutoff, RoundState::Submitted), extra)
                .await,
            Err(StoreError::Conflict(_))
        ),
        "a second round waiting at one cut-off is refused by the database"
    );
    let raised = [jixiao_store::Raise {
        indicator: Some(project.indicators[0].name.clone()),
        reason: "红灯：全年预计达不到指标值".into(),
    }];
    let counts =
        |p: &[jixiao_store::TaskProgress]| (p[0].to_do, p[0].returned, p[0].submitted, p[0].done);
    let progress = store.task_progress(&monitoring).await.expect("progress");
    assert_eq!(counts(&progress), (projects - 1, 0, 1, 0));
    assert_eq!(
        store
            .awaiting_evaluations(monitor)
            .await
            .expect("awaiting")
            .len(),
        2
    );

    assert!(
        store
            .decide_evaluation(
                monitor,
                first,
                RoundState::Returned,
                "审核员",
                Some("完成值偏低，请核实"),
                &raised,
            )
            .await
            .expect("return")
    );
    assert!(
        !store
            .decide_evaluation(monitor, first, RoundState::Confirmed, "审核员", None, &[])
            .await
            .expect("decide again"),
        "a returned round no longer waits"
    );
    let returned = store
        .evaluation(monitor, first)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(returned.state, RoundState::Returned);
    assert_eq!(
        returned.decision_note.as_deref(),
        Some("完成值偏低，请核实")
    );
    let progress = store.task_progress(&monitoring).await.expect("progress");
    assert_eq!(counts(&progress), (projects - 1, 1, 0, 0));

    let again = store
        .save_evaluation(monitor, &round(&cutoff, RoundState::Submitted), extra)
        .await
        .expect("save again");
    assert!(
        store
            .decide_evaluation(
                monitor,
                again,
                RoundState::Confirmed,
                "审核员",
                None,
                &raised
            )
            .await
            .expect("confirm")
    );
    let progress = store.task_progress(&monitoring).await.expect("progress");
    assert_eq!(
        counts(&progress),
        (projects - 1, 0, 0, 1),
        "the latest round counts"
    );
    let listed = store
        .task_projects(&monitoring, Some(&unit))
        .await
        .expect("projects");
    assert_eq!(listed.len() as i64, projects);
    let done: Vec<&str> = listed
        .iter()
        .filter(|p| p.standing == jixiao_store::TaskStanding::Done)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(done, [project.name.as_str()]);
    assert!(
        store
            .task_projects(&tasks[0], None)
            .await
            .expect("projects")
            .is_empty()
    );
    // A return raises nothing; the confirmation raised one 整改 item, which the unit answers with
    // a file and the reviewer closes.
    let items = store.rectifications(Some(&unit)).await.expect("items");
    assert_eq!(items.len(), 1, "{items:?}");
    let item = &items[0];
    assert_eq!(
        (item.record_id, item.state),
        (again, jixiao_store::RectificationState::Open)
    );
    assert!(
        store
            .rectifications(Some("别的单位"))
            .await
            .expect("items")
            .is_empty()
    );
    assert!(
        !store
            .decide_rectification(item.id, true, "审核员", None)
            .await
            .expect("close"),
        "an item not answered is not closed"
    );
    let evidence = jixiao_store::NewEvidence {
        file_name: "整改报告.pdf",
        content_type: "application/pdf",
        content: b"%PDF-1.4 evidence",
    };
    assert!(
        store
            .answer_rectification(item.id, "已补充采购合同", "填报员", &[evidence])
            .await
            .expect("answer")
    );
    let files = store.rectification_files(item.id).await.expect("files");
    assert_eq!((files.len(), files[0].size), (1, 17));
    assert_eq!(files[0].sha256.len(), 64);
    let (_, bytes) = store
        .rectification_file(item.id, files[0].id)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(bytes, b"%PDF-1.4 evidence");
    assert!(
        store
            .rectification_file(item.id + 1, files[0].id)
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        store
            .decide_rectification(item.id, true, "审核员", Some("同意销号"))
            .await
            .expect("close")
    );
    let closed = store
        .rectification(item.id)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(closed.state, jixiao_store::RectificationState::Closed);
    assert!(
        !store
            .answer_rectification(item.id, "再报", "填报员", &[])
            .await
            .expect("answer"),
        "a closed item takes no answer"
    );
    let history = store.audit_log(&key, &project.name).await.expect("audit");
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "monitor-submitted",
        "monitor-returned",
        "monitor-confirmed",
        "rectification-answered",
        "rectification-closed",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    store.close().await;
}

#[tokio::test]
async fn sqlite_tasks_count_where_each_units_projects_stand() {
    let scratch = Scratch::sqlite();
    tasks_count_where_each_units_projects_stand(&scratch.url).await;
}

#[tokio::test]
async fn postgres_tasks_count_where_each_units_projects_stand() {
    let scratch = Scratch::postgres().await;
    tasks_count_where_each_units_projects_stand(&scratch.url).await;
    scratch.cleanup().await;
}

/// Searches for a phrase only an indicator holds, as the index narrows them: found after an
/// import, gone after an edit takes it out, back after a new version brings it, and found in
/// documents stored before the index once the store opens again.
async fn the_word_index_follows_every_write(url: &str) {
    let store = Store::open(url).await.expect("open store");
    let parsed = parse_tika_text(SEEDS[1].1);
    let input = ImportInput {
        source_name: SEEDS[1].0,
        content_sha256: "index",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    store.import(&input).await.expect("import");
    let phrase = "独一无二的检索词组";
    let searched = || ProjectFilter {
        query: Some(phrase.to_string()),
        ..ProjectFilter::default()
    };
    assert_eq!(
        store
            .count_projects(&searched(), 1000)
            .await
            .expect("count"),
        0
    );

    let mut changed = parsed.clone();
    changed.document.projects[2].indicators[0].name = format!("全县{phrase}完成数");
    let input = ImportInput {
        content_sha256: "index-2",
        document: &changed.document,
        ..input
    };
    store.import(&input).await.expect("replace");
    let found = store.projects(&searched()).await.expect("search");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, changed.document.projects[2].name);

    let summary = found[0].clone();
    let mut edited = changed.document.projects[2].clone();
    edited.indicators[0].name = "完成数".into();
    let audit = AuditEntry {
        at: String::new(),
        user_name: "填报员".into(),
        action: "edit".into(),
        detail: String::new(),
    };
    store
        .update_project(summary.id, summary.revision, &edited, &audit, &["approved"])
        .await
        .expect("edit");
    assert_eq!(
        store
            .count_projects(&searched(), 1000)
            .await
            .expect("count"),
        0
    );
    edited.indicators[0].name = format!("{phrase}完成数");
    store
        .update_project(
            summary.id,
            summary.revision + 1,
            &edited,
            &audit,
            &["approved"],
        )
        .await
        .expect("edit back");
    assert_eq!(
        store
            .count_projects(&searched(), 1000)
            .await
            .expect("count"),
        1
    );

    // As a store from before the index: no terms, every document pending.
    let mut raw = sqlx::AnyConnection::connect(url).await.expect("connect");
    for statement in [
        "DELETE FROM project_terms",
        "INSERT INTO project_terms_pending (document_id) SELECT id FROM documents",
    ] {
        sqlx::query(statement)
            .execute(&mut raw)
            .await
            .expect("as before the index");
    }
    assert_eq!(
        store
            .count_projects(&searched(), 1000)
            .await
            .expect("count"),
        0
    );
    store.close().await;
    let store = Store::open(url).await.expect("open again");
    assert_eq!(
        store
            .count_projects(&searched(), 1000)
            .await
            .expect("count"),
        1,
        "indexed when the store opens"
    );
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM project_terms_pending")
        .fetch_one(&mut raw)
        .await
        .expect("pending");
    assert_eq!(pending, 0);
    store.close().await;
}

#[tokio::test]
async fn sqlite_the_word_index_follows_every_write() {
    let scratch = Scratch::sqlite();
    the_word_index_follows_every_write(&scratch.url).await;
}

#[tokio::test]
async fn postgres_the_word_index_follows_every_write() {
    let scratch = Scratch::postgres().await;
    the_word_index_follows_every_write(&scratch.url).await;
    scratch.cleanup().await;
}
