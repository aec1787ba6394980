//! End-to-end tests of the `jixiao` binary: parse, import, list, show, demo and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds")
}

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

#[test]
fn parse_json_reports_the_seed_figures() {
    let dir = seeds();
    let output = jixiao(
        "sqlite::memory:",
        &["parse", "--json", dir.to_str().expect("utf-8 path")],
    );
    assert!(output.status.success(), "{output:?}");
    let reports: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    let figures: Vec<(usize, usize, usize)> = reports
        .iter()
        .map(|r| {
            let projects = r["projects"].as_array().expect("projects");
            let indicators = projects
                .iter()
                .map(|p| p["indicators"].as_array().expect("indicators").len())
                .sum();
            (
                projects.len(),
                indicators,
                r["department_indicators"].as_array().expect("dept").len(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            (6, 54, 0),
            (7, 50, 0),
            (24, 167, 16),
            (4, 21, 0),
            (11, 101, 0)
        ]
    );
    let first = &reports[0]["projects"][0];
    assert_eq!(first["budget"]["total_yuan"], "100000.00");
    assert_eq!(first["code"], "13022923P00JXC414284D");
    assert_eq!(first["indicators"][0]["target"]["raw"], "≥90百分比");
    assert_eq!(first["indicators"][0]["level1"]["raw"], "产出指标");
    let diagnostic = &reports[2]["diagnostics"][0];
    assert_eq!(diagnostic["line"], 338);
    assert!(
        diagnostic["message"]
            .as_str()
            .expect("message")
            .contains("目录域")
    );
}

#[test]
fn import_list_show_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("t.db").display());
    let seeds = seeds();
    let seeds = seeds.to_str().expect("utf-8 path");

    let first = jixiao(&database, &["import", seeds]);
    assert!(first.status.success(), "{first:?}");
    assert!(
        stdout(&first).contains("5 个文档，52 个项目，393 条指标"),
        "{}",
        stdout(&first)
    );
    assert!(
        stdout(&first).contains("新增 5，未变 0，替换 0"),
        "{}",
        stdout(&first)
    );
    let again = jixiao(&database, &["import", seeds]);
    assert!(
        stdout(&again).contains("新增 0，未变 5，替换 0"),
        "{}",
        stdout(&again)
    );

    let list = jixiao(&database, &["list", "--year", "2024", "--unit", "乐亭"]);
    assert!(list.status.success());
    assert!(stdout(&list).contains("共 11 个项目"), "{}", stdout(&list));
    assert!(
        stdout(&list).contains("210.00 万元"),
        "amounts shown in their unit: {}",
        stdout(&list)
    );

    let show = jixiao(&database, &["show", "13022923P00JXC414284D"]);
    assert!(show.status.success(), "{show:?}");
    let table = stdout(&show);
    assert!(
        table.contains("环保督查经费")
            && table.contains("召开年度工作会议次数")
            && table.contains("≥90百分比"),
        "{table}"
    );
    assert!(table.contains("100000.00 元"), "{table}");
}

