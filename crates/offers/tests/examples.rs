//! The 12 worked examples of the contract (`catalog/examples/`, contract §13): each gives exactly
//! the expected count, price range, breakdowns, cheapest offers and notes of `expected.jsonl`.
//! The extra assertions restate the §13 table.

mod common;

use dstack_offers::Estimate;

const EXPECTED: &str = include_str!("../catalog/examples/expected.jsonl");

/// End to end: the example's YAML through the core parser (dstack 0.18.37's, the release of
/// `expected.jsonl`), then the estimate.
fn example(name: &str) -> Estimate {
    let path = format!("{}/catalog/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("example file");
    let options = dstack_core::Options { effective: false, version: dstack_core::DstackVersion::V0_18_37 };
    let report = dstack_core::check(&text, &options);
    assert!(report.is_valid(), "{name}: {:?}", report.diagnostics);
    let normalized = report.normalized.expect("the example parses");
    common::check_against(&normalized, &common::expected(EXPECTED, name))
}

/// (offers, spot, on-demand, min $/h, max $/h) of an estimate.
fn figures(e: &Estimate) -> (usize, usize, usize, Option<f64>, Option<f64>) {
    (e.count, e.spot, e.on_demand, e.price_min, e.price_max)
}

/// (backend, region, instance type, spot) of the cheapest offer.
fn first(e: &Estimate) -> (&str, &str, &str, bool) {
    let o = &e.cheapest[0];
    (o.backend, o.region, o.instance_name, o.spot)
}

#[test]
fn ex01_a100_80gb_x2_aws_gcp() {
    let e = example("01-a100-80gb-x2-aws-gcp.yml");
    assert_eq!(figures(&e), (5, 5, 0, Some(3.555695), Some(6.497455)));
    assert_eq!(first(&e), ("gcp", "us-east5", "a2-ultragpu-2g", true));
    assert!(e.notes.is_empty());
}

#[test]
fn ex02_defaults() {
    let e = example("02-defaults.yml");
    assert_eq!(figures(&e), (2309, 0, 2309, Some(0.037), Some(142.416)));
    assert_eq!(first(&e), ("oci", "ap-mumbai-1", "VM.Standard.E4.Flex$_2_8", false));
    let backends: Vec<(&str, usize)> = e.by_backend.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        backends,
        [
            ("aws", 606),
            ("azure", 175),
            ("datacrunch", 12),
            ("gcp", 328),
            ("lambda", 306),
            ("nebius", 61),
            ("oci", 121),
            ("runpod", 635),
            ("vastai", 61),
            ("vultr", 4)
        ]
    );
    assert_eq!(
        e.notes,
        ["17 more catalog offer(s) match but need a dstack release newer than 0.18.37 (catalog flags: lambda-arm)"]
    );
}

#[test]
fn ex03_gpu_24gb_min_max_price() {
    let e = example("03-gpu-24gb-min-max-price.yml");
    assert_eq!(figures(&e), (148, 0, 148, Some(0.25), Some(0.997141)));
    let o = &e.cheapest[0];
    assert_eq!((o.backend, o.region, o.gpu_count, o.gpu_name), ("vastai", "de-germany", 1, Some("RTX3090")));
}

#[test]
fn ex04_h100x8_spot() {
    let e = example("04-h100x8-spot.yml");
    assert_eq!(figures(&e), (35, 35, 0, Some(7.3262), Some(63.296)));
    assert_eq!(first(&e), ("aws", "eu-north-1", "p5.48xlarge", true));
    assert_eq!(e.by_backend.get("aws"), Some(&11));
}

#[test]
fn ex05_l4_lowercase_gcp_us_central1() {
    let e = example("05-l4-lowercase-gcp-us-central1.yml");
    assert_eq!(figures(&e), (10, 5, 5, Some(0.397336), Some(1.734376)));
    assert_eq!(first(&e), ("gcp", "us-central1", "g2-standard-4", true));
}

#[test]
fn ex06_amd_192gb_image() {
    let e = example("06-amd-192gb-image.yml");
    assert_eq!(figures(&e), (1, 0, 1, Some(17.52), Some(17.52)));
    assert_eq!(first(&e), ("vultr", "ord", "vbm-256c-2048gb-8-mi300x-gpu", false));
}

#[test]
fn ex07_tpu_vendor_alias() {
    let e = example("07-tpu-vendor-alias.yml");
    assert_eq!(figures(&e), (76, 38, 38, Some(0.51), Some(25.92)));
    assert_eq!(first(&e), ("gcp", "us-west4", "v5litepod-1", true));
}

#[test]
fn ex08_compute_capability_9() {
    let e = example("08-compute-capability-9.yml");
    assert_eq!(figures(&e), (56, 0, 56, Some(0.53), Some(4.94)));
    let o = &e.cheapest[0];
    assert_eq!((o.backend, o.region, o.gpu_count, o.gpu_name), ("vastai", "ca-britishcolumbia", 1, Some("RTX5090")));
    assert_eq!(
        e.notes,
        ["17 more catalog offer(s) match but need a dstack release newer than 0.18.37 (catalog flags: lambda-arm)"]
    );
}

#[test]
fn ex09_total_memory() {
    let e = example("09-total-memory.yml");
    assert_eq!(figures(&e), (263, 61, 202, Some(0.80806), Some(11.999577)));
    assert_eq!(first(&e), ("azure", "westus3", "Standard_NC48ads_A100_v4", true));
}

#[test]
fn ex10_instance_types() {
    let e = example("10-instance-types.yml");
    assert_eq!(figures(&e), (29, 13, 16, Some(0.2143), Some(1.71)));
    assert_eq!(first(&e), ("aws", "ap-northeast-2", "g5.xlarge", true));
    // `G6.XLARGE` exists only in lower case.
    assert_eq!(e.warnings.len(), 1);
    assert_eq!(e.warnings[0].path, "instance_types[1]");
    assert_eq!(e.warnings[0].help.as_deref(), Some("did you mean `g6.xlarge`?"));
}

#[test]
fn ex11_multinode_2_nodes() {
    let e = example("11-multinode-2-nodes.yml");
    assert_eq!(figures(&e), (88, 39, 49, Some(2.99167), Some(49.981484)));
    assert_eq!(first(&e), ("azure", "eastus", "Standard_ND96asr_v4", true));
    // Run prices are for both nodes.
    assert_eq!((e.nodes, e.run_price_min, e.run_price_max), (2, Some(2.99167 * 2.0), Some(49.981484 * 2.0)));
}

#[test]
fn ex12_cpu_only() {
    let e = example("12-cpu-only.yml");
    assert_eq!(figures(&e), (191, 0, 191, Some(0.148), Some(6.3488)));
    assert_eq!(first(&e), ("oci", "ap-mumbai-1", "VM.Standard.E4.Flex$_8_32", false));
    assert!(e.cheapest.iter().all(|o| o.disk_size == 200.0 && o.gpu_count == 0 && o.gpu_name.is_none()));
    assert_eq!(e.by_gpu.keys().copied().collect::<Vec<_>>(), ["none"]);
}
