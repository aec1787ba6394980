//! End-to-end tests of `jixiao review` and `jixiao rules`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/seeds")
        .join(name)
}

fn jixiao(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["--database", database])
        .args(args)
        .env_remove("JIXIAO_DATABASE_URL")
        .output()
        .expect("run jixiao")
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn reviews_files_as_text_json_and_html() {
    let file = seed("004_99f67b4a5d9a1ef2.txt");
    let file = file.to_str().expect("path");
    let output = jixiao("sqlite::memory:", &["review", file]);
    assert!(output.status.success(), "{output:?}");
    let report = text(&output);
    assert!(
        report.contains("cost-vs-budget") && report.contains("210万元"),
        "{report}"
    );
    assert!(report.contains("质量评分"), "{report}");
    assert!(
        !report.contains("\x1b["),
        "no colour codes when not on a terminal"
    );

    let json = jixiao("sqlite::memory:", &["review", "--format", "json", file]);
    let documents: serde_json::Value = serde_json::from_str(&text(&json)).expect("valid JSON");
    let findings = documents[0]["findings"].as_array().expect("findings");
    let cost = findings
        .iter()
        .find(|f| f["rule"] == "cost-vs-budget")
        .expect("cost finding");
    assert_eq!(cost["severity"], "error");
    assert_eq!(cost["location"]["line"], 325);
    assert_eq!(cost["project_code"], "13022524P00F04E10036T");
    assert_eq!(cost["indicator_name"], "花费成本");
    assert_eq!(documents[0]["scores"].as_array().expect("scores").len(), 11);

    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("report.html");
    let output = jixiao(
        "sqlite::memory:",
        &[
            "review",
            "--format",
            "html",
            "--output",
            html.to_str().expect("path"),
            file,
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let page = std::fs::read_to_string(&html).expect("report written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("成本指标“花费成本”"));
    assert!(
        !page.contains("http://") && !page.contains("https://") && !page.contains("<script"),
        "self-contained"
    );
}

#[test]
fn deny_error_gates_on_errors_only() {
    let dirty = seed("004_99f67b4a5d9a1ef2.txt");
    assert_eq!(
        jixiao(
            "sqlite::memory:",
            &["review", "--deny", "error", dirty.to_str().expect("path")]
        )
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        jixiao(
            "sqlite::memory:",
            &["review", dirty.to_str().expect("path")]
        )
        .status
        .code(),
        Some(0)
    );
}

#[test]
fn reviews_the_database_and_saves_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite:{}", dir.path().join("r.db").display());
    assert!(jixiao(&database, &["demo"]).status.success());
    let looked = jixiao(&database, &["review", "--format", "json"]);
    assert!(looked.status.success(), "{looked:?}");
    assert!(
        !String::from_utf8_lossy(&looked.stderr).contains("审核结果已保存"),
        "a look at the store saves nothing unless asked"
    );
    let output = jixiao(&database, &["review", "--format", "json", "--save"]);
    assert!(output.status.success(), "{output:?}");
    let documents: serde_json::Value = serde_json::from_str(&text(&output)).expect("valid JSON");
    assert_eq!(documents.as_array().expect("documents").len(), 5);
    assert!(String::from_utf8_lossy(&output.stderr).contains("第 1 次审核"));
    let again = jixiao(&database, &["review", "--format", "json", "--save"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("第 2 次审核"));
}

#[test]
fn rule_docs_are_generated_and_in_sync() {
    let output = jixiao("sqlite::memory:", &["rules", "--markdown"]);
    assert!(output.status.success());
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md"))
            .expect("docs/rules.md");
    assert_eq!(
        text(&output),
        committed,
        "docs/rules.md is stale: run `jixiao rules --markdown > docs/rules.md`"
    );
    let plain = text(&jixiao("sqlite::memory:", &["rules"]));
    assert!(plain.contains("cost-vs-budget") && plain.contains("成本指标与预算数矛盾"));
}