#[test]
fn demo_imports_the_bundled_samples() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("demo.db").display());
    let output = jixiao(&database, &["demo"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout(&output).contains("现有 5 个文档，52 个项目，393 条指标"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn exit_codes_and_errors_name_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("table.txt");
    std::fs::write(&pdf, b"%PDF-1.7 binary").expect("write");
    let output = jixiao("sqlite::memory:", &["parse", pdf.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("table.txt") && stderr.contains("pdftotext"),
        "{stderr}"
    );

    let missing = jixiao("sqlite::memory:", &["parse", "/no/such/file.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    let unknown_command = jixiao("sqlite::memory:", &["frobnicate"]);
    assert_eq!(unknown_command.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown_command.stderr).starts_with("错误：没有这个命令"),
        "{unknown_command:?}"
    );
    // A database URL jixiao cannot use is a usage error, said in Chinese.
    let mysql = jixiao("mysql://nowhere", &["list"]);
    assert_eq!(mysql.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mysql.stderr).contains("不支持的数据库地址"));
    // A mistyped SQLite path is said, not created empty.
    let typo = dir.path().join("typo.db");
    let listed = jixiao(&format!("sqlite:{}", typo.display()), &["list"]);
    assert_eq!(listed.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&listed.stderr).contains("不存在：查询类命令不会新建数据库"),
        "{listed:?}"
    );
    assert!(!typo.exists(), "no empty database was created");
    let database = format!("sqlite:{}", dir.path().join("x.db").display());
    assert!(jixiao(&database, &["demo"]).status.success());
    let unknown = jixiao(&database, &["show", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn user_add_creates_the_first_administrator_and_unit_staff() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("users.db").display());
    let add = |args: &[&str], password: &str| {
        Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["--database", &database, "user", "add"])
            .args(args)
            .env("JIXIAO_PASSWORD", password)
            .output()
            .expect("run jixiao")
    };
    let stderr = |output: &Output| String::from_utf8_lossy(&output.stderr).into_owned();
    let admin = add(&["root", "--role", "admin"], "correct horse");
    assert!(admin.status.success(), "{admin:?}");
    assert!(stderr(&admin).contains("已创建用户 root（管理员）"));
    let staff = add(
        &[
            "leting",
            "--role",
            "unit",
            "--unit",
            "乐亭县人民政府办公室本级",
        ],
        "battery staple",
    );
    assert!(staff.status.success(), "{staff:?}");
    let listed = jixiao(&database, &["user", "list"]);
    assert!(listed.status.success(), "{listed:?}");
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "leting\t单位填报员\t乐亭县人民政府办公室本级\nroot\t管理员\t\n",
        "by name, with the role in words"
    );
    for (args, password, message) in [
        (
            &["root", "--role", "admin"][..],
            "correct horse",
            "用户“root”已存在",
        ),
        (
            &["x", "--role", "boss"][..],
            "correct horse",
            "角色“boss”应为",
        ),
        (&["x", "--role", "unit"][..], "correct horse", "须用 --unit"),
        (&["x", "--role", "admin"][..], "short", "密码至少 8 个字符"),
    ] {
        let refused = add(args, password);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        assert!(stderr(&refused).contains(message), "{}", stderr(&refused));
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = jixiao_store::Store::open(&database).await.expect("store");
        let root = store
            .user_by_name("root")
            .await
            .expect("read")
            .expect("root");
        assert_eq!(root.role, "admin");
        assert!(
            root.password_hash.starts_with("$argon2"),
            "{}",
            root.password_hash
        );
        let leting = store
            .user_by_name("leting")
            .await
            .expect("read")
            .expect("leting");
        assert_eq!(leting.unit.as_deref(), Some("乐亭县人民政府办公室本级"));
        let units = store.units().await.expect("units");
        assert_eq!(
            units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
            ["乐亭县人民政府办公室本级"],
            "the unit is registered for the administrator's page"
        );
        assert!(store.user_by_name("x").await.expect("read").is_none());
    });
}

/// `jixiao parse-worker` with `input` on its standard input.
fn parse_worker(input: &[u8], memory_mb: Option<&str>) -> Output {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    command
        .arg("parse-worker")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(limit) = memory_mb {
        command.env("JIXIAO_PARSE_MEMORY_MB", limit);
    }
    let mut child = command.spawn().expect("run the worker");
    let mut stdin = child.stdin.take().expect("stdin");
    // The worker may die before it has read everything: that is what is tested.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().expect("worker output")
}

#[test]
fn the_parse_worker_answers_in_json_and_dies_alone_past_its_memory() {
    let seed = std::fs::read(seeds().join("004_99f67b4a5d9a1ef2.txt")).expect("seed");
    let output = parse_worker(&seed, None);
    assert!(output.status.success(), "{output:?}");
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let projects = answer["Parsed"]["document"]["projects"]
        .as_array()
        .map(Vec::len);
    assert_eq!(projects, Some(11));

    let unreadable = parse_worker(b"PK\x03\x04 not really a zip", None);
    let answer: serde_json::Value = serde_json::from_slice(&unreadable.stdout).expect("JSON");
    assert!(
        answer["Refused"].as_str().is_some_and(|m| !m.is_empty()),
        "{answer}"
    );

    // 28 MB of text under a 64 MB limit: the worker runs out and ends, nothing else does.
    let big = "\t项目名称\n".repeat(2_000_000);
    let starved = parse_worker(big.as_bytes(), Some("64"));
    assert!(!starved.status.success(), "the limit holds");
}

