//! The labelled corpus read in every format: the figures and values written down beforehand
//! (`tests/data/corpus/*.expected.json`) against what jixiao reads, value by value. What is
//! still read wrong is printed; the floors below are where the readers stand, so a change that
//! loses values fails here (the bench `corpus` prints the same figures).

mod corpus;

/// Each document in each format reads at least this share of its values right.
const FLOOR_PER_DOCUMENT: f64 = 0.85;
/// And all documents of a format together at least this share.
const FLOOR_PER_FORMAT: f64 = 0.97;

#[test]
fn every_corpus_document_reads_its_figures_and_values() {
    let cases = corpus::cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut by_format: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut below = Vec::new();
    for case in &cases {
        let bytes = std::fs::read(&case.path).expect("a corpus file");
        let parsed = jixiao_convert::parse(&bytes)
            .unwrap_or_else(|why| panic!("{}.{}: {why}", case.name, case.format));
        let score = corpus::score(&case.expected, &parsed.document);
        for miss in &score.misses {
            println!("{}.{}: {miss}", case.name, case.format);
        }
        if score.share() < FLOOR_PER_DOCUMENT {
            below.push(format!(
                "{}.{}: {}/{} {:#?}",
                case.name, case.format, score.right, score.checked, score.misses
            ));
        }
        let total = by_format.entry(case.format.clone()).or_default();
        total.0 += score.right;
        total.1 += score.checked;
    }
    assert!(
        below.is_empty(),
        "documents below the floor:\n{}",
        below.join("\n")
    );
    for (format, (right, checked)) in by_format {
        let share = right as f64 / checked as f64;
        assert!(
            share >= FLOOR_PER_FORMAT,
            "{format}: {right}/{checked} values right ({:.1}%)",
            share * 100.0
        );
    }
}
