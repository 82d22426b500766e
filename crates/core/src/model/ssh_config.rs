//! A fleet's `ssh_config`: the hosts dstack adds over SSH (`SSHParams`, `SSHHostParams`,
//! and 0.22.5's `SSHProxyParams` for `proxy_jump`), with `network` and `internal_ip` checked
//! as private addresses.

use std::borrow::Cow;

use super::coerce::{describe, expected, key_str, to_int, to_list, to_mapping, to_str};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::{ip, unknown_key};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// The mapping of a small model, or its type error; unknown keys are reported.
fn model_entries<'n>(
    ctx: &mut Ctx,
    path: &Path,
    node: &'n Node,
    model: &str,
    known: &[&str],
) -> Option<Cow<'n, [(Node, Node)]>> {
    let entries = match to_mapping(node, ctx.version) {
        Ok(entries) => entries,
        Err(mut f) => {
            let listed = crate::listing::quoted(known, '`');
            f.message = expected(&format!("a mapping with {listed}"), node);
            if ctx.version.pydantic2() {
                f.dstack = format!("Input should be a valid dictionary or instance of {model}");
            }
            ctx.fail(path, node.span, f);
            return None;
        }
    };
    for (k, _) in entries.iter() {
        if key_str(k).is_none_or(|s| !known.contains(&s)) {
            unknown_key(ctx, path, k, known);
        }
    }
    Some(entries)
}

fn value_of<'e>(entries: &'e [(Node, Node)], key: &str) -> Option<&'e Node> {
    entries.iter().find(|(k, _)| key_str(k) == Some(key)).map(|(_, v)| v)
}

/// A string field of a small model: absent or null is `null` when optional, an error when
/// `required` (`Err` after recording it).
fn str_field(
    ctx: &mut Ctx,
    path: &Path,
    parent: &Node,
    entries: &[(Node, Node)],
    key: &str,
    required: bool,
) -> Result<Json, ()> {
    let v2 = ctx.version.pydantic2();
    let p = path.key(key);
    match value_of(entries, key) {
        None if required => {
            let f = Fail::new(
                codes::MISSING_FIELD,
                format!("`{path}` needs `{key}`"),
                if v2 { "Field required" } else { "field required" },
            )
            .help(format!("add `{key}:`"));
            ctx.fail(&p, parent.span, f);
            Err(())
        }
        Some(v) if required && matches!(v.value(), Value::Null) => {
            let f = Fail::new(
                codes::NULL_NOT_ALLOWED,
                format!("`{key}` cannot be empty (null)"),
                if v2 { "Input should be a valid string" } else { "none is not an allowed value" },
            )
            .help(format!("give `{key}` a value"));
            ctx.fail(&p, v.span, f);
            Err(())
        }
        None => Ok(Json::Null),
        Some(v) if matches!(v.value(), Value::Null) => Ok(Json::Null),
        Some(v) => to_str(v, ctx.version).map(Json::Str).map_err(|mut f| {
            f.message = format!("`{key}` must be text, found {}", describe(v));
            ctx.fail(&p, v.span, f)
        }),
    }
}

/// An optional `port`: a whole number.
fn port_field(ctx: &mut Ctx, path: &Path, entries: &[(Node, Node)]) -> Result<Json, ()> {
    match value_of(entries, "port") {
        None => Ok(Json::Null),
        Some(v) if matches!(v.value(), Value::Null) => Ok(Json::Null),
        Some(v) => to_int(v, ctx.version).map(|i| i.json()).map_err(|f| ctx.fail(&path.key("port"), v.span, f)),
    }
}

/// `ssh_key`: `{public, private?}`.
fn ssh_key(ctx: &mut Ctx, path: &Path, entries: &[(Node, Node)]) -> Result<Json, ()> {
    let Some(n) = value_of(entries, "ssh_key").filter(|v| !matches!(v.value(), Value::Null)) else {
        return Ok(Json::Null);
    };
    let p = path.key("ssh_key");
    let before = ctx.error_count();
    let fields = model_entries(ctx, &p, n, "SSHKey", &["public", "private"]).ok_or(())?;
    let public = str_field(ctx, &p, n, &fields, "public", true);
    let private = str_field(ctx, &p, n, &fields, "private", false);
    match (public, private) {
        (Ok(public), Ok(private)) if ctx.error_count() == before => {
            Ok(Json::Object(vec![("public".into(), public), ("private".into(), private)]))
        }
        _ => Err(()),
    }
}

