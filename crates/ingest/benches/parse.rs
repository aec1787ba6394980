//! Parse throughput on the seeds, on one core: prints MB/s and documents/s.
//! Run: `cargo bench -p jixiao-ingest`.

use std::hint::black_box;
use std::time::{Duration, Instant};

const SEEDS: [&str; 5] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];

fn main() {
    let bytes: usize = SEEDS.iter().map(|s| s.len()).sum();
    for seed in SEEDS {
        black_box(jixiao_ingest::parse_bytes(seed.as_bytes()).ok());
    }
    // Ten one-second batches; the median batch is reported (the machine is shared and noisy).
    let mut rates: Vec<f64> = (0..10)
        .map(|_| {
            let started = Instant::now();
            let mut rounds = 0_u64;
            while started.elapsed() < Duration::from_secs(1) {
                for seed in SEEDS {
                    black_box(jixiao_ingest::parse_bytes(black_box(seed.as_bytes())).ok());
                }
                rounds += 1;
            }
            (bytes as f64 * rounds as f64) / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    let median = rates[rates.len() / 2];
    let documents_per_second = median / (bytes as f64 / SEEDS.len() as f64);
    println!(
        "parse (Tika text, 5 seeds, {bytes} bytes, one core): median {:.1} MB/s (range {:.1}–{:.1}), {:.0} documents/s",
        median / 1e6,
        rates[0] / 1e6,
        rates[rates.len() - 1] / 1e6,
        documents_per_second
    );
}
