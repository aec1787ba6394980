//! Target tables saved as CSV the way Chinese Windows saves them: Excel's "CSV (逗号分隔)" (GBK,
//! commas), "Unicode 文本" (UTF-16LE with its byte-order mark, tabs) and "CSV UTF-8" (with a BOM).
//! Every file is built here from one grid of cells, and every value it must give is written out.

use jixiao_ingest::{IngestError, Parsed, parse_bytes};
use jixiao_model::Severity;
use rust_decimal::Decimal;

/// A grid saved as Excel saves it: rows end in CRLF, a field holding the separator, a quote or a
/// line break is quoted (quotes doubled), every row as wide as the sheet's used range.
fn save(grid: &[Vec<&str>], separator: char) -> String {
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::new();
    for row in grid {
        let fields: Vec<String> = (0..width)
            .map(|column| {
                let text = row.get(column).copied().unwrap_or("");
                if text.contains([separator, '"', '\n', '\r']) {
                    format!("\"{}\"", text.replace('"', "\"\""))
                } else {
                    text.to_string()
                }
            })
            .collect();
        out.push_str(&fields.join(&separator.to_string()));
        out.push_str("\r\n");
    }
    out
}

/// The three ways a Chinese Windows user saves a sheet as text, with what each is.
fn saved_three_ways(grid: &[Vec<&str>]) -> Vec<(&'static str, Vec<u8>)> {
    let commas = save(grid, ',');
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&commas);
    assert!(!unmappable, "every character has a GBK code");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(save(grid, '\t').encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf8: Vec<u8> = b"\xEF\xBB\xBF"
        .iter()
        .copied()
        .chain(save(grid, ',').into_bytes())
        .collect();
    vec![
        ("CSV（逗号分隔），GBK", gbk.into_owned()),
        ("Unicode 文本，UTF-16LE 带 BOM，制表符分隔", utf16),
        ("CSV UTF-8，带 BOM", utf8),
    ]
}

