//! The session chrome of every page, decided in one place: the header names who is logged in,
//! with their workbench and a logout button; to someone not logged in it offers a login that
//! comes back to the page asked for (`/login?next=…`); and the page an action lands on says
//! what was done (`?done=submit`).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;
use crate::auth::{self, Session};
use crate::charts::escape;

/// Where `base.html` leaves room for the chrome.
const MARK: &str = "<!--chrome-->";
/// The largest page the chrome is written into; the app's pages are far smaller.
const PAGE_BYTES: usize = 64 * 1024 * 1024;

pub async fn chrome(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let asked = (request.method() == Method::GET)
        .then(|| {
            request
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
        })
        .flatten();
    let done = request.uri().query().and_then(done_in);
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, PAGE_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let page = String::from_utf8_lossy(&bytes);
    // Only pages carry the chrome: the session is looked up for them alone, not for every asset
    // or API answer.
    let session = auth::current(&state, &headers).await.ok().flatten();
    let bar = match &session {
        Some(session) => logged_in(session),
        None => login_link(asked.as_deref()),
    };
    let mut page = page.replacen(MARK, &bar, 1);
    if let Some(done) = done {
        page = page.replacen(
            "<main>",
            &format!("<main>\n<p class=\"notice\" id=\"done\">{done}</p>"),
            1,
        );
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(page))
}

/// What an action did, by the code its redirect carries: a closed set, never text from the address.
const DONE: &[(&str, &str)] = &[
    ("submit", "已提交审核。"),
    ("approve", "已审核通过，项目已公开。"),
    ("return", "已退回，单位可按意见修改后再提交。"),
    (
        "revise",
        "已开始目标调整：修改后提交审核；审核通过前，公众看到的仍是已公开的版本。",
    ),
    ("user-added", "已添加用户。"),
    ("user-changed", "已修改用户。"),
    ("unit-added", "已登记单位。"),
    ("monitor-submitted", "监控表已提交，等待财政审核员确认。"),
    ("monitor-confirmed", "已确认这次监控。"),
    ("monitor-returned", "已退回这次监控，单位可按意见重新填报。"),
    ("evaluation-submitted", "自评表已提交，等待财政审核员确认。"),
    ("evaluation-confirmed", "已确认这次自评。"),
    (
        "evaluation-returned",
        "已退回这次自评，单位可按意见重新填报。",
    ),
    ("task-issued", "已下达任务。"),
    (
        "rectification-answered",
        "整改情况已报送，等待财政审核员销号。",
    ),
    ("rectification-closed", "已销号。"),
    (
        "rectification-reopened",
        "已退回重报，单位可按意见补充整改情况。",
    ),
];

fn done_in(query: &str) -> Option<&'static str> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let (_, code) = pairs.iter().find(|(k, _)| k == "done")?;
    DONE.iter().find(|(c, _)| c == code).map(|(_, said)| *said)
}

fn logged_in(session: &Session) -> String {
    format!(
        "<span class=\"who\" id=\"who\">{}（{}）</span><a href=\"{}\">工作台</a>\
         <form method=\"post\" action=\"/logout\" class=\"logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <button type=\"submit\">退出登录</button></form>",
        escape(&session.user.name),
        session.role.label(),
        crate::routes::home(session.role),
        escape(&session.csrf)
    )
}

fn login_link(asked: Option<&str>) -> String {
    let next = asked
        .filter(|path| !path.starts_with("/login"))
        .map(|path| {
            format!(
                "?{}",
                serde_urlencoded::to_string([("next", path)]).unwrap_or_default()
            )
        })
        .unwrap_or_default();
    format!(
        "<a href=\"/login{}\" class=\"login\" id=\"login-link\">登录 / 工作台</a>",
        escape(&next)
    )
}

/// Where a login may go on to: a page of this site, never another (`//host`, `/\host`).
pub fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(char::is_control);
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::{done_in, local_path, login_link};

    #[test]
    fn a_login_comes_back_to_this_site_only() {
        assert_eq!(local_path("/projects/12/edit"), Some("/projects/12/edit"));
        for elsewhere in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
        ] {
            assert_eq!(local_path(elsewhere), None, "{elsewhere}");
        }
        assert_eq!(
            login_link(Some("/review?unit=乐亭")),
            "<a href=\"/login?next=%2Freview%3Funit%3D%E4%B9%90%E4%BA%AD\" class=\"login\" id=\"login-link\">登录 / 工作台</a>"
        );
        assert!(login_link(Some("/login")).contains("href=\"/login\""));
    }

    #[test]
    fn only_known_actions_are_told() {
        assert_eq!(done_in("done=submit"), Some("已提交审核。"));
        assert_eq!(done_in("a=1&done=user-added"), Some("已添加用户。"));
        assert_eq!(done_in("done=%3Cscript%3E"), None);
    }
}
