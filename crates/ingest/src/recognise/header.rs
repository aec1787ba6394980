//! The header block of a project table: unit, code, name, amounts, purpose,
//! spending plan and goals, each found by its label.

use std::sync::LazyLock;

use jixiao_model::{
    AmountUnit, Budget, Checkpoint, Diagnostic, Document, Indicator, Project, Span, SpendingPlan,
    parse_amount, parse_percent,
};
use regex::Regex;

use super::goals::items_from_cell;
use super::text::{code_and_name, excerpt};
use super::vocabulary::{self, Role};
use crate::blocks::{Cell, Row};

/// What the previous header row announced about the row that follows it.
#[derive(Default)]
pub struct HeaderState {
    next: Expect,
    /// The amount unit a caption above the table names, for amounts the table gives no unit.
    caption_unit: Option<AmountUnit>,
}

#[derive(Default)]
enum Expect {
    #[default]
    Nothing,
    /// The row after 预算规模及资金用途 holds the purpose in its merged label column.
    Purpose,
    /// The row after the plan's checkpoint labels holds their figures.
    PlanFigures {
        label: String,
        checkpoints: Vec<(usize, String)>,
    },
    /// A goal cell was just read; a stray paragraph may continue it.
    GoalText,
    /// A row of labels without values (`总体目标 | 中期目标 | 年度目标`): the next row holds
    /// them, cell under cell.
    Below(Vec<(usize, Label)>),
}

impl HeaderState {
    pub fn below_caption(caption_unit: Option<AmountUnit>) -> HeaderState {
        HeaderState {
            caption_unit,
            ..HeaderState::default()
        }
    }

    pub fn expects_row(&self) -> bool {
        matches!(
            self.next,
            Expect::Purpose | Expect::PlanFigures { .. } | Expect::Below(_)
        )
    }

    pub fn expects_goal_continuation(&self) -> bool {
        matches!(self.next, Expect::GoalText)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Code,
    Name,
    AmountsBlock,
    /// `项目资金（万元）`: the amounts beside and below it are in this unit (the 101号 template).
    FundsIn(AmountUnit),
    Total,
    Fiscal,
    Other,
    PeriodTotal,
    Purpose,
    Plan,
    Goals,
    PeriodGoals,
    GoalsBlock,
    UnitName,
    CompetentDepartment,
    ImplementingUnit,
    TableTitle,
}

/// A header label: its meaning, and the amount unit its brackets name (`预算数（元）`).
fn labelled(cell: &Cell) -> Option<(Label, Option<AmountUnit>)> {
    let found = cell.label()?;
    Some((labelled_role(found)?, found.amount_unit))
}

fn labelled_role(found: vocabulary::Label) -> Option<Label> {
    let label = match found.role {
        Role::ProjectCode => Label::Code,
        Role::ProjectName => Label::Name,
        Role::AmountsBlock => Label::AmountsBlock,
        Role::Funds => Label::FundsIn(found.amount_unit?),
        Role::Total => Label::Total,
        Role::Fiscal => Label::Fiscal,
        Role::Other => Label::Other,
        Role::PeriodTotal => Label::PeriodTotal,
        Role::Purpose => Label::Purpose,
        Role::Plan => Label::Plan,
        // In a project's table, 年度总体目标 is the project's.
        Role::Goals | Role::DutyGoals => Label::Goals,
        Role::PeriodGoals => Label::PeriodGoals,
        Role::GoalsBlock => Label::GoalsBlock,
        Role::CompetentDepartment => Label::CompetentDepartment,
        Role::UnitName => Label::UnitName,
        Role::ImplementingUnit => Label::ImplementingUnit,
        Role::TableTitle => Label::TableTitle,
        _ => return None,
    };
    Some(label)
}

fn label(cell: &Cell) -> Option<Label> {
    labelled(cell).map(|(label, _)| label)
}

static AMOUNT_WITH_UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\d.,]+)\s*(万元|万|元)").expect("valid regex"));
static UNIT_CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{6})(\S.*)$").expect("valid regex"));
static AMOUNT_UNIT_CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(金额)?单位[:：](元|万元)$").expect("valid regex"));

fn amount_unit_cell(cell: &Cell) -> Option<AmountUnit> {
    if !cell.text.contains("单位") {
        return None;
    }
    AMOUNT_UNIT_CELL
        .captures(&cell.compact())
        .and_then(|c| AmountUnit::from_text(&c[2]))
}

fn is_unit_row(row: &Row) -> bool {
    row.cells.iter().any(|c| amount_unit_cell(c).is_some())
}

