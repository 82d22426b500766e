//! Every case of the conformance corpus under each dstack release: verdict, normalized JSON,
//! error locations. Both releases are exact.

use std::path::PathBuf;

use dstack_core::model::ConfigType;
use dstack_core::model::fields::printed_order;
use dstack_core::yaml::{LoadLimits, Node, Value, load};
use dstack_core::{DstackVersion, Json, Options, Range, Severity, Stage, check_bytes};

fn corpus_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests").join(name)
}

/// Compares JSON values like Python's `==` on `json.loads` output, but keeping int vs float.
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Float(x), Json::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && same(v, v2)))
        }
        _ => a == b,
    }
}

/// pydantic's loc → this checker's path: `["__root__","TaskConfigurationRequest","volumes","0","path"]`
/// (0.18.37) or `["task","volumes","0","path"]` (0.22.5, led by the tag) → `volumes[0].path`.
fn loc_to_path(loc: &[Json], version: DstackVersion) -> String {
    // pydantic 2 names the union member tried (`list[constrained-str]`, `PortMapping`): not a field.
    let v2 = version.pydantic2();
    let member = |p: &&str| {
        let camel = p.starts_with(|c: char| c.is_ascii_uppercase()) && p.contains(|c: char| c.is_ascii_lowercase());
        v2 && (p.contains('[') || camel || ["str", "int", "bool", "float"].contains(p))
    };
    let all: Vec<&str> = loc.iter().filter_map(Json::as_str).collect();
    // The leading tag of pydantic 2 (the type, or a volume's backend) is not a field either.
    let all = if v2 && !all.is_empty() { &all[1..] } else { &all[..] };
    let parts: Vec<&str> = all.iter().copied().filter(|p| !member(p)).collect();
    let parts = if parts.len() >= 2 && parts[0] == "__root__" && parts[1].ends_with("ConfigurationRequest") {
        &parts[2..]
    } else {
        &parts[..]
    };
    let mut out = String::new();
    for p in parts.iter().filter(|p| **p != "__root__") {
        if p.parse::<usize>().is_ok() {
            out.push_str(&format!("[{p}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(p);
        }
    }
    out
}

/// True when one path is the other or contains it (`resources.cpu` ~ `resources.cpu.min`).
fn related(a: &str, b: &str) -> bool {
    let nested = |short: &str, long: &str| {
        short.is_empty()
            || long == short
            || (long.starts_with(short) && matches!(long.as_bytes().get(short.len()), Some(b'.' | b'[')))
    };
    nested(a, b) || nested(b, a)
}

/// The source range of the field at `path` (from its key to the end of its value), or of the
/// deepest part of the path that exists in the source (`resources.cpu.min` when `cpu: x`).
fn field_range(root: &Node, path: &str) -> Range {
    let mut cur = root;
    let mut range = root.span;
    for seg in path.split('.').flat_map(|part| part.split('[')) {
        let next = match (cur.value(), seg.strip_suffix(']')) {
            (Value::Seq(items), Some(i)) => i.parse::<usize>().ok().and_then(|i| items.get(i)).map(|n| (n.span, n)),
            (Value::Map(entries), None) => entries
                .iter()
                .find(|(k, _)| matches!(k.value(), Value::Str(s) if s == seg))
                .map(|(k, v)| (Range { start: k.span.start, end: v.span.end.max(k.span.end) }, v)),
            _ => None,
        };
        match next {
            Some((r, n)) => {
                range = r;
                cur = n;
            }
            None => break,
        }
    }
    range
}

/// pydantic messages that only say "the other union members did not match either".
const UNION_NOISE: [&str; 8] = [
    "str type expected",
    "value is not a valid dict",
    "value is not a valid integer",
    "value is not a valid list",
    "extra fields not permitted",
    "field required",
    "value could not be parsed to a boolean",
    "string does not match regex \"^(?:[0-9]+|\\*):[0-9]+$\"",
];

/// pydantic 2's messages that only say "another union member did not match either".
fn union_noise_v2(msg: &str) -> bool {
    msg.starts_with("Input should be a valid dictionary")
        || msg.starts_with("Input should be a valid boolean")
        || msg.starts_with("Input should be a valid list")
        || msg.starts_with("Input should be a valid string")
        || msg == "Field required"
        || msg == "Extra inputs are not permitted"
}

/// The 1,118 files judged by dstack 0.18.37: 612 accepted, each with dstack's JSON.
#[test]
fn conformance_corpus() {
    let figures = run_corpus("conformance", "expected.jsonl", DstackVersion::V0_18_37);
    assert_eq!(figures.rejudged, 6);
    figures.assert_exact();
    assert_eq!(figures.counts(), (1118, 1118, 1118, 612, 612));
}

#[test]
fn golden_cases_of_our_own() {
    let figures = run_corpus("golden", "expected.jsonl", DstackVersion::V0_18_37);
    figures.assert_exact();
    assert_eq!(figures.cases, 651);
}

/// The same 1,118 files judged by dstack 0.22.5: 707 accepted, each with dstack's JSON.
#[test]
fn conformance_corpus_under_0_22_5() {
    let figures = run_corpus("conformance", "expected-0.22.5.jsonl", DstackVersion::V0_22_5);
    figures.assert_exact();
    assert_eq!(figures.counts(), (1118, 1118, 1118, 707, 707));
}

#[test]
fn golden_cases_under_0_22_5() {
    let figures = run_corpus("golden-0.22.5", "expected.jsonl", DstackVersion::V0_22_5);
    figures.assert_exact();
    assert_eq!(figures.cases, 844);
}

/// The playground's Examples menu (`web/examples/`, one configuration of every type), judged by
/// each release (`expected-<release>.jsonl` beside the files): all but the broken task accepted,
/// and the preset by 0.22.5 only.
#[test]
fn menu_examples_under_each_release() {
    for (version, accepted) in [(DstackVersion::V0_18_37, 13), (DstackVersion::V0_22_5, 14)] {
        let figures = run_corpus("../web/examples", &format!("expected-{version}.jsonl"), version);
        figures.assert_exact();
        assert_eq!(figures.counts(), (15, 15, 15, accepted, accepted), "{version}");
    }
}

/// What a corpus run measured.
struct Figures {
    cases: usize,
    /// Cases with the same verdict as dstack.
    verdicts: usize,
    /// Cases dstack accepts.
    accepted: usize,
    /// Accepted cases whose normalized JSON (key order included) equals dstack's.
    json: usize,
    failures: Vec<String>,
    /// Cases whose shared line was replaced by a rejudged one.
    rejudged: usize,
    messages_matched: usize,
    messages_total: usize,
}

impl Figures {
    /// Cases that no failure names.
    fn exact(&self) -> usize {
        let mut named: Vec<&str> =
            self.failures.iter().filter_map(|f| f.split_once(": ").map(|(file, _)| file)).collect();
        named.sort_unstable();
        named.dedup();
        self.cases - named.len()
    }

    /// Cases, verdicts agreed, cases exact in every respect, cases accepted, JSON agreed.
    fn counts(&self) -> (usize, usize, usize, usize, usize) {
        (self.cases, self.verdicts, self.exact(), self.accepted, self.json)
    }

    fn assert_exact(&self) {
        assert!(
            self.failures.is_empty(),
            "{} of {} cases fail ({}/{} messages match):\n{}",
            self.failures.len(),
            self.cases,
            self.messages_matched,
            self.messages_total,
            self.failures.join("\n")
        );
    }
}

/// Checks every case of a corpus folder against the verdicts of `version` in `expected_file`.
fn run_corpus(name: &str, expected_file: &str, version: DstackVersion) -> Figures {
    let dir = corpus_dir(name);
    let expected = std::fs::read_to_string(dir.join(expected_file)).expect("expected file");
    // Lines of the shared corpus judged again with `parse_apply_configuration` (see README.md):
    // they stand in for the shared file's lines of the same case.
    let rejudged: Vec<(String, String)> = expected_file
        .strip_suffix(".jsonl")
        .map(|stem| dir.join(format!("{stem}-0.18.37-rejudged.jsonl")))
        .filter(|_| version == DstackVersion::V0_18_37)
        .and_then(|path| std::fs::read_to_string(path).ok())
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let file = Json::parse(l).expect("JSON line").get("file").and_then(Json::as_str).expect("file").to_string();
            (file, l.to_string())
        })
        .collect();
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut verdicts = 0;
    let mut accepted = 0;
    let mut json = 0;
    let mut messages_matched = 0;
    let mut messages_total = 0;
    let mut used = 0;
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let mut case = Json::parse(line).expect("valid JSON line");
        let shared_file = case.get("file").and_then(Json::as_str).expect("file").to_string();
        if let Some((_, again)) = rejudged.iter().find(|(f, _)| *f == shared_file) {
            case = Json::parse(again).expect("valid JSON line");
            used += 1;
        }
        let file = case.get("file").and_then(Json::as_str).expect("file");
        let ok = case.get("ok") == Some(&Json::Bool(true));
        let bytes = std::fs::read(dir.join(file)).expect("case file");
        let report = check_bytes(&bytes, &Options { effective: true, version });
        cases += 1;
        let text = String::from_utf8_lossy(&bytes);
        let root = load(&text, &LoadLimits::default()).ok();
        let ty = root.as_ref().and_then(|r| r.get("type")).and_then(|(_, v)| match v.value() {
            Value::Str(s) => Some(s.clone()),
            _ => None,
        });
        accepted += usize::from(ok);
        if report.parsed != ok {
            let errs: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| format!("{} {}: {}", d.code, d.path, d.message))
                .collect();
            failures.push(format!("{file}: verdict {} but dstack says {ok}; {errs:?}", report.parsed));
            continue;
        }
        verdicts += 1;
        if ok {
            let want = case.get("normalized").expect("normalized");
            match &report.normalized {
                Some(got) if same(got, want) => {
                    let keys: Vec<&str> = match got {
                        Json::Object(e) => e.iter().map(|(k, _)| k.as_ref()).collect(),
                        _ => vec![],
                    };
                    // Expected files are written with sorted keys: the order is the model's.
                    let want_keys: Vec<&str> = ty
                        .as_deref()
                        .and_then(ConfigType::from_tag)
                        .map(|t| printed_order(t, version, got).to_vec())
                        .unwrap_or_default();
                    if keys != want_keys {
                        failures.push(format!("{file}: key order {keys:?}"));
                    } else {
                        json += 1;
                    }
                }
                Some(got) => failures.push(format!(
                    "{file}: normalized differs\n  got  {}\n  want {}",
                    got.to_python_string(),
                    want.to_python_string()
                )),
                None => failures.push(format!("{file}: no normalized output")),
            }
            continue;
        }
        let errors: Vec<(String, String)> = case
            .get("errors")
            .and_then(Json::as_array)
            .unwrap_or(&[])
            .iter()
            .map(|e| {
                (
                    loc_to_path(e.get("loc").and_then(Json::as_array).unwrap_or(&[]), version),
                    e.get("msg").and_then(Json::as_str).unwrap_or("").to_string(),
                )
            })
            .collect();
        let diags: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && matches!(d.stage, Stage::Yaml | Stage::Schema))
            .collect();
        if diags.is_empty() {
            failures.push(format!("{file}: rejected without a yaml/schema error diagnostic"));
            continue;
        }
        if let Some(root) = &root {
            for d in diags.iter().filter(|d| d.stage == Stage::Schema) {
                let field = field_range(root, &d.path);
                if d.range.start < field.start || d.range.end > field.end {
                    failures.push(format!(
                        "{file}: `{}` diagnostic at {:?} is outside its field {:?}",
                        d.path, d.range, field
                    ));
                }
            }
        }
        let covered = |path: &str| diags.iter().any(|d| related(&d.path, path));
        let any_covered = errors.iter().any(|(p, _)| covered(p));
        for (path, msg) in &errors {
            let noise = (UNION_NOISE.contains(&msg.as_str()) || union_noise_v2(msg)) && any_covered;
            if !covered(path) && !noise {
                failures.push(format!(
                    "{file}: dstack's error at `{path}` ({msg}) has no diagnostic; got {:?}",
                    diags.iter().map(|d| &d.path).collect::<Vec<_>>()
                ));
            }
        }
        for d in &diags {
            if !errors.iter().any(|(p, _)| related(&d.path, p)) {
                failures.push(format!(
                    "{file}: diagnostic at `{}` ({}) where dstack reports none; dstack: {errors:?}",
                    d.path, d.message
                ));
            }
            if d.range.start.line == 0 || d.range.end < d.range.start {
                failures.push(format!("{file}: bad range {:?}", d.range));
            }
            if let (Some(m), Stage::Schema) = (&d.dstack, d.stage) {
                messages_total += 1;
                if errors.iter().any(|(p, msg)| related(&d.path, p) && msg == m) {
                    messages_matched += 1;
                } else {
                    failures.push(format!("{file}: dstack message `{m}` at `{}` not among {errors:?}", d.path));
                }
            }
        }
    }
    assert_eq!(used, rejudged.len(), "every rejudged line names a case");
    Figures { cases, verdicts, accepted, json, failures, rejudged: used, messages_matched, messages_total }
}
