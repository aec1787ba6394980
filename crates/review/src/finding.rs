//! Findings: what a rule reports, where, and how to fix it.

use std::borrow::Cow;

use jixiao_model::{Document, Indicator, Project};
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

/// Where a finding points, by position: names are looked up in the document when shown
/// ([`Finding::project_in`], [`Finding::indicator_in`]), so findings stay cheap to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    /// Position of the project in the document; `None` for the document itself and the
    /// department's own goals and indicators.
    pub project: Option<usize>,
    /// Position of the indicator row within the project (or the department's table).
    pub indicator: Option<usize>,
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
    pub suggestion: Option<Cow<'static, str>>,
    /// Further rows of the same project the finding speaks for, when a rule says once what holds
    /// for several rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<usize>,
    /// Other projects of the document the finding names (where a row was copied from).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<usize>,
}

impl Finding {
    pub fn project_in<'d>(&self, document: &'d Document) -> Option<&'d Project> {
        self.location.project.and_then(|p| document.projects.get(p))
    }

    /// Whether the finding speaks for the project's row at `index`.
    pub fn points_at(&self, index: usize) -> bool {
        self.location.indicator == Some(index) || self.also.contains(&index)
    }

    /// The row the finding points at: a project's, or the department's when it names no project.
    pub fn indicator_in<'d>(&self, document: &'d Document) -> Option<&'d Indicator> {
        let indicators = match self.location.project {
            Some(p) => &document.projects.get(p)?.indicators,
            None => &document.department_indicators,
        };
        self.location.indicator.and_then(|i| indicators.get(i))
    }
}
