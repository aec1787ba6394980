//! The layout both table writers share: the rows of a project's header block and indicator
//! table, and of the department's own table, as text cells with their spans, in the order the
//! official table prints them. What only some tables have (主管部门, 实施期…, 权重, 指标方向性,
//! 年度主要任务) is laid out only where the model has it, under the labels the importer reads.

use jixiao_model::{
    AmountUnit, BlankRow, Budget, Direction, Document, GoalItem, Indicator, Level1, Level2, Project,
};
use rust_decimal::Decimal;

/// One cell: its text (lines separated by `\n`), how many grid columns it spans, and whether it
/// continues the cell above (a vertical merge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub span: usize,
    pub merged_above: bool,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            span: 1,
            merged_above: false,
        }
    }

    pub fn spanning(text: impl Into<String>, span: usize) -> Cell {
        Cell {
            text: text.into(),
            span,
            merged_above: false,
        }
    }

    pub fn continued() -> Cell {
        Cell {
            text: String::new(),
            span: 1,
            merged_above: true,
        }
    }
}

/// Grid width of the header block.
pub const HEADER_COLUMNS: usize = 7;

/// The label of the header row holding the project's total over its whole period.
pub const PERIOD_TOTAL: &str = "实施期资金总额";

pub fn amount(yuan: Option<Decimal>, unit: Option<AmountUnit>) -> String {
    match (yuan, unit) {
        (Some(yuan), Some(unit)) => unit.from_yuan(yuan).normalize().to_string(),
        (Some(yuan), None) => yuan.normalize().to_string(),
        (None, _) => String::new(),
    }
}

