//! Figures counted by hand from the seeds (issue #2) and a sample of exact values per seed.

use jixiao_ingest::{Parsed, parse_tika_text};
use jixiao_model::{
    AmountUnit, Comparator, Indicator, Level1Kind, Level2Kind, PlanMode, TargetKind, YearBasis,
};
use rust_decimal::Decimal;

use crate::SEEDS;

fn seed(index: usize) -> Parsed {
    parse_tika_text(SEEDS[index])
}

fn yuan(text: &str) -> Option<Decimal> {
    Some(text.parse().expect("decimal literal"))
}

fn totals(parsed: &Parsed) -> Vec<Option<String>> {
    parsed
        .document
        .projects
        .iter()
        .map(|p| p.budget.total_yuan.map(|d| d.to_string()))
        .collect()
}

fn brief(indicator: &Indicator) -> (String, String, String, String) {
    (
        indicator.level1.raw.clone(),
        indicator.level2.raw.clone(),
        indicator.name.clone(),
        indicator.target.raw.clone(),
    )
}

fn strings(items: &[&str]) -> Vec<Option<String>> {
    items.iter().map(|s| Some(s.to_string())).collect()
}

#[test]
fn hand_counted_figures() {
    let expected: [(usize, usize, &str, usize); 5] = [
        (6, 54, "9059000.00", 0),
        (7, 50, "45535900.00", 0),
        (24, 167, "0", 16),
        (4, 21, "5548300.00", 0),
        (11, 101, "13230000.00", 0),
    ];
    for (index, (projects, indicators, total, department)) in expected.into_iter().enumerate() {
        let parsed = seed(index);
        let document = &parsed.document;
        assert_eq!(document.projects.len(), projects, "seed {index} projects");
        assert_eq!(
            document.indicator_count(),
            indicators,
            "seed {index} indicators"
        );
        assert_eq!(
            document.project_budget_total_yuan(),
            total.parse::<Decimal>().expect("decimal"),
            "seed {index} total"
        );
        assert_eq!(
            document.department_indicators.len(),
            department,
            "seed {index} department rows"
        );
    }
}

#[test]
fn seed_000_per_period_plan_and_yuan() {
    let parsed = seed(0);
    let document = &parsed.document;
    assert_eq!(document.unit.code.as_deref(), Some("418001"));
    assert_eq!(
        document.unit.name.as_deref(),
        Some("玉田县生态环境保护事务中心")
    );
    assert_eq!(document.amount_unit, Some(AmountUnit::Yuan));
    assert_eq!(
        totals(&parsed),
        strings(&[
            "100000.00",
            "50000.00",
            "784000.00",
            "5825000.00",
            "2000000.00",
            "300000.00"
        ])
    );
    let first = &document.projects[0];
    assert_eq!(first.code.as_deref(), Some("13022923P00JXC414284D"));
    assert_eq!(first.name, "环保督查经费");
    assert_eq!(
        first.purpose.as_deref(),
        Some("接待中央环保督察、省市环保督察组来我县帮扶指导工作")
    );
    assert_eq!(first.goals[0].text, "目标内容1");
    let plan = first.spending_plan.as_ref().expect("plan");
    assert_eq!(plan.mode, PlanMode::PerPeriod);
    let figures: Vec<(&str, &str)> = plan
        .checkpoints
        .iter()
        .map(|c| (c.label.as_str(), c.raw.as_str()))
        .collect();
    assert_eq!(
        figures,
        [
            ("3月底", "50%"),
            ("6月底", "50%"),
            ("10月底", ""),
            ("12月底", "")
        ]
    );
    assert_eq!(
        brief(&first.indicators[0]),
        (
            "产出指标".into(),
            "数量指标".into(),
            "召开年度工作会议次数".into(),
            "≥90百分比".into()
        )
    );
    let target = &first.indicators[0].target;
    assert_eq!(
        (target.comparator, target.unit.as_deref()),
        (Some(Comparator::Ge), Some("百分比"))
    );
    let last = document
        .projects
        .last()
        .and_then(|p| p.indicators.last())
        .expect("last row");
    assert_eq!(brief(last).2, "社会公众和服务对象满意度");
    assert!(last.level1.merged || last.level1.raw == "满意度指标");
    assert_eq!(document.fiscal_year.basis, YearBasis::Inferred);
    assert_eq!(document.fiscal_year.year, Some(2023));
    assert_eq!(document.goals.itemised.len(), 2);
    assert_eq!(
        document.goals.itemised[0].target.as_deref(),
        Some("企业污染治理")
    );
    assert_eq!(document.goals.safeguards.len(), 5);
}

