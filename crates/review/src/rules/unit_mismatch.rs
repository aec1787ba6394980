//! unit-mismatch: a count, an area or a length with a percentage target; a rate or a degree
//! with a count target.

use super::{Rule, each_indicator, indicator_location, push};
use jixiao_model::Measure;

use crate::words::{is_count_unit, is_percent_unit, is_rate_name, measured_by_name};
use crate::{Context, Finding, Severity};

pub struct UnitMismatch;

/// Units that count people.
const PEOPLE: &[&str] = &[
    "人",
    "名",
    "位",
    "个",
    "人次",
    "万人",
    "万人次",
    "人·次",
    "人日",
    "人天",
    "人·天",
    "户",
];

impl Rule for UnitMismatch {
    fn code(&self) -> &'static str {
        "unit-mismatch"
    }
    fn title(&self) -> &'static str {
        "指标含义与单位不符"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        "数量类指标（…次数、…数量、…人数、…人员）应以个、次、人等计数单位给值，面积、长度以亩、公里等给值；比率类指标（…率、…比例）\
         应以%给值，程度（…度）不以个数给值。单位与含义不符时指标无法考核。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let Some(unit) = indicator.target.unit.as_deref() else {
                continue;
            };
            let name = indicator.name.as_str();
            let percent = is_percent_unit(unit);
            let problem = match measured_by_name(name) {
                Some(Measure::Count) if percent => {
                    Some(("计数", "百分比", "改为次数或个数，如“≥4次”"))
                }
                Some(Measure::Area) if percent => Some(("面积", "百分比", "改为面积，如“≥8000亩”")),
                Some(Measure::Length) if percent => {
                    Some(("长度", "百分比", "改为长度，如“≥18公里”"))
                }
                _ if is_rate_name(name) && is_count_unit(unit) => {
                    Some(("比率", "计数", "改为百分比，如“100%”，或把指标改为数量指标"))
                }
                // `签约项目计划总投资额 ≥30个`: an amount given as a count or a share.
                _ if name.ends_with('额') && (percent || is_count_unit(unit)) => Some((
                    "金额",
                    if percent { "百分比" } else { "计数" },
                    "改为金额，如“≥30亿元”",
                )),
                // `培训骨干人数 ≥6场次`: people counted in something else.
                _ if (name.ends_with("人数") || name.ends_with("人次"))
                    && is_count_unit(unit)
                    && !PEOPLE.contains(&unit.trim()) =>
                {
                    Some(("人数", "其他事物的计数", "改为人数，如“≥300人”"))
                }
                // `群众文艺品牌知名度 1个`: a degree is a share or a grade, not a count.
                _ if name.ends_with('度') && is_count_unit(unit) => {
                    Some(("程度", "计数", "改为百分比或等级，如“≥80%”"))
                }
                _ => None,
            };
            if let Some((meaning, given, fix)) = problem {
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    format!(
                        "“{name}”是{meaning}指标，指标值“{}”却是{given}",
                        indicator.target.raw.trim()
                    ),
                    Some(fix),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(level2: &str, name: &str, target: &str) -> Vec<String> {
        let row = indicator("产出指标", level2, name, target);
        messages_on("unit-mismatch", vec![project("乡村教师培训", vec![row])])
    }

    #[test]
    fn a_unit_that_does_not_fit_the_name_is_said() {
        assert_eq!(
            said("数量指标", "培训人次", "≥95%"),
            ["“培训人次”是计数指标，指标值“≥95%”却是百分比"]
        );
        assert_eq!(
            said("质量指标", "培训考核合格率", "≥95人"),
            ["“培训考核合格率”是比率指标，指标值“≥95人”却是计数"]
        );
        assert_eq!(
            said("数量指标", "高标准农田建设面积", "100%"),
            ["“高标准农田建设面积”是面积指标，指标值“100%”却是百分比"]
        );
        assert_eq!(
            said("质量指标", "群众文艺品牌知名度", "1个"),
            ["“群众文艺品牌知名度”是程度指标，指标值“1个”却是计数"]
        );
        assert_eq!(
            said("数量指标", "培训乡村科普骨干人数", "≥6场次"),
            ["“培训乡村科普骨干人数”是人数指标，指标值“≥6场次”却是其他事物的计数"]
        );
        assert_eq!(
            said("数量指标", "签约项目计划总投资额", "≥30个"),
            ["“签约项目计划总投资额”是金额指标，指标值“≥30个”却是计数"]
        );
    }

    #[test]
    fn a_unit_that_fits_the_name_is_fine() {
        assert!(said("数量指标", "培训人次", "≥1200人次").is_empty());
        assert!(said("质量指标", "培训考核合格率", "≥95%").is_empty());
        assert!(said("数量指标", "高标准农田建设面积", "≥8000亩").is_empty());
        assert!(said("数量指标", "农村公路建设长度", "≥18公里").is_empty());
    }
}
