//! `jixiao import PATH…`: files or directories (recursively) into the database, one
//! transaction per document, with a progress bar on a terminal, each file's warnings (file:line)
//! and a summary.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use jixiao_model::Severity;
use jixiao_store::{ImportInput, ImportOutcome, Store};
use sha2::{Digest, Sha256};

use crate::Outcome;
use crate::sources::{self, Source};

#[derive(clap::Args)]
pub struct Args {
    /// 要导入的文件或目录
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 只显示汇总和失败，不逐条显示文件的警告
    #[arg(long, short)]
    quiet: bool,
}

/// What is said about each file besides failures, which are always said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Every warning, as `file:line: message`.
    Warnings,
    /// The summary only.
    Quiet,
}

/// What an import run did, for the summary line.
#[derive(Default)]
pub struct Summary {
    pub documents: usize,
    pub projects: usize,
    pub indicators: usize,
    pub diagnostics: usize,
    pub new: usize,
    pub unchanged: usize,
    pub replaced: usize,
    pub failed: usize,
}

impl Summary {
    pub fn print(&self) {
        println!(
            "导入完成：{} 个文档，{} 个项目，{} 条指标，{} 条诊断；新增 {}，未变 {}，替换 {}{}",
            self.documents,
            self.projects,
            self.indicators,
            self.diagnostics,
            self.new,
            self.unchanged,
            self.replaced,
            if self.failed > 0 {
                format!("，失败 {}", self.failed)
            } else {
                String::new()
            }
        );
    }
}

pub fn run(database: &str, args: Args) -> anyhow::Result<Outcome> {
    let files = sources::expand(&args.paths)?;
    let summary = super::runtime()?.block_on(async {
        let store = Store::open(database).await?;
        let report = if args.quiet {
            Report::Quiet
        } else {
            Report::Warnings
        };
        let sources = files.into_iter().map(|path| sources::read(&path));
        let summary = import_all(&store, sources, report).await?;
        store.close().await;
        anyhow::Ok(summary)
    })?;
    summary.print();
    Ok(if summary.failed > 0 {
        Outcome::DocumentFailed
    } else {
        Outcome::Success
    })
}

/// Imports each source, reporting failures per file and carrying on.
pub async fn import_all(
    store: &Store,
    sources: impl ExactSizeIterator<Item = Source>,
    report: Report,
) -> anyhow::Result<Summary> {
    let terminal = std::io::stderr().is_terminal();
    let progress = if terminal {
        ProgressBar::new(sources.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    // A hidden bar prints nothing: without a terminal, messages go straight to stderr.
    let say = |line: String| {
        if terminal {
            progress.println(line);
        } else {
            eprintln!("{line}");
        }
    };
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut summary = Summary::default();
    for source in sources {
        let name = source.path.display().to_string();
        progress.set_message(name.clone());
        match &source.parsed {
            Ok(parsed)
                if parsed.document.projects.is_empty()
                    && parsed.document.department_indicators.is_empty() =>
            {
                summary.failed += 1;
                say(format!(
                    "{name}: 没有识别出项目绩效目标表或部门整体绩效指标表，未导入（不是绩效目标文件？）"
                ));
            }
            Ok(parsed) => {
                let digest: String = Sha256::digest(&source.bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                let input = ImportInput {
                    source_name: &name,
                    content_sha256: &digest,
                    document: &parsed.document,
                    diagnostics: &parsed.diagnostics,
                };
                if report == Report::Warnings {
                    let warnings = parsed
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Warning);
                    for warning in warnings {
                        say(format!("{name}:{}: {}", warning.line, warning.message));
                    }
                }
                match store.import(&input).await {
                    Ok(outcome) => {
                        summary.documents += 1;
                        summary.projects += parsed.document.projects.len();
                        summary.indicators += parsed.document.indicator_count();
                        summary.diagnostics += parsed.diagnostics.len();
                        match outcome {
                            ImportOutcome::New(_) => summary.new += 1,
                            ImportOutcome::Unchanged(_) => summary.unchanged += 1,
                            ImportOutcome::Replaced(id) => {
                                summary.replaced += 1;
                                say(format!("{name}: 已替换同一文档的旧版本（文档 {id}）"));
                            }
                        }
                    }
                    Err(error) => {
                        summary.failed += 1;
                        say(format!("{name}: 导入失败，未写入任何内容：{error}"));
                    }
                }
            }
            Err(message) => {
                summary.failed += 1;
                say(format!("{name}: {message}"));
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok(summary)
}
