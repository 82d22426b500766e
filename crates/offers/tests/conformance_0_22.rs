//! Every configuration that dstack 0.22.5 accepts in the repository's conformance corpus and in
//! its own 0.22.5 golden cases gets the reference estimate of `offers_oracle_0_22.py` (digests in
//! `data/conformance.offers-0.22.5.jsonl` and `data/golden-0.22.5.offers.jsonl`, written by
//! `data/regenerate-0.22.5.sh`: count, price range, per-backend and spot counts, the cheapest
//! offer, notes, or the stage and reason of the rejection).

mod common;

use dstack_core::DstackVersion;

/// Checks every digest line against the estimate of dstack's normalized JSON; returns (checked,
/// rejected).
fn corpus(normalized: &str, digest: &str) -> (usize, usize) {
    let corpus = common::all_normalized(normalized);
    let (mut checked, mut rejected) = (0, 0);
    for line in digest.lines() {
        let expected: serde_json::Value = serde_json::from_str(line).expect("digest line is JSON");
        let file = expected["file"].as_str().expect("file");
        let estimate = common::check_against_version(&corpus[file], &expected, DstackVersion::V0_22_5);
        checked += 1;
        rejected += usize::from(estimate.rejected.is_some());
    }
    (checked, rejected)
}

#[test]
fn accepted_conformance_configurations() {
    let normalized = include_str!("../../../tests/conformance/expected-0.22.5.jsonl");
    assert_eq!(corpus(normalized, include_str!("data/conformance.offers-0.22.5.jsonl")), (347, 19));
}

#[test]
fn accepted_golden_configurations() {
    let normalized = include_str!("../../../tests/golden-0.22.5/expected.jsonl");
    assert_eq!(corpus(normalized, include_str!("data/golden-0.22.5.offers.jsonl")), (144, 11));
}
