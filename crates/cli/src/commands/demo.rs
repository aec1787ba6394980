//! `jixiao demo`: imports the bundled sample documents (five published disclosures
//! from Hebei counties) into the database and prints the summary.

use std::path::PathBuf;

use jixiao_store::Store;

use crate::Outcome;
use crate::sources::Source;

const SAMPLES: [(&str, &str); 5] = [
    (
        "000_f394b5ba38f6b2c8.txt",
        include_str!("../../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    ),
    (
        "001_916bf9b6168cc2ec.txt",
        include_str!("../../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    ),
    (
        "002_bb86cba2b38667c2.txt",
        include_str!("../../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    ),
    (
        "003_1af782ee1b0594d0.txt",
        include_str!("../../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    ),
    (
        "004_99f67b4a5d9a1ef2.txt",
        include_str!("../../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
    ),
];

pub fn run(database: &str) -> anyhow::Result<Outcome> {
    let sources: Vec<Source> = SAMPLES
        .iter()
        .map(|(name, text)| Source {
            path: PathBuf::from(format!("样例/{name}")),
            bytes: text.as_bytes().to_vec(),
            parsed: jixiao_ingest::parse_bytes(text.as_bytes()).map_err(|e| e.to_string()),
        })
        .collect();
    let (summary, totals) = super::runtime()?.block_on(async {
        let store = Store::open(database).await?;
        let quiet = super::import::Report::Quiet;
        let summary = super::import::import_all(&store, sources.into_iter(), quiet, None).await?;
        summary.print();
        super::import::update_library(&store, &summary).await?;
        let totals = store.totals().await?;
        store.close().await;
        anyhow::Ok((summary, totals))
    })?;
    println!(
        "数据库 {database} 现有 {} 个文档，{} 个项目，{} 条指标。试试：jixiao list，jixiao show 13022923P00JXC414284D，jixiao library search 满意度",
        totals.documents, totals.projects, totals.indicators
    );
    Ok(if summary.failed > 0 {
        Outcome::DocumentFailed
    } else {
        Outcome::Success
    })
}
