//! One document: the published disclosure of one budget unit.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{AmountUnit, DepartmentGoals, DepartmentTask, Indicator, Project};

/// Source lines a piece of the model was read from (1-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    pub first_line: usize,
    pub last_line: usize,
}

impl Span {
    pub fn line(line: usize) -> Span {
        Span {
            first_line: line,
            last_line: line,
        }
    }

    pub fn to(self, other: Span) -> Span {
        Span {
            first_line: self.first_line.min(other.first_line),
            last_line: self.last_line.max(other.last_line),
        }
    }
}

/// The budget unit as printed, e.g. `418001` + `玉田县生态环境保护事务中心`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Unit {
    pub code: Option<String>,
    pub name: Option<String>,
    /// Where the unit was read from.
    pub basis: String,
}

/// How the fiscal year was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearBasis {
    /// The document says it, e.g. `2021年部门预算`.
    Stated,
    /// Every clue in the document points to the same year.
    Inferred,
    /// The clues disagree; no year is chosen.
    Conflicting,
    /// Nothing in the document names a year.
    Unknown,
}

/// One clue to the fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearEvidence {
    pub year: u16,
    /// What the clue is, e.g. `项目编码 13043425P00000110119P`.
    pub source: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiscalYear {
    pub year: Option<u16>,
    pub basis: YearBasis,
    pub evidence: Vec<YearEvidence>,
}

impl Default for FiscalYear {
    fn default() -> Self {
        FiscalYear {
            year: None,
            basis: YearBasis::Unknown,
            evidence: Vec::new(),
        }
    }
}

/// A part of the document the model does not cover yet, kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawSection {
    pub heading: Option<String>,
    /// The text, tables written as one row per line with cells separated by tabs.
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    pub unit: Unit,
    pub fiscal_year: FiscalYear,
    /// The unit the project tables write amounts in, when they agree.
    pub amount_unit: Option<AmountUnit>,
    /// The department's total budget when the text states it (normalised to 元).
    pub department_budget_yuan: Option<Decimal>,
    /// The sentence the department budget was read from.
    pub department_budget_raw: Option<String>,
    /// Of the department budget: 基本支出 and 项目支出, where its table splits them.
    #[serde(default)]
    pub department_basic_yuan: Option<Decimal>,
    #[serde(default)]
    pub department_basic_raw: Option<String>,
    #[serde(default)]
    pub department_project_yuan: Option<Decimal>,
    #[serde(default)]
    pub department_project_raw: Option<String>,
    pub goals: DepartmentGoals,
    /// 年度主要任务 of the department table.
    #[serde(default)]
    pub department_tasks: Vec<DepartmentTask>,
    /// 部门整体支出绩效指标, when the document has that table.
    pub department_indicators: Vec<Indicator>,
    pub projects: Vec<Project>,
    pub raw_sections: Vec<RawSection>,
}

impl Document {
    pub fn indicator_count(&self) -> usize {
        self.projects.iter().map(|p| p.indicators.len()).sum()
    }

    /// Sum of the projects' printed budget totals, in 元.
    pub fn project_budget_total_yuan(&self) -> Decimal {
        self.projects
            .iter()
            .filter_map(|p| p.budget.total_yuan)
            .sum()
    }
}
