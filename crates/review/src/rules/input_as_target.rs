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

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(level2: &str, name: &str, target: &str) -> Vec<String> {
        let row = indicator("产出指标", level2, name, target);
        messages_on("input-as-target", vec![project("乡村教师培训", vec![row])])
    }

    #[test]
    fn money_going_in_as_a_target_is_said() {
        assert_eq!(
            said("质量指标", "预算执行率", "≥95%"),
            ["“预算执行率”衡量的是投入（预算执行率），不是项目的产出或效果"]
        );
        assert_eq!(
            said("时效指标", "培训经费资金到位率", "100%"),
            ["“培训经费资金到位率”衡量的是投入（资金到位率），不是项目的产出或效果"]
        );
    }

    #[test]
    fn outputs_and_effects_are_fine() {
        assert!(said("数量指标", "培训人次", "≥1200人次").is_empty());
        assert!(said("质量指标", "培训考核合格率", "≥95%").is_empty());
    }
}
