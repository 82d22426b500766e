//! Warnings: YAML 1.1 reading traps, deprecated fields, and settings dstack silently ignores.

use std::borrow::Cow;
use std::collections::HashSet;
use std::rc::Rc;

use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::model::config::Configuration;
use crate::model::shorten;
use crate::python::float_repr;
use crate::version::DstackVersion;
use crate::yaml::{Node, NodeData, Value};

/// W015: a key given twice in one mapping (PyYAML silently keeps the last value).
pub fn duplicate_key(dup: crate::yaml::DuplicateKey) -> Diagnostic {
    Diagnostic::warning(
        Stage::Yaml,
        codes::DUPLICATE_KEY,
        format!(
            "`{}` is set twice (first on line {}); dstack keeps only this last value",
            dup.path, dup.first.start.line
        ),
    )
    .at(dup.path, dup.range)
    .help("remove one of the two entries")
}

/// A YAML 1.1 trap (W001–W003) at a plain scalar.
fn trap(code: &'static str, path: &str, node: &Node, message: String, help: String) -> Diagnostic {
    Diagnostic::warning(Stage::Yaml, code, message).at(path, node.span).help(help)
}

/// Fields where a YAML boolean is what the author means (a gateway's `default` and `public_ip`,
/// a volume's `read_only` and `auto_cleanup_duration: off` among them).
const BOOL_FIELDS: [&str; 9] = [
    "privileged",
    "nvcc",
    "retry",
    "retry_policy.retry",
    "idle_duration",
    "default",
    "public_ip",
    "read_only",
    "auto_cleanup_duration",
];

/// One step from a node to its parent, kept so a path string is built only for a warning.
enum Step<'a> {
    Key(&'a Node),
    Index(usize),
}

