//! `jixiao show ID|CODE`: one project's target table, rendered for the terminal.

use super::UsageError;
use crate::Outcome;

#[derive(clap::Args)]
pub struct Args {
    /// 项目编号（见 jixiao list）或项目编码
    project: String,
    /// 项目编码在几个年度的文件中都有时，指定预算年度
    #[arg(long)]
    year: Option<u16>,
}

pub fn run(database: &str, args: Args) -> anyhow::Result<Outcome> {
    let found = super::runtime()?.block_on(async {
        let store = super::open_existing(database).await?;
        // A 项目编码 a continuing project keeps over years names one project per year.
        let by_code: Vec<_> = store
            .projects(&jixiao_store::ProjectFilter {
                query: Some(args.project.clone()),
                ..jixiao_store::ProjectFilter::default()
            })
            .await?
            .into_iter()
            .filter(|p| p.code.as_deref() == Some(args.project.as_str()))
            .collect();
        let wanted = match args.year {
            Some(year) => by_code
                .iter()
                .find(|p| p.fiscal_year == Some(year))
                .map(|p| p.id.to_string())
                .ok_or_else(|| {
                    UsageError(format!("{year}年没有项目编码为“{}”的项目", args.project))
                })?,
            None if by_code.len() > 1 => {
                let years: Vec<String> = by_code
                    .iter()
                    .map(|p| {
                        p.fiscal_year
                            .map_or("年度未定".into(), |y| format!("{y}年"))
                    })
                    .collect();
                return Err(UsageError(format!(
                    "项目编码“{}”在 {} 个文件中都有（{}）：请用 --year 指定年度",
                    args.project,
                    by_code.len(),
                    years.join("、")
                ))
                .into());
            }
            None => args.project.clone(),
        };
        let found = store.project(&wanted).await?;
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