#[test]
fn seed_001_wan_yuan_and_the_year_its_codes_bound() {
    let parsed = seed(1);
    let document = &parsed.document;
    assert_eq!(document.unit.code.as_deref(), Some("467001"));
    assert_eq!(document.amount_unit, Some(AmountUnit::WanYuan));
    assert_eq!(
        totals(&parsed),
        strings(&[
            "5900000.00",
            "2880000.00",
            "778000.00",
            "2300000.00",
            "634500.00",
            "338200.00",
            "32705200.00"
        ])
    );
    assert_eq!(
        document.projects[5].budget.total_raw.as_deref(),
        Some("33.82")
    );
    let cost = &document.projects[5].indicators[3];
    assert_eq!(cost.target.number, yuan("33.821"));
    assert_eq!(cost.target.unit.as_deref(), Some("万元"));
    // The codes were entered in 2025, so the 2024 in project names and the 2021 in the goals are
    // older text: the year is 2025, with every clue kept as evidence.
    assert_eq!(document.fiscal_year.year, Some(2025));
    assert_eq!(document.fiscal_year.basis, YearBasis::Inferred);
    let years: std::collections::BTreeSet<u16> = document
        .fiscal_year
        .evidence
        .iter()
        .map(|e| e.year)
        .collect();
    assert!(years.contains(&2024) && years.contains(&2025), "{years:?}");
    assert!(
        !parsed
            .diagnostics
            .iter()
            .any(|d| d.message.contains("预算年度无法确定"))
    );
    // A cell split by a blank line (项目4 项目完成时间) is mended into one row.
    let timely = &document.projects[3].indicators[2];
    assert_eq!(
        (
            timely.name.as_str(),
            timely.description.as_str(),
            timely.target.raw.as_str()
        ),
        ("项目完成时间", "项目完成时间", "≤12月")
    );
    assert_eq!(
        document.projects[4].indicators[2].target.kind,
        TargetKind::Qualitative
    );
    assert_eq!(document.projects[4].indicators[2].target.raw, "7、8、9月份");
    assert!(
        document.projects[6]
            .purpose
            .as_deref()
            .is_some_and(|p| p.contains("\n")),
        "multi-line purpose kept"
    );
    let first = brief(&document.projects[0].indicators[0]);
    assert_eq!(
        first,
        (
            "产出指标".into(),
            "数量指标".into(),
            "大气质量管控完成率".into(),
            "≥95%".into()
        )
    );
    let last = document.projects[6].indicators.last().expect("last");
    assert_eq!(
        (last.name.as_str(), last.target.raw.as_str()),
        ("群众满意度", "≥90%")
    );
    assert_eq!(
        document.projects[0].spending_plan.as_ref().map(|p| p.mode),
        Some(PlanMode::Cumulative)
    );
}

#[test]
fn seed_002_department_table_and_titles_without_amounts() {
    let parsed = seed(2);
    let document = &parsed.document;
    assert_eq!(
        document.unit.name.as_deref(),
        Some("廊坊市生态环境局永清县分局")
    );
    assert_eq!(
        (document.fiscal_year.year, document.fiscal_year.basis),
        (Some(2021), YearBasis::Stated)
    );
    assert_eq!(document.department_budget_yuan, yuan("35861400.00"));
    assert!(
        document
            .projects
            .iter()
            .all(|p| p.budget.total_yuan.is_none() && p.code.is_none())
    );
    assert_eq!(document.projects[0].name, "社会化用工人员工资及保险");
    assert_eq!(
        document.projects[0].goals.len(),
        2,
        "goal split by a blank line is one list"
    );
    let first = &document.department_indicators[0];
    assert_eq!(first.name, "执法人员查处案件数量");
    assert_eq!(
        first.scoring_rule.as_deref(),
        Some("每减少500个，减分值的25%")
    );
    assert_eq!(
        (
            first.target.comparator,
            first.target.number,
            first.target.unit.as_deref()
        ),
        (Some(Comparator::Ge), yuan("1000.00"), Some("个"))
    );
    let last = document.department_indicators.last().expect("last");
    assert_eq!(
        (
            last.level1.kind,
            last.name.as_str(),
            last.target.raw.as_str()
        ),
        (Some(Level1Kind::Satisfaction), "受益对象满意度", "≥90.00%")
    );
    let timely = &document.department_indicators[7];
    assert_eq!(
        (timely.target.kind, timely.target.text.as_deref()),
        (TargetKind::Qualitative, Some("及时"))
    );
    // Item 20's 预算成本 cell spans two blank lines.
    let cost = &document.projects[19].indicators[3];
    assert_eq!(
        (
            cost.name.as_str(),
            cost.description.as_str(),
            cost.target.raw.as_str()
        ),
        ("预算成本", "不超出预算成本", "≤4.64万元")
    );
    assert_eq!(
        document.projects[10].indicators[2].target.raw,
        "2019年12月底前"
    );
    let last_row = document
        .projects
        .last()
        .and_then(|p| p.indicators.last())
        .expect("last");
    assert_eq!(
        (last_row.name.as_str(), last_row.target.raw.as_str()),
        ("服务对象满意度", "≥90%")
    );
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.line == 338 && d.message.contains("交通局")),
        "stale TC field reported"
    );
    let headings: Vec<&str> = document
        .raw_sections
        .iter()
        .filter_map(|s| s.heading.as_deref())
        .collect();
    assert!(
        headings.contains(&"六、政府采购预算情况") && headings.contains(&"七、国有资产信息"),
        "{headings:?}"
    );
    assert!(
        document
            .raw_sections
            .iter()
            .any(|s| s.text.contains("268.17"))
    );
}

