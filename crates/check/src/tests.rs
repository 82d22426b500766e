use dstack_core::{Severity, codes};

use super::*;

const VALID: &str = "type: task\ncommands: [echo hi]\nresources:\n  gpu: A100\n";

#[test]
fn defaults_compute_neither_view_nor_offers() {
    let checked = check(VALID, &Options::default());
    assert!(checked.report.is_valid());
    assert_eq!(checked.report.effective, None);
    assert_eq!(checked.offers, Offers::NotRequested);
}

#[test]
fn offers_of_a_valid_document_are_the_bundled_estimate() {
    let checked = check(VALID, &Options::default().with_offers(true));
    let normalized = checked.report.normalized.as_ref().expect("parses");
    let expected = dstack_offers::estimate(normalized, Catalog::bundled(), Options::default().version);
    assert_eq!(checked.offers.estimate(), Some(&expected));
    assert!(expected.count > 0);
    assert_eq!(checked.offers.into_estimate().map(|e| *e), Some(expected));
}

#[test]
fn a_document_with_errors_gets_no_estimate() {
    let checked = check("type: task\ncommands: [x]\nfoo: 1\n", &Options::default().with_offers(true));
    assert_eq!(checked.report.count(Severity::Error), 1);
    assert_eq!(checked.offers, Offers::Unavailable);
    assert_eq!(checked.offers.estimate(), None);
}

#[test]
fn effective_view_on_request() {
    let checked = check(VALID, &Options::default().with_effective(true));
    assert!(checked.report.effective.is_some());
    assert_eq!(
        checked.report,
        dstack_core::check(VALID, &dstack_core::Options { effective: true, ..dstack_core::Options::default() })
    );
}

#[test]
fn bytes_that_are_not_utf8_are_a_diagnostic() {
    let checked = check_bytes(b"type: task\n\xff\n", &Options::default().with_offers(true));
    assert_eq!(checked.report.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [codes::INVALID_UTF8]);
    assert_eq!(checked.offers, Offers::Unavailable);
    assert_eq!(check_bytes(VALID.as_bytes(), &Options::default()), check(VALID, &Options::default()));
}

#[test]
fn json_form_counts_offers_in_count() {
    let checked = check(VALID, &Options::default().with_offers(true));
    let json = checked.to_json("t.yml");
    let count = checked.offers.estimate().map(|e| e.count as i128);
    assert_eq!(json.get("file"), Some(&Json::str("t.yml")));
    assert_eq!(json.get("offers").and_then(|o| o.get("count")), count.map(Json::Int).as_ref());
    assert_eq!(json.get("offers").and_then(|o| o.get("offers")), None);
}
