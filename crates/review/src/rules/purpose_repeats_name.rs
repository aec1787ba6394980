//! purpose-repeats-name: 资金用途 that only repeats the project's name.

use std::sync::LazyLock;

use regex::Regex;

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct PurposeRepeatsName;

/// Words that add nothing to a name: `普通高中国家助学金项目资金`, `主要用于…的建设`.
const FILLER: &[&str] = &[
    "项目",
    "资金",
    "经费",
    "专项",
    "用于",
    "支出",
    "费用",
    "工作",
    "所需",
    "开展",
    "相关",
    "预算数",
    "预算",
    "主要",
    "需求",
    "的",
];

/// Amounts and years: `预算数75万元`, `2024魏县…`.
static AMOUNT_OR_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]+(?:\.[0-9]+)?\s*(?:亿元|万元|千元|元)|20[0-9]{2}年?度?")
        .expect("a valid pattern")
});

/// At most this many characters of a purpose beyond the name: `…的建设`, `…的运维`.
const NOTHING_MORE: usize = 2;

impl Rule for PurposeRepeatsName {
    fn code(&self) -> &'static str {
        "purpose-repeats-name"
    }
    fn title(&self) -> &'static str {
        "资金用途照抄项目名称"
    }
    fn severity(&self) -> Severity {
        Severity::Notice
    }
    fn doc(&self) -> &'static str {
        "资金用途应写明钱用于什么、对象和标准，目标才能与资金量、用途相匹配（财预〔2015〕88号）。\
         只重复项目名称（“普通高中国家助学金”）的用途无从判断。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            let Some(purpose) = project.purpose.as_deref() else {
                continue;
            };
            let (purpose, name) = (bare(purpose), bare(&project.name));
            let repeats = purpose.chars().count() >= 2
                && (name.contains(&purpose)
                    || (purpose.contains(&name)
                        && purpose.chars().count() <= name.chars().count() + NOTHING_MORE));
            if repeats {
                push(
                    findings,
                    self,
                    project_location(p, project),
                    format!("项目“{}”的资金用途只重复了项目名称", project.name),
                    Some("写明资金用于哪些事项、对象、数量和标准"),
                );
            }
        }
    }
}

/// The text without spaces, punctuation and filler words.
fn bare(text: &str) -> String {
    let text = AMOUNT_OR_YEAR.replace_all(text, "");
    let mut text: String = text
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !c.is_ascii_punctuation() && !"。，、；：“”（）".contains(*c)
        })
        .collect();
    for word in FILLER {
        text = text.replace(word, "");
    }
    text
}

#[cfg(test)]
mod tests {
    use jixiao_model::Project;

    use crate::rules::testing::{messages_on, project};

    fn said(name: &str, purpose: &str) -> Vec<String> {
        let project = Project {
            purpose: Some(purpose.into()),
            ..project(name, Vec::new())
        };
        messages_on("purpose-repeats-name", vec![project])
    }

    #[test]
    fn a_purpose_that_is_the_name_is_said() {
        assert_eq!(
            said("普通高中国家助学金", "普通高中国家助学金"),
            ["项目“普通高中国家助学金”的资金用途只重复了项目名称"]
        );
        assert_eq!(said("创业培训补贴", "创业培训补贴资金。").len(), 1);
        assert_eq!(
            said(
                "政府投资项目跟踪审计购买服务",
                "政府投资项目跟踪审计购买服务所需经费。"
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_purpose_that_is_the_name_with_money_and_filler_is_said() {
        assert_eq!(
            said(
                "农村生活污水治理项目",
                "预算数75万元，主要用于农村生活污水治理项目的建设"
            )
            .len(),
            1
        );
        assert_eq!(
            said(
                "2024魏县主城区洒水车加冰降温项目",
                "主城区洒水车加冰降温需求费用63.45万元"
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_purpose_that_says_what_the_money_buys_is_fine() {
        assert!(
            said(
                "县域河道保洁服务",
                "购买社会化保洁服务，对72公里河道日常保洁"
            )
            .is_empty()
        );
        assert!(said("县域河道保洁服务", "").is_empty());
        assert!(
            said(
                "大气网格化精准管控运维费用",
                "主要用于高新区大气网格化精准管控系统的运维"
            )
            .is_empty()
        );
    }
}
