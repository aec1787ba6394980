//! missing-basis: an indicator without 指标值确定依据.

use super::satisfaction_survey::asks_for_a_survey;
use super::{Rule, each_indicator, indicator_location, push};
use crate::{Context, Finding, Severity};

pub struct MissingBasis;

impl Rule for MissingBasis {
    fn code(&self) -> &'static str {
        "missing-basis"
    }
    fn title(&self) -> &'static str {
        "缺少指标值确定依据"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "每个指标值应注明确定依据：计划标准、行业标准、历史标准或财政部门认可的其他标准（财预〔2015〕88号）。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            if indicator.basis.is_none() && !asks_for_a_survey(indicator) {
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    format!("“{}”没有填写指标值确定依据", indicator.name),
                    Some("注明依据，如工作计划、合同、上年实际或行业标准"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Basis, Indicator};

    use crate::rules::testing::{indicator, messages_on, project};

    fn said(rows: Vec<Indicator>) -> Vec<String> {
        messages_on("missing-basis", vec![project("乡村教师培训", rows)])
    }

    #[test]
    fn a_row_without_a_basis_is_said() {
        let row = indicator("产出指标", "数量指标", "培训人次", "≥1200人次");
        assert_eq!(said(vec![row]), ["“培训人次”没有填写指标值确定依据"]);
    }

    #[test]
    fn a_row_with_a_basis_or_a_satisfaction_row_is_fine() {
        let row = Indicator {
            basis: Basis::from_text("计划标准：县2025年乡村教师培训计划"),
            ..indicator("产出指标", "数量指标", "培训人次", "≥1200人次")
        };
        let satisfaction = indicator("满意度指标", "服务对象满意度指标", "参训教师满意度", "≥90%");
        assert!(said(vec![row, satisfaction]).is_empty());
    }
}
