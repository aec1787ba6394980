//! Calendar dates, enough for cut-offs and checkpoints (no time zones, no times of day).

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

fn leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && year >= 1900;
        valid.then_some(Date { year, month, day })
    }

    pub fn end_of_month(year: u16, month: u8) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month.clamp(1, 12)))
    }

    /// Parses `2024-07-31`, `2024/7/31` or `2024年7月31日`.
    pub fn parse(text: &str) -> Option<Date> {
        let parts: Vec<&str> = text
            .trim()
            .split(['-', '/', '.', '年', '月', '日'])
            .filter(|p| !p.is_empty())
            .collect();
        let [year, month, day] = parts.as_slice() else {
            return None;
        };
        Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// 1 for 1 January.
    pub fn day_of_year(self) -> u16 {
        (1..self.month)
            .map(|m| u16::from(days_in_month(self.year, m)))
            .sum::<u16>()
            + u16::from(self.day)
    }

    pub fn days_in_year(self) -> u16 {
        if leap(self.year) { 366 } else { 365 }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_counts() {
        let date = Date::parse("2024年7月31日").expect("date");
        assert_eq!(
            date,
            Date {
                year: 2024,
                month: 7,
                day: 31
            }
        );
        assert_eq!(date.day_of_year(), 213);
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("7月31日"), None);
        assert_eq!(date.to_string(), "2024-07-31");
    }
}
