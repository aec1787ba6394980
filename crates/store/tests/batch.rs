//! Many documents in one transaction (`Store::import_batch`), on SQLite and on PostgreSQL: each
//! lands whole or not at all, and a refused one keeps none of the others out.

mod scratch;

use jixiao_ingest::{Parsed, parse_tika_text};
use jixiao_store::{ImportInput, ImportOutcome, ProjectFilter, Store};
use scratch::Scratch;
use sqlx::Connection;

const SEEDS: [&str; 4] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
];

fn input<'a>(name: &'a str, sha: &'a str, parsed: &'a Parsed) -> ImportInput<'a> {
    ImportInput {
        source_name: name,
        content_sha256: sha,
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    }
}

const REFUSE_SQLITE: &str = "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.unit_name = '坏单位' \
    BEGIN SELECT RAISE(ABORT, '拒绝'); END";
const REFUSE_POSTGRES: &str = "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
    IF NEW.unit_name = '坏单位' THEN RAISE EXCEPTION '拒绝'; END IF; RETURN NEW; END $$; \
    CREATE TRIGGER refuse BEFORE INSERT ON documents FOR EACH ROW EXECUTE FUNCTION refuse()";

async fn reads_back(store: &Store, id: i64, parsed: &Parsed) {
    let stored = store.document(id).await.expect("read").expect("stored");
    assert_eq!(stored.document, parsed.document);
    assert_eq!(stored.diagnostics, parsed.diagnostics);
}

async fn each_document_lands_whole(url: &str, refuse: &str) {
    let store = Store::open(url).await.expect("open");
    let seeds: Vec<Parsed> = SEEDS.iter().map(|s| parse_tika_text(s)).collect();
    let first = store
        .import(&input("0.txt", "s0", &seeds[0]))
        .await
        .expect("import");

    let together = [
        input("1.txt", "s1", &seeds[1]),
        input("2.txt", "s2", &seeds[2]),
    ];
    let outcomes = store.import_batch(&together).await.expect("batch");
    let ids: Vec<i64> = outcomes
        .iter()
        .map(|o| match o {
            Ok(ImportOutcome::New(id)) => *id,
            other => panic!("new documents are new: {other:?}"),
        })
        .collect();
    reads_back(&store, ids[0], &seeds[1]).await;
    reads_back(&store, ids[1], &seeds[2]).await;

    let mut raw = sqlx::AnyConnection::connect(url).await.expect("connect");
    sqlx::raw_sql(sqlx::AssertSqlSafe(refuse.to_string()))
        .execute(&mut raw)
        .await
        .expect("trigger");
    let mut changed = seeds[1].clone();
    changed.document.projects[0].indicators[0].target.raw = "≥99%".into();
    let mut bad = seeds[2].clone();
    bad.document.unit.name = Some("坏单位".into());
    bad.document.unit.code = None;
    let projects_before = store
        .projects(&ProjectFilter::default())
        .await
        .expect("list")
        .len();
    let mixed = [
        input("0.txt", "s0", &seeds[0]),
        input("3.txt", "s3", &seeds[3]),
        input("1b.txt", "s1b", &changed),
        input("3.txt", "s3", &seeds[3]),
        input("bad.txt", "bad", &bad),
    ];
    let outcomes = store.import_batch(&mixed).await.expect("batch");
    let ImportOutcome::Unchanged(same) = outcomes[0].as_ref().expect("unchanged") else {
        panic!("the stored content again is unchanged: {:?}", outcomes[0]);
    };
    assert_eq!(Some(*same), first_id(first));
    let ImportOutcome::New(third) = outcomes[1].as_ref().expect("new") else {
        panic!("{:?}", outcomes[1]);
    };
    assert_eq!(
        outcomes[2].as_ref().ok(),
        Some(&ImportOutcome::Replaced(ids[0]))
    );
    assert_eq!(
        outcomes[3].as_ref().ok(),
        Some(&ImportOutcome::Unchanged(*third))
    );
    let refused = outcomes[4].as_ref().expect_err("the trigger refuses it");
    assert!(refused.to_string().contains("拒绝"), "{refused}");

    reads_back(&store, *third, &seeds[3]).await;
    reads_back(&store, ids[0], &changed).await;
    let projects_after = store
        .projects(&ProjectFilter::default())
        .await
        .expect("list")
        .len();
    assert_eq!(
        projects_after,
        projects_before + seeds[3].document.projects.len(),
        "nothing of the refused document stays"
    );
    let bad_rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE unit_name = '坏单位'")
            .fetch_one(&mut raw)
            .await
            .expect("count");
    assert_eq!(bad_rows, 0);
    store.close().await;
}

fn first_id(outcome: ImportOutcome) -> Option<i64> {
    match outcome {
        ImportOutcome::New(id) => Some(id),
        _ => None,
    }
}

#[tokio::test]
async fn sqlite_each_document_of_a_batch_lands_whole() {
    let scratch = Scratch::sqlite();
    each_document_lands_whole(&scratch.url, REFUSE_SQLITE).await;
}

#[tokio::test]
async fn postgres_each_document_of_a_batch_lands_whole() {
    let scratch = Scratch::postgres().await;
    each_document_lands_whole(&scratch.url, REFUSE_POSTGRES).await;
    scratch.cleanup().await;
}
