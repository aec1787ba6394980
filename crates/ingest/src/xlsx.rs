//! Reader for spreadsheets (.xlsx, .xls, .ods). Each sheet opens with a [`Block::Sheet`]; a row
//! holding one value merged across the sheet is read as a paragraph (headings and text, as
//! jixiao's own export writes them); other rows are table rows. Merged regions keep their value
//! in the top-left cell and leave the others empty, as Tika does. The `line` of a cell is its row
//! number, counted across sheets.
//!
//! Sheets are read by the cells present ([`crate::sheet`]): rows without text are dropped unless
//! a vertical merge covers them (an empty indicator row), columns without any cell unless a merge
//! covers them. On files without such gaps the rows are those of the sheet's whole used range.

use std::collections::HashSet;

use crate::IngestError;
use crate::blocks::{Block, Cell, Row};
use crate::sheet::{Budget, Grid, Spans, bounds};
use crate::workbook::Workbook;

/// Sheets jixiao writes for analysis only; reading them back would duplicate every indicator.
pub const ANALYSIS_SHEETS: [&str; 1] = ["指标明细"];

pub fn read(bytes: &[u8]) -> Result<Vec<Block>, IngestError> {
    let mut budget = Budget::for_workbook();
    let mut workbook = Workbook::open(bytes, &mut budget)?;
    let mut blocks = Vec::new();
    let mut line_offset = 0;
    for name in workbook.sheet_names() {
        if ANALYSIS_SHEETS.contains(&name.as_str()) {
            continue;
        }
        let sheet = workbook.read_sheet(&name, &mut budget)?;
        blocks.push(Block::Sheet {
            name: name.clone(),
            line: line_offset + 1,
        });
        let Some(area) = bounds(&sheet.cells) else {
            continue;
        };
        let rows_with_text = sheet
            .cells
            .iter()
            .filter(|cell| !cell.text.trim().is_empty())
            .map(|cell| (cell.row, cell.row));
        let inside_vertical_merges = sheet
            .merges
            .iter()
            .filter(|d| d.start.0 < d.end.0)
            .map(|d| (d.start.0 + 1, d.end.0));
        let rows = Spans::new(
            rows_with_text.chain(inside_vertical_merges).collect(),
            (area.start.0, area.end.0),
        );
        let columns_with_cells = sheet.cells.iter().map(|cell| (cell.column, cell.column));
        let merged_columns = sheet.merges.iter().map(|d| (d.start.1, d.end.1));
        let columns = Spans::new(
            columns_with_cells.chain(merged_columns).collect(),
            (area.start.1, area.end.1),
        );
        let (first_column, width) = (area.start.1, (area.end.1 - area.start.1).saturating_add(1));
        // Rows whose first cell is merged across the sheet (or three columns of it at least).
        let merged_across: HashSet<u32> = sheet
            .merges
            .iter()
            .filter(|d| {
                d.start.1 == first_column
                    && d.end.0 == d.start.0
                    && d.end.1.saturating_add(1).saturating_sub(first_column) >= width.min(3)
            })
            .map(|d| d.start.0)
            .collect();
        let grid = Grid::new(&name, sheet.cells, &area, &rows, &columns, &mut budget)?;
        let mut table: Vec<Row> = Vec::new();
        for (sheet_row, texts) in grid.into_rows() {
            let line = line_offset + sheet_row as usize + 1;
            let mut filled = texts
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.trim().is_empty());
            let only_first_filled =
                matches!(filled.next(), Some((0, _))) && filled.next().is_none();
            if only_first_filled && merged_across.contains(&sheet_row) {
                if !table.is_empty() {
                    blocks.push(Block::Table {
                        rows: std::mem::take(&mut table),
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
                .map(|text| Cell::new(text, line, line))
                .collect();
            table.push(Row { cells });
        }
        if !table.is_empty() {
            blocks.push(Block::Table { rows: table });
        }
        line_offset += area.end.0 as usize + 1;
    }
    Ok(blocks)
}

/// The first sheet of a workbook as rows of text (for fill-in templates sent back): every row
/// and column with a cell, from the first cell on.
pub fn first_sheet_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, IngestError> {
    let mut budget = Budget::for_workbook();
    let mut workbook = Workbook::open(bytes, &mut budget)?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| IngestError::Broken("工作簿没有工作表".into()))?;
    let sheet = workbook.read_sheet(&name, &mut budget)?;
    let Some(area) = bounds(&sheet.cells) else {
        return Ok(Vec::new());
    };
    let rows = Spans::new(
        sheet
            .cells
            .iter()
            .map(|cell| (cell.row, cell.row))
            .collect(),
        (area.start.0, area.end.0),
    );
    let columns = Spans::new(
        sheet
            .cells
            .iter()
            .map(|cell| (cell.column, cell.column))
            .collect(),
        (area.start.1, area.end.1),
    );
    let grid = Grid::new(&name, sheet.cells, &area, &rows, &columns, &mut budget)?;
    Ok(grid.into_rows().map(|(_, texts)| texts).collect())
}
