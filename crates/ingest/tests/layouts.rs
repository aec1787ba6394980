//! Layouts other than the Hebei seeds', each with every target value written out beforehand.

use jixiao_ingest::parse_bytes;
use jixiao_model::Severity;

/// (一级, 二级, 三级, target as printed, number, unit or text) of one indicator row.
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

/// Every row of the fixtures: a 101号-style table whose value is split into 指标性质 | 指标值 | 度量单位.
const SPLIT_VALUE_ROWS: [Expected; 6] = [
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

fn read(name: &str) -> jixiao_ingest::Parsed {
    let path = format!(
        "{}/../../tests/data/layouts/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
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
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.severity != Severity::Warning),
        "every cell is read: {:?}",
        parsed.diagnostics
    );
}

#[test]
fn a_unit_name_column_is_not_the_unit_of_measure() {
    let parsed = assert_split_values("unit-name-column.txt");
    let unread = parsed
        .diagnostics
        .iter()
        .filter(|d| {
            d.message
                .contains("“单位名称”列的内容“乐亭县人民政府办公室本级”未读入")
        })
        .count();
    assert_eq!(
        unread,
        SPLIT_VALUE_ROWS.len(),
        "each unread cell is named once"
    );
}

#[test]
fn a_comparator_without_a_number_and_a_project_without_a_budget_are_said() {
    let path = format!(
        "{}/../../tests/data/layouts/101-split-value-columns.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    let broken = text
        .replacen("\t≥\n\t95\n", "\t≥\n\t\n", 1)
        .replacen("\t78.00\n", "\t\n", 2);
    assert_ne!(broken, text);
    let parsed = parse_bytes(broken.as_bytes()).expect("parse");
    let said = |words: &str| parsed.diagnostics.iter().any(|d| d.message.contains(words));
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
