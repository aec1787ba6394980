//! Opening a workbook of any kind and reading its sheets as the cells present, within a [`Budget`].
//!
//! .xlsx and .xlsb are streamed cell by cell through calamine; .ods is read by [`crate::ods`];
//! .xls goes through calamine's dense ranges only after [`crate::xls_guard`] has checked what
//! they would take. A panic inside calamine becomes an error.

use std::fmt::Display;
use std::io::{BufReader, Cursor};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, DataRef, Reader, Xls, Xlsb, Xlsx, XlsxError};
use quick_xml::events::Event;

use crate::format::{Format, detect_format};
use crate::office::{Archive, MAX_PART_BYTES};
use crate::sheet::{Budget, Sheet};
use crate::{IngestError, ods, xls_guard};

type Bytes<'a> = Cursor<&'a [u8]>;

pub enum Workbook<'a> {
    Xlsx(Box<Xlsx<Bytes<'a>>>),
    Xlsb(Box<Xlsb<Bytes<'a>>>),
    Xls(Box<Xls<Bytes<'a>>>),
    Ods(ods::Workbook),
}

impl<'a> Workbook<'a> {
    /// Opens a workbook; an .ods is read whole here, charging `budget`.
    pub fn open(bytes: &'a [u8], budget: &mut Budget) -> Result<Workbook<'a>, IngestError> {
        const CANNOT_OPEN: &str = "无法打开电子表格";
        match detect_format(bytes) {
            Format::LegacyOffice => {
                xls_guard::check(bytes)?;
                let xls = calamine_call(CANNOT_OPEN, || Xls::new(Cursor::new(bytes)))?;
                Ok(Workbook::Xls(Box::new(xls)))
            }
            Format::OfficeOpenXml => {
                let mut archive = Archive::open(bytes)?;
                archive.check_sizes()?;
                if archive.has("xl/workbook.bin") {
                    let xlsb = calamine_call(CANNOT_OPEN, || Xlsb::new(Cursor::new(bytes)))?;
                    Ok(Workbook::Xlsb(Box::new(xlsb)))
                } else if archive.has("content.xml") && !archive.has("xl/workbook.xml") {
                    Ok(Workbook::Ods(ods::Workbook::read(&mut archive, budget)?))
                } else {
                    check_shared_strings(&mut archive)?;
                    let xlsx = calamine_call(CANNOT_OPEN, || Xlsx::new(Cursor::new(bytes)))?;
                    Ok(Workbook::Xlsx(Box::new(xlsx)))
                }
            }
            Format::Text | Format::Pdf => Err(IngestError::Broken(format!(
                "{CANNOT_OPEN}：不是 .xlsx、.xls 或 .ods 文件"
            ))),
        }
    }

    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Workbook::Xlsx(xlsx) => xlsx.sheet_names(),
            Workbook::Xlsb(xlsb) => xlsb.sheet_names(),
            Workbook::Xls(xls) => xls.sheet_names(),
            Workbook::Ods(ods) => ods.sheet_names(),
        }
    }

    /// The cells present in one sheet, with its merged regions.
    pub fn read_sheet(&mut self, name: &str, budget: &mut Budget) -> Result<Sheet, IngestError> {
        let unreadable = format!("工作表“{name}”无法读取");
        let mut sheet = Sheet::new(name);
        match self {
            Workbook::Xlsx(xlsx) => {
                // A number shown as a percentage (`0%`, `0.00%`) is read as one: 0.96 is 96%.
                let styles = without_panics(&unreadable, || Ok(xlsx.worksheet_style(name).ok()))?;
                without_panics(&unreadable, || {
                    let mut cells = match xlsx.worksheet_cells_reader(name) {
                        Ok(cells) => cells,
                        // A chart sheet has no cells.
                        Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
                        Err(error) => return Err(broken(&unreadable, error)),
                    };
                    while let Some(cell) = cells.next_cell().map_err(|e| broken(&unreadable, e))? {
                        let position = cell.get_position();
                        let shown_as_percent = styles
                            .as_ref()
                            .and_then(|s| s.get(position))
                            .and_then(|style| style.number_format.as_ref())
                            .is_some_and(|f| is_percent_format(f.format_id, &f.format_code));
                        match cell.get_value() {
                            DataRef::Float(f) if shown_as_percent => {
                                sheet.push(position.0, position.1, percent_text(*f), budget)?
                            }
                            DataRef::Int(i) if shown_as_percent => sheet.push(
                                position.0,
                                position.1,
                                percent_text(*i as f64),
                                budget,
                            )?,
                            value => push(&mut sheet, position, value, budget)?,
                        }
                    }
                    Ok(())
                })?;
                sheet.merges = calamine_call(&unreadable, || xlsx.merge_cells_by_sheet_name(name))
                    .unwrap_or_default();
            }
            Workbook::Xlsb(xlsb) => without_panics(&unreadable, || {
                let mut cells = xlsb
                    .worksheet_cells_reader(name)
                    .map_err(|e| broken(&unreadable, e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| broken(&unreadable, e))? {
                    push(&mut sheet, cell.get_position(), cell.get_value(), budget)?;
                }
                Ok(())
            })?,
            Workbook::Xls(xls) => {
                // Bounded by xls_guard::check before the workbook was opened.
                let range = calamine_call(&unreadable, || xls.worksheet_range(name))?;
                let (first_row, first_column) = range.start().unwrap_or_default();
                for (row, column, value) in range.used_cells() {
                    let text = text(value);
                    let (row, column) = (first_row + row as u32, first_column + column as u32);
                    sheet.push(row, column, text, budget)?;
                }
                sheet.merges = calamine_call(&unreadable, || xls.merge_cells_by_sheet_name(name))
                    .unwrap_or_default();
            }
            Workbook::Ods(ods) => return Ok(ods.take_sheet(name).unwrap_or(sheet)),
        }
        Ok(sheet)
    }
}

fn push(
    sheet: &mut Sheet,
    (row, column): (u32, u32),
    value: &DataRef<'_>,
    budget: &mut Budget,
) -> Result<(), IngestError> {
    if matches!(value, DataRef::Empty) {
        return Ok(());
    }
    sheet.push(row, column, text(&Data::from(value.clone())), budget)
}

/// Excel's built-in percentage formats (9 `0%`, 10 `0.00%`) or a format code with `%` outside quotes.
fn is_percent_format(id: Option<u32>, code: &str) -> bool {
    if matches!(id, Some(9 | 10)) {
        return true;
    }
    let mut quoted = false;
    let mut escaped = false;
    for c in code.split(';').next().unwrap_or("").chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A fraction as the percentage a cell shows: 0.96 → `96%`, 0.125 → `12.5%`.
fn percent_text(fraction: f64) -> String {
    let text = format!("{:.6}", fraction * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// A cell's value as the text the recogniser reads.
pub fn text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        other => other.to_string(),
    }
}

fn broken(what: &str, error: impl Display) -> IngestError {
    IngestError::Broken(format!("{what}：{error}"))
}

/// Runs a read, turning a panic inside it into [`IngestError::Broken`].
fn without_panics<T>(
    what: &str,
    read: impl FnOnce() -> Result<T, IngestError>,
) -> Result<T, IngestError> {
    catch_unwind(AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(broken(what, "文件结构异常，读取中止")))
}

/// Runs a calamine call, turning its error, or a panic inside it, into [`IngestError::Broken`].
fn calamine_call<T, E: Display>(
    what: &str,
    call: impl FnOnce() -> Result<T, E>,
) -> Result<T, IngestError> {
    without_panics(what, || call().map_err(|e| broken(what, e)))
}

/// calamine reserves room for as many shared strings as `<sst uniqueCount>` says, before reading
/// one: a count past what the part could hold is refused (each `<si/>` takes 5 bytes at least).
fn check_shared_strings(archive: &mut Archive<'_>) -> Result<(), IngestError> {
    for name in archive.names() {
        if !name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        let Some((part, size)) = archive.reader(&name) else {
            continue;
        };
        let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
        let mut buffer = Vec::new();
        let declared = loop {
            match reader.read_event_into(&mut buffer) {
                Ok(Event::Start(start) | Event::Empty(start))
                    if start.local_name().as_ref() == "sst" =>
                {
                    break start
                        .try_get_attribute("uniqueCount")
                        .ok()
                        .flatten()
                        .and_then(|count| count.value.trim().parse().ok());
                }
                Ok(Event::Eof) | Err(_) => break None,
                Ok(_) => buffer.clear(),
            }
        };
        let most = size.min(MAX_PART_BYTES) / 5 + 1;
        if let Some(count) = declared.filter(|&count: &u64| count > most) {
            return Err(IngestError::TooLarge(format!(
                "{name} 声明了 {count} 个共享字符串，而它最多只能容纳 {most} 个"
            )));
        }
    }
    Ok(())
}
