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
