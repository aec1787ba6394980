//! Layouts other than the Hebei seeds', each with every target value written out beforehand.

use jixiao_ingest::parse_bytes;
use jixiao_model::Severity;

/// (一级, 二级, 三级, target as printed, number, unit or text) of one indicator row.
pub(crate) type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

/// Every row of the fixtures: a 101号-style table whose value is split into 指标性质 | 指标值 | 度量单位.
pub(crate) const SPLIT_VALUE_ROWS: [Expected; 6] = [
    (
        "产出指标",
        "数量指标",
        "调整点位数量",
        "=1个",
        Some("1"),
        "个",
    ),
    (
        "产出指标",
        "质量指标",
        "数据有效率",
        "≥95%",
        Some("95"),
        "%",
    ),
    (
        "产出指标",
        "时效指标",
        "完成时间",
        "≤12月",
        Some("12"),
        "月",
    ),
    (
        "成本指标",
        "经济成本指标",
        "项目预算控制数",
        "≤78万元",
        Some("78"),
        "万元",
    ),
    (
        "效益指标",
        "社会效益指标",
        "空气质量",
        "定性持续提升",
        None,
        "持续提升",
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "群众满意度",
        "≥90%",
        Some("90"),
        "%",
    ),
];

/// A fixture's text, as written in `tests/data/layouts/`.
fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/data/layouts/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> jixiao_ingest::Parsed {
    parse_bytes(fixture(name).as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_split_values(name: &str) -> jixiao_ingest::Parsed {
    let parsed = read(name);
    assert_eq!(parsed.document.projects.len(), 1, "{name}");
    let project = &parsed.document.projects[0];
    assert_eq!(
        project.budget.total_yuan.map(|d| d.to_string()).as_deref(),
        Some("780000.00"),
        "{name}"
    );
    let read: Vec<_> = project
        .indicators
        .iter()
        .map(|i| {
            let target = &i.target;
            (
                i.level1.raw.as_str(),
                i.level2.raw.as_str(),
                i.name.as_str(),
                target.raw.as_str(),
                target.number.map(|n| n.to_string()),
                target
                    .unit
                    .clone()
                    .or(target.text.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let expected: Vec<_> = SPLIT_VALUE_ROWS
        .iter()
        .map(|(l1, l2, n, raw, number, unit)| {
            (
                *l1,
                *l2,
                *n,
                *raw,
                number.map(str::to_string),
                unit.to_string(),
            )
        })
        .collect();
    assert_eq!(read, expected, "{name}");
    parsed
}

#[test]
fn split_value_columns_keep_the_value() {
    let parsed = assert_split_values("101-split-value-columns.txt");
    assert_every_cell_read(&parsed, "");
}

#[test]
fn a_unit_name_column_is_not_the_unit_of_measure() {
    let parsed = assert_split_values("unit-name-column.txt");
    assert_eq!(
        parsed.document.unit.name.as_deref(),
        Some("乐亭县人民政府办公室本级")
    );
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Note),
        "the column agrees with the file's unit: {:?}",
        parsed.diagnostics
    );
    let text = fixture("unit-name-column.txt");
    let other = text.replacen(
        "\t乐亭县人民政府办公室本级\n\t产出指标",
        "\t玉田县生态环境保护事务中心\n\t产出指标",
        1,
    );
    assert_ne!(other, text);
    let parsed = parse_bytes(other.as_bytes()).expect("parse");
    assert!(
        parsed.diagnostics.iter().any(|d| d
            .message
            .contains("“单位名称”列的“玉田县生态环境保护事务中心”与文件的单位")),
        "a unit that disagrees is said: {:?}",
        parsed.diagnostics
    );
}

#[test]
fn a_comparator_without_a_number_and_a_project_without_a_budget_are_said() {
    let text = fixture("101-split-value-columns.txt");
    let broken = text
        .replacen("\t≥\n\t95\n", "\t≥\n\t\n", 1)
        .replacen("\t78.00\n", "\t\n", 2);
    assert_ne!(broken, text);
    let parsed = parse_bytes(broken.as_bytes()).expect("parse");
    // Both leave the project unjudgeable: errors, so `--deny error` refuses the file.
    let said = |words: &str| {
        parsed
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains(words))
    };
    assert!(
        said("指标“数据有效率”的指标值“≥%”有比较符号却没有数值"),
        "{:?}",
        parsed.diagnostics
    );
    assert!(
        said("有绩效指标，但没有读到预算数"),
        "{:?}",
        parsed.diagnostics
    );
}

/// (project, budget in 元, goal, [(一级, 二级, 三级, target)]) of the flat fixtures.
type FlatProject = (
    &'static str,
    &'static str,
    &'static str,
    [(&'static str, &'static str, &'static str, &'static str); 2],
);

const FLAT_PROJECTS: [FlatProject; 2] = [
    (
        "文化惠民演出",
        "1200000.00",
        "全年开展惠民演出",
        [
            ("产出指标", "数量指标", "演出场次", "≥40场"),
            ("产出指标", "质量指标", "观众满意度", "≥90%"),
        ],
    ),
    (
        "图书馆免费开放",
        "350000.00",
        "保障图书馆免费开放",
        [
            ("产出指标", "数量指标", "开放天数", "≥300天"),
            ("效益指标", "社会效益指标", "读者人次", "≥5万人次"),
        ],
    ),
];

fn assert_flat(parsed: &jixiao_ingest::Parsed, what: &str) {
    let document = &parsed.document;
    assert_eq!(
        document.unit.name.as_deref(),
        Some("测试县文化广电和旅游局"),
        "{what}"
    );
    let read: Vec<_> = document
        .projects
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.budget.total_yuan,
                p.goals.first().map(|g| g.text.as_str()).unwrap_or_default(),
                p.indicators
                    .iter()
                    .map(|i| {
                        (
                            i.level1.raw.as_str(),
                            i.level2.raw.as_str(),
                            i.name.as_str(),
                            i.target.raw.as_str(),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let expected: Vec<_> = FLAT_PROJECTS
        .iter()
        .map(|(name, budget, goal, rows)| {
            let budget: Option<rust_decimal::Decimal> = budget.parse().ok();
            (*name, budget, *goal, rows.to_vec())
        })
        .collect();
    assert_eq!(read, expected, "{what}");
    assert_every_cell_read(parsed, what);
}

#[test]
fn a_flat_table_with_project_cells_merged_down_is_one_project_per_name() {
    let parsed = read("flat-merged-down.txt");
    assert_flat(&parsed, "Word, merged down");
    assert_eq!(parsed.document.unit.code.as_deref(), Some("418001"));
}

#[test]
fn an_integrated_system_export_repeats_the_project_on_every_row() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("05-2 部门项目支出绩效目标表").expect("name");
    let plain = Format::new();
    for (row, title) in [
        "部门项目支出绩效目标表",
        "单位名称：测试县文化广电和旅游局",
        "金额单位：元",
    ]
    .into_iter()
    .enumerate()
    {
        sheet
            .merge_range(row as u32, 0, row as u32, 9, title, &plain)
            .expect("title");
    }
    let header = [
        "项目代码",
        "项目名称",
        "项目金额",
        "年度目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
    ];
    for (column, text) in header.iter().enumerate() {
        sheet.write_string(3, column as u16, *text).expect("header");
    }
    let codes = ["130229240000000000001", "130229240000000000002"];
    let mut row = 4;
    for ((name, budget, goal, indicators), code) in FLAT_PROJECTS.iter().zip(codes) {
        for (level1, level2, indicator, target) in indicators {
            let (symbol, rest) =
                target.split_at(target.char_indices().nth(1).map_or(0, |(i, _)| i));
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            let unit = &rest[digits.len()..];
            sheet.write_string(row, 0, code).expect("cell");
            sheet.write_string(row, 1, *name).expect("cell");
            sheet
                .write_number(row, 2, budget.parse::<f64>().expect("number"))
                .expect("cell");
            sheet.write_string(row, 3, *goal).expect("cell");
            for (column, text) in [
                (4, *level1),
                (5, *level2),
                (6, *indicator),
                (7, symbol),
                (9, unit),
            ] {
                sheet.write_string(row, column, text).expect("cell");
            }
            sheet
                .write_number(row, 8, digits.parse::<f64>().expect("number"))
                .expect("cell");
            row += 1;
        }
    }
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let parsed = parse_bytes(&bytes).expect("parse");
    assert_flat(&parsed, "一体化 .xlsx");
    let read_codes: Vec<_> = parsed
        .document
        .projects
        .iter()
        .map(|p| p.code.as_deref())
        .collect();
    assert_eq!(read_codes, codes.map(Some));
}

#[test]
fn the_101_template_reads_its_funds_in_the_unit_it_names() {
    let parsed = read("101-template-funds.txt");
    let [project] = &parsed.document.projects[..] else {
        panic!("one project: {:?}", parsed.document.projects);
    };
    assert_eq!(project.name, "农村环境整治项目");
    let budget = &project.budget;
    let yuan = |text: &str| text.parse::<rust_decimal::Decimal>().ok();
    assert_eq!(
        (budget.total_yuan, budget.fiscal_yuan, budget.other_yuan),
        (yuan("1200000"), yuan("1000000"), yuan("200000")),
        "年度资金总额 | 其中：财政拨款 | 其他资金 under 项目资金（万元）"
    );
    assert_eq!(
        project.goals.first().map(|g| g.text.as_str()),
        Some("完成10个村的农村环境整治，改善人居环境")
    );
    let targets: Vec<_> = project
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.raw.as_str(),
                i.name.as_str(),
                i.target.raw.as_str(),
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("产出指标", "整治村庄数量", "≥10个"),
            ("产出指标", "验收合格率", "100%"),
            ("产出指标", "完成时间", "2024年12月底前"),
            ("成本指标", "项目总成本", "≤120万元"),
            ("效益指标", "村庄环境改善", "明显改善"),
            ("满意度指标", "村民满意度", "≥90%"),
        ]
    );
    assert_eq!(
        project.competent_department.as_deref(),
        Some("测试县生态环境局")
    );
    assert_eq!(
        project.implementing_unit.as_deref(),
        Some("测试县生态环境保护事务中心")
    );
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("主管部门")),
        "{:?}",
        parsed.diagnostics
    );
}

/// (一级, 三级, target) of the department fixture's indicator rows.
const DEPARTMENT_ROWS: [(&str, &str, &str); 4] = [
    ("产出指标", "惠民演出场次", "≥40场"),
    ("产出指标", "演出完成率", "100%"),
    ("效益指标", "群众文化获得感", "明显提升"),
    ("满意度指标", "群众满意度", "≥90%"),
];

fn assert_department(parsed: &jixiao_ingest::Parsed, what: &str) {
    let document = &parsed.document;
    assert!(document.projects.is_empty(), "{what}: no fake project");
    assert_eq!(
        parsed.no_target_table(),
        None,
        "{what}: a department table is a target table"
    );
    let read: Vec<_> = document
        .department_indicators
        .iter()
        .map(|i| {
            (
                i.level1.raw.as_str(),
                i.name.as_str(),
                i.target.raw.as_str(),
            )
        })
        .collect();
    assert_eq!(read, DEPARTMENT_ROWS, "{what}");
    assert_eq!(
        document.unit.name.as_deref(),
        Some("测试县文化广电和旅游局"),
        "{what}"
    );
    let goals: Vec<_> = document
        .goals
        .overall
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(goals, ["保障文化惠民工程顺利实施"], "{what}");
    let tasks: Vec<_> = document
        .department_tasks
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.details.clone(),
                t.budget.total_yuan.map(|y| y.normalize().to_string()),
            )
        })
        .collect();
    assert_eq!(
        tasks,
        [(
            "惠民演出",
            vec!["全年开展惠民演出40场".to_string()],
            Some("1200000".to_string())
        )],
        "{what}: the 年度主要任务 row with its amount in 万元"
    );
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Note),
        "{what}: every cell read: {:?}",
        parsed.diagnostics
    );
}

#[test]
fn a_department_overall_table_fills_the_department_not_a_project() {
    assert_department(&read("department-overall.txt"), "Word");
}

#[test]
fn an_integrated_system_department_sheet_is_the_department_table() {
    let text = fixture("department-overall.txt");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("06 部门整体支出绩效目标表").expect("name");
    // The fixture's rows below its title, one cell per tab-led line, rows split by blank lines.
    let rows = text.split("\n\n").skip(1).filter(|r| !r.trim().is_empty());
    for (row, cells) in rows.enumerate() {
        for (column, cell) in cells.lines().enumerate() {
            let cell = cell.strip_prefix('\t').unwrap_or(cell);
            sheet
                .write_string(row as u32, column as u16, cell)
                .expect("cell");
        }
    }
    let bytes = workbook.save_to_buffer().expect("xlsx");
    assert_department(&parse_bytes(&bytes).expect("parse"), "一体化 sheet 06");
}

/// Nothing but notes: every cell of the table was read.
fn assert_every_cell_read(parsed: &jixiao_ingest::Parsed, what: &str) {
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Note),
        "{what}: every cell is read: {:?}",
        parsed.diagnostics
    );
}
