//! The importer never panics, whatever the input, and never drops text silently.

use jixiao_ingest::{parse_bytes, parse_tika_text};
use proptest::prelude::*;

use crate::SEEDS;

fn fragments() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\t",
        "\n",
        "\n\n",
        "项目编码",
        "项目名称",
        "预算数",
        "其中：财政    资金",
        "其他资金",
        "资金支出计划（%）",
        "3月底",
        "绩效目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标值确定依据",
        "符号",
        "值",
        "产出指标",
        "数量指标",
        "≥",
        "90%",
        "100百",
        "单位：万元",
        "418001某单位",
        "1.",
        "（一）",
        "总体绩效目标",
        "[bookmark: x]",
        "{ TC 1、x \\f C }",
        "{ TC",
        "预算项目绩效表",
        "……",
        " ",
        "预算数75万元",
        "第二部分",
    ]);
    prop::collection::vec(pieces, 0..200).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        let _ = parse_bytes(&bytes);
    }

    #[test]
    fn table_like_text_never_panics(text in fragments()) {
        let _ = parse_tika_text(&text);
    }

    #[test]
    fn mutated_seeds_never_panic(seed in 0..5usize, cut in any::<prop::sample::Index>(), insert in fragments()) {
        let text = SEEDS[seed];
        let mut at = cut.index(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let mutated = format!("{}{}{}", &text[..at], insert, &text[at..]);
        let _ = parse_tika_text(&mutated);
    }
}

#[test]
fn unplaced_rows_become_diagnostics_with_lines() {
    let text = "1.甲项目绩效目标表\n\t项目编码\n\t13022923P00JXC414284D\n\t项目名称\n\t甲\n\n\t怪异标签\n\t内容\n\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n\t产出指标\n\t数量指标\n\t人数\n\t5人\n";
    let parsed = parse_tika_text(text);
    assert_eq!(parsed.document.projects.len(), 1);
    assert_eq!(parsed.document.indicator_count(), 1);
    let diagnostic = parsed
        .diagnostics
        .iter()
        .find(|d| d.message.contains("怪异标签"))
        .expect("reported");
    assert_eq!(diagnostic.line, 7);
    assert!(
        parsed
            .document
            .raw_sections
            .iter()
            .any(|s| s.text.contains("怪异标签")),
        "kept as raw text"
    );
}

#[test]
fn pdf_and_legacy_office_files_get_a_clear_error() {
    let error = parse_bytes(b"%PDF-1.7 ...").expect_err("unsupported");
    assert!(error.to_string().contains("pdftotext"), "{error}");
    let error = parse_bytes(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0])
        .expect_err("unsupported");
    assert!(
        error
            .to_string()
            .contains("soffice --headless --convert-to docx"),
        "{error}"
    );
}
