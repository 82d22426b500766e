//! `--fix` writes every safe fix and reports what is left; `--diff` shows the same changes
//! without writing; exact outputs.

use std::path::PathBuf;
use std::process::{Command, Output};

const BROKEN: &str = "type: task\nimage: ubuntu\ncomands:\n  - echo hi\nenv:\n  DEBUG: on\nports:\n  - 22:22\n";
const FIXED: &str = "type: task\nimage: ubuntu\ncommands:\n  - echo hi\nenv:\n  DEBUG: \"on\"\nports:\n  - \"22:22\"\n";

/// A file of `text` in a scratch directory of its own.
fn file(test: &str, text: &str) -> String {
    let dir: PathBuf = std::env::temp_dir().join(format!("dstack-check-fix-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("task.yml");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dstack-check")).args(args).env_remove("NO_COLOR").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The I003 every task without `working_dir`, `resources.gpu` and `max_duration` gets.
fn defaults_info(file: &str) -> String {
    format!(
        "info[I003]: dstack 0.18.37 and 0.22.5 fill in different defaults: no `working_dir` means `/workflow` vs \
         the image's working directory; no `resources.gpu` means no GPU requirement vs any number of GPUs (`0..`); \
         no `max_duration` means a 72h time limit vs no time limit\n --> {file}:1:1\n  |\n1 | type: task\n  | ^\n\n"
    )
}

#[test]
fn fix_writes_every_fix_and_reports_what_is_left() {
    let path = file("write", BROKEN);
    let out = run(&["--fix", &path]);
    assert_eq!(text(&out.stderr), format!("dstack-check: {path}: 3 fixes made\n"));
    assert_eq!(
        text(&out.stdout),
        format!("{}{path}: ok, 1 info (checked against dstack 0.22.5)\n", defaults_info(&path))
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    let again = run(&["--fix", &path]);
    assert_eq!((text(&again.stderr), again.status.code()), (String::new(), Some(0)));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
}

#[test]
fn fix_keeps_what_has_no_safe_fix() {
    let path = file("left", "type: task\ncommands: [a]\nfoo: 1\nport: 80\n");
    let out = run(&["--fix", "--format", "json", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "type: task\ncommands: [a]\nfoo: 1\nport: 80\n");
}

#[test]
fn diff_shows_the_fixes_without_writing() {
    let path = file("diff", BROKEN);
    let out = run(&["--diff", &path]);
    assert_eq!(
        text(&out.stdout),
        format!(
            "--- {path}\n+++ {path}\n@@ -1,8 +1,8 @@\n type: task\n image: ubuntu\n-comands:\n+commands:\n   - echo hi\n \
             env:\n-  DEBUG: on\n+  DEBUG: \"on\"\n ports:\n-  - 22:22\n+  - \"22:22\"\n"
        )
    );
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(1), "the file as it is has an error");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), BROKEN);
    let fixed = file("diff-none", FIXED);
    let out = run(&["--diff", &fixed]);
    assert_eq!((text(&out.stdout), out.status.code()), (String::new(), Some(0)));
}

#[test]
fn json_lines_carry_the_fixes() {
    let path = file("json", "type: task\ncommands: [a]\nenv: {A: yes}\n");
    let out = run(&["--format", "json", &path]);
    let stdout = text(&out.stdout);
    let fixes = stdout.split("\"fixes\": ").nth(1).and_then(|rest| rest.split("}]}]").next());
    assert_eq!(
        fixes,
        Some(
            "[{\"title\": \"Quote `yes` as text\", \"edits\": [{\"start\": {\"line\": 3, \"column\": 10}, \
             \"end\": {\"line\": 3, \"column\": 13}, \"text\": \"\\\"yes\\\"\""
        )
    );
}
