//! budget-parts: 财政资金 + 其他资金 does not add up to 预算数.

use rust_decimal::Decimal;

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct BudgetParts;

impl Rule for BudgetParts {
    fn code(&self) -> &'static str {
        "budget-parts"
    }
    fn title(&self) -> &'static str {
        "预算构成不平衡"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        "预算数应等于财政资金与其他资金之和；空白的其他资金按0计。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (index, project) in context.document.projects.iter().enumerate() {
            let budget = &project.budget;
            let (Some(total), Some(fiscal)) = (budget.total_yuan, budget.fiscal_yuan) else {
                continue;
            };
            let other = budget.other_yuan.unwrap_or(Decimal::ZERO);
            if fiscal + other != total {
                let unit = budget.unit.unwrap_or(jixiao_model::AmountUnit::Yuan);
                let show = |yuan: Decimal| {
                    format!("{}{}", unit.from_yuan(yuan).normalize(), unit.as_str())
                };
                push(
                    findings,
                    self,
                    project_location(index, project),
                    format!(
                        "财政资金 {} + 其他资金 {} ≠ 预算数 {}",
                        show(fiscal),
                        show(other),
                        show(total)
                    ),
                    Some("核对三项金额"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jixiao_model::{AmountUnit, Budget, Project};
    use rust_decimal::Decimal;

    use crate::rules::testing::{messages_on, project};

    fn said(total: i64, fiscal: i64, other: Option<i64>) -> Vec<String> {
        let budget = Budget {
            unit: Some(AmountUnit::WanYuan),
            total_yuan: Some(Decimal::from(total)),
            fiscal_yuan: Some(Decimal::from(fiscal)),
            other_yuan: other.map(Decimal::from),
            ..Budget::default()
        };
        let table = Project {
            budget,
            ..project("乡村教师培训", Vec::new())
        };
        messages_on("budget-parts", vec![table])
    }

    #[test]
    fn parts_that_do_not_add_up_are_said() {
        assert_eq!(
            said(500_000, 450_000, None),
            ["财政资金 45万元 + 其他资金 0万元 ≠ 预算数 50万元"]
        );
        assert_eq!(
            said(500_000, 300_000, Some(150_000)),
            ["财政资金 30万元 + 其他资金 15万元 ≠ 预算数 50万元"]
        );
    }

    #[test]
    fn parts_that_add_up_are_fine() {
        assert!(said(500_000, 300_000, Some(200_000)).is_empty());
        assert!(said(338_200, 338_200, None).is_empty());
    }
}
