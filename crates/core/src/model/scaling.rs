//! A service's replica count (`replicas`: a number or a range) and its auto-scaling rules
//! (`scaling`), shared by the service and its replica groups (dstack 0.22.5).

use super::coerce::{describe, key_str, to_float};
use super::ctx::{Ctx, Fail};
use super::duration::parse_duration;
use super::newer_fields::{model_fields, value_of};
use super::path::Path;
use super::range::{Kind, parse_range};
use super::{literal_fail, null_fail};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// The time windows dstack 0.22.5's gateway computes requests per second over, in seconds.
const WINDOWS: [i128; 3] = [30, 60, 300];

/// What dstack 0.18.37 raises when `replicas` failed: its scaling rule reads `replicas.min` of
/// the missing value.
pub const REPLICAS_CRASH: &str = "AttributeError: 'NoneType' object has no attribute 'min'";

/// A non-null `replicas` value: a number or a range, with dstack's replica rules (a maximum is
/// required, the minimum is at least 0; 0.22.5 reads `..3` as `0..3`). Under 0.18.37 every
/// failure makes dstack crash, so the failure carries the crash text.
pub fn parse_replicas(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    if ctx.version.pydantic2() {
        return replica_range(ctx, path, n);
    }
    let mut scratch = Ctx::new(ctx.version);
    scratch.ty = ctx.ty;
    let parsed = replica_range(&mut scratch, path, n);
    if parsed.is_none() {
        let (message, help) = scratch.diags.first().map_or_else(
            || (format!("invalid `replicas`: {}", describe(n)), None),
            |d| (d.message.clone(), d.help.clone()),
        );
        let mut f =
            Fail::new(codes::INVALID_REPLICAS, format!("{message} (dstack 0.18.37 crashes on it)"), REPLICAS_CRASH);
        f.help = help.or_else(|| Some("write a number such as `2`, or a range such as `1..4` with `scaling`".into()));
        ctx.fail(path, n.span, f);
    }
    parsed
}

/// The range and dstack's `_validate_replica_range` (0.22.5) / `convert_replicas` (0.18.37).
fn replica_range(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    if matches!(n.value(), Value::Seq(_) | Value::Set(_)) {
        let f = Fail::new(
            codes::INVALID_REPLICAS,
            format!("expected a number of replicas or a range like `1..4`, found {}", describe(n)),
            "value is not a valid dict",
        )
        .help("write `replicas: 2` or `replicas: 1..4`");
        ctx.fail(path, n.span, f);
        return None;
    }
    let range = parse_range(ctx, path, n, Kind::Int)?;
    let given = |key: &str| range.get(key).filter(|v| !v.is_null()).cloned();
    let rule = |ctx: &mut Ctx, message: &str, dstack: &str, help: &str| {
        ctx.fail(path, n.span, Fail::new(codes::INVALID_REPLICAS, message, dstack).help(help));
        None
    };
    let Some(max) = given("max") else {
        return rule(
            ctx,
            "`replicas` needs a maximum",
            "The maximum number of replicas is required",
            "write a range with both ends, e.g. `replicas: 1..4`",
        );
    };
    let min = match given("min") {
        Some(min) => min,
        None if ctx.version.pydantic2() => Json::Int(0),
        None => {
            return rule(
                ctx,
                "`replicas` needs a minimum in dstack 0.18.37",
                "'<' not supported between instances of 'NoneType' and 'int'",
                "write the minimum too, e.g. `replicas: 0..4`",
            );
        }
    };
    if min.as_int_clamped().is_some_and(|m| m < 0) {
        return rule(
            ctx,
            &format!("the number of replicas cannot be negative, found {}", min.to_python_string()),
            "The minimum number of replicas must be greater than or equal to 0",
            "use 0 or more replicas",
        );
    }
    Some(Json::Object(vec![("min".into(), min), ("max".into(), max)]))
}

/// True when a normalized replica range has different ends (auto-scaling).
fn is_range(replicas: &Json) -> bool {
    replicas.get("min") != replicas.get("max")
}

