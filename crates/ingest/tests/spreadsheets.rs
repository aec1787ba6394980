//! Spreadsheets (.xlsx, .ods, .xls) are read by the cells they hold, whatever range they declare:
//! a few kilobytes can declare 17 billion cells, and none of that may be allocated.

use std::time::{Duration, Instant};

use jixiao_ingest::{IngestError, Parsed, parse_bytes, sheet_rows};
use rust_xlsxwriter::{Format, Workbook};

use crate::support::{XlsSheet, XlsValue, ods, ods_cell, rezip, unzip, xls};

/// Reading must finish quickly (and so within bounded memory: nothing dense is built).
fn timed<T>(read: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = read();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    result
}

/// Read, or refused with a message naming the sheet; never a crash.
fn read_or_refused(result: Result<Parsed, IngestError>, sheet: &str) -> Option<Parsed> {
    match result {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            assert!(
                error.to_string().contains(&format!("“{sheet}”")),
                "the refusal names the sheet: {error}"
            );
            None
        }
    }
}

fn xlsx(fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1").expect("name");
    fill(sheet);
    workbook.save_to_buffer().expect("xlsx written")
}

/// The rows of a small project table, as jixiao's own export lays them out.
const PROJECT: [&[&str]; 4] = [
    &[
        "项目编码",
        "13022923P00JXC414284D",
        "项目名称",
        "环保督查经费",
    ],
    &["一级指标", "二级指标", "三级指标", "指标值"],
    &["产出指标", "数量指标", "接待次数", "≥4次"],
    &["", "成本指标", "接待成本", "≤10.5万元"],
];
const TITLE: &str = "1.环保督查经费绩效目标表";

fn assert_project(parsed: &Parsed) {
    let document = &parsed.document;
    assert_eq!(document.projects.len(), 1, "{:#?}", parsed.diagnostics);
    let project = &document.projects[0];
    assert_eq!(project.title.as_deref(), Some(TITLE));
    assert_eq!(project.code.as_deref(), Some("13022923P00JXC414284D"));
    assert_eq!(project.name, "环保督查经费");
    assert_eq!(project.indicators.len(), 2);
    assert_eq!(project.indicators[1].level1.raw, "产出指标");
}

#[test]
fn xlsx_declaring_the_whole_grid_with_two_cells_is_read_by_its_cells() {
    let bytes = xlsx(|sheet| {
        sheet.write_string(0, 0, "x").expect("A1");
        sheet
            .write_string(1_048_575, 16_383, "x")
            .expect("XFD1048576");
    });
    assert!(bytes.len() < 10_000, "a small file: {} bytes", bytes.len());
    let parsed = timed(|| parse_bytes(&bytes));
    read_or_refused(parsed, "Sheet1");
    let rows = timed(|| sheet_rows(&bytes)).expect("two cells are readable");
    assert_eq!(rows, vec![vec!["x", ""], vec!["", "x"]]);
}

#[test]
fn xlsx_merged_over_the_whole_grid_is_refused_naming_the_sheet() {
    // rust_xlsxwriter fills a merged range with blank cells, so the merge is widened afterwards.
    let small = xlsx(|sheet| {
        sheet
            .merge_range(0, 0, 1, 1, "x", &Format::new())
            .expect("merge");
        sheet.write_string(1_048_575, 16_383, "y").expect("corner");
    });
    let mut entries = unzip(&small).expect("zip");
    for (name, content) in &mut entries {
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(content.clone()).expect("UTF-8");
            assert!(xml.contains("ref=\"A1:B2\""), "{xml}");
            *content = xml
                .replace("ref=\"A1:B2\"", "ref=\"A1:XFD1048576\"")
                .into_bytes();
        }
    }
    let bytes = rezip(&entries);
    let error = timed(|| parse_bytes(&bytes)).expect_err("17 billion cells to lay out");
    assert!(matches!(error, IngestError::TooLarge(_)), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("“Sheet1”") && message.contains("过大"),
        "{message}"
    );
}

#[test]
fn a_normal_xlsx_still_reads_with_its_merged_title() {
    let bytes = xlsx(|sheet| {
        sheet
            .merge_range(0, 0, 0, 3, TITLE, &Format::new())
            .expect("title");
        for (row, cells) in PROJECT.iter().enumerate() {
            for (column, text) in cells.iter().enumerate() {
                if !text.is_empty() {
                    sheet
                        .write_string(row as u32 + 1, column as u16, *text)
                        .expect("cell");
                }
            }
        }
        sheet
            .merge_range(3, 0, 4, 0, "产出指标", &Format::new())
            .expect("category");
    });
    assert_project(&parse_bytes(&bytes).expect("xlsx read"));
    let rows = sheet_rows(&bytes).expect("rows");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0], vec![TITLE, "", "", ""]);
    assert_eq!(rows[1], PROJECT[0]);
}

