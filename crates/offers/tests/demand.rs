//! `Demand`: what the playground compares to keep an estimate across keystrokes. Two demands that
//! say "same estimate" must give equal estimates, over every accepted configuration of the
//! conformance corpus under both releases, and a run configuration keeps its demand when a field
//! the estimate does not read (`commands`, `name`) changes. (`env` is read: an interpolation such
//! as `${{ env.KEY }}` elsewhere makes dstack's server refuse the run once the key is gone.)

mod common;

use dstack_core::{DstackVersion, Json};
use dstack_offers::{Catalog, Demand, estimate};

/// Every accepted configuration of the corpus under `version`, sorted by file.
fn accepted(version: DstackVersion) -> Vec<(String, Json)> {
    let jsonl = match version {
        DstackVersion::V0_18_37 => include_str!("../../../tests/conformance/expected.jsonl"),
        _ => include_str!("../../../tests/conformance/expected-0.22.5.jsonl"),
    };
    let mut all: Vec<(String, Json)> = common::all_normalized(jsonl).into_iter().collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

/// How many accepted configurations of the corpus are runs that dstack's server would plan.
fn runs_in(version: DstackVersion) -> usize {
    if version == DstackVersion::V0_18_37 { 519 } else { 553 }
}

/// `conf` with `key` set to `value` (added at the end when absent).
fn with(conf: &Json, key: &str, value: Json) -> Json {
    let Json::Object(entries) = conf else { panic!("a configuration is an object") };
    let mut entries = entries.clone();
    match entries.iter_mut().find(|(k, _)| k == key) {
        Some(entry) => entry.1 = value,
        None => entries.push((key.to_string().into(), value)),
    }
    Json::Object(entries)
}

#[test]
fn equal_demands_give_equal_estimates_across_the_corpus() {
    let catalog = Catalog::bundled();
    for version in DstackVersion::SUPPORTED {
        let cases: Vec<(String, Demand, Json)> =
            accepted(version).into_iter().map(|(file, conf)| (file, Demand::of(&conf, version), conf)).collect();
        let estimates: Vec<_> = cases.iter().map(|(_, d, conf)| d.estimate(conf, catalog)).collect();
        let (mut pairs, mut runs) = (0, 0);
        for (i, (file, demand, conf)) in cases.iter().enumerate() {
            assert_eq!(estimates[i], estimate(conf, catalog, version), "{file} under {version}");
            runs += usize::from(demand.same_estimate(demand));
            for (j, (other, other_demand, _)) in cases.iter().enumerate().skip(i + 1) {
                if demand.same_estimate(other_demand) {
                    pairs += 1;
                    assert_eq!(estimates[i], estimates[j], "{file} and {other} under {version}");
                }
            }
        }
        // Run configurations compare the same as themselves; fleets, gateways, volumes and
        // presets, and runs dstack's server would refuse, never do.
        let pairs_expected = if version == DstackVersion::V0_18_37 { 20_057 } else { 19_012 };
        assert_eq!((runs, pairs), (runs_in(version), pairs_expected), "under {version}");
    }
}

/// The run configurations among `accepted(version)`, each with its demand: those whose demand
/// compares the same as itself, as many as [`runs_in`] says.
fn runs(version: DstackVersion) -> Vec<(String, Json, Demand)> {
    let runs: Vec<_> = accepted(version)
        .into_iter()
        .map(|(file, conf)| {
            let demand = Demand::of(&conf, version);
            (file, conf, demand)
        })
        .filter(|(_, _, demand)| demand.same_estimate(demand))
        .collect();
    assert_eq!(runs.len(), runs_in(version), "under {version}");
    runs
}

#[test]
fn fields_the_estimate_does_not_read_keep_the_demand() {
    let catalog = Catalog::bundled();
    for version in DstackVersion::SUPPORTED {
        for (file, conf, demand) in runs(version) {
            let edited = with(&conf, "commands", Json::Array(vec![Json::str("echo edited")]));
            let edited = with(&edited, "name", Json::str("edited-name"));
            let after = Demand::of(&edited, version);
            assert!(demand.same_estimate(&after), "{file} under {version}");
            assert_eq!(after.estimate(&edited, catalog), demand.estimate(&conf, catalog), "{file} under {version}");
        }
    }
}

#[test]
fn a_changed_requirement_changes_the_demand() {
    for version in DstackVersion::SUPPORTED {
        for (file, conf, demand) in runs(version) {
            let dearer = Demand::of(&with(&conf, "max_price", Json::Float(0.0123)), version);
            assert!(dearer.same_estimate(&dearer), "{file} under {version}: still a run");
            assert!(!demand.same_estimate(&dearer), "{file} under {version}");
        }
    }
    let fleet = Json::Object(vec![("type".into(), Json::str("fleet")), ("nodes".into(), Json::Int(2))]);
    let fleet_demand = Demand::of(&fleet, DstackVersion::V0_22_5);
    assert!(!fleet_demand.same_estimate(&fleet_demand));
}
