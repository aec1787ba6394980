//! Round trips: every seed parsed, written as .docx (and .xlsx), read back to an equal model.
//! Equal means every value a reader sees; source positions and the raw text of amounts (a table
//! cell instead of the sentence it was first read from) are the only things allowed to differ.
//! Then seeds given the fields multi-year, 101号 and department tables add (主管部门, 实施单位,
//! 实施期资金总额, 实施期目标, 实施期指标值, 权重, 指标方向性; 基本支出, 项目支出, 年度主要任务),
//! which must read back as well, and the open data that carries them.

use jixiao_ingest::{parse_bytes, parse_tika_text};
use jixiao_model::{
    AmountUnit, Budget, DepartmentTask, Direction, Document, GoalItem, Span, TargetValue,
};
use jixiao_publish::PublishError;
use rust_decimal::Decimal;

const SEEDS: [(&str, &str); 5] = [
    (
        "000",
        include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    ),
    (
        "001",
        include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    ),
    (
        "002",
        include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    ),
    (
        "003",
        include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    ),
    (
        "004",
        include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
    ),
];

/// The document without source positions and written forms of amounts.
pub fn comparable(document: &Document) -> Document {
    let mut document = document.clone();
    let zero = Span::default();
    for evidence in &mut document.fiscal_year.evidence {
        evidence.line = 0;
    }
    document
        .fiscal_year
        .evidence
        .sort_by(|a, b| (a.year, &a.source).cmp(&(b.year, &b.source)));
    document.unit.basis.clear();
    // The sentence or the cell the department's total was read from (the sentence itself is
    // compared where it stands, in its raw section).
    document.department_budget_raw = None;
    document.department_basic_raw = None;
    document.department_project_raw = None;
    let goals = &mut document.goals;
    for item in goals
        .overall
        .iter_mut()
        .chain(&mut goals.itemised)
        .chain(&mut goals.safeguards)
    {
        item.span = zero;
    }
    for indicator in &mut document.department_indicators {
        indicator.span = zero;
    }
    for section in &mut document.raw_sections {
        section.span = zero;
    }
    for task in &mut document.department_tasks {
        task.span = zero;
        task.budget.total_raw = None;
        task.budget.fiscal_raw = None;
        task.budget.other_raw = None;
    }
    for project in &mut document.projects {
        project.span = zero;
        project.budget.total_raw = None;
        project.budget.fiscal_raw = None;
        project.budget.other_raw = None;
        for goal in project.goals.iter_mut().chain(&mut project.period_goals) {
            goal.span = zero;
        }
        if let Some(period) = &mut project.period_budget {
            period.total_raw = None;
            period.fiscal_raw = None;
            period.other_raw = None;
        }
        for indicator in &mut project.indicators {
            indicator.span = zero;
        }
        for blank in &mut project.blank_rows {
            blank.span = zero;
        }
    }
    document
}

type Write = fn(&Document) -> Result<Vec<u8>, PublishError>;

/// Writes `original` with `write`, reads it back, and compares; on a difference, shows where.
fn assert_round_trips(name: &str, format: &str, original: &Document, write: Write) {
    let bytes = write(original).unwrap_or_else(|e| panic!("{name}: {format} not written: {e}"));
    let back = parse_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {format} not readable: {e}"));
    let (want, got) = (comparable(original), comparable(&back.document));
    if want != got {
        let (want, got) = (format!("{want:#?}"), format!("{got:#?}"));
        // The first line that differs in more than a decimal's scale (`10.50` is `10.5`).
        let same = |x: &str, y: &str| {
            let number = |line: &str| line.trim().trim_end_matches(',').parse::<Decimal>().ok();
            x == y || number(x).is_some_and(|n| number(y) == Some(n))
        };
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(x, y)| !same(x, y))
            .unwrap_or(0);
        let context: Vec<String> = want
            .lines()
            .zip(got.lines())
            .skip(first.saturating_sub(8))
            .take(16)
            .map(|(x, y)| format!("{x}  ||  {y}"))
            .collect();
        panic!(
            "{name}: {format} round trip differs at line {first}:\n{}\ndiagnostics: {:#?}",
            context.join("\n"),
            back.diagnostics
        );
    }
}

/// Writes every seed with `write`, reads it back, and compares.
fn round_trip(format: &str, write: Write) {
    for (name, text) in SEEDS {
        assert_round_trips(name, format, &parse_tika_text(text).document, write);
    }
}

