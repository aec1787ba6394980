//! Monitoring and self-evaluation on the seeds, every score checked against a hand computation.

use jixiao_evaluate::{
    ActualEntry, ActualValue, Band, Cause, Date, DeductionRule, Grade, IndicatorProgress,
    InputError, Level1Weights, Light, Likelihood, MonitorInput, ReversePolicy, SelfEvalInput,
    Thresholds, evaluate, monitor, parse_deduction,
};
use jixiao_ingest::parse_tika_text;
use jixiao_model::Document;
use rust_decimal::Decimal;

fn seed(text: &str) -> Document {
    parse_tika_text(text).document
}

fn d(text: &str) -> Decimal {
    text.parse().expect("decimal literal")
}

const SEED_002: &str = include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt");
const SEED_004: &str = include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt");

fn number(indicator: usize, value: &str) -> ActualEntry {
    ActualEntry {
        indicator,
        value: ActualValue::Number(value.into()),
        reason: Some("受疫情影响进度滞后".into()),
        measure: Some("下半年加快实施".into()),
    }
}

fn band(indicator: usize, band: Band, percent: &str) -> ActualEntry {
    ActualEntry {
        indicator,
        value: ActualValue::Qualitative {
            band,
            percent: d(percent),
        },
        ..number(indicator, "")
    }
}

#[test]
fn all_sixteen_scoring_rules_of_seed_002_parse() {
    let document = seed(SEED_002);
    assert_eq!(document.department_indicators.len(), 16);
    for indicator in &document.department_indicators {
        let text = indicator
            .scoring_rule
            .as_deref()
            .expect("every row has a rule");
        assert!(parse_deduction(text).is_some(), "did not parse: {text}");
    }
    let first = parse_deduction("每减少500个，减分值的25%").expect("rule");
    assert!(
        matches!(first, DeductionRule::Step { step, ref unit, percent, .. } if step == d("500") && unit == "个" && percent == d("25"))
    );
    let hundred = parse_deduction("每减少百人次，减分值的10%").expect("rule");
    assert!(
        matches!(hundred, DeductionRule::Step { step, ref unit, .. } if step == d("100") && unit == "人次")
    );
    let hour = parse_deduction("每减少一个小时有效采样，减分值的20%").expect("rule");
    assert!(
        matches!(hour, DeductionRule::Step { step, ref unit, .. } if step == Decimal::ONE && unit == "小时有效采样")
    );
    assert!(matches!(
        parse_deduction("未达到考核要求，减分值的100%"),
        Some(DeductionRule::AllOrNothing { .. })
    ));
}

