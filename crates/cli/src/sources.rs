//! Input files: expanding directories and reading each file into a parse result.

use std::path::{Path, PathBuf};

use anyhow::Context;
use jixiao_ingest::{Format, IngestError, Parsed};

/// Expands each argument: a file stays, a directory yields its files recursively (sorted).
pub fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path)
            .map_err(|e| crate::commands::UsageError(format!("{}：{e}", path.display())))?;
        if metadata.is_dir() {
            walk(path, &mut files).with_context(|| format!("读取目录 {}", path.display()))?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if entry.is_dir() {
            walk(&entry, files)?;
        } else {
            files.push(entry);
        }
    }
    Ok(())
}

/// A file read and parsed, or the reason it could not be.
pub struct Source {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub parsed: Result<Parsed, String>,
}

pub fn read(path: &Path) -> Source {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Source {
                path: path.to_path_buf(),
                bytes: Vec::new(),
                parsed: Err(format!("无法读取文件：{error}")),
            };
        }
    };
    let parsed = match jixiao_ingest::parse_bytes(&bytes) {
        Err(IngestError::Unsupported {
            format: Format::LegacyOffice,
            hint,
        }) => match convert_with_libreoffice(path) {
            Some(Ok(converted)) => {
                jixiao_ingest::parse_bytes(&converted).map_err(|e| e.to_string())
            }
            Some(Err(why)) => Err(format!("LibreOffice 转换失败：{why}")),
            None => Err(IngestError::Unsupported {
                format: Format::LegacyOffice,
                hint,
            }
            .to_string()),
        },
        other => other.map_err(|e| e.to_string()),
    };
    Source {
        path: path.to_path_buf(),
        bytes,
        parsed,
    }
}

/// Converts a .doc/.wps to .docx with LibreOffice when it is installed (`None` when it is not).
fn convert_with_libreoffice(path: &Path) -> Option<Result<Vec<u8>, String>> {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|name| which(name))?;
    let run = || -> Result<Vec<u8>, String> {
        let dir = std::env::temp_dir().join(format!("jixiao-convert-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let output = std::process::Command::new(soffice)
            .args(["--headless", "--convert-to", "docx", "--outdir"])
            .arg(&dir)
            .arg(path)
            .output()
            .map_err(|e| e.to_string())?;
        let stem = path.file_stem().unwrap_or_default();
        let converted = dir.join(stem).with_extension("docx");
        let bytes = std::fs::read(&converted)
            .map_err(|_| String::from_utf8_lossy(&output.stderr).trim().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        bytes
    };
    Some(run())
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}