fn ods_project() -> String {
    let title = format!(
        "<table:table-row><table:table-cell office:value-type=\"string\" table:number-columns-spanned=\"4\"><text:p>{TITLE}</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated=\"3\"/></table:table-row>"
    );
    let rows: String = PROJECT
        .iter()
        .map(|cells| {
            let cells: String = cells
                .iter()
                .map(|text| {
                    if text.is_empty() {
                        "<table:table-cell/>".to_string()
                    } else {
                        ods_cell(text)
                    }
                })
                .collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect();
    format!("{title}{rows}")
}

#[test]
fn a_normal_ods_still_reads() {
    let bytes = ods(&format!(
        "<table:table table:name=\"项目\"><table:table-column table:number-columns-repeated=\"1024\"/>{}<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row></table:table>",
        ods_project()
    ));
    assert_project(&timed(|| parse_bytes(&bytes)).expect("ods read"));
    let rows = sheet_rows(&bytes).expect("rows");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[2], PROJECT[1]);
}

#[test]
fn ods_values_read_as_calamine_reads_them() {
    let bytes = ods(concat!(
        "<table:table table:name=\"Sheet1\"><table:table-row>",
        "<table:table-cell office:value-type=\"string\"><office:annotation><text:p>批注</text:p></office:annotation>",
        "<text:p>甲<text:s text:c=\"2\"/>乙</text:p><text:p>丙&amp;丁</text:p></table:table-cell>",
        "<table:table-cell office:value-type=\"float\" office:value=\"10.50\"><text:p>10.5万</text:p></table:table-cell>",
        "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"/>",
        "<table:table-cell office:value-type=\"string\" office:string-value=\"属性\"><text:p>正文</text:p></table:table-cell>",
        "</table:table-row></table:table>"
    ));
    assert_eq!(
        sheet_rows(&bytes).expect("rows"),
        vec![vec!["甲  乙\n丙&丁", "10.5", "是", "属性"]]
    );
}

#[test]
fn ods_repeating_empty_rows_and_columns_is_read_by_its_cells() {
    let bytes = ods(&format!(
        "<table:table table:name=\"Sheet1\"><table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated=\"1048574\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated=\"16383\"/>{}</table:table-row></table:table>",
        ods_cell("x"),
        ods_cell("x")
    ));
    read_or_refused(timed(|| parse_bytes(&bytes)), "Sheet1");
    let rows = timed(|| sheet_rows(&bytes)).expect("two cells are readable");
    assert_eq!(rows, vec![vec!["x", ""], vec!["", "x"]]);
}

#[test]
fn ods_repeating_a_filled_cell_over_the_grid_is_refused_naming_the_sheet() {
    let bytes = ods(
        "<table:table table:name=\"Sheet1\"><table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16384\"/></table:table-row></table:table>",
    );
    assert!(bytes.len() < 2_000);
    let error = timed(|| parse_bytes(&bytes)).expect_err("17 billion cells");
    assert!(matches!(error, IngestError::TooLarge(_)), "{error:?}");
    assert!(error.to_string().contains("“Sheet1”"), "{error}");

    let spaces = ods(
        "<table:table table:name=\"Sheet1\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>x<text:s text:c=\"4000000000\"/></text:p></table:table-cell></table:table-row></table:table>",
    );
    let error = timed(|| parse_bytes(&spaces)).expect_err("4 GB of spaces");
    assert!(error.to_string().contains("“Sheet1”"), "{error}");
}

fn xls_text(row: u16, column: u16, text: &str) -> (u16, u16, XlsValue) {
    (row, column, XlsValue::Text(text.to_string()))
}

#[test]
fn a_normal_xls_still_reads() {
    let mut cells = vec![xls_text(0, 0, TITLE)];
    for (row, texts) in PROJECT.iter().enumerate() {
        for (column, text) in texts.iter().enumerate() {
            if !text.is_empty() {
                cells.push(xls_text(row as u16 + 1, column as u16, text));
            }
        }
    }
    let bytes = xls(&[XlsSheet {
        name: "项目".into(),
        cells,
        merges: vec![(0, 0, 0, 3), (3, 4, 0, 0)],
    }]);
    assert_project(&parse_bytes(&bytes).expect("xls read"));

    let numbers = xls(&[XlsSheet {
        name: "Sheet1".into(),
        cells: vec![xls_text(0, 0, "x"), (1, 1, XlsValue::Number(10.5))],
        merges: Vec::new(),
    }]);
    assert_eq!(
        sheet_rows(&numbers).expect("rows"),
        vec![vec!["x", ""], vec!["", "10.5"]]
    );
}

#[test]
fn xls_cells_far_apart_are_refused_before_calamine_allocates() {
    // calamine would allocate 65,536 × 65,536 cells (128 GiB) for these two.
    let bytes = xls(&[XlsSheet {
        name: "Sheet1".into(),
        cells: vec![xls_text(0, 0, "x"), xls_text(65_535, 65_535, "x")],
        merges: Vec::new(),
    }]);
    let error = timed(|| parse_bytes(&bytes)).expect_err("refused");
    assert!(matches!(error, IngestError::TooLarge(_)), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("“Sheet1”") && message.contains("只有 2 个单元格有内容"),
        "{message}"
    );
}

#[test]
fn xls_declaring_four_billion_rows_is_refused() {
    let mut bytes = xls(&[XlsSheet {
        name: "Sheet1".into(),
        cells: vec![xls_text(0, 0, "x")],
        merges: Vec::new(),
    }]);
    // calamine would reserve room for 2^32 × 256 cells on reading this Dimensions record.
    let dimensions = bytes
        .windows(4)
        .position(|w| w == [0x00, 0x02, 14, 0])
        .expect("Dimensions record");
    bytes[dimensions + 8..dimensions + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    bytes[dimensions + 14..dimensions + 16].copy_from_slice(&256_u16.to_le_bytes());
    let error = timed(|| parse_bytes(&bytes)).expect_err("refused");
    assert!(
        matches!(&error, IngestError::TooLarge(why) if why.contains("“Sheet1”")),
        "{error:?}"
    );
}

#[test]
fn xls_whose_sector_chain_loops_is_refused() {
    let mut bytes = xls(&[XlsSheet {
        name: "Sheet1".into(),
        cells: vec![xls_text(0, 0, "x")],
        merges: Vec::new(),
    }]);
    // The directory sector's FAT entry points back at itself: calamine would follow it forever.
    let directory_sector = u32::from_le_bytes(bytes[48..52].try_into().expect("4 bytes"));
    let first_fat_sector = u32::from_le_bytes(bytes[76..80].try_into().expect("4 bytes"));
    let entry = 512 * (first_fat_sector as usize + 1) + 4 * directory_sector as usize;
    bytes[entry..entry + 4].copy_from_slice(&directory_sector.to_le_bytes());
    assert!(timed(|| sheet_rows(&bytes)).is_err());
    assert!(timed(|| parse_bytes(&bytes)).is_err());
}

#[test]
fn a_panic_inside_calamine_is_an_error() {
    // A merge record announcing more regions than it holds makes calamine index past its end.
    let mut bytes = xls(&[XlsSheet {
        name: "Sheet1".into(),
        cells: vec![xls_text(0, 0, "x")],
        merges: vec![(0, 0, 0, 1)],
    }]);
    let merge_record = bytes
        .windows(4)
        .position(|w| w == [0xE5, 0x00, 10, 0])
        .expect("merge record");
    bytes[merge_record + 4] = 200;
    let error = sheet_rows(&bytes).expect_err("damaged");
    assert!(matches!(error, IngestError::Broken(_)), "{error:?}");
}

#[test]
fn numbers_shown_as_percentages_are_read_as_percentages() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let percent = Format::new().set_num_format("0%");
    let percent_2 = Format::new().set_num_format("0.00%");
    let quoted = Format::new().set_num_format("0\"%\"");
    for (column, header) in ["序号", "实际完成值", "合格率", "金额", "字面百分号"]
        .iter()
        .enumerate()
    {
        sheet
            .write_string(0, column as u16, *header)
            .expect("header");
    }
    sheet.write_number(1, 0, 1).expect("cell");
    sheet
        .write_number_with_format(1, 1, 0.96, &percent)
        .expect("cell");
    sheet
        .write_number_with_format(1, 2, 0.125, &percent_2)
        .expect("cell");
    sheet.write_number(1, 3, 0.96).expect("cell");
    sheet
        .write_number_with_format(1, 4, 96, &quoted)
        .expect("cell");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let rows = sheet_rows(&bytes).expect("rows");
    assert_eq!(rows[1], ["1", "96%", "12.5%", "0.96", "96"]);
}
