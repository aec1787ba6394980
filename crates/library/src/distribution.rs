//! The values a concept's targets take in one unit: exact quantiles and a histogram.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Bins of a histogram.
pub const BINS: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    pub count: u32,
    pub min: Decimal,
    /// Nearest-rank 10th percentile.
    pub p10: Decimal,
    /// The middle value, or the mean of the two middle ones.
    pub median: Decimal,
    /// Nearest-rank 90th percentile.
    pub p90: Decimal,
    pub max: Decimal,
    /// Equal-width bins from `min` to `max` (one bin when all values are equal); the last bin
    /// holds `max`.
    pub histogram: Vec<Bin>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bin {
    pub from: Decimal,
    pub to: Decimal,
    pub count: u32,
}

impl Distribution {
    pub fn of(mut values: Vec<Decimal>) -> Option<Distribution> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable();
        for value in &mut values {
            *value = value.normalize();
        }
        let n = values.len();
        let rank = |share: usize| values[(n * share).div_ceil(100).max(1) - 1];
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO
        };
        let (min, max) = (values[0], values[n - 1]);
        Some(Distribution {
            count: n as u32,
            min,
            p10: rank(10),
            median: median.normalize(),
            p90: rank(90),
            max,
            histogram: histogram(&values, min, max),
        })
    }

    /// Whether a value lies outside the p10–p90 range.
    pub fn is_unusual(&self, value: Decimal) -> bool {
        value < self.p10 || value > self.p90
    }
}

fn histogram(sorted: &[Decimal], min: Decimal, max: Decimal) -> Vec<Bin> {
    if min == max {
        return vec![Bin {
            from: min,
            to: max,
            count: sorted.len() as u32,
        }];
    }
    let width = (max - min) / Decimal::from(BINS);
    let mut bins: Vec<Bin> = (0..BINS)
        .map(|i| Bin {
            from: (min + width * Decimal::from(i)).normalize(),
            to: if i + 1 == BINS {
                max
            } else {
                (min + width * Decimal::from(i + 1)).normalize()
            },
            count: 0,
        })
        .collect();
    let mut at = 0;
    for &value in sorted {
        while at + 1 < BINS && value >= bins[at].to {
            at += 1;
        }
        bins[at].count += 1;
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(values: &[i64]) -> Distribution {
        Distribution::of(values.iter().map(|&v| Decimal::from(v)).collect()).expect("values")
    }

    #[test]
    fn quantiles_are_exact_nearest_ranks() {
        let ten = d(&[10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
        assert_eq!(
            (ten.min, ten.p10, ten.median, ten.p90, ten.max),
            (
                Decimal::ONE,
                Decimal::ONE,
                Decimal::new(55, 1),
                Decimal::from(9),
                Decimal::TEN
            )
        );
        let odd = d(&[95, 90, 98]);
        assert_eq!(odd.median, Decimal::from(95));
        assert_eq!(Distribution::of(Vec::new()), None);
    }

    #[test]
    fn every_value_falls_in_one_bin() {
        let spread = d(&[0, 5, 10, 15, 99, 100]);
        assert_eq!(spread.histogram.len(), BINS);
        assert_eq!(spread.histogram.iter().map(|b| b.count).sum::<u32>(), 6);
        assert_eq!(spread.histogram[0].count, 2);
        assert_eq!(spread.histogram[1].count, 2);
        assert_eq!(spread.histogram[9].count, 2);
        let same = d(&[95, 95]);
        assert_eq!(same.histogram.len(), 1);
        assert_eq!(same.histogram[0].count, 2);
        assert!(same.is_unusual(Decimal::from(90)));
        assert!(!same.is_unusual(Decimal::from(95)));
    }
}
