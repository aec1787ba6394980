//! Reader for spreadsheets (.xlsx, .xls, .ods) through calamine. Each sheet opens with a
//! [`Block::Sheet`]; a row holding one value merged across the sheet is read as a paragraph
//! (headings and text, as jixiao's own export writes them); other rows are table rows. Merged
//! regions keep their value in the top-left cell and leave the others empty, as Tika does.
//! The `line` of a cell is its row number, counted across sheets.

use std::io::Cursor;

use calamine::{Data, Dimensions, Reader, Sheets};

use crate::IngestError;
use crate::blocks::{Block, Cell, Row};

/// Sheets jixiao writes for analysis only; reading them back would duplicate every indicator.
pub const ANALYSIS_SHEETS: [&str; 1] = ["指标明细"];

pub fn read(bytes: &[u8]) -> Result<Vec<Block>, IngestError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| IngestError::Broken(format!("无法打开电子表格：{e}")))?;
    let mut blocks = Vec::new();
    let mut line_offset = 0;
    for name in workbook.sheet_names() {
        if ANALYSIS_SHEETS.contains(&name.as_str()) {
            continue;
        }
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| IngestError::Broken(format!("工作表“{name}”无法读取：{e}")))?;
        let merges = merged_regions(&mut workbook, &name);
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let width = range.width() as u32;
        blocks.push(Block::Sheet {
            name: name.clone(),
            line: line_offset + 1,
        });
        let mut rows: Vec<Row> = Vec::new();
        for (index, cells) in range.rows().enumerate() {
            let sheet_row = first_row + index as u32;
            let line = line_offset + sheet_row as usize + 1;
            let texts: Vec<String> = cells.iter().map(text).collect();
            let filled: Vec<usize> = texts
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.trim().is_empty())
                .map(|(i, _)| i)
                .collect();
            // An empty row inside a vertical merge is a row of the table (an empty indicator row).
            let inside_merge = || {
                merges
                    .iter()
                    .any(|d| d.start.0 < sheet_row && sheet_row <= d.end.0)
            };
            if filled.is_empty() && !inside_merge() {
                continue;
            }
            let spans_sheet = |d: &Dimensions| {
                d.start == (sheet_row, first_column)
                    && d.end.0 == sheet_row
                    && d.end.1 + 1 - first_column >= width.min(3)
            };
            if filled == [0] && merges.iter().any(spans_sheet) {
                if !rows.is_empty() {
                    blocks.push(Block::Table {
                        rows: std::mem::take(&mut rows),
                    });
                }
                blocks.push(Block::Paragraph {
                    text: texts[0].trim().to_string(),
                    line,
                });
                continue;
            }
            let cells = texts
                .into_iter()
                .map(|text| Cell {
                    text,
                    line,
                    last_line: line,
                })
                .collect();
            rows.push(Row { cells });
        }
        if !rows.is_empty() {
            blocks.push(Block::Table { rows });
        }
        line_offset += (first_row + range.height() as u32) as usize;
    }
    Ok(blocks)
}

/// The first sheet of a workbook as rows of text (for fill-in templates sent back).
pub fn first_sheet_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, IngestError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| IngestError::Broken(format!("无法打开电子表格：{e}")))?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| IngestError::Broken("工作簿没有工作表".into()))?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| IngestError::Broken(format!("工作表“{name}”无法读取：{e}")))?;
    Ok(range
        .rows()
        .map(|cells| cells.iter().map(text).collect())
        .collect())
}

fn merged_regions<R: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<R>,
    name: &str,
) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        other => other.to_string(),
    }
}
