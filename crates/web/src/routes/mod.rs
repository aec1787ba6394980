//! Routes, one module per resource.

mod admin;
mod api;
mod api_write;
mod assets;
mod batch;
mod dashboard;
mod edit;
mod library;
mod new_project;
mod print;
mod projects;
mod rectifications;
mod review_queue;
mod table;
mod tasks;
mod tracking;
mod upload;
pub(crate) mod workflow;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use jixiao_model::AmountUnit;
use rust_decimal::Decimal;

use crate::{AppState, PageError};

pub use upload::{UPLOAD_LIMIT, UPLOADS_AT_ONCE};
pub use workflow::home;

pub fn router() -> Router<Arc<AppState>> {
    let router = tracking::routes::<tracking::Evaluation>(tracking::routes::<tracking::Monitor>(
        Router::new(),
    ));
    router
        .route("/", get(dashboard::page))
        .route("/static/{name}", get(assets::asset))
        .route("/projects", get(projects::list))
        .route(
            "/projects/new",
            get(new_project::page).post(new_project::create),
        )
        .route("/projects/{id}", get(projects::show))
        .route("/projects/{id}/versions", get(projects::versions))
        .route("/projects/{id}/table.docx", get(projects::docx))
        .route("/projects/{id}/table.xlsx", get(projects::xlsx))
        .route("/projects/{id}/print", get(print::page))
        .route(
            "/api/v1/projects",
            get(api::projects).post(new_project::api),
        )
        .route("/api/v1/projects/{id}", get(api::project))
        .route(
            "/api/v1/documents",
            post(upload::api).layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route(
            "/api/v1/projects/{id}/form",
            get(api_write::form).put(api_write::save),
        )
        .route("/api/v1/projects/{id}/check", post(api_write::check))
        .route("/api/v1/projects/{id}/submit", post(api_write::submit))
        .route("/api/v1/projects/batch/{action}", post(batch::api))
        .route("/batch", post(batch::page))
        .route("/api/v1/projects/{id}/approve", post(api_write::approve))
        .route("/api/v1/projects/{id}/return", post(api_write::send_back))
        .route("/api/v1/projects/{id}/versions", get(api_write::versions))
        .route(
            "/api/v1/users",
            get(api_write::users).post(api_write::add_user),
        )
        .route(
            "/api/v1/users/{id}",
            axum::routing::put(api_write::update_user),
        )
        .route(
            "/api/v1/units",
            get(api_write::units).post(api_write::add_unit),
        )
        .route("/api/v1/queue", get(workflow::api_queue))
        .route("/api/v1/stats", get(api::stats))
        .route("/library", get(library::page))
        .route("/library.csv", get(library::csv))
        .route("/library.xlsx", get(library::xlsx))
        .route("/library/{id}", get(library::entry_page))
        .route("/library/{id}/note", post(library::save_note))
        .route("/library/{id}/variants", post(library::move_variant))
        .route("/api/v1/library", get(library::api_list))
        .route("/api/v1/library/suggest", get(library::suggest))
        .route("/api/v1/library/{id}", get(library::api_entry))
        .route("/openapi.json", get(api::openapi))
        .route("/opendata", get(api::opendata_page))
        .route("/opendata/schema.json", get(api::opendata_schema))
        .route("/opendata.csv", get(api::opendata_csv))
        .route("/opendata.json", get(api::opendata_json))
        .route("/login", get(workflow::login_page).post(workflow::login))
        .route("/logout", post(workflow::logout))
        .route("/admin", get(admin::page))
        .route("/admin/users", post(admin::add_user))
        .route("/admin/users/{id}", post(admin::update_user))
        .route("/admin/units", post(admin::add_unit))
        .route("/review", get(review_queue::page))
        .route("/tasks", get(tasks::page).post(tasks::issue))
        .route("/tasks/{id}", get(tasks::show))
        .route("/api/v1/tasks", get(tasks::api_list).post(tasks::api_issue))
        .route("/rectifications", get(rectifications::list))
        .route("/rectifications/{id}", get(rectifications::page))
        .route(
            "/rectifications/{id}/answer",
            post(rectifications::answer).layer(DefaultBodyLimit::max(rectifications::ANSWER_LIMIT)),
        )
        .route("/rectifications/{id}/decide", post(rectifications::decide))
        .route(
            "/rectifications/{id}/files/{file}",
            get(rectifications::file),
        )
        .route("/exports/{format}", get(review_queue::export))
        .route("/my", get(workflow::my_projects))
        .route(
            "/upload",
            post(upload::page).layer(DefaultBodyLimit::max(upload::UPLOAD_LIMIT)),
        )
        .route("/projects/{id}/edit", get(edit::page).post(edit::save))
        .route("/projects/{id}/check", post(edit::check))
        .route("/projects/{id}/submit", post(workflow::submit))
        .route("/projects/{id}/revise", post(workflow::revise))
        .route("/api/v1/projects/{id}/revise", post(api_write::revise))
        .route("/projects/{id}/approve", post(workflow::approve))
        .route("/projects/{id}/return", post(workflow::send_back))
        .fallback(|| async { PageError::NotFound("没有这个页面或接口".into()) })
}

/// An amount in 元 shown in the unit it was written in, with the unit and thousands separators
/// (`1,700,000.00 元`, `170.00 万元`).
pub fn money(yuan: Option<Decimal>, unit: Option<AmountUnit>) -> String {
    match yuan {
        Some(yuan) => {
            let unit = unit.unwrap_or(AmountUnit::Yuan);
            let text = format!("{:.2}", unit.from_yuan(yuan));
            let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
            let (sign, digits) = whole
                .strip_prefix('-')
                .map_or(("", whole), |rest| ("-", rest));
            let mut grouped = String::new();
            for (at, digit) in digits.chars().enumerate() {
                if at > 0 && (digits.len() - at) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(digit);
            }
            format!("{sign}{grouped}.{cents} {}", unit.as_str())
        }
        None => "—".to_string(),
    }
}

/// A table as the file `name` asks for: `….csv` (UTF-8 with a BOM, as Excel opens it) or
/// `….xlsx` (one sheet titled `title`); any other name is not found.
pub fn table_download(
    name: &str,
    title: &str,
    header: &[&str],
    rows: &[Vec<String>],
) -> Result<axum::response::Response, PageError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let (bytes, content_type) = if name.ends_with(".csv") {
        let mut writer = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
        writer.write_record(header)?;
        for row in rows {
            writer.write_record(row)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| PageError::Internal(e.to_string()))?;
        (bytes, "text/csv; charset=utf-8")
    } else if name.ends_with(".xlsx") {
        (
            jixiao_publish::template_xlsx(title, header, rows, &[])?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else {
        return Err(PageError::NotFound(format!("没有“{name}”")));
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The value of `key` in a posted form read as pairs (several fields may share a name), or "".
pub fn field<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// A year as people type it: `2024`, `2024年`, `２０２４年度`.
pub fn parse_year(text: &str) -> Option<u16> {
    let text = crate::edit::half_width(text);
    let text = text.trim();
    let digits = text
        .strip_suffix("年度")
        .or_else(|| text.strip_suffix('年'))
        .unwrap_or(text)
        .trim();
    digits.parse().ok()
}

/// A fiscal year as pages show it.
pub fn year_label(year: Option<u16>) -> String {
    year.map_or("年度未定".into(), |y| format!("{y}年"))
}

/// Unix seconds (as the store writes them) as Beijing time, `2026-11-24 18:43`.
pub fn beijing_time(seconds: &str) -> String {
    let Ok(seconds) = seconds.parse::<i64>() else {
        return seconds.to_string();
    };
    let local = seconds + 8 * 3600;
    let (days, rest) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year}-{month:02}-{day:02} {:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_have_thousands_separators() {
        let yuan = |text: &str| Some(text.parse().expect("decimal"));
        assert_eq!(super::money(yuan("1700000"), None), "1,700,000.00 元");
        assert_eq!(
            super::money(yuan("1700000"), Some(jixiao_model::AmountUnit::WanYuan)),
            "170.00 万元"
        );
        assert_eq!(super::money(yuan("999"), None), "999.00 元");
        assert_eq!(super::money(None, None), "—");
    }

    #[test]
    fn years_are_read_as_typed() {
        for typed in ["2024", "2024年", "２０２４年度", " 2024 "] {
            assert_eq!(super::parse_year(typed), Some(2024), "{typed}");
        }
        assert_eq!(super::parse_year("abc"), None);
    }

    #[test]
    fn times_show_in_beijing() {
        assert_eq!(super::beijing_time("0"), "1970-01-01 08:00");
        assert_eq!(super::beijing_time("1795509781"), "2026-11-24 16:43");
        assert_eq!(super::beijing_time("951782400"), "2000-02-29 08:00");
        assert_eq!(super::beijing_time("not a time"), "not a time");
    }
}
