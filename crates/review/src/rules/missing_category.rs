//! missing-category: a project lacks a required level-1 or level-2 category.

use jixiao_model::{Level1Kind, Level2Kind, Scheme};

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct MissingCategory;

impl Rule for MissingCategory {
    fn code(&self) -> &'static str {
        "missing-category"
    }
    fn title(&self) -> &'static str {
        "缺少必备的一级或二级指标"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        "项目须同时设置产出指标和效益指标；产出指标下至少有数量指标，并有质量或时效指标之一；直接服务群众或其他主体的项目应设满意度指标。\
         依据：财预〔2015〕88号、财预〔2020〕10号的指标框架（自评权重以三类一级指标齐全为前提）。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (index, project) in context.document.projects.iter().enumerate() {
            if project.indicators.is_empty() {
                if !project.blank_rows.is_empty() {
                    push(
                        findings,
                        self,
                        project_location(index, project),
                        "项目的绩效指标全部为空".into(),
                        Some("逐行填写三级指标、指标值和依据"),
                    );
                }
                continue;
            }
            let has1 = |kind| project.indicators.iter().any(|i| i.level1.is(kind));
            let has2 = |kind| project.indicators.iter().any(|i| i.level2.is(kind));
            let mut missing = Vec::new();
            if !has1(Level1Kind::Output) {
                missing.push("产出指标");
            }
            if !has1(Level1Kind::Benefit) {
                missing.push("效益指标");
            }
            if has1(Level1Kind::Output) && !has2(Level2Kind::Quantity) {
                missing.push("产出指标下的数量指标");
            }
            if has1(Level1Kind::Output)
                && !has2(Level2Kind::Quality)
                && !has2(Level2Kind::Timeliness)
            {
                missing.push("产出指标下的质量或时效指标");
            }
            if context.scheme == Scheme::Central101 && !has1(Level1Kind::Cost) {
                missing.push("成本指标（财预〔2021〕101号框架下为一级指标）");
            }
            if !has1(Level1Kind::Satisfaction) {
                missing.push("满意度指标（服务对象为群众或其他主体时必设）");
            }
            if !missing.is_empty() {
                push(
                    findings,
                    self,
                    project_location(index, project),
                    format!("缺少{}", missing.join("、")),
                    Some("补充相应类别的三级指标"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jixiao_model::{BlankRow, Level1, Level2, Project, Span};

    use crate::rules::testing::{indicator, messages_on, project};

    #[test]
    fn missing_categories_are_named() {
        let rows = vec![indicator("产出指标", "数量指标", "培训人次", "≥1200人次")];
        assert_eq!(
            messages_on("missing-category", vec![project("乡村教师培训", rows)]),
            [
                "缺少效益指标、产出指标下的质量或时效指标、满意度指标（服务对象为群众或其他主体时必设）"
            ]
        );
    }

    #[test]
    fn a_table_of_blank_rows_only_is_said() {
        let table = Project {
            blank_rows: vec![BlankRow {
                level1: Level1::from_text("产出指标"),
                level2: Level2::from_text("数量指标"),
                text: "……".into(),
                span: Span::line(9),
            }],
            ..project("乡村教师培训", Vec::new())
        };
        assert_eq!(
            messages_on("missing-category", vec![table]),
            ["项目的绩效指标全部为空"]
        );
    }

    #[test]
    fn a_table_with_every_category_is_fine() {
        let rows = vec![
            indicator("产出指标", "数量指标", "培训人次", "≥1200人次"),
            indicator("产出指标", "时效指标", "培训完成时间", "2025年12月底前"),
            indicator("效益指标", "社会效益指标", "乡村教师教学能力", "明显提升"),
            indicator("满意度指标", "服务对象满意度指标", "参训教师满意度", "≥90%"),
        ];
        let projects = vec![project("乡村教师培训", rows)];
        assert!(messages_on("missing-category", projects).is_empty());
    }
}
