//! Checks an .xls before calamine opens it.
//!
//! calamine reads a whole .xls when it opens it and allocates by what the file says, before any
//! sheet is asked for, so the checks have to come first. What it would do with a small file:
//! - cell records carry 16-bit rows *and* columns, and each sheet becomes a dense range over its
//!   cells' bounding box: two cells at A1 and (65535, 65535) ask for 4.3 billion cells (128 GiB);
//!   formulas get a second such range;
//! - a `Dimensions` record reserves rows × columns cells, with 32-bit rows;
//! - every `LabelSst` cell copies its shared string, so one long string referenced by many small
//!   records multiplies;
//! - sector chains of the compound file are followed until they end, so a chain that loops runs
//!   forever (the directory chain) or up to the length the stream declares;
//! - a record's `Continue` records are taken off the front of a vector one by one (quadratic).
//!
//! So the compound file and the records are walked here as calamine walks them, and the file is
//! refused when any of that would pass the limits. The walk only reads, with bounded loops.

use crate::IngestError;
use crate::sheet::{MAX_TEXT_BYTES, range_name};

/// Most cells of the dense ranges calamine builds for all sheets together (32 bytes each, twice:
/// the range is copied when a sheet is read).
const MAX_RANGE_CELLS: u64 = 2_000_000;
/// Most bytes of formula records (calamine writes each formula out as text, several times longer).
const MAX_FORMULA_BYTES: usize = 4 * 1024 * 1024;
/// Most `Continue` records after one record (a 32 MB file needs 4,000).
const MAX_CONTINUE_RECORDS: usize = 10_000;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;

fn broken(why: &str) -> IngestError {
    IngestError::Broken(format!("无法打开电子表格：{why}"))
}

pub fn check(bytes: &[u8]) -> Result<(), IngestError> {
    let compound = Compound::open(bytes)?;
    match compound.workbook_stream()? {
        Some(stream) => check_workbook(&stream),
        // Not a workbook (a .doc, say): calamine finds no stream and says so.
        None => Ok(()),
    }
}

struct Directory {
    name: String,
    start: u32,
    len: usize,
}

/// The compound file (OLE) container, as calamine's reader sees it.
struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    /// Highest sector number calamine accepts.
    max_sector: u32,
    fat: Vec<u32>,
    directories: Vec<Directory>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

impl<'a> Compound<'a> {
    fn open(bytes: &'a [u8]) -> Result<Compound<'a>, IngestError> {
        let header = bytes.get(..512).ok_or_else(|| broken("复合文档头不完整"))?;
        let sector_size = match u16_at(header, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(broken("复合文档的扇区大小无效")),
        };
        let mut compound = Compound {
            bytes,
            sector_size,
            max_sector: (bytes.len() / sector_size) as u32,
            fat: Vec::new(),
            directories: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
        };
        let sector_limit = compound.max_sector as usize + 1;

        let mut difat: Vec<u32> = u32s(&header[76..512]).collect();
        let mut next = u32_at(header, 68).unwrap_or(END_OF_CHAIN);
        let mut difat_sectors = 0;
        while next < RESERVED_SECTORS {
            difat_sectors += 1;
            if difat_sectors > sector_limit {
                return Err(broken("复合文档的 DIFAT 链过长"));
            }
            difat.extend(u32s(compound.sector(next)?));
            next = difat
                .pop()
                .ok_or_else(|| broken("复合文档的 DIFAT 链无效"))?;
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFAT_SECTOR).collect();
        // Each entry makes calamine copy one sector: more entries than sectors only multiply.
        if fat_sectors.len() > sector_limit {
            return Err(broken("复合文档列出的 FAT 扇区多于文件中的扇区"));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            fat.extend(u32s(compound.sector(id)?));
        }
        compound.fat = fat;

        let directory_start = u32_at(header, 48).unwrap_or(END_OF_CHAIN);
        let directory_bytes = compound.chain(directory_start, usize::MAX, false)?;
        compound.directories = directory_bytes
            .chunks_exact(128)
            .map(|entry| directory(entry, sector_size))
            .collect();
        let root = compound
            .directories
            .first()
            .ok_or_else(|| broken("复合文档没有根目录"))?;
        let (root_start, root_len) = (root.start, root.len);
        if u32_at(header, 64).unwrap_or(0) > 0 {
            compound.mini_stream = compound.chain(root_start, root_len, false)?;
            let mini_fat_start = u32_at(header, 60).unwrap_or(END_OF_CHAIN);
            let mini_fat_len = u32_at(header, 64).unwrap_or(0) as usize * sector_size;
            let mini_fat = compound.chain(mini_fat_start, mini_fat_len, false)?;
            compound.mini_fat = u32s(&mini_fat).collect();
        }
        Ok(compound)
    }

    /// A sector as calamine reads it (the last one may be short); the header is sector -1.
    fn sector(&self, id: u32) -> Result<&'a [u8], IngestError> {
        if id > self.max_sector {
            return Err(broken("复合文档的扇区编号超出文件"));
        }
        let start = (id as usize + 1) * self.sector_size;
        let end = (start + self.sector_size).min(self.bytes.len());
        self.bytes
            .get(start..end)
            .ok_or_else(|| broken("复合文档的扇区超出文件"))
    }

