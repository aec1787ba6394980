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

#[cfg(test)]
mod tests {
    use jixiao_model::{Checkpoint, Project, SpendingPlan, parse_percent};

    use crate::rules::testing::{messages_on, project};

    fn said(label: &str, figures: [&str; 4]) -> Vec<String> {
        let checkpoints = ["3月底", "6月底", "9月底", "12月底"]
            .into_iter()
            .zip(figures)
            .map(|(label, raw)| Checkpoint {
                label: label.into(),
                raw: raw.into(),
                percent: parse_percent(raw),
            })
            .collect();
        let table = Project {
            spending_plan: Some(SpendingPlan::new(label, checkpoints)),
            ..project("乡村教师培训", Vec::new())
        };
        messages_on("spending-plan", vec![table])
    }

    #[test]
    fn figures_that_are_neither_shares_nor_running_totals_are_said() {
        assert_eq!(
            said("资金支出计划（%）", ["20%", "30%", "40%", ""]),
            [
                "资金支出计划（3月底 20%，6月底 30%，9月底 40%，12月底 —）：数值之和为90%，既非逐期之和100%，也非递增至100%"
            ]
        );
    }

    #[test]
    fn running_totals_that_fall_or_stop_short_are_said() {
        let label = "资金支出计划（累进进度%）";
        assert_eq!(
            said(label, ["30", "60", "50", "100"]),
            ["资金支出计划（3月底 30，6月底 60，9月底 50，12月底 100）：累进进度出现回落"]
        );
        assert_eq!(
            said(label, ["25", "50", "75", "90"]),
            ["资金支出计划（3月底 25，6月底 50，9月底 75，12月底 90）：累进进度年底未达到100%"]
        );
    }

    #[test]
    fn running_totals_to_100_or_shares_of_100_are_fine() {
        assert!(said("资金支出计划（%）", ["25%", "50%", "75%", "100%"]).is_empty());
        assert!(said("资金支出计划（%）", ["30%", "30%", "40%", ""]).is_empty());
        assert!(said("资金支出计划（累进进度%）", ["0", "0", "100", "100"]).is_empty());
    }
}
