//! Open data as Parquet: the indicator records with the open-data schema's columns and names
//! (`schema/indicators.schema.json`), integers as integers and every other value as text —
//! amounts and numbers too, so they stay exact (`CAST(project_budget_yuan AS DECIMAL(20,2))`).
//! The CLI writes one file per fiscal year under `fiscal_year=YYYY/` folders, which DuckDB, Spark,
//! pandas and DataFusion read as one table partitioned by year.

use std::sync::Arc;

use jixiao_model::Document;
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::PublishError;
use crate::opendata::{SCHEMA_JSON, records};

/// Rows per row group: the records kept in memory before they are written, per year.
const ROW_GROUP: usize = 10_000;

/// (name, whether an integer) of each open-data column, in the schema's order.
fn columns() -> Result<Vec<(String, bool)>, PublishError> {
    let schema: serde_json::Value =
        serde_json::from_str(SCHEMA_JSON).map_err(|e| PublishError::Data(e.to_string()))?;
    let fields = schema["fields"]
        .as_array()
        .ok_or_else(|| PublishError::Data("开放数据模式没有字段".into()))?;
    Ok(fields
        .iter()
        .filter_map(|f| {
            let name = f["name"].as_str()?.to_string();
            Some((name, f["type"] == "integer"))
        })
        .collect())
}

fn error(e: parquet::errors::ParquetError) -> PublishError {
    PublishError::Data(format!("Parquet：{e}"))
}

/// The documents' indicator records as one Parquet file.
pub fn to_parquet(documents: &[&Document]) -> Result<Vec<u8>, PublishError> {
    let mut writer = ParquetWriter::new(Vec::new())?;
    for document in documents {
        writer.add(document)?;
    }
    writer.finish()
}

/// A Parquet file written as documents are added, a row group at a time, so an export of any
/// size holds at most [`ROW_GROUP`] records in memory.
pub struct ParquetWriter<W: std::io::Write + Send> {
    writer: SerializedFileWriter<W>,
    columns: Vec<(String, bool)>,
    pending: Vec<serde_json::Map<String, serde_json::Value>>,
}

impl<W: std::io::Write + Send> ParquetWriter<W> {
    pub fn new(out: W) -> Result<ParquetWriter<W>, PublishError> {
        let columns = columns()?;
        let message = columns
            .iter()
            .map(|(name, integer)| {
                if *integer {
                    format!("OPTIONAL INT64 {name};")
                } else {
                    format!("OPTIONAL BYTE_ARRAY {name} (UTF8);")
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let schema = Arc::new(
            parse_message_type(&format!("message indicators {{ {message} }}")).map_err(error)?,
        );
        let properties = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build(),
        );
        Ok(ParquetWriter {
            writer: SerializedFileWriter::new(out, schema, properties).map_err(error)?,
            columns,
            pending: Vec::new(),
        })
    }

    pub fn add(&mut self, document: &Document) -> Result<(), PublishError> {
        for record in records(document) {
            match serde_json::to_value(record) {
                Ok(serde_json::Value::Object(map)) => self.pending.push(map),
                _ => return Err(PublishError::Data("指标记录无法转换".into())),
            }
        }
        if self.pending.len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rest and the file's footer; answers what it was written to.
    pub fn finish(mut self) -> Result<W, PublishError> {
        self.flush()?;
        self.writer.into_inner().map_err(error)
    }

    fn flush(&mut self) -> Result<(), PublishError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.pending);
        let mut group = self.writer.next_row_group().map_err(error)?;
        let mut at = 0;
        while let Some(mut column) = group.next_column().map_err(error)? {
            let (name, integer) = &self.columns[at];
            let values = rows.iter().map(|row| row.get(name));
            let levels: Vec<i16> = values
                .clone()
                .map(|v| i16::from(v.is_some_and(|v| !v.is_null())))
                .collect();
            if *integer {
                let numbers: Vec<i64> = values.filter_map(|v| v.and_then(|v| v.as_i64())).collect();
                column
                    .typed::<Int64Type>()
                    .write_batch(&numbers, Some(&levels), None)
                    .map_err(error)?;
            } else {
                let texts: Vec<ByteArray> = values
                    .filter_map(|v| match v? {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(text) => Some(ByteArray::from(text.as_str())),
                        other => Some(ByteArray::from(other.to_string().as_str())),
                    })
                    .collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&texts, Some(&levels), None)
                    .map_err(error)?;
            }
            column.close().map_err(error)?;
            at += 1;
        }
        group.close().map_err(error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    use super::*;

    #[test]
    fn every_record_reads_back_with_every_value() {
        let seeds = [
            include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt"),
            include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt"),
        ];
        let documents: Vec<Document> = seeds
            .iter()
            .map(|s| jixiao_ingest::parse_tika_text(s).document)
            .collect();
        let references: Vec<&Document> = documents.iter().collect();
        let bytes = to_parquet(&references).expect("parquet");
        let path = std::env::temp_dir().join(format!("jixiao-{}.parquet", std::process::id()));
        std::fs::write(&path, &bytes).expect("write");
        let reader = SerializedFileReader::new(std::fs::File::open(&path).expect("open"))
            .expect("a Parquet file");
        let expected: Vec<serde_json::Value> = references
            .iter()
            .flat_map(|d| records(d))
            .map(|r| serde_json::to_value(r).expect("json"))
            .collect();
        assert!(expected.len() > 100);
        let mut read = 0;
        for (row, wanted) in reader.get_row_iter(None).expect("rows").zip(&expected) {
            let row = row.expect("row");
            for (name, field) in row.get_column_iter() {
                let value = &wanted[name.as_str()];
                let same = match field {
                    Field::Null => value.is_null(),
                    Field::Long(n) => value.as_i64() == Some(*n),
                    Field::Str(text) => value.as_str() == Some(text.as_str()),
                    _ => false,
                };
                assert!(same, "{name}: {field:?} for {value}");
            }
            read += 1;
        }
        assert_eq!(read, expected.len());
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_large_export_is_written_a_row_group_at_a_time() {
        let document = jixiao_ingest::parse_tika_text(include_str!(
            "../../../tests/data/seeds/002_bb86cba2b38667c2.txt"
        ))
        .document;
        let copies = ROW_GROUP / records(&document).len() + 2;
        let references: Vec<&Document> = (0..copies).map(|_| &document).collect();
        let bytes = to_parquet(&references).expect("parquet");
        let path =
            std::env::temp_dir().join(format!("jixiao-groups-{}.parquet", std::process::id()));
        std::fs::write(&path, &bytes).expect("write");
        let reader = SerializedFileReader::new(std::fs::File::open(&path).expect("open"))
            .expect("a Parquet file");
        let metadata = reader.metadata();
        assert!(metadata.num_row_groups() >= 2);
        assert_eq!(
            metadata.file_metadata().num_rows() as usize,
            copies * records(&document).len()
        );
        let _ = std::fs::remove_file(path);
    }
}
