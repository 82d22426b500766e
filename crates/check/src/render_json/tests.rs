use dstack_core::{Diagnostic, DstackVersion, Fix, Json, Range, Report, Severity, Stage, codes};
use dstack_offers::{Estimate, FunnelStep, Offer, Replicas};

use super::*;

/// The output line of one document judged by dstack 0.22.5.
fn line(file: &str, report: &Report, offers: &Offers) -> String {
    let checked = Checked { report: report.clone(), offers: offers.clone(), version: DstackVersion::V0_22_5 };
    let mut written = String::from("kept ");
    write_document(file, &checked, &mut written);
    let printed = document(file, checked).to_python_string();
    assert_eq!(written.strip_prefix("kept "), Some(printed.as_str()), "the writer and the tree differ");
    printed
}

fn sample_report() -> Report {
    Report {
        parsed: true,
        normalized: Some(Json::Object(vec![
            ("type".into(), Json::str("task")),
            ("memory".into(), Json::Float(8.0)),
            ("nodes".into(), Json::Int(2)),
            ("max".into(), Json::Float(f64::INFINITY)),
            ("name".into(), Json::str("caf\u{e9}")),
        ])),
        effective: None,
        diagnostics: vec![
            Diagnostic {
                severity: Severity::Error,
                code: codes::UNKNOWN_FIELD,
                message: "unknown field `gpus`".into(),
                path: "resources.gpus".into(),
                range: Range::new(3, 3, 3, 7),
                help: Some("did you mean `gpu`?".into()),
                stage: Stage::Schema,
                dstack: Some("extra fields not permitted".into()),
                fixes: vec![Fix::new("Rename to `gpu`", Range::new(3, 3, 3, 7), "gpu")],
            },
            Diagnostic {
                severity: Severity::Warning,
                code: "W001",
                message: "w".into(),
                path: String::new(),
                range: Range::new(1, 1, 1, 1),
                help: None,
                stage: Stage::Apply,
                dstack: None,
                fixes: Vec::new(),
            },
        ],
    }
}

#[test]
fn line_is_python_json_dumps() {
    assert_eq!(
        line("dir/t\u{e9}sk.yml", &sample_report(), &Offers::NotRequested),
        concat!(
            r#"{"file": "dir/t\u00e9sk.yml", "dstack_version": "0.22.5", "parsed": true, "#,
            r#""normalized": {"type": "task", "memory": 8.0, "nodes": 2, "max": Infinity, "name": "caf\u00e9"}, "#,
            r#""effective": null, "diagnostics": ["#,
            r#"{"severity": "error", "code": "E102", "message": "unknown field `gpus`", "path": "resources.gpus", "#,
            r#""range": {"start": {"line": 3, "column": 3}, "end": {"line": 3, "column": 7}}, "#,
            r#""help": "did you mean `gpu`?", "stage": "schema", "dstack": "extra fields not permitted", "#,
            r#""fixes": [{"title": "Rename to `gpu`", "edits": [{"start": {"line": 3, "column": 3}, "#,
            r#""end": {"line": 3, "column": 7}, "text": "gpu"}]}]}, "#,
            r#"{"severity": "warning", "code": "W001", "message": "w", "path": "", "#,
            r#""range": {"start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 1}}, "#,
            r#""help": null, "stage": "apply"}]}"#,
        )
    );
}

#[test]
fn unparsed_document() {
    let report = Report { parsed: false, normalized: None, effective: None, diagnostics: vec![] };
    assert_eq!(
        line("-", &report, &Offers::NotRequested),
        r#"{"file": "-", "dstack_version": "0.22.5", "parsed": false, "normalized": null, "effective": null, "diagnostics": []}"#
    );
}

#[test]
fn effective_is_kept() {
    let report = Report {
        parsed: true,
        normalized: Some(Json::Object(vec![])),
        effective: Some(Json::Object(vec![("disk".into(), Json::Float(100.0))])),
        diagnostics: vec![],
    };
    assert_eq!(
        line("t.yml", &report, &Offers::NotRequested),
        r#"{"file": "t.yml", "dstack_version": "0.22.5", "parsed": true, "normalized": {}, "effective": {"disk": 100.0}, "diagnostics": []}"#
    );
}