#[test]
fn seed_003_prose_budgets_typos_and_blank_rows() {
    let parsed = seed(3);
    let document = &parsed.document;
    assert_eq!(document.unit.name.as_deref(), Some("高新区生态环境分局"));
    assert_eq!(
        totals(&parsed),
        strings(&["750000", "2290000", "1500000", "1008300.00"])
    );
    let second = &document.projects[1].budget;
    assert_eq!(
        (second.fiscal_yuan, second.other_yuan),
        (yuan("2290000"), yuan("0"))
    );
    assert_eq!(second.total_raw.as_deref(), Some("预算数229万元"));
    let plan = document.projects[1].spending_plan.as_ref().expect("plan");
    assert_eq!(plan.mode, PlanMode::Cumulative);
    assert_eq!(
        plan.checkpoints
            .iter()
            .map(|c| c.raw.as_str())
            .collect::<Vec<_>>(),
        ["0", "0", "100", "100"]
    );
    let typo = &document.projects[0].indicators[0];
    assert_eq!(
        (
            typo.level2.kind,
            typo.level2.raw.as_str(),
            typo.level2.canonical
        ),
        (Some(Level2Kind::Timeliness), "实效指标", false)
    );
    let effect = &document.projects[0].indicators[2];
    assert_eq!(
        (effect.level1.raw.as_str(), effect.level1.canonical),
        ("效果指标", false)
    );
    let merged = &document.projects[2].indicators[0];
    assert_eq!(
        (
            merged.level2.kind,
            merged.level2.merged,
            merged.name.as_str()
        ),
        (Some(Level2Kind::Quantity), true, "预计年中完成跟踪评价")
    );
    assert_eq!(document.projects[3].indicators[2].target.raw, "25");
    assert!(
        document.projects.iter().all(|p| !p.blank_rows.is_empty()),
        "empty rows are kept as blank rows"
    );
    assert!(
        document.projects[0]
            .blank_rows
            .iter()
            .any(|b| b.text == "……")
    );
}

#[test]
fn seed_004_odd_values() {
    let parsed = seed(4);
    let document = &parsed.document;
    assert_eq!(
        (document.fiscal_year.year, document.fiscal_year.basis),
        (Some(2024), YearBasis::Inferred)
    );
    assert_eq!(
        totals(&parsed),
        strings(&[
            "780000.00",
            "1500000.00",
            "1700000.00",
            "220000.00",
            "280000.00",
            "2100000.00",
            "150000.00",
            "100000.00",
            "1000000.00",
            "4000000.00",
            "1400000.00"
        ])
    );
    assert_eq!(document.projects[2].indicators[5].target.raw, "210万元");
    let odd = &document.projects[5].indicators[3];
    assert_eq!(
        (odd.target.raw.as_str(), odd.target.unit.as_deref()),
        ("100百", Some("百"))
    );
    let mg = &document.projects[9].indicators[2];
    assert_eq!(
        (
            mg.target.raw.as_str(),
            mg.target.number,
            mg.target.unit.as_deref()
        ),
        ("≤15mg/l ", yuan("15"), Some("mg/l"))
    );
    let gt = &document.projects[1].indicators.last().expect("row").target;
    assert_eq!(
        (gt.comparator, gt.raw.as_str()),
        (Some(Comparator::Gt), ">90%")
    );
    assert_eq!(document.projects[0].indicators[1].name, "质量指标");
    let cost = &document.projects[10].indicators[6];
    assert_eq!(
        (cost.name.as_str(), cost.target.raw.as_str()),
        ("花费成本", "140万元"),
        "row split by blank lines is mended"
    );
    assert_eq!(brief(&document.projects[0].indicators[0]).2, "建设数量");
    let last = document.projects[10].indicators.last().expect("last");
    assert_eq!(
        (
            last.name.as_str(),
            last.target.raw.as_str(),
            last.span.first_line
        ),
        ("服务对象满意度", ">90%", 1262)
    );
}

/// Every seed saved as Windows does: GB18030, and UTF-16 ("Unicode" in Notepad) with CRLF lines.
#[test]
fn every_seed_reads_the_same_in_windows_encodings() {
    for text in SEEDS {
        let expected = parse_tika_text(text).document;
        let windows = text.replace('\n', "\r\n");
        let (gb18030, _, _) = encoding_rs::GB18030.encode(text);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(windows.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        for (encoding, bytes) in [("GB18030", gb18030.to_vec()), ("UTF-16", utf16)] {
            let parsed = jixiao_ingest::parse_bytes(&bytes).expect(encoding);
            assert_eq!(
                parsed.document.projects.len(),
                expected.projects.len(),
                "{encoding}"
            );
            assert_eq!(parsed.document.unit, expected.unit, "{encoding}");
            let targets = |d: &jixiao_model::Document| -> Vec<String> {
                d.projects
                    .iter()
                    .flat_map(|p| p.indicators.iter().map(|i| i.target.raw.clone()))
                    .collect()
            };
            assert_eq!(targets(&parsed.document), targets(&expected), "{encoding}");
        }
    }
}
