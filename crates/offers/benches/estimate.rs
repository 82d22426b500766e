//! Matching plus summary over the whole catalog, for each of the 12 worked examples: prints the
//! time per estimate (target: under 1 ms natively, so the page can recompute on every keystroke).
//! Run with `cargo bench -p dstack-offers`; no criterion, to keep CI compile times low.

use std::hint::black_box;
use std::time::Instant;

use dstack_core::{DstackVersion, Json};
use dstack_offers::{Catalog, estimate};

const NORMALIZED: &str = include_str!("../tests/data/examples.normalized.jsonl");

fn main() {
    // The first call decodes the column store.
    let start = Instant::now();
    let catalog = Catalog::bundled();
    let decode_us = start.elapsed().as_secs_f64() * 1e6;
    let mut examples = Vec::new();
    for line in NORMALIZED.lines() {
        let Ok(v) = Json::parse(line) else { continue };
        let file = v.get("file").and_then(Json::as_str).unwrap_or_default();
        let name = file.rsplit('/').next().unwrap_or(file).to_string();
        if let Some(conf) = v.get("normalized") {
            examples.push((name, conf.clone()));
        }
    }
    println!(
        "catalog: {} offers, {} bytes embedded, decoded in {decode_us:.0} µs",
        catalog.len(),
        catalog.embedded_bytes()
    );
    // The machine may be shared: time several batches and report the median and the fastest
    // batch (the fastest is the cost without interference).
    let (batches, rounds) = (15, 40);
    let (mut total_median, mut total_best) = (0.0, 0.0);
    println!("{:<40} {:>10} {:>10}", "example", "median µs", "best µs");
    for (name, conf) in &examples {
        for _ in 0..20 {
            black_box(estimate(black_box(conf), catalog, DstackVersion::V0_18_37));
        }
        let mut per_batch: Vec<f64> = (0..batches)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..rounds {
                    black_box(estimate(black_box(conf), catalog, DstackVersion::V0_18_37));
                }
                start.elapsed().as_secs_f64() * 1e6 / f64::from(rounds)
            })
            .collect();
        per_batch.sort_by(f64::total_cmp);
        let (median, best) = (per_batch[batches / 2], per_batch[0]);
        total_median += median;
        total_best += best;
        println!("{name:<40} {median:>10.1} {best:>10.1}");
    }
    let n = examples.len().max(1) as f64;
    println!("{:<40} {:>10.1} {:>10.1}", "mean over all examples", total_median / n, total_best / n);
}
