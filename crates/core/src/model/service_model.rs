//! A service's `model`: the model name dstack's OpenAI-compatible endpoint serves, as a name
//! (an `openai`-format model at `/v1`) or a mapping chosen by its `format` (`openai` or `tgi`).
//!
//! dstack reports the errors inside the mapping under the union member it tried
//! (`model.OpenAIChatModelRequest.name`, `model.openai.name`), so they are located at `model`.

use super::coerce::{describe, key_str, py_repr, py_str, to_mapping, to_str};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::{literal_fail, null_fail};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// The formats dstack serves, in its discriminator's order.
/// The APIs a model may speak.
pub(crate) const FORMATS: [&str; 2] = ["tgi", "openai"];

/// A non-null `model` value.
pub fn parse_model(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let v2 = ctx.version.pydantic2();
    // A discriminated union reads the tag off a mapping only: a list of pairs is no model.
    let mapping = match n.value() {
        Value::Map(_) => to_mapping(n, ctx.version).ok(),
        _ => None,
    };
    let Some(entries) = mapping else {
        let as_name = if v2 && !matches!(n.value(), Value::Str(_)) { None } else { to_str(n, ctx.version).ok() };
        return match as_name {
            Some(name) => Some(openai(Json::str("chat"), Json::Str(name), Json::str("/v1"))),
            None => {
                let dstack = if v2 {
                    "Input should be a valid dictionary or object to extract fields from"
                } else {
                    "str type expected"
                };
                let f = Fail::new(
                    codes::INVALID_MODEL,
                    format!("expected a model name or a mapping with `name` and `format`, found {}", describe(n)),
                    dstack,
                )
                .help("write the model name, e.g. `model: meta-llama/Llama-3.1-8B-Instruct`");
                ctx.fail(path, n.span, f);
                None
            }
        };
    };
    let value = |key: &str| entries.iter().find(|(k, _)| key_str(k) == Some(key)).map(|(_, v)| v);
    let Some(format_node) = value("format") else {
        let dstack = if v2 {
            "Unable to extract tag using discriminator 'format'"
        } else {
            "Discriminator 'format' is missing in value"
        };
        let f = Fail::new(codes::INVALID_MODEL, "the `model` mapping needs `format`: `openai` or `tgi`", dstack)
            .help("add `format: openai` (the server speaks OpenAI's API) or `format: tgi`");
        ctx.fail(path, n.span, f);
        return None;
    };
    let format = match format_node.value() {
        Value::Str(s) if FORMATS.contains(&s.as_str()) => s.clone(),
        _ => {
            let dstack = if v2 {
                format!(
                    "Input tag '{}' found using 'format' does not match any of the expected tags: 'tgi', 'openai'",
                    py_str(format_node)
                )
            } else {
                format!(
                    "No match for discriminator 'format' and value {} (allowed values: 'tgi', 'openai')",
                    py_repr(format_node)
                )
            };
            let f = Fail::new(
                codes::INVALID_MODEL,
                format!("the model `format` is `openai` or `tgi`, found {}", describe(format_node)),
                dstack,
            )
            .help("use `format: openai` for servers with an OpenAI-compatible API (vLLM, SGLang, TGI's Messages API)");
            ctx.fail(path, format_node.span, f);
            return None;
        }
    };
    let known: &[&str] = if format == "tgi" {
        &["type", "name", "format", "chat_template", "eos_token"]
    } else {
        &["type", "name", "format", "prefix"]
    };
    let before = ctx.error_count();
    for (k, _) in entries.iter() {
        if key_str(k).is_none_or(|s| !known.contains(&s)) {
            let listed = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            let f = Fail::new(
                codes::UNKNOWN_FIELD,
                format!("unknown key `{}` in a `{format}` model: it has {listed}", py_str(k)),
                "extra fields not permitted",
            );
            ctx.fail(path, k.span, f);
        }
    }
    let ty = match value("type") {
        None => Some(Json::str("chat")),
        Some(v) if matches!(v.value(), Value::Null) && !v2 => {
            ctx.fail(path, v.span, null_fail("model.type", "`chat`"));
            None
        }
        Some(v) if matches!(v.value(), Value::Str(s) if s == "chat") => Some(Json::str("chat")),
        Some(v) => {
            ctx.fail(path, v.span, literal_fail(ctx.version, v, &["chat"]));
            None
        }
    };
    let name = match value("name") {
        None => {
            let f = Fail::new(codes::MISSING_FIELD, "the `model` mapping needs `name`", "field required")
                .help("add `name:` with the model name clients ask for");
            ctx.fail(path, n.span, f);
            None
        }
        Some(v) => text(ctx, path, v, "name", false),
    };
    let mut optional = |key: &str| value(key).map_or(Some(Json::Null), |v| text(ctx, path, v, key, true));
    let tail = if format == "tgi" {
        (optional("chat_template"), optional("eos_token"))
    } else {
        (value("prefix").map_or(Some(Json::str("/v1")), |v| text(ctx, path, v, "prefix", false)), Some(Json::Null))
    };
    let unknown_only = ctx.diags[before..].iter().all(|d| d.code == codes::UNKNOWN_FIELD);
    if ctx.error_count() > before && !(v2 && unknown_only) {
        return None;
    }
    let (ty, name) = (ty?, name?);
    Some(match (format.as_str(), tail) {
        ("tgi", (Some(template), Some(eos))) => Json::Object(vec![
            ("type".into(), ty),
            ("name".into(), name),
            ("format".into(), Json::str("tgi")),
            ("chat_template".into(), template),
            ("eos_token".into(), eos),
        ]),
        (_, (Some(prefix), _)) => openai(ty, name, prefix),
        _ => return None,
    })
}

fn openai(ty: Json, name: Json, prefix: Json) -> Json {
    Json::Object(vec![
        ("type".into(), ty),
        ("name".into(), name),
        ("format".into(), Json::str("openai")),
        ("prefix".into(), prefix),
    ])
}

/// A text field of the model mapping (`optional`: null allowed).
fn text(ctx: &mut Ctx, path: &Path, v: &Node, key: &str, optional: bool) -> Option<Json> {
    if matches!(v.value(), Value::Null) {
        if optional {
            return Some(Json::Null);
        }
        let mut f = null_fail(&format!("model.{key}"), "a string");
        if ctx.version.pydantic2() {
            f.dstack = "Input should be a valid string".into();
        }
        ctx.fail(path, v.span, f);
        return None;
    }
    match to_str(v, ctx.version) {
        Ok(s) => Some(Json::Str(s)),
        Err(mut f) => {
            f.message = format!("the model's `{key}` must be text, found {}", describe(v));
            ctx.fail(path, v.span, f);
            None
        }
    }
}
