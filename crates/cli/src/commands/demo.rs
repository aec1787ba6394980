//! `jixiao demo`.

use crate::Outcome;

pub fn run(_database: &str) -> anyhow::Result<Outcome> {
    Ok(Outcome::Success)
}
