//! Review throughput on a corpus made by replicating the seeds to over 100,000 projects.
//! Prints projects/s for the per-project rules on one core, the whole review, and the time of
//! the cross-project rule (copied rows) on one unit of growing size, to show it stays linear.
//! Run: `cargo bench -p jixiao-review`.

use std::hint::black_box;
use std::time::Instant;

use jixiao_ingest::parse_tika_text;
use jixiao_model::Document;
use jixiao_review::{Context, RULES, review, rule};

const SEEDS: [&str; 5] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];

fn main() {
    let seeds: Vec<Document> = SEEDS.iter().map(|s| parse_tika_text(s).document).collect();
    let per_copy: usize = seeds.iter().map(|d| d.projects.len()).sum();
    let copies = 100_000 / per_copy + 1;
    let corpus: Vec<Document> = (0..copies).flat_map(|_| seeds.iter().cloned()).collect();
    let projects: usize = corpus.iter().map(|d| d.projects.len()).sum();

    let per_project: Vec<_> = RULES.iter().filter(|r| r.code() != "copied-rows").collect();
    // Five passes over the corpus; the median pass is reported.
    let mut passes: Vec<f64> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let mut findings = Vec::new();
            for document in &corpus {
                let context = Context::new(document);
                for rule in &per_project {
                    rule.check(&context, &mut findings);
                }
                black_box(&findings);
                findings.clear();
            }
            started.elapsed().as_secs_f64()
        })
        .collect();
    passes.sort_by(f64::total_cmp);
    let seconds = passes[2];
    println!(
        "per-project rules ({} rules): {projects} projects, median pass {seconds:.3} s = {:.0} projects/s (one core; passes {:.3}–{:.3} s)",
        per_project.len(),
        projects as f64 / seconds,
        passes[0],
        passes[4]
    );

    let started = Instant::now();
    let mut total = 0;
    for document in &corpus {
        total += black_box(review(document)).findings.len();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "whole review with scores: {projects} projects, {total} findings in {seconds:.3} s = {:.0} projects/s",
        projects as f64 / seconds
    );

    let copied = rule("copied-rows").expect("registered");
    for size in [12_500, 25_000, 50_000, 100_000] {
        let mut unit = Document::default();
        while unit.projects.len() < size {
            for seed in &seeds {
                unit.projects.extend(seed.projects.iter().cloned());
            }
        }
        unit.projects.truncate(size);
        let context = Context::new(&unit);
        let started = Instant::now();
        let mut findings = Vec::new();
        copied.check(&context, &mut findings);
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "copied-rows on one unit of {size} projects: {seconds:.3} s ({:.2} µs/project, {} findings)",
            seconds * 1e6 / size as f64,
            findings.len()
        );
    }
}
