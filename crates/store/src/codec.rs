//! Conversions between model values and their column forms.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::StoreError;

/// The shape of the model that snapshots and kept versions are written in. When the model
/// grows, new fields get serde defaults so that every stored shape still reads (the fixtures in
/// `tests/data/stored/` were written by format 1 and are read by every test run); a change that
/// cannot be read that way raises the format and converts the older shapes where they are read.
pub const FORMAT: u32 = 1;

/// What `documents.snapshot` holds.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// Snapshots written before formats were numbered have none: format 1.
    #[serde(default = "first_format")]
    pub format: u32,
    pub document: jixiao_model::Document,
    pub diagnostics: Vec<jixiao_model::Diagnostic>,
}

fn first_format() -> u32 {
    1
}

/// A snapshot written from borrowed parts, so the document need not be copied to be written.
#[derive(serde::Serialize)]
struct SnapshotOf<'a> {
    format: u32,
    document: &'a jixiao_model::Document,
    diagnostics: &'a [jixiao_model::Diagnostic],
}

/// A snapshot's JSON as `documents.snapshot_deflated` keeps it.
pub fn deflate(json: &str) -> Result<Vec<u8>, StoreError> {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(3));
    encoder
        .write_all(json.as_bytes())
        .and_then(|()| encoder.finish())
        .map_err(|e| StoreError::Corrupt(format!("文件快照无法压缩：{e}")))
}

/// The snapshot a document row keeps: `snapshot_deflated` (written now) or `snapshot` (text,
/// written before snapshots were deflated); `None` for a document stored before snapshots.
pub fn stored_snapshot(
    text: Option<String>,
    deflated: Option<Vec<u8>>,
) -> Result<Option<Snapshot>, StoreError> {
    if let Some(bytes) = deflated {
        use std::io::Read;
        let mut json = String::new();
        flate2::read::DeflateDecoder::new(bytes.as_slice())
            .read_to_string(&mut json)
            .map_err(|e| StoreError::Corrupt(format!("文件快照无法解压：{e}")))?;
        return Snapshot::from_json(&json).map(Some);
    }
    text.map(|t| Snapshot::from_json(&t)).transpose()
}

/// The text of the snapshot of a document and its diagnostics.
pub fn snapshot_json(
    document: &jixiao_model::Document,
    diagnostics: &[jixiao_model::Diagnostic],
) -> Result<String, StoreError> {
    let snapshot = SnapshotOf {
        format: FORMAT,
        document,
        diagnostics,
    };
    serde_json::to_string(&snapshot).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Snapshot {
    pub fn to_json(&self) -> Result<String, StoreError> {
        serde_json::to_string(self).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    pub fn from_json(text: &str) -> Result<Snapshot, StoreError> {
        let snapshot: Snapshot = serde_json::from_str(text)
            .map_err(|e| StoreError::Corrupt(format!("文件快照无法读取：{e}")))?;
        known_format(snapshot.format)?;
        Ok(snapshot)
    }
}

/// A kept version of a project, as `project_versions.content` holds it.
#[derive(serde::Serialize, serde::Deserialize)]
struct VersionContent {
    format: u32,
    project: jixiao_model::Project,
}

pub fn version_to_json(project: &jixiao_model::Project) -> Result<String, StoreError> {
    serde_json::to_string(&VersionContent {
        format: FORMAT,
        project: project.clone(),
    })
    .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A kept version: `{"format", "project"}`, or the bare project versions were kept as before
/// formats were numbered (format 1).
pub fn version_from_json(text: &str) -> Result<jixiao_model::Project, StoreError> {
    let unreadable = |e: serde_json::Error| StoreError::Corrupt(format!("项目版本无法读取：{e}"));
    let value: serde_json::Value = serde_json::from_str(text).map_err(unreadable)?;
    if value.get("format").is_some() && value.get("project").is_some() {
        let content: VersionContent = serde_json::from_value(value).map_err(unreadable)?;
        known_format(content.format)?;
        Ok(content.project)
    } else {
        serde_json::from_value(value).map_err(unreadable)
    }
}

fn known_format(format: u32) -> Result<(), StoreError> {
    if format > FORMAT {
        return Err(StoreError::Corrupt(format!(
            "数据由更新版本的 jixiao 写入（格式 {format}，本版本只认到格式 {FORMAT}）：请升级 jixiao"
        )));
    }
    Ok(())
}

/// An enum as its serialized name (`"output"`, `"万元"`, `"≥"`).
pub fn enum_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        other => format!("{other:?}"),
    }
}

pub fn enum_from<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|e| StoreError::Corrupt(format!("“{text}”：{e}")))
}

pub fn optional_enum<T: DeserializeOwned>(text: Option<String>) -> Result<Option<T>, StoreError> {
    text.as_deref().map(enum_from).transpose()
}

pub fn decimal_text(value: Option<Decimal>) -> Option<String> {
    value.map(|d| d.to_string())
}

pub fn decimal_from(text: Option<String>) -> Result<Option<Decimal>, StoreError> {
    text.map(|t| Decimal::from_str(&t).map_err(|e| StoreError::Corrupt(format!("金额“{t}”：{e}"))))
        .transpose()
}

pub fn line(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub fn to_usize(value: i64) -> usize {
    usize::try_from(value).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written by format 1 (seed 004 as stored, and one kept version of a project): every later
    /// jixiao must still read them.
    const STORED_SNAPSHOT: &str = include_str!("../../../tests/data/stored/snapshot-format-1.json");
    const STORED_VERSION: &str = include_str!("../../../tests/data/stored/version-format-1.json");
    const BARE_VERSION: &str = include_str!("../../../tests/data/stored/version-bare.json");

    #[test]
    fn stored_snapshots_and_versions_of_every_format_still_read() {
        let snapshot = Snapshot::from_json(STORED_SNAPSHOT).expect("format 1 snapshot");
        assert_eq!(snapshot.format, 1);
        assert_eq!(snapshot.document.projects.len(), 11);
        assert_eq!(
            snapshot.document.projects[0].indicators[3].target.raw,
            "≤78万"
        );
        let unnumbered = STORED_SNAPSHOT.replacen("\"format\":1,", "", 1);
        assert_ne!(unnumbered, STORED_SNAPSHOT);
        let unnumbered = Snapshot::from_json(&unnumbered).expect("a snapshot kept before formats");
        assert_eq!(unnumbered.document, snapshot.document);
        let version = version_from_json(STORED_VERSION).expect("format 1 version");
        let bare = version_from_json(BARE_VERSION).expect("a version kept before formats");
        assert_eq!(version, bare);
        assert_eq!(version.name, "电子政务中心城乡一体化经费");
    }

    #[test]
    fn shapes_from_a_newer_jixiao_are_refused_clearly() {
        let newer = STORED_SNAPSHOT.replacen("\"format\":1", "\"format\":99", 1);
        assert_ne!(newer, STORED_SNAPSHOT);
        let Err(StoreError::Corrupt(message)) = Snapshot::from_json(&newer) else {
            panic!("a newer format must be refused");
        };
        assert!(message.contains("请升级 jixiao"), "{message}");
    }

    #[test]
    fn what_is_written_reads_back() {
        let version = version_from_json(BARE_VERSION).expect("version");
        let written = version_to_json(&version).expect("json");
        assert!(written.starts_with("{\"format\":1,"));
        assert_eq!(version_from_json(&written).expect("read"), version);
    }
}
