//! non-canonical-category: a category written with a non-standard or unknown name.

use super::{Rule, each_indicator, indicator_location, push};
use crate::{Context, Finding, Severity};

pub struct NonCanonicalCategory;

impl Rule for NonCanonicalCategory {
    fn code(&self) -> &'static str {
        "non-canonical-category"
    }
    fn title(&self) -> &'static str {
        "一级或二级指标名称不规范"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "一级指标应为产出/效益/满意度（101号另有成本），二级指标应为规范名称（数量、质量、时效、成本、经济效益、社会效益、生态效益、\
         可持续影响、服务对象满意度等）。错别字（如“实效指标”）和近义写法（如“效果指标”）会被识别为对应类别，但须改正。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            for (raw, kind_name, merged, canonical) in [
                (
                    &indicator.level1.raw,
                    indicator.level1.kind.map(|k| k.canonical_name()),
                    indicator.level1.merged,
                    indicator.level1.canonical,
                ),
                (
                    &indicator.level2.raw,
                    indicator.level2.kind.map(|k| k.canonical_name()),
                    indicator.level2.merged,
                    indicator.level2.canonical,
                ),
            ] {
                if merged || canonical || raw.is_empty() {
                    continue;
                }
                let (message, suggestion) = match kind_name {
                    Some(name) => (
                        format!("“{raw}”不是规范名称，按“{name}”处理"),
                        format!("改为“{name}”"),
                    ),
                    None => (
                        format!("无法识别的指标类别“{raw}”"),
                        "改为规范的一级/二级指标名称".to_string(),
                    ),
                };
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    message,
                    Some(suggestion),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(level1: &str, level2: &str) -> Vec<String> {
        let row = indicator(level1, level2, "培训完成时间", "2025年12月底前");
        messages_on(
            "non-canonical-category",
            vec![project("乡村教师培训", vec![row])],
        )
    }

    #[test]
    fn typos_and_unknown_categories_are_said() {
        assert_eq!(
            said("效果指标", "实效指标"),
            [
                "“效果指标”不是规范名称，按“效益指标”处理",
                "“实效指标”不是规范名称，按“时效指标”处理"
            ]
        );
        assert_eq!(
            said("产出指标", "进度指标"),
            ["无法识别的指标类别“进度指标”"]
        );
    }

    #[test]
    fn canonical_names_with_or_without_the_suffix_are_fine() {
        assert!(said("产出指标", "时效指标").is_empty());
        assert!(said("产出", "时效").is_empty());
    }

    #[test]
    fn a_merged_or_empty_cell_is_fine() {
        let mut row = indicator("", "实效指标", "培训完成时间", "2025年12月底前");
        row.level2.merged = true;
        let projects = vec![project("乡村教师培训", vec![row])];
        assert!(messages_on("non-canonical-category", projects).is_empty());
    }
}
