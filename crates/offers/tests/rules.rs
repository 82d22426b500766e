//! One test per matching rule: a small task file (`tests/data/rules/*.yml`) whose reference
//! estimate comes from dstack's and gpuhunt's own code (`tests/data/regenerate.sh`). Every test
//! compares the whole result with the reference and then asserts the rule's point exactly.

mod common;

use dstack_offers::{Estimate, Stage};

const NORMALIZED: &str = include_str!("data/rules/normalized.jsonl");
const EXPECTED: &str = include_str!("data/rules/expected.jsonl");

fn rule(name: &str) -> Estimate {
    common::check_against(&common::normalized(NORMALIZED, name), &common::expected(EXPECTED, name))
}

/// (offers, spot, on-demand, min $/h, max $/h).
fn figures(e: &Estimate) -> (usize, usize, usize, Option<f64>, Option<f64>) {
    (e.count, e.spot, e.on_demand, e.price_min, e.price_max)
}

/// Backends with offers.
fn backends(e: &Estimate) -> Vec<&str> {
    e.by_backend.keys().copied().collect()
}

/// GPU names with offers.
fn gpus(e: &Estimate) -> Vec<&str> {
    e.by_gpu.keys().copied().collect()
}

/// Remaining offers after each funnel step, from the catalog on.
fn funnel(e: &Estimate) -> Vec<usize> {
    e.funnel.iter().map(|s| s.remaining).collect()
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
        rule(v["file"].as_str().expect("file").trim_start_matches("rules/"));
        n += 1;
    }
    assert_eq!(n, 71);
}

// --- ranges -------------------------------------------------------------------------------------

#[test]
fn ranges_include_both_bounds() {
    let e = rule("range-cpu-inclusive.yml");
    assert_eq!(figures(&e), (15, 0, 15, Some(0.148), Some(0.296)));
    let shapes: Vec<(u16, f64)> = e.cheapest.iter().map(|o| (o.cpu, o.memory)).collect();
    assert!(shapes.contains(&(8, 32.0)) && shapes.contains(&(8, 64.0)));
    // 70 OCI CPU-only offers, 20 with 8..16 vCPUs, 15 of them with 32..64 GB.
    assert_eq!(funnel(&e)[3..7], [70, 70, 20, 15]);
}

#[test]
fn scalar_memory_is_exact() {
    let e = rule("range-memory-exact.yml");
    assert_eq!(figures(&e), (30, 15, 15, Some(0.003), Some(0.0304)));
    assert!(e.cheapest.iter().all(|o| o.memory == 2.0));
}

#[test]
fn gpu_memory_80gb_is_exact() {
    let e = rule("gpu-memory-80gb-exact.yml");
    assert_eq!(figures(&e), (111, 0, 111, Some(1.64), Some(11.5584)));
    assert_eq!(gpus(&e), ["A100", "H100"]);
    assert!(e.cheapest.iter().all(|o| o.gpu_memory == Some(80.0) && o.gpu_count == 1));
}

#[test]
fn gpu_memory_upper_bound() {
    let e = rule("gpu-memory-range-max.yml");
    assert_eq!(figures(&e), (136, 0, 136, Some(0.526), Some(7.397)));
    assert_eq!(gpus(&e), ["T4", "V100"]);
}

#[test]
fn total_memory_range() {
    let e = rule("total-memory-max.yml");
    assert_eq!(figures(&e), (222, 60, 162, Some(1.61612), Some(43.69912)));
    assert!(e.cheapest.iter().all(|o| {
        let total = f64::from(o.gpu_count) * o.gpu_memory.unwrap_or(0.0);
        (300.0..=400.0).contains(&total)
    }));
}

// --- GPU names, vendors, TPUs ------------------------------------------------------------------

#[test]
fn gpu_names_are_case_insensitive_alternatives() {
    let e = rule("gpu-name-case-insensitive.yml");
    assert_eq!(figures(&e), (30, 0, 30, Some(0.4), Some(8.38)));
    assert_eq!(gpus(&e), ["H100NVL", "RTX4090"]);
}

#[test]
fn gpu_names_have_no_aliases() {
    let e = rule("gpu-name-exact-no-alias.yml");
    assert_eq!(e.count, 0);
    assert_eq!(e.blocked_by, Some("resources.gpu"));
    assert_eq!(
        e.suggestion.as_deref(),
        Some(
            "GPUs matching `nvidia (inferred), H100` are offered only by aws, datacrunch, gcp, lambda, nebius, \
             vastai, vultr, which the backend set (azure) excludes"
        )
    );
}

