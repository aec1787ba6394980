//! category-as-name: a level-3 indicator named after a category (`质量指标`).

use jixiao_model::{Level1, Level1Kind, Level2, Level2Kind};

use super::{Rule, each_indicator, indicator_location, push};
use crate::{Context, Finding, Severity};

pub struct CategoryAsName;

impl Rule for CategoryAsName {
    fn code(&self) -> &'static str {
        "category-as-name"
    }
    fn title(&self) -> &'static str {
        "三级指标名称照抄类别名"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "三级指标应写出具体衡量什么（如“设备验收合格率”），不能照抄一级或二级类别名称（如“质量指标”）。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let name = indicator.name.trim();
            if !(name.ends_with("指标") || name.ends_with("效益")) || name.chars().count() > 9 {
                continue;
            }
            let (level2, level1) = (Level2::from_text(name), Level1::from_text(name));
            // Satisfaction rows are routinely named 服务对象满意度; that names what is measured.
            let satisfaction =
                level2.is(Level2Kind::Satisfaction) || level1.is(Level1Kind::Satisfaction);
            if (level2.canonical || level1.canonical) && !satisfaction {
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    format!("三级指标名称“{name}”只是类别名，没有说明衡量什么"),
                    Some("写出具体的衡量对象，如“……合格率”"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(level1: &str, level2: &str, name: &str, target: &str) -> Vec<String> {
        let row = indicator(level1, level2, name, target);
        messages_on("category-as-name", vec![project("乡村教师培训", vec![row])])
    }

    #[test]
    fn a_category_name_as_the_indicator_is_said() {
        assert_eq!(
            said("产出指标", "质量指标", "质量指标", "≥95%"),
            ["三级指标名称“质量指标”只是类别名，没有说明衡量什么"]
        );
        assert_eq!(
            said("效益指标", "社会效益指标", "社会效益", "明显提升").len(),
            1
        );
        assert_eq!(
            said("产出指标", "数量指标", "产出指标", "≥1200人次").len(),
            1
        );
    }

    #[test]
    fn a_name_that_says_what_is_measured_is_fine() {
        assert!(said("产出指标", "质量指标", "培训合格率", "≥95%").is_empty());
        assert!(
            said(
                "满意度指标",
                "服务对象满意度指标",
                "服务对象满意度指标",
                "≥90%"
            )
            .is_empty()
        );
        assert!(said("效益指标", "经济效益指标", "带动农户增收效益", "≥500元/户").is_empty());
    }
}
