//! `resources`: CPU, memory and shared memory, GPU and disk, with dstack 0.18.37's defaults.

use super::coerce::{expected, key_str, mapping_or_fail, to_mapping};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::range::{self, Kind, Num, parse_range, range_json};
use super::{gpu, null_fail, unknown_key};
use crate::codes;
use crate::json::Json;
use crate::version::DstackVersion;
use crate::yaml::lower::Lower;
use crate::yaml::{Node, Value};

const RESOURCE_KEYS: [&str; 5] = ["cpu", "memory", "shm_size", "gpu", "disk"];

/// dstack's default `resources`: `cpu: 2..`, `memory: 8GB..`, `disk: 100GB..`; no GPU in
/// 0.18.37, any number of GPUs (`0..`) from 0.22.5.
pub fn default_resources(version: DstackVersion) -> Json {
    Json::Object(vec![
        ("cpu".into(), default_cpu(version)),
        ("memory".into(), range_json(Some(Num::Mem(8.0)), None, version)),
        ("shm_size".into(), Json::Null),
        ("gpu".into(), default_gpu(version)),
        ("disk".into(), default_disk(version)),
    ])
}

/// [`default_resources`] built once per process, for the compared runs that read an omitted
/// `resources` without keeping it ([`super::compared`]). Native only, as those runs' reading is:
/// a once-cell's code would grow the page's module.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn shared_default_resources(version: DstackVersion) -> &'static Json {
    static DEFAULTS: [std::sync::OnceLock<Json>; DstackVersion::SUPPORTED.len()] =
        [const { std::sync::OnceLock::new() }; DstackVersion::SUPPORTED.len()];
    DEFAULTS[version as usize].get_or_init(|| default_resources(version))
}

/// The `cpu` and `gpu` of a resources value (the value itself when it is not an object): what
/// the notes on two releases' readings compare of a fleet's resources (`across_versions`).
/// Native only, as the compared reading is.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn cpu_and_gpu(resources: &Json) -> Json {
    match resources {
        Json::Object(entries) => {
            Json::Object(entries.iter().filter(|(k, _)| k == "cpu" || k == "gpu").cloned().collect())
        }
        other => other.clone(),
    }
}

/// `cpu: 2..`: a count range in 0.18.37, a CPU spec `{arch, count}` from 0.22.5.
fn default_cpu(version: DstackVersion) -> Json {
    cpu_json(version, Json::Null, range_json(Some(Num::int(2)), None, version))
}

fn cpu_json(version: DstackVersion, arch: Json, count: Json) -> Json {
    if version.pydantic2() { Json::Object(vec![("arch".into(), arch), ("count".into(), count)]) } else { count }
}

fn default_gpu(version: DstackVersion) -> Json {
    if version.pydantic2() {
        gpu::spec_json(Json::Null, Json::Null, range_json(Some(Num::int(0)), None, version))
    } else {
        Json::Null
    }
}

fn default_disk(version: DstackVersion) -> Json {
    Json::Object(vec![("size".into(), range_json(Some(Num::Mem(100.0)), None, version))])
}

