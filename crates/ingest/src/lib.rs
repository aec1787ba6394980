//! Ingest: every input format is read into one intermediate [`blocks::Block`] list,
//! and one recogniser turns that list into the domain model.
//!
//! Pure: bytes in, `(Document, Vec<Diagnostic>)` out. Nothing here touches the file
//! system, a database or the network; the caller names the source for messages.

pub mod blocks;
mod format;
mod recognise;
mod tika;

use jixiao_model::{Diagnostic, Document};

pub use format::{Format, detect_format};

/// A parsed document with everything the importer could not place.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file could not be read at all (as opposed to messy content, which gives diagnostics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestError {
    /// The format is known but not readable by this version.
    Unsupported { format: Format, hint: &'static str },
    /// The bytes are not text in any encoding we recognise.
    NotText,
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
        }
    }
}

impl std::error::Error for IngestError {}

/// Parses one input file's bytes, choosing the reader by content.
pub fn parse_bytes(bytes: &[u8]) -> Result<Parsed, IngestError> {
    match detect_format(bytes) {
        Format::Text => {
            let text = format::decode_text(bytes).ok_or(IngestError::NotText)?;
            Ok(parse_tika_text(&text))
        }
        other => Err(IngestError::Unsupported {
            format: other,
            hint: other.conversion_hint(),
        }),
    }
}

/// Parses Tika text (the plain-text extraction of a Word disclosure).
pub fn parse_tika_text(text: &str) -> Parsed {
    let (blocks, mut diagnostics) = tika::read(text);
    let (document, recognised) = recognise::recognise(&blocks);
    diagnostics.extend(recognised);
    diagnostics.sort_by_key(|d| d.line);
    Parsed {
        document,
        diagnostics,
    }
}
