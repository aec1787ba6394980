//! What the recogniser says about an uploaded file comes back with it: listed on the unit's page
//! next to the file (errors in red) and as `diagnostics` in the API's answer.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::app;
use crate::workflow::{SEED_004, add_user, login, page, send, upload};

/// Seed 004 (乐亭) with a row its first project table cannot place (a warning, line 43) and the
/// 项目预算控制数 target `≤78万` cut to `≤万` (a comparator without a number: an error, line 107).
fn file_with_a_warning_and_an_error() -> Vec<u8> {
    let row = "\t项目编码\n\t13022524P0044CB10015T\n";
    assert_eq!(SEED_004.matches(row).count(), 1);
    assert_eq!(SEED_004.matches("\t≤78万\n").count(), 1);
    SEED_004
        .replace(row, &format!("\t怪异标签\n\t某内容\n\n{row}"))
        .replace("\t≤78万\n", "\t≤万\n")
        .into_bytes()
}

const WARNING: &str = "项目表中无法识别的行，已作为原文保留：怪异标签 某内容";
const ERROR: &str = "指标“项目预算控制数”的指标值“≤万”有比较符号却没有数值";

#[tokio::test]
async fn an_upload_shows_its_diagnostics_on_the_result_page_and_in_the_api() {
    let app = app().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    add_user(&app, "yutian", "unit", Some("玉田县生态环境保护事务中心")).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (other, _) = login(&app, "yutian").await;
    let file = file_with_a_warning_and_an_error();

    let uploaded = send(&app, upload(&staff, &csrf, "乐亭.txt", &file)).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    assert!(uploaded.location.starts_with("/my?document="));
    let result = send(&app, page(&uploaded.location, &staff)).await;
    assert_eq!(result.status, StatusCode::OK);
    let body = &result.body;
    assert!(
        body.contains("已上传 乐亭.txt") && body.contains("错误 1 条，警告 1 条"),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "<tr class=\"警告\"><td>警告</td><td class=\"number\">43</td><td>{WARNING}</td></tr>"
        )),
        "the warning, with its line, next to the file: {body}"
    );
    assert!(
        body.contains(&format!(
            "<tr class=\"错误\"><td>错误</td><td class=\"number\">107</td><td>{ERROR}</td></tr>"
        )),
        "the error, in the class drawn red: {body}"
    );
    assert!(
        body.contains("1 个项目成为草稿，10 个与已存的相同（状态不变）"),
        "only the project whose target changed becomes a draft: {body}"
    );
    assert_eq!(
        body.matches("<td>草稿</td>").count(),
        1,
        "the draft is listed below"
    );
    assert!(
        !send(&app, page("/my", &staff))
            .await
            .body
            .contains("upload-report"),
        "the plain page has no report"
    );
    let foreign = send(&app, page(&uploaded.location, &other)).await;
    assert_eq!(foreign.status, StatusCode::OK);
    assert!(
        !foreign.body.contains("怪异标签") && !foreign.body.contains("upload-report"),
        "another unit sees nothing of the file through its id"
    );

    // The API answers with the same diagnostics; the same file again changes nothing (200, not 201).
    let request = Request::post("/api/v1/documents?name=%E4%B9%90%E4%BA%AD.txt")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::COOKIE, &staff)
        .header("x-csrf-token", &csrf)
        .body(Body::from(file))
        .expect("request");
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let json: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    assert!(
        diagnostics.contains(&serde_json::json!({
            "line": 43, "severity": "warning", "message": WARNING
        })),
        "{diagnostics:?}"
    );
    assert!(
        diagnostics.contains(&serde_json::json!({
            "line": 107, "severity": "error", "message": ERROR
        })),
        "{diagnostics:?}"
    );
    assert_eq!(json["projects"].as_array().map(Vec::len), Some(11));
    assert_eq!(json["unchanged"].as_array().map(Vec::len), Some(11));
    assert_eq!(json["drafted"], serde_json::json!([]));
}

/// A PDF printed from seed 004's Word export is read where it is uploaded: poppler gives its
/// words and page pictures, and its 11 projects become the unit's drafts.
#[tokio::test]
async fn a_pdf_upload_is_read_like_the_word_file_it_was_printed_from() {
    let app = app().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (staff, csrf) = login(&app, "leting").await;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/pdf/004-leting-from-docx.pdf"
    );
    let pdf = std::fs::read(path).expect("the PDF fixture");
    let request = Request::post("/api/v1/documents?name=%E4%B9%90%E4%BA%AD.pdf")
        .header(header::CONTENT_TYPE, "application/pdf")
        .header(header::COOKIE, &staff)
        .header("x-csrf-token", &csrf)
        .body(Body::from(pdf))
        .expect("request");
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let json: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    let projects = json["projects"].as_array().expect("projects");
    assert_eq!(projects.len(), 11, "{projects:?}");
    assert!(
        answer.body.contains("法律顾问专项经费"),
        "the projects by their names: {}",
        answer.body
    );
}
