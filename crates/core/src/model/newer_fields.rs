//! Fields added after dstack 0.18.37 that have small models of their own: `tags`,
//! `utilization_policy`, `schedule`, `fleets`, `instances`, `repos`, `files` and `gateway`
//! references (dstack 0.22.5).

use std::borrow::Cow;

use super::coerce::{describe, expected, key_str, shorten, to_int, to_list, to_mapping, to_str};
use super::ctx::{Ctx, Fail};
use super::duration::parse_duration;
use super::path::Path;
use super::{cron, list_of, unknown_key};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// The keys of a mapping read as the model `model`: unknown keys and missing required ones are
/// reported; `None` when the value is not a mapping.
pub(super) fn model_fields<'n>(
    ctx: &mut Ctx,
    path: &Path,
    node: &'n Node,
    model: &str,
    known: &[&str],
    required: &[&str],
) -> Option<Cow<'n, [(Node, Node)]>> {
    let Ok(entries) = to_mapping(node, ctx.version) else {
        let listed = crate::listing::quoted(known, '`');
        ctx.fail(
            path,
            node.span,
            Fail::new(
                codes::INVALID_TYPE,
                expected(&format!("a mapping with {listed}"), node),
                if ctx.version.pydantic2() {
                    format!("Input should be a valid dictionary or instance of {model}")
                } else {
                    "value is not a valid dict".to_string()
                },
            ),
        );
        return None;
    };
    for (k, _) in entries.iter() {
        if key_str(k).is_none_or(|s| !known.contains(&s)) {
            unknown_key(ctx, path, k, known);
        }
    }
    for name in required {
        if !entries.iter().any(|(k, _)| key_str(k) == Some(name)) {
            ctx.fail(
                &path.key(name),
                node.span,
                Fail::new(codes::MISSING_FIELD, format!("`{path}` needs `{name}`"), "field required"),
            );
        }
    }
    Some(entries)
}

/// The value of `key` in a mapping's entries.
pub(super) fn value_of<'e>(entries: &'e [(Node, Node)], key: &str) -> Option<&'e Node> {
    entries.iter().find(|(k, _)| key_str(k) == Some(key)).map(|(_, v)| v)
}

/// An optional string field of a small model (`None` inside when absent or null).
pub(super) fn opt_str(ctx: &mut Ctx, path: &Path, entries: &[(Node, Node)], key: &str) -> Result<Json, ()> {
    match value_of(entries, key) {
        None => Ok(Json::Null),
        Some(v) if matches!(v.value(), Value::Null) => Ok(Json::Null),
        Some(v) => to_str(v, ctx.version).map(Json::Str).map_err(|f| ctx.fail(&path.key(key), v.span, f)),
    }
}

/// Python's type name of a YAML value, as exceptions print it.
pub(super) fn py_type(node: &Node) -> &'static str {
    match node.value() {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::BigInt(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Timestamp(t) if t.len() == 10 => "datetime.date",
        Value::Timestamp(_) => "datetime.datetime",
        Value::Seq(_) => "list",
        Value::Map(_) => "dict",
        Value::Set(_) => "set",
    }
}

/// `^[_\-a-zA-Z0-9]{1,60}$` and `^[a-zA-Z0-9 .:/=_\-+@]{0,256}$` under Python's `re.match`
/// (`$` also matches before a final newline).
fn tag_text_ok(text: &str, value: bool) -> bool {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || (value && " .:/=+@".contains(c));
    let count = body.chars().count();
    body.chars().all(allowed) && if value { count <= 256 } else { (1..=60).contains(&count) }
}

