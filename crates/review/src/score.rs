//! The quality score of a project: 100 minus a deduction per finding, never below 0; 0 for a
//! project without indicators, and at most 60 (a fail) for one without a budget. Errors cost 15
//! points, warnings 5, notices 1 (see `docs/rules.md`).

use serde::{Deserialize, Serialize};

use jixiao_model::Document;

use crate::{Finding, Severity};

pub const DEDUCTION_ERROR: u32 = 15;
pub const DEDUCTION_WARNING: u32 = 5;
pub const DEDUCTION_NOTICE: u32 = 1;
/// The most a project without a 预算数 scores: its targets cannot be checked against money.
pub const SCORE_WITHOUT_BUDGET: u32 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectScore {
    pub project: usize,
    pub name: String,
    pub score: u32,
    pub errors: u32,
    pub warnings: u32,
    pub notices: u32,
}

pub fn score_projects(document: &Document, findings: &[Finding]) -> Vec<ProjectScore> {
    let mut scores: Vec<ProjectScore> = document
        .projects
        .iter()
        .enumerate()
        .map(|(project, p)| ProjectScore {
            project,
            name: p.name.clone(),
            score: 100,
            errors: 0,
            warnings: 0,
            notices: 0,
        })
        .collect();
    for finding in findings {
        let Some(score) = finding.location.project.and_then(|p| scores.get_mut(p)) else {
            continue;
        };
        match finding.severity {
            Severity::Error => score.errors += 1,
            Severity::Warning => score.warnings += 1,
            Severity::Notice => score.notices += 1,
        }
    }
    for (score, project) in scores.iter_mut().zip(&document.projects) {
        let deduction = score.errors * DEDUCTION_ERROR
            + score.warnings * DEDUCTION_WARNING
            + score.notices * DEDUCTION_NOTICE;
        // A project without one indicator has set no target: nothing there earns a score.
        let budgeted = project.budget.total_yuan.is_some() || project.budget.fiscal_yuan.is_some();
        score.score = if project.indicators.is_empty() {
            0
        } else if !budgeted {
            100_u32.saturating_sub(deduction).min(SCORE_WITHOUT_BUDGET)
        } else {
            100_u32.saturating_sub(deduction)
        };
    }
    scores
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Document, Project};

    #[test]
    fn an_empty_project_scores_nothing() {
        let document = Document {
            projects: vec![Project {
                name: "空项目".into(),
                ..Project::default()
            }],
            ..Document::default()
        };
        let report = crate::review(&document);
        assert_eq!(report.scores[0].score, 0);
        assert!(report.findings.iter().any(|f| f.rule == "missing-budget"));
    }

    #[test]
    fn a_project_without_a_budget_fails() {
        let rows = vec![crate::rules::testing::indicator(
            "产出指标",
            "数量指标",
            "培训人次",
            "≥1200人次",
        )];
        let mut project = crate::rules::testing::project("乡村教师培训", rows);
        project.budget = jixiao_model::Budget::default();
        let unbudgeted = Document {
            projects: vec![project.clone()],
            ..Document::default()
        };
        let score = crate::review(&unbudgeted).scores[0].score;
        assert!(score <= super::SCORE_WITHOUT_BUDGET, "{score}");
        project.budget.total_yuan = Some(rust_decimal::Decimal::from(500_000));
        let budgeted = Document {
            projects: vec![project],
            ..Document::default()
        };
        assert!(crate::review(&budgeted).scores[0].score > score);
    }
}
