//! The core stays pure Rust: no wasm, web or I/O-framework crates among its dependencies.

use std::process::Command;

#[test]
fn core_has_no_wasm_or_web_dependencies() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "--offline", "-p", "dstack-core", "-e", "normal", "--prefix", "none", "--format", "{p}"])
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
    let expected = [
        "arraydeque",
        "dstack-core",
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
    assert_eq!(crates, expected);
}
