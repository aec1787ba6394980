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
