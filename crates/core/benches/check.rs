//! Time to check every configuration of the conformance corpus (µs per configuration).
//!
//! `cargo bench -p dstack-core` prints the mean over several passes; no external harness so the
//! benchmark builds as fast as the tests. Time is the CPU time of the benchmark's thread, which
//! other processes on a shared machine do not add to.

#![allow(unsafe_code, reason = "libc's CPU clocks, which std does not offer")]

use std::hint::black_box;
use std::time::Duration;

use dstack_core::yaml::{LoadLimits, load};
use dstack_core::{Options, check};

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
