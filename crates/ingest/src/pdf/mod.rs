//! PDF as poppler sees it: the words of each page with their boxes (`pdftotext -bbox-layout`)
//! and each page's picture (`pdftoppm -gray -r 72`), from which the table borders are read.
//! Words inside a table's grid become its cells, exactly as the Word table gave them (a merged
//! cell is one cell, and empty below its first row); words outside become paragraphs, and a
//! line whose parts stand far apart (`434001…本级      单位：万元`) a row of cells, as in the
//! borderless caption tables of Word. A table cut by a page break continues on the next page
//! when its columns are the same, and a header row repeated there is read once.
//!
//! Running programs is the caller's business (`jixiao-convert`); this is pure.

mod continuation;
mod grid;
mod rules;
mod words;

use jixiao_model::Diagnostic;

use crate::IngestError;
use crate::blocks::{Block, Cell, Row};
use continuation::Placement;
use grid::Table;
use words::Word;

/// Parts of a line further apart than this many character heights are separate cells.
const CELL_GAP: f32 = 2.0;
/// A word next to Chinese closer than this shares no space (`3` `月底` → `3月底`), in character heights.
const CHINESE_SPACE_GAP: f32 = 0.7;

/// The blocks of a PDF, from its `-bbox-layout` text and each page's PGM picture (`picture(0)` is
/// the first page's; a page without one is read without borders).
pub fn read(
    xhtml: &str,
    mut picture: impl FnMut(usize) -> Option<Vec<u8>>,
) -> Result<(Vec<Block>, Vec<Diagnostic>), IngestError> {
    let pages = words::read(xhtml)?;
    if pages.iter().all(|p| p.words.is_empty()) {
        return Err(IngestError::NoTextLayer);
    }
    let mut placed: Vec<Placed> = Vec::new();
    let mut diagnostics = Vec::new();
    for (number, page) in pages.iter().enumerate() {
        let mut rules = picture(number)
            .map(|picture| rules::read(&picture, page.width))
            .unwrap_or_default();
        rules.drop_strokes_of(&page.words);
        let tables = grid::tables(&rules);
        let mut items = page_items(&page.words, &tables);
        if tables.is_empty()
            && items
                .iter()
                .any(|item| looks_like_indicator_header(&item.block))
        {
            diagnostics.push(Diagnostic::warning(
                0,
                format!(
                    "PDF 第{}页的表格没有框线，只能按文字行读取，各列可能读不准",
                    number + 1
                ),
            ));
        }
        items.sort_by(|a, b| a.top.total_cmp(&b.top));
        for (index, item) in items.into_iter().enumerate() {
            let continues = index == 0
                && matches!(
                    (placed.last(), &item.grid),
                    (Some(Placed { grid: Some(before), page: p, .. }), Some(now))
                        if *p + 1 == number && continuation::continues(before, now)
                );
            match placed.last_mut() {
                Some(last) if continues => {
                    continuation::append(&mut last.block, &mut last.grid, item.block, item.grid);
                    last.page = number;
                }
                _ => placed.push(Placed {
                    block: item.block,
                    grid: item.grid,
                    page: number,
                }),
            }
        }
    }
    let mut blocks: Vec<Block> = placed.into_iter().map(|p| p.block).collect();
    number_lines(&mut blocks);
    Ok((blocks, diagnostics))
}

struct Item {
    top: f32,
    block: Block,
    /// Where a bordered table's cells lie in its grid.
    grid: Option<Placement>,
}

struct Placed {
    block: Block,
    grid: Option<Placement>,
    page: usize,
}

fn page_items(page_words: &[Word], tables: &[Table]) -> Vec<Item> {
    let mut in_regions: Vec<Vec<Vec<&Word>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.regions.len()])
        .collect();
    let mut free: Vec<&Word> = Vec::new();
    for word in page_words {
        let (x, y) = word.centre();
        let found = tables
            .iter()
            .enumerate()
            .find_map(|(t, table)| table.region_at(x, y).map(|r| (t, r)));
        match found {
            Some((t, r)) => in_regions[t][r].push(word),
            None => free.push(word),
        }
    }
    let mut items: Vec<Item> = tables
        .iter()
        .zip(in_regions)
        .filter(|(_, words)| words.iter().any(|w| !w.is_empty()))
        .map(|(table, words)| {
            let (block, placement) = table_block(table, &words);
            Item {
                top: table.top(),
                block,
                grid: Some(placement),
            }
        })
        .collect();
    items.extend(free_lines(free));
    items
}

