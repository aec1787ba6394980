//! Every route for every role: the status each gets, forbidden cases included (a draft project
//! of 乐亭 is the subject; reading routes are tried by all, writing routes with each role's token).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::App;
use crate::workflow::{PROJECT, SEED_004, add_user, form, login, send, upload};

const OK: u16 = 200;
const SEE_OTHER: u16 = 303;
/// A body that is not a whole form (`{}`): refused, never read as empty fields.
const INCOMPLETE: u16 = 400;
const LOGIN: u16 = 401;
const FORBIDDEN: u16 = 403;
const MISSING: u16 = 404;
const CONFLICT: u16 = 409;
const UNPROCESSABLE: u16 = 422;

#[tokio::test]
async fn every_route_answers_every_role_as_it_should() {
    every_route_for_every_role(crate::app_without_leting().await).await;
}

#[tokio::test]
async fn every_route_answers_every_role_on_postgres() {
    every_route_for_every_role(crate::app_postgres_without_leting().await).await;
}

async fn every_route_for_every_role(app: App) {
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    add_user(&app, "yutian", "unit", Some("玉田县生态环境保护事务中心")).await;
    add_user(&app, "reviewer", "reviewer", None).await;
    add_user(&app, "root", "admin", None).await;
    let mut sessions = vec![(String::new(), String::new())];
    for name in ["leting", "yutian", "reviewer", "root"] {
        sessions.push(login(&app, name).await);
    }
    let docx =
        jixiao_publish::to_docx(&jixiao_ingest::parse_tika_text(SEED_004).document).expect("docx");
    let (owner, owner_csrf) = &sessions[1];
    assert_eq!(
        send(&app, upload(owner, owner_csrf, "乐亭.docx", &docx))
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let p = format!("/projects/{PROJECT}");
    // (method, path, expected for: public, owner unit, other unit, reviewer, admin)
    let table: Vec<(&str, String, [u16; 5])> = vec![
        ("GET", "/".into(), [OK; 5]),
        ("GET", "/projects".into(), [OK; 5]),
        (
            "GET",
            "/login".into(),
            [OK, SEE_OTHER, SEE_OTHER, SEE_OTHER, SEE_OTHER],
        ),
        ("GET", "/openapi.json".into(), [OK; 5]),
        ("GET", "/api/v1/projects".into(), [OK; 5]),
        ("GET", "/api/v1/stats".into(), [OK; 5]),
        ("GET", "/opendata.csv".into(), [OK; 5]),
        ("GET", "/opendata.json".into(), [OK; 5]),
        ("GET", p.clone(), [MISSING, OK, MISSING, OK, OK]),
        (
            "GET",
            format!("{p}/table.docx"),
            [MISSING, OK, MISSING, OK, OK],
        ),
        (
            "GET",
            format!("{p}/table.xlsx"),
            [MISSING, OK, MISSING, OK, OK],
        ),
        (
            "GET",
            format!("/api/v1/projects/{PROJECT}"),
            [MISSING, OK, MISSING, OK, OK],
        ),
        (
            "GET",
            format!("/api/v1/projects/{PROJECT}/versions"),
            [MISSING, OK, MISSING, OK, OK],
        ),
        (
            "GET",
            format!("/api/v1/projects/{PROJECT}/form"),
            [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            "GET",
            format!("{p}/edit"),
            [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            "GET",
            format!("{p}/versions"),
            [MISSING, OK, MISSING, OK, OK],
        ),
        (
            "POST",
            format!("{p}/check"),
            [LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        ("GET", "/my".into(), [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN]),
        (
            "GET",
            "/projects/new".into(),
            [LOGIN, OK, OK, FORBIDDEN, FORBIDDEN],
        ),
        (
            "GET",
            "/review".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, OK, OK],
        ),
        (
            "GET",
            "/admin".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
        ),
        (
            "GET",
            "/api/v1/users".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
        ),
        (
            "GET",
            "/api/v1/units".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
        ),
        (
            "POST",
            "/admin/units".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNPROCESSABLE],
        ),
        (
            "POST",
            "/admin/users".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNPROCESSABLE],
        ),
        ("GET", "/api/v1/queue".into(), [LOGIN, OK, OK, OK, OK]),
        // JSON writes carry `{}` and the session's X-CSRF-Token.
        (
            "API POST",
            "/api/v1/projects".into(),
            [LOGIN, UNPROCESSABLE, UNPROCESSABLE, FORBIDDEN, FORBIDDEN],
        ),
        (
            "API POST",
            "/api/v1/documents".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            "API PUT",
            "/api/v1/users/99999".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNPROCESSABLE],
        ),
        (
            "API PUT",
            format!("/api/v1/projects/{PROJECT}/form"),
            [LOGIN, INCOMPLETE, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
        (
            "API POST",
            format!("/api/v1/projects/{PROJECT}/approve"),
            [LOGIN, FORBIDDEN, FORBIDDEN, CONFLICT, CONFLICT],
        ),
        (
            "API POST",
            "/api/v1/units".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNPROCESSABLE],
        ),
        (
            "POST",
            format!("{p}/approve"),
            [LOGIN, FORBIDDEN, FORBIDDEN, CONFLICT, CONFLICT],
        ),
        (
            "POST",
            format!("{p}/return"),
            [LOGIN, FORBIDDEN, FORBIDDEN, CONFLICT, CONFLICT],
        ),
        // The year's tasks, monitoring and self-evaluation (of a draft: nothing to fill yet), 整改.
        (
            "GET",
            format!("{p}/monitor"),
            [MISSING, OK, MISSING, OK, OK],
        ),
        (
            "GET",
            format!("{p}/evaluation"),
            [MISSING, OK, MISSING, OK, OK],
        ),
        (
            "GET",
            format!("{p}/monitor/template.xlsx"),
            [MISSING, OK, MISSING, OK, OK],
        ),
        (
            "POST",
            format!("{p}/monitor"),
            [LOGIN, FORBIDDEN, MISSING, FORBIDDEN, FORBIDDEN],
        ),
        (
            "GET",
            format!("{p}/evaluation/1"),
            [MISSING, MISSING, MISSING, MISSING, MISSING],
        ),
        (
            "POST",
            format!("{p}/monitor/1/decide"),
            [LOGIN, FORBIDDEN, FORBIDDEN, INCOMPLETE, INCOMPLETE],
        ),
        (
            "GET",
            "/tasks".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, OK, OK],
        ),
        (
            "POST",
            "/tasks".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, UNPROCESSABLE, UNPROCESSABLE],
        ),
        (
            "GET",
            "/tasks/1".into(),
            [LOGIN, MISSING, MISSING, MISSING, MISSING],
        ),
        ("GET", "/api/v1/tasks".into(), [LOGIN, OK, OK, OK, OK]),
        (
            "API POST",
            "/api/v1/tasks".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, UNPROCESSABLE, UNPROCESSABLE],
        ),
        ("GET", "/rectifications".into(), [LOGIN, OK, OK, OK, OK]),
        (
            "GET",
            "/rectifications/1".into(),
            [LOGIN, MISSING, MISSING, MISSING, MISSING],
        ),
        (
            "POST",
            "/rectifications/1/decide".into(),
            [LOGIN, FORBIDDEN, FORBIDDEN, MISSING, MISSING],
        ),
        (
            "POST",
            format!("{p}/submit"),
            [LOGIN, SEE_OTHER, FORBIDDEN, FORBIDDEN, FORBIDDEN],
        ),
    ];
    for (method, path, expected) in table {
        for (who, (cookie, csrf)) in sessions.iter().enumerate() {
            let request = if method == "GET" {
                let mut request = Request::get(&path);
                if !cookie.is_empty() {
                    request = request.header(header::COOKIE, cookie);
                }
                request.body(Body::empty()).expect("request")
            } else if let Some(verb) = method.strip_prefix("API ") {
                let mut request = Request::builder()
                    .method(verb)
                    .uri(&path)
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("x-csrf-token", csrf.as_str());
                if !cookie.is_empty() {
                    request = request.header(header::COOKIE, cookie);
                }
                request.body(Body::from("{}")).expect("request")
            } else {
                let cookie = (!cookie.is_empty()).then_some(cookie.as_str());
                form(&path, cookie, &format!("csrf={csrf}&comment=x&confirm=yes"))
            };
            let status = send(&app, request).await.status.as_u16();
            let role = ["public", "owner unit", "other unit", "reviewer", "admin"][who];
            assert_eq!(status, expected[who], "{method} {path} as {role}");
        }
    }
    app.cleanup().await;
}
