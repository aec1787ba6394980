//! Ingest: every input format is read into one intermediate [`blocks::Block`] list,
//! and one recogniser turns that list into the domain model.
//!
//! Pure: bytes in, `(Document, Vec<Diagnostic>)` out. Nothing here touches the file
//! system, a database or the network; the caller names the source for messages.

pub mod blocks;
mod csv_table;
mod docx;
mod format;
mod ods;
mod office;
mod pdf;
mod recognise;
mod sheet;
mod tika;
mod workbook;
mod xls_guard;
mod xlsx;

use jixiao_model::{Diagnostic, Document};

pub use format::{Format, detect_format};
pub use recognise::text::code_and_name;

/// A parsed document with everything the importer could not place.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file could not be read at all (as opposed to messy content, which gives diagnostics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestError {
    /// The format is known but not readable here (e.g. .doc without LibreOffice).
    Unsupported { format: Format, hint: &'static str },
    /// The bytes are not text in any encoding we recognise.
    NotText,
    /// A damaged container or invalid XML.
    Broken(String),
    /// Content past the safety limits (zip bombs, runaway nesting).
    TooLarge(String),
    /// A PDF whose pages are pictures (a scan): there is no text to read.
    NoTextLayer,
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IngestError::Unsupported { format, hint } => {
                write!(f, "暂不支持{}格式：{hint}", format.name())
            }
            IngestError::NotText => {
                write!(f, "无法识别文件内容：既不是文本，也不是已知的办公文档格式")
            }
            IngestError::Broken(why) => write!(f, "文件已损坏：{why}"),
            IngestError::TooLarge(why) => write!(f, "文件超出安全限制：{why}"),
            IngestError::NoTextLayer => write!(
                f,
                "PDF 没有文字层（可能是扫描件），无法读取表格：请提供 Word/Excel 原件，或先做文字识别（OCR）"
            ),
        }
    }
}

impl std::error::Error for IngestError {}

/// Parses one input file's bytes, choosing the reader by content.
pub fn parse_bytes(bytes: &[u8]) -> Result<Parsed, IngestError> {
    match detect_format(bytes) {
        Format::Text => {
            let text = format::decode_text(bytes).ok_or(IngestError::NotText)?;
            match csv_table::read(&text) {
                Some(blocks) => Ok(recognise_blocks(&blocks?, Vec::new())),
                None => Ok(parse_tika_text(&text)),
            }
        }
        Format::OfficeOpenXml => {
            let archive = office::Archive::open(bytes)?;
            let blocks = if archive.has("word/document.xml") {
                docx::read(bytes)?
            } else if archive.has("xl/workbook.xml") || archive.has("content.xml") {
                xlsx::read(bytes)?
            } else {
                return Err(IngestError::Broken(
                    "压缩包中既没有 Word 正文（word/document.xml），也没有 Excel 工作簿".into(),
                ));
            };
            Ok(recognise_blocks(&blocks, Vec::new()))
        }
        Format::LegacyOffice => match xlsx::read(bytes) {
            Ok(blocks) => Ok(recognise_blocks(&blocks, Vec::new())),
            // A workbook past the limits is refused as such; anything else may be a .doc.
            Err(error @ IngestError::TooLarge(_)) => Err(error),
            Err(_) => Err(IngestError::Unsupported {
                format: Format::LegacyOffice,
                hint: Format::LegacyOffice.conversion_hint(),
            }),
        },
        Format::Pdf => Err(IngestError::Unsupported {
            format: Format::Pdf,
            hint: Format::Pdf.conversion_hint(),
        }),
    }
}

/// A filled-in template as rows of text: the first sheet of an .xlsx/.xls/.ods file (cells read
/// by their number formats), or a CSV in UTF-8 (a byte-order mark taken off).
pub fn sheet_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, IngestError> {
    if !matches!(detect_format(bytes), Format::Text) {
        return xlsx::first_sheet_rows(bytes);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| IngestError::Broken("不是 Excel 文件，也不是 UTF-8 编码的 CSV".into()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .enumerate()
        .map(|(at, record)| {
            record
                .map(|r| r.iter().map(str::to_string).collect())
                .map_err(|e| IngestError::Broken(format!("第 {} 行：{e}", at + 1)))
        })
        .collect()
}

/// Parses a PDF from what poppler gives of it: the `pdftotext -bbox-layout` XHTML and each
/// page's picture as a binary PGM at 72 dpi (`pdftoppm -gray -r 72`), asked for by page index.
pub fn parse_pdf(
    words_xhtml: &str,
    page_picture: impl FnMut(usize) -> Option<Vec<u8>>,
) -> Result<Parsed, IngestError> {
    let (blocks, diagnostics) = pdf::read(words_xhtml, page_picture)?;
    Ok(recognise_blocks(&blocks, diagnostics))
}

/// Parses Tika text (the plain-text extraction of a Word disclosure).
pub fn parse_tika_text(text: &str) -> Parsed {
    let (blocks, diagnostics) = tika::read(text);
    recognise_blocks(&blocks, diagnostics)
}

fn recognise_blocks(blocks: &[blocks::Block], mut diagnostics: Vec<Diagnostic>) -> Parsed {
    let (document, recognised) = recognise::recognise(blocks);
    diagnostics.extend(recognised);
    diagnostics.sort_by_key(|d| d.line);
    Parsed {
        document,
        diagnostics,
    }
}

/// The blocks a file's reader gives, before the recogniser (for the conservation test: every
/// cell of them must end in the model or a diagnostic).
#[doc(hidden)]
pub fn read_blocks(bytes: &[u8]) -> Result<Vec<blocks::Block>, IngestError> {
    match detect_format(bytes) {
        Format::Text => {
            let text = format::decode_text(bytes).ok_or(IngestError::NotText)?;
            match csv_table::read(&text) {
                Some(blocks) => blocks,
                None => Ok(tika::read(&text).0),
            }
        }
        Format::OfficeOpenXml if office::Archive::open(bytes)?.has("word/document.xml") => {
            docx::read(bytes)
        }
        Format::OfficeOpenXml | Format::LegacyOffice => xlsx::read(bytes),
        Format::Pdf => Err(IngestError::Unsupported {
            format: Format::Pdf,
            hint: Format::Pdf.conversion_hint(),
        }),
    }
}

/// Whether a cell's text is a label of the vocabulary (structure, not a value).
#[doc(hidden)]
pub fn is_label(text: &str) -> bool {
    recognise::is_label(text)
}
