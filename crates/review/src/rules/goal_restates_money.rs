//! goal-restates-money: a 绩效目标 that only says how much money goes to the project.

use std::sync::LazyLock;

use regex::Regex;

use super::{Rule, project_location, push};
use crate::words::is_han;
use crate::{Context, Finding, Severity};

pub struct GoalRestatesMoney;

static AMOUNT_OR_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]+(?:\.[0-9]+)?\s*(?:亿元|万元|千元|元)|20[0-9]{2}年度?")
        .expect("a valid pattern")
});

/// Words of a money sentence: `安排…资金…万元，用于…`.
/// Longer words first: `本项目` before `项目`, `工作经费` before `经费`.
const MONEY_WORDS: &[&str] = &[
    "本项目",
    "工作经费",
    "安排",
    "下达",
    "拨付",
    "用于",
    "资金",
    "经费",
    "费用",
    "需求",
    "项目",
    "支出",
    "预算",
    "共计",
    "合计",
    "全年",
    "年度",
    "本年",
    "计划",
    "足额",
    "及时",
    "发放",
    "申请",
    "专项",
    "确保",
    "专款专用",
    "按时",
    "到位",
    "其中",
    "中央",
    "省级",
    "市级",
    "县级",
    "配套",
    "按照",
    "规定程序",
    "程序",
    "安全",
    "到",
    "各",
    "全部",
    "支付",
    "外包",
];

/// At most this many characters left besides the name and the money words: nothing was said.
const SAYS_NOTHING: usize = 2;

impl Rule for GoalRestatesMoney {
    fn code(&self) -> &'static str {
        "goal-restates-money"
    }
    fn title(&self) -> &'static str {
        "绩效目标只重复资金或项目名称"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "绩效目标是预算资金在一定期限内预期达到的产出和效果（财预〔2021〕101号），应指向明确、细化量化（财预〔2015〕88号）。\
         “下达补贴资金4560万元”“安排经费60万元，用于惠民演出”只重复了金额和项目名称，没有说做什么、做多少、达到什么效果。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            let goal: String = project.goals.iter().map(|g| g.text.as_str()).collect();
            if goal.trim().is_empty() {
                continue;
            }
            let message = if restates_money(&goal, &project.name) {
                format!(
                    "项目“{}”的绩效目标“{}”只重复了资金和项目名称，没有写产出和效果",
                    project.name,
                    goal.trim()
                )
            } else if only_spends(&goal) {
                format!(
                    "项目“{}”的绩效目标“{}”只说了安排多少钱、用于什么，没有写产出和效果",
                    project.name,
                    goal.trim()
                )
            } else if copies_purpose(&goal, project.purpose.as_deref().unwrap_or("")) {
                format!(
                    "项目“{}”的绩效目标照抄了资金用途“{}”，只写了钱用来做什么，没有写要达到的产出和效果",
                    project.name,
                    goal.trim()
                )
            } else {
                continue;
            };
            push(
                findings,
                self,
                project_location(p, project),
                message,
                Some(
                    "写明全年做什么、做多少、达到什么效果，如“为1200名学生发放助学金，资助对象认定准确率100%”",
                ),
            );
        }
    }
}

/// Words that say what the money is to achieve.
const EFFECTS: &[&str] = &[
    "提升",
    "提高",
    "改善",
    "保障",
    "确保",
    "促进",
    "实现",
    "达到",
    "完成",
    "满足",
    "增强",
    "推动",
    "减少",
    "降低",
    "覆盖",
    "惠及",
    "保持",
    "防止",
    "杜绝",
    "不低于",
    "以上",
];

/// `安排资金28.8万元，用于…补助`: the money and what it buys, no other figure and nothing it is
/// to achieve.
fn only_spends(goal: &str) -> bool {
    let rest = AMOUNT_OR_YEAR.replace_all(goal, "");
    rest.len() < goal.len()
        && goal.contains("用于")
        && !rest.chars().any(|c| c.is_ascii_digit())
        && !rest.contains(['≥', '≤', '>', '<', '%', '％'])
        && !EFFECTS.iter().any(|w| rest.contains(w))
}

/// The goal is the 资金用途 word for word and sets no target (no `≥`, `≤` or rate): it says what
/// the money buys, not what it is to achieve.
fn copies_purpose(goal: &str, purpose: &str) -> bool {
    let compact = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace() && !"。.;；\"“”".contains(*c))
            .collect()
    };
    let goal = compact(goal);
    !goal.is_empty() && goal == compact(purpose) && !goal.contains(['≥', '≤', '>', '<', '%', '％'])
}

