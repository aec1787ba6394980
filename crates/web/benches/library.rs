//! The editor's suggestions at national scale: the seeds' rows replicated to
//! `JIXIAO_LIBRARY_ROWS` rows (1,000,000 by default) under distinct units and counties, with
//! names prefixed by one of forty places so that there are tens of thousands of concepts; then
//! the in-memory catalogue the suggestion endpoint searches, timed over 2,000 typed prefixes
//! (p50, p99, max), and the unusual-value check over every seed project. HTTP is not included.

use std::time::{Duration, Instant};

use jixiao_library::{Miner, Place, Row};
use jixiao_web::library::{Catalogue, Query};

const PLACES: [&str; 40] = [
    "乡镇",
    "村级",
    "学校",
    "社区",
    "县直",
    "城区",
    "农村",
    "街道",
    "园区",
    "景区",
    "医院",
    "站所",
    "林场",
    "水库",
    "河道",
    "道路",
    "桥梁",
    "广场",
    "公园",
    "小区",
    "企业",
    "合作社",
    "家庭",
    "农户",
    "学生",
    "教师",
    "老人",
    "儿童",
    "妇女",
    "残疾人",
    "退役军人",
    "困难群众",
    "脱贫户",
    "职工",
    "青年",
    "志愿者",
    "网格",
    "窗口",
    "平台",
    "基地",
];

fn main() {
    let wanted: usize = std::env::var("JIXIAO_LIBRARY_ROWS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&seeds)
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let projects: Vec<jixiao_model::Project> = paths
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).expect("seed");
            jixiao_ingest::parse_tika_text(&text).document.projects
        })
        .collect();

    let started = Instant::now();
    let mut miner = Miner::default();
    let (mut rows, mut copy) = (0, 0usize);
    'copies: loop {
        for (p, project) in projects.iter().enumerate() {
            let unit = format!("测试{}县第{}单位", copy % 2_000, copy);
            let place = Place::new(
                copy as i64,
                Some((copy * 1_000 + p) as i64),
                &project.name,
                None,
                &unit,
                Some(2030),
            );
            for indicator in &project.indicators {
                let mut renamed = indicator.clone();
                renamed.name = format!("{}{}", PLACES[(copy + p) % PLACES.len()], indicator.name);
                miner.add(Row {
                    indicator: &renamed,
                    place: &place,
                    findings: &[],
                });
                rows += 1;
                if rows == wanted {
                    break 'copies;
                }
            }
        }
        copy += 1;
    }
    let library = miner.finish();
    let mined = started.elapsed();
    let summaries: Vec<_> = library.entries.iter().map(|e| e.summary()).collect();
    let started = Instant::now();
    let catalogue = Catalogue::new(None, summaries, Default::default());
    let loaded = started.elapsed();
    println!(
        "{rows} rows mined in {:.1} s into {} entries; catalogue made in {:.2} s",
        mined.as_secs_f64(),
        catalogue.summaries.len(),
        loaded.as_secs_f64()
    );

    let mut timings: Vec<Duration> = Vec::new();
    for n in 0..2_000 {
        let name = &catalogue.summaries[(n * 7919) % catalogue.summaries.len()].name;
        let typed: String = name.chars().take(2 + n % 3).collect();
        let query = Query {
            words: typed,
            ..Query::default()
        };
        let started = Instant::now();
        let found = catalogue.search(&query).into_iter().take(8).count();
        timings.push(started.elapsed());
        assert!(found > 0, "a prefix of an entry's name finds it");
    }
    timings.sort();
    let at = |share: usize| timings[(timings.len() * share).div_ceil(100) - 1];
    println!(
        "suggestions over 2,000 typed prefixes: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(50).as_secs_f64() * 1e3,
        at(99).as_secs_f64() * 1e3,
        timings[timings.len() - 1].as_secs_f64() * 1e3
    );
    let started = Instant::now();
    let noted: usize = projects
        .iter()
        .map(|p| catalogue.unusual_values(p).len())
        .sum();
    println!(
        "unusual-value check of {} projects: {:.2} ms in all ({noted} notes)",
        projects.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
}
