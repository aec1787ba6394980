//! What share of the labelled corpus's values each format reads right, document by document.
//! `cargo bench -p jixiao-convert --bench corpus` (needs poppler-utils for the PDFs).

#[path = "../tests/corpus/mod.rs"]
mod corpus;

fn main() {
    let mut by_format: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    println!(
        "{:<48} {:<5} {:>6} {:>6} {:>7}",
        "document", "form", "right", "values", "share"
    );
    for case in corpus::cases() {
        let bytes = std::fs::read(&case.path).expect("a corpus file");
        let score = match jixiao_convert::parse(&bytes) {
            Ok(parsed) => corpus::score(&case.expected, &parsed.document),
            Err(why) => {
                println!("{:<48} {:<5} refused: {why}", case.name, case.format);
                continue;
            }
        };
        let total = by_format.entry(case.format.clone()).or_default();
        total.0 += score.right;
        total.1 += score.checked;
        println!(
            "{:<48} {:<5} {:>6} {:>6} {:>6.1}%",
            case.name,
            case.format,
            score.right,
            score.checked,
            score.share() * 100.0
        );
        if std::env::var_os("JIXIAO_CORPUS_MISSES").is_some() {
            for miss in &score.misses {
                println!("    {miss}");
            }
        }
    }
    for (format, (right, checked)) in by_format {
        println!(
            "all {format}: {right}/{checked} values right ({:.1}%)",
            right as f64 * 100.0 / checked.max(1) as f64
        );
    }
}
