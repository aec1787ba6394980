//! End-to-end: import a seed, record monitoring that lags the plan, score the year, refuse bad input.

use std::path::Path;
use std::process::{Command, Output};

fn jixiao(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["--database", database])
        .args(args)
        .env_remove("JIXIAO_DATABASE_URL")
        .output()
        .expect("run jixiao")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Fills a template: `edits` maps an indicator name to (column, value) pairs.
fn fill(template: &Path, output: &Path, edits: &[(&str, &[(&str, &str)])]) {
    let text = std::fs::read_to_string(template).expect("template");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().expect("header").clone();
    let mut writer = csv::Writer::from_path(output).expect("output");
    writer.write_record(&header).expect("header");
    for record in reader.records() {
        let mut row: Vec<String> = record.expect("row").iter().map(str::to_string).collect();
        for (name, cells) in edits {
            if row[3] == *name {
                for (column, value) in *cells {
                    let at = header.iter().position(|h| h == *column).expect(column);
                    row[at] = value.to_string();
                }
            }
        }
        writer.write_record(&row).expect("row");
    }
    writer.flush().expect("flush");
}

const PROJECT: &str = "13022524P00F04E10036T";

#[test]
fn monitoring_and_self_evaluation_end_to_end() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("t.db").display());
    let path = |name: &str| dir.path().join(name);
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt");
    assert!(
        jixiao(&database, &["import", seed.to_str().expect("path")])
            .status
            .success()
    );

    let template = path("monitor.csv");
    assert!(
        jixiao(
            &database,
            &[
                "monitor",
                "template",
                PROJECT,
                "-o",
                template.to_str().expect("path")
            ]
        )
        .status
        .success()
    );
    let filled = path("monitor-filled.csv");
    fill(
        &template,
        &filled,
        &[
            (
                "党政信息网正常运行率",
                &[
                    ("截至监控期完成值", "80%"),
                    ("全年预计完成值", "85%"),
                    ("完成目标可能性", "有可能"),
                ],
            ),
            (
                "公众生态环保意识",
                &[
                    ("完成目标可能性", "完全不可能"),
                    ("偏差原因", "经费保障"),
                    ("整改措施", "争取追加宣传经费"),
                ],
            ),
        ],
    );
    let output = jixiao(
        &database,
        &[
            "monitor",
            "record",
            PROJECT,
            "--spent",
            "40万元",
            "--forecast",
            "150万元",
            "--file",
            filled.to_str().expect("path"),
            "--json",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(
        report["cutoff"]["month"], 7,
        "the cut-off defaults to 31 July of the fiscal year"
    );
    assert_eq!(report["planned_percent"], "56.30");
    assert_eq!(report["executed_percent"], "23.53");
    assert_eq!(
        report["spending_light"], "红灯",
        "spending lags the plan: a warning is raised"
    );
    let lights: Vec<&str> = report["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .filter_map(|i| i["light"].as_str())
        .collect();
    assert_eq!(lights[2], "黄灯");
    assert_eq!(lights[7], "红灯");

    // Bad input is refused whole and nothing is saved.
    let bad = path("monitor-bad.csv");
    fill(
        &template,
        &bad,
        &[
            ("党政信息网正常运行率", &[("全年预计完成值", "180%")]),
            ("花费成本", &[("全年预计完成值", "5吨")]),
        ],
    );
    let refused = jixiao(
        &database,
        &[
            "monitor",
            "record",
            PROJECT,
            "--spent",
            "40万元",
            "--cutoff",
            "2023-07-31",
            "--file",
            bad.to_str().expect("path"),
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("180%")
            && message.contains("5吨")
            && message.contains("2023-07-31")
            && message.contains("未保存"),
        "{message}"
    );
    assert!(stdout(&jixiao(&database, &["monitor", "history", PROJECT])).contains("共 1 次监控"));

    // Year end: actuals scored by 财预〔2020〕10号, checked against the hand computation in the evaluate crate's tests.
    let template = path("self.csv");
    assert!(
        jixiao(
            &database,
            &[
                "evaluate",
                "template",
                PROJECT,
                "-o",
                template.to_str().expect("path")
            ]
        )
        .status
        .success()
    );
    let reason: &[(&str, &str)] = &[("偏差原因", "设备老化"), ("改进措施", "更新设备")];
    let filled = path("self-filled.csv");
    fill(
        &template,
        &filled,
        &[
            ("与市中心光纤租赁条数", &[("实际完成值", "1条")]),
            ("光纤带宽", &[("实际完成值", "1400M")]),
            (
                "党政信息网正常运行率",
                &[("实际完成值", "80%"), reason[0], reason[1]],
            ),
            ("网络日常维护率", &[("实际完成值", "100%")]),
            ("城乡一体化信息按时反馈率", &[("实际完成值", "95%")]),
            ("花费成本", &[("实际完成值", "170万元")]),
            ("群众合理诉求解决比例", &[("实际完成值", "92%")]),
            (
                "公众生态环保意识",
                &[
                    ("完成档次", "部分达成"),
                    ("档次内得分比例", "70"),
                    reason[0],
                    reason[1],
                ],
            ),
            (
                "公众社会积极反响",
                &[
                    ("完成档次", "达成"),
                    ("档次内得分比例", "85"),
                    reason[0],
                    reason[1],
                ],
            ),
            ("服务对象满意度", &[("实际完成值", "95%")]),
        ],
    );
    let output = jixiao(
        &database,
        &[
            "evaluate",
            "record",
            PROJECT,
            "--executed",
            "153万元",
            "--file",
            filled.to_str().expect("path"),
            "--json",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(
        (report["total"].as_str(), report["grade"].as_str()),
        (Some("93.57"), Some("优"))
    );
    assert_eq!(report["budget_score"], "9.00");
    assert!(
        stdout(&jixiao(&database, &["evaluate", "history", PROJECT]))
            .contains("2024年  93.57 分  优")
    );

    // The same sheet filled in Excel, where typing 95% stores 0.95 shown as a percentage: the
    // same score, not 0.95%.
    let workbook = path("self-filled.xlsx");
    as_excel_with_percentages(&filled, &workbook);
    let output = jixiao(
        &database,
        &[
            "evaluate",
            "record",
            PROJECT,
            "--executed",
            "153万元",
            "--file",
            workbook.to_str().expect("path"),
            "--json",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["total"].as_str(), Some("93.57"), "{report}");

    // The tables: JSON, Word and Excel, for the project and as a unit summary.
    for (command, title) in [
        ("monitor", "绩效运行监控表"),
        ("evaluate", "项目支出绩效自评表"),
    ] {
        let json = path(&format!("{command}.json"));
        assert!(
            jixiao(
                &database,
                &[
                    command,
                    "report",
                    PROJECT,
                    "-o",
                    json.to_str().expect("path")
                ]
            )
            .status
            .success()
        );
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("JSON");
        assert_eq!(
            report["projects"][0]["project_name"],
            "电子政务中心城乡一体化经费"
        );
        for format in ["docx", "xlsx"] {
            let file = path(&format!("{command}.{format}"));
            let output = jixiao(
                &database,
                &[
                    command,
                    "report",
                    "--unit",
                    "乐亭",
                    "--format",
                    format,
                    "-o",
                    file.to_str().expect("path"),
                ],
            );
            assert!(output.status.success(), "{output:?}");
            let parsed = jixiao(
                &database,
                &["parse", "--json", file.to_str().expect("path")],
            );
            assert!(parsed.status.success(), "{parsed:?}");
            assert!(
                stdout(&parsed).contains(title)
                    && stdout(&parsed).contains("乐亭县人民政府办公室本级"),
                "{format}: {}",
                stdout(&parsed)
            );
        }
    }

    // Excel templates with drop-down lists read back too: an unfilled one lacks every actual.
    let sheet = path("self.xlsx");
    assert!(
        jixiao(
            &database,
            &[
                "evaluate",
                "template",
                PROJECT,
                "-o",
                sheet.to_str().expect("path")
            ]
        )
        .status
        .success()
    );
    let unfilled = jixiao(
        &database,
        &[
            "evaluate",
            "record",
            PROJECT,
            "--executed",
            "153万元",
            "--file",
            sheet.to_str().expect("path"),
        ],
    );
    assert_eq!(unfilled.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unfilled.stderr).contains("指标“服务对象满意度”缺少实际完成值"),
        "{unfilled:?}"
    );
    let sheet = path("monitor.xlsx");
    assert!(
        jixiao(
            &database,
            &[
                "monitor",
                "template",
                PROJECT,
                "-o",
                sheet.to_str().expect("path")
            ]
        )
        .status
        .success()
    );
    let round = jixiao(
        &database,
        &[
            "monitor",
            "record",
            PROJECT,
            "--spent",
            "100万元",
            "--file",
            sheet.to_str().expect("path"),
            "--json",
        ],
    );
    // The monitoring template sent back as downloaded is no round either.
    assert_eq!(round.status.code(), Some(2), "{round:?}");
    assert!(
        String::from_utf8_lossy(&round.stderr).contains("没有填写任何指标的完成情况"),
        "{round:?}"
    );

    let wrong_weights = jixiao(
        &database,
        &[
            "evaluate",
            "record",
            PROJECT,
            "--executed",
            "153万元",
            "--file",
            filled.to_str().expect("path"),
            "--weights",
            "20,40,30,20",
        ],
    );
    assert_eq!(wrong_weights.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong_weights.stderr).contains("应为 100"));
}

/// A filled CSV sheet written as Excel would save it: `95%` as the number 0.95 in a `0%` cell.
fn as_excel_with_percentages(csv_path: &std::path::Path, xlsx_path: &std::path::Path) {
    let mut reader = csv::Reader::from_path(csv_path).expect("filled sheet");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    let header = reader.headers().expect("header").clone();
    for (column, name) in header.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}');
        sheet.write_string(0, column as u16, name).expect("cell");
    }
    for (row, record) in reader.records().enumerate() {
        let record = record.expect("row");
        for (column, cell) in record.iter().enumerate() {
            let (row, column) = (row as u32 + 1, column as u16);
            match cell.strip_suffix('%').and_then(|n| n.parse::<f64>().ok()) {
                Some(number) => sheet
                    .write_number_with_format(row, column, number / 100.0, &percent)
                    .expect("cell"),
                None => sheet.write_string(row, column, cell).expect("cell"),
            };
        }
    }
    workbook.save(xlsx_path).expect("save workbook");
}