/// The row opens a new project table without a title above it (`预算项目绩效表`).
pub fn starts_project(row: &Row) -> bool {
    first_label(row) == Some(Label::TableTitle)
}

/// The first row of a project table: the unit row, the table title, a code or goal label.
pub fn opens_project_table(row: &Row) -> bool {
    is_unit_row(row)
        || matches!(
            first_label(row),
            Some(Label::TableTitle | Label::Code | Label::Name | Label::Goals)
        )
}

/// The row cannot belong to an indicator table: it opens a project or its header block.
/// (Label words alone are not enough: `预算金额` is also a common level-3 indicator name.)
pub fn ends_indicator_table(row: &Row) -> bool {
    is_unit_row(row)
        || matches!(
            first_label(row),
            Some(
                Label::TableTitle
                    | Label::Code
                    | Label::Name
                    | Label::AmountsBlock
                    | Label::Plan
                    | Label::Goals
            )
        )
}

/// The row carries header labels of a project table.
pub fn is_header_row(row: &Row) -> bool {
    is_unit_row(row) || row.cells.iter().any(|c| label(c).is_some())
}

fn first_label(row: &Row) -> Option<Label> {
    row.cells.iter().find(|c| !c.is_empty()).and_then(label)
}

/// Reads one header row into the project; returns the rows consumed, or `None` when the row
/// is not a header row.
pub fn row(
    state: &mut HeaderState,
    project: &mut Project,
    document: &mut Document,
    rows: &[Row],
    index: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let row = &rows[index];
    project.span = project.span.to(Span {
        first_line: row.first_line(),
        last_line: row.last_line(),
    });
    match std::mem::take(&mut state.next) {
        Expect::Purpose if first_label(row).is_none() && !is_unit_row(row) => {
            let text = joined(&row.cells);
            if !text.is_empty() {
                project.purpose = Some(text);
            }
            return Some(1);
        }
        Expect::PlanFigures { label, checkpoints } if first_label(row).is_none() => {
            project.spending_plan = Some(plan(&label, &checkpoints, row, diagnostics));
            return Some(1);
        }
        Expect::Below(labels) if !row.cells.iter().any(|c| label(c).is_some()) => {
            for (position, cell) in row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                match labels.iter().find(|(p, _)| *p == position) {
                    Some((_, found)) => {
                        let value = std::slice::from_ref(cell);
                        fill(state, project, document, *found, cell, value, diagnostics);
                    }
                    None => unreadable(cell, diagnostics),
                }
            }
            return Some(1);
        }
        _ => {}
    }
    if is_unit_row(row) {
        unit_row(row, project, document, diagnostics);
        return Some(1);
    }
    let cells = &row.cells;
    let mut recognised = false;
    let mut without_value = Vec::new();
    for (position, cell) in cells.iter().enumerate() {
        let in_the_cell: [Cell; 1];
        let (found, unit, value): (Label, Option<AmountUnit>, &[Cell]) = match labelled(cell) {
            Some((found, unit)) => (found, unit, &cells[position + 1..]),
            // `年度资金总额：16`: the label and its value in one cell.
            None => match vocabulary::label_and_value(&cell.text)
                .and_then(|(l, v)| Some((labelled_role(l)?, l.amount_unit, v)))
            {
                Some((found, unit, value)) => {
                    in_the_cell = [Cell::new(value.to_string(), cell.line, cell.last_line)];
                    (found, unit, &in_the_cell[..])
                }
                None => continue,
            },
        };
        recognised = true;
        if let Some(unit) = unit {
            project.budget.unit = Some(unit);
        }
        let takes_value = matches!(
            found,
            Label::Goals
                | Label::PeriodGoals
                | Label::Total
                | Label::Fiscal
                | Label::Other
                | Label::PeriodTotal
                | Label::Name
                | Label::Code
                | Label::CompetentDepartment
                | Label::ImplementingUnit
                | Label::UnitName
        );
        if takes_value && value_in(value).is_none() {
            // A 项目编码 cell left blank is a fact of the table (the review asks for the code);
            // a value in the row below still fills it.
            if found == Label::Code && project.code.is_none() {
                project.code = Some(String::new());
            }
            without_value.push((position, found));
            continue;
        }
        if fill(state, project, document, found, cell, value, diagnostics) {
            break;
        }
    }
    if !without_value.is_empty() && !state.expects_row() {
        state.next = Expect::Below(without_value);
    }
    if recognised {
        for cell in unread(cells) {
            unreadable(cell, diagnostics);
        }
    }
    recognised.then_some(1)
}

