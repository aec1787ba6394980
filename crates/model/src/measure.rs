//! Units of measure (计量单位): what the unit of a target measures, one vocabulary for the
//! importer, the review and the evaluation. Money carries its factor to 元; `万`/`亿` before any
//! unit multiplies it (`万人次`, `万立方米`); `X/Y` is X per Y (`元/亩`, `万元/人`, `mg/L`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Things, events and people counted: 个, 次, 人, 人次, 户, 台套 …
    Count,
    Money,
    /// %, 百分比.
    Percent,
    /// ‰.
    Permille,
    /// 百分点: a difference of percentages.
    PercentagePoint,
    Area,
    Volume,
    Length,
    Weight,
    /// A span of time: 天, 个月, 小时 …
    Duration,
    /// A point in time: 月底, 月底前, 日前 …
    Deadline,
    Energy,
    Data,
    Sound,
    /// 分, 级, 星: a score or grade.
    Grade,
    /// 倍.
    Multiple,
    /// ℃.
    Temperature,
}

impl Measure {
    /// What is measured, in Chinese.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Count => "计数",
            Measure::Money => "金额",
            Measure::Percent => "百分比",
            Measure::Permille => "千分比",
            Measure::PercentagePoint => "百分点",
            Measure::Area => "面积",
            Measure::Volume => "体积",
            Measure::Length => "长度",
            Measure::Weight => "重量",
            Measure::Duration => "时长",
            Measure::Deadline => "期限",
            Measure::Energy => "能量",
            Measure::Data => "数据量",
            Measure::Sound => "声级",
            Measure::Grade => "分值等级",
            Measure::Multiple => "倍数",
            Measure::Temperature => "温度",
        }
    }
}

/// A unit read: what it measures, its multiple of the measure's base unit (元 for money), and
/// for `X/Y` what it is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasureUnit {
    pub measure: Measure,
    pub factor: Decimal,
    pub per: Option<Measure>,
}

impl MeasureUnit {
    /// A share: %, ‰ or 百分点.
    pub fn is_share(&self) -> bool {
        self.per.is_none()
            && matches!(
                self.measure,
                Measure::Percent | Measure::Permille | Measure::PercentagePoint
            )
    }

    /// A plain count (not per something).
    pub fn is_count(&self) -> bool {
        self.per.is_none() && self.measure == Measure::Count
    }

    /// The factor to 元 of a plain amount of money.
    pub fn money_factor(&self) -> Option<Decimal> {
        (self.per.is_none() && self.measure == Measure::Money).then_some(self.factor)
    }
}

