//! The standard tables as an Excel workbook: a sheet for the department section, a sheet per
//! project laid out like the official table (merged cells, CJK-wide columns, amounts as numbers
//! with the unit in the header), and a flat `指标明细` sheet with one row per indicator.
//! Headings and paragraphs are single cells merged across the sheet, which the reader reads as text.

use jixiao_model::{Document, GoalItem, RawSection};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::PublishError;
use crate::layout::{self, Cell, HEADER_COLUMNS};

/// Writes rows of laid-out cells, merging spans across and continued cells down.
pub(crate) struct SheetWriter<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    cell: Format,
    heading: Format,
    number: Format,
}

impl<'a> SheetWriter<'a> {
    pub(crate) fn new(sheet: &'a mut Worksheet) -> SheetWriter<'a> {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        SheetWriter {
            sheet,
            row: 0,
            number: cell.clone().set_num_format("0.00##"),
            cell,
            heading: Format::new().set_bold().set_font_size(13),
        }
    }

    pub(crate) fn paragraph(&mut self, text: &str, heading: bool) -> Result<(), PublishError> {
        let format = if heading {
            &self.heading
        } else {
            &Format::new().set_text_wrap()
        };
        self.sheet.merge_range(
            self.row,
            0,
            self.row,
            (HEADER_COLUMNS - 1) as u16,
            text,
            format,
        )?;
        self.row += 1;
        Ok(())
    }

    pub(crate) fn gap(&mut self) {
        self.row += 1;
    }

    /// Writes a table; `numeric` says which cells hold amounts to write as numbers.
    pub(crate) fn table(
        &mut self,
        rows: &[Vec<Cell>],
        numeric: &dyn Fn(usize, usize) -> bool,
    ) -> Result<(), PublishError> {
        let first = self.row;
        let starts: Vec<Vec<u16>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .scan(0_u16, |c, cell| {
                        let s = *c;
                        *c += cell.span as u16;
                        Some(s)
                    })
                    .collect()
            })
            .collect();
        for (r, row) in rows.iter().enumerate() {
            let sheet_row = first + r as u32;
            for (c, cell) in row.iter().enumerate() {
                if cell.merged_above {
                    continue;
                }
                let column = starts[r][c];
                // How far down the cell runs: the continued cells below in the same column.
                let mut down = 0;
                while let Some(below) = rows.get(r + down + 1) {
                    let continued = starts[r + down + 1]
                        .iter()
                        .position(|s| *s == column)
                        .is_some_and(|i| below[i].merged_above);
                    if !continued {
                        break;
                    }
                    down += 1;
                }
                let last_column = column + cell.span as u16 - 1;
                let last_row = sheet_row + down as u32;
                let number = numeric(r, c)
                    .then(|| cell.text.parse::<rust_decimal::Decimal>().ok())
                    .flatten();
                if last_column > column || last_row > sheet_row {
                    self.sheet.merge_range(
                        sheet_row,
                        column,
                        last_row,
                        last_column,
                        &cell.text,
                        &self.cell,
                    )?;
                } else if let Some(number) = number.and_then(|n| n.to_f64()) {
                    self.sheet
                        .write_number_with_format(sheet_row, column, number, &self.number)?;
                } else {
                    self.sheet
                        .write_string_with_format(sheet_row, column, &cell.text, &self.cell)?;
                }
            }
        }
        self.row = first + rows.len() as u32;
        Ok(())
    }
}

pub(crate) fn sheet_name(index: usize, name: &str) -> String {
    let clean: String = name.chars().filter(|c| !"[]:*?/\\'".contains(*c)).collect();
    let full = format!("{}.{clean}", index + 1);
    full.chars().take(31).collect()
}

/// Column widths, and the page the sheet prints on: A4 landscape, every column on one page's width
/// (as many pages down as it takes), the wrapped text unclipped.
pub(crate) fn widths(sheet: &mut Worksheet, widths: &[f64]) -> Result<(), PublishError> {
    for (column, width) in widths.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    print_on_a4(sheet);
    Ok(())
}

fn print_on_a4(sheet: &mut Worksheet) {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
}

