//! `jixiao export`: the standard tables (.docx, .xlsx) and open data (CSV, JSON) for a project,
//! a unit or the whole database; or for files given directly, without a database.

use std::path::PathBuf;

use jixiao_model::Document;
use jixiao_store::ProjectFilter;

use super::UsageError;
use crate::Outcome;
use crate::sources;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Docx,
    Xlsx,
    Csv,
    Json,
    /// Open data as Parquet: --output is a folder, one file per fiscal year (`2024/indicators.parquet`)
    Parquet,
    /// The Table Schema describing the CSV/JSON columns
    Schema,
}

#[derive(clap::Args)]
pub struct Args {
    /// 输出格式
    #[arg(long, value_enum)]
    format: Format,
    /// 输出文件
    #[arg(long, short)]
    output: PathBuf,
    /// 只导出一个项目（编号或项目编码）
    #[arg(long)]
    project: Option<String>,
    /// 只导出名称或编码含此文字的单位
    #[arg(long)]
    unit: Option<String>,
    /// 只导出该预算年度
    #[arg(long)]
    year: Option<u16>,
    /// 直接导出这些文件（不读数据库）
    #[arg(long = "from", value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(database: &str, args: Args) -> anyhow::Result<Outcome> {
    if args.format == Format::Schema {
        write(&args.output, jixiao_publish::SCHEMA_JSON.as_bytes())?;
        return Ok(Outcome::Success);
    }
    if args.format == Format::Parquet {
        return parquet_by_year(database, &args);
    }
    let mut documents = Vec::new();
    if args.files.is_empty() {
        from_store(database, &args, |document| {
            documents.push(document);
            Ok(())
        })?;
    } else {
        documents = from_files(&args.files)?;
    }
    if documents.is_empty() {
        return Err(UsageError("没有符合条件的文档可导出".into()).into());
    }
    let references: Vec<&Document> = documents.iter().collect();
    let bytes = match args.format {
        Format::Docx | Format::Xlsx if documents.len() > 1 => {
            return Err(UsageError(format!(
                "Word/Excel 每次导出一个单位的文档，符合条件的有 {} 个：请用 --unit 和 --year 缩小范围，或导出 csv/json",
                documents.len()
            ))
            .into());
        }
        Format::Docx => jixiao_publish::to_docx(&documents[0])?,
        Format::Xlsx => jixiao_publish::to_xlsx(&documents[0])?,
        Format::Csv => jixiao_publish::to_csv(&references)?,
        Format::Json => jixiao_publish::to_json(&references)?,
        Format::Schema | Format::Parquet => unreachable!("handled above"),
    };
    write(&args.output, &bytes)?;
    let projects: usize = documents.iter().map(|d| d.projects.len()).sum();
    eprintln!(
        "已导出 {} 个文档、{projects} 个项目到 {}",
        documents.len(),
        args.output.display()
    );
    Ok(Outcome::Success)
}

/// One Parquet file per fiscal year under the `--output` folder (`2024/indicators.parquet`,
/// documents without a year in `unknown-year/`), so a reader of `folder/*/indicators.parquet`
/// reads them as one table and one of a year reads only its file. Documents are read and written
/// one at a time: memory stays bounded at any size.
fn parquet_by_year(database: &str, args: &Args) -> anyhow::Result<Outcome> {
    type Writer = jixiao_publish::ParquetWriter<std::io::BufWriter<std::fs::File>>;
    let folder = &args.output;
    let mut years: std::collections::BTreeMap<Option<u16>, (PathBuf, Writer, usize, usize)> =
        Default::default();
    let mut add = |document: Document| -> anyhow::Result<()> {
        let year = document.fiscal_year.year;
        let (_, writer, documents, projects) = match years.entry(year) {
            std::collections::btree_map::Entry::Occupied(open) => open.into_mut(),
            std::collections::btree_map::Entry::Vacant(slot) => {
                let part = folder.join(year.map_or("unknown-year".to_string(), |y| y.to_string()));
                std::fs::create_dir_all(&part)
                    .map_err(|e| UsageError(format!("无法创建目录 {}：{e}", part.display())))?;
                let path = part.join("indicators.parquet");
                let file = std::fs::File::create(&path)
                    .map_err(|e| UsageError(format!("无法写入 {}：{e}", path.display())))?;
                let writer = jixiao_publish::ParquetWriter::new(std::io::BufWriter::new(file))?;
                slot.insert((path, writer, 0, 0))
            }
        };
        writer.add(&document)?;
        *documents += 1;
        *projects += document.projects.len();
        Ok(())
    };
    if args.files.is_empty() {
        from_store(database, args, &mut add)?;
    } else {
        for document in from_files(&args.files)? {
            add(document)?;
        }
    }
    if years.is_empty() {
        return Err(UsageError("没有符合条件的文档可导出".into()).into());
    }
    for (_, (path, writer, documents, projects)) in years {
        use std::io::Write;
        writer
            .finish()?
            .flush()
            .map_err(|e| UsageError(format!("无法写入 {}：{e}", path.display())))?;
        eprintln!(
            "已导出 {documents} 个文档、{projects} 个项目到 {}",
            path.display()
        );
    }
    Ok(Outcome::Success)
}

fn write(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes)
        .map_err(|e| UsageError(format!("无法写入 {}：{e}", path.display())).into())
}

fn from_files(paths: &[PathBuf]) -> anyhow::Result<Vec<Document>> {
    let mut documents = Vec::new();
    for path in sources::expand(paths)? {
        match sources::read(&path).parsed {
            Ok(parsed) => documents.push(parsed.document),
            Err(message) => return Err(anyhow::anyhow!("{}：{message}", path.display())),
        }
    }
    Ok(documents)
}

/// Each stored document the arguments select, one at a time.
fn from_store(
    database: &str,
    args: &Args,
    mut each: impl FnMut(Document) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    super::runtime()?.block_on(async {
        let store = super::open_existing(database).await?;
        if let Some(wanted) = &args.project {
            let Some((summary, _)) = store.project(wanted).await? else {
                return Err(UsageError(format!("没有编号或编码为“{wanted}”的项目")).into());
            };
            if let Some(stored) = store.document(summary.document_id).await? {
                let mut document = stored.document;
                document.projects.retain(|p| {
                    p.code.as_deref() == summary.code.as_deref() && p.name == summary.name
                });
                document.department_indicators.clear();
                document.goals = Default::default();
                document.raw_sections.clear();
                each(document)?;
            }
        } else {
            let filter = ProjectFilter {
                unit: args.unit.clone(),
                year: args.year,
                ..Default::default()
            };
            let mut ids: Vec<i64> = store
                .projects(&filter)
                .await?
                .iter()
                .map(|p| p.document_id)
                .collect();
            ids.dedup();
            for id in ids {
                if let Some(stored) = store.document(id).await? {
                    each(stored.document)?;
                }
            }
        }
        store.close().await;
        anyhow::Ok(())
    })
}
