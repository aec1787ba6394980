//! The standard tables as a Word document (docx-rs): the department section (goals, its own
//! table of budget and 年度主要任务, its indicators), then one
//! 项目支出绩效目标表 per project with level-1/level-2 cells merged vertically; sections the
//! model keeps as raw text are written where they stood, so nothing is lost.

use docx_rs::{Docx, Paragraph, Run, RunFonts, Table, TableCell, TableRow, VMergeType, WidthType};
use jixiao_model::{Document, GoalItem, RawSection};

use crate::PublishError;
use crate::layout::{self, Cell};

/// Usable width of an A4 page with default margins, in twentieths of a point.
const PAGE_WIDTH: usize = 9000;

fn run(text: &str) -> Run {
    Run::new()
        .add_text(text)
        .fonts(RunFonts::new().east_asia("宋体"))
}

pub(crate) fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

pub(crate) fn heading(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text).bold().size(28))
}

pub(crate) fn table(rows: &[Vec<Cell>]) -> Table {
    let columns = rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(1);
    // A continued cell needs `restart` on the cell that starts its merge.
    let starts: Vec<Vec<usize>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .scan(0, |column, cell| {
                    let start = *column;
                    *column += cell.span;
                    Some(start)
                })
                .collect()
        })
        .collect();
    let mut restart = vec![Vec::new(); rows.len()];
    for (r, row) in rows.iter().enumerate().skip(1) {
        for (c, _) in row.iter().enumerate().filter(|(_, cell)| cell.merged_above) {
            let column = starts[r][c];
            let mut above = r - 1;
            loop {
                let found = starts[above].iter().position(|s| *s == column);
                match found {
                    Some(i) if rows[above][i].merged_above && above > 0 => above -= 1,
                    Some(i) if !rows[above][i].merged_above => {
                        restart[above].push(i);
                        break;
                    }
                    _ => break,
                }
            }
        }
    }
    let width = PAGE_WIDTH / columns;
    let table_rows = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let mut table_cell = TableCell::new().width(width * cell.span, WidthType::Dxa);
                    for line in cell.text.split('\n') {
                        table_cell = table_cell.add_paragraph(paragraph(line));
                    }
                    if cell.span > 1 {
                        table_cell = table_cell.grid_span(cell.span);
                    }
                    if cell.merged_above {
                        table_cell = table_cell.vertical_merge(VMergeType::Continue);
                    } else if restart[r].contains(&c) {
                        table_cell = table_cell.vertical_merge(VMergeType::Restart);
                    }
                    table_cell
                })
                .collect();
            TableRow::new(cells)
        })
        .collect();
    Table::new(table_rows).set_grid(vec![width; columns])
}

fn goals(mut docx: Docx, title: &str, items: &[GoalItem]) -> Docx {
    if items.is_empty() {
        return docx;
    }
    docx = docx.add_paragraph(heading(title));
    for item in items {
        let text = format!("{}{}", item.label.as_deref().unwrap_or(""), item.text);
        if !text.is_empty() {
            for line in text.split('\n') {
                docx = docx.add_paragraph(paragraph(line));
            }
        }
        if let Some(target) = &item.target {
            docx = docx.add_paragraph(paragraph(&format!("绩效目标：{target}")));
        }
        if let Some(indicators) = &item.indicators {
            docx = docx.add_paragraph(paragraph(&format!("绩效指标：{indicators}")));
        }
    }
    docx
}

fn raw(mut docx: Docx, section: &RawSection) -> Docx {
    if let Some(heading_text) = &section.heading {
        docx = docx.add_paragraph(heading(heading_text));
    }
    for line in section.text.lines().filter(|l| !l.trim().is_empty()) {
        docx = docx.add_paragraph(paragraph(line));
    }
    docx
}

/// The first source line of the structured part (goals, tables): raw sections before it lead the document.
pub(crate) fn structured_start(document: &Document) -> usize {
    let goals = &document.goals;
    goals
        .items()
        .map(|g| g.span.first_line)
        .chain(
            document
                .department_indicators
                .iter()
                .map(|i| i.span.first_line),
        )
        .chain(document.projects.iter().map(|p| p.span.first_line))
        .min()
        .unwrap_or(usize::MAX)
}

