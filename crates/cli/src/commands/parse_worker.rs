//! `jixiao parse-worker`: parses one uploaded file for `jixiao serve`, in a process of its own
//! whose memory and CPU time are limited, so a hostile file can only end this process: the file
//! on standard input, the answer as JSON on standard output.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;

use rlimit::Resource;

use crate::Outcome;

/// The worker's address space, in MB.
const MEMORY_MB: u64 = 2048;
/// Set in the worker once it runs under its limits.
const LIMITED: &str = "JIXIAO_PARSE_WORKER_LIMITED";
/// CPU seconds; the server's time budget usually ends the worker first.
const CPU_SECONDS: u64 = 60;

pub fn run() -> anyhow::Result<Outcome> {
    if std::env::var_os(LIMITED).is_none() {
        // Limits bind new mappings only, and the allocator has mapped its first arena already:
        // set them, then start this program again under them from its first allocation.
        let memory_mb = std::env::var("JIXIAO_PARSE_MEMORY_MB")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(MEMORY_MB);
        let memory = memory_mb * 1024 * 1024;
        rlimit::setrlimit(Resource::AS, memory, memory)?;
        rlimit::setrlimit(Resource::CPU, CPU_SECONDS, CPU_SECONDS)?;
        let error = std::process::Command::new(std::env::current_exe()?)
            .arg("parse-worker")
            .env(LIMITED, "1")
            .exec();
        return Err(error.into());
    }
    let mut bytes = Vec::new();
    let limit = jixiao_web::UPLOAD_LIMIT as u64 + 1;
    std::io::stdin().take(limit).read_to_end(&mut bytes)?;
    let answer = jixiao_web::parsing::worker_answer(&bytes);
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &answer)?;
    out.flush()?;
    Ok(Outcome::Success)
}
