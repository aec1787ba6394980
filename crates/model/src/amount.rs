//! Money amounts: exact decimals, normalised to 元 while the written unit is kept.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The unit an amount is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AmountUnit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    WanYuan,
}

impl AmountUnit {
    pub fn from_text(text: &str) -> Option<AmountUnit> {
        match text.trim() {
            "元" => Some(AmountUnit::Yuan),
            "万元" | "万" => Some(AmountUnit::WanYuan),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AmountUnit::Yuan => "元",
            AmountUnit::WanYuan => "万元",
        }
    }

    /// Converts an amount written in this unit to 元, exactly.
    pub fn to_yuan(self, written: Decimal) -> Decimal {
        match self {
            AmountUnit::Yuan => written,
            AmountUnit::WanYuan => written * Decimal::from(10_000),
        }
    }

    /// Converts an amount in 元 back to this unit, exactly.
    pub fn from_yuan(self, yuan: Decimal) -> Decimal {
        match self {
            AmountUnit::Yuan => yuan,
            AmountUnit::WanYuan => yuan / Decimal::from(10_000),
        }
    }
}

/// Parses a plain decimal figure as printed in a table cell (`100000.00`, `1,323.00`, `75`).
/// Returns `None` for anything that is not only a number.
pub fn parse_amount(text: &str) -> Option<Decimal> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_wan_exactly() {
        let written = parse_amount("33.82").expect("number");
        let yuan = AmountUnit::WanYuan.to_yuan(written);
        assert_eq!(yuan.to_string(), "338200.00");
        assert_eq!(AmountUnit::WanYuan.from_yuan(yuan), written);
    }

    #[test]
    fn refuses_non_numbers() {
        assert_eq!(parse_amount(" "), None);
        assert_eq!(parse_amount("约5万"), None);
        assert_eq!(
            parse_amount("1,323.00").map(|d| d.to_string()),
            Some("1323.00".into())
        );
    }
}
