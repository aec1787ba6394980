//! deadline-year: a deadline in a year before the fiscal year.

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::years_in;
use crate::{Context, Finding, Severity};

pub struct DeadlineYear;

impl Rule for DeadlineYear {
    fn code(&self) -> &'static str {
        "deadline-year"
    }
    fn title(&self) -> &'static str {
        "完成时限不在预算年度内"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        "年度绩效目标的时效指标应落在预算年度内（如“2021年12月底前”）。早于预算年度的时限（2021年预算写“2019年12月底前”）是从旧表复制的，\
         晚于预算年度的时限不属于本年度目标，都无法按年考核。预算年度不明确时不作判断。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let Some(year) = context.document.fiscal_year.year else {
            return;
        };
        for (p, project, i, indicator) in each_indicator(context.document) {
            let Some(outside) = years_in(&indicator.target.raw)
                .into_iter()
                .find(|y| *y != year)
            else {
                continue;
            };
            let relation = if outside < year { "早于" } else { "晚于" };
            push(
                findings,
                self,
                indicator_location(p, project, i, indicator),
                format!(
                    "“{}”的时限“{}”（{outside}年）{relation}预算年度 {year} 年",
                    indicator.name,
                    indicator.target.raw.trim()
                ),
                Some(format!("改为 {year} 年内的时限，如“{year}年12月底前”")),
            );
        }
    }
}
