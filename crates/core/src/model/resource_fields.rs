//! Fields shared by the configurations of resources rather than runs (gateways and volumes): a
//! field that cannot be null, with or without a default, `backend`, a required text, and the
//! members of a union chosen by `type` (a gateway's `certificate` and `load_balancer`).

use super::coerce::{describe, key_str, py_str, to_mapping, to_str};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::{Model, backends, enum_fail, null_fail};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// pydantic 2's error for null in a `str` field.
pub(super) const NOT_A_STRING: &str = "Input should be a valid string";
/// pydantic 2's error for null in a `bool` field.
pub(super) const NOT_A_BOOLEAN: &str = "Input should be a valid boolean";

/// A field that cannot be null (skipped when the model lacks it): absent gives `default` (`None`: the field is required), null is
/// an error (`v2_null` is pydantic 2's wording: the type error of the field's type), any other
/// value goes to `parse`.
pub(super) fn non_null(
    m: &mut Model,
    root: &Node,
    field: &'static str,
    default: Option<Json>,
    (what, v2_null): (&str, &str),
    parse: impl FnOnce(&mut Ctx, &Path, &Node) -> Option<Json>,
) -> Option<Json> {
    if !m.known.contains(&field) {
        return None;
    }
    let path = Path::root().key(field);
    let Some(node) = m.get(field) else {
        if default.is_some() {
            return default;
        }
        let noun = m.ctx.ty.noun();
        let anchor = m.key_span("type", root);
        m.ctx.fail(
            &path,
            anchor,
            Fail::new(codes::MISSING_FIELD, format!("the {noun} has no `{field}`"), "field required")
                .help(format!("add `{field}:` with {what}")),
        );
        return None;
    };
    if matches!(node.value(), Value::Null) {
        let mut fail = null_fail(field, what);
        if m.ctx.version.pydantic2() {
            fail.dstack = v2_null.to_string();
        }
        m.ctx.fail(&path, node.span, fail);
        return None;
    }
    parse(m.ctx, &path, node)
}

/// Text, coerced as pydantic does (numbers become their text).
pub(super) fn text(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    to_str(n, ctx.version)
        .map(Json::Str)
        .map_err(|mut f| {
            f.message = format!("`{}` must be text, found {}", path.field().unwrap_or("value"), describe(n));
            ctx.fail(path, n.span, f)
        })
        .ok()
}

/// `backend` (required): one of the release's backends.
pub(super) fn backend(m: &mut Model, root: &Node) -> Option<Json> {
    let backends = backends(m.ctx.version);
    // pydantic 2 reports null in an enum field as a value outside the enum (the wording, a list
    // of every backend, is only written for a null backend).
    let null = m.get("backend").is_some_and(|n| matches!(n.value(), Value::Null));
    let v2_null = if null { enum_v2(backends) } else { String::new() };
    non_null(m, root, "backend", None, ("a backend such as `aws`", &v2_null), |ctx, path, n| match n.value() {
        Value::Str(s) if backends.contains(&s.as_str()) => Some(Json::Str(s.clone())),
        _ => {
            ctx.fail(path, n.span, enum_fail(n, backends));
            None
        }
    })
}

/// pydantic 2's error for a value outside `allowed`.
fn enum_v2(allowed: &[&str]) -> String {
    let quoted: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
    match quoted.split_last() {
        Some((last, [])) => format!("Input should be {last}"),
        Some((last, head)) => format!("Input should be {} or {last}", head.join(", ")),
        None => String::new(),
    }
}

