//! Reader for OpenDocument spreadsheets (.ods): content.xml read as the cells it holds.
//!
//! calamine's own reader expands `number-rows-repeated` and `number-columns-repeated` into a
//! dense range (up to 100 million cells, several GB, from a file of a few hundred bytes) and
//! `<text:s text:c="…"/>` into that many spaces. Here repeated empty cells only move the
//! position, repeated filled cells are charged to the [`Budget`] one by one, and spanned cells
//! (`number-columns-spanned`, `number-rows-spanned`) become merged regions as in .xlsx. Values
//! are read as calamine reads them: the first of `office:value`, `office:string-value`,
//! `office:date-value`, `office:time-value` and `office:boolean-value`, else the text of a string
//! cell.

use calamine::Dimensions;
use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

use crate::IngestError;
use crate::office::Archive;
use crate::sheet::{Budget, MAX_TEXT_BYTES, Sheet, SheetCell, too_much_text};

/// The grid of .xlsx, which calamine also caps .ods to.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;
const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

pub struct Workbook {
    sheets: Vec<Sheet>,
    names: Vec<String>,
}

impl Workbook {
    pub fn read(archive: &mut Archive<'_>, budget: &mut Budget) -> Result<Workbook, IngestError> {
        if !archive.read("mimetype")?.starts_with(MIMETYPE) {
            return Err(IngestError::Broken(
                "无法打开电子表格：不是 OpenDocument 电子表格（mimetype 不符）".into(),
            ));
        }
        let content = archive.read("content.xml")?;
        let sheets = read_content(&content, budget)?;
        let names = sheets.iter().map(|sheet| sheet.name.clone()).collect();
        Ok(Workbook { sheets, names })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// The first sheet not yet taken with this name.
    pub fn take_sheet(&mut self, name: &str) -> Option<Sheet> {
        let index = self.sheets.iter().position(|sheet| sheet.name == name)?;
        Some(self.sheets.remove(index))
    }
}

/// A cell being read: where it is and what it holds so far.
struct OpenCell {
    column: u32,
    repeats: u32,
    spans: (u32, u32),
    value: Option<String>,
    /// Reading the text content (a string cell without `office:string-value`).
    reads_text: bool,
    paragraphs: usize,
    annotation_depth: usize,
}

#[derive(Default)]
struct OpenRow {
    repeats: u32,
    column: u32,
    /// The cells found, each once (already charged to the budget).
    cells: Vec<(u32, String)>,
}

struct Reader<'b> {
    sheets: Vec<Sheet>,
    sheet: Option<Sheet>,
    /// Tables inside the current one (their rows are not rows of the sheet).
    nested_tables: usize,
    row_number: u32,
    row: Option<OpenRow>,
    cell: Option<OpenCell>,
    budget: &'b mut Budget,
}