#[test]
fn empty_name_list_matches_nothing() {
    let e = rule("gpu-name-empty-list.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("resources.gpu")));
    assert_eq!(e.funnel[2].requirement, "nvidia (inferred), no name");
}

#[test]
fn unknown_gpu_name_keeps_vendor_null() {
    let e = rule("gpu-name-unknown.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("resources.gpu")));
    assert_eq!(e.funnel[2].requirement, "Gaudi2");
    assert_eq!(e.warnings.len(), 1);
    assert_eq!(e.warnings[0].message, "no offer in the catalog has a `Gaudi2` GPU");
}

#[test]
fn h200_is_nvidia_from_gpus_csv() {
    let e = rule("gpu-name-h200-excludes-cpu.yml");
    assert_eq!(figures(&e), (49, 11, 38, Some(11.0059), Some(87.34848)));
    assert_eq!(e.funnel[2].requirement, "nvidia (inferred), H200");
}

#[test]
fn zero_count_with_a_name_matches_nothing() {
    let e = rule("gpu-zero-count-with-name.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("resources.gpu.count")));
    assert_eq!(
        e.suggestion.as_deref(),
        Some("no offer with the requested GPU has 0 of them; available counts: 1, 2, 4, 8, 16")
    );
}

#[test]
fn tpu_slice_by_name() {
    let e = rule("tpu-slice-name.yml");
    assert_eq!(figures(&e), (16, 8, 8, Some(4.08), Some(12.48)));
    assert_eq!(gpus(&e), ["v5litepod-8"]);
    assert_eq!(e.funnel[2].requirement, "google (inferred), v5litepod-8");
}

#[test]
fn tpu_prefix_is_removed() {
    let e = rule("tpu-prefix-stripped.yml");
    assert_eq!(figures(&e), (4, 0, 4, Some(2.7), Some(3.24)));
    assert_eq!(gpus(&e), ["v6e-1"]);
}

#[test]
fn upper_case_tpu_prefix_stays() {
    let e = rule("tpu-prefix-uppercase-kept.yml");
    assert_eq!(e.count, 0);
    let w = &e.warnings[0];
    assert_eq!((w.path.as_str(), w.help.as_deref()), ("resources.gpu.name[0]", Some("did you mean `v6e-1`?")));
}

#[test]
fn second_tpu_prefix_goes_on_the_server() {
    let e = rule("tpu-double-prefix.yml");
    assert_eq!(figures(&e), (4, 2, 2, Some(8.4), Some(16.8)));
    assert_eq!(gpus(&e), ["v5p-8"]);
}

#[test]
fn tpu_version_is_not_a_slice() {
    let e = rule("tpu-version-only.yml");
    assert_eq!(e.count, 0);
    assert_eq!(e.warnings[0].message, "`v6e` is a TPU version; TPU offers are named by slice");
    assert_eq!(e.warnings[0].help.as_deref(), Some("did you mean `v6e-1` or `v6e-4` or `v6e-8`?"));
}

// --- compute capability ------------------------------------------------------------------------

#[test]
fn compute_capability_7_5() {
    let e = rule("cc-7-5.yml");
    assert_eq!(figures(&e), (87, 0, 87, Some(0.15), Some(0.594)));
    assert_eq!(
        gpus(&e),
        ["A40", "L4", "RTX3060", "RTX3090", "RTX4000Ada", "RTX4080SUPER", "RTX4090", "RTX5090", "RTX6000", "T4"]
    );
}

#[test]
fn compute_capability_12_from_gpus_csv() {
    let e = rule("cc-12-0.yml");
    assert_eq!(figures(&e), (7, 0, 7, Some(0.53), Some(5.87)));
    assert_eq!(gpus(&e), ["RTX5090"]);
}

#[test]
fn compute_capability_compares_integers() {
    // "7.10" is (7, 10): above T4 and RTX6000 (7.5), below L4 (8.9).
    let e = rule("cc-string-7-10.yml");
    assert_eq!(figures(&e), (231, 0, 231, Some(0.44), Some(5.77388)));
    assert_eq!(gpus(&e), ["L4"]);
}

#[test]
fn compute_capability_never_passes_amd() {
    let e = rule("cc-excludes-amd-tpu.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("resources.gpu")));
}

// --- CPU-only offers and vendors ---------------------------------------------------------------

#[test]
fn gpu_zero_keeps_cpu_only_offers() {
    let e = rule("cpu-only-gpu-zero.yml");
    assert_eq!(figures(&e), (46, 0, 46, Some(0.0832), Some(0.250248)));
    assert_eq!(gpus(&e), ["none"]);
}

#[test]
fn open_count_from_zero_infers_nvidia() {
    let e = rule("cpu-only-count-0-open.yml");
    assert_eq!(figures(&e), (80, 0, 80, Some(0.526), Some(2.699)));
    assert!(!gpus(&e).contains(&"none"));
}

#[test]
fn count_zero_to_one_infers_nvidia() {
    let e = rule("cpu-only-count-0-1.yml");
    assert_eq!(figures(&e), (23, 0, 23, Some(0.526), Some(3.978)));
    assert_eq!(gpus(&e), ["T4", "V100"]);
}

#[test]
fn declared_vendor_excludes_cpu_only() {
    let e = rule("cpu-only-vendor-amd-count-0.yml");
    assert_eq!(figures(&e), (1, 0, 1, Some(17.52), Some(17.52)));
    assert_eq!(gpus(&e), ["MI300X"]);
}

#[test]
fn no_gpu_requirement_counts_every_kind() {
    let e = rule("cpu-only-default-no-gpu.yml");
    assert_eq!(figures(&e), (110, 33, 77, Some(4.08), Some(126.643391)));
    assert_eq!(gpus(&e), ["A100", "H100", "MI300X", "none", "v5litepod-8", "v5p-8"]);
}

// --- backends: nodes, privileged, volumes, reservation ------------------------------------------

#[test]
fn nodes_with_empty_backends_use_cluster_backends() {
    let e = rule("nodes-2-backends-empty.yml");
    assert_eq!(figures(&e), (36, 0, 36, Some(23.92), Some(126.643391)));
    assert_eq!(backends(&e), ["aws", "gcp", "vultr"]);
    assert_eq!((e.nodes, e.run_price_min), (2, Some(47.84)));
}

#[test]
fn nodes_exclude_backends_without_clusters() {
    let e = rule("nodes-3-runpod-lambda.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("backends")));
    assert_eq!(
        e.suggestion.as_deref(),
        Some(
            "`nodes: 3` needs backends that support clusters (aws, azure, gcp, oci, vultr); none of them is in `backends: [runpod, lambda]`"
        )
    );
}

#[test]
fn nodes_keep_the_cluster_part_of_the_list() {
    let e = rule("nodes-2-mixed-backends.yml");
    assert_eq!(figures(&e), (38, 15, 23, Some(13.54268), Some(49.981484)));
    assert_eq!(backends(&e), ["gcp", "oci"]);
}

#[test]
fn empty_backends_allow_nothing() {
    let e = rule("backends-empty.yml");
    assert_eq!(funnel(&e), [3459, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        e.suggestion.as_deref(),
        Some("`backends: []` allows no backend; remove it or list the backends to use")
    );
}

#[test]
fn lone_dstack_backend_means_any() {
    let e = rule("backends-dstack-only.yml");
    assert_eq!(figures(&e), (48, 0, 48, Some(1.5484), Some(10.98917)));
    assert_eq!(backends(&e), ["aws", "nebius"]);
    assert!(e.warnings.is_empty());
}

#[test]
fn dstack_with_other_backends_is_a_backend() {
    let e = rule("backends-dstack-and-aws.yml");
    assert_eq!(figures(&e), (117, 0, 117, Some(0.8048), Some(5.77388)));
    assert_eq!(e.warnings[0].message, "backend `dstack` has no offers in the bundled catalog");
}

#[test]
fn privileged_excludes_runpod() {
    let e = rule("privileged-runpod.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("backends")));
}

#[test]
fn privileged_keeps_vm_backends() {
    let e = rule("privileged-any.yml");
    assert_eq!(figures(&e), (17, 0, 17, Some(0.8), Some(0.8)));
    assert_eq!(backends(&e), ["lambda"]);
}

#[test]
fn instance_volume_needs_vm_backends() {
    let e = rule("instance-volume.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("resources.gpu")));
    assert_eq!(
        e.suggestion.as_deref(),
        Some(
            "GPUs matching `nvidia (inferred), RTX3090` are offered only by runpod, vastai, which the backend set \
             (aws, dstack, azure, cudo, datacrunch, gcp, lambda, oci, tensordock, vultr) excludes"
        )
    );
}

#[test]
fn network_volume_restricts_nothing() {
    let e = rule("network-volume.yml");
    assert_eq!(figures(&e), (17, 0, 17, Some(0.75), Some(0.75)));
    assert_eq!(
        e.notes,
        ["network volumes are assumed to exist; a volume would also restrict the offers to its own backend and region"]
    );
}

#[test]
fn reservation_keeps_aws_on_demand() {
    let e = rule("reservation-aws.yml");
    assert_eq!(figures(&e), (12, 0, 12, Some(55.04), Some(92.4672)));
    assert_eq!(backends(&e), ["aws"]);
    assert_eq!(e.funnel[8].requirement, "spot or on-demand; no AWS spot (reservation)");
}

#[test]
fn reservation_with_gcp_has_no_backend() {
    let e = rule("reservation-gcp.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("backends")));
    assert_eq!(e.suggestion.as_deref(), Some("a reservation needs AWS (aws); none of them is in `backends: [gcp]`"));
}

#[test]
fn empty_reservation_is_no_reservation() {
    let e = rule("reservation-empty-string.yml");
    assert_eq!(figures(&e), (35, 35, 0, Some(7.3262), Some(63.296)));
    assert!(e.notes.is_empty());
}

#[test]
fn reservation_removes_aws_spot() {
    let e = rule("reservation-spot.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("spot_policy")));
    assert_eq!(
        e.suggestion.as_deref(),
        Some(
            "a reservation uses AWS on-demand capacity only, so `spot_policy: spot` excludes all 208 remaining \
             offers; use `spot_policy: auto` or remove the reservation"
        )
    );
}

#[test]
fn notes_keep_their_order() {
    let e = rule("multiple-notes.yml");
    assert_eq!(figures(&e), (34, 0, 34, Some(4.6016), Some(11.34651)));
    assert_eq!(e.notes.len(), 2);
    assert!(e.notes[0].starts_with("reservation:") && e.notes[1].starts_with("network volumes"));
}

// --- creation policy and flagged rows ------------------------------------------------------------

#[test]
fn reuse_searches_nothing() {
    let e = rule("creation-policy-reuse.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("creation_policy")));
    assert_eq!(funnel(&e), [3459, 0]);
    assert_eq!(
        e.notes,
        ["creation_policy: reuse - only existing fleet instances would be used; the estimate assumes there are none"]
    );
}

#[test]
fn gh200_offers_need_a_newer_dstack() {
    let e = rule("creation-policy-reuse-or-create.yml");
    assert_eq!(e.count, 0);
    assert_eq!(
        e.notes,
        ["17 more catalog offer(s) match but need a dstack release newer than 0.18.37 (catalog flags: lambda-arm)"]
    );
}

#[test]
fn oci_spot_offers_need_a_newer_dstack() {
    let e = rule("flagged-oci-spot.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("spot_policy")));
    assert_eq!(
        e.notes,
        ["70 more catalog offer(s) match but need a dstack release newer than 0.18.37 (catalog flags: oci-spot)"]
    );
}

// --- profile filters -----------------------------------------------------------------------------

#[test]
fn regions_are_case_sensitive() {
    let e = rule("regions-case-sensitive.yml");
    assert_eq!(figures(&e), (5, 0, 5, Some(1.006), Some(4.096)));
    assert_eq!(e.by_region.keys().collect::<Vec<_>>(), ["aws/us-west-2"]);
    assert_eq!(e.warnings[0].help.as_deref(), Some("did you mean `us-east-1`?"));
}

#[test]
fn gcp_zone_is_not_a_region() {
    let e = rule("regions-gcp-zone.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("regions")));
    assert_eq!(
        e.warnings[0].message,
        "`us-central1-a` is a zone; offers are listed per region and regions match exactly"
    );
    assert_eq!(e.warnings[0].help.as_deref(), Some("did you mean `us-central1`?"));
}

#[test]
fn empty_regions_match_nothing() {
    let e = rule("regions-empty.yml");
    assert_eq!(funnel(&e), [3459, 3459, 3459, 3459, 3459, 3428, 3366, 3366, 2309, 2309, 0, 0]);
    assert_eq!(e.blocked_by, Some("regions"));
}

#[test]
fn empty_instance_types_match_nothing() {
    let e = rule("instance-types-empty.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("instance_types")));
}

#[test]
fn gcp_zones_collapse_into_regions() {
    let e = rule("instance-types-gcp.yml");
    assert_eq!(figures(&e), (44, 22, 22, Some(0.093776), Some(4.325069)));
    assert_eq!(gpus(&e), ["A100", "none"]);
}

// --- price, spot, disk ---------------------------------------------------------------------------

#[test]
fn max_price_is_inclusive() {
    let e = rule("max-price-boundary.yml");
    assert_eq!(figures(&e), (148, 0, 148, Some(0.25), Some(0.997141)));
}

#[test]
fn max_price_too_low_says_the_cheapest() {
    let e = rule("max-price-too-low.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("max_price")));
    assert_eq!(
        e.suggestion.as_deref(),
        Some("max_price 2 excludes all 55 matching offers; the cheapest costs $17.07/h")
    );
}

#[test]
fn infinite_max_price() {
    let e = rule("max-price-inf.yml");
    assert_eq!(figures(&e), (1, 0, 1, Some(142.416), Some(142.416)));
}

#[test]
fn spot_policy_on_demand() {
    let e = rule("spot-on-demand-explicit.yml");
    assert_eq!(figures(&e), (29, 0, 29, Some(3.912), Some(6.649)));
    assert_eq!(e.funnel[8].requirement, "on-demand");
}

#[test]
fn spot_only_without_spot_rows() {
    let e = rule("spot-only-runpod.yml");
    assert_eq!((e.count, e.blocked_by), (0, Some("spot_policy")));
}

#[test]
fn fixed_disks_are_filtered() {
    let e = rule("disk-fixed-rows.yml");
    assert_eq!(figures(&e), (20, 9, 11, Some(0.25), Some(3.95)));
    assert!(e.cheapest.iter().all(|o| (1000.0..=1500.0).contains(&o.disk_size)));
}

#[test]
fn null_disk_defaults_to_100() {
    let e = rule("disk-null.yml");
    assert_eq!(figures(&e), (9, 0, 9, Some(0.89), Some(3.95)));
    assert_eq!(e.funnel[7].requirement, "any");
}

#[test]
fn disk_below_one_gb_becomes_one() {
    let e = rule("disk-below-1gb.yml");
    assert_eq!(figures(&e), (70, 0, 70, Some(0.037), Some(3.316)));
    assert!(e.cheapest.iter().all(|o| o.disk_size == 1.0));
}

#[test]
fn disk_upper_bound_only() {
    let e = rule("disk-max-only.yml");
    assert_eq!(figures(&e), (9, 0, 9, Some(0.89), Some(3.95)));
}

// --- rejections ------------------------------------------------------------------------------------

#[test]
fn amd_needs_an_image() {
    let e = rule("reject-amd-without-image.yml");
    assert_eq!(rejected(&e), (Stage::Cli, "`image` is required if `resources.gpu.vendor` is AMD.", "resources.gpu"));
    assert!(e.funnel.is_empty());
    let e = rule("reject-mixed-amd-without-image.yml");
    assert_eq!(rejected(&e).0, Stage::Cli);
}

#[test]
fn amd_check_exceptions() {
    assert_eq!(rule("amd-declared-nvidia-no-image.yml").rejected, None);
    assert_eq!(rule("amd-count-zero-no-image.yml").rejected, None);
    assert_eq!(figures(&rule("amd-image-empty-string.yml")), (1, 0, 1, Some(17.52), Some(17.52)));
}

#[test]
fn run_name_must_match_dstack_regex() {
    let reason = "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'";
    assert_eq!(rejected(&rule("reject-name-regex.yml")), (Stage::Server, reason, "name"));
    assert_eq!(rejected(&rule("reject-name-empty.yml")), (Stage::Server, reason, "name"));
    assert_eq!(rule("name-trailing-newline.yml").count, 24);
}

#[test]
fn volume_paths() {
    let e = rule("reject-volume-workflow.yml");
    assert_eq!(rejected(&e), (Stage::Server, "Mounting volumes inside /workflow is not supported", "volumes[0].path"));
    let e = rule("reject-volume-nul.yml");
    assert_eq!(rejected(&e), (Stage::Server, "Invalid volume mount path: /da\0ta", "volumes[0].path"));
}

#[test]
fn interpolation_failures() {
    let e = rule("reject-interpolation-env-in-commands.yml");
    assert_eq!(
        rejected(&e),
        (Stage::Cli, "Failed to interpolate due to missing vars: ['env.HF_TOKEN']", "commands[1]")
    );
    let e = rule("reject-interpolation-no-closing.yml");
    assert_eq!(rejected(&e), (Stage::Cli, "No pattern closing: ${{ run.args", "setup[0]"));
    let e = rule("reject-interpolation-registry-auth.yml");
    assert_eq!(
        rejected(&e),
        (Stage::Cli, "Failed to interpolate due to missing vars: ['env.USER']", "registry_auth.username")
    );
}

#[test]
fn interpolation_that_succeeds() {
    let e = rule("interpolation-registry-auth-ok.yml");
    assert_eq!(figures(&e), (49, 0, 49, Some(5.87), Some(35.5569)));
    assert_eq!(e.rejected, None);
}
