//! The year as tasks: the bureau issues a monitoring or self-evaluation task, the unit sees it
//! with its counts, fills the 监控表 or 自评表 on the web, checks and submits; the reviewer
//! confirms or returns. Run on both backends.

use axum::http::StatusCode;

use crate::workflow::{add_user, form, login, page, send};

const LETING: &str = "乐亭县人民政府办公室本级";

fn encode(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

/// The id and fiscal year of 乐亭's first project (published with the seeds).
async fn leting_project(app: &crate::App) -> (i64, u16) {
    let filter = jixiao_store::ProjectFilter {
        unit: Some(LETING.into()),
        ..Default::default()
    };
    let projects = app.store.store.projects(&filter).await.expect("projects");
    let first = projects
        .iter()
        .find(|p| p.position == 0)
        .expect("乐亭's first project");
    (first.id, first.fiscal_year.expect("a year"))
}

async fn a_monitoring_task_is_issued_filled_and_confirmed(app: crate::App) {
    add_user(&app, "leting", "unit", Some(LETING)).await;
    add_user(&app, "other", "unit", Some("别的单位")).await;
    add_user(&app, "checker", "reviewer", None).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (other, _) = login(&app, "other").await;
    let (checker, checker_csrf) = login(&app, "checker").await;
    let (id, year) = leting_project(&app).await;
    let cutoff = format!("{year}-07-31");

    // Only reviewers issue tasks; a monitoring task needs its cut-off.
    let task = |token: &str, cutoff: &str| {
        encode(&[
            ("csrf", token),
            ("kind", "monitor"),
            ("title", "1—7月绩效运行监控"),
            ("year", &year.to_string()),
            ("cutoff", cutoff),
            ("deadline", &format!("{year}-08-10")),
            ("units", ""),
        ])
    };
    let refused = send(&app, form("/tasks", Some(&staff), &task(&csrf, &cutoff))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let incomplete = send(
        &app,
        form("/tasks", Some(&checker), &task(&checker_csrf, "")),
    )
    .await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        incomplete.body.contains("须填写监控截止日期"),
        "{}",
        incomplete.body
    );
    let issued = send(
        &app,
        form("/tasks", Some(&checker), &task(&checker_csrf, &cutoff)),
    )
    .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    assert_eq!(issued.location, "/tasks?done=task-issued");

    // The unit sees the task, overdue (its deadline is years past), with every project to do.
    let mine = send(&app, page("/my", &staff)).await;
    assert!(mine.body.contains("1—7月绩效运行监控"), "{}", mine.body);
    assert!(mine.body.contains("已逾期"));
    let projects = app
        .store
        .store
        .projects(&jixiao_store::ProjectFilter {
            unit: Some(LETING.into()),
            ..Default::default()
        })
        .await
        .expect("projects")
        .len();
    assert!(
        mine.body
            .contains(&format!("<td class=\"number\">{projects}</td>")),
        "{projects} to do"
    );

    // The task's page lists the unit's projects under it, each linked to its 监控表.
    let task = app.store.store.tasks().await.expect("tasks")[0].id;
    let listed = send(&app, page(&format!("/tasks/{task}"), &staff)).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(
        listed.body.contains(&format!("/projects/{id}/monitor")),
        "{}",
        listed.body
    );
    assert!(listed.body.contains("待填报"));
    let theirs = send(&app, page(&format!("/tasks/{task}"), &other)).await;
    assert!(
        !theirs.body.contains(&format!("/projects/{id}/monitor")),
        "not another unit's"
    );
    let everyone = send(&app, page(&format!("/tasks/{task}"), &checker)).await;
    assert!(
        everyone.body.contains(LETING)
            && everyone.body.contains(&format!("/projects/{id}/monitor"))
    );
    let missing = send(&app, page("/tasks/999999", &staff)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // The form: the task's cut-off is filled in; another unit and the public may not see it.
    let form_page = send(&app, page(&format!("/projects/{id}/monitor"), &staff)).await;
    assert_eq!(form_page.status, StatusCode::OK);
    assert!(form_page.body.contains(&format!("value=\"{cutoff}\"")));
    let stranger = send(&app, page(&format!("/projects/{id}/monitor"), &other)).await;
    assert_eq!(stranger.status, StatusCode::FORBIDDEN);
    let public = send(&app, page(&format!("/projects/{id}/monitor"), "")).await;
    assert_eq!(public.status, StatusCode::UNAUTHORIZED);

    // Every problem is said at once, the typed values kept; nothing is saved.
    let url = format!("/projects/{id}/monitor");
    let bad = encode(&[
        ("csrf", &csrf),
        ("action", "check"),
        ("cutoff", &cutoff),
        ("spent", "很多"),
        ("r0.截至监控期完成值", "1个"),
        ("r0.完成目标可能性", "也许"),
    ]);
    let refused = send(&app, form(&url, Some(&staff), &bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("截至监控期支出"), "{}", refused.body);
    assert!(refused.body.contains("第 1 行") && refused.body.contains("也许"));
    assert!(
        refused.body.contains("value=\"1个\""),
        "the typed value stays"
    );

    let good = |action: &str| {
        encode(&[
            ("csrf", &csrf),
            ("action", action),
            ("cutoff", &cutoff),
            ("spent", "40万元"),
            ("forecast", "78万元"),
            ("r0.截至监控期完成值", "1个"),
            ("r0.全年预计完成值", "1个"),
            ("r0.完成目标可能性", "确定能"),
            ("r1.偏差原因", "经费保障"),
            ("r1.偏差原因", "人员保障"),
        ])
    };
    let checked = send(&app, form(&url, Some(&staff), &good("check"))).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert!(checked.body.contains("检查结果（尚未提交"));
    assert!(checked.body.contains("支出进度："));
    let monitor = jixiao_store::EvaluationKind::Monitor;
    let key = app
        .store
        .store
        .project_summary(&id.to_string())
        .await
        .expect("read")
        .expect("project")
        .doc_key;
    assert!(
        app.store
            .store
            .evaluations(monitor, &key, None)
            .await
            .expect("rounds")
            .is_empty(),
        "a check saves nothing"
    );

    // Two submissions at once (a double click, two tabs): one round is kept, the other refused.
    let (first, second) = tokio::join!(
        send(&app, form(&url, Some(&staff), &good("submit"))),
        send(&app, form(&url, Some(&staff), &good("submit")))
    );
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let submitted = if first.status == StatusCode::SEE_OTHER {
        first
    } else {
        second
    };
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let rounds = app
        .store
        .store
        .evaluations(monitor, &key, None)
        .await
        .expect("rounds");
    assert_eq!(rounds.len(), 1);
    let again = send(&app, form(&url, Some(&staff), &good("submit"))).await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "one round per cut-off waits at a time"
    );
    assert!(again.body.contains("不能重复提交"), "{}", again.body);
    let round = &rounds[0];
    assert_eq!(
        submitted.location,
        format!("/projects/{id}/monitor/{}?done=monitor-submitted", round.id)
    );
    assert_eq!(
        (round.headline.as_str(), round.recorded_by.as_str()),
        (cutoff.as_str(), "leting")
    );
    assert_eq!(round.state, jixiao_store::RoundState::Submitted);
    let report: jixiao_evaluate::MonitorReport =
        serde_json::from_str(&round.report).expect("report");
    assert_eq!(report.indicators[1].causes.len(), 2, "both causes kept");
    let mine = send(&app, page("/my", &staff)).await;
    assert!(
        mine.body
            .contains(&format!("<td class=\"number\">{}</td>", projects - 1))
    );

    // The reviewer sees it waiting, and alone decides it; a return needs a note.
    let review = send(&app, page("/review", &checker)).await;
    assert!(
        review.body.contains("待确认的监控和自评（1）"),
        "{}",
        review.body
    );
    let record = format!("/projects/{id}/monitor/{}", round.id);
    let decide = |token: &str, decision: &str, note: &str| {
        encode(&[("csrf", token), ("decision", decision), ("note", note)])
    };
    let by_staff = send(
        &app,
        form(
            &format!("{record}/decide"),
            Some(&staff),
            &decide(&csrf, "confirm", ""),
        ),
    )
    .await;
    assert_eq!(by_staff.status, StatusCode::FORBIDDEN);
    let no_note = send(
        &app,
        form(
            &format!("{record}/decide"),
            Some(&checker),
            &decide(&checker_csrf, "return", ""),
        ),
    )
    .await;
    assert_eq!(no_note.status, StatusCode::BAD_REQUEST);
    let confirmed = send(
        &app,
        form(
            &format!("{record}/decide"),
            Some(&checker),
            &decide(&checker_csrf, "confirm", "同意"),
        ),
    )
    .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let again = send(
        &app,
        form(
            &format!("{record}/decide"),
            Some(&checker),
            &decide(&checker_csrf, "confirm", ""),
        ),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let shown = send(&app, page(&record, &staff)).await;
    assert!(
        shown.body.contains("已确认") && shown.body.contains("checker：同意"),
        "{}",
        shown.body
    );
    let print = send(&app, page(&format!("{record}/print"), &staff)).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.body.contains("绩效运行监控表") && print.body.contains("print.css"));
    assert!(
        !print.body.contains("decide-form") && !print.body.contains("<header"),
        "the table alone"
    );
    let word = send(&app, page(&format!("{record}/report.docx"), &staff)).await;
    assert_eq!(word.status, StatusCode::OK);
    assert!(word.body.starts_with("PK"), "a Word file");
    let history = app
        .store
        .store
        .audit_log(&key, &round.project_name)
        .await
        .expect("audit");
    assert!(
        history
            .iter()
            .any(|e| e.action == "monitor-confirmed" && e.user_name == "checker")
    );
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_a_monitoring_task_is_issued_filled_and_confirmed() {
    a_monitoring_task_is_issued_filled_and_confirmed(crate::app().await).await;
}

#[tokio::test]
async fn postgres_a_monitoring_task_is_issued_filled_and_confirmed() {
    a_monitoring_task_is_issued_filled_and_confirmed(crate::app_postgres().await).await;
}

#[tokio::test]
async fn a_self_evaluation_is_scored_before_it_is_submitted_and_returned_with_a_note() {
    let app = crate::app().await;
    add_user(&app, "leting", "unit", Some(LETING)).await;
    add_user(&app, "checker", "reviewer", None).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (checker, checker_csrf) = login(&app, "checker").await;
    let (id, _) = leting_project(&app).await;
    let url = format!("/projects/{id}/evaluation");
    // Seed 004's first project: 建设数量 1个, 质量指标 (a text), 及时性 (a text), 项目预算控制数
    // ≤78万, 满足生态环保要求 (a text), 服务对象满意度 ≥95%.
    let filled = |action: &str, satisfaction: &str| {
        encode(&[
            ("csrf", &csrf),
            ("action", action),
            ("executed", "78万元"),
            ("r0.实际完成值", "1个"),
            ("r1.完成档次", "达成"),
            ("r1.档次内得分比例", "100"),
            ("r2.完成档次", "达成"),
            ("r2.档次内得分比例", "100"),
            ("r3.实际完成值", "78万"),
            ("r4.完成档次", "达成"),
            ("r4.档次内得分比例", "100"),
            ("r5.实际完成值", satisfaction),
        ])
    };
    let missing = send(&app, form(&url, Some(&staff), &filled("check", ""))).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("服务对象满意度"),
        "the missing actual is named"
    );
    let checked = send(&app, form(&url, Some(&staff), &filled("check", "96%"))).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert!(
        checked.body.contains("总分 100.00 分，优"),
        "{}",
        checked.body
    );
    let submitted = send(&app, form(&url, Some(&staff), &filled("submit", "96%"))).await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let record = submitted
        .location
        .split('?')
        .next()
        .expect("path")
        .to_string();
    let returned = send(
        &app,
        form(
            &format!("{record}/decide"),
            Some(&checker),
            &encode(&[
                ("csrf", &checker_csrf),
                ("decision", "return"),
                ("note", "满意度请附调查问卷"),
            ]),
        ),
    )
    .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER);
    assert!(returned.location.ends_with("done=evaluation-returned"));
    let listed = send(&app, page(&url, &staff)).await;
    assert!(listed.body.contains("已退回") && listed.body.contains("满意度请附调查问卷"));
    let workbook = send(&app, page(&format!("{record}/report.xlsx"), &checker)).await;
    assert_eq!(workbook.status, StatusCode::OK);
    let print = send(&app, page(&format!("{record}/print"), &checker)).await;
    assert!(print.body.contains("项目支出绩效自评表") && print.body.contains("满意度请附调查问卷"));
    let nothing = send(&app, page(&format!("{record}/report.pdf"), &checker)).await;
    assert_eq!(nothing.status, StatusCode::NOT_FOUND);
}

/// A multipart form to `url`: its text fields, then its files (name, bytes) under `file`.
fn multipart(
    url: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> axum::http::Request<axum::body::Body> {
    let boundary = "jixiao-multipart";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes());
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    axum::http::Request::post(url)
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(axum::http::header::COOKIE, cookie)
        .body(axum::body::Body::from(body))
        .expect("request")
}

/// The unit's answer to a 整改 item: its text and evidence files.
fn answer(
    id: i64,
    cookie: &str,
    csrf: &str,
    text: &str,
    files: &[(&str, &[u8])],
) -> axum::http::Request<axum::body::Body> {
    multipart(
        &format!("/rectifications/{id}/answer?csrf={csrf}"),
        cookie,
        &[("answer", text)],
        files,
    )
}

#[tokio::test]
async fn a_red_light_raises_a_rectification_the_unit_answers_with_evidence_and_the_reviewer_closes()
{
    let app = crate::app().await;
    add_user(&app, "leting", "unit", Some(LETING)).await;
    add_user(&app, "other", "unit", Some("别的单位")).await;
    add_user(&app, "checker", "reviewer", None).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (other, other_csrf) = login(&app, "other").await;
    let (checker, checker_csrf) = login(&app, "checker").await;
    let (id, year) = leting_project(&app).await;
    let round = encode(&[
        ("csrf", &csrf),
        ("action", "submit"),
        ("cutoff", &format!("{year}-07-31")),
        ("spent", "40万元"),
        ("r0.截至监控期完成值", "0个"),
        ("r0.全年预计完成值", "0个"),
        ("r0.完成目标可能性", "完全不可能"),
        ("r0.偏差原因", "经费保障"),
        ("r0.整改措施", "申请追加预算"),
    ]);
    let submitted = send(
        &app,
        form(&format!("/projects/{id}/monitor"), Some(&staff), &round),
    )
    .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let record = submitted
        .location
        .split('?')
        .next()
        .expect("path")
        .to_string();
    let confirmed = send(
        &app,
        form(
            &format!("{record}/decide"),
            Some(&checker),
            &encode(&[("csrf", &checker_csrf), ("decision", "confirm")]),
        ),
    )
    .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);

    // The red light became an item the unit sees, and no other unit does.
    let items = app
        .store
        .store
        .rectifications(Some(LETING))
        .await
        .expect("items");
    assert_eq!(items.len(), 1, "{items:?}");
    let item = items[0].id;
    assert_eq!(items[0].indicator.as_deref(), Some("建设数量"));
    let mine = send(&app, page("/my", &staff)).await;
    assert!(mine.body.contains("待整改 1 项"), "{}", mine.body);
    let listed = send(&app, page("/rectifications", &staff)).await;
    assert!(listed.body.contains("建设数量") && listed.body.contains("红灯"));
    let elsewhere = send(&app, page(&format!("/rectifications/{item}"), &other)).await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    let not_theirs = send(&app, answer(item, &other, &other_csrf, "代报", &[])).await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);

    // A file that is not evidence, or no text, is refused with the reason; a PDF is kept.
    let script = send(
        &app,
        answer(
            item,
            &staff,
            &csrf,
            "已整改",
            &[("run.sh", b"#!/bin/sh\nrm -rf /")],
        ),
    )
    .await;
    assert_eq!(script.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(script.body.contains("“run.sh”不是 PDF"), "{}", script.body);
    let silent = send(&app, answer(item, &staff, &csrf, " ", &[])).await;
    assert!(silent.body.contains("请写明整改情况"));
    let pdf: &[u8] = b"%PDF-1.4\n% evidence of the purchase contract";
    let answered = send(
        &app,
        answer(
            item,
            &staff,
            &csrf,
            "已签订采购合同，8月完成安装",
            &[("../../合同.pdf", pdf)],
        ),
    )
    .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let files = app
        .store
        .store
        .rectification_files(item)
        .await
        .expect("files");
    assert_eq!(files.len(), 1);
    assert_eq!(
        (files[0].file_name.as_str(), files[0].content_type.as_str()),
        ("合同.pdf", "application/pdf")
    );
    let download = send(
        &app,
        page(
            &format!("/rectifications/{item}/files/{}", files[0].id),
            &checker,
        ),
    )
    .await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.body.starts_with("%PDF-1.4"));

    // The reviewer sees it waiting and closes it; a reopen needs a note; the unit cannot close.
    let review = send(&app, page("/review", &checker)).await;
    assert!(review.body.contains("待销号 1 项"), "{}", review.body);
    let decide = |cookie: &str, token: &str, decision: &str, note: &str| {
        form(
            &format!("/rectifications/{item}/decide"),
            Some(cookie),
            &encode(&[("csrf", token), ("decision", decision), ("note", note)]),
        )
    };
    assert_eq!(
        send(&app, decide(&staff, &csrf, "close", "")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, decide(&checker, &checker_csrf, "reopen", ""))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let closed = send(&app, decide(&checker, &checker_csrf, "close", "合同已核")).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let shown = send(&app, page(&format!("/rectifications/{item}"), &staff)).await;
    assert!(shown.body.contains("已销号") && shown.body.contains("checker：合同已核"));
    assert!(
        !shown.body.contains("answer-form"),
        "a closed item takes no answer"
    );
}

