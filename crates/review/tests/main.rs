//! Review tests: the findings issue #3 requires on the seeds, each at the right place,
//! and clean tables that must produce no error or warning.

use jixiao_ingest::parse_tika_text;
use jixiao_model::Document;
use jixiao_review::{Finding, Report, Severity, review};

const SEEDS: [&str; 5] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];

fn report(seed: usize) -> (Document, Report) {
    let document = parse_tika_text(SEEDS[seed]).document;
    let report = review(&document);
    (document, report)
}

fn of<'a>((_, report): &'a (Document, Report), rule: &str) -> Vec<&'a Finding> {
    report.findings.iter().filter(|f| f.rule == rule).collect()
}

/// (project number as printed, indicator name) of each finding of a rule.
fn places(reviewed: &(Document, Report), rule: &str) -> Vec<(usize, String)> {
    of(reviewed, rule)
        .iter()
        .map(|f| {
            let name = f
                .indicator_in(&reviewed.0)
                .map(|i| i.name.clone())
                .unwrap_or_default();
            (f.location.project.map_or(0, |p| p + 1), name)
        })
        .collect()
}

#[test]
fn seed_000_template_defects() {
    let report = report(0);
    let goals = of(&report, "placeholder-goal");
    assert_eq!(goals.len(), 6, "every project's goal is 目标内容1");
    assert!(
        goals
            .iter()
            .all(|f| f.message.contains("目标内容1") && f.severity == Severity::Error)
    );
    let same = of(&report, "same-target");
    assert_eq!(same.len(), 6);
    assert!(same[0].message.contains("≥90百分比"));
    // What “≥90百分比” makes of a count is that one copied value, said once per project.
    assert!(places(&report, "unit-mismatch").is_empty());
    let unrelated = places(&report, "unrelated-indicator");
    assert_eq!(
        unrelated,
        [
            (1, "安全生产天数".into()),
            (3, "安全生产天数".into()),
            (6, "安全生产天数".into())
        ]
    );
    let copied: Vec<&Finding> = of(&report, "copied-rows")
        .into_iter()
        .filter(|f| {
            f.indicator_in(&report.0)
                .is_some_and(|i| i.name == "安全生产天数")
        })
        .collect();
    // Copied into projects 3 and 6 from project 1, the original, which is not told off; the
    // copies name the projects they match by name.
    let at: Vec<_> = copied.iter().map(|f| f.location.project).collect();
    assert_eq!(at, [Some(2), Some(5)]);
    assert!(
        copied[0].message.contains("与“环保督查经费”中的完全相同"),
        "{}",
        copied[0].message
    );
    assert!(
        copied[1]
            .message
            .contains("与“环保督查经费”、“环境监测费”中的完全相同"),
        "{}",
        copied[1].message
    );
    assert_eq!(of(&report, "unrelated-indicator")[0].location.line, 127);
}

#[test]
fn seed_001_cost_stale_goals_and_names_before_its_codes_year() {
    let report = report(1);
    let cost = of(&report, "cost-vs-budget");
    assert_eq!(cost.len(), 1, "{cost:?}");
    assert_eq!(
        (cost[0].location.project, cost[0].location.line),
        (Some(5), 578)
    );
    assert!(cost[0].message.contains("33.821万元") && cost[0].message.contains("33.82万元"));
    // Its codes were entered in 2025: the budget is 2025's, so the goals' 2021年底 and the
    // 2024 that four project names begin with are older text.
    assert_eq!(report.0.fiscal_year.year, Some(2025));
    assert!(of(&report, "fiscal-year").is_empty());
    let stale = of(&report, "stale-year");
    assert!(
        stale
            .iter()
            .any(|f| f.message.contains("2021年底") && f.location.project.is_none()),
        "{stale:?}"
    );
    let names: Vec<Option<usize>> = stale
        .iter()
        .filter(|f| f.message.contains("2024"))
        .map(|f| f.location.project)
        .collect();
    assert_eq!(names.len(), 4, "{stale:?}");
}

