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

/// Reads a CSV sheet (UTF-8, with or without BOM) into rows of named fields.
pub fn read_sheet(path: &Path) -> anyhow::Result<Vec<std::collections::HashMap<String, String>>> {
    let bytes =
        std::fs::read(path).map_err(|e| UsageError(format!("无法读取 {}：{e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| UsageError(format!("{} 不是 UTF-8 编码的 CSV", path.display())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| UsageError(format!("{}：表头无法读取：{e}", path.display())))?
        .clone();
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| UsageError(format!("{}:{}：{e}", path.display(), index + 2)))?;
        rows.push(
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.trim().to_string(), v.trim().to_string()))
                .collect(),
        );
    }
    Ok(rows)
}

/// Writes a CSV sheet with a BOM so Excel opens the Chinese text.
pub fn write_sheet(path: &Path, header: &[&str], rows: &[Vec<String>]) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::write(path, bytes)
        .map_err(|e| UsageError(format!("无法写入 {}：{e}", path.display())).into())
}

/// The 1-based row number of the indicator a sheet row names (`序号`), checked against its name.
pub fn indicator_of(
    row: &std::collections::HashMap<String, String>,
    line: usize,
) -> anyhow::Result<(usize, Option<String>)> {
    let number: usize = row
        .get("序号")
        .and_then(|n| n.parse().ok())
        .filter(|n| *n >= 1)
        .ok_or_else(|| UsageError(format!("第 {line} 行：“序号”应为从 1 开始的指标序号")))?;
    Ok((
        number - 1,
        row.get("三级指标").filter(|n| !n.is_empty()).cloned(),
    ))
}

pub fn field<'a>(
    row: &'a std::collections::HashMap<String, String>,
    name: &str,
) -> Option<&'a str> {
    row.get(name).map(String::as_str).filter(|v| !v.is_empty())
}

/// Input errors as one message, a line each.
pub fn refused(errors: &[jixiao_evaluate::InputError]) -> anyhow::Error {
    let lines: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
    UsageError(format!("输入有误，未保存任何内容：\n{}", lines.join("\n"))).into()
}
