//! A sheet as the cells actually present in the file, and the rows laid out from them.
//!
//! A file may declare any range (`A1:XFD1048576` with two cells in it): nothing here allocates by
//! a declared or bounding range. Rows and columns that hold nothing are dropped before any row is
//! built, and one [`Budget`] bounds what a whole workbook may hold, so memory follows the cells.

use calamine::Dimensions;

use crate::IngestError;

/// Most cells with a value one workbook may hold (a disclosure has tens of thousands).
pub const MAX_CELLS: usize = 2_000_000;
/// Most bytes of cell text one workbook may hold (a text shared by many cells counts for each).
pub const MAX_TEXT_BYTES: usize = 128 * 1024 * 1024;
/// Most cells, empty ones included, of the rows laid out from one workbook.
pub const MAX_GRID_CELLS: usize = 4_000_000;

pub struct SheetCell {
    pub row: u32,
    pub column: u32,
    pub text: String,
}

pub struct Sheet {
    pub name: String,
    /// Every cell with a value (its text may still be blank), in file order.
    pub cells: Vec<SheetCell>,
    pub merges: Vec<Dimensions>,
}

impl Sheet {
    pub fn new(name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            cells: Vec::new(),
            merges: Vec::new(),
        }
    }

    pub fn push(
        &mut self,
        row: u32,
        column: u32,
        text: String,
        budget: &mut Budget,
    ) -> Result<(), IngestError> {
        budget.take_cell(&self.name, text.len())?;
        self.cells.push(SheetCell { row, column, text });
        Ok(())
    }
}

/// What is left of one workbook's allowance.
pub struct Budget {
    cells: usize,
    text_bytes: usize,
    grid_cells: usize,
}

impl Budget {
    pub fn for_workbook() -> Budget {
        Budget {
            cells: MAX_CELLS,
            text_bytes: MAX_TEXT_BYTES,
            grid_cells: MAX_GRID_CELLS,
        }
    }

    pub fn take_cell(&mut self, sheet: &str, text_bytes: usize) -> Result<(), IngestError> {
        if self.cells == 0 {
            return Err(IngestError::TooLarge(format!(
                "工作表“{sheet}”：工作簿中有内容的单元格超过 {MAX_CELLS} 个，无法读取"
            )));
        }
        self.take_text(sheet, text_bytes)?;
        self.cells -= 1;
        Ok(())
    }

    fn take_text(&mut self, sheet: &str, bytes: usize) -> Result<(), IngestError> {
        if bytes > self.text_bytes {
            return Err(too_much_text(sheet));
        }
        self.text_bytes -= bytes;
        Ok(())
    }
}

pub fn too_much_text(sheet: &str) -> IngestError {
    IngestError::TooLarge(format!(
        "工作表“{sheet}”：工作簿中单元格的文字超过 {} MB，无法读取",
        MAX_TEXT_BYTES / (1024 * 1024)
    ))
}

/// Sorted, disjoint, inclusive spans of row (or column) numbers.
pub struct Spans(Vec<(u32, u32)>);

impl Spans {
    /// The union of `spans`, clipped to `within`.
    pub fn new(mut spans: Vec<(u32, u32)>, within: (u32, u32)) -> Spans {
        spans.retain_mut(|span| {
            *span = (span.0.max(within.0), span.1.min(within.1));
            span.0 <= span.1
        });
        spans.sort_unstable();
        let mut union: Vec<(u32, u32)> = Vec::with_capacity(spans.len());
        for (first, last) in spans {
            match union.last_mut() {
                Some(previous) if first <= previous.1.saturating_add(1) => {
                    previous.1 = previous.1.max(last);
                }
                _ => union.push((first, last)),
            }
        }
        Spans(union)
    }

    pub fn count(&self) -> u64 {
        self.0
            .iter()
            .map(|(first, last)| u64::from(last - first) + 1)
            .sum()
    }

    fn numbers(&self) -> Vec<u32> {
        self.0
            .iter()
            .flat_map(|&(first, last)| first..=last)
            .collect()
    }
}

/// The rectangle around the cells present: (first row, first column), (last row, last column).
pub fn bounds(cells: &[SheetCell]) -> Option<Dimensions> {
    let first = cells.first()?;
    let mut bounds = Dimensions {
        start: (first.row, first.column),
        end: (first.row, first.column),
    };
    for cell in cells {
        bounds.start = (
            bounds.start.0.min(cell.row),
            bounds.start.1.min(cell.column),
        );
        bounds.end = (bounds.end.0.max(cell.row), bounds.end.1.max(cell.column));
    }
    Some(bounds)
}

/// The rows of a sheet laid out over the rows and columns kept: each row holds one text per kept
/// column (empty where the sheet has no cell), as a dense range over those rows and columns would.
pub struct Grid {
    rows: Vec<u32>,
    columns: Vec<u32>,
    /// Sorted by position; of two cells at one position the later in the file wins.
    cells: Vec<SheetCell>,
}

impl Grid {
    /// Lays out the `rows` and `columns` kept of a sheet whose cells lie in `area`, refusing
    /// when that would take more than is left of the budget. Every column of a present cell
    /// must be among `columns`.
    pub fn new(
        name: &str,
        mut cells: Vec<SheetCell>,
        area: &Dimensions,
        rows: &Spans,
        columns: &Spans,
        budget: &mut Budget,
    ) -> Result<Grid, IngestError> {
        let size = rows.count().saturating_mul(columns.count());
        if size > budget.grid_cells as u64 {
            return Err(IngestError::TooLarge(format!(
                "工作表“{name}”的范围 {} 过大：有内容的 {} 个单元格及合并区域占 {} 行 × {} 列，\
                 超过 {MAX_GRID_CELLS} 个单元格，无法读取",
                range_name(area),
                cells.len(),
                rows.count(),
                columns.count()
            )));
        }
        budget.grid_cells -= size as usize;
        cells.sort_by_key(|cell| (cell.row, cell.column));
        Ok(Grid {
            rows: rows.numbers(),
            columns: columns.numbers(),
            cells,
        })
    }

    /// Each kept row's number and texts, in order.
    pub fn into_rows(self) -> impl Iterator<Item = (u32, Vec<String>)> {
        let Grid {
            rows,
            columns,
            cells,
        } = self;
        let mut cells = cells.into_iter().peekable();
        rows.into_iter().map(move |row| {
            let mut texts = vec![String::new(); columns.len()];
            while let Some(cell) = cells.next_if(|cell| cell.row <= row) {
                if cell.row < row {
                    continue;
                }
                if let Ok(index) = columns.binary_search(&cell.column) {
                    texts[index] = cell.text;
                }
            }
            (row, texts)
        })
    }
}

/// `A1:XFD1048576` for a range.
pub fn range_name(range: &Dimensions) -> String {
    format!(
        "{}:{}",
        cell_name(range.start.0, range.start.1),
        cell_name(range.end.0, range.end.1)
    )
}

fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut rest = u64::from(column) + 1;
    while rest > 0 {
        letters.push(b'A' + ((rest - 1) % 26) as u8);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_clipped_and_joined() {
        let spans = Spans::new(vec![(5, 9), (0, 2), (3, 3), (8, 20), (30, 40)], (1, 25));
        assert_eq!(spans.0, vec![(1, 3), (5, 20)]);
        assert_eq!(spans.count(), 19);
    }

    #[test]
    fn ranges_are_named_like_excel() {
        let range = Dimensions {
            start: (0, 0),
            end: (1_048_575, 16_383),
        };
        assert_eq!(range_name(&range), "A1:XFD1048576");
        assert_eq!(cell_name(9, 26), "AA10");
    }
}