#[test]
fn seed_002_deadlines_comparators_and_basis() {
    let report = report(2);
    let deadline = of(&report, "deadline-year");
    assert_eq!(deadline.len(), 1);
    assert_eq!(
        (deadline[0].location.project, deadline[0].severity),
        (Some(10), Severity::Error)
    );
    assert!(deadline[0].message.contains("2019年12月底前") && deadline[0].message.contains("2021"));
    let over: Vec<usize> = of(&report, "odd-comparator")
        .iter()
        .filter(|f| f.message.contains("≥100%"))
        .filter_map(|f| f.location.project.map(|p| p + 1))
        .collect();
    assert_eq!(over, [6, 6, 9, 11, 21, 23]);
    assert!(places(&report, "odd-comparator").contains(&(20, "资金使用率".to_string())));
    // The one blank basis is a satisfaction row's: it wants the survey named.
    assert!(places(&report, "missing-basis").is_empty());
    assert!(
        places(&report, "satisfaction-without-survey")
            .contains(&(14, "提升企业对环保执法工作的满意度".to_string()))
    );
}

#[test]
fn seed_003_blank_rows_names_and_yes_no() {
    let report = report(3);
    assert_eq!(
        of(&report, "blank-rows").len(),
        4,
        "every project has empty rows"
    );
    let names: Vec<String> = of(&report, "non-canonical-category")
        .iter()
        .map(|f| f.message.clone())
        .collect();
    assert!(
        names.iter().any(|m| m.contains("实效指标"))
            && names.iter().any(|m| m.contains("效果指标"))
    );
    let yes_no = of(&report, "unmeasurable-target")
        .iter()
        .filter(|f| f.message.contains("是/否"))
        .count();
    assert_eq!(
        yes_no, 5,
        "20 of 25 targets are 是/否: three projects' all (said once each by same-target), five of the fourth's"
    );
    assert_eq!(of(&report, "same-target").len(), 3);
    let misplaced = places(&report, "misplaced-indicator");
    assert!(
        misplaced.contains(&(4, "发放人员的数量".to_string())),
        "{misplaced:?}"
    );
    assert!(
        misplaced.contains(&(4, "人员的工作质量".to_string())),
        "{misplaced:?}"
    );
}

#[test]
fn seed_004_costs_units_duplicates_and_names() {
    let report = report(4);
    let cost = of(&report, "cost-vs-budget");
    assert_eq!(cost.len(), 1);
    assert_eq!(cost[0].location.project, Some(2));
    assert!(
        cost[0].message.contains("210万元") && cost[0].message.contains("170万元"),
        "{}",
        cost[0].message
    );
    // `100百`, and a bare 万 (`≤78万`, `210万`: 万元, 万人 or 万件?).
    assert_eq!(
        places(&report, "unreadable-target"),
        [
            (1, "项目预算控制数".to_string()),
            (6, "企业上市奖励资金执行率".to_string()),
            (6, "花费成本".to_string()),
            (7, "花费成本".to_string()),
            (8, "收集资料情况".to_string()),
            (8, "花费成本".to_string()),
        ]
    );
    let duplicates = places(&report, "duplicate-indicator");
    assert_eq!(
        duplicates,
        [
            (8, "乐亭人文历史、特色的知名度".to_string()),
            (8, "社会各界对乐亭的了解程度".to_string())
        ]
    );
    assert!(places(&report, "unit-mismatch").contains(&(9, "运维覆盖率".to_string())));
    assert_eq!(
        places(&report, "category-as-name"),
        [(1, "质量指标".to_string()), (5, "质量指标".to_string())]
    );
}

const CLEAN: &str = "2025年部门预算公开\n1.环境宣传培训经费绩效目标表
\t130229环境宣传中心\n\t单位：万元\n\n\t项目编码\n\t13022925P00JXC414284D\n\t项目名称\n\t环境宣传培训经费\n
\t预算规模及资金用途\n\t预算数\n\t50.00\n\t其中：财政    资金\n\t50.00\n\t其他资金\n\t \n
\t\n\t组织全县环境保护宣传培训\n\n\t资金支出计划（%）\n\t3月底\n\t6月底\n\t10月底\n\t12月底\n\n\t\n\t25%\n\t50%\n\t75%\n\t100%\n
\t绩效目标\n\t1.全年举办环保培训不少于4场，参训人员知晓率达到90%以上。\n\n
\t一级指标\n\t二级指标\n\t三级指标\n\t绩效指标描述\n\t指标值\n\t指标值确定依据\n
\t产出指标\n\t数量指标\n\t培训场次\n\t全年举办培训场次\n\t≥4次\n\t年度工作计划\n
\t\n\t质量指标\n\t培训考核合格率\n\t参训人员考核合格的比例\n\t≥95%\n\t年度工作计划\n
\t\n\t时效指标\n\t培训完成时间\n\t全部培训完成时间\n\t2025年12月底前\n\t年度工作计划\n
\t\n\t成本指标\n\t培训总成本\n\t全年培训支出\n\t≤50万元\n\t预算测算\n
\t效益指标\n\t社会效益指标\n\t参训人员环保知识知晓率\n\t培训后抽查知晓的比例\n\t≥90%\n\t上年抽查结果\n
\t\n\t可持续影响指标\n\t培训课件复用年限\n\t课件可连续使用的年数\n\t≥3年\n\t历史经验\n
\t满意度指标\n\t服务对象满意度指标\n\t参训人员满意度\n\t问卷调查的满意比例\n\t≥90%\n\t问卷调查\n";

