//! 评（扣）分标准 texts parsed into executable rules (REFERENCE §3.5):
//! `每减少500个，减分值的25%` deducts 25% of the weight for every full 500 short of the target;
//! `如无法保障，减分值的100%` deducts it all when the target is not met. Texts that fit neither
//! shape are reported, never guessed.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Points are lost as the actual falls short (减少, 降低, 下降, 未完成).
    Shortfall,
    /// Points are lost as the actual exceeds the target (增加).
    Excess,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeductionRule {
    /// Deduct `percent`% of the weight for every full `step` of deviation.
    Step {
        direction: Direction,
        step: Decimal,
        unit: String,
        percent: Decimal,
        raw: String,
    },
    /// Deduct `percent`% of the weight when the target is not met.
    AllOrNothing { percent: Decimal, raw: String },
}

static STEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"每(减少|降低|下降|增加|未完成)\s*(.+?)\s*[，,]?\s*(?:减|扣)(?:分值的|分)\s*([\d.]+)\s*%",
    )
    .expect("valid regex")
});
static ALL_OR_NOTHING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:如|若)?(?:无法|未能|未|不能|没有)[^，,]*[，,]\s*(?:减|扣)(?:分值的|分)\s*([\d.]+)\s*%").expect("valid regex")
});

/// A Chinese or Arabic count at the start of `text`: `500个` → 500, `一个` → 1, `百人次` → 100.
fn leading_quantity(text: &str) -> Option<(Decimal, &str)> {
    let digits = text
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(end) = digits {
        return Some((text[..end].parse().ok()?, &text[end..]));
    }
    let mut value: u64 = 0;
    let mut pending: u64 = 0;
    let mut end = 0;
    for (index, c) in text.char_indices() {
        let digit = match c {
            '一' | '壹' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        let unit = match c {
            '十' => Some(10),
            '百' => Some(100),
            '千' => Some(1000),
            '万' => Some(10_000),
            _ => None,
        };
        match (digit, unit) {
            (Some(d), _) => pending = d,
            (_, Some(u)) => {
                value += pending.max(1) * u;
                pending = 0;
            }
            _ => break,
        }
        end = index + c.len_utf8();
    }
    let total = value + pending;
    (end > 0 && total > 0).then(|| (Decimal::from(total), &text[end..]))
}

pub fn parse_deduction(raw: &str) -> Option<DeductionRule> {
    let text = raw.trim();
    if let Some(captures) = STEP.captures(text) {
        let direction = if &captures[1] == "增加" {
            Direction::Excess
        } else {
            Direction::Shortfall
        };
        let (step, unit) = leading_quantity(captures[2].trim())?;
        let percent: Decimal = captures[3].parse().ok()?;
        let unit = unit.trim();
        // `一个小时` counts hours: the measure word 个 is not the unit when more follows it.
        let unit = if unit.chars().count() > 1 {
            unit.trim_start_matches('个')
        } else {
            unit
        };
        return Some(DeductionRule::Step {
            direction,
            step,
            unit: unit.to_string(),
            percent,
            raw: raw.to_string(),
        });
    }
    let captures = ALL_OR_NOTHING.captures(text)?;
    Some(DeductionRule::AllOrNothing {
        percent: captures[1].parse().ok()?,
        raw: raw.to_string(),
    })
}

impl DeductionRule {
    /// The share of the weight (0–1) kept when `actual` is measured against `target`.
    /// `met` says whether an all-or-nothing target was met.
    pub fn kept_share(&self, target: Decimal, actual: Decimal, met: bool) -> Decimal {
        let lost = match self {
            DeductionRule::Step {
                direction,
                step,
                percent,
                ..
            } => {
                let deviation = match direction {
                    Direction::Shortfall => target - actual,
                    Direction::Excess => actual - target,
                };
                if deviation <= Decimal::ZERO || step.is_zero() {
                    Decimal::ZERO
                } else {
                    (deviation / step).floor() * percent / Decimal::from(100)
                }
            }
            DeductionRule::AllOrNothing { percent, .. } if !met => percent / Decimal::from(100),
            DeductionRule::AllOrNothing { .. } => Decimal::ZERO,
        };
        (Decimal::ONE - lost).max(Decimal::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_quantities() {
        assert_eq!(
            leading_quantity("一个地块评审").map(|(n, _)| n),
            Some(Decimal::ONE)
        );
        assert_eq!(
            leading_quantity("百人次"),
            Some((Decimal::from(100), "人次"))
        );
        assert_eq!(
            leading_quantity("500个").map(|(n, _)| n),
            Some(Decimal::from(500))
        );
        assert_eq!(
            leading_quantity("二十五人").map(|(n, _)| n),
            Some(Decimal::from(25))
        );
        assert_eq!(leading_quantity("比例"), None);
    }

    #[test]
    fn unparseable_rules_are_none() {
        assert_eq!(parse_deduction("酌情扣分"), None);
        assert_eq!(parse_deduction(""), None);
    }
}
