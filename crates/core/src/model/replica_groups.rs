//! A service's replica groups (dstack 0.22.5): `groups` (or a list under `replicas`, the older
//! spelling), each with its own replica count, scaling, resources, commands, image and router,
//! and the service's rules about them.

use super::coerce::{describe, key_str, to_bool, to_str};
use super::ctx::{Ctx, Fail};
use super::groups::valid_name;
use super::newer_fields::{model_fields, value_of};
use super::path::Path;
use super::scaling::{parse_replicas, parse_scaling, scaling_mismatch};
use super::{Model, enum_fail, list_of, null_fail, python_versions, resources, str_list, unknown_key};
use crate::codes;
use crate::json::Json;
use crate::python::repr_str;
use crate::yaml::lower::Lower;
use crate::yaml::{Node, Value};

/// The fields of a replica group, in dstack's order (`count` is an alias of `replicas`).
const KEYS: [&str; 13] = [
    "name",
    "replicas",
    "scaling",
    "resources",
    "spot_policy",
    "reservation",
    "commands",
    "image",
    "python",
    "nvcc",
    "docker",
    "privileged",
    "router",
];

/// A non-null `groups` value: the groups, named `0`, `1`, ... by position when unnamed, the
/// names unique.
pub fn parse_replica_groups(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let Json::Array(mut groups) = list_of(ctx, path, n, "a list of replica groups", group)? else { return None };
    let rule = |ctx: &mut Ctx, message: String, dstack: String, help: &str| {
        ctx.fail(path, n.span, Fail::new(codes::INVALID_REPLICA_GROUP, message, dstack).help(help));
        None
    };
    if groups.is_empty() {
        return rule(
            ctx,
            "`groups` cannot be empty".into(),
            "`groups` cannot be an empty list".into(),
            "list at least one replica group, or remove `groups`",
        );
    }
    let duplicates = super::groups::name_by_position(&mut groups);
    if !duplicates.is_empty() {
        let listed = duplicates.iter().map(|d| repr_str(d)).collect::<Vec<_>>().join(", ");
        return rule(
            ctx,
            format!("replica group names must be unique: {}", duplicates.join(", ")),
            format!("Duplicate replica group names found: [{listed}]. Each replica group must have a unique name."),
            "give each group its own `name`",
        );
    }
    Some(Json::Array(groups))
}