fn table_block(table: &Table, words: &[Vec<&Word>]) -> (Block, Placement) {
    let texts: Vec<String> = words
        .iter()
        .zip(&table.regions)
        .map(|(words, region)| cell_text(words, table.xs[region.right + 1]))
        .collect();
    let mut rows = Vec::with_capacity(table.rows());
    let mut spans_by_row = Vec::with_capacity(table.rows());
    // Where each region's text went: its row and cell.
    let mut placed_at: Vec<Option<(usize, usize)>> = vec![None; table.regions.len()];
    for row in 0..table.rows() {
        // A band no cell begins in is only a border drawn a little off its neighbours.
        let begins_a_cell =
            (0..table.columns()).any(|c| table.regions[table.region_of(row, c)].top == row);
        if !begins_a_cell {
            continue;
        }
        let mut cells = Vec::new();
        let mut spans = Vec::new();
        let mut column = 0;
        while column < table.columns() {
            let index = table.region_of(row, column);
            let region = table.regions[index];
            let next = region.right.max(column) + 1;
            if region.enclosed || !texts[index].is_empty() {
                let text = if region.top == row {
                    placed_at[index] = Some((rows.len(), cells.len()));
                    texts[index].clone()
                } else {
                    String::new()
                };
                spans.push((table.xs[region.left], table.xs[region.right + 1]));
                cells.push(Cell::new(text, 0, 0));
            }
            column = next;
        }
        if !cells.is_empty() {
            rows.push(Row { cells });
            spans_by_row.push(spans);
        }
    }
    let last = table.rows() - 1;
    let mut bottom: Vec<continuation::Bottom> = Vec::new();
    for column in 0..table.columns() {
        let index = table.region_of(last, column);
        let region = table.regions[index];
        let Some((row, cell)) = placed_at[index] else {
            continue;
        };
        if bottom
            .last()
            .is_some_and(|b| (b.row, b.cell) == (row, cell))
        {
            continue;
        }
        bottom.push(continuation::Bottom {
            row,
            cell,
            left: table.xs[region.left],
            right: table.xs[region.right + 1],
            text_reaches_it: words[index]
                .iter()
                .any(|w| w.y1 >= table.ys[last + 1] - 0.9 * w.height()),
            merged_down: region.top < last,
        });
    }
    (
        Block::Table { rows },
        Placement {
            xs: table.xs.clone(),
            spans_by_row,
            bottom,
        },
    )
}

/// A cell's words in reading order, its lines joined as they wrapped: Chinese runs on, and a
/// line of Latin letters or digits that stopped short of the cell's right edge (`right`) broke
/// at a space.
fn cell_text(words: &[&Word], right: f32) -> String {
    let mut text = String::new();
    let mut previous_end: Option<(f32, f32)> = None;
    for line in lines_of(words.to_vec()) {
        let part = joined(&line, f32::INFINITY).concat();
        if let (Some((end, height)), Some(first)) = (previous_end, part.chars().next()) {
            let last = text.chars().last().unwrap_or(' ');
            let latin = last.is_ascii_alphanumeric() || first.is_ascii_alphanumeric();
            if latin && right - end > height / 2.0 {
                text.push(' ');
            }
        }
        text.push_str(&part);
        previous_end = line.last().map(|w| (w.x1, w.height()));
    }
    text
}

