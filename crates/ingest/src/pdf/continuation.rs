//! A table a page break cut: the part on the next page continues it. Its first rows may repeat
//! the header (read once), and a cell whose text ran into the bottom of the page goes on in the
//! same place at the top of the next (`服务对象满意` | `度指标`; a project name merged down over
//! several rows), which is one text, not a new row.

use crate::blocks::{Block, Row};

/// Where a table's cells lie across the page.
pub struct Placement {
    /// Column borders.
    pub xs: Vec<f32>,
    /// For each row, each cell's left and right edge.
    pub spans_by_row: Vec<Vec<(f32, f32)>>,
    /// The cells holding the texts of the last row's regions, left to right.
    pub bottom: Vec<Bottom>,
}

#[derive(Debug, Clone, Copy)]
pub struct Bottom {
    pub row: usize,
    pub cell: usize,
    pub left: f32,
    pub right: f32,
    /// The text fills the region down to the table's bottom edge: it may go on over the page.
    pub text_reaches_it: bool,
    /// The region began in a row above the last (a cell merged down).
    pub merged_down: bool,
}

/// How far apart (points) two edges may be and be the same.
const SAME_EDGE: f32 = 3.0;

fn same(a: f32, b: f32) -> bool {
    (a - b).abs() <= SAME_EDGE
}

/// The next page's first table goes on with this one: the same outer edges, and either the same
/// columns or a text cut off at this one's bottom.
pub fn continues(before: &Placement, next: &Placement) -> bool {
    let edges = |p: &Placement| (p.xs[0], p.xs[p.xs.len() - 1]);
    let ((left, right), (next_left, next_right)) = (edges(before), edges(next));
    let same_columns = before.xs.len() == next.xs.len()
        && before.xs.iter().zip(&next.xs).all(|(a, b)| same(*a, *b));
    same(left, next_left)
        && same(right, next_right)
        && (same_columns || before.bottom.iter().any(|b| b.text_reaches_it))
}

/// Appends `more` (the next page's part) to `table`.
pub fn append(
    table: &mut Block,
    placement: &mut Option<Placement>,
    more: Block,
    next: Option<Placement>,
) {
    let (Block::Table { rows }, Block::Table { rows: mut more }) = (table, more) else {
        return;
    };
    let (Some(placement), Some(mut next)) = (placement.as_mut(), next) else {
        rows.extend(more);
        return;
    };
    let repeated = repeated_header(rows, &more);
    more.drain(..repeated);
    next.spans_by_row.drain(..repeated);
    let mut dropped_first = 0;
    if let (Some(first), Some(spans)) = (more.first_mut(), next.spans_by_row.first()) {
        carry_over(rows, &placement.bottom, first, spans);
        if first.is_empty() {
            more.remove(0);
            next.spans_by_row.remove(0);
            dropped_first = 1;
        }
    }
    let offset = rows.len();
    rows.extend(more);
    placement.xs = next.xs;
    placement.spans_by_row.extend(next.spans_by_row);
    placement.bottom = next
        .bottom
        .into_iter()
        .map(|b| Bottom {
            row: b.row + offset - repeated - dropped_first,
            ..b
        })
        .collect();
}

/// How many of the continuation's first rows repeat the table's first rows (its header).
fn repeated_header(rows: &[Row], more: &[Row]) -> usize {
    let texts = |rows: &[Row]| rows.iter().map(Row::to_text).collect::<Vec<_>>();
    (1..=3.min(more.len()).min(rows.len()))
        .rev()
        .find(|&k| {
            let head = texts(&more[..k]);
            texts(&rows[..k]) == head && head.iter().any(|t| !t.trim().is_empty())
        })
        .unwrap_or(0)
}

/// Moves the texts of the continuation's first row that go on from the page before into the
/// cells they continue: always for a cell merged down into the last row whose text ran to the
/// page's edge; for the last row's own cells only when every text of the first row does (a row
/// the break split), never when the first row also begins something of its own.
fn carry_over(rows: &mut [Row], bottom: &[Bottom], first: &mut Row, spans: &[(f32, f32)]) {
    let mut split_row = Vec::new();
    let mut begins_anew = false;
    for (cell, (left, right)) in spans.iter().enumerate() {
        if first.cells[cell].is_empty() {
            continue;
        }
        let above = bottom
            .iter()
            .find(|b| same(b.left, *left) && same(b.right, *right));
        match above {
            Some(above) if above.text_reaches_it && above.merged_down => {
                let text = std::mem::take(&mut first.cells[cell].text);
                rows[above.row].cells[above.cell].text.push_str(&text);
            }
            Some(above) if above.text_reaches_it => split_row.push((cell, *above)),
            _ => begins_anew = true,
        }
    }
    if !begins_anew {
        for (cell, above) in split_row {
            let text = std::mem::take(&mut first.cells[cell].text);
            rows[above.row].cells[above.cell].text.push_str(&text);
        }
    }
}
