//! `env`: a list of `KEY=VALUE` / `KEY` items, or a mapping.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::coerce::{describe, expected, key_str, to_list, to_mapping, to_str};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
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
            let mut list_ctx = Ctx::new(ctx.version);
            list_ctx.quiet = ctx.quiet;
            let list = list_form(&mut list_ctx, path, node);
            if list.is_none() && to_mapping(node, ctx.version).is_ok() {
                return map_form(ctx, path, node);
            }
            ctx.diags.extend(list_ctx.diags);
            list
        }
        Value::Map(_) => map_form(ctx, path, node),
        // pydantic 1 reads `''` as `dict('')`, an empty mapping.
        Value::Str(s) if s.is_empty() && !ctx.version.pydantic2() => Some(Json::Object(Vec::new())),
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

/// I001: `- NAME` takes its value from the shell of `dstack apply`; only placed for another
/// release's run ([`Ctx::quiet`]), which reads no wording.
fn env_placeholder(ctx: &Ctx, path: &Path, range: Range, name: &str) -> Diagnostic {
    if ctx.quiet {
        return Diagnostic::info(Stage::Apply, codes::ENV_PLACEHOLDER, String::new()).at(path.text(), range);
    }
    Diagnostic::info(
        Stage::Apply,
        codes::ENV_PLACEHOLDER,
        format!("`{name}` takes its value from your shell's environment when you run `dstack apply`"),
    )
    .at(path.text(), range)
    .help(format!("make sure `{name}` is set, or write `{name}=value`"))
}

fn list_form(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Json> {
    let items = to_list(node).ok()?;
    let mut out: Vec<(crate::json::Key, Json)> = Vec::with_capacity(items.len());
    // Names already set, so a long list is checked in linear time; borrowed from the document
    // for text items, so the set costs no copies. A short list's names are looked for in `out`
    // (they are its keys): hashing them cost more than the scan.
    let long = items.len() > SHORT;
    let mut seen: HashSet<Cow<'_, str>> = HashSet::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let text = match item.value() {
            Value::Str(s) => Ok(Cow::Borrowed(s.as_str())),
            _ => to_str(item, ctx.version).map(Cow::Owned),
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
        if ctx.version.pydantic2() && !env_item_matches(&text) {
            ctx.fail(
                &path.index(i),
                item.span,
                Fail::new(
                    codes::INVALID_TYPE,
                    format!(
                        "expected `NAME=value` or `NAME` (a letter or `_`, then letters, digits, `_`), found `{text}`"
                    ),
                    format!("String should match pattern '{ENV_ITEM_PATTERN}'"),
                )
                .help("write each item as `NAME=value`"),
            );
            ok = false;
            continue;
        }
        let (key, value) = match text.split_once('=') {
            Some((k, v)) => (k.to_string(), Json::str(v)),
            None => {
                ctx.push(env_placeholder(ctx, &path.index(i), item.span, &text));
                (text.to_string(), placeholder(&text))
            }
        };
        let set_before = if long {
            let name = match &text {
                Cow::Borrowed(t) => Cow::Borrowed(t.split_once('=').map_or(*t, |(k, _)| k)),
                Cow::Owned(_) => Cow::Owned(key.clone()),
            };
            !seen.insert(name)
        } else {
            out.iter().any(|(k, _)| *k == key)
        };
        if set_before {
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

/// The most names of `env` looked for by a scan rather than in a hash table.
const SHORT: usize = 16;

/// The pattern dstack 0.22.5 gives list items of `env`.
const ENV_ITEM_PATTERN: &str = "^([a-zA-Z_][a-zA-Z0-9_]*)(=.*$|$)";

/// [`ENV_ITEM_PATTERN`] as pydantic-core's regex engine reads it (`.` stops at a newline, `$` is the end).
fn env_item_matches(text: &str) -> bool {
    let (name, value) = text.split_once('=').map_or((text, None), |(n, v)| (n, Some(v)));
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && value.is_none_or(|v| !v.contains('\n'))
}

fn map_form(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Json> {
    let entries = to_mapping(node, ctx.version).ok()?;
    let mut out: Vec<(crate::json::Key, Json)> = Vec::new();
    // Where each name is in `out`, so a long mapping is checked in linear time (a short one's
    // names are looked for in `out`: hashing them cost more than the scan).
    let long = entries.len() > SHORT;
    let mut slots: HashMap<String, usize> = HashMap::new();
    let mut ok = true;
    for (k, v) in entries.iter() {
        let key = match to_str(k, ctx.version) {
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
            _ => match to_str(v, ctx.version) {
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
        let slot = if long { slots.get(&key).copied() } else { out.iter().position(|(k, _)| *k == key) };
        match slot {
            Some(slot) => out[slot].1 = value,
            None => {
                if long {
                    slots.insert(key.clone(), out.len());
                }
                out.push((key.into(), value));
            }
        }
    }
    ok.then_some(Json::Object(out))
}

/// `{key: NAME}`: dstack's `EnvSentinel`, an unset placeholder.
fn sentinel(ctx: &mut Ctx, path: &Path, v: &Node) -> Option<Json> {
    let entries = to_mapping(v, ctx.version).ok()?;
    let mut key = None;
    let before = ctx.error_count();
    for (k, val) in entries.iter() {
        if key_str(k) == Some("key") {
            match to_str(val, ctx.version) {
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
            Fail::new(codes::INVALID_TYPE, "an environment value must be text", "str type expected")
                .help("quote the value"),
        );
    }
    if ctx.error_count() > before {
        return None;
    }
    key.map(|k| placeholder(&k))
}
