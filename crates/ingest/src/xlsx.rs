//! Reader for spreadsheets (.xlsx, .xls, .ods) through calamine: every sheet becomes a
//! paragraph with its name and a table of its rows. Merged regions keep their value in the
//! top-left cell and leave the others empty, as the recogniser expects. The `line` is the row.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::IngestError;
use crate::blocks::{Block, Cell, Row};

/// Sheets jixiao writes for analysis only; reading them back would duplicate every indicator.
pub const ANALYSIS_SHEETS: [&str; 2] = ["指标明细", "说明"];

pub fn read(bytes: &[u8]) -> Result<Vec<Block>, IngestError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| IngestError::Broken(format!("无法打开电子表格：{e}")))?;
    let mut blocks = Vec::new();
    let mut row_offset = 0;
    for name in workbook.sheet_names() {
        if ANALYSIS_SHEETS.contains(&name.as_str()) {
            continue;
        }
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| IngestError::Broken(format!("工作表“{name}”无法读取：{e}")))?;
        let (first_row, _) = range.start().unwrap_or((0, 0));
        blocks.push(Block::Paragraph {
            text: name.clone(),
            line: row_offset + 1,
        });
        let rows: Vec<Row> = range
            .rows()
            .enumerate()
            .map(|(index, cells)| {
                let line = row_offset + first_row as usize + index + 1;
                let mut cells: Vec<Cell> = cells
                    .iter()
                    .map(|data| Cell {
                        text: text(data),
                        line,
                        last_line: line,
                    })
                    .collect();
                while cells.last().is_some_and(Cell::is_empty) {
                    cells.pop();
                }
                Row { cells }
            })
            .filter(|row| !row.cells.is_empty())
            .collect();
        row_offset += range.height() + first_row as usize + 1;
        if !rows.is_empty() {
            blocks.push(Block::Table { rows });
        }
    }
    Ok(blocks)
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
