//! A service's `probes` (dstack 0.22.5): HTTP requests that tell when a replica is ready.

use super::coerce::{describe, to_bool, to_int, to_str};
use super::ctx::{Ctx, Fail};
use super::duration::parse_duration;
use super::newer_fields::{model_fields, value_of};
use super::path::Path;
use super::{list_of, literal_fail};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// The fields of a probe, in dstack's order.
const KEYS: [&str; 9] =
    ["type", "url", "method", "headers", "body", "timeout", "interval", "ready_after", "until_ready"];

/// The HTTP methods a probe may use.
/// HTTP methods a probe may use.
pub(crate) const METHODS: [&str; 6] = ["get", "post", "put", "delete", "patch", "head"];

/// A non-null `probes` value (`[]` is kept: no probes at all); the probes must differ.
pub fn parse_probes(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let Json::Array(probes) = list_of(ctx, path, n, "a list of probes", probe)? else { return None };
    if probes.iter().enumerate().any(|(i, p)| probes[..i].contains(p)) {
        let f = Fail::new(codes::INVALID_PROBE, "two probes are the same", "Value error, Probes must be unique")
            .help("remove the repeated probe");
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(Json::Array(probes))
}

fn probe(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let before = ctx.error_count();
    let entries = model_fields(ctx, path, n, "ProbeConfig", &KEYS, &["type"])?;
    let mut out = Vec::with_capacity(KEYS.len());
    for key in KEYS {
        let value = match value_of(&entries, key) {
            None if key == "headers" => Some(Json::Array(vec![])),
            None => Some(Json::Null),
            Some(v) if matches!(v.value(), Value::Null) && key != "type" && key != "headers" => Some(Json::Null),
            Some(v) => probe_field(ctx, &path.key(key), key, v),
        };
        out.push((key.into(), value.unwrap_or(Json::Null)));
    }
    if ctx.diags[before..].iter().any(|d| d.code != codes::UNKNOWN_FIELD) {
        return None;
    }
    let probe = Json::Object(out);
    if let (Some(method @ ("get" | "head")), false) =
        (probe.get("method").and_then(Json::as_str), probe.get("body").is_none_or(Json::is_null))
    {
        let f = Fail::new(
            codes::INVALID_PROBE,
            format!("a `{method}` probe cannot send a `body`"),
            format!("Value error, Cannot set request body for the `{method}` method"),
        )
        .help("use `method: post` to send a body, or remove `body`");
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(probe)
}

fn probe_field(ctx: &mut Ctx, path: &Path, key: &str, v: &Node) -> Option<Json> {
    let fail = |ctx: &mut Ctx, f: Fail| {
        ctx.fail(path, v.span, f);
        None
    };
    match key {
        "type" => match v.value() {
            Value::Str(s) if s == "http" => Some(Json::str("http")),
            _ => fail(ctx, literal_fail(ctx.version, v, &["http"])),
        },
        "method" => match v.value() {
            Value::Str(s) if METHODS.contains(&s.as_str()) => Some(Json::Str(s.clone())),
            _ => fail(ctx, literal_fail(ctx.version, v, &METHODS)),
        },
        "url" => {
            let url = ctx.ok(path, v, to_str(v, ctx.version))?;
            let problem = if !url.starts_with('/') {
                Some(("a probe `url` is a path starting with `/`", "Value error, Must start with `/`"))
            } else if url.chars().count() > 2048 {
                Some(("a probe `url` is at most 2048 characters", "Value error, Cannot be longer than 2048 characters"))
            } else if url.chars().any(|c| !printable(c)) {
                Some((
                    "a probe `url` cannot contain non-printable characters",
                    "Value error, Cannot contain non-printable characters",
                ))
            } else {
                None
            };
            match problem {
                Some((message, dstack)) => fail(ctx, Fail::new(codes::INVALID_PROBE, message, dstack)),
                None => Some(Json::Str(url)),
            }
        }
        "headers" => headers(ctx, path, v),
        "body" => text_between(ctx, path, v, 2048),
        "timeout" | "interval" => {
            let seconds = ctx.ok(path, v, parse_duration(v))?;
            if seconds < 1 {
                let dstack = format!("Value error, Probe {key} cannot be shorter than 1s");
                return fail(
                    ctx,
                    Fail::new(
                        codes::INVALID_PROBE,
                        format!("a probe `{key}` is at least 1s, found {}", describe(v)),
                        dstack,
                    ),
                );
            }
            Some(seconds.json())
        }
        "ready_after" => {
            let count = ctx.ok(path, v, to_int(v, ctx.version))?;
            if count < 1 {
                return fail(
                    ctx,
                    Fail::new(
                        codes::OUT_OF_BOUNDS,
                        format!("`ready_after` is at least 1, found {}", describe(v)),
                        "Input should be greater than or equal to 1",
                    ),
                );
            }
            Some(count.json())
        }
        _ => ctx.ok(path, v, to_bool(v, ctx.version)).map(Json::Bool),
    }
}

/// `headers`: at most 16 `{name, value}` pairs.
fn headers(ctx: &mut Ctx, path: &Path, v: &Node) -> Option<Json> {
    let headers = list_of(ctx, path, v, "a list of headers", |ctx, p, item| {
        let before = ctx.error_count();
        let entries = model_fields(ctx, p, item, "HTTPHeaderSpec", &["name", "value"], &["name", "value"])?;
        let name = value_of(&entries, "name").and_then(|n| text_between(ctx, &p.key("name"), n, 256));
        let value = value_of(&entries, "value").and_then(|n| text_between(ctx, &p.key("value"), n, 2048));
        if ctx.diags[before..].iter().any(|d| d.code != codes::UNKNOWN_FIELD) {
            return None;
        }
        Some(Json::Object(vec![("name".into(), name?), ("value".into(), value?)]))
    })?;
    if let Json::Array(items) = &headers
        && items.len() > 16
    {
        let f = Fail::new(
            codes::INVALID_PROBE,
            format!("a probe sends at most 16 headers, found {}", items.len()),
            format!("List should have at most 16 items after validation, not {}", items.len()),
        );
        ctx.fail(path, v.span, f);
        return None;
    }
    Some(headers)
}

/// Python's `str.isprintable` for one character: no control, format or private-use characters
/// and no separator other than the space.
fn printable(c: char) -> bool {
    let format = matches!(c, '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{180e}')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}')
        || matches!(c, '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}');
    let private = matches!(c, '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{10ffff}');
    !c.is_control() && (c == ' ' || !c.is_whitespace()) && !format && !private
}

/// A string of 1 to `max` characters.
fn text_between(ctx: &mut Ctx, path: &Path, v: &Node, max: usize) -> Option<Json> {
    let text = ctx.ok(path, v, to_str(v, ctx.version))?;
    let len = text.chars().count();
    let dstack = match len {
        0 => "String should have at least 1 character".to_string(),
        n if n > max => format!("String should have at most {max} characters"),
        _ => return Some(Json::Str(text)),
    };
    let field = path.field().unwrap_or("value");
    ctx.fail(
        path,
        v.span,
        Fail::new(codes::INVALID_PROBE, format!("`{field}` is 1 to {max} characters, found {len}"), dstack),
    );
    None
}
