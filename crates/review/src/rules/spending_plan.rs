//! spending-plan: figures that are valid neither as cumulative nor as per-period shares.

use jixiao_model::PlanMode;
use rust_decimal::Decimal;

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct SpendingPlanRule;

impl Rule for SpendingPlanRule {
    fn code(&self) -> &'static str {
        "spending-plan"
    }
    fn title(&self) -> &'static str {
        "资金支出计划不合理"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "支出计划若为累进进度，各节点应逐期不减并在年底达到100%；若为分期比例，各期之和应为100%。两者都不符合时，运行监控无法据此\
         计算序时进度（财预〔2019〕136号）。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let hundred = Decimal::from(100);
        for (index, project) in context.document.projects.iter().enumerate() {
            let Some(plan) = &project.spending_plan else {
                continue;
            };
            let problem = match plan.mode {
                PlanMode::Unknown => Some(plan.mode_basis.clone()),
                PlanMode::Cumulative => {
                    let values: Vec<Decimal> =
                        plan.checkpoints.iter().filter_map(|c| c.percent).collect();
                    if values.windows(2).any(|w| w[1] < w[0]) {
                        Some("累进进度出现回落".to_string())
                    } else if values.last() != Some(&hundred) {
                        Some("累进进度年底未达到100%".to_string())
                    } else {
                        None
                    }
                }
                PlanMode::PerPeriod => None,
            };
            if let Some(problem) = problem {
                let figures: Vec<String> = plan
                    .checkpoints
                    .iter()
                    .map(|c| {
                        format!(
                            "{} {}",
                            c.label,
                            if c.raw.is_empty() { "—" } else { &c.raw }
                        )
                    })
                    .collect();
                push(
                    findings,
                    self,
                    project_location(index, project),
                    format!("资金支出计划（{}）：{problem}", figures.join("，")),
                    Some("按累进进度填写，年底为100%"),
                );
            }
        }
    }
}
