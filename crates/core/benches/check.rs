//! Time to check every configuration of the conformance corpus (µs per configuration), and to
//! complete at a keystroke in a 200-line file (the page asks at every typed character).
//!
//! `cargo bench -p dstack-core` prints the mean over several passes; no external harness so the
//! benchmark builds as fast as the tests. Time is the CPU time of the benchmark's thread, which
//! other processes on a shared machine do not add to.

#![allow(unsafe_code, reason = "libc's CPU clocks, which std does not offer")]

use std::hint::black_box;
use std::time::Duration;

use dstack_core::yaml::{LoadLimits, load};
use dstack_core::{DstackVersion, Options, check, complete};

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let expected = std::fs::read_to_string(dir.join("expected.jsonl")).expect("corpus");
    let texts: Vec<String> = expected
        .lines()
        .filter_map(|l| l.split("\"file\": \"").nth(1)?.split('"').next().map(str::to_string))
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .collect();
    let limits = LoadLimits::default();
    measure("yaml::load", &texts, |t| drop(black_box(load(t, &limits))));
    measure("check", &texts, |t| drop(black_box(check(t, &Options { effective: false, ..Options::default() }))));
    measure("check + effective", &texts, |t| {
        drop(black_box(check(t, &Options { effective: true, ..Options::default() })))
    });
    // The budget test's file (tests/e2e/budgets.spec.mjs): the cursor at the end of a command.
    let mut lines =
        vec!["type: task".to_string(), "name: long-file".into(), "python: \"3.11\"".into(), "commands:".into()];
    while lines.len() < 190 {
        lines.push(format!("  - echo step {0} && python run.py --part {0}", lines.len()));
    }
    lines.extend(
        ["resources:", "  gpu: 24GB..:1", "  disk: 100GB..", "spot_policy: auto", "max_price: 3"].map(String::from),
    );
    while lines.len() < 200 {
        lines.push(format!("# comment {}", lines.len()));
    }
    let text = lines.join("\n") + "\n";
    let at = text.find("--part 189").expect("line 190") + "--part 189".len();
    let texts = [text];
    measure("complete (200 lines)", &texts, |t| drop(black_box(complete(t, at, DstackVersion::NEWEST))));
}

/// Best of 7 rounds of 20 passes over the corpus, in µs per configuration.
fn measure(name: &str, texts: &[String], f: impl Fn(&str)) {
    for t in texts {
        f(t);
    }
    let passes = 20;
    let best = (0..7)
        .map(|_| {
            let start = thread_cpu();
            for _ in 0..passes {
                for t in texts {
                    f(black_box(t));
                }
            }
            (thread_cpu() - start).as_secs_f64() * 1e6 / (passes * texts.len()) as f64
        })
        .fold(f64::INFINITY, f64::min);
    println!("{name}: {} configurations, {best:.2} µs per configuration (best of 7 x {passes} passes)", texts.len());
}

/// CPU time the calling thread has used so far.
fn thread_cpu() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec it is given.
    assert_eq!(unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) }, 0);
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}