/// The rule that ties `replicas` and `scaling`: a range needs scaling rules, and scaling rules
/// need a range. `None` when they agree.
pub fn scaling_mismatch(replicas: &Json, scaling_given: bool) -> Option<Fail> {
    let ranged = is_range(replicas);
    if ranged && !scaling_given {
        let f = Fail::new(
            codes::REPLICAS_SCALING,
            "`replicas` is a range, so `scaling` is needed to decide how many replicas run",
            "When you set `replicas` to a range, ensure to specify `scaling`.",
        )
        .help("add `scaling: {metric: rps, target: 10}`, or set a fixed number of replicas");
        return Some(f);
    }
    if !ranged && scaling_given {
        let f = Fail::new(
            codes::REPLICAS_SCALING,
            "`scaling` only applies when `replicas` is a range",
            "To use `scaling`, `replicas` must be set to a range.",
        )
        .help("set `replicas` to a range such as `1..4`, or remove `scaling`");
        return Some(f);
    }
    None
}

/// A non-null `scaling` value: `{metric: rps, target, window (0.22.5), scale_up_delay,
/// scale_down_delay}`.
pub fn parse_scaling(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let v2 = ctx.version.pydantic2();
    let known: &[&str] = if v2 {
        &["metric", "target", "window", "scale_up_delay", "scale_down_delay"]
    } else {
        &["metric", "target", "scale_up_delay", "scale_down_delay"]
    };
    let before = ctx.error_count();
    let entries = model_fields(ctx, path, n, "ScalingSpec", known, &["metric", "target"])?;
    let mut out = Vec::with_capacity(known.len());
    for key in known {
        let key_path = path.key(key);
        let value = match value_of(&entries, key) {
            None => default(key),
            Some(v) if matches!(v.value(), Value::Null) && *key == "window" => Some(Json::Null),
            Some(v) if matches!(v.value(), Value::Null) => {
                let mut f = null_fail(key, "a value");
                if v2 && key.ends_with("_delay") {
                    f.dstack = "Value error, Cannot parse the duration None".into();
                }
                ctx.fail(&key_path, v.span, f);
                None
            }
            Some(v) => scaling_value(ctx, &key_path, key, v),
        };
        if let Some(value) = value {
            out.push(((*key).into(), value));
        }
    }
    // Unknown keys alone do not fail the value under pydantic 2's first pass.
    let failed = ctx.diags[before..].iter().any(|d| d.code != codes::UNKNOWN_FIELD || !v2);
    (!failed && entries.iter().all(|(k, _)| key_str(k).is_some())).then_some(Json::Object(out))
}

fn default(key: &str) -> Option<Json> {
    match key {
        "scale_up_delay" => Some(Json::Int(300)),
        "scale_down_delay" => Some(Json::Int(600)),
        "window" => Some(Json::Null),
        // Required: already reported missing.
        _ => None,
    }
}

fn scaling_value(ctx: &mut Ctx, path: &Path, key: &str, v: &Node) -> Option<Json> {
    match key {
        "metric" => match v.value() {
            Value::Str(s) if s == "rps" => Some(Json::str("rps")),
            _ => {
                ctx.fail(path, v.span, literal_fail(ctx.version, v, &["rps"]));
                None
            }
        },
        "target" => {
            let target = ctx.ok(path, v, to_float(v, ctx.version))?;
            if ctx.version.pydantic2() && target <= 0.0 {
                let f = Fail::new(
                    codes::OUT_OF_BOUNDS,
                    format!("the scaling `target` must be greater than 0, found {}", describe(v)),
                    "Input should be greater than 0",
                )
                .help("set the requests per second one replica should handle, e.g. `target: 10`");
                ctx.fail(path, v.span, f);
                return None;
            }
            Some(ctx.float_json(target))
        }
        _ => {
            let seconds = ctx.ok(path, v, parse_duration(v))?;
            if key == "window" && !WINDOWS.iter().any(|w| seconds == *w) {
                let f = Fail::new(
                    codes::OUT_OF_BOUNDS,
                    format!("the scaling `window` is `30s`, `60s` or `5m`, found {}", describe(v)),
                    "Window must be one of: `30s`, `60s`, `300s`",
                )
                .help("write `window: 60s` (the default) or remove it");
                ctx.fail(path, v.span, f);
                return None;
            }
            Some(seconds.json())
        }
    }
}
