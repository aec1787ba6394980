//! Open data: one record per indicator, with project and unit columns, as CSV and JSON.
//! The columns are described by a Frictionless Table Schema (`schema/indicators.schema.json`).

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
                })
        })
        .collect()
}

/// CSV with a header row, UTF-8 with a byte-order mark so Excel opens the Chinese text correctly.
pub fn to_csv(documents: &[&Document]) -> Result<Vec<u8>, PublishError> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for document in documents {
        for record in records(document) {
            writer
                .serialize(&record)
                .map_err(|e| PublishError::Data(e.to_string()))?;
        }
    }
    if documents
        .iter()
        .all(|d| d.projects.iter().all(|p| p.indicators.is_empty()))
    {
        writer
            .write_record(HEADER)
            .map_err(|e| PublishError::Data(e.to_string()))?;
    }
    writer
        .into_inner()
        .map_err(|e| PublishError::Data(e.to_string()))
}

const HEADER: [&str; 17] = [
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
];

/// A JSON array of records.
pub fn to_json(documents: &[&Document]) -> Result<Vec<u8>, PublishError> {
    let all: Vec<IndicatorRecord> = documents.iter().flat_map(|d| records(d)).collect();
    serde_json::to_vec_pretty(&all).map_err(|e| PublishError::Data(e.to_string()))
}
