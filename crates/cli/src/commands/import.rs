//! `jixiao import PATH…`: files or directories (recursively) into the database, in transactions
//! of many documents where each stays all or nothing, with a progress bar on a terminal, each file's errors and warnings
//! (`file:line: 错误：…`) and a summary. A file with no target table at all is never stored; with
//! `--deny error`, neither is a file with any error-level diagnostic.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use jixiao_model::{Diagnostic, Severity};
use jixiao_store::{ImportInput, ImportOutcome, Store};
use sha2::{Digest, Sha256};

use crate::Outcome;
use crate::sources::{self, Source};

/// `--deny error`: a file with an error-level diagnostic fails (exit 1) and is not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    Error,
}

#[derive(clap::Args)]
pub struct Args {
    /// 要导入的文件或目录
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 只显示汇总和失败，不逐条显示文件的错误和警告
    #[arg(long, short)]
    quiet: bool,
    /// 文件有该级别的诊断时不导入，并以退出码 1 结束
    #[arg(long, value_enum)]
    deny: Option<Deny>,
}

/// What is said about each file besides failures, which are always said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Every error and warning, as `file:line: 错误：message` / `file:line: 警告：message`.
    Warnings,
    /// The summary only.
    Quiet,
}

/// One diagnostic as the terminal shows it: `file:line: 错误：message`.
pub fn diagnostic_line(name: &str, diagnostic: &Diagnostic) -> String {
    format!(
        "{name}:{}: {}：{}",
        diagnostic.line,
        diagnostic.severity.label(),
        diagnostic.message
    )
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
        let summary = import_all(&store, sources, report, args.deny).await?;
        summary.print();
        update_library(&store, &summary).await?;
        store.close().await;
        anyhow::Ok(summary)
    })?;
    Ok(if summary.failed > 0 {
        Outcome::DocumentFailed
    } else {
        Outcome::Success
    })
}

/// Builds the indicator library again when the import stored anything.
pub async fn update_library(store: &Store, summary: &Summary) -> anyhow::Result<()> {
    if summary.new + summary.replaced > 0 {
        let build = jixiao_web::library::build(store, |_| {}).await?;
        println!(
            "指标库已更新：{} 条（据 {} 份公开文件的 {} 行指标）",
            build.entries, build.documents, build.rows
        );
    }
    Ok(())
}

/// Imports each source, reporting failures per file and carrying on.
pub async fn import_all(
    store: &Store,
    sources: impl ExactSizeIterator<Item = Source>,
    report: Report,
    deny: Option<Deny>,
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
    let mut pending: Vec<Accepted> = Vec::new();
    for source in sources {
        let name = source.path.display().to_string();
        progress.set_message(name.clone());
        match source.parsed {
            Ok(parsed) if parsed.no_target_table().is_some() => {
                summary.failed += 1;
                for error in parsed.diagnostics.iter().filter(|d| d.is_error()) {
                    say(diagnostic_line(&name, error));
                }
                say(format!("{name}: 未导入"));
            }
            Ok(parsed) if deny == Some(Deny::Error) && parsed.has_errors() => {
                summary.failed += 1;
                // The errors are why it failed: said even with --quiet, its warnings only without.
                let said = parsed.diagnostics.iter().filter(|d| {
                    d.is_error() || (report == Report::Warnings && d.severity == Severity::Warning)
                });
                for diagnostic in said {
                    say(diagnostic_line(&name, diagnostic));
                }
                let errors = parsed.diagnostics.iter().filter(|d| d.is_error()).count();
                say(format!(
                    "{name}: 有 {errors} 条错误，按 --deny error 未导入"
                ));
            }
            Ok(parsed) => {
                if report == Report::Warnings {
                    let said = parsed
                        .diagnostics
                        .iter()
                        .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning));
                    for diagnostic in said {
                        say(diagnostic_line(&name, diagnostic));
                    }
                }
                let digest = Sha256::digest(&source.bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                pending.push(Accepted {
                    name,
                    digest,
                    parsed,
                });
                if pending.len() == BATCH {
                    store_batch(store, &mut pending, &mut summary, &say).await;
                    progress.inc(BATCH as u64);
                }
                continue;
            }
            Err(message) => {
                summary.failed += 1;
                say(format!("{name}: {message}"));
            }
        }
        progress.inc(1);
    }
    store_batch(store, &mut pending, &mut summary, &say).await;
    progress.finish_and_clear();
    Ok(summary)
}

/// Documents per transaction: each stays all or nothing, and a batch is written a table at a time.
const BATCH: usize = 64;

/// A file read and ready to store.
struct Accepted {
    name: String,
    digest: String,
    parsed: jixiao_ingest::Parsed,
}

/// Stores the pending documents in one transaction and says how each went; empties `pending`.
async fn store_batch(
    store: &Store,
    pending: &mut Vec<Accepted>,
    summary: &mut Summary,
    say: &impl Fn(String),
) {
    if pending.is_empty() {
        return;
    }
    let inputs: Vec<ImportInput> = pending
        .iter()
        .map(|a| ImportInput {
            source_name: &a.name,
            content_sha256: &a.digest,
            document: &a.parsed.document,
            diagnostics: &a.parsed.diagnostics,
        })
        .collect();
    let outcomes: Vec<Result<ImportOutcome, String>> = match store.import_batch(&inputs).await {
        Ok(outcomes) => outcomes
            .into_iter()
            .map(|o| o.map_err(|e| e.to_string()))
            .collect(),
        Err(error) => inputs.iter().map(|_| Err(error.to_string())).collect(),
    };
    for (accepted, outcome) in pending.iter().zip(outcomes) {
        let name = &accepted.name;
        match outcome {
            Ok(outcome) => {
                summary.documents += 1;
                summary.projects += accepted.parsed.document.projects.len();
                summary.indicators += accepted.parsed.document.indicator_count();
                summary.diagnostics += accepted.parsed.diagnostics.len();
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
    pending.clear();
}
