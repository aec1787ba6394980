//! stale-year: goals that still speak of a deadline in an older year.

use jixiao_model::GoalItem;

use super::{Rule, document_location, project_location, push};
use crate::words::deadline_years_in;
use crate::{Context, Finding, Location, Severity};

pub struct StaleYear;

impl Rule for StaleYear {
    fn code(&self) -> &'static str {
        "stale-year"
    }
    fn title(&self) -> &'static str {
        "目标中残留往年时限"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "绩效目标中的时限（“2021年底”“2020年度”“到2019年”）早于预算年度，说明目标是从往年文件复制的。预算年度不明时，以文件中项目编码和\
         项目名称指向的最晚年份为准。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let Some(year) = context.reference_year else {
            return;
        };
        let mut check = |items: &[GoalItem], location: &dyn Fn(usize) -> Location| {
            for item in items {
                let texts = [item.text.as_str(), item.target.as_deref().unwrap_or("")];
                let stale: Vec<String> = texts
                    .iter()
                    .flat_map(|t| deadline_years_in(t))
                    .filter(|(y, _)| *y < year)
                    .map(|(_, s)| s)
                    .collect();
                if !stale.is_empty() {
                    push(
                        findings,
                        self,
                        location(item.span.first_line),
                        format!("目标写的是“{}”，早于预算年度 {year} 年", stale.join("”“")),
                        Some("按本年度任务重写目标和时限"),
                    );
                }
            }
        };
        let goals = &context.document.goals;
        check(&goals.overall, &document_location);
        check(&goals.itemised, &document_location);
        for (index, project) in context.document.projects.iter().enumerate() {
            check(&project.goals, &|line| Location {
                line,
                ..project_location(index, project)
            });
        }
    }
}