/// A filled sheet uploaded with the form's figures.
fn sheet_upload(
    url: &str,
    cookie: &str,
    csrf: &str,
    figures: &[(&str, &str)],
    file: &[u8],
) -> axum::http::Request<axum::body::Body> {
    multipart(
        &format!("{url}?csrf={csrf}"),
        cookie,
        figures,
        &[("自评表.xlsx", file)],
    )
}

#[tokio::test]
async fn the_template_filled_in_excel_is_read_by_its_percentages_and_checked() {
    let app = crate::app().await;
    add_user(&app, "leting", "unit", Some(LETING)).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (id, _) = leting_project(&app).await;
    let template = send_bytes(
        &app,
        page(&format!("/projects/{id}/evaluation/template.xlsx"), &staff),
    )
    .await;
    let rows = jixiao_ingest::sheet_rows(&template).expect("the template reads");
    assert_eq!(
        rows[0][..6],
        [
            "序号",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "实际完成值"
        ]
    );
    assert_eq!(rows.len(), 7, "a row per indicator under the header");

    // Filled as Excel keeps it: 96% typed in a cell is the number 0.96 shown as a percentage.
    let fill = |names_from: &[Vec<String>]| {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
        for (column, name) in rows[0].iter().enumerate() {
            sheet.write_string(0, column as u16, name).expect("cell");
        }
        let filled: [&[(usize, &str)]; 6] = [
            &[(5, "1个")],
            &[(6, "达成"), (7, "100")],
            &[(6, "达成"), (7, "100")],
            &[(5, "78万")],
            &[(6, "达成"), (7, "100")],
            &[],
        ];
        for (at, row) in names_from[1..].iter().enumerate() {
            let line = at as u32 + 1;
            for (column, cell) in row.iter().enumerate().take(5) {
                sheet.write_string(line, column as u16, cell).expect("cell");
            }
            for (column, value) in filled[at] {
                sheet
                    .write_string(line, *column as u16, *value)
                    .expect("cell");
            }
        }
        sheet
            .write_number_with_format(6, 5, 0.96, &percent)
            .expect("cell");
        workbook.save_to_buffer().expect("xlsx")
    };
    let url = format!("/projects/{id}/evaluation/sheet");
    let figures = [("executed", "78万元")];
    let checked = send(
        &app,
        sheet_upload(&url, &staff, &csrf, &figures, &fill(&rows)),
    )
    .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert!(
        checked.body.contains("总分 100.00 分，优"),
        "{}",
        checked.body
    );
    assert!(
        checked.body.contains("value=\"96%\""),
        "the sheet's values fill the form"
    );

    // Another project's sheet: its rows name indicators this project does not have.
    let mut wrong = rows.clone();
    wrong[1][3] = "别的项目的指标".into();
    let refused = send(
        &app,
        sheet_upload(&url, &staff, &csrf, &figures, &fill(&wrong)),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("别的项目的指标"), "{}", refused.body);
    // A column the template does not have is named, not dropped.
    let mut extra = rows.clone();
    extra[0].push("备注".into());
    for row in extra.iter_mut().skip(1) {
        row.push("已核对".into());
    }
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in extra.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).expect("cell");
        }
    }
    let with_extra = workbook.save_to_buffer().expect("xlsx");
    let refused = send(
        &app,
        sheet_upload(&url, &staff, &csrf, &figures, &with_extra),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("模板没有的列“备注”"),
        "{}",
        refused.body
    );
    let nothing = send(
        &app,
        sheet_upload(&url, &staff, &csrf, &figures, b"not a sheet \xff"),
    )
    .await;
    assert_eq!(nothing.status, StatusCode::BAD_REQUEST);
}

