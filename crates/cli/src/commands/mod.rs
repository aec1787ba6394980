//! One module per subcommand.

pub mod demo;
pub mod evaluate;
pub mod export;
pub mod import;
pub mod library;
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
    let usage = error.chain().any(|cause| {
        cause.is::<UsageError>()
            || matches!(
                cause.downcast_ref::<jixiao_store::StoreError>(),
                Some(jixiao_store::StoreError::UnsupportedUrl(_))
            )
    });
    if usage { 2 } else { 1 }
}

/// Opens the store a reading command works on: a SQLite file that does not exist is a typo to
/// say, not an empty database to create.
pub async fn open_existing(database: &str) -> anyhow::Result<jixiao_store::Store> {
    if let Some(path) = database
        .strip_prefix("sqlite://")
        .or_else(|| database.strip_prefix("sqlite:"))
        .map(|p| p.split('?').next().unwrap_or(p))
        .filter(|p| !p.is_empty() && !p.starts_with(":memory:"))
        && !std::path::Path::new(path).exists()
    {
        return Err(UsageError(format!(
            "数据库文件“{path}”不存在：查询类命令不会新建数据库（请检查路径，或先用 jixiao import / jixiao demo 导入）"
        ))
        .into());
    }
    Ok(jixiao_store::Store::open(database).await?)
}

/// Opens the store named by `url`, on a runtime of its own.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}
