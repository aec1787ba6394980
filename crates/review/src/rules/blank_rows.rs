//! blank-rows: indicator rows left empty or holding only a placeholder.

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct BlankRows;

impl Rule for BlankRows {
    fn code(&self) -> &'static str {
        "blank-rows"
    }
    fn title(&self) -> &'static str {
        "空白指标行"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "模板中未填写的指标行（全空或只有“……”）应删除或填写，否则表格不完整、类别是否设置无法判断。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (index, project) in context.document.projects.iter().enumerate() {
            let Some(first) = project.blank_rows.first() else {
                continue;
            };
            let lines: Vec<String> = project
                .blank_rows
                .iter()
                .map(|b| b.span.first_line.to_string())
                .collect();
            let mut location = project_location(index, project);
            location.line = first.span.first_line;
            push(
                findings,
                self,
                location,
                format!(
                    "{} 行指标为空白或只有占位符（第 {} 行）",
                    project.blank_rows.len(),
                    lines.join("、")
                ),
                Some("删除空行，或填写三级指标、指标值和依据"),
            );
        }
    }
}
