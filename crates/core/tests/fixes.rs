//! Quick fixes over the whole conformance corpus and both golden sets, under both releases:
//! every fix of a file is made, round by round, and then
//!
//! (a) the fixed text still loads, and parses wherever the original parsed;
//! (b) each fixed diagnostic is gone: the round after a fix has fewer diagnostics of its code at
//!     its path, by the number fixed;
//! (c) nothing else changed: with the fixed fields taken out of both YAML trees, the original and
//!     the fixed file validate to the same normalized JSON (or both fail). The fixed fields are
//!     the diagnostic's path, and the key's new place for a rename or a move; a removal (the
//!     first of two equal keys, a `tpu-` prefix dstack strips) fixes no field, so those files
//!     must read exactly the same in full.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dstack_core::fix::{MAX_ROUNDS, apply_first_fixes};
use dstack_core::model::validate;
use dstack_core::yaml::{LoadLimits, Node, Value, load};
use dstack_core::{DstackVersion, Json, Options, check};

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// Every YAML file under `dir`, sorted.
fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("a corpus directory").map(|e| e.expect("an entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
}

/// The fields a fix changes on purpose, as paths: none for dropping the first of two equal keys.
fn fixed_fields(title: &str, path: &str) -> Vec<String> {
    let parent = path.rsplit_once('.').map(|(p, _)| format!("{p}."));
    let named =
        |title: &str, prefix: &str| title.strip_prefix(prefix).and_then(|t| t.split('`').next()).map(str::to_string);
    if let Some(new) = named(title, "Rename to `") {
        vec![path.to_string(), format!("{}{new}", parent.unwrap_or_default())]
    } else if let Some(under) = title.split(" under `").nth(1).and_then(|t| t.split('`').next()) {
        vec![path.to_string(), format!("{under}.{path}")]
    } else if title.starts_with("Remove the first") {
        vec![]
    } else {
        vec![path.to_string()]
    }
}

/// `node` without the field at `path` (`a.b`, `ports[1]`), when it is there.
fn without(node: &Node, path: &str) -> Node {
    let (head, rest) = match path.find(['.', '[']) {
        Some(0) => match path[1..].find(']') {
            Some(end) => (&path[..end + 2], path[end + 2..].trim_start_matches('.')),
            None => return node.clone(),
        },
        Some(i) => (&path[..i], path[i..].trim_start_matches('.')),
        None => (path, ""),
    };
    let value = match (node.value(), head.strip_prefix('[').and_then(|h| h.strip_suffix(']'))) {
        (Value::Seq(items), Some(index)) => {
            let Ok(index) = index.parse::<usize>() else { return node.clone() };
            let items = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match (i == index, rest.is_empty()) {
                    (true, true) => None,
                    (true, false) => Some(without(item, rest)),
                    (false, _) => Some(item.clone()),
                })
                .collect();
            Value::Seq(items)
        }
        (Value::Map(entries), None) => {
            let entries = entries
                .iter()
                .filter_map(|(k, v)| match (matches!(k.value(), Value::Str(s) if s == head), rest.is_empty()) {
                    (true, true) => None,
                    (true, false) => Some((k.clone(), without(v, rest))),
                    (false, _) => Some((k.clone(), v.clone())),
                })
                .collect();
            Value::Map(entries)
        }
        _ => return node.clone(),
    };
    Node::new(value, node.style(), None, node.span)
}

/// What dstack makes of `text` without the `fields`: the normalized JSON, or `None`.
fn read_without(text: &str, fields: &[String], version: DstackVersion) -> Option<Json> {
    let root = load(text, &LoadLimits::default()).ok()?;
    let root = fields.iter().fold(root, |node, path| without(&node, path));
    validate(&root, version).normalized
}