#[test]
fn every_seed_round_trips_through_docx() {
    round_trip("docx", jixiao_publish::to_docx);
}

#[test]
fn every_seed_round_trips_through_xlsx() {
    round_trip("xlsx", jixiao_publish::to_xlsx);
}

#[test]
fn the_seeds_tables_get_no_new_rows_or_columns() {
    for (name, text) in SEEDS {
        let document = parse_tika_text(text).document;
        let fields = document.projects.iter().any(|p| {
            p.competent_department.is_some()
                || p.implementing_unit.is_some()
                || p.period_budget.is_some()
                || !p.period_goals.is_empty()
        }) || document
            .projects
            .iter()
            .flat_map(|p| &p.indicators)
            .chain(&document.department_indicators)
            .any(|i| i.weight.is_some() || i.direction.is_some() || i.period_target.is_some());
        assert!(!fields, "{name}: a seed carries none of the new fields");
        let xml = docx_text(&jixiao_publish::to_docx(&document).expect("docx"));
        assert!(
            document.department_basic_yuan.is_none()
                && document.department_project_yuan.is_none()
                && document.department_tasks.is_empty(),
            "{name}: no department table of its own"
        );
        assert!(
            !xml.contains("年度预算安排"),
            "{name}: no department budget row"
        );
        for label in NEW_LABELS.iter().chain(&["年度主要任务", "任务名称"]) {
            // A cell of its own (the prose may well use the words).
            assert!(
                !xml.contains(&format!(">{label}</w:t>")),
                "{name}: {label} written without a value"
            );
        }
    }
}

/// The labels and column headers the new fields are written under.
const NEW_LABELS: [&str; 7] = [
    "主管部门",
    "实施单位",
    "实施期资金总额",
    "实施期目标",
    "实施期指标值",
    "权重",
    "指标方向性",
];

/// The XML of a .docx's body (a cell's text is `…>text</w:t>`).
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("XML");
    xml
}

