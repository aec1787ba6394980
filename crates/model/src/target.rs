//! Target values (指标值): comparator, exact number and unit, or a qualitative text.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparator {
    #[serde(rename = "≥")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "≤")]
    Le,
    #[serde(rename = "<")]
    Lt,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Gt => ">",
            Comparator::Eq => "=",
            Comparator::Le => "≤",
            Comparator::Lt => "<",
        }
    }

    pub fn from_symbol(symbol: &str) -> Option<Comparator> {
        let normalised = normalise(symbol);
        match normalised.trim() {
            "≥" => Some(Comparator::Ge),
            ">" => Some(Comparator::Gt),
            "=" => Some(Comparator::Eq),
            "≤" => Some(Comparator::Le),
            "<" => Some(Comparator::Lt),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A number, with an optional comparator and unit.
    Numeric,
    /// Text such as `有所提升`, `及时`, `是/否`, `7、8、9月份`.
    Qualitative,
    /// The cell is empty.
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetValue {
    /// The cell exactly as published.
    pub raw: String,
    pub kind: TargetKind,
    pub comparator: Option<Comparator>,
    pub number: Option<Decimal>,
    /// The unit as written after the number (`%`, `万元`, `百分比`, `mg/l`, …).
    pub unit: Option<String>,
    /// The qualitative text, for qualitative values.
    pub text: Option<String>,
}

const COMPARATOR_WORDS: [(&str, Comparator); 16] = [
    ("≥", Comparator::Ge),
    ("≤", Comparator::Le),
    (">", Comparator::Gt),
    ("<", Comparator::Lt),
    ("=", Comparator::Eq),
    ("大于等于", Comparator::Ge),
    ("小于等于", Comparator::Le),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("达到", Comparator::Ge),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不大于", Comparator::Le),
    ("大于", Comparator::Gt),
    ("小于", Comparator::Lt),
];

impl TargetValue {
    pub fn parse(raw: &str) -> TargetValue {
        let normalised = normalise(raw);
        let text = normalised.trim();
        if text.is_empty() {
            return TargetValue::with(raw, TargetKind::Empty, None, None, None, None);
        }
        let (mut comparator, rest) = split_comparator(text);
        let rest = rest.trim();
        if let Some((number, unit)) = split_number(rest) {
            let (unit, implied) = strip_bound_suffix(unit);
            if comparator.is_none() {
                comparator = implied;
            }
            let unit = (!unit.is_empty()).then(|| unit.to_string());
            return TargetValue::with(
                raw,
                TargetKind::Numeric,
                comparator,
                Some(number),
                unit,
                None,
            );
        }
        if comparator.is_none() && matches!(rest, "是" | "否") {
            comparator = Some(Comparator::Eq);
        }
        let qualitative = if comparator.is_some() { rest } else { text };
        TargetValue::with(
            raw,
            TargetKind::Qualitative,
            comparator,
            None,
            None,
            Some(qualitative.to_string()),
        )
    }

    /// Builds a value from the split columns of a department table (符号 / 值 / 单位).
    pub fn from_parts(symbol: &str, value: &str, unit: &str) -> TargetValue {
        let comparator = Comparator::from_symbol(symbol);
        let raw = format!("{}{}{}", symbol.trim(), value.trim(), unit.trim());
        match crate::parse_amount(value) {
            Some(number) => {
                let unit = unit.trim();
                let unit = (!unit.is_empty()).then(|| unit.to_string());
                TargetValue::with(
                    &raw,
                    TargetKind::Numeric,
                    comparator,
                    Some(number),
                    unit,
                    None,
                )
            }
            None => {
                let text = format!("{}{}", value.trim(), unit.trim());
                if text.is_empty() {
                    TargetValue::with(&raw, TargetKind::Empty, comparator, None, None, None)
                } else {
                    TargetValue::with(
                        &raw,
                        TargetKind::Qualitative,
                        comparator,
                        None,
                        None,
                        Some(text),
                    )
                }
            }
        }
    }

    fn with(
        raw: &str,
        kind: TargetKind,
        comparator: Option<Comparator>,
        number: Option<Decimal>,
        unit: Option<String>,
        text: Option<String>,
    ) -> TargetValue {
        TargetValue {
            raw: raw.to_string(),
            kind,
            comparator,
            number,
            unit,
            text,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kind == TargetKind::Empty
    }
}

/// Folds full-width forms and ASCII digraphs into the forms the parser matches.
fn normalise(text: &str) -> Cow<'_, str> {
    let needs_folding = |c: char| {
        matches!(
            c,
            '０'..='９' | '．' | '％' | '＞' | '＜' | '＝' | '≧' | '≦' | '\u{3000}'
        )
    };
    if !text.contains(needs_folding) && !text.contains(">=") && !text.contains("<=") {
        return Cow::Borrowed(text);
    }
    let folded: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            '＞' => '>',
            '＜' => '<',
            '＝' => '=',
            '≧' => '≥',
            '≦' => '≤',
            '\u{3000}' => ' ',
            other => other,
        })
        .collect();
    Cow::Owned(folded.replace(">=", "≥").replace("<=", "≤"))
}

fn split_comparator(text: &str) -> (Option<Comparator>, &str) {
    for (word, comparator) in COMPARATOR_WORDS {
        if let Some(rest) = text.strip_prefix(word) {
            return (Some(comparator), rest);
        }
    }
    (None, text)
}

