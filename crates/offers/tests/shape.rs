//! The serialized shape of an estimate (what the CLI prints as `"offers"` and the web page
//! reads), and robustness against input that is not a normalized task configuration.

mod common;

use dstack_core::{DstackVersion, Json};
use dstack_offers::{Catalog, Stage, estimate};

const NORMALIZED: &str = include_str!("data/examples.normalized.jsonl");

fn keys(v: &serde_json::Value) -> Vec<&str> {
    v.as_object().expect("object").keys().map(String::as_str).collect()
}

#[test]
fn estimate_fields_in_order() {
    let e = estimate(
        &common::normalized(NORMALIZED, "11-multinode-2-nodes.yml"),
        Catalog::bundled(),
        DstackVersion::V0_18_37,
    );
    let text = serde_json::to_string(&e).expect("serializes");
    // serde_json's map keeps insertion order only with `preserve_order`; check the text instead.
    let order = [
        "\"count\":",
        "\"price_min\":",
        "\"price_max\":",
        "\"price_median\":",
        "\"nodes\":",
        "\"run_price_min\":",
        "\"run_price_max\":",
        "\"run_price_median\":",
        "\"by_backend\":",
        "\"by_region\":",
        "\"by_gpu\":",
        "\"spot\":",
        "\"on_demand\":",
        "\"cheapest\":",
        "\"funnel\":",
        "\"blocked_by\":",
        "\"suggestion\":",
        "\"notes\":",
        "\"warnings\":",
        "\"rejected\":",
    ];
    let positions: Vec<usize> = order.iter().map(|k| text.find(k).unwrap_or(usize::MAX)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    let v = serde_json::to_value(&e).expect("value");
    let mut cheapest = keys(&v["cheapest"][0]);
    cheapest.sort_unstable();
    assert_eq!(
        cheapest,
        [
            "backend",
            "cpu",
            "disk_size",
            "gpu_count",
            "gpu_memory",
            "gpu_name",
            "instance_name",
            "memory",
            "price",
            "region",
            "spot"
        ]
    );
    let mut step = keys(&v["funnel"][0]);
    step.sort_unstable();
    assert_eq!(step, ["constraint", "remaining", "requirement"]);
    assert_eq!(
        v["funnel"][0],
        serde_json::json!({"constraint": "catalog", "requirement": "all offers", "remaining": 3459})
    );
    assert_eq!(v["cheapest"][0]["memory"], serde_json::json!(900));
    assert_eq!(v["cheapest"][0]["price"], serde_json::json!(2.99167));
    assert_eq!(
        (&v["blocked_by"], &v["suggestion"], &v["rejected"]),
        (&serde_json::Value::Null, &serde_json::Value::Null, &serde_json::Value::Null)
    );
}

#[test]
fn median_and_run_prices() {
    let e = estimate(
        &common::normalized(NORMALIZED, "01-a100-80gb-x2-aws-gcp.yml"),
        Catalog::bundled(),
        DstackVersion::V0_18_37,
    );
    // Five offers: the median is the third price.
    assert_eq!((e.price_median, e.run_price_median, e.nodes), (Some(5.519093), Some(5.519093), 1));
    let e = estimate(
        &common::normalized(NORMALIZED, "11-multinode-2-nodes.yml"),
        Catalog::bundled(),
        DstackVersion::V0_18_37,
    );
    assert_eq!(e.count, 88);
    assert_eq!(e.run_price_median, e.price_median.map(|p| p * 2.0));
}

#[test]
fn rejection_shape() {
    let conf = Json::parse(r#"{"type": "task", "name": "Bad_Name", "volumes": []}"#).expect("JSON");
    let e = estimate(&conf, Catalog::bundled(), DstackVersion::V0_18_37);
    assert_eq!(e.rejected.as_ref().map(|r| r.stage), Some(Stage::Server));
    let v = serde_json::to_value(&e).expect("value");
    assert_eq!(
        v["rejected"],
        serde_json::json!({"stage": "server", "reason": "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'", "path": "name"})
    );
    assert_eq!((v["count"].clone(), v["funnel"].clone()), (serde_json::json!(0), serde_json::json!([])));
}

#[test]
fn not_a_run_configuration() {
    let v18 = DstackVersion::V0_18_37;
    let v22 = DstackVersion::V0_22_5;
    for (text, version, reason) in [
        ("null", v18, "not a task configuration (type: None)"),
        ("[1, 2]", v18, "not a task configuration (type: None)"),
        (r#"{"type": "fleet"}"#, v18, "not a task configuration (type: fleet)"),
        (r#"{"type": "gateway"}"#, v22, "not a run configuration (type: gateway)"),
        (r#"{"type": "preset"}"#, v22, "not a run configuration (type: preset)"),
    ] {
        let e = estimate(&Json::parse(text).expect("JSON"), Catalog::bundled(), version);
        let r = e.rejected.expect("rejected");
        assert_eq!((r.stage, r.reason.as_str(), e.count), (Stage::Type, reason, 0));
    }
    for ty in ["service", "dev-environment"] {
        let conf = Json::parse(&format!(r#"{{"type": "{ty}"}}"#)).expect("JSON");
        assert_eq!(estimate(&conf, Catalog::bundled(), v18).rejected, None, "{ty}");
    }
}

#[test]
fn odd_values_do_not_panic() {
    // Not what dstack's parser produces, but the page must survive anything.
    let odd = [
        r#"{"type": "task"}"#,
        r#"{"type": "task", "resources": "x", "volumes": {}, "env": [], "commands": "${{"}"#,
        r#"{"type": "task", "resources": {"cpu": {"min": 100000000000000000000000000000, "max": null},
            "gpu": {"name": [1, "A100"], "count": {"min": -5, "max": 0}, "compute_capability": [9]}}}"#,
        r#"{"type": "task", "nodes": -3, "max_price": NaN, "resources": {"disk": {"size": {"min": -Infinity}},
            "memory": {"min": NaN, "max": Infinity}, "gpu": {"vendor": "tpu", "count": {}}}}"#,
        r#"{"type": "task", "commands": ["$", "$$", "${{}}", "${{ é.x }}", "${{ a.b }", "€${{ run.args }}"]}"#,
        r#"{"type": "task", "regions": ["", "é"], "instance_types": [""], "backends": ["", "dstack"],
            "resources": {"gpu": {"name": ["", "tpu-", "TPU-", "é-1"], "count": {"min": 1, "max": 1}}}}"#,
    ];
    for text in odd {
        let e = estimate(&Json::parse(text).expect("JSON"), Catalog::bundled(), DstackVersion::V0_18_37);
        assert_eq!(e.funnel.last().map_or(0, |s| s.remaining), e.count, "{text}");
        assert!(serde_json::to_string(&e).is_ok());
    }
}
