//! `jixiao serve`: the web application on the same store.

use std::net::SocketAddr;

use jixiao_store::Store;

use crate::Outcome;

#[derive(clap::Args)]
pub struct Args {
    /// 监听地址
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
}

pub fn run(database: &str, args: Args) -> anyhow::Result<Outcome> {
    super::runtime()?.block_on(async {
        let store = Store::open(database).await?;
        jixiao_web::serve(store, args.bind).await?;
        anyhow::Ok(Outcome::Success)
    })
}
