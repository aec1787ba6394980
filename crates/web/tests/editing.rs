//! Unit staff edit a returned or draft project; reviewers comment per row; the API does the same.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;

use crate::workflow::{PROJECT, SEED_004, add_user, form, login, page, send, upload};
use crate::{App, app, get};

pub fn encode(pairs: &[(String, String)]) -> String {
    let escape = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The editing form's fields, from the project's form JSON, as the browser would post them.
pub fn form_pairs(csrf: &str, edit: &Value) -> Vec<(String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut pairs = vec![
        ("csrf".to_string(), csrf.to_string()),
        ("revision".to_string(), edit["revision"].to_string()),
    ];
    for key in [
        "code",
        "budget_unit",
        "total",
        "fiscal",
        "other",
        "purpose",
        "goals",
    ] {
        pairs.push((key.into(), text(&edit[key])));
    }
    for (n, row) in edit["rows"].as_array().expect("rows").iter().enumerate() {
        let source = row["source"]
            .as_u64()
            .map_or(String::new(), |s| s.to_string());
        pairs.push((format!("r{n}.source"), source));
        for key in [
            "level1",
            "level2",
            "name",
            "description",
            "comparator",
            "value",
            "unit",
            "basis",
        ] {
            pairs.push((format!("r{n}.{key}"), text(&row[key])));
        }
    }
    pairs
}

pub fn set(pairs: &mut [(String, String)], key: &str, value: &str) {
    let slot = pairs
        .iter_mut()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no field {key}"));
    slot.1 = value.to_string();
}

pub fn json_request(
    method: &str,
    uri: &str,
    cookie: &str,
    csrf: Option<&str>,
    body: &Value,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, cookie);
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    request.body(Body::from(body.to_string())).expect("request")
}

pub async fn json(app: &App, request: Request<Body>) -> (StatusCode, Value) {
    let response = send(app, request).await;
    let value = serde_json::from_str(&response.body).unwrap_or(Value::Null);
    (response.status, value)
}

