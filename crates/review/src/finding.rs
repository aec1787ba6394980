//! Findings: what a rule reports, where, and how to fix it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Notice,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Notice => "提示",
        }
    }
}

/// Where a finding points: the project (by position, code and name), the indicator row, the line.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    /// Position of the project in the document; `None` for the document itself.
    pub project: Option<usize>,
    pub project_code: Option<String>,
    pub project_name: Option<String>,
    /// Position of the indicator row within the project (or the department table).
    pub indicator: Option<usize>,
    pub indicator_name: Option<String>,
    /// Source line.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// A short Chinese sentence naming the offending values.
    pub message: String,
    pub location: Location,
    pub suggestion: Option<String>,
}
