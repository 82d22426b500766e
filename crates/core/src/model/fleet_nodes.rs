//! A fleet's `nodes`: an int range in dstack 0.18.37, `{min, target, max}` (`FleetNodesSpec`)
//! in 0.22.5, whose "before" validator crashes on values that are neither text, int nor mapping.

use super::coerce::{describe, key_str, to_int, to_mapping, whole_decimal};
use super::ctx::{Ctx, Fail};
use super::newer_fields::py_type;
use super::path::Path;
use super::py_int::PyInt;
use super::range::{Kind, parse_range};
use super::unknown_key;
use crate::codes;
use crate::json::Json;
use crate::python::int_text_from_str;
use crate::yaml::{Node, Value};

/// Validates a non-null `nodes` under the release's model.
pub(super) fn parse_nodes(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    if ctx.version.pydantic2() { nodes_spec(ctx, path, n) } else { parse_range(ctx, path, n, Kind::Int) }
}

/// Where a bound of 0.22.5's spec comes from: a node of the mapping, or text of `a..b`.
#[derive(Clone, Copy)]
enum Bound<'a> {
    Node(&'a Node),
    Text(&'a str),
}

/// pydantic 2's int of a bound; `Err` carries the failure.
fn bound_int(bound: Bound, ctx: &Ctx) -> Result<PyInt, Fail> {
    match bound {
        Bound::Node(n) => to_int(n, ctx.version),
        Bound::Text(t) => int_text_from_str(t)
            .or_else(|| whole_decimal(t).and_then(int_text_from_str))
            .map(|digits| PyInt::from_text(&digits))
            .ok_or_else(|| {
                Fail::new(
                    codes::INVALID_TYPE,
                    format!("expected a whole number, found `{t}`"),
                    "Input should be a valid integer, unable to parse string as an integer",
                )
            }),
    }
}

/// `FleetNodesSpec` of dstack 0.22.5: `N` is `{min: N, max: N}`, `a..b` is `{min: a, max: b}`;
/// `min` defaults to 0 and `target` to `min`; `0 <= min <= target <= max`.
fn nodes_spec(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let help = "write a count (`2`), a range (`0..4`), or `{min, target, max}`";
    let entries;
    let (min, target, max) = match n.value() {
        Value::Str(s) if s.contains("..") => {
            let compact = s.replace(' ', "");
            let parts: Vec<&str> = compact.split("..").collect();
            if parts.len() != 2 {
                let f = Fail::new(
                    codes::INVALID_RANGE,
                    format!("a range has one `..`, found {} in `{s}`", parts.len() - 1),
                    "Value error, too many values to unpack (expected 2)",
                )
                .help(help);
                ctx.fail(path, n.span, f);
                return None;
            }
            let lo = (!parts[0].is_empty()).then_some(Bound::Text(parts[0]));
            let hi = (!parts[1].is_empty()).then_some(Bound::Text(parts[1]));
            return spec(ctx, path, n, lo, None, hi);
        }
        Value::Str(_) | Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            // One value stands for both bounds: a bad one is reported once.
            let count = match to_int(n, ctx.version) {
                Ok(count) => count,
                Err(mut f) => {
                    let found = f.message.strip_prefix("expected a whole number, ").unwrap_or(&f.message);
                    f.message = format!("`nodes` must be a count or a range, {found}");
                    ctx.fail(path, n.span, f.help(help));
                    return None;
                }
            };
            let text = count.to_string();
            return spec(ctx, path, n, Some(Bound::Text(&text)), None, Some(Bound::Text(&text)));
        }
        Value::Map(_) => {
            entries = to_mapping(n, ctx.version).ok()?;
            let known = ["min", "target", "max"];
            for (k, _) in entries.iter() {
                if key_str(k).is_none_or(|s| !known.contains(&s)) {
                    unknown_key(ctx, path, k, &known);
                }
            }
            let field = |key: &str| {
                entries
                    .iter()
                    .find(|(k, _)| key_str(k) == Some(key))
                    .map(|(_, v)| v)
                    .filter(|v| !matches!(v.value(), Value::Null))
            };
            (field("min").map(Bound::Node), field("target").map(Bound::Node), field("max").map(Bound::Node))
        }
        _ => {
            // dstack's "before" validator calls `.get` on anything but text, an int or a mapping.
            let f = Fail::new(
                codes::INVALID_FLEET_NODES,
                format!("expected a count, a range or `{{min, target, max}}`, found {}", describe(n)),
                format!("AttributeError: '{}' object has no attribute 'get'", py_type(n)),
            )
            .help(help);
            ctx.fail(path, n.span, f);
            return None;
        }
    };
    spec(ctx, path, n, min, target, max)
}