    /// A mini sector, or as much of it as is `wanted`. calamine reads one that lies past the
    /// mini stream from wherever its file reader happens to be, which no check could follow,
    /// so that is refused.
    fn mini_sector(&self, id: u32, wanted: usize) -> Result<&[u8], IngestError> {
        if u64::from(id) > u64::from(self.max_sector) * 8 {
            return Err(broken("复合文档的小扇区编号超出文件"));
        }
        let start = id as usize * 64;
        let end = start + wanted.min(64);
        self.mini_stream
            .get(start..end)
            .ok_or_else(|| broken("复合文档的小扇区超出小扇区流"))
    }

    /// The bytes of a chain of (mini) sectors up to `len`, refusing chains that loop.
    fn chain(&self, start: u32, len: usize, mini: bool) -> Result<Vec<u8>, IngestError> {
        let (table, most_sectors) = if mini {
            (&self.mini_fat, self.max_sector as usize * 8 + 1)
        } else {
            (&self.fat, self.max_sector as usize + 1)
        };
        let mut bytes = Vec::new();
        let mut id = start;
        let mut sectors = 0;
        while id != END_OF_CHAIN {
            let wanted = len - bytes.len();
            let sector = if mini {
                self.mini_sector(id, wanted)?
            } else {
                self.sector(id)?
            };
            bytes.extend_from_slice(&sector[..sector.len().min(wanted)]);
            if bytes.len() >= len {
                break;
            }
            sectors += 1;
            if sectors > most_sectors {
                return Err(broken("复合文档的扇区链循环"));
            }
            id = *table
                .get(id as usize)
                .ok_or_else(|| broken("复合文档的扇区链超出 FAT"))?;
        }
        Ok(bytes)
    }

    /// The `Workbook` stream (or the older `Book`), as calamine picks it.
    fn workbook_stream(&self) -> Result<Option<Vec<u8>>, IngestError> {
        let mut found = false;
        for name in ["Workbook", "Book"] {
            let Some(entry) = self
                .directories
                .iter()
                .find(|d| d.name.eq_ignore_ascii_case(name))
            else {
                continue;
            };
            found = true;
            let stream = self.chain(entry.start, entry.len, entry.len < 4096);
            if let Ok(stream) = stream {
                return Ok(Some(stream));
            }
        }
        if found {
            Err(broken("工作簿数据流无法读取"))
        } else {
            Ok(None)
        }
    }
}

fn directory(entry: &[u8], sector_size: usize) -> Directory {
    let units: Vec<u16> = entry[..64]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let mut name = String::from_utf16_lossy(&units);
    if let Some(end) = name.find('\0') {
        name.truncate(end);
    }
    let len = if sector_size == 512 {
        u32_at(entry, 120).unwrap_or(0) as usize
    } else {
        u64::from_le_bytes(entry[120..128].try_into().unwrap_or_default()) as usize
    };
    Directory {
        name,
        start: u32_at(entry, 116).unwrap_or(END_OF_CHAIN),
        len,
    }
}

struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    continues: Vec<&'a [u8]>,
}

/// BIFF records with their `Continue` records, as calamine splits a stream.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stream.is_empty() {
            return None;
        }
        let (Some(kind), Some(len)) = (u16_at(self.stream, 0), u16_at(self.stream, 2)) else {
            return Some(Err(broken("记录不完整")));
        };
        let Some(data) = self.stream.get(4..4 + len as usize) else {
            return Some(Err(broken("记录长度超出数据流")));
        };
        self.stream = &self.stream[4 + len as usize..];
        let mut continues = Vec::new();
        while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
            let len = u16_at(self.stream, 2).unwrap_or(0) as usize;
            let Some(data) = self.stream.get(4..4 + len) else {
                return Some(Err(broken("续记录长度超出数据流")));
            };
            continues.push(data);
            self.stream = &self.stream[4 + len..];
            if continues.len() > MAX_CONTINUE_RECORDS {
                return Some(Err(IngestError::TooLarge(format!(
                    "一条记录后有超过 {MAX_CONTINUE_RECORDS} 条续记录"
                ))));
            }
        }
        Some(Ok(Record {
            kind,
            data,
            continues,
        }))
    }
}

