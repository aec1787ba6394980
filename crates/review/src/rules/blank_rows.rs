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

#[cfg(test)]
mod tests {
    use jixiao_model::{BlankRow, Level1, Level2, Project, Span};

    use crate::rules::testing::{indicator, messages_on, project};

    fn table(blank_lines: &[usize]) -> Project {
        let blank_rows = blank_lines
            .iter()
            .map(|&line| BlankRow {
                level1: Level1::from_text("产出指标"),
                level2: Level2::from_text("质量指标"),
                text: "……".into(),
                span: Span::line(line),
            })
            .collect();
        let rows = vec![indicator("产出指标", "数量指标", "培训人次", "≥1200人次")];
        Project {
            blank_rows,
            ..project("乡村教师培训", rows)
        }
    }

    #[test]
    fn blank_rows_are_counted_with_their_lines() {
        assert_eq!(
            messages_on("blank-rows", vec![table(&[12, 14])]),
            ["2 行指标为空白或只有占位符（第 12、14 行）"]
        );
    }

    #[test]
    fn a_table_without_blank_rows_is_fine() {
        assert!(messages_on("blank-rows", vec![table(&[])]).is_empty());
    }
}
