//! End-to-end tests of `jixiao export` and of importing what it writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/seeds")
        .join(name)
}

fn jixiao(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["--database", database])
        .args(args)
        .env_remove("JIXIAO_DATABASE_URL")
        .output()
        .expect("run jixiao")
}

#[test]
fn exports_from_the_database_and_imports_them_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("e.db").display());
    assert!(jixiao(&database, &["demo"]).status.success());
    let path = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_string();

    let docx = path("乐亭.docx");
    let output = jixiao(
        &database,
        &["export", "--format", "docx", "--unit", "乐亭", "-o", &docx],
    );
    assert!(output.status.success(), "{output:?}");
    let xlsx = path("乐亭.xlsx");
    assert!(
        jixiao(
            &database,
            &["export", "--format", "xlsx", "--unit", "乐亭", "-o", &xlsx]
        )
        .status
        .success()
    );

    for file in [&docx, &xlsx] {
        let parsed = jixiao(&database, &["parse", "--json", file]);
        assert!(parsed.status.success(), "{parsed:?}");
        let report: serde_json::Value = serde_json::from_slice(&parsed.stdout).expect("JSON");
        let projects = report["projects"].as_array().expect("projects");
        assert_eq!(projects.len(), 11, "{file}");
        let indicators: usize = projects
            .iter()
            .map(|p| p["indicators"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(indicators, 101, "{file}");
        assert_eq!(
            projects[2]["budget"]["total_yuan"]
                .as_str()
                .map(|s| s.parse::<f64>().ok()),
            Some(Some(1_700_000.0))
        );
    }
    // Re-importing the same unit and year from Word replaces the stored text version.
    let again = jixiao(&database, &["import", &docx]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("替换 1"),
        "{again:?}"
    );

    let one = path("one.docx");
    assert!(
        jixiao(
            &database,
            &[
                "export",
                "--format",
                "docx",
                "--project",
                "13022524P00F04E10036T",
                "-o",
                &one
            ]
        )
        .status
        .success()
    );
    let parsed = jixiao(&database, &["parse", "--json", &one]);
    let report: serde_json::Value = serde_json::from_slice(&parsed.stdout).expect("JSON");
    assert_eq!(report["projects"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["projects"][0]["name"], "电子政务中心城乡一体化经费");

    let many = jixiao(
        &database,
        &["export", "--format", "docx", "-o", &path("all.docx")],
    );
    assert_eq!(
        many.status.code(),
        Some(2),
        "Word exports one unit at a time"
    );
}

#[test]
fn open_data_has_one_row_per_indicator_and_a_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("open.csv");
    let seeds = seed("");
    let output = jixiao(
        "sqlite::memory:",
        &[
            "export",
            "--format",
            "csv",
            "-o",
            csv.to_str().expect("path"),
            "--from",
            seeds.to_str().expect("path"),
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let text = std::fs::read_to_string(&csv).expect("csv");
    let text = text.strip_prefix('\u{feff}').expect("BOM for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 54 + 50 + 167 + 21 + 101);
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    assert_eq!(&rows[0][column("target")], "≥90百分比");
    assert_eq!(&rows[0][column("project_budget_yuan")], "100000.00");
    assert_eq!(&rows[0][column("unit_code")], "418001");

    let schema_path = dir.path().join("schema.json");
    assert!(
        jixiao(
            "sqlite::memory:",
            &[
                "export",
                "--format",
                "schema",
                "-o",
                schema_path.to_str().expect("path")
            ]
        )
        .status
        .success()
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).expect("schema"))
            .expect("JSON");
    let fields: Vec<&str> = schema["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert_eq!(
        fields,
        header.iter().collect::<Vec<_>>(),
        "schema and CSV columns agree"
    );

    let json = dir.path().join("open.json");
    assert!(
        jixiao(
            "sqlite::memory:",
            &[
                "export",
                "--format",
                "json",
                "-o",
                json.to_str().expect("path"),
                "--from",
                seeds.to_str().expect("path")
            ]
        )
        .status
        .success()
    );
    let records: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("JSON");
    assert_eq!(records.as_array().map(Vec::len), Some(393));
}

#[test]
fn open_data_as_parquet_is_one_file_per_year_with_a_row_per_indicator() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("p.db").display());
    assert!(jixiao(&database, &["demo"]).status.success());
    let folder = dir.path().join("parquet");
    let csv = dir.path().join("all.csv");
    for (format, out) in [("parquet", &folder), ("csv", &csv)] {
        let output = jixiao(
            &database,
            &[
                "export",
                "--format",
                format,
                "-o",
                out.to_str().expect("utf-8"),
            ],
        );
        assert!(output.status.success(), "{output:?}");
    }
    let csv_rows = csv::Reader::from_path(&csv).expect("csv").records().count();
    let mut years: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    years.sort();
    assert!(
        years
            .iter()
            .all(|y| y == "unknown-year" || y.parse::<u16>().is_ok()),
        "{years:?}"
    );
    assert!(years.len() > 1, "one file per year: {years:?}");
    let mut rows = 0;
    for year in &years {
        let file = std::fs::File::open(folder.join(year).join("indicators.parquet")).expect("file");
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let reader = SerializedFileReader::new(file).expect("parquet");
        for row in reader.get_row_iter(None).expect("rows") {
            let row = row.expect("row");
            let fiscal_year = row
                .get_column_iter()
                .find(|(name, _)| name.as_str() == "fiscal_year")
                .map(|(_, field)| field.to_string());
            let wanted = if year == "unknown-year" {
                "null"
            } else {
                year.as_str()
            };
            assert_eq!(
                fiscal_year.as_deref(),
                Some(wanted),
                "each file holds its year"
            );
            rows += 1;
        }
    }
    assert_eq!(rows, csv_rows, "the same records as the CSV");
}
