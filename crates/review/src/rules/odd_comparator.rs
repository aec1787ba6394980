//! odd-comparator: ≥100% and >100%, or ≤ on a rate that should be high.

use rust_decimal::Decimal;

use super::{Rule, each_indicator, indicator_location, push};
use crate::words::{is_percent_unit, is_rate_name, lower_is_better, measured_by_name};
use crate::{Context, Finding, Severity};
use jixiao_model::{Comparator, Level1Kind, Level2Kind, Measure, measure_unit};

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
        "比率最高为100%，“≥100%”“>100%”无法超额达成，应写“=100%”；越高越好的比率（完成率、使用率、合格率）写“≤”、越低越好的比率（受害率、发生率、损失率）写“≥”，方向相反，\
         按正反向指标考核时会出错（财预〔2020〕10号：正向指标按实际/目标计分）。"
    }
    fn reviews_department(&self) -> bool {
        true
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
            let percent = is_percent_unit(unit);
            // A count or a cost given as a percentage is unit-mismatch's and cost-as-rate's to say.
            let name = indicator.name.trim();
            let cost = indicator.level1.is(Level1Kind::Cost)
                || indicator.level2.is(Level2Kind::Cost)
                || indicator.level2.is(Level2Kind::EconomicCost);
            // So is an area, a length or a weight given as one (`土地面积 ≥100%`).
            let measured = measured_by_name(name).is_some();
            if percent && (cost || measured || name.ends_with('数') || name.ends_with("数量")) {
                continue;
            }
            let location = || indicator_location(p, project, i, indicator);
            let raw = target.raw.trim();
            match comparator {
                // `国有资本保值增值率 ≥102%`: a ratio of growth may pass 100%.
                Comparator::Ge | Comparator::Gt
                    if percent && number >= hundred && !may_pass_a_hundred(&indicator.name) =>
                {
                    push(
                        findings,
                        self,
                        location(),
                        format!(
                            "“{}”的指标值“{raw}”超过或等于比率上限，无法超额",
                            indicator.name
                        ),
                        Some("改为“=100%”"),
                    )
                }
                Comparator::Le | Comparator::Lt
                    if percent
                        && is_rate_name(&indicator.name)
                        && !lower_is_better(&indicator.name) =>
                {
                    push(
                        findings,
                        self,
                        location(),
                        format!("“{}”越高越好，指标值“{raw}”的方向相反", indicator.name),
                        Some("改为“≥”或“=”"),
                    )
                }
                // `森林火灾受害率 ≥0.9‰`, `万台特种设备死亡人数 ≥0.2人/万台`; not `农药使用量减少率 ≥10%` or `事故控制率 ≥95%`, which aim high.
                Comparator::Ge | Comparator::Gt
                    if lower_is_better(&indicator.name)
                        && ![
                            "下降", "降低", "减少", "控制", "防控", "整改", "排查", "处置", "查处",
                            "处理", "救援", "调查", "演练",
                        ]
                        .iter()
                        .any(|w| indicator.name.contains(w)) =>
                {
                    push(
                        findings,
                        self,
                        location(),
                        format!("“{}”越低越好，指标值“{raw}”的方向相反", indicator.name),
                        Some("改为“≤”，如“≤0.9‰”"),
                    )
                }
                // `车主平均寻位时间 ≥5分钟`: a wait is better short.
                Comparator::Ge | Comparator::Gt
                    if is_a_wait(&indicator.name)
                        && measure_unit(unit).is_some_and(|m| m.measure == Measure::Duration) =>
                {
                    push(
                        findings,
                        self,
                        location(),
                        format!("“{}”越短越好，指标值“{raw}”的方向相反", indicator.name),
                        Some("改为“≤”，如“≤5分钟”"),
                    )
                }
                _ => {}
            }
        }
    }
}

/// Rates of growth or of one amount to another, which can be above 100%.
fn may_pass_a_hundred(name: &str) -> bool {
    [
        "增值率",
        "增长率",
        "增幅",
        "倍",
        "投入产出比",
        "超额",
        "同比",
        "比上年",
    ]
    .iter()
    .any(|w| name.contains(w))
}

/// The time someone waits for something to be done (寻位时间, 响应时间, 办结用时), not the time
/// something is given (培训时长, 开放时间).
fn is_a_wait(name: &str) -> bool {
    let time = ["时间", "时长", "用时", "耗时"]
        .iter()
        .any(|w| name.ends_with(w));
    let waiting = [
        "等待", "等候", "寻位", "响应", "到达", "到场", "办理", "办结", "排队", "审批", "出警",
        "处置", "修复", "通行", "候车",
    ];
    time && waiting.iter().any(|w| name.contains(w))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{indicator, messages_on, project};

    fn said(name: &str, target: &str) -> Vec<String> {
        let row = indicator("产出指标", "质量指标", name, target);
        messages_on("odd-comparator", vec![project("森林防火", vec![row])])
    }

    #[test]
    fn a_rate_aimed_the_wrong_way_is_said() {
        assert_eq!(
            said("森林火灾受害率", "≥0.9‰"),
            ["“森林火灾受害率”越低越好，指标值“≥0.9‰”的方向相反"]
        );
        assert_eq!(
            said("资金使用率", "≤95%"),
            ["“资金使用率”越高越好，指标值“≤95%”的方向相反"]
        );
        assert_eq!(said("验收合格率", "≥100%").len(), 1);
        assert_eq!(said("万台特种设备死亡人数", "≥0.2人/万台").len(), 1);
        assert_eq!(
            said("车主平均寻位时间", "≥5分钟"),
            ["“车主平均寻位时间”越短越好，指标值“≥5分钟”的方向相反"]
        );
    }

    #[test]
    fn rates_aimed_the_right_way_are_fine() {
        assert!(said("森林火灾受害率", "≤0.9‰").is_empty());
        assert!(said("事故隐患整改数", "≥50个").is_empty());
        assert!(said("国有资本保值增值率", "≥102%").is_empty());
        assert!(said("核查图斑涉及土地面积", "≥100%").is_empty());
        assert!(said("教师人均培训时长", "≥72小时").is_empty());
        assert!(said("报警平均到场时间", "≤15分钟").is_empty());
        assert!(said("国省干线货车超限率", "≤0.5%").is_empty());
        assert!(said("遗址接待参观人次同比", "≥110%").is_empty());
        assert_eq!(said("仲裁裁决被人民法院撤销率", "≤2%").len(), 0);
        assert_eq!(said("劣四类水质面积比例", "≥3%").len(), 1);
        assert!(said("化学农药使用量减少率", "≥10%").is_empty());
        assert!(said("校园重大安全事故控制率", "≥95%").is_empty());
        assert!(said("验收合格率", "=100%").is_empty());
        assert!(said("监测点鼠密度（粉迹法阳性率）", "≤5%").is_empty());
    }

    #[test]
    fn counts_and_costs_in_percent_are_left_to_their_own_rules() {
        assert!(said("运维服务器和存储设备台数", "≥100%").is_empty());
        let row = indicator("产出指标", "成本指标", "清淤疏通成本控制率", "≤100%");
        assert!(messages_on("odd-comparator", vec![project("排水防涝", vec![row])]).is_empty());
    }
}