/// Validates a non-null `resources` value.
pub fn parse_resources(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let entries = match to_mapping(n, ctx.version) {
        Ok(e) => e,
        Err(mut f) => {
            f.message = expected("a mapping with `cpu`, `memory`, `gpu`, `disk` or `shm_size`", n);
            if matches!(n.value(), Value::Str(_)) {
                f = f.help("write `resources:` then indented lines such as `gpu: A100`");
            }
            ctx.fail(path, n.span, f);
            return None;
        }
    };
    let before = ctx.error_count();
    let get = |key: &str| entries.iter().find(|(k, _)| key_str(k) == Some(key)).map(|(_, v)| v.clone());
    for (k, _) in entries.iter() {
        if key_str(k).is_none_or(|s| !RESOURCE_KEYS.contains(&s)) {
            unknown_key(ctx, path, k, &RESOURCE_KEYS);
        }
    }
    let required_range = |ctx: &mut Ctx, key: &str, kind: Kind, default: Json, what: &str| -> Json {
        match get(key) {
            None => default,
            Some(v) if matches!(v.value(), Value::Null) => {
                ctx.fail(&path.key(key), v.span, null_fail(key, what));
                Json::Null
            }
            Some(v) => parse_range(ctx, &path.key(key), &v, kind).unwrap_or(Json::Null),
        }
    };
    let cpu = match get("cpu") {
        Some(v) if ctx.version.pydantic2() && !matches!(v.value(), Value::Null) => {
            cpu_spec(ctx, &path.key("cpu"), &v).unwrap_or(Json::Null)
        }
        _ => required_range(ctx, "cpu", Kind::Int, default_cpu(ctx.version), "a CPU count like `4` or `2..8`"),
    };
    let memory = required_range(
        ctx,
        "memory",
        Kind::Memory,
        range_json(Some(Num::Mem(8.0)), None, ctx.version),
        "a memory size like `16GB..`",
    );
    let shm = match get("shm_size") {
        Some(v) if !matches!(v.value(), Value::Null) => match range::parse_memory(&v) {
            Ok(f) => ctx.float_json(f),
            Err(f) => {
                ctx.fail(&path.key("shm_size"), v.span, f);
                Json::Null
            }
        },
        _ => Json::Null,
    };
    let gpu = match get("gpu") {
        Some(v) if !matches!(v.value(), Value::Null) => gpu::parse_gpu(ctx, &path.key("gpu"), &v).unwrap_or(Json::Null),
        Some(_) => Json::Null,
        None => default_gpu(ctx.version),
    };
    let disk = match get("disk") {
        None => default_disk(ctx.version),
        Some(v) if matches!(v.value(), Value::Null) => Json::Null,
        Some(v) => disk(ctx, &path.key("disk"), &v).unwrap_or(Json::Null),
    };
    if ctx.error_count() > before {
        return None;
    }
    Some(Json::Object(vec![
        ("cpu".into(), cpu),
        ("memory".into(), memory),
        ("shm_size".into(), shm),
        ("gpu".into(), gpu),
        ("disk".into(), disk),
    ]))
}

fn disk(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let size = match n.value() {
        Value::Str(_) | Value::Int(_) | Value::BigInt(_) | Value::Float(_) | Value::Bool(_) => {
            parse_range(ctx, &path.key("size"), n, Kind::Memory)?
        }
        _ => {
            let entries = mapping_or_fail(ctx, path, n, "a disk size like `100GB..` or a mapping with `size`")?;
            let before = ctx.error_count();
            let mut size = None;
            for (k, v) in entries.iter() {
                if key_str(k) == Some("size") {
                    if matches!(v.value(), Value::Null) {
                        ctx.fail(&path.key("size"), v.span, null_fail("size", "a disk size like `100GB..`"));
                    } else {
                        size = parse_range(ctx, &path.key("size"), v, Kind::Memory);
                    }
                } else {
                    unknown_key(ctx, path, k, &["size"]);
                }
            }
            if !entries.iter().any(|(k, _)| key_str(k) == Some("size")) {
                ctx.fail(
                    &path.key("size"),
                    n.span,
                    Fail::new(codes::MISSING_FIELD, "`disk` needs `size`", "field required")
                        .help("write `disk: 100GB..` or `disk: {size: 100GB..}`"),
                );
            }
            if ctx.error_count() > before {
                return None;
            }
            size?
        }
    };
    Some(Json::Object(vec![("size".into(), size)]))
}

