//! One test per rule of dstack 0.22.5 (contract §V): a small file (`tests/data/rules-0.22.5/*.yml`)
//! whose reference estimate, or the stage and reason dstack rejects it with, comes from dstack
//! 0.22.5's and gpuhunt 0.1.34's own code (`tests/data/rules-0.22.5/regenerate.sh`). Every test
//! compares the whole result with the reference and then asserts the rule's point exactly.

mod common;

use dstack_core::DstackVersion;
use dstack_offers::{Estimate, Stage};

const NORMALIZED: &str = include_str!("data/rules-0.22.5/normalized.jsonl");
const EXPECTED: &str = include_str!("data/rules-0.22.5/expected.jsonl");

fn rule(name: &str) -> Estimate {
    let normalized = common::normalized(NORMALIZED, name);
    common::check_against_version(&normalized, &common::expected(EXPECTED, name), DstackVersion::V0_22_5)
}

/// (offers, spot, on-demand).
fn counts(e: &Estimate) -> (usize, usize, usize) {
    (e.count, e.spot, e.on_demand)
}

/// Backends with offers.
fn backends(e: &Estimate) -> Vec<&str> {
    e.by_backend.keys().copied().collect()
}

fn rejected(e: &Estimate) -> (Stage, &str, &str) {
    let r = e.rejected.as_ref().expect("rejected");
    (r.stage, r.reason.as_str(), r.path.as_str())
}

#[test]
fn every_rule_file_matches_its_reference() {
    let mut n = 0;
    for line in EXPECTED.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        rule(v["file"].as_str().expect("file"));
        n += 1;
    }
    assert_eq!(n, 56);
}

/// End to end: the core's own 0.22.5 parser gives the same estimate as dstack's normalized JSON.
#[test]
fn every_rule_file_end_to_end() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rules-0.22.5");
    let options = dstack_core::Options { version: DstackVersion::V0_22_5, ..dstack_core::Options::default() };
    for line in EXPECTED.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let name = v["file"].as_str().expect("file");
        let text = std::fs::read_to_string(dir.join(name)).expect("rule file");
        let report = dstack_core::check(&text, &options);
        let normalized = report.normalized.as_ref().unwrap_or_else(|| panic!("{name}: {:?}", report.diagnostics));
        common::check_against_version(normalized, &v, DstackVersion::V0_22_5);
    }
}

// --- rules 9-15: what `dstack apply` and the server reject --------------------------------------

#[test]
fn commands_of_the_task_and_of_its_groups_are_interpolated() {
    let missing = "Failed to interpolate due to missing vars: ['env.X']";
    assert_eq!(rejected(&rule("r09-commands-env.yml")), (Stage::Cli, missing, "commands[0]"));
    let missing = "Failed to interpolate due to missing vars: ['env.Y']";
    assert_eq!(rejected(&rule("r09-group-commands-env.yml")), (Stage::Cli, missing, "groups[1].commands[0]"));
    let illegal = "Illegal reference name: groups.x";
    assert_eq!(rejected(&rule("r09-group-commands-bad-ref.yml")), (Stage::Cli, illegal, "groups[0].commands[0]"));
    let missing = "Failed to interpolate due to missing vars: ['env.U']";
    assert_eq!(rejected(&rule("r09-registry-auth.yml")), (Stage::Cli, missing, "registry_auth.username"));
}

#[test]
fn groups_ip_references_are_left_for_the_server_and_setup_is_not_interpolated() {
    let e = rule("r09-group-commands-ip-ref.yml");
    assert_eq!(counts(&e), (1264, 0, 1264));
    assert_eq!(e.notes, ["node group 'workers': 1264 offer(s)"]);
    assert_eq!(rule("r09-setup-not-interpolated.yml").count, 2316);
}

#[test]
fn working_dir_must_be_absolute_or_home() {
    let relative = (Stage::Cli, "working_dir must be absolute", "working_dir");
    assert_eq!(rejected(&rule("r10-working-dir-relative.yml")), relative);
    // `dstack apply` rejects before the server looks at the run name.
    assert_eq!(rejected(&rule("r12-run-name.yml")), relative);
    assert_eq!(rule("r10-working-dir-tilde.yml").count, 56);
}