/// The base units, each with what it measures and its factor.
const UNITS: &[(&str, Measure, i64)] = &[
    ("元", Measure::Money, 1),
    ("千元", Measure::Money, 1_000),
    ("万元", Measure::Money, 10_000),
    ("万", Measure::Money, 10_000),
    ("亿元", Measure::Money, 100_000_000),
    ("%", Measure::Percent, 1),
    ("百分比", Measure::Percent, 1),
    ("‰", Measure::Permille, 1),
    ("百分点", Measure::PercentagePoint, 1),
    ("个百分点", Measure::PercentagePoint, 1),
    ("平方米", Measure::Area, 1),
    ("平米", Measure::Area, 1),
    ("㎡", Measure::Area, 1),
    ("m²", Measure::Area, 1),
    ("m2", Measure::Area, 1),
    ("亩", Measure::Area, 1),
    ("公顷", Measure::Area, 1),
    ("平方公里", Measure::Area, 1),
    ("平方千米", Measure::Area, 1),
    ("立方米", Measure::Volume, 1),
    ("立方", Measure::Volume, 1),
    ("方", Measure::Volume, 1),
    ("m³", Measure::Volume, 1),
    ("m3", Measure::Volume, 1),
    ("升", Measure::Volume, 1),
    ("毫升", Measure::Volume, 1),
    ("l", Measure::Volume, 1),
    ("L", Measure::Volume, 1),
    ("米", Measure::Length, 1),
    ("延米", Measure::Length, 1),
    ("m", Measure::Length, 1),
    ("公里", Measure::Length, 1),
    ("千米", Measure::Length, 1),
    ("km", Measure::Length, 1),
    ("厘米", Measure::Length, 1),
    ("毫米", Measure::Length, 1),
    ("吨", Measure::Weight, 1),
    ("千克", Measure::Weight, 1),
    ("公斤", Measure::Weight, 1),
    ("kg", Measure::Weight, 1),
    ("克", Measure::Weight, 1),
    ("斤", Measure::Weight, 1),
    ("mg", Measure::Weight, 1),
    ("毫克", Measure::Weight, 1),
    ("微克", Measure::Weight, 1),
    ("μg", Measure::Weight, 1),
    ("ug", Measure::Weight, 1),
    ("年", Measure::Duration, 1),
    ("年度", Measure::Duration, 1),
    ("季度", Measure::Duration, 1),
    ("月", Measure::Duration, 1),
    ("个月", Measure::Duration, 1),
    ("周", Measure::Duration, 1),
    ("天", Measure::Duration, 1),
    ("日", Measure::Duration, 1),
    ("工作日", Measure::Duration, 1),
    ("个工作日", Measure::Duration, 1),
    ("天内", Measure::Duration, 1),
    ("日内", Measure::Duration, 1),
    ("小时", Measure::Duration, 1),
    ("小时内", Measure::Duration, 1),
    ("分钟", Measure::Duration, 1),
    ("分钟内", Measure::Duration, 1),
    ("学时", Measure::Duration, 1),
    ("课时", Measure::Duration, 1),
    ("月底", Measure::Deadline, 1),
    ("月底前", Measure::Deadline, 1),
    ("月前", Measure::Deadline, 1),
    ("月份", Measure::Deadline, 1),
    ("月末", Measure::Deadline, 1),
    ("月末前", Measure::Deadline, 1),
    ("日前", Measure::Deadline, 1),
    ("月底到位", Measure::Deadline, 1),
    ("月底完成", Measure::Deadline, 1),
    ("月底前完成", Measure::Deadline, 1),
    ("号前", Measure::Deadline, 1),
    ("千瓦", Measure::Energy, 1),
    ("KW", Measure::Energy, 1),
    ("kW", Measure::Energy, 1),
    ("千瓦时", Measure::Energy, 1),
    ("kWh", Measure::Energy, 1),
    ("度", Measure::Energy, 1),
    ("兆瓦", Measure::Energy, 1),
    ("吉焦", Measure::Energy, 1),
    ("GJ", Measure::Energy, 1),
    ("℃", Measure::Temperature, 1),
    ("°C", Measure::Temperature, 1),
    ("MW", Measure::Energy, 1),
    ("M", Measure::Data, 1),
    ("Mbps", Measure::Data, 1),
    ("兆", Measure::Data, 1),
    ("G", Measure::Data, 1),
    ("GB", Measure::Data, 1),
    ("TB", Measure::Data, 1),
    ("分贝", Measure::Sound, 1),
    ("dB", Measure::Sound, 1),
    ("分", Measure::Grade, 1),
    ("级", Measure::Grade, 1),
    ("星", Measure::Grade, 1),
    ("星级", Measure::Grade, 1),
    ("倍", Measure::Multiple, 1),
];

/// Counted things (every one a `Measure::Count`).
const COUNTED: &[&str] = &[
    "个",
    "次",
    "人",
    "人次",
    "条次",
    "对",
    "席",
    "通",
    "户",
    "户次",
    "家次",
    "台次",
    "件次",
    "台件",
    "批次",
    "家",
    "台",
    "套",
    "台套",
    "台（套）",
    "份",
    "条",
    "座",
    "块",
    "场",
    "场次",
    "期",
    "架",
    "架次",
    "项",
    "辆",
    "种",
    "篇",
    "件",
    "张",
    "批",
    "处",
    "所",
    "名",
    "村",
    "册",
    "本",
    "部",
    "只",
    "头",
    "株",
    "棵",
    "艘",
    "间",
    "栋",
    "幢",
    "支",
    "校",
    "班",
    "节",
    "例",
    "床",
    "张床",
    "位",
    "组",
    "队",
    "盏",
    "口",
    "眼",
    "宗",
    "起",
    "册次",
    "亩次",
    "个次",
    "人日",
    "次/年",
    "处次",
    "点",
    "点位",
    "站",
    "所次",
    "单",
    "笔",
    "期次",
    "门",
    "类",
    "套次",
    "生",
    "剂",
    "剂次",
    "班次",
    "粒",
    "针",
    "头次",
    "羽",
    "尾",
    "箱",
    "袋",
    "车次",
    "趟",
    "轮",
    "片",
    "段",
    "根",
    "面",
    "块次",
    "人份",
    "核",
    "航次",
    "具",
    "字",
    "页",
    "画幅",
    "人·天",
    "人天",
    "人·日",
    "人·次",
    "棒",
    "路",
    "叶",
    "拍",
    "颗",
    "卷",
    "枚",
    "发",
    "床日",
    "周次",
];

