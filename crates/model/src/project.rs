//! A budget project (预算项目) and its target table.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{AmountUnit, BlankRow, GoalItem, Indicator, Span, SpendingPlan};

/// 预算数 / 财政资金 / 其他资金, exact and normalised to 元; the unit written is kept.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Budget {
    pub unit: Option<AmountUnit>,
    pub total_yuan: Option<Decimal>,
    pub fiscal_yuan: Option<Decimal>,
    pub other_yuan: Option<Decimal>,
    /// The text each amount was read from (a cell, or the sentence of prose).
    pub total_raw: Option<String>,
    pub fiscal_raw: Option<String>,
    pub other_raw: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Project {
    /// 项目编码, e.g. `13022923P00JXC414284D`; absent where the layout has none, empty where
    /// the table has a 项目编码 cell left blank.
    pub code: Option<String>,
    pub name: String,
    /// The heading above the table, as printed (without Word field codes).
    pub title: Option<String>,
    pub budget: Budget,
    /// 资金用途.
    pub purpose: Option<String>,
    pub spending_plan: Option<SpendingPlan>,
    /// 绩效目标, as ordered items.
    pub goals: Vec<GoalItem>,
    pub indicators: Vec<Indicator>,
    /// Indicator rows that are empty or only a placeholder.
    pub blank_rows: Vec<BlankRow>,
    /// 主管部门, where the table names it.
    #[serde(default)]
    pub competent_department: Option<String>,
    /// 实施单位, where the table names it.
    #[serde(default)]
    pub implementing_unit: Option<String>,
    /// 实施期资金 of a project running over several years (the year's is `budget`).
    #[serde(default)]
    pub period_budget: Option<Budget>,
    /// 实施期目标 of a project running over several years (the year's are `goals`).
    #[serde(default)]
    pub period_goals: Vec<GoalItem>,
    pub span: Span,
}
