//! Indicator rows (三级指标) with their categories, target value and basis.

use serde::{Deserialize, Serialize};

use crate::{Level1, Level2, Span, TargetValue};

/// The four kinds of 绩效标准 a target value can rest on (财预〔2015〕88号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BasisKind {
    Plan,
    Industry,
    History,
    Other,
}

/// 指标值确定依据: the text as written and its kind, classified by keyword.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basis {
    pub text: String,
    pub kind: BasisKind,
}

impl Basis {
    pub fn from_text(text: &str) -> Option<Basis> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
        let kind = if has(&["参照", "上年", "往年", "历史", "以往", "年度项目"]) {
            BasisKind::History
        } else if has(&["标准", "国标", "规范", "行业"]) {
            BasisKind::Industry
        } else if has(&[
            "计划", "方案", "合同", "预算", "测算", "文件", "通知", "批复", "决定",
        ]) {
            BasisKind::Plan
        } else {
            BasisKind::Other
        };
        Some(Basis {
            text: text.to_string(),
            kind,
        })
    }
}

/// The value split over 符号 / 值 / 单位 columns, as the department table prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueParts {
    pub symbol: String,
    pub value: String,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub level1: Level1,
    pub level2: Level2,
    /// 三级指标.
    pub name: String,
    /// 绩效指标描述.
    pub description: String,
    pub target: TargetValue,
    pub value_parts: Option<ValueParts>,
    pub basis: Option<Basis>,
    /// 评（扣）分标准, when the table has it.
    pub scoring_rule: Option<String>,
    pub span: Span,
}

/// An indicator row left empty or holding only a placeholder (`……`): kept, not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlankRow {
    pub level1: Level1,
    pub level2: Level2,
    /// The placeholder text, when the row has one.
    pub text: String,
    pub span: Span,
}
