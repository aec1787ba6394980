//! Open data: one record per indicator, with project and unit columns, as CSV and JSON.
//! The columns are described by a Frictionless Table Schema (`schema/indicators.schema.json`).

use std::borrow::Cow;

use jixiao_model::Document;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::PublishError;

/// The Frictionless Table Schema of the records, shipped beside the data.
pub const SCHEMA_JSON: &str = include_str!("../schema/indicators.schema.json");

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorRecord {
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub fiscal_year: Option<u16>,
    pub project_code: Option<String>,
    pub project_name: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub project_budget_yuan: Option<Decimal>,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub description: String,
    pub target: String,
    pub comparator: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub number: Option<Decimal>,
    pub unit: Option<String>,
    pub basis: Option<String>,
    pub scoring_rule: Option<String>,
    pub line: usize,
    /// 权重, as the table gives it.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// 指标方向性: `正向`, `反向` or `中性`.
    pub direction: Option<String>,
    /// 实施期指标值, as published.
    pub period_target: Option<String>,
    /// The project's 主管部门 and 实施单位.
    pub competent_department: Option<String>,
    pub implementing_unit: Option<String>,
}

pub fn records(document: &Document) -> Vec<IndicatorRecord> {
    document
        .projects
        .iter()
        .flat_map(|project| {
            project
                .indicators
                .iter()
                .map(move |indicator| IndicatorRecord {
                    unit_code: document.unit.code.clone(),
                    unit_name: document.unit.name.clone(),
                    fiscal_year: document.fiscal_year.year,
                    project_code: project.code.clone(),
                    project_name: project.name.clone(),
                    project_budget_yuan: project.budget.total_yuan,
                    level1: indicator.level1.raw.clone(),
                    level2: indicator.level2.raw.clone(),
                    name: indicator.name.clone(),
                    description: indicator.description.clone(),
                    target: indicator.target.raw.clone(),
                    comparator: indicator.target.comparator.map(|c| c.symbol().to_string()),
                    number: indicator.target.number,
                    unit: indicator.target.unit.clone(),
                    basis: indicator.basis.as_ref().map(|b| b.text.clone()),
                    scoring_rule: indicator.scoring_rule.clone(),
                    line: indicator.span.first_line,
                    weight: indicator.weight,
                    direction: indicator.direction.map(|d| d.name().to_string()),
                    period_target: indicator.period_target.as_ref().map(|t| t.raw.clone()),
                    competent_department: project.competent_department.clone(),
                    implementing_unit: project.implementing_unit.clone(),
                })
        })
        .collect()
}

/// CSV with a header row, UTF-8 with a byte-order mark so Excel opens the Chinese text correctly.
pub fn to_csv(documents: &[&Document]) -> Result<Vec<u8>, PublishError> {
    let mut out = csv_start()?;
    for document in documents {
        out.extend(csv_rows(document)?);
    }
    Ok(out)
}

/// The CSV header: the record's fields in order (and the schema's; a test keeps them equal).
const HEADER: [&str; 22] = [
    "unit_code",
    "unit_name",
    "fiscal_year",
    "project_code",
    "project_name",
    "project_budget_yuan",
    "level1",
    "level2",
    "name",
    "description",
    "target",
    "comparator",
    "number",
    "unit",
    "basis",
    "scoring_rule",
    "line",
    "weight",
    "direction",
    "period_target",
    "competent_department",
    "implementing_unit",
];

/// The columns' Chinese titles, in the same order (the schema's `title`s; a test keeps them equal).
const TITLES: [&str; 22] = [
    "单位编码",
    "单位名称",
    "预算年度",
    "项目编码",
    "项目名称",
    "项目预算数（元）",
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "比较符",
    "数值",
    "计量单位",
    "指标值确定依据",
    "评（扣）分标准",
    "来源行",
    "权重",
    "指标方向性",
    "实施期指标值",
    "主管部门",
    "实施单位",
];

/// What a CSV's header row names its columns by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvHeader {
    /// The schema's field names (`unit_code`): for programs, and what the schema validates.
    Fields,
    /// Their Chinese titles (`单位编码`): for people opening it in Excel.
    Titles,
}

/// The start of a CSV: the byte-order mark and the header row of field names. Then
/// [`csv_rows`] per document, so a large export can be sent one document at a time.
pub fn csv_start() -> Result<Vec<u8>, PublishError> {
    csv_start_with(CsvHeader::Fields)
}

/// The same, with the header row `header` asks for.
pub fn csv_start_with(header: CsvHeader) -> Result<Vec<u8>, PublishError> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer
        .write_record(match header {
            CsvHeader::Fields => HEADER,
            CsvHeader::Titles => TITLES,
        })
        .map_err(|e| PublishError::Data(e.to_string()))?;
    writer
        .into_inner()
        .map_err(|e| PublishError::Data(e.to_string()))
}

