//! boilerplate-basis: 指标值确定依据 that names no standard (`经县委县政府决定`, `工作需要`), or
//! only repeats the indicator. One finding per project, with how many rows it covers.

use super::{Rule, indicator_location, is_satisfaction, push};
use crate::{Context, Finding, Severity};

pub struct BoilerplateBasis;

/// Bases that say where a value came from no more than a blank would.
const EMPTY_WORDS: &[&str] = &[
    "依据相关文件",
    "依据有关文件",
    "相关文件",
    "有关文件",
    "根据相关文件",
    "工作需要",
    "根据工作需要",
    "工作要求",
    "按工作要求",
    "县委县政府决定",
    "经县委县政府决定",
    "县政府决定",
    "经县政府决定",
    "上级要求",
    "按上级要求",
    "领导要求",
    "实际需要",
    "根据实际需要",
    "根据实际情况",
    "无",
    "略",
    "/",
];

impl Rule for BoilerplateBasis {
    fn code(&self) -> &'static str {
        "boilerplate-basis"
    }
    fn title(&self) -> &'static str {
        "指标值确定依据为套话"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "指标值的确定依据应是计划标准、行业标准、历史标准或财政部门认可的其他标准（财预〔2015〕88号）。\
         “依据相关文件”“工作需要”“经县委县政府决定”这类套话，或照抄指标名称，说明不了指标值从何而来。\
         每个项目提示一次，写明涉及几行。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            let empty: Vec<(usize, &str)> = project
                .indicators
                .iter()
                .enumerate()
                // A satisfaction row's basis is satisfaction-without-survey's to judge.
                .filter(|(_, indicator)| !is_satisfaction(indicator))
                .filter_map(|(i, indicator)| {
                    let basis = indicator.basis.as_ref()?;
                    let text = compact(&basis.text);
                    let repeats =
                        text == compact(&indicator.name) || text == compact(&indicator.description);
                    (repeats || EMPTY_WORDS.contains(&text.as_str()))
                        .then_some((i, basis.text.trim()))
                })
                .collect();
            let Some(&(first, written)) = empty.first() else {
                continue;
            };
            let indicator = &project.indicators[first];
            let message = if empty.len() == 1 {
                format!(
                    "“{}”的确定依据“{written}”说明不了指标值从何而来",
                    indicator.name
                )
            } else {
                format!(
                    "项目“{}”有{}个指标的确定依据是“{written}”一类的套话，说明不了指标值从何而来",
                    project.name,
                    empty.len()
                )
            };
            push(
                findings,
                self,
                indicator_location(p, project, first, indicator),
                message,
                Some("写明依据：工作计划、合同、上年实际、行业标准等"),
            );
        }
    }
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Basis, Indicator};

    use crate::rules::testing::{indicator, messages_on, project};

    fn row(name: &str, basis: &str) -> Indicator {
        Indicator {
            basis: Basis::from_text(basis),
            ..indicator("产出指标", "数量指标", name, "≥4次")
        }
    }

    fn said(rows: Vec<Indicator>) -> Vec<String> {
        messages_on("boilerplate-basis", vec![project("环保督查经费", rows)])
    }

    #[test]
    fn boilerplate_bases_are_said_once_per_project() {
        assert_eq!(
            said(vec![
                row("检查次数", "经县委县政府决定"),
                row("培训人次", "经县委县政府 决定"),
                row("宣传场次", "宣传场次"),
            ]),
            [
                "项目“环保督查经费”有3个指标的确定依据是“经县委县政府决定”一类的套话，说明不了指标值从何而来"
            ]
        );
        assert_eq!(
            said(vec![row("检查次数", "工作需要")]),
            ["“检查次数”的确定依据“工作需要”说明不了指标值从何而来"]
        );
    }

    #[test]
    fn a_basis_that_names_its_standard_is_fine() {
        assert!(
            said(vec![
                row("检查次数", "《2024年环保督查工作方案》"),
                row("培训人次", "上年实际完成120人次"),
            ])
            .is_empty()
        );
    }
}
