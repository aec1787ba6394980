//! `jixiao library`: build the indicator library (指标库) from the published tables, or search it.

use std::io::IsTerminal;

use jixiao_web::library::{self, Catalogue, Query};

use crate::Outcome;

#[derive(clap::Subcommand)]
pub enum Action {
    /// 按数据库中全部公开的绩效目标表重新生成指标库
    Build,
    /// 在指标库中按名称查找（先运行 jixiao library build）
    Search {
        /// 三级指标名称中的词
        words: Vec<String>,
        /// 最多显示的条数
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

pub fn run(database: &str, action: Action) -> anyhow::Result<Outcome> {
    super::runtime()?.block_on(async {
        let store = super::open_existing(database).await?;
        match action {
            Action::Build => {
                let terminal = std::io::stderr().is_terminal();
                let build = library::build(&store, |documents| {
                    if terminal {
                        eprint!("\r已读 {documents} 份文件");
                    }
                })
                .await?;
                if terminal {
                    eprintln!();
                }
                println!(
                    "指标库已生成：{} 条，据 {} 份公开文件的 {} 行指标（{} 行没有名称，未计入）",
                    build.entries, build.documents, build.rows, build.nameless
                );
            }
            Action::Search { words, limit } => {
                let Some(build) = store.library_build().await? else {
                    anyhow::bail!("指标库尚未生成：请先运行 jixiao library build");
                };
                let mut summaries = Vec::new();
                for text in store.library_summaries().await? {
                    summaries.push(serde_json::from_str(&text)?);
                }
                let notes = library::curation(&store).await?.notes;
                let catalogue = Catalogue::new(Some(build), summaries, notes);
                let found = catalogue.search(&Query {
                    words: words.join(" "),
                    ..Query::default()
                });
                println!("共 {} 条", found.len());
                for s in found.into_iter().take(limit) {
                    println!(
                        "{}  {}  {}  {}  {} 份文件 {} 行",
                        s.id,
                        s.name,
                        s.level2.map_or("未识别", |l| l.canonical_name()),
                        s.typical(),
                        s.documents,
                        s.rows
                    );
                }
            }
        }
        store.close().await;
        anyhow::Ok(Outcome::Success)
    })
}