#[test]
fn import_names_each_error_with_its_file_and_line_unless_quiet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("j.db").display());
    // Seed 002 prints no budget in its 24 project tables: each is an error, said, and without
    // --deny the file is stored all the same.
    let fixture = seeds().join("002_bb86cba2b38667c2.txt");
    let fixture = fixture.to_str().expect("utf-8 path");
    let told = jixiao(&database, &["import", fixture]);
    assert!(told.status.success(), "{told:?}");
    let stderr = String::from_utf8_lossy(&told.stderr);
    let named = stderr
        .lines()
        .filter(|l| l.contains("002_bb86cba2b38667c2.txt:") && l.contains(": 错误：项目“"))
        .filter(|l| l.ends_with("有绩效指标，但没有读到预算数"))
        .count();
    assert_eq!(
        named, 24,
        "every warning, with file and line, without a terminal: {stderr}"
    );
    std::fs::remove_file(dir.path().join("j.db")).expect("a fresh database");
    let quiet = jixiao(&database, &["import", "--quiet", fixture]);
    assert!(quiet.status.success());
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
    assert!(stdout(&quiet).contains("导入完成"));
}

#[test]
fn files_without_a_target_table_are_refused_not_stored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("j.db").display());
    let readme = dir.path().join("会议纪要.txt");
    std::fs::write(
        &readme,
        "关于2024年预算编制的会议纪要\n\n一、会议听取了各单位汇报。\n",
    )
    .expect("write");
    let csv = dir.path().join("开放数据.csv");
    let seed = seeds().join("004_99f67b4a5d9a1ef2.txt");
    let exported = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["export", "--format", "csv", "-o"])
        .arg(&csv)
        .arg("--from")
        .arg(&seed)
        .output()
        .expect("export");
    assert!(exported.status.success(), "{exported:?}");
    for file in [&readme, &csv] {
        let file = file.to_str().expect("utf-8");
        let said = format!(
            "{file}:1: 错误：没有识别出项目绩效目标表或部门整体绩效指标表（不是绩效目标文件？）"
        );
        for quiet in [false, true] {
            let args: &[&str] = if quiet {
                &["import", "--quiet", file]
            } else {
                &["import", file]
            };
            let output = jixiao(&database, args);
            assert_eq!(output.status.code(), Some(1), "{file:?}: {output:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.lines().any(|l| l == said), "{stderr}");
            assert!(stderr.contains(&format!("{file}: 未导入")), "{stderr}");
        }
        // The refusal rests on the recogniser's error, which parse shows as well.
        let parsed = jixiao(&database, &["parse", "--json", file]);
        let report: serde_json::Value = serde_json::from_str(stdout(&parsed).trim()).expect("json");
        assert!(
            report["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .any(|d| d["severity"] == "error"
                    && d["message"]
                        .as_str()
                        .is_some_and(|m| m.starts_with("没有识别出项目绩效目标表"))),
            "{report}"
        );
    }
    let listed = jixiao(&database, &["list"]);
    assert!(!stdout(&listed).contains("乐亭"), "nothing was stored");
}

/// Seed 004 with a row its project table cannot place: one warning, on line 43.
fn warned_file(dir: &Path) -> PathBuf {
    let seed = std::fs::read_to_string(seeds().join("004_99f67b4a5d9a1ef2.txt")).expect("seed");
    let row = "\t项目编码\n\t13022524P0044CB10015T\n";
    assert_eq!(seed.matches(row).count(), 1);
    let path = dir.join("warned.txt");
    std::fs::write(
        &path,
        seed.replace(row, &format!("\t怪异标签\n\t某内容\n\n{row}")),
    )
    .expect("write");
    path
}

