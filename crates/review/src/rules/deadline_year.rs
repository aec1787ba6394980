//! deadline-year: a deadline in a year before the fiscal year.

use std::sync::LazyLock;

use regex::Regex;

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::years_in;
use crate::{Context, Finding, Severity};

pub struct DeadlineYear;

/// A year the value is measured against, not a time limit: `较2024年提高5%`, `2024年同期`.
static BASELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:较|比|与|相对|对比)\s*20\d{2}年(?:度)?|20\d{2}年(?:度)?(?:同期|基础|水平|相比)")
        .expect("a valid pattern")
});

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
            let Some(outside) = years_in(&BASELINE.replace_all(&indicator.target.raw, ""))
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

#[cfg(test)]
mod tests {
    use jixiao_model::{Document, FiscalYear, YearBasis};

    use crate::rules::testing::{indicator, messages, project};

    fn said(year: Option<u16>, target: &str) -> Vec<String> {
        let row = indicator("产出指标", "时效指标", "培训完成时间", target);
        let document = Document {
            fiscal_year: FiscalYear {
                year,
                basis: YearBasis::Stated,
                evidence: Vec::new(),
            },
            projects: vec![project("乡村教师培训", vec![row])],
            ..Document::default()
        };
        messages("deadline-year", &document)
    }

    #[test]
    fn a_deadline_outside_the_fiscal_year_is_said() {
        assert_eq!(
            said(Some(2025), "2023年12月底前"),
            ["“培训完成时间”的时限“2023年12月底前”（2023年）早于预算年度 2025 年"]
        );
        assert_eq!(
            said(Some(2025), "2026年6月底前"),
            ["“培训完成时间”的时限“2026年6月底前”（2026年）晚于预算年度 2025 年"]
        );
    }

    #[test]
    fn a_deadline_in_the_fiscal_year_or_an_unknown_year_is_fine() {
        assert!(said(Some(2025), "2025年12月底前").is_empty());
        assert!(said(Some(2025), "12月底前").is_empty());
        assert!(said(None, "2023年12月底前").is_empty());
        assert!(said(Some(2025), "较2024年提高5%").is_empty());
        assert!(said(Some(2025), "不低于2024年同期水平").is_empty());
    }
}
