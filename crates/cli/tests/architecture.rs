//! The architecture's invariants (ARCHITECTURE.md), checked on the crates' manifests and sources:
//! which crate may depend on what, and which crates stay pure.

use std::path::{Path, PathBuf};

fn crates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The names of a crate's `[dependencies]` (not its dev-dependencies).
fn dependencies(krate: &str) -> Vec<String> {
    let manifest = std::fs::read_to_string(crates().join(krate).join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("{krate}/Cargo.toml: {e}"));
    let manifest: toml::Table = manifest.parse().expect("a manifest");
    manifest
        .get("dependencies")
        .and_then(toml::Value::as_table)
        .map(|deps| deps.keys().cloned().collect())
        .unwrap_or_default()
}

/// Every workspace crate's folder name.
fn all_crates() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(crates())
        .expect("crates/")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The text of every `.rs` file under a crate's `src/`.
fn sources(krate: &str) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut folders = vec![crates().join(krate).join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                found.push((path, text));
            }
        }
    }
    found
}

const IO: [&str; 6] = [
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "tokio",
    "File::",
];

#[test]
fn the_domain_crates_depend_on_the_model_only_and_do_no_io() {
    for krate in ["model", "review", "evaluate", "library", "ingest"] {
        let deps = dependencies(krate);
        let ours: Vec<&String> = deps.iter().filter(|d| d.starts_with("jixiao-")).collect();
        let allowed: &[&str] = if krate == "model" {
            &[]
        } else {
            &["jixiao-model"]
        };
        assert!(
            ours.iter().all(|d| allowed.contains(&d.as_str())),
            "{krate} depends on {ours:?}"
        );
        for forbidden in ["sqlx", "tokio", "axum", "hyper", "serde_json"] {
            assert!(
                !deps.iter().any(|d| d == forbidden),
                "{krate} depends on {forbidden}"
            );
        }
        for (path, text) in sources(krate) {
            for word in IO {
                assert!(
                    !text.contains(word),
                    "{} does I/O ({word}): {krate} is pure",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn only_the_store_knows_sql_and_only_the_web_knows_http() {
    for krate in all_crates() {
        let deps = dependencies(&krate);
        if deps.iter().any(|d| d == "sqlx") {
            assert_eq!(krate, "store", "{krate} depends on sqlx");
        }
        for http in ["axum", "hyper", "hyper-util", "tower", "askama"] {
            if deps.iter().any(|d| d == http) {
                assert_eq!(krate, "web", "{krate} depends on {http}");
            }
        }
    }
    for (path, text) in sources("cli") {
        assert!(
            !text.contains("sqlx::") && !text.contains("axum::"),
            "{}: the CLI is thin, SQL and HTTP are the store's and the web's",
            path.display()
        );
    }
}

#[test]
fn the_store_never_depends_on_the_review_or_the_web() {
    let deps = dependencies("store");
    for other in [
        "jixiao-review",
        "jixiao-web",
        "jixiao-library",
        "jixiao-evaluate",
    ] {
        assert!(!deps.iter().any(|d| d == other), "store depends on {other}");
    }
}