/// The filled cells of a header row that are neither a label nor a label's value
/// (`项目负责人 | 某某`, `财政资金科目代码 | 21305`).
fn unread(cells: &[Cell]) -> Vec<&Cell> {
    let mut used = vec![false; cells.len()];
    for (position, cell) in cells.iter().enumerate() {
        if vocabulary::label_and_value(&cell.text).is_some() {
            used[position] = true;
            continue;
        }
        let Some(found) = cell.label() else {
            continue;
        };
        used[position] = true;
        let Some(found) = labelled_role(found) else {
            continue;
        };
        let rest = cells[position + 1..]
            .iter()
            .position(|c| c.label().is_some())
            .map_or(cells.len(), |p| position + 1 + p);
        match found {
            // The rest of the row (to the next label, for goals) is the label's.
            Label::Purpose | Label::Plan => used[position + 1..].fill(true),
            Label::Goals | Label::PeriodGoals => used[position + 1..rest].fill(true),
            _ => {
                if let Some(value) = (position + 1..rest).find(|&i| !cells[i].is_empty()) {
                    used[value] = true;
                }
            }
        }
    }
    cells
        .iter()
        .zip(used)
        .filter(|(c, used)| !used && !c.is_empty())
        .map(|(c, _)| c)
        .collect()
}

fn unreadable(cell: &Cell, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.push(Diagnostic::warning(
        cell.line,
        format!("表头中无法识别的内容：{}", excerpt(&cell.text)),
    ));
}

/// Reads what follows a label (`after`: the cells after it in its row, or the one under it).
/// Returns whether the rest of the row belongs to this label.
fn fill(
    state: &mut HeaderState,
    project: &mut Project,
    document: &mut Document,
    found: Label,
    cell: &Cell,
    after: &[Cell],
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let value = value_in(after);
    let text_of = |value: Option<&Cell>| value.map(|c| c.text.trim().to_string());
    match found {
        Label::Code => project.code = value.map(|c| c.compact().into_owned()),
        Label::CompetentDepartment => project.competent_department = text_of(value),
        Label::UnitName => {
            if let Some(name) = text_of(value)
                && document.unit.name.is_none()
            {
                document.unit.basis = format!("第{}行“{}”", cell.line, cell.compact());
                document.unit.name = Some(name);
            }
        }
        Label::ImplementingUnit => project.implementing_unit = text_of(value),
        Label::Name => {
            if let Some(name) = value {
                project.name = name.text.trim().to_string();
            }
        }
        Label::AmountsBlock => state.next = Expect::Purpose,
        Label::FundsIn(unit) => project.budget.unit = Some(unit),
        Label::Total | Label::Fiscal | Label::Other | Label::PeriodTotal => amount(
            project,
            found,
            value,
            cell.line,
            state.caption_unit,
            diagnostics,
        ),
        Label::Purpose => {
            let text = joined(after);
            prose_budget(project, &text);
            project.purpose = (!text.is_empty()).then_some(text);
            return true;
        }
        Label::Plan => {
            let checkpoints = after
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .map(|(i, c)| (i + 1, c.text.trim().to_string()))
                .collect();
            state.next = Expect::PlanFigures {
                label: cell.compact().into_owned(),
                checkpoints,
            };
            return true;
        }
        Label::Goals | Label::PeriodGoals => {
            // `实施期目标 | … | 年度目标 | …` may stand side by side in one row.
            let end = after
                .iter()
                .position(|c| label(c).is_some())
                .unwrap_or(after.len());
            let first = after[..end]
                .iter()
                .find(|c| !c.is_empty())
                .map_or(cell.line, |c| c.line);
            let items = items_from_cell(&joined(&after[..end]), first);
            if found == Label::Goals {
                project.goals.extend(items);
            } else {
                project.period_goals.extend(items);
            }
            state.next = Expect::GoalText;
            return end == after.len();
        }
        Label::GoalsBlock | Label::TableTitle => {}
    }
    false
}

/// The label's value: the first filled cell before the next label.
fn value_in(after: &[Cell]) -> Option<&Cell> {
    after
        .iter()
        .take_while(|c| label(c).is_none())
        .find(|c| !c.is_empty())
}

/// A stray paragraph right after the goal cell continues the goals (a blank line split the cell).
pub fn continue_goals(project: &mut Project, text: &str, line: usize) {
    project.goals.extend(items_from_cell(text, line));
    project.span = project.span.to(Span::line(line));
}

