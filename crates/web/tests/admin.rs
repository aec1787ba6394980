//! The administrator's page and API: units, users, roles; everyone else is turned away.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::editing::{encode, json_request};
use crate::workflow::{add_user, form, login, page, send};
use crate::{app, get};

fn pairs(items: &[(&str, &str)]) -> String {
    encode(
        &items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>(),
    )
}

#[tokio::test]
async fn administrators_manage_units_and_users() {
    let app = app().await;
    add_user(&app, "root", "admin", None).await;
    add_user(&app, "reviewer", "reviewer", None).await;
    let (admin, csrf) = login(&app, "root").await;
    let (reviewer, reviewer_csrf) = login(&app, "reviewer").await;

    assert_eq!(get(&app, "/admin").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        send(&app, page("/admin", &reviewer)).await.status,
        StatusCode::FORBIDDEN
    );
    let denied = send(
        &app,
        form(
            "/admin/units",
            Some(&reviewer),
            &pairs(&[("csrf", &reviewer_csrf), ("unit_name", "x")]),
        ),
    )
    .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    let unit = [
        ("csrf", csrf.as_str()),
        ("unit_name", "乐亭县生态环境局"),
        ("unit_code", "130225"),
    ];
    let added = send(&app, form("/admin/units", Some(&admin), &pairs(&unit))).await;
    assert_eq!(
        (added.status, added.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin?done=unit-added")
    );
    let told = send(&app, page(&added.location, &admin)).await;
    assert!(
        told.body
            .contains("<p class=\"notice\" id=\"done\">已登记单位。</p>"),
        "the page says what was done: {}",
        told.body
    );
    let again = send(&app, form("/admin/units", Some(&admin), &pairs(&unit))).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("单位“乐亭县生态环境局”已存在"));

    let bad = send(
        &app,
        form(
            "/admin/users",
            Some(&admin),
            &pairs(&[
                ("csrf", &csrf),
                ("name", "leting"),
                ("password", "short"),
                ("role", "unit"),
            ]),
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("密码至少 8 个字符") && bad.body.contains("单位填报员须选择所属单位")
    );
    assert!(
        bad.body.contains("value=\"leting\""),
        "what was typed is kept"
    );
    let good = [
        ("csrf", csrf.as_str()),
        ("name", "leting"),
        ("password", "correct horse"),
        ("role", "unit"),
        ("unit", "乐亭县生态环境局"),
    ];
    let created = send(&app, form("/admin/users", Some(&admin), &pairs(&good))).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let taken = send(&app, form("/admin/users", Some(&admin), &pairs(&good))).await;
    assert!(taken.body.contains("用户名“leting”已被使用"));
    let (staff, _) = login(&app, "leting").await;
    assert_eq!(send(&app, page("/my", &staff)).await.status, StatusCode::OK);

    let listing = send(&app, page("/admin", &admin)).await.body;
    assert!(listing.contains("乐亭县生态环境局") && listing.contains("单位填报员"));
    let (_, users) = {
        let response = send(
            &app,
            json_request("GET", "/api/v1/users", &admin, None, &Value::Null),
        )
        .await;
        (
            response.status,
            serde_json::from_str::<Value>(&response.body).expect("json"),
        )
    };
    let leting = users["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["name"] == "leting")
        .expect("listed")
        .clone();
    assert_eq!(leting["unit"], "乐亭县生态环境局");

    // A role change; a new password ends the user's sessions; an admin cannot demote themself.
    let id = leting["id"].as_i64().expect("id");
    let change = pairs(&[
        ("csrf", &csrf),
        ("role", "reviewer"),
        ("unit", ""),
        ("password", "another horse"),
    ]);
    let changed = send(
        &app,
        form(&format!("/admin/users/{id}"), Some(&admin), &change),
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(
        send(&app, page("/my", &staff)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let root = users["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["name"] == "root")
        .expect("root")["id"]
        .as_i64()
        .expect("id");
    let demote = pairs(&[("csrf", &csrf), ("role", "reviewer")]);
    let refused = send(
        &app,
        form(&format!("/admin/users/{root}"), Some(&admin), &demote),
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let missing = send(&app, form("/admin/users/99999", Some(&admin), &demote)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // The API: CSRF required for writes, field errors as JSON.
    let body = json!({ "unit_name": "玉田县财政局" });
    assert_eq!(
        send(
            &app,
            json_request("POST", "/api/v1/units", &admin, None, &body)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(
            &app,
            json_request("POST", "/api/v1/units", &admin, Some(&csrf), &body)
        )
        .await
        .status,
        StatusCode::CREATED
    );
    let user = json!({ "name": "", "password": "x", "role": "boss" });
    let response = send(
        &app,
        json_request("POST", "/api/v1/users", &admin, Some(&csrf), &user),
    )
    .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors: Value = serde_json::from_str(&response.body).expect("json");
    let fields: Vec<&str> = errors["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["name", "password", "role"]);
    assert_eq!(
        send(
            &app,
            json_request("GET", "/api/v1/units", &reviewer, None, &Value::Null)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    // Changing a user through the API: the same checks as the page.
    let put = |id: i64, body: &Value| {
        json_request(
            "PUT",
            &format!("/api/v1/users/{id}"),
            &admin,
            Some(&csrf),
            body,
        )
    };
    let to_unit = json!({ "role": "unit", "unit": "玉田县财政局" });
    assert_eq!(send(&app, put(id, &to_unit)).await.status, StatusCode::OK);
    let listed: Value = serde_json::from_str(
        &send(
            &app,
            json_request("GET", "/api/v1/users", &admin, None, &Value::Null),
        )
        .await
        .body,
    )
    .expect("json");
    let changed = listed["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["id"] == id)
        .expect("user");
    assert_eq!(
        (changed["role"].as_str(), changed["unit"].as_str()),
        (Some("unit"), Some("玉田县财政局"))
    );
    let self_demotion = send(&app, put(root, &json!({ "role": "reviewer" }))).await;
    assert_eq!(self_demotion.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(self_demotion.body.contains("不能取消自己的管理员角色"));
    let unknown_unit = send(
        &app,
        put(id, &json!({ "role": "unit", "unit": "无此单位" })),
    )
    .await;
    assert_eq!(unknown_unit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        send(
            &app,
            json_request(
                "PUT",
                &format!("/api/v1/users/{id}"),
                &admin,
                None,
                &to_unit
            )
        )
        .await
        .status,
        StatusCode::FORBIDDEN,
        "CSRF"
    );
}
