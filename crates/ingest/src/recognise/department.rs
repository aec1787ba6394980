//! The department's own table (部门整体支出绩效目标表) above its indicators: its name and code, its
//! budget (合计 | 基本支出 | 项目支出, in the unit the label's brackets name), its goals
//! (年度履职目标 / 年度总体目标) and its 年度主要任务, one row per task under a header row of their
//! own (任务名称 | 主要内容 | 预算金额（万元）, or 总额 | 财政拨款 | 其他资金).

use jixiao_model::{AmountUnit, Budget, DepartmentTask, Diagnostic, Document, Span, parse_amount};

use super::goals::items_from_cell;
use super::text::excerpt;
use super::vocabulary::Role;
use crate::blocks::{Cell, Row};

#[derive(Default)]
pub struct DepartmentReader {
    /// The unit of the department's amounts.
    unit: Option<AmountUnit>,
    /// The columns of the task rows, while they are being read.
    tasks: Option<Vec<(usize, TaskColumn)>>,
    /// The unit of the task rows' amounts.
    task_unit: Option<AmountUnit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TaskColumn {
    Name,
    /// 主要内容, 部门职能, 支出项目名称: kept with the task, under their header.
    Detail,
    Total,
    Fiscal,
    Other,
}

fn task_column(cell: &Cell) -> Option<TaskColumn> {
    match cell.label()?.role {
        Role::TaskName => Some(TaskColumn::Name),
        Role::TaskDetail => Some(TaskColumn::Detail),
        Role::Total => Some(TaskColumn::Total),
        Role::Fiscal => Some(TaskColumn::Fiscal),
        Role::Other => Some(TaskColumn::Other),
        _ => None,
    }
}

impl DepartmentReader {
    /// A row holding only a task's name, in the name's column, while tasks are being read.
    pub fn is_task_name_only(&self, row: &Row) -> bool {
        let Some(columns) = &self.tasks else {
            return false;
        };
        let mut filled = row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty());
        match (filled.next(), filled.next()) {
            (Some((position, _)), None) => columns.contains(&(position, TaskColumn::Name)),
            _ => false,
        }
    }

    /// Reads one row of the department table; false when it is none of its rows.
    pub fn row(
        &mut self,
        row: &Row,
        document: &mut Document,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> bool {
        if let Some(columns) = &self.tasks {
            // Task rows sit under the merged block label (an empty first cell), or have none.
            let continues = row
                .cells
                .first()
                .is_none_or(|c| c.is_empty() || c.label().is_none());
            if continues {
                let task = self.task(row, columns, diagnostics);
                document.department_tasks.push(task);
                return true;
            }
            self.tasks = None;
        }
        let cells = &row.cells;
        let mut read = false;
        for (position, cell) in cells.iter().enumerate() {
            let Some(found) = cell.label() else {
                continue;
            };
            let after = &cells[position + 1..];
            let value = after
                .iter()
                .take_while(|c| c.label().is_none())
                .find(|c| !c.is_empty());
            match found.role {
                Role::UnitName => {
                    if let Some(value) = value
                        && document.unit.name.is_none()
                    {
                        document.unit.name = Some(value.text.trim().to_string());
                        document.unit.basis = format!("第{}行“{}”", cell.line, cell.compact());
                    }
                }
                Role::UnitCode => {
                    if let Some(value) = value
                        && document.unit.code.is_none()
                    {
                        document.unit.code = Some(value.compact().into_owned());
                    }
                }
                Role::DepartmentBudget | Role::Funds | Role::Total => {
                    self.unit = found.amount_unit.or(self.unit);
                    if let Some(value) = value {
                        document.department_budget_yuan = self.amount(value, diagnostics);
                        document.department_budget_raw = Some(value.text.trim().to_string());
                    }
                }
                Role::BasicSpending => {
                    document.department_basic_yuan =
                        value.and_then(|v| self.amount(v, diagnostics));
                    document.department_basic_raw = value.map(|v| v.text.trim().to_string());
                }
                Role::ProjectSpending => {
                    document.department_project_yuan =
                        value.and_then(|v| self.amount(v, diagnostics));
                    document.department_project_raw = value.map(|v| v.text.trim().to_string());
                }
                Role::DutyGoals | Role::Goals | Role::Tasks => {
                    let columns: Vec<(usize, TaskColumn)> = after
                        .iter()
                        .enumerate()
                        .filter_map(|(i, c)| task_column(c).map(|t| (position + 1 + i, t)))
                        .collect();
                    if columns.iter().any(|(_, c)| *c == TaskColumn::Name) {
                        self.task_unit = after
                            .iter()
                            .filter_map(|c| c.label())
                            .find_map(|l| l.amount_unit)
                            .or(self.unit);
                        self.tasks = Some(columns);
                        return true;
                    }
                    if let Some(value) = value {
                        document
                            .goals
                            .overall
                            .extend(items_from_cell(value.text.trim(), value.line));
                    }
                }
                _ => continue,
            }
            read = true;
        }
        read
    }

    fn task(
        &self,
        row: &Row,
        columns: &[(usize, TaskColumn)],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> DepartmentTask {
        let mut task = DepartmentTask {
            span: Span::line(row.first_line()),
            budget: Budget {
                unit: self.task_unit,
                ..Budget::default()
            },
            ..DepartmentTask::default()
        };
        let mut details = Vec::new();
        for (position, cell) in row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            let text = cell.text.trim().to_string();
            let Some((_, column)) = columns.iter().find(|(p, _)| *p == position) else {
                diagnostics.push(Diagnostic::warning(
                    cell.line,
                    format!("年度主要任务中无表头的内容“{}”未读入", excerpt(&text)),
                ));
                continue;
            };
            match column {
                TaskColumn::Name => task.name = text,
                TaskColumn::Detail => details.push(text),
                TaskColumn::Total => {
                    task.budget.total_yuan = self.task_amount(cell, diagnostics);
                    task.budget.total_raw = Some(text);
                }
                TaskColumn::Fiscal => {
                    task.budget.fiscal_yuan = self.task_amount(cell, diagnostics);
                    task.budget.fiscal_raw = Some(text);
                }
                TaskColumn::Other => {
                    task.budget.other_yuan = self.task_amount(cell, diagnostics);
                    task.budget.other_raw = Some(text);
                }
            }
        }
        task.details = details;
        task
    }

    fn task_amount(
        &self,
        cell: &Cell,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<rust_decimal::Decimal> {
        in_unit(cell, self.task_unit.or(self.unit), diagnostics)
    }

    fn amount(
        &self,
        cell: &Cell,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<rust_decimal::Decimal> {
        in_unit(cell, self.unit, diagnostics)
    }
}

fn in_unit(
    cell: &Cell,
    unit: Option<AmountUnit>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<rust_decimal::Decimal> {
    let raw = cell.text.trim();
    let Some(written) = parse_amount(raw) else {
        diagnostics.push(Diagnostic::warning(
            cell.line,
            format!("金额“{}”不是数字，已保留原文", excerpt(raw)),
        ));
        return None;
    };
    let Some(unit) = unit else {
        diagnostics.push(Diagnostic::warning(
            cell.line,
            format!("金额 {raw} 没有注明单位（元或万元），未换算"),
        ));
        return None;
    };
    Some(unit.to_yuan(written))
}