#[test]
fn no_workflow_rule_but_mount_paths_are_checked() {
    let e = rule("r12-workflow-volume.yml");
    assert_eq!((e.count, backends(&e)), (38, vec!["aws", "nebius", "runpod", "vastai"]));
    assert_eq!(
        rejected(&rule("r12-mount-path.yml")),
        (Stage::Server, "Invalid volume mount path: //", "volumes[0].path")
    );
}

#[test]
fn groups_references_only_in_commands_to_nodes_in_range() {
    let env = "groups IP references are only supported in commands, not in `env`";
    assert_eq!(rejected(&rule("r12-groups-ref-env.yml")), (Stage::Server, env, "env"));
    let replicas = "Illegal reference name: groups[0].replicas[0].IP_ADDRESS";
    assert_eq!(rejected(&rule("r12-groups-ref-replicas.yml")), (Stage::Server, replicas, "groups[0].commands[0]"));
    let range = "Invalid reference groups[1].nodes[2].IP_ADDRESS: out of range";
    assert_eq!(rejected(&rule("r12-groups-ref-out-of-range.yml")), (Stage::Server, range, "groups[1].commands[0]"));
    // `$${{` is a reference once `dstack apply` has turned it into `${{`.
    let escaped = "Invalid reference groups[5].nodes[0].IP_ADDRESS: out of range";
    assert_eq!(rejected(&rule("r12-groups-ref-nodes.yml")), (Stage::Server, escaped, "commands[0]"));
}

#[test]
fn the_utilization_window_is_at_most_an_hour() {
    let e = rule("r12-utilization-window.yml");
    let window = "Maximum utilization_policy.time_window is 3600s";
    assert_eq!(rejected(&e), (Stage::Server, window, "utilization_policy.time_window"));
    assert_eq!(rule("r12-utilization-window-1h.yml").count, 56);
}

#[test]
fn vendor_default_classifies_every_vendor_of_gpus_csv() {
    // `Gaudi2` is Intel, which no catalog row has.
    assert_eq!(rule("r13-gaudi2-image.yml").count, 0);
    assert_eq!(rule("v13-tenstorrent-image.yml").count, 0);
    // With an image and no names the vendor stays unset: every vendor's GPUs, ARM rows too.
    let e = rule("r13-count-image.yml");
    assert_eq!(e.count, 888);
    assert_eq!(
        e.notes,
        [
            "image: its CPU architectures are not looked up; offers of every architecture are kept (an x86-only image would exclude the ARM offers)"
        ]
    );
}

#[test]
fn accelerators_the_default_image_cannot_run_need_an_image() {
    let amd = "`image` must be set when the requested accelerator is not supported by the default image: ['amd']";
    assert_eq!(rejected(&rule("r14-mi300x-no-image.yml")), (Stage::Server, amd, "resources.gpu"));
    assert_eq!(rejected(&rule("r14-vendor-amd.yml")), (Stage::Server, amd, "resources.gpu"));
    let mixed =
        "`image` must be set when the requested accelerator is not supported by the default image: ['amd', 'intel']";
    assert_eq!(rejected(&rule("r14-mixed-no-image.yml")), (Stage::Server, mixed, "resources.gpu"));
    let groups = "groups[0, 2]: `image` must be set when the requested accelerator is not supported by the default image: ['amd', 'tenstorrent']";
    assert_eq!(rejected(&rule("r14-groups.yml")), (Stage::Server, groups, "groups[0].resources.gpu"));
}

#[test]
fn docker_tpus_and_zero_counts_need_no_image() {
    let e = rule("r14-docker-true.yml");
    assert_eq!(backends(&e), ["amddevcloud", "digitalocean", "hotaisle", "vultr"]);
    assert_eq!(counts(&rule("r14-tpu.yml")), (38, 0, 38));
    assert_eq!(rule("r14-count-zero.yml").count, 334);
}

