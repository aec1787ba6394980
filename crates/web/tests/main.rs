//! HTTP tests: the router called in-process on a store holding the five seeds.

mod admin;
mod batch;
mod editing;
mod figures;
mod last_year;
mod levels;
mod library;
mod roles;
mod safety;
mod tracking;
mod uploads;
mod workflow;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jixiao_ingest::parse_tika_text;
use jixiao_store::{ImportInput, ImportOutcome, Store};
use jixiao_web::moves::ReviewLevels;
use jixiao_web::{AppState, SubmitRule, router};
use tower::ServiceExt;

const SEEDS: [(&str, &str); 5] = [
    (
        "000.txt",
        include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    ),
    (
        "001.txt",
        include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    ),
    (
        "002.txt",
        include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    ),
    (
        "003.txt",
        include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    ),
    (
        "004.txt",
        include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
    ),
];

pub struct App {
    pub router: axum::Router,
    pub store: Arc<AppState>,
    _dir: tempfile::TempDir,
    /// (server URL, database) of a PostgreSQL scratch database, dropped by `cleanup`.
    postgres: Option<(String, String)>,
}

impl App {
    pub async fn cleanup(self) {
        let Some((base, name)) = self.postgres else {
            return;
        };
        drop(self.router);
        if let Ok(state) = Arc::try_unwrap(self.store) {
            state.store.close().await;
        }
        let mut admin = sqlx::AnyConnection::connect(&base).await.expect("connect");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut admin)
        .await
        .expect("drop scratch database");
    }
}

/// The app on SQLite, holding the five seeds as published documents.
pub async fn app() -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("web.db").display());
    app_on(
        &url,
        dir,
        None,
        SubmitRule::ErrorsConfirm,
        &SEEDS,
        |state| state,
    )
    .await
}

/// The app on SQLite holding seeds 000–003 published and not 乐亭's (004): its upload then brings
/// projects never published, which the public must not see at all.
pub async fn app_without_leting() -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("web.db").display());
    app_on(
        &url,
        dir,
        None,
        SubmitRule::ErrorsConfirm,
        &SEEDS[..4],
        |state| state,
    )
    .await
}

/// The app on SQLite as `jixiao serve` runs it by default: 【错误】 block submission.
pub async fn app_as_deployed() -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("web.db").display());
    app_on(&url, dir, None, SubmitRule::default(), &SEEDS, |state| {
        state
    })
    .await
}

/// The app on SQLite with two review levels (主管部门 初审, then 财政 终审).
pub async fn app_two_levels() -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("web.db").display());
    app_on(
        &url,
        dir,
        None,
        SubmitRule::ErrorsConfirm,
        &SEEDS,
        |state| state.reviewing(ReviewLevels::Two),
    )
    .await
}

/// The app on SQLite scoring self-evaluations and lighting rounds by `scoring`.
pub async fn app_scoring(scoring: jixiao_web::Scoring) -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("web.db").display());
    app_on(
        &url,
        dir,
        None,
        SubmitRule::ErrorsConfirm,
        &SEEDS,
        move |state| state.scoring(scoring),
    )
    .await
}

/// The same on a new PostgreSQL database (`JIXIAO_TEST_POSTGRES_URL`, as for the store tests).
pub async fn app_postgres() -> App {
    postgres_app(&SEEDS).await
}

/// [`app_without_leting`] on PostgreSQL.
pub async fn app_postgres_without_leting() -> App {
    postgres_app(&SEEDS[..4]).await
}

async fn postgres_app(seeds: &[(&str, &str)]) -> App {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let base = std::env::var("JIXIAO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let name = format!(
        "jixiao_web_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is required for these tests ({base}): {e}"));
    for statement in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
            .execute(&mut admin)
            .await
            .expect("scratch database");
    }
    let (prefix, _) = base.rsplit_once('/').expect("database in URL");
    let url = format!("{prefix}/{name}");
    let dir = tempfile::tempdir().expect("temp dir");
    app_on(
        &url,
        dir,
        Some((base, name)),
        SubmitRule::ErrorsConfirm,
        seeds,
        |state| state,
    )
    .await
}

