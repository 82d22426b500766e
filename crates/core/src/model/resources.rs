//! `resources`: CPU, memory and shared memory, GPU and disk, with dstack 0.18.37's defaults.

use super::coerce::{expected, key_str, mapping_or_fail, to_mapping};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::range::{self, Kind, Num, parse_range, range_json};
use super::{gpu, null_fail, unknown_key};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

const RESOURCE_KEYS: [&str; 5] = ["cpu", "memory", "shm_size", "gpu", "disk"];

/// dstack's default `resources`: `cpu: 2..`, `memory: 8GB..`, `disk: 100GB..`, no GPU.
pub fn default_resources() -> Json {
    Json::Object(vec![
        ("cpu".into(), range_json(Some(Num::Int(2)), None)),
        ("memory".into(), range_json(Some(Num::Mem(8.0)), None)),
        ("shm_size".into(), Json::Null),
        ("gpu".into(), Json::Null),
        ("disk".into(), default_disk()),
    ])
}

fn default_disk() -> Json {
    Json::Object(vec![("size".into(), range_json(Some(Num::Mem(100.0)), None))])
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
    let cpu =
        required_range(ctx, "cpu", Kind::Int, range_json(Some(Num::Int(2)), None), "a CPU count like `4` or `2..8`");
    let memory = required_range(
        ctx,
        "memory",
        Kind::Memory,
        range_json(Some(Num::Mem(8.0)), None),
        "a memory size like `16GB..`",
    );
    let shm = match get("shm_size") {
        Some(v) if !matches!(v.value(), Value::Null) => match range::parse_memory(&v) {
            Ok(f) => Json::Float(f),
            Err(f) => {
                ctx.fail(&path.key("shm_size"), v.span, f);
                Json::Null
            }
        },
        _ => Json::Null,
    };
    let gpu = match get("gpu") {
        Some(v) if !matches!(v.value(), Value::Null) => gpu::parse_gpu(ctx, &path.key("gpu"), &v).unwrap_or(Json::Null),
        _ => Json::Null,
    };
    let disk = match get("disk") {
        None => default_disk(),
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
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
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
