//! missing-budget: a project whose 预算数 was not read.

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct MissingBudget;

impl Rule for MissingBudget {
    fn code(&self) -> &'static str {
        "missing-budget"
    }
    fn title(&self) -> &'static str {
        "项目没有预算数"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        "绩效目标与预算同步申报、同步审核（财预〔2015〕88号、财预〔2021〕101号）：没有预算数的项目，\
         成本指标和资金支出计划都无从核对，也无法开展运行监控和自评。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            let budget = &project.budget;
            if budget.total_yuan.is_none() && budget.fiscal_yuan.is_none() {
                let written = budget.total_raw.as_deref().map(str::trim).unwrap_or("");
                let message = if written.is_empty() {
                    format!("项目“{}”没有预算数", project.name)
                } else {
                    format!("项目“{}”的预算数“{written}”无法读取", project.name)
                };
                push(
                    findings,
                    self,
                    project_location(p, project),
                    message,
                    Some("填写预算数（注明元或万元）"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jixiao_model::Project;

    use crate::rules::testing::messages_on;
    use rust_decimal::Decimal;

    fn missing(project: Project) -> Vec<String> {
        messages_on("missing-budget", vec![project])
    }

    #[test]
    fn a_project_without_a_budget_is_an_error_and_one_with_it_is_not() {
        let mut project = Project {
            name: "租赁费".into(),
            ..Project::default()
        };
        assert_eq!(missing(project.clone()), ["项目“租赁费”没有预算数"]);
        project.budget.total_raw = Some("三十万".into());
        assert_eq!(
            missing(project.clone()),
            ["项目“租赁费”的预算数“三十万”无法读取"]
        );
        project.budget.total_yuan = Some(Decimal::from(300_000));
        assert!(missing(project).is_empty());
    }
}
