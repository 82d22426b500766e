//! Every service and dev environment that dstack accepts in the repository's conformance corpus
//! gets the reference estimate of both releases (digests in `data/conformance.run-types.offers*.jsonl`,
//! written by `data/regenerate-conformance-run-types.sh`: count, price range, per-backend and spot
//! counts, the cheapest offer, notes, or the stage and reason of the rejection).

mod common;

use dstack_core::DstackVersion;
use dstack_offers::{Catalog, estimate};

/// Checks every digest line; returns the number that agree and the files dstack rejects after
/// parsing by a rule the core reports for tasks only so far (their estimate is not rejected).
fn corpus(normalized: &str, digest: &str, version: DstackVersion) -> (usize, Vec<String>) {
    let configs = common::all_normalized(normalized);
    let (mut agreeing, mut awaiting) = (0, Vec::new());
    for line in digest.lines() {
        let expected: serde_json::Value = serde_json::from_str(line).expect("digest line is JSON");
        let file = expected["file"].as_str().expect("file");
        let config = &configs[file];
        if expected["ok"] == false && estimate(config, Catalog::bundled(), version).rejected.is_none() {
            awaiting.push(file.to_string());
            continue;
        }
        common::check_against_version(config, &expected, version);
        agreeing += 1;
    }
    (agreeing, awaiting)
}

#[test]
fn run_types_of_0_18_37() {
    let normalized = include_str!("../../../tests/conformance/expected.jsonl");
    let (agreeing, awaiting) =
        corpus(normalized, include_str!("data/conformance.run-types.offers.jsonl"), DstackVersion::V0_18_37);
    assert_eq!((agreeing, awaiting.as_slice()), (128, ["cases/dev-environment/name-int.yml".to_string()].as_slice()));
}

#[test]
fn run_types_of_0_22_5() {
    let normalized = include_str!("../../../tests/conformance/expected-0.22.5.jsonl");
    let (agreeing, awaiting) =
        corpus(normalized, include_str!("data/conformance.run-types.offers-0.22.5.jsonl"), DstackVersion::V0_22_5);
    let expected = [
        "cases/dev-environment/name-int.yml",
        "cases/dev-environment/resources-cpu-arch.yml",
        "cases/docs-0.18.37-other/examples_misc_docker-compose_service.dstack.yml-d32b368b2d.yml",
    ];
    assert_eq!((agreeing, awaiting), (160, expected.map(String::from).to_vec()));
}