#[test]
fn department_table_scores_follow_its_own_rules() {
    let document = seed(SEED_002);
    let actuals = vec![
        number(0, "400"), // 1000个 target, 600 short: one full step of 500 → −25%
        number(1, "76"),  // 80块, 4 short: 4 × 1.25% → −5%
        number(2, "500"), // 696人次, 196 short: one step of 100 → −10%
        number(3, "70%"), // 100%, 30 short: one step of 20 → −50%
        number(4, "18"),  // 20小时, 2 short: 2 × 20% → −40%
        number(5, "90%"), // 90%: met
        number(6, "85%"), // 100%, 15 short: one step of 10 → −25%
        number(7, "80%"), // 及时 (progress 100%), 20 short: 2 × 10% → −20%
        number(8, "260"), // ≤200万元, 60 over: one step of 50 → −30%
        band(9, Band::Achieved, "90"), // 有效保障 met → full
        number(10, "84%"), // 95%, 11 short: 2 steps of 5 → −40%
        band(11, Band::NotAchieved, "30"), // 无法保障 → −100%
        band(12, Band::Achieved, "100"), // 达到 → full
        number(13, "50%"), // 67.2%, 17.2 short: one step of 10 → −30%
        number(14, "60"), // ≤46, 14 over: one step of 10 → −30%
        number(15, "88%"), // 90%, 2 short: no full step → full
    ];
    let input = SelfEvalInput {
        executed_yuan: d("30000000"),
        budget_yuan: document.department_budget_yuan,
        actuals,
    };
    let report = evaluate(
        &document.department_indicators,
        None,
        &input,
        &Level1Weights::default(),
        ReversePolicy::Ratio,
    )
    .expect("valid input");
    // 产出 50 points over 9 rows (5.5556 each), 效益 30 over 6 (5 each), 满意度 10 over 1.
    let expected = [
        "4.17", "5.28", "5.00", "2.78", "3.33", "5.56", "4.17", "4.44", "3.89", "5.00", "3.00",
        "0.00", "5.00", "3.50", "3.50", "10.00",
    ];
    let got: Vec<String> = report
        .indicators
        .iter()
        .map(|s| format!("{:.2}", s.score))
        .collect();
    assert_eq!(got, expected);
    assert!(report.indicators[0].policy.contains("每减少500个"));
    // 预算执行率: 3000 / 3586.14 万元 = 83.66% → 10 × 0.836552… = 8.37 points.
    assert_eq!(report.execution_rate, d("83.66"));
    assert_eq!(report.budget_score, d("8.37"));
    // The rows as computed (产出 38.61…, not the 38.62 their rounded figures add to) + 20.00
    // + 10.00 + 8.36552…, rounded once: 76.98 → 中.
    assert_eq!(report.total, d("76.98"));
    assert_eq!(report.grade, Grade::Fair);
}

fn project_three_actuals() -> Vec<ActualEntry> {
    vec![
        number(0, "1"),
        number(1, "1400"),
        number(2, "80%"),
        number(3, "100%"),
        number(4, "95%"),
        number(5, "170"),
        number(6, "92%"),
        band(7, Band::Partial, "70"),
        band(8, Band::Achieved, "85"),
        number(9, "95%"),
    ]
}

