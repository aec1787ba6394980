//! plan-out-of-step: a spending plan that does not follow the work (a service bought all year
//! paid at year end; work not yet done paid in full at the first checkpoint).

use jixiao_model::{PlanMode, Project};
use rust_decimal::Decimal;

use super::{Rule, project_location, project_texts, push};
use crate::{Context, Finding, Severity};

pub struct PlanOutOfStep;

/// Work that goes on through the year and is paid as it goes.
const ALL_YEAR: &[&str] = &[
    "保洁",
    "巡查",
    "巡护",
    "运维",
    "运行维护",
    "日常",
    "每月",
    "按月",
    "常态",
    "养护",
    "值守",
    "劳务",
    "工资",
    "租赁",
];

/// Money handed over rather than work bought: it can go out at once.
const TRANSFERS: &[&str] = &[
    "补贴",
    "补助",
    "奖励",
    "奖补",
    "资助",
    "救助",
    "津贴",
    "保险",
    "慰问",
    "抚恤",
    "助学金",
    "生活费",
    "购置",
    "采购",
];

/// Work paid period by period as it is done.
const PAID_BY_PERIOD: &[&str] = &["按月", "每月", "按季度", "每季度", "分季度", "按季"];

/// A first checkpoint at or above this share pays money that waits for the work before it is done.
const HALF: i64 = 50;

/// Money that waits for the work: a transfer paid on completion is not paid at once.
const ON_COMPLETION: &[&str] = &["验收合格后", "验收后", "竣工后", "完工后"];

impl Rule for PlanOutOfStep {
    fn code(&self) -> &'static str {
        "plan-out-of-step"
    }
    fn title(&self) -> &'static str {
        "支出计划与工作进度不符"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "运行监控按支出进度与序时进度比较（财预〔2019〕136号），支出计划应与工作的实施进度相符：全年按月购买的保洁、巡查、运维\
         服务不应前三季度为0%、12月底一次支出100%；需要作业、施工的工作不应在第一个节点就支出100%；资金用途按月写明了付款比例（合计100%）的，各节点应与之相符（相差不超过30个百分点）。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            let Some(plan) = project
                .spending_plan
                .as_ref()
                .filter(|plan| plan.mode == PlanMode::Cumulative)
            else {
                continue;
            };
            let values: Vec<Decimal> = plan.checkpoints.iter().filter_map(|c| c.percent).collect();
            let (Some(first), Some(last)) = (plan.checkpoints.first(), plan.checkpoints.last())
            else {
                continue;
            };
            if values.len() < 3 || values.len() != plan.checkpoints.len() {
                continue;
            }
            let hundred = Decimal::from(100);
            let promised = project
                .purpose
                .as_deref()
                .filter(|purpose| pays_the_whole_budget(purpose, project))
                .and_then(schedule)
                .and_then(|paid| {
                    plan.checkpoints.iter().zip(&values).find_map(|(c, value)| {
                        let month = month_of(&c.label)?;
                        let due: Decimal = paid
                            .iter()
                            .filter(|(m, _)| *m <= month)
                            .map(|(_, s)| *s)
                            .sum();
                        ((due - value).abs() >= Decimal::from(OFF_SCHEDULE)).then(|| {
                            format!(
                                "资金用途写明到{}月累计支付{}%，支出计划{}却是{}",
                                month,
                                due.normalize(),
                                c.label,
                                c.raw.trim()
                            )
                        })
                    })
                });
            let problem = if let Some(promised) = promised {
                promised
            } else if values[..values.len() - 1].iter().all(Decimal::is_zero)
                && let Some(work) = words_in(project, ALL_YEAR).first()
            {
                format!(
                    "“{work}”是全年持续的工作，支出计划却到{}才支出，一次100%",
                    last.label
                )
            } else if values.len() >= 4
                && values[..2].iter().all(Decimal::is_zero)
                && let Some(work) = words_in(project, ALL_YEAR).first()
            {
                format!(
                    "“{work}”是全年持续的工作，支出计划却到{}仍未支出",
                    plan.checkpoints[1].label
                )
            } else if values[0] >= Decimal::from(HALF)
                && let Some(period) = words_in(project, PAID_BY_PERIOD).first()
                && !project_texts(project).any(early_in_the_year)
            {
                format!(
                    "资金“{period}”结算，支出计划却在{}就已支出{}",
                    first.label,
                    first.raw.trim()
                )
            } else if values[0] >= Decimal::from(HALF)
                && let Some(wait) = words_in(project, ON_COMPLETION).first()
                && !project_texts(project).any(early_in_the_year)
            {
                format!(
                    "资金在“{wait}”拨付，支出计划却在{}就已支出{}",
                    first.label,
                    first.raw.trim()
                )
            } else if values[0] == hundred && words_in(project, TRANSFERS).is_empty() {
                format!("工作要在年内实施，支出计划却在{}就已支出100%", first.label)
            } else {
                continue;
            };
            push(
                findings,
                self,
                project_location(p, project),
                format!("项目“{}”{problem}", project.name),
                Some("按合同付款节点和工作进度填写各节点的累计支出比例"),
            );
        }
    }
}

