//! Time to check every configuration of the conformance corpus (µs per configuration).
//!
//! `cargo bench -p dstack-core` prints the mean over several passes; no external harness so the
//! benchmark builds as fast as the tests.

use std::hint::black_box;
use std::time::Instant;

use dstack_core::{Options, check};

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let expected = std::fs::read_to_string(dir.join("expected.jsonl")).expect("corpus");
    let texts: Vec<String> = expected
        .lines()
        .filter_map(|l| l.split("\"file\": \"").nth(1)?.split('"').next().map(str::to_string))
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .collect();
    let options = Options { effective: true };
    for t in &texts {
        black_box(check(t, &options));
    }
    let passes = 50;
    let start = Instant::now();
    for _ in 0..passes {
        for t in &texts {
            black_box(check(black_box(t), &options));
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / (passes * texts.len()) as f64;
    println!("check: {} configurations x {passes} passes, {per:.2} µs per configuration", texts.len());
}
