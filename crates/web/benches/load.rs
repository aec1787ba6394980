//! Load benchmark: a store of at least 100,000 projects (the seeds replicated under distinct
//! units), the server on loopback, 64 concurrent keep-alive connections for a fixed time against
//! the project list and the public project page. Prints requests/s, p50, p99 and errors.
//! Run: `cargo bench -p jixiao-web --bench load` (the generated database is kept in
//! target/jixiao-load.db so later runs skip the import). On PostgreSQL: create an empty database
//! and set `JIXIAO_LOAD_DATABASE_URL=postgres://…/that_database`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use jixiao_ingest::parse_tika_text;
use jixiao_store::{ImportInput, Store};
use jixiao_web::{AppState, router};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEEDS: [&str; 5] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];
const TARGET_PROJECTS: i64 = 100_000;
const CONNECTIONS: usize = 64;
const DURATION: Duration = Duration::from_secs(10);

async fn fill(store: &Store) {
    let seeds: Vec<_> = SEEDS.iter().map(|s| parse_tika_text(s)).collect();
    let mut copy = 0;
    let started = Instant::now();
    while store.totals().await.expect("totals").projects < TARGET_PROJECTS {
        let mut batch = Vec::new();
        for _ in 0..20 {
            for parsed in &seeds {
                let mut document = parsed.document.clone();
                document.unit.code = Some(format!("9{copy:05}"));
                document.unit.name = Some(format!(
                    "{}（第{copy}号）",
                    document.unit.name.as_deref().unwrap_or("单位")
                ));
                batch.push((format!("copy{copy}.txt"), document, &parsed.diagnostics));
            }
            copy += 1;
        }
        let inputs: Vec<ImportInput> = batch
            .iter()
            .map(|(name, document, diagnostics)| ImportInput {
                source_name: name,
                content_sha256: name,
                document,
                diagnostics,
            })
            .collect();
        for outcome in store.import_batch(&inputs).await.expect("batch") {
            outcome.expect("import");
        }
        if copy % 200 == 0 {
            eprintln!(
                "  …{} projects after {:.0} s",
                store.totals().await.expect("totals").projects,
                started.elapsed().as_secs_f64()
            );
        }
    }
}

async fn hammer(base: &str, paths: Arc<Vec<String>>) -> (usize, usize, Vec<Duration>) {
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(CONNECTIONS)
        .build_http();
    let deadline = Instant::now() + DURATION;
    let mut tasks = Vec::new();
    for worker in 0..CONNECTIONS {
        let client = client.clone();
        let paths = paths.clone();
        let base = base.to_string();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut errors, mut latencies) = (0, 0, Vec::new());
            let mut index = worker;
            while Instant::now() < deadline {
                let uri: hyper::Uri = format!("{base}{}", paths[index % paths.len()])
                    .parse()
                    .expect("uri");
                index += CONNECTIONS;
                let started = Instant::now();
                match client.get(uri).await {
                    Ok(response) if response.status().is_success() => {
                        let _ = response.into_body().collect().await;
                        latencies.push(started.elapsed());
                        ok += 1;
                    }
                    _ => errors += 1,
                }
            }
            (ok, errors, latencies)
        }));
    }
    let mut total = (0, 0, Vec::new());
    for task in tasks {
        let (ok, errors, latencies) = task.await.expect("worker");
        total.0 += ok;
        total.1 += errors;
        total.2.extend(latencies);
    }
    total.2.sort();
    total
}

/// One GET; whether it succeeded.
async fn fetch_once(base: &str, path: &str) -> bool {
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let uri: hyper::Uri = format!("{base}{path}").parse().expect("uri");
    match client.get(uri).await {
        Ok(response) if response.status().is_success() => {
            response.into_body().collect().await.is_ok()
        }
        _ => false,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted
        .get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

#[tokio::main]
async fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/jixiao-load.db");
    let url = std::env::var("JIXIAO_LOAD_DATABASE_URL").unwrap_or(format!("sqlite:{path}"));
    let store = Store::open(&url).await.expect("store");
    let backend = match store.backend() {
        jixiao_store::Backend::Sqlite => "SQLite",
        jixiao_store::Backend::Postgres => "PostgreSQL",
    };
    eprintln!("filling {url} to {TARGET_PROJECTS} projects (skipped when already there)");
    fill(&store).await;
    let totals = store.totals().await.expect("totals");
    let max_id = store
        .projects(&jixiao_store::ProjectFilter {
            limit: Some(1),
            offset: totals.projects - 1,
            ..Default::default()
        })
        .await
        .expect("last")[0]
        .id;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let app = router(Arc::new(AppState::new(store)));
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!(
        "store: {} documents, {} projects, {} indicators ({backend})",
        totals.documents, totals.projects, totals.indicators
    );
    let pages = |make: &dyn Fn(i64) -> String| -> Arc<Vec<String>> {
        Arc::new((0..5000).map(|i| make((i * 7919) % max_id + 1)).collect())
    };
    let runs = [
        (
            "project page /projects/{id}",
            pages(&|id| format!("/projects/{id}")),
        ),
        (
            "project list /projects?after=ID (the next-page links)",
            pages(&|id| format!("/projects?after={id}")),
        ),
        (
            "search /projects?q=…&after=ID",
            pages(&|id| format!("/projects?q=%E7%8E%AF%E4%BF%9D&after={id}")),
        ),
    ];
    // The dashboard's figures: each document's are made once per change of it and kept in the
    // store; a request adds up the kept ones.
    let timed = |base: String, path: &'static str, what: &'static str| async move {
        let started = Instant::now();
        let ok = fetch_once(&base, path).await;
        println!(
            "{path} ({what}): {:.1} ms{}",
            started.elapsed().as_secs_f64() * 1000.0,
            if ok { "" } else { ", failed" }
        );
    };
    timed(base.clone(), "/", "figures made for documents not kept yet").await;
    timed(base.clone(), "/", "figures kept, nothing written since").await;
    timed(base.clone(), "/api/v1/stats", "figures kept").await;
    // A server started again: its first request reads the figures kept in the store.
    let started = Instant::now();
    let again = router(Arc::new(AppState::new(
        Store::open(&url).await.expect("store"),
    )));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let restarted = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, again).await });
    println!(
        "server started again: ready in {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    timed(
        restarted,
        "/",
        "first request after the start, figures read from the store",
    )
    .await;
    for (name, paths) in runs {
        let (ok, errors, latencies) = hammer(&base, paths).await;
        println!(
            "{name}: {CONNECTIONS} connections, {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms, errors {errors}",
            ok as f64 / DURATION.as_secs_f64(),
            percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
            percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        );
    }
}