#[test]
fn offers_null_when_unavailable() {
    let report = Report { parsed: false, normalized: None, effective: None, diagnostics: vec![] };
    assert_eq!(
        line("t.yml", &report, &Offers::Unavailable),
        r#"{"file": "t.yml", "dstack_version": "0.22.5", "parsed": false, "normalized": null, "effective": null, "diagnostics": [], "offers": null}"#
    );
}

/// A hand-built estimate of a service with one offer, in the offers crate's field order.
fn one_offer() -> Estimate {
    Estimate {
        count: 1,
        price_min: Some(3.5),
        price_max: Some(3.5),
        price_median: Some(3.5),
        nodes: 1,
        run_price_min: Some(3.5),
        run_price_max: Some(3.5),
        run_price_median: Some(3.5),
        by_backend: dstack_offers::Counts::from([("gcp", 1)]),
        by_region: dstack_offers::Counts::from([("gcp/us-east5".to_string(), 1)]),
        by_gpu: dstack_offers::Counts::from([("A100", 1)]),
        spot: 1,
        on_demand: 0,
        cheapest: vec![Offer {
            backend: "gcp",
            region: "us-east5",
            instance_name: "a2-ultragpu-2g",
            gpu_count: 2,
            gpu_name: Some("A100"),
            gpu_memory: Some(80.0),
            cpu: 24,
            memory: 340.0,
            disk_size: 100.0,
            spot: true,
            price: 3.5,
        }],
        funnel: vec![FunnelStep { constraint: "catalog", requirement: "all offers".into(), remaining: 9 }],
        blocked_by: None,
        suggestion: None,
        notes: vec![],
        warnings: vec![],
        rejected: None,
        replicas: Some(Replicas { min: 1, max: 2, price_min: Some(3.5), price_max: Some(7.0) }),
        needs: None,
    }
}

#[test]
fn offers_keep_the_estimate_field_order() {
    let report = Report { parsed: true, normalized: Some(Json::Object(vec![])), effective: None, diagnostics: vec![] };
    assert_eq!(
        line("t.yml", &report, &Offers::Estimated(Box::new(one_offer()))),
        concat!(
            r#"{"file": "t.yml", "dstack_version": "0.22.5", "parsed": true, "normalized": {}, "effective": null, "diagnostics": [], "offers": {"#,
            r#""count": 1, "price_min": 3.5, "price_max": 3.5, "price_median": 3.5, "nodes": 1, "#,
            r#""run_price_min": 3.5, "run_price_max": 3.5, "run_price_median": 3.5, "#,
            r#""by_backend": {"gcp": 1}, "by_region": {"gcp/us-east5": 1}, "by_gpu": {"A100": 1}, "spot": 1, "on_demand": 0, "#,
            r#""cheapest": [{"backend": "gcp", "region": "us-east5", "instance_name": "a2-ultragpu-2g", "gpu_count": 2, "#,
            r#""gpu_name": "A100", "gpu_memory": 80, "cpu": 24, "memory": 340, "disk_size": 100, "spot": true, "price": 3.5}], "#,
            r#""funnel": [{"constraint": "catalog", "requirement": "all offers", "remaining": 9}], "#,
            r#""blocked_by": null, "suggestion": null, "notes": [], "warnings": [], "rejected": null, "#,
            r#""replicas": {"min": 1, "max": 2, "price_min": 3.5, "price_max": 7}, "needs": null}}"#,
        )
    );
}

#[test]
fn the_version_that_judged_follows_the_file() {
    let report = Report { parsed: false, normalized: None, effective: None, diagnostics: vec![] };
    let checked = Checked { report, offers: Offers::NotRequested, version: DstackVersion::V0_18_37 };
    assert_eq!(
        document("a.yml", checked).to_python_string(),
        r#"{"file": "a.yml", "dstack_version": "0.18.37", "parsed": false, "normalized": null, "effective": null, "diagnostics": []}"#
    );
}
