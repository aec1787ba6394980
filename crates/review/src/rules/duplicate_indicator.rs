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

#[cfg(test)]
mod tests {
    use jixiao_model::Indicator;

    use crate::rules::testing::{indicator, messages_on, project};

    fn row(name: &str, description: &str) -> Indicator {
        Indicator {
            description: description.into(),
            ..indicator("产出指标", "数量指标", name, "≥1200人次")
        }
    }

    #[test]
    fn a_row_repeated_in_a_project_is_said_once() {
        let rows = vec![
            row("培训人次", "全年培训乡村教师人次"),
            row("培训合格率", "考核合格人数占参训人数比例"),
            row("培训人次", "全年培训乡村教师人次"),
        ];
        assert_eq!(
            messages_on("duplicate-indicator", vec![project("乡村教师培训", rows)]),
            ["指标“培训人次”在本项目中重复出现"]
        );
    }

    #[test]
    fn the_same_name_with_another_description_or_in_another_project_is_fine() {
        let rows = vec![
            row("培训人次", "骨干教师集中培训人次"),
            row("培训人次", "乡村教师送教下乡培训人次"),
        ];
        let other = vec![row("培训人次", "骨干教师集中培训人次")];
        let projects = vec![project("乡村教师培训", rows), project("校长培训", other)];
        assert!(messages_on("duplicate-indicator", projects).is_empty());
    }
}