#[test]
fn project_scores_use_the_default_formulas_and_weights() {
    let document = seed(SEED_004);
    let project = &document.projects[2];
    let input = SelfEvalInput {
        executed_yuan: d("1530000"),
        budget_yuan: None,
        actuals: project_three_actuals(),
    };
    let report = evaluate(
        &project.indicators,
        project.budget.total_yuan,
        &input,
        &Level1Weights::default(),
        ReversePolicy::Ratio,
    )
    .expect("valid");
    let got: Vec<String> = report
        .indicators
        .iter()
        .map(|s| format!("{:.2}", s.score))
        .collect();
    // 产出 50/6 = 8.33 each; >90% with 80% actual: 8.3333 × 80/90 = 7.41; cost 170 ≤ 210 is met (成本 is 反向).
    // 效益 30/3 = 10 each: 部分达成 70% → 7.00, 达成 85% → 8.50; 满意度 10.
    assert_eq!(
        got,
        [
            "8.33", "8.33", "7.41", "8.33", "8.33", "8.33", "10.00", "7.00", "8.50", "10.00"
        ]
    );
    // 153 of 170 万元 = 90% → 9 points; 9 + 49.0741 (5 × 8.3333 + 7.4074) + 25.50 + 10 = 93.57
    // → 优: the rows' scores are summed as computed, then rounded once.
    assert_eq!(
        (report.budget_score, report.total, report.grade),
        (d("9.00"), d("93.57"), Grade::Excellent)
    );

    // Every target met and the budget spent: 100, not 99.98 from rounded rows.
    let mut met = project_three_actuals();
    met[2] = number(2, "95%");
    met[7] = band(7, Band::Achieved, "100");
    met[8] = band(8, Band::Achieved, "100");
    let full = evaluate(
        &project.indicators,
        project.budget.total_yuan,
        &SelfEvalInput {
            executed_yuan: d("1700000"),
            actuals: met,
            ..input.clone()
        },
        &Level1Weights::default(),
        ReversePolicy::Ratio,
    )
    .expect("valid");
    assert_eq!(full.total, d("100.00"), "{full:#?}");

    // Spending above the budget is refused, not given full marks.
    let over_budget = evaluate(
        &project.indicators,
        project.budget.total_yuan,
        &SelfEvalInput {
            executed_yuan: d("2000000"),
            ..input.clone()
        },
        &Level1Weights::default(),
        ReversePolicy::Ratio,
    )
    .expect_err("spent over the budget");
    assert!(
        over_budget
            .iter()
            .any(|e| e.to_string()
                == "执行数 2000000 元超过预算数 1700000 元：支出不能超过预算，请核对"),
        "{over_budget:?}"
    );

    // A cost over target: ratio 210/250 = 0.84 → 7.00; linear 1 − 40/210 = 0.8095 → 6.75.
    let mut over = project_three_actuals();
    over[5] = number(5, "250万元");
    let ratio = evaluate(
        &project.indicators,
        project.budget.total_yuan,
        &SelfEvalInput {
            actuals: over.clone(),
            ..input.clone()
        },
        &Level1Weights::default(),
        ReversePolicy::Ratio,
    )
    .expect("valid");
    let linear = evaluate(
        &project.indicators,
        project.budget.total_yuan,
        &SelfEvalInput {
            actuals: over,
            ..input.clone()
        },
        &Level1Weights::default(),
        ReversePolicy::Linear,
    )
    .expect("valid");
    assert_eq!(
        (ratio.indicators[5].score, linear.indicators[5].score),
        (d("7.00"), d("6.75"))
    );

    // Provincial weights 20/40/40 (效益 and 满意度 sharing 40 as 30 + 10 here): 产出 40/6 each.
    let hubei = Level1Weights {
        budget: d("20"),
        output: d("40"),
        benefit: d("30"),
        satisfaction: d("10"),
    };
    let report = evaluate(
        &project.indicators,
        project.budget.total_yuan,
        &input,
        &hubei,
        ReversePolicy::Ratio,
    )
    .expect("valid");
    assert_eq!(report.indicators[0].weight, d("6.67"));
    assert_eq!(report.budget_score, d("18.00"));
}

#[test]
fn scores_below_full_need_a_reason_and_bands_are_enforced() {
    let document = seed(SEED_004);
    let project = &document.projects[2];
    let mut actuals = project_three_actuals();
    actuals[2].reason = None;
    actuals[8] = band(8, Band::Achieved, "70");
    actuals.remove(9);
    let input = SelfEvalInput {
        executed_yuan: d("1530000"),
        budget_yuan: None,
        actuals,
    };
    let errors = evaluate(
        &project.indicators,
        project.budget.total_yuan,
        &input,
        &Level1Weights::default(),
        ReversePolicy::Ratio,
    )
    .expect_err("refused");
    assert!(
        errors.contains(&InputError::MissingReason("党政信息网正常运行率".into())),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, InputError::OutsideBand { .. })),
        "{errors:?}"
    );
    assert!(
        errors.contains(&InputError::MissingActual("服务对象满意度".into())),
        "{errors:?}"
    );
}

fn progress(
    indicator: usize,
    forecast: Option<&str>,
    likelihood: Option<Likelihood>,
) -> IndicatorProgress {
    IndicatorProgress {
        indicator,
        forecast: forecast.map(str::to_string),
        reached: forecast.map(str::to_string),
        likelihood,
        ..IndicatorProgress::default()
    }
}

