//! The fill-in sheets of monitoring and self-evaluation: their columns, and their rows read into
//! the engine's input. A filled template (Excel or CSV) and a web form both arrive as rows of
//! cells named by these columns, and are read the same way; every bad cell is reported with its
//! row, not only the first.

use std::collections::HashMap;

use jixiao_model::Project;
use rust_decimal::Decimal;

use crate::{ActualEntry, ActualValue, Band, Cause, IndicatorProgress, InputError, Likelihood};

/// One row of a sheet: cell text by column name.
pub type SheetRow = HashMap<String, String>;

pub const MONITOR_COLUMNS: [&str; 11] = [
    "序号",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "截至监控期完成值",
    "全年预计完成值",
    "完成目标可能性",
    "偏差原因",
    "偏差原因说明",
    "整改措施",
];

pub const SELF_EVALUATION_COLUMNS: [&str; 10] = [
    "序号",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "实际完成值",
    "完成档次",
    "档次内得分比例",
    "偏差原因",
    "改进措施",
];

pub const LIKELIHOODS: [&str; 3] = ["确定能", "有可能", "完全不可能"];
pub const CAUSES: [&str; 5] = ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"];
pub const BANDS: [&str; 3] = ["达成", "部分达成", "未达成"];

/// The rows of a fill-in sheet for `project`: 序号, the categories, the name and the target of
/// each indicator, then `blanks` empty cells to fill in.
pub fn template_rows(project: &Project, blanks: usize) -> Vec<Vec<String>> {
    project
        .indicators
        .iter()
        .enumerate()
        .map(|(index, indicator)| {
            let mut row = vec![
                (index + 1).to_string(),
                indicator.level1.raw.clone(),
                indicator.level2.raw.clone(),
                indicator.name.clone(),
                indicator.target.raw.trim().to_string(),
            ];
            row.extend((0..blanks).map(|_| String::new()));
            row
        })
        .collect()
}

/// A non-empty cell of a row.
pub fn cell<'a>(row: &'a SheetRow, column: &str) -> Option<&'a str> {
    row.get(column).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// The columns the rows have that the sheet does not: each is named, none is dropped.
fn unknown_columns(rows: &[SheetRow], columns: &[&str]) -> Option<InputError> {
    let mut unknown: Vec<&str> = rows
        .iter()
        .flat_map(|row| row.keys())
        .map(String::as_str)
        .filter(|key| !key.is_empty() && !columns.contains(key))
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    (!unknown.is_empty()).then(|| InputError::UnknownColumns(unknown.join("”“")))
}

/// The rows of a filled monitoring sheet as the engine's input; `first_line` is the line number
/// of the first row (2 below a header line).
pub fn monitor_progress(
    project: &Project,
    rows: &[SheetRow],
    first_line: usize,
) -> Result<Vec<IndicatorProgress>, Vec<InputError>> {
    let mut errors: Vec<InputError> = unknown_columns(rows, &MONITOR_COLUMNS)
        .into_iter()
        .collect();
    let mut progress = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let line = first_line + index;
        let mut at = |error: InputError| errors.push(error.at_row(line));
        let Some((indicator, name)) = indicator_of(project, row).map_err(&mut at).ok() else {
            continue;
        };
        let likelihood = cell(row, "完成目标可能性").and_then(|text| {
            Likelihood::parse(text).or_else(|| {
                at(InputError::BadChoice {
                    column: "完成目标可能性",
                    given: text.to_string(),
                    choices: LIKELIHOODS.join("/"),
                });
                None
            })
        });
        let mut causes = Vec::new();
        for given in cell(row, "偏差原因")
            .unwrap_or("")
            .split(['、', ',', '，', ';', '；', '\n'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            match Cause::parse(given) {
                Some(cause) if !causes.contains(&cause) => causes.push(cause),
                Some(_) => {}
                None => at(InputError::BadChoice {
                    column: "偏差原因",
                    given: given.to_string(),
                    choices: CAUSES.join("/"),
                }),
            }
        }
        progress.push(IndicatorProgress {
            indicator,
            name,
            reached: cell(row, "截至监控期完成值").map(str::to_string),
            forecast: cell(row, "全年预计完成值").map(str::to_string),
            likelihood,
            causes,
            cause_note: cell(row, "偏差原因说明").map(str::to_string),
            rectification: cell(row, "整改措施").map(str::to_string),
        });
    }
    // A template sent back as it was downloaded is not a round.
    let reported = |p: &IndicatorProgress| {
        p.reached.is_some() || p.forecast.is_some() || p.likelihood.is_some()
    };
    if errors.is_empty() && !progress.iter().any(reported) {
        errors.push(InputError::NothingReported);
    }
    if errors.is_empty() {
        Ok(progress)
    } else {
        Err(errors)
    }
}

