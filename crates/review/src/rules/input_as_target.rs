//! input-as-target: money going in (到位率, 执行率, 拨付率) set as a performance target.

use super::{Rule, each_indicator, indicator_location, push};
use crate::{Context, Finding, Severity};

pub struct InputAsTarget;

const INPUT_WORDS: [&str; 6] = [
    "资金到位率",
    "预算执行率",
    "资金拨付率",
    "资金使用率",
    "资金执行率",
    "支出进度",
];

impl Rule for InputAsTarget {
    fn code(&self) -> &'static str {
        "input-as-target"
    }
    fn title(&self) -> &'static str {
        "把投入当作绩效目标"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "资金到位率、预算执行率、资金拨付率等反映的是投入和过程，不是产出或效果，不能作为绩效指标（“投入数量不能作为绩效目标”）；\
         预算执行另由运行监控和自评中的预算执行率考核。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            if let Some(word) = INPUT_WORDS.iter().find(|w| indicator.name.contains(*w)) {
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    format!(
                        "“{}”衡量的是投入（{word}），不是项目的产出或效果",
                        indicator.name
                    ),
                    Some("改设反映产出或效果的指标；预算执行率在监控和自评中另行考核"),
                );
            }
        }
    }
}