async fn app_on(
    url: &str,
    dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
    rule: SubmitRule,
    seeds: &[(&str, &str)],
    configure: impl FnOnce(AppState) -> AppState,
) -> App {
    let store = Store::open(url).await.expect("store");
    for &(name, text) in seeds {
        let parsed = parse_tika_text(text);
        let input = ImportInput {
            source_name: name,
            content_sha256: name,
            document: &parsed.document,
            diagnostics: &parsed.diagnostics,
        };
        let outcome = store.import(&input).await.expect("import");
        assert!(matches!(outcome, ImportOutcome::New(_)));
    }
    // Most flows here submit projects with 【错误】 (the seeds have them), confirming them;
    // `workflow::errors_block_submission_by_default` checks the default.
    let state = Arc::new(configure(AppState::new(store).submitting(rule)));
    App {
        router: router(state.clone()),
        store: state,
        _dir: dir,
        postgres,
    }
}

/// The findings `/api/v1/stats` counts over all rules.
pub fn findings_counted(stats: &serde_json::Value) -> i64 {
    stats["findings_by_rule"]
        .as_array()
        .expect("findings by rule")
        .iter()
        .map(|c| c["count"].as_i64().expect("count"))
        .sum()
}

/// The findings a review of these seeds gives.
pub fn findings_reviewed(seeds: &[(&str, &str)]) -> i64 {
    seeds
        .iter()
        .map(|(_, text)| {
            jixiao_review::review(&parse_tika_text(text).document)
                .findings
                .len() as i64
        })
        .sum()
}

pub async fn get(app: &App, uri: &str) -> (StatusCode, String, String) {
    let response = app
        .router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        content_type,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[tokio::test]
async fn dashboard_shows_totals_and_charts() {
    let app = app().await;
    let (status, content_type, page) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    assert!(
        page.contains("<b>52</b>预算项目") && page.contains("<b>393</b>绩效指标"),
        "{page}"
    );
    assert!(
        page.contains("<svg") && page.contains("乐亭县人民政府办公室本级 2024年"),
        "server-drawn chart"
    );
    assert!(page.contains("1323.00"), "乐亭's budget total in 万元");
    let link = page
        .split("<a href=\"")
        .map(|rest| rest.split('"').next().unwrap_or(""))
        .find(|href| href.contains("year=2024") && href.contains("%E4%B9%90%E4%BA%AD"))
        .expect("乐亭's row links to its projects")
        .replace("&amp;", "&");
    let (status, _, listed) = get(&app, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        listed.matches("<a href=\"/projects/").count(),
        11,
        "the unit's 11 projects of 2024: {link}"
    );
    assert!(
        page.contains("未列金额"),
        "a unit whose tables print no amounts is not shown as 0"
    );
    let same_target = jixiao_review::rule("same-target").expect("rule").title();
    assert!(
        page.contains(&format!("{same_target}（错误）")),
        "findings by rule, reviewed live, titled in Chinese"
    );
    assert!(
        !page.contains("<script") && !page.contains("https://"),
        "works with no internet"
    );
    assert!(
        page.contains("<th>已通过（公开）</th>") && page.contains("<td class=\"number\">52</td>"),
        "projects by state"
    );
    assert!(
        page.contains("<title>概览 · 绩效目标公开</title>"),
        "the title is plain text"
    );
    let (status, _, open) = get(&app, "/opendata").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        open.contains("href=\"/opendata.csv\"")
            && open.contains("<td><code>project_budget_yuan</code></td><td>项目预算数（元）</td>"),
        "the open-data page lists the downloads and explains the columns: {open}"
    );
    let (status, content_type, schema) = get(&app, "/opendata/schema.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("application/json"));
    assert!(schema.contains("\"fields\""));
    let (_, _, titled) = get(&app, "/opendata.csv").await;
    assert!(
        titled.starts_with("\u{feff}单位编码,单位名称,预算年度,项目编码,项目名称"),
        "people get the Chinese titles: {}",
        titled.lines().next().unwrap_or_default()
    );
    let (status, content_type, csv) = get(&app, "/opendata.csv?header=fields").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/csv"));
    assert_eq!(
        csv.lines().count(),
        393 + 1,
        "one row per published indicator, plus the header"
    );
    let (_, _, json) = get(&app, "/opendata.json").await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json)
            .expect("JSON")
            .as_array()
            .map(Vec::len),
        Some(393)
    );
    let documents: Vec<_> = SEEDS
        .iter()
        .map(|(_, text)| parse_tika_text(text).document)
        .collect();
    let all: Vec<&jixiao_model::Document> = documents.iter().collect();
    let whole = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
    assert_eq!(
        csv,
        whole(jixiao_publish::to_csv(&all).expect("csv")),
        "sent document by document, the CSV is the same as written at once"
    );
    assert_eq!(json, whole(jixiao_publish::to_json(&all).expect("json")));
}

