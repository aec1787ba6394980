//! What every request and response passes through: writes from other sites are refused,
//! responses carry hardening headers (no inline script may run, no framing, no sniffing), pages
//! of a logged-in user are never cached, and the framework's own refusals (a bad query string, a
//! body that is not the form or JSON expected, an unknown address) come out as the app's Chinese
//! error page or JSON instead of English plain text.

use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{ApiError, PageError};

/// Scripts, styles and images come from this server only; nothing inline runs.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// The longest a request may take, its body included (a slow sender is cut off, not waited for).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// Framework refusals are short; anything longer is passed on as it is.
const REFUSAL_BYTES: usize = 16 * 1024;

pub async fn guard(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let logged_in = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(crate::auth::COOKIE));
    let mut response = if writes(request.method()) && !same_origin(request.headers()) {
        refusal(
            api,
            PageError::Forbidden("已拒绝来自其他网站的提交：请在本系统的页面上操作".into()),
        )
    } else {
        match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
            Ok(response) => in_chinese(api, response).await,
            Err(_) => {
                let mut timed_out = refusal(
                    api,
                    PageError::BadRequest(format!(
                        "请求在 {} 秒内没有完成（网络过慢或内容过大），未处理",
                        REQUEST_TIMEOUT.as_secs()
                    )),
                );
                *timed_out.status_mut() = StatusCode::REQUEST_TIMEOUT;
                timed_out
            }
        }
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if logged_in {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn writes(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A browser names the page a request came from in `Origin`; it must be this server, as the
/// request addresses it (`Host`, or `X-Forwarded-Host` behind a reverse proxy). Clients that send
/// none (command-line tools) are judged by their session and CSRF token alone.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Some(origin_host) = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.trim_end_matches('/'))
    else {
        return false;
    };
    [header::HOST.as_str(), "x-forwarded-host"]
        .into_iter()
        .filter_map(|name| headers.get(name).and_then(|h| h.to_str().ok()))
        .any(|host| host.eq_ignore_ascii_case(origin_host))
}

fn refusal(api: bool, error: PageError) -> Response {
    if api {
        ApiError(error).into_response()
    } else {
        error.into_response()
    }
}

/// The framework's plain-text refusals (extractor rejections, unknown routes and methods) as
/// the app's own errors; the app's responses are left as they are.
async fn in_chinese(api: bool, response: Response) -> Response {
    let status = response.status();
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !(status.is_client_error() && plain) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let detail = match axum::body::to_bytes(body, REFUSAL_BYTES).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_string(),
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    let error = match status {
        StatusCode::NOT_FOUND => PageError::NotFound("没有这个页面或接口".into()),
        StatusCode::METHOD_NOT_ALLOWED => PageError::BadRequest("此地址不支持这种请求方法".into()),
        StatusCode::PAYLOAD_TOO_LARGE => PageError::TooLarge("请求内容过大，未处理".into()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => PageError::BadRequest(format!(
            "请求内容的格式（Content-Type）不对，未处理：{detail}"
        )),
        _ => PageError::BadRequest(format!("请求的参数或内容无法读取，未处理：{detail}")),
    };
    let mut translated = refusal(api, error);
    *translated.status_mut() = status;
    translated
}
