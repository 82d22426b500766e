use dstack_core::{Severity, codes};

use super::*;

const VALID: &str = "type: task\ncommands: [echo hi]\nresources:\n  gpu: A100\n";

/// The options of the tests whose expectations are dstack 0.18.37's.
fn v0_18_37() -> Options {
    Options::default().with_version(DstackVersion::V0_18_37)
}

#[test]
fn defaults_compute_neither_view_nor_offers() {
    let checked = check(VALID, &v0_18_37());
    assert!(checked.report.is_valid());
    assert_eq!(checked.report.effective, None);
    assert_eq!(checked.offers, Offers::NotRequested);
}

#[test]
fn offers_of_a_valid_document_are_the_bundled_estimate() {
    let checked = check(VALID, &v0_18_37().with_offers(true));
    let normalized = checked.report.normalized.as_ref().expect("parses");
    let expected = dstack_offers::estimate(normalized, Catalog::bundled(), DstackVersion::V0_18_37);
    assert_eq!(checked.offers.estimate(), Some(&expected));
    assert!(expected.count > 0);
    assert_eq!(checked.offers.into_estimate().map(|e| *e), Some(expected));
}

#[test]
fn a_document_with_errors_gets_no_estimate() {
    let checked = check("type: task\ncommands: [x]\nfoo: 1\n", &v0_18_37().with_offers(true));
    assert_eq!(checked.report.count(Severity::Error), 1);
    assert_eq!(checked.offers, Offers::Unavailable);
    assert_eq!(checked.offers.estimate(), None);
}

#[test]
fn effective_view_on_request() {
    let checked = check(VALID, &v0_18_37().with_effective(true));
    assert!(checked.report.effective.is_some());
    assert_eq!(
        checked.report,
        dstack_core::check(VALID, &dstack_core::Options { effective: true, version: DstackVersion::V0_18_37 })
    );
}

#[test]
fn bytes_that_are_not_utf8_are_a_diagnostic() {
    let checked = check_bytes(b"type: task\n\xff\n", &v0_18_37().with_offers(true));
    assert_eq!(checked.report.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [codes::INVALID_UTF8]);
    assert_eq!(checked.offers, Offers::Unavailable);
    assert_eq!(check_bytes(VALID.as_bytes(), &v0_18_37()), check(VALID, &v0_18_37()));
}

#[test]
fn json_form_counts_offers_in_count() {
    let checked = check(VALID, &v0_18_37().with_offers(true));
    let json = checked.to_json("t.yml");
    let count = checked.offers.estimate().map(|e| e.count as i128);
    assert_eq!(json.get("file"), Some(&Json::str("t.yml")));
    assert_eq!(json.get("offers").and_then(|o| o.get("count")), count.map(Json::Int).as_ref());
    assert_eq!(json.get("offers").and_then(|o| o.get("offers")), None);
}

#[test]
fn the_default_is_the_newest_release_and_the_result_names_it() {
    assert_eq!(Options::default().version, DstackVersion::NEWEST);
    assert_eq!(check(VALID, &Options::default()).version, DstackVersion::V0_22_5);
    assert_eq!(check_bytes(VALID.as_bytes(), &v0_18_37()).version, DstackVersion::V0_18_37);
}

#[test]
fn each_release_judges_by_its_own_rules() {
    let text = "type: task\ncommands: [echo hi]\nfiles: [data]\n";
    let old = check(text, &v0_18_37().with_offers(true));
    assert_eq!(
        old.report.diagnostics.iter().map(|d| (d.code, d.path.as_str())).collect::<Vec<_>>(),
        [(codes::UNKNOWN_FIELD, "files")]
    );
    assert_eq!(old.offers, Offers::Unavailable);
    let new = check(text, &Options::default().with_version(DstackVersion::V0_22_5));
    assert!(new.report.is_valid(), "{:?}", new.report.diagnostics);
    assert_eq!(
        new.report.normalized.as_ref().and_then(|n| n.get("files")).map(|f| f.to_python_string()),
        Some(r#"[{"local_path": "data", "path": "data"}]"#.to_string())
    );
}

#[test]
fn json_form_names_the_release_after_the_file() {
    for version in DstackVersion::SUPPORTED {
        let json = check(VALID, &Options::default().with_version(version)).to_json("t.yml");
        let Json::Object(fields) = json else { panic!("not an object: {json:?}") };
        let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["file", "dstack_version", "parsed", "normalized", "effective", "diagnostics"]);
        assert_eq!(fields[1].1, Json::str(version.as_str()));
    }
}

#[test]
fn the_written_lines_are_the_json_value_printed_for_the_whole_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let expected = std::fs::read_to_string(dir.join("expected.jsonl")).expect("the corpus");
    let files: Vec<&str> = expected.lines().filter_map(|l| l.split("\"file\": \"").nth(1)?.split('"').next()).collect();
    assert_eq!(files.len(), 1118);
    let mut line = String::new();
    for file in files {
        let bytes = std::fs::read(dir.join(file)).expect("a corpus file");
        for version in DstackVersion::SUPPORTED {
            let checked = check_bytes(&bytes, &Options::default().with_version(version).with_effective(true));
            line.clear();
            checked.write_json(file, &mut line);
            assert_eq!(line, checked.to_json(file).to_python_string(), "{file} under {version}");
            let mut owned = String::new();
            checked.into_json_line(file, &mut owned);
            assert_eq!(owned, line, "{file} under {version}, written consuming the document");
        }
    }
}
