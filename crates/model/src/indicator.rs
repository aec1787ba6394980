//! Indicator rows (三级指标) with their categories, target value and basis.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Level1, Level1Kind, Level2, Level2Kind, Span, TargetValue, measure_unit};

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
        // The kind named as 财预〔2015〕88号 names them (`计划标准：…`) comes before any keyword.
        let named = [
            ("计划标准", BasisKind::Plan),
            ("行业标准", BasisKind::Industry),
            ("历史标准", BasisKind::History),
        ]
        .into_iter()
        .find(|(name, _)| text.starts_with(name))
        .map(|(_, kind)| kind);
        let kind = if let Some(kind) = named {
            kind
        } else if has(&["参照", "上年", "往年", "历史", "以往", "年度项目"]) {
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
    /// 权重, where the table gives one.
    #[serde(default)]
    pub weight: Option<Decimal>,
    /// 指标方向性, where the table gives one.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// 实施期指标值 beside the year's target, in a multi-year table.
    #[serde(default)]
    pub period_target: Option<TargetValue>,
    /// The indicator library entry (its id) the row was picked from in the editor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_library: Option<String>,
    pub span: Span,
}

impl Indicator {
    /// A row of the categories, name and target as written, nothing else filled in (a form's new
    /// row, a test's table).
    pub fn new(level1: &str, level2: &str, name: &str, target: &str) -> Indicator {
        Indicator {
            level1: Level1::from_text(level1),
            level2: Level2::from_text(level2),
            name: name.to_string(),
            description: String::new(),
            target: TargetValue::parse(target),
            value_parts: None,
            basis: None,
            scoring_rule: None,
            weight: None,
            direction: None,
            period_target: None,
            from_library: None,
            span: Span::default(),
        }
    }

    /// A cost row: under 成本指标 (一级 or 二级) or 经济成本指标.
    pub fn is_cost(&self) -> bool {
        self.level1.is(Level1Kind::Cost)
            || self.level2.is(Level2Kind::Cost)
            || self.level2.is(Level2Kind::EconomicCost)
    }

    /// A cost row's amount in 元 (`≤30万元`); `None` for a cost per something (`500元/人`).
    pub fn cost_yuan(&self) -> Option<Decimal> {
        let factor = measure_unit(self.target.unit.as_deref()?)?.money_factor()?;
        self.is_cost().then_some(self.target.number? * factor)
    }
}

/// 指标方向性: whether more is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 正向: the more, the better.
    Positive,
    /// 反向: the less, the better.
    Negative,
    /// 中性 (a qualitative target, or one to be met exactly).
    Neutral,
}

impl Direction {
    pub fn from_text(text: &str) -> Option<Direction> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        match text.as_str() {
            "正向" | "正向指标" | "正" | "越大越好" | "越高越好" => {
                Some(Direction::Positive)
            }
            "反向" | "反向指标" | "逆向" | "负向" | "反" | "越小越好" | "越低越好" => {
                Some(Direction::Negative)
            }
            "中性" | "中性指标" => Some(Direction::Neutral),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Direction::Positive => "正向",
            Direction::Negative => "反向",
            Direction::Neutral => "中性",
        }
    }
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

#[cfg(test)]
mod basis_tests {
    use super::{Basis, BasisKind};

    fn kind(text: &str) -> Option<BasisKind> {
        Basis::from_text(text).map(|b| b.kind)
    }

    #[test]
    fn a_kind_named_first_wins_over_keywords() {
        assert_eq!(
            kind("计划标准：县2024年乡村教师培训计划"),
            Some(BasisKind::Plan)
        );
        assert_eq!(kind("计划标准：上年临时救助人次"), Some(BasisKind::Plan));
        assert_eq!(
            kind("行业标准：《养老机构服务安全基本规范》"),
            Some(BasisKind::Industry)
        );
        assert_eq!(kind("历史标准：上年实际完成数"), Some(BasisKind::History));
    }

    #[test]
    fn without_a_name_the_words_decide() {
        assert_eq!(kind("上年实际完成数"), Some(BasisKind::History));
        assert_eq!(kind("施工合同"), Some(BasisKind::Plan));
        assert_eq!(kind("国家标准"), Some(BasisKind::Industry));
        assert_eq!(kind(""), None);
    }
}