#[test]
fn clean_tables_raise_no_error_or_warning() {
    let parsed = parse_tika_text(CLEAN);
    assert_eq!(
        parsed.document.indicator_count(),
        7,
        "fixture parses fully: {:?}",
        parsed.diagnostics
    );
    let report = review(&parsed.document);
    let loud: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Notice)
        .collect();
    assert!(
        loud.is_empty(),
        "a clean table must not cry wolf: {loud:#?}"
    );
    assert_eq!(report.scores[0].score, 100);

    // Two clean projects of one unit side by side: still nothing loud.
    let second = CLEAN
        .replace("1.环境宣传培训经费", "2.执法装备经费")
        .replace("环境宣传培训经费", "执法装备经费")
        .replace("13022925P00JXC414284D", "13022925P00JXC414285E");
    let both = parse_tika_text(&format!(
        "{CLEAN}\n\n{}",
        second.split_once('\n').map_or("", |(_, rest)| rest)
    ));
    assert_eq!(both.document.projects.len(), 2);
    let report = review(&both.document);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity == Severity::Notice),
        "{:#?}",
        report.findings
    );
}

#[test]
fn each_rule_fires_on_a_broken_copy_of_the_clean_table() {
    let cases = [
        ("≥4次", "≥90%", "unit-mismatch"),
        ("≤50万元", "≤60万元", "cost-vs-budget"),
        ("≥95%", "≥100%", "odd-comparator"),
        ("12月底前", "2019年12月底前", "deadline-year"),
        ("\t≥95%\n", "\t是/否\n", "unmeasurable-target"),
        ("\t50.00\n\t其他资金", "\t40.00\n\t其他资金", "budget-parts"),
        ("\t75%\n\t100%", "\t75%\n\t90%", "spending-plan"),
        (
            "\t年度工作计划\n\n\t\n\t质量指标",
            "\t\n\n\t\n\t质量指标",
            "missing-basis",
        ),
        (
            "1.全年举办环保培训不少于4场，参训人员知晓率达到90%以上。",
            "1.目标内容1",
            "placeholder-goal",
        ),
        ("\t时效指标\n", "\t实效指标\n", "non-canonical-category"),
        (
            "\t培训考核合格率\n\t参训人员考核合格的比例",
            "\t质量指标\n\t参训人员考核合格的比例",
            "category-as-name",
        ),
        (
            "\t培训课件复用年限\n\t课件可连续使用的年数",
            "\t煤矿安全天数\n\t保证矿井正常运行",
            "unrelated-indicator",
        ),
    ];
    for (from, to, rule) in cases {
        let broken = CLEAN.replace(from, to);
        assert_ne!(broken, CLEAN, "{rule}: the edit must apply");
        let report = review(&parse_tika_text(&broken).document);
        assert!(
            report.findings.iter().any(|f| f.rule == rule),
            "{rule} did not fire: {:#?}",
            report.findings
        );
        assert!(report.scores[0].score < 100, "{rule}: the score must drop");
    }
}

#[test]
fn every_rule_is_documented_and_codes_are_unique() {
    let mut codes: Vec<&str> = jixiao_review::RULES.iter().map(|r| r.code()).collect();
    assert!(
        jixiao_review::RULES
            .iter()
            .all(|r| !r.title().is_empty() && r.doc().chars().count() > 20)
    );
    codes.sort_unstable();
    let before = codes.len();
    codes.dedup();
    assert_eq!(codes.len(), before, "rule codes must be unique");
    assert!(jixiao_review::rule("cost-vs-budget").is_some());
}