/// Warns about plain scalars that YAML 1.1 reads differently from how they look.
pub fn yaml11_traps(root: &Node, version: DstackVersion, out: &mut Vec<Diagnostic>) {
    // (parent entry, step) per visited node; the path is rebuilt from this chain on demand. Both
    // start with room for a configuration's usual nesting: growing them cost more than the walk.
    let mut chain: Vec<(usize, Step)> = Vec::with_capacity(16);
    let mut stack: Vec<(Option<usize>, &Node)> = Vec::with_capacity(16);
    stack.push((None, root));
    // Each scalar written in the file warns once, however often aliases and merge keys repeat
    // it: a few kilobytes of aliases can repeat a scalar a million times.
    let mut walked: HashSet<*const NodeData> = HashSet::new();
    let mut warned: HashSet<Range> = HashSet::new();
    while let Some((at, node)) = stack.pop() {
        let collection = matches!(node.value(), Value::Map(_) | Value::Seq(_) | Value::Set(_));
        // Content no other node shares (no alias or merge key repeats it) is reached once.
        if collection && Rc::strong_count(&node.data) > 1 && !walked.insert(Rc::as_ptr(&node.data)) {
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
            _ if node.is_plain() && may_trap(node) && trap_text(node) && warned.insert(node.span) => {
                scalar_trap(&path_of(&chain, at), node, version, out);
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
    matches!(node.value(), Value::Bool(_) | Value::Int(_) | Value::BigInt(_) | Value::Float(_))
}

/// Whether a plain scalar that [`may_trap`] is written so that it warns at some path (what
/// [`scalar_trap`] warns about, whatever the path): the path is built, and the scalar noted as
/// warned, only for these; most numbers are written as their digits.
fn trap_text(node: &Node) -> bool {
    let Some(raw) = node.raw() else { return false };
    match node.value() {
        Value::Bool(_) => !["true", "false", "True", "False", "TRUE", "FALSE"].contains(&raw),
        Value::Int(i) => raw.contains(':') || !is_decimal_of(raw.trim_start_matches(['+', '-']), i.unsigned_abs()),
        _ => true,
    }
}

/// Whether `text` is the decimal digits of `n` (`n.to_string()`, without making it).
fn is_decimal_of(text: &str, mut n: u128) -> bool {
    let mut digits = text.bytes().rev();
    loop {
        if digits.next() != Some(b'0' + (n % 10) as u8) {
            return false;
        }
        n /= 10;
        if n == 0 {
            return digits.next().is_none();
        }
    }
}

/// A collection, or a scalar that may be a trap: the walk skips the (many) plain strings.
fn worth_a_visit(node: &Node) -> bool {
    matches!(node.value(), Value::Map(_) | Value::Seq(_) | Value::Set(_)) || (node.is_plain() && may_trap(node))
}

fn scalar_trap(path: &str, node: &Node, version: DstackVersion, out: &mut Vec<Diagnostic>) {
    let Some(raw) = node.raw() else { return };
    match node.value() {
        Value::Bool(b) if !["true", "false", "True", "False", "TRUE", "FALSE"].contains(&raw) => {
            // From 0.22.5 `off` (false) is what `max_duration` and `stop_duration` expect.
            let off_durations = version.pydantic2() && (path == "max_duration" || path == "stop_duration");
            if BOOL_FIELDS.contains(&path) || off_durations {
                return;
            }
            let effect = if version.pydantic2() {
                format!("which dstack {version} rejects where it expects text")
            } else if path == "max_duration" {
                format!("so `max_duration` becomes \"{}\", not \"off\"", i32::from(*b))
            } else {
                format!(
                    "which dstack turns into the text `{}` where it expects text",
                    if *b { "True" } else { "False" }
                )
            };
            out.push(trap(
                codes::YAML11_BOOLEAN,
                path,
                node,
                format!("unquoted `{raw}` is the boolean {b} in YAML 1.1, {effect}"),
                format!("write `\"{raw}\"` (quoted) if you meant the text"),
            ));
        }
        Value::Int(i) if raw.contains(':') => out.push(trap(
            codes::YAML11_SEXAGESIMAL,
            path,
            node,
            format!("unquoted `{raw}` is the base-60 number {i} in YAML 1.1{}", port_effect(path, *i)),
            format!("write `\"{raw}\"` (quoted)"),
        )),
        Value::Float(f) if raw.contains(':') => out.push(trap(
            codes::YAML11_SEXAGESIMAL,
            path,
            node,
            format!("unquoted `{raw}` is the base-60 number {} in YAML 1.1", float_repr(*f)),
            format!("write `\"{raw}\"` (quoted)"),
        )),
        Value::Int(i) if raw.trim_start_matches(['+', '-']) != i.abs().to_string() => out.push(trap(
            codes::YAML11_NUMBER,
            path,
            node,
            format!("unquoted `{raw}` is the number {i} in YAML 1.1"),
            format!("write `\"{raw}\"` (quoted) if you meant the text"),
        )),
        Value::BigInt(digits) if raw.contains(':') => out.push(trap(
            codes::YAML11_SEXAGESIMAL,
            path,
            node,
            format!("unquoted `{}` is the base-60 number {} in YAML 1.1", shorten(raw), shorten(digits)),
            format!("write `\"{}\"` (quoted)", shorten(raw)),
        )),
        Value::BigInt(digits) if raw.trim_start_matches(['+', '-']) != digits.trim_start_matches('-') => {
            out.push(trap(
                codes::YAML11_NUMBER,
                path,
                node,
                format!("unquoted `{}` is the number {} in YAML 1.1", shorten(raw), shorten(digits)),
                format!("write `\"{}\"` (quoted) if you meant the text", shorten(raw)),
            ))
        }
        Value::Float(f) if path == "python" && raw != float_repr(*f) => out.push(trap(
            codes::YAML11_NUMBER,
            path,
            node,
            format!(
                "unquoted `{raw}` is the number {} in YAML; dstack maps it to \"{}\"",
                float_repr(*f),
                if float_repr(*f) == "3.1" { "3.10".to_string() } else { float_repr(*f) }
            ),
            format!("write `python: \"{raw}\"`"),
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
pub fn config_warnings(config: &Configuration, version: DstackVersion, out: &mut Vec<Diagnostic>) {
    let (run, ports) = match config {
        Configuration::Task(task) => (&task.run, Some(&task.ports)),
        Configuration::DevEnvironment(dev) => (&dev.run, Some(&dev.ports)),
        Configuration::Service(service) => {
            crate::service_lints::warnings(service, out);
            (&service.run, None)
        }
        Configuration::Gateway(g) => return out.extend(crate::gateway_rules::warnings(g, version)),
        Configuration::Volume(v) => return out.extend(crate::volume_rules::warnings(v)),
        _ => return,
    };
    let profile = &run.profile;
    // A dev environment runs `setup` before `init`; a task ignores it.
    let setup = match config {
        Configuration::DevEnvironment(_) => "deprecated: move these commands to the start of `init`",
        Configuration::Service(_) => {
            "deprecated, and has no effect in a service: move these commands to the start of `commands`"
        }
        _ => "deprecated, and has no effect in a task: move these commands to the start of `commands`",
    };
    // The advice is text only for a field that is written: most configurations write none.
    let idle_time = profile.termination_idle_time.key.and(profile.termination_idle_time.value);
    let deprecated: [(&str, Option<Range>, Cow<'static, str>); 7] = [
        (
            "termination_policy",
            profile.termination_policy.key,
            Cow::Borrowed(match profile.termination_policy.value.as_deref() {
                Some("dont-destroy") => "deprecated: use `idle_duration: off`",
                _ => "deprecated: use `idle_duration` (e.g. `idle_duration: 5m`)",
            }),
        ),
        (
            "termination_idle_time",
            profile.termination_idle_time.key,
            match idle_time {
                Some(s) => Cow::Owned(format!("deprecated: use `idle_duration: {s}`")),
                None => Cow::Borrowed("deprecated: use `idle_duration`"),
            },
        ),
        ("setup", run.setup.key, Cow::Borrowed(setup)),
        ("home_dir", run.home_dir.key, Cow::Borrowed("deprecated since dstack 0.18.31 and has no effect: remove it")),
        ("pool_name", profile.pool_name.key, Cow::Borrowed(LEGACY_POOLS)),
        ("instance_name", profile.instance_name.key, Cow::Borrowed(LEGACY_POOLS)),
        (
            "retry_policy",
            profile.retry_policy.key,
            Cow::Borrowed(if profile.retry.value.is_some() {
                "a hidden legacy setting, ignored because `retry` is set: remove it"
            } else {
                "a hidden legacy setting: use `retry: {on_events: [no-capacity, interruption, error], duration: …}`"
            }),
        ),
    ];
    for (field, key, advice) in deprecated {
        if let Some(key) = key {
            out.push(deprecated_field(field, &advice, key));
        }
    }
    if run.python.value.as_deref() == Some("3.8") && run.python.is_written() {
        out.push(python_38(run.python.range));
    }
    if run.image.value.is_some()
        && run.nvcc.value == Some(true)
        && let Some(key) = run.nvcc.key
    {
        out.push(nvcc_ignored(key));
    }
    for (i, port) in ports.into_iter().flat_map(|p| p.value.iter()).enumerate() {
        if port.value.is_reserved() {
            out.push(reserved_port(i, port.value.container_port, port.range));
        }
    }
    if let Configuration::DevEnvironment(dev) = config {
        crate::dev_environment_rules::warnings(dev, out);
    }
}

const LEGACY_POOLS: &str = "a hidden legacy setting (pools were replaced by fleets)";

/// W010, naming the release that removed the field when one did.
fn deprecated_field(field: &str, advice: &str, key: Range) -> Diagnostic {
    let removed = crate::model::fields::fields_of(crate::model::ConfigType::Task)
        .find(|f| f.name == field)
        .and_then(|f| f.removed);
    let message = match removed {
        Some(release) => format!("`{field}` is {advice}; dstack {release} removed it"),
        None => format!("`{field}` is {advice}"),
    };
    Diagnostic::warning(Stage::Schema, codes::DEPRECATED_FIELD, message).at(field, key)
}

/// W012.
fn python_38(range: Range) -> Diagnostic {
    Diagnostic::warning(
        Stage::Apply,
        codes::PYTHON_38,
        "`python: 3.8` is deprecated and will be forbidden in a future dstack release",
    )
    .at("python", range)
    .help("use `python: \"3.12\"` or another supported version")
}

/// W013.
fn nvcc_ignored(key: Range) -> Diagnostic {
    Diagnostic::warning(
        Stage::Server,
        codes::NVCC_IGNORED,
        "`nvcc` has no effect with a custom `image`: it only selects dstack's `-devel` base image",
    )
    .at("nvcc", key)
    .help("remove `nvcc`, or use an image that contains the CUDA compiler")
}

/// W014.
fn reserved_port(index: usize, port: i128, range: Range) -> Diagnostic {
    Diagnostic::warning(
        Stage::Server,
        codes::RESERVED_PORT,
        format!("container port {port} is in dstack's reserved range 10000–10999 and will not be forwarded"),
    )
    .at(format!("ports[{index}]"), range)
    .help("make the app listen on another port")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits_are_compared_without_making_them() {
        for (text, n) in
            [("0", 0), ("7", 7), ("10", 10), ("8080", 8080), ("340282366920938463463374607431768211455", u128::MAX)]
        {
            assert!(is_decimal_of(text, n), "{text}");
        }
        for (text, n) in [("", 0), ("00", 0), ("010", 10), ("1_0", 10), ("0x10", 16), ("1", 10), ("10", 1), ("", 5)] {
            assert!(!is_decimal_of(text, n), "{text}");
        }
    }

    #[test]
    fn only_numbers_not_written_as_their_digits_are_traps() {
        let report = |text: &str| {
            let mut out = Vec::new();
            let root = crate::yaml::load_document(text, &crate::yaml::LoadLimits::default()).unwrap().root;
            yaml11_traps(&root, DstackVersion::V0_22_5, &mut out);
            out.iter().map(|d| (d.code, d.path.clone())).collect::<Vec<_>>()
        };
        assert_eq!(report("a: 8080\nb: -3\nc: +4\nd: 0\ne: true\n"), []);
        assert_eq!(
            report("a: 017\nb: 1_000\nc: 1:30\nd: yes\n"),
            [
                (codes::YAML11_NUMBER, "a".to_string()),
                (codes::YAML11_NUMBER, "b".to_string()),
                (codes::YAML11_SEXAGESIMAL, "c".to_string()),
                (codes::YAML11_BOOLEAN, "d".to_string()),
            ]
        );
    }
}
