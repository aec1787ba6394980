//! Errors at the HTTP edge: Chinese pages for browsers, JSON for the API; causes are logged,
//! never shown.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug)]
pub enum PageError {
    NotFound(String),
    BadRequest(String),
    /// No session: the page needs a login.
    LoginRequired,
    /// Logged in, but the role or unit may not do this.
    Forbidden(String),
    BadLogin,
    /// Too many failed logins lately: the seconds to wait.
    TooManyAttempts(u64),
    /// The project is not in a state that allows the action.
    Conflict(String),
    /// An upload over the size limit.
    TooLarge(String),
    /// The server is at its limit for this kind of work now (uploads at once): try again later.
    Busy(String),
    Internal(String),
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

impl PageError {
    /// What the refusal says, as a sentence for a list of results.
    pub fn message(&self) -> String {
        self.parts().2
    }

    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            PageError::NotFound(what) => (StatusCode::NOT_FOUND, "未找到", what.clone()),
            PageError::BadRequest(why) => (StatusCode::BAD_REQUEST, "请求有误", why.clone()),
            PageError::LoginRequired => (
                StatusCode::UNAUTHORIZED,
                "请先登录",
                "此页面需要登录：请点右上角的“登录”，登录后回到本页。".to_string(),
            ),
            PageError::Forbidden(why) => (StatusCode::FORBIDDEN, "无权操作", why.clone()),
            PageError::BadLogin => (
                StatusCode::UNAUTHORIZED,
                "登录失败",
                "用户名或密码不正确。".to_string(),
            ),
            PageError::TooManyAttempts(seconds) => (
                StatusCode::TOO_MANY_REQUESTS,
                "尝试次数过多",
                format!("登录失败次数过多，请 {seconds} 秒后再试。"),
            ),
            PageError::Conflict(why) => (StatusCode::CONFLICT, "状态不允许此操作", why.clone()),
            PageError::TooLarge(why) => (StatusCode::PAYLOAD_TOO_LARGE, "文件过大", why.clone()),
            PageError::Busy(why) => (StatusCode::SERVICE_UNAVAILABLE, "服务器繁忙", why.clone()),
            PageError::Internal(cause) => {
                eprintln!("内部错误：{cause}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "服务器内部错误",
                    "请稍后再试；问题已记录。".to_string(),
                )
            }
        }
    }
}

impl<E: std::error::Error> From<E> for PageError {
    fn from(error: E) -> Self {
        PageError::Internal(error.to_string())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, message) = self.parts();
        let page = ErrorPage {
            title,
            message: &message,
        }
        .render()
        .unwrap_or_else(|_| message.clone());
        (status, Html(page)).into_response()
    }
}

/// The same errors as JSON: `{"error": "…"}`.
#[derive(Debug)]
pub struct ApiError(pub PageError);

impl<E: std::error::Error> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(PageError::Internal(error.to_string()))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, title, message) = self.0.parts();
        (
            status,
            axum::Json(serde_json::json!({ "error": title, "message": message })),
        )
            .into_response()
    }
}
