//! same-target: every indicator of a project carries the same target value.

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct SameTarget;

impl Rule for SameTarget {
    fn code(&self) -> &'static str {
        "same-target"
    }
    fn title(&self) -> &'static str {
        "所有指标的指标值相同"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        "数量、质量、时效、成本和效益指标的含义各不相同，全部填写同一个指标值（如“≥90%”）说明指标值没有测算，是套用模板。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (index, project) in context.document.projects.iter().enumerate() {
            let Some(first) = project.indicators.first() else {
                continue;
            };
            let value = first.target.raw.trim();
            if project.indicators.len() >= 3
                && !value.is_empty()
                && project
                    .indicators
                    .iter()
                    .all(|i| i.target.raw.trim() == value)
            {
                push(
                    findings,
                    self,
                    project_location(index, project),
                    format!(
                        "全部 {} 条指标的指标值都是“{value}”",
                        project.indicators.len()
                    ),
                    Some("按每条指标的含义分别测算指标值和单位"),
                );
            }
        }
    }
}
