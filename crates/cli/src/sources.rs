//! Input files: expanding directories and reading each file into a parse result.

use std::path::{Path, PathBuf};

use anyhow::Context;
use jixiao_ingest::Parsed;

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
    let parsed = jixiao_convert::parse(&bytes);
    Source {
        path: path.to_path_buf(),
        bytes,
        parsed,
    }
}
