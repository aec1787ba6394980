//! date-without-year: a deadline written without its year (`12月`, `年底前`).

use jixiao_model::Level2Kind;

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::{names_a_duration, names_a_time, years_in};
use crate::{Context, Finding, Severity};

pub struct DateWithoutYear;

impl Rule for DateWithoutYear {
    fn code(&self) -> &'static str {
        "date-without-year"
    }
    fn title(&self) -> &'static str {
        "完成时限不带年份"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "时效指标应写明完成时限（财预〔2021〕101号），并能判定是否在预算年度内完成。“12月”“年底前”不带年份，\
         表格沿用到下一年仍然“成立”，监控和自评时无从核对；写成“2024年12月底前”。\
         国家文件并不禁止只写月份（表内的“12月”一般理解为预算年度的12月），所以这里是警告，不阻止提交。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let raw = indicator.target.raw.trim();
            let undated = indicator.level2.is(Level2Kind::Timeliness)
                && names_a_time(raw)
                && years_in(raw).is_empty()
                && !names_a_duration(raw);
            if !undated {
                continue;
            }
            let year = context
                .reference_year
                .map_or_else(|| "预算年度".to_string(), |y| format!("{y}年"));
            push(
                findings,
                self,
                indicator_location(p, project, i, indicator),
                format!("“{}”的时限“{raw}”没有写年份", indicator.name),
                Some(format!("写明年份，如“{year}12月底前”")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(level2: &str, target: &str) -> Vec<String> {
        let row = indicator("产出指标", level2, "工程完工时间", target);
        messages_on("date-without-year", vec![project("校舍维修", vec![row])])
    }

    #[test]
    fn a_deadline_without_its_year_is_said() {
        assert_eq!(
            said("时效指标", "年底前"),
            ["“工程完工时间”的时限“年底前”没有写年份"]
        );
        assert_eq!(said("时效指标", "12月").len(), 1);
        assert_eq!(said("时效指标", "十月底").len(), 1);
        assert_eq!(said("时效指标", "国庆节前").len(), 1);
    }

    #[test]
    fn a_dated_deadline_a_duration_or_another_category_is_fine() {
        assert!(said("时效指标", "2024年11月30日前").is_empty());
        assert!(said("时效指标", "≤15天").is_empty());
        assert!(said("时效指标", "3个月内").is_empty());
        assert!(said("数量指标", "12月").is_empty());
    }
}
