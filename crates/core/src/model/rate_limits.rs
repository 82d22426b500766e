//! A service's `rate_limits` (dstack 0.22.5): per path prefix, requests per second and a burst,
//! counted per client IP address or per value of a header.

use super::coerce::{describe, key_str, py_str, to_float, to_int, to_str};
use super::ctx::{Ctx, Fail};
use super::newer_fields::{model_fields, value_of};
use super::path::Path;
use super::{list_of, null_fail};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// dstack's bound on `rps`: `MAX_INT64 // 60`, so the limit fits Nginx's requests per minute.
const MAX_RPS: f64 = 153_722_867_280_912_930.0;

/// A non-null `rate_limits` value: the limits, each prefix once.
pub fn parse_rate_limits(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let Json::Array(limits) = list_of(ctx, path, n, "a list of rate limits", rate_limit)? else { return None };
    let mut duplicates: Vec<&str> = Vec::new();
    let prefixes: Vec<&str> = limits.iter().filter_map(|l| l.get("prefix").and_then(Json::as_str)).collect();
    for p in &prefixes {
        if prefixes.iter().filter(|q| *q == p).count() > 1 && !duplicates.contains(p) {
            duplicates.push(p);
        }
    }
    if !duplicates.is_empty() {
        let listed = duplicates.iter().map(|d| crate::python::repr_str(d)).collect::<Vec<_>>().join(", ");
        let f = Fail::new(
            codes::INVALID_RATE_LIMIT,
            format!("each rate limit needs its own `prefix`: {} is used more than once", duplicates.join(", ")),
            format!("Prefixes [{listed}] are used more than once. Each rate limit should have a unique path prefix"),
        )
        .help("merge the limits of the same prefix into one");
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(Json::Array(limits))
}

/// `^/[^\s\\{}]*$`: a path without whitespace, backslashes or braces (Nginx config injection).
fn valid_prefix(prefix: &str) -> bool {
    prefix.starts_with('/') && !prefix.chars().any(|c| c.is_whitespace() || matches!(c, '\\' | '{' | '}'))
}

/// `^[a-zA-Z0-9-_]+$`.
fn valid_header(header: &str) -> bool {
    !header.is_empty() && header.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn rate_limit(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let before = ctx.error_count();
    let entries = model_fields(ctx, path, n, "RateLimit", &["prefix", "key", "rps", "burst"], &["rps"])?;
    let fail = |ctx: &mut Ctx, key: &str, node: &Node, f: Fail| {
        ctx.fail(&path.key(key), node.span, f);
        None
    };
    let prefix = match value_of(&entries, "prefix") {
        None => Some(Json::str("/")),
        Some(v) if matches!(v.value(), Value::Null) => fail(ctx, "prefix", v, null_fail("prefix", "a path")),
        Some(v) => match to_str(v, ctx.version) {
            Ok(s) if valid_prefix(&s) && s.chars().count() <= 4094 => Some(Json::Str(s)),
            Ok(s) if valid_prefix(&s) => fail(
                ctx,
                "prefix",
                v,
                Fail::new(
                    codes::INVALID_RATE_LIMIT,
                    "the prefix is too long",
                    "String should have at most 4094 characters",
                ),
            ),
            Ok(s) => fail(
                ctx,
                "prefix",
                v,
                Fail::new(
                    codes::INVALID_RATE_LIMIT,
                    format!(
                        "a rate limit `prefix` is a URL path starting with `/`, without spaces or braces, found `{s}`"
                    ),
                    r"String should match pattern '^/[^\s\\{}]*$'",
                )
                .help(format!("write `prefix: /{}`", s.trim_start_matches('/').trim())),
            ),
            Err(f) => fail(ctx, "prefix", v, f),
        },
    };
    let key = match value_of(&entries, "key") {
        None => Some(Json::Object(vec![("type".into(), Json::str("ip_address"))])),
        Some(v) => partitioning_key(ctx, &path.key("key"), v),
    };
    let rps = match value_of(&entries, "rps") {
        None => None,
        Some(v) if matches!(v.value(), Value::Null) => fail(ctx, "rps", v, null_fail("rps", "a number")),
        Some(v) => match to_float(v, ctx.version) {
            Ok(r) if r < 1.0 / 60.0 => fail(
                ctx,
                "rps",
                v,
                Fail::new(
                    codes::OUT_OF_BOUNDS,
                    format!("`rps` is at least 1/60 (one request a minute), found {}", describe(v)),
                    "Input should be greater than or equal to 0.016666666666666666",
                ),
            ),
            Ok(r) if r > MAX_RPS => fail(
                ctx,
                "rps",
                v,
                Fail::new(
                    codes::OUT_OF_BOUNDS,
                    format!("`rps` is too large, found {}", describe(v)),
                    "Input should be less than or equal to 153722867280912930",
                ),
            ),
            Ok(r) => Some(ctx.float_json(r)),
            Err(f) => fail(ctx, "rps", v, f),
        },
    };
    let burst = match value_of(&entries, "burst") {
        None => Some(Json::Int(0)),
        Some(v) if matches!(v.value(), Value::Null) => fail(ctx, "burst", v, null_fail("burst", "a number")),
        Some(v) => match to_int(v, ctx.version) {
            Ok(b) if b < 0 => fail(
                ctx,
                "burst",
                v,
                Fail::new(
                    codes::OUT_OF_BOUNDS,
                    format!("`burst` cannot be negative, found {}", describe(v)),
                    "Input should be greater than or equal to 0",
                ),
            ),
            Ok(b) if b > i128::from(i64::MAX) => fail(
                ctx,
                "burst",
                v,
                Fail::new(
                    codes::OUT_OF_BOUNDS,
                    format!("`burst` is too large, found {}", describe(v)),
                    "Input should be less than or equal to 9223372036854775807",
                ),
            ),
            Ok(b) => Some(b.json()),
            Err(f) => fail(ctx, "burst", v, f),
        },
    };
    let failed = ctx.diags[before..].iter().any(|d| d.code != codes::UNKNOWN_FIELD);
    if failed {
        return None;
    }
    Some(Json::Object(vec![
        ("prefix".into(), prefix?),
        ("key".into(), key?),
        ("rps".into(), rps?),
        ("burst".into(), burst?),
    ]))
}

/// `key`: `{type: ip_address}` or `{type: header, header: NAME}`, chosen by `type`.
fn partitioning_key(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let Value::Map(entries) = n.value() else {
        let f = Fail::new(
            codes::INVALID_TYPE,
            format!("expected `{{type: ip_address}}` or `{{type: header, header: NAME}}`, found {}", describe(n)),
            "Input should be a valid dictionary or object to extract fields from",
        );
        ctx.fail(path, n.span, f);
        return None;
    };
    let ty = value_of(entries, "type");
    let tag = match ty.map(Node::value) {
        Some(Value::Str(s)) if s == "ip_address" || s == "header" => s.clone(),
        _ => {
            let dstack = match ty {
                None => "Unable to extract tag using discriminator 'type'".to_string(),
                Some(t) => format!(
                    "Input tag '{}' found using 'type' does not match any of the expected tags: 'ip_address', 'header'",
                    py_str(t)
                ),
            };
            let f = Fail::new(
                codes::INVALID_RATE_LIMIT,
                "the rate limit `key` needs `type: ip_address` or `type: header`",
                dstack,
            );
            ctx.fail(path, ty.map_or(n.span, |t| t.span), f);
            return None;
        }
    };
    let known: &[&str] = if tag == "header" { &["type", "header"] } else { &["type"] };
    let before = ctx.error_count();
    for (k, _) in entries {
        if key_str(k).is_none_or(|s| !known.contains(&s)) {
            let f = Fail::new(
                codes::UNKNOWN_FIELD,
                format!("unknown key `{}` in a `{tag}` rate limit key", py_str(k)),
                "Extra inputs are not permitted",
            );
            ctx.fail(path, k.span, f);
        }
    }
    if tag == "ip_address" {
        return Some(Json::Object(vec![("type".into(), Json::str("ip_address"))]));
    }
    let header_path = path.key("header");
    let header = match value_of(entries, "header") {
        None => {
            ctx.fail(
                &header_path,
                n.span,
                Fail::new(codes::MISSING_FIELD, "`type: header` needs `header`", "Field required"),
            );
            None
        }
        Some(v) => match to_str(v, ctx.version) {
            Ok(h) if valid_header(&h) && h.len() <= 500 => Some(Json::Str(h)),
            Ok(h) => {
                let f = Fail::new(
                    codes::INVALID_RATE_LIMIT,
                    format!("a header name is letters, digits, `-` and `_`, found `{h}`"),
                    if valid_header(&h) {
                        "String should have at most 500 characters"
                    } else {
                        "String should match pattern '^[a-zA-Z0-9-_]+$'"
                    },
                );
                ctx.fail(&header_path, v.span, f);
                None
            }
            Err(f) => {
                ctx.fail(&header_path, v.span, f);
                None
            }
        },
    };
    if ctx.diags[before..].iter().any(|d| d.code != codes::UNKNOWN_FIELD) {
        return None;
    }
    Some(Json::Object(vec![("type".into(), Json::str("header")), ("header".into(), header?)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_headers() {
        assert!(valid_prefix("/"));
        assert!(valid_prefix("/v1/chat"));
        assert!(!valid_prefix("api"));
        assert!(!valid_prefix("/a b"));
        assert!(!valid_prefix("/{x}"));
        assert!(valid_header("X-API-Key"));
        assert!(!valid_header("X API"));
        assert!(!valid_header(""));
    }
}
