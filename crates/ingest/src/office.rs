//! Reading Office Open XML containers safely: bounded entry sizes, bounded archives.

use std::io::Read;

use crate::IngestError;

/// Largest part we inflate (a disclosure's document.xml is a few MB).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Most entries an archive may list.
pub const MAX_ENTRIES: usize = 10_000;

pub struct Archive<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Archive<'a>, IngestError> {
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| IngestError::Broken(format!("压缩包已损坏，无法打开：{e}")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(IngestError::Broken(format!(
                "压缩包有 {} 个条目，超过上限 {MAX_ENTRIES}",
                zip.len()
            )));
        }
        Ok(Archive { zip })
    }

    /// Refuses archives whose parts declare more than [`MAX_PART_BYTES`] (before another library inflates them).
    pub fn check_sizes(&self) -> Result<(), IngestError> {
        let mut archive = self.zip.clone();
        for index in 0..archive.len() {
            let entry = archive
                .by_index_raw(index)
                .map_err(|e| IngestError::Broken(format!("压缩包条目无法读取：{e}")))?;
            if entry.size() > MAX_PART_BYTES {
                return Err(IngestError::TooLarge(format!(
                    "第 {} 个条目解压后 {} 字节，超过上限",
                    index + 1,
                    entry.size()
                )));
            }
        }
        Ok(())
    }

    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(Result::ok)
            .map(|name| name.into_owned())
            .collect()
    }

    /// One part as a stream of at most [`MAX_PART_BYTES`], with the size it declares.
    pub fn reader(&mut self, name: &str) -> Option<(impl Read + '_, u64)> {
        let entry = self.zip.by_name(name).ok()?;
        let size = entry.size();
        Some((entry.take(MAX_PART_BYTES), size))
    }

    /// Reads one part, refusing anything that inflates past [`MAX_PART_BYTES`] (zip bombs).
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, IngestError> {
        let entry = self
            .zip
            .by_name(name)
            .map_err(|e| IngestError::Broken(format!("缺少或无法读取 {name}：{e}")))?;
        if entry.size() > MAX_PART_BYTES {
            return Err(IngestError::TooLarge(format!(
                "{name} 解压后 {} 字节，超过上限 {MAX_PART_BYTES}",
                entry.size()
            )));
        }
        let mut bytes = Vec::new();
        entry
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| IngestError::Broken(format!("{name} 解压失败：{e}")))?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(IngestError::TooLarge(format!(
                "{name} 解压后超过上限 {MAX_PART_BYTES} 字节（疑似压缩炸弹）"
            )));
        }
        Ok(bytes)
    }
}

/// The character an XML reference stands for: a numeric one, or one of the five predefined entities.
pub(crate) fn resolve_reference(
    reference: &quick_xml::events::BytesRef,
) -> Result<Option<char>, IngestError> {
    let character = reference
        .resolve_char_ref()
        .map_err(|e| IngestError::Broken(format!("XML 字符引用无效：{e}")))?;
    Ok(character.or(match reference.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }))
}
