//! unreadable-target: a number whose unit cannot be read.

use jixiao_model::TargetKind;

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::is_known_unit;
use crate::{Context, Finding, Severity};

pub struct UnreadableTarget;

impl Rule for UnreadableTarget {
    fn code(&self) -> &'static str {
        "unreadable-target"
    }
    fn title(&self) -> &'static str {
        "指标值单位无法识别"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "数值型指标值须带可识别的计量单位（%、个、万元、天、微克/立方米等）。“100百”之类的写法无法判断含义。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let target = &indicator.target;
            if target.kind != TargetKind::Numeric {
                continue;
            }
            // `≤78万`: read as 万元 for the money checks, but a table must say what it counts.
            if let Some(unit) = target
                .unit
                .as_deref()
                .map(str::trim)
                .filter(|u| ["万", "亿", "千"].contains(u))
            {
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    format!(
                        "“{}”的指标值“{}”单位“{unit}”不完整：是{unit}元、{unit}人还是{unit}件",
                        indicator.name,
                        target.raw.trim()
                    ),
                    Some("写全单位，如“≤78万元”"),
                );
                continue;
            }
            if let Some(unit) = target.unit.as_deref().filter(|u| !is_known_unit(u)) {
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    format!(
                        "“{}”的指标值“{}”单位“{unit}”无法识别",
                        indicator.name,
                        target.raw.trim()
                    ),
                    Some("改用规范单位，如“100%”"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(name: &str, target: &str) -> Vec<String> {
        let row = indicator("产出指标", "质量指标", name, target);
        messages_on(
            "unreadable-target",
            vec![project("乡村教师培训", vec![row])],
        )
    }

    #[test]
    fn a_bare_ten_thousand_is_said_to_be_incomplete() {
        assert_eq!(
            said("花费成本", "210万"),
            ["“花费成本”的指标值“210万”单位“万”不完整：是万元、万人还是万件"]
        );
        assert!(said("花费成本", "210万元").is_empty());
        assert!(said("发病率", "≤1/10万").is_empty());
    }

    #[test]
    fn a_number_with_an_unknown_unit_is_said() {
        assert_eq!(
            said("培训考核合格率", "100百"),
            ["“培训考核合格率”的指标值“100百”单位“百”无法识别"]
        );
    }

    #[test]
    fn known_units_plain_numbers_and_texts_are_fine() {
        assert!(said("培训考核合格率", "≥95%").is_empty());
        assert!(said("培训人次", "≥1200人次").is_empty());
        assert!(said("证书发放时限", "≤15个工作日").is_empty());
        assert!(said("培训完成时间", "2025年12月底前").is_empty());
        assert!(said("培训班期数", "6").is_empty());
    }
}
