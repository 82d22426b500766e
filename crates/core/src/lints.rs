//! Warnings: YAML 1.1 reading traps, deprecated fields, and settings dstack silently ignores.

use std::collections::HashSet;
use std::rc::Rc;

use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Severity, Stage};
use crate::json::Json;
use crate::python::float_repr;
use crate::yaml::{Node, NodeData, Value};

fn warn(
    stage: Stage,
    code: &'static str,
    path: String,
    node: &Node,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    Diagnostic { severity: Severity::Warning, code, message, path, range: node.span, help, stage, dstack: None }
}

/// W015: a key given twice in one mapping (PyYAML silently keeps the last value).
pub fn duplicate_key(dup: crate::yaml::DuplicateKey) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        code: codes::DUPLICATE_KEY,
        message: format!(
            "`{}` is set twice (first on line {}); dstack keeps only this last value",
            dup.path, dup.first.start.line
        ),
        path: dup.path,
        range: dup.range,
        help: Some("remove one of the two entries".into()),
        stage: Stage::Yaml,
        dstack: None,
    }
}

/// Fields where a YAML boolean is what the author means.
const BOOL_FIELDS: [&str; 5] = ["privileged", "nvcc", "retry", "retry_policy.retry", "idle_duration"];

/// One step from a node to its parent, kept so a path string is built only for a warning.
enum Step<'a> {
    Key(&'a Node),
    Index(usize),
}

/// Warns about plain scalars that YAML 1.1 reads differently from how they look.
pub fn yaml11_traps(root: &Node, out: &mut Vec<Diagnostic>) {
    // (parent entry, step) per visited node; the path is rebuilt from this chain on demand.
    let mut chain: Vec<(usize, Step)> = Vec::new();
    let mut stack: Vec<(Option<usize>, &Node)> = vec![(None, root)];
    // Each scalar written in the file warns once, however often aliases and merge keys repeat
    // it: a few kilobytes of aliases can repeat a scalar a million times.
    let mut walked: HashSet<*const NodeData> = HashSet::new();
    let mut warned: HashSet<Range> = HashSet::new();
    while let Some((at, node)) = stack.pop() {
        let collection = matches!(node.value(), Value::Map(_) | Value::Seq(_) | Value::Set(_));
        if collection && !walked.insert(Rc::as_ptr(&node.data)) {
            continue;
        }
        match node.value() {
            Value::Map(entries) => {
                for (k, v) in entries.iter().rev().filter(|(_, v)| worth_a_visit(v)) {
                    chain.push((at.unwrap_or(usize::MAX), Step::Key(k)));
                    stack.push((Some(chain.len() - 1), v));
                }
            }
            Value::Seq(items) | Value::Set(items) => {
                for (i, v) in items.iter().enumerate().rev().filter(|(_, v)| worth_a_visit(v)) {
                    chain.push((at.unwrap_or(usize::MAX), Step::Index(i)));
                    stack.push((Some(chain.len() - 1), v));
                }
            }
            _ if node.is_plain() && may_trap(node) && warned.insert(node.span) => {
                scalar_trap(&path_of(&chain, at), node, out);
            }
            _ => {}
        }
    }
}

