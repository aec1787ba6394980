//! Round trips: every seed parsed, written as .docx (and .xlsx), read back to an equal model.
//! Equal means every value a reader sees; source positions and the raw text of amounts (a table
//! cell instead of the sentence it was first read from) are the only things allowed to differ.

use jixiao_ingest::{parse_bytes, parse_tika_text};
use jixiao_model::{Document, Span};

const SEEDS: [(&str, &str); 5] = [
    (
        "000",
        include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    ),
    (
        "001",
        include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    ),
    (
        "002",
        include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    ),
    (
        "003",
        include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    ),
    (
        "004",
        include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
    ),
];

/// The document without source positions and written forms of amounts.
pub fn comparable(document: &Document) -> Document {
    let mut document = document.clone();
    let zero = Span::default();
    for evidence in &mut document.fiscal_year.evidence {
        evidence.line = 0;
    }
    document
        .fiscal_year
        .evidence
        .sort_by(|a, b| (a.year, &a.source).cmp(&(b.year, &b.source)));
    document.unit.basis.clear();
    let goals = &mut document.goals;
    for item in goals
        .overall
        .iter_mut()
        .chain(&mut goals.itemised)
        .chain(&mut goals.safeguards)
    {
        item.span = zero;
    }
    for indicator in &mut document.department_indicators {
        indicator.span = zero;
    }
    for section in &mut document.raw_sections {
        section.span = zero;
    }
    for project in &mut document.projects {
        project.span = zero;
        project.budget.total_raw = None;
        project.budget.fiscal_raw = None;
        project.budget.other_raw = None;
        for goal in &mut project.goals {
            goal.span = zero;
        }
        for indicator in &mut project.indicators {
            indicator.span = zero;
        }
        for blank in &mut project.blank_rows {
            blank.span = zero;
        }
    }
    document
}

/// Writes every seed with `write`, reads it back, and compares; on a difference, shows where.
fn round_trip(format: &str, write: fn(&Document) -> Result<Vec<u8>, jixiao_publish::PublishError>) {
    for (name, text) in SEEDS {
        let original = parse_tika_text(text).document;
        let bytes =
            write(&original).unwrap_or_else(|e| panic!("{name}: {format} not written: {e}"));
        let back =
            parse_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {format} not readable: {e}"));
        let (want, got) = (comparable(&original), comparable(&back.document));
        if want != got {
            let (want, got) = (format!("{want:#?}"), format!("{got:#?}"));
            let first = want
                .lines()
                .zip(got.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            let context: Vec<String> = want
                .lines()
                .zip(got.lines())
                .skip(first.saturating_sub(8))
                .take(16)
                .map(|(x, y)| format!("{x}  ||  {y}"))
                .collect();
            panic!(
                "{name}: {format} round trip differs at line {first}:\n{}\ndiagnostics: {:#?}",
                context.join("\n"),
                back.diagnostics
            );
        }
    }
}

#[test]
fn every_seed_round_trips_through_docx() {
    round_trip("docx", jixiao_publish::to_docx);
}

#[test]
fn every_seed_round_trips_through_xlsx() {
    round_trip("xlsx", jixiao_publish::to_xlsx);
}
