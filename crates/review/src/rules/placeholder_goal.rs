//! placeholder-goal: goals left as template placeholders.

use super::{Rule, document_location, project_location, push};
use crate::words::is_placeholder;
use crate::{Context, Finding, Severity};

pub struct PlaceholderGoal;

impl Rule for PlaceholderGoal {
    fn code(&self) -> &'static str {
        "placeholder-goal"
    }
    fn title(&self) -> &'static str {
        "绩效目标为占位文字或缺失"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        "绩效目标须说明做什么、达到什么产出、实现什么效果（财预〔2021〕101号）。模板占位文字（如“目标内容1”）或空白目标等于没有目标。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (index, project) in context.document.projects.iter().enumerate() {
            let texts: Vec<&str> = project.goals.iter().map(|g| g.text.as_str()).collect();
            if texts.is_empty() || texts.iter().all(|t| is_placeholder(t)) {
                let mut location = project_location(index, project);
                if let Some(goal) = project.goals.first() {
                    location.line = goal.span.first_line;
                }
                let message = if texts.is_empty() {
                    "项目没有填写绩效目标".to_string()
                } else {
                    format!("绩效目标只有占位文字“{}”", texts.join("；"))
                };
                push(
                    findings,
                    self,
                    location,
                    message,
                    Some("写明年度要完成的产出和效果，并与指标对应"),
                );
            }
        }
        let goals = &context.document.goals;
        for item in goals
            .overall
            .iter()
            .chain(&goals.itemised)
            .filter(|g| is_placeholder(&g.text) && g.target.is_none())
        {
            push(
                findings,
                self,
                document_location(item.span.first_line),
                "部门整体绩效目标中有空白或占位条目".into(),
                None::<&str>,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Document, GoalItem, Project, Span};

    use crate::rules::testing::{messages, messages_on, project};

    fn goal(text: &str) -> GoalItem {
        GoalItem {
            text: text.into(),
            span: Span::line(6),
            ..GoalItem::default()
        }
    }

    fn said(goals: &[&str]) -> Vec<String> {
        let table = Project {
            goals: goals.iter().map(|text| goal(text)).collect(),
            ..project("乡村教师培训", Vec::new())
        };
        messages_on("placeholder-goal", vec![table])
    }

    #[test]
    fn missing_or_placeholder_goals_are_said() {
        assert_eq!(said(&[]), ["项目没有填写绩效目标"]);
        assert_eq!(
            said(&["目标内容1", "……"]),
            ["绩效目标只有占位文字“目标内容1；……”"]
        );
        let mut document = Document::default();
        document.goals.overall.push(goal("XXX"));
        assert_eq!(
            messages("placeholder-goal", &document),
            ["部门整体绩效目标中有空白或占位条目"]
        );
    }

    #[test]
    fn a_goal_that_says_what_is_done_is_fine() {
        assert!(said(&["完成乡村教师培训1200人次，参训教师教学能力明显提升", "……"]).is_empty());
    }
}
