//! Office files built by hand for the tests: zip containers, .docx, .ods and .xls (BIFF8 in a
//! compound file), so hostile and seed files need no office suite.

#![allow(dead_code)]

use std::io::{Read, Write};

/// A zip with the given (name, bytes) entries, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buffer);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("entry");
        writer.write_all(bytes).expect("write");
    }
    writer.finish().expect("finish");
    buffer.into_inner()
}

/// The entries of a zip, or `None` when it cannot be read.
pub fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut entries = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).ok()?;
        let mut content = Vec::new();
        entry.read_to_end(&mut content).ok()?;
        entries.push((entry.name().ok()?.into_owned(), content));
    }
    Some(entries)
}

pub fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let borrowed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    zip(&borrowed)
}

pub fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", xml.as_bytes()),
    ])
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An .ods whose content.xml body (inside `office:spreadsheet`) is `tables`.
pub fn ods(tables: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

/// One string cell of an .ods row.
pub fn ods_cell(text: &str) -> String {
    format!(
        "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
        escape(text)
    )
}

/// A cell of an .xls sheet.
pub enum XlsValue {
    Text(String),
    Number(f64),
}

pub struct XlsSheet {
    pub name: String,
    pub cells: Vec<(u16, u16, XlsValue)>,
    /// (first row, last row, first column, last column)
    pub merges: Vec<(u16, u16, u16, u16)>,
}

fn record(stream: &mut Vec<u8>, kind: u16, data: &[u8]) {
    stream.extend_from_slice(&kind.to_le_bytes());
    stream.extend_from_slice(&(data.len() as u16).to_le_bytes());
    stream.extend_from_slice(data);
}

fn bof(kind: u16) -> Vec<u8> {
    let mut data = Vec::new();
    data.extend_from_slice(&0x0600_u16.to_le_bytes());
    data.extend_from_slice(&kind.to_le_bytes());
    data.extend_from_slice(&[0; 12]);
    data
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// The BIFF8 workbook stream of the sheets (strings through the shared string table).
pub fn xls_workbook_stream(sheets: &[XlsSheet]) -> Vec<u8> {
    let mut strings: Vec<String> = Vec::new();
    let mut sheet_streams = Vec::new();
    for sheet in sheets {
        let mut stream = Vec::new();
        record(&mut stream, 0x0809, &bof(0x0010));
        let last_row = sheet.cells.iter().map(|c| c.0 as u32).max().unwrap_or(0);
        let last_column = sheet.cells.iter().map(|c| c.1).max().unwrap_or(0);
        let mut dimensions = Vec::new();
        dimensions.extend_from_slice(&0_u32.to_le_bytes());
        dimensions.extend_from_slice(&(last_row + 1).to_le_bytes());
        dimensions.extend_from_slice(&0_u16.to_le_bytes());
        dimensions.extend_from_slice(&(last_column.saturating_add(1)).to_le_bytes());
        dimensions.extend_from_slice(&0_u16.to_le_bytes());
        record(&mut stream, 0x0200, &dimensions);
        for (row, column, value) in &sheet.cells {
            let mut data = Vec::new();
            data.extend_from_slice(&row.to_le_bytes());
            data.extend_from_slice(&column.to_le_bytes());
            data.extend_from_slice(&0_u16.to_le_bytes());
            match value {
                XlsValue::Text(text) => {
                    let index = strings.iter().position(|s| s == text).unwrap_or_else(|| {
                        strings.push(text.clone());
                        strings.len() - 1
                    });
                    data.extend_from_slice(&(index as u32).to_le_bytes());
                    record(&mut stream, 0x00FD, &data);
                }
                XlsValue::Number(number) => {
                    data.extend_from_slice(&number.to_le_bytes());
                    record(&mut stream, 0x0203, &data);
                }
            }
        }
        if !sheet.merges.is_empty() {
            let mut data = (sheet.merges.len() as u16).to_le_bytes().to_vec();
            for (first_row, last_row, first_column, last_column) in &sheet.merges {
                for value in [first_row, last_row, first_column, last_column] {
                    data.extend_from_slice(&value.to_le_bytes());
                }
            }
            record(&mut stream, 0x00E5, &data);
        }
        record(&mut stream, 0x000A, &[]);
        sheet_streams.push(stream);
    }

    let mut sst = Vec::new();
    sst.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    sst.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    for text in &strings {
        sst.extend_from_slice(&(text.encode_utf16().count() as u16).to_le_bytes());
        sst.push(0x01);
        sst.extend_from_slice(&utf16(text));
    }
    let bound_sheet_lengths: usize = sheets
        .iter()
        .map(|s| 4 + 8 + 2 * s.name.encode_utf16().count())
        .sum();
    let globals_length = (4 + 16) + bound_sheet_lengths + (4 + sst.len()) + 4;
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    let mut position = globals_length;
    for (sheet, stream) in sheets.iter().zip(&sheet_streams) {
        let mut data = (position as u32).to_le_bytes().to_vec();
        data.extend_from_slice(&[0, 0]);
        data.push(sheet.name.encode_utf16().count() as u8);
        data.push(0x01);
        data.extend_from_slice(&utf16(&sheet.name));
        record(&mut globals, 0x0085, &data);
        position += stream.len();
    }
    record(&mut globals, 0x00FC, &sst);
    record(&mut globals, 0x000A, &[]);
    assert_eq!(globals.len(), globals_length);
    let mut stream = globals;
    for sheet_stream in sheet_streams {
        stream.extend_from_slice(&sheet_stream);
    }
    stream
}

const FREE_SECTOR: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FAT_SECTOR: u32 = 0xFFFF_FFFD;

/// A compound file (version 3, 512-byte sectors) holding one stream named `Workbook`, padded
/// to 4096 bytes so it lives in regular sectors.
pub fn compound_file(workbook: &[u8]) -> Vec<u8> {
    let mut stream = workbook.to_vec();
    if stream.len() < 4096 {
        stream.resize(4096, 0);
    }
    let stream_sectors = stream.len().div_ceil(512);
    let mut fat_sectors = 1;
    while stream_sectors + fat_sectors + 1 > fat_sectors * 128 {
        fat_sectors += 1;
    }
    assert!(
        fat_sectors <= 109,
        "the test writer keeps the FAT in the header"
    );
    let directory_sector = stream_sectors + fat_sectors;

    let mut fat = vec![FREE_SECTOR; fat_sectors * 128];
    for (sector, entry) in fat.iter_mut().enumerate().take(stream_sectors) {
        *entry = if sector + 1 == stream_sectors {
            END_OF_CHAIN
        } else {
            sector as u32 + 1
        };
    }
    for entry in &mut fat[stream_sectors..stream_sectors + fat_sectors] {
        *entry = FAT_SECTOR;
    }
    fat[directory_sector] = END_OF_CHAIN;

    let mut file = Vec::new();
    file.extend_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    file.extend_from_slice(&[0; 16]);
    file.extend_from_slice(&0x003E_u16.to_le_bytes());
    file.extend_from_slice(&0x0003_u16.to_le_bytes());
    file.extend_from_slice(&0xFFFE_u16.to_le_bytes());
    file.extend_from_slice(&9_u16.to_le_bytes());
    file.extend_from_slice(&6_u16.to_le_bytes());
    file.extend_from_slice(&[0; 6]);
    file.extend_from_slice(&0_u32.to_le_bytes());
    file.extend_from_slice(&(fat_sectors as u32).to_le_bytes());
    file.extend_from_slice(&(directory_sector as u32).to_le_bytes());
    file.extend_from_slice(&0_u32.to_le_bytes());
    file.extend_from_slice(&4096_u32.to_le_bytes());
    file.extend_from_slice(&END_OF_CHAIN.to_le_bytes());
    file.extend_from_slice(&0_u32.to_le_bytes());
    file.extend_from_slice(&END_OF_CHAIN.to_le_bytes());
    file.extend_from_slice(&0_u32.to_le_bytes());
    for index in 0..109 {
        let entry = if index < fat_sectors {
            (stream_sectors + index) as u32
        } else {
            FREE_SECTOR
        };
        file.extend_from_slice(&entry.to_le_bytes());
    }
    assert_eq!(file.len(), 512);

    stream.resize(stream_sectors * 512, 0);
    file.extend_from_slice(&stream);
    for entry in fat {
        file.extend_from_slice(&entry.to_le_bytes());
    }
    file.extend_from_slice(&directory_entry("Root Entry", 5, 1, END_OF_CHAIN, 0));
    file.extend_from_slice(&directory_entry(
        "Workbook",
        2,
        FREE_SECTOR,
        0,
        workbook.len().max(4096) as u64,
    ));
    file.extend_from_slice(&[0; 256]);
    file
}

fn directory_entry(name: &str, kind: u8, child: u32, start: u32, size: u64) -> Vec<u8> {
    let mut entry = utf16(name);
    entry.extend_from_slice(&[0, 0]);
    let name_length = entry.len() as u16;
    entry.resize(64, 0);
    entry.extend_from_slice(&name_length.to_le_bytes());
    entry.push(kind);
    entry.push(1);
    entry.extend_from_slice(&FREE_SECTOR.to_le_bytes());
    entry.extend_from_slice(&FREE_SECTOR.to_le_bytes());
    entry.extend_from_slice(&child.to_le_bytes());
    entry.resize(116, 0);
    entry.extend_from_slice(&start.to_le_bytes());
    entry.extend_from_slice(&size.to_le_bytes());
    assert_eq!(entry.len(), 128);
    entry
}

pub fn xls(sheets: &[XlsSheet]) -> Vec<u8> {
    compound_file(&xls_workbook_stream(sheets))
}
