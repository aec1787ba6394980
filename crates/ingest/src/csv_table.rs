//! Reader for target tables saved as CSV, as Chinese Windows saves them: Excel's
//! "CSV (逗号分隔)" (commas, GBK) and "Unicode 文本" (tabs, UTF-16LE with its byte-order mark),
//! or UTF-8 with a BOM. Decoding is [`crate::format::decode_text`]'s; this module takes the text.
//!
//! A text is read as CSV only when its content says so ([`looks_like_table`]): most of its
//! non-empty records have the same number (at least 4) of separators outside quotes, a record
//! holds an indicator header (一级指标/二级指标/三级指标 or 指标名称), and one names whose targets
//! they are (项目名称/项目代码/项目编码, 单位名称, 部门名称 or 部门整体). Anything else stays Tika text:
//! an indicator list with no project or department (jixiao's own monitoring and self-evaluation
//! sheets, `jixiao monitor template`) is no target table, and is refused as such.
//!
//! The rows become the [`Block::Table`] a spreadsheet sheet gives: every row as wide as the widest
//! (a ragged row is filled with empty cells on its right, as a sheet's grid would have them),
//! columns empty in every row dropped, empty rows dropped, and a row whose only text is in its
//! first cell (a title such as `部门项目支出绩效目标表`, merged across the sheet before it was saved)
//! read as a paragraph. A cell's `line` is the CSV line its text starts on. Fields are quoted per
//! RFC 4180 (a quoted field may hold separators, `""` and line breaks).
//!
//! Bounded: more than [`MAX_CELLS`] fields is refused, naming the line.

use crate::IngestError;
use crate::blocks::{Block, Cell, Row};
pub use crate::sheet::MAX_CELLS;

/// Records looked at to decide whether a text is a CSV table.
const SAMPLE_RECORDS: usize = 500;
/// Fewest separators a record of a target table has (five columns at least).
const MIN_SEPARATORS: usize = 4;
/// Words of which one must stand in a record for the text to be a target table.
const HEADER_WORDS: [&str; 4] = ["一级指标", "二级指标", "三级指标", "指标名称"];
/// Words of which one must stand in a record to say whose targets they are.
const OWNER_WORDS: [&str; 6] = [
    "项目名称",
    "项目代码",
    "项目编码",
    "单位名称",
    "部门名称",
    "部门整体",
];

/// The blocks of `text` when it is a CSV target table; `None` when it is not CSV (or holds no
/// indicator header), so the caller reads it as Tika text.
pub fn read(text: &str) -> Option<Result<Vec<Block>, IngestError>> {
    let separator = looks_like_table(text)?;
    Some(read_with(text, separator))
}

/// The separator (`,` or tab) of a CSV target table, or `None` when `text` is not one.
pub fn looks_like_table(text: &str) -> Option<u8> {
    [b'\t', b',']
        .into_iter()
        .filter_map(|separator| {
            let sample = sample(text, separator);
            let agreeing = agreement(&sample)?;
            Some((agreeing, separator))
        })
        .max_by_key(|(agreeing, _)| *agreeing)
        .map(|(_, separator)| separator)
}

/// One record as the sampler saw it: its text and its separators outside quotes.
struct Sampled<'a> {
    text: &'a str,
    separators: usize,
}

/// The first [`SAMPLE_RECORDS`] non-empty records of `text`, split by `separator`.
fn sample(text: &str, separator: u8) -> Vec<Sampled<'_>> {
    let bytes = text.as_bytes();
    let mut records = Vec::new();
    let mut start = 0;
    while start < bytes.len() && records.len() < SAMPLE_RECORDS {
        let (end, separators) = record_end(bytes, start, separator);
        let record = &text[start..end];
        if !record.trim().is_empty() {
            records.push(Sampled {
                text: record,
                separators,
            });
        }
        start = end + 1;
    }
    records
}

/// Where the record starting at `start` ends (its line break outside quotes, or the end), and
/// how many separators it has outside quotes. A field is quoted when it begins with `"`; inside,
/// `""` is a quote and a lone `"` ends the quoting (as RFC 4180 and the csv crate read it).
fn record_end(bytes: &[u8], start: usize, separator: u8) -> (usize, usize) {
    let mut separators = 0;
    let mut at = start;
    let mut field_start = true;
    let mut quoted = false;
    while at < bytes.len() {
        let byte = bytes[at];
        if quoted {
            if byte == b'"' {
                if bytes.get(at + 1) == Some(&b'"') {
                    at += 1;
                } else {
                    quoted = false;
                }
            }
        } else if byte == b'\n' {
            return (at, separators);
        } else if byte == separator {
            separators += 1;
            field_start = true;
            at += 1;
            continue;
        } else if byte == b'"' && field_start {
            quoted = true;
        }
        field_start = false;
        at += 1;
    }
    (bytes.len(), separators)
}

