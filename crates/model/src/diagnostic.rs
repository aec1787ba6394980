//! What a reader or recogniser could not place, with the source line it came from.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document cannot be trusted as read: no target table at all, a project's indicators
    /// without its budget, a comparator without a value. `--deny error` refuses such a file.
    Error,
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
    pub fn error(line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }

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

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Severity {
    /// The word a message is prefixed with: `错误`, `警告`, `提示`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        }
    }
}
