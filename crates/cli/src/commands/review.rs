//! `jixiao review [FILE…]`: the review engine on files (no database) or on every stored document.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use jixiao_model::Document;
use jixiao_review::{Report, Severity, review};

use crate::Outcome;
use crate::sources;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Html,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Deny {
    Error,
    Warning,
}

#[derive(clap::Args)]
pub struct Args {
    /// 要审核的文件或目录；不给则审核数据库中的全部文档
    paths: Vec<PathBuf>,
    /// 审核数据库中的文档时，把本次结果保存为一次审核记录
    #[arg(long)]
    save: bool,
    /// 输出格式
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// 写入文件而不是标准输出
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// 存在该级别（或更严重）的问题时以退出码 1 结束
    #[arg(long, value_enum)]
    deny: Option<Deny>,
}

/// One reviewed document, named for the report.
pub struct Reviewed {
    pub source: String,
    pub document: Document,
    pub report: Report,
}

pub fn run(database: &str, args: Args) -> anyhow::Result<Outcome> {
    let mut reviewed = Vec::new();
    let mut failed = false;
    if args.paths.is_empty() {
        reviewed = super::runtime()?.block_on(crate::commands::review_store::review_all(
            database, args.save,
        ))?;
    } else {
        for path in sources::expand(&args.paths)? {
            let source = sources::read(&path);
            match source.parsed {
                Ok(parsed) => {
                    let report = review(&parsed.document);
                    reviewed.push(Reviewed {
                        source: path.display().to_string(),
                        document: parsed.document,
                        report,
                    });
                }
                Err(message) => {
                    eprintln!("{}: {message}", path.display());
                    failed = true;
                }
            }
        }
    }
    let rendered = match args.format {
        Format::Text => crate::report::text(
            &reviewed,
            args.output.is_none() && std::io::stdout().is_terminal(),
        ),
        Format::Json => crate::report::json(&reviewed)?,
        Format::Html => crate::report::html(&reviewed),
    };
    match &args.output {
        Some(path) => std::fs::write(path, rendered)
            .map_err(|e| super::UsageError(format!("无法写入 {}：{e}", path.display())))?,
        None => std::io::stdout().lock().write_all(rendered.as_bytes())?,
    }
    let worst = reviewed
        .iter()
        .flat_map(|r| &r.report.findings)
        .map(|f| f.severity)
        .min();
    let denied = matches!(
        (args.deny, worst),
        (Some(Deny::Error), Some(Severity::Error))
            | (
                Some(Deny::Warning),
                Some(Severity::Error | Severity::Warning)
            )
    );
    Ok(if failed || denied {
        Outcome::DocumentFailed
    } else {
        Outcome::Success
    })
}
