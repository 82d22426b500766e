//! `resources.gpu`: the `vendor:name:memory:count` string form, ints, and the object form.

use std::borrow::Cow;

use super::coerce::{expected, int_from_str, key_str, py_repr, py_str, to_list, to_mapping, to_str};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::py_int::PyInt;
use super::range::{Kind, Num, parse_range, range_json};

use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::json::Json;
use crate::python::float_repr;
use crate::python::repr_str;
use crate::version::DstackVersion;
use crate::yaml::lower::Lower;
use crate::yaml::{Node, ScalarStyle, Value};

/// Vendors gpuhunt 0.0.19 knows (`tpu` is an alias of `google`).
pub const VENDORS: [&str; 4] = ["nvidia", "amd", "google", "intel"];

const KEYS: [&str; 6] = ["vendor", "name", "count", "memory", "total_memory", "compute_capability"];

fn vendor_from_str(s: &str, version: DstackVersion) -> Option<&'static str> {
    // Python's `lower()`, compared with ASCII names: no other character lowers to one of their
    // letters (only the Kelvin sign lowers to an ASCII letter, `k`), so ASCII case folding says
    // the same without building the lowered text.
    let is = |name: &str| s.eq_ignore_ascii_case(name);
    if is("tpu") {
        return Some("google");
    }
    // gpuhunt 0.1.34 (dstack 0.22.5) adds Tenstorrent, alias `tt`.
    if version.pydantic2() && (is("tt") || is("tenstorrent")) {
        return Some("tenstorrent");
    }
    VENDORS.iter().find(|v| is(v)).copied()
}

/// The parts of a GPU spec, as the object form or the parsed string form give them.
#[derive(Default)]
struct Parts {
    vendor: Option<Node>,
    name: Option<Node>,
    count: Option<Node>,
    memory: Option<Node>,
    total_memory: Option<Node>,
    compute_capability: Option<Node>,
}

