//! `volumes` items: `name:/path`, `/host:/path`, `{name, path}`, `{instance_path, path}`.

use super::coerce::{expected, key_str, to_bool, to_list, to_mapping, to_str};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// dstack's `_validate_mount_point_path`: absolute, no `..`, normalized like `PurePosixPath`.
pub fn normalize_mount_path(p: &str) -> Result<String, Fail> {
    if p.is_empty() {
        return Err(Fail::new(codes::INVALID_VOLUME, "the path is empty", "empty path")
            .help("give an absolute path like `/data`"));
    }
    if !p.starts_with('/') {
        return Err(Fail::new(
            codes::INVALID_VOLUME,
            format!("the path `{p}` is not absolute"),
            format!("path must be absolute: {p}"),
        )
        .help(format!("write `/{}`", p.trim_start_matches("./"))));
    }
    let segments: Vec<&str> = p.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    if segments.contains(&"..") {
        return Err(Fail::new(
            codes::INVALID_VOLUME,
            format!("the path `{p}` contains `..`"),
            format!(".. are not allowed: {p}"),
        )
        .help("write the path without `..` segments"));
    }
    // POSIX keeps exactly two leading slashes; three or more collapse to one.
    let lead = if p.starts_with("//") && !p.starts_with("///") { "//" } else { "/" };
    Ok(format!("{lead}{}", segments.join("/")))
}

