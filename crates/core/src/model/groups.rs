//! `groups` of a task (dstack 0.22.5): node groups with their own node count, resources,
//! commands and ports.

use super::coerce::{describe, key_str, shorten, to_int};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::{list_of, null_fail, ports, resources, str_list, unknown_key};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

const KEYS: [&str; 5] = ["name", "nodes", "resources", "commands", "ports"];

/// `^[a-z0-9][a-z0-9-]{0,39}$` under Python's `re.match` (`$` also before a final newline).
pub(super) fn valid_name(name: &str) -> bool {
    let body = name.strip_suffix('\n').unwrap_or(name);
    let mut chars = body.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && body.len() <= 40
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Names the unnamed groups `0`, `1`, ... by position (dstack's default for node and replica
/// groups alike) and returns the names given more than once, each once, in order.
pub(super) fn name_by_position(groups: &mut [Json]) -> Vec<String> {
    let mut names = Vec::with_capacity(groups.len());
    for (i, g) in groups.iter_mut().enumerate() {
        if let Json::Object(entries) = g
            && let Some((_, name)) = entries.iter_mut().find(|(k, _)| k == "name")
        {
            if name.is_null() {
                *name = Json::Str(i.to_string());
            }
            names.push(name.as_str().unwrap_or_default().to_string());
        }
    }
    let mut duplicates: Vec<String> = Vec::new();
    for name in &names {
        if names.iter().filter(|n| *n == name).count() > 1 && !duplicates.contains(name) {
            duplicates.push(name.clone());
        }
    }
    duplicates
}

/// Validates a non-null `groups` value: the groups, names defaulted by position and unique.
pub fn parse_groups(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let Json::Array(mut groups) = list_of(ctx, path, n, "a list of node groups", group)? else { return None };
    let rule = |ctx: &mut Ctx, message: String, dstack: String| {
        ctx.fail(path, n.span, Fail::new(codes::INVALID_TYPE, message, format!("Value error, {dstack}")));
        None
    };
    if groups.is_empty() {
        return rule(ctx, "`groups` cannot be empty".into(), "`groups` cannot be an empty list".into());
    }
    let duplicates = name_by_position(&mut groups);
    if !duplicates.is_empty() {
        let listed = duplicates.iter().map(|d| crate::python::repr_str(d)).collect::<Vec<_>>().join(", ");
        return rule(
            ctx,
            format!("node group names must be unique: {}", duplicates.join(", ")),
            format!("Duplicate node group names found: [{listed}]. Each node group must have a unique name."),
        );
    }
    Some(Json::Array(groups))
}

fn group(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let Value::Map(entries) = n.value() else {
        let f = Fail::new(
            codes::INVALID_TYPE,
            format!("expected a node group (a mapping with `commands`, `nodes`, ...), found {}", describe(n)),
            "Input should be a valid dictionary or instance of NodeGroup",
        );
        ctx.fail(path, n.span, f);
        return None;
    };
    let get = |key: &str| entries.iter().find(|(k, _)| key_str(k) == Some(key)).map(|(_, v)| v);
    for (k, _) in entries {
        if key_str(k).is_none_or(|s| !KEYS.contains(&s)) {
            unknown_key(ctx, path, k, &KEYS);
        }
    }
    // Unknown keys do not make the group invalid for the task's own rules (dstack's first pass
    // ignores them).
    let before = ctx.error_count();
    let name = match get("name") {
        None => Json::Null,
        Some(v) if matches!(v.value(), Value::Null) => Json::Null,
        Some(v) => match super::coerce::to_str(v, ctx.version) {
            Ok(s) if valid_name(&s) => Json::Str(s),
            Ok(s) => {
                let f = Fail::new(
                    codes::INVALID_TYPE,
                    format!("a node group name is lowercase letters, digits and `-` (up to 40), found `{s}`"),
                    "Value error, Node group name should match regex '^[a-z0-9][a-z0-9-]{0,39}$'",
                );
                ctx.fail(&path.key("name"), v.span, f);
                Json::Null
            }
            Err(f) => {
                ctx.fail(&path.key("name"), v.span, f);
                Json::Null
            }
        },
    };
    let nodes = match get("nodes") {
        None => Json::Int(1),
        Some(v) if matches!(v.value(), Value::Null) => {
            ctx.fail(&path.key("nodes"), v.span, null_fail("nodes", "a number of nodes"));
            Json::Null
        }
        Some(v) => match to_int(v, ctx.version) {
            Ok(i) if i >= 1 => i.json(),
            Ok(i) => {
                let f = Fail::new(
                    codes::OUT_OF_BOUNDS,
                    format!("`nodes` must be at least 1, found {}", shorten(&i.to_string())),
                    "Input should be greater than or equal to 1",
                );
                ctx.fail(&path.key("nodes"), v.span, f);
                Json::Null
            }
            Err(f) => {
                ctx.fail(&path.key("nodes"), v.span, f);
                Json::Null
            }
        },
    };
    let mut field = |key: &str, default: Json, what: &str, parse: super::FieldParser| match get(key) {
        None => default,
        Some(v) if matches!(v.value(), Value::Null) => {
            ctx.fail(&path.key(key), v.span, null_fail(key, what));
            Json::Null
        }
        Some(v) => parse(ctx, &path.key(key), v).unwrap_or(Json::Null),
    };
    let resources = field(
        "resources",
        resources::default_resources(crate::DstackVersion::V0_22_5),
        "a mapping of resources",
        resources::parse_resources,
    );
    let commands = field("commands", Json::Array(vec![]), "a list of commands", str_list);
    let ports = field("ports", Json::Array(vec![]), "a list of ports", |ctx, p, v| {
        list_of(ctx, p, v, "a list of ports", ports::parse_port)
    });
    (ctx.error_count() == before).then(|| {
        Json::Object(vec![
            ("name".into(), name),
            ("nodes".into(), nodes),
            ("resources".into(), resources),
            ("commands".into(), commands),
            ("ports".into(), ports),
        ])
    })
}
