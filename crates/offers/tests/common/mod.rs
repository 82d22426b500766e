//! Golden data of the tests (written by `tests/data/regenerate.sh`) and the comparison with it.
// Each test binary uses a part of these helpers.
#![allow(dead_code)]

use std::collections::HashMap;

use dstack_core::{DstackVersion, Json};
use dstack_offers::{Catalog, Estimate, estimate};
use serde_json::Value;

/// The `normalized` object of the line of `jsonl` whose `file` is `name` or ends with `/name`.
pub fn normalized(jsonl: &str, name: &str) -> Json {
    for line in jsonl.lines() {
        let v = Json::parse(line).expect("fixture line is JSON");
        if v.get("file").and_then(Json::as_str).is_some_and(|f| f == name || f.ends_with(&format!("/{name}"))) {
            return v.get("normalized").cloned().expect("fixture has `normalized`");
        }
    }
    panic!("no fixture for {name}")
}

/// Every `normalized` object of `jsonl`, by `file`.
pub fn all_normalized(jsonl: &str) -> HashMap<String, Json> {
    let mut out = HashMap::new();
    for line in jsonl.lines() {
        let v = Json::parse(line).expect("fixture line is JSON");
        if let (Some(file), Some(normalized)) = (v.get("file").and_then(Json::as_str), v.get("normalized")) {
            out.insert(file.to_string(), normalized.clone());
        }
    }
    out
}

/// The reference result of the line of `jsonl` whose `file` is `name` or ends with `/name`.
pub fn expected(jsonl: &str, name: &str) -> Value {
    for line in jsonl.lines() {
        let v: Value = serde_json::from_str(line).expect("expected line is JSON");
        let file = v["file"].as_str().unwrap_or_default();
        if file == name || file.ends_with(&format!("/{name}")) {
            return v;
        }
    }
    panic!("no expected result for {name}")
}

/// Estimates `normalized` and asserts that it equals the reference `expected` (contract §10:
/// every field of an accepted result, notes N1–N4 as the first notes; stage and reason of a
/// rejection).
pub fn check_against(normalized: &Json, expected: &Value) -> Estimate {
    check_against_version(normalized, expected, DstackVersion::V0_18_37)
}

/// [`check_against`] under the rules of `version` (0.22.5: notes V1–V8, its whole catalog).
pub fn check_against_version(normalized: &Json, expected: &Value, version: DstackVersion) -> Estimate {
    let est = estimate(normalized, Catalog::bundled(), version);
    let got = serde_json::to_value(&est).expect("estimate serializes");
    let file = &expected["file"];
    if expected["ok"] == Value::Bool(false) {
        assert_eq!(got["rejected"]["stage"], expected["stage"], "{file}: stage");
        assert_eq!(got["rejected"]["reason"], expected["reason"], "{file}: reason");
        assert_eq!(est.count, 0, "{file}");
        return est;
    }
    assert_eq!(got["rejected"], Value::Null, "{file}: rejected");
    // A digest may leave out `by_region` and keep only the first cheapest offers.
    // The reference names the number of offers `offers`; the estimate calls it `count`.
    if !expected["offers"].is_null() {
        assert_eq!(got["count"], expected["offers"], "{file}: count");
    }
    for key in ["price_min", "price_max", "by_backend", "by_region", "spot", "on_demand"] {
        if !expected[key].is_null() || key.starts_with("price") {
            assert_eq!(got[key], expected[key], "{file}: {key}");
        }
    }
    let cheapest = expected["cheapest"].as_array().expect("cheapest");
    assert_eq!(
        &got["cheapest"].as_array().expect("cheapest")[..cheapest.len()],
        cheapest.as_slice(),
        "{file}: cheapest"
    );
    assert_eq!(est.cheapest.len(), est.count.min(10), "{file}: cheapest length");
    let notes = expected["notes"].as_array().expect("notes");
    assert_eq!(&est.notes[..notes.len()], notes.as_slice(), "{file}: notes");
    // The funnel starts with the whole catalog and ends with the offer count.
    let market = if version == DstackVersion::V0_18_37 { 3459 } else { 3604 };
    assert_eq!(est.funnel.first().map(|s| s.remaining), Some(market), "{file}: funnel start");
    assert_eq!(est.funnel.last().map(|s| s.remaining), Some(est.count), "{file}: funnel end");
    est
}
