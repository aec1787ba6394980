//! Import throughput into SQLite and PostgreSQL: prints documents/s and indicator rows/s, one
//! document per transaction and in batches, and on PostgreSQL beside a `psql \copy` of the same
//! indicator rows. Run: `cargo bench -p jixiao-store --bench import` (PostgreSQL from
//! `JIXIAO_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`; a scratch
//! database is created and dropped; `JIXIAO_BENCH_DOCUMENTS` sets the batched run's size).

use std::time::Instant;

use jixiao_ingest::{Parsed, parse_tika_text};
use jixiao_store::{ImportInput, Store};
use sqlx::Connection;

const SEEDS: [&str; 5] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];
const ALONE: usize = 200;
const BATCH: usize = 100;

/// `count` seed replicas under distinct units, named from `first` on.
fn replicas(first: usize, count: usize) -> Vec<(String, Parsed)> {
    let parsed: Vec<_> = SEEDS.iter().map(|s| parse_tika_text(s)).collect();
    (first..first + count)
        .map(|n| {
            let mut copy = parsed[n % SEEDS.len()].clone();
            copy.document.unit.name = Some(format!("单位{n}"));
            copy.document.unit.code = None;
            (format!("copy{n}.txt"), copy)
        })
        .collect()
}

fn inputs(documents: &[(String, Parsed)]) -> Vec<ImportInput<'_>> {
    documents
        .iter()
        .map(|(name, parsed)| ImportInput {
            source_name: name,
            content_sha256: name,
            document: &parsed.document,
            diagnostics: &parsed.diagnostics,
        })
        .collect()
}

fn report(label: &str, documents: &[(String, Parsed)], seconds: f64) -> f64 {
    let rows: usize = documents
        .iter()
        .map(|(_, p)| p.document.indicator_count())
        .sum();
    let rate = rows as f64 / seconds;
    println!(
        "{label}: {} documents in {seconds:.2} s = {:.0} documents/s, {rate:.0} indicator rows/s",
        documents.len(),
        documents.len() as f64 / seconds,
    );
    rate
}

async fn run(label: &str, url: &str, batched: usize) -> f64 {
    let store = Store::open(url).await.expect("open store");
    let alone = replicas(0, ALONE);
    let started = Instant::now();
    for input in inputs(&alone) {
        store.import(&input).await.expect("import");
    }
    report(
        &format!("import into {label}, one document per transaction"),
        &alone,
        started.elapsed().as_secs_f64(),
    );
    let many = replicas(ALONE, batched);
    let all = inputs(&many);
    let started = Instant::now();
    for batch in all.chunks(BATCH) {
        for outcome in store.import_batch(batch).await.expect("batch") {
            outcome.expect("imported");
        }
    }
    let rate = report(
        &format!("import into {label}, {BATCH} documents per transaction"),
        &many,
        started.elapsed().as_secs_f64(),
    );
    store.close().await;
    rate
}

/// `psql \copy` of every indicator row in the database into an empty table of the same shape.
fn psql_copy(url: &str) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("rows.csv");
    let psql = |command: &str| {
        let status = std::process::Command::new("psql")
            .args([url, "-q", "-v", "ON_ERROR_STOP=1", "-c", command])
            .status()
            .expect("psql runs");
        assert!(status.success(), "psql {command}");
    };
    psql("CREATE TABLE copied_rows (LIKE indicator_rows INCLUDING ALL)");
    psql(&format!(
        "\\copy indicator_rows TO '{}' CSV",
        file.display()
    ));
    let rows = std::fs::read_to_string(&file).expect("csv").lines().count();
    let started = Instant::now();
    psql(&format!("\\copy copied_rows FROM '{}' CSV", file.display()));
    let seconds = started.elapsed().as_secs_f64();
    let rate = rows as f64 / seconds;
    println!(
        "psql \\copy of the same indicator rows: {rows} rows in {seconds:.2} s = {rate:.0} rows/s"
    );
    rate
}

#[tokio::main]
async fn main() {
    let batched: usize = std::env::var("JIXIAO_BENCH_DOCUMENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000);
    let dir = tempfile::tempdir().expect("temp dir");
    run(
        "SQLite",
        &format!("sqlite:{}", dir.path().join("bench.db").display()),
        batched,
    )
    .await;

    let base = std::env::var("JIXIAO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&base)
        .await
        .expect("PostgreSQL reachable");
    let name = format!("jixiao_bench_{}", std::process::id());
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create");
    let (prefix, _) = base.rsplit_once('/').expect("database in URL");
    let url = format!("{prefix}/{name}");
    let jixiao = run("PostgreSQL", &url, batched).await;
    let copy = psql_copy(&url);
    println!(
        "PostgreSQL batched import writes indicator rows at 1/{:.1} of psql \\copy's rate",
        copy / jixiao
    );
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .expect("drop");
}
