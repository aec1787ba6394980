//! The conservation law: every non-empty cell of every table a reader gives ends up in the model
//! (a field holds its text) or is named in a diagnostic; what the recogniser consumes as
//! structure is a label of its vocabulary. Checked on every fixture: the seeds, the layouts and
//! the corpus in each format the recogniser reads directly.

use std::collections::HashSet;

use jixiao_ingest::blocks::Block;
use serde_json::Value;

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn strings(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(s) => into.push(compact(s)),
        Value::Number(n) => into.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, into)),
        Value::Object(fields) => fields.values().for_each(|v| strings(v, into)),
        _ => {}
    }
}

fn fixtures() -> Vec<std::path::PathBuf> {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
    let mut files = Vec::new();
    for dir in ["seeds", "layouts", "corpus"] {
        let mut found: Vec<_> = std::fs::read_dir(data.join(dir))
            .expect("a fixture directory")
            .map(|e| e.expect("an entry").path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.ends_with(".txt") || name.ends_with(".docx") || name.ends_with(".xlsx")
            })
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// The cells of `bytes` that end neither in the model nor in a diagnostic.
fn lost_cells(bytes: &[u8]) -> Vec<String> {
    let blocks = jixiao_ingest::read_blocks(bytes).expect("a readable fixture");
    let parsed = jixiao_ingest::parse_bytes(bytes).expect("a readable fixture");
    let document = &parsed.document;
    let mut held = Vec::new();
    strings(
        &serde_json::to_value(document).expect("the model as JSON"),
        &mut held,
    );
    // The unit's code and name as units print them together.
    if let (Some(code), Some(name)) = (&document.unit.code, &document.unit.name) {
        for joined in [format!("{code}{name}"), format!("{code}-{name}")] {
            held.push(compact(&joined));
        }
    }
    let exact: HashSet<&str> = held.iter().map(String::as_str).collect();
    // Goals as they were written: each item's `1.` before its text, the items of a cell in turn.
    let goals = document
        .projects
        .iter()
        .flat_map(|p| p.goals.iter().chain(&p.period_goals))
        .chain(&document.goals.overall)
        .map(|g| {
            compact(&format!(
                "{}{}",
                g.label.clone().unwrap_or_default(),
                g.text
            ))
        });
    let all = format!("{}\u{1}{}", held.join("\u{1}"), goals.collect::<String>());
    let said: Vec<String> = parsed
        .diagnostics
        .iter()
        .map(|d| compact(&d.message))
        .collect();
    let kept = |text: &str| {
        let head: String = text.chars().take(12).collect();
        exact.contains(text)
            || (text.chars().count() > 1 && all.contains(text))
            || said.iter().any(|m| m.contains(&head))
    };
    let mut lost = Vec::new();
    for block in &blocks {
        let Block::Table { rows } = block else {
            continue;
        };
        for cell in rows.iter().flat_map(|r| &r.cells) {
            let text = compact(&cell.text);
            let structure = jixiao_ingest::is_label(&cell.text)
                // A closed set read into its value: 正向指标 → Direction::Positive.
                || jixiao_model::Direction::from_text(&text).is_some()
                // A row's number (序号).
                || (text.len() <= 3 && text.chars().all(|c| c.is_ascii_digit()));
            // `年度资金总额：16`, `金额单位：万元`: a label or caption word and its value.
            let labelled_value = text.split_once([':', '：']).is_some_and(|(label, value)| {
                let caption = matches!(label, "单位" | "金额单位");
                (caption || jixiao_ingest::is_label(label)) && kept(value)
            });
            if text.is_empty() || structure || labelled_value || kept(&text) {
                continue;
            }
            lost.push(format!("第{}行“{}”", cell.line, cell.text.trim()));
        }
    }
    lost
}

#[test]
fn every_cell_of_every_fixture_ends_in_the_model_or_a_diagnostic() {
    let mut failures = Vec::new();
    let files = fixtures();
    assert!(files.len() >= 30, "only {} fixtures", files.len());
    for path in files {
        let bytes = std::fs::read(&path).expect("a fixture");
        let lost = lost_cells(&bytes);
        if !lost.is_empty() {
            failures.push(format!("{}: {}", path.display(), lost.join("、")));
        }
    }
    assert!(
        failures.is_empty(),
        "cells lost without a word:\n{}",
        failures.join("\n")
    );
}
