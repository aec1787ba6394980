//! One module per subcommand.

pub mod demo;
pub mod evaluate;
pub mod export;
pub mod import;
pub mod list;
pub mod monitor;
pub mod parse;
pub mod parse_worker;
pub mod review;
pub mod review_store;
pub mod rules;
pub mod serve;
pub mod show;
mod tracking;
pub mod user;

/// A usage error: bad arguments the parser could not catch (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn exit_code(error: &anyhow::Error) -> u8 {
    if error.chain().any(|cause| cause.is::<UsageError>()) {
        2
    } else {
        1
    }
}

/// Opens the store named by `url`, on a runtime of its own.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}