fn row(cells: &[&'static str]) -> Vec<&'static str> {
    cells.to_vec()
}

/// Two per-project tables (the Hebei layout) on one sheet, one split into 指标性质 | 指标值 | 度量单位.
fn per_project_grid() -> Vec<Vec<&'static str>> {
    let unit = "434001乐亭县人民政府办公室本级";
    vec![
        row(&["预算项目绩效表"]),
        row(&[unit, "", "", "", "", "", "单位：万元"]),
        row(&[
            "项目编码",
            "13022524P0044CB10015T",
            "",
            "项目名称",
            "“乐亭三中”空气质量站点点位调整项目资金",
        ]),
        row(&[
            "预算规模及资金用途",
            "预算数",
            "78.00",
            "其中：财政资金",
            "78.00",
            "其他资金",
        ]),
        row(&["", "用于站点迁移, 设备调试\n及数据联网"]),
        row(&["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"]),
        row(&["", "25%", "50%", "75%", "100%"]),
        row(&["绩效目标", "1.为了更好的客观评价我县空气质量"]),
        row(&[
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效指标描述",
            "指标性质",
            "指标值",
            "度量单位",
            "指标值确定依据",
        ]),
        row(&[
            "产出指标",
            "数量指标",
            "调整点位数量",
            "调整空气质量站点点位",
            "=",
            "1",
            "个",
            "年度工作计划",
        ]),
        row(&[
            "",
            "质量指标",
            "数据有效率",
            "监测数据有效",
            "≥",
            "95",
            "%",
            "监测技术规范",
        ]),
        row(&[
            "",
            "时效指标",
            "完成时间",
            "按期完成",
            "≤",
            "12",
            "月",
            "年度工作计划",
        ]),
        row(&[
            "成本指标",
            "经济成本指标",
            "项目预算控制数",
            "控制在预算内",
            "≤",
            "78",
            "万元",
            "预算批复",
        ]),
        row(&[
            "效益指标",
            "社会效益指标",
            "空气质量",
            "持续改善",
            "定性",
            "持续提升",
            "",
            "县委县政府决定",
        ]),
        row(&[
            "满意度指标",
            "服务对象满意度指标",
            "群众满意度",
            "群众满意",
            "≥",
            "90",
            "%",
            "满意度调查",
        ]),
        row(&["预算项目绩效表"]),
        row(&[unit, "", "", "", "", "", "单位：万元"]),
        row(&[
            "项目编码",
            "13022524P0045CB10016T",
            "",
            "项目名称",
            "农村饮用水水质监测经费",
        ]),
        row(&[
            "预算规模及资金用途",
            "预算数",
            "12.5",
            "其中：财政资金",
            "10",
            "其他资金",
            "2.5",
        ]),
        row(&["", "水质采样与检测"]),
        row(&["绩效目标", "完成全县农村饮用水水质监测"]),
        row(&[
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效指标描述",
            "指标值",
            "评（扣）分标准",
            "指标值确定依据",
        ]),
        row(&[
            "产出指标",
            "数量指标",
            "监测点位数",
            "覆盖全县",
            "≥30个",
            "按点位数计分",
            "年度工作计划",
        ]),
        row(&[
            "",
            "时效指标",
            "完成时间",
            "按期完成",
            "≤11月",
            "",
            "年度工作计划",
        ]),
        row(&[
            "满意度指标",
            "服务对象满意度指标",
            "群众满意度",
            "群众满意",
            "≥90%",
            "",
            "满意度调查",
        ]),
    ]
}

/// (code, name, 预算数, 财政资金, 其他资金 in 元, purpose, [(一级, 二级, 三级, target, number, unit or text)]).
type ProjectFigures = (
    &'static str,
    &'static str,
    [Option<&'static str>; 3],
    &'static str,
    Vec<Indicator>,
);
type Indicator = crate::layouts::Expected;

fn per_project_expected() -> Vec<ProjectFigures> {
    vec![
        (
            "13022524P0044CB10015T",
            "“乐亭三中”空气质量站点点位调整项目资金",
            [Some("780000"), Some("780000"), None],
            "用于站点迁移, 设备调试\n及数据联网",
            crate::layouts::SPLIT_VALUE_ROWS.to_vec(),
        ),
        (
            "13022524P0045CB10016T",
            "农村饮用水水质监测经费",
            [Some("125000"), Some("100000"), Some("25000")],
            "水质采样与检测",
            vec![
                (
                    "产出指标",
                    "数量指标",
                    "监测点位数",
                    "≥30个",
                    Some("30"),
                    "个",
                ),
                (
                    "产出指标",
                    "时效指标",
                    "完成时间",
                    "≤11月",
                    Some("11"),
                    "月",
                ),
                (
                    "满意度指标",
                    "服务对象满意度指标",
                    "群众满意度",
                    "≥90%",
                    Some("90"),
                    "%",
                ),
            ],
        ),
    ]
}

fn indicators_of(indicators: &[jixiao_model::Indicator]) -> Vec<Indicator> {
    indicators
        .iter()
        .map(|i| {
            let target = &i.target;
            (
                leak(&i.level1.raw),
                leak(&i.level2.raw),
                leak(&i.name),
                leak(&target.raw),
                target.number.map(|n| leak(&n.to_string())),
                leak(
                    &target
                        .unit
                        .clone()
                        .or(target.text.clone())
                        .unwrap_or_default(),
                ),
            )
        })
        .collect()
}

/// Test values compared with `&'static str` expectations.
fn leak(text: &str) -> &'static str {
    Box::leak(text.to_string().into_boxed_str())
}

fn no_errors_or_warnings(parsed: &Parsed, what: &str) {
    let loud: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .collect();
    assert!(loud.is_empty(), "{what}: every cell is read: {loud:?}");
}

#[test]
fn a_per_project_table_reads_the_same_saved_three_ways() {
    let yuan = |text: Option<&str>| text.map(|t| t.parse::<Decimal>().expect("decimal"));
    let expected: Vec<_> = per_project_expected()
        .into_iter()
        .map(
            |(code, name, [total, fiscal, other], purpose, indicators)| {
                (
                    Some(code),
                    name,
                    [yuan(total), yuan(fiscal), yuan(other)],
                    Some(purpose),
                    indicators,
                )
            },
        )
        .collect();
    for (what, bytes) in saved_three_ways(&per_project_grid()) {
        let parsed = parse_bytes(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        let document = &parsed.document;
        assert_eq!(
            (document.unit.code.as_deref(), document.unit.name.as_deref()),
            (Some("434001"), Some("乐亭县人民政府办公室本级")),
            "{what}"
        );
        let read: Vec<_> = document
            .projects
            .iter()
            .map(|p| {
                (
                    p.code.as_deref(),
                    p.name.as_str(),
                    [
                        p.budget.total_yuan,
                        p.budget.fiscal_yuan,
                        p.budget.other_yuan,
                    ],
                    p.purpose.as_deref(),
                    indicators_of(&p.indicators),
                )
            })
            .collect();
        assert_eq!(read, expected, "{what}");
        let first = &document.projects[0];
        let plan: Vec<_> = first
            .spending_plan
            .as_ref()
            .map(|plan| {
                plan.checkpoints
                    .iter()
                    .map(|c| (c.label.as_str(), c.raw.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            plan,
            [
                ("3月底", "25%"),
                ("6月底", "50%"),
                ("10月底", "75%"),
                ("12月底", "100%")
            ],
            "{what}"
        );
        let goals: Vec<_> = document
            .projects
            .iter()
            .map(|p| p.goals.iter().map(|g| g.text.as_str()).collect::<Vec<_>>())
            .collect();
        assert_eq!(
            goals,
            [
                vec!["为了更好的客观评价我县空气质量"],
                vec!["完成全县农村饮用水水质监测"]
            ],
            "{what}"
        );
        // Lines are the CSV's: the second project's table title is on line 17, its 满意度 row
        // on line 26 (the purpose on line 5 takes two lines).
        assert_eq!(
            (
                document.projects[1].span.first_line,
                document.projects[1].indicators[2].span.first_line
            ),
            (17, 26),
            "{what}"
        );
        no_errors_or_warnings(&parsed, what);
    }
}

fn flat_grid() -> Vec<Vec<&'static str>> {
    let unit = "418001测试县文化广电和旅游局";
    vec![
        row(&["2024年部门项目支出绩效目标表"]),
        row(&[
            "序号",
            "单位名称",
            "项目名称",
            "项目金额（元）",
            "年度目标",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
        ]),
        row(&[
            "1",
            unit,
            "文化惠民演出",
            "1,200,000.00",
            "全年开展惠民演出",
            "产出指标",
            "数量指标",
            "演出场次",
            "≥",
            "40",
            "场",
        ]),
        row(&[
            "",
            "",
            "",
            "",
            "",
            "",
            "质量指标",
            "观众满意度",
            "≥",
            "90",
            "%",
        ]),
        row(&[
            "2",
            unit,
            "图书馆免费开放",
            "350,000.00",
            "保障图书馆免费开放",
            "产出指标",
            "数量指标",
            "开放天数",
            "≥",
            "300",
            "天",
        ]),
        row(&[
            "",
            "",
            "",
            "",
            "",
            "效益指标",
            "社会效益指标",
            "读者人次",
            "≥",
            "5",
            "万人次",
        ]),
    ]
}

/// (name, 预算数 in 元, goals, indicators) of a flat table's project.
type FlatFigures = (
    &'static str,
    Option<Decimal>,
    Vec<&'static str>,
    Vec<Indicator>,
);

#[test]
fn a_flat_table_reads_the_same_saved_three_ways() {
    let expected: Vec<FlatFigures> = vec![
        (
            "文化惠民演出",
            Some(Decimal::new(1_200_000, 0)),
            vec!["全年开展惠民演出"],
            vec![
                (
                    "产出指标",
                    "数量指标",
                    "演出场次",
                    "≥40场",
                    Some("40"),
                    "场",
                ),
                (
                    "产出指标",
                    "质量指标",
                    "观众满意度",
                    "≥90%",
                    Some("90"),
                    "%",
                ),
            ],
        ),
        (
            "图书馆免费开放",
            Some(Decimal::new(350_000, 0)),
            vec!["保障图书馆免费开放"],
            vec![
                (
                    "产出指标",
                    "数量指标",
                    "开放天数",
                    "≥300天",
                    Some("300"),
                    "天",
                ),
                (
                    "效益指标",
                    "社会效益指标",
                    "读者人次",
                    "≥5万人次",
                    Some("5"),
                    "万人次",
                ),
            ],
        ),
    ];
    for (what, bytes) in saved_three_ways(&flat_grid()) {
        let parsed = parse_bytes(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        let document = &parsed.document;
        assert_eq!(
            (document.unit.code.as_deref(), document.unit.name.as_deref()),
            (Some("418001"), Some("测试县文化广电和旅游局")),
            "{what}"
        );
        let read: Vec<_> = document
            .projects
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.budget.total_yuan,
                    p.goals.iter().map(|g| g.text.as_str()).collect::<Vec<_>>(),
                    indicators_of(&p.indicators),
                )
            })
            .collect();
        assert_eq!(read, expected, "{what}");
        // The 读者人次 row is line 6 of the file.
        assert_eq!(
            document.projects[1].indicators[1].span.first_line, 6,
            "{what}"
        );
        no_errors_or_warnings(&parsed, what);
    }
}

#[test]
fn ragged_rows_and_a_quoted_field_with_a_comma_and_a_line_break() {
    // Written by hand, not by Excel: trailing empty fields left off, a blank line, a goal cell
    // holding a comma and a line break.
    let text = "项目支出绩效目标表\n\
        项目名称,项目代码,项目金额（元）,年度目标,一级指标,二级指标,三级指标,指标值,指标值确定依据\n\
        社区养老服务,130229240000000000003,\"80,000\",\"开展上门服务, 覆盖\n全部高龄老人\",产出指标,数量指标,服务人次,≥500人次,年度计划\n\
        ,,,,,质量指标,服务满意度,≥95%\n\
        老年食堂补助,130229240000000000004,\"50,000\",保障老年食堂运营,效益指标,社会效益指标,就餐老人数,≥200人,年度计划\n\
        \n\
        ,,,,满意度指标,服务对象满意度指标,老人满意度,≥90%,问卷调查\n\
        ,,,,,,老人回访率,≥80%\n";
    let parsed = parse_bytes(text.as_bytes()).expect("parse");
    let document = &parsed.document;
    let read: Vec<_> = document
        .projects
        .iter()
        .map(|p| {
            (
                p.code.as_deref(),
                p.name.as_str(),
                p.budget.total_yuan,
                p.goals.iter().map(|g| g.text.as_str()).collect::<Vec<_>>(),
                p.indicators
                    .iter()
                    .map(|i| {
                        (
                            i.span.first_line,
                            i.level1.raw.as_str(),
                            i.level2.raw.as_str(),
                            i.name.as_str(),
                            i.target.raw.as_str(),
                            i.basis.as_ref().map_or("", |b| b.text.as_str()),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                Some("130229240000000000003"),
                "社区养老服务",
                Some(Decimal::new(80_000, 0)),
                vec!["开展上门服务, 覆盖\n全部高龄老人"],
                vec![
                    (
                        3,
                        "产出指标",
                        "数量指标",
                        "服务人次",
                        "≥500人次",
                        "年度计划"
                    ),
                    (5, "产出指标", "质量指标", "服务满意度", "≥95%", ""),
                ],
            ),
            (
                Some("130229240000000000004"),
                "老年食堂补助",
                Some(Decimal::new(50_000, 0)),
                vec!["保障老年食堂运营"],
                vec![
                    (
                        6,
                        "效益指标",
                        "社会效益指标",
                        "就餐老人数",
                        "≥200人",
                        "年度计划"
                    ),
                    (
                        8,
                        "满意度指标",
                        "服务对象满意度指标",
                        "老人满意度",
                        "≥90%",
                        "问卷调查"
                    ),
                    (
                        9,
                        "满意度指标",
                        "服务对象满意度指标",
                        "老人回访率",
                        "≥80%",
                        ""
                    ),
                ],
            ),
        ]
    );
    no_errors_or_warnings(&parsed, "ragged");
}

#[test]
fn jixiao_s_own_open_data_csv_is_not_a_target_table() {
    // The header and a row as `jixiao export --format csv` writes them (crates/publish/src/opendata.rs):
    // one record per indicator under English column names. Refused, not misread.
    let text = "\u{FEFF}unit_code,unit_name,fiscal_year,project_code,project_name,project_budget_yuan,level1,level2,name,description,target,comparator,number,unit,basis,scoring_rule,line\r\n\
        434001,乐亭县人民政府办公室本级,2024,13022524P00F04E10036T,电子政务中心城乡一体化经费,2100000,产出指标,数量指标,设备数量,,≥10台,≥,10,台,,,\r\n";
    let parsed = parse_bytes(text.as_bytes()).expect("parse");
    assert!(parsed.document.projects.is_empty());
    assert!(parsed.document.department_indicators.is_empty());
    let refusal = parsed.no_target_table().expect("said");
    assert_eq!(refusal.severity, Severity::Error);
}

#[test]
fn jixiao_s_own_monitoring_sheet_is_not_a_target_table() {
    // `jixiao monitor template … -o 监控表.csv`: the indicators of one project, no project named.
    let text = "\u{FEFF}序号,一级指标,二级指标,三级指标,指标值,截至监控期完成值,全年预计完成值,完成目标可能性,偏差原因,偏差原因说明,整改措施\r\n\
        1,产出指标,数量指标,建设数量,1个,,,,,,\r\n\
        2,产出指标,质量指标,质量指标,保质保量完成项目,,,,,,\r\n";
    let parsed = parse_bytes(text.as_bytes()).expect("parse");
    assert!(parsed.document.projects.is_empty(), "no 未命名项目");
    assert!(
        parsed.no_target_table().is_some(),
        "{:?}",
        parsed.diagnostics
    );
}

#[test]
fn a_csv_past_two_million_cells_is_refused_naming_the_line() {
    let mut text = String::from("项目名称,一级指标,二级指标,三级指标,指标值\n");
    // 400,001 rows of 5 cells after the header: the 2,000,001st cell is on line 400,001.
    text.push_str(&",,,,\n".repeat(400_001));
    match parse_bytes(text.as_bytes()) {
        Err(IngestError::TooLarge(why)) => {
            assert!(why.contains("第 400001 行"), "{why}");
            assert!(why.contains("2000000"), "{why}");
        }
        other => panic!("refused: {:?}", other.map(|p| p.document.projects.len())),
    }
}
