//! The attacks of issue 11, each a request that must be refused or must not lose work.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;

use crate::editing::{encode, form_pairs, json, set};
use crate::workflow::{
    PROJECT, SEED_004, add_user, form, login, page, seed_004_revised, send, upload,
};
use crate::{App, app, app_postgres, get};

const SEED_000: &str = include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt");

/// 玉田's published projects: (id, name) of every one, read from the public list.
async fn yutian_public(app: &App) -> usize {
    let (status, _, body) = get(app, "/api/v1/projects?unit=418001").await;
    assert_eq!(status, StatusCode::OK);
    let list: Value = serde_json::from_str(&body).expect("json");
    list["projects"].as_array().map_or(0, Vec::len)
}

async fn a_unit_cannot_take_over_another_units_document(app: App) {
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (staff, csrf) = login(&app, "leting").await;
    assert_eq!(yutian_public(&app).await, 6);
    let forged = SEED_000.replace(
        "\t418001玉田县生态环境保护事务中心\n",
        "\t418001乐亭县人民政府办公室本级\n",
    );
    assert_ne!(forged, SEED_000);
    let refused = send(&app, upload(&staff, &csrf, "玉田.txt", forged.as_bytes())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused.body.contains("玉田县生态环境保护事务中心")
            && refused.body.contains("乐亭县人民政府办公室本级"),
        "the refusal names both units: {}",
        refused.body
    );
    assert_eq!(
        yutian_public(&app).await,
        6,
        "玉田's projects stay public, untouched"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_unit_cannot_take_over_another_units_document_sqlite() {
    a_unit_cannot_take_over_another_units_document(app().await).await;
}

#[tokio::test]
async fn a_unit_cannot_take_over_another_units_document_postgres() {
    a_unit_cannot_take_over_another_units_document(app_postgres().await).await;
}

/// A body that records whether anyone read it.
fn watched_body(read: Arc<AtomicBool>) -> Body {
    let chunks = futures_util::stream::iter((0..4).map(move |_| {
        read.store(true, Ordering::SeqCst);
        Ok::<_, std::io::Error>(vec![b'x'; 1024])
    }));
    Body::from_stream(chunks)
}

#[tokio::test]
async fn uploads_are_refused_before_their_body_is_read() {
    let app = app().await;
    for uri in ["/upload?csrf=x", "/api/v1/documents?name=a.docx"] {
        let read = Arc::new(AtomicBool::new(false));
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=b")
            .body(watched_body(read.clone()))
            .expect("request");
        let response = send(&app, request).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert!(
            !read.load(Ordering::SeqCst),
            "{uri}: the anonymous body was read"
        );
    }
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (staff, _) = login(&app, "leting").await;
    let read = Arc::new(AtomicBool::new(false));
    let request = Request::post("/upload?csrf=forged")
        .header(header::COOKIE, &staff)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=b")
        .body(watched_body(read.clone()))
        .expect("request");
    assert_eq!(send(&app, request).await.status, StatusCode::FORBIDDEN);
    assert!(
        !read.load(Ordering::SeqCst),
        "a forged token's body was read"
    );

    // When every upload slot is taken, the next upload is told to wait.
    let (staff, csrf) = login(&app, "leting").await;
    let slots = app
        .store
        .uploads
        .clone()
        .acquire_many_owned(jixiao_web::UPLOADS_AT_ONCE as u32)
        .await
        .expect("slots");
    let busy = send(&app, upload(&staff, &csrf, "乐亭.txt", SEED_004.as_bytes())).await;
    assert_eq!(busy.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(busy.body.contains("请稍后重试"));
    drop(slots);
    let done = send(&app, upload(&staff, &csrf, "乐亭.txt", SEED_004.as_bytes())).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    app.cleanup().await;
}

#[tokio::test]
async fn public_search_never_touches_drafts() {
    let app = crate::app_without_leting().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (staff, csrf) = login(&app, "leting").await;
    let uploaded = send(
        &app,
        upload(&staff, &csrf, "乐亭.docx", &seed_004_revised()),
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER);
    // The 11 projects of 乐亭 are drafts now: no public query may show, count or link them.
    for uri in [
        "/projects?q=%E7%94%B5%E5%AD%90%E6%94%BF%E5%8A%A1&after=0",
        "/projects?q=%E7%94%B5%E5%AD%90%E6%94%BF%E5%8A%A1",
        "/projects?unit=%E4%B9%90%E4%BA%AD&after=0",
    ] {
        let (status, _, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            !body.contains("before="),
            "{uri}: a link points at a hidden row"
        );
        assert!(!body.contains("电子政务中心"), "{uri}");
    }
    // Nor does a word of their indicators find them.
    let (_, _, body) = get(&app, "/projects?q=%E5%85%89%E7%BA%A4%E5%B8%A6%E5%AE%BD").await;
    assert!(body.contains("共找到 0 个项目"), "{body}");
    // `%` and `_` are the characters themselves, not wildcards.
    let found = |query: &'static str| {
        let app = &app;
        async move {
            let (_, _, body) = get(app, &format!("/api/v1/projects?q={query}")).await;
            let list: Value = serde_json::from_str(&body).expect("json");
            list["projects"].as_array().map_or(0, Vec::len)
        }
    };
    assert!(
        found("%E4%B8%AD%E5%A4%AE%E5%86%9C%E6%9D%91").await > 0,
        "中央农村 is there"
    );
    assert_eq!(
        found("%E4%B8%AD%E5%A4%AE_%E6%9D%91").await,
        0,
        "中央_村 is not"
    );
    assert_eq!(found("%E4%B8%AD%E5%A4%AE%25").await, 0, "中央% is not");
    app.cleanup().await;
}

async fn stale_and_partial_forms_never_overwrite(app: App) {
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (staff, csrf) = login(&app, "leting").await;
    let uploaded = send(
        &app,
        upload(&staff, &csrf, "乐亭.docx", &seed_004_revised()),
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let form_uri = format!("/api/v1/projects/{PROJECT}/form");
    let put = |body: String| {
        Request::put(&form_uri)
            .header(header::COOKIE, &staff)
            .header("x-csrf-token", &csrf)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("request")
    };
    let read = || {
        Request::get(&form_uri)
            .header(header::COOKIE, &staff)
            .body(Body::empty())
            .expect("request")
    };
    let (_, first) = json(&app, read()).await;
    let (_, second) = json(&app, read()).await;
    let mut edited = first.clone();
    edited["purpose"] = "第一位编辑的用途".into();
    let (status, saved) = json(&app, put(edited.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    // The second editor saves from the form read before: refused, with what differs.
    let mut stale = second.clone();
    stale["code"] = "X".into();
    let (status, refused) = json(&app, put(stale.to_string())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let message = refused["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("已被他人保存") && message.contains("资金用途"),
        "{message}"
    );
    // The HTML form too.
    let edit_uri = format!("/projects/{PROJECT}/edit");
    let mut pairs = form_pairs(&csrf, &second);
    set(&mut pairs, "code", "Y");
    let refused = send(&app, form(&edit_uri, Some(&staff), &encode(&pairs))).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("已被他人保存"));

    // A partial body is refused, and wipes nothing.
    let (status, _) = json(&app, put(r#"{"revision": 1, "code": "Z"}"#.into())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, now) = json(&app, read()).await;
    assert_eq!(now["purpose"], "第一位编辑的用途", "the first save stands");
    assert_eq!(now["rows"], first["rows"], "no row was wiped");
    assert_eq!(
        now["revision"].as_i64(),
        first["revision"].as_i64().map(|r| r + 1)
    );
    app.cleanup().await;
}

#[tokio::test]
async fn stale_and_partial_forms_never_overwrite_sqlite() {
    stale_and_partial_forms_never_overwrite(app().await).await;
}

#[tokio::test]
async fn stale_and_partial_forms_never_overwrite_postgres() {
    stale_and_partial_forms_never_overwrite(app_postgres().await).await;
}

async fn project_id(app: &App, cookie: &str) -> i64 {
    let (_, project) = json(app, page(&format!("/api/v1/projects/{PROJECT}"), cookie)).await;
    project["id"].as_i64().expect("id")
}

#[tokio::test]
async fn uploads_keep_ids_and_are_known_by_their_content() {
    let app = app().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (staff, csrf) = login(&app, "leting").await;
    let published = project_id(&app, &staff).await;
    let first = send(&app, upload(&staff, &csrf, "乐亭.txt", SEED_004.as_bytes())).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    // The same length, other content, within the same second: stored, not taken for the first.
    let changed = SEED_004.replacen("\t≤78万\n", "\t≤77万\n", 1);
    assert_eq!(changed.len(), SEED_004.len());
    let second = send(&app, upload(&staff, &csrf, "乐亭.txt", changed.as_bytes())).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    assert_eq!(
        project_id(&app, &staff).await,
        published,
        "the project keeps its id through uploads"
    );
    // The changed row is in the file's first project.
    let (_, project) = json(&app, page("/api/v1/projects/13022524P0044CB10015T", &staff)).await;
    assert!(
        project.to_string().contains("≤77万"),
        "the second upload was stored"
    );
    app.cleanup().await;
}

/// 乐亭 staff (`leting-staff`) upload seed 004 and submit PROJECT; `checker-wang` approves it.
/// Returns the staff's session cookie.
async fn publish_one_project(app: &App) -> String {
    add_user(
        app,
        "leting-staff",
        "unit",
        Some("乐亭县人民政府办公室本级"),
    )
    .await;
    add_user(app, "checker-wang", "reviewer", None).await;
    let (staff, csrf) = login(app, "leting-staff").await;
    send(app, upload(&staff, &csrf, "乐亭.docx", &seed_004_revised())).await;
    let (checker, checker_csrf) = login(app, "checker-wang").await;
    for (cookie, token, action) in [
        (&staff, &csrf, "submit"),
        (&checker, &checker_csrf, "approve"),
    ] {
        let request = Request::post(format!("/api/v1/projects/{PROJECT}/{action}"))
            .header(header::COOKIE, cookie.as_str())
            .header("x-csrf-token", token.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"confirm": true}"#))
            .expect("request");
        let moved = send(app, request).await;
        assert_eq!(moved.status, StatusCode::OK, "{action}: {}", moved.body);
    }
    staff
}

#[tokio::test]
async fn other_units_see_neither_history_nor_comments() {
    let app = app().await;
    add_user(
        &app,
        "yutian-staff",
        "unit",
        Some("玉田县生态环境保护事务中心"),
    )
    .await;
    let staff = publish_one_project(&app).await;
    let own = send(&app, page(&format!("/projects/{PROJECT}"), &staff)).await;
    assert!(
        own.body.contains("leting-staff") && own.body.contains("checker-wang"),
        "the unit sees its project's history"
    );
    let (other, _) = login(&app, "yutian-staff").await;
    let seen = send(&app, page(&format!("/projects/{PROJECT}"), &other)).await;
    assert_eq!(seen.status, StatusCode::OK, "the published table is public");
    assert!(
        !seen.body.contains("leting-staff") && !seen.body.contains("checker-wang"),
        "another unit reads neither the history nor who reviewed"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn responses_are_hardened_and_refusals_are_chinese() {
    let app = app().await;
    let response = app.router.clone().oneshot_get("/").await;
    let headers = response.headers();
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        headers
            .get(header::X_CONTENT_TYPE_OPTIONS)
            .map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    assert_eq!(
        headers.get(header::X_FRAME_OPTIONS).map(|v| v.as_bytes()),
        Some(&b"DENY"[..])
    );
    for page in ["/", "/login"] {
        let (_, _, body) = get(&app, page).await;
        assert!(!body.contains("<script>"), "{page} has an inline script");
    }

    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (staff, _) = login(&app, "leting").await;
    let response = app.router.clone().oneshot_page("/my", &staff).await;
    assert_eq!(
        response
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.as_bytes()),
        Some(&b"no-store"[..]),
        "a logged-in page is not kept by the browser"
    );

    // Login CSRF: a form posted from another site is refused.
    let mut cross = form("/login", None, "name=leting&password=correct+horse");
    cross.headers_mut().insert(
        header::ORIGIN,
        "http://evil.example".parse().expect("origin"),
    );
    cross
        .headers_mut()
        .insert(header::HOST, "jixiao.local".parse().expect("host"));
    assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);
    // Behind a reverse proxy the page's origin is the proxy's host, which it forwards.
    let mut proxied = form("/login", None, "name=leting&password=correct+horse");
    for (name, value) in [
        ("origin", "https://jixiao.example.gov.cn"),
        ("host", "127.0.0.1:8080"),
        ("x-forwarded-host", "jixiao.example.gov.cn"),
    ] {
        proxied
            .headers_mut()
            .insert(name, value.parse().expect("header"));
    }
    assert_eq!(send(&app, proxied).await.status, StatusCode::SEE_OTHER);

    for (uri, words) in [
        ("/projects?after=abc", "无法读取"),
        ("/no/such/page", "没有这个页面"),
    ] {
        let (status, content_type, body) = get(&app, uri).await;
        assert!(status.is_client_error(), "{uri}");
        assert!(
            content_type.starts_with("text/html"),
            "{uri}: {content_type}"
        );
        assert!(body.contains(words), "{uri}: {body}");
    }
    let (status, _, body) = get(&app, "/api/v1/projects?after=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("\"message\""),
        "the API answers in its own JSON: {body}"
    );
    app.cleanup().await;
}

/// One request through the router, for its headers.
trait OneShot {
    async fn oneshot_get(self, uri: &str) -> axum::response::Response;
    async fn oneshot_page(self, uri: &str, cookie: &str) -> axum::response::Response;
}

impl OneShot for axum::Router {
    async fn oneshot_get(self, uri: &str) -> axum::response::Response {
        use tower::ServiceExt;
        self.oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("response")
    }

    async fn oneshot_page(self, uri: &str, cookie: &str) -> axum::response::Response {
        use tower::ServiceExt;
        self.oneshot(page(uri, cookie)).await.expect("response")
    }
}

#[tokio::test]
async fn the_public_review_never_reads_unpublished_projects() {
    let app = app().await;
    publish_one_project(&app).await;
    // One project of 乐亭 is public, the other ten are drafts: the public's findings are those of
    // a document holding the published project alone.
    let mut alone = jixiao_ingest::parse_bytes(&seed_004_revised())
        .expect("the revised file")
        .document;
    alone
        .projects
        .retain(|p| p.code.as_deref() == Some(PROJECT));
    let expected: Vec<String> = jixiao_review::review(&alone)
        .findings
        .into_iter()
        .filter(|f| f.location.project == Some(0))
        .map(|f| f.message)
        .collect();
    let (status, _, body) = get(&app, &format!("/api/v1/projects/{PROJECT}")).await;
    assert_eq!(status, StatusCode::OK);
    let public: Value = serde_json::from_str(&body).expect("json");
    let shown: Vec<String> = public["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["message"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(shown, expected);
    app.cleanup().await;
}

/// The app parsing uploads in a worker `sh -c script`, within `budget`.
async fn app_with_worker(script: &str, budget: std::time::Duration) -> App {
    let App {
        router,
        store,
        _dir,
        postgres,
    } = app().await;
    drop(router);
    let state = Arc::try_unwrap(store).ok().expect("the only owner");
    let worker = jixiao_web::parsing::Parser::Worker {
        program: "/bin/sh".into(),
        args: vec!["-c".into(), script.into()],
    };
    let state = Arc::new(state.parsing_with(worker, budget));
    App {
        router: jixiao_web::router(state.clone()),
        store: state,
        _dir,
        postgres,
    }
}

#[tokio::test]
async fn a_parse_that_dies_or_hangs_is_refused_and_the_server_goes_on() {
    let second = std::time::Duration::from_secs(1);
    for (script, words) in [
        ("cat > /dev/null; kill -9 $$", "异常终止"),
        ("cat > /dev/null; sleep 30", "1 秒内未能解析完"),
        ("cat > /dev/null; echo not-json", "异常终止"),
    ] {
        let app = app_with_worker(script, second).await;
        add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
        let (staff, csrf) = login(&app, "leting").await;
        let started = std::time::Instant::now();
        let refused = send(&app, upload(&staff, &csrf, "乐亭.txt", SEED_004.as_bytes())).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{script}");
        assert!(refused.body.contains(words), "{script}: {}", refused.body);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{script}"
        );
        assert_eq!(get(&app, "/").await.0, StatusCode::OK, "the server goes on");
        let slots = app.store.uploads.available_permits();
        assert_eq!(
            slots,
            jixiao_web::UPLOADS_AT_ONCE,
            "{script}: the slot came back"
        );
    }
}

#[tokio::test]
async fn search_reaches_goals_and_indicators_and_counts_what_it_finds() {
    let app = app().await;
    // 光纤带宽 is an indicator of 乐亭's 电子政务中心城乡一体化经费 only, not in any project's name.
    let (status, _, body) = get(&app, "/projects?q=%E5%85%89%E7%BA%A4%E5%B8%A6%E5%AE%BD").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("电子政务中心城乡一体化经费"), "{body}");
    assert!(body.contains("共找到 1 个项目"), "{body}");
    let everything = app
        .store
        .store
        .count_projects(&jixiao_store::ProjectFilter::default(), 1000)
        .await
        .expect("count");
    let (_, _, all) = get(&app, "/projects").await;
    assert!(
        all.contains(&format!("共找到 {everything} 个项目")),
        "the count is of all pages"
    );
    app.cleanup().await;
}
