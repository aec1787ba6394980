//! Fuzzing every reader through `parse_bytes`: Tika text, CSV, .docx, .xlsx, .ods and .xls seeds,
//! mutated by proptest-generated edits (bytes flipped, cut, inserted, deleted, repeated, numbers
//! swapped for extreme ones), either on the whole file or inside one part (an XML part of the zip,
//! the workbook stream of the .xls) that is then packed again, so the edits reach the readers
//! behind the container. Each input must give `Ok` or `Err` quickly, never a panic.
//!
//! By default a fixed number of cases runs (a few seconds). `JIXIAO_FUZZ_SECONDS=N` runs for N
//! seconds and prints the executions per format; `JIXIAO_FUZZ_SEED` picks another sequence.
//! Failing inputs are written to the target's temporary directory.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use rust_xlsxwriter::{Format as CellFormat, Workbook};

use support::{XlsSheet, XlsValue, docx, escape, ods, rezip, unzip, xls, xls_workbook_stream};

const SEEDS: [&str; 5] = [
    include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"),
    include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
    include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt"),
    include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt"),
    include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
];

/// Cases per format when no duration is asked for.
const DEFAULT_CASES: usize = 25;
/// An input slower than this is a failure.
const SLOW: Duration = Duration::from_secs(3);
/// An input still running after this is a hang: the run stops there.
const HANG: Duration = Duration::from_secs(60);

/// What a format's seeds are wrapped in, so edits can go inside it.
#[derive(Clone, Copy, PartialEq)]
enum Container {
    None,
    Zip,
    /// An .xls: a BIFF8 workbook stream inside a compound file.
    Compound,
}

struct Target {
    name: &'static str,
    container: Container,
    seeds: Vec<Vec<u8>>,
    /// The entries of each zip seed, unpacked once.
    unpacked: Vec<Vec<(String, Vec<u8>)>>,
    /// What insertions pick from, inside the container.
    tokens: &'static [&'static [u8]],
}

/// A seed document's lines as paragraphs and table rows (Tika writes a cell as a line starting
/// with a tab; a blank line ends a row).
enum Piece {
    Paragraph(String),
    Row(Vec<String>),
}

fn pieces(text: &str, most_lines: usize) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut row: Vec<String> = Vec::new();
    for line in text.lines().take(most_lines) {
        if let Some(cell) = line.strip_prefix('\t') {
            row.push(cell.to_string());
            continue;
        }
        if !row.is_empty() {
            pieces.push(Piece::Row(std::mem::take(&mut row)));
        }
        if !line.trim().is_empty() {
            pieces.push(Piece::Paragraph(line.trim().to_string()));
        }
    }
    if !row.is_empty() {
        pieces.push(Piece::Row(row));
    }
    pieces
}