fn unit_row(
    row: &Row,
    project: &mut Project,
    document: &mut Document,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for cell in &row.cells {
        // `418001某某局`, or `单位名称：418001某某局` as 一体化 title rows have it.
        let named = vocabulary::label_and_value(&cell.text)
            .filter(|(label, _)| label.role == Role::UnitName)
            .map(|(_, value)| code_and_name(value))
            .or_else(|| {
                UNIT_CELL
                    .captures(cell.text.trim())
                    .map(|c| (c[1].to_string(), c[2].trim().to_string()))
            });
        if let Some(unit) = amount_unit_cell(cell) {
            project.budget.unit = Some(unit);
        } else if let Some((code, name)) = named {
            match (&document.unit.code, &document.unit.name) {
                (None, _) => {
                    document.unit.code = (!code.is_empty()).then_some(code);
                    document.unit.name = Some(name);
                    document.unit.basis = format!("第{}行项目表表头", cell.line);
                }
                (Some(known), _) if !code.is_empty() && *known != code => {
                    diagnostics.push(Diagnostic::warning(
                        cell.line,
                        format!(
                            "项目表的单位“{}”与文档单位编码 {known} 不同",
                            cell.text.trim()
                        ),
                    ))
                }
                _ => {}
            }
        } else if !cell.is_empty() {
            unreadable(cell, diagnostics);
        }
    }
}

fn joined(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn amount(
    project: &mut Project,
    which: Label,
    value: Option<&Cell>,
    line: usize,
    caption_unit: Option<AmountUnit>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(cell) = value else { return };
    let raw = cell.text.trim().to_string();
    // `10000万元`, `854万（高标准农田建设400万元…）`: the number and the unit it is written in.
    let suffixed = AMOUNT_WITH_UNIT
        .captures(&raw)
        .and_then(|c| Some((parse_amount(&c[1])?, AmountUnit::from_text(&c[2])?)));
    let Some(written) = parse_amount(&raw).or(suffixed.map(|(n, _)| n)) else {
        diagnostics.push(Diagnostic::warning(
            cell.line,
            format!("金额“{raw}”不是数字，已保留原文"),
        ));
        return set_amount(project, which, None, raw);
    };
    if suffixed.is_some() && raw.chars().count() > 12 {
        diagnostics.push(Diagnostic::note(
            cell.line,
            format!("金额“{}”只读入了开头的数额", excerpt(&raw)),
        ));
    }
    if project.budget.unit.is_none() {
        project.budget.unit = caption_unit;
    }
    let Some(unit) = suffixed.map(|(_, u)| u).or(project.budget.unit) else {
        diagnostics.push(Diagnostic::warning(
            line,
            format!("金额 {raw} 没有注明单位（元或万元），未换算"),
        ));
        return set_amount(project, which, None, raw);
    };
    set_amount(project, which, Some(unit.to_yuan(written)), raw);
}

fn set_amount(
    project: &mut Project,
    which: Label,
    yuan: Option<rust_decimal::Decimal>,
    raw: String,
) {
    let budget = match which {
        Label::PeriodTotal => project.period_budget.get_or_insert_with(|| Budget {
            unit: project.budget.unit,
            ..Budget::default()
        }),
        _ => &mut project.budget,
    };
    let (slot, raw_slot) = match which {
        Label::Total | Label::PeriodTotal => (&mut budget.total_yuan, &mut budget.total_raw),
        Label::Fiscal => (&mut budget.fiscal_yuan, &mut budget.fiscal_raw),
        _ => (&mut budget.other_yuan, &mut budget.other_raw),
    };
    *slot = yuan;
    *raw_slot = Some(raw);
}

static PROSE_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(预算数|财政资金|其他资金)\s*([\d.,]+)\s*(万元|元)").expect("valid regex")
});

/// Amounts written in prose: `预算数229万元，其中：财政资金229万元…，其他资金 0万元`.
fn prose_budget(project: &mut Project, text: &str) {
    for captures in PROSE_AMOUNT.captures_iter(text) {
        let (Some(written), Some(unit)) = (
            parse_amount(&captures[2]),
            AmountUnit::from_text(&captures[3]),
        ) else {
            continue;
        };
        let which = match &captures[1] {
            "预算数" => Label::Total,
            "财政资金" => Label::Fiscal,
            _ => Label::Other,
        };
        let already = match which {
            Label::Total => project.budget.total_raw.is_some(),
            Label::Fiscal => project.budget.fiscal_raw.is_some(),
            _ => project.budget.other_raw.is_some(),
        };
        if already {
            continue;
        }
        if which == Label::Total {
            project.budget.unit = Some(unit);
        }
        set_amount(
            project,
            which,
            Some(unit.to_yuan(written)),
            captures[0].to_string(),
        );
    }
}

