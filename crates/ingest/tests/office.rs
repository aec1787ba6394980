//! .docx and .xlsx input: merged cells read like Tika's text, and hostile files refused clearly.

use jixiao_ingest::{IngestError, parse_bytes};

use crate::support::zip;

fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", xml.as_bytes()),
    ])
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn tc(text: &str, properties: &str) -> String {
    let paragraphs: String = text.split('\n').map(p).collect();
    format!("<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs}</w:tc>")
}

fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

#[test]
fn merged_cells_and_field_codes_read_like_tika_text() {
    let title = "<w:p><w:bookmarkStart w:id=\"0\" w:name=\"_Toc1\"/><w:r><w:t>1.环保督查经费绩效目标表</w:t></w:r>\
        <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> TC \"1、交通局项目\" \\f C </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:bookmarkEnd w:id=\"0\"/></w:p>";
    let header = format!(
        "<w:tbl>{}{}{}{}{}</w:tbl>",
        tr(&[
            tc(
                "418001玉田县生态环境保护事务中心",
                "<w:gridSpan w:val=\"5\"/>"
            ),
            tc("单位：万元", "<w:gridSpan w:val=\"2\"/>")
        ]),
        tr(&[
            tc("项目编码", ""),
            tc("13022923P00JXC414284D", "<w:gridSpan w:val=\"2\"/>"),
            tc("项目名称", ""),
            tc("环保督查经费", "<w:gridSpan w:val=\"3\"/>")
        ]),
        tr(&[
            tc("预算规模及资金用途", "<w:vMerge w:val=\"restart\"/>"),
            tc("预算数", ""),
            tc("10.5", ""),
            tc("其中：财政资金", ""),
            tc("10.5", ""),
            tc("其他资金", ""),
            tc("", "")
        ]),
        tr(&[
            tc("", "<w:vMerge/>"),
            tc("接待督察组\n第二段用途", "<w:gridSpan w:val=\"6\"/>")
        ]),
        tr(&[
            tc("绩效目标", ""),
            tc(
                "1.完成接待任务\n2.保障督察顺利",
                "<w:gridSpan w:val=\"6\"/>"
            )
        ]),
    );
    let indicators = format!(
        "<w:tbl>{}{}{}</w:tbl>",
        tr(&[
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效指标描述",
            "指标值",
            "指标值确定依据"
        ]
        .map(|t| tc(t, ""))),
        tr(&[
            tc("产出指标", "<w:vMerge w:val=\"restart\"/>"),
            tc("数量指标", ""),
            tc("接待次数", ""),
            tc("全年接待督察次数", ""),
            tc("≥4次", ""),
            tc("工作计划", "")
        ]),
        tr(&[
            tc("", "<w:vMerge/>"),
            tc("成本指标", ""),
            tc("接待成本", ""),
            tc("全年接待支出", ""),
            tc("≤10.5万元", ""),
            tc("预算 &amp; 合同", "")
        ]),
    );
    let bytes = docx(&format!("{title}{header}{indicators}"));
    let parsed = parse_bytes(&bytes).expect("docx read");
    let document = &parsed.document;
    assert_eq!(document.projects.len(), 1, "{:#?}", parsed.diagnostics);
    let project = &document.projects[0];
    assert_eq!(
        project.title.as_deref(),
        Some("1.环保督查经费绩效目标表"),
        "field code dropped, bookmark ignored"
    );
    assert_eq!(project.code.as_deref(), Some("13022923P00JXC414284D"));
    assert_eq!(
        project.budget.total_yuan.map(|d| d.to_string()).as_deref(),
        Some("105000.0")
    );
    assert_eq!(project.purpose.as_deref(), Some("接待督察组\n第二段用途"));
    assert_eq!(project.goals.len(), 2);
    assert_eq!(project.indicators.len(), 2);
    let cost = &project.indicators[1];
    assert!(
        cost.level1.merged && cost.level1.raw == "产出指标",
        "vMerge continuation carries the category down"
    );
    assert_eq!(
        cost.basis.as_ref().map(|b| b.text.as_str()),
        Some("预算 & 合同")
    );
    assert_eq!(document.unit.code.as_deref(), Some("418001"));
}

#[test]
fn content_decides_not_the_extension() {
    let text = "1.甲项目绩效目标表\n\t项目编码\n\t13022923P00JXC414284D\n\t项目名称\n\t甲\n";
    let parsed = parse_bytes(text.as_bytes()).expect("text read whatever the file is called");
    assert_eq!(parsed.document.projects[0].name, "甲");
    let bytes = docx(&p("第二部分"));
    assert!(
        parse_bytes(&bytes).is_ok(),
        "a .docx named .txt is still a .docx"
    );
}

#[test]
fn hostile_files_are_refused_with_bounded_memory() {
    // A zip bomb: 80 MB of zeros (past the 64 MB limit) deflate to under 100 KB.
    let zeros = vec![0_u8; 80 * 1024 * 1024];
    let bomb = zip(&[("word/document.xml", &zeros)]);
    drop(zeros);
    assert!(
        bomb.len() < 1024 * 1024,
        "the bomb is small on disk: {}",
        bomb.len()
    );
    match parse_bytes(&bomb) {
        Err(IngestError::TooLarge(why)) => assert!(why.contains("上限"), "{why}"),
        other => panic!("zip bomb not refused: {other:?}"),
    }

    let deep = format!("{}{}", "<w:sdt>".repeat(10_000), "</w:sdt>".repeat(10_000));
    match parse_bytes(&docx(&deep)) {
        Err(IngestError::TooLarge(why)) => assert!(why.contains("嵌套"), "{why}"),
        other => panic!("deep nesting not refused: {other:?}"),
    }

    let mut truncated = docx(&p("正文"));
    truncated.truncate(truncated.len() / 2);
    assert!(
        matches!(parse_bytes(&truncated), Err(IngestError::Broken(_))),
        "broken archive"
    );

    let unclosed = docx("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p>");
    assert!(
        matches!(parse_bytes(&unclosed), Err(IngestError::Broken(_))),
        "unclosed XML"
    );

    let other_zip = zip(&[("readme.txt", b"hello")]);
    let error = parse_bytes(&other_zip).expect_err("not an office file");
    assert!(error.to_string().contains("word/document.xml"), "{error}");
}
