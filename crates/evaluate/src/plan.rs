//! The planned cumulative share of the budget spent by a date, from a project's spending plan:
//! checkpoints (3月底 … 12月底, 第一季度 … 第四季度) as month ends, per-period figures summed,
//! and straight lines between checkpoints (from 0% on 1 January).

use jixiao_model::{PlanMode, SpendingPlan};
use rust_decimal::Decimal;

use crate::Date;

/// The month a checkpoint label ends in: `3月底` → 3, `第二季度` → 6, `上半年` → 6.
fn checkpoint_month(label: &str) -> Option<u8> {
    let quarters = [
        ("一季度", 3),
        ("二季度", 6),
        ("三季度", 9),
        ("四季度", 12),
        ("上半年", 6),
        ("下半年", 12),
        ("全年", 12),
    ];
    if let Some((_, month)) = quarters.iter().find(|(word, _)| label.contains(word)) {
        return Some(*month);
    }
    let digits: String = label.chars().take_while(char::is_ascii_digit).collect();
    let month: u8 = digits.parse().ok()?;
    (1..=12).contains(&month).then_some(month)
}

/// Cumulative planned percent at `date`, or `None` when the plan cannot be read.
pub fn planned_percent(plan: &SpendingPlan, date: Date) -> Option<Decimal> {
    if plan.mode == PlanMode::Unknown {
        return None;
    }
    let mut points: Vec<(u16, Decimal)> = vec![(0, Decimal::ZERO)];
    let mut running = Decimal::ZERO;
    for checkpoint in &plan.checkpoints {
        let month = checkpoint_month(&checkpoint.label)?;
        let day = Date::end_of_month(date.year, month)?.day_of_year();
        let cumulative = match plan.mode {
            PlanMode::Cumulative => checkpoint
                .percent
                .unwrap_or_else(|| points.last().map_or(Decimal::ZERO, |p| p.1)),
            _ => {
                running += checkpoint.percent.unwrap_or(Decimal::ZERO);
                running
            }
        };
        points.push((day, cumulative));
    }
    let today = date.day_of_year();
    let (before, after) = match points.iter().position(|(day, _)| *day >= today) {
        Some(0) => return Some(Decimal::ZERO),
        Some(i) => (points[i - 1], points[i]),
        None => return points.last().map(|p| p.1),
    };
    let span = Decimal::from(after.0 - before.0);
    let elapsed = Decimal::from(today - before.0);
    Some((before.1 + (after.1 - before.1) * elapsed / span).round_dp(2))
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Checkpoint, parse_percent};

    use super::*;

    fn plan(label: &str, raws: &[(&str, &str)]) -> SpendingPlan {
        let checkpoints = raws
            .iter()
            .map(|(label, raw)| Checkpoint {
                label: label.to_string(),
                raw: raw.to_string(),
                percent: parse_percent(raw),
            })
            .collect();
        SpendingPlan::new(label, checkpoints)
    }

    #[test]
    fn interpolates_between_checkpoints() {
        let cumulative = plan(
            "资金支出计划（%）",
            &[
                ("3月底", "25%"),
                ("6月底", "50%"),
                ("10月底", "75%"),
                ("12月底", "100%"),
            ],
        );
        let cutoff = Date::new(2024, 7, 31).expect("date");
        // 6月底 = day 182 (50%), 10月底 = day 305 (75%); 7月31日 = day 213: 50 + 25 × 31/123.
        assert_eq!(
            planned_percent(&cumulative, cutoff),
            Some(Decimal::new(5630, 2))
        );
        assert_eq!(
            planned_percent(&cumulative, Date::new(2024, 12, 31).expect("date")),
            Some(Decimal::from(100))
        );
        let per_period = plan(
            "资金支出计划（%）",
            &[
                ("3月底", "50%"),
                ("6月底", "50%"),
                ("10月底", ""),
                ("12月底", ""),
            ],
        );
        assert_eq!(
            planned_percent(&per_period, cutoff),
            Some(Decimal::from(100))
        );
        let quarters = plan(
            "资金支出计划（累进进度%）",
            &[
                ("第一季度", "0"),
                ("第二季度", "0"),
                ("第三季度", "100"),
                ("第四季度", "100"),
            ],
        );
        // 6月30日 (day 182, 0%) to 9月30日 (day 274, 100%): 31 of 92 days.
        assert_eq!(
            planned_percent(&quarters, cutoff),
            Some(Decimal::new(3370, 2))
        );
    }
}
