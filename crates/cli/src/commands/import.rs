//! `jixiao import`.

use crate::Outcome;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_database: &str, _args: Args) -> anyhow::Result<Outcome> {
    Ok(Outcome::Success)
}
