//! Last year beside each row: a unit's document of the year before, matched by 项目编码, shows
//! last year's targets and its confirmed self-evaluation's actuals on this year's project page.

use axum::http::StatusCode;
use jixiao_evaluate::{Grade, IndicatorScore, SelfEvalReport};
use jixiao_ingest::parse_tika_text;
use jixiao_store::{EvaluationKind, EvaluationRecord, ImportInput, RoundState, document_key};
use rust_decimal::Decimal;

use crate::{App, SEEDS, get};

async fn beside_each_row(app: App) {
    let store = &app.store.store;
    let now = parse_tika_text(SEEDS[4].1);
    let year = now.document.fiscal_year.year.expect("a year");
    let mut earlier = now.clone();
    earlier.document.fiscal_year.year = Some(year - 1);
    let project = &mut earlier.document.projects[0];
    project.indicators[0].target = jixiao_model::TargetValue::parse("≥7个");
    // Last year had a row more, which its evaluation scored low; this year has it no more.
    let mut extra = project.indicators[0].clone();
    extra.name = "上年才有的指标".into();
    project.indicators.push(extra);
    let (dropped, dropped_at) = ("上年才有的指标".to_string(), project.indicators.len() - 1);
    let (name, code) = (project.name.clone(), project.code.clone().expect("a code"));
    let row_name = project.indicators[0].name.clone();
    let input = ImportInput {
        source_name: "earlier.txt",
        content_sha256: "earlier",
        document: &earlier.document,
        diagnostics: &earlier.diagnostics,
    };
    store.import_batch(&[input]).await.expect("batch")[0]
        .as_ref()
        .expect("imported");
    let key = document_key(&earlier.document, "earlier.txt");
    let report = SelfEvalReport {
        budget_yuan: Decimal::from(100),
        executed_yuan: Decimal::from(100),
        execution_rate: Decimal::from(100),
        budget_weight: Decimal::from(10),
        budget_score: Decimal::from(10),
        indicators: vec![
            IndicatorScore {
                indicator: 0,
                name: row_name.clone(),
                level1: String::new(),
                target: "≥7个".into(),
                actual: "完成9个".into(),
                weight: Decimal::from(10),
                score: Decimal::from(10),
                policy: String::new(),
                reason: None,
                measure: None,
            },
            IndicatorScore {
                indicator: dropped_at,
                name: dropped.clone(),
                level1: String::new(),
                target: String::new(),
                actual: "未完成".into(),
                weight: Decimal::from(10),
                score: Decimal::from(2),
                policy: String::new(),
                reason: None,
                measure: None,
            },
        ],
        total: Decimal::from(100),
        grade: Grade::Excellent,
    };
    let record = EvaluationRecord {
        id: 0,
        doc_key: key.clone(),
        project_code: Some(code.clone()),
        project_name: name.clone(),
        fiscal_year: Some(year - 1),
        headline: "100".into(),
        verdict: "优".into(),
        report: serde_json::to_string(&report).expect("json"),
        recorded_at: String::new(),
        state: RoundState::Confirmed,
        recorded_by: "命令行".into(),
        decided_by: None,
        decision_note: None,
    };
    store
        .save_evaluation(EvaluationKind::SelfEvaluation, &record, ("", None, None))
        .await
        .expect("self-evaluation");

    let unit = now.document.unit.name.as_deref().expect("a unit");
    let this_year = store
        .unit_document(unit, now.document.unit.code.as_deref(), year)
        .await
        .expect("read")
        .expect("this year's document");
    let ids = store.project_ids_in(this_year).await.expect("ids");
    let id = ids.iter().find(|(n, _)| *n == name).expect("the project").1;
    let (status, _, page) = get(&app, &format!("/projects/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("上年（{}年）", year - 1))
            && page.contains(&format!("项目编码相同（{code}）")),
        "{page}"
    );
    assert!(page.contains("<th>上年指标值</th><th>上年完成值</th>"));
    assert!(
        page.contains(r#"<td class="last-target">≥7个</td><td class="last-actual">完成9个</td>"#)
    );

    assert!(
        page.contains("【提示】上年自评得分低的指标“上年才有的指标”（2分，满分10分）今年没有再设"),
        "{page}"
    );

    // The Excel download carries them in its analysis sheet.
    let response = tower::ServiceExt::oneshot(
        app.router.clone(),
        axum::http::Request::get(format!("/projects/{id}/table.xlsx"))
            .body(axum::body::Body::empty())
            .expect("request"),
    )
    .await
    .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("body")
        .to_bytes();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/sharedStrings.xml").expect("strings"),
        &mut strings,
    )
    .expect("XML");
    assert!(strings.contains("上年指标值") && strings.contains("完成9个"));

    // Last year's own page has no year before it.
    let earlier_id = store
        .unit_document(unit, now.document.unit.code.as_deref(), year - 1)
        .await
        .expect("read")
        .expect("last year's document");
    let earlier_ids = store.project_ids_in(earlier_id).await.expect("ids");
    let earlier_project = earlier_ids
        .iter()
        .find(|(n, _)| *n == name)
        .expect("the project")
        .1;
    assert!(page.contains(&format!(r#"<a href="/projects/{earlier_project}">"#)));
    let (_, _, page) = get(&app, &format!("/projects/{earlier_project}")).await;
    assert!(!page.contains("上年指标值"));
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_last_years_targets_and_actuals_stand_beside_each_row() {
    beside_each_row(crate::app().await).await;
}

#[tokio::test]
async fn postgres_last_years_targets_and_actuals_stand_beside_each_row() {
    beside_each_row(crate::app_postgres().await).await;
}