#[test]
fn arm_needs_an_image_and_no_docker() {
    let image = "`image` must be set when ARM CPU requested";
    assert_eq!(rejected(&rule("r15-arm-no-image.yml")), (Stage::Server, image, "resources.cpu"));
    let docker = "`docker: true` is not supported on ARM CPU";
    assert_eq!(rejected(&rule("r15-arm-docker.yml")), (Stage::Server, docker, "resources.cpu"));
    let groups = "groups[1, 2]: `image` must be set when ARM CPU requested";
    assert_eq!(rejected(&rule("r15-arm-groups.yml")), (Stage::Server, groups, "groups[1].resources.cpu"));
    let e = rule("r15-arm-image.yml");
    assert_eq!((e.count, backends(&e)), (17, vec!["lambda"]));
    assert!(e.notes.is_empty());
}

#[test]
fn other_types_are_not_run_configurations() {
    let e = rule("v01-type-fleet.yml");
    assert_eq!(rejected(&e), (Stage::Type, "not a run configuration (type: fleet)", "type"));
}

// --- §V.5-V.11: the planned job and its offers ---------------------------------------------------

#[test]
fn an_image_without_arch_keeps_arm_offers() {
    let e = rule("v07-image-any-arch.yml");
    assert_eq!((e.count, backends(&e)), (17, vec!["lambda"]));
    assert_eq!(e.notes.len(), 1);
}

#[test]
fn memory_is_compared_in_whole_mib() {
    // Lambda's 17.184 GB is 17.18359375 GB in whole MiB.
    assert_eq!(rule("v05-memory-rounding.yml").count, 0);
    assert_eq!(rule("v05-memory-rounded-in.yml").count, 17);
}

#[test]
fn an_empty_reservation_restricts_backends_but_keeps_spot() {
    let e = rule("v23-reservation-empty.yml");
    assert_eq!((e.count, backends(&e)), (586, vec!["aws", "gcp"]));
    assert!(e.spot > 0 && e.notes.is_empty());
    let e = rule("v29-reservation.yml");
    assert_eq!((e.count, e.spot, backends(&e)), (312, 0, vec!["aws", "gcp"]));
}

#[test]
fn backends_are_taken_as_written() {
    assert_eq!(rule("v23-backends-dstack.yml").count, 0);
    assert_eq!(rule("v23-backends-empty-nodes.yml").count, 0);
    assert_eq!(rule("v22-datacrunch.yml").count, 0);
    assert_eq!(rule("v22-verda.yml").count, 0);
}

#[test]
fn backend_capabilities_of_multinode_and_privileged_jobs() {
    let e = rule("v29-multinode-runpod-jarvislabs.yml");
    assert_eq!((e.count, backends(&e)), (195, vec!["aws", "jarvislabs"]));
    let e = rule("v29-jarvislabs-single.yml");
    assert_eq!((e.count, backends(&e)), (103, vec!["jarvislabs", "runpod"]));
    assert_eq!(rule("v20-docker-privileged.yml").count, 1329);
    assert_eq!((rule("v21-instance-volume.yml").count, rule("v21-optional-instance-volume.yml").count), (223, 419));
}

#[test]
fn zones_and_regions_in_any_case() {
    let e = rule("v31-zones.yml");
    assert_eq!((e.count, backends(&e)), (16, vec!["gcp"]));
    let e = rule("v31-regions-case.yml");
    assert_eq!((e.count, backends(&e)), (8, vec!["aws"]));
    assert!(e.warnings.is_empty());
}

#[test]
fn fleets_instances_and_reuse() {
    assert_eq!(rule("v05-fleets.yml").count, 56);
    assert_eq!(rule("v02-instances.yml").count, 0);
    let e = rule("v01-reuse-groups.yml");
    assert_eq!(e.notes[1], "node group 'w': 0 offer(s)");
}

#[test]
fn the_first_node_group_is_estimated() {
    let e = rule("v08-groups.yml");
    assert_eq!((e.count, backends(&e)), (37, vec!["aws", "gcp", "nebius", "vultr"]));
    assert_eq!(e.notes, ["node group 'workers': 49 offer(s)"]);
}

#[test]
fn cpu_only_rows_pass_an_open_gpu_count_and_fixed_disks_must_fit() {
    assert_eq!(rule("v27-gpu-0-open.yml").count, 121);
    let e = rule("v27-no-gpu-image.yml");
    assert_eq!(backends(&e), ["amddevcloud", "digitalocean", "gcp", "hotaisle"]);
    assert_eq!(rule("v28-disk.yml").count, 36);
}