fn docx_seed(text: &str) -> Vec<u8> {
    let paragraph = |text: &str| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", escape(text));
    let mut body = String::new();
    let mut in_table = false;
    for piece in pieces(text, 400) {
        match piece {
            Piece::Paragraph(text) => {
                if in_table {
                    body.push_str("</w:tbl>");
                    in_table = false;
                }
                body.push_str(&paragraph(&text));
            }
            Piece::Row(cells) => {
                if !in_table {
                    body.push_str("<w:tbl>");
                    in_table = true;
                }
                body.push_str("<w:tr>");
                for (index, cell) in cells.iter().enumerate() {
                    let span = if index == 1 && cells.len() == 2 {
                        "<w:tcPr><w:gridSpan w:val=\"5\"/></w:tcPr>"
                    } else {
                        ""
                    };
                    body.push_str(&format!("<w:tc>{span}{}</w:tc>", paragraph(cell)));
                }
                body.push_str("</w:tr>");
            }
        }
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    docx(&body)
}

fn xlsx_seed(text: &str) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let merged = CellFormat::new();
    for (row, piece) in pieces(text, 300).into_iter().enumerate() {
        let row = row as u32;
        match piece {
            Piece::Paragraph(text) => {
                sheet
                    .merge_range(row, 0, row, 5, &text, &merged)
                    .expect("merge");
            }
            Piece::Row(cells) => {
                for (column, cell) in cells.iter().enumerate() {
                    match cell.parse::<f64>() {
                        Ok(number) => sheet.write_number(row, column as u16, number),
                        Err(_) => sheet.write_string(row, column as u16, cell),
                    }
                    .expect("cell");
                }
            }
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

fn ods_seed(text: &str) -> Vec<u8> {
    let cell = |text: &str, attributes: &str| match text.parse::<f64>() {
        Ok(number) => format!(
            "<table:table-cell office:value-type=\"float\" office:value=\"{number}\"{attributes}><text:p>{}</text:p></table:table-cell>",
            escape(text)
        ),
        Err(_) => format!(
            "<table:table-cell office:value-type=\"string\"{attributes}><text:p>{}</text:p></table:table-cell>",
            escape(text).replace("  ", " <text:s text:c=\"1\"/>")
        ),
    };
    let mut rows = String::new();
    for piece in pieces(text, 300) {
        rows.push_str("<table:table-row>");
        match piece {
            Piece::Paragraph(text) => {
                rows.push_str(&cell(&text, " table:number-columns-spanned=\"6\""));
                rows.push_str("<table:covered-table-cell table:number-columns-repeated=\"5\"/>");
            }
            Piece::Row(cells) => {
                for text in &cells {
                    rows.push_str(&cell(text, ""));
                }
                rows.push_str("<table:table-cell table:number-columns-repeated=\"1000\"/>");
            }
        }
        rows.push_str("</table:table-row>");
    }
    ods(&format!(
        "<table:table table:name=\"项目\">{rows}<table:table-row table:number-rows-repeated=\"1000\"><table:table-cell/></table:table-row></table:table>"
    ))
}

/// A seed as Excel saves a sheet as CSV: a paragraph alone in its first field, every row as wide
/// as the widest, fields with a comma, quote or line break quoted; every other seed in GBK.
fn csv_seed(text: &str, gbk: bool) -> Vec<u8> {
    let pieces = pieces(text, 300);
    let width = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Paragraph(_) => 1,
            Piece::Row(cells) => cells.len(),
        })
        .max()
        .unwrap_or(1)
        .max(5);
    let field = |text: &str| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    for piece in pieces {
        let mut fields = match piece {
            Piece::Paragraph(text) => vec![field(&text)],
            Piece::Row(cells) => cells.iter().map(|cell| field(cell)).collect(),
        };
        fields.resize(width, String::new());
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    if gbk {
        encoding_rs::GBK.encode(&out).0.into_owned()
    } else {
        out.into_bytes()
    }
}

fn xls_sheet(text: &str) -> XlsSheet {
    let mut sheet = XlsSheet {
        name: "项目".into(),
        cells: Vec::new(),
        merges: Vec::new(),
    };
    for (row, piece) in pieces(text, 200).into_iter().enumerate() {
        let row = row as u16;
        match piece {
            Piece::Paragraph(text) => {
                sheet.cells.push((row, 0, XlsValue::Text(text)));
                sheet.merges.push((row, row, 0, 5));
            }
            Piece::Row(cells) => {
                for (column, text) in cells.into_iter().enumerate() {
                    let value = match text.parse::<f64>() {
                        Ok(number) => XlsValue::Number(number),
                        Err(_) => XlsValue::Text(text),
                    };
                    sheet.cells.push((row, column as u16, value));
                }
            }
        }
    }
    sheet
}

const TEXT_TOKENS: &[&[u8]] = &[
    "\t".as_bytes(),
    "\n".as_bytes(),
    "\n\n".as_bytes(),
    "项目编码".as_bytes(),
    "项目名称".as_bytes(),
    "预算数".as_bytes(),
    "资金支出计划（%）".as_bytes(),
    "一级指标".as_bytes(),
    "二级指标".as_bytes(),
    "指标值".as_bytes(),
    "符号".as_bytes(),
    "≥".as_bytes(),
    "100%".as_bytes(),
    "单位：万元".as_bytes(),
    "[bookmark: x]".as_bytes(),
    "{ TC".as_bytes(),
    "2023年部门预算".as_bytes(),
    "\u{feff}".as_bytes(),
    b"\xff\xfe",
    b"\x00",
];

const CSV_TOKENS: &[&[u8]] = &[
    b",",
    b",,,,,,,,",
    b"\"",
    b"\"\"",
    b"\",\"",
    b"\r\n",
    b"\n",
    b"\t",
    "一级指标".as_bytes(),
    "三级指标".as_bytes(),
    "指标名称".as_bytes(),
    "项目名称".as_bytes(),
    "项目金额（元）".as_bytes(),
    "\"1,200,000.00\"".as_bytes(),
    "≥".as_bytes(),
    "\u{feff}".as_bytes(),
    b"\xff\xfe",
    b"\x00",
];

const DOCX_TOKENS: &[&[u8]] = &[
    b"<w:tbl>",
    b"</w:tbl>",
    b"<w:tr>",
    b"</w:tr>",
    b"<w:tc>",
    b"</w:tc>",
    b"<w:p>",
    b"</w:p>",
    b"<w:t>",
    b"</w:t>",
    b"<w:tcPr><w:gridSpan w:val=\"4294967295\"/></w:tcPr>",
    b"<w:tcPr><w:vMerge/></w:tcPr>",
    b"<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>",
    b"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
    b"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
    b"<w:instrText>",
    b"<w:tab/>",
    b"<w:br/>",
    b"&amp;",
    b"&#0;",
    b"&#x10FFFF;",
    b"&nosuch;",
    b"<![CDATA[x]]>",
    b"<!--",
    b"<w:sdt><w:sdt><w:sdt><w:sdt>",
];

const XLSX_TOKENS: &[&[u8]] = &[
    b"<c r=\"XFD1048576\" t=\"s\"><v>0</v></c>",
    b"<c r=\"A1048576\"><v>1</v></c>",
    b"<c r=\"XFD1\" t=\"inlineStr\"><is><t>x</t></is></c>",
    b"<c r=\"ZZZZZZ99999999999\"><v>1</v></c>",
    b"<c t=\"s\"><v>4294967295</v></c>",
    b"<c t=\"e\"><v>#N/A</v></c>",
    b"<c t=\"b\"><v>2</v></c>",
    b"<c t=\"d\"><v>x</v></c>",
    b"<c s=\"99999\"><v>1e308</v></c>",
    b"<row r=\"1048576\">",
    b"</row>",
    b"<mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>",
    b"<mergeCell ref=\"A1:A1048576\"/>",
    b"<mergeCell ref=\"B1:A1\"/>",
    b"<dimension ref=\"A1:XFD1048576\"/>",
    b"<si><t>x</t></si>",
    b"uniqueCount=\"4294967295\"",
    b"<f>SUM(A1:XFD1048576)</f>",
    b"<sheet name=\"x\" sheetId=\"9\" r:id=\"rId9\"/>",
    b"&#0;",
];

const ODS_TOKENS: &[&[u8]] = &[
    b" table:number-rows-repeated=\"1048576\"",
    b" table:number-columns-repeated=\"16384\"",
    b" table:number-columns-spanned=\"16384\"",
    b" table:number-rows-spanned=\"1048576\"",
    b" table:number-columns-repeated=\"-1\"",
    b"<text:s text:c=\"100000\"/>",
    b"<text:s text:c=\"99999999999\"/>",
    b"<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>",
    b"<table:table-cell office:value-type=\"float\" office:value=\"NaN\"/>",
    b"<table:table-cell office:value-type=\"float\" office:value=\"x\"/>",
    b"<table:table-cell office:boolean-value=\"true\"/>",
    b"<table:table-row>",
    b"</table:table-row>",
    b"<table:table table:name=\"y\">",
    b"</table:table>",
    b"<office:annotation><text:p>note</text:p>",
    b"</office:annotation>",
    b"<table:covered-table-cell/>",
    b"<text:p>",
    b"&#0;",
];

const XLS_TOKENS: &[&[u8]] = &[
    // Dimensions over every row.
    b"\x00\x02\x0e\x00\x00\x00\x00\x00\xff\xff\xff\xff\x00\x00\x00\x01\x00\x00",
    // Number at (65535, 65535).
    b"\x03\x02\x0e\x00\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\xf0\x3f",
    // LabelSst at (0, 255) of string 0.
    b"\xfd\x00\x0a\x00\x00\x00\xff\x00\x00\x00\x00\x00\x00\x00",
    // MulRk with its last column before its first.
    b"\xbd\x00\x0c\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    // Merged cells announcing more regions than they hold.
    b"\xe5\x00\x0a\x00\xff\x00\x00\x00\xff\xff\x00\x00\xff\x00",
    // Continue records.
    b"\x3c\x00\x00\x00\x3c\x00\x01\x00\x01",
    // BOF and EOF.
    b"\x09\x08\x10\x00\x00\x06\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    b"\x0a\x00\x00\x00",
    // Formula record at (1, 1).
    b"\x06\x00\x16\x00\x01\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x00\x00\x00\x00\x01\x00\x1e",
];

fn targets() -> Vec<Target> {
    let mut targets = seeded_targets();
    for target in &mut targets {
        if target.container == Container::Zip {
            target.unpacked = target
                .seeds
                .iter()
                .map(|seed| unzip(seed).expect("a seed unzips"))
                .collect();
        }
    }
    targets
}

fn seeded_targets() -> Vec<Target> {
    let text_seeds: Vec<Vec<u8>> = SEEDS
        .iter()
        .flat_map(|seed| {
            let mut end = seed.len().min(6_000);
            while !seed.is_char_boundary(end) {
                end -= 1;
            }
            [seed.as_bytes().to_vec(), seed.as_bytes()[..end].to_vec()]
        })
        .collect();
    vec![
        Target {
            name: "Tika text",
            container: Container::None,
            seeds: text_seeds,
            tokens: TEXT_TOKENS,
            unpacked: Vec::new(),
        },
        Target {
            name: "CSV",
            container: Container::None,
            seeds: SEEDS
                .iter()
                .enumerate()
                .map(|(index, seed)| csv_seed(seed, index % 2 == 1))
                .collect(),
            tokens: CSV_TOKENS,
            unpacked: Vec::new(),
        },
        Target {
            name: ".docx",
            container: Container::Zip,
            seeds: SEEDS.iter().map(|seed| docx_seed(seed)).collect(),
            tokens: DOCX_TOKENS,
            unpacked: Vec::new(),
        },
        Target {
            name: ".xlsx",
            container: Container::Zip,
            seeds: SEEDS.iter().map(|seed| xlsx_seed(seed)).collect(),
            tokens: XLSX_TOKENS,
            unpacked: Vec::new(),
        },
        Target {
            name: ".ods",
            container: Container::Zip,
            seeds: SEEDS.iter().map(|seed| ods_seed(seed)).collect(),
            tokens: ODS_TOKENS,
            unpacked: Vec::new(),
        },
        Target {
            name: ".xls",
            container: Container::Compound,
            seeds: SEEDS.iter().map(|seed| xls(&[xls_sheet(seed)])).collect(),
            tokens: XLS_TOKENS,
            unpacked: Vec::new(),
        },
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Flip {
        at: Index,
        mask: u8,
    },
    Truncate {
        at: Index,
    },
    Insert {
        at: Index,
        token: Index,
    },
    InsertBytes {
        at: Index,
        bytes: Vec<u8>,
    },
    Delete {
        at: Index,
        len: usize,
    },
    Repeat {
        at: Index,
        len: usize,
        times: usize,
    },
    /// Text: replace a run of digits with an extreme number; binary: overwrite with one.
    Number {
        at: Index,
        value: Index,
    },
}

#[derive(Debug, Clone)]
struct Case {
    seed: Index,
    /// Edit one part inside the container (which one), or the whole file.
    part: Option<Index>,
    edits: Vec<Edit>,
}

const TEXT_NUMBERS: [&str; 14] = [
    "0",
    "1",
    "-1",
    "16384",
    "16385",
    "65536",
    "1048576",
    "1048577",
    "2147483648",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "1e308",
    "NaN",
];
const BINARY_NUMBERS: [u32; 7] = [0, 1, 0xFF, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFF];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), 1..=255_u8).prop_map(|(at, mask)| Edit::Flip { at, mask }),
        1 => any::<Index>().prop_map(|at| Edit::Truncate { at }),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(at, token)| Edit::Insert { at, token }),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Edit::InsertBytes { at, bytes }),
        2 => (any::<Index>(), 1..256_usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        1 => (any::<Index>(), 1..128_usize, 1..64_usize)
            .prop_map(|(at, len, times)| Edit::Repeat { at, len, times }),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(at, value)| Edit::Number { at, value }),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<Index>(),
        prop::option::weighted(0.8, any::<Index>()),
        prop::collection::vec(edit(), 1..5),
    )
        .prop_map(|(seed, part, edits)| Case { seed, part, edits })
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit, tokens: &[&[u8]], text: bool) {
    let position = |at: &Index, len: usize| at.index(len + 1);
    match edit {
        Edit::Flip { at, mask } => {
            if !bytes.is_empty() {
                let at = at.index(bytes.len());
                bytes[at] ^= mask;
            }
        }
        Edit::Truncate { at } => bytes.truncate(position(at, bytes.len())),
        Edit::Insert { at, token } if !tokens.is_empty() => {
            let at = position(at, bytes.len());
            let token = tokens[token.index(tokens.len())];
            bytes.splice(at..at, token.iter().copied());
        }
        Edit::Insert { .. } => {}
        Edit::InsertBytes {
            at,
            bytes: inserted,
        } => {
            let at = position(at, bytes.len());
            bytes.splice(at..at, inserted.iter().copied());
        }
        Edit::Delete { at, len } => {
            let at = position(at, bytes.len());
            let end = (at + len).min(bytes.len());
            bytes.drain(at..end);
        }
        Edit::Repeat { at, len, times } => {
            let at = position(at, bytes.len());
            let end = (at + len).min(bytes.len());
            let piece = bytes[at..end].to_vec();
            for _ in 0..*times {
                bytes.splice(end..end, piece.iter().copied());
            }
        }
        Edit::Number { at, value } if text => {
            let runs: Vec<(usize, usize)> = digit_runs(bytes);
            if let Some(&(start, end)) = runs.get(at.index(runs.len().max(1))) {
                let number = TEXT_NUMBERS[value.index(TEXT_NUMBERS.len())];
                bytes.splice(start..end, number.bytes());
            }
        }
        Edit::Number { at, value } => {
            let number = BINARY_NUMBERS[value.index(BINARY_NUMBERS.len())].to_le_bytes();
            let width = if value.index(2) == 0 { 2 } else { 4 };
            if bytes.len() >= width {
                let at = at.index(bytes.len() - width + 1);
                bytes[at..at + width].copy_from_slice(&number[..width]);
            }
        }
    }
}

