//! Reader for .docx (WordprocessingML): body paragraphs and tables, cell by cell.
//!
//! Each `w:tc` becomes one cell, so a horizontally merged cell (`gridSpan`) is one cell and a
//! vertically merged continuation (`vMerge` without `restart`) is an empty cell: the same rows
//! Tika's text gives, so the one recogniser reads both. Field instructions (`TC`, `TOC`) are
//! skipped, their results kept. The `line` of a cell or paragraph is its paragraph number.

use quick_xml::events::Event;

use crate::IngestError;
use crate::blocks::{Block, Cell, Row};
use crate::office::Archive;

/// Deepest element nesting accepted (real documents stay far below).
const MAX_DEPTH: usize = 256;

pub fn read(bytes: &[u8]) -> Result<Vec<Block>, IngestError> {
    let mut archive = Archive::open(bytes)?;
    let xml = archive.read("word/document.xml")?;
    parse_document(&xml)
}

#[derive(Default)]
struct TableState {
    rows: Vec<Row>,
    row: Vec<Cell>,
    cell: Option<CellState>,
}

struct CellState {
    paragraphs: Vec<String>,
    first_line: usize,
    last_line: usize,
    continues_above: bool,
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    tables: Vec<TableState>,
    paragraph: Option<String>,
    paragraphs_seen: usize,
    /// Inside `w:instrText`, or between a field's `begin` and `separate`.
    in_instruction: bool,
    field_depth: usize,
    in_text: bool,
}

impl Walker {
    fn end_paragraph(&mut self) {
        let Some(text) = self.paragraph.take() else {
            return;
        };
        self.paragraphs_seen += 1;
        let line = self.paragraphs_seen;
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => {
                if cell.paragraphs.is_empty() {
                    cell.first_line = line;
                }
                cell.last_line = line;
                cell.paragraphs.push(text);
            }
            None if !text.trim().is_empty() => self.blocks.push(Block::Paragraph {
                text: text.trim().to_string(),
                line,
            }),
            None => {}
        }
    }

    fn end_cell(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let Some(cell) = table.cell.take() else {
            return;
        };
        let text = if cell.continues_above {
            String::new()
        } else {
            trim_paragraphs(&cell.paragraphs)
        };
        let line = if cell.first_line == 0 {
            self.paragraphs_seen
        } else {
            cell.first_line
        };
        table
            .row
            .push(Cell::new(text, line, cell.last_line.max(line)));
    }

    fn end_table(&mut self) {
        let Some(table) = self.tables.pop() else {
            return;
        };
        let block = Block::Table { rows: table.rows };
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            // A table inside a cell: its rows become lines of the cell's text.
            Some(cell) => {
                if let Block::Table { rows } = &block {
                    cell.paragraphs.extend(rows.iter().map(Row::to_text));
                }
            }
            None => self.blocks.push(block),
        }
    }
}

fn trim_paragraphs(paragraphs: &[String]) -> String {
    let mut lines: Vec<&str> = paragraphs
        .iter()
        .map(|p| p.trim_end_matches(['\t', '\n']))
        .collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

fn attribute(event: &quick_xml::events::BytesStart, local: &str) -> Option<String> {
    event
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.to_string())
}

pub fn parse_document(xml: &[u8]) -> Result<Vec<Block>, IngestError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut walker = Walker::default();
    let mut depth = 0_usize;
    let mut buffer = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buffer).map_err(|e| {
            IngestError::Broken(format!(
                "word/document.xml 第 {} 字节处 XML 无效：{e}",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(start) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(IngestError::TooLarge(format!(
                        "XML 嵌套超过 {MAX_DEPTH} 层"
                    )));
                }
                start_element(&mut walker, &start, false);
            }
            Event::Empty(start) => start_element(&mut walker, &start, true),
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match end.local_name().as_ref() {
                    "p" => walker.end_paragraph(),
                    "tc" => walker.end_cell(),
                    "tr" => {
                        if let Some(table) = walker.tables.last_mut() {
                            let cells = std::mem::take(&mut table.row);
                            table.rows.push(Row { cells });
                        }
                    }
                    "tbl" => walker.end_table(),
                    "t" => walker.in_text = false,
                    "instrText" => walker.in_instruction = walker.field_depth > 0,
                    _ => {}
                }
            }
            Event::Text(text) if walker.in_text && !walker.in_instruction => {
                if let Some(paragraph) = walker.paragraph.as_mut() {
                    paragraph.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) if walker.in_text && !walker.in_instruction => {
                let resolved = crate::office::resolve_reference(&reference)?;
                if let (Some(c), Some(paragraph)) = (resolved, walker.paragraph.as_mut()) {
                    paragraph.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    if !walker.tables.is_empty() {
        return Err(IngestError::Broken(
            "word/document.xml 中的表格没有结束标记".into(),
        ));
    }
    Ok(walker.blocks)
}

fn start_element(walker: &mut Walker, start: &quick_xml::events::BytesStart, empty: bool) {
    match start.local_name().as_ref() {
        "p" => {
            walker.paragraph = Some(String::new());
            if empty {
                walker.end_paragraph();
            }
        }
        "tbl" => walker.tables.push(TableState::default()),
        "tc" => {
            if let Some(table) = walker.tables.last_mut() {
                table.cell = Some(CellState {
                    paragraphs: Vec::new(),
                    first_line: 0,
                    last_line: 0,
                    continues_above: false,
                });
            }
        }
        "vMerge" => {
            let restart = attribute(start, "val").is_some_and(|v| v == "restart");
            if let Some(cell) = walker.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                cell.continues_above = !restart;
            }
        }
        "t" if !empty => walker.in_text = true,
        "tab" if !walker.in_instruction => {
            if let Some(paragraph) = walker.paragraph.as_mut() {
                paragraph.push('\t');
            }
        }
        "br" | "cr" if !walker.in_instruction => {
            if let Some(paragraph) = walker.paragraph.as_mut() {
                paragraph.push('\n');
            }
        }
        "instrText" if !empty => walker.in_instruction = true,
        "fldChar" => match attribute(start, "fldCharType").as_deref() {
            Some("begin") => {
                walker.field_depth += 1;
                walker.in_instruction = true;
            }
            Some("separate") => walker.in_instruction = false,
            Some("end") => {
                walker.field_depth = walker.field_depth.saturating_sub(1);
                walker.in_instruction = false;
            }
            _ => {}
        },
        _ => {}
    }
}