fn decimal(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

fn goal(label: Option<&str>, text: &str) -> GoalItem {
    GoalItem {
        label: label.map(str::to_string),
        text: text.to_string(),
        ..GoalItem::default()
    }
}

/// Seed 004 (11 projects, amounts in 万元) with the new fields set on some projects and indicators.
fn with_new_fields() -> Document {
    let mut document = parse_tika_text(SEEDS[4].1).document;
    assert!(document.projects.len() >= 4, "seed 004 has its projects");
    let unit = document.projects[0].budget.unit;
    assert!(unit.is_some(), "seed 004 states its amount unit");
    let in_unit = |written: &str| unit.map(|u| u.to_yuan(decimal(written)));

    // Project 0: every new field; both names in one row, a period budget, numbered period goals.
    // Only the period's total is written and read (实施期资金总额): no label of the vocabulary
    // names the period's 财政资金 or 其他资金, and 其中：财政资金 beside it would be the year's.
    let project = &mut document.projects[0];
    project.competent_department = Some("乐亭县人民政府办公室".into());
    project.implementing_unit = Some("乐亭县生态环保巡查指挥调度中心".into());
    project.period_budget = Some(Budget {
        unit,
        total_yuan: in_unit("234.5"),
        ..Budget::default()
    });
    project.period_goals = vec![
        goal(Some("1、"), "三年内完成全县空气质量站点点位调整。"),
        goal(Some("2、"), "监测数据真实有效，联网正常。"),
    ];
    let weights = ["12.5", "10", "7.25", "20.00"];
    let directions = [Direction::Positive, Direction::Negative, Direction::Neutral];
    // A period target keeps its cell exactly, as the year's does (`≤15mg/l ` with its blank).
    let periods = ["≥95%", "有所提升", "3个", "≤15mg/l "];
    for (index, indicator) in project.indicators.iter_mut().enumerate() {
        indicator.weight = weights.get(index).map(|w| decimal(w));
        indicator.direction = directions.get(index % 4).copied();
        indicator.period_target = periods.get(index).map(|p| TargetValue::parse(p));
    }

    // Project 1: the competent department alone, and a weight on one indicator only.
    let project = &mut document.projects[1];
    project.competent_department = Some("乐亭县人民政府".into());
    if let Some(indicator) = project.indicators.last_mut() {
        indicator.weight = Some(decimal("5.5"));
    }

    // Project 2: the implementing unit alone, a period budget and one period goal without an
    // enumerator; directions only.
    let project = &mut document.projects[2];
    project.implementing_unit = Some("乐亭县地方志办公室".into());
    project.period_budget = Some(Budget {
        unit,
        total_yuan: in_unit("1000"),
        ..Budget::default()
    });
    project.period_goals = vec![goal(None, "编辑出版三年的《乐亭年鉴》。")];
    for indicator in &mut project.indicators {
        indicator.direction = Some(Direction::Positive);
    }

    // Project 3: period targets only.
    for indicator in &mut document.projects[3].indicators {
        indicator.period_target = Some(TargetValue::parse("100%"));
    }
    document
}

/// The messages a written document reads back with, without their lines.
fn messages(document: &Document, write: Write) -> Vec<String> {
    let back = parse_bytes(&write(document).expect("written")).expect("readable");
    back.diagnostics.into_iter().map(|d| d.message).collect()
}

/// The document round trips, and reads back with no message the plain seed does not give.
fn new_fields_round_trip(format: &str, write: Write) {
    let document = with_new_fields();
    assert_round_trips("004 with new fields", format, &document, write);
    assert_eq!(
        messages(&document, write),
        messages(&parse_tika_text(SEEDS[4].1).document, write),
        "{format}: the new rows and columns read without a word"
    );
}

#[test]
fn new_project_and_indicator_fields_round_trip_through_docx() {
    new_fields_round_trip("docx", jixiao_publish::to_docx);
}

#[test]
fn new_project_and_indicator_fields_round_trip_through_xlsx() {
    new_fields_round_trip("xlsx", jixiao_publish::to_xlsx);
}

/// The document really carries what the round trip compares (the comparison is not vacuous).
#[test]
fn the_new_fields_are_written_under_their_labels() {
    let document = with_new_fields();
    let xml = docx_text(&jixiao_publish::to_docx(&document).expect("docx"));
    for label in NEW_LABELS {
        assert!(xml.contains(&format!(">{label}</w:t>")), "{label} written");
    }
    let back = parse_bytes(&jixiao_publish::to_xlsx(&document).expect("xlsx"))
        .expect("readable")
        .document;
    let project = &back.projects[0];
    assert_eq!(
        project.implementing_unit.as_deref(),
        Some("乐亭县生态环保巡查指挥调度中心")
    );
    assert_eq!(
        project.period_budget.as_ref().and_then(|b| b.total_yuan),
        Some(decimal("2345000"))
    );
    assert_eq!(project.period_goals.len(), 2);
    let indicators = &project.indicators;
    assert_eq!(indicators[0].weight, Some(decimal("12.5")));
    assert_eq!(
        indicators[..3]
            .iter()
            .map(|i| i.direction)
            .collect::<Vec<_>>(),
        [
            Some(Direction::Positive),
            Some(Direction::Negative),
            Some(Direction::Neutral)
        ]
    );
    assert_eq!(
        indicators[0].period_target.as_ref().map(|t| t.raw.as_str()),
        Some("≥95%")
    );
}

/// Seed 002's department table (评（扣）分标准 and 符号 | 值 | 单位 under 指标值), given weights,
/// directions and period targets: the department's indicator table is laid out by the same code
/// as a project's, and the new columns must keep the split header's columns in place.
#[test]
fn department_indicators_with_new_columns_round_trip() {
    let mut document = parse_tika_text(SEEDS[2].1).document;
    let indicators = &mut document.department_indicators;
    assert!(!indicators.is_empty());
    assert!(indicators.iter().any(|i| i.value_parts.is_some()));
    assert!(indicators.iter().any(|i| i.scoring_rule.is_some()));
    for (index, indicator) in indicators.iter_mut().enumerate() {
        indicator.weight = Some(Decimal::new(125 + index as i64, 1));
        indicator.direction = [Direction::Positive, Direction::Negative, Direction::Neutral]
            .get(index % 3)
            .copied();
        if index % 2 == 0 {
            indicator.period_target = Some(TargetValue::parse("≥98%"));
        }
    }
    assert_round_trips("002 department", "docx", &document, jixiao_publish::to_docx);
    assert_round_trips("002 department", "xlsx", &document, jixiao_publish::to_xlsx);
}

/// The named columns of a CSV export.
fn csv_table(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("BOM");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    let rows = reader.records().map(|r| r.expect("row")).collect();
    (header, rows)
}

#[test]
fn open_data_carries_the_new_columns_at_the_end() {
    let document = with_new_fields();
    let (header, rows) = csv_table(&jixiao_publish::to_csv(&[&document]).expect("csv"));
    let names: Vec<&str> = header.iter().collect();
    assert_eq!(
        names[17..],
        [
            "weight",
            "direction",
            "period_target",
            "competent_department",
            "implementing_unit"
        ],
        "appended after the columns there were"
    );
    assert_eq!(names[..17].last(), Some(&"line"));
    let column = |name: &str| names.iter().position(|h| *h == name).expect(name);
    let first = &rows[0];
    assert_eq!(&first[column("weight")], "12.5");
    assert_eq!(&first[column("direction")], "正向");
    assert_eq!(&first[column("period_target")], "≥95%");
    assert_eq!(
        &first[column("competent_department")],
        "乐亭县人民政府办公室"
    );
    assert_eq!(
        &first[column("implementing_unit")],
        "乐亭县生态环保巡查指挥调度中心"
    );
    assert_eq!(&rows[1][column("direction")], "反向");
    assert_eq!(&rows[2][column("direction")], "中性");
    let second_project = document.projects[0].indicators.len();
    let row = &rows[second_project];
    assert_eq!(&row[column("competent_department")], "乐亭县人民政府");
    assert_eq!(&row[column("implementing_unit")], "", "absent is empty");
    assert_eq!(&row[column("weight")], "");

    let json: serde_json::Value =
        serde_json::from_slice(&jixiao_publish::to_json(&[&document]).expect("json"))
            .expect("JSON");
    let item = &json[0];
    assert_eq!(item["weight"], "12.5");
    assert_eq!(item["direction"], "正向");
    assert_eq!(item["period_target"], "≥95%");
    assert_eq!(item["competent_department"], "乐亭县人民政府办公室");
    assert_eq!(item["implementing_unit"], "乐亭县生态环保巡查指挥调度中心");
    assert_eq!(
        json[second_project]["implementing_unit"],
        serde_json::Value::Null
    );

    // Open data is data about target tables, not one: the importer still refuses it whole.
    let csv = jixiao_publish::to_csv(&[&document]).expect("csv");
    let parsed = parse_bytes(&csv).expect("readable");
    assert!(
        parsed.no_target_table().is_some(),
        "{:?}",
        parsed.diagnostics
    );

    let schema: serde_json::Value =
        serde_json::from_str(jixiao_publish::SCHEMA_JSON).expect("schema");
    let direction = schema["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == "direction")
        .expect("direction documented");
    assert_eq!(
        direction["constraints"]["enum"],
        serde_json::json!(["正向", "反向", "中性"])
    );
}

fn task(name: &str, details: &[&str], amounts: [Option<&str>; 3]) -> DepartmentTask {
    let wan = |written: Option<&str>| written.map(|w| AmountUnit::WanYuan.to_yuan(decimal(w)));
    DepartmentTask {
        name: name.to_string(),
        details: details.iter().map(|d| d.to_string()).collect(),
        budget: Budget {
            unit: Some(AmountUnit::WanYuan),
            total_yuan: wan(amounts[0]),
            fiscal_yuan: wan(amounts[1]),
            other_yuan: wan(amounts[2]),
            ..Budget::default()
        },
        span: Span::default(),
    }
}

/// Seed 002 (a department section: goals in prose, its budget in a sentence, a department
/// indicator table) given 基本支出 / 项目支出 and 年度主要任务: written as the department's own
/// table under 部门整体支出绩效目标表, before its indicators, and read back.
#[test]
fn department_spending_and_tasks_round_trip() {
    let mut document = parse_tika_text(SEEDS[2].1).document;
    assert!(document.department_budget_yuan.is_some(), "stated in prose");
    document.department_basic_yuan = Some(decimal("19209600"));
    document.department_project_yuan = Some(decimal("16651800.50"));
    document.department_tasks = vec![
        task(
            "大气污染防治",
            &["开展大气污染综合治理"],
            [Some("1200.5"), Some("1000"), Some("200.5")],
        ),
        task("水污染防治", &[], [Some("300"), None, Some("0")]),
        task(
            "人员经费保障",
            &["按时发放工资", "基本支出"],
            [Some("86.25"), Some("86.25"), None],
        ),
        // A task with its name and nothing else.
        task("只有名称", &[], [None, None, None]),
    ];
    for (format, write) in [
        ("docx", jixiao_publish::to_docx as Write),
        ("xlsx", jixiao_publish::to_xlsx),
    ] {
        assert_round_trips("002 department tasks", format, &document, write);
        assert_eq!(
            messages(&document, write),
            messages(&parse_tika_text(SEEDS[2].1).document, write),
            "{format}: the department's table reads without a word"
        );
    }
}

/// A department total read from a table (no sentence states it) is written in the table too.
#[test]
fn a_department_total_read_from_a_table_is_written_in_it() {
    let mut document = parse_tika_text(SEEDS[2].1).document;
    document.raw_sections.retain(|s| {
        !document
            .department_budget_raw
            .as_deref()
            .is_some_and(|raw| s.text.contains(raw))
    });
    document.department_budget_yuan = Some(decimal("1714100"));
    document.department_budget_raw = Some("1714100".into());
    document.department_basic_yuan = Some(decimal("1106100"));
    document.department_project_yuan = Some(decimal("608000"));
    for (format, write) in [
        ("docx", jixiao_publish::to_docx as Write),
        ("xlsx", jixiao_publish::to_xlsx),
    ] {
        assert_round_trips("002 department total", format, &document, write);
    }
    let xml = docx_text(&jixiao_publish::to_docx(&document).expect("docx"));
    // In 元: the document names no amount unit of its own (its projects have no amounts).
    assert!(xml.contains(">资金总额</w:t>") && xml.contains(">1714100</w:t>"));
    // Stated in prose, it is not written twice.
    let stated = parse_tika_text(SEEDS[2].1).document;
    let xml = docx_text(&jixiao_publish::to_docx(&stated).expect("docx"));
    assert!(!xml.contains(">资金总额</w:t>"));
}

#[test]
fn every_excel_sheet_prints_on_a4_landscape_one_page_wide() {
    use std::io::Read;
    for (name, text) in SEEDS {
        let bytes = jixiao_publish::to_xlsx(&parse_tika_text(text).document).expect("xlsx");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let sheets: Vec<String> = (1..)
            .map(|n| format!("xl/worksheets/sheet{n}.xml"))
            .take_while(|sheet| archive.by_name(sheet).is_ok())
            .collect();
        assert!(!sheets.is_empty(), "{name}");
        for sheet in sheets {
            let mut xml = String::new();
            archive
                .by_name(&sheet)
                .expect("sheet")
                .read_to_string(&mut xml)
                .expect("XML");
            assert!(
                xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
                "{name} {sheet}"
            );
            assert!(
                xml.contains("paperSize=\"9\"")
                    && xml.contains("orientation=\"landscape\"")
                    && xml.contains("fitToHeight=\"0\""),
                "{name} {sheet}: {}",
                &xml[xml.find("<pageSetup").unwrap_or(0)..]
                    .chars()
                    .take(200)
                    .collect::<String>()
            );
        }
    }
}

/// The text of every shared string of an .xlsx.
fn xlsx_strings(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    archive
        .by_name("xl/sharedStrings.xml")
        .expect("sharedStrings.xml")
        .read_to_string(&mut xml)
        .expect("XML");
    xml
}

#[test]
fn last_years_values_go_beside_the_rows_of_the_analysis_sheet_and_do_not_read_back() {
    let document = parse_tika_text(SEEDS[4].1).document;
    let mut beside: Vec<Vec<Option<(String, String)>>> = vec![Vec::new(); document.projects.len()];
    beside[0] = vec![Some(("≥7个".to_string(), "完成9个".to_string()))];
    let bytes = jixiao_publish::to_xlsx_beside(&document, &beside).expect("xlsx");
    let strings = xlsx_strings(&bytes);
    assert!(strings.contains("上年指标值") && strings.contains("上年完成值"));
    assert!(strings.contains("≥7个") && strings.contains("完成9个"));
    assert!(
        !xlsx_strings(&jixiao_publish::to_xlsx(&document).expect("xlsx")).contains("上年指标值")
    );
    assert_round_trips("004 with last year", "xlsx", &document, |d| {
        jixiao_publish::to_xlsx_beside(d, &[vec![Some(("≥7个".into(), "完成9个".into()))]])
    });
}