/// Uploads seed 004 as 乐亭 staff; returns (staff cookie, csrf).
async fn uploaded(app: &App) -> (String, String) {
    add_user(app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    let (staff, csrf) = login(app, "leting").await;
    let docx =
        jixiao_publish::to_docx(&jixiao_ingest::parse_tika_text(SEED_004).document).expect("docx");
    let response = send(app, upload(&staff, &csrf, "乐亭.docx", &docx)).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    (staff, csrf)
}

#[tokio::test]
async fn staff_fix_a_finding_and_reviewers_comment_per_row() {
    fix_a_finding_and_comment_per_row(crate::app_without_leting().await).await;
}

#[tokio::test]
async fn staff_fix_a_finding_and_reviewers_comment_per_row_on_postgres() {
    fix_a_finding_and_comment_per_row(crate::app_postgres_without_leting().await).await;
}

async fn fix_a_finding_and_comment_per_row(app: App) {
    let (staff, csrf) = uploaded(&app).await;
    add_user(&app, "yutian", "unit", Some("玉田县生态环境保护事务中心")).await;
    add_user(&app, "reviewer", "reviewer", None).await;
    let (other, _) = login(&app, "yutian").await;
    let (reviewer, reviewer_csrf) = login(&app, "reviewer").await;
    let edit_uri = format!("/projects/{PROJECT}/edit");

    assert_eq!(get(&app, &edit_uri).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        send(&app, page(&edit_uri, &other)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, page(&edit_uri, &reviewer)).await.status,
        StatusCode::FORBIDDEN
    );
    let before = send(&app, page(&edit_uri, &staff)).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(
        before.body.contains("超过项目预算数"),
        "the finding shows beside its row"
    );

    let (status, edit) = json(
        &app,
        json_request(
            "GET",
            &format!("/api/v1/projects/{PROJECT}/form"),
            &staff,
            None,
            &Value::Null,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let row = edit["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .position(|r| r["name"] == "花费成本")
        .expect("the cost row");
    let mut pairs = form_pairs(&csrf, &edit);

    // A wrong value is refused next to its field, and nothing is saved.
    set(&mut pairs, &format!("r{row}.comparator"), "≤");
    set(&mut pairs, &format!("r{row}.value"), "一百七十");
    let refused = send(&app, form(&edit_uri, Some(&staff), &encode(&pairs))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains(&format!(
            "data-error=\"rows.{row}.value\">“一百七十”不是数字"
        )),
        "the message sits next to the field"
    );
    assert!(refused.body.contains("一百七十"), "what was typed is kept");
    assert!(
        refused
            .body
            .contains("<p class=\"refused\" id=\"notice\">有填写错误，未保存"),
        "a refusal is drawn as one: {}",
        refused.body
    );
    let score_shown = |body: &str| {
        body.split("<b id=\"score\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        score_shown(&refused.body),
        score_shown(&before.body),
        "the stored version's score stays"
    );
    assert!(
        refused.body.contains("超过项目预算数"),
        "the stored version's findings stay"
    );
    // The blank spare rows the browser sends back do not become rows of their own.
    let rows_on = |body: &str| body.matches(".name\" value=").count();
    let mut with_spares = pairs.clone();
    let count = edit["rows"].as_array().map_or(0, Vec::len);
    for n in count..count + 2 {
        for key in ["source", "name", "description", "value", "unit", "basis"] {
            with_spares.push((format!("r{n}.{key}"), String::new()));
        }
    }
    let again = send(&app, form(&edit_uri, Some(&staff), &encode(&with_spares))).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rows_on(&again.body), rows_on(&before.body), "no rows added");
    let versions_uri = format!("/api/v1/projects/{PROJECT}/versions");
    let (_, versions) = json(
        &app,
        json_request("GET", &versions_uri, &staff, None, &Value::Null),
    )
    .await;
    assert_eq!(
        versions["versions"].as_array().map(Vec::len),
        Some(1),
        "only the uploaded version"
    );

    // Checking while typing: the finding goes once the value is within the budget.
    let score_of = |body: &str| {
        let checked: Value = serde_json::from_str(body).expect("json");
        checked["score"]
            .as_u64()
            .unwrap_or_else(|| panic!("{checked}"))
    };
    let check_uri = format!("/projects/{PROJECT}/check");
    let check_form = |body: String| send(&app, form(&check_uri, Some(&staff), &body));
    set(&mut pairs, &format!("r{row}.value"), "999");
    set(&mut pairs, &format!("r{row}.unit"), "万元");
    let unfixed = check_form(encode(&pairs)).await;
    set(&mut pairs, &format!("r{row}.value"), "170");
    let check = check_form(encode(&pairs)).await;
    let checked: Value = serde_json::from_str(&check.body).expect("json");
    assert!(checked["errors"].as_array().is_some_and(Vec::is_empty));
    assert!(
        !checked["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["message"]
                .as_str()
                .is_some_and(|m| m.contains("超过项目预算数"))),
        "{checked}"
    );
    assert!(
        score_of(&check.body) > score_of(&unfixed.body),
        "the fix raises the score"
    );

    let saved = send(&app, form(&edit_uri, Some(&staff), &encode(&pairs))).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(
        saved.location.ends_with("/edit?saved=1"),
        "{}",
        saved.location
    );
    let after = send(&app, page(&format!("{edit_uri}?saved=1"), &staff)).await;
    assert!(after.body.contains("已保存") && !after.body.contains("超过项目预算数"));
    let project = send(&app, page(&format!("/projects/{PROJECT}"), &staff)).await;
    assert!(
        project
            .body
            .contains("“花费成本”指标值：210万元 → ≤170万元"),
        "the history says who changed what"
    );
    let versions_page = send(&app, page(&format!("/projects/{PROJECT}/versions"), &staff)).await;
    assert!(
        versions_page.body.contains("最初的版本")
            && versions_page
                .body
                .contains("“花费成本”指标值：210万元 → ≤170万元"),
        "the versions page says what changed from one version to the next"
    );
    let (_, versions) = json(
        &app,
        json_request("GET", &versions_uri, &staff, None, &Value::Null),
    )
    .await;
    let versions = versions["versions"].as_array().expect("versions").clone();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["user"], "leting");
    assert_eq!(
        versions[1]["project"]["indicators"][row]["target"]["raw"],
        "≤170万元"
    );
    assert_eq!(
        json(
            &app,
            json_request("GET", &versions_uri, &other, None, &Value::Null)
        )
        .await
        .0,
        StatusCode::NOT_FOUND,
        "another unit does not see the draft at all"
    );

    // Submitted projects are frozen; the reviewer returns one row with a comment.
    let submit = send(
        &app,
        form(
            &format!("/projects/{PROJECT}/submit"),
            Some(&staff),
            &format!("csrf={csrf}&confirm=yes"),
        ),
    )
    .await;
    assert_eq!(submit.status, StatusCode::SEE_OTHER);
    assert_eq!(
        send(&app, page(&edit_uri, &staff)).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        send(&app, form(&edit_uri, Some(&staff), &encode(&pairs)))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let review_page = send(&app, page(&format!("/projects/{PROJECT}"), &reviewer)).await;
    assert!(
        review_page
            .body
            .contains(&format!("name=\"row{row}\" form=\"return-form\""))
    );
    let comment = "请写明成本测算依据";
    let back = send(
        &app,
        form(
            &format!("/projects/{PROJECT}/return"),
            Some(&reviewer),
            &encode(&[
                ("csrf".into(), reviewer_csrf.clone()),
                ("comment".into(), String::new()),
                (format!("row{row}"), comment.into()),
            ]),
        ),
    )
    .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    let returned = send(&app, page(&edit_uri, &staff)).await;
    assert_eq!(returned.status, StatusCode::OK);
    let row_html = returned
        .body
        .split(&format!("data-row=\"{row}\""))
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the row");
    assert!(row_html.contains(comment), "the comment sits in its row");
    let history = send(&app, page(&format!("/projects/{PROJECT}"), &reviewer)).await;
    assert!(
        history
            .body
            .contains(&format!("第{}行“花费成本”：{comment}", row + 1))
    );
    let bad_row = send(
        &app,
        form(
            &format!("/projects/{PROJECT}/return"),
            Some(&reviewer),
            &format!("csrf={reviewer_csrf}&row999=x"),
        ),
    )
    .await;
    assert_eq!(bad_row.status, StatusCode::BAD_REQUEST);
    assert!(bad_row.body.contains("第1000行不存在"), "{}", bad_row.body);
    app.cleanup().await;
}

#[tokio::test]
async fn the_api_edits_and_moves_projects_with_the_same_checks() {
    let app = app().await;
    let (staff, csrf) = uploaded(&app).await;
    add_user(&app, "reviewer", "reviewer", None).await;
    let (reviewer, reviewer_csrf) = login(&app, "reviewer").await;
    let form_uri = format!("/api/v1/projects/{PROJECT}/form");
    let (_, mut edit) = json(
        &app,
        json_request("GET", &form_uri, &staff, None, &Value::Null),
    )
    .await;
    edit["total"] = "一百".into();
    edit["rows"][0]["level1"] = "".into();

    let (status, _) = json(&app, json_request("PUT", &form_uri, &staff, None, &edit)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF header");
    let (status, refused) = json(
        &app,
        json_request("PUT", &form_uri, &staff, Some(&csrf), &edit),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = refused["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["total", "rows.0.level1"]);

    edit["total"] = "175".into();
    edit["rows"][0]["level1"] = "产出指标".into();
    let (status, saved) = json(
        &app,
        json_request("PUT", &form_uri, &staff, Some(&csrf), &edit),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["saved"], true);
    let (_, project) = json(
        &app,
        json_request(
            "GET",
            &format!("/api/v1/projects/{PROJECT}"),
            &staff,
            None,
            &Value::Null,
        ),
    )
    .await;
    assert_eq!(project["project"]["budget"]["total_yuan"], "1750000");

    let move_uri = |action: &str| format!("/api/v1/projects/{PROJECT}/{action}");
    let empty = serde_json::json!({});
    let confirmed = serde_json::json!({ "confirm": true });
    let (status, _) = json(
        &app,
        json_request("POST", &move_uri("approve"), &staff, Some(&csrf), &empty),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "staff do not approve");
    let (status, moved) = json(
        &app,
        json_request("POST", &move_uri("submit"), &staff, Some(&csrf), &confirmed),
    )
    .await;
    assert_eq!(
        (status, moved["state"].as_str()),
        (StatusCode::OK, Some("已提交"))
    );
    let (status, _) = json(
        &app,
        json_request(
            "POST",
            &move_uri("return"),
            &reviewer,
            Some(&reviewer_csrf),
            &empty,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a return needs a comment");
    let note = serde_json::json!({ "rows": [{ "row": 0, "comment": "数量偏低" }] });
    let (status, moved) = json(
        &app,
        json_request(
            "POST",
            &move_uri("return"),
            &reviewer,
            Some(&reviewer_csrf),
            &note,
        ),
    )
    .await;
    assert_eq!(
        (status, moved["state"].as_str()),
        (StatusCode::OK, Some("已退回"))
    );
    let (status, _) = json(
        &app,
        json_request("POST", &move_uri("submit"), &staff, Some(&csrf), &confirmed),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, moved) = json(
        &app,
        json_request(
            "POST",
            &move_uri("approve"),
            &reviewer,
            Some(&reviewer_csrf),
            &empty,
        ),
    )
    .await;
    assert_eq!(
        (status, moved["state"].as_str()),
        (StatusCode::OK, Some("已通过"))
    );
    assert_eq!(
        get(&app, &format!("/api/v1/projects/{PROJECT}")).await.0,
        StatusCode::OK,
        "published"
    );
    let (status, _) = json(
        &app,
        json_request("PUT", &form_uri, &staff, Some(&csrf), &edit),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "approved projects are not edited"
    );
}

#[tokio::test]
async fn staff_create_a_project_and_fill_it_in() {
    let app = app().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    add_user(&app, "reviewer", "reviewer", None).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (reviewer, reviewer_csrf) = login(&app, "reviewer").await;
    let new = |cookie: &str, body: &[(&str, &str)]| {
        let pairs: Vec<(String, String)> = body
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        form("/projects/new", Some(cookie), &encode(&pairs))
    };
    assert_eq!(
        send(
            &app,
            new(
                &reviewer,
                &[("csrf", &reviewer_csrf), ("year", "2027"), ("name", "x")]
            )
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let bad = send(
        &app,
        new(&staff, &[("csrf", &csrf), ("year", "27"), ("name", " ")]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("“27”不是 2000 到 2100 之间的年度") && bad.body.contains("项目名称须为")
    );

    let name = "农村饮用水水质监测";
    let created = send(
        &app,
        new(&staff, &[("csrf", &csrf), ("year", "2027"), ("name", name)]),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert!(created.location.ends_with("/edit"));
    let duplicate = send(
        &app,
        new(&staff, &[("csrf", &csrf), ("year", "2027"), ("name", name)]),
    )
    .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(duplicate.body.contains(&format!("已有名为“{name}”的项目")));

    let edit_uri = created.location.clone();
    let empty = send(&app, page(&edit_uri, &staff)).await;
    assert_eq!(empty.status, StatusCode::OK);
    let mut pairs = form_pairs(
        &csrf,
        &serde_json::json!({ "revision": 0, "budget_unit": "万元", "total": "12.5", "fiscal": "12.5", "rows": [] }),
    );
    for (key, value) in [
        ("r0.level1", "产出指标"),
        ("r0.level2", "数量指标"),
        ("r0.name", "监测点位数"),
        ("r0.comparator", "≥"),
        ("r0.value", "36"),
        ("r0.unit", "个"),
        ("r0.basis", "年度监测方案"),
    ] {
        pairs.push((key.into(), value.into()));
    }
    let saved = send(&app, form(&edit_uri, Some(&staff), &encode(&pairs))).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let id = edit_uri
        .trim_start_matches("/projects/")
        .trim_end_matches("/edit");
    let project = send(&app, page(&format!("/projects/{id}"), &staff)).await;
    assert!(
        project.body.contains("状态：草稿")
            && project.body.contains("监测点位数")
            && project.body.contains("12.50 万元")
    );
    assert!(
        project.body.contains("新建项目（2027年）"),
        "the history starts with the creation"
    );
    assert_eq!(
        get(&app, &format!("/projects/{id}")).await.0,
        StatusCode::NOT_FOUND,
        "a draft is private"
    );
    assert!(send(&app, page("/my", &staff)).await.body.contains(name));

    // The API creates projects with the same checks, and lists the unit's work.
    let post = |csrf: Option<&str>, body: &Value| {
        json_request("POST", "/api/v1/projects", &staff, csrf, body)
    };
    let second = serde_json::json!({ "year": "2027", "name": "饮用水源地巡查" });
    assert_eq!(
        send(&app, post(None, &second)).await.status,
        StatusCode::FORBIDDEN,
        "CSRF"
    );
    let (status, bad) = json(
        &app,
        post(
            Some(&csrf),
            &serde_json::json!({ "year": "1999", "name": "" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["year", "name"]);
    let (status, made) = json(&app, post(Some(&csrf), &second)).await;
    assert_eq!(status, StatusCode::CREATED);
    let made_id = made["id"].as_i64().expect("id");
    let (status, queue) = json(
        &app,
        json_request("GET", "/api/v1/queue", &staff, None, &Value::Null),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mine: Vec<(&str, &str)> = queue["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or(""),
                p["state"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(mine.len(), 2, "{queue}");
    assert!(mine.contains(&(name, "草稿")) && mine.contains(&("饮用水源地巡查", "草稿")));
    assert!(
        queue["projects"]
            .as_array()
            .expect("projects")
            .iter()
            .any(|p| p["id"] == made_id)
    );
    let (_, waiting) = json(
        &app,
        json_request("GET", "/api/v1/queue", &reviewer, None, &Value::Null),
    )
    .await;
    assert_eq!(
        waiting["projects"],
        serde_json::json!([]),
        "nothing submitted yet"
    );
    assert_eq!(get(&app, "/api/v1/queue").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_api_takes_uploads_with_the_same_checks() {
    let app = crate::app_without_leting().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    add_user(&app, "yutian", "unit", Some("玉田县生态环境保护事务中心")).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (other, other_csrf) = login(&app, "yutian").await;
    let docx =
        jixiao_publish::to_docx(&jixiao_ingest::parse_tika_text(SEED_004).document).expect("docx");
    let post = |cookie: &str, csrf: Option<&str>, bytes: Vec<u8>| {
        let mut request = Request::post("/api/v1/documents?name=%E4%B9%90%E4%BA%AD.docx")
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .header(header::COOKIE, cookie);
        if let Some(csrf) = csrf {
            request = request.header("x-csrf-token", csrf);
        }
        request.body(Body::from(bytes)).expect("request")
    };
    assert_eq!(
        send(&app, post(&staff, None, docx.clone())).await.status,
        StatusCode::FORBIDDEN,
        "CSRF"
    );
    let (status, foreign) = json(&app, post(&other, Some(&other_csrf), docx.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        foreign["message"]
            .as_str()
            .is_some_and(|m| m.contains("不是本单位的文件")),
        "{foreign}"
    );
    let (status, broken) = json(
        &app,
        post(&staff, Some(&csrf), b"PK\x03\x04 broken".to_vec()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        broken["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("乐亭.docx："))
    );
    let huge = vec![b' '; 33 * 1024 * 1024];
    let (status, refused) = json(&app, post(&staff, Some(&csrf), huge.clone())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(refused["message"], "文件超过 32 MB，未上传");
    let page = send(&app, upload(&staff, &csrf, "大文件.docx", &huge)).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        page.body
            .contains("id=\"upload-error\">文件超过 32 MB，未上传"),
        "the page says so next to the file field"
    );

    let (status, uploaded) = json(&app, post(&staff, Some(&csrf), docx)).await;
    assert_eq!(status, StatusCode::CREATED, "{uploaded}");
    let projects = uploaded["projects"].as_array().expect("projects");
    assert_eq!(projects.len(), 11);
    assert!(
        projects
            .iter()
            .all(|p| p["state"] == "草稿" && p["id"].is_i64())
    );
    let first = projects[0]["id"].as_i64().expect("id");
    assert_eq!(
        get(&app, &format!("/api/v1/projects/{first}")).await.0,
        StatusCode::NOT_FOUND,
        "a draft is private"
    );
    let (status, _) = json(
        &app,
        json_request(
            "GET",
            &format!("/api/v1/projects/{first}/form"),
            &staff,
            None,
            &Value::Null,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "and its unit's to edit");
}

#[tokio::test]
async fn reviewers_get_the_worst_projects_first() {
    let app = app().await;
    add_user(&app, "leting", "unit", Some("乐亭县人民政府办公室本级")).await;
    add_user(&app, "reviewer", "reviewer", None).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (reviewer, _) = login(&app, "reviewer").await;
    let parsed = jixiao_ingest::parse_tika_text(SEED_004).document;
    let docx = jixiao_publish::to_docx(&parsed).expect("docx");
    assert_eq!(
        send(&app, upload(&staff, &csrf, "乐亭.docx", &docx))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let queue_of = |cookie: &str| json_request("GET", "/api/v1/queue", cookie, None, &Value::Null);
    let (_, drafts) = json(&app, queue_of(&staff)).await;
    for project in drafts["projects"].as_array().expect("projects") {
        let submit = format!("/api/v1/projects/{}/submit", project["id"]);
        let (status, _) = json(
            &app,
            json_request(
                "POST",
                &submit,
                &staff,
                Some(&csrf),
                &serde_json::json!({ "confirm": true }),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }

    let report = jixiao_review::review(&parsed);
    let expected = |name: &str| {
        let position = parsed.projects.iter().position(|p| p.name == name);
        let count = |severity| {
            report
                .findings
                .iter()
                .filter(|f| f.location.project == position && f.severity == severity)
                .count() as u64
        };
        (
            count(jixiao_review::Severity::Error),
            count(jixiao_review::Severity::Warning),
        )
    };
    let (status, queue) = json(&app, queue_of(&reviewer)).await;
    assert_eq!(status, StatusCode::OK);
    let rows: Vec<(String, (u64, u64))> = queue["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| {
            assert_eq!(p["state"], "已提交");
            let counts = (
                p["errors"].as_u64().expect("errors"),
                p["warnings"].as_u64().expect("warnings"),
            );
            (p["name"].as_str().expect("name").to_string(), counts)
        })
        .collect();
    assert_eq!(rows.len(), 11);
    for (name, counts) in &rows {
        assert_eq!(*counts, expected(name), "{name}: the review's own counts");
    }
    assert!(
        rows.windows(2).all(|pair| pair[0].1 >= pair[1].1),
        "most errors first, then most warnings: {rows:?}"
    );
    assert!(rows[0].1.0 > 0 && rows[10].1.0 == 0, "{rows:?}");
}

#[tokio::test]
async fn a_library_pick_is_kept_with_the_row_and_an_unusual_value_is_noted() {
    let app = app().await;
    let (staff, csrf) = uploaded(&app).await;
    jixiao_web::library::build(&app.store.store, |_| {})
        .await
        .expect("library");
    let (catalogue, stale) = jixiao_web::library::current(&app.store)
        .await
        .expect("library");
    assert!(!stale);
    let entry = catalogue
        .summaries
        .iter()
        .find(|s| {
            s.level2 == Some(jixiao_model::Level2Kind::Satisfaction)
                && s.unit == "%"
                && s.documents >= jixiao_web::library::EVIDENCE
                && s.p10.is_some()
        })
        .expect("a satisfaction entry used in several tables")
        .clone();

    let edit = form_of(&app, &staff).await;
    let row = edit["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .position(|r| r["level2"] == "服务对象满意度指标")
        .expect("a satisfaction row");
    let mut pairs = form_pairs(&csrf, &edit);
    set(&mut pairs, &format!("r{row}.name"), &entry.name);
    set(&mut pairs, &format!("r{row}.comparator"), "≥");
    set(&mut pairs, &format!("r{row}.value"), "10");
    set(&mut pairs, &format!("r{row}.unit"), "%");
    pairs.push((format!("r{row}.library"), entry.id.clone()));

    let checked = send(
        &app,
        form(
            &format!("/projects/{PROJECT}/check"),
            Some(&staff),
            &encode(&pairs),
        ),
    )
    .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    let result: Value = serde_json::from_str(&checked.body).expect("json");
    let noted = result["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("同类指标在"))
        })
        .unwrap_or_else(|| panic!("no library notice: {result}"));
    assert_eq!(noted["row"], row as u64);
    assert_eq!(noted["severity"], "提示");
    assert!(
        noted["message"]
            .as_str()
            .expect("message")
            .contains(&entry.typical())
    );

    let saved = send(
        &app,
        form(
            &format!("/projects/{PROJECT}/edit"),
            Some(&staff),
            &encode(&pairs),
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let edit = form_of(&app, &staff).await;
    assert_eq!(edit["rows"][row]["library"], entry.id.as_str());
    let page = send(
        &app,
        crate::workflow::page(&format!("/projects/{PROJECT}/edit"), &staff),
    )
    .await;
    assert!(
        page.body
            .contains(&format!(r#"name="r{row}.library" value="{}">"#, entry.id))
            && page.body.contains("来自指标库"),
        "the editor says where the row came from"
    );
    assert_eq!(edit["rows"][row]["name"], entry.name.as_str());
    app.cleanup().await;
}

/// The project's form as the API gives it to `staff`.
async fn form_of(app: &App, staff: &str) -> Value {
    let (status, edit) = json(
        app,
        json_request(
            "GET",
            &format!("/api/v1/projects/{PROJECT}/form"),
            staff,
            None,
            &Value::Null,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    edit
}