/// The spec's bounds validated (`target` falls back to `min`, `min` to 0) and ordered.
fn spec(
    ctx: &mut Ctx,
    path: &Path,
    n: &Node,
    min: Option<Bound>,
    target: Option<Bound>,
    max: Option<Bound>,
) -> Option<Json> {
    let before = ctx.error_count();
    let span_of = |b: Bound| match b {
        Bound::Node(node) => node.span,
        Bound::Text(_) => n.span,
    };
    let parse = |ctx: &mut Ctx, key: &str, bound: Option<Bound>, shared: bool| -> Option<PyInt> {
        let b = bound?;
        match bound_int(b, ctx) {
            Ok(i) => Some(i),
            Err(mut f) => {
                // A `min` that `target` copies fails twice in dstack: report it once, at `nodes`.
                let at = if shared || matches!(b, Bound::Text(_)) { *path } else { path.key(key) };
                let found = f.message.strip_prefix("expected a whole number, ").unwrap_or(&f.message);
                f.message = format!("`nodes.{key}` must be a whole number, {found}");
                f = f.help("write whole numbers, e.g. `nodes: 0..4` or `nodes: {min: 1, max: 4}`");
                ctx.fail(&at, span_of(b), f);
                None
            }
        }
    };
    let lo = parse(ctx, "min", min, target.is_none());
    let tgt = if target.is_some() { parse(ctx, "target", target, false) } else { None };
    let hi = parse(ctx, "max", max, false);
    if let (Some(m), Some(b)) = (&lo, min)
        && *m < 0
    {
        let f = Fail::new(
            codes::INVALID_FLEET_NODES,
            format!("`nodes.min` cannot be negative, found {m}"),
            "Value error, min cannot be negative",
        )
        .help("use `0` for a fleet that may have no instances");
        ctx.fail(&path.key("min"), span_of(b), f);
    }
    if ctx.error_count() > before {
        return None;
    }
    let lo = lo.unwrap_or(PyInt::Small(0));
    let tgt = tgt.unwrap_or_else(|| lo.clone());
    let order = if tgt < lo {
        Some(("target must not be be less than min", format!("`nodes.target` ({tgt}) is less than `nodes.min` ({lo})")))
    } else if hi.as_ref().is_some_and(|h| *h < lo) {
        Some((
            "max must not be less than min",
            format!("`nodes.max` ({}) is less than `nodes.min` ({lo})", hi.clone().unwrap_or(PyInt::Small(0))),
        ))
    } else if hi.as_ref().is_some_and(|h| *h < tgt) {
        Some((
            "max must not be less than target",
            format!("`nodes.max` ({}) is less than `nodes.target` ({tgt})", hi.clone().unwrap_or(PyInt::Small(0))),
        ))
    } else {
        None
    };
    if let Some((dstack, message)) = order {
        let f = Fail::new(codes::INVALID_FLEET_NODES, message, format!("Value error, {dstack}"))
            .help("order the counts so that `min <= target <= max`");
        ctx.fail(path, n.span, f);
        return None;
    }
    let mut out = vec![("min".into(), lo.json())];
    if tgt != lo {
        out.push(("target".into(), tgt.json()));
    }
    out.push(("max".into(), hi.as_ref().map_or(Json::Null, PyInt::json)));
    Some(Json::Object(out))
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Options, check};

    /// dstack's JSON of `nodes`, or the first error's message.
    fn nodes(value: &str, version: DstackVersion) -> String {
        let report = check(&format!("type: fleet\nnodes: {value}\n"), &Options { effective: false, version });
        match report.normalized.as_ref().and_then(|n| n.get("nodes")) {
            Some(json) => json.to_python_string(),
            None => report.diagnostics.first().map(|d| d.message.clone()).unwrap_or_default(),
        }
    }

    #[test]
    fn each_release_reads_nodes_its_way() {
        let v22 = DstackVersion::V0_22_5;
        let v18 = DstackVersion::V0_18_37;
        assert_eq!(nodes("3", v22), r#"{"min": 3, "max": 3}"#);
        assert_eq!(nodes("..3", v22), r#"{"min": 0, "max": 3}"#);
        assert_eq!(nodes("..3", v18), r#"{"min": null, "max": 3}"#);
        assert_eq!(nodes("' 1 .. 4 '", v22), r#"{"min": 1, "max": 4}"#);
        assert_eq!(nodes("{min: 1, target: 2}", v22), r#"{"min": 1, "target": 2, "max": null}"#);
        assert_eq!(nodes("{min: 2, target: 2, max: 3}", v22), r#"{"min": 2, "max": 3}"#);
        assert_eq!(nodes("{}", v22), r#"{"min": 0, "max": null}"#);
        assert_eq!(nodes("-1", v18), r#"{"min": -1, "max": -1}"#);
        assert_eq!(nodes("-1", v22), "`nodes.min` cannot be negative, found -1");
        assert_eq!(nodes("{max: 1, target: 2}", v22), "`nodes.max` (1) is less than `nodes.target` (2)");
        assert_eq!(nodes("1.5", v22), "expected a count, a range or `{min, target, max}`, found the number `1.5`");
    }
}
