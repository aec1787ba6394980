//! What a reader or recogniser could not place, with the source line it came from.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Content that could not be placed in the model; it is kept as raw text.
    Warning,
    /// Information about an inference (e.g. an ambiguous fiscal year).
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// 1-based source line (or row number for sheet formats).
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            line,
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    pub fn note(line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            line,
            severity: Severity::Note,
            message: message.into(),
        }
    }
}
