//! The indicator library over the seeds: built from published rows only, searched, shown with
//! its figures and examples, downloaded, and built again once the store has changed.

use axum::http::StatusCode;
use jixiao_ingest::parse_tika_text;
use jixiao_model::Level2Kind;
use jixiao_store::ImportInput;
use jixiao_web::library;
use serde_json::Value;

use crate::{App, SEEDS, get};

fn json(body: &str) -> Value {
    serde_json::from_str(body).expect("json")
}

async fn served(app: App) {
    let store = &app.store.store;
    let build = library::build(store, |_| {}).await.expect("build");
    let parsed: Vec<_> = SEEDS
        .iter()
        .map(|(_, text)| parse_tika_text(text))
        .collect();
    let rows: usize = parsed
        .iter()
        .map(|p| p.document.indicator_count() + p.document.department_indicators.len())
        .sum();
    assert_eq!((build.documents, build.rows), (5, rows as i64));

    // The exact name comes first, and its written form counts every row that writes it so.
    let written = parsed
        .iter()
        .flat_map(|p| p.document.projects.iter().flat_map(|p| &p.indicators))
        .filter(|i| {
            i.name.trim() == "服务对象满意度"
                && i.level2.kind == Some(Level2Kind::Satisfaction)
                && i.target.unit.as_deref() == Some("%")
        })
        .count();
    assert!(written >= 2, "the seeds write it in several tables");
    let (status, _, body) = get(&app, "/api/v1/library?q=服务对象满意度").await;
    assert_eq!(status, StatusCode::OK);
    let list = json(&body);
    assert_eq!(list["updating"], false, "{list}");
    let first = &list["entries"][0];
    assert_eq!(first["name"], "服务对象满意度");
    assert_eq!(first["level2"], "服务对象满意度指标");
    let id = first["id"].as_str().expect("id").to_string();

    let (status, _, body) = get(&app, &format!("/api/v1/library/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let entry = json(&body);
    let variant = entry["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .find(|v| v["name"] == "服务对象满意度")
        .expect("the written form");
    assert_eq!(variant["rows"], written as u64);
    let project = entry["examples"][0]["project"].as_i64().expect("a project");
    let (status, _, page) = get(&app, &format!("/projects/{project}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("满意度"));

    let (status, _, page) = get(&app, &format!("/library/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<svg") && page.contains("中位数"), "{page}");
    assert!(page.contains(&format!("/projects/{project}")));

    let (status, _, page) = get(&app, "/library?q=满意度").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/library/{id}")) && page.contains("份公开文件"));
    assert!(!page.contains("正在按最新数据更新"));

    let (status, kind, csv) = get(&app, "/library.csv?q=满意度").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/csv"));
    assert!(csv.starts_with("\u{feff}编号,三级指标") && csv.contains(&id));
    let (status, kind, xlsx) = get(&app, "/library.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml") && xlsx.starts_with("PK"));

    let (_, _, body) = get(&app, "/api/v1/library/suggest?q=满意").await;
    let suggestions = json(&body)["entries"].as_array().expect("entries").clone();
    assert!(!suggestions.is_empty() && suggestions.len() <= 8);
    for s in &suggestions {
        assert!(s["name"].as_str().expect("name").contains("满意"), "{s}");
        assert!(s["typical"].is_string() && s["documents"].is_u64());
    }

    // Where a table states a cost beside the quantity it pays for, the quantity's page says
    // what one costs.
    let all = json(&get(&app, "/api/v1/library?limit=500").await.2);
    let mut priced = None;
    for listed in all["entries"].as_array().expect("entries") {
        let id = listed["id"].as_str().expect("id");
        let entry = json(&get(&app, &format!("/api/v1/library/{id}")).await.2);
        if let Some(per) = entry["unit_costs"][0]["per"].as_str() {
            priced = Some((id.to_string(), per.to_string()));
            break;
        }
    }
    let (priced, per) = priced.expect("a seed states a cost beside its quantity");
    let page = get(&app, &format!("/library/{priced}")).await.2;
    assert!(
        page.contains("<h2>单位成本</h2>") && page.contains(&format!("元/{per}")),
        "{page}"
    );

    let (status, _, body) = get(&app, "/api/v1/library/000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("指标库中没有"));
    let (status, _, body) = get(&app, "/library?level2=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("没有“abc”这一二级指标"));
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_the_library_is_learned_from_the_seeds_and_served() {
    served(crate::app().await).await;
}

#[tokio::test]
async fn postgres_the_library_is_learned_from_the_seeds_and_served() {
    served(crate::app_postgres().await).await;
}

async fn count(app: &App, words: &str) -> u64 {
    let (_, _, body) = get(app, &format!("/api/v1/library?q={words}")).await;
    json(&body)["count"].as_u64().expect("count")
}

async fn follows_the_store(app: App) {
    let state = app.store.clone();
    let store = &state.store;
    library::build(store, |_| {}).await.expect("build");

    // A draft's rows are not published: the library keeps to the approved version.
    let mut changed = parse_tika_text(SEEDS[1].1);
    changed.document.projects[0].indicators[0].name = "草稿里才有的指标".into();
    let input = ImportInput {
        source_name: "changed.txt",
        content_sha256: "changed",
        document: &changed.document,
        diagnostics: &changed.diagnostics,
    };
    store.import_drafts(&input, "填报员").await.expect("upload");
    library::build(store, |_| {}).await.expect("build");
    assert_eq!(count(&app, "草稿里才有的指标").await, 0);

    // A published import leaves the library behind the store until the rebuild it starts ends.
    let mut fresh = parse_tika_text(SEEDS[4].1);
    fresh.document.unit.name = Some("另一个单位".into());
    fresh.document.unit.code = None;
    fresh.document.projects[0].indicators[0].name = "新公开的指标".into();
    let input = ImportInput {
        source_name: "fresh.txt",
        content_sha256: "fresh",
        document: &fresh.document,
        diagnostics: &fresh.diagnostics,
    };
    store.import_batch(&[input]).await.expect("batch")[0]
        .as_ref()
        .expect("imported");
    let (_, _, page) = get(&app, "/library").await;
    assert!(page.contains("正在按最新数据更新"), "{page}");
    for _ in 0..200 {
        if !library::building(&state) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(count(&app, "新公开的指标").await, 1);
    let (_, _, body) = get(&app, "/api/v1/library").await;
    assert_eq!(json(&body)["updating"], false);
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_drafts_stay_out_and_a_published_change_rebuilds_the_library() {
    follows_the_store(crate::app().await).await;
}

#[tokio::test]
async fn postgres_drafts_stay_out_and_a_published_change_rebuilds_the_library() {
    follows_the_store(crate::app_postgres().await).await;
}

async fn curated(app: App) {
    use crate::editing::encode;
    use crate::workflow::{add_user, form, login, page, send};

    let store = &app.store.store;
    library::build(store, |_| {}).await.expect("build");
    add_user(&app, "reviewer", "reviewer", None).await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (reviewer, csrf) = login(&app, "reviewer").await;
    let (staff, staff_csrf) = login(&app, "leting").await;
    let first = |body: &str| json(body)["entries"][0].clone();
    let served = first(&get(&app, "/api/v1/library?q=服务对象满意度").await.2);
    let crowd = first(&get(&app, "/api/v1/library?q=群众满意度").await.2);
    assert_eq!(
        (&served["name"], &crowd["name"]),
        (&"服务对象满意度".into(), &"群众满意度".into())
    );
    let (id, other) = (
        served["id"].as_str().expect("id").to_string(),
        crowd["id"].as_str().expect("id").to_string(),
    );
    let note = |csrf: &str| {
        encode(&[
            ("csrf".into(), csrf.into()),
            ("verdict".into(), "推荐".into()),
            ("explanation".into(), "按问卷调查的满意人数计".into()),
            ("formula".into(), "满意人数/调查人数×100%".into()),
        ])
    };
    let uri = format!("/library/{id}/note");

    // Only the bureau curates; nothing is recorded for anyone else.
    let refused = send(&app, form(&uri, Some(&staff), &note(&staff_csrf))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("只有财政审核员和管理员可以审定指标库")
    );
    let anonymous = send(&app, form(&uri, None, &note(""))).await;
    assert_ne!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(
        store
            .library_decisions()
            .await
            .expect("decisions")
            .is_empty()
    );
    let wrong = encode(&[
        ("csrf".into(), csrf.clone()),
        ("verdict".into(), "很好".into()),
    ]);
    assert_eq!(
        send(&app, form(&uri, Some(&reviewer), &wrong)).await.status,
        StatusCode::BAD_REQUEST
    );

    let saved = send(&app, form(&uri, Some(&reviewer), &note(&csrf))).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let shown = send(&app, page(&format!("/library/{id}"), &reviewer))
        .await
        .body;
    assert!(
        shown.contains(r#"<span class="verdict" id="verdict">推荐</span>"#),
        "{shown}"
    );
    assert!(
        shown.contains("解释：按问卷调查的满意人数计")
            && shown.contains("计算公式：满意人数/调查人数×100%")
    );
    assert!(
        shown.contains("<td>reviewer</td><td>标为推荐</td>"),
        "{shown}"
    );
    let listed = first(&get(&app, "/api/v1/library?q=服务对象满意度").await.2);
    assert_eq!(listed["verdict"], "推荐");
    let public = get(&app, &format!("/library/{id}")).await.2;
    assert!(
        public.contains("推荐") && !public.contains("审定记录"),
        "the public sees the note, not the forms"
    );

    // A written name joins another entry of the same category once the library is built again.
    let join = |into: &str| {
        encode(&[
            ("csrf".into(), csrf.clone()),
            ("variant".into(), "群众满意度".into()),
            ("action".into(), "join".into()),
            ("into".into(), into.into()),
        ])
    };
    let counted = first(&get(&app, "/api/v1/library?level2=数量指标").await.2);
    assert_eq!(counted["level2"], "数量指标");
    let across = send(
        &app,
        form(
            &format!("/library/{other}/variants"),
            Some(&reviewer),
            &join(counted["id"].as_str().expect("id")),
        ),
    )
    .await;
    assert_eq!(across.status, StatusCode::BAD_REQUEST);
    assert!(across.body.contains("不能合并"), "{}", across.body);
    let moved = send(
        &app,
        form(
            &format!("/library/{other}/variants"),
            Some(&reviewer),
            &join(&id),
        ),
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    for _ in 0..200 {
        if !library::building(&app.store) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    library::build(store, |_| {}).await.expect("rebuild");
    let entry = json(&get(&app, &format!("/api/v1/library/{id}")).await.2);
    let names: Vec<&str> = entry["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert!(names.contains(&"群众满意度"), "{names:?}");
    assert_eq!(
        get(&app, &format!("/api/v1/library/{other}")).await.0,
        StatusCode::NOT_FOUND
    );
    let listed = first(&get(&app, "/api/v1/library?q=服务对象满意度").await.2);
    assert_eq!(
        listed["verdict"], "推荐",
        "the note survives building again"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_the_bureau_curates_the_library_and_it_survives_rebuilding() {
    curated(crate::app().await).await;
}

#[tokio::test]
async fn postgres_the_bureau_curates_the_library_and_it_survives_rebuilding() {
    curated(crate::app_postgres().await).await;
}
