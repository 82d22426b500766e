//! Time to check every configuration of the conformance corpus (µs per configuration).
//!
//! `cargo bench -p dstack-core` prints the mean over several passes; no external harness so the
//! benchmark builds as fast as the tests.

use std::hint::black_box;
use std::time::Instant;

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
            let start = Instant::now();
            for _ in 0..passes {
                for t in texts {
                    f(black_box(t));
                }
            }
            start.elapsed().as_secs_f64() * 1e6 / (passes * texts.len()) as f64
        })
        .fold(f64::INFINITY, f64::min);
    println!("{name}: {} configurations, {best:.2} µs per configuration (best of 7 x {passes} passes)", texts.len());
}
