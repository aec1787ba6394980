//! odd-comparator: ≥100% and >100%, or ≤ on a rate that should be high.

use rust_decimal::Decimal;

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::{is_percent_unit, is_rate_name, lower_is_better};
use crate::{Context, Finding, Severity};
use jixiao_model::Comparator;

pub struct OddComparator;

impl Rule for OddComparator {
    fn code(&self) -> &'static str {
        "odd-comparator"
    }
    fn title(&self) -> &'static str {
        "比较符号不合理"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "比率最高为100%，“≥100%”“>100%”无法超额达成，应写“=100%”；越高越好的比率（完成率、使用率、合格率）写“≤”方向相反，\
         按正向指标考核时会出错（财预〔2020〕10号：正向指标按实际/目标计分）。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let hundred = Decimal::from(100);
        for (p, project, i, indicator) in each_indicator(context.document) {
            let target = &indicator.target;
            let (Some(comparator), Some(number), Some(unit)) =
                (target.comparator, target.number, target.unit.as_deref())
            else {
                continue;
            };
            if !is_percent_unit(unit) {
                continue;
            }
            let location = || indicator_location(p, project, i, indicator);
            let raw = target.raw.trim();
            match comparator {
                Comparator::Ge | Comparator::Gt if number >= hundred => push(
                    findings,
                    self,
                    location(),
                    format!(
                        "“{}”的指标值“{raw}”超过或等于比率上限，无法超额",
                        indicator.name
                    ),
                    Some("改为“=100%”"),
                ),
                Comparator::Le | Comparator::Lt
                    if is_rate_name(&indicator.name) && !lower_is_better(&indicator.name) =>
                {
                    push(
                        findings,
                        self,
                        location(),
                        format!("“{}”越高越好，指标值“{raw}”的方向相反", indicator.name),
                        Some("改为“≥”或“=”"),
                    )
                }
                _ => {}
            }
        }
    }
}
