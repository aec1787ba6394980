//! Publishing: the standard tables (项目支出绩效目标表 and the department section) as .docx and
//! .xlsx, and open data (one row per indicator) as CSV and JSON with a documented schema.
//!
//! Pure: a `Document` in, bytes out. What jixiao writes, jixiao's importer reads back.

mod docx;
mod layout;
mod opendata;
mod parquet;
mod template;
mod tracking;
mod xlsx;

pub use docx::to_docx;
pub use opendata::{
    CsvHeader, IndicatorRecord, SCHEMA_JSON, csv_rows, csv_start, csv_start_with, json_items,
    records, spreadsheet_safe, to_csv, to_json,
};
pub use parquet::{ParquetWriter, to_parquet};
pub use template::{Choice, MONITOR_CHOICES, SELF_EVALUATION_CHOICES, template_xlsx};
pub use tracking::{Tracked, evaluation_docx, evaluation_xlsx, monitor_docx, monitor_xlsx};
pub use xlsx::{to_xlsx, to_xlsx_beside};

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("生成 Word 文件失败：{0}")]
    Docx(String),
    #[error("生成 Excel 文件失败：{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("生成开放数据失败：{0}")]
    Data(String),
}
