//! Conversions between model values and their column forms.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::StoreError;

/// An enum as its serialized name (`"output"`, `"万元"`, `"≥"`).
/// What `documents.snapshot` holds.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    pub document: jixiao_model::Document,
    pub diagnostics: Vec<jixiao_model::Diagnostic>,
}

impl Snapshot {
    pub fn to_json(&self) -> Result<String, StoreError> {
        serde_json::to_string(self).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    pub fn from_json(text: &str) -> Result<Snapshot, StoreError> {
        serde_json::from_str(text)
            .map_err(|e| StoreError::Corrupt(format!("文件快照无法读取：{e}")))
    }
}

pub fn enum_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        other => format!("{other:?}"),
    }
}

pub fn enum_from<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|e| StoreError::Corrupt(format!("“{text}”：{e}")))
}

pub fn optional_enum<T: DeserializeOwned>(text: Option<String>) -> Result<Option<T>, StoreError> {
    text.as_deref().map(enum_from).transpose()
}

pub fn decimal_text(value: Option<Decimal>) -> Option<String> {
    value.map(|d| d.to_string())
}

pub fn decimal_from(text: Option<String>) -> Result<Option<Decimal>, StoreError> {
    text.map(|t| Decimal::from_str(&t).map_err(|e| StoreError::Corrupt(format!("金额“{t}”：{e}"))))
        .transpose()
}

pub fn line(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub fn to_usize(value: i64) -> usize {
    usize::try_from(value).unwrap_or(0)
}
