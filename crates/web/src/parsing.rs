//! Parsing an uploaded file without putting the server at risk: in a worker process with its
//! own memory limit (what `jixiao serve` uses), or on a blocking thread of this process (tests,
//! embedding). Either way within a time budget, so one file can never stop the server.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use jixiao_ingest::Parsed;
use jixiao_model::{Diagnostic, Document};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::OwnedSemaphorePermit;

/// How long one file may take to parse before the upload is refused.
pub const PARSE_BUDGET: Duration = Duration::from_secs(30);

pub enum Parser {
    /// On a blocking thread of this process.
    InProcess,
    /// `program args…` reads the file on its standard input and writes a [`WorkerAnswer`] as
    /// JSON on its standard output (`jixiao parse-worker`, which limits its own memory).
    Worker { program: PathBuf, args: Vec<String> },
}

/// What a parse worker answers.
#[derive(Debug, Serialize, Deserialize)]
pub enum WorkerAnswer {
    Parsed {
        document: Box<Document>,
        diagnostics: Vec<Diagnostic>,
    },
    /// The file is not readable; the message says why, in Chinese.
    Refused(String),
}

/// The worker's side: parses `bytes` as an upload would be.
pub fn worker_answer(bytes: &[u8]) -> WorkerAnswer {
    match jixiao_convert::parse(bytes) {
        Ok(parsed) => WorkerAnswer::Parsed {
            document: Box::new(parsed.document),
            diagnostics: parsed.diagnostics,
        },
        Err(why) => WorkerAnswer::Refused(why),
    }
}

impl Parser {
    /// Parses a file within `budget`; the upload's slot is held until the parse really ends (a
    /// worker is killed at the budget; a thread finishes on its own), so parses cannot pile up
    /// beyond the slots. The error is the reason, in Chinese, without the file's name.
    pub async fn parse(
        &self,
        bytes: Vec<u8>,
        slot: OwnedSemaphorePermit,
        budget: Duration,
    ) -> Result<Parsed, String> {
        let late = || {
            format!(
                "{} 秒内未能解析完，文件过大或结构异常，未上传",
                budget.as_secs().max(1)
            )
        };
        match self {
            Parser::InProcess => {
                let parsing = tokio::task::spawn_blocking(move || {
                    let parsed = jixiao_convert::parse(&bytes);
                    drop(slot);
                    parsed
                });
                match tokio::time::timeout(budget, parsing).await {
                    Ok(Ok(parsed)) => parsed,
                    Ok(Err(_)) => Err(CRASHED.into()),
                    Err(_) => Err(late()),
                }
            }
            Parser::Worker { program, args } => {
                let answer = tokio::time::timeout(budget, in_worker(program, args, &bytes)).await;
                drop(slot);
                match answer {
                    Ok(Ok(WorkerAnswer::Parsed {
                        document,
                        diagnostics,
                    })) => Ok(Parsed {
                        document: *document,
                        diagnostics,
                    }),
                    Ok(Ok(WorkerAnswer::Refused(message))) => Err(message),
                    Ok(Err(why)) => Err(why),
                    Err(_) => Err(late()),
                }
            }
        }
    }
}

const CRASHED: &str = "文件无法解析：解析超出内存限制或异常终止，未上传";

/// Runs one worker; dropped (at the budget), the child is killed.
async fn in_worker(
    program: &PathBuf,
    args: &[String],
    bytes: &[u8],
) -> Result<WorkerAnswer, String> {
    let unavailable = |e: std::io::Error| {
        eprintln!("无法启动解析进程 {}：{e}", program.display());
        "服务器暂时无法解析文件，请稍后重试".to_string()
    };
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(unavailable)?;
    let mut stdin = child.stdin.take().ok_or(CRASHED)?;
    let mut stdout = child.stdout.take().ok_or(CRASHED)?;
    // The worker may stop reading (it died); its answer, or its death, says what happened.
    let feeding = async move {
        let _ = stdin.write_all(bytes).await;
        drop(stdin);
    };
    let mut answer = Vec::new();
    let (_, read) = tokio::join!(feeding, stdout.read_to_end(&mut answer));
    let status = child.wait().await.map_err(unavailable)?;
    if read.is_err() || !status.success() {
        return Err(CRASHED.into());
    }
    serde_json::from_slice(&answer).map_err(|_| CRASHED.into())
}