fn base(unit: &str) -> Option<(Measure, Decimal)> {
    if let Some((_, measure, factor)) = UNITS.iter().find(|(name, _, _)| *name == unit) {
        return Some((*measure, Decimal::from(*factor)));
    }
    // A counted thing's occurrences are counted too: 项次, 车次, 校次.
    let counted = |u: &str| COUNTED.contains(&u);
    (counted(unit)
        || unit
            .strip_suffix('次')
            .is_some_and(|u| !u.is_empty() && counted(u)))
    .then_some((Measure::Count, Decimal::ONE))
}

/// One side of a unit: a base unit, or `万`/`亿` before one (`万人次`, `亿立方米`).
fn simple(unit: &str) -> Option<(Measure, Decimal)> {
    if let Some(found) = base(unit) {
        return Some(found);
    }
    for (prefix, factor) in [("万", 10_000i64), ("亿", 100_000_000)] {
        if let Some(rest) = unit.strip_prefix(prefix)
            && rest != "万"
            && let Some((measure, base_factor)) = base(rest)
        {
            return Some((measure, base_factor * Decimal::from(factor)));
        }
    }
    None
}

/// What a rate may be per besides a unit: a counted thing by its name (`元/画幅`, `人/万车`,
/// `次/万车公里`), `万`/`亿` before it or not.
fn counted_noun(text: &str) -> Option<(Measure, Decimal)> {
    let (noun, factor) = [("万", 10_000i64), ("亿", 100_000_000)]
        .into_iter()
        .find_map(|(prefix, factor)| text.strip_prefix(prefix).map(|rest| (rest, factor)))
        .unwrap_or((text, 1));
    let chars = noun.chars().count();
    ((1..=4).contains(&chars) && noun.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        .then(|| (Measure::Count, Decimal::from(factor)))
}

/// `/10万`, `/10万人`, `/千人`: a rate per so many people (发病率 ≤45/10万).
pub(crate) fn per_population(unit: &str) -> bool {
    let Some(rest) = unit.strip_prefix('/') else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix(['万', '千', '百', '亿']) else {
        return false;
    };
    rest.chars().count() <= 4 && rest.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// What `unit` (as written after a target's number) measures, if it is a unit jixiao knows.
pub fn measure_unit(unit: &str) -> Option<MeasureUnit> {
    let unit: String = unit
        .trim()
        .chars()
        .map(|c| match c {
            '％' => '%',
            '／' => '/',
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    if unit.is_empty() {
        return None;
    }
    // `头（猪当量）`: a counted thing with what it is counted in.
    if let Some((base, note)) = unit.split_once('(')
        && !base.is_empty()
        && note.ends_with(')')
        && !note[..note.len() - 1].contains(['(', ')'])
        && let Some(found) = measure_unit(base)
    {
        return Some(found);
    }
    // `元/(人·天)` is `元/人·天`.
    let unit = match unit.split_once("/(") {
        Some((money, per)) if per.ends_with(')') => {
            format!("{money}/{}", per.trim_end_matches(')'))
        }
        _ => unit,
    };
    if let Some((measure, factor)) = simple(&unit) {
        return Some(MeasureUnit {
            measure,
            factor,
            per: None,
        });
    }
    if per_population(&unit) {
        return Some(MeasureUnit {
            measure: Measure::Count,
            factor: Decimal::ONE,
            per: Some(Measure::Count),
        });
    }
    let (top, bottom) = unit.split_once(['/', '每'])?;
    let (measure, factor) = simple(top)?;
    // `次/年`, `元/人·年`: what it is per may itself be a compound of time.
    let bottom = bottom.trim_matches(['(', ')', '（', '）']);
    let bottom = bottom.split(['·', '.']).next().unwrap_or(bottom);
    let (per, _) = simple(bottom).or_else(|| counted_noun(bottom))?;
    Some(MeasureUnit {
        measure,
        factor,
        per: Some(per),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(unit: &str) -> Option<(Measure, String, Option<Measure>)> {
        measure_unit(unit).map(|m| (m.measure, m.factor.to_string(), m.per))
    }

    #[test]
    fn money_has_its_factor_to_yuan() {
        assert_eq!(
            measure_unit("万元").and_then(|m| m.money_factor()),
            Some(Decimal::from(10_000))
        );
        assert_eq!(
            measure_unit("亿元").and_then(|m| m.money_factor()),
            Some(Decimal::from(100_000_000))
        );
        assert_eq!(measure_unit("元/亩").and_then(|m| m.money_factor()), None);
    }

    #[test]
    fn a_rate_per_a_named_thing_is_read() {
        for unit in ["元/画幅", "元/人份", "元/万字", "人/万车", "次/万车公里"] {
            assert!(measure_unit(unit).is_some(), "{unit}");
        }
        assert!(measure_unit("吨/(平方公里·年)").is_some());
        for unit in [
            "万画幅",
            "人份",
            "万字",
            "万页",
            "万吉焦",
            "℃",
            "人·天",
            "航次",
            "具",
            "条次",
            "对",
            "席",
            "万通",
        ] {
            assert!(measure_unit(unit).is_some(), "{unit}");
        }
        assert_eq!(measure_unit("元/abc"), None);
        assert!(measure_unit("/10万").is_some() && measure_unit("/10万人").is_some());
        assert_eq!(measure_unit("/10"), None);
        assert_eq!(measure_unit("℅"), None);
    }

    #[test]
    fn compounds_multiples_and_shares() {
        assert_eq!(
            measured("元/亩"),
            Some((Measure::Money, "1".into(), Some(Measure::Area)))
        );
        assert_eq!(
            measured("万元/人"),
            Some((Measure::Money, "10000".into(), Some(Measure::Count)))
        );
        assert_eq!(
            measured("元/人次"),
            Some((Measure::Money, "1".into(), Some(Measure::Count)))
        );
        assert_eq!(
            measured("元/(人·天)"),
            Some((Measure::Money, "1".into(), Some(Measure::Count)))
        );
        assert_eq!(measured("项次"), Some((Measure::Count, "1".into(), None)));
        assert_eq!(measured("年次"), None, "a year is not a counted thing");
        assert_eq!(
            measured("头（猪当量）"),
            Some((Measure::Count, "1".into(), None))
        );
        assert_eq!(
            measured("万棒"),
            Some((Measure::Count, "10000".into(), None))
        );
        assert_eq!(
            measured("万人次"),
            Some((Measure::Count, "10000".into(), None))
        );
        assert_eq!(
            measured("万立方米"),
            Some((Measure::Volume, "10000".into(), None))
        );
        assert_eq!(
            measured("mg/L"),
            Some((Measure::Weight, "1".into(), Some(Measure::Volume)))
        );
        assert_eq!(
            measured("微克/立方米"),
            Some((Measure::Weight, "1".into(), Some(Measure::Volume)))
        );
        assert!(measure_unit("‰").is_some_and(|m| m.is_share()));
        assert!(measure_unit("％").is_some_and(|m| m.is_share()));
        assert!(measure_unit("百分点").is_some_and(|m| m.is_share()));
        assert!(measure_unit("台套").is_some_and(|m| m.is_count()));
        assert_eq!(
            measured("元/生·年"),
            Some((Measure::Money, "1".into(), Some(Measure::Count)))
        );
        assert_eq!(
            measured("万剂次"),
            Some((Measure::Count, "10000".into(), None))
        );
        assert!(measure_unit("个百分点").is_some_and(|m| m.is_share()));
    }

    #[test]
    fn what_no_unit_is_stays_unknown() {
        for unknown in ["百", "", "abc", "有所提升", "/", "元/", "/亩", "万万"] {
            assert_eq!(measure_unit(unknown), None, "{unknown}");
        }
    }
}