/// The raw bytes of a response body.
async fn send_bytes(app: &crate::App, request: axum::http::Request<axum::body::Body>) -> Vec<u8> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let response = app.router.clone().oneshot(request).await.expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}

#[tokio::test]
async fn the_api_issues_tasks_and_lists_them_with_their_counts() {
    use crate::editing::{json, json_request};
    use serde_json::json;
    let app = crate::app().await;
    add_user(&app, "leting", "unit", Some(LETING)).await;
    add_user(&app, "checker", "reviewer", None).await;
    let (staff, _) = login(&app, "leting").await;
    let (checker, checker_csrf) = login(&app, "checker").await;
    let (_, year) = leting_project(&app).await;
    let issue = |body: serde_json::Value| {
        json_request(
            "POST",
            "/api/v1/tasks",
            &checker,
            Some(&checker_csrf),
            &body,
        )
    };
    let (status, refused) = json(&app, issue(json!({ "kind": "monitor", "title": "年中监控", "fiscal_year": year, "deadline": "2099-08-10" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("截止日期")),
        "{refused}"
    );
    let (status, issued) = json(
        &app,
        issue(json!({
            "kind": "evaluation",
            "title": "年度绩效自评",
            "fiscal_year": year,
            "deadline": "2099-03-31",
            "units": [LETING],
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    let (status, mine) = json(
        &app,
        json_request(
            "GET",
            "/api/v1/tasks",
            &staff,
            None,
            &serde_json::Value::Null,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let task = &mine["tasks"][0];
    assert_eq!(
        (task["id"].clone(), task["kind"].as_str()),
        (issued["id"].clone(), Some("evaluation"))
    );
    assert_eq!(task["overdue"], false);
    let to_do = task["progress"]["to_do"].as_i64().expect("count");
    assert!(to_do > 0 && task["progress"]["done"] == 0, "{task}");
    assert_eq!(
        task["by_unit"].as_array().map(Vec::len),
        Some(0),
        "units see their own counts only"
    );
    let (_, all) = json(
        &app,
        json_request(
            "GET",
            "/api/v1/tasks",
            &checker,
            None,
            &serde_json::Value::Null,
        ),
    )
    .await;
    assert_eq!(all["tasks"][0]["by_unit"][0]["unit"], LETING);
}

#[tokio::test]
async fn a_deployment_scores_by_its_own_weights() {
    // 20 points for the budget's execution instead of 10: the same filled 自评表 scores less
    // when a fifth of the money is unspent.
    let weights = jixiao_evaluate::Level1Weights::parse("20,40,30,10").expect("weights");
    let app = crate::app_scoring(jixiao_web::Scoring {
        weights,
        ..jixiao_web::Scoring::default()
    })
    .await;
    add_user(&app, "leting", "unit", Some(LETING)).await;
    let (staff, csrf) = login(&app, "leting").await;
    let (id, _) = leting_project(&app).await;
    let filled = encode(&[
        ("csrf", &csrf),
        ("action", "check"),
        ("executed", "62.4万元"),
        ("r0.实际完成值", "1个"),
        ("r1.完成档次", "达成"),
        ("r1.档次内得分比例", "100"),
        ("r2.完成档次", "达成"),
        ("r2.档次内得分比例", "100"),
        ("r3.实际完成值", "62.4万"),
        ("r4.完成档次", "达成"),
        ("r4.档次内得分比例", "100"),
        ("r5.实际完成值", "96%"),
    ]);
    let checked = send(
        &app,
        form(&format!("/projects/{id}/evaluation"), Some(&staff), &filled),
    )
    .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    // 62.4 of 78万 is 80% executed: 16 of 20 points; the rest full, 96 in all.
    assert!(
        checked.body.contains("预算执行率 80.00%：16.00 / 20 分"),
        "{}",
        checked.body
    );
    assert!(
        checked.body.contains("总分 96.00 分，优"),
        "{}",
        checked.body
    );
    assert!(jixiao_evaluate::Level1Weights::parse("10,50,30").is_err());
    assert!(
        jixiao_evaluate::Level1Weights::parse("10,50,30,20")
            .is_err_and(|e| e.contains("合计为 110"))
    );
}
