//! duplicate-indicator: the same indicator twice within a project.

use super::{Rule, indicator_location, push};
use crate::{Context, Finding, Severity};

pub struct DuplicateIndicator;

impl Rule for DuplicateIndicator {
    fn code(&self) -> &'static str {
        "duplicate-indicator"
    }
    fn title(&self) -> &'static str {
        "项目内指标重复"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "同一项目中三级指标名称和描述完全相同的行重复计分，应合并或改写为不同的衡量内容。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            // Projects have tens of rows: comparing with the rows above beats hashing.
            for (i, indicator) in project.indicators.iter().enumerate() {
                let repeated = project.indicators[..i].iter().any(|above| {
                    above.name == indicator.name && above.description == indicator.description
                });
                if repeated {
                    push(
                        findings,
                        self,
                        indicator_location(p, project, i, indicator),
                        format!("指标“{}”在本项目中重复出现", indicator.name),
                        Some("删除重复行，或改写为不同的衡量内容"),
                    );
                }
            }
        }
    }
}