/// One document's records as CSV rows, without the header. Texts are [`spreadsheet_safe`].
pub fn csv_rows(document: &Document) -> Result<Vec<u8>, PublishError> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for mut record in records(document) {
        make_csv_safe(&mut record);
        writer
            .serialize(&record)
            .map_err(|e| PublishError::Data(e.to_string()))?;
    }
    writer
        .into_inner()
        .map_err(|e| PublishError::Data(e.to_string()))
}

/// The text as a spreadsheet should show it (OWASP, CSV injection): a text beginning with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so Excel and WPS show it instead
/// of running it as a formula. A plain number such as `-5` or `-0.25` stays as it is.
pub fn spreadsheet_safe(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A sign, then digits with at most one decimal point: what a spreadsheet reads as a number.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
}

/// Makes every text of the record [`spreadsheet_safe`]. Not the comparator: it is one of the
/// schema's five symbols (`=` among them), written by jixiao, and stays as the schema says; nor
/// the direction, one of three words jixiao writes.
fn make_csv_safe(record: &mut IndicatorRecord) {
    let IndicatorRecord {
        unit_code,
        unit_name,
        fiscal_year: _,
        project_code,
        project_name,
        project_budget_yuan: _,
        level1,
        level2,
        name,
        description,
        target,
        comparator: _,
        number: _,
        unit,
        basis,
        scoring_rule,
        line: _,
        weight: _,
        direction: _,
        period_target,
        competent_department,
        implementing_unit,
    } = record;
    let texts = [project_name, level1, level2, name, description, target];
    let optional = [
        unit_code,
        unit_name,
        project_code,
        unit,
        basis,
        scoring_rule,
        period_target,
        competent_department,
        implementing_unit,
    ];
    for text in texts.into_iter().chain(optional.into_iter().flatten()) {
        if let Cow::Owned(safe) = spreadsheet_safe(text) {
            *text = safe;
        }
    }
}

/// A JSON array of records.
pub fn to_json(documents: &[&Document]) -> Result<Vec<u8>, PublishError> {
    let mut out = b"[".to_vec();
    let mut first = true;
    for document in documents {
        out.extend(json_items(document, &mut first)?);
    }
    out.extend(b"\n]\n");
    Ok(out)
}

/// One document's records as items of a JSON array (one per line); `first` says whether no
/// item has been written yet, and is updated. The array is `[`, the items, then `\n]\n`.
pub fn json_items(document: &Document, first: &mut bool) -> Result<Vec<u8>, PublishError> {
    let mut out = Vec::new();
    for record in records(document) {
        out.extend(if *first { &b"\n"[..] } else { &b",\n"[..] });
        *first = false;
        serde_json::to_writer(&mut out, &record).map_err(|e| PublishError::Data(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_that_a_spreadsheet_would_run_gets_an_apostrophe() {
        for text in [
            "=HYPERLINK(\"http://evil\",\"点此\")",
            "+1+2",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1:A9)",
            "\t=1+2",
            "\r=1+2",
            "-",
            "+",
            "-.",
            "-1.2.3",
            "-5%",
        ] {
            assert_eq!(spreadsheet_safe(text), format!("'{text}"), "{text:?}");
        }
    }

    #[test]
    fn numbers_and_ordinary_texts_stay_as_they_are() {
        for text in [
            "-5",
            "-0.25",
            "+3",
            "-.5",
            "",
            "≥90百分比",
            "群众满意度",
            "5-10",
            "a=b",
            "'=already",
        ] {
            assert!(
                matches!(spreadsheet_safe(text), Cow::Borrowed(t) if t == text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_header_names_the_record_fields_and_the_schema_fields_in_order() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA_JSON).expect("schema");
        let fields: Vec<&str> = schema["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(|f| f["name"].as_str())
            .collect();
        assert_eq!(fields, HEADER);
        let titles: Vec<&str> = schema["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(|f| f["title"].as_str())
            .collect();
        assert_eq!(titles, TITLES);
        let record = IndicatorRecord {
            unit_code: None,
            unit_name: None,
            fiscal_year: None,
            project_code: None,
            project_name: String::new(),
            project_budget_yuan: None,
            level1: String::new(),
            level2: String::new(),
            name: String::new(),
            description: String::new(),
            target: String::new(),
            comparator: None,
            number: None,
            unit: None,
            basis: None,
            scoring_rule: None,
            line: 0,
            weight: None,
            direction: None,
            period_target: None,
            competent_department: None,
            implementing_unit: None,
        };
        let json = serde_json::to_value(&record).expect("json");
        let keys: Vec<&str> = json
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = HEADER.to_vec();
        sorted.sort_unstable();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort_unstable();
        assert_eq!(keys_sorted, sorted);
    }
}
