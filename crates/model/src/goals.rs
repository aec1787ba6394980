//! Department-level goals: 总体绩效目标, 分项绩效目标, 工作保障措施.

use serde::{Deserialize, Serialize};

use crate::Span;

/// One ordered item of a goal list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GoalItem {
    /// The enumerator as printed (`1、`, `（一）`, `1.`), when there is one.
    pub label: Option<String>,
    /// The item's own text (its title, or the whole item when it has no parts).
    pub text: String,
    /// `绩效目标：…` when the item states it separately.
    pub target: Option<String>,
    /// `绩效指标：…` when the item states it separately.
    pub indicators: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DepartmentGoals {
    pub overall: Vec<GoalItem>,
    pub itemised: Vec<GoalItem>,
    pub safeguards: Vec<GoalItem>,
}

impl DepartmentGoals {
    pub fn is_empty(&self) -> bool {
        self.overall.is_empty() && self.itemised.is_empty() && self.safeguards.is_empty()
    }

    /// Every item: the overall goals, the itemised ones, then the safeguards.
    pub fn items(&self) -> impl Iterator<Item = &GoalItem> {
        self.overall
            .iter()
            .chain(&self.itemised)
            .chain(&self.safeguards)
    }
}

/// One of a department's 年度主要任务, with the money set aside for it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DepartmentTask {
    pub name: String,
    /// The other texts of its row (主要内容, 部门职能, 支出项目名称), as written.
    #[serde(default)]
    pub details: Vec<String>,
    pub budget: crate::Budget,
    pub span: Span,
}