fn digit_runs(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (index, byte) in bytes.iter().enumerate() {
        match (byte.is_ascii_digit(), start) {
            (true, None) => start = Some(index),
            (false, Some(first)) => {
                runs.push((first, index));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(first) = start {
        runs.push((first, bytes.len()));
    }
    runs
}

/// The input of one case: the seed with the edits applied, inside or outside its container.
fn mutate(target: &Target, case: &Case) -> Vec<u8> {
    let seed_index = case.seed.index(target.seeds.len());
    let seed = &target.seeds[seed_index];
    let edit_all = |bytes: &mut Vec<u8>, tokens: &[&[u8]], text: bool| {
        for edit in &case.edits {
            apply(bytes, edit, tokens, text);
        }
    };
    match (target.container, &case.part) {
        (Container::Zip, Some(part)) => {
            let mut entries = target.unpacked[seed_index].clone();
            let xml_parts: Vec<usize> = (0..entries.len())
                .filter(|&i| entries[i].0.ends_with(".xml") || entries[i].0.ends_with(".rels"))
                .collect();
            if xml_parts.is_empty() {
                return seed.clone();
            }
            let chosen = xml_parts[part.index(xml_parts.len())];
            edit_all(&mut entries[chosen].1, target.tokens, true);
            rezip(&entries)
        }
        (Container::Compound, Some(_)) => {
            let mut stream = xls_workbook_stream(&[xls_sheet(SEEDS[seed_index])]);
            edit_all(&mut stream, target.tokens, false);
            support::compound_file(&stream)
        }
        (Container::None, part) => {
            let mut bytes = seed.clone();
            edit_all(&mut bytes, target.tokens, true);
            // Mostly text that decodes, so the edits reach the recogniser.
            if part.is_some() {
                bytes = String::from_utf8_lossy(&bytes).into_owned().into_bytes();
            }
            bytes
        }
        (_, None) => {
            let mut bytes = seed.clone();
            edit_all(&mut bytes, &[], false);
            bytes
        }
    }
}

#[derive(Default)]
struct Figures {
    executions: u64,
    read: u64,
    refused: u64,
    slowest: Duration,
    failures: Vec<String>,
}

/// Panics seen by the hook, caught or not: (count, first few locations).
static PANICS: AtomicUsize = AtomicUsize::new(0);
static PANIC_PLACES: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn count_panics() {
    std::panic::set_hook(Box::new(|info| {
        PANICS.fetch_add(1, Ordering::Relaxed);
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let mut places = PANIC_PLACES.lock().unwrap_or_else(|e| e.into_inner());
        if !places.contains(&place) && places.len() < 20 {
            places.push(place);
        }
    }));
}

/// Stops the whole run when one input takes longer than [`HANG`] (it cannot be interrupted).
fn watch_for_hangs(
    started_ms: Arc<AtomicU64>,
    current: Arc<Mutex<Vec<u8>>>,
    done: Arc<AtomicBool>,
    clock: Instant,
) {
    std::thread::spawn(move || {
        while !done.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(500));
            let started = started_ms.load(Ordering::Relaxed);
            let now = clock.elapsed().as_millis() as u64;
            if started != u64::MAX && now.saturating_sub(started) > HANG.as_millis() as u64 {
                let input = current.lock().unwrap_or_else(|e| e.into_inner());
                let path = save("fuzz-hang.bin", &input);
                eprintln!("fuzz: an input has run for {HANG:?}: {path}");
                std::process::exit(101);
            }
        }
    });
}

fn save(name: &str, bytes: &[u8]) -> String {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::write(&path, bytes);
    path.display().to_string()
}

/// Peak resident memory of this process so far, from /proc (Linux).
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024)
}