fn goals(writer: &mut SheetWriter, title: &str, items: &[GoalItem]) -> Result<(), PublishError> {
    if items.is_empty() {
        return Ok(());
    }
    writer.paragraph(title, true)?;
    for item in items {
        let text = format!("{}{}", item.label.as_deref().unwrap_or(""), item.text);
        for line in text.split('\n').filter(|l| !l.is_empty()) {
            writer.paragraph(line, false)?;
        }
        if let Some(target) = &item.target {
            writer.paragraph(&format!("绩效目标：{target}"), false)?;
        }
        if let Some(indicators) = &item.indicators {
            writer.paragraph(&format!("绩效指标：{indicators}"), false)?;
        }
    }
    Ok(())
}

fn raw(writer: &mut SheetWriter, section: &RawSection) -> Result<(), PublishError> {
    if let Some(heading) = &section.heading {
        writer.paragraph(heading, true)?;
    }
    for line in section.text.lines().filter(|l| !l.trim().is_empty()) {
        writer.paragraph(line, false)?;
    }
    Ok(())
}

pub fn to_xlsx(document: &Document) -> Result<Vec<u8>, PublishError> {
    to_xlsx_beside(document, &[])
}

/// The same workbook with last year's target (上年指标值) and actual (上年完成值, empty when none
/// was evaluated) beside rows in the `指标明细` sheet, which the importer does not read back;
/// `last_year` holds them by project and then row (`None` for a row without one).
pub fn to_xlsx_beside(
    document: &Document,
    last_year: &[Vec<Option<(String, String)>>],
) -> Result<Vec<u8>, PublishError> {
    let mut workbook = Workbook::new();
    let crate::docx::RawPlaces {
        before,
        captions,
        after,
    } = crate::docx::raw_places(document);
    let department_rows = layout::department_rows(document);
    let department = !document.goals.is_empty()
        || !document.department_indicators.is_empty()
        || !department_rows.is_empty()
        || !document.raw_sections.is_empty();
    if department {
        let sheet = workbook.add_worksheet().set_name("部门整体")?;
        widths(
            sheet,
            &[14.0, 18.0, 24.0, 30.0, 20.0, 12.0, 10.0, 14.0, 24.0],
        )?;
        let mut writer = SheetWriter::new(sheet);
        for section in &before {
            raw(&mut writer, section)?;
        }
        goals(&mut writer, "一、总体绩效目标", &document.goals.overall)?;
        goals(&mut writer, "二、分项绩效目标", &document.goals.itemised)?;
        goals(&mut writer, "三、工作保障措施", &document.goals.safeguards)?;
        if !department_rows.is_empty() {
            writer.paragraph(layout::DEPARTMENT_TABLE, true)?;
            writer.table(&department_rows, &|_, _| false)?;
            writer.gap();
        }
        if !document.department_indicators.is_empty() {
            writer.paragraph("四、部门整体支出绩效指标", true)?;
            // A caption is a cell of its own, not merged: merged across the sheet it would be a
            // paragraph, and a paragraph such as `部门整体支出绩效指标情况` is a heading.
            let mut rows: Vec<Vec<Cell>> = crate::docx::caption_lines(&captions)
                .into_iter()
                .map(|line| vec![Cell::text(line)])
                .collect();
            rows.extend(layout::indicator_header(&document.department_indicators));
            rows.extend(layout::indicator_rows(&document.department_indicators, &[]));
            writer.table(&rows, &|_, _| false)?;
            writer.gap();
        }
        for section in &after {
            raw(&mut writer, section)?;
        }
    }
    for (index, project) in document.projects.iter().enumerate() {
        let sheet = workbook
            .add_worksheet()
            .set_name(sheet_name(index, &project.name))?;
        // The header block's seven columns; an indicator table may run wider (评（扣）分标准,
        // 实施期指标值, 符号/值/单位, 权重, 指标方向性).
        widths(
            sheet,
            &[
                14.0, 18.0, 24.0, 30.0, 14.0, 24.0, 14.0, 14.0, 24.0, 10.0, 10.0,
            ],
        )?;
        let mut writer = SheetWriter::new(sheet);
        if let Some(title) = &project.title {
            writer.paragraph(title, true)?;
        }
        let header = layout::header_rows(document, project);
        let amounts_row = header
            .iter()
            .position(|row| row.first().is_some_and(|c| c.text == "预算规模及资金用途"));
        writer.table(&header, &|r, c| {
            Some(r) == amounts_row && matches!(c, 2 | 4 | 6)
        })?;
        writer.gap();
        let mut rows = layout::indicator_header(&project.indicators);
        rows.extend(layout::indicator_rows(
            &project.indicators,
            &project.blank_rows,
        ));
        writer.table(&rows, &|_, _| false)?;
    }
    flat_sheet(workbook.add_worksheet(), document, last_year)?;
    Ok(workbook.save_to_buffer()?)
}