/// (first row, first column), (last row, last column).
type Extent = ((u32, u32), (u32, u32));

/// One sheet's cells as calamine would collect them.
#[derive(Default)]
struct SheetExtent {
    name: String,
    cells: u64,
    cell_box: Option<Extent>,
    formula_box: Option<Extent>,
    /// The largest range a `Dimensions` record declares, with the cells reserved for it.
    declared: Option<(Extent, u64)>,
}

fn widen(area: &mut Option<Extent>, row: u32, column: u32) {
    let (start, end) = area.get_or_insert(((row, column), (row, column)));
    *start = (start.0.min(row), start.1.min(column));
    *end = (end.0.max(row), end.1.max(column));
}

fn cells_in(area: &Option<Extent>) -> u64 {
    area.map_or(0, |(start, end)| {
        (u64::from(end.0 - start.0) + 1) * (u64::from(end.1 - start.1) + 1)
    })
}

fn check_workbook(stream: &[u8]) -> Result<(), IngestError> {
    let mut string_bytes: Vec<usize> = Vec::new();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for record in (Records { stream }) {
        let mut record = record?;
        match record.kind {
            0x00FC => string_bytes = shared_string_bytes(&mut record)?,
            0x0085 if record.data.len() >= 6 => {
                let position = u32_at(record.data, 0).unwrap_or(0) as usize;
                sheets.push((position, sheet_name(&record.data[6..])));
            }
            0x000A => break,
            _ => {}
        }
    }

    let (mut range_cells, mut text_bytes, mut formula_bytes) = (0_u64, 0_usize, 0_usize);
    for (position, name) in sheets {
        let sheet_stream = stream
            .get(position..)
            .ok_or_else(|| broken(&format!("工作表“{name}”的位置超出数据流")))?;
        let mut extent = SheetExtent {
            name,
            ..SheetExtent::default()
        };
        let mut formula_position = (0, 0);
        let (mut seen_sheet_start, mut substreams) = (false, 0_usize);
        for record in (Records {
            stream: sheet_stream,
        }) {
            let record = record?;
            let data = record.data;
            if substreams > 0 {
                match record.kind {
                    0x0809 => substreams += 1,
                    0x000A => substreams -= 1,
                    _ => {}
                }
                continue;
            }
            let position = (u16_at(data, 0), u16_at(data, 2));
            match (record.kind, position) {
                (0x0809, _) if seen_sheet_start => substreams += 1,
                (0x0809, _) => seen_sheet_start = true,
                (0x000A, _) => break,
                (0x0200, _) => {
                    if let Some(declared) = declared_range(data)
                        && extent.declared.is_none_or(|(_, cells)| declared.1 > cells)
                    {
                        extent.declared = Some(declared);
                    }
                }
                (0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E, (Some(row), Some(column))) => {
                    extent.add_cell(row.into(), column.into());
                }
                (0x00FD, (Some(row), Some(column))) => {
                    let index = u32_at(data, 6).unwrap_or(u32::MAX) as usize;
                    if let Some(bytes) = string_bytes.get(index) {
                        extent.add_cell(row.into(), column.into());
                        text_bytes = text_bytes.saturating_add(*bytes);
                    }
                }
                (0x0207, _) => extent.add_cell(formula_position.0, formula_position.1),
                (0x00BD, (Some(row), Some(first_column))) if data.len() >= 6 => {
                    let count = (data.len() - 6) / 6;
                    for column in (u32::from(first_column)..).take(count) {
                        extent.add_cell(row.into(), column);
                    }
                }
                (0x0006, (Some(row), Some(column))) if data.len() >= 20 => {
                    formula_position = (row.into(), column.into());
                    extent.add_cell(row.into(), column.into());
                    widen(&mut extent.formula_box, row.into(), column.into());
                    formula_bytes += data.len() - 20;
                }
                _ => {}
            }
        }
        range_cells += cells_in(&extent.cell_box) + cells_in(&extent.formula_box);
        let reserved = extent.declared.map_or(0, |(_, cells)| cells);
        if range_cells > MAX_RANGE_CELLS || reserved > MAX_RANGE_CELLS {
            let (range, size) = match extent.declared {
                Some(declared) if reserved > cells_in(&extent.cell_box) => declared,
                _ => (
                    extent.cell_box.unwrap_or_default(),
                    cells_in(&extent.cell_box),
                ),
            };
            let (start, end) = range;
            return Err(IngestError::TooLarge(format!(
                "工作表“{}”的范围 {} 过大（{} 个单元格），只有 {} 个单元格有内容：无法读取",
                extent.name,
                range_name(&calamine::Dimensions { start, end }),
                size,
                extent.cells
            )));
        }
        if text_bytes > MAX_TEXT_BYTES {
            return Err(crate::sheet::too_much_text(&extent.name));
        }
        if formula_bytes > MAX_FORMULA_BYTES {
            return Err(IngestError::TooLarge(format!(
                "工作表“{}”：工作簿中的公式超过 {} MB，无法读取",
                extent.name,
                MAX_FORMULA_BYTES / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

impl SheetExtent {
    fn add_cell(&mut self, row: u32, column: u32) {
        self.cells += 1;
        widen(&mut self.cell_box, row, column);
    }
}

/// The range a `Dimensions` record declares, and the cells calamine reserves for it: rows ×
/// columns, counted as calamine counts them (a range that ends before it starts wraps round).
fn declared_range(data: &[u8]) -> Option<(Extent, u64)> {
    let (first_row, row_after, first_column, column_after) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)?),
            u32::from(u16_at(data, 2)?),
            u32::from(u16_at(data, 4)?),
            u32::from(u16_at(data, 6)?),
        ),
        14 | 16 => (
            u32_at(data, 0)?,
            u32_at(data, 4)?,
            u32::from(u16_at(data, 8)?),
            u32::from(u16_at(data, 10)?),
        ),
        // calamine refuses the file.
        _ => return None,
    };
    let first_column = if first_column > 0xFF || column_after < first_column {
        0
    } else {
        first_column
    };
    let start = (first_row, first_column);
    let end = if row_after >= 1 && column_after >= 1 {
        (row_after - 1, column_after - 1)
    } else {
        start
    };
    let rows = end.0.wrapping_sub(start.0).wrapping_add(1);
    let columns = end.1.wrapping_sub(start.1).wrapping_add(1);
    Some(((start, end), u64::from(rows) * u64::from(columns)))
}

/// A `BoundSheet8` name, for messages only.
fn sheet_name(data: &[u8]) -> String {
    let (Some(&count), Some(&flags)) = (data.first(), data.get(1)) else {
        return String::new();
    };
    let characters = data.get(2..).unwrap_or_default();
    if flags & 1 == 1 {
        let units: Vec<u16> = characters
            .chunks_exact(2)
            .take(count as usize)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        characters
            .iter()
            .take(count as usize)
            .map(|&b| char::from(b))
            .collect()
    }
}

/// The most UTF-8 bytes each shared string can take, walking the strings as calamine does.
fn shared_string_bytes(record: &mut Record<'_>) -> Result<Vec<usize>, IngestError> {
    let invalid = || broken("共享字符串表无效");
    let mut data = record.data.get(8..).ok_or_else(invalid)?;
    let mut continues = std::mem::take(&mut record.continues).into_iter();
    let mut strings = Vec::new();
    loop {
        if data.is_empty() {
            match continues.next() {
                Some(next) => data = next,
                None => break,
            }
            // calamine reads an empty string from an empty Continue record.
            if data.is_empty() {
                strings.push(0);
                continue;
            }
        }
        if data.len() < 3 {
            return Err(invalid());
        }
        let characters = u16_at(data, 0).unwrap_or(0) as usize;
        let flags = data[2];
        data = &data[3..];
        let mut runs = 0;
        if flags & 0x8 != 0 {
            runs = u16_at(data, 0).ok_or_else(invalid)? as usize;
            data = &data[2..];
        }
        let mut extension = 0;
        if flags & 0x4 != 0 {
            extension = u32_at(data, 0).ok_or_else(invalid)? as i32 as usize;
            data = &data[4..];
        }
        let (mut left, mut width) = (characters, if flags & 1 != 0 { 2 } else { 1 });
        while left > 0 {
            let here = left.min(data.len() / width);
            data = &data[here * width..];
            left -= here;
            if left > 0 {
                data = continues.next().ok_or_else(invalid)?;
                width = if data.first().ok_or_else(invalid)? & 1 != 0 {
                    2
                } else {
                    1
                };
                data = &data[1..];
            }
        }
        let mut skip = runs.saturating_mul(4).saturating_add(extension);
        while skip > 0 {
            if data.is_empty() {
                data = continues.next().ok_or_else(invalid)?;
            }
            let here = skip.min(data.len());
            data = &data[here..];
            skip -= here;
        }
        strings.push(characters * 3);
    }
    Ok(strings)
}