/// How many sampled records have the most common separator count, when that count is at least
/// [`MIN_SEPARATORS`], most records have it, and records hold a header word and an owner word.
/// (The counts are judged first: Tika text fails there, before any word is looked for.)
fn agreement(sample: &[Sampled<'_>]) -> Option<usize> {
    let mut counts: Vec<usize> = sample.iter().map(|record| record.separators).collect();
    counts.sort_unstable();
    let (mut best, mut best_count) = (0, 0);
    for run in counts.chunk_by(|a, b| a == b) {
        if run.len() > best_count {
            (best, best_count) = (run[0], run.len());
        }
    }
    if best < MIN_SEPARATORS || best_count * 2 <= sample.len() {
        return None;
    }
    let holds = |words: &[&str]| {
        sample
            .iter()
            .any(|record| words.iter().any(|word| record.text.contains(word)))
    };
    (holds(&HEADER_WORDS) && holds(&OWNER_WORDS)).then_some(best_count)
}

fn read_with(text: &str, separator: u8) -> Result<Vec<Block>, IngestError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut cells_read = 0usize;
    let mut record = csv::StringRecord::new();
    // The line a record starts on, counted here: the reader's own count lags behind a CRLF and
    // a blank line before the record. (`counted` bytes hold `line - 1` line breaks.)
    let (mut counted, mut line) = (0usize, 1usize);
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| IngestError::Broken(format!("CSV 文件无法读取：{e}")))?;
        if !more {
            break;
        }
        let mut start = record
            .position()
            .map_or(counted, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
            .clamp(counted, bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        line += bytes[counted..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = start;
        cells_read = cells_read.saturating_add(record.len());
        if cells_read > MAX_CELLS {
            return Err(IngestError::TooLarge(format!(
                "CSV 文件读到第 {line} 行时单元格已超过 {MAX_CELLS} 个，无法读取"
            )));
        }
        let mut cells = Vec::with_capacity(record.len());
        let mut at = line;
        for field in &record {
            let breaks = field.matches('\n').count();
            cells.push(Cell::new(field.to_string(), at, at + breaks));
            at += breaks;
        }
        if cells.iter().any(|cell| !cell.is_empty()) {
            rows.push(cells);
        }
    }
    Ok(blocks(rows))
}

/// The rows as a sheet's: as wide as the widest, without columns empty in every row, a row with
/// text in its first cell only as a paragraph.
fn blocks(mut rows: Vec<Vec<Cell>>) -> Vec<Block> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut used = vec![false; width];
    for row in &rows {
        for (column, cell) in row.iter().enumerate() {
            used[column] |= !cell.is_empty();
        }
    }
    let mut blocks = Vec::new();
    let mut table: Vec<Row> = Vec::new();
    for cells in &mut rows {
        let line = cells.first().map_or(1, |cell| cell.line);
        let last_line = cells
            .iter()
            .map(|cell| cell.last_line)
            .max()
            .unwrap_or(line);
        let mut filled = cells
            .iter()
            .enumerate()
            .filter(|(_, cell)| !cell.is_empty());
        if matches!(filled.next(), Some((0, _))) && filled.next().is_none() {
            if !table.is_empty() {
                blocks.push(Block::Table {
                    rows: std::mem::take(&mut table),
                });
            }
            blocks.push(Block::Paragraph {
                text: cells[0].text.trim().to_string(),
                line: cells[0].line,
            });
            continue;
        }
        cells.resize_with(width, || Cell::new(String::new(), last_line, last_line));
        let cells = std::mem::take(cells)
            .into_iter()
            .zip(&used)
            .filter(|(_, used)| **used)
            .map(|(cell, _)| cell)
            .collect();
        table.push(Row { cells });
    }
    if !table.is_empty() {
        blocks.push(Block::Table { rows: table });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_inside_quotes_do_not_count() {
        let text = "a,\"b,c\",d,e,f\n";
        assert_eq!(record_end(text.as_bytes(), 0, b','), (text.len() - 1, 4));
        let text = "\"x\ny\",\"say \"\"hi\"\", then\",c,d,e\nnext";
        let (end, separators) = record_end(text.as_bytes(), 0, b',');
        assert_eq!((&text[end + 1..], separators), ("next", 4));
    }

    #[test]
    fn only_tables_with_an_indicator_header_are_csv() {
        let table =
            "项目名称,一级指标,二级指标,三级指标,指标值,单位\n演出,产出指标,数量指标,场次,40,场\n";
        assert_eq!(looks_like_table(table), Some(b','));
        assert_eq!(
            looks_like_table(&table.replace(',', "\t")),
            Some(b'\t'),
            "Unicode 文本 uses tabs"
        );
        assert_eq!(
            looks_like_table("a,b,c,d,e\n1,2,3,4,5\n"),
            None,
            "no header"
        );
        assert_eq!(
            looks_like_table(
                "序号,一级指标,二级指标,三级指标,指标值,实际完成值\n1,产出指标,数量指标,场次,40场,\n"
            ),
            None,
            "indicators of no project or department: a monitoring sheet"
        );
        assert_eq!(
            looks_like_table("\t一级指标\n\t二级指标\n\t三级指标\n"),
            None,
            "Tika text has a cell a line"
        );
    }

    #[test]
    fn cells_carry_the_csv_line_they_start_on() {
        let text = "\n一级指标,二级指标,三级指标,指标值,单位名称\n产出指标,\"数量\n指标\",场次,40,场\n效益指标,社会效益指标,满意度,90\n";
        let blocks = read(text).expect("csv").expect("read");
        let [Block::Table { rows }] = &blocks[..] else {
            panic!("one table: {blocks:?}");
        };
        let lines: Vec<Vec<(usize, usize)>> = rows
            .iter()
            .map(|row| row.cells.iter().map(|c| (c.line, c.last_line)).collect())
            .collect();
        assert_eq!(
            lines,
            [
                vec![(2, 2); 5],
                vec![(3, 3), (3, 4), (4, 4), (4, 4), (4, 4)],
                vec![(5, 5), (5, 5), (5, 5), (5, 5), (5, 5)],
            ]
        );
        assert_eq!(
            rows[2].cells[4].text, "",
            "a ragged row is filled on its right"
        );
    }
}