/// How far (percentage points) a checkpoint may stand from what the 资金用途's own payment
/// schedule has paid by then.
const OFF_SCHEDULE: i64 = 30;

/// `3月合同签订后预付30%，6月检测完成后付50%，10月复检后付20%`: the share paid in each month the
/// 资金用途 names, when its shares add up to 100.
fn schedule(purpose: &str) -> Option<Vec<(u32, Decimal)>> {
    let mut paid = Vec::new();
    for clause in purpose.split(['，', '；', '。', ',', ';']) {
        let (Some(month), Some(share)) = (first_month(clause), last_percent(clause)) else {
            continue;
        };
        paid.push((month, share));
    }
    let total: Decimal = paid.iter().map(|(_, s)| *s).sum();
    (paid.len() >= 2 && total == Decimal::from(100)).then_some(paid)
}

/// The first `N月` of a text (1–12, not part of a longer number).
fn first_month(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).find_map(|at| {
        if chars[at] != '月' || at == 0 {
            return None;
        }
        let start = (0..at)
            .rev()
            .take_while(|&i| chars[i].is_ascii_digit())
            .last()?;
        let digits: String = chars[start..at].iter().collect();
        digits.parse().ok().filter(|m| (1..=12).contains(m))
    })
}

/// The last `X%` of a text.
fn last_percent(text: &str) -> Option<Decimal> {
    let at = text.rfind('%')?;
    let digits: String = text[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// A 资金用途 whose schedule is the budget's: it names no amount but the budget itself
/// (a schedule of one part among several says nothing of the whole).
fn pays_the_whole_budget(purpose: &str, project: &Project) -> bool {
    match crate::words::amounts_in(purpose).as_slice() {
        [] => true,
        [one] => Some(*one) == project.budget.total_yuan,
        _ => false,
    }
}

/// The month a checkpoint label ends (`3月底` → 3).
fn month_of(label: &str) -> Option<u32> {
    first_month(label)
}

/// The words of a list that the project's name, purpose or goals use.
/// A text that puts work in the first quarter (`春节前`, `1月`, `第一季度`): what is accepted then
/// is paid then.
fn early_in_the_year(text: &str) -> bool {
    if ["春节", "一季度", "年初"].iter().any(|w| text.contains(w)) {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).enumerate().any(|(at, pair)| {
        matches!(pair, ['1' | '2' | '3', '月']) && (at == 0 || !chars[at - 1].is_ascii_digit())
    })
}

fn words_in(project: &Project, words: &[&'static str]) -> Vec<&'static str> {
    let texts: Vec<&str> = project_texts(project).collect();
    words
        .iter()
        .copied()
        .filter(|w| texts.iter().any(|t| t.contains(w)))
        .collect()
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Checkpoint, Project, SpendingPlan, parse_percent};
    use rust_decimal::Decimal;

    use crate::rules::testing::{messages_on, project};

    /// A plan of the four usual checkpoints with these figures.
    fn plan(figures: &[&str]) -> Option<SpendingPlan> {
        let checkpoints = ["3月底", "6月底", "10月底", "12月底"]
            .iter()
            .zip(figures)
            .map(|(label, raw)| Checkpoint {
                label: label.to_string(),
                raw: raw.to_string(),
                percent: parse_percent(raw),
            })
            .collect();
        Some(SpendingPlan::new("资金支出计划（%）", checkpoints))
    }

    fn said(name: &str, figures: &[&str]) -> Vec<String> {
        let project = Project {
            spending_plan: plan(figures),
            ..project(name, Vec::new())
        };
        messages_on("plan-out-of-step", vec![project])
    }

    #[test]
    fn a_plan_away_from_the_purposes_own_schedule_is_said() {
        let with = |purpose: &str, figures: &[&str]| {
            let project = Project {
                spending_plan: plan(figures),
                purpose: Some(purpose.into()),
                budget: jixiao_model::Budget {
                    total_yuan: Some(Decimal::from(200_000)),
                    ..jixiao_model::Budget::default()
                },
                ..project("防雷装置安全检测", Vec::new())
            };
            messages_on("plan-out-of-step", vec![project])
        };
        let purpose = "按800元/处支付20万元：3月合同签订后预付30%，6月雷雨季前检测完成后付50%，10月复检完成后付20%";
        assert_eq!(
            with(purpose, &["0%", "0%", "0%", "100%"]),
            ["项目“防雷装置安全检测”资金用途写明到3月累计支付30%，支出计划3月底却是0%"]
        );
        assert!(with(purpose, &["30%", "80%", "100%", "100%"]).is_empty());
        // The schedule of one part among several amounts says nothing of the whole.
        let part = "保种补助共15万元，分6月、12月各拨付50%；委托检测5万元";
        assert!(with(part, &["0%", "0%", "0%", "100%"]).is_empty());
        // Shares that do not add up to 100 are no schedule to hold the plan to.
        assert!(with("3月预付30%，余款验收后付清", &["0%", "0%", "0%", "100%"]).is_empty());
    }

    #[test]
    fn a_part_settled_early_in_the_year_may_be_paid_by_the_first_checkpoint() {
        assert!(
            said(
                "亲本引进（3月引进后结算，饲料电费4—9月按月结算）",
                &["60%", "80%", "100%", "100%"]
            )
            .is_empty()
        );
        assert_eq!(
            said(
                "病害测报（4—10月按月发放）",
                &["60%", "80%", "100%", "100%"]
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_plan_out_of_step_with_the_work_is_said() {
        assert_eq!(
            said("诉讼文书送达（按月结算）", &["0%", "0%", "30%", "100%"]),
            ["项目“诉讼文书送达（按月结算）”“按月”是全年持续的工作，支出计划却到6月底仍未支出"]
        );
        assert_eq!(
            said("县域河道保洁服务", &["0%", "0%", "0%", "100%"]),
            ["项目“县域河道保洁服务”“保洁”是全年持续的工作，支出计划却到12月底才支出，一次100%"]
        );
        assert_eq!(
            said("国有林场森林抚育", &["100%", "100%", "100%", "100%"]),
            ["项目“国有林场森林抚育”工作要在年内实施，支出计划却在3月底就已支出100%"]
        );
        assert_eq!(
            said(
                "危房改造补助（竣工验收合格后拨付到户）",
                &["100%", "100%", "100%", "100%"]
            ),
            [
                "项目“危房改造补助（竣工验收合格后拨付到户）”资金在“验收合格后”拨付，支出计划却在3月底就已支出100%"
            ]
        );
        assert_eq!(
            said("11月集中检查（验收后支付）", &["60%", "60%", "60%", "100%"]),
            ["项目“11月集中检查（验收后支付）”资金在“验收后”拨付，支出计划却在3月底就已支出60%"]
        );
        assert_eq!(
            said(
                "危大工程安全抽测（按季度据实结算）",
                &["60%", "100%", "100%", "100%"]
            ),
            [
                "项目“危大工程安全抽测（按季度据实结算）”资金“按季度”结算，支出计划却在3月底就已支出60%"
            ]
        );
    }

    #[test]
    fn a_plan_in_step_or_money_handed_over_is_fine() {
        assert!(
            said(
                "春节前安全检查（验收后支付）",
                &["60%", "60%", "60%", "100%"]
            )
            .is_empty()
        );
        assert!(said("1月安全检查（验收后支付）", &["60%", "60%", "60%", "100%"]).is_empty());
        assert!(said("安全检查（按季度结算）", &["25%", "50%", "75%", "100%"]).is_empty());
        assert!(said("县域河道保洁服务", &["25%", "50%", "75%", "100%"]).is_empty());
        assert!(said("县域河道保洁服务", &["0%", "40%", "75%", "100%"]).is_empty());
        assert!(said("耕地地力保护补贴", &["100%", "100%", "100%", "100%"]).is_empty());
        assert!(said("东干渠防渗改造工程", &["0%", "0%", "0%", "100%"]).is_empty());
    }
}
