//! Every list and mapping a file can grow is checked in time that grows linearly with it: each
//! input is built at size n and 4n, and the bigger one must not cost much more than four times
//! as much. The timing tests are ignored in debug builds (unoptimized code times the wrong
//! thing); scripts/test-all.sh runs them with `cargo test --release -- --ignored`. A quadratic
//! path costs sixteen times as much at 4n once n is large enough for the quadratic term to
//! dominate, which the sizes below are (each was checked against the quadratic code it guards).
//! Linear work took up to 5.6 times as long at 4n on the development VM: the larger input's
//! report does not fit the caches (the instructions grow 4 times). Time is the CPU time of the
//! checking thread, which time slices given to other processes do not count in, the best of
//! several interleaved runs, one test at a time; the bound (10.5x) sits between the two, with
//! room for noise either way: at n and 2n the bound was 3x, and CI measured up to 2.62x for
//! linear work. An error list searched once per error (quadratic in the unknown keys) took 18x.

#![allow(unsafe_code, reason = "libc's CPU clocks, which std does not offer")]

use std::sync::Mutex;
use std::time::Duration;

use dstack_core::{DstackVersion, Options, Report, check};

/// Runs per size; the fastest counts.
const RUNS: usize = 7;

/// Largest accepted ratio of the time at 4n to the time at n.
const MAX_RATIO: f64 = 10.5;

/// What the page does with a text under one release: the report with the effective view, then
/// offers if valid.
fn check_all(text: &str, version: DstackVersion) -> Report {
    let report = check(text, &Options { effective: true, version });
    if report.is_valid()
        && let Some(normalized) = &report.normalized
    {
        std::hint::black_box(dstack_offers::estimate(
            normalized,
            dstack_offers::Catalog::bundled(),
            Options::default().version,
        ));
    }
    report
}

/// Tests running side by side would share the caches and the memory bus: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// CPU time the calling thread has used so far.
fn thread_cpu() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec it is given.
    assert_eq!(unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) }, 0);
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

fn fastest(text: &str, version: DstackVersion, best: &mut Duration) {
    let start = thread_cpu();
    std::hint::black_box(check_all(text, version));
    *best = (*best).min(thread_cpu() - start);
}

/// Asserts that `make(4n)` takes at most [`MAX_RATIO`] times as long as `make(n)`, under every
/// supported release.
fn assert_linear(what: &str, n: usize, make: impl Fn(usize) -> String) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (small, large) = (make(n), make(4 * n));
    for version in DstackVersion::SUPPORTED {
        // Warm up allocator and caches, and check that the input is what the test means.
        check_all(&large, version);
        let report = check_all(&small, version);
        assert!(!report.diagnostics.iter().any(|d| d.code == "E003"), "{what}: input refused by a limit");
        let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
        for _ in 0..RUNS {
            fastest(&small, version, &mut t_small);
            fastest(&large, version, &mut t_large);
        }
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
        let line = format!("{what} under {version}: {n} items in {t_small:?}, {} in {t_large:?} ({ratio:.2}x)", 4 * n);
        assert!(ratio < MAX_RATIO, "{line}: not linear");
        println!("{line}");
    }
}

const HEAD: &str = "type: task\ncommands: [echo]\n";

