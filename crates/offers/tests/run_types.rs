//! Services and dev environments (contract §V.12) in both releases: every file of
//! `tests/data/run-types/` gets the reference estimate of `offers_oracle.py --run-types` (0.18.37)
//! and `offers_oracle_0_22.py` (0.22.5), written by `data/regenerate-run-types.sh`; then the
//! replica prices of services, which the references do not have.

mod common;

use dstack_core::DstackVersion;
use dstack_offers::{Catalog, Estimate, Replicas, estimate};

const NORMALIZED: &str = include_str!("data/run-types/normalized.jsonl");
const EXPECTED: &str = include_str!("data/run-types/expected.jsonl");
const NORMALIZED_0_22: &str = include_str!("data/run-types/normalized-0.22.5.jsonl");
const EXPECTED_0_22: &str = include_str!("data/run-types/expected-0.22.5.jsonl");

/// The outcome of one release's files.
#[derive(Debug, PartialEq)]
struct Outcome {
    /// Files dstack's parser rejects (no estimate).
    parse_errors: usize,
    /// Files whose estimate equals the reference.
    agreeing: usize,
}

/// Compares every reference line of a release with the estimate.
fn release(normalized: &str, expected: &str, version: DstackVersion) -> Outcome {
    let configs = common::all_normalized(normalized);
    let mut outcome = Outcome { parse_errors: 0, agreeing: 0 };
    for line in expected.lines() {
        let reference: serde_json::Value = serde_json::from_str(line).expect("reference line is JSON");
        let file = reference["file"].as_str().expect("file");
        let Some(config) = configs.get(file) else {
            assert_eq!(reference["stage"], "model", "{file}");
            outcome.parse_errors += 1;
            continue;
        };
        common::check_against_version(config, &reference, version);
        outcome.agreeing += 1;
    }
    outcome
}

#[test]
fn services_and_dev_environments_of_0_18_37() {
    let outcome = release(NORMALIZED, EXPECTED, DstackVersion::V0_18_37);
    assert_eq!(outcome, Outcome { parse_errors: 10, agreeing: 32 });
}

#[test]
fn services_and_dev_environments_of_0_22_5() {
    let outcome = release(NORMALIZED_0_22, EXPECTED_0_22, DstackVersion::V0_22_5);
    assert_eq!(outcome, Outcome { parse_errors: 0, agreeing: 42 });
}

fn of(normalized: &str, name: &str, version: DstackVersion) -> Estimate {
    estimate(&common::normalized(normalized, name), Catalog::bundled(), version)
}

/// The replicas of a file's estimate.
fn replicas(normalized: &str, name: &str, version: DstackVersion) -> Option<Replicas> {
    estimate(&common::normalized(normalized, name), Catalog::bundled(), version).replicas
}

/// `Replicas` with both prices.
fn priced(min: u64, max: u64, low: f64, high: f64) -> Option<Replicas> {
    Some(Replicas { min, max, price_min: Some(low), price_max: Some(high) })
}

#[test]
fn a_replica_range_costs_its_ends_times_the_cheapest_offer() {
    let v18 = DstackVersion::V0_18_37;
    // `replicas: 1..4` of `gpu: 24GB..`: the cheapest offer is $0.25/h per replica.
    assert_eq!(replicas(NORMALIZED, "service-03-replica-range.yml", v18), priced(1, 4, 0.25, 1.0));
    assert_eq!(
        replicas(NORMALIZED_0_22, "service-03-replica-range.yml", DstackVersion::V0_22_5),
        priced(1, 4, 0.25, 1.0)
    );
    // 0.18.37 writes `replicas: 1..1` by default; 0.22.5 leaves it null, one replica too.
    assert_eq!(replicas(NORMALIZED, "service-01-minimal.yml", v18), priced(1, 1, 0.037, 0.037));
    assert_eq!(replicas(NORMALIZED_0_22, "service-01-minimal.yml", DstackVersion::V0_22_5), priced(1, 1, 0.037, 0.037));
    // Scale to zero: no replica costs nothing, two cost twice the cheapest T4 ($0.526/h).
    assert_eq!(replicas(NORMALIZED, "service-22-scale-to-zero.yml", v18), priced(0, 2, 0.0, 1.052));
}

#[test]
fn replica_groups_add_up_each_at_its_own_cheapest_offer() {
    let v22 = DstackVersion::V0_22_5;
    let e = of(NORMALIZED_0_22, "service-19-groups.yml", v22);
    // One H100 replica at $1.8/h (the listed group) and two L4 replicas, spot allowed, at $0.2022/h.
    assert_eq!(
        (e.price_min, e.notes.as_slice()),
        (Some(1.8), ["replica group 'small': 685 offer(s)".to_string()].as_slice())
    );
    assert_eq!(e.replicas, priced(3, 3, 1.8 + 2.0 * 0.2022, 1.8 + 2.0 * 0.2022));
    // `base: 1..3` A10G at $1.006/h and `burst: 0..4` 24GB with `docker: true` at $0.44/h.
    assert_eq!(
        replicas(NORMALIZED_0_22, "service-24-groups-ranges.yml", v22),
        priced(1, 7, 1.006, 3.0 * 1.006 + 4.0 * 0.44)
    );
}

#[test]
fn no_offer_no_replica_price_and_other_types_no_replicas() {
    let v22 = DstackVersion::V0_22_5;
    // `creation_policy: reuse` searches no offers.
    let none = Some(Replicas { min: 1, max: 1, price_min: None, price_max: None });
    assert_eq!(replicas(NORMALIZED_0_22, "service-16-reuse.yml", v22), none);
    assert_eq!(replicas(NORMALIZED_0_22, "dev-01-minimal.yml", v22), None);
    assert_eq!(replicas(NORMALIZED, "dev-02-gpu.yml", DstackVersion::V0_18_37), None);
}

#[test]
fn dev_environment_with_docker_is_privileged_without_nvidia_default() {
    let e = of(NORMALIZED_0_22, "dev-07-docker.yml", DstackVersion::V0_22_5);
    let gpu = e.funnel.iter().find(|s| s.constraint == "resources.gpu").map(|s| s.requirement.as_str());
    assert_eq!(gpu, Some("any"));
    assert!(!e.by_backend.contains_key("runpod") && !e.by_backend.contains_key("vastai"));
    assert_eq!((e.count, e.by_backend.get("amddevcloud")), (712, Some(&1)));
}
