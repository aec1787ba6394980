//! Spreadsheet formulas in what users wrote: the CSV writes them with a leading `'` (OWASP),
//! the workbooks write them as string cells (never `<f>`), and the JSON keeps them exact.

use std::io::{Cursor, Read};

use jixiao_evaluate::{Date, Grade, Light, MonitorReport, SelfEvalReport};
use jixiao_ingest::{parse_bytes, parse_tika_text};
use jixiao_model::Document;
use jixiao_publish::{
    Tracked, evaluation_xlsx, monitor_xlsx, template_xlsx, to_csv, to_json, to_xlsx,
};
use rust_decimal::Decimal;

const FORMULA: &str = r#"=HYPERLINK("http://x","y")"#;
const SUM: &str = "@SUM(A1:A9)";
const DDE: &str = "-2+3+cmd|' /C calc'!A0";

/// A seed whose first indicator has formulas for texts and a negative target.
fn document() -> Document {
    let mut document = parse_tika_text(include_str!(
        "../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt"
    ))
    .document;
    let project = &mut document.projects[0];
    project.name = format!("+{}", project.name);
    project.competent_department = Some(SUM.into());
    project.implementing_unit = Some(FORMULA.into());
    let indicator = &mut project.indicators[0];
    indicator.name = FORMULA.into();
    indicator.description = SUM.into();
    indicator.scoring_rule = Some(DDE.into());
    indicator.target.raw = "-5".into();
    indicator.target.number = Some(Decimal::new(-5, 0));
    indicator.period_target = Some(jixiao_model::TargetValue::parse(DDE));
    document
}

/// The named columns of the CSV's rows.
fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("BOM");
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("row"))
        .collect()
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe_and_numbers_stay_exact() {
    let document = document();
    let bytes = to_csv(&[&document]).expect("csv");
    let rows = csv_rows(&bytes);
    let row = &rows[0];
    // Columns as in the schema: project_name 4, name 8, description 9, target 10,
    // comparator 11, number 12, scoring_rule 15.
    assert_eq!(&row[4], format!("'{}", document.projects[0].name));
    assert_eq!(&row[8], format!("'{FORMULA}"));
    assert_eq!(&row[9], format!("'{SUM}"));
    assert_eq!(&row[15], format!("'{DDE}"));
    // period_target 19, competent_department 20, implementing_unit 21.
    assert_eq!(&row[19], format!("'{DDE}"));
    assert_eq!(&row[20], format!("'{SUM}"));
    assert_eq!(&row[21], format!("'{FORMULA}"));
    assert_eq!(&row[10], "-5", "a plain number is left as it is");
    assert_eq!(&row[12], "-5");
    let ordinary = &rows[1];
    assert_eq!(
        &ordinary[8], document.projects[0].indicators[1].name,
        "ordinary text is unchanged"
    );
    for row in &rows {
        for (column, cell) in row.iter().enumerate() {
            let runs = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let number = cell.parse::<Decimal>().is_ok();
            assert!(
                !runs || number || column == 11,
                "column {column} starts a formula: {cell:?}"
            );
        }
    }
}

#[test]
fn json_keeps_the_texts_exact() {
    let document = document();
    let json: serde_json::Value =
        serde_json::from_slice(&to_json(&[&document]).expect("json")).expect("JSON");
    let item = &json[0];
    assert_eq!(item["project_name"], document.projects[0].name.as_str());
    assert_eq!(item["name"], FORMULA);
    assert_eq!(item["description"], SUM);
    assert_eq!(item["scoring_rule"], DDE);
    assert_eq!(item["number"], "-5");
    assert_eq!(item["period_target"], DDE);
    assert_eq!(item["competent_department"], SUM);
    assert_eq!(item["implementing_unit"], FORMULA);
}

/// Asserts no sheet of the workbook holds a formula; returns its shared strings, unescaped.
fn strings_of_a_workbook_without_formulas(bytes: Vec<u8>) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut strings = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("entry");
        let name = file.name().expect("entry name").to_string();
        let mut xml = String::new();
        file.read_to_string(&mut xml).expect("XML");
        if name.starts_with("xl/worksheets/") {
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "{name} has a formula"
            );
        } else if name == "xl/sharedStrings.xml" {
            strings = xml
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
        }
    }
    strings
}

#[test]
fn xlsx_writes_formulas_as_strings_which_read_back_exactly() {
    let document = document();
    let strings = strings_of_a_workbook_without_formulas(to_xlsx(&document).expect("xlsx"));
    for text in [FORMULA, SUM, DDE] {
        assert!(strings.contains(&format!(">{text}<")), "{text} as a string");
    }
    let back = parse_bytes(&to_xlsx(&document).expect("xlsx"))
        .expect("readable")
        .document;
    let project = &back.projects[0];
    assert_eq!(project.name, document.projects[0].name);
    assert_eq!(project.indicators[0].name, FORMULA);
    assert_eq!(project.indicators[0].description, SUM);
    assert_eq!(project.indicators[0].scoring_rule.as_deref(), Some(DDE));
    assert_eq!(project.competent_department.as_deref(), Some(SUM));
    assert_eq!(project.implementing_unit.as_deref(), Some(FORMULA));
    assert_eq!(
        project.indicators[0]
            .period_target
            .as_ref()
            .map(|t| t.raw.as_str()),
        Some(DDE)
    );
}

#[test]
fn monitoring_self_evaluation_and_template_workbooks_write_formulas_as_strings() {
    let monitor = MonitorReport {
        cutoff: Date::new(2024, 6, 30).expect("date"),
        budget_yuan: None,
        spent_yuan: Decimal::ZERO,
        planned_percent: None,
        executed_percent: None,
        spending_light: Light::Green,
        spending_reason: SUM.into(),
        indicators: Vec::new(),
    };
    let evaluation = SelfEvalReport {
        budget_yuan: Decimal::ZERO,
        executed_yuan: Decimal::ZERO,
        execution_rate: Decimal::ZERO,
        budget_weight: Decimal::TEN,
        budget_score: Decimal::ZERO,
        indicators: Vec::new(),
        total: Decimal::ZERO,
        grade: Grade::Poor,
    };
    let monitored = Tracked {
        project_name: FORMULA,
        project_code: Some(DDE),
        report: &monitor,
    };
    let evaluated = Tracked {
        project_name: FORMULA,
        project_code: Some(DDE),
        report: &evaluation,
    };
    let workbooks = [
        monitor_xlsx(SUM, &[monitored]).expect("monitor"),
        evaluation_xlsx(SUM, &[evaluated]).expect("evaluation"),
    ];
    for bytes in workbooks {
        let strings = strings_of_a_workbook_without_formulas(bytes);
        assert!(strings.contains(&format!(">{FORMULA}<")), "{strings}");
        assert!(strings.contains(&format!(">{DDE}<")), "{strings}");
    }
    let template = template_xlsx(
        "填报表",
        &["指标", "说明"],
        &[vec![FORMULA.to_string(), DDE.to_string()]],
        &[],
    )
    .expect("template");
    let strings = strings_of_a_workbook_without_formulas(template);
    assert!(strings.contains(&format!(">{FORMULA}<")), "{strings}");
}