#[test]
fn deny_error_refuses_a_file_with_an_error_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("j.db").display());
    let with_errors = seeds().join("002_bb86cba2b38667c2.txt");
    let with_errors = with_errors.to_str().expect("utf-8 path");
    let warned = warned_file(dir.path());
    let warned = warned.to_str().expect("utf-8 path");
    let error_line = format!(
        "{with_errors}:338: 错误：项目“社会化用工人员工资及保险”有绩效指标，但没有读到预算数"
    );
    let warning_line =
        format!("{warned}:43: 警告：项目表中无法识别的行，已作为原文保留：怪异标签 某内容");

    let denied = jixiao(&database, &["import", "--deny", "error", with_errors]);
    assert_eq!(denied.status.code(), Some(1), "{denied:?}");
    let stderr = String::from_utf8_lossy(&denied.stderr);
    assert!(stderr.lines().any(|l| l == error_line), "{stderr}");
    assert!(
        stderr.contains("有 24 条错误，按 --deny error 未导入"),
        "{stderr}"
    );
    assert!(stdout(&denied).contains("失败 1"), "{}", stdout(&denied));
    let listed = stdout(&jixiao(&database, &["list"]));
    assert!(
        listed.contains("共 0 个项目"),
        "nothing was stored: {listed}"
    );
    // With --quiet the errors are still said: they are why the file failed.
    let quiet = jixiao(
        &database,
        &["import", "--quiet", "--deny", "error", with_errors],
    );
    assert_eq!(quiet.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&quiet.stderr);
    assert!(stderr.lines().any(|l| l == error_line), "{stderr}");

    // A warning is no error: the file is stored under --deny error, its warning said.
    let stored = jixiao(&database, &["import", "--deny", "error", warned]);
    assert_eq!(stored.status.code(), Some(0), "{stored:?}");
    let stderr = String::from_utf8_lossy(&stored.stderr);
    assert!(stderr.lines().any(|l| l == warning_line), "{stderr}");

    // Without --deny the file with errors is stored, and its errors printed.
    let imported = jixiao(&database, &["import", with_errors]);
    assert_eq!(imported.status.code(), Some(0), "{imported:?}");
    let stderr = String::from_utf8_lossy(&imported.stderr);
    assert!(stderr.lines().any(|l| l == error_line), "{stderr}");
    let listed = stdout(&jixiao(&database, &["list"]));
    assert!(listed.contains("社会化用工人员工资及保险"), "{listed}");
}

#[test]
fn parse_deny_error_exits_1_on_an_error_and_names_each_diagnostic_by_severity() {
    let dir = tempfile::tempdir().expect("temp dir");
    let with_errors = seeds().join("002_bb86cba2b38667c2.txt");
    let with_errors = with_errors.to_str().expect("utf-8 path");
    let warned = warned_file(dir.path());
    let warned = warned.to_str().expect("utf-8 path");
    let denied = jixiao(
        "sqlite::memory:",
        &["parse", "--deny", "error", with_errors],
    );
    assert_eq!(denied.status.code(), Some(1), "{denied:?}");
    assert!(
        stdout(&denied).contains(&format!(
            "{with_errors}:402: 错误：项目“永清县第二次全国污染源普查项目”有绩效指标"
        )),
        "{}",
        stdout(&denied)
    );
    assert!(
        stdout(&denied).contains(&format!(
            "{with_errors}:338: 提示：已忽略与标题不符的 Word 目录域"
        )),
        "notes are said as 提示"
    );
    let json = jixiao(
        "sqlite::memory:",
        &["parse", "--json", "--deny", "error", with_errors],
    );
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(stdout(&json).trim()).expect("json");
    let errors = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(errors, 24);
    assert_eq!(
        jixiao("sqlite::memory:", &["parse", with_errors])
            .status
            .code(),
        Some(0),
        "without --deny, errors are said, not fatal"
    );
    let warned_only = jixiao("sqlite::memory:", &["parse", "--deny", "error", warned]);
    assert_eq!(warned_only.status.code(), Some(0), "{warned_only:?}");
    assert!(stdout(&warned_only).contains(&format!("{warned}:43: 警告：项目表中无法识别的行")));
}

#[test]
fn a_code_in_two_years_asks_for_the_year() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("years.db").display());
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt");
    let next = dir.path().join("乐亭次年.txt");
    let text = std::fs::read_to_string(&seed).expect("seed");
    std::fs::write(&next, text.replace("2024年", "2025年")).expect("write");
    let imported = jixiao(
        &database,
        &[
            "import",
            seed.to_str().expect("path"),
            next.to_str().expect("path"),
        ],
    );
    assert!(imported.status.success(), "{imported:?}");
    let ambiguous = jixiao(&database, &["show", "13022524P00F04E10036T"]);
    assert_eq!(ambiguous.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&ambiguous.stderr).contains("在 2 个文件中都有（2024年、"),
        "{ambiguous:?}"
    );
    let chosen = jixiao(
        &database,
        &["show", "13022524P00F04E10036T", "--year", "2024"],
    );
    assert!(chosen.status.success(), "{chosen:?}");
    assert!(String::from_utf8_lossy(&chosen.stdout).contains("2024年"));
}
