//! unmeasurable-target: 是/否 and vague words where a number is due.

use jixiao_model::{Level2Kind, TargetKind};

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::{is_bare_vague, is_count_name, is_rate_name, is_vague, is_yes_no};
use crate::{Context, Finding, Severity};

pub struct UnmeasurableTarget;

impl Rule for UnmeasurableTarget {
    fn code(&self) -> &'static str {
        "unmeasurable-target"
    }
    fn title(&self) -> &'static str {
        "指标值无法衡量"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "指标值应定量为主、量化易评（财预〔2021〕101号）。“是/否”没有给出目标本身；数量、质量、成本、满意度指标写成“提升”“有效”等\
         定性词时也无法考核。时效指标可写完成时限，效益指标确难量化时可定性，但须可判断是否达成。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let target = &indicator.target;
            let location = || indicator_location(p, project, i, indicator);
            if target.kind == TargetKind::Empty {
                push(
                    findings,
                    self,
                    location(),
                    format!("“{}”没有指标值", indicator.name),
                    Some("填写指标值"),
                );
                continue;
            }
            let Some(text) = target
                .text
                .as_deref()
                .filter(|_| target.kind == TargetKind::Qualitative)
            else {
                continue;
            };
            // `改善空气质量，促进大气环境可持续发展 | 改善空气质量，促进大气环境可持续发展`.
            let echoed = [&indicator.name, &indicator.description]
                .into_iter()
                .find(|own| sentence(own).chars().count() >= 4 && sentence(own) == sentence(text));
            if let Some(own) = echoed {
                let what = if *own == indicator.name {
                    "指标名称"
                } else {
                    "指标描述"
                };
                push(
                    findings,
                    self,
                    location(),
                    format!("“{}”的指标值照抄{what}，无法判定是否达成", indicator.name),
                    Some("写出可考核的数值或判定标准"),
                );
                continue;
            }
            let counted = is_count_name(&indicator.name) || is_rate_name(&indicator.name);
            if counted && !is_yes_no(text) && !states_a_change(text) {
                // `临时救助人次 | 定性 | 是`, `改造危桥数量 | 按工作要求完成`, `减少率 | 有所下降`.
                push(
                    findings,
                    self,
                    location(),
                    format!(
                        "“{}”要数出或算出，指标值“{}”却没有数值",
                        indicator.name,
                        target.raw.trim()
                    ),
                    Some("写出目标数值和单位，如“=1000人次”或“≥10%”"),
                );
            } else if is_yes_no(text) {
                push(
                    findings,
                    self,
                    location(),
                    format!(
                        "“{}”的指标值“{}”只是选项，不是目标",
                        indicator.name,
                        target.raw.trim()
                    ),
                    Some("写出要达到的数值或状态，如“≥95%”或“2024年12月底前完成”"),
                );
            } else if (is_vague(text)
                && matches!(
                    indicator.level2.kind,
                    Some(
                        Level2Kind::Quantity
                            | Level2Kind::Quality
                            | Level2Kind::Cost
                            | Level2Kind::Satisfaction
                    )
                ))
                // `社会组织服务社区能力 | 提升`: a benefit may be qualitative, but not a bare word,
                // nor a sentence that only says what it helps (`有助于改善臭氧环境质量`).
                || is_bare_vague(text)
                || only_helps(text)
            {
                push(
                    findings,
                    self,
                    location(),
                    format!(
                        "“{}”是{}，指标值“{}”却无法量化",
                        indicator.name,
                        indicator.level2.raw,
                        target.raw.trim()
                    ),
                    Some("给出可考核的数值和单位"),
                );
            }
        }
    }
}

/// `洒水车加冰降温有助于改善臭氧环境质量`, `提高大气环境质量，促进经济稳定发展`: a direction the
/// work helps towards, with no figure or state to judge it by.
fn only_helps(text: &str) -> bool {
    !text.chars().any(|c| c.is_ascii_digit())
        && ["有助于", "促进", "推动", "助力"]
            .iter()
            .any(|w| text.contains(w))
}

/// `较2027年提高5个百分点`: a change by a stated amount is a number to judge by.
fn states_a_change(text: &str) -> bool {
    static CHANGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(提高|增加|增长|下降|降低|减少)\s*[0-9.]+\s*(个百分点|百分点|%|倍)")
            .expect("a valid pattern")
    });
    CHANGE.is_match(text)
}

/// A text without its spaces and closing stop, to compare as written.
fn sentence(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_end_matches(['。', '.', '；', ';'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    #[test]
    fn a_benefit_that_only_helps_is_said() {
        let row = indicator(
            "效益指标",
            "生态效益指标",
            "大气环境质量改善",
            "洒水车加冰降温有助于改善臭氧环境质量。",
        );
        assert_eq!(
            messages_on("unmeasurable-target", vec![project("洒水降温", vec![row])]).len(),
            1
        );
        let row = indicator(
            "效益指标",
            "生态效益指标",
            "细颗粒物浓度",
            "较2023年下降5%，促进空气质量改善",
        );
        assert!(
            messages_on("unmeasurable-target", vec![project("洒水降温", vec![row])]).is_empty()
        );
    }

    fn said(level2: &str, name: &str, target: &str) -> Vec<String> {
        let row = indicator("产出指标", level2, name, target);
        messages_on("unmeasurable-target", vec![project("危桥改造", vec![row])])
    }

    #[test]
    fn a_count_or_a_rate_without_a_number_is_said() {
        assert_eq!(
            said("数量指标", "改造危桥数量", "按工作要求完成"),
            ["“改造危桥数量”要数出或算出，指标值“按工作要求完成”却没有数值"]
        );
        assert_eq!(said("效益指标", "农药使用量减少率", "有所下降").len(), 1);
        assert_eq!(said("数量指标", "救助人数", "是").len(), 1);
    }

    #[test]
    fn a_target_that_repeats_its_name_is_said() {
        assert_eq!(
            said(
                "可持续影响指标",
                "改善空气质量，促进大气环境可持续发展",
                "改善空气质量，促进大气环境可持续发展。"
            ),
            ["“改善空气质量，促进大气环境可持续发展”的指标值照抄指标名称，无法判定是否达成"]
        );
        assert_eq!(said("社会效益指标", "帮扶效果", "较好").len(), 1);
        assert_eq!(said("社会效益指标", "全民健身氛围", "进一步浓厚").len(), 1);
        assert!(said("社会效益指标", "节地生态安葬率", "较2027年提高5个百分点").is_empty());
        assert!(said("社会效益指标", "群众出行条件", "农村群众出行条件明显改善").is_empty());
    }

    #[test]
    fn a_count_with_its_number_and_a_dated_deadline_are_fine() {
        assert!(said("数量指标", "改造危桥数量", "=5座").is_empty());
        assert!(said("时效指标", "完成时间", "2024年12月底前").is_empty());
    }
}
