//! What `monitor` and `evaluate` share: finding the stored project and reading CSV sheets.

use std::path::Path;

use jixiao_model::{Document, Project};

use jixiao_store::Store;

use super::UsageError;

/// A stored project with its document and the document's identity key.
pub struct Target {
    pub document: Document,
    pub position: usize,
    pub doc_key: String,
}

impl Target {
    pub fn project(&self) -> &Project {
        &self.document.projects[self.position]
    }
}

pub async fn find(store: &Store, wanted: &str) -> anyhow::Result<Target> {
    let Some((summary, project)) = store.project(wanted).await? else {
        return Err(UsageError(format!(
            "没有编号或编码为“{wanted}”的项目（用 jixiao list 查看）"
        ))
        .into());
    };
    let stored = store
        .document(summary.document_id)
        .await?
        .ok_or_else(|| UsageError("项目所在文档已不存在".into()))?;
    let position = stored
        .document
        .projects
        .iter()
        .position(|p| *p == project)
        .unwrap_or(0);
    let doc_key = store
        .doc_key(summary.document_id)
        .await?
        .unwrap_or_default();
    Ok(Target {
        document: stored.document,
        position,
        doc_key,
    })
}

/// Reads a filled-in sheet (CSV in UTF-8, or an Excel file) into rows of named fields.
pub fn read_sheet(path: &Path) -> anyhow::Result<Vec<std::collections::HashMap<String, String>>> {
    let bytes =
        std::fs::read(path).map_err(|e| UsageError(format!("无法读取 {}：{e}", path.display())))?;
    let table = jixiao_ingest::sheet_rows(&bytes)
        .map_err(|e| UsageError(format!("{}：{e}", path.display())))?;
    let Some((header, rows)) = table.split_first() else {
        return Err(UsageError(format!("{} 是空表", path.display())).into());
    };
    Ok(rows
        .iter()
        .filter(|row| row.iter().any(|cell| !cell.trim().is_empty()))
        .map(|row| {
            header
                .iter()
                .zip(row)
                .map(|(h, v)| (h.trim().to_string(), v.trim().to_string()))
                .collect()
        })
        .collect())
}

/// Writes a fill-in sheet: Excel with drop-down lists when the name ends in .xlsx, else CSV with a
/// BOM so Excel opens the Chinese text.
pub fn write_sheet(
    path: &Path,
    header: &[&str],
    rows: &[Vec<String>],
    choices: &[jixiao_publish::Choice],
) -> anyhow::Result<()> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let bytes = jixiao_publish::template_xlsx("填报表", header, rows, choices)?;
        return std::fs::write(path, bytes)
            .map_err(|e| UsageError(format!("无法写入 {}：{e}", path.display())).into());
    }
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::write(path, bytes)
        .map_err(|e| UsageError(format!("无法写入 {}：{e}", path.display())).into())
}

/// Input errors as one message, a line each.
pub fn refused(errors: &[jixiao_evaluate::InputError]) -> anyhow::Error {
    let lines: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
    UsageError(format!("输入有误，未保存任何内容：\n{}", lines.join("\n"))).into()
}

/// Errors in the rows of a filled sheet, each named with the file and its row.
pub fn refused_in(path: &Path, errors: &[jixiao_evaluate::InputError]) -> anyhow::Error {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| format!("  - {}：{e}", path.display()))
        .collect();
    UsageError(format!("输入有误，未保存任何内容：\n{}", lines.join("\n"))).into()
}

/// Which stored reports a `report` command covers: one project, or a unit's projects.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// 项目编号或项目编码（不给则用 --unit 选择单位）
    pub project: Option<String>,
    /// 单位名称或编码的一部分
    #[arg(long)]
    pub unit: Option<String>,
    /// 预算年度
    #[arg(long)]
    pub year: Option<u16>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "json")]
    pub format: ReportFormat,
    /// 输出文件
    #[arg(long, short)]
    pub output: std::path::PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    Json,
    Docx,
    Xlsx,
}

/// The latest stored report of each chosen project, with the unit's name.
pub struct Latest<R> {
    pub unit: String,
    pub reports: Vec<(String, Option<String>, R)>,
}

pub async fn latest<R: serde::de::DeserializeOwned>(
    store: &Store,
    kind: jixiao_store::EvaluationKind,
    args: &ReportArgs,
) -> anyhow::Result<Latest<R>> {
    let (doc_keys, only, unit) = match &args.project {
        Some(project) => {
            let target = find(store, project).await?;
            let unit = target.document.unit.name.clone().unwrap_or_default();
            (
                vec![target.doc_key.clone()],
                Some(target.project().name.clone()),
                unit,
            )
        }
        None => {
            let filter = jixiao_store::ProjectFilter {
                unit: args.unit.clone(),
                year: args.year,
                ..Default::default()
            };
            let projects = store.projects(&filter).await?;
            let mut ids: Vec<i64> = projects.iter().map(|p| p.document_id).collect();
            ids.dedup();
            let mut keys = Vec::new();
            for id in ids {
                keys.extend(store.doc_key(id).await?);
            }
            let unit = projects
                .first()
                .and_then(|p| p.unit_name.clone())
                .unwrap_or_default();
            (keys, None, unit)
        }
    };
    let mut reports: Vec<(String, Option<String>, R)> = Vec::new();
    for key in doc_keys {
        let records = store.evaluations(kind, &key, only.as_deref()).await?;
        let mut latest: Vec<&jixiao_store::EvaluationRecord> = Vec::new();
        for record in records.iter().rev() {
            if !latest.iter().any(|r| r.project_name == record.project_name) {
                latest.push(record);
            }
        }
        latest.reverse();
        for record in latest {
            let report = serde_json::from_str(&record.report)?;
            reports.push((
                record.project_name.clone(),
                record.project_code.clone(),
                report,
            ));
        }
    }
    if reports.is_empty() {
        return Err(UsageError("没有符合条件的记录".into()).into());
    }
    Ok(Latest { unit, reports })
}

pub fn write_report<R: serde::Serialize>(
    args: &ReportArgs,
    latest: &Latest<R>,
    docx: impl Fn(&str, &[jixiao_publish::Tracked<R>]) -> Result<Vec<u8>, jixiao_publish::PublishError>,
    xlsx: impl Fn(&str, &[jixiao_publish::Tracked<R>]) -> Result<Vec<u8>, jixiao_publish::PublishError>,
) -> anyhow::Result<()> {
    let tracked: Vec<jixiao_publish::Tracked<R>> = latest
        .reports
        .iter()
        .map(|(name, code, report)| jixiao_publish::Tracked {
            project_name: name,
            project_code: code.as_deref(),
            report,
        })
        .collect();
    let bytes = match args.format {
        ReportFormat::Json => {
            let items: Vec<serde_json::Value> = latest
                .reports
                .iter()
                .map(|(name, code, report)| serde_json::json!({ "project_name": name, "project_code": code, "report": report }))
                .collect();
            serde_json::to_vec_pretty(
                &serde_json::json!({ "unit": latest.unit, "projects": items }),
            )?
        }
        ReportFormat::Docx => docx(&latest.unit, &tracked)?,
        ReportFormat::Xlsx => xlsx(&latest.unit, &tracked)?,
    };
    std::fs::write(&args.output, bytes)
        .map_err(|e| UsageError(format!("无法写入 {}：{e}", args.output.display())))?;
    eprintln!(
        "已导出 {} 个项目的表格到 {}",
        latest.reports.len(),
        args.output.display()
    );
    Ok(())
}
