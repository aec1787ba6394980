//! `jixiao serve`: the web application on the same store.

use std::net::SocketAddr;

use jixiao_store::Store;
use jixiao_web::parsing::Parser;

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
        // Uploads are parsed by this same binary, in a process of its own (`parse-worker`).
        let parser = Parser::Worker {
            program: std::env::current_exe()?,
            args: vec!["parse-worker".into()],
        };
        jixiao_web::serve(store, args.bind, parser).await?;
        anyhow::Ok(Outcome::Success)
    })
}