/// One row per indicator, for analysis (filters, pivot tables); the importer skips this sheet.
fn flat_sheet(
    sheet: &mut Worksheet,
    document: &Document,
    last_year: &[Vec<Option<(String, String)>>],
) -> Result<(), PublishError> {
    sheet.set_name("指标明细")?;
    let header = Format::new().set_bold().set_border(FormatBorder::Thin);
    let mut columns = vec![
        ("单位编码", 10.0),
        ("单位名称", 24.0),
        ("预算年度", 8.0),
        ("项目编码", 24.0),
        ("项目名称", 28.0),
        ("项目预算数（元）", 16.0),
        ("一级指标", 12.0),
        ("二级指标", 16.0),
        ("三级指标", 24.0),
        ("绩效指标描述", 30.0),
        ("指标值", 14.0),
        ("比较符", 6.0),
        ("数值", 10.0),
        ("计量单位", 10.0),
        ("指标值确定依据", 24.0),
        ("评（扣）分标准", 24.0),
        ("来源行", 8.0),
        ("权重", 8.0),
        ("指标方向性", 8.0),
        ("实施期指标值", 14.0),
        ("主管部门", 20.0),
        ("实施单位", 20.0),
    ];
    let beside: Vec<Option<&(String, String)>> = document
        .projects
        .iter()
        .enumerate()
        .flat_map(|(p, project)| {
            (0..project.indicators.len()).map(move |i| {
                last_year
                    .get(p)
                    .and_then(|rows| rows.get(i))
                    .and_then(Option::as_ref)
            })
        })
        .collect();
    let besides = beside.iter().any(Option::is_some);
    if besides {
        columns.extend([("上年指标值", 14.0), ("上年完成值", 14.0)]);
    }
    for (column, (title, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, &header)?;
        sheet.set_column_width(column as u16, *width)?;
    }
    print_on_a4(sheet);
    for (row, record) in crate::opendata::records(document).iter().enumerate() {
        let row = row as u32 + 1;
        let texts = [
            (0, record.unit_code.as_deref()),
            (1, record.unit_name.as_deref()),
            (3, record.project_code.as_deref()),
            (4, Some(record.project_name.as_str())),
            (6, Some(record.level1.as_str())),
            (7, Some(record.level2.as_str())),
            (8, Some(record.name.as_str())),
            (9, Some(record.description.as_str())),
            (10, Some(record.target.as_str())),
            (11, record.comparator.as_deref()),
            (13, record.unit.as_deref()),
            (14, record.basis.as_deref()),
            (15, record.scoring_rule.as_deref()),
            (18, record.direction.as_deref()),
            (19, record.period_target.as_deref()),
            (20, record.competent_department.as_deref()),
            (21, record.implementing_unit.as_deref()),
        ];
        for (column, text) in texts {
            if let Some(text) = text {
                sheet.write_string(row, column, text)?;
            }
        }
        if let Some(year) = record.fiscal_year {
            sheet.write_number(row, 2, f64::from(year))?;
        }
        if let Some(budget) = record.project_budget_yuan.and_then(|d| d.to_f64()) {
            sheet.write_number(row, 5, budget)?;
        }
        if let Some(number) = record.number.and_then(|d| d.to_f64()) {
            sheet.write_number(row, 12, number)?;
        }
        sheet.write_number(row, 16, record.line as f64)?;
        if let Some(weight) = record.weight.and_then(|d| d.to_f64()) {
            sheet.write_number(row, 17, weight)?;
        }
        if let Some(Some((target, actual))) = beside.get(row as usize - 1) {
            sheet.write_string(row, 22, target)?;
            sheet.write_string(row, 23, actual)?;
        }
    }
    sheet.autofilter(0, 0, 0, (columns.len() - 1) as u16)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
