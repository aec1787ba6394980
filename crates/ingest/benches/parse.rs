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
    let started = Instant::now();
    let mut rounds = 0_u64;
    while started.elapsed() < Duration::from_secs(3) {
        for seed in SEEDS {
            black_box(jixiao_ingest::parse_bytes(black_box(seed.as_bytes())).ok());
        }
        rounds += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = (bytes as f64 * rounds as f64) / 1e6;
    println!(
        "parse (Tika text, 5 seeds, {} bytes): {:.1} MB/s, {:.0} documents/s over {rounds} rounds",
        bytes,
        megabytes / seconds,
        (rounds * SEEDS.len() as u64) as f64 / seconds
    );
}
