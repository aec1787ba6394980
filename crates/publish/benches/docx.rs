//! .docx export and import throughput (documents/s, MB/s), compared in the same run with a
//! python-docx script that only reads every table cell of the same files.
//! Run: `cargo bench -p jixiao-publish` (the comparison needs `pip install python-docx`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use jixiao_ingest::{parse_bytes, parse_tika_text};

const SEEDS: [&str; 5] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];

/// Runs `work` over the corpus for about `seconds`; returns passes per second.
fn rate(seconds: u64, mut work: impl FnMut()) -> f64 {
    work();
    let started = Instant::now();
    let mut passes = 0_u32;
    while started.elapsed() < Duration::from_secs(seconds) {
        work();
        passes += 1;
    }
    f64::from(passes) / started.elapsed().as_secs_f64()
}

fn main() {
    let documents: Vec<_> = SEEDS.iter().map(|s| parse_tika_text(s).document).collect();
    let files: Vec<Vec<u8>> = documents
        .iter()
        .map(|d| jixiao_publish::to_docx(d).expect("docx"))
        .collect();
    let bytes: usize = files.iter().map(Vec::len).sum();
    let count = files.len() as f64;

    let export = rate(3, || {
        for document in &documents {
            black_box(jixiao_publish::to_docx(document).expect("docx"));
        }
    });
    println!(
        "docx export: {:.0} documents/s, {:.1} MB/s of .docx written",
        export * count,
        export * bytes as f64 / 1e6
    );

    let import = rate(3, || {
        for file in &files {
            black_box(parse_bytes(file).expect("docx read"));
        }
    });
    println!(
        "docx import (full recognition): {:.0} documents/s, {:.1} MB/s of .docx read",
        import * count,
        import * bytes as f64 / 1e6
    );

    let dir = std::env::temp_dir().join(format!("jixiao-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let paths: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let path = dir.join(format!("seed{i}.docx"));
            std::fs::write(&path, file).expect("write");
            path.display().to_string()
        })
        .collect();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/python_docx_baseline.py"
    );
    let rounds = 20;
    let output = std::process::Command::new("python3")
        .arg(script)
        .arg(rounds.to_string())
        .args(&paths)
        .output();
    match output {
        Ok(output) if output.status.success() => {
            let seconds: f64 = String::from_utf8_lossy(&output.stdout)
                .trim()
                .parse()
                .unwrap_or(f64::NAN);
            let python = f64::from(rounds) / seconds;
            println!(
                "python-docx, reading table cells only: {:.0} documents/s, {:.1} MB/s; jixiao's full import is {:.1}× faster",
                python * count,
                python * bytes as f64 / 1e6,
                import / python
            );
        }
        _ => {
            println!("python-docx comparison skipped: run `pip install python-docx` to include it")
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
