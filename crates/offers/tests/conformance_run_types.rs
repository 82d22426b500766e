//! Every service and dev environment that dstack accepts in the repository's conformance corpus
//! gets the reference estimate of both releases (digests in `data/conformance.run-types.offers*.jsonl`,
//! written by `data/regenerate-conformance-run-types.sh`: count, price range, per-backend and spot
//! counts, the cheapest offer, notes, or the stage and reason of the rejection).

mod common;

use dstack_core::DstackVersion;
use dstack_offers::{Catalog, estimate};

/// Files whose estimate departs from the reference on purpose: the 0.18.37 server crashes on a
/// dev environment with `entrypoint` (the core's E320, read from dstack's job configurator),
/// which the reference estimate does not model.
const DEPARTURES: [&str; 1] = ["cases/dev-environment/entrypoint.yml"];

/// Checks every digest line; returns the number that agree and the departures met.
fn corpus(normalized: &str, digest: &str, version: DstackVersion) -> (usize, Vec<String>) {
    let configs = common::all_normalized(normalized);
    let (mut agreeing, mut departures) = (0, Vec::new());
    for line in digest.lines() {
        let expected: serde_json::Value = serde_json::from_str(line).expect("digest line is JSON");
        let file = expected["file"].as_str().expect("file");
        let config = &configs[file];
        if DEPARTURES.contains(&file) && version == DstackVersion::V0_18_37 {
            let rejected = estimate(config, Catalog::bundled(), version).rejected.expect("rejected");
            assert_eq!(rejected.path, "entrypoint", "{file}");
            departures.push(file.to_string());
            continue;
        }
        common::check_against_version(config, &expected, version);
        agreeing += 1;
    }
    (agreeing, departures)
}

#[test]
fn run_types_of_0_18_37() {
    let normalized = include_str!("../../../tests/conformance/expected.jsonl");
    let (agreeing, departures) =
        corpus(normalized, include_str!("data/conformance.run-types.offers.jsonl"), DstackVersion::V0_18_37);
    assert_eq!((agreeing, departures), (128, DEPARTURES.map(String::from).to_vec()));
}

#[test]
fn run_types_of_0_22_5() {
    let normalized = include_str!("../../../tests/conformance/expected-0.22.5.jsonl");
    let (agreeing, departures) =
        corpus(normalized, include_str!("data/conformance.run-types.offers-0.22.5.jsonl"), DstackVersion::V0_22_5);
    assert_eq!((agreeing, departures.len()), (163, 0));
}