/// One member of a union of small models chosen by `type`: its tag and its required text fields.
pub(super) type Member = (&'static str, &'static [&'static str]);

/// A mapping validated as the union `members`, chosen by `type` as pydantic 2 does (the tag must be
/// there and name a member), or, under pydantic 1, by trying each member in order (`type` defaults
/// to each member's own). Every error is reported at `path` (pydantic 2 puts the member's tag into
/// the location, so the field itself is the one place both releases agree on), narrowed to the
/// key or value at fault. `what` names the union in messages ("certificate"); `newer` are tags
/// a newer dstack release adds, with that release.
pub(super) fn tagged_union(
    ctx: &mut Ctx,
    path: &Path,
    n: &Node,
    (members, newer): (&[Member], &[(&str, &str)]),
    what: &str,
) -> Option<Json> {
    let v2 = ctx.version.pydantic2();
    let tags: Vec<String> = members.iter().map(|(t, _)| format!("`{t}`")).collect();
    let listed = tags.join(", ");
    // pydantic 1 also builds a model from a list of pairs; pydantic 2's tagged union wants a dict.
    let mapping = match n.value() {
        Value::Map(entries) if v2 => Some(std::borrow::Cow::Borrowed(&entries[..])),
        _ if v2 => None,
        _ => to_mapping(n, ctx.version).ok(),
    };
    let Some(entries) = mapping else {
        let dstack = if v2 {
            "Input should be a valid dictionary or object to extract fields from"
        } else {
            "value is not a valid dict"
        };
        let f = Fail::new(codes::INVALID_CHOICE, super::coerce::expected(&format!("a {what} mapping"), n), dstack)
            .help(format!("write `{path}: {{type: {}}}`", members[0].0));
        ctx.fail(path, n.span, f);
        return None;
    };
    let type_node = entries.iter().find(|(k, _)| key_str(k) == Some("type")).map(|(_, v)| v);
    let chosen = match type_node.map(Node::value) {
        Some(Value::Str(s)) => members.iter().find(|(t, _)| t == s),
        _ => None,
    };
    // A `type` naming a member admits that member only; without one pydantic 1 tries each in order.
    let candidates: Vec<&Member> = match (chosen, type_node) {
        (Some(member), _) => vec![member],
        (None, None) if !v2 => members.iter().collect(),
        _ => Vec::new(),
    };
    if let Some(found) = candidates.into_iter().find(|m| member_fits(ctx, &entries, type_node, m)) {
        return Some(member_json(ctx, &entries, found));
    }
    // The member whose own fields are given is the one meant (pydantic 1 tried every member).
    let meant = members
        .iter()
        .rev()
        .find(|(_, fields)| fields.iter().any(|f| entries.iter().any(|(k, _)| key_str(k) == Some(f))))
        .unwrap_or(&members[0]);
    let member = match (chosen, type_node) {
        (Some(member), _) => member,
        (None, None) if !v2 => meant,
        (None, None) => {
            let f = Fail::new(
                codes::INVALID_CHOICE,
                format!("the {what} has no `type`: expected one of {listed}"),
                "Unable to extract tag using discriminator 'type'",
            )
            .help(format!("add `type: {}`", meant.0));
            ctx.fail(path, n.span, f);
            return None;
        }
        (None, Some(t)) => {
            let quoted: Vec<String> = members.iter().map(|(t, _)| format!("'{t}'")).collect();
            let dstack = match (v2, t.value()) {
                (true, _) => format!(
                    "Input tag '{}' found using 'type' does not match any of the expected tags: {}",
                    py_str(t),
                    quoted.join(", ")
                ),
                (false, Value::Null) => "none is not an allowed value".to_string(),
                (false, _) => format!("unexpected value; permitted: {}", quoted[0]),
            };
            let shown = match t.value() {
                Value::Str(s) => format!("`{}`", super::shorten(s)),
                _ => describe(t),
            };
            let text = py_str(t);
            let message = match newer.iter().find(|(tag, _)| *tag == text) {
                Some((_, release)) => {
                    format!("{what} type {shown} is new in dstack {release}; you are checking against {}", ctx.version)
                }
                None => format!("unknown {what} type {shown}: expected one of {listed}"),
            };
            let f = Fail::new(codes::INVALID_CHOICE, message, dstack);
            let f = match crate::suggest::closest(&text, &members.iter().map(|(t, _)| *t).collect::<Vec<_>>()) {
                Some(s) => f.suggest(t, s),
                None => f.help(format!("dstack {} knows {listed}", ctx.version)),
            };
            ctx.fail(path, t.span, f);
            return None;
        }
    };
    member_errors(ctx, path, n, &entries, member, what);
    None
}

/// True when the mapping is a valid `member` under pydantic 1 (`type` absent or the member's tag).
fn member_fits(ctx: &Ctx, entries: &[(Node, Node)], type_node: Option<&Node>, (tag, fields): &Member) -> bool {
    let type_ok = type_node.is_none_or(|t| matches!(t.value(), Value::Str(s) if s == tag));
    let keys_ok = entries.iter().all(|(k, _)| key_str(k).is_some_and(|k| k == "type" || fields.contains(&k)));
    let fields_ok = fields.iter().all(|f| {
        entries
            .iter()
            .find(|(k, _)| key_str(k) == Some(f))
            .is_some_and(|(_, v)| !matches!(v.value(), Value::Null) && to_str(v, ctx.version).is_ok())
    });
    type_ok && keys_ok && fields_ok
}

/// The normalized JSON of a valid member: its tag, then its fields.
fn member_json(ctx: &Ctx, entries: &[(Node, Node)], (tag, fields): &Member) -> Json {
    let mut out = vec![("type".into(), Json::str(*tag))];
    for f in *fields {
        let value = entries.iter().find(|(k, _)| key_str(k) == Some(f)).and_then(|(_, v)| to_str(v, ctx.version).ok());
        out.push(((*f).into(), Json::opt(value)));
    }
    Json::Object(out)
}

/// Reports what keeps the mapping from being a valid `member`.
fn member_errors(ctx: &mut Ctx, path: &Path, n: &Node, entries: &[(Node, Node)], member: &Member, what: &str) {
    let (tag, fields) = member;
    for (k, _) in entries {
        if key_str(k).is_none_or(|k| k != "type" && !fields.contains(&k)) {
            let shown = key_str(k).map_or_else(|| describe(k), str::to_string);
            let known: Vec<String> =
                std::iter::once("type").chain(fields.iter().copied()).map(|f| format!("`{f}`")).collect();
            let f = Fail::new(
                codes::UNKNOWN_FIELD,
                format!("unknown key `{shown}` in a `{tag}` {what}"),
                "extra fields not permitted",
            )
            .help(format!("a `{tag}` {what} has {}", known.join(", ")));
            ctx.fail(path, k.span, f);
        }
    }
    for field in *fields {
        let given = entries.iter().find(|(k, _)| key_str(k) == Some(field)).map(|(_, v)| v);
        let fail = match given {
            None => Fail::new(codes::MISSING_FIELD, format!("a `{tag}` {what} needs `{field}`"), "field required")
                .help(format!("add `{field}:` to `{path}`")),
            Some(v) if matches!(v.value(), Value::Null) => {
                let mut f = null_fail(field, "text").help(format!("write the `{field}` of the {what}"));
                if ctx.version.pydantic2() {
                    f.dstack = NOT_A_STRING.into();
                }
                f
            }
            Some(v) => match to_str(v, ctx.version) {
                Ok(_) => continue,
                Err(f) => Fail { message: format!("`{field}` must be text, found {}", describe(v)), ..f },
            },
        };
        let range = given.map_or(n.span, |v| v.span);
        ctx.fail(path, range, fail);
    }
}
