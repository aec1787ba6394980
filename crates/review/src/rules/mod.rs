//! The rule registry: one file per rule, ordered here. Codes are stable.

mod blank_rows;
mod boilerplate_basis;
mod budget_parts;
mod category_as_name;
mod copied_rows;
mod cost_as_rate;
mod cost_vs_budget;
mod date_without_year;
mod deadline_year;
mod duplicate_indicator;
mod fiscal_year;
mod goal_restates_money;
mod input_as_target;
mod misplaced_indicator;
mod missing_basis;
mod missing_budget;
mod missing_category;
mod non_canonical_category;
mod odd_comparator;
mod personal_information;
mod placeholder_goal;
mod plan_out_of_step;
mod project_codes;
mod public_funds;
mod purpose_repeats_name;
pub(crate) mod same_target;
mod satisfaction_survey;
mod spending_plan;
mod stale_year;
mod timeliness_without_date;
mod unit_cost;
mod unit_mismatch;
mod unmeasurable_target;
mod unreadable_target;
mod unrelated_indicator;

use std::borrow::Cow;

use jixiao_model::{Document, Indicator, Project};

use crate::{Context, Finding, Location, Severity};

pub trait Rule: Sync {
    /// Stable code, also the file name: `cost-vs-budget`.
    fn code(&self) -> &'static str;
    /// A short Chinese title.
    fn title(&self) -> &'static str;
    fn severity(&self) -> Severity;
    /// What the rule checks and why (with its source), in Chinese.
    fn doc(&self) -> &'static str;
    fn check(&self, context: &Context, findings: &mut Vec<Finding>);
    /// Whether the rule also reads the department's own goals and indicator table: rules of
    /// rows and texts do, rules of a project's money, plan and code do not.
    fn reviews_department(&self) -> bool {
        false
    }
}

pub static RULES: &[&dyn Rule] = &[
    &missing_category::MissingCategory,
    &non_canonical_category::NonCanonicalCategory,
    &misplaced_indicator::MisplacedIndicator,
    &category_as_name::CategoryAsName,
    &blank_rows::BlankRows,
    &placeholder_goal::PlaceholderGoal,
    &goal_restates_money::GoalRestatesMoney,
    &purpose_repeats_name::PurposeRepeatsName,
    &unmeasurable_target::UnmeasurableTarget,
    &input_as_target::InputAsTarget,
    &unreadable_target::UnreadableTarget,
    &unit_mismatch::UnitMismatch,
    &odd_comparator::OddComparator,
    &same_target::SameTarget,
    &cost_vs_budget::CostVsBudget,
    &cost_as_rate::CostAsRate,
    &unit_cost::UnitCostVsBudget,
    &missing_budget::MissingBudget,
    &budget_parts::BudgetParts,
    &spending_plan::SpendingPlanRule,
    &plan_out_of_step::PlanOutOfStep,
    &deadline_year::DeadlineYear,
    &date_without_year::DateWithoutYear,
    &timeliness_without_date::TimelinessWithoutDate,
    &stale_year::StaleYear,
    &fiscal_year::FiscalYearRule,
    &project_codes::ProjectCodes,
    &public_funds::PublicFundsAsProject,
    &personal_information::PersonalInformation,
    &duplicate_indicator::DuplicateIndicator,
    &copied_rows::CopiedRows,
    &unrelated_indicator::UnrelatedIndicator,
    &missing_basis::MissingBasis,
    &boilerplate_basis::BoilerplateBasis,
    &satisfaction_survey::SatisfactionWithoutSurvey,
];

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.code() == code)
}

pub(crate) fn project_location(project: usize, p: &Project) -> Location {
    Location {
        project: Some(project),
        indicator: None,
        line: p.span.first_line,
    }
}

pub(crate) fn indicator_location(
    project: usize,
    _: &Project,
    index: usize,
    indicator: &Indicator,
) -> Location {
    Location {
        project: Some(project),
        indicator: Some(index),
        line: indicator.span.first_line,
    }
}

pub(crate) fn document_location(line: usize) -> Location {
    Location {
        line,
        ..Location::default()
    }
}

pub(crate) fn push(
    findings: &mut Vec<Finding>,
    rule: &dyn Rule,
    location: Location,
    message: String,
    suggestion: Option<impl Into<Cow<'static, str>>>,
) {
    findings.push(Finding {
        rule: rule.code(),
        severity: rule.severity(),
        message,
        location,
        suggestion: suggestion.map(Into::into),
        also: Vec::new(),
        related: Vec::new(),
    });
}

/// What a project says of itself: its name, 资金用途 and goals.
pub(crate) fn project_texts(project: &Project) -> impl Iterator<Item = &str> {
    [project.name.as_str()]
        .into_iter()
        .chain(project.purpose.as_deref())
        .chain(project.goals.iter().map(|g| g.text.as_str()))
}

/// A row of 满意度指标, by its level 1 or level 2.
pub(crate) fn is_satisfaction(indicator: &Indicator) -> bool {
    indicator.level1.is(jixiao_model::Level1Kind::Satisfaction)
        || indicator.level2.is(jixiao_model::Level2Kind::Satisfaction)
}

/// Every indicator row of every project, with its positions.
pub(crate) fn each_indicator<'a>(
    document: &'a Document,
) -> impl Iterator<Item = (usize, &'a Project, usize, &'a Indicator)> + 'a {
    document
        .projects
        .iter()
        .enumerate()
        .flat_map(|(p, project)| {
            project
                .indicators
                .iter()
                .enumerate()
                .map(move |(i, indicator)| (p, project, i, indicator))
        })
}

/// Tables for the tests beside each rule.
#[cfg(test)]
pub(crate) mod testing {
    use jixiao_model::{Document, Indicator, Project};

    pub fn indicator(level1: &str, level2: &str, name: &str, target: &str) -> Indicator {
        Indicator::new(level1, level2, name, target)
    }

    pub fn project(name: &str, indicators: Vec<Indicator>) -> Project {
        Project {
            name: name.to_string(),
            indicators,
            ..Project::default()
        }
    }

    /// The messages of one rule's findings on `document`.
    pub fn messages(rule: &str, document: &Document) -> Vec<String> {
        crate::review(document)
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.message)
            .collect()
    }

    /// The messages of one rule's findings on a document of these projects.
    pub fn messages_on(rule: &str, projects: Vec<Project>) -> Vec<String> {
        let document = Document {
            projects,
            ..Document::default()
        };
        messages(rule, &document)
    }
}