fn plan(
    label: &str,
    checkpoints: &[(usize, String)],
    figures: &Row,
    diagnostics: &mut Vec<Diagnostic>,
) -> SpendingPlan {
    let cells = &figures.cells;
    let mut used = vec![false; cells.len()];
    let list = checkpoints
        .iter()
        .map(|(offset, name)| {
            let raw = cells
                .get(*offset)
                .map_or(String::new(), |c| c.text.trim().to_string());
            if let Some(flag) = used.get_mut(*offset) {
                *flag = true;
            }
            Checkpoint {
                label: name.clone(),
                percent: parse_percent(&raw),
                raw,
            }
        })
        .collect();
    for (cell, _) in cells
        .iter()
        .zip(&used)
        .skip(1)
        .filter(|(c, used)| !**used && !c.is_empty())
    {
        diagnostics.push(Diagnostic::warning(
            cell.line,
            format!("资金支出计划中的“{}”没有对应的时间节点", cell.text.trim()),
        ));
    }
    let plan = SpendingPlan::new(label, list);
    for checkpoint in plan
        .checkpoints
        .iter()
        .filter(|c| c.percent.is_none() && !c.raw.is_empty())
    {
        diagnostics.push(Diagnostic::warning(
            figures.first_line(),
            format!(
                "资金支出计划“{}”的数值“{}”无法读取",
                checkpoint.label, checkpoint.raw
            ),
        ));
    }
    plan
}

/// Checks done once the whole project is read.
pub fn finish(project: &mut Project, diagnostics: &mut Vec<Diagnostic>) {
    let line = project.span.first_line;
    if project.name.is_empty() {
        diagnostics.push(Diagnostic::warning(line, "项目没有名称"));
    }
    if project.indicators.is_empty() && project.blank_rows.is_empty() {
        diagnostics.push(Diagnostic::warning(
            line,
            format!("项目“{}”没有绩效指标表", project.name),
        ));
    }
    let budget = &project.budget;
    if !project.indicators.is_empty() && budget.total_yuan.is_none() && budget.fiscal_yuan.is_none()
    {
        diagnostics.push(Diagnostic::error(
            line,
            format!("项目“{}”有绩效指标，但没有读到预算数", project.name),
        ));
    }
    for indicator in &project.indicators {
        comparator_without_value(indicator, diagnostics);
    }
}

/// A target such as `≥%` (a comparator, no number): an error, since nothing can be judged by it.
pub fn comparator_without_value(indicator: &Indicator, diagnostics: &mut Vec<Diagnostic>) {
    let target = &indicator.target;
    if target.comparator.is_some() && target.number.is_none() {
        diagnostics.push(Diagnostic::error(
            indicator.span.first_line,
            format!(
                "指标“{}”的指标值“{}”有比较符号却没有数值",
                indicator.name, target.raw
            ),
        ));
    }
}

/// A document that names no unit of its own is its projects' 实施单位 when they all agree (else
/// their 主管部门), with the code printed in brackets beside either (`[015001]某区教育局`).
pub fn unit_from_projects(document: &mut Document) {
    if document.unit.name.is_some() || document.projects.is_empty() {
        return;
    }
    let agreed = |field: fn(&Project) -> Option<&String>| {
        let mut named = document
            .projects
            .iter()
            .map(|p| field(p).map(|t| code_and_name(t)));
        let first = named.next().flatten()?;
        named
            .all(|n| n.is_some_and(|(_, name)| name == first.1))
            .then_some(first)
    };
    let implementing = agreed(|p| p.implementing_unit.as_ref());
    let competent = agreed(|p| p.competent_department.as_ref());
    let (found, what) = match (implementing, competent.clone()) {
        (Some(unit), _) => (unit, "实施单位"),
        (None, Some(unit)) => (unit, "主管部门"),
        (None, None) => return,
    };
    let (mut code, name) = found;
    if code.is_empty()
        && let Some((other_code, other_name)) = competent
        && other_name == name
    {
        code = other_code;
    }
    document.unit.code = (!code.is_empty()).then_some(code);
    document.unit.name = Some(name);
    document.unit.basis = format!("项目表的“{what}”");
}

/// The document's amount unit: the unit all project tables agree on.
pub fn document_amount_unit(document: &mut Document) {
    let mut units = document.projects.iter().filter_map(|p| p.budget.unit);
    let first = units.next();
    if units.all(|u| Some(u) == first) {
        document.amount_unit = first;
    }
}
