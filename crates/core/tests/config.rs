//! The typed view of every accepted case of both corpora agrees with dstack's normalized JSON
//! (the parts the effective view re-serializes are byte-for-byte the same), reads the same from
//! the JSON alone, and carries the ranges of the source.

use std::path::PathBuf;

use dstack_core::Json;
use dstack_core::model::config::{Configuration, Task};
use dstack_core::model::{read, validate};
use dstack_core::yaml::{LoadLimits, Node, Value, load};

fn task(config: &Configuration) -> &Task {
    match config {
        Configuration::Task(task) => task,
        other => panic!("not a task: {other:?}"),
    }
}

/// The same configuration with every range cleared (what reading the JSON alone gives).
fn without_ranges(json: &Json) -> Task {
    task(&read(json, None).expect("a task")).clone()
}

fn list<'a>(root: &'a Node, key: &str) -> &'a [Node] {
    match root.get(key).map(|(_, v)| v.value()) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// True when the value holds an int beyond `i128`, which the typed view clamps to `i128`.
fn has_big_int(json: &Json) -> bool {
    match json {
        Json::BigInt(_) => true,
        Json::Array(items) => items.iter().any(has_big_int),
        Json::Object(entries) => entries.iter().any(|(_, v)| has_big_int(v)),
        _ => false,
    }
}

#[test]
fn typed_view_of_both_corpora() {
    let (mut accepted, mut clamped) = (0, 0);
    for corpus in ["conformance", "golden"] {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests").join(corpus);
        let expected = std::fs::read_to_string(dir.join("expected.jsonl")).expect("expected.jsonl");
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            let case = Json::parse(line).expect("JSON line");
            let file = case.get("file").and_then(Json::as_str).expect("file");
            let Ok(text) = std::fs::read_to_string(dir.join(file)) else { continue };
            let Ok(root) = load(&text, &LoadLimits::default()) else { continue };
            let validation = validate(&root, dstack_core::DstackVersion::V0_18_37);
            let (Some(normalized), Some(config)) = (&validation.normalized, &validation.config) else {
                assert!(validation.config.is_none(), "{file}: a typed view without normalized JSON");
                continue;
            };
            // Other types have their own typed views, tested beside them.
            if !matches!(config, Configuration::Task(_)) {
                continue;
            }
            accepted += 1;
            if has_big_int(normalized) {
                clamped += 1;
                continue;
            }
            let t = task(config);
            let field = |k: &str| normalized.get(k).cloned().unwrap_or(Json::Null);
            assert_eq!(t.run.resources.value.to_json(), field("resources"), "{file}: resources");
            let volumes = Json::Array(t.run.volumes.value.iter().map(|v| v.value.to_json()).collect());
            assert_eq!(volumes, field("volumes"), "{file}: volumes");
            let ports = Json::Array(t.ports.value.iter().map(|p| p.value.to_json()).collect());
            assert_eq!(ports, field("ports"), "{file}: ports");
            let env: Vec<&str> = t.run.env.value.iter().map(|v| v.name.as_str()).collect();
            let keys: Vec<&str> = match normalized.get("env") {
                Some(Json::Object(entries)) => entries.iter().map(|(k, _)| k.as_ref()).collect(),
                _ => vec![],
            };
            assert_eq!(env, keys, "{file}: env");

            // Reading the JSON alone gives the same values.
            let plain = without_ranges(normalized);
            assert_eq!(plain.run.resources.value.to_json(), field("resources"), "{file}: resources from JSON");
            assert_eq!(plain.commands.value.len(), t.commands.value.len(), "{file}");
            assert_eq!(plain.run.profile.retry.value, t.run.profile.retry.value, "{file}: retry");
            assert_eq!(plain.run.profile.idle_duration.value, t.run.profile.idle_duration.value, "{file}");

            // Ranges: written fields carry their key, list items their own node.
            assert_eq!(t.run.image.key, root.get("image").map(|(k, _)| k.span), "{file}: image key");
            assert_eq!(t.run.home_dir.key, root.get("home_dir").map(|(k, _)| k.span), "{file}: home_dir key");
            let spans = |items: &[Node]| items.iter().map(|n| n.span).collect::<Vec<_>>();
            let commands: Vec<_> = t.commands.value.iter().map(|c| c.range).collect();
            if !list(&root, "commands").is_empty() {
                assert_eq!(commands, spans(list(&root, "commands")), "{file}: command ranges");
            }
            if !list(&root, "ports").is_empty() {
                let ports: Vec<_> = t.ports.value.iter().map(|p| p.range).collect();
                assert_eq!(ports, spans(list(&root, "ports")), "{file}: port ranges");
            }
        }
    }
    assert_eq!((accepted, clamped), (531, 19));
}