/// Splits `95.5%` into the number and the unit text, when the rest is a plausible unit.
fn split_number(text: &str) -> Option<(Decimal, &str)> {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(text.len(), |(i, _)| i);
    let (digits, unit) = text.split_at(end);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let number: Decimal = digits.parse().ok()?;
    let unit = unit.trim();
    // `2028年重阳节前`: a year and what follows it is a date, not 2028 of something.
    if digits.len() == 4 && unit.starts_with('年') && unit.chars().count() > 1 {
        return None;
    }
    // `45/10万`: a rate per so many people, whose unit carries its own number.
    let per_population = crate::measure::per_population(unit);
    // `元/(人·天)`: a compound's denominator in brackets.
    let bracketed_per = unit
        .split_once('/')
        .and_then(|(_, per)| per.strip_prefix(['(', '（']))
        .and_then(|per| per.strip_suffix([')', '）']))
        .is_some_and(|per| !per.is_empty() && !per.contains(['(', '（', ')', '）']));
    let plausible = unit.chars().count() <= 12
        && (per_population
            || bracketed_per
            || !unit
                .chars()
                .any(|c| c.is_ascii_digit() || "、，,;；~～至-—（）()".contains(c)));
    plausible.then_some((number, unit))
}

fn strip_bound_suffix(unit: &str) -> (&str, Option<Comparator>) {
    // `95%以上。`: the sentence's stop is no part of the unit.
    let unit = unit
        .trim_end_matches(['。', '；', ';', '，', ','])
        .trim_end();
    for (suffix, comparator) in [
        ("及以上", Comparator::Ge),
        ("以上", Comparator::Ge),
        ("以下", Comparator::Le),
        ("以内", Comparator::Le),
    ] {
        if let Some(stripped) = unit.strip_suffix(suffix) {
            return (stripped.trim(), Some(comparator));
        }
    }
    (unit, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(
        raw: &str,
    ) -> (
        Option<&'static str>,
        Option<String>,
        Option<String>,
        TargetKind,
    ) {
        let value = TargetValue::parse(raw);
        assert_eq!(value.raw, raw, "raw text must be kept exactly");
        (
            value.comparator.map(Comparator::symbol),
            value.number.map(|n| n.to_string()),
            value.unit,
            value.kind,
        )
    }

    #[test]
    fn oddities_survive() {
        use TargetKind::*;
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            parsed("≥90百分比"),
            (Some("≥"), s("90"), s("百分比"), Numeric)
        );
        assert_eq!(parsed("100百"), (None, s("100"), s("百"), Numeric));
        assert_eq!(parsed("≤15mg/l "), (Some("≤"), s("15"), s("mg/l"), Numeric));
        assert_eq!(parsed(">90%"), (Some(">"), s("90"), s("%"), Numeric));
        assert_eq!(parsed("2028年重阳节前"), (None, None, None, Qualitative));
        assert_eq!(
            parsed("≤45/10万"),
            (Some("≤"), s("45"), s("/10万"), Numeric)
        );
        assert_eq!(
            parsed("33.821万元"),
            (None, s("33.821"), s("万元"), Numeric)
        );
        assert_eq!(
            parsed("≤0.4mg/l "),
            (Some("≤"), s("0.4"), s("mg/l"), Numeric)
        );
        assert_eq!(parsed("25"), (None, s("25"), None, Numeric));
        assert_eq!(parsed("＞９０％"), (Some(">"), s("90"), s("%"), Numeric));
        assert_eq!(parsed("7、8、9月份").3, Qualitative);
        assert_eq!(parsed("2019年12月底前").3, Qualitative);
        assert_eq!(parsed("有所提升").3, Qualitative);
        assert_eq!(parsed("是/否").3, Qualitative);
        assert_eq!(parsed(" ").3, Empty);
    }

    #[test]
    fn a_compound_with_its_denominator_in_brackets_is_one_unit() {
        let value = TargetValue::parse("≤200元/(人·天)");
        assert_eq!(value.kind, TargetKind::Numeric);
        assert_eq!(value.number, Some(Decimal::from(200)));
        assert_eq!(value.unit.as_deref(), Some("元/(人·天)"));
        assert_eq!(
            TargetValue::parse("95%（含）").kind,
            TargetKind::Qualitative
        );
    }

    #[test]
    fn words_become_comparators() {
        assert_eq!(parsed("不低于95%").0, Some("≥"));
        assert_eq!(parsed("90%以上").0, Some("≥"));
        assert_eq!(TargetValue::parse("是").comparator, Some(Comparator::Eq));
        assert_eq!(
            TargetValue::parse("有所提升").text.as_deref(),
            Some("有所提升")
        );
    }

    #[test]
    fn parts_compose() {
        let value = TargetValue::from_parts("≥", "1000.00", "个");
        assert_eq!(value.raw, "≥1000.00个");
        assert_eq!(
            value.number.map(|n| n.to_string()).as_deref(),
            Some("1000.00")
        );
        let text = TargetValue::from_parts("文字描述", "", "及时");
        assert_eq!(text.kind, TargetKind::Qualitative);
        assert_eq!(text.comparator, None);
        assert_eq!(text.text.as_deref(), Some("及时"));
    }
}
