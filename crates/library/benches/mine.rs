//! Mining a national year: the seeds' indicator rows replicated under distinct units, counties
//! and years with perturbed names and values, to `JIXIAO_LIBRARY_ROWS` rows (1,000,000 by
//! default). Prints the time, the rate, the entries and the peak memory.

use std::time::Instant;

use jixiao_library::{Miner, Place, Row};
use jixiao_model::{Indicator, TargetValue};
use rust_decimal::Decimal;

fn main() {
    let wanted: usize = std::env::var("JIXIAO_LIBRARY_ROWS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut projects: Vec<(String, Vec<Indicator>)> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&seeds)
        .expect("the seeds folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a seed");
        let parsed = jixiao_ingest::parse_tika_text(&text);
        for project in parsed.document.projects {
            projects.push((project.name, project.indicators));
        }
    }
    let per_copy: usize = projects.iter().map(|(_, i)| i.len()).sum();
    println!(
        "seeds: {} projects, {per_copy} indicator rows per copy",
        projects.len()
    );

    let started = Instant::now();
    let mut miner = Miner::default();
    let mut rows = 0;
    let mut copy = 0usize;
    'copies: loop {
        for (p, (name, indicators)) in projects.iter().enumerate() {
            let unit = format!("测试{}县第{}单位", copy % 2_000, copy);
            let place = Place::new(
                copy as i64,
                Some((copy * 1_000 + p) as i64),
                name,
                None,
                &unit,
                Some(2030 + (copy % 5) as u16),
            );
            for (i, indicator) in indicators.iter().enumerate() {
                let perturbed = perturb(indicator, copy, i);
                miner.add(Row {
                    indicator: &perturbed,
                    place: &place,
                    findings: if (copy + i).is_multiple_of(9) {
                        &["unit-mismatch"]
                    } else {
                        &[]
                    },
                });
                rows += 1;
                if rows == wanted {
                    break 'copies;
                }
            }
        }
        copy += 1;
    }
    let gathered = started.elapsed();
    let library = miner.finish();
    let total = started.elapsed();
    println!(
        "mined {rows} rows in {:.2} s ({:.0} rows/s; gathering {:.2} s, joining {:.2} s) into {} entries, {} nameless rows",
        total.as_secs_f64(),
        rows as f64 / total.as_secs_f64(),
        gathered.as_secs_f64(),
        (total - gathered).as_secs_f64(),
        library.entries.len(),
        library.nameless,
    );
    println!("peak memory: {}", peak_memory());
}

/// A row as another unit writes it: a year or a unit in brackets before or after the name now
/// and then (normalised away), a distinct name for a share of copies, and the number moved.
fn perturb(indicator: &Indicator, copy: usize, row: usize) -> Indicator {
    let mut perturbed = indicator.clone();
    perturbed.name = match (copy + row) % 10 {
        0 => format!("2034年{}", indicator.name),
        1 => format!("{}（个）", indicator.name),
        2 => format!(" {} ", indicator.name),
        3 => format!("{}{}", indicator.name, copy % 50),
        _ => indicator.name.clone(),
    };
    if let Some(number) = indicator.target.number {
        let moved = number * (Decimal::ONE + Decimal::new((copy % 7) as i64, 2));
        let raw = format!(
            "{}{}{}",
            indicator.target.comparator.map_or("", |c| c.symbol()),
            moved.round_dp(2).normalize(),
            indicator.target.unit.as_deref().unwrap_or("")
        );
        perturbed.target = TargetValue::parse(&raw);
    }
    perturbed
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