#[derive(Default)]
struct Tally {
    /// Files (per release) with at least one fix.
    files: usize,
    /// Of those, files whose untouched parts were compared as parsed JSON on both sides.
    compared: usize,
    /// Fixes made, by code and kind (`E102 rename`).
    by_code: BTreeMap<String, usize>,
    /// Every broken property, described.
    broken: Vec<String>,
}

fn fix_file(name: &str, text: &str, version: DstackVersion, tally: &mut Tally) {
    let options = Options { effective: false, version };
    let original = check(text, &options);
    if original.diagnostics.iter().all(|d| d.fixes.is_empty()) {
        return;
    }
    tally.files += 1;
    let mut current = text.to_string();
    let mut report = original.clone();
    let mut fields: Vec<String> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let (fixed, done) = apply_first_fixes(&current, &report.diagnostics);
        if done.is_empty() {
            break;
        }
        let next = check(&fixed, &options);
        for &i in &done {
            let d = &report.diagnostics[i];
            let kind = d.fixes[0].title.split(' ').next().unwrap_or_default().to_lowercase();
            *tally.by_code.entry(format!("{} {kind}", d.code)).or_default() += 1;
            fields.extend(fixed_fields(&d.fixes[0].title, &d.path));
            let count =
                |r: &dstack_core::Report| r.diagnostics.iter().filter(|e| e.code == d.code && e.path == d.path).count();
            let fixed_here = done
                .iter()
                .filter(|&&j| report.diagnostics[j].code == d.code && report.diagnostics[j].path == d.path)
                .count();
            if count(&next) + fixed_here > count(&report) {
                tally
                    .broken
                    .push(format!("{name} ({version}): {} at `{}` is still there after its fix", d.code, d.path));
            }
        }
        current = fixed;
        report = next;
    }
    if load(&current, &LoadLimits::default()).is_err() {
        tally.broken.push(format!("{name} ({version}): the fixed text does not load"));
        return;
    }
    if original.parsed && !report.parsed {
        tally.broken.push(format!("{name} ({version}): parsed before the fixes, not after"));
    }
    let before = read_without(text, &fields, version);
    let after = read_without(&current, &fields, version);
    if before.is_some() && after.is_some() {
        tally.compared += 1;
    }
    if before != after {
        tally.broken.push(format!(
            "{name} ({version}): without {fields:?}, {} before and {} after the fixes",
            before.map_or("no JSON".into(), |j| j.to_python_string()),
            after.map_or("no JSON".into(), |j| j.to_python_string())
        ));
    }
}

#[test]
fn fixes_change_only_what_they_fix_across_the_corpus() {
    let dir = tests_dir();
    let mut files = Vec::new();
    for set in ["conformance/cases", "golden", "golden-0.22.5"] {
        yaml_files(&dir.join(set), &mut files);
    }
    assert_eq!(files.len(), 1118 + 651 + 844);
    let mut figures = Vec::new();
    for version in DstackVersion::SUPPORTED {
        let mut tally = Tally::default();
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            let name = path.strip_prefix(&dir).unwrap_or(path).to_string_lossy();
            fix_file(&name, &text, version, &mut tally);
        }
        assert_eq!(tally.broken, Vec::<String>::new(), "{version}");
        let made: Vec<String> = tally.by_code.iter().map(|(kind, n)| format!("{kind} {n}")).collect();
        figures.push(format!(
            "{version}: {} files with a fix, {} compared as JSON; {}",
            tally.files,
            tally.compared,
            made.join(", ")
        ));
    }
    assert_eq!(
        figures,
        [
            "0.18.37: 52 files with a fix, 43 compared as JSON; E102 rename 2, E105 change 10, W001 quote 12, \
             W002 quote 4, W003 quote 7, W010 rename 6, W011 remove 5, W015 remove 7",
            "0.22.5: 52 files with a fix, 46 compared as JSON; E102 rename 10, E105 change 10, E160 change 1, \
             W001 quote 9, W002 quote 4, W003 quote 7, W011 remove 5, W015 remove 7",
        ]
    );
}
