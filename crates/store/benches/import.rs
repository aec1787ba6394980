//! Import throughput into SQLite and PostgreSQL: prints documents/s and indicators/s.
//! Run: `cargo bench -p jixiao-store` (PostgreSQL from `JIXIAO_TEST_POSTGRES_URL`,
//! default `postgres://postgres@127.0.0.1:5432/test`; a scratch database is created and dropped).

use std::time::Instant;

use jixiao_ingest::parse_tika_text;
use jixiao_store::{ImportInput, Store};
use sqlx::Connection;

const SEEDS: [&str; 5] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];
const COPIES: usize = 40;

async fn run(label: &str, url: &str) {
    let store = Store::open(url).await.expect("open store");
    let parsed: Vec<_> = SEEDS.iter().map(|s| parse_tika_text(s)).collect();
    let started = Instant::now();
    let mut indicators = 0;
    for copy in 0..COPIES {
        for (index, document) in parsed.iter().enumerate() {
            let name = format!("copy{copy}-{index}.txt");
            let digest = format!("{copy}-{index}");
            let mut document = document.clone();
            document.document.unit.name = Some(format!("单位{copy}-{index}"));
            document.document.unit.code = None;
            indicators += document.document.indicator_count();
            let input = ImportInput {
                source_name: &name,
                content_sha256: &digest,
                document: &document.document,
                diagnostics: &document.diagnostics,
            };
            store.import(&input).await.expect("import");
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let documents = COPIES * SEEDS.len();
    println!(
        "import into {label}: {documents} documents in {seconds:.2} s = {:.1} documents/s, {:.0} indicators/s",
        documents as f64 / seconds,
        indicators as f64 / seconds
    );
    store.close().await;
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    run(
        "SQLite",
        &format!("sqlite:{}", dir.path().join("bench.db").display()),
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
    run("PostgreSQL", &format!("{prefix}/{name}")).await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .expect("drop");
}
