//! cost-as-rate: a cost indicator whose target is a percentage (`成本控制率 ≥95%`, `≥90百分比`).

use jixiao_model::{Level1Kind, Level2Kind};

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::is_percent_unit;
use crate::{Context, Finding, Severity};

pub struct CostAsRate;

impl Rule for CostAsRate {
    fn code(&self) -> &'static str {
        "cost-as-rate"
    }
    fn title(&self) -> &'static str {
        "成本指标以百分比给值"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "成本指标反映项目的成本控制，应以金额给值（如“≤78万元”、单位成本“≤120元/亩”）（财预〔2021〕101号）。\
         “成本控制率≥95%”之类的百分比说不出花多少钱，无法与预算和实际支出核对。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let cost = indicator.level1.is(Level1Kind::Cost)
                || indicator.level2.is(Level2Kind::Cost)
                || indicator.level2.is(Level2Kind::EconomicCost);
            let Some(unit) = indicator.target.unit.as_deref() else {
                continue;
            };
            if cost && is_percent_unit(unit) {
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    format!(
                        "成本指标“{}”的指标值“{}”是百分比，不是金额",
                        indicator.name,
                        indicator.target.raw.trim()
                    ),
                    Some("改为金额，如“≤78万元”或单位成本“≤120元/亩”"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(level2: &str, target: &str) -> Vec<String> {
        let row = indicator("产出指标", level2, "成本控制", target);
        messages_on("cost-as-rate", vec![project("租赁费", vec![row])])
    }

    #[test]
    fn a_cost_in_percent_is_said_and_one_in_money_is_not() {
        assert_eq!(
            said("成本指标", "≥95%"),
            ["成本指标“成本控制”的指标值“≥95%”是百分比，不是金额"]
        );
        assert_eq!(said("成本指标", "≥90百分比").len(), 1);
        assert!(said("成本指标", "≤78万元").is_empty());
        assert!(said("成本指标", "≤120元/亩").is_empty());
        assert!(said("质量指标", "≥95%").is_empty(), "not a cost indicator");
    }
}
