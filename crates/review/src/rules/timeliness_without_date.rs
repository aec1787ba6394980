//! timeliness-without-date: a 时效 row that gives a rate or `及时` and no deadline or duration.

use jixiao_model::{Level2Kind, TargetKind};

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::{is_percent_unit, is_yes_no, names_a_duration, names_a_time};
use crate::{Context, Finding, Severity};

pub struct TimelinessWithoutDate;

impl Rule for TimelinessWithoutDate {
    fn code(&self) -> &'static str {
        "timeliness-without-date"
    }
    fn title(&self) -> &'static str {
        "时效指标没有时限"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "时效指标衡量完成时限（财预〔2021〕101号）。只写“及时率100%”“按时完成”而名称、说明和指标值里都没有日期或时长，\
         就不知道什么时候算“及时”，监控和自评无从判断。写明完成日期（“2024年6月30日前”）或时长（“≤15天”“24小时内”）。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            if !indicator.level2.is(Level2Kind::Timeliness) {
                continue;
            }
            let target = &indicator.target;
            let rate = target.unit.as_deref().is_some_and(is_percent_unit);
            let word = target.kind == TargetKind::Qualitative
                && !target.text.as_deref().is_some_and(is_yes_no);
            let written = [
                indicator.name.as_str(),
                indicator.description.as_str(),
                target.raw.as_str(),
            ];
            let dated = written
                .iter()
                .any(|t| names_a_time(t) || names_a_duration(t) || names_a_rhythm(t));
            if !(rate || word) || dated {
                continue;
            }
            push(
                findings,
                self,
                indicator_location(p, project, i, indicator),
                format!(
                    "时效指标“{}”的指标值“{}”没有完成时限或时长",
                    indicator.name,
                    target.raw.trim()
                ),
                Some("写明完成日期（如“2024年6月30日前”）或时长（如“≤15天”）"),
            );
        }
    }
}

/// A rhythm is a time too: `实时上传`, `按月发放`, `每季度通报`.
fn names_a_rhythm(text: &str) -> bool {
    [
        "实时", "即时", "每日", "每天", "每周", "每月", "按月", "每季", "按季", "逐月",
    ]
    .iter()
    .any(|w| text.contains(w))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(name: &str, target: &str) -> Vec<String> {
        let row = indicator("产出指标", "时效指标", name, target);
        messages_on(
            "timeliness-without-date",
            vec![project("森林防火", vec![row])],
        )
    }

    #[test]
    fn a_rate_or_a_word_without_a_time_is_said() {
        assert_eq!(
            said("火情处置及时率", "100%"),
            ["时效指标“火情处置及时率”的指标值“100%”没有完成时限或时长"]
        );
        assert_eq!(said("及时完成", "及时").len(), 1);
    }

    #[test]
    fn a_deadline_or_a_duration_anywhere_on_the_row_is_fine() {
        assert!(said("工程完工时间", "2024年11月30日前").is_empty());
        assert!(said("月度补贴发放时限", "≤15天").is_empty());
        assert!(said("24小时内处置率", "100%").is_empty());
        assert!(said("检测数据上传", "实时上传").is_empty());
        assert!(said("补贴发放", "按月发放").is_empty());
        assert!(
            said("完工时间", "年底前").is_empty(),
            "date-without-year says it"
        );
    }
}