fn read_content(xml: &[u8], budget: &mut Budget) -> Result<Vec<Sheet>, IngestError> {
    let mut xml_reader = quick_xml::Reader::from_reader(xml);
    xml_reader.config_mut().check_end_names = false;
    let mut reader = Reader {
        sheets: Vec::new(),
        sheet: None,
        nested_tables: 0,
        row_number: 0,
        row: None,
        cell: None,
        budget,
    };
    let mut buffer = Vec::new();
    loop {
        let event = xml_reader.read_event_into(&mut buffer).map_err(|e| {
            IngestError::Broken(format!(
                "content.xml 第 {} 字节处 XML 无效：{e}",
                xml_reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(start) => reader.start(&start, false)?,
            Event::Empty(start) => reader.start(&start, true)?,
            Event::End(end) => reader.end(end.name().as_ref())?,
            Event::Text(text) => reader.text(&text.xml10_content())?,
            Event::GeneralRef(reference) => {
                let resolved = crate::office::resolve_reference(&reference)?;
                if let Some(c) = resolved {
                    reader.text(c.encode_utf8(&mut [0; 4]))?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    if let Some(sheet) = reader.sheet.take() {
        reader.sheets.push(sheet);
    }
    Ok(reader.sheets)
}

fn number(attribute: &Attribute<'_>, default: u32) -> Result<u32, IngestError> {
    let text = &attribute.value;
    match text.trim().parse::<u64>() {
        Ok(number) => Ok(number.min(u64::from(u32::MAX)) as u32),
        Err(_) if text.trim().is_empty() => Ok(default),
        Err(_) => Err(IngestError::Broken(format!(
            "content.xml 中的重复或合并次数“{text}”无效"
        ))),
    }
}

fn value(attribute: &Attribute<'_>) -> Result<String, IngestError> {
    attribute
        .normalized_value(XmlVersion::Implicit1_0)
        .map(|value| value.into_owned())
        .map_err(|e| IngestError::Broken(format!("content.xml 中的属性值无效：{e}")))
}

impl Reader<'_> {
    fn sheet_name(&self) -> &str {
        self.sheet.as_ref().map_or("", |sheet| sheet.name.as_str())
    }

    fn start(&mut self, start: &BytesStart<'_>, empty: bool) -> Result<(), IngestError> {
        let name = start.name();
        if let Some(cell) = self.cell.as_mut() {
            if !cell.reads_text {
                return Ok(());
            }
            // A comment's text is not the cell's.
            if name.as_ref() == "office:annotation" {
                cell.annotation_depth += usize::from(!empty);
            }
            if cell.annotation_depth > 0 {
                return Ok(());
            }
            match name.as_ref() {
                "text:p" => {
                    cell.paragraphs += 1;
                    if cell.paragraphs > 1 {
                        self.text("\n")?;
                    }
                }
                "text:s" => {
                    let mut count = 1;
                    for attribute in start.attributes().flatten() {
                        if attribute.key.as_ref() == "text:c" {
                            count = number(&attribute, 1)?;
                        }
                    }
                    self.spaces(count as usize)?;
                }
                "text:tab" => self.text("\t")?,
                "text:line-break" => self.text("\n")?,
                _ => {}
            }
            return Ok(());
        }
        match name.as_ref() {
            "table:table" if self.sheet.is_some() => self.nested_tables += usize::from(!empty),
            "table:table" => {
                let mut sheet_name = None;
                for attribute in start.attributes().flatten() {
                    if attribute.key.as_ref() == "table:name" {
                        sheet_name = Some(value(&attribute)?);
                    }
                }
                let sheet = Sheet::new(&sheet_name.unwrap_or_default());
                if empty {
                    self.sheets.push(sheet);
                } else {
                    self.sheet = Some(sheet);
                    self.row_number = 0;
                }
            }
            "table:table-row" if self.sheet.is_some() && self.nested_tables == 0 => {
                let mut repeats = 1;
                for attribute in start.attributes().flatten() {
                    if attribute.key.as_ref() == "table:number-rows-repeated" {
                        repeats = number(&attribute, 1)?;
                    }
                }
                self.row = Some(OpenRow {
                    repeats,
                    ..OpenRow::default()
                });
                if empty {
                    self.end_row()?;
                }
            }
            "table:table-cell" | "table:covered-table-cell" if self.row.is_some() => {
                self.start_cell(start)?;
                if empty {
                    self.end_cell()?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn start_cell(&mut self, start: &BytesStart<'_>) -> Result<(), IngestError> {
        let mut cell = OpenCell {
            column: self.row.as_ref().map_or(0, |row| row.column),
            repeats: 1,
            spans: (1, 1),
            value: None,
            reads_text: false,
            paragraphs: 0,
            annotation_depth: 0,
        };
        let (mut is_string, mut is_error) = (false, false);
        for attribute in start.attributes().flatten() {
            let is_set = cell.value.is_some();
            match attribute.key.as_ref() {
                "table:number-columns-repeated" => cell.repeats = number(&attribute, 1)?,
                "table:number-rows-spanned" => cell.spans.0 = number(&attribute, 1)?,
                "table:number-columns-spanned" => cell.spans.1 = number(&attribute, 1)?,
                "office:value" if !is_set => {
                    let text = value(&attribute)?;
                    let number: f64 = text.trim().parse().map_err(|_| {
                        IngestError::Broken(format!(
                            "工作表“{}”中的数值“{text}”无效",
                            self.sheet_name()
                        ))
                    })?;
                    cell.value = Some(format!("{number}"));
                }
                "office:string-value" | "office:date-value" | "office:time-value" if !is_set => {
                    cell.value = Some(value(&attribute)?);
                }
                "office:boolean-value" if !is_set => {
                    let truth = matches!(attribute.value.as_ref(), "TRUE" | "true");
                    cell.value = Some(if truth { "是" } else { "否" }.to_string());
                }
                "office:value-type" if !is_set => is_string = attribute.value.as_ref() == "string",
                "calcext:value-type" => is_error = attribute.value.as_ref() == "error",
                _ => {}
            }
        }
        // LibreOffice keeps an error's text in the content, with an empty string-value.
        let error_text = is_error && cell.value.as_deref() == Some("");
        if (cell.value.is_none() && is_string) || error_text {
            cell.value = Some(String::new());
            cell.reads_text = true;
        }
        self.cell = Some(cell);
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), IngestError> {
        self.append(text.len(), |value| value.push_str(text))
    }

    fn spaces(&mut self, count: usize) -> Result<(), IngestError> {
        self.append(count, |value| value.extend(std::iter::repeat_n(' ', count)))
    }

    /// Adds `bytes` bytes to the text of the cell being read, if it reads its text; a cell's
    /// text may not grow past what a whole workbook may hold.
    fn append(&mut self, bytes: usize, add: impl FnOnce(&mut String)) -> Result<(), IngestError> {
        let Some(cell) = self.cell.as_mut() else {
            return Ok(());
        };
        if !cell.reads_text || cell.annotation_depth > 0 {
            return Ok(());
        }
        let value = cell.value.get_or_insert_default();
        if value.len().saturating_add(bytes) > MAX_TEXT_BYTES {
            return Err(too_much_text(self.sheet_name()));
        }
        add(value);
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), IngestError> {
        if let Some(cell) = self.cell.as_mut() {
            match name {
                "office:annotation" if cell.annotation_depth > 0 => cell.annotation_depth -= 1,
                "table:table-cell" | "table:covered-table-cell" if cell.annotation_depth == 0 => {
                    self.end_cell()?;
                }
                _ => {}
            }
            return Ok(());
        }
        match name {
            "table:table" if self.nested_tables > 0 => self.nested_tables -= 1,
            "table:table" => {
                if let Some(sheet) = self.sheet.take() {
                    self.sheets.push(sheet);
                }
                self.row = None;
            }
            "table:table-row" if self.row.is_some() => self.end_row()?,
            _ => {}
        }
        Ok(())
    }

    fn end_cell(&mut self) -> Result<(), IngestError> {
        let (Some(cell), Some(row), Some(sheet)) =
            (self.cell.take(), self.row.as_mut(), self.sheet.as_mut())
        else {
            return Ok(());
        };
        let repeats = cell.repeats.min(MAX_COLUMNS.saturating_sub(cell.column));
        row.column = cell.column.saturating_add(cell.repeats);
        if repeats == 0 {
            return Ok(());
        }
        let (row_spans, column_spans) = cell.spans;
        if (row_spans > 1 || column_spans > 1) && self.row_number < MAX_ROWS {
            sheet.merges.push(Dimensions {
                start: (self.row_number, cell.column),
                end: (
                    self.row_number.saturating_add(row_spans.max(1) - 1),
                    cell.column.saturating_add(column_spans.max(1) - 1),
                ),
            });
        }
        if let Some(text) = cell.value {
            for column in cell.column..cell.column + repeats {
                self.budget.take_cell(&sheet.name, text.len())?;
                row.cells.push((column, text.clone()));
            }
        }
        Ok(())
    }

    /// Places the row's cells once for each time the row repeats.
    fn end_row(&mut self) -> Result<(), IngestError> {
        let (Some(row), Some(sheet)) = (self.row.take(), self.sheet.as_mut()) else {
            return Ok(());
        };
        let repeats = row.repeats.min(MAX_ROWS.saturating_sub(self.row_number));
        if !row.cells.is_empty() {
            for again in 1..repeats {
                for (column, text) in &row.cells {
                    sheet.push(self.row_number + again, *column, text.clone(), self.budget)?;
                }
            }
            if repeats > 0 {
                for (column, text) in row.cells {
                    sheet.cells.push(SheetCell {
                        row: self.row_number,
                        column,
                        text,
                    });
                }
            }
        }
        self.row_number += repeats;
        Ok(())
    }
}
