//! `jixiao parse FILE… [--json] [--deny error]`: parse only, no database.

use std::io::Write;
use std::path::PathBuf;

use jixiao_model::{Diagnostic, Document};
use serde::Serialize;

use crate::Outcome;
use crate::sources;

#[derive(clap::Args)]
pub struct Args {
    /// 要解析的文件或目录
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 每个文件输出一个 JSON 对象（一行一个）
    #[arg(long)]
    json: bool,
    /// 有文件出现该级别的诊断时以退出码 1 结束
    #[arg(long, value_enum)]
    deny: Option<super::import::Deny>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    source: String,
    #[serde(flatten)]
    document: &'a Document,
    diagnostics: &'a [Diagnostic],
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let files = sources::expand(&args.paths)?;
    let mut stdout = std::io::stdout().lock();
    let mut outcome = Outcome::Success;
    for path in files {
        let source = sources::read(&path);
        let name = path.display().to_string();
        if let Ok(parsed) = &source.parsed
            && args.deny == Some(super::import::Deny::Error)
            && parsed.has_errors()
        {
            outcome = Outcome::DocumentFailed;
        }
        match &source.parsed {
            Ok(parsed) if args.json => {
                let report = JsonReport {
                    source: name,
                    document: &parsed.document,
                    diagnostics: &parsed.diagnostics,
                };
                serde_json::to_writer(&mut stdout, &report)?;
                writeln!(stdout)?;
            }
            Ok(parsed) => {
                crate::render::summary(&mut stdout, &name, &parsed.document)?;
                for diagnostic in &parsed.diagnostics {
                    let line = super::import::diagnostic_line(&name, diagnostic);
                    writeln!(stdout, "  {line}")?;
                }
            }
            Err(message) => {
                eprintln!("{name}: {message}");
                outcome = Outcome::DocumentFailed;
            }
        }
    }
    Ok(outcome)
}
