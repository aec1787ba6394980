//! The fiscal year: stated by the title, or inferred from clues that must all agree.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use jixiao_model::{Diagnostic, Document, FiscalYear, YearBasis, YearEvidence};
use regex::Regex;

static YEAR_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d\d)年").expect("valid regex"));
static YEAR_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(20\d\d)").expect("valid regex"));
static PROJECT_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{6}(\d{2})[A-Z][0-9A-Z]{12}$").expect("valid regex"));

/// `stated` is the year a title states (`2021年部门预算…`) with its line.
pub fn infer(
    document: &mut Document,
    stated: Option<(u16, String, usize)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut evidence = Vec::new();
    for project in &document.projects {
        if let Some(code) = &project.code
            && let Some(captures) = PROJECT_CODE.captures(code)
            && let Ok(short) = captures[1].parse::<u16>()
        {
            evidence.push(YearEvidence {
                year: 2000 + short,
                source: format!("项目编码 {code}"),
                line: project.span.first_line,
            });
        }
        if let Some(captures) = YEAR_AT_START.captures(&project.name)
            && let Ok(year) = captures[1].parse()
        {
            evidence.push(YearEvidence {
                year,
                source: format!("项目名称 {}", project.name),
                line: project.span.first_line,
            });
        }
    }
    for item in &document.goals.overall {
        for captures in YEAR_IN_TEXT.captures_iter(&item.text) {
            if let Ok(year) = captures[1].parse() {
                evidence.push(YearEvidence {
                    year,
                    source: format!("总体绩效目标“{}”", &captures[0]),
                    line: item.span.first_line,
                });
            }
        }
    }
    if let Some((year, source, line)) = stated {
        evidence.insert(0, YearEvidence { year, source, line });
        document.fiscal_year = FiscalYear {
            year: Some(year),
            basis: YearBasis::Stated,
            evidence,
        };
        return;
    }
    // A project enters the library (项目编码) no later than the year it is budgeted for, so the
    // newest entry year bounds the fiscal year from below: a name or goal naming an earlier year
    // (`2024年…` in a table of codes entered in 2025) is older text, not a clue.
    let entered = evidence
        .iter()
        .filter(|e| e.source.starts_with("项目编码"))
        .map(|e| e.year)
        .max();
    let years: BTreeSet<u16> = evidence
        .iter()
        .map(|e| e.year)
        .filter(|y| entered.is_none_or(|entered| *y >= entered))
        .collect();
    let (year, basis) = match years.len() {
        0 => (None, YearBasis::Unknown),
        1 => (years.first().copied(), YearBasis::Inferred),
        _ => {
            let clues: Vec<String> = years
                .iter()
                .map(|y| {
                    let sources: Vec<&str> = evidence
                        .iter()
                        .filter(|e| e.year == *y)
                        .map(|e| e.source.as_str())
                        .take(2)
                        .collect();
                    format!("{y}年（{}）", sources.join("；"))
                })
                .collect();
            let line = evidence.first().map_or(1, |e| e.line);
            diagnostics.push(Diagnostic::note(
                line,
                format!("预算年度无法确定，文中线索互相矛盾：{}", clues.join("，")),
            ));
            (None, YearBasis::Conflicting)
        }
    };
    document.fiscal_year = FiscalYear {
        year,
        basis,
        evidence,
    };
}
