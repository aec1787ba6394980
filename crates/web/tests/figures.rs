//! The dashboard's figures are kept per document and made again only for documents written
//! since: after every kind of write, on both backends, they equal a count made from scratch.

use std::sync::Arc;

use jixiao_ingest::parse_tika_text;
use jixiao_store::{AuditEntry, ImportInput};
use jixiao_web::{AppState, recount_figures};

use crate::{App, SEEDS, get};

fn audit(action: &str) -> AuditEntry {
    AuditEntry {
        at: String::new(),
        user_name: "审核员".into(),
        action: action.into(),
        detail: String::new(),
    }
}

async fn agrees(state: &Arc<AppState>, after: &str) {
    if let Err(difference) = recount_figures(state).await.expect("figures") {
        panic!("after {after}, the kept figures are not a recount:\n{difference}");
    }
}

async fn public_projects(app: &App) -> i64 {
    let stats: serde_json::Value =
        serde_json::from_str(&get(app, "/api/v1/stats").await.2).expect("json");
    stats["projects"].as_i64().expect("projects")
}

async fn kept_figures_equal_a_recount(app: App) {
    let state = app.store.clone();
    let store = &state.store;
    agrees(&state, "the first request").await;
    let before = public_projects(&app).await;

    // An upload of a changed document: its changed projects become drafts.
    let mut changed = parse_tika_text(SEEDS[1].1);
    changed.document.projects[0].indicators[0].target.raw = "≥99%".into();
    let name = changed.document.projects[0].name.clone();
    let input = ImportInput {
        source_name: "changed.txt",
        content_sha256: "changed",
        document: &changed.document,
        diagnostics: &changed.diagnostics,
    };
    let drafted = store.import_drafts(&input, "填报员").await.expect("upload");
    assert!(drafted.drafted.contains(&name));
    agrees(&state, "an upload").await;
    assert_eq!(
        public_projects(&app).await,
        before,
        "the drafted project shows its approved version meanwhile"
    );

    let id = store.document_ids().await.expect("ids")[1];
    let key = store.doc_key(id).await.expect("key").expect("stored");
    let moved = store
        .transition(
            &key,
            &name,
            &[Some("draft")],
            "submitted",
            &audit("submit"),
            &[],
        )
        .await
        .expect("submit");
    assert!(moved);
    agrees(&state, "a submission").await;
    store
        .transition(
            &key,
            &name,
            &[Some("submitted")],
            "approved",
            &audit("approve"),
            &[],
        )
        .await
        .expect("approve");
    agrees(&state, "an approval").await;

    let other = store.document(id).await.expect("read").expect("stored");
    let revised = other.document.projects[1].name.clone();
    assert!(
        store
            .revise(&key, &revised, &audit("revise"))
            .await
            .expect("revise")
    );
    agrees(&state, "a revision").await;

    let summary = store
        .projects(&jixiao_store::ProjectFilter::default())
        .await
        .expect("list")
        .into_iter()
        .find(|p| p.name == revised)
        .expect("listed");
    let mut edited = other.document.projects[1].clone();
    edited.budget.total_yuan = Some(rust_decimal::Decimal::from(123_456));
    store
        .update_project(
            summary.id,
            summary.revision,
            &edited,
            &audit("edit"),
            &["draft"],
        )
        .await
        .expect("edit");
    agrees(&state, "an edit").await;

    // Another process imports a document the server never saw written.
    let parsed = parse_tika_text(SEEDS[4].1);
    let mut fresh = parsed.clone();
    fresh.document.unit.name = Some("另一个单位".into());
    fresh.document.unit.code = None;
    let input = ImportInput {
        source_name: "fresh.txt",
        content_sha256: "fresh",
        document: &fresh.document,
        diagnostics: &fresh.diagnostics,
    };
    store.import_batch(&[input]).await.expect("batch")[0]
        .as_ref()
        .expect("imported");
    agrees(&state, "an import by another process").await;
    assert_eq!(
        public_projects(&app).await,
        before + fresh.document.projects.len() as i64
    );
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_kept_figures_equal_a_recount_after_every_write() {
    kept_figures_equal_a_recount(crate::app().await).await;
}

#[tokio::test]
async fn postgres_kept_figures_equal_a_recount_after_every_write() {
    kept_figures_equal_a_recount(crate::app_postgres().await).await;
}
