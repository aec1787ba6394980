//! Classifying paragraphs by their words: headings, project titles, document facts.

use std::sync::LazyLock;

use jixiao_model::AmountUnit;
use regex::Regex;
use rust_decimal::Decimal;

use super::goals::GoalSection;
use crate::blocks::Block;

pub enum Heading {
    Goals(GoalSection),
    DepartmentIndicators,
    Projects,
    /// A part heading (`第一部分`, `部门整体绩效目标`) that only groups the sections below it.
    Container,
    /// Any other heading: the text under it is kept as a raw section.
    Other,
}

static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|\d+\s*[、.．]|[一二三四五六七八九十]+、)\s*")
        .expect("valid regex")
});
static TOP_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)").expect("valid regex")
});
static NUMBERED_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+\s*[.．、]\s*(\S.*)$").expect("valid regex"));
static UNIT_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)(20\d\d)年度?(部门)?预算").expect("valid regex"));
static UNIT_PREPARER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\S+?)编制$").expect("valid regex"));
static STATED_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d\d)年度?部门预算").expect("valid regex"));
static DEPARTMENT_BUDGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"20\d\d年预算收入\s*([\d.,]+)\s*(万元|元)").expect("valid regex"));

/// Splits a leading enumerator (`1、`, `（一）`, `2.`) from the text.
pub fn split_enumerator(text: &str) -> (Option<String>, &str) {
    match ENUMERATOR.find(text) {
        Some(found) => (
            Some(found.as_str().trim().to_string()),
            &text[found.end()..],
        ),
        None => (None, text.trim()),
    }
}

pub fn heading_kind(text: &str) -> Option<Heading> {
    let short = text.chars().count() <= 24 && !text.ends_with('。');
    if !short {
        return None;
    }
    let heading = if text.contains("总体绩效目标") {
        Heading::Goals(GoalSection::Overall)
    } else if text.contains("分项绩效目标") {
        Heading::Goals(GoalSection::Itemised)
    } else if text.contains("保障措施") {
        Heading::Goals(GoalSection::Safeguards)
    } else if text.contains("部门整体支出绩效指标") || text.contains("部门整体支出绩效目标")
    {
        Heading::DepartmentIndicators
    } else if text.contains("项目绩效目标") || text.contains("资金绩效目标") {
        Heading::Projects
    } else if text.contains("部门整体绩效目标") || text.starts_with("第") && text.ends_with("部分")
    {
        Heading::Container
    } else if text.starts_with(|c: char| "第一二三四五六七八九十".contains(c))
        && TOP_HEADING.is_match(text)
    {
        Heading::Other
    } else {
        return None;
    };
    Some(heading)
}

/// A numbered paragraph heads a project table when it names one (`…绩效目标表`) or when the
/// table right after it opens with a project's labels. Returns the project name it gives.
pub fn project_title(text: &str, next: Option<&Block>) -> Option<String> {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let captures = NUMBERED_TITLE.captures(text)?;
    let rest = captures.get(1)?.as_str().trim();
    let named = rest.ends_with("绩效目标表") || rest.ends_with("绩效目标");
    let followed = matches!(next, Some(Block::Table { rows }) if rows.first().is_some_and(super::header::opens_project_table));
    if !(named || followed) {
        return None;
    }
    let name = rest
        .strip_suffix("绩效目标表")
        .or_else(|| rest.strip_suffix("绩效目标"))
        .unwrap_or(rest);
    Some(name.trim().to_string())
}

pub fn unit_from_title(text: &str) -> Option<String> {
    if !(text.contains("预算") || text.ends_with("编制")) {
        return None;
    }
    UNIT_TITLE
        .captures(text)
        .or_else(|| UNIT_PREPARER.captures(text))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .filter(|name| !name.is_empty())
}

pub fn stated_year(text: &str) -> Option<u16> {
    if !text.contains("部门预算") {
        return None;
    }
    STATED_YEAR.captures(text).and_then(|c| c[1].parse().ok())
}

static TITLE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d\d)\s*年").expect("valid regex"));
static BRACKETED_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(]\s*(20\d\d)\s*年度?\s*[）)]$").expect("valid regex"));

/// The year a document's title states, before any table: `（2021年度）` on a line of its own,
/// or a year in a short title about budgets or targets (`2023年…项目支出绩效目标审批表`).
pub fn title_year(text: &str) -> Option<u16> {
    let text = text.trim();
    // A title is short; the paragraphs of prose before the tables are not read further.
    if text.len() > 80 * 3 || !text.contains('年') {
        return None;
    }
    if text.starts_with(['（', '('])
        && let Some(captures) = BRACKETED_YEAR.captures(text)
    {
        return captures[1].parse().ok();
    }
    let about_targets = ["绩效目标", "绩效指标", "预算"]
        .iter()
        .any(|w| text.contains(w));
    if !about_targets || text.chars().count() > 80 {
        return None;
    }
    TITLE_YEAR.captures(text).and_then(|c| c[1].parse().ok())
}

/// `2021年预算收入3586.14万元` → the amount in 元.
pub fn department_budget(text: &str) -> Option<Decimal> {
    if !text.contains("预算收入") {
        return None;
    }
    let captures = DEPARTMENT_BUDGET.captures(text)?;
    let written = jixiao_model::parse_amount(&captures[1])?;
    let unit = jixiao_model::AmountUnit::from_text(&captures[2])?;
    Some(unit.to_yuan(written))
}

/// A short excerpt of a text for messages.
pub fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = flat.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

static CAPTION_AMOUNT_UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(金额)?单位[:：](万元|元)$").expect("valid regex"));
static CAPTION_UNIT_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:单位名称|预算单位)[:：](\S.*)$").expect("valid regex"));

/// `金额单位：元`, `单位：万元` written above a table.
pub fn caption_amount_unit(text: &str) -> Option<AmountUnit> {
    if text.len() > 64 || !text.contains("单位") {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    CAPTION_AMOUNT_UNIT
        .captures(&compact)
        .and_then(|c| AmountUnit::from_text(&c[2]))
}

/// `单位名称：某某局` written above a table.
pub fn caption_unit_name(text: &str) -> Option<String> {
    if !text.contains("单位") {
        return None;
    }
    CAPTION_UNIT_NAME
        .captures(text.trim())
        .map(|c| c[1].trim().to_string())
}

static CODE_AND_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(\d{6,})[-－—]?|[\[【](\d{3,})[\]】])\s*(\S.*)$").expect("valid regex")
});

/// `418001某某局`, `820001-某镇人民政府`, `[015001]某区教育局`, `【812033】某中学`: the unit code
/// printed with a name, and the name (no code: empty, and the text).
pub fn code_and_name(text: &str) -> (String, String) {
    let text = text.trim();
    match CODE_AND_NAME.captures(text) {
        Some(c) => (
            c.get(1).or(c.get(2)).map_or("", |m| m.as_str()).to_string(),
            c[3].trim().to_string(),
        ),
        None => (String::new(), text.to_string()),
    }
}
