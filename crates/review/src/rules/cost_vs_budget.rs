//! cost-vs-budget: a cost indicator that contradicts the project's budget.

use jixiao_model::{Comparator, Level2Kind};

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::money_factor;
use crate::{Context, Finding, Severity};

pub struct CostVsBudget;

impl Rule for CostVsBudget {
    fn code(&self) -> &'static str {
        "cost-vs-budget"
    }
    fn title(&self) -> &'static str {
        "成本指标与预算数矛盾"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        "成本指标的金额应与项目预算数一致：超过预算数的成本目标不可能在预算内实现；未写“≤”的成本值与预算数不同（常见于元与万元混淆或\
         多写一位小数）时，须核实哪一个是对的。金额按元和万元换算后比较。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let Some(budget) = project.budget.total_yuan else {
                continue;
            };
            let is_cost = indicator.level2.is(Level2Kind::Cost)
                || indicator.level1.is(jixiao_model::Level1Kind::Cost);
            let target = &indicator.target;
            let (true, Some(number), Some(factor)) = (
                is_cost,
                target.number,
                target.unit.as_deref().and_then(money_factor),
            ) else {
                continue;
            };
            let cost = number * factor;
            let unit = project
                .budget
                .unit
                .unwrap_or(jixiao_model::AmountUnit::Yuan);
            let written_budget = format!("{}{}", unit.from_yuan(budget).normalize(), unit.as_str());
            let location = || indicator_location(p, project, i, indicator);
            if cost > budget {
                push(
                    findings,
                    self,
                    location(),
                    format!(
                        "成本指标“{}”的指标值“{}”超过项目预算数 {written_budget}",
                        indicator.name,
                        target.raw.trim()
                    ),
                    Some(format!("核实后改为不超过预算数，如“≤{written_budget}”")),
                );
            } else if cost != budget
                && !matches!(target.comparator, Some(Comparator::Le | Comparator::Lt))
                && cost_rows(project) == 1
            {
                push(
                    findings,
                    self,
                    location(),
                    format!(
                        "成本指标“{}”的指标值“{}”与项目预算数 {written_budget} 不一致",
                        indicator.name,
                        target.raw.trim()
                    ),
                    Some(format!("核实后统一为“≤{written_budget}”")),
                );
            }
        }
    }
}

/// The project's cost rows: where there are several, each amount is a part of the budget
/// (`平台接入费 0.6万元` beside unit costs), not the whole.
fn cost_rows(project: &jixiao_model::Project) -> usize {
    project.indicators.iter().filter(|i| i.is_cost()).count()
}

#[cfg(test)]
mod tests {
    use jixiao_model::{AmountUnit, Budget, Project};
    use rust_decimal::Decimal;

    use crate::rules::testing::{indicator, messages_on, project};

    fn said(target: &str) -> Vec<String> {
        let row = indicator("产出指标", "成本指标", "项目总成本", target);
        let table = Project {
            budget: Budget {
                unit: Some(AmountUnit::WanYuan),
                total_yuan: Some(Decimal::from(500_000)),
                ..Budget::default()
            },
            ..project("乡村教师培训", vec![row])
        };
        messages_on("cost-vs-budget", vec![table])
    }

    #[test]
    fn a_cost_above_the_budget_is_said() {
        assert_eq!(
            said("≤60万元"),
            ["成本指标“项目总成本”的指标值“≤60万元”超过项目预算数 50万元"]
        );
        assert_eq!(said("5000000元").len(), 1);
    }

    #[test]
    fn a_cost_other_than_the_budget_without_a_bound_is_said() {
        assert_eq!(
            said("5万元"),
            ["成本指标“项目总成本”的指标值“5万元”与项目预算数 50万元 不一致"]
        );
    }

    #[test]
    fn a_part_among_several_cost_rows_is_fine() {
        let rows = vec![
            indicator("成本指标", "经济成本指标", "定位终端单价", "3000元/台"),
            indicator("成本指标", "经济成本指标", "平台接入费", "0.6万元"),
        ];
        let table = Project {
            budget: Budget {
                unit: Some(AmountUnit::WanYuan),
                total_yuan: Some(Decimal::from(300_000)),
                ..Budget::default()
            },
            ..project("渡口渡船安全监控", rows)
        };
        assert!(messages_on("cost-vs-budget", vec![table]).is_empty());
    }

    #[test]
    fn a_cost_within_the_budget_is_fine() {
        assert!(said("≤50万元").is_empty());
        assert!(said("≤45万元").is_empty());
        assert!(said("500000元").is_empty());
        assert!(said("≤500元/人").is_empty());
    }
}
