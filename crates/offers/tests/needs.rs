//! Fleets, gateways, volumes and presets get no offers but say what they need instead (`needs`):
//! the backend and region a gateway or volume is created in, checked against the catalog; the
//! offers a cloud fleet's instances would be matched like a task's; nothing for SSH hosts.

mod common;

use dstack_core::{DstackVersion, Json};
use dstack_offers::{Catalog, Estimate, estimate};

const NORMALIZED: &str = include_str!("data/needs/normalized.jsonl");
const NORMALIZED_0_22: &str = include_str!("data/needs/normalized-0.22.5.jsonl");

fn of(name: &str, version: DstackVersion) -> Estimate {
    let jsonl = if version == DstackVersion::V0_18_37 { NORMALIZED } else { NORMALIZED_0_22 };
    estimate(&common::normalized(jsonl, name), Catalog::bundled(), version)
}

/// `needs` of a file under both releases.
fn needs(name: &str) -> [String; 2] {
    [DstackVersion::V0_18_37, DstackVersion::V0_22_5].map(|v| of(name, v).needs.expect("needs"))
}

#[test]
fn still_rejected_with_the_oracles_words() {
    let e = of("gateway-aws.yml", DstackVersion::V0_18_37);
    assert_eq!(e.rejected.map(|r| r.reason), Some("not a task configuration (type: gateway)".to_string()));
    let e = of("fleet-cloud.yml", DstackVersion::V0_22_5);
    assert_eq!(e.rejected.map(|r| r.reason), Some("not a run configuration (type: fleet)".to_string()));
}

#[test]
fn gateway_and_volume_places() {
    let lead = "a gateway is created in one backend and region, not on offers";
    let known = format!("{lead}: the bundled catalog knows `aws` region `us-east-1` (85 catalog rows there)");
    assert_eq!(needs("gateway-aws.yml"), [known.clone(), known]);
    let [old, new] = needs("gateway-gcp-unknown-region.yml");
    let unknown =
        format!("{lead}: the bundled catalog has `gcp` offers but none in region `mars-central1`; its `gcp` regions: ");
    assert!(old.starts_with(&unknown) && new.starts_with(&unknown), "{old}");
    let listed = "asia-east1, asia-northeast1, asia-northeast3, asia-south1, asia-southeast1, australia-southeast1, \
                  europe-north1, europe-west1, europe-west2, europe-west3, europe-west4, europe-west6 and 13 more";
    assert_eq!([&old[unknown.len()..], &new[unknown.len()..]], [listed, listed]);
    let [old, new] = needs("gateway-kubernetes.yml");
    assert_eq!(
        old,
        format!(
            "{lead}: the bundled catalog has no `kubernetes` offers (backends with offers: aws, azure, datacrunch, gcp, lambda, nebius, oci, runpod, vastai, vultr), so runs beside it cannot be estimated"
        )
    );
    assert!(new.contains("(backends with offers: amddevcloud, aws, azure, digitalocean, gcp, hotaisle, jarvislabs, lambda, nebius, oci, runpod, vastai, verda, vultr)"), "{new}");
    let volume = "a volume is created in one backend and region, not on offers: the bundled catalog knows `runpod` region `EU-RO-1` (26 catalog rows there)";
    assert_eq!(needs("volume-runpod.yml"), [volume.to_string(), volume.to_string()]);
}

/// The offer figures are the oracles' estimates of the equivalent task: the fleet's resources and
/// profile fields, `privileged: true` (backends that create VMs), 2 nodes for `placement: cluster`,
/// and under 0.22.5 an `image` (a fleet has no default-image vendor or architecture).
#[test]
fn fleets() {
    let ssh = "an SSH fleet uses the listed on-premises hosts as they are: no offers from the catalog";
    assert_eq!(needs("fleet-ssh.yml"), [ssh.to_string(), ssh.to_string()]);
    let [old, new] = needs("fleet-cloud.yml");
    let lead = "a cloud fleet provisions 2 instance(s) from offers matched like a task's resources and profile fields";
    assert_eq!(old, format!("{lead}: 36 offer(s), from $23.92/h per instance"));
    assert_eq!(new, format!("{lead}: 37 offer(s), from $23.6/h per instance"));
    // No cluster, spot allowed; 0.22.5 takes every backend when the fleet starts with no node.
    let [old, new] = needs("fleet-elastic.yml");
    let lead =
        "a cloud fleet provisions 0..3 instance(s) from offers matched like a task's resources and profile fields";
    assert_eq!(old, format!("{lead}: 844 offer(s), from $0.2022/h per instance"));
    assert_eq!(new, format!("{lead}: 2388 offer(s), from $0.2022/h per instance"));
}

#[test]
fn presets_and_run_types() {
    let preset = Json::parse(r#"{"type": "preset", "model": {"repo": "x", "name": null}}"#).expect("JSON");
    let e = estimate(&preset, Catalog::bundled(), DstackVersion::V0_22_5);
    assert_eq!(
        e.needs.as_deref(),
        Some("a preset describes a model benchmark and starts no run of its own, so it gets no offers")
    );
    let task = Json::parse(r#"{"type": "task", "name": "X"}"#).expect("JSON");
    assert_eq!(estimate(&task, Catalog::bundled(), DstackVersion::V0_18_37).needs, None);
}
