//! `jixiao show ID|CODE`: one project's target table, rendered for the terminal.

use super::UsageError;
use crate::Outcome;

#[derive(clap::Args)]
pub struct Args {
    /// 项目编号（见 jixiao list）或项目编码
    project: String,
}

pub fn run(database: &str, args: Args) -> anyhow::Result<Outcome> {
    let found = super::runtime()?.block_on(async {
        let store = super::open_existing(database).await?;
        let found = store.project(&args.project).await?;
        store.close().await;
        anyhow::Ok(found)
    })?;
    let Some((summary, project)) = found else {
        return Err(UsageError(format!(
            "没有编号或编码为“{}”的项目（用 jixiao list 查看）",
            args.project
        ))
        .into());
    };
    let unit = summary.unit_name.as_deref().unwrap_or("");
    let year = summary
        .fiscal_year
        .map_or(String::new(), |y| format!("{y}年"));
    println!("{unit} {year}");
    crate::render::project_table(&mut std::io::stdout().lock(), &project)?;
    Ok(Outcome::Success)
}
