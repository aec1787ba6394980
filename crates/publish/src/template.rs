//! Fill-in templates as Excel sheets: the rows pre-filled, the choices offered as drop-down lists.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Format, FormatBorder, Workbook};

use crate::PublishError;

/// A column whose cells are one of `choices` — or, when `several`, any of them joined with `、`
/// (the drop-down offers one; a typed list is let through with a note instead of refused).
pub struct Choice<'a> {
    pub column: usize,
    pub choices: &'a [&'a str],
    pub several: bool,
}

/// The 监控表's drop-downs: 完成目标可能性 (one), 偏差原因 (several may be given).
pub const MONITOR_CHOICES: [Choice<'static>; 2] = [
    Choice {
        column: 7,
        choices: &jixiao_evaluate::LIKELIHOODS,
        several: false,
    },
    Choice {
        column: 8,
        choices: &jixiao_evaluate::CAUSES,
        several: true,
    },
];

/// The 自评表's drop-down: 完成档次.
pub const SELF_EVALUATION_CHOICES: [Choice<'static>; 1] = [Choice {
    column: 6,
    choices: &jixiao_evaluate::BANDS,
    several: false,
}];

/// Rows below the filled ones are text cells too, for rows the unit adds.
const BLANK_ROWS: usize = 50;

pub fn template_xlsx(
    title: &str,
    header: &[&str],
    rows: &[Vec<String>],
    choices: &[Choice],
) -> Result<Vec<u8>, PublishError> {
    let mut workbook = Workbook::new();
    let sheet = workbook
        .add_worksheet()
        .set_name(title.chars().take(31).collect::<String>())?;
    let bold = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    // Text cells: what is typed stays as typed. Excel turns a typed `96%` in a number cell into
    // 0.96, which would be read as 0.96%.
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_num_format("@");
    for (column, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, &bold)?;
        sheet.set_column_width(column as u16, if column == 3 { 28.0 } else { 14.0 })?;
    }
    for (index, row) in rows.iter().enumerate() {
        for (column, text) in row.iter().enumerate() {
            sheet.write_string_with_format(index as u32 + 1, column as u16, text, &cell)?;
        }
    }
    let last = rows.len().max(1) as u32;
    for column in 0..header.len() {
        for row in rows.len()..BLANK_ROWS {
            sheet.write_blank(row as u32 + 1, column as u16, &cell)?;
        }
    }
    for choice in choices {
        let mut validation = DataValidation::new().allow_list_strings(choice.choices)?;
        if choice.several {
            validation = validation
                .set_error_style(DataValidationErrorStyle::Information)
                .set_input_title("可选多项")?
                .set_input_message(format!(
                    "可填多项，用“、”分隔，如 {}、{}",
                    choice.choices[0], choice.choices[1]
                ))?;
        }
        sheet.add_data_validation(
            1,
            choice.column as u16,
            last,
            choice.column as u16,
            &validation,
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    #[test]
    fn cells_take_what_is_typed_as_text() {
        let bytes = super::template_xlsx(
            "填报表",
            &["指标", "实际完成值"],
            &[vec!["验收合格率".into(), String::new()]],
            &[],
        )
        .expect("template");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut styles = String::new();
        archive
            .by_name("xl/styles.xml")
            .expect("styles")
            .read_to_string(&mut styles)
            .expect("read");
        // The text format “@”: a typed 96% stays “96%”, not 0.96.
        assert!(
            styles.contains("formatCode=\"@\"") && styles.contains("applyNumberFormat=\"1\""),
            "{styles}"
        );
    }

    #[test]
    fn several_causes_pass_the_drop_down_with_a_note() {
        let bytes = super::template_xlsx(
            "监控表",
            &jixiao_evaluate::MONITOR_COLUMNS,
            &[vec![String::new(); 11]],
            &super::MONITOR_CHOICES,
        )
        .expect("template");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut sheet = String::new();
        archive
            .by_name("xl/worksheets/sheet1.xml")
            .expect("sheet")
            .read_to_string(&mut sheet)
            .expect("read");
        let causes = sheet
            .find("sqref=\"I2\"")
            .expect("the 偏差原因 column validated");
        let likelihood = sheet
            .find("sqref=\"H2\"")
            .expect("the likelihood column validated");
        let rule_of = |at: usize| &sheet[sheet[..at].rfind("<dataValidation ").unwrap_or(0)..at];
        assert!(
            rule_of(causes).contains("errorStyle=\"information\""),
            "{sheet}"
        );
        assert!(
            !rule_of(likelihood).contains("errorStyle"),
            "one likelihood only"
        );
    }
}
