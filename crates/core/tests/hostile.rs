//! Bad input gets a clear diagnostic, never a panic or a hang.

use std::time::{Duration, Instant};

use dstack_core::{DstackVersion, Json, Options, Report, Severity, Stage, check, check_bytes, codes};

/// Checks under every supported release, each in under 5 s of wall time (debug build, the other
/// tests running beside it on two cores; the scaling tests time CPU in release builds); the report
/// is dstack 0.18.37's, whose verdicts the tests assert.
fn timed(bytes: &[u8]) -> Report {
    for version in DstackVersion::SUPPORTED.into_iter().filter(|v| *v != DstackVersion::V0_18_37) {
        timed_under(version, bytes);
    }
    timed_under(DstackVersion::V0_18_37, bytes)
}

fn timed_under(version: DstackVersion, bytes: &[u8]) -> Report {
    let start = Instant::now();
    let report = check_bytes(bytes, &Options { effective: true, version });
    assert!(start.elapsed() < Duration::from_secs(5), "{version} took {:?}", start.elapsed());
    report
}

fn first_error(report: &Report) -> (&str, Stage, u32) {
    let d = report.diagnostics.iter().find(|d| d.severity == Severity::Error).expect("an error diagnostic");
    (d.code, d.stage, d.range.start.line)
}

#[test]
fn empty_file() {
    let r = timed(b"");
    assert!(!r.parsed);
    assert_eq!(first_error(&r), (codes::NOT_A_MAPPING, Stage::Yaml, 1));
}

#[test]
fn not_a_mapping() {
    assert_eq!(first_error(&timed(b"- a\n- b\n")), (codes::NOT_A_MAPPING, Stage::Yaml, 1));
    assert_eq!(first_error(&timed(b"just text\n")), (codes::NOT_A_MAPPING, Stage::Yaml, 1));
}

#[test]
fn non_utf8() {
    let r = timed(b"type: task\ncommands: [\xff]\n");
    assert_eq!(first_error(&r), (codes::INVALID_UTF8, Stage::Yaml, 2));
    assert_eq!(r.diagnostics[0].range.start.column, 12);
}

#[test]
fn nul_byte() {
    let r = timed(b"type: task\ncommands: [a\x00b]\n");
    assert_eq!(first_error(&r).1, Stage::Yaml);
    assert_eq!(first_error(&r).2, 2);
}

#[test]
fn one_mebibyte_of_yaml_is_checked() {
    let mut text = String::from("type: task\ncommands:\n");
    while text.len() < 1 << 20 {
        text.push_str("  - echo 'a fairly long command line to fill the file up quickly'\n");
    }
    let r = timed(text.as_bytes());
    assert!(r.parsed, "{:?}", r.diagnostics.first());
    assert_eq!(
        r.normalized.as_ref().and_then(|n| n.get("commands")).and_then(|c| c.as_array()).map(<[_]>::len),
        Some(15888)
    );
}

#[test]
fn too_large_input_is_refused() {
    let text = format!("type: task\ncommands: [x]\nname: \"{}\"\n", "a".repeat(8 << 20));
    assert_eq!(first_error(&timed(text.as_bytes())).0, codes::LIMIT_EXCEEDED);
}

#[test]
fn deep_nesting() {
    let text = format!("type: task\ncommands: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(first_error(&timed(text.as_bytes())).0, codes::LIMIT_EXCEEDED);
    let text = format!("type: task\ncommands: {}\n", "{a: ".repeat(10_000) + &"}".repeat(10_000));
    assert_eq!(first_error(&timed(text.as_bytes())).0, codes::LIMIT_EXCEEDED);
}

#[test]
fn billion_laughs() {
    let mut text = String::from("type: task\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    text.push_str("commands: *a9\n");
    assert_eq!(first_error(&timed(text.as_bytes())).0, codes::LIMIT_EXCEEDED);
}

#[test]
fn huge_numbers() {
    // Python ints have no size limit: dstack keeps every digit of `nodes`.
    let big = "9".repeat(100);
    let r = timed(format!("type: task\ncommands: [x]\nnodes: {big}\n").as_bytes());
    assert!(r.parsed);
    assert_eq!(r.normalized.as_ref().and_then(|n| n.get("nodes")), Some(&Json::BigInt(big)));
    let r = timed(b"type: task\ncommands: [x]\nnodes: 99999999999999999999\n");
    assert!(r.parsed);
    assert_eq!(
        r.normalized.as_ref().and_then(|n| n.get("nodes")).and_then(|n| n.as_int()),
        Some(99_999_999_999_999_999_999)
    );
    // Numbers near Python's 4300-digit limit, hundreds of them: text, not time.
    let hex = format!("  - 0x{}\n", "f".repeat(3500));
    let r = timed(format!("type: task\ncommands:\n{}", hex.repeat(200)).as_bytes());
    assert!(r.parsed);
    // Python's float("1e400") is inf, which dstack accepts as a price (`Infinity`).
    for text in
        [&b"type: task\ncommands: [x]\nmax_price: 1e400\n"[..], b"type: task\ncommands: [x]\nmax_price: 1.0e+400\n"]
    {
        let r = timed(text);
        assert_eq!(
            r.normalized.as_ref().and_then(|n| n.get("max_price")).and_then(|p| p.as_f64()),
            Some(f64::INFINITY)
        );
    }
}

#[test]
fn multiple_documents() {
    let r = timed(b"type: task\ncommands: [x]\n---\ntype: task\n");
    assert_eq!(first_error(&r), (codes::MULTIPLE_DOCUMENTS, Stage::Yaml, 3));
}

#[test]
fn every_mangled_corpus_file_gets_a_verdict() {
    // Delete, duplicate and swap characters of real configurations (and of ones using the fields
    // dstack 0.22.5 added): under every release, every result must be either a parsed
    // configuration or at least one located error.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut checked = 0;
    let entries = ["conformance/cases/docs", "golden-0.22.5/cases"]
        .into_iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("corpus"));
    for entry in entries {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("case");
        let chars: Vec<char> = text.chars().collect();
        for _ in 0..20 {
            let mut c = chars.clone();
            if c.is_empty() {
                break;
            }
            let i = (next() % c.len() as u64) as usize;
            match next() % 4 {
                0 => {
                    c.remove(i);
                }
                1 => {
                    let ch = c[i];
                    c.insert(i, ch);
                }
                2 => {
                    c.insert(i, [':', '-', '[', '{', '"', '\'', '&', '*', '!', '\t', '\n', '#'][(next() % 12) as usize])
                }
                _ => {
                    let j = (next() % c.len() as u64) as usize;
                    c.swap(i, j);
                }
            }
            let mangled: String = c.into_iter().collect();
            for version in DstackVersion::SUPPORTED {
                let r = check(&mangled, &Options { effective: true, version });
                let lines = mangled.split('\n').count() as u32 + 1;
                if r.parsed {
                    assert!(r.normalized.is_some());
                } else {
                    let e =
                        r.diagnostics.iter().find(|d| d.severity == Severity::Error).expect("rejected with an error");
                    assert!(e.range.start.line >= 1 && e.range.start.line <= lines, "{:?} in {mangled:?}", e.range);
                    assert!(e.range.start <= e.range.end);
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}