/// Where the raw sections are written: before the structured part, as caption rows of the
/// department's indicator table, or after everything.
#[derive(Default)]
pub(crate) struct RawPlaces<'a> {
    pub before: Vec<&'a RawSection>,
    /// Lines the importer read as a row of the department's indicator table above its header
    /// (`部门整体支出绩效指标情况`): written there again, since as a paragraph such a line is a heading.
    pub captions: Vec<&'a RawSection>,
    pub after: Vec<&'a RawSection>,
}

pub(crate) fn raw_places(document: &Document) -> RawPlaces<'_> {
    let start = structured_start(document);
    let table = document
        .department_indicators
        .iter()
        .map(|i| i.span.first_line)
        .min();
    let projects = document
        .projects
        .iter()
        .map(|p| p.span.first_line)
        .min()
        .unwrap_or(usize::MAX);
    let mut places = RawPlaces::default();
    for section in &document.raw_sections {
        let span = section.span;
        let caption = section.heading.is_none()
            && span.first_line >= start
            && span.first_line < projects
            && table.is_some_and(|table| span.last_line < table);
        if span.first_line < start {
            places.before.push(section);
        } else if caption {
            places.captions.push(section);
        } else {
            places.after.push(section);
        }
    }
    places
}

/// The caption lines of the department's indicator table, one row each.
pub(crate) fn caption_lines<'a>(captions: &[&'a RawSection]) -> Vec<&'a str> {
    captions
        .iter()
        .flat_map(|s| s.text.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

pub fn to_docx(document: &Document) -> Result<Vec<u8>, PublishError> {
    let RawPlaces {
        before,
        captions,
        after,
    } = raw_places(document);
    let mut docx = Docx::new();
    for section in before {
        docx = raw(docx, section);
    }
    let department = layout::department_rows(document);
    if !document.goals.is_empty()
        || !document.department_indicators.is_empty()
        || !department.is_empty()
    {
        docx = docx.add_paragraph(heading("部门整体绩效目标"));
        docx = goals(docx, "一、总体绩效目标", &document.goals.overall);
        docx = goals(docx, "二、分项绩效目标", &document.goals.itemised);
        docx = goals(docx, "三、工作保障措施", &document.goals.safeguards);
    }
    if !department.is_empty() {
        docx = docx.add_paragraph(heading(layout::DEPARTMENT_TABLE));
        docx = docx.add_table(table(&department));
    }
    if !document.department_indicators.is_empty() {
        docx = docx.add_paragraph(heading("四、部门整体支出绩效指标"));
        let header = layout::indicator_header(&document.department_indicators);
        let width = header[0].iter().map(|c| c.span).sum();
        let mut rows: Vec<Vec<Cell>> = caption_lines(&captions)
            .into_iter()
            .map(|line| vec![Cell::spanning(line, width)])
            .collect();
        rows.extend(header);
        rows.extend(layout::indicator_rows(&document.department_indicators, &[]));
        docx = docx.add_table(table(&rows));
    }
    if !document.projects.is_empty() {
        docx = docx.add_paragraph(heading("预算项目绩效目标"));
    }
    for project in &document.projects {
        if let Some(title) = &project.title {
            docx = docx.add_paragraph(heading(title));
        } else {
            docx = docx.add_paragraph(paragraph(""));
        }
        docx = docx.add_table(table(&layout::header_rows(document, project)));
        docx = docx.add_paragraph(paragraph(""));
        let mut rows = layout::indicator_header(&project.indicators);
        rows.extend(layout::indicator_rows(
            &project.indicators,
            &project.blank_rows,
        ));
        docx = docx.add_table(table(&rows));
    }
    for section in after {
        docx = raw(docx, section);
    }
    pack(docx)
}

pub(crate) fn pack(docx: Docx) -> Result<Vec<u8>, PublishError> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| PublishError::Docx(e.to_string()))?;
    Ok(bytes.into_inner())
}