pub fn goal_lines(items: &[GoalItem]) -> String {
    items
        .iter()
        .map(|item| format!("{}{}", item.label.as_deref().unwrap_or(""), item.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The unit as the table header prints it: `418001玉田县生态环境保护事务中心`.
pub fn unit_label(document: &Document) -> String {
    format!(
        "{}{}",
        document.unit.code.as_deref().unwrap_or(""),
        document.unit.name.as_deref().unwrap_or("")
    )
}

/// The header block of a project table, row by row.
pub fn header_rows(document: &Document, project: &Project) -> Vec<Vec<Cell>> {
    let budget = &project.budget;
    let mut rows = Vec::new();
    if project.title.is_none() {
        rows.push(vec![Cell::spanning("预算项目绩效表", HEADER_COLUMNS)]);
    }
    if let Some(unit) = budget.unit {
        rows.push(vec![
            Cell::spanning(unit_label(document), 5),
            Cell::spanning(format!("单位：{}", unit.as_str()), 2),
        ]);
    }
    // 项目编码 only where the source had the field (a blank one stays blank).
    rows.push(match &project.code {
        Some(code) => vec![
            Cell::text("项目编码"),
            Cell::spanning(code.clone(), 2),
            Cell::text("项目名称"),
            Cell::spanning(project.name.clone(), 3),
        ],
        None => vec![
            Cell::text("项目名称"),
            Cell::spanning(project.name.clone(), HEADER_COLUMNS - 1),
        ],
    });
    // Who is answerable and who carries it out, where the table names them: a label is written
    // only with its value (a label with an empty cell would take the value from the row below).
    match (&project.competent_department, &project.implementing_unit) {
        (Some(department), Some(unit)) => rows.push(vec![
            Cell::text("主管部门"),
            Cell::spanning(department.clone(), 2),
            Cell::text("实施单位"),
            Cell::spanning(unit.clone(), 3),
        ]),
        (Some(department), None) => rows.push(vec![
            Cell::text("主管部门"),
            Cell::spanning(department.clone(), HEADER_COLUMNS - 1),
        ]),
        (None, Some(unit)) => rows.push(vec![
            Cell::text("实施单位"),
            Cell::spanning(unit.clone(), HEADER_COLUMNS - 1),
        ]),
        (None, None) => {}
    }
    let has_amounts =
        budget.total_yuan.is_some() || budget.fiscal_yuan.is_some() || budget.other_yuan.is_some();
    if has_amounts || project.purpose.is_some() {
        rows.push(vec![
            Cell {
                merged_above: false,
                ..Cell::text("预算规模及资金用途")
            },
            Cell::text("预算数"),
            Cell::text(amount(budget.total_yuan, budget.unit)),
            Cell::text("其中：财政资金"),
            Cell::text(amount(budget.fiscal_yuan, budget.unit)),
            Cell::text("其他资金"),
            Cell::text(amount(budget.other_yuan, budget.unit)),
        ]);
        rows.push(vec![
            Cell::continued(),
            Cell::spanning(
                project.purpose.clone().unwrap_or_default(),
                HEADER_COLUMNS - 1,
            ),
        ]);
    }
    // The total over the project's whole period, in the unit of the year's amounts (which the
    // importer reads it in). Only the total has a label of its own.
    if let Some(total) = project.period_budget.as_ref().and_then(|b| b.total_yuan) {
        rows.push(vec![
            Cell::text(PERIOD_TOTAL),
            Cell::spanning(amount(Some(total), budget.unit), HEADER_COLUMNS - 1),
        ]);
    }
    if let Some(plan) = &project.spending_plan {
        let count = plan.checkpoints.len().max(1);
        let span = (HEADER_COLUMNS - 1) / count;
        let last_span = HEADER_COLUMNS - 1 - span * (count - 1);
        let spans = |i: usize| {
            if i + 1 == count {
                last_span
            } else {
                span.max(1)
            }
        };
        let mut labels = vec![Cell::text(plan.label.clone())];
        let mut figures = vec![Cell::continued()];
        for (i, checkpoint) in plan.checkpoints.iter().enumerate() {
            labels.push(Cell::spanning(checkpoint.label.clone(), spans(i)));
            figures.push(Cell::spanning(checkpoint.raw.clone(), spans(i)));
        }
        rows.push(labels);
        rows.push(figures);
    }
    if !project.period_goals.is_empty() {
        rows.push(vec![
            Cell::text("实施期目标"),
            Cell::spanning(goal_lines(&project.period_goals), HEADER_COLUMNS - 1),
        ]);
    }
    rows.push(vec![
        Cell::text("绩效目标"),
        Cell::spanning(goal_lines(&project.goals), HEADER_COLUMNS - 1),
    ]);
    rows
}

/// The heading over the department's own table (its budget and 年度主要任务); the importer reads
/// the rows under it as that table's.
pub const DEPARTMENT_TABLE: &str = "部门整体支出绩效目标表";

/// The department's own table: `年度预算安排（unit） | 资金总额 | … | 基本支出 | … | 项目支出 | …`,
/// then the 年度主要任务, a header row and one row per task. Empty when the document has none of
/// them (the seeds), so nothing is added to what was written before.
pub fn department_rows(document: &Document) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    // The total is written only when no line of the raw text states it: the importer reads that
    // sentence (`2021年预算收入3586.14万元…`) again where it stands.
    let in_prose = document
        .department_budget_raw
        .as_deref()
        .map(str::trim)
        .is_some_and(|raw| {
            document
                .raw_sections
                .iter()
                .any(|s| s.text.lines().any(|line| line.trim() == raw))
        });
    let total = document.department_budget_yuan.filter(|_| !in_prose);
    let unit = document.amount_unit.unwrap_or(AmountUnit::Yuan);
    let figures: Vec<(&str, Decimal)> = [
        ("资金总额", total),
        ("基本支出", document.department_basic_yuan),
        ("项目支出", document.department_project_yuan),
    ]
    .into_iter()
    .filter_map(|(label, yuan)| Some((label, yuan?)))
    .collect();
    if !figures.is_empty() {
        let mut row = vec![Cell::text(format!("年度预算安排（{}）", unit.as_str()))];
        for (label, yuan) in figures {
            row.push(Cell::text(label));
            row.push(Cell::text(amount(Some(yuan), Some(unit))));
        }
        rows.push(row);
    }
    let tasks = &document.department_tasks;
    if tasks.is_empty() {
        return rows;
    }
    // One unit for every task's amounts: the importer gives each the unit its header names.
    let task_unit = tasks.iter().find_map(|t| t.budget.unit).unwrap_or(unit);
    let details = tasks.iter().map(|t| t.details.len()).max().unwrap_or(0);
    // The amount columns any task uses (总额, 财政拨款, 其他资金), 总额 at least: its header names
    // the unit the importer gives every task.
    let mut amounts: Vec<(usize, &str)> = ["总额", "财政拨款", "其他资金"]
        .into_iter()
        .enumerate()
        .filter(|(which, _)| {
            tasks
                .iter()
                .any(|t| task_amount(&t.budget, *which).is_some())
        })
        .collect();
    if amounts.is_empty() {
        amounts.push((0, "总额"));
    }
    let mut header = vec![Cell::text("年度主要任务"), Cell::text("任务名称")];
    header.extend((0..details).map(|_| Cell::text("主要内容")));
    for (index, (_, label)) in amounts.iter().enumerate() {
        header.push(Cell::text(if index == 0 {
            format!("{label}（{}）", task_unit.as_str())
        } else {
            label.to_string()
        }));
    }
    rows.push(header);
    for task in tasks {
        let mut row = vec![Cell::continued(), Cell::text(task.name.clone())];
        row.extend(
            (0..details).map(|i| Cell::text(task.details.get(i).cloned().unwrap_or_default())),
        );
        for (which, _) in &amounts {
            let yuan = task_amount(&task.budget, *which);
            row.push(Cell::text(amount(yuan, Some(task_unit))));
        }
        rows.push(row);
    }
    rows
}

/// A task's 总额 (0), 财政拨款 (1) or 其他资金 (2).
fn task_amount(budget: &Budget, which: usize) -> Option<Decimal> {
    match which {
        0 => budget.total_yuan,
        1 => budget.fiscal_yuan,
        _ => budget.other_yuan,
    }
}

/// The optional columns of an indicator table: each is there when any of its rows uses it.
#[derive(Debug, Clone, Copy)]
struct Columns {
    /// 评（扣）分标准.
    rules: bool,
    /// 符号 | 值 | 单位 instead of one 指标值 column.
    parts: bool,
    /// 实施期指标值, before the year's.
    period: bool,
    /// 权重 and 指标方向性, after 指标值确定依据.
    weight: bool,
    direction: bool,
}

impl Columns {
    fn of(indicators: &[Indicator]) -> Columns {
        let any = |used: fn(&Indicator) -> bool| indicators.iter().any(used);
        Columns {
            rules: any(|i| i.scoring_rule.is_some()),
            parts: any(|i| i.value_parts.is_some()),
            period: any(|i| i.period_target.is_some()),
            weight: any(|i| i.weight.is_some()),
            direction: any(|i| i.direction.is_some()),
        }
    }

    /// The columns before the target's: the names, the description, the rule, the period's target.
    fn leading(self) -> usize {
        4 + usize::from(self.rules) + usize::from(self.period)
    }

    /// The columns after the target's: the basis, the weight, the direction.
    fn trailing(self) -> usize {
        1 + usize::from(self.weight) + usize::from(self.direction)
    }
}

/// The indicator table header for these rows (with 评（扣）分标准, 实施期指标值, split value
/// columns, 权重 or 指标方向性 when used).
pub fn indicator_header(indicators: &[Indicator]) -> Vec<Vec<Cell>> {
    let columns = Columns::of(indicators);
    let mut first = vec![
        Cell::text("一级指标"),
        Cell::text("二级指标"),
        Cell::text("三级指标"),
        Cell::text("绩效指标描述"),
    ];
    if columns.rules {
        first.push(Cell::text("评（扣）分标准"));
    }
    if columns.period {
        first.push(Cell::text("实施期指标值"));
    }
    let trailing = |row: &mut Vec<Cell>| {
        row.push(Cell::text("指标值确定依据"));
        if columns.weight {
            row.push(Cell::text("权重"));
        }
        if columns.direction {
            row.push(Cell::text("指标方向性"));
        }
    };
    if columns.parts {
        first.push(Cell::spanning("指标值", 3));
        trailing(&mut first);
        let mut second: Vec<Cell> = (0..columns.leading()).map(|_| Cell::continued()).collect();
        second.extend([
            Cell::text("符号"),
            Cell::text("值"),
            Cell::text("单位（文字描述）"),
        ]);
        second.extend((0..columns.trailing()).map(|_| Cell::continued()));
        return vec![first, second];
    }
    first.push(Cell::text("指标值"));
    trailing(&mut first);
    vec![first]
}

/// Level-1 and level-2 cells: carried from the row above (a vertical merge) when the model says so.
fn category_cells(level1: &Level1, level2: &Level2, first: bool) -> [Cell; 2] {
    let cell = |raw: &str, merged: bool| {
        if merged && !first {
            Cell::continued()
        } else {
            Cell::text(raw)
        }
    };
    [
        cell(&level1.raw, level1.merged),
        cell(&level2.raw, level2.merged),
    ]
}

/// The indicator rows of a project, blank rows kept in their place (by source line).
pub fn indicator_rows(indicators: &[Indicator], blanks: &[BlankRow]) -> Vec<Vec<Cell>> {
    let columns = Columns::of(indicators);
    let value_columns = if columns.parts { 3 } else { 1 };
    let mut ordered: Vec<(usize, Vec<Cell>)> = Vec::new();
    let mut entries: Vec<(usize, Result<&Indicator, &BlankRow>)> = indicators
        .iter()
        .map(|i| (i.span.first_line, Ok(i)))
        .chain(blanks.iter().map(|b| (b.span.first_line, Err(b))))
        .collect();
    entries.sort_by_key(|(line, _)| *line);
    for (index, (line, entry)) in entries.into_iter().enumerate() {
        let row = match entry {
            Ok(indicator) => {
                let mut row =
                    category_cells(&indicator.level1, &indicator.level2, index == 0).to_vec();
                row.push(Cell::text(indicator.name.clone()));
                row.push(Cell::text(indicator.description.clone()));
                if columns.rules {
                    row.push(Cell::text(
                        indicator.scoring_rule.clone().unwrap_or_default(),
                    ));
                }
                if columns.period {
                    row.push(Cell::text(
                        indicator
                            .period_target
                            .as_ref()
                            .map(|t| t.raw.clone())
                            .unwrap_or_default(),
                    ));
                }
                match &indicator.value_parts {
                    Some(p) => row.extend([
                        Cell::text(p.symbol.clone()),
                        Cell::text(p.value.clone()),
                        Cell::text(p.unit.clone()),
                    ]),
                    None if columns.parts => row.extend([
                        Cell::text(""),
                        Cell::text(indicator.target.raw.clone()),
                        Cell::text(""),
                    ]),
                    None => row.push(Cell::text(indicator.target.raw.clone())),
                }
                row.push(Cell::text(
                    indicator
                        .basis
                        .as_ref()
                        .map(|b| b.text.clone())
                        .unwrap_or_default(),
                ));
                if columns.weight {
                    // As the model holds it (`12.5`, `10.00`): the importer reads the number back.
                    row.push(Cell::text(
                        indicator.weight.map(|w| w.to_string()).unwrap_or_default(),
                    ));
                }
                if columns.direction {
                    row.push(Cell::text(
                        indicator.direction.map(Direction::name).unwrap_or_default(),
                    ));
                }
                row
            }
            Err(blank) => {
                let mut row = category_cells(&blank.level1, &blank.level2, index == 0).to_vec();
                row.push(Cell::text(blank.text.clone()));
                let rest = columns.leading() - 3 + value_columns + columns.trailing();
                row.extend((0..rest).map(|_| Cell::text("")));
                row
            }
        };
        ordered.push((line, row));
    }
    ordered.into_iter().map(|(_, row)| row).collect()
}