/// `proxy_jump` (0.22.5): the bastion to reach the hosts through.
fn proxy_jump(ctx: &mut Ctx, path: &Path, entries: &[(Node, Node)]) -> Result<Json, ()> {
    let Some(n) = value_of(entries, "proxy_jump").filter(|v| !matches!(v.value(), Value::Null)) else {
        return Ok(Json::Null);
    };
    let p = path.key("proxy_jump");
    let before = ctx.error_count();
    let known = ["hostname", "port", "user", "identity_file", "ssh_key"];
    let fields = model_entries(ctx, &p, n, "SSHProxyParams", &known).ok_or(())?;
    let hostname = str_field(ctx, &p, n, &fields, "hostname", true);
    let port = port_field(ctx, &p, &fields);
    let user = str_field(ctx, &p, n, &fields, "user", true);
    let identity_file = str_field(ctx, &p, n, &fields, "identity_file", true);
    let key = ssh_key(ctx, &p, &fields);
    let out = vec![
        ("hostname".into(), hostname?),
        ("port".into(), port?),
        ("user".into(), user?),
        ("identity_file".into(), identity_file?),
        ("ssh_key".into(), key?),
    ];
    (ctx.error_count() == before).then_some(Json::Object(out)).ok_or(())
}

/// A host's `blocks` (0.22.5): a whole number of at least 1, or `auto`; `None` fails.
pub(super) fn blocks_value(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    if matches!(n.value(), Value::Str(s) if s == "auto") {
        return Some(Json::str("auto"));
    }
    let help = "write a whole number of at least 1, or `auto` for as many blocks as the instance allows";
    let count = match n.value() {
        Value::Null => {
            let f = Fail::new(
                codes::NULL_NOT_ALLOWED,
                "`blocks` cannot be empty (null)",
                "Input should be a valid integer",
            )
            .help(help);
            ctx.fail(path, n.span, f);
            return None;
        }
        _ => match to_int(n, ctx.version) {
            Ok(count) => count,
            Err(mut f) => {
                f.message = expected("a whole number or `auto`", n);
                ctx.fail(path, n.span, f.help(help));
                return None;
            }
        },
    };
    if count < 1 {
        let f = Fail::new(
            codes::OUT_OF_BOUNDS,
            format!("`blocks` must be at least 1 or `auto`, found {count}"),
            "Input should be greater than or equal to 1",
        )
        .help(help);
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(count.json())
}

/// `internal_ip`: a private IP address.
fn internal_ip(ctx: &mut Ctx, path: &Path, entries: &[(Node, Node)], parent: &Node) -> Result<Json, ()> {
    let value = str_field(ctx, path, parent, entries, "internal_ip", false)?;
    let Some(text) = value.as_str() else { return Ok(value) };
    let Some(n) = value_of(entries, "internal_ip") else { return Ok(value) };
    let (message, dstack, help) = match ip::private_address(text) {
        Some(true) => return Ok(value),
        Some(false) => (
            format!("`internal_ip` must be a private address, found the public address {text}"),
            "IP address is not private",
            "give the host's address on the cluster's private network (10.x, 172.16–31.x, 192.168.x, ...)",
        ),
        None => (
            format!("`internal_ip` is not an IP address: `{text}`"),
            "Invalid IP address",
            "write an IPv4 or IPv6 address such as `10.0.0.2`",
        ),
    };
    ctx.fail(&path.key("internal_ip"), n.span, Fail::new(codes::INVALID_NETWORK, message, dstack).help(help));
    Err(())
}

/// One item of `hosts`: a hostname, or an object overriding the fleet's SSH parameters.
fn host(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let v2 = ctx.version.pydantic2();
    let text = match n.value() {
        // pydantic 1 also builds a model from a list of `[key, value]` pairs.
        Value::Map(_) | Value::Seq(_) if !v2 => None,
        Value::Map(_) => None,
        Value::Seq(_) | Value::Set(_) => Some(Err(())),
        _ => Some(to_str(n, ctx.version).map_err(drop)),
    };
    match text {
        None => {}
        Some(Ok(s)) => return Some(Json::Str(s)),
        Some(Err(())) => {
            let f = Fail::new(
                codes::INVALID_TYPE,
                expected("a hostname or a mapping with `hostname`", n),
                match n.value() {
                    _ if v2 => "Input should be a valid string",
                    Value::Null => "none is not an allowed value",
                    _ => "str type expected",
                },
            )
            .help("write the host's address, or `hostname:` with the host's own `port`, `user`, `identity_file`");
            ctx.fail(path, n.span, f);
            return None;
        }
    }
    let before = ctx.error_count();
    let known: &[&str] = if v2 {
        &["hostname", "port", "user", "identity_file", "proxy_jump", "internal_ip", "ssh_key", "blocks"]
    } else {
        &["hostname", "port", "user", "identity_file", "internal_ip", "ssh_key"]
    };
    let fields = model_entries(ctx, path, n, "SSHHostParams", known)?;
    let hostname = str_field(ctx, path, n, &fields, "hostname", true);
    let port = port_field(ctx, path, &fields);
    let user = str_field(ctx, path, n, &fields, "user", false);
    let identity_file = str_field(ctx, path, n, &fields, "identity_file", false);
    let jump = if v2 { proxy_jump(ctx, path, &fields).map(Some) } else { Ok(None) };
    let internal = internal_ip(ctx, path, &fields, n);
    let key = ssh_key(ctx, path, &fields);
    let blocks = match value_of(&fields, "blocks").filter(|v| v2 && !matches!(v.value(), Value::Null)) {
        None => Some(Json::Null),
        Some(b) => blocks_value(ctx, &path.key("blocks"), b),
    };
    let mut out = vec![
        ("hostname".into(), hostname.ok()?),
        ("port".into(), port.ok()?),
        ("user".into(), user.ok()?),
        ("identity_file".into(), identity_file.ok()?),
    ];
    if let Some(jump) = jump.ok()? {
        out.push(("proxy_jump".into(), jump));
    }
    out.push(("internal_ip".into(), internal.ok()?));
    out.push(("ssh_key".into(), key.ok()?));
    if v2 {
        out.push(("blocks".into(), blocks?));
    }
    (ctx.error_count() == before).then_some(Json::Object(out))
}

/// `network`: `ip/mask` of a private network.
fn network(ctx: &mut Ctx, path: &Path, parent: &Node, entries: &[(Node, Node)]) -> Result<Json, ()> {
    let value = str_field(ctx, path, parent, entries, "network", false)?;
    let (Some(text), Some(n)) = (value.as_str(), value_of(entries, "network")) else { return Ok(value) };
    let (message, dstack, help) = match ip::private_network(text) {
        Some(true) => return Ok(value),
        Some(false) => (
            format!("`network` must be a private network, found the public network {text}"),
            "Public network is specified when private network is required".to_string(),
            "give the hosts' private network, e.g. `10.0.0.0/24`",
        ),
        None => (
            format!("`network` is not a network address: `{text}`"),
            format!("Failed to parse network: {text}"),
            "write `<ip>/<prefix length>`, e.g. `10.0.0.0/24`",
        ),
    };
    ctx.fail(&path.key("network"), n.span, Fail::new(codes::INVALID_NETWORK, message, dstack).help(help));
    Err(())
}

/// `ssh_config`: the hosts of an SSH fleet and the parameters they share.
pub(super) fn parse_ssh_config(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let v2 = ctx.version.pydantic2();
    let before = ctx.error_count();
    let known: &[&str] = if v2 {
        &["user", "port", "identity_file", "ssh_key", "proxy_jump", "hosts", "network"]
    } else {
        &["user", "port", "identity_file", "ssh_key", "hosts", "network"]
    };
    let fields = model_entries(ctx, path, n, "SSHParams", known)?;
    let user = str_field(ctx, path, n, &fields, "user", false);
    let port = port_field(ctx, path, &fields);
    let identity_file = str_field(ctx, path, n, &fields, "identity_file", false);
    let key = ssh_key(ctx, path, &fields);
    let jump = if v2 { proxy_jump(ctx, path, &fields).map(Some) } else { Ok(None) };
    let hosts = hosts(ctx, path, n, &fields);
    let net = network(ctx, path, n, &fields);
    let mut out = vec![
        ("user".into(), user.ok()?),
        ("port".into(), port.ok()?),
        ("identity_file".into(), identity_file.ok()?),
        ("ssh_key".into(), key.ok()?),
    ];
    if let Some(jump) = jump.ok()? {
        out.push(("proxy_jump".into(), jump));
    }
    out.push(("hosts".into(), hosts?));
    out.push(("network".into(), net.ok()?));
    (ctx.error_count() == before).then_some(Json::Object(out))
}

/// `hosts` (required): a list of hostnames or host objects.
fn hosts(ctx: &mut Ctx, path: &Path, parent: &Node, entries: &[(Node, Node)]) -> Option<Json> {
    let v2 = ctx.version.pydantic2();
    let p = path.key("hosts");
    let help = "list the hosts: `hosts: [192.168.1.10, 192.168.1.11]`";
    let Some(n) = value_of(entries, "hosts") else {
        let f = Fail::new(
            codes::MISSING_FIELD,
            "`ssh_config` needs `hosts`: the machines to add to the fleet",
            if v2 { "Field required" } else { "field required" },
        )
        .help(help);
        ctx.fail(&p, parent.span, f);
        return None;
    };
    let items = match to_list(n) {
        Ok(items) => items,
        Err(mut f) => {
            f.message = expected("a list of hosts", n);
            if matches!(n.value(), Value::Null) {
                f.dstack = if v2 { "Input should be a valid list" } else { "none is not an allowed value" }.into();
            }
            ctx.fail(&p, n.span, f.help(help));
            return None;
        }
    };
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match host(ctx, &p.index(i), item) {
            Some(v) => out.push(v),
            None => ok = false,
        }
    }
    ok.then_some(Json::Array(out))
}