/// The goal names no figure but money, and besides the money and the project's name says nothing.
fn restates_money(goal: &str, name: &str) -> bool {
    let mut rest = AMOUNT_OR_YEAR.replace_all(goal, "").into_owned();
    if rest.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    for word in MONEY_WORDS {
        rest = rest.replace(word, "");
    }
    let said = rest
        .chars()
        .filter(|c| is_han(*c) && !name.contains(*c))
        .count();
    said <= SAYS_NOTHING
}

#[cfg(test)]
mod tests {
    use jixiao_model::{GoalItem, Project};

    use super::restates_money;
    use crate::rules::testing::{messages_on, project};

    #[test]
    fn money_and_the_name_alone_restate() {
        assert!(restates_money(
            "本项目年度预算48万元，全部用于支付帮办代办服务外包费用。",
            "政务服务大厅帮办代办服务"
        ));
        assert!(restates_money(
            "安排学前教育资助资金72万元，其中中央资金50万元、县级配套22万元，按照规定程序及时拨付到各幼儿园，确保资金安全。",
            "学前教育家庭经济困难幼儿资助"
        ));
        assert!(restates_money(
            "下达耕地地力保护补贴资金4560万元。",
            "2023年耕地地力保护补贴"
        ));
        assert!(restates_money(
            "安排送戏下乡经费60万元，用于惠民演出。",
            "送戏下乡惠民演出"
        ));
        assert!(restates_money("需求费用63.45万元", "法律顾问专项经费"));
        assert!(restates_money("补缴养老保险", "补缴养老保险"));
        assert!(restates_money(
            "本项目2029年预算30万元，用于犬只狂犬病免疫和登记工作经费。",
            "犬只狂犬病免疫和登记"
        ));
    }

    #[test]
    fn money_and_what_it_buys_alone_say_nothing_achieved() {
        assert!(super::only_spends(
            "安排资金28.8万元，用于重度残疾儿童少年送教上门教师交通补助和教具补助。"
        ));
        assert!(!super::only_spends(
            "安排资金28.8万元，用于送教上门，确保重度残疾儿童少年接受义务教育。"
        ));
        assert!(!super::only_spends(
            "安排资金28.8万元，用于为60名学生每生送教40次。"
        ));
        assert!(!super::only_spends("用于送教上门教师交通补助和教具补助。"));
    }

    #[test]
    fn a_goal_copied_from_the_purpose_is_said_unless_it_sets_targets() {
        assert!(super::copies_purpose(
            "对21个乡镇和省级以上开发区环境空气质量自动监测站运行维护。",
            "对21个乡镇和省级以上开发区环境空气质量自动监测站运行维护。"
        ));
        assert!(!super::copies_purpose(
            "配套污水收集管网，行政村的污水收集及处理率≥95%",
            "配套污水收集管网，行政村的污水收集及处理率≥95%"
        ));
        assert!(!super::copies_purpose(
            "全年维护站点21个，数据有效率≥90%",
            "对21个乡镇站点运行维护"
        ));
    }

    #[test]
    fn a_goal_with_outputs_does_not() {
        assert!(!restates_money(
            "全年为48名县级以上非遗代表性传承人发放传习补助，完成4个非遗项目数字化记录。",
            "非物质文化遗产保护传承"
        ));
        assert!(!restates_money(
            "安排资金60万元，全年送戏下乡141场，观演群众满意度达到90%以上。",
            "送戏下乡惠民演出"
        ));
        assert!(!restates_money(
            "保障县域空气质量持续改善，完成省定考核任务",
            "大气污染防治技术服务经费"
        ));
    }

    #[test]
    fn the_finding_quotes_the_goal() {
        let project = Project {
            goals: vec![GoalItem {
                text: "安排农村部分计划生育家庭奖励扶助资金206.4万元。".into(),
                ..GoalItem::default()
            }],
            ..project("农村部分计划生育家庭奖励扶助", Vec::new())
        };
        assert_eq!(
            messages_on("goal-restates-money", vec![project]),
            [
                "项目“农村部分计划生育家庭奖励扶助”的绩效目标“安排农村部分计划生育家庭奖励扶助资金206.4万元。”只重复了资金和项目名称，没有写产出和效果"
            ]
        );
    }
}
