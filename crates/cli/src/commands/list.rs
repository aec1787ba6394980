//! `jixiao list`: projects in the database, filterable by unit and year.

use jixiao_store::ProjectFilter;

use crate::Outcome;

#[derive(clap::Args)]
pub struct Args {
    /// 单位名称或编码的一部分
    #[arg(long)]
    unit: Option<String>,
    /// 预算年度
    #[arg(long)]
    year: Option<u16>,
}

pub fn run(database: &str, args: Args) -> anyhow::Result<Outcome> {
    let filter = ProjectFilter {
        unit: args.unit,
        year: args.year,
        ..Default::default()
    };
    let projects = super::runtime()?.block_on(async {
        let store = super::open_existing(database).await?;
        let projects = store.projects(&filter).await?;
        store.close().await;
        anyhow::Ok(projects)
    })?;
    let rows: Vec<[String; 6]> = projects
        .iter()
        .map(|p| {
            [
                p.id.to_string(),
                p.fiscal_year.map_or("—".into(), |y| y.to_string()),
                p.unit_name.clone().unwrap_or_default(),
                p.code.clone().unwrap_or_else(|| "—".into()),
                p.name.clone(),
                p.total_yuan
                    .map_or("—".into(), |y| crate::render::money(y, p.budget_unit)),
            ]
        })
        .collect();
    crate::render::grid(
        &mut std::io::stdout().lock(),
        &["编号", "年度", "单位", "项目编码", "项目名称", "预算数"],
        &rows,
    )?;
    println!("共 {} 个项目", projects.len());
    Ok(Outcome::Success)
}