/// dstack 0.22.5's `CPUSpec.parse`: a count, `arch`, `arch:count` or `count:arch`, a `{min, max}`
/// count range, or `{arch, count}`.
fn cpu_spec(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let text = match n.value() {
        Value::Int(i) => Some(i.to_string()),
        Value::BigInt(digits) => Some(digits.clone()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        Value::Str(s) => Some(s.clone()),
        _ => None,
    };
    if let Some(text) = text {
        return cpu_spec_text(ctx, path, n, &text);
    }
    let entries = mapping_or_fail(ctx, path, n, "a CPU count like `4`, `2..8`, `arm:8`, or a mapping")?;
    let before = ctx.error_count();
    let is_count = !entries.is_empty() && entries.iter().all(|(k, _)| matches!(key_str(k), Some("min" | "max")));
    if is_count {
        let count = parse_range(ctx, &path.key("count"), n, Kind::Int)?;
        return Some(cpu_json(ctx.version, Json::Null, count));
    }
    let (mut arch, mut count) = (Json::Null, range_json(Some(Num::int(2)), None, ctx.version));
    for (k, v) in entries.iter() {
        match key_str(k) {
            Some("arch") => match v.value() {
                Value::Null => arch = Json::Null,
                Value::Str(s) => match cpu_arch(s) {
                    Some(a) => arch = Json::str(a),
                    None => ctx.fail(
                        &path.key("arch"),
                        v.span,
                        arch_fail(
                            s,
                            &format!("{} is not a valid CPUArchitecture", crate::python::repr_str(&s.lower())),
                        ),
                    ),
                },
                _ => ctx.fail(
                    &path.key("arch"),
                    v.span,
                    Fail::new(codes::INVALID_ENUM, expected("`x86` or `arm`", v), "Input should be 'x86' or 'arm'"),
                ),
            },
            Some("count") => {
                if matches!(v.value(), Value::Null) {
                    ctx.fail(&path.key("count"), v.span, null_fail("count", "a CPU count like `4` or `2..8`"));
                } else if let Some(c) = parse_range(ctx, &path.key("count"), v, Kind::Int) {
                    count = c;
                }
            }
            _ => unknown_key(ctx, path, k, &["arch", "count"]),
        }
    }
    (ctx.error_count() == before).then(|| cpu_json(ctx.version, arch, count))
}

fn cpu_spec_text(ctx: &mut Ctx, path: &Path, n: &Node, text: &str) -> Option<Json> {
    let compact = text.replace(' ', "");
    let (mut arch, mut count) = (None, None);
    for token in compact.split(':') {
        let dstack = if token.is_empty() {
            Some(format!("Value error, CPU spec contains empty token: {text}"))
        } else if token.contains("..") || (!token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())) {
            count.replace(token.to_string()).map(|_| format!("Value error, CPU spec count conflict: {text}"))
        } else {
            match cpu_arch(token) {
                Some(a) => arch.replace(a).map(|_| format!("Value error, CPU spec arch conflict: {text}")),
                None => Some(format!("Value error, Invalid CPU architecture: {text}")),
            }
        };
        if let Some(dstack) = dstack {
            ctx.fail(path, n.span, arch_fail(text, &dstack));
            return None;
        }
    }
    let count = match count {
        Some(c) => {
            let node = Node::new(Value::Str(c.clone()), Some(crate::yaml::ScalarStyle::Plain), Some(c), n.span);
            parse_range(ctx, &path.key("count"), &node, Kind::Int)?
        }
        None => range_json(Some(Num::int(2)), None, ctx.version),
    };
    Some(cpu_json(ctx.version, Json::opt(arch.map(str::to_string)), count))
}

/// gpuhunt's `CPUArchitecture.cast`.
fn cpu_arch(token: &str) -> Option<&'static str> {
    match token.lower().as_str() {
        "x86" => Some("x86"),
        "arm" => Some("arm"),
        _ => None,
    }
}

fn arch_fail(text: &str, dstack: &str) -> Fail {
    Fail::new(
        codes::INVALID_RANGE,
        format!("expected a CPU spec like `4`, `2..8`, `arm` or `arm:8`, found `{text}`"),
        dstack,
    )
    .help("the architecture is `x86` or `arm`; the count is a number or a range like `2..8`")
}
