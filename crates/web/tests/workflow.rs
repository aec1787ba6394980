//! Roles and the workflow over HTTP: every route for every role, forbidden cases included.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use jixiao_web::auth::hash_password;
use tower::ServiceExt;

use crate::{App, app, get};

pub const PROJECT: &str = "13022524P00F04E10036T";
pub const SEED_004: &str = include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt");

/// Seed 004 as a Word file with every project's 资金用途 revised: the app holds seed 004
/// published, and an upload of this makes all 11 of its projects drafts.
pub fn seed_004_revised() -> Vec<u8> {
    let mut document = jixiao_ingest::parse_tika_text(SEED_004).document;
    for project in &mut document.projects {
        project
            .purpose
            .get_or_insert_with(String::new)
            .push_str("（2025年调整）");
    }
    jixiao_publish::to_docx(&document).expect("docx")
}

pub struct Response {
    pub status: StatusCode,
    pub location: String,
    pub cookie: Option<String>,
    /// The device cookie a login sets (`jixiao_device=…`).
    pub device: Option<String>,
    pub cache_control: String,
    pub body: String,
}

pub async fn send(app: &App, request: Request<Body>) -> Response {
    let response = app.router.clone().oneshot(request).await.expect("response");
    let header_text = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let location = header_text(header::LOCATION).unwrap_or_default();
    let cache_control = header_text(header::CACHE_CONTROL).unwrap_or_default();
    let cookie =
        header_text(header::SET_COOKIE).and_then(|c| c.split(';').next().map(str::to_string));
    let device = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next())
        .find(|c| c.starts_with("jixiao_device="))
        .map(str::to_string);
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Response {
        status,
        location,
        cookie,
        device,
        cache_control,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn form(uri: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut request =
        Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(body.to_string())).expect("request")
}

pub fn page(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request")
}

pub async fn add_user(app: &App, name: &str, role: &str, unit: Option<&str>) {
    let hash = hash_password("correct horse").expect("hash");
    app.store
        .store
        .add_user(name, &hash, role, unit)
        .await
        .expect("user");
}

pub async fn login(app: &App, name: &str) -> (String, String) {
    let response = send(
        app,
        form(
            "/login",
            None,
            &format!("name={name}&password=correct+horse"),
        ),
    )
    .await;
    assert_eq!(
        response.status,
        StatusCode::SEE_OTHER,
        "{name}: {}",
        response.body
    );
    let cookie = response.cookie.expect("session cookie");
    let my = send(app, page(&response.location, &cookie)).await;
    let csrf = my
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("csrf in page")
        .to_string();
    (cookie, csrf)
}

pub fn upload(cookie: &str, csrf: &str, name: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "jixiao-test-boundary";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .into_bytes();
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes());
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    Request::post(format!("/upload?csrf={csrf}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request")
}