/// `tags`: checked on the raw value by dstack's validator, which crashes on a non-mapping or a
/// non-string key or value (reported as that crash).
pub fn tags(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let crash = |ctx: &mut Ctx, node: &Node, message: String, dstack: String| {
        ctx.fail(path, node.span, Fail::new(codes::INVALID_TYPE, message, dstack));
        None
    };
    let Value::Map(entries) = n.value() else {
        let dstack = format!("AttributeError: '{}' object has no attribute 'items'", py_type(n));
        return crash(ctx, n, expected("a mapping of tag names to values", n), dstack);
    };
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        // dstack checks each tag's key, then its value: the first problem ends validation.
        let [key, value] = [(k, false), (v, true)].map(|(node, value)| match node.value() {
            Value::Str(text) if tag_text_ok(text, value) => Ok(text),
            Value::Str(text) => {
                let (what, pattern) = if value {
                    ("value", "^[a-zA-Z0-9 .:/=_\\-+@]{0,256}$")
                } else {
                    ("key", "^[_\\-a-zA-Z0-9]{1,60}$")
                };
                Err((node, None, format!("Invalid tag {what} {text}. The {what} must match regex '{pattern}'")))
            }
            _ => Err((
                node,
                Some(format!("tag names and values are text, found {}", describe(node))),
                format!("TypeError: expected string or bytes-like object, got '{}'", py_type(node)),
            )),
        });
        let checked = match (key, value) {
            (Ok(key), Ok(value)) => Ok((key, value)),
            (Err(problem), _) | (Ok(_), Err(problem)) => Err(problem),
        };
        let (key, value) = match checked {
            Ok(pair) => pair,
            Err((at, Some(message), dstack)) => return crash(ctx, at, message, dstack),
            Err((at, None, dstack)) => {
                let f = Fail::new(
                    codes::INVALID_TYPE,
                    format!("invalid tag: {dstack}"),
                    format!("Value error, {dstack}"),
                )
                .help("tag names: up to 60 letters, digits, `_` and `-`; values: up to 256 of those and ` .:/=+@`");
                ctx.fail(path, at.span, f);
                return None;
            }
        };
        out.push((key.clone().into(), Json::str(value)));
    }
    Some(Json::Object(out))
}

/// `utilization_policy`: `{min_gpu_utilization: 0..100, time_window: duration >= 5m}`.
pub fn utilization_policy(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let keys = ["min_gpu_utilization", "time_window"];
    let before = ctx.error_count();
    let entries = model_fields(ctx, path, n, "UtilizationPolicy", &keys, &keys)?;
    let mut min = Json::Null;
    if let Some(v) = value_of(&entries, "min_gpu_utilization") {
        let p = path.key("min_gpu_utilization");
        match to_int(v, ctx.version) {
            Ok(i) if (0..=100).contains(&i) => min = i.json(),
            Ok(i) => {
                let dstack = if i < 0 {
                    "Input should be greater than or equal to 0"
                } else {
                    "Input should be less than or equal to 100"
                };
                let f = Fail::new(
                    codes::OUT_OF_BOUNDS,
                    format!("a GPU utilization is 0 to 100 percent, found {}", shorten(&i.to_string())),
                    dstack,
                );
                ctx.fail(&p, v.span, f);
            }
            Err(f) => ctx.fail(&p, v.span, f),
        }
    }
    let mut window = Json::Null;
    if let Some(v) = value_of(&entries, "time_window") {
        let p = path.key("time_window");
        match parse_duration(v) {
            Ok(s) if s >= 300 => window = s.json(),
            Ok(s) => {
                let f = Fail::new(
                    codes::INVALID_DURATION,
                    format!("`time_window` must be at least 5m, found {s} seconds"),
                    "Value error, Minimum time_window is 5m",
                );
                ctx.fail(&p, v.span, f);
            }
            Err(f) => ctx.fail(&p, v.span, f),
        }
    }
    (ctx.error_count() == before)
        .then(|| Json::Object(vec![("min_gpu_utilization".into(), min), ("time_window".into(), window)]))
}

/// `schedule`: `{cron: expression or list of expressions}` ⟶ `{"cron": [...]}`.
pub fn schedule(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let before = ctx.error_count();
    let entries = model_fields(ctx, path, n, "Schedule", &["cron"], &["cron"])?;
    let cron_path = path.key("cron");
    let mut out = Vec::new();
    if let Some(v) = value_of(&entries, "cron") {
        let single = [v.clone()];
        let items: &[Node] = match v.value() {
            Value::Seq(_) | Value::Set(_) => to_list(v).unwrap_or_default(),
            _ => &single,
        };
        if items.is_empty() {
            let f = Fail::new(
                codes::INVALID_TYPE,
                "`cron` needs at least one expression",
                "Value error, At least one cron expression must be specified",
            );
            ctx.fail(&cron_path, v.span, f);
        }
        for item in items {
            match to_str(item, ctx.version) {
                Ok(text) => {
                    match cron::cron_error(&text) {
                        None => out.push(Json::Str(text)),
                        Some(e) => {
                            let f = Fail::new(codes::INVALID_TYPE, format!("invalid cron expression `{text}`: {e}"), format!("Value error, {e}"))
                            .help("a cron expression has five fields: minute hour day month weekday, e.g. `0 8 * * mon-fri`");
                            ctx.fail(&cron_path, item.span, f);
                        }
                    }
                }
                Err(f) => ctx.fail(&cron_path, item.span, f),
            }
        }
    }
    (ctx.error_count() == before).then(|| Json::Object(vec![("cron".into(), Json::Array(out))]))
}