fn group(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let Value::Map(entries) = n.value() else {
        let f = Fail::new(
            codes::INVALID_TYPE,
            format!("expected a replica group (a mapping with `replicas`, `commands`, ...), found {}", describe(n)),
            "Input should be a valid dictionary or instance of ReplicaGroup",
        );
        ctx.fail(path, n.span, f);
        return None;
    };
    // dstack's "before" step: `count` is another name for `replicas` (ignored when both are given).
    let replicas_key = if value_of(entries, "replicas").is_some() { "replicas" } else { "count" };
    for (k, _) in entries {
        if key_str(k).is_none_or(|s| !KEYS.contains(&s) && s != "count") {
            unknown_key(ctx, path, k, &KEYS);
        }
    }
    let before = ctx.error_count();
    let mut out: Vec<(crate::json::Key, Json)> = Vec::with_capacity(KEYS.len());
    for key in KEYS {
        let node = if key == "replicas" { value_of(entries, replicas_key) } else { value_of(entries, key) };
        let key_path = path.key(key);
        let value = match node {
            None if key == "replicas" => {
                let f = Fail::new(codes::MISSING_FIELD, "a replica group needs `replicas`", "field required")
                    .help("add `replicas: 1` (or a range such as `1..4` with `scaling`)");
                ctx.fail(&key_path, n.span, f);
                None
            }
            None => Some(default(key)),
            Some(v) => group_field(ctx, &key_path, key, v, &out),
        };
        out.push((key.into(), value.unwrap_or(Json::Null)));
    }
    if ctx.diags[before..].iter().any(|d| d.code != codes::UNKNOWN_FIELD) {
        return None;
    }
    let group = Json::Object(out);
    let scaling_given = group.get("scaling").is_some_and(|s| !s.is_null());
    if let Some(f) = group.get("replicas").and_then(|r| scaling_mismatch(r, scaling_given)) {
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(group)
}

fn default(key: &str) -> Json {
    match key {
        "resources" => resources::default_resources(crate::DstackVersion::V0_22_5),
        "commands" => Json::Array(vec![]),
        _ => Json::Null,
    }
}

/// One field of a group; `done` holds the fields validated before it (dstack's `info.data`).
fn group_field(ctx: &mut Ctx, path: &Path, key: &str, v: &Node, done: &[(crate::json::Key, Json)]) -> Option<Json> {
    let earlier = |k: &str| done.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone()).unwrap_or(Json::Null);
    let fail = |ctx: &mut Ctx, f: Fail| {
        ctx.fail(path, v.span, f);
        None
    };
    let null = matches!(v.value(), Value::Null);
    match key {
        "python" if !null && earlier("image").as_str().is_some_and(|s| !s.is_empty()) => fail(
            ctx,
            Fail::new(
                codes::IMAGE_AND_PYTHON,
                "a replica group with `image` cannot set `python` too",
                "Value error, `image` and `python` are mutually exclusive within a replica group",
            )
            .help("remove `python`, or remove the group's `image`"),
        ),
        "docker" if matches!(v.value(), Value::Bool(true)) => {
            let set = |k: &str| match earlier(k) {
                Json::Str(s) => !s.is_empty(),
                Json::Bool(b) => b,
                other => !other.is_null(),
            };
            match ["image", "python", "nvcc"].into_iter().find(|k| set(k)) {
                Some(other) => fail(
                    ctx,
                    Fail::new(
                        codes::INVALID_REPLICA_GROUP,
                        format!("a replica group with `docker: true` cannot set `{other}`"),
                        format!("Value error, `{other}` and `docker` are mutually exclusive within a replica group"),
                    )
                    .help(format!("remove `{other}`: with `docker: true` dstack uses its Docker-in-Docker image")),
                ),
                None => Some(Json::Bool(true)),
            }
        }
        "privileged" if matches!(v.value(), Value::Bool(false)) && earlier("docker") == Json::Bool(true) => fail(
            ctx,
            Fail::new(
                codes::INVALID_REPLICA_GROUP,
                "a replica group with `docker: true` runs privileged: `privileged: false` contradicts it",
                "Value error, `privileged: false` is incompatible with `docker: true` within a replica group (docker-in-docker requires privileged mode)",
            )
            .help("remove `privileged: false`"),
        ),
        "name" | "scaling" | "spot_policy" | "reservation" | "image" | "python" | "nvcc" | "docker"
        | "privileged" | "router"
            if null =>
        {
            Some(Json::Null)
        }
        "replicas" | "resources" | "commands" if null => {
            let mut f = null_fail(key, "a value");
            f.dstack = match key {
                "replicas" => "Input should be a valid dictionary or instance of Range[int]",
                "resources" => "Input should be a valid dictionary or instance of ResourcesSpec",
                _ => "Input should be a valid list",
            }
            .into();
            fail(ctx, f)
        }
        "name" => {
            let name = ctx.ok(path, v, to_str(v, ctx.version))?;
            if valid_name(&name) {
                return Some(Json::Str(name));
            }
            fail(
                ctx,
                Fail::new(
                    codes::INVALID_REPLICA_GROUP,
                    format!("a replica group name is lowercase letters, digits and `-` (up to 40), found `{name}`"),
                    "Value error, Resource name should match regex '^[a-z0-9][a-z0-9-]{0,39}$'",
                )
                .help(format!("write `name: {}`", name.lower().replace(|c: char| !c.is_ascii_alphanumeric(), "-"))),
            )
        }
        "replicas" => parse_replicas(ctx, path, v),
        "scaling" => parse_scaling(ctx, path, v),
        "resources" => resources::parse_resources(ctx, path, v),
        "spot_policy" => match v.value() {
            Value::Str(s) if super::SPOT_POLICIES.contains(&s.as_str()) => Some(Json::Str(s.clone())),
            _ => fail(ctx, enum_fail(v, &super::SPOT_POLICIES)),
        },
        "reservation" | "image" => ctx.ok(path, v, to_str(v, ctx.version)).map(Json::Str),
        "commands" => str_list(ctx, path, v),
        "python" => python(ctx, path, v),
        "router" => router(ctx, path, v),
        _ => ctx.ok(path, v, to_bool(v, ctx.version)).map(Json::Bool),
    }
}

