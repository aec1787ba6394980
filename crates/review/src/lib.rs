//! The review engine (智能审核): every project's targets checked against the national
//! rules (财预〔2021〕101号 and its predecessors) and the defects real documents show.
//!
//! Pure: a `Document` in, a `Report` out. Each rule lives in its own file under `rules/`,
//! has a stable code, a severity and a doc text; the registry in `rules/mod.rs` orders them,
//! and the rule list users see (`jixiao rules`) is generated from it.

mod department;
mod finding;
pub mod rules;
mod scheme;
mod score;
mod words;

use jixiao_model::{Document, Scheme};

pub use finding::{Finding, Location, Severity};

/// Which rules these are: a hash of the review's and the model's sources, so what was counted by
/// other rules is known to need counting again.
pub const RULES_FINGERPRINT: &str = env!("JIXIAO_RULES_FINGERPRINT");
pub use rules::{RULES, Rule, rule};
pub use scheme::detect_scheme;
pub use score::{
    DEDUCTION_ERROR, DEDUCTION_NOTICE, DEDUCTION_WARNING, ProjectScore, SCORE_WITHOUT_BUDGET,
    score_projects,
};

/// What the rules see: the document and what was worked out about it once.
pub struct Context<'a> {
    pub document: &'a Document,
    pub scheme: Scheme,
    /// The fiscal year, or the latest year the document's projects point to when it is unknown.
    pub reference_year: Option<u16>,
}

impl<'a> Context<'a> {
    pub fn new(document: &'a Document) -> Context<'a> {
        let reference_year = document
            .fiscal_year
            .year
            .or_else(|| document.fiscal_year.evidence.iter().map(|e| e.year).max());
        Context {
            document,
            scheme: detect_scheme(document),
            reference_year,
        }
    }
}

/// The result of reviewing one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub scheme: Scheme,
    pub findings: Vec<Finding>,
    pub scores: Vec<ProjectScore>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Runs every rule on the document.
pub fn review(document: &Document) -> Report {
    let context = Context::new(document);
    let mut findings = Vec::new();
    for rule in RULES {
        rule.check(&context, &mut findings);
    }
    department::review(&context, &mut findings);
    rules::same_target::absorb(document, &mut findings);
    findings.sort_by_key(|f| (f.location.project, f.location.line, f.severity));
    let scores = score_projects(document, &findings);
    Report {
        scheme: context.scheme,
        findings,
        scores,
    }
}