/// dstack's `EntityReference.parse`: `name` or `project/name`.
fn entity_reference(text: &str) -> Option<Json> {
    let parts: Vec<&str> = text.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    match parts.as_slice() {
        [name] => Some(entity_json(Json::Null, name)),
        [project, name] => Some(entity_json(Json::str(*project), name)),
        _ => None,
    }
}

fn entity_json(project: Json, name: &str) -> Json {
    Json::Object(vec![("project".into(), project), ("name".into(), Json::str(name))])
}

/// dstack's `EntityReference` model: `{project?, name}` ⟶ `{"project", "name"}`.
fn entity_mapping(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let before = ctx.error_count();
    let entries = model_fields(ctx, path, n, "EntityReference", &["project", "name"], &["name"])?;
    let project = opt_str(ctx, path, &entries, "project").ok()?;
    let name = opt_str(ctx, path, &entries, "name").ok()?;
    if ctx.error_count() > before {
        return None;
    }
    Some(Json::Object(vec![("project".into(), project), ("name".into(), name)]))
}

/// A preset's `gateway` (0.22.5): `bool`, then `EntityReference`, then `str`, tried left to
/// right, so `yes`, `1` and `1.0` are booleans, a mapping is `{project?, name}` and any other
/// scalar is kept as text.
pub fn gateway_reference(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    if let Ok(b) = super::coerce::to_bool(n, ctx.version) {
        return Some(Json::Bool(b));
    }
    if let Value::Map(_) = n.value() {
        return entity_mapping(ctx, path, n);
    }
    match to_str(n, ctx.version) {
        Ok(text) => Some(Json::Str(text)),
        Err(mut f) => {
            f.message = expected("`true`, `false`, a gateway name or `{project, name}`", n);
            ctx.fail(path, n.span, f);
            None
        }
    }
}

/// An entity of this or another project (a fleet, a gateway): `name`, `project/name` or
/// `{project?, name}`.
pub(super) fn entity_reference_field(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    if let Value::Map(_) = n.value() {
        return entity_mapping(ctx, path, n);
    }
    let text = ctx.ok(path, n, to_str(n, ctx.version))?;
    let parsed = entity_reference(&text);
    if parsed.is_none() {
        let f = Fail::new(
            codes::INVALID_TYPE,
            format!("expected `name` or `project/name`, found `{text}`"),
            "Value error, Invalid entity reference. Only `<name>` or `<project>/<name>` formats are allowed",
        );
        ctx.fail(path, n.span, f);
    }
    parsed
}

/// `fleets`: the fleets whose instances the run may use.
pub fn fleets(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    list_of(ctx, path, n, "a list of fleets", entity_reference_field)
}

/// `instances`: at least one selector, `name`, `{name}`, `{hostname}` or `{fleet, instance}`.
pub fn instances(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    if let Value::Seq(items) = n.value()
        && items.is_empty()
    {
        let f = Fail::new(
            codes::INVALID_TYPE,
            "`instances` needs at least one selector",
            "List should have at least 1 item after validation, not 0",
        )
        .help("remove `instances` to allow any instance");
        ctx.fail(path, n.span, f);
        return None;
    }
    list_of(ctx, path, n, "a list of instance selectors", instance_selector)
}

