//! same-target: every indicator of a project carries the same target value.

use jixiao_model::Document;

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct SameTarget;

/// Rules that judge a row by its value: where every row carries one value, what they say of
/// each row is that one defect, said once by this rule.
const JUDGE_THE_VALUE: &[&str] = &[
    "unmeasurable-target",
    "unreadable-target",
    "unit-mismatch",
    "odd-comparator",
    "cost-as-rate",
    "timeliness-without-date",
];

/// Of those, the rules that also judge a row by its name: a cost or timeliness row named as a
/// rate (`成本控制率`, `发放及时率`) is wrong whatever value it carries.
const JUDGE_THE_NAME_TOO: &[&str] = &["cost-as-rate", "timeliness-without-date"];

/// Drops the findings on a row's value in projects (and the department) whose rows all carry
/// the same value.
pub(crate) fn absorb(document: &Document, findings: &mut Vec<Finding>) {
    let same: Vec<Option<usize>> = findings
        .iter()
        .filter(|f| f.rule == "same-target")
        .map(|f| f.location.project)
        .collect();
    findings.retain(|f| {
        let Some(row) = f.indicator_in(document) else {
            return true;
        };
        let named_as_rate = JUDGE_THE_NAME_TOO.contains(&f.rule) && row.name.ends_with('率');
        !(JUDGE_THE_VALUE.contains(&f.rule) && !named_as_rate && same.contains(&f.location.project))
    });
}

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

#[cfg(test)]
mod tests {
    use jixiao_model::Document;

    use crate::rules::testing::{indicator, project};

    #[test]
    fn one_value_on_every_row_is_said_once() {
        let rows = ["在规定时间完成治理", "是否最大限度节省预算", "减少疾病传播"]
            .map(|name| indicator("产出指标", "时效指标", name, "是/否"));
        let document = Document {
            projects: vec![project("农村生活污水治理项目", rows.to_vec())],
            ..Document::default()
        };
        let rules: Vec<&str> = crate::review(&document)
            .findings
            .iter()
            .map(|f| f.rule)
            .collect();
        assert!(rules.contains(&"same-target"), "{rules:?}");
        assert!(!rules.contains(&"unmeasurable-target"), "{rules:?}");
        assert!(!rules.contains(&"timeliness-without-date"), "{rules:?}");
    }
}
