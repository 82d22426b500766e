//! The CLI's reports grow linearly with the file: a diagnostic on every line is rendered in
//! time proportional to the number of lines (the text report once split the whole file again
//! for each diagnostic), and the case, 100,000 `env` entries, is checked in under
//! 100 ms. Timing tests are ignored in debug builds; scripts/test-all.sh runs them with
//! `cargo test --release -p dstack-check --test scaling -- --ignored`.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// Writes `text` to a file in the target directory, named `name`.
fn file(name: &str, text: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("the target directory is writable");
    path
}

/// The fastest of `runs` runs of `dstack-check ARGS... FILE`, and its exit code.
fn fastest(args: &[&str], path: &PathBuf, runs: usize) -> (Duration, Option<i32>) {
    let mut best = Duration::MAX;
    let mut code = None;
    for _ in 0..runs {
        let start = Instant::now();
        let output =
            Command::new(env!("CARGO_BIN_EXE_dstack-check")).args(args).arg(path).output().expect("the CLI runs");
        best = best.min(start.elapsed());
        code = output.status.code();
    }
    (best, code)
}

fn unknown_keys(n: usize) -> String {
    let keys: String = (0..n).map(|i| format!("k{i}: 1\n")).collect();
    format!("type: task\ncommands: [echo]\n{keys}")
}

fn env_entries(n: usize) -> String {
    let entries: String = (0..n).map(|i| format!("  - K{i}=v{i}\n")).collect();
    format!("type: task\ncommands: [echo]\nenv:\n{entries}")
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn reports_grow_linearly_with_diagnostics() {
    let n = 20_000;
    let (small, large) = (file("keys-n.yml", &unknown_keys(n)), file("keys-2n.yml", &unknown_keys(2 * n)));
    for format in ["text", "json"] {
        let args = ["--format", format, "--effective", "--offers"];
        let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
        // Interleaved: a busy moment slows both sizes alike.
        for _ in 0..3 {
            t_small = t_small.min(fastest(&args, &small, 1).0);
            t_large = t_large.min(fastest(&args, &large, 1).0);
        }
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64();
        assert!(ratio < 3.0, "{format}: {n} unknown keys took {t_small:?}, {} took {t_large:?} ({ratio:.1}x)", 2 * n);
    }
}

/// The case: 100,000 `env` entries (1.7 MB) in under 100 ms, in a release build.
#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn a_hundred_thousand_env_entries_in_under_100_ms() {
    let path = file("env-100k.yml", &env_entries(100_000));
    for format in ["text", "json"] {
        let (took, code) = fastest(&["--format", format], &path, 5);
        assert_eq!(code, Some(0), "{format}: the configuration is valid");
        assert!(took < Duration::from_millis(100), "{format}: took {took:?}");
    }
}
