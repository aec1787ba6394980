//! The department's own goals and 部门整体支出绩效指标, reviewed by the rules that read rows and
//! goals (those whose [`Rule::reviews_department`] says so): the department is put to them as
//! one project, and what they find points back at the document — `Location::project` is `None`
//! and `Location::indicator` is the position among the department's indicators.

use jixiao_model::{Document, Project, Span};

use crate::rules::RULES;
use crate::{Context, Finding};

/// The name the department goes by in what the rules say of it.
const DEPARTMENT: &str = "部门整体";

pub(crate) fn review(context: &Context, findings: &mut Vec<Finding>) {
    let document = context.document;
    let goals = &document.goals;
    if document.department_indicators.is_empty() && goals.is_empty() {
        return;
    }
    let goals: Vec<_> = goals.items().cloned().collect();
    let first_line = goals
        .iter()
        .map(|g| g.span.first_line)
        .chain(
            document
                .department_indicators
                .iter()
                .map(|i| i.span.first_line),
        )
        .min()
        .unwrap_or_default();
    let department = Document {
        unit: document.unit.clone(),
        fiscal_year: document.fiscal_year.clone(),
        projects: vec![Project {
            name: DEPARTMENT.into(),
            goals,
            indicators: document.department_indicators.clone(),
            span: Span {
                first_line,
                last_line: first_line,
            },
            ..Project::default()
        }],
        ..Document::default()
    };
    let inner = Context {
        document: &department,
        scheme: context.scheme,
        reference_year: context.reference_year,
    };
    let start = findings.len();
    for rule in RULES.iter().filter(|r| r.reviews_department()) {
        rule.check(&inner, findings);
    }
    for finding in &mut findings[start..] {
        finding.location.project = None;
    }
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Basis, Document, GoalItem, Indicator, Span};

    use crate::rules::testing::indicator;

    fn department(indicators: Vec<Indicator>, safeguard: &str) -> Document {
        let mut document = Document {
            department_indicators: indicators,
            ..Document::default()
        };
        document.goals.safeguards.push(GoalItem {
            text: safeguard.into(),
            span: Span::line(148),
            ..GoalItem::default()
        });
        document
    }

    #[test]
    fn the_department_table_is_reviewed_by_the_row_rules() {
        let row = Indicator {
            basis: Basis::from_text("项目预期效果"),
            ..indicator("效益指标", "社会效益指标", "保障环境执法行为", "有效保障")
        };
        let document = department(vec![row], "由局长何朝辉同志负责统筹");
        let report = crate::review(&document);
        let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        for rule in [
            "boilerplate-basis",
            "unmeasurable-target",
            "personal-information",
        ] {
            assert!(rules.contains(&rule), "{rule} in {rules:?}");
        }
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == "unmeasurable-target")
            .expect("the vague target");
        assert_eq!(finding.location.project, None);
        assert_eq!(
            finding.indicator_in(&document).map(|i| i.name.as_str()),
            Some("保障环境执法行为")
        );
        assert!(report.scores.is_empty());
    }

    #[test]
    fn project_rules_leave_the_department_alone() {
        let row = indicator("产出指标", "数量指标", "查处案件数量", "≥120件");
        let report = crate::review(&department(vec![row], "加强组织领导"));
        let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        for rule in ["missing-budget", "spending-plan", "project-codes"] {
            assert!(!rules.contains(&rule), "{rule} in {rules:?}");
        }
    }
}
