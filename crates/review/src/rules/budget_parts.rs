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
