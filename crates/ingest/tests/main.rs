//! Ingest tests: the hand-counted figures of every seed, exact sample values, and
//! arbitrary input that must never panic.

mod csv;
mod layouts;
mod office;
mod robustness;
mod seeds;
mod spreadsheets;
mod support;
mod units;

pub const SEEDS: [&str; 5] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];