#[tokio::test]
async fn project_list_searches_and_pages() {
    let app = app().await;
    let (status, _, page) = get(&app, "/projects?q=%E7%A9%BA%E6%B0%94").await; // q=空气
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("乡镇空气站运维费用") && !page.contains("法律顾问专项经费"),
        "{page}"
    );
    let (_, _, page) = get(&app, "/projects?q=%E6%89%A7%E6%B3%95%E8%BD%A6").await; // q=执法车
    assert!(
        page.contains("租赁费") && page.matches("<tr><td>").count() == 1,
        "a keyword of the 资金用途 finds its project: {page}"
    );
    let (_, _, page) = get(&app, "/projects?unit=%E4%B9%90%E4%BA%AD&year=2024").await;
    assert_eq!(
        page.matches("year=2024\">2024</a></td>").count(),
        11,
        "each row's year links to its unit's projects of that year"
    );
    let (_, _, first) = get(&app, "/projects").await;
    assert!(
        first.contains("下一页") && first.matches("<tr><td>").count() == 50,
        "52 projects make two pages"
    );
    let link = |page: &str, id: &str| -> String {
        page.split(&format!("id=\"{id}\" href=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no {id} link"))
            .replace("&amp;", "&")
    };
    assert!(
        !first.contains("上一页"),
        "the first page has no previous page"
    );
    let (_, _, second) = get(&app, &link(&first, "next")).await;
    assert_eq!(second.matches("<tr><td>").count(), 2);
    assert!(!second.contains("下一页"), "the last page has no next page");
    let (_, _, back) = get(&app, &link(&second, "previous")).await;
    // The header's login link names the page asked for; the list itself is the same.
    let main = |page: &str| page.split("<main>").nth(1).unwrap_or_default().to_string();
    assert_eq!(
        main(&back),
        main(&first),
        "the previous page is the first page again"
    );
    let (_, _, by_number) = get(&app, "/projects?page=2").await;
    assert_eq!(
        by_number.matches("<tr><td>").count(),
        2,
        "page numbers still work"
    );
    let (status, _, page) = get(&app, "/projects?year=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("年度“abc”不是年份"));
}

#[tokio::test]
async fn project_page_shows_the_table_with_findings_beside_rows() {
    let app = app().await;
    let (status, _, page) = get(&app, "/projects/13022524P00F04E10036T").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("电子政务中心城乡一体化经费 绩效目标表") && page.contains("170.00 万元"),
        "{page}"
    );
    assert!(
        page.contains("花费成本")
            && page.contains("【错误】成本指标“花费成本”的指标值“210万元”超过项目预算数 170万元"),
        "{page}"
    );
    assert!(
        page.contains("<td rowspan=\"6\">产出指标</td>"),
        "category cells span their rows as in the official table: {page}"
    );
    let (status, _, print) = get(&app, "/projects/13022524P00F04E10036T/print").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        print.contains("<thead><tr><th>一级指标</th>")
            && print.contains("href=\"/static/print.css\"")
            && print.contains("电子政务中心城乡一体化经费")
            && !print.contains("【")
            && !print.contains("<header>"),
        "the print view is the table alone: {print}"
    );
    let (status, _, page) = get(&app, "/projects/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("没有编号或编码为“999999”的项目"));
}