#[test]
fn monitoring_warns_when_spending_and_targets_lag() {
    let document = seed(SEED_004);
    let cutoff = Date::new(2024, 7, 31).expect("date");
    let mut red = progress(7, None, Some(Likelihood::Impossible));
    let input = MonitorInput {
        cutoff,
        spent_yuan: d("400000"),
        forecast_yuan: Some(d("1500000")),
        progress: vec![
            progress(2, Some("85%"), Some(Likelihood::Possible)),
            progress(5, Some("170"), None),
            red.clone(),
        ],
    };
    // A red light needs a cause and a rectification plan.
    let errors = monitor(&document, 2, &input, &Thresholds::default()).expect_err("refused");
    assert_eq!(
        errors,
        [InputError::MissingRectification("公众生态环保意识".into())]
    );

    red.causes = vec![Cause::Funding];
    red.rectification = Some("争取追加宣传经费".into());
    let input = MonitorInput {
        progress: vec![input.progress[0].clone(), input.progress[1].clone(), red],
        ..input
    };
    let report = monitor(&document, 2, &input, &Thresholds::default()).expect("valid");
    // Plan 25/50/75/100 (累进): 7月31日 = 50 + 25 × 31/123 = 56.30%; spent 40 of 170 万元 = 23.53%.
    assert_eq!(
        (report.planned_percent, report.executed_percent),
        (Some(d("56.30")), Some(d("23.53")))
    );
    assert_eq!(report.spending_light, Light::Red);
    assert!(
        report.spending_reason.contains("全年预计执行率88.24%"),
        "{}",
        report.spending_reason
    );
    let lights: Vec<Light> = report.indicators.iter().map(|i| i.light).collect();
    assert_eq!(lights, [Light::Yellow, Light::Green, Light::Red]);
    assert_eq!(report.light(), Light::Red);

    // On plan: 100 万元 spent (58.82%) is green.
    let on_plan = MonitorInput {
        spent_yuan: d("1000000"),
        forecast_yuan: None,
        progress: Vec::new(),
        cutoff,
    };
    assert_eq!(
        monitor(&document, 2, &on_plan, &Thresholds::default())
            .expect("valid")
            .spending_light,
        Light::Green
    );
    let slightly = MonitorInput {
        spent_yuan: d("800000"),
        ..on_plan
    };
    assert_eq!(
        monitor(&document, 2, &slightly, &Thresholds::default())
            .expect("valid")
            .spending_light,
        Light::Yellow
    );
}

#[test]
fn bad_monitoring_input_is_refused_whole() {
    let document = seed(SEED_004);
    let mut unknown = progress(3, Some("100%"), None);
    unknown.name = Some("不存在的指标".into());
    let input = MonitorInput {
        cutoff: Date::new(2023, 7, 31).expect("date"),
        spent_yuan: d("400000"),
        forecast_yuan: None,
        progress: vec![
            progress(2, Some("180%"), None),
            progress(5, Some("5吨"), None),
            unknown,
        ],
    };
    let errors = monitor(&document, 2, &input, &Thresholds::default()).expect_err("refused");
    assert!(
        errors.contains(&InputError::DateOutsideYear {
            date: "2023-07-31".into(),
            year: 2024
        }),
        "{errors:?}"
    );
    assert!(
        errors.contains(&InputError::PercentOver100("180%".into())),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, InputError::WrongUnit { .. })),
        "{errors:?}"
    );
    assert!(
        errors.contains(&InputError::UnknownIndicator("不存在的指标".into())),
        "{errors:?}"
    );

    // What cannot be: spending above the budget, a forecast below what is spent, 确定能 with a
    // forecast that misses the target — all listed together.
    let mut certain = progress(3, Some("50%"), Some(Likelihood::Certain));
    certain.reached = Some("40%".into());
    let impossible = MonitorInput {
        cutoff: Date::new(2024, 7, 31).expect("date"),
        spent_yuan: d("2000000"),
        forecast_yuan: Some(d("1900000")),
        progress: vec![certain],
    };
    let errors = monitor(&document, 2, &impossible, &Thresholds::default()).expect_err("refused");
    let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        said.iter()
            .any(|e| e.starts_with("执行数 2000000 元超过预算数 1700000 元"))
            && said.contains(&"全年预计支出 1900000 元少于已支出的 2000000 元，请核对".to_string())
            && said.iter().any(|e| e.contains("却填了“确定能”")),
        "{said:?}"
    );
}
