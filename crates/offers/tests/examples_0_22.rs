//! The 12 worked examples under dstack 0.22.5 (contract §V, `catalog/examples/expected-0.22.5.jsonl`,
//! written by `offers_oracle_0_22.py`): each gives exactly the expected count, price range,
//! breakdowns, cheapest offers and notes. The extra assertions name what 0.22.5 changes.

mod common;

use dstack_core::DstackVersion;
use dstack_offers::Estimate;

const EXPECTED: &str = include_str!("../catalog/examples/expected-0.22.5.jsonl");

/// End to end under 0.22.5: the example's YAML through the core parser, then the estimate.
fn example(name: &str) -> Estimate {
    let path = format!("{}/catalog/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("example file");
    let options = dstack_core::Options { version: DstackVersion::V0_22_5, ..dstack_core::Options::default() };
    let report = dstack_core::check(&text, &options);
    assert!(report.is_valid(), "{name}: {:?}", report.diagnostics);
    let normalized = report.normalized.expect("the example parses");
    common::check_against_version(&normalized, &common::expected(EXPECTED, name), DstackVersion::V0_22_5)
}

/// (offers, spot, on-demand) of an estimate.
fn counts(e: &Estimate) -> (usize, usize, usize) {
    (e.count, e.spot, e.on_demand)
}

#[test]
fn every_example_equals_the_oracle() {
    let mut counts_of = Vec::new();
    for line in EXPECTED.lines() {
        let file = serde_json::from_str::<serde_json::Value>(line).expect("JSON")["file"].as_str().map(String::from);
        let e = example(&file.expect("file"));
        counts_of.push(e.count);
    }
    assert_eq!(counts_of, [5, 2316, 210, 35, 16, 4, 76, 60, 264, 59, 88, 209]);
}

#[test]
fn defaults_keep_cpu_only_and_nvidia_x86_rows() {
    let e = example("02-defaults.yml");
    assert_eq!(counts(&e), (2316, 0, 2316));
    // Backends are 0.22.5's: `verda`, and the ones 0.18.37 does not have.
    assert_eq!(e.by_backend.get("verda"), Some(&12));
    assert_eq!(e.by_backend.get("datacrunch"), None);
    assert!(e.notes.is_empty());
}

#[test]
fn a_gpu_without_count_is_one_or_more() {
    assert_eq!(counts(&example("03-gpu-24gb-min-max-price.yml")), (210, 0, 210));
    assert_eq!(counts(&example("05-l4-lowercase-gcp-us-central1.yml")), (16, 8, 8));
}

#[test]
fn instance_types_compare_in_any_case() {
    let e = example("10-instance-types.yml");
    assert_eq!(counts(&e), (59, 26, 33));
    assert!(e.warnings.is_empty());
}

#[test]
fn gpu_zero_keeps_cpu_only_rows_of_every_backend() {
    let e = example("12-cpu-only.yml");
    assert_eq!(counts(&e), (209, 0, 209));
    assert!(e.cheapest.iter().all(|o| o.disk_size == 200.0 && o.gpu_count == 0));
}