/// The rows of a filled self-evaluation sheet as the engine's input; rows with neither an
/// actual value nor a band are left out (the engine names the indicators still missing).
pub fn self_evaluation_actuals(
    project: &Project,
    rows: &[SheetRow],
    first_line: usize,
) -> Result<Vec<ActualEntry>, Vec<InputError>> {
    let mut errors: Vec<InputError> = unknown_columns(rows, &SELF_EVALUATION_COLUMNS)
        .into_iter()
        .collect();
    let mut actuals = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let line = first_line + index;
        let mut at = |error: InputError| errors.push(error.at_row(line));
        let Some((indicator, _)) = indicator_of(project, row).map_err(&mut at).ok() else {
            continue;
        };
        let value = match (cell(row, "完成档次"), cell(row, "实际完成值")) {
            (Some(band), _) => {
                let Some(band) = Band::parse(band) else {
                    at(InputError::BadChoice {
                        column: "完成档次",
                        given: band.to_string(),
                        choices: BANDS.join("/"),
                    });
                    continue;
                };
                let Some(percent) = cell(row, "档次内得分比例")
                    .map(crate::input::half_width)
                    .and_then(|p| {
                        p.trim_end_matches(['%', '％'])
                            .trim()
                            .parse::<Decimal>()
                            .ok()
                    })
                else {
                    at(InputError::NeedsBandPercent);
                    continue;
                };
                ActualValue::Qualitative { band, percent }
            }
            (None, Some(value)) => ActualValue::Number(value.to_string()),
            (None, None) => continue,
        };
        actuals.push(ActualEntry {
            indicator,
            value,
            reason: cell(row, "偏差原因").map(str::to_string),
            measure: cell(row, "改进措施").map(str::to_string),
        });
    }
    if errors.is_empty() {
        Ok(actuals)
    } else {
        Err(errors)
    }
}

/// The indicator a row names by its 序号 (from 1), checked against its 三级指标 when given.
fn indicator_of(project: &Project, row: &SheetRow) -> Result<(usize, Option<String>), InputError> {
    let given = cell(row, "序号").unwrap_or("");
    let number = crate::input::half_width(given)
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=project.indicators.len()).contains(n))
        .ok_or_else(|| InputError::BadRowNumber(given.to_string()))?;
    let name = cell(row, "三级指标").map(str::to_string);
    if let Some(name) = &name
        && project.indicators[number - 1].name.trim() != name
    {
        return Err(InputError::UnknownIndicator(name.clone()));
    }
    Ok((number - 1, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seed 004's first project: 1 建设数量 1个 (a number), 2 质量指标 保质保量完成项目 (a text), …
    fn project() -> Project {
        let text = include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt");
        jixiao_ingest::parse_tika_text(text)
            .document
            .projects
            .remove(0)
    }

    fn row(cells: &[(&str, &str)]) -> SheetRow {
        cells
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_bad_cell_is_named_with_its_row() {
        let rows = [
            row(&[
                ("序号", "1"),
                ("完成目标可能性", "也许"),
                ("偏差原因", "经费保障、天气"),
            ]),
            row(&[("序号", "9")]),
            row(&[("序号", "2"), ("三级指标", "别的指标")]),
        ];
        let errors = monitor_progress(&project(), &rows, 2).expect_err("bad cells");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("第 2 行：") && messages[0].contains("也许"));
        assert!(messages[1].contains("天气") && messages[1].contains("经费保障/"));
        assert!(messages[2].starts_with("第 3 行：") && messages[2].contains("“9”"));
        assert!(messages[3].starts_with("第 4 行：") && messages[3].contains("别的指标"));
    }

    #[test]
    fn a_column_the_template_lacks_is_named() {
        let rows = [row(&[
            ("序号", "1"),
            ("实际完成值", "1个"),
            ("备注", "已核对"),
        ])];
        let errors = self_evaluation_actuals(&project(), &rows, 2).expect_err("an extra column");
        assert_eq!(errors, [InputError::UnknownColumns("备注".into())]);
    }

    #[test]
    fn a_template_sent_back_unfilled_is_no_round() {
        let rows = [
            row(&[("序号", "1"), ("三级指标", "建设数量")]),
            row(&[("序号", "2")]),
        ];
        let errors = monitor_progress(&project(), &rows, 2).expect_err("nothing reported");
        assert_eq!(errors, [InputError::NothingReported]);
        assert!(monitor_progress(&project(), &[], 2).is_err());
    }

    #[test]
    fn several_causes_are_kept_once_each() {
        let rows = [row(&[
            ("序号", "１"),
            ("截至监控期完成值", "1个"),
            ("偏差原因", "经费保障、人员保障，经费保障"),
        ])];
        let progress = monitor_progress(&project(), &rows, 2).expect("a good row");
        assert_eq!(progress[0].causes, vec![Cause::Funding, Cause::Staff]);
        assert_eq!(progress[0].reached.as_deref(), Some("1个"));
    }

    #[test]
    fn qualitative_rows_need_their_band_and_share() {
        let rows = [
            row(&[("序号", "1"), ("实际完成值", "1个")]),
            row(&[("序号", "2"), ("完成档次", "部分达成")]),
        ];
        let errors =
            self_evaluation_actuals(&project(), &rows, 2).expect_err("a band without its share");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].to_string().starts_with("第 3 行："),
            "{}",
            errors[0]
        );
        let rows = [
            row(&[("序号", "1"), ("实际完成值", "1个")]),
            row(&[
                ("序号", "2"),
                ("完成档次", "部分达成"),
                ("档次内得分比例", "７０%"),
            ]),
            row(&[("序号", "2")]),
        ];
        let actuals = self_evaluation_actuals(&project(), &rows, 2).expect("good rows");
        assert_eq!(actuals.len(), 2);
        assert_eq!(
            actuals[1].value,
            ActualValue::Qualitative {
                band: Band::Partial,
                percent: Decimal::from(70)
            }
        );
    }
}
