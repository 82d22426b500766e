//! The core stays pure Rust: no wasm, web or I/O-framework crates among its dependencies; and the
//! YAML loader it builds on knows nothing of dstack.

use std::process::Command;

/// The crates in the normal dependency tree of `package`, itself included, sorted.
fn dependencies(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "--offline", "-p", package, "-e", "normal", "--prefix", "none", "--format", "{p}"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut crates: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    crates.sort();
    crates.dedup();
    crates
}

/// What the YAML loader needs: saphyr's parser and serde (positions serialize).
const YAML: [&str; 11] = [
    "arraydeque",
    "proc-macro2",
    "quote",
    "saphyr-parser",
    "serde",
    "serde_core",
    "serde_derive",
    "syn",
    "thiserror",
    "thiserror-impl",
    "unicode-ident",
];

#[test]
fn core_has_no_wasm_or_web_dependencies() {
    let mut expected: Vec<&str> = YAML.into_iter().chain(["dstack-core", "dstack-yaml"]).collect();
    expected.sort_unstable();
    assert_eq!(dependencies("dstack-core"), expected);
}

#[test]
fn the_yaml_loader_does_not_depend_on_the_core() {
    let mut expected: Vec<&str> = YAML.into_iter().chain(["dstack-yaml"]).collect();
    expected.sort_unstable();
    assert_eq!(dependencies("dstack-yaml"), expected);
}