#[tokio::test]
async fn a_copied_row_links_to_the_project_it_was_copied_from() {
    let app = app().await;
    let (_, _, body) = get(&app, "/api/v1/projects?unit=%E4%B9%90%E4%BA%AD").await;
    let list: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let id_of = |name: &str| {
        list["projects"]
            .as_array()
            .expect("projects")
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["id"].as_i64())
            .unwrap_or_else(|| panic!("{name} listed"))
    };
    let (copy, original) = (
        id_of("重点河流跨界断面水质达标治理经费"),
        id_of("大气污染防治技术服务经费"),
    );
    let (status, _, page) = get(&app, &format!("/projects/{copy}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!(
            "（见<a href=\"/projects/{original}\">大气污染防治技术服务经费</a>）"
        )),
        "{page}"
    );
    let (_, _, body) = get(&app, &format!("/api/v1/projects/{copy}")).await;
    let project: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let copied = project["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "copied-rows")
        .expect("a copied row");
    assert_eq!(copied["related"][0]["id"], original);
    assert_eq!(copied["related"][0]["name"], "大气污染防治技术服务经费");
}

#[tokio::test]
async fn downloads_are_the_standard_tables() {
    let app = app().await;
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get("/projects/13022524P00F04E10036T/table.docx")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response
        .headers()
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        disposition.contains("attachment") && disposition.contains(".docx"),
        "{disposition}"
    );
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let parsed = jixiao_ingest::parse_bytes(&bytes).expect("a .docx jixiao reads");
    assert_eq!(parsed.document.projects.len(), 1);
    assert_eq!(parsed.document.projects[0].indicators.len(), 10);
    let (status, content_type, _) = get(&app, "/projects/13022524P00F04E10036T/table.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.contains("spreadsheetml"));
}

#[tokio::test]
async fn api_serves_json_and_describes_itself() {
    let app = app().await;
    let (status, content_type, body) = get(&app, "/api/v1/projects?unit=%E4%B9%90%E4%BA%AD").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("application/json"));
    let list: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(list["projects"].as_array().map(Vec::len), Some(11));
    assert_eq!(list["projects"][2]["total_yuan"], "1700000.00");

    let (_, _, body) = get(&app, "/api/v1/projects/13022524P00F04E10036T").await;
    let project: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(project["project"]["name"], "电子政务中心城乡一体化经费");
    assert!(
        project["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule"] == "cost-vs-budget")
    );

    let (status, _, body) = get(&app, "/api/v1/projects/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["error"],
        "未找到"
    );

    let (_, _, body) = get(&app, "/api/v1/stats").await;
    let stats: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(stats["projects"], 52);
    assert_eq!(stats["units"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        findings_counted(&stats),
        findings_reviewed(&SEEDS),
        "every finding on the published seeds"
    );

    let (status, _, body) = get(&app, "/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let spec: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    // Every API route the router serves is documented, with each of its methods.
    let routes = include_str!("../src/routes/mod.rs");
    let mut documented = 0;
    for route in routes.split(".route(").skip(1) {
        let path = route.split('"').nth(1).expect("path");
        if !path.starts_with("/api/") {
            continue;
        }
        let handlers = route.split("\n        .").next().unwrap_or(route);
        for method in ["get", "post", "put"] {
            if handlers.contains(&format!(" {method}("))
                || handlers.contains(&format!(".{method}("))
            {
                assert!(
                    spec["paths"][path].get(method).is_some(),
                    "{method} {path} is not in openapi.json"
                );
                documented += 1;
            }
        }
    }
    assert!(
        documented >= 14,
        "{documented} operations found in the router"
    );
}
