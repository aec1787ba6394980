//! Spending plans (资金支出计划): checkpoints as printed and how to read their figures.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Whether the figures are running totals (累进) or shares of each period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanMode {
    Cumulative,
    PerPeriod,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// As printed: `3月底`, `第一季度`, …
    pub label: String,
    pub raw: String,
    /// The figure in percent, when the cell holds one.
    pub percent: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendingPlan {
    /// The row label as printed, e.g. `资金支出计划（累进进度%）`.
    pub label: String,
    pub checkpoints: Vec<Checkpoint>,
    pub mode: PlanMode,
    /// Why `mode` was chosen, in words.
    pub mode_basis: String,
}

impl SpendingPlan {
    pub fn new(label: &str, checkpoints: Vec<Checkpoint>) -> SpendingPlan {
        let (mode, mode_basis) = infer_mode(label, &checkpoints);
        SpendingPlan {
            label: label.to_string(),
            checkpoints,
            mode,
            mode_basis,
        }
    }
}

/// Parses a plan figure such as `25%`, `100`, `0`; blank cells give `None`.
pub fn parse_percent(raw: &str) -> Option<Decimal> {
    let text = raw.trim().trim_end_matches(['%', '％']).trim();
    crate::parse_amount(text)
}

fn infer_mode(label: &str, checkpoints: &[Checkpoint]) -> (PlanMode, String) {
    if label.contains("累进") || label.contains("累计") {
        return (PlanMode::Cumulative, format!("表头“{label}”注明累进"));
    }
    let figures: Vec<Decimal> = checkpoints.iter().filter_map(|c| c.percent).collect();
    if figures.is_empty() {
        return (PlanMode::Unknown, "没有可读的百分比".to_string());
    }
    let hundred = Decimal::from(100);
    let sum: Decimal = figures.iter().sum();
    let rising = figures.windows(2).all(|w| w[0] <= w[1]);
    let ends_full = figures.last() == Some(&hundred);
    let has_blank = checkpoints.iter().any(|c| c.percent.is_none());
    if sum == hundred && !(rising && ends_full && !has_blank && figures.len() > 1) {
        (PlanMode::PerPeriod, format!("各期数值之和为{sum}%"))
    } else if rising && ends_full {
        (PlanMode::Cumulative, "数值逐期递增且末期为100%".to_string())
    } else {
        (
            PlanMode::Unknown,
            format!("数值之和为{sum}%，既非逐期之和100%，也非递增至100%"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(label: &str, raws: &[&str]) -> SpendingPlan {
        let checkpoints = raws
            .iter()
            .enumerate()
            .map(|(i, raw)| Checkpoint {
                label: format!("第{}期", i + 1),
                raw: raw.to_string(),
                percent: parse_percent(raw),
            })
            .collect();
        SpendingPlan::new(label, checkpoints)
    }

    #[test]
    fn infers_modes_like_the_seeds() {
        assert_eq!(
            plan("资金支出计划（%）", &["50%", "", "50%", " "]).mode,
            PlanMode::PerPeriod
        );
        assert_eq!(
            plan("资金支出计划（%）", &["30%", "30%", "40%", " "]).mode,
            PlanMode::PerPeriod
        );
        assert_eq!(
            plan("资金支出计划（%）", &["25%", "50%", "75%", "100%"]).mode,
            PlanMode::Cumulative
        );
        assert_eq!(
            plan("资金支出计划（累进进度%）", &["0", "0", "100", "100"]).mode,
            PlanMode::Cumulative
        );
        assert_eq!(
            plan("资金支出计划（%）", &["60%", "30%"]).mode,
            PlanMode::Unknown
        );
        assert_eq!(
            plan("资金支出计划（%）", &[" ", ""]).mode,
            PlanMode::Unknown
        );
    }
}
