//! `env`: a list of `KEY=VALUE` / `KEY` items, or a mapping.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::coerce::{describe, expected, key_str, to_list, to_mapping, to_str};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use crate::codes;
use crate::diagnostic::{Severity, Stage};
use crate::json::Json;
use crate::yaml::{Node, Value};

fn placeholder(key: &str) -> Json {
    Json::Object(vec![("key".into(), Json::str(key))])
}

/// Validates a non-null `env` value.
pub fn parse_env(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Json> {
    match node.value() {
        Value::Seq(_) | Value::Set(_) => {
            // pydantic tries the list form first, then `dict(value)`: a list of pairs is a mapping.
            let mut list_ctx = Ctx::default();
            let list = list_form(&mut list_ctx, path, node);
            if list.is_none() && to_mapping(node).is_ok() {
                return map_form(ctx, path, node);
            }
            ctx.diags.extend(list_ctx.diags);
            list
        }
        Value::Map(_) => map_form(ctx, path, node),
        _ => {
            ctx.fail(
                path,
                node.span,
                Fail::new(
                    codes::INVALID_TYPE,
                    expected("a list of `KEY=VALUE` items or a mapping", node),
                    "value is not a valid list",
                )
                .help("write `env:` followed by `- KEY=VALUE` lines, or `KEY: value` lines"),
            );
            None
        }
    }
}

fn list_form(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Json> {
    let items = to_list(node).ok()?;
    let mut out: Vec<(crate::json::Key, Json)> = Vec::with_capacity(items.len());
    // Names already set, so a long list is checked in linear time; borrowed from the document
    // for text items, so the set costs no copies.
    let mut seen: HashSet<Cow<'_, str>> = HashSet::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let text = match item.value() {
            Value::Str(s) => Ok(Cow::Borrowed(s.as_str())),
            _ => to_str(item).map(Cow::Owned),
        };
        let text = match text {
            Ok(t) => t,
            Err(mut f) => {
                f.message = expected("a `KEY=VALUE` or `KEY` item", item);
                if let Value::Map(entries) = item.value()
                    && let [(k, v)] = entries.as_slice()
                {
                    let (k, v) = (k.raw().unwrap_or_default(), v.raw().unwrap_or_default());
                    f = f.help(format!("the list form takes `KEY=VALUE` text: write `- {k}={v}`"));
                }
                ctx.fail(&path.index(i), item.span, f);
                ok = false;
                continue;
            }
        };
        let (key, value) = match text.split_once('=') {
            Some((k, v)) => (k.to_string(), Json::str(v)),
            None => {
                ctx.note(
                    Severity::Info,
                    Stage::Apply,
                    codes::ENV_PLACEHOLDER,
                    &path.index(i),
                    item.span,
                    format!("`{text}` takes its value from your shell's environment when you run `dstack apply`"),
                    Some(format!("make sure `{text}` is set, or write `{text}=value`")),
                );
                (text.to_string(), placeholder(&text))
            }
        };
        let name = match &text {
            Cow::Borrowed(t) => Cow::Borrowed(t.split_once('=').map_or(*t, |(k, _)| k)),
            Cow::Owned(_) => Cow::Owned(key.clone()),
        };
        if !seen.insert(name) {
            ctx.fail(
                path,
                item.span,
                Fail::new(
                    codes::DUPLICATE_ENV,
                    format!("the environment variable `{key}` is set twice"),
                    format!("Duplicate environment variable: {text}"),
                )
                .help("remove one of the two entries"),
            );
            ok = false;
            continue;
        }
        out.push((key.into(), value));
    }
    ok.then_some(Json::Object(out))
}

fn map_form(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Json> {
    let entries = to_mapping(node).ok()?;
    let mut out: Vec<(crate::json::Key, Json)> = Vec::new();
    // Where each name is in `out`, so a long mapping is checked in linear time.
    let mut slots: HashMap<String, usize> = HashMap::new();
    let mut ok = true;
    for (k, v) in entries.iter() {
        let key = match to_str(k) {
            Ok(key) => key,
            Err(mut f) => {
                if matches!(k.value(), Value::Null) {
                    f = Fail::new(
                        codes::NULL_NOT_ALLOWED,
                        "an environment variable name is empty (null)",
                        "none is not an allowed value",
                    );
                }
                ctx.fail(path, k.span, f);
                ok = false;
                continue;
            }
        };
        let value_path = path.key(&key);
        let value = match v.value() {
            Value::Null => {
                ctx.fail(
                    &value_path,
                    v.span,
                    Fail::new(codes::NULL_NOT_ALLOWED, format!("`{key}` has no value"), "none is not an allowed value")
                        .help(format!("write `{key}: \"\"` for an empty value, or use the list form `- {key}` to take it from your shell")),
                );
                ok = false;
                continue;
            }
            Value::Map(_) => match sentinel(ctx, &value_path, v) {
                Some(j) => j,
                None => {
                    ok = false;
                    continue;
                }
            },
            _ => match to_str(v) {
                Ok(s) => Json::Str(s),
                Err(_) => {
                    ctx.fail(
                        &value_path,
                        v.span,
                        Fail::new(
                            codes::INVALID_TYPE,
                            format!("the value of `{key}` must be text, found {}", describe(v)),
                            "str type expected",
                        ),
                    );
                    ok = false;
                    continue;
                }
            },
        };
        match slots.get(&key) {
            Some(&slot) => out[slot].1 = value,
            None => {
                slots.insert(key.clone(), out.len());
                out.push((key.into(), value));
            }
        }
    }
    ok.then_some(Json::Object(out))
}

/// `{key: NAME}`: dstack's `EnvSentinel`, an unset placeholder.
fn sentinel(ctx: &mut Ctx, path: &Path, v: &Node) -> Option<Json> {
    let entries = to_mapping(v).ok()?;
    let mut key = None;
    let before = ctx.error_count();
    for (k, val) in entries.iter() {
        if key_str(k) == Some("key") {
            match to_str(val) {
                Ok(s) => key = Some(s),
                Err(f) => ctx.fail(&path.key("key"), val.span, f),
            }
        } else {
            super::unknown_key(ctx, path, k, &["key"]);
        }
    }
    if key.is_none() && ctx.error_count() == before {
        ctx.fail(
            path,
            v.span,
            Fail::new(codes::INVALID_TYPE, "an environment value must be text", "value is not a valid dict")
                .help("quote the value"),
        );
    }
    if ctx.error_count() > before {
        return None;
    }
    key.map(|k| placeholder(&k))
}