fn path_of(chain: &[(usize, Step)], mut at: Option<usize>) -> String {
    let mut steps = Vec::new();
    while let Some(i) = at {
        let Some((parent, step)) = chain.get(i) else { break };
        steps.push(step);
        at = (*parent != usize::MAX).then_some(*parent);
    }
    let mut path = String::new();
    for step in steps.into_iter().rev() {
        match step {
            Step::Key(k) => {
                if !path.is_empty() {
                    path.push('.');
                }
                match k.value() {
                    Value::Str(s) => path.push_str(s),
                    _ => path.push_str(k.raw().unwrap_or_default()),
                }
            }
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

/// Cheap pre-check: only booleans, ints and floats can be traps.
fn may_trap(node: &Node) -> bool {
    matches!(node.value(), Value::Bool(_) | Value::Int(_) | Value::Float(_))
}

/// A collection, or a scalar that may be a trap: the walk skips the (many) plain strings.
fn worth_a_visit(node: &Node) -> bool {
    matches!(node.value(), Value::Map(_) | Value::Seq(_) | Value::Set(_)) || (node.is_plain() && may_trap(node))
}

fn scalar_trap(path: &str, node: &Node, out: &mut Vec<Diagnostic>) {
    let Some(raw) = node.raw() else { return };
    match node.value() {
        Value::Bool(b) if !["true", "false", "True", "False", "TRUE", "FALSE"].contains(&raw) => {
            if BOOL_FIELDS.contains(&path) {
                return;
            }
            let effect = if path == "max_duration" {
                format!("so `max_duration` becomes \"{}\", not \"off\"", i32::from(*b))
            } else {
                format!(
                    "which dstack turns into the text `{}` where it expects text",
                    if *b { "True" } else { "False" }
                )
            };
            out.push(warn(
                Stage::Yaml,
                codes::YAML11_BOOLEAN,
                path.to_string(),
                node,
                format!("unquoted `{raw}` is the boolean {b} in YAML 1.1, {effect}"),
                Some(format!("write `\"{raw}\"` (quoted) if you meant the text")),
            ));
        }
        Value::Int(i) if raw.contains(':') => out.push(warn(
            Stage::Yaml,
            codes::YAML11_SEXAGESIMAL,
            path.to_string(),
            node,
            format!("unquoted `{raw}` is the base-60 number {i} in YAML 1.1{}", port_effect(path, *i)),
            Some(format!("write `\"{raw}\"` (quoted)")),
        )),
        Value::Float(f) if raw.contains(':') => out.push(warn(
            Stage::Yaml,
            codes::YAML11_SEXAGESIMAL,
            path.to_string(),
            node,
            format!("unquoted `{raw}` is the base-60 number {} in YAML 1.1", float_repr(*f)),
            Some(format!("write `\"{raw}\"` (quoted)")),
        )),
        Value::Int(i) if raw.trim_start_matches(['+', '-']) != i.abs().to_string() => out.push(warn(
            Stage::Yaml,
            codes::YAML11_NUMBER,
            path.to_string(),
            node,
            format!("unquoted `{raw}` is the number {i} in YAML 1.1"),
            Some(format!("write `\"{raw}\"` (quoted) if you meant the text")),
        )),
        Value::Float(f) if path == "python" && raw != float_repr(*f) => out.push(warn(
            Stage::Yaml,
            codes::YAML11_NUMBER,
            path.to_string(),
            node,
            format!(
                "unquoted `{raw}` is the number {} in YAML; dstack maps it to \"{}\"",
                float_repr(*f),
                if float_repr(*f) == "3.1" { "3.10".to_string() } else { float_repr(*f) }
            ),
            Some(format!("write `python: \"{raw}\"`")),
        )),
        _ => {}
    }
}

fn port_effect(path: &str, value: i128) -> String {
    if path.starts_with("ports[") {
        format!(", so dstack exposes port {value}, not a mapping")
    } else if path == "resources.gpu" {
        format!(", so dstack asks for {value} GPUs")
    } else {
        String::new()
    }
}

/// Warns about deprecated and ignored settings of a parsed configuration.
pub fn config_warnings(root: &Node, conf: &Json, out: &mut Vec<Diagnostic>) {
    let key_node = |k: &str| root.get(k).map(|(key, _)| key);
    let deprecated: [(&str, String); 7] = [
        (
            "termination_policy",
            match conf.get("termination_policy").and_then(Json::as_str) {
                Some("dont-destroy") => "deprecated: use `idle_duration: off`".into(),
                _ => "deprecated: use `idle_duration` (e.g. `idle_duration: 5m`)".into(),
            },
        ),
        (
            "termination_idle_time",
            match conf.get("termination_idle_time").and_then(Json::as_int) {
                Some(s) => format!("deprecated: use `idle_duration: {s}`"),
                None => "deprecated: use `idle_duration`".into(),
            },
        ),
        ("setup", "deprecated, and has no effect in a task: move these commands to the start of `commands`".into()),
        ("home_dir", "deprecated since dstack 0.18.31 and has no effect: remove it".into()),
        ("pool_name", "a hidden legacy setting (pools were replaced by fleets); newer dstack rejects it".into()),
        ("instance_name", "a hidden legacy setting (pools were replaced by fleets); newer dstack rejects it".into()),
        (
            "retry_policy",
            if conf.get("retry").is_some_and(|r| !r.is_null()) {
                "a hidden legacy setting, ignored because `retry` is set: remove it".into()
            } else {
                "a hidden legacy setting: use `retry: {on_events: [no-capacity, interruption, error], duration: …}`"
                    .into()
            },
        ),
    ];
    for (field, advice) in deprecated {
        if let Some(k) = key_node(field) {
            out.push(warn(
                Stage::Schema,
                codes::DEPRECATED_FIELD,
                field.into(),
                k,
                format!("`{field}` is {advice}"),
                None,
            ));
        }
    }
    if conf.get("python").and_then(Json::as_str) == Some("3.8")
        && let Some((_, v)) = root.get("python")
    {
        out.push(warn(
            Stage::Apply,
            codes::PYTHON_38,
            "python".into(),
            v,
            "`python: 3.8` is deprecated and will be forbidden in a future dstack release".into(),
            Some("use `python: \"3.12\"` or another supported version".into()),
        ));
    }
    let image_set = conf.get("image").is_some_and(|i| !i.is_null());
    if image_set
        && conf.get("nvcc") == Some(&Json::Bool(true))
        && let Some((k, _)) = root.get("nvcc")
    {
        out.push(warn(
            Stage::Server,
            codes::NVCC_IGNORED,
            "nvcc".into(),
            k,
            "`nvcc` has no effect with a custom `image`: it only selects dstack's `-devel` base image".into(),
            Some("remove `nvcc`, or use an image that contains the CUDA compiler".into()),
        ));
    }
    let ports = conf.get("ports").and_then(Json::as_array).unwrap_or(&[]);
    for (i, port) in ports.iter().enumerate() {
        let Some(c) = port.get("container_port").and_then(Json::as_int) else { continue };
        if (10000..=10999).contains(&c) {
            let node = crate::checks::node_at(root, &["ports", &i.to_string()]).unwrap_or(root);
            out.push(warn(
                Stage::Server,
                codes::RESERVED_PORT,
                format!("ports[{i}]"),
                node,
                format!("container port {c} is in dstack's reserved range 10000–10999 and will not be forwarded"),
                Some("make the app listen on another port".into()),
            ));
        }
    }
}