fn lines(n: usize, line: impl Fn(usize) -> String) -> String {
    (0..n).map(line).collect()
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn env_list() {
    assert_linear("env list", 10_000, |n| format!("{HEAD}env:\n{}", lines(n, |i| format!("  - K{i}=v{i}\n"))));
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn env_list_placeholders_and_duplicates() {
    assert_linear("env placeholders", 8000, |n| format!("{HEAD}env:\n{}", lines(n, |i| format!("  - K{i}\n"))));
    assert_linear("env duplicates", 8000, |n| format!("{HEAD}env:\n{}", lines(n, |i| format!("  - K=v{i}\n"))));
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn env_mapping() {
    assert_linear("env mapping", 8000, |n| format!("{HEAD}env:\n{}", lines(n, |i| format!("  K{i}: v{i}\n"))));
    assert_linear("env flow mapping", 8000, |n| {
        format!("{HEAD}env: {{{}}}\n", (0..n).map(|i| format!("K{i}: v")).collect::<Vec<_>>().join(", "))
    });
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn env_pairs_and_placeholders_with_errors() {
    assert_linear("env pairs", 8000, |n| format!("{HEAD}env:\n{}", lines(n, |i| format!("  - [K{i}, v{i}]\n"))));
    // Each `{key: …}` value asks for the error count, and each bad one adds an error.
    assert_linear("env sentinels", 8000, |n| {
        format!("{HEAD}env:\n{}", lines(n, |i| format!("  K{i}: {{key: X{i}, bad: 1}}\n")))
    });
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn ports_and_volumes() {
    assert_linear("ports", 8000, |n| format!("{HEAD}ports:\n{}", lines(n, |i| format!("  - {}\n", 1 + i % 65535))));
    assert_linear("reserved ports", 4000, |n| {
        format!("{HEAD}ports:\n{}", lines(n, |i| format!("  - {}\n", 10000 + i % 1000)))
    });
    assert_linear("volumes", 8000, |n| format!("{HEAD}volumes:\n{}", lines(n, |i| format!("  - /d{i}:/m{i}\n"))));
    assert_linear("named volumes with errors", 4000, |n| {
        format!("{HEAD}volumes:\n{}", lines(n, |i| format!("  - {{name: v{i}, path: /m{i}, bad: 1}}\n")))
    });
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn commands_and_interpolation() {
    assert_linear("commands", 8000, |n| format!("type: task\ncommands:\n{}", lines(n, |i| format!("  - echo {i}\n"))));
    assert_linear("commands with references", 8000, |n| {
        format!("type: task\ncommands:\n{}", lines(n, |i| format!("  - echo ${{{{ env.A{i} }}}}\n")))
    });
    assert_linear("commands that are mappings", 8000, |n| {
        format!("type: task\ncommands:\n{}", lines(n, |i| format!("  - {{a{i}: b}}\n")))
    });
    // One text with as many references as `env` has entries.
    assert_linear("registry_auth references", 8000, |n| {
        let refs: String = (0..n).map(|i| format!("${{{{ env.A{i} }}}}")).collect();
        format!(
            "{HEAD}env:\n{}registry_auth:\n  username: \"{refs}\"\n  password: x\n",
            lines(n, |i| format!("  - A{i}=1\n"))
        )
    });
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn unknown_and_duplicate_keys() {
    assert_linear("unknown keys", 8000, |n| format!("{HEAD}{}", lines(n, |i| format!("k{i}: 1\n"))));
    assert_linear("duplicate keys", 8000, |n| format!("{HEAD}{}", lines(n, |_| "name: x\n".to_string())));
    assert_linear("duplicate env keys", 8000, |n| {
        format!("{HEAD}env:\n{}", lines(n, |i| format!("  K{}: v\n", i % 100)))
    });
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn profile_lists() {
    assert_linear("backends", 8000, |n| format!("{HEAD}backends:\n{}", lines(n, |_| "  - aws\n".to_string())));
    assert_linear("unknown backends", 8000, |n| format!("{HEAD}backends:\n{}", lines(n, |i| format!("  - b{i}\n"))));
    assert_linear("regions", 4000, |n| format!("{HEAD}regions:\n{}", lines(n, |i| format!("  - r{i}\n"))));
    assert_linear("instance types", 4000, |n| {
        format!("{HEAD}instance_types:\n{}", lines(n, |i| format!("  - t{i}.xlarge\n")))
    });
    assert_linear("GPU names", 4000, |n| {
        format!("{HEAD}resources:\n  gpu:\n    name:\n{}", lines(n, |i| format!("      - g{i}\n")))
    });
}

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn merge_keys_aliases_and_yaml11_traps() {
    assert_linear("merge keys", 4000, |n| {
        let anchors = lines(n, |i| format!("x{i}: &a{i} {{K{i}: v}}\n"));
        let merged = (0..n).map(|i| format!("*a{i}")).collect::<Vec<_>>().join(", ");
        format!("{HEAD}{anchors}env:\n  <<: [{merged}]\n")
    });
    assert_linear("aliases", 8000, |n| {
        format!("type: task\nname: &c echo\ncommands:\n{}", lines(n, |_| "  - *c\n".to_string()))
    });
    assert_linear("anchors", 8000, |n| format!("type: task\ncommands:\n{}", lines(n, |i| format!("  - &a{i} echo\n"))));
    assert_linear("YAML 1.1 booleans", 8000, |n| format!("{HEAD}env:\n{}", lines(n, |i| format!("  K{i}: on\n"))));
    assert_linear("YAML 1.1 base-60 numbers", 8000, |n| {
        format!("type: task\ncommands:\n{}", lines(n, |i| format!("  - 1:{}\n", i % 60)))
    });
}

/// An aliased list of traps used n times warns once per written scalar, not n times each: the
/// warnings (and the time) grow with the file, not with the aliases' expansion.
#[test]
fn aliases_do_not_multiply_warnings() {
    let n = 300;
    let traps = vec!["on"; n].join(", ");
    let uses = vec!["*a"; n].join(", ");
    let text = format!("type: task\nname: &a [{traps}]\ncommands: [{uses}]\n");
    let report = check(&text, &Options { effective: false, version: DstackVersion::V0_18_37 });
    let warnings = report.diagnostics.iter().filter(|d| d.code == "W001").count();
    assert_eq!(warnings, n);
}

/// Largest accepted CPU time of one check of a corpus configuration (the mean over the corpus,
/// under each release, fastest of several passes). Measured at about 9 µs with half the types
/// implemented; the bound leaves room for the other types' models and a loaded machine.
const MAX_CORPUS_MICROS: f64 = 50.0;

#[test]
#[ignore = "timing: scripts/test-all.sh runs it in a release build"]
fn corpus_check_stays_fast() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let expected = std::fs::read_to_string(dir.join("expected.jsonl")).expect("the corpus");
    let texts: Vec<String> = expected
        .lines()
        .filter_map(|l| l.split("\"file\": \"").nth(1)?.split('"').next())
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .collect();
    assert_eq!(texts.len(), 1118);
    for version in DstackVersion::SUPPORTED {
        let options = Options { effective: false, version };
        let mut best = Duration::MAX;
        for _ in 0..RUNS {
            let start = thread_cpu();
            for text in &texts {
                std::hint::black_box(check(text, &options));
            }
            best = best.min(thread_cpu() - start);
        }
        let micros = best.as_secs_f64() * 1e6 / texts.len() as f64;
        assert!(micros < MAX_CORPUS_MICROS, "checking the corpus under {version} took {micros:.1} µs per file");
    }
}
