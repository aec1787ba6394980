//! Batch moves: unit staff submit many projects at once, reviewers approve or return them; each
//! project moves or says why not, in the page and in the API.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::editing::{json, json_request};
use crate::workflow::{add_user, form, login, page, seed_004_revised, send, upload};

fn ids_of(queue: &Value) -> Vec<i64> {
    queue["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .filter_map(|p| p["id"].as_i64())
        .collect()
}

/// The app as deployed with all 11 of 乐亭's projects uploaded as drafts; the staff's and a
/// reviewer's (cookie, csrf).
async fn leting_drafts_and_a_reviewer() -> (crate::App, (String, String), (String, String)) {
    let app = crate::app_as_deployed().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    add_user(&app, "checker", "reviewer", None).await;
    let staff = login(&app, "leting").await;
    let checker = login(&app, "checker").await;
    send(
        &app,
        upload(&staff.0, &staff.1, "乐亭.docx", &seed_004_revised()),
    )
    .await;
    (app, staff, checker)
}

#[tokio::test]
async fn projects_are_submitted_approved_and_returned_in_batches() {
    let (app, (staff, csrf), (checker, checker_csrf)) = leting_drafts_and_a_reviewer().await;
    let queue = |cookie: &str| json_request("GET", "/api/v1/queue", cookie, None, &Value::Null);
    let (_, drafts) = json(&app, queue(&staff)).await;
    let drafts = ids_of(&drafts);
    assert_eq!(drafts.len(), 11);

    // The API: the four projects with 【错误】 are refused, each with its reason; the others go.
    let batch = |action: &str, cookie: &str, token: &str, body: Value| {
        json_request(
            "POST",
            &format!("/api/v1/projects/batch/{action}"),
            cookie,
            Some(token),
            &body,
        )
    };
    let (status, answer) = json(
        &app,
        batch(
            "submit",
            &staff,
            &csrf,
            json!({ "ids": drafts, "confirm": true }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        (answer["done"].as_u64(), answer["refused"].as_u64()),
        (Some(7), Some(4))
    );
    let results = answer["results"].as_array().expect("results");
    assert!(
        results
            .iter()
            .filter(|r| r["ok"] == false)
            .all(|r| r["error"]
                .as_str()
                .is_some_and(|e| e.contains("【错误】，改正后才能提交"))),
        "{answer}"
    );

    // A return without a comment is refused for each; the page approves with one confirmation.
    let (_, submitted) = json(&app, queue(&checker)).await;
    let submitted = ids_of(&submitted);
    assert_eq!(submitted.len(), 7);
    let (_, unexplained) = json(
        &app,
        batch(
            "return",
            &checker,
            &checker_csrf,
            json!({ "ids": submitted[..2] }),
        ),
    )
    .await;
    assert_eq!(unexplained["refused"], 2, "{unexplained}");
    let (_, returned) = json(
        &app,
        batch(
            "return",
            &checker,
            &checker_csrf,
            json!({ "ids": submitted[..2], "comment": "请补充成本测算依据" }),
        ),
    )
    .await;
    assert_eq!(returned["done"], 2, "{returned}");
    let chosen: String = submitted[2..]
        .iter()
        .map(|id| format!("&ids={id}"))
        .collect();
    let unconfirmed = send(
        &app,
        form(
            "/batch",
            Some(&checker),
            &format!("csrf={checker_csrf}&action=approve{chosen}"),
        ),
    )
    .await;
    assert_eq!(unconfirmed.status, StatusCode::BAD_REQUEST);
    let approved = send(
        &app,
        form(
            "/batch",
            Some(&checker),
            &format!("csrf={checker_csrf}&action=approve&confirm=yes{chosen}"),
        ),
    )
    .await;
    assert_eq!(approved.status, StatusCode::OK);
    assert!(
        approved
            .body
            .contains("批量通过：5 个项目已通过，0 个未处理"),
        "{}",
        approved.body
    );
    let (_, left) = json(&app, queue(&checker)).await;
    assert!(ids_of(&left).is_empty(), "the queue is empty: {left}");

    // Unit staff cannot approve, in a batch or otherwise.
    let (_, mine) = json(&app, queue(&staff)).await;
    let mine = ids_of(&mine);
    let (_, forbidden) = json(
        &app,
        batch("approve", &staff, &csrf, json!({ "ids": mine })),
    )
    .await;
    assert_eq!(forbidden["done"], 0, "{forbidden}");
    let my_page = send(&app, page("/my", &staff)).await;
    assert!(my_page.body.contains("批量提交"), "{}", my_page.body);
}

#[tokio::test]
async fn the_reviewers_queue_filters_sorts_counts_and_exports_what_it_shows() {
    let (app, (staff, csrf), (checker, checker_csrf)) = leting_drafts_and_a_reviewer().await;
    let (_, drafts) = json(
        &app,
        json_request("GET", "/api/v1/queue", &staff, None, &Value::Null),
    )
    .await;
    let (_, answer) = json(
        &app,
        json_request(
            "POST",
            "/api/v1/projects/batch/submit",
            &staff,
            Some(&csrf),
            &json!({ "ids": ids_of(&drafts), "confirm": true }),
        ),
    )
    .await;
    assert_eq!(answer["done"], 7, "{answer}");
    let queue = send(&app, page("/review?sort=score", &checker)).await;
    assert!(
        queue.body.contains("id=\"queue-count\">共 7 个项目")
            && queue.body.contains("<th>预算数</th>")
            && queue.body.contains("<td>leting</td>"),
        "{}",
        queue.body
    );
    let unit = send(
        &app,
        page("/review?unit=%E4%B8%8D%E5%AD%98%E5%9C%A8", &checker),
    )
    .await;
    assert!(unit.body.contains("共 0 个项目"), "{}", unit.body);
    let csv = send(&app, page("/exports/review.csv?sort=score", &checker)).await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(
        header.iter().take(4).collect::<Vec<_>>(),
        ["单位", "年度", "项目", "预算数"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 7, "the 7 rows shown: {}", csv.body);
    let scores: Vec<u32> = records
        .iter()
        .map(|r| r[7].parse().expect("score"))
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] <= w[1]),
        "sorted as shown: {scores:?}"
    );
    let xlsx = send(&app, page("/exports/review.xlsx", &checker)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        send(&app, page("/exports/review.csv", &staff)).await.status,
        StatusCode::FORBIDDEN
    );
    // Approved with a note: the decided list shows it, and the history keeps the note.
    let id = records[0][10].to_string();
    let approved = send(
        &app,
        form(
            &format!("/projects/{id}/approve"),
            Some(&checker),
            &format!(
                "csrf={checker_csrf}&comment=%E6%88%90%E6%9C%AC%E6%B5%8B%E7%AE%97%E6%B8%85%E6%A5%9A"
            ),
        ),
    )
    .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let decided = send(&app, page("/review?state=approved", &checker)).await;
    assert!(
        decided.body.contains("已审核通过的项目") && decided.body.contains("共 1 个项目"),
        "{}",
        decided.body
    );
    let project = send(&app, page(&format!("/projects/{id}"), &checker)).await;
    assert!(project.body.contains("成本测算清楚"), "{}", project.body);
}