#[test]
fn every_reader_survives_mutated_seeds() {
    let seconds: Option<u64> = std::env::var("JIXIAO_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok());
    let seed: u64 = std::env::var("JIXIAO_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let targets = targets();
    for target in &targets {
        for (index, seed) in target.seeds.iter().enumerate() {
            let parsed = jixiao_ingest::parse_bytes(seed);
            assert!(parsed.is_ok(), "{} seed {index}: {parsed:?}", target.name);
        }
    }
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(
            RngAlgorithm::ChaCha,
            &[seed.to_le_bytes(), [7; 8], [0; 8], [1; 8]].concat(),
        ),
    );
    let strategy = case();
    count_panics();
    let clock = Instant::now();
    let started_ms = Arc::new(AtomicU64::new(u64::MAX));
    let done = Arc::new(AtomicBool::new(false));
    let current = Arc::new(Mutex::new(Vec::new()));
    watch_for_hangs(started_ms.clone(), current.clone(), done.clone(), clock);

    let deadline = seconds.map(|s| clock + Duration::from_secs(s));
    let mut figures: Vec<Figures> = targets.iter().map(|_| Figures::default()).collect();
    let mut round = 0;
    loop {
        match deadline {
            Some(deadline) if Instant::now() >= deadline => break,
            None if round == DEFAULT_CASES => break,
            _ => {}
        }
        for (target, figures) in targets.iter().zip(&mut figures) {
            let case = strategy.new_tree(&mut runner).expect("a case").current();
            let input = mutate(target, &case);
            current
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone_from(&input);
            started_ms.store(clock.elapsed().as_millis() as u64, Ordering::Relaxed);
            let began = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| jixiao_ingest::parse_bytes(&input)));
            let took = began.elapsed();
            started_ms.store(u64::MAX, Ordering::Relaxed);
            figures.executions += 1;
            figures.slowest = figures.slowest.max(took);
            match outcome {
                Ok(Ok(_)) => figures.read += 1,
                Ok(Err(_)) => figures.refused += 1,
                Err(_) => {
                    let n = figures.failures.len();
                    let path = save(
                        &format!("fuzz-panic-{}-{n}.bin", target.name.trim_start_matches('.')),
                        &input,
                    );
                    figures.failures.push(format!("panic: {case:?} → {path}"));
                }
            }
            if took > SLOW {
                let n = figures.failures.len();
                let path = save(
                    &format!("fuzz-slow-{}-{n}.bin", target.name.trim_start_matches('.')),
                    &input,
                );
                figures
                    .failures
                    .push(format!("{took:?}: {case:?} → {path}"));
            }
        }
        round += 1;
    }
    done.store(true, Ordering::Relaxed);
    let _ = std::panic::take_hook();

    let elapsed = clock.elapsed();
    println!("fuzz: {:.1} s, seed {seed}", elapsed.as_secs_f64());
    for (target, figures) in targets.iter().zip(&figures) {
        println!(
            "fuzz: {:<10} {:>7} executions ({:.0}/s), {} read, {} refused, slowest {:?}, {} failures",
            target.name,
            figures.executions,
            figures.executions as f64 / elapsed.as_secs_f64(),
            figures.read,
            figures.refused,
            figures.slowest,
            figures.failures.len()
        );
        for failure in &figures.failures {
            println!("fuzz:     {failure}");
        }
    }
    let places = PANIC_PLACES.lock().unwrap_or_else(|e| e.into_inner());
    println!(
        "fuzz: {} panics inside the readers were caught and returned as errors; at: {places:?}",
        PANICS.load(Ordering::Relaxed)
    );
    if let Some(peak) = peak_memory_mb() {
        println!("fuzz: peak resident memory {peak} MB");
    }
    let failures: usize = figures.iter().map(|f| f.failures.len()).sum();
    assert_eq!(failures, 0, "inputs that panicked or were slow (see above)");
}