/// Validates a non-null `gpu` value.
pub fn parse_gpu(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Json> {
    let text = match node.value() {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::BigInt(digits) => Some(digits.clone()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        _ => None,
    };
    let parts = match text {
        Some(t) => match split_spec(&t, node, ctx.version) {
            Ok(p) => p,
            Err(f) => {
                ctx.fail(path, node.span, f);
                return None;
            }
        },
        None => object_parts(ctx, path, node)?,
    };
    validate_parts(ctx, path, node, parts)
}

fn synthetic(text: &str, at: &Node) -> Node {
    // A plain string's text is its value: no separate raw text (`Node::new` would drop it).
    Node::new(Value::Str(text.to_string()), Some(ScalarStyle::Plain), None, at.span)
}

/// dstack's `GPUSpec.parse`: spaces removed, `:`-separated tokens classified by shape.
fn split_spec(spec: &str, node: &Node, version: DstackVersion) -> Result<Parts, Fail> {
    let compact = if spec.contains(' ') { Cow::Owned(spec.replace(' ', "")) } else { Cow::Borrowed(spec) };
    let mut parts = Parts::default();
    let conflict = |what: &str, a: &str, b: &str, dstack_what: &str| {
        Fail::new(
            codes::INVALID_GPU_SPEC,
            format!("the GPU spec `{spec}` gives the {what} twice (`{a}` and `{b}`)"),
            format!("GPU spec {dstack_what} conflict: {spec}"),
        )
    };
    let mut seen: [Option<&str>; 4] = Default::default();
    for token in compact.split(':') {
        if token.is_empty() {
            return Err(Fail::new(
                codes::INVALID_GPU_SPEC,
                format!("the GPU spec `{spec}` has an empty part between `:` separators"),
                format!("GPU spec contains empty token: {spec}"),
            )
            .help("write parts like `A100:80GB:2` with no empty part"));
        }
        let first_alpha = token.chars().next().is_some_and(char::is_alphabetic);
        if let Some(vendor) = vendor_from_str(token, version) {
            if let Some(prev) = &seen[0] {
                return Err(conflict("vendor", prev, token, "vendor"));
            }
            seen[0] = Some(token);
            parts.vendor = Some(synthetic(vendor, node));
        } else if first_alpha {
            if let Some(prev) = &seen[1] {
                return Err(conflict("GPU name", prev, token, "name")
                    .help(format!("list alternative GPUs with a comma: `{prev},{token}`")));
            }
            seen[1] = Some(token);
            if token.split(',').any(str::is_empty) {
                return Err(Fail::new(
                    codes::INVALID_GPU_SPEC,
                    format!("the GPU name list `{token}` has an empty name"),
                    format!("GPU name can not be empty: {spec}"),
                )
                .help("remove the extra `,`"));
            }
            let names = token.split(',').map(|n| synthetic(n, node)).collect();
            parts.name = Some(Node::new(Value::Seq(names), None, None, node.span));
        } else if token.chars().any(char::is_alphabetic) {
            if let Some(prev) = &seen[2] {
                return Err(conflict("GPU memory", prev, token, "memory"));
            }
            seen[2] = Some(token);
            parts.memory = Some(synthetic(token, node));
        } else {
            if let Some(prev) = &seen[3] {
                return Err(conflict("GPU count", prev, token, "count"));
            }
            seen[3] = Some(token);
            parts.count = Some(synthetic(token, node));
        }
    }
    Ok(parts)
}

fn object_parts(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Parts> {
    let entries = match to_mapping(node, ctx.version) {
        Ok(e) => e,
        Err(mut f) => {
            f.message = expected("a GPU spec like `A100:80GB:2`, a count, or a mapping", node);
            if matches!(node.value(), Value::Float(_)) {
                f = f.help(format!(
                    "GPU counts are whole numbers; to match a GPU name or memory, quote it: `\"{}\"`",
                    node.raw().unwrap_or("")
                ));
            }
            ctx.fail(path, node.span, f);
            return None;
        }
    };
    let mut parts = Parts::default();
    let mut bad = false;
    for (k, v) in entries.iter().cloned() {
        let slot = match key_str(&k) {
            Some("vendor") => &mut parts.vendor,
            Some("name") => &mut parts.name,
            Some("count") => &mut parts.count,
            Some("memory") => &mut parts.memory,
            Some("total_memory") => &mut parts.total_memory,
            Some("compute_capability") => &mut parts.compute_capability,
            _ => {
                super::unknown_key(ctx, path, &k, &KEYS);
                bad = true;
                continue;
            }
        };
        *slot = Some(v);
    }
    if bad {
        let _ = validate_parts(ctx, path, node, parts);
        return None;
    }
    Some(parts)
}

fn validate_parts(ctx: &mut Ctx, path: &Path, node: &Node, parts: Parts) -> Option<Json> {
    let before = ctx.error_count();
    let vendor = parts.vendor.as_ref().and_then(|v| vendor_json(ctx, &path.key("vendor"), v));
    let name = parts.name.as_ref().and_then(|v| names_json(ctx, &path.key("name"), v));
    let count = match &parts.count {
        None if ctx.version.pydantic2() => Some(range_json(Some(Num::int(1)), None, ctx.version)),
        None => Some(range_json(Some(Num::int(1)), Some(Num::int(1)), ctx.version)),
        Some(v) if matches!(v.value(), Value::Null) => {
            ctx.fail(&path.key("count"), v.span, super::null_fail("count", "a GPU count like `2` or `1..4`"));
            None
        }
        Some(v) => parse_range(ctx, &path.key("count"), v, Kind::Int),
    };
    let mut opt_range = |v: &Option<Node>, key: &str| -> Json {
        match v {
            Some(v) if !matches!(v.value(), Value::Null) => {
                parse_range(ctx, &path.key(key), v, Kind::Memory).unwrap_or(Json::Null)
            }
            _ => Json::Null,
        }
    };
    let memory = opt_range(&parts.memory, "memory");
    let total_memory = opt_range(&parts.total_memory, "total_memory");
    let cc = match &parts.compute_capability {
        Some(v) if !matches!(v.value(), Value::Null) => match compute_capability(v) {
            Ok((a, b)) => Json::Array(vec![a.json(), b.json()]),
            Err(f) => {
                ctx.fail(&path.key("compute_capability"), v.span, f);
                Json::Null
            }
        },
        _ => Json::Null,
    };
    let _ = node;
    if ctx.error_count() > before {
        return None;
    }
    Some(Json::Object(vec![
        ("vendor".into(), Json::opt(vendor)),
        ("name".into(), name.unwrap_or(Json::Null)),
        ("count".into(), count.unwrap_or(Json::Null)),
        ("memory".into(), memory),
        ("total_memory".into(), total_memory),
        ("compute_capability".into(), cc),
    ]))
}

/// A GPU spec with only vendor, names and count (the other parts null).
pub fn spec_json(vendor: Json, name: Json, count: Json) -> Json {
    Json::Object(vec![
        ("vendor".into(), vendor),
        ("name".into(), name),
        ("count".into(), count),
        ("memory".into(), Json::Null),
        ("total_memory".into(), Json::Null),
        ("compute_capability".into(), Json::Null),
    ])
}

fn vendor_json(ctx: &mut Ctx, path: &Path, v: &Node) -> Option<String> {
    match v.value() {
        Value::Null => None,
        Value::Str(s) => match vendor_from_str(s, ctx.version) {
            Some(vendor) => Some(vendor.to_string()),
            None => {
                ctx.fail(
                    path,
                    v.span,
                    Fail::new(
                        codes::INVALID_VENDOR,
                        format!("unknown GPU vendor `{s}`: expected `nvidia`, `amd`, `google` (or `tpu`) or `intel`"),
                        format!("{} is not a valid AcceleratorVendor", repr_str(&s.lower())),
                    ),
                );
                None
            }
        },
        _ => {
            ctx.fail(
                path,
                v.span,
                Fail::new(
                    codes::INVALID_VENDOR,
                    expected("a vendor name (`nvidia`, `amd`, `google`, `intel`)", v),
                    format!("Unsupported type: {}", py_repr(v)),
                ),
            );
            None
        }
    }
}

fn names_json(ctx: &mut Ctx, path: &Path, v: &Node) -> Option<Json> {
    if matches!(v.value(), Value::Null) {
        return Some(Json::Null);
    }
    let single = [v.clone()];
    let items: &[Node] = match v.value() {
        Value::Seq(_) => to_list(v).unwrap_or(&[]),
        _ => &single,
    };
    let mut names = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let item_path = if matches!(v.value(), Value::Seq(_)) { path.index(i) } else { *path };
        let text = match item.value() {
            Value::Str(s) => s.strip_prefix("tpu-").map_or_else(
                || s.clone(),
                |rest| {
                    ctx.push(tpu_prefix(&item_path, item.span, s, rest));
                    rest.to_string()
                },
            ),
            _ => match to_str(item, ctx.version) {
                Ok(s) => s,
                Err(mut f) => {
                    f.message = expected("a GPU name", item);
                    ctx.fail(&path.index(i), item.span, f);
                    ok = false;
                    continue;
                }
            },
        };
        names.push(Json::Str(text));
    }
    ok.then_some(Json::Array(names))
}

/// W011: a GPU name with the deprecated `tpu-` prefix, which dstack strips.
fn tpu_prefix(path: &Path, range: Range, name: &str, rest: &str) -> Diagnostic {
    Diagnostic::warning(
        Stage::Schema,
        codes::TPU_PREFIX,
        format!("the `tpu-` prefix is deprecated; dstack reads `{name}` as `{rest}`"),
    )
    .at(path.text(), range)
    .help(format!("write `{rest}` (dstack infers the TPU vendor), or `tpu:{rest}`"))
}

/// dstack's `ComputeCapability.validate`: `8.0`, `"8.6"`, `[8, 6]`.
fn compute_capability(v: &Node) -> Result<(PyInt, PyInt), Fail> {
    let invalid = |shown: String| {
        Fail::new(
            codes::INVALID_COMPUTE_CAPABILITY,
            expected("a compute capability like `8.0` or `\"8.6\"`", v),
            format!("Invalid compute capability: {shown}"),
        )
        .help("write `major.minor`, e.g. `compute_capability: 8.0`")
    };
    let parts: Vec<String> = match v.value() {
        Value::Float(f) => float_repr(*f).trim().split('.').map(str::to_string).collect(),
        Value::Str(s) => s.trim().split('.').map(str::to_string).collect(),
        Value::Seq(items) | Value::Set(items) => {
            if items.len() != 2 {
                return Err(invalid(py_repr(v)));
            }
            let int = |item: &Node| match item.value() {
                Value::Int(i) => Ok(PyInt::Small(*i)),
                Value::BigInt(digits) => Ok(PyInt::from_text(digits)),
                Value::Bool(b) => Ok(PyInt::Small(i128::from(*b))),
                Value::Float(f) if f.is_finite() => Ok(PyInt::from_float(*f)),
                Value::Str(s) => int_from_str(s).ok_or_else(|| int_literal_fail(v, s)),
                _ => Err(invalid(py_repr(v))),
            };
            return Ok((int(&items[0])?, int(&items[1])?));
        }
        _ => return Err(invalid(py_str(v))),
    };
    if parts.len() != 2 {
        let shown = format!("[{}]", parts.iter().map(|p| repr_str(p)).collect::<Vec<_>>().join(", "));
        return Err(invalid(shown));
    }
    let major = int_from_str(&parts[0]).ok_or_else(|| int_literal_fail(v, &parts[0]))?;
    let minor = int_from_str(&parts[1]).ok_or_else(|| int_literal_fail(v, &parts[1]))?;
    Ok((major, minor))
}

fn int_literal_fail(v: &Node, part: &str) -> Fail {
    Fail::new(
        codes::INVALID_COMPUTE_CAPABILITY,
        expected("a compute capability like `8.0` or `\"8.6\"`", v),
        format!("invalid literal for int() with base 10: {}", repr_str(part)),
    )
}