#[tokio::test]
async fn logins_are_checked_and_throttled() {
    let app = app().await;
    add_user(&app, "reviewer", "reviewer", None).await;
    let right = "name=reviewer&password=correct+horse";
    let earlier = send(&app, form("/login", None, right)).await;
    let device = earlier.device.expect("a login marks its browser");
    for _ in 0..5 {
        let response = send(&app, form("/login", None, "name=reviewer&password=wrong")).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
        assert!(response.body.contains("用户名或密码不正确"));
    }
    let stranger = send(&app, form("/login", None, right)).await;
    assert_eq!(
        stranger.status,
        StatusCode::TOO_MANY_REQUESTS,
        "after five failures a browser the user never used waits"
    );
    assert!(stranger.body.contains("秒后再试"), "{}", stranger.body);
    let own = send(&app, form("/login", Some(&device), right)).await;
    assert_eq!(
        own.status,
        StatusCode::SEE_OTHER,
        "strangers' guesses do not lock the user out of their own browser"
    );
    let (status, _, page) = get(&app, "/review").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(page.contains("请先登录"));
    assert_eq!(get(&app, "/my").await.0, StatusCode::UNAUTHORIZED);

    // Guesses sent in parallel are counted before they are checked: no more get through.
    add_user(&app, "target", "reviewer", None).await;
    let guesses = (0..100).map(|_| send(&app, form("/login", None, "name=target&password=wrong")));
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|r| r.status == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(
        checked, 5,
        "100 parallel guesses: 5 checked, the rest told to wait"
    );

    // One address guessing across many names is slowed too; other addresses are not.
    add_user(&app, "root", "admin", None).await;
    let from = |address: [u8; 4], body: &str| {
        let mut request = form("/login", None, body);
        let peer = std::net::SocketAddr::from((address, 40000));
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        request
    };
    for guess in 0..20 {
        let body = format!("name=nobody{guess}&password=wrong");
        let response = send(&app, from([10, 0, 0, 1], &body)).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "guess {guess}");
        assert!(
            response.body.contains("用户名或密码不正确"),
            "an unknown name reads like a wrong password"
        );
    }
    let right = "name=root&password=correct+horse";
    assert_eq!(
        send(&app, from([10, 0, 0, 1], right)).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        send(&app, from([10, 0, 0, 2], right)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_project_goes_from_upload_to_publication() {
    let app = crate::app_without_leting().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    add_user(&app, "yutian", "unit", Some("玉田县生态环境保护事务中心")).await;
    add_user(&app, "reviewer", "reviewer", None).await;
    let (staff, staff_csrf) = login(&app, "leting").await;
    let (other, other_csrf) = login(&app, "yutian").await;
    let (reviewer, reviewer_csrf) = login(&app, "reviewer").await;

    // Unit staff may not review; reviewers have no unit tasks.
    assert_eq!(
        send(&app, page("/review", &staff)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, page("/my", &reviewer)).await.status,
        StatusCode::FORBIDDEN
    );

    let docx =
        jixiao_publish::to_docx(&jixiao_ingest::parse_tika_text(SEED_004).document).expect("docx");
    assert_eq!(
        send(&app, upload(&staff, "forged", "乐亭.docx", &docx))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "CSRF"
    );
    let foreign = send(&app, upload(&other, &other_csrf, "乐亭.docx", &docx)).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert!(
        foreign.body.contains(
            "id=\"upload-error\">乐亭.docx 印的单位是“乐亭县人民政府办公室本级”（单位编码 434001），不是本单位的文件"
        ),
        "the reason sits next to the file field: {}",
        foreign.body
    );
    let bad = send(
        &app,
        upload(&staff, &staff_csrf, "x.docx", b"PK\x03\x04 broken"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains("id=\"upload-error\">x.docx："),
        "{}",
        bad.body
    );
    let uploaded = send(&app, upload(&staff, &staff_csrf, "乐亭.docx", &docx)).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER);
    assert!(
        uploaded.location.starts_with("/my?document="),
        "the unit's page, with the file's diagnostics: {}",
        uploaded.location
    );

    // Drafts are private: hidden from the public and from other units, shown to their unit.
    assert_eq!(
        get(&app, &format!("/projects/{PROJECT}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &format!("/api/v1/projects/{PROJECT}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert!(
        !get(&app, "/projects?unit=%E4%B9%90%E4%BA%AD")
            .await
            .2
            .contains("电子政务中心城乡一体化经费")
    );
    assert_eq!(
        send(&app, page(&format!("/projects/{PROJECT}"), &other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let mine = send(&app, page("/my", &staff)).await;
    assert_eq!(
        mine.body.matches("<td>草稿</td>").count(),
        11,
        "every uploaded project is a draft"
    );
    let stats: serde_json::Value =
        serde_json::from_str(&get(&app, "/api/v1/stats").await.2).expect("json");
    assert_eq!(
        (stats["projects"].as_i64(), stats["indicators"].as_i64()),
        (Some(52 - 11), Some(393 - 101)),
        "public figures leave drafts out"
    );
    assert_eq!(
        crate::findings_counted(&stats),
        crate::findings_reviewed(&crate::SEEDS[..4]),
        "findings by rule leave the drafted 乐亭 document out"
    );
    assert!(
        get(&app, "/").await.2.contains("<b>41</b>预算项目"),
        "so does the dashboard"
    );
    let open_data = get(&app, "/opendata.csv").await.2;
    assert_eq!(
        open_data.lines().count(),
        393 - 101 + 1,
        "drafts stay out of the open data"
    );
    let own = send(&app, page(&format!("/projects/{PROJECT}"), &staff)).await;
    assert!(own.body.contains("状态：草稿") && own.body.contains("提交审核"));

    // Only the unit submits, only from draft or returned; only reviewers decide, only on submitted.
    let submit = |cookie: &str, csrf: &str| {
        form(
            &format!("/projects/{PROJECT}/submit"),
            Some(cookie),
            &format!("csrf={csrf}&confirm=yes"),
        )
    };
    assert_eq!(
        send(&app, submit(&other, &other_csrf)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(
            &app,
            form(
                &format!("/projects/{PROJECT}/approve"),
                Some(&reviewer),
                &format!("csrf={reviewer_csrf}")
            )
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    let submitted = send(&app, submit(&staff, &staff_csrf)).await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    let told = send(&app, page(&submitted.location, &staff)).await;
    assert!(
        told.body.contains("id=\"done\">已提交审核。</p>"),
        "the page says it was submitted: {}",
        told.body
    );
    assert_eq!(
        send(&app, submit(&staff, &staff_csrf)).await.status,
        StatusCode::CONFLICT,
        "already submitted"
    );
    // A changed file (the same bytes again would change nothing and be taken as they are).
    let changed = jixiao_publish::to_docx(
        &jixiao_ingest::parse_tika_text(&SEED_004.replacen("\t≤78万\n", "\t≤77万\n", 1)).document,
    )
    .expect("docx");
    let over_review = send(&app, upload(&staff, &staff_csrf, "乐亭.docx", &changed)).await;
    assert_eq!(over_review.status, StatusCode::SEE_OTHER);
    let result = send(&app, page(&over_review.location, &staff)).await;
    assert!(
        result.body.contains("1 个项目成为草稿，9 个与已存的相同（状态不变）")
            && result.body.contains(
                "id=\"upload-skipped\">以下项目正在审核（已提交），未被覆盖，请等审核退回后再上传：“电子政务中心城乡一体化经费”"
            ),
        "the upload is taken but for the project under review, which it names: {}",
        result.body
    );
    assert_eq!(
        send(
            &app,
            form(
                &format!("/projects/{PROJECT}/approve"),
                Some(&staff),
                &format!("csrf={staff_csrf}")
            )
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    let queue = send(&app, page("/review", &reviewer)).await;
    assert!(
        queue.body.contains("电子政务中心城乡一体化经费") && queue.body.contains("已提交"),
        "{}",
        queue.body
    );
    let back = |comment: &str| {
        form(
            &format!("/projects/{PROJECT}/return"),
            Some(&reviewer),
            &format!("csrf={reviewer_csrf}&comment={comment}"),
        )
    };
    let refused = send(&app, back("")).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "a return needs a comment"
    );
    assert!(
        refused
            .body
            .contains("id=\"return-error\">退回时须填写意见：整体意见或至少一行的意见"),
        "the reason sits next to the return form"
    );
    assert_eq!(
        send(&app, back("%E6%88%90%E6%9C%AC%E8%B6%85%E9%A2%84%E7%AE%97"))
            .await
            .status,
        StatusCode::SEE_OTHER
    ); // 成本超预算
    let returned = send(&app, page(&format!("/projects/{PROJECT}"), &staff)).await;
    assert!(returned.body.contains("状态：已退回") && returned.body.contains("成本超预算"));
    assert_eq!(
        send(&app, submit(&staff, &staff_csrf)).await.status,
        StatusCode::SEE_OTHER,
        "resubmitted after the return"
    );
    let approve = form(
        &format!("/projects/{PROJECT}/approve"),
        Some(&reviewer),
        &format!("csrf={reviewer_csrf}"),
    );
    assert_eq!(send(&app, approve).await.status, StatusCode::SEE_OTHER);

    // Published: the public sees it; the history shows every step and who took it.
    let (status, _, public) = get(&app, &format!("/projects/{PROJECT}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        public.contains("状态：已通过") && !public.contains("历史记录"),
        "the audit log is for logged-in users"
    );
    let history = send(&app, page(&format!("/projects/{PROJECT}"), &reviewer))
        .await
        .body;
    let steps: Vec<&str> = ["上传", "提交审核", "退回修改", "提交审核", "审核通过"].to_vec();
    let mut at = 0;
    for step in steps {
        let found = history[at..]
            .find(&format!("<td>{step}</td>"))
            .unwrap_or_else(|| panic!("{step} missing from the history"));
        at += found + 1;
    }

    // Uploading the unit's file again, without the approved project, leaves that project published.
    let mut revised = jixiao_ingest::parse_tika_text(SEED_004).document;
    revised
        .projects
        .retain(|p| p.name != "电子政务中心城乡一体化经费");
    let revised = jixiao_publish::to_docx(&revised).expect("docx");
    assert_eq!(
        send(&app, upload(&staff, &staff_csrf, "乐亭2.docx", &revised))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let (status, _, public) = get(&app, &format!("/projects/{PROJECT}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(public.contains("状态：已通过"), "kept, still published");
    let listed = get(&app, "/projects?unit=%E4%B9%90%E4%BA%AD").await.2;
    assert!(listed.contains("电子政务中心城乡一体化经费"));
    let mine = send(&app, page("/my", &staff)).await.body;
    assert_eq!(
        mine.matches("<td>草稿</td>").count(),
        10,
        "the other ten are drafts again"
    );

    // Logging out ends the session; a stale form token is refused.
    let logout = send(
        &app,
        form("/logout", Some(&staff), &format!("csrf={staff_csrf}")),
    )
    .await;
    assert_eq!(logout.status, StatusCode::SEE_OTHER);
    assert_eq!(
        send(&app, page("/my", &staff)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A unit is matched exactly: the county's name inside the document's unit name is not enough,
    // nor is the registered 单位编码 when the document prints another unit's name beside it.
    add_user(&app, "county", "unit", Some("乐亭")).await;
    app.store
        .store
        .add_unit("乐亭县政府办", Some("434001"), None)
        .await
        .expect("unit");
    add_user(&app, "by-code", "unit", Some("乐亭县政府办")).await;
    let (county, _) = login(&app, "county").await;
    let (by_code, _) = login(&app, "by-code").await;
    // The project is public by now: what only its unit may see is its versions.
    let (staff, staff_csrf) = login(&app, "leting").await;
    let seen = |session| page(&format!("/projects/{PROJECT}/versions"), session);
    assert_eq!(
        (
            send(&app, seen(&county)).await.status,
            send(&app, seen(&by_code)).await.status,
            send(&app, seen(&staff)).await.status
        ),
        (StatusCode::FORBIDDEN, StatusCode::FORBIDDEN, StatusCode::OK)
    );
    // Once 434001 is registered to another unit, a file printing it is refused even to the unit
    // whose name it prints: code and name must both agree with the registration.
    let docx =
        jixiao_publish::to_docx(&jixiao_ingest::parse_tika_text(SEED_004).document).expect("docx");
    let refused = send(&app, upload(&staff, &staff_csrf, "乐亭.docx", &docx)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("单位编码 434001 已登记给“乐亭县政府办”"),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn errors_block_submission_by_default() {
    let app = crate::app_as_deployed().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (staff, csrf) = login(&app, "leting").await;
    let uploaded = send(
        &app,
        upload(&staff, &csrf, "乐亭.docx", &seed_004_revised()),
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let submit = |project: &str, body: &str| {
        form(
            &format!("/projects/{project}/submit"),
            Some(&staff),
            &format!("csrf={csrf}{body}"),
        )
    };
    // 电子政务中心城乡一体化经费: its cost is above its budget, an error.
    let page_of = send(&app, page(&format!("/projects/{PROJECT}"), &staff)).await;
    assert!(
        page_of
            .body
            .contains("id=\"submit-blocked\">有 1 条【错误】，改正后才能提交。"),
        "{}",
        page_of.body
    );
    for body in ["", "&confirm=yes"] {
        let refused = send(&app, submit(PROJECT, body)).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert!(
            refused
                .body
                .contains("项目有 1 条【错误】，改正后才能提交：成本指标“花费成本”"),
            "{}",
            refused.body
        );
    }
    // 购置六参数无人机资金: warnings only, submitted once they are confirmed.
    let queue = send(&app, page("/api/v1/queue", &staff)).await;
    let queue: serde_json::Value = serde_json::from_str(&queue.body).expect("queue");
    let drone = queue["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|p| p["name"] == "购置六参数无人机资金")
        .and_then(|p| p["id"].as_i64())
        .expect("the drone project is a draft")
        .to_string();
    let unconfirmed = send(&app, submit(&drone, "")).await;
    assert_eq!(unconfirmed.status, StatusCode::CONFLICT);
    assert!(
        unconfirmed
            .body
            .contains("请阅读后勾选“已阅读审核意见，确认提交”再提交"),
        "{}",
        unconfirmed.body
    );
    assert_eq!(
        send(&app, submit(&drone, "&confirm=yes")).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn every_page_names_who_is_logged_in_and_a_login_comes_back() {
    let app = crate::app().await;
    add_user(&app, "admin-li", "admin", None).await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    // Not logged in: the workbench asks for a login that comes back to it.
    let (status, _, body) = crate::get(&app, "/my?document=3").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body.contains("href=\"/login?next=%2Fmy%3Fdocument%3D3\""),
        "{body}"
    );
    let back = send(
        &app,
        form(
            "/login",
            None,
            "name=leting&password=correct+horse&next=%2Fmy%3Fdocument%3D3",
        ),
    )
    .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(back.location, "/my?document=3");
    let away = send(
        &app,
        form(
            "/login",
            None,
            "name=leting&password=correct+horse&next=%2F%2Fevil.example",
        ),
    )
    .await;
    assert_eq!(away.location, "/my", "never to another site");
    // Logged in: the name, the role and the logout on every page, the admin's too.
    let (admin, _) = login(&app, "admin-li").await;
    for uri in ["/admin", "/projects", "/", "/review"] {
        let shown = send(&app, page(uri, &admin)).await;
        assert!(
            shown.body.contains("id=\"who\">admin-li（管理员）</span>")
                && shown.body.contains("action=\"/logout\""),
            "{uri}: {}",
            shown.body
        );
        assert_eq!(
            shown.cache_control, "no-store",
            "{uri}: a session's page is never kept"
        );
    }
}

#[tokio::test]
async fn a_revision_waits_beside_the_published_version() {
    let app = crate::app().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    add_user(&app, "checker", "reviewer", None).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (checker, checker_csrf) = login(&app, "checker").await;
    const REVISED: &str = "13022524P0044CB10015T";
    // The file as it was published, one target changed: only that project becomes a draft.
    let changed = SEED_004.replacen("\t≤78万\n", "\t≤77万\n", 1);
    let uploaded = send(&app, upload(&staff, &csrf, "乐亭.txt", changed.as_bytes())).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER);
    // The public still sees the approved version, in the page and in the list; the unit its draft.
    let (status, _, public) = crate::get(&app, &format!("/projects/{REVISED}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        public.contains("≤78万") && !public.contains("≤77万"),
        "{public}"
    );
    let (_, _, list) = crate::get(&app, "/projects?unit=%E4%B9%90%E4%BA%AD").await;
    assert!(
        list.contains("“乐亭三中”空气质量站点点位调整项目资金"),
        "{list}"
    );
    let mine = send(&app, page(&format!("/projects/{REVISED}"), &staff)).await;
    assert!(mine.body.contains("≤77万") && mine.body.contains("状态：草稿"));
    // Approved, the revision replaces it.
    let moved = |cookie: &str, token: &str, action: &str| {
        form(
            &format!("/projects/{REVISED}/{action}"),
            Some(cookie),
            &format!("csrf={token}&confirm=yes"),
        )
    };
    assert_eq!(
        send(&app, moved(&staff, &csrf, "submit")).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        send(&app, moved(&checker, &checker_csrf, "approve"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let (_, _, public) = crate::get(&app, &format!("/projects/{REVISED}")).await;
    assert!(public.contains("≤77万"), "{public}");

    // 目标调整 on the web: a reason is required; the public keeps the published version meanwhile.
    let revise = |body: &str| {
        form(
            &format!("/projects/{PROJECT}/revise"),
            Some(&staff),
            &format!("csrf={csrf}{body}"),
        )
    };
    assert_eq!(send(&app, revise("")).await.status, StatusCode::BAD_REQUEST);
    let workbench = send(&app, page("/my", &staff)).await;
    assert!(
        workbench.body.contains("<ul id=\"published\">")
            && workbench.body.contains("电子政务中心城乡一体化经费"),
        "the unit's published projects are in its workbench: {}",
        workbench.body
    );
    let started = send(
        &app,
        revise("&comment=%E6%88%90%E6%9C%AC%E9%87%8D%E6%96%B0%E6%B5%8B%E7%AE%97"),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    assert!(
        started.location.ends_with("/edit?done=revise"),
        "{}",
        started.location
    );
    let (status, _, public) = crate::get(&app, &format!("/projects/{PROJECT}")).await;
    assert_eq!(status, StatusCode::OK, "still public while revised");
    assert!(public.contains("状态：已通过"), "{public}");
    let history = send(&app, page(&format!("/projects/{PROJECT}"), &staff)).await;
    assert!(
        history.body.contains("目标调整") && history.body.contains("成本重新测算"),
        "{}",
        history.body
    );
    assert_eq!(
        send(&app, revise("&comment=again")).await.status,
        StatusCode::CONFLICT,
        "a draft is not revised again"
    );
}
