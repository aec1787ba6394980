//! Flat tables: one row per indicator with its project's fields beside it (repeated on every
//! row, or written once and merged down), many projects in one table. A row whose project name
//! or code differs from the open project's begins the next project; the fields a row adds fill
//! the open project, and a field that disagrees with what the project already has is said.

use jixiao_model::{AmountUnit, Diagnostic, Document, GoalItem, Project, Span, parse_amount};

use super::indicators::RowProject;

/// Whether `row` belongs to another project than `project`.
pub fn starts_another(project: &Project, row: &RowProject) -> bool {
    let other_name = !row.name.is_empty() && !project.name.is_empty() && row.name != project.name;
    let other_code =
        !row.code.is_empty() && project.code.as_deref().is_some_and(|code| code != row.code);
    other_name || other_code
}

/// A row with an amount and a unit's name but no project and no indicator: the unit's total.
pub fn is_total_row(row: &RowProject) -> bool {
    row.name.is_empty() && row.code.is_empty() && row.budget.is_some() && !row.unit_name.is_empty()
}

/// Keeps a total row's amount as the department's budget (when none is known yet), and says so.
pub fn total_row(
    document: &mut Document,
    row: &RowProject,
    line: usize,
    caption_unit: Option<AmountUnit>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some((raw, _, column_unit)) = &row.budget else {
        return;
    };
    let yuan = parse_amount(raw)
        .zip(column_unit.or(caption_unit))
        .map(|(number, unit)| unit.to_yuan(number));
    if document.department_budget_yuan.is_none() {
        document.department_budget_yuan = yuan;
        document.department_budget_raw = Some(format!("{} {raw}", row.unit_name));
    }
    diagnostics.push(Diagnostic::note(
        line,
        format!("“{}”一行是合计（{raw}），未作为项目读入", row.unit_name),
    ));
}

/// Fills what `project` (and the document's unit) lacks from one row's fields; amounts are in
/// the unit the column's header names, else the one the table's caption names.
pub fn fill(
    project: &mut Project,
    document: &mut Document,
    row: RowProject,
    caption_unit: Option<AmountUnit>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if project.name.is_empty() {
        project.name = row.name;
    }
    if project.code.is_none() && !row.code.is_empty() {
        project.code = Some(row.code);
    }
    // `418001某某局`, `820001-某镇人民政府`: the 单位编码 printed before the name.
    let (printed_code, printed_name) = super::text::code_and_name(&row.unit_name);
    let unit = &mut document.unit;
    match &unit.name {
        _ if printed_name.is_empty() => {}
        None => {
            unit.name = Some(printed_name);
            unit.basis = format!("第{}行项目表“单位名称”列", project.span.first_line);
        }
        Some(known) if *known == printed_name => {}
        Some(known) => diagnostics.push(Diagnostic::warning(
            project.span.last_line,
            format!("“单位名称”列的“{printed_name}”与文件的单位“{known}”不同，未读入"),
        )),
    }
    for code in [row.unit_code, printed_code] {
        if unit.code.is_none() && !code.is_empty() {
            unit.code = Some(code);
        }
    }
    if let Some((raw, line, column_unit)) = row.budget {
        // The column's unit, else the caption's above the table or in its title rows.
        let unit = column_unit.or(caption_unit).or(project.budget.unit);
        budget(project, &raw, line, unit, diagnostics);
    }
    if let Some((text, line)) = row.goal {
        match project.goals.first() {
            None => project.goals.push(GoalItem {
                label: None,
                text,
                target: None,
                indicators: None,
                span: Span::line(line),
            }),
            Some(first) if first.text == text => {}
            Some(_) => diagnostics.push(Diagnostic::warning(
                line,
                format!(
                    "项目“{}”的年度目标与上面的行不同，未读入：{}",
                    project.name,
                    super::text::excerpt(&text)
                ),
            )),
        }
    }
}

fn budget(
    project: &mut Project,
    raw: &str,
    line: usize,
    unit: Option<AmountUnit>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let budget = &mut project.budget;
    if let Some(written) = &budget.total_raw {
        if written != raw {
            diagnostics.push(Diagnostic::warning(
                line,
                format!(
                    "金额“{raw}”与项目“{}”已读的预算数“{written}”不同，未读入",
                    project.name
                ),
            ));
        }
        return;
    }
    budget.total_raw = Some(raw.to_string());
    let Some(number) = parse_amount(raw) else {
        diagnostics.push(Diagnostic::warning(
            line,
            format!("金额“{raw}”不是数字，已保留原文"),
        ));
        return;
    };
    let Some(unit) = unit else {
        diagnostics.push(Diagnostic::warning(
            line,
            format!("金额 {raw} 没有注明单位（元或万元），未换算"),
        ));
        return;
    };
    budget.unit = Some(unit);
    budget.total_yuan = Some(unit.to_yuan(number));
}
