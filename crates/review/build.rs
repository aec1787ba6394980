//! The rules' fingerprint: a hash of the review's and the model's sources, so figures made by
//! other rules (kept by the web's dashboard) are known to be out of date.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

fn walk(dir: &Path, hasher: &mut DefaultHasher) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, hasher);
        } else if path.extension().is_some_and(|e| e == "rs") {
            path.file_name().hash(hasher);
            std::fs::read(&path).unwrap_or_default().hash(hasher);
        }
    }
}

fn main() {
    let mut hasher = DefaultHasher::new();
    for dir in ["src", "../model/src"] {
        println!("cargo:rerun-if-changed={dir}");
        walk(Path::new(dir), &mut hasher);
    }
    println!(
        "cargo:rustc-env=JIXIAO_RULES_FINGERPRINT={:016x}",
        hasher.finish()
    );
}