/// A group's `python`: floats read as text (`3.1` is "3.10"), then one of the release's versions.
fn python(ctx: &mut Ctx, path: &Path, v: &Node) -> Option<Json> {
    let supported = python_versions(ctx.version);
    let text = match v.value() {
        Value::Float(f) => {
            let t = crate::python::float_repr(*f);
            if t == "3.1" { "3.10".to_string() } else { t }
        }
        Value::Str(s) => s.clone(),
        _ => {
            let quoted: Vec<String> = supported.iter().map(|s| format!("'{s}'")).collect();
            let (last, head) = quoted.split_last()?;
            let f = Fail::new(
                codes::INVALID_PYTHON,
                format!("expected a Python version ({}), found {}", supported.join(", "), describe(v)),
                format!("Input should be {} or {last}", head.join(", ")),
            )
            .help("write the version in quotes, e.g. `python: \"3.12\"`");
            ctx.fail(path, v.span, f);
            return None;
        }
    };
    if supported.contains(&text.as_str()) {
        return Some(Json::Str(text));
    }
    let f = Fail::new(
        codes::INVALID_PYTHON,
        format!("dstack {} does not support Python `{text}`: expected one of {}", ctx.version, supported.join(", ")),
        format!("Value error, {} is not a valid PythonVersion", repr_str(&text)),
    );
    ctx.fail(path, v.span, f);
    None
}

/// `router: {type: smg | dynamo}` (`sglang` is the old name of `smg`, and what dstack 0.22.5 writes).
fn router(ctx: &mut Ctx, path: &Path, v: &Node) -> Option<Json> {
    let before = ctx.error_count();
    let entries = model_fields(ctx, path, v, "ReplicaGroupRouterConfig", &["type"], &[])?;
    let ty = match value_of(&entries, "type").map(|t| (t, t.value())) {
        None => "sglang",
        Some((_, Value::Str(s))) if s == "smg" || s == "sglang" => "sglang",
        Some((_, Value::Str(s))) if s == "dynamo" => "dynamo",
        Some((t, _)) => {
            let f = Fail::new(
                codes::INVALID_ENUM,
                format!("a router `type` is `smg` or `dynamo`, found {}", describe(t)),
                "Input should be 'smg' or 'dynamo'",
            );
            ctx.fail(&path.key("type"), t.span, f);
            return None;
        }
    };
    if ctx.diags[before..].iter().any(|d| d.code != codes::UNKNOWN_FIELD) {
        return None;
    }
    Some(Json::Object(vec![("type".into(), Json::str(ty))]))
}

/// The fields a service may set either at its top level or in its groups, never both, with the
/// test of "set" at each level (at the top level `docker`, `privileged` and `nvcc` count only
/// when true: their defaults cannot be told from an explicit `false`).
const SERVICE_OR_GROUP: [&str; 7] = ["image", "docker", "privileged", "python", "nvcc", "spot_policy", "reservation"];

/// Image sources that exclude each other across the two levels: (service field, group field).
const CONFLICTING_SOURCES: [(&str, &str); 10] = [
    ("image", "docker"),
    ("image", "python"),
    ("image", "nvcc"),
    ("docker", "image"),
    ("docker", "python"),
    ("docker", "nvcc"),
    ("python", "image"),
    ("python", "docker"),
    ("nvcc", "image"),
    ("nvcc", "docker"),
];

