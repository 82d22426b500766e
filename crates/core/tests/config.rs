//! The typed view of every accepted case of both corpora agrees with dstack's normalized JSON
//! (the parts the effective view re-serializes are byte-for-byte the same), reads the same from
//! the JSON alone, and carries the ranges of the source.

use std::path::PathBuf;

use dstack_core::Json;
use dstack_core::model::config::{Configuration, Port, RunConfiguration, Spanned};
use dstack_core::model::{ConfigType, read, validate};
use dstack_core::yaml::{LoadLimits, Node, Value, load};

/// The parts of a run configuration this test compares: the run fields, `ports`, and the
/// commands (a dev environment's `init`).
type RunParts<'a> =
    (&'a RunConfiguration, &'a Spanned<Vec<Spanned<Port>>>, &'a Spanned<Vec<Spanned<String>>>, &'static str);

fn parts(config: &Configuration) -> RunParts<'_> {
    match config {
        Configuration::Task(t) => (&t.run, &t.ports, &t.commands, "commands"),
        Configuration::DevEnvironment(d) => (&d.run, &d.ports, &d.init, "init"),
        other => panic!("not a task or dev environment: {other:?}"),
    }
}

/// The same configuration with every range cleared (what reading the JSON alone gives).
fn without_ranges(json: &Json) -> Configuration {
    read(json, None).expect("a run configuration")
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
    let (mut accepted, mut clamped, mut fleets) = (0, 0, 0);
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
            if let Configuration::Fleet(fleet) = config {
                fleets += 1;
                let hosts = normalized.get("ssh_config").and_then(|s| s.get("hosts")).and_then(Json::as_array);
                let read = fleet.ssh_config.value.as_ref().map(|s| s.hosts.value.len());
                assert_eq!(read, hosts.map(<[Json]>::len), "{file}: hosts");
                let min = normalized.get("nodes").and_then(|n| n.get("min")).and_then(Json::as_int_clamped);
                assert_eq!(fleet.nodes.value.and_then(|n| n.min), min, "{file}: nodes.min");
                assert_eq!(fleet.nodes.key, root.get("nodes").map(|(k, _)| k.span), "{file}: nodes key");
                continue;
            }
            // Services, gateways and volumes have views of their own, tested beside their rules.
            if matches!(config.config_type(), ConfigType::Service | ConfigType::Gateway | ConfigType::Volume) {
                continue;
            }
            accepted += 1;
            if has_big_int(normalized) {
                clamped += 1;
                continue;
            }
            let (run, ports, commands, commands_key) = parts(config);
            let field = |k: &str| normalized.get(k).cloned().unwrap_or(Json::Null);
            assert_eq!(run.resources.value.to_json(), field("resources"), "{file}: resources");
            let volumes = Json::Array(run.volumes.value.iter().map(|v| v.value.to_json()).collect());
            assert_eq!(volumes, field("volumes"), "{file}: volumes");
            let ports_json = Json::Array(ports.value.iter().map(|p| p.value.to_json()).collect());
            assert_eq!(ports_json, field("ports"), "{file}: ports");
            let env: Vec<&str> = run.env.value.iter().map(|v| v.name.as_str()).collect();
            let keys: Vec<&str> = match normalized.get("env") {
                Some(Json::Object(entries)) => entries.iter().map(|(k, _)| k.as_ref()).collect(),
                _ => vec![],
            };
            assert_eq!(env, keys, "{file}: env");

            // Reading the JSON alone gives the same values.
            let plain_config = without_ranges(normalized);
            let (plain, _, plain_commands, _) = parts(&plain_config);
            assert_eq!(plain.resources.value.to_json(), field("resources"), "{file}: resources from JSON");
            assert_eq!(plain_commands.value.len(), commands.value.len(), "{file}");
            assert_eq!(plain.profile.retry.value, run.profile.retry.value, "{file}: retry");
            assert_eq!(plain.profile.idle_duration.value, run.profile.idle_duration.value, "{file}");

            // Ranges: written fields carry their key, list items their own node.
            assert_eq!(run.image.key, root.get("image").map(|(k, _)| k.span), "{file}: image key");
            assert_eq!(run.home_dir.key, root.get("home_dir").map(|(k, _)| k.span), "{file}: home_dir key");
            let spans = |items: &[Node]| items.iter().map(|n| n.span).collect::<Vec<_>>();
            let command_ranges: Vec<_> = commands.value.iter().map(|c| c.range).collect();
            if !list(&root, commands_key).is_empty() {
                assert_eq!(command_ranges, spans(list(&root, commands_key)), "{file}: command ranges");
            }
            if !list(&root, "ports").is_empty() {
                let ports: Vec<_> = ports.value.iter().map(|p| p.range).collect();
                assert_eq!(ports, spans(list(&root, "ports")), "{file}: port ranges");
            }
        }
    }
    assert_eq!((accepted, clamped, fleets), (531 + 53 + 12, 19, 69));
}
