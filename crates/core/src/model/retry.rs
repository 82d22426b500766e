//! `retry` (bool or `{on_events, duration}`) and the hidden `retry_policy`.

use super::coerce::{expected, key_str, mapping_or_fail, to_bool, to_list, to_mapping};
use super::ctx::{Ctx, Fail};
use super::duration::parse_duration;
use super::path::Path;
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// `on_events` values.
pub(crate) const EVENTS: [&str; 3] = ["no-capacity", "interruption", "error"];

/// Validates a non-null `retry` value.
pub fn parse_retry(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Json> {
    let mapping = match node.value() {
        Value::Map(_) | Value::Seq(_) => to_mapping(node, ctx.version).ok(),
        _ => None,
    };
    let Some(entries) = mapping else {
        return match to_bool(node, ctx.version) {
            Ok(b) => Some(Json::Bool(b)),
            Err(mut f) => {
                f.message = expected("`true`, `false`, or a mapping with `on_events`", node);
                ctx.fail(
                    path,
                    node.span,
                    f.help("write `retry: true`, or `retry: {on_events: [no-capacity], duration: 1h}`"),
                );
                None
            }
        };
    };
    let before = ctx.error_count();
    let (mut events, mut duration, mut events_given) = (None, Json::Null, false);
    for (k, v) in entries.iter() {
        match key_str(k) {
            Some("on_events") => {
                events_given = true;
                events = on_events(ctx, &path.key("on_events"), v);
            }
            Some("duration") => duration = duration_json(ctx, &path.key("duration"), v),
            _ => super::unknown_key(ctx, path, k, &["on_events", "duration"]),
        }
    }
    // 0.22.5: `on_events` may be omitted (every event) or null.
    if !events_given && !ctx.version.pydantic2() {
        ctx.fail(
            path,
            node.span,
            Fail::new(codes::MISSING_FIELD, "`retry` needs `on_events`", "field required")
                .help("add `on_events: [no-capacity, interruption, error]`"),
        );
    }
    if let Some(Json::Array(list)) = &events
        && list.is_empty()
    {
        let at = entries.iter().find(|(k, _)| key_str(k) == Some("on_events")).map_or(node.span, |(_, v)| v.span);
        ctx.fail(
            path,
            at,
            Fail::new(codes::EMPTY_RETRY_EVENTS, "`on_events` is empty", "`on_events` cannot be empty")
                .help("list at least one of `no-capacity`, `interruption`, `error`"),
        );
    }
    if ctx.error_count() > before {
        return None;
    }
    Some(Json::Object(vec![("on_events".into(), events.unwrap_or(Json::Null)), ("duration".into(), duration)]))
}

fn on_events(ctx: &mut Ctx, path: &Path, v: &Node) -> Option<Json> {
    if matches!(v.value(), Value::Null) {
        if ctx.version.pydantic2() {
            return Some(Json::Null);
        }
        ctx.fail(path, v.span, super::null_fail("on_events", "a list of events"));
        return None;
    }
    let items = match to_list(v) {
        Ok(items) => items,
        Err(mut f) => {
            f.message = expected("a list of events", v);
            ctx.fail(path, v.span, f.help("write `on_events: [no-capacity, interruption, error]`"));
            return None;
        }
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match item.value() {
            Value::Str(s) if EVENTS.contains(&s.as_str()) => out.push(Json::Str(s.clone())),
            _ => {
                ctx.fail(&path.index(i), item.span, super::enum_item_fail(item, &EVENTS, ctx.version));
                ok = false;
            }
        }
    }
    ok.then_some(Json::Array(out))
}

fn duration_json(ctx: &mut Ctx, path: &Path, v: &Node) -> Json {
    if matches!(v.value(), Value::Null) {
        return Json::Null;
    }
    match parse_duration(v) {
        Ok(s) => s.json(),
        Err(f) => {
            ctx.fail(path, v.span, f);
            Json::Null
        }
    }
}

/// Validates a non-null hidden `retry_policy` value: `{retry: bool, duration}`.
pub fn parse_retry_policy(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Json> {
    let entries = mapping_or_fail(ctx, path, node, "a mapping with `retry` and `duration`")?;
    let before = ctx.error_count();
    let (mut retry, mut duration) = (false, Json::Null);
    for (k, v) in entries.iter() {
        match key_str(k) {
            Some("retry") => match to_bool(v, ctx.version) {
                Ok(b) => retry = b,
                Err(f) => ctx.fail(&path.key("retry"), v.span, f),
            },
            Some("duration") => duration = duration_json(ctx, &path.key("duration"), v),
            _ => super::unknown_key(ctx, path, k, &["retry", "duration"]),
        }
    }
    if ctx.error_count() > before {
        return None;
    }
    if !duration.is_null() {
        retry = true;
    }
    Some(Json::Object(vec![("retry".into(), Json::Bool(retry)), ("duration".into(), duration)]))
}
