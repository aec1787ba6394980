//! What users report, read against the target it answers: numbers in the target's unit
//! (元 and 万元 converted), refused when the unit or the range cannot be right.

use jixiao_model::{Measure, TargetKind, TargetValue, measure_unit};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum InputError {
    #[error("“{0}”不是数值")]
    NotANumber(String),
    #[error("“{given}”的单位与指标值“{target}”不符")]
    WrongUnit { given: String, target: String },
    #[error("百分比“{0}”超过100%")]
    PercentOver100(String),
    #[error("日期 {date} 不在预算年度 {year} 年内")]
    DateOutsideYear { date: String, year: u16 },
    #[error("项目中没有指标“{0}”")]
    UnknownIndicator(String),
    #[error("指标“{0}”缺少实际完成值")]
    MissingActual(String),
    #[error("指标“{0}”未得满分，须填写偏差原因和改进措施")]
    MissingReason(String),
    #[error("指标“{0}”亮红灯，须选择至少一项偏差原因并填写整改措施")]
    MissingRectification(String),
    #[error("指标“{name}”的定性得分 {given}% 不在所选档次（{band}）的范围内")]
    OutsideBand {
        name: String,
        given: String,
        band: String,
    },
    #[error("指标“{0}”的指标值是数值，实际值也须是数值")]
    NeedsNumber(String),
    #[error("指标“{0}”是定性指标，须选择完成档次（达成/部分达成/未达成）")]
    NeedsBand(String),
    #[error("金额“{0}”无法读取（应为数字加元或万元）")]
    BadAmount(String),
    #[error("全年预计支出 {forecast} 元少于已支出的 {spent} 元，请核对")]
    ForecastBelowSpent { forecast: String, spent: String },
    #[error("指标“{0}”全年预计达不到指标值，完成可能性却填了“确定能”，前后矛盾")]
    CertainButMissed(String),
    #[error("执行数 {executed} 元超过预算数 {budget} 元：支出不能超过预算，请核对")]
    SpentOverBudget { executed: String, budget: String },
    #[error("“序号”应为从 1 开始的指标序号，不是“{0}”")]
    BadRowNumber(String),
    #[error("{column}“{given}”应为 {choices} 之一")]
    BadChoice {
        column: &'static str,
        given: String,
        choices: String,
    },
    #[error("定性指标须填档次内得分比例（如 85）")]
    NeedsBandPercent,
    #[error("表中有模板没有的列“{0}”，其内容无处读入：请删去这些列，或用下载的填报模板")]
    UnknownColumns(String),
    #[error("监控表没有填写任何指标的完成情况（截至监控期完成值、全年预计完成值或完成目标可能性）")]
    NothingReported,
    #[error("第 {row} 行：{error}")]
    AtRow { row: usize, error: Box<InputError> },
}

impl InputError {
    /// The error as found on line `row` of a sheet or form.
    pub fn at_row(self, row: usize) -> InputError {
        InputError::AtRow {
            row,
            error: Box::new(self),
        }
    }
}

/// Full-width digits and signs typed with a Chinese input method (`１２．５`, `－５`) as the
/// ASCII ones numbers are read from.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' => '-',
            '％' => '%',
            other => other,
        })
        .collect()
}

fn money_factor(unit: &str) -> Option<Decimal> {
    measure_unit(unit).and_then(|m| m.money_factor())
}

/// A percentage unit (`%`, `％`, `百分比`), as the model's vocabulary of units reads it.
pub fn is_percent(unit: &str) -> bool {
    measure_unit(unit).is_some_and(|m| m.measure == Measure::Percent && m.per.is_none())
}

/// Reads `text` as a value in the unit of `target`; a missing unit means the target's.
pub fn parse_reading(text: &str, target: &TargetValue) -> Result<Decimal, InputError> {
    let reading = TargetValue::parse(text);
    let (TargetKind::Numeric, Some(number)) = (reading.kind, reading.number) else {
        return Err(InputError::NotANumber(text.trim().to_string()));
    };
    let target_unit = target.unit.as_deref().unwrap_or("");
    let value = match reading.unit.as_deref() {
        None => number,
        Some(unit) if unit == target_unit || (is_percent(unit) && is_percent(target_unit)) => {
            number
        }
        Some(unit) => match (money_factor(unit), money_factor(target_unit)) {
            (Some(from), Some(to)) => number * from / to,
            _ => {
                return Err(InputError::WrongUnit {
                    given: text.trim().to_string(),
                    target: target.raw.trim().to_string(),
                });
            }
        },
    };
    if is_percent(target_unit) && value > Decimal::from(100) {
        return Err(InputError::PercentOver100(text.trim().to_string()));
    }
    Ok(value)
}

/// Reads an amount such as `150万元`, `1500000` (元) into 元.
pub fn parse_amount_yuan(text: &str) -> Result<Decimal, InputError> {
    let reading = TargetValue::parse(text);
    let (TargetKind::Numeric, Some(number)) = (reading.kind, reading.number) else {
        return Err(InputError::BadAmount(text.trim().to_string()));
    };
    let factor = match reading.unit.as_deref() {
        None => Some(Decimal::ONE),
        Some(unit) => money_factor(unit),
    };
    factor
        .map(|f| number * f)
        .ok_or_else(|| InputError::BadAmount(text.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_follow_the_target_unit() {
        let cost = TargetValue::parse("≤78万元");
        assert_eq!(parse_reading("70", &cost), Ok(Decimal::from(70)));
        assert_eq!(parse_reading("700000元", &cost), Ok(Decimal::from(70)));
        assert!(matches!(
            parse_reading("5吨", &cost),
            Err(InputError::WrongUnit { .. })
        ));
        let rate = TargetValue::parse("≥95%");
        assert_eq!(parse_reading("96%", &rate), Ok(Decimal::from(96)));
        assert!(matches!(
            parse_reading("180%", &rate),
            Err(InputError::PercentOver100(_))
        ));
        assert!(matches!(
            parse_reading("大约一半", &rate),
            Err(InputError::NotANumber(_))
        ));
        assert_eq!(parse_amount_yuan("150万元"), Ok(Decimal::from(1_500_000)));
        assert!(parse_amount_yuan("150吨").is_err());
    }
}
