//! misplaced-indicator: a level-2 under the wrong level-1, or an indicator whose meaning belongs elsewhere.

use jixiao_model::Level2Kind;

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::{is_count_name, money_factor};
use crate::{Context, Finding, Severity};

pub struct MisplacedIndicator;

impl Rule for MisplacedIndicator {
    fn code(&self) -> &'static str {
        "misplaced-indicator"
    }
    fn title(&self) -> &'static str {
        "指标归类错误"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "二级指标须在其所属的一级指标之下（如成本指标在旧框架下属产出，在101号框架下为一级）；三级指标的含义须与二级类别相符：\
         数量类指标（…数量、…人数）不应放在时效或成本下，质量、满意度类指标不应放在成本下，金额类指标应放在成本下。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let location = || indicator_location(p, project, i, indicator);
            if let (Some(level1), Some(level2)) = (indicator.level1.kind, indicator.level2.kind) {
                let parent = level2.parent(context.scheme);
                if parent != level1 {
                    push(
                        findings,
                        self,
                        location(),
                        format!(
                            "二级指标“{}”不属于一级指标“{}”",
                            indicator.level2.raw, indicator.level1.raw
                        ),
                        Some(format!("放到“{}”之下", parent.canonical_name())),
                    );
                    continue;
                }
            }
            let name = indicator.name.as_str();
            let meaning = match indicator.level2.kind {
                Some(Level2Kind::Timeliness | Level2Kind::Cost) if is_count_name(name) => {
                    Some("数量指标")
                }
                Some(Level2Kind::Cost) if name.contains("质量") || name.contains("满意") => {
                    Some(if name.contains("满意") {
                        "服务对象满意度指标"
                    } else {
                        "质量指标"
                    })
                }
                Some(Level2Kind::Social | Level2Kind::Economic | Level2Kind::Ecological)
                    if name.contains("满意") =>
                {
                    Some("服务对象满意度指标")
                }
                Some(Level2Kind::Quantity | Level2Kind::Quality)
                    if indicator
                        .target
                        .unit
                        .as_deref()
                        .and_then(money_factor)
                        .is_some()
                        && name.contains("成本") =>
                {
                    Some("成本指标")
                }
                _ => None,
            };
            if let Some(belongs) = meaning {
                push(
                    findings,
                    self,
                    location(),
                    format!(
                        "“{name}”放在“{}”下，按含义应属于{belongs}",
                        indicator.level2.raw
                    ),
                    Some(format!("移到{belongs}")),
                );
            }
        }
    }
}
