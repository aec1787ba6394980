//! Many writers at once, on SQLite and on PostgreSQL: 200 saves of the projects of one document
//! and 40 uploads of another, all concurrent. Every write must succeed (a save from a revision
//! someone else saved since is refused as stale and made again from the new one), and what a
//! reader sees afterwards must be exactly what was saved: nothing lost, in the snapshot or the
//! tables.

mod scratch;

use std::sync::Arc;

use jixiao_ingest::parse_tika_text;
use jixiao_store::{AuditEntry, ImportInput, Store, StoreError, document_key};
use scratch::Scratch;
use tokio::task::JoinSet;

const EDITED: &str = include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt");
const UPLOADED: &str = include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt");
const SAVES: usize = 200;
const UPLOADS: usize = 40;

fn audit() -> AuditEntry {
    AuditEntry {
        at: String::new(),
        user_name: "staff".into(),
        action: "edit".into(),
        detail: "并发测试".into(),
    }
}

/// Appends `|mark` to the project's 资金用途, from whatever revision is current; returns how many
/// stale refusals it took.
async fn append_mark(
    store: &Store,
    key: &str,
    name: &str,
    mark: usize,
) -> Result<usize, StoreError> {
    let mut stale = 0;
    loop {
        let summary = store.project_by_key(key, name).await?.expect("project");
        let (_, mut project) = store
            .project(&summary.id.to_string())
            .await?
            .expect("project");
        project.purpose = Some(format!("{}|{mark}", project.purpose.unwrap_or_default()));
        match store
            .update_project(summary.id, summary.revision, &project, &audit(), &["draft"])
            .await
        {
            Ok(()) => return Ok(stale),
            Err(StoreError::Stale { .. }) => stale += 1,
            Err(other) => return Err(other),
        }
    }
}

async fn upload(store: &Store, variant: usize) -> Result<(), StoreError> {
    // Trailing blank lines: other bytes (another content hash), the same document.
    let text = format!("{UPLOADED}{}", "\n".repeat(variant + 1));
    let parsed = parse_tika_text(&text);
    let digest = format!("variant-{variant}");
    let input = ImportInput {
        source_name: "玉田.txt",
        content_sha256: &digest,
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    store.import_drafts(&input, "staff").await.map(|_| ())
}

async fn concurrent_writers_lose_nothing(url: &str) {
    let store = Arc::new(Store::open(url).await.expect("open store"));
    let parsed = parse_tika_text(EDITED);
    let input = ImportInput {
        source_name: "乐亭.txt",
        content_sha256: "first",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    store.import_drafts(&input, "staff").await.expect("upload");
    let key = document_key(&parsed.document, "乐亭.txt");
    let names: Vec<String> = parsed
        .document
        .projects
        .iter()
        .map(|p| p.name.clone())
        .collect();

    let mut writers = JoinSet::new();
    for mark in 0..SAVES {
        let (store, key) = (store.clone(), key.clone());
        let name = names[mark % names.len()].clone();
        writers.spawn(async move { append_mark(&store, &key, &name, mark).await });
    }
    for variant in 0..UPLOADS {
        let store = store.clone();
        writers.spawn(async move { upload(&store, variant).await.map(|()| 0) });
    }
    let (mut failures, mut stale) = (Vec::new(), 0);
    while let Some(done) = writers.join_next().await {
        match done.expect("task") {
            Ok(refusals) => stale += refusals,
            Err(error) => failures.push(error.to_string()),
        }
    }
    println!(
        "{url}: {SAVES} saves and {UPLOADS} uploads at once, {} failed, {stale} stale forms made again",
        failures.len()
    );
    assert!(failures.is_empty(), "writes failed: {failures:?}");

    let summary = store
        .project_by_key(&key, &names[0])
        .await
        .expect("read")
        .expect("project");
    let stored = store
        .document(summary.document_id)
        .await
        .expect("read")
        .expect("document");
    for (index, project) in stored.document.projects.iter().enumerate() {
        let purpose = project.purpose.clone().unwrap_or_default();
        let marks: Vec<usize> = purpose
            .split('|')
            .skip(1)
            .map(|m| m.parse().expect("mark"))
            .collect();
        let expected: Vec<usize> = (0..SAVES).filter(|m| m % names.len() == index).collect();
        let mut seen = marks.clone();
        seen.sort_unstable();
        assert_eq!(
            seen, expected,
            "every save of “{}” is there, once",
            project.name
        );
    }
    assert_eq!(
        store
            .document_from_tables(summary.document_id)
            .await
            .expect("tables")
            .map(|s| s.document),
        Some(stored.document),
        "the tables hold what the snapshot shows"
    );
    let uploaded = parse_tika_text(UPLOADED);
    let uploaded_key = document_key(&uploaded.document, "玉田.txt");
    let first = uploaded.document.projects[0].name.clone();
    let summary = store
        .project_by_key(&uploaded_key, &first)
        .await
        .expect("read")
        .expect("the uploaded document is stored once");
    let stored = store
        .document(summary.document_id)
        .await
        .expect("read")
        .expect("document");
    assert_eq!(stored.document.projects, uploaded.document.projects);
    let totals = store.totals().await.expect("totals");
    assert_eq!(
        totals.documents, 2,
        "one document per key, however many uploads raced"
    );
    drop(store);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_concurrent_writers_lose_nothing() {
    let scratch = Scratch::sqlite();
    concurrent_writers_lose_nothing(&scratch.url).await;
    scratch.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_concurrent_writers_lose_nothing() {
    let scratch = Scratch::postgres().await;
    concurrent_writers_lose_nothing(&scratch.url).await;
    scratch.cleanup().await;
}