#[test]
fn the_2021_scheme_is_detected_and_judged_by_its_own_rules() {
    let central = CLEAN.replace(
        "\t\n\t成本指标\n\t培训总成本\n\t全年培训支出\n\t≤50万元\n\t预算测算\n",
        "\t成本指标\n\t经济成本指标\n\t培训总成本\n\t全年培训支出\n\t≤50万元\n\t预算测算\n",
    );
    assert_ne!(central, CLEAN);
    let document = parse_tika_text(&central).document;
    let report = review(&document);
    assert_eq!(report.scheme, jixiao_model::Scheme::Central101);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity == Severity::Notice),
        "{:#?}",
        report.findings
    );

    let legacy = review(&parse_tika_text(CLEAN).document);
    assert_eq!(legacy.scheme, jixiao_model::Scheme::Legacy);
    // Under the 2021 scheme a table without the 成本 level-1 is incomplete.
    let without_cost = central.replace(
        "\t成本指标\n\t经济成本指标\n\t培训总成本\n\t全年培训支出\n\t≤50万元\n\t预算测算\n",
        "",
    );
    let mut document = parse_tika_text(&without_cost).document;
    let mut borrowed = document.projects[0].indicators[0].clone();
    borrowed.level1 = jixiao_model::Level1::from_text("成本指标");
    borrowed.level2 = jixiao_model::Level2::from_text("社会成本指标");
    document.projects.push(jixiao_model::Project {
        name: "另一个项目".into(),
        indicators: vec![borrowed],
        ..Default::default()
    });
    let report = review(&document);
    let missing = report
        .findings
        .iter()
        .find(|f| f.rule == "missing-category" && f.location.project == Some(0))
        .expect("reported");
    assert!(missing.message.contains("成本指标"), "{}", missing.message);
}

#[test]
fn inputs_set_as_targets_are_reported() {
    let (document, report) = report(2);
    let inputs: Vec<(usize, String)> = report
        .findings
        .iter()
        .filter(|f| f.rule == "input-as-target")
        .map(|f| {
            (
                f.location.project.map_or(0, |p| p + 1),
                f.indicator_in(&document)
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        inputs.contains(&(5, "资金使用率".to_string()))
            && inputs.contains(&(20, "资金使用率".to_string())),
        "{inputs:?}"
    );
}

/// Units real tables use that the review once called unreadable (issue 13): none is now, since
/// the review reads units through the model's one vocabulary.
#[test]
fn units_of_other_sectors_are_readable() {
    let units = [
        "120元/亩",
        "35元/人次",
        "1.2万元/人",
        "≤3‰",
        "2万人次",
        "50万立方米",
        "6台套",
    ];
    let mut text = SEEDS[4].to_string();
    for value in units {
        assert!(
            text.contains("\t>90%\n"),
            "seed 004 has a >90% target to replace"
        );
        text = text.replacen("\t>90%\n", &format!("\t{value}\n"), 1);
    }
    let document = parse_tika_text(&text).document;
    let written: Vec<_> = document
        .projects
        .iter()
        .flat_map(|p| &p.indicators)
        .filter(|i| units.contains(&i.target.raw.trim()))
        .collect();
    assert_eq!(
        written.len(),
        units.len(),
        "each unit is a target of the table"
    );
    let reviewed = (document.clone(), review(&document));
    let unreadable: Vec<String> = places(&reviewed, "unreadable-target")
        .into_iter()
        .filter(|(_, name)| {
            !["项目预算控制数", "花费成本", "收集资料情况"].contains(&name.as_str())
        })
        .map(|(_, name)| name)
        .collect();
    assert_eq!(
        unreadable,
        ["企业上市奖励资金执行率"],
        "only seed 004's own `100百` (and its bare 万) is unreadable"
    );
}

#[test]
fn every_rule_keeps_its_tests_beside_it() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("the rules directory") {
        let path = entry.expect("an entry").path();
        if path.file_name().is_some_and(|n| n == "mod.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a rule file");
        assert!(
            text.contains("#[cfg(test)]") && text.contains("#[test]"),
            "{} has no tests beside it",
            path.display()
        );
        files += 1;
    }
    assert_eq!(files, jixiao_review::RULES.len(), "one file per rule");
}
