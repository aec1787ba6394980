//! The layout both table writers share: the rows of a project's header block and indicator
//! table, as text cells with their spans, in the order the official table prints them.

use jixiao_model::{AmountUnit, BlankRow, Document, GoalItem, Indicator, Level1, Level2, Project};
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
    rows.push(vec![
        Cell::text("项目编码"),
        Cell::spanning(project.code.clone().unwrap_or_default(), 2),
        Cell::text("项目名称"),
        Cell::spanning(project.name.clone(), 3),
    ]);
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
    rows.push(vec![
        Cell::text("绩效目标"),
        Cell::spanning(goal_lines(&project.goals), HEADER_COLUMNS - 1),
    ]);
    rows
}

/// The indicator table header for these rows (with 评（扣）分标准 or split value columns when used).
pub fn indicator_header(indicators: &[Indicator]) -> Vec<Vec<Cell>> {
    let rules = indicators.iter().any(|i| i.scoring_rule.is_some());
    let parts = indicators.iter().any(|i| i.value_parts.is_some());
    let mut first = vec![
        Cell::text("一级指标"),
        Cell::text("二级指标"),
        Cell::text("三级指标"),
        Cell::text("绩效指标描述"),
    ];
    if rules {
        first.push(Cell::text("评（扣）分标准"));
    }
    if parts {
        first.push(Cell::spanning("指标值", 3));
        first.push(Cell::text("指标值确定依据"));
        let mut second: Vec<Cell> = (0..4 + usize::from(rules))
            .map(|_| Cell::continued())
            .collect();
        second.extend([
            Cell::text("符号"),
            Cell::text("值"),
            Cell::text("单位（文字描述）"),
            Cell::continued(),
        ]);
        return vec![first, second];
    }
    first.push(Cell::text("指标值"));
    first.push(Cell::text("指标值确定依据"));
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
    let with_rules = indicators.iter().any(|i| i.scoring_rule.is_some());
    let parts = indicators.iter().any(|i| i.value_parts.is_some());
    let value_columns = if parts { 3 } else { 1 };
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
                if with_rules {
                    row.push(Cell::text(
                        indicator.scoring_rule.clone().unwrap_or_default(),
                    ));
                }
                match &indicator.value_parts {
                    Some(p) => row.extend([
                        Cell::text(p.symbol.clone()),
                        Cell::text(p.value.clone()),
                        Cell::text(p.unit.clone()),
                    ]),
                    None if parts => row.extend([
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
                row
            }
            Err(blank) => {
                let mut row = category_cells(&blank.level1, &blank.level2, index == 0).to_vec();
                row.push(Cell::text(blank.text.clone()));
                let rest = 1 + usize::from(with_rules) + value_columns + 1;
                row.extend((0..rest).map(|_| Cell::text("")));
                row
            }
        };
        ordered.push((line, row));
    }
    ordered.into_iter().map(|(_, row)| row).collect()
}