fn check_path(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<String> {
    let text = match to_str(node, ctx.version) {
        Ok(t) => t,
        Err(mut f) => {
            f.message = expected("an absolute path", node);
            ctx.fail(path, node.span, f);
            return None;
        }
    };
    match normalize_mount_path(&text) {
        Ok(p) => Some(p),
        Err(f) => {
            ctx.fail(path, node.span, f);
            None
        }
    }
}

/// Validates one `volumes` item.
pub fn parse_volume(ctx: &mut Ctx, path: &Path, item: &Node) -> Option<Json> {
    match item.value() {
        Value::Null => {
            ctx.fail(path, item.span, super::null_fail("a volume", "`name:/path` or `/host/path:/path`"));
            None
        }
        // 0.22.5 parses only strings as the short form; other scalars must be a mount point model.
        Value::Int(_) | Value::BigInt(_) | Value::Float(_) | Value::Bool(_) if ctx.version.pydantic2() => {
            ctx.fail(
                path,
                item.span,
                Fail::new(
                    codes::INVALID_VOLUME,
                    format!("expected `name:/path` or `/host/path:/path`, found {}", super::coerce::describe(item)),
                    "Input should be a valid dictionary or instance of VolumeMountPoint",
                ),
            );
            None
        }
        Value::Str(_) | Value::Int(_) | Value::BigInt(_) | Value::Float(_) | Value::Bool(_) => {
            short_form(ctx, path, item)
        }
        _ => object_form(ctx, path, item),
    }
}

fn short_form(ctx: &mut Ctx, path: &Path, item: &Node) -> Option<Json> {
    let text = to_str(item, ctx.version).ok()?;
    let parts: Vec<&str> = text.split(':').collect();
    let [src, dest] = parts.as_slice() else {
        ctx.fail(
            path,
            item.span,
            Fail::new(
                codes::INVALID_VOLUME,
                format!("expected `name:/path` or `/host/path:/path`, found `{text}`"),
                format!("invalid mount point format: {text}"),
            )
            .help(if parts.len() > 2 {
                "a mount point has exactly one `:`; options like `:ro` are not supported".to_string()
            } else {
                format!("add the container path: `{text}:/data`")
            }),
        );
        return None;
    };
    let dest_path = normalize_mount_path(dest);
    if src.contains('/') {
        let src_path = normalize_mount_path(src);
        let (mut ok, mut out) = (true, Vec::new());
        match src_path {
            Ok(p) => out.push(("instance_path".into(), Json::Str(p))),
            Err(f) => {
                ctx.fail(&path.key("instance_path"), item.span, f);
                ok = false;
            }
        }
        match dest_path {
            Ok(p) => out.push(("path".into(), Json::Str(p))),
            Err(f) => {
                ctx.fail(&path.key("path"), item.span, f);
                ok = false;
            }
        }
        if ctx.version.pydantic2() {
            out.push(("optional".into(), Json::Bool(false)));
        }
        ok.then_some(Json::Object(out))
    } else {
        match dest_path {
            Ok(p) => Some(Json::Object(vec![("name".into(), Json::str(*src)), ("path".into(), Json::Str(p))])),
            Err(f) => {
                ctx.fail(&path.key("path"), item.span, f);
                None
            }
        }
    }
}

fn object_form(ctx: &mut Ctx, path: &Path, item: &Node) -> Option<Json> {
    let entries = match to_mapping(item, ctx.version) {
        Ok(e) => e,
        Err(mut f) => {
            f.message = expected("`name:/path`, `/host/path:/path` or a mapping with `path`", item);
            f.dstack = "str type expected".into();
            ctx.fail(path, item.span, f);
            return None;
        }
    };
    let has = |k: &str| entries.iter().any(|(key, _)| key_str(key) == Some(k));
    // 0.22.5's instance mount points have `optional: bool = false`.
    let instance_keys: &[&str] =
        if ctx.version.pydantic2() { &["instance_path", "path", "optional"] } else { &["instance_path", "path"] };
    let known: &[&str] = if has("instance_path") && !has("name") { instance_keys } else { &["name", "path"] };
    let before = ctx.error_count();
    if has("instance_path") && has("name") {
        ctx.fail(
            path,
            item.span,
            Fail::new(
                codes::INVALID_VOLUME,
                "a volume has either `name` (a network volume) or `instance_path` (a folder of the instance), not both",
                "extra fields not permitted",
            ),
        );
    }
    let (mut name, mut instance_path, mut mount, mut optional) = (None, None, None, false);
    for (k, v) in entries.iter() {
        match key_str(k) {
            Some("path") => mount = check_path(ctx, &path.key("path"), v),
            Some("instance_path") if known.contains(&"instance_path") => {
                instance_path = check_path(ctx, &path.key("instance_path"), v);
            }
            Some("name") if known.contains(&"name") => name = volume_name(ctx, &path.key("name"), v),
            Some("optional") if known.contains(&"optional") => match to_bool(v, ctx.version) {
                Ok(b) => optional = b,
                Err(f) => ctx.fail(&path.key("optional"), v.span, f),
            },
            Some("instance_path" | "name") => {}
            _ => super::unknown_key(ctx, path, k, known),
        }
    }
    for required in known.iter().filter(|k| **k != "optional") {
        if !has(required) {
            ctx.fail(
                path,
                item.span,
                Fail::new(codes::MISSING_FIELD, format!("the volume needs `{required}`"), "field required").help(
                    if *required == "path" {
                        "add `path: /mount/point`".to_string()
                    } else {
                        format!("add `{required}`")
                    },
                ),
            );
        }
    }
    if ctx.error_count() > before {
        return None;
    }
    match (name, instance_path, mount) {
        (Some(n), None, Some(p)) => Some(Json::Object(vec![("name".into(), n), ("path".into(), Json::Str(p))])),
        (None, Some(i), Some(p)) => {
            let mut out = vec![("instance_path".into(), Json::Str(i)), ("path".into(), Json::Str(p))];
            if ctx.version.pydantic2() {
                out.push(("optional".into(), Json::Bool(optional)));
            }
            Some(Json::Object(out))
        }
        _ => None,
    }
}

/// `name`: a string, or a list of strings ("mount one of these").
fn volume_name(ctx: &mut Ctx, path: &Path, v: &Node) -> Option<Json> {
    if let Ok(s) = to_str(v, ctx.version) {
        return Some(Json::Str(s));
    }
    let items = match to_list(v) {
        Ok(items) => items,
        Err(_) => {
            ctx.fail(
                path,
                v.span,
                Fail::new(codes::INVALID_TYPE, expected("a volume name or a list of names", v), "str type expected"),
            );
            return None;
        }
    };
    let mut names = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match to_str(item, ctx.version) {
            Ok(s) => names.push(Json::Str(s)),
            Err(f) => {
                ctx.fail(&path.index(i), item.span, f);
                ok = false;
            }
        }
    }
    ok.then_some(Json::Array(names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_normalization() {
        assert_eq!(normalize_mount_path("/path/./to///dir/").unwrap(), "/path/to/dir");
        assert_eq!(normalize_mount_path("/data/.").unwrap(), "/data");
        assert_eq!(normalize_mount_path("//data").unwrap(), "//data");
        assert_eq!(normalize_mount_path("///data").unwrap(), "/data");
        assert_eq!(normalize_mount_path("/").unwrap(), "/");
        assert_eq!(normalize_mount_path("/data/..x").unwrap(), "/data/..x");
        assert_eq!(normalize_mount_path("/path/../to").unwrap_err().dstack, ".. are not allowed: /path/../to");
        assert_eq!(normalize_mount_path("rel").unwrap_err().dstack, "path must be absolute: rel");
        assert_eq!(normalize_mount_path("").unwrap_err().dstack, "empty path");
    }
}
