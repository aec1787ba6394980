//! Two review levels: the 主管部门 gives the first review (初审), the finance bureau the final one
//! (终审); each may act only at its own level, and a department only on its own units.

use axum::http::StatusCode;

use crate::workflow::{add_user, form, login, page, seed_004_revised, send, upload};

const LETING: &str = "乐亭县人民政府办公室本级";
const DEPARTMENT: &str = "乐亭县人民政府";

fn encode(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

#[tokio::test]
async fn a_project_passes_its_department_then_the_bureau() {
    let app = crate::app_two_levels().await;
    let store = &app.store.store;
    store.add_unit(DEPARTMENT, None, None).await.expect("unit");
    store.add_unit("别的部门", None, None).await.expect("unit");
    store
        .add_unit(LETING, Some("434001"), Some(DEPARTMENT))
        .await
        .expect("unit");
    add_user(&app, "leting", "unit", Some(LETING)).await;
    add_user(&app, "dept", "department", Some(DEPARTMENT)).await;
    add_user(&app, "elsewhere", "department", Some("别的部门")).await;
    add_user(&app, "checker", "reviewer", None).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (dept, dept_csrf) = login(&app, "dept").await;
    let (elsewhere, elsewhere_csrf) = login(&app, "elsewhere").await;
    let (checker, checker_csrf) = login(&app, "checker").await;
    send(
        &app,
        upload(&staff, &csrf, "乐亭.docx", &seed_004_revised()),
    )
    .await;
    let projects = store
        .projects(&jixiao_store::ProjectFilter {
            unit: Some(LETING.into()),
            ..Default::default()
        })
        .await
        .expect("projects");
    let (first, second) = (projects[0].id, projects[1].id);
    for id in [first, second] {
        let submitted = send(
            &app,
            form(
                &format!("/projects/{id}/submit"),
                Some(&staff),
                &encode(&[("csrf", &csrf), ("confirm", "yes")]),
            ),
        )
        .await;
        assert_eq!(
            submitted.status,
            StatusCode::SEE_OTHER,
            "{}",
            submitted.body
        );
    }
    let moved = |id: i64, cookie: &str, token: &str, action: &str, comment: &str| {
        form(
            &format!("/projects/{id}/{action}"),
            Some(cookie),
            &encode(&[("csrf", token), ("comment", comment)]),
        )
    };
    let state_of = async |id: i64| {
        let summary = store
            .project_summary(&id.to_string())
            .await
            .expect("read")
            .expect("project");
        store
            .workflow_state(&summary.doc_key, &summary.name)
            .await
            .expect("state")
    };

    // The bureau waits for the first review; another department may not give it.
    let early = send(&app, moved(first, &checker, &checker_csrf, "approve", "")).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    let stranger = send(
        &app,
        moved(first, &elsewhere, &elsewhere_csrf, "approve", ""),
    )
    .await;
    assert_eq!(stranger.status, StatusCode::FORBIDDEN);
    assert!(stranger.body.contains("只能初审本部门所属单位的项目"));
    let not_theirs = send(&app, page("/review", &elsewhere)).await;
    assert!(
        !not_theirs.body.contains(&format!("/projects/{first}\"")),
        "{}",
        not_theirs.body
    );

    // The department's queue and its first review.
    let queue = send(&app, page("/review", &dept)).await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(
        queue.body.contains("待初审项目") && queue.body.contains(&format!("/projects/{first}\""))
    );
    let shown = send(&app, page(&format!("/projects/{first}"), &dept)).await;
    assert!(
        shown.body.contains("return-form"),
        "the department may decide it"
    );
    let passed = send(&app, moved(first, &dept, &dept_csrf, "approve", "同意上报")).await;
    assert_eq!(passed.status, StatusCode::SEE_OTHER, "{}", passed.body);
    assert_eq!(state_of(first).await.as_deref(), Some("preliminary"));
    let returned = send(
        &app,
        moved(second, &dept, &dept_csrf, "return", "预算依据不足"),
    )
    .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER);
    assert_eq!(state_of(second).await.as_deref(), Some("returned"));
    let twice = send(&app, moved(first, &dept, &dept_csrf, "approve", "")).await;
    assert_eq!(
        twice.status,
        StatusCode::CONFLICT,
        "the department's review is given once"
    );

    // A task to every unit: the department follows its own units' counts.
    let year = projects[0].fiscal_year.expect("a year").to_string();
    let task = send(
        &app,
        form(
            "/tasks",
            Some(&checker),
            &encode(&[
                ("csrf", &checker_csrf),
                ("kind", "filing"),
                ("title", "目标申报"),
                ("year", &year),
                ("deadline", "2099-01-31"),
            ]),
        ),
    )
    .await;
    assert_eq!(task.status, StatusCode::SEE_OTHER, "{}", task.body);
    let followed = send(&app, page("/review", &dept)).await;
    assert!(
        followed.body.contains("目标申报") && followed.body.contains(LETING),
        "{}",
        followed.body
    );
    let elsewhere_sees = send(&app, page("/review", &elsewhere)).await;
    assert!(
        !elsewhere_sees.body.contains(LETING),
        "not another department's units"
    );

    // The bureau's final review publishes it.
    let bureau = send(&app, page("/review", &checker)).await;
    assert!(
        bureau.body.contains("待财政终审项目")
            && bureau.body.contains(&format!("/projects/{first}\""))
    );
    let published = send(&app, moved(first, &checker, &checker_csrf, "approve", "")).await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    assert_eq!(state_of(first).await.as_deref(), Some("approved"));
    let public = send(&app, page(&format!("/projects/{first}"), "")).await;
    assert_eq!(public.status, StatusCode::OK);
}

#[tokio::test]
async fn one_level_leaves_department_reviewers_nothing_to_decide() {
    let app = crate::app().await;
    add_user(&app, "dept", "department", Some(DEPARTMENT)).await;
    let (dept, _) = login(&app, "dept").await;
    let queue = send(&app, page("/review", &dept)).await;
    assert_eq!(queue.status, StatusCode::FORBIDDEN);
    assert!(queue.body.contains("两级审核"));
}
