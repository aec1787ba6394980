//! Indicator names as a concept: the written name normalised (NFKC, no spaces, punctuation,
//! numbering, year or unit in brackets), and its words as jieba segments them, filler dropped
//! and synonyms spelt one way, so `培训人员数量` and `2034年培训人数（人）` are one concept and
//! `贫困户数` and `脱贫户数` are two.

use std::sync::LazyLock;

use jieba_rs::Jieba;
use jixiao_model::measure_unit;
use unicode_normalization::UnicodeNormalization;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Words at the start of a name that say nothing of what is measured.
const LEADING_FILLER: [&str; 6] = ["本年度", "年度", "全年", "本年", "当年", "年内"];

/// Words dropped wherever jieba finds them.
const FILLER_WORDS: [&str; 9] = ["的", "之", "及", "和", "与", "等", "各类", "相关", "有关"];

/// Words with one spelling for the concept.
const SYNONYMS: [(&str, &str); 4] = [
    ("数量", "数"),
    ("个数", "数"),
    ("总数", "数"),
    ("人员", "人"),
];

/// Characters whose insertion alone does not make a new concept (`受益总人数` is `受益人数`).
pub const INSIGNIFICANT: [char; 3] = ['的', '总', '类'];

/// The name as a library groups it: NFKC, without whitespace, numbering, punctuation, a year,
/// leading filler, a bracketed unit or a `指标` suffix; bracketed words other than units are
/// kept without their brackets.
pub fn normalise(name: &str) -> String {
    let text: String = name.nfkc().filter(|c| !c.is_whitespace()).collect();
    let text = without_numbering(&text);
    let text = without_bracketed_units(text);
    let mut text: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '%' | '‰' | '/'))
        .collect();
    loop {
        let before = text.len();
        text = without_leading_year(&text).to_string();
        for filler in LEADING_FILLER {
            if let Some(rest) = text.strip_prefix(filler)
                && rest.chars().count() >= 2
            {
                text = rest.to_string();
            }
        }
        if text.len() == before {
            break;
        }
    }
    if let Some(rest) = text.strip_suffix("指标")
        && rest.chars().count() >= 2
    {
        text = rest.to_string();
    }
    text
}

/// Whether a written name is already as [`normalise`] leaves it (but for NFKC and spaces), so
/// it can stand for its entry.
pub fn is_normal(written: &str) -> bool {
    let clean: String = written.nfkc().filter(|c| !c.is_whitespace()).collect();
    clean == normalise(written)
}

/// The concept a normalised name stands for: its words, filler dropped, synonyms spelt one way.
pub fn concept(normalised: &str) -> String {
    JIEBA
        .cut(normalised, false)
        .into_iter()
        .map(|token| token.word)
        .filter(|word| !FILLER_WORDS.contains(word))
        .map(|word| {
            SYNONYMS
                .iter()
                .find(|(from, _)| *from == word)
                .map_or(word, |(_, to)| to)
        })
        .collect()
}

/// The names one insignificant character shorter (`受益总人数` → `受益人数`).
pub fn shorter_by_one_insignificant(concept: &str) -> impl Iterator<Item = String> + '_ {
    concept
        .char_indices()
        .filter(|(_, c)| INSIGNIFICANT.contains(c))
        .map(|(at, c)| {
            let mut shorter = String::with_capacity(concept.len());
            shorter.push_str(&concept[..at]);
            shorter.push_str(&concept[at + c.len_utf8()..]);
            shorter
        })
        .filter(|shorter| shorter.chars().count() >= 2)
}

fn without_numbering(text: &str) -> &str {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &text[digits..];
        for mark in ['.', '、', ')', '．'] {
            if let Some(rest) = rest.strip_prefix(mark) {
                return rest;
            }
        }
    }
    if let Some(rest) = text.strip_prefix('(') {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if (1..=2).contains(&digits)
            && let Some(rest) = rest[digits..].strip_prefix(')')
        {
            return rest;
        }
    }
    text
}

fn without_bracketed_units(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '[', '【', '〔']) {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let opening = after.chars().next().map_or(1, char::len_utf8);
        let Some(close) = after.find([')', ']', '】', '〕']) else {
            rest = &after[opening..];
            continue;
        };
        let inside = &after[opening..close];
        if measure_unit(inside).is_none() && inside != "%" {
            out.push_str(inside);
        }
        let closing = after[close..].chars().next().map_or(1, char::len_utf8);
        rest = &after[close + closing..];
    }
    out.push_str(rest);
    out
}

fn without_leading_year(text: &str) -> &str {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits == 4 {
        let rest = &text[4..];
        for suffix in ["年度", "年"] {
            if let Some(rest) = rest.strip_prefix(suffix)
                && rest.chars().count() >= 2
            {
                return rest;
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        concept(&normalise(a)) == concept(&normalise(b))
    }

    #[test]
    fn written_forms_of_one_name_normalise_alike() {
        for written in [
            "培训人数",
            " 培训 人数 ",
            "培训人数（人）",
            "培训人数(人次)",
            "2034年培训人数",
            "2034年度培训人数",
            "全年培训人数",
            "1.培训人数",
            "（2）培训人数",
            "培训人数指标",
        ] {
            assert_eq!(normalise(written), "培训人数", "{written}");
        }
        assert_eq!(normalise("检测合格率（%）"), "检测合格率");
        assert_eq!(normalise("受益人数（含脱贫户）"), "受益人数含脱贫户");
        assert_eq!(normalise("“两癌”筛查人数"), "两癌筛查人数");
    }

    #[test]
    fn names_of_one_concept_meet() {
        assert!(same("培训人数", "培训人员数量"));
        assert!(same("受益群众满意度", "受益群众的满意度"));
        assert!(same("设备数量", "设备个数"));
    }

    #[test]
    fn names_of_different_concepts_stay_apart() {
        assert!(!same("贫困户数", "脱贫户数"));
        assert!(!same("合格率", "不合格率"));
        assert!(!same("检测率", "检测合格率"));
        assert!(!same("3岁以下儿童人数", "6岁以下儿童人数"));
        assert!(!same("培训人数", "培训次数"));
    }

    #[test]
    fn one_insignificant_character_is_dropped_at_a_time() {
        let shorter: Vec<String> = shorter_by_one_insignificant("受益总人数").collect();
        assert_eq!(shorter, ["受益人数"]);
        assert_eq!(shorter_by_one_insignificant("不合格率").count(), 0);
    }
}