impl Model<'_> {
    /// dstack 0.22.5's rules of a service with `groups`, run when every field is valid, in
    /// dstack's order; the first broken one is reported (at the service).
    pub(super) fn replica_group_rules(&mut self, root: &Node, groups: &[Json]) {
        let top_set = |m: &Model, field: &str| match m.value(field) {
            Json::Bool(b) => *b,
            Json::Null => false,
            _ => true,
        };
        let names = |pred: &dyn Fn(&Json) -> bool| -> Vec<String> {
            groups
                .iter()
                .filter(|g| pred(g))
                .map(|g| g.get("name").and_then(Json::as_str).unwrap_or_default().to_string())
                .collect()
        };
        let listed =
            |names: &[String]| format!("[{}]", names.iter().map(|n| repr_str(n)).collect::<Vec<_>>().join(", "));
        let group_has = |field: &'static str| move |g: &Json| g.get(field).is_some_and(|v| !v.is_null());
        let fail = |m: &mut Model, key: &str, message: String, dstack: String, help: &str| {
            let span = m.key_span(key, root);
            m.ctx.fail(
                Path::root(),
                span,
                Fail::new(codes::INVALID_REPLICA_GROUP, message, format!("Value error, {dstack}")).help(help),
            );
        };
        if !self.value("scaling").is_null() {
            return fail(
                self,
                "scaling",
                "with `groups`, `scaling` belongs in each replica group, not at the top level".into(),
                "Top-level `scaling` is not allowed when `groups` is set. Specify `scaling` in each replica group instead.".into(),
                "move `scaling` into the groups whose `replicas` is a range",
            );
        }
        if matches!(self.value("commands"), Json::Array(items) if !items.is_empty()) {
            return fail(
                self,
                "commands",
                "with `groups`, `commands` belongs in each replica group, not at the top level".into(),
                "Top-level `commands` is not allowed when `groups` is set. Specify `commands` in each replica group instead.".into(),
                "move `commands` into each replica group",
            );
        }
        for field in SERVICE_OR_GROUP {
            let conflicting = names(&group_has(field));
            if top_set(self, field) && !conflicting.is_empty() {
                let shown = listed(&conflicting);
                return fail(
                    self,
                    field,
                    format!(
                        "`{field}` is set both at the service level and in replica group(s) {}",
                        conflicting.join(", ")
                    ),
                    format!(
                        "`{field}` is set at both the service level and in replica group(s) {shown}. Set `{field}` in one place only — either at the service level (all groups inherit) or per group, but not both."
                    ),
                    "keep it in one place: at the service level for every group, or in each group",
                );
            }
        }
        for (service_field, group_field) in CONFLICTING_SOURCES {
            let conflicting = names(&group_has(group_field));
            if top_set(self, service_field) && !conflicting.is_empty() {
                let shown = listed(&conflicting);
                return fail(
                    self,
                    service_field,
                    format!(
                        "the service's `{service_field}` and the `{group_field}` of replica group(s) {} choose different images",
                        conflicting.join(", ")
                    ),
                    format!(
                        "Service-level `{service_field}` conflicts with group-level `{group_field}` in replica group(s) {shown}. These image-source fields are mutually exclusive."
                    ),
                    "choose the image in one place",
                );
            }
        }
        let service_image = !self.value("image").is_null();
        let bare = groups.iter().find(|g| {
            !matches!(g.get("commands"), Some(Json::Array(items)) if !items.is_empty())
                && g.get("image").is_none_or(Json::is_null)
                && !service_image
        });
        if let Some(g) = bare {
            let name = g.get("name").and_then(Json::as_str).unwrap_or_default();
            let span = self.key_span("groups", root);
            let f = Fail::new(
                codes::COMMANDS_OR_IMAGE,
                format!("replica group `{name}` has nothing to run: set its `commands` or `image`, or the service's `image`"),
                format!(
                    "Value error, Replica group '{name}': either `commands` or `image` must be set in the group, or `image` at the service level."
                ),
            )
            .help("add `commands:` to the group");
            self.ctx.fail(Path::root(), span, f);
            return;
        }
        let routers: Vec<&Json> = groups.iter().filter(|g| g.get("router").is_some_and(|r| !r.is_null())).collect();
        let single = |g: &Json| {
            g.get("replicas")
                .is_some_and(|r| r.get("min") == Some(&Json::Int(1)) && r.get("max") == Some(&Json::Int(1)))
        };
        let problem = match routers.as_slice() {
            [_, _, ..] => Some((
                "only one replica group can run the router".to_string(),
                "At most one replica group may specify `router`.",
                "keep `router` in one group",
            )),
            [g] if !single(g) => Some((
                "the replica group with `router` must have exactly one replica".to_string(),
                "For now replica group with `router` must have `replicas: 1`.",
                "set `replicas: 1` in the router group",
            )),
            _ => None,
        };
        if let Some((message, dstack, help)) = problem {
            fail(self, "groups", message, dstack.to_string(), help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_conflict_tables_name_fields_of_both_levels() {
        for (s, g) in CONFLICTING_SOURCES {
            assert!(SERVICE_OR_GROUP.contains(&s) && KEYS.contains(&g), "{s} {g}");
        }
    }
}