fn non_empty_text(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let text = ctx.ok(path, n, to_str(n, ctx.version))?;
    if text.is_empty() {
        let f = Fail::new(codes::INVALID_TYPE, "the value cannot be empty", "String should have at least 1 character");
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(Json::Str(text))
}

fn instance_selector(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let entries = match n.value() {
        Value::Map(entries) => entries,
        Value::Str(_) => {
            return non_empty_text(ctx, path, n).map(|name| Json::Object(vec![("name".into(), name)]));
        }
        _ => {
            let f = Fail::new(
                codes::INVALID_TYPE,
                expected("an instance name or a mapping with `name`, `hostname` or `fleet` and `instance`", n),
                "Input should be a valid dictionary or instance of InstanceNameSelector",
            );
            ctx.fail(path, n.span, f);
            return None;
        }
    };
    let has = |k: &str| entries.iter().any(|(key, _)| key_str(key) == Some(k));
    let before = ctx.error_count();
    if has("fleet") || has("instance") {
        let entries =
            model_fields(ctx, path, n, "FleetInstanceSelector", &["fleet", "instance"], &["fleet", "instance"])?;
        let fleet = value_of(&entries, "fleet").and_then(|v| entity_reference_field(ctx, &path.key("fleet"), v));
        let instance = value_of(&entries, "instance").and_then(|v| {
            let p = path.key("instance");
            match to_int(v, ctx.version) {
                Ok(i) if i >= 0 => Some(i.json()),
                Ok(i) => {
                    let f = Fail::new(
                        codes::OUT_OF_BOUNDS,
                        format!("an instance number is at least 0, found {}", shorten(&i.to_string())),
                        "Input should be greater than or equal to 0",
                    );
                    ctx.fail(&p, v.span, f);
                    None
                }
                Err(f) => {
                    ctx.fail(&p, v.span, f);
                    None
                }
            }
        });
        if ctx.error_count() > before {
            return None;
        }
        return Some(Json::Object(vec![("fleet".into(), fleet?), ("instance".into(), instance?)]));
    }
    let key = if has("hostname") && !has("name") { "hostname" } else { "name" };
    let model = if key == "hostname" { "InstanceHostnameSelector" } else { "InstanceNameSelector" };
    let entries = model_fields(ctx, path, n, model, &[key], &[key])?;
    let value = value_of(&entries, key).and_then(|v| non_empty_text(ctx, &path.key(key), v));
    if ctx.error_count() > before {
        return None;
    }
    Some(Json::Object(vec![(key.into(), value?)]))
}

/// `C:\...` or `c:/...`: a Windows drive letter before the first `:`.
fn drive_letter(parts: &[&str]) -> bool {
    parts.len() > 1
        && parts[0].len() == 1
        && parts[0].bytes().all(|b| b.is_ascii_alphabetic())
        && (parts[1].starts_with('\\') || parts[1].starts_with('/'))
}

/// Splits at `:`, keeping a leading Windows drive (or URL scheme, when `url` says so) whole.
fn split_keeping_first(text: &str, join_first: bool) -> Vec<String> {
    let parts: Vec<&str> = text.split(':').collect();
    if join_first && parts.len() > 1 {
        let mut out = vec![format!("{}:{}", parts[0], parts[1])];
        out.extend(parts[2..].iter().map(|p| p.to_string()));
        return out;
    }
    parts.iter().map(|p| p.to_string()).collect()
}

/// `repos`: at most one repo, `local_path[:path]`, a URL, or the mapping form.
pub fn repos(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let list = list_of(ctx, path, n, "a list of repos", repo)?;
    if matches!(&list, Json::Array(items) if items.len() > 1) {
        let f = Fail::new(
            codes::INVALID_TYPE,
            "dstack supports one repo per run",
            "Value error, A maximum of one repo is currently supported",
        );
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(list)
}

fn repo(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let (mut local_path, mut url, mut branch, mut hash) = (Json::Null, Json::Null, Json::Null, Json::Null);
    let mut repo_path = Json::str(".");
    let mut if_exists = Json::str("error");
    let mut path_span = n.span;
    let before = ctx.error_count();
    if let Value::Str(text) = n.value() {
        let parts: Vec<&str> = text.split(':').collect();
        let is_url = parts.len() > 1 && (parts[0].contains('@') || parts[1].starts_with("//"));
        let parts = split_keeping_first(text, is_url || drive_letter(&parts));
        let target = if is_url { &mut url } else { &mut local_path };
        match parts.as_slice() {
            [one] => *target = Json::str(one),
            [one, p] => {
                *target = Json::str(one);
                repo_path = Json::str(p);
            }
            _ => {
                let f = Fail::new(
                    codes::INVALID_TYPE,
                    format!("expected `local_path[:path]` or `url[:path]`, found `{text}`"),
                    format!("Value error, Invalid repo: {text}"),
                );
                ctx.fail(path, n.span, f);
                return None;
            }
        }
    } else {
        let keys = ["local_path", "url", "branch", "hash", "path", "if_exists"];
        let entries = model_fields(ctx, path, n, "RepoSpec", &keys, &[])?;
        local_path = opt_str(ctx, path, &entries, "local_path").unwrap_or(Json::Null);
        url = opt_str(ctx, path, &entries, "url").unwrap_or(Json::Null);
        branch = opt_str(ctx, path, &entries, "branch").unwrap_or(Json::Null);
        hash = opt_str(ctx, path, &entries, "hash").unwrap_or(Json::Null);
        if let Some(v) = value_of(&entries, "path") {
            path_span = v.span;
            match to_str(v, ctx.version) {
                Ok(p) => repo_path = Json::Str(p),
                Err(f) => ctx.fail(&path.key("path"), v.span, f),
            }
        }
        if let Some(v) = value_of(&entries, "if_exists") {
            match v.value() {
                Value::Str(s) if s == "error" || s == "skip" => if_exists = Json::Str(s.clone()),
                _ => ctx.fail(&path.key("if_exists"), v.span, super::enum_fail(v, &["error", "skip"])),
            }
        }
    }
    if let Json::Str(p) = &repo_path
        && p.starts_with('~')
        && p.split('/').next() != Some("~")
    {
        let f = Fail::new(
            codes::INVALID_TYPE,
            "`~username` paths are not supported",
            "Value error, `~username` syntax is not supported",
        )
        .help("use `~/path` or an absolute path");
        ctx.fail(&path.key("path"), path_span, f);
    }
    if ctx.error_count() > before {
        return None;
    }
    let truthy = |j: &Json| matches!(j, Json::Str(s) if !s.is_empty());
    let problem = match (truthy(&local_path), truthy(&url)) {
        (true, true) => Some("`local_path` and `url` are mutually exclusive"),
        (false, false) => Some("Either `local_path` or `url` must be specified"),
        _ => None,
    };
    if let Some(problem) = problem {
        let f = Fail::new(
            codes::INVALID_TYPE,
            format!("a repo has either `local_path` or `url`: {problem}"),
            format!("Value error, {problem}"),
        );
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(Json::Object(vec![
        ("local_path".into(), local_path),
        ("url".into(), url),
        ("branch".into(), branch),
        ("hash".into(), hash),
        ("path".into(), repo_path),
        ("if_exists".into(), if_exists),
    ]))
}

/// `files`: `local[:path]` or `{local_path, path}`; the container path must not be a Windows path.
pub fn files(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    list_of(ctx, path, n, "a list of files", file_mapping)
}

/// `pathlib.PureWindowsPath(path).is_absolute()`: a drive with a root, or a UNC share.
fn windows_absolute(p: &str) -> bool {
    let b = p.as_bytes();
    let drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'/' || b[2] == b'\\');
    let unc = {
        let rest = p.strip_prefix("//").or_else(|| p.strip_prefix("\\\\")).unwrap_or("");
        let mut parts = rest.split(['/', '\\']);
        (p.starts_with("//") || p.starts_with("\\\\"))
            && parts.next().is_some_and(|s| !s.is_empty())
            && parts.next().is_some_and(|s| !s.is_empty())
    };
    drive || unc
}

fn file_mapping(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let before = ctx.error_count();
    let (local, target) = if let Value::Str(text) = n.value() {
        let raw: Vec<&str> = text.split(':').collect();
        let parts = split_keeping_first(text, drive_letter(&raw));
        match parts.as_slice() {
            [one] => (Json::str(one), Json::str(one)),
            [l, p] => (Json::str(l), Json::str(p)),
            _ => {
                let f = Fail::new(
                    codes::INVALID_TYPE,
                    format!("expected `local[:path]`, found `{text}`"),
                    format!("Value error, invalid file path mapping: {text}"),
                );
                ctx.fail(path, n.span, f);
                return None;
            }
        }
    } else {
        let keys = ["local_path", "path"];
        let entries = model_fields(ctx, path, n, "FilePathMapping", &keys, &keys)?;
        (
            opt_str(ctx, path, &entries, "local_path").unwrap_or(Json::Null),
            opt_str(ctx, path, &entries, "path").unwrap_or(Json::Null),
        )
    };
    if let Json::Str(p) = &target
        && windows_absolute(p)
    {
        let f = Fail::new(
            codes::INVALID_TYPE,
            format!("the container path `{p}` is a Windows path"),
            format!("Value error, path must be a Unix file path: {p}"),
        )
        .help("the container runs Linux: write a Unix path like `/data/file`");
        ctx.fail(&path.key("path"), n.span, f);
    }
    (ctx.error_count() == before).then(|| Json::Object(vec![("local_path".into(), local), ("path".into(), target)]))
}

/// `backend_options`: per-backend offer filters; dstack 0.22.5 has them for Vast.ai only, one
/// entry per backend.
pub fn backend_options(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let list = list_of(ctx, path, n, "a list of backend options", backend_option)?;
    if matches!(&list, Json::Array(items) if items.len() > 1) {
        let f = Fail::new(
            codes::INVALID_TYPE,
            "`backend_options` has two entries for `vastai`",
            "Value error, backend_options contains duplicate entry for backend 'vastai'",
        )
        .help("merge the entries into one");
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(list)
}

fn backend_option(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let keys = ["type", "offer_order", "min_reliability", "min_score"];
    let before = ctx.error_count();
    let entries = model_fields(ctx, path, n, "VastAIProfileOptions", &keys, &[])?;
    if let Some(v) = value_of(&entries, "type")
        && !matches!(v.value(), Value::Str(s) if s == "vastai")
    {
        let f = Fail::new(
            codes::INVALID_ENUM,
            format!("backend options exist for `vastai` only, found {}", describe(v)),
            "Input should be 'vastai'",
        );
        ctx.fail(&path.key("type"), v.span, f);
    }
    let offer_order = match value_of(&entries, "offer_order") {
        None => Json::Null,
        Some(v) => match v.value() {
            Value::Null => Json::Null,
            Value::Str(s) if s == "score" || s == "price" => Json::Str(s.clone()),
            _ => {
                ctx.fail(&path.key("offer_order"), v.span, super::enum_fail(v, &["score", "price"]));
                Json::Null
            }
        },
    };
    let bounded = |ctx: &mut Ctx, key: &str, float: bool| -> Json {
        let Some(v) = value_of(&entries, key).filter(|v| !matches!(v.value(), Value::Null)) else {
            return Json::Null;
        };
        let p = path.key(key);
        let (value, low, high) = if float {
            match super::coerce::to_float(v, ctx.version) {
                Ok(f) => (ctx.float_json(f), f < 0.0, f > 1.0),
                Err(f) => {
                    ctx.fail(&p, v.span, f);
                    return Json::Null;
                }
            }
        } else {
            match to_int(v, ctx.version) {
                Ok(i) => (i.json(), i < 0, false),
                Err(f) => {
                    ctx.fail(&p, v.span, f);
                    return Json::Null;
                }
            }
        };
        let dstack = if low {
            "Input should be greater than or equal to 0"
        } else if high {
            "Input should be less than or equal to 1"
        } else {
            return value;
        };
        let range = if float { "between 0 and 1" } else { "at least 0" };
        ctx.fail(&p, v.span, Fail::new(codes::OUT_OF_BOUNDS, format!("`{key}` must be {range}"), dstack));
        Json::Null
    };
    let min_reliability = bounded(ctx, "min_reliability", true);
    let min_score = bounded(ctx, "min_score", false);
    (ctx.error_count() == before).then(|| {
        Json::Object(vec![
            ("type".into(), Json::str("vastai")),
            ("offer_order".into(), offer_order),
            ("min_reliability".into(), min_reliability),
            ("min_score".into(), min_score),
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_patterns_follow_python_re_match() {
        assert!(tag_text_ok("team-a_1", false));
        assert!(tag_text_ok("a\n", false));
        assert!(!tag_text_ok("", false));
        assert!(!tag_text_ok("my tag", false));
        assert!(!tag_text_ok(&"k".repeat(61), false));
        assert!(tag_text_ok("", true));
        assert!(tag_text_ok("a b.c:d/e=f_g-h+i@j", true));
        assert!(!tag_text_ok("a,b", true));
    }

    #[test]
    fn windows_absolute_paths() {
        assert!(windows_absolute("C:/data"));
        assert!(windows_absolute("c:\\data"));
        assert!(windows_absolute("//server/share/x"));
        assert!(!windows_absolute("/data"));
        assert!(!windows_absolute("C:data"));
        assert!(!windows_absolute("//server"));
    }

    #[test]
    fn entity_references() {
        assert_eq!(entity_reference("f"), Some(entity_json(Json::Null, "f")));
        assert_eq!(entity_reference("p/f"), Some(entity_json(Json::str("p"), "f")));
        assert_eq!(entity_reference("a/b/c"), None);
        assert_eq!(entity_reference("a/"), None);
    }
}
