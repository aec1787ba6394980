//! Indicator tables: columns found by their header labels, rows mended where a blank
//! line split them, merged category cells carried down from the row above.

use jixiao_model::{
    AmountUnit, Basis, BlankRow, Diagnostic, Direction, Indicator, Level1, Level2, Project, Span,
    TargetValue, ValueParts,
};

use super::header;
use super::vocabulary::Role;
use rust_decimal::Decimal;

use super::text::excerpt;
use crate::blocks::{Cell, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Level1,
    Level2,
    Name,
    Description,
    Rule,
    Value,
    Symbol,
    Number,
    Unit,
    Basis,
    Weight,
    Direction,
    /// 实施期指标值 beside the year's, and the period's own categories and names.
    PeriodValue,
    PeriodLevel2,
    PeriodName,
    /// Project fields of a flat table (one row per indicator, many projects).
    ProjectName,
    ProjectCode,
    /// The project's budget, in the unit its header names (`预算数（元）`), if it names one.
    ProjectBudget(Option<AmountUnit>),
    ProjectGoal,
    UnitName,
    UnitCode,
    /// 序号: a row number, nothing to keep.
    Sequence,
    Unlabeled,
}

fn column(cell: &Cell) -> Column {
    let Some(found) = cell.label() else {
        return Column::Unlabeled;
    };
    match found.role {
        Role::Level1 => Column::Level1,
        Role::Level2 => Column::Level2,
        Role::Level3 => Column::Name,
        Role::Description => Column::Description,
        Role::Value => Column::Value,
        Role::PeriodValue => Column::PeriodValue,
        Role::PeriodLevel2 => Column::PeriodLevel2,
        Role::PeriodLevel3 => Column::PeriodName,
        Role::Symbol => Column::Symbol,
        Role::Number => Column::Number,
        Role::MeasureUnit => Column::Unit,
        Role::Weight => Column::Weight,
        Role::Direction => Column::Direction,
        Role::Basis => Column::Basis,
        Role::Rule => Column::Rule,
        Role::ProjectName => Column::ProjectName,
        Role::ProjectCode => Column::ProjectCode,
        // `预算数（元）`, `项目金额`, `项目资金合计（万元）` …: a project's budget, in the unit named.
        Role::Total | Role::Funds => Column::ProjectBudget(found.amount_unit),
        Role::Goals => Column::ProjectGoal,
        Role::UnitName => Column::UnitName,
        Role::UnitCode => Column::UnitCode,
        Role::Sequence => Column::Sequence,
        _ => Column::Unlabeled,
    }
}

/// The project fields of one row of a flat table, as written (empty where the cell is).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowProject {
    pub name: String,
    pub code: String,
    /// The budget as written, its cell's line, and the unit the header names.
    pub budget: Option<(String, usize, Option<AmountUnit>)>,
    pub goal: Option<(String, usize)>,
    pub unit_name: String,
    pub unit_code: String,
}

pub struct IndicatorTable {
    columns: Vec<Column>,
    /// The project fields of the row read last, in a flat table.
    row_project: Option<RowProject>,
    /// The header's text over each column, for messages about columns that are not read.
    labels: Vec<String>,
    header_rows: usize,
    last_level1: Option<Level1>,
    last_level2: Option<Level2>,
}

pub enum Placed {
    Indicator(Box<Indicator>),
    Blank(BlankRow),
}

pub enum RowOutcome {
    Consumed(usize, Placed),
    NotIndicator,
}

pub fn place(placed: Placed, project: &mut Project) {
    let span = match &placed {
        Placed::Indicator(indicator) => indicator.span,
        Placed::Blank(blank) => blank.span,
    };
    project.span = project.span.to(span);
    match placed {
        Placed::Indicator(indicator) => project.indicators.push(*indicator),
        Placed::Blank(blank) => project.blank_rows.push(blank),
    }
}

/// The header of an indicator table: 一级 and 三级 columns, or 一级, 二级 and a 指标内容 naming
/// the row (the 2015 template).
pub fn is_indicator_header(row: &Row) -> bool {
    let (mut level1, mut level2, mut level3, mut description) = (false, false, false, false);
    for cell in &row.cells {
        match cell.label().map(|l| l.role) {
            Some(Role::Level1) => level1 = true,
            Some(Role::Level2) => level2 = true,
            Some(Role::Level3) => level3 = true,
            Some(Role::Description) => description = true,
            _ => {}
        }
    }
    level1 && (level3 || (level2 && description))
}

fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.chars().all(|c| "…．.。—-－ ".contains(c))
}

impl IndicatorTable {
    /// Reads the header row at `index` (and the 符号/值/单位 row under it, if any).
    pub fn from_header(rows: &[Row], index: usize) -> Option<IndicatorTable> {
        let row = &rows[index];
        if !is_indicator_header(row) {
            return None;
        }
        let mut columns: Vec<Column> = row.cells.iter().map(column).collect();
        let mut labels: Vec<String> = row.cells.iter().map(|c| c.compact().into_owned()).collect();
        let mut header_rows = 1;
        if let Some(sub) = rows.get(index + 1) {
            let sub_columns: Vec<Column> = sub.cells.iter().map(column).collect();
            if sub_columns.contains(&Column::Symbol) || sub_columns.contains(&Column::Number) {
                // Spreadsheets keep merged cells in their grid positions; Word and Tika collapse them.
                let aligned = columns.len() == sub_columns.len();
                let mut parents = columns.iter().copied().filter(|c| *c != Column::Value);
                let mut parent_labels = columns
                    .iter()
                    .zip(&labels)
                    .filter(|(c, _)| **c != Column::Value)
                    .map(|(_, label)| label.clone())
                    .collect::<Vec<_>>()
                    .into_iter();
                labels = sub
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(position, cell)| match (cell.is_empty(), aligned) {
                        (false, _) => cell.compact().into_owned(),
                        (true, true) => labels[position].clone(),
                        (true, false) => parent_labels.next().unwrap_or_default(),
                    })
                    .collect();
                columns = sub
                    .cells
                    .iter()
                    .zip(sub_columns)
                    .enumerate()
                    .map(
                        |(position, (cell, sub_column))| match (cell.is_empty(), aligned) {
                            (false, _) => sub_column,
                            (true, true) => columns[position],
                            (true, false) => parents.next().unwrap_or(Column::Unlabeled),
                        },
                    )
                    .collect();
                header_rows = 2;
            }
        }
        period_group(&mut columns);
        if !columns.contains(&Column::Name)
            && let Some(description) = columns.iter_mut().find(|c| **c == Column::Description)
        {
            // 指标内容 names the row where no 三级指标 column does.
            *description = Column::Name;
        }
        Some(IndicatorTable {
            columns,
            row_project: None,
            labels,
            header_rows,
            last_level1: None,
            last_level2: None,
        })
    }

    pub fn header_rows(&self) -> usize {
        self.header_rows
    }

    /// A table with project columns beside the indicators: one row per indicator, many projects.
    pub fn is_flat(&self) -> bool {
        self.columns
            .iter()
            .any(|c| matches!(c, Column::ProjectName | Column::ProjectCode))
    }

    /// The project fields of the row read last, when the table has project columns.
    pub fn take_row_project(&mut self) -> Option<RowProject> {
        self.row_project.take()
    }

    fn read_row_project(&mut self, cells: &[&Cell]) {
        let project_column = |c: &Column| {
            matches!(
                c,
                Column::ProjectName
                    | Column::ProjectCode
                    | Column::ProjectBudget(_)
                    | Column::ProjectGoal
                    | Column::UnitName
                    | Column::UnitCode
            )
        };
        if !self.columns.iter().any(project_column) {
            return;
        }
        let mut fields = RowProject::default();
        for (column, cell) in self.columns.iter().zip(cells) {
            let text = cell.text.trim();
            if text.is_empty() {
                continue;
            }
            match column {
                Column::ProjectName => fields.name = text.to_string(),
                Column::ProjectCode => fields.code = text.to_string(),
                Column::ProjectBudget(unit) => {
                    fields.budget = Some((text.to_string(), cell.line, *unit));
                }
                Column::ProjectGoal => fields.goal = Some((text.to_string(), cell.line)),
                Column::UnitName => fields.unit_name = text.to_string(),
                Column::UnitCode => fields.unit_code = text.to_string(),
                _ => {}
            }
        }
        self.row_project = Some(fields);
    }

    /// Reads the indicator row at `index`, mending rows a blank line inside a cell split apart.
    pub fn row(
        &mut self,
        rows: &[Row],
        index: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> RowOutcome {
        let row = &rows[index];
        if is_indicator_header(row) || header::ends_indicator_table(row) {
            return RowOutcome::NotIndicator;
        }
        let width = self.columns.len();
        let mut cells: Vec<&Cell> = row.cells.iter().collect();
        let mut consumed = 1;
        while cells.len() < width {
            let Some(next) = rows.get(index + consumed) else {
                break;
            };
            if is_indicator_header(next)
                || header::ends_indicator_table(next)
                || cells.len() + next.cells.len() > width
            {
                break;
            }
            cells.extend(next.cells.iter());
            consumed += 1;
        }
        let span = Span {
            first_line: row.first_line(),
            last_line: rows[index + consumed - 1].last_line(),
        };
        if cells.len() < width {
            let missing = width - cells.len();
            if cells.len() < width.saturating_sub(2) {
                diagnostics.push(Diagnostic::warning(
                    span.first_line,
                    format!(
                        "指标行只有{}个单元格（表头{}列），按左侧合并单元格缺失处理",
                        cells.len(),
                        width
                    ),
                ));
            }
            let filler = Cell::new(String::new(), span.first_line, span.first_line);
            let filler = &filler;
            cells.splice(0..0, std::iter::repeat_n(filler, missing));
            return self.finish_row(cells, consumed, span, diagnostics);
        }
        self.finish_row(cells, consumed, span, diagnostics)
    }

    fn finish_row(
        &mut self,
        mut cells: Vec<&Cell>,
        consumed: usize,
        span: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> RowOutcome {
        let width = self.columns.len();
        for extra in cells.drain(width..).filter(|c| !c.is_empty()) {
            diagnostics.push(Diagnostic::warning(
                extra.line,
                format!("指标行多出的单元格“{}”无对应列", excerpt(&extra.text)),
            ));
        }
        RowOutcome::Consumed(consumed, self.build(&cells, span, diagnostics))
    }

    fn build(&mut self, cells: &[&Cell], span: Span, diagnostics: &mut Vec<Diagnostic>) -> Placed {
        self.read_row_project(cells);
        let columns = std::mem::take(&mut self.columns);
        let placed = self.build_with(&columns, cells, span, diagnostics);
        self.columns = columns;
        placed
    }

    fn build_with(
        &mut self,
        columns: &[Column],
        cells: &[&Cell],
        span: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Placed {
        let untrimmed = |wanted: Column| -> String {
            columns
                .iter()
                .zip(cells)
                .filter(|(c, _)| **c == wanted)
                .map(|(_, cell)| cell.text.as_str())
                .collect()
        };
        let text = |wanted: Column| -> String { untrimmed(wanted).trim().to_string() };
        for ((_, cell), label) in columns
            .iter()
            .zip(cells)
            .zip(
                self.labels
                    .iter()
                    .map(String::as_str)
                    .chain(std::iter::repeat("")),
            )
            .filter(|((c, cell), _)| **c == Column::Unlabeled && !cell.is_empty())
        {
            let message = if label.is_empty() {
                format!("无表头的列中有内容“{}”", excerpt(&cell.text))
            } else {
                format!(
                    "“{label}”列的内容“{}”未读入：此列尚不支持",
                    excerpt(&cell.text)
                )
            };
            diagnostics.push(Diagnostic::warning(cell.line, message));
        }
        let level1 = self.level1(&text(Column::Level1));
        let written_level2 = text(Column::Level2);
        let placeholder = is_placeholder(&written_level2).then(|| written_level2.clone());
        let level2 = self.level2(if placeholder.is_some() {
            ""
        } else {
            &written_level2
        });
        for (raw, known) in [
            (&level1.raw, level1.kind.is_some()),
            (&level2.raw, level2.kind.is_some()),
        ] {
            if !known && !raw.is_empty() {
                diagnostics.push(Diagnostic::note(
                    span.first_line,
                    format!("无法识别的指标类别“{raw}”"),
                ));
            }
        }
        let name = text(Column::Name);
        let weight = text(Column::Weight);
        let direction = text(Column::Direction);
        let period = text(Column::PeriodValue);
        for (wanted, what, annual) in [
            (Column::PeriodLevel2, "二级指标", text(Column::Level2)),
            (Column::PeriodName, "三级指标", text(Column::Name)),
        ] {
            let written = text(wanted);
            if !written.is_empty() && written != annual {
                diagnostics.push(Diagnostic::warning(
                    span.first_line,
                    format!(
                        "实施期{what}“{}”与年度的“{}”不同，只保存了年度的",
                        excerpt(&written),
                        excerpt(&annual)
                    ),
                ));
            }
        }
        let description = text(Column::Description);
        let rule = text(Column::Rule);
        let basis = text(Column::Basis);
        let has_parts = columns.contains(&Column::Symbol);
        let (target, value_parts) = if has_parts {
            // The 101号 template and 一体化 exports head the number 指标值, not 值.
            let number = if columns.contains(&Column::Number) {
                Column::Number
            } else {
                Column::Value
            };
            let parts = ValueParts {
                symbol: text(Column::Symbol),
                value: text(number),
                unit: text(Column::Unit),
            };
            (
                TargetValue::from_parts(&parts.symbol, &parts.value, &parts.unit),
                Some(parts),
            )
        } else {
            (TargetValue::parse(&untrimmed(Column::Value)), None)
        };
        let rest_empty =
            description.is_empty() && rule.is_empty() && basis.is_empty() && target.is_empty();
        if (name.is_empty() || is_placeholder(&name)) && rest_empty {
            let text = placeholder.unwrap_or(name);
            return Placed::Blank(BlankRow {
                level1,
                level2,
                text,
                span,
            });
        }
        Placed::Indicator(Box::new(Indicator {
            level1,
            level2,
            name,
            description,
            target,
            value_parts,
            basis: Basis::from_text(&basis),
            scoring_rule: (!rule.is_empty()).then_some(rule),
            weight: read_weight(&weight, span, diagnostics),
            direction: read_direction(&direction, span, diagnostics),
            period_target: (!period.is_empty())
                .then(|| TargetValue::parse(&untrimmed(Column::PeriodValue))),
            from_library: None,
            span,
        }))
    }

    fn level1(&mut self, written: &str) -> Level1 {
        if written.is_empty()
            && let Some(above) = &self.last_level1
        {
            return Level1 {
                merged: true,
                ..above.clone()
            };
        }
        let level1 = Level1::from_text(written);
        self.last_level1 = Some(level1.clone());
        self.last_level2 = None;
        level1
    }

    fn level2(&mut self, written: &str) -> Level2 {
        if written.is_empty()
            && let Some(above) = &self.last_level2
        {
            return Level2 {
                merged: true,
                ..above.clone()
            };
        }
        let level2 = Level2::from_text(written);
        self.last_level2 = Some(level2.clone());
        level2
    }
}

/// `10`, `10%`, `10分`: the weight as a number; anything else is said.
fn read_weight(text: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) -> Option<Decimal> {
    if text.is_empty() {
        return None;
    }
    let number = text.trim_end_matches(['%', '％', '分']).trim();
    let weight = jixiao_model::parse_amount(number);
    if weight.is_none() {
        diagnostics.push(Diagnostic::warning(
            span.first_line,
            format!("权重“{}”不是数字，未读入", excerpt(text)),
        ));
    }
    weight
}

/// `正向` / `反向` / `中性`; anything else is said.
fn read_direction(text: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) -> Option<Direction> {
    if text.is_empty() {
        return None;
    }
    let direction = Direction::from_text(text);
    if direction.is_none() {
        diagnostics.push(Diagnostic::warning(
            span.first_line,
            format!(
                "指标方向“{}”无法识别（应为正向、反向或中性），未读入",
                excerpt(text)
            ),
        ));
    }
    direction
}

/// `一级 | 二级 | 三级 | 指标值 | 二级 | 三级 | 指标值`: where the categories come twice, the first
/// group is the period's (中期, 长期) and the second the year's.
fn period_group(columns: &mut [Column]) {
    let level2: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == Column::Level2)
        .map(|(i, _)| i)
        .collect();
    let [first, second, ..] = level2[..] else {
        return;
    };
    for column in &mut columns[first..second] {
        *column = match *column {
            Column::Level2 => Column::PeriodLevel2,
            Column::Name => Column::PeriodName,
            Column::Value => Column::PeriodValue,
            other => other,
        };
    }
}

/// A note for each header cell of an indicator table that is no column it knows
/// (`年度绩效目标（90分）` over the block, `备注`): their rows' contents are said as they come.
pub fn unknown_headers(header: &[Row], diagnostics: &mut Vec<Diagnostic>) {
    for cell in header.iter().flat_map(|r| &r.cells) {
        if !cell.is_empty() && cell.label().is_none() {
            diagnostics.push(Diagnostic::note(
                cell.line,
                format!("指标表表头“{}”不是已知的列，未读入", excerpt(&cell.text)),
            ));
        }
    }
}