/// Words grouped into lines (by their centres), each line left to right, lines top to bottom.
fn lines_of(mut words: Vec<&Word>) -> Vec<Vec<&Word>> {
    words.sort_by(|a, b| a.centre().1.total_cmp(&b.centre().1));
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    for word in words {
        let same_line = lines.last().is_some_and(|line| {
            let first = line[0];
            (word.centre().1 - first.centre().1).abs() < first.height().min(word.height()) / 2.0
        });
        match lines.last_mut() {
            Some(line) if same_line => line.push(word),
            _ => lines.push(vec![word]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

/// A line's words as the parts separated by more than `cell_gap` character heights.
fn joined(line: &[&Word], cell_gap: f32) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut part = String::new();
    let mut previous: Option<&Word> = None;
    for word in line {
        if let Some(before) = previous {
            let gap = word.x0 - before.x1;
            let height = before.height().min(word.height());
            // pdftotext parts Latin words where a space was; between Latin and Chinese a
            // change of font leaves a gap where none was typed.
            let latin_on_both_sides = before.text.chars().last().is_some_and(|c| c.is_ascii())
                && word.text.chars().next().is_some_and(|c| c.is_ascii());
            if gap > cell_gap * height {
                parts.push(std::mem::take(&mut part));
            } else if latin_on_both_sides || gap > CHINESE_SPACE_GAP * height {
                part.push(' ');
            }
        }
        part.push_str(&word.text);
        previous = Some(word);
    }
    parts.push(part);
    parts
}

/// Words outside every table: each line a paragraph, or a row of cells when its parts stand
/// far apart (consecutive such lines make one table). Page numbers are left out.
fn free_lines(words: Vec<&Word>) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut previous_was_row = false;
    let text_right = words.iter().map(|w| w.x1).fold(0.0, f32::max);
    // The right end and bottom of the paragraph's last line, and its height.
    let mut paragraph_end: Option<(f32, f32, f32)> = None;
    for line in lines_of(words) {
        let parts = joined(&line, CELL_GAP);
        let text: String = parts.join(" ");
        if is_page_number(&text) {
            continue;
        }
        let top = line.iter().map(|w| w.y0).fold(f32::INFINITY, f32::min);
        let bottom = line.iter().map(|w| w.y1).fold(0.0, f32::max);
        let right = line.iter().map(|w| w.x1).fold(0.0, f32::max);
        let height = line[0].height();
        let ended = paragraph_end.take();
        if parts.len() > 1 {
            let row = Row {
                cells: parts
                    .into_iter()
                    .map(|text| Cell::new(text, 0, 0))
                    .collect(),
            };
            match items.last_mut() {
                Some(Item {
                    block: Block::Table { rows },
                    ..
                }) if previous_was_row => rows.push(row),
                _ => items.push(Item {
                    top,
                    block: Block::Table { rows: vec![row] },
                    grid: None,
                }),
            }
            previous_was_row = true;
        } else {
            // A line that ran to the right edge wrapped: the next one goes on with its paragraph.
            let numbered = crate::recognise::text::split_enumerator(&text).0.is_some();
            let wrapped = !numbered
                && ended.is_some_and(|(end, below, size)| {
                    end >= text_right - 1.5 * size && top - below < 0.8 * size.max(height)
                });
            match items.last_mut() {
                Some(Item {
                    block: Block::Paragraph { text: before, .. },
                    ..
                }) if wrapped => {
                    let latin = before.ends_with(|c: char| c.is_ascii_alphanumeric())
                        && text.starts_with(|c: char| c.is_ascii_alphanumeric());
                    if latin {
                        before.push(' ');
                    }
                    before.push_str(&text);
                }
                _ => items.push(Item {
                    top,
                    block: Block::Paragraph { text, line: 0 },
                    grid: None,
                }),
            }
            paragraph_end = Some((right, bottom, height));
            previous_was_row = false;
        }
    }
    items
}

fn is_page_number(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bare = compact.trim_matches(|c: char| matches!(c, '-' | '—' | '－' | '–'));
    let bare = bare
        .strip_prefix('第')
        .and_then(|rest| rest.strip_suffix('页'))
        .unwrap_or(bare);
    !bare.is_empty() && bare.len() <= 4 && bare.chars().all(|c| c.is_ascii_digit())
}

fn looks_like_indicator_header(block: &Block) -> bool {
    let text = match block {
        Block::Paragraph { text, .. } => text.clone(),
        Block::Table { rows } => rows.iter().map(Row::to_text).collect(),
        Block::Sheet { .. } => return false,
    };
    text.contains("一级指标") && text.contains("三级指标")
}

/// Lines count paragraphs and table rows in reading order (a PDF has no source lines).
fn number_lines(blocks: &mut [Block]) {
    let mut line = 0;
    for block in blocks {
        match block {
            Block::Paragraph { line: at, .. } | Block::Sheet { line: at, .. } => {
                line += 1;
                *at = line;
            }
            Block::Table { rows } => {
                for row in rows {
                    line += 1;
                    for cell in &mut row.cells {
                        cell.line = line;
                        cell.last_line = line;
                    }
                }
            }
        }
    }
}
