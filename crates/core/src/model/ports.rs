//! `ports` items: `8080`, `"8080:80"`, `"*:8080"`, `{local_port, container_port}`.

use super::coerce::{key_str, mapping_or_fail, shorten, to_int};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::py_int::PyInt;
use crate::codes;
use crate::json::Json;
use crate::python::int_text_from_str;
use crate::yaml::{Node, Value};

const MAX_PORT: i128 = 65536;

/// `conint(gt=0, le=65536)`.
fn check_port(p: &PyInt, what: &str) -> Result<i128, Fail> {
    match p.small() {
        Some(port) if port > 0 && port <= MAX_PORT => Ok(port),
        _ => {
            let dstack = if *p <= 0 {
                "ensure this value is greater than 0"
            } else {
                "ensure this value is less than or equal to 65536"
            };
            let found = shorten(&p.to_string());
            Err(Fail::new(codes::OUT_OF_BOUNDS, format!("{what} must be between 1 and 65535, found {found}"), dstack))
        }
    }
}

/// A port's digits (any script Python's `int()` reads) as the int they are.
fn port_number(digits: &str) -> PyInt {
    PyInt::from_text(&int_text_from_str(digits).unwrap_or_else(|| digits.to_string()))
}

/// `^(?:[0-9]+|\*):[0-9]+$` → (local, container) digit strings.
fn split_mapping(s: &str) -> Option<(Option<&str>, &str)> {
    let body = s.strip_suffix('\n').unwrap_or(s);
    let (l, c) = body.split_once(':')?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(c) || !(l == "*" || digits(l)) {
        return None;
    }
    Some((if l == "*" { None } else { Some(l) }, c))
}

/// `conint(gt=0, le=65535)` of dstack 0.22.5, at `path.key`.
fn check_port_0_22(ctx: &mut Ctx, path: &Path, key: &str, p: &PyInt, span: crate::Range) -> Option<i128> {
    let dstack = match p.small() {
        Some(port @ 1..=65535) => return Some(port),
        _ if *p <= 0 => "Input should be greater than 0",
        _ => "Input should be less than or equal to 65535",
    };
    let what = if key == "local_port" { "the local port" } else { "the container port" };
    let found = shorten(&p.to_string());
    let f = Fail::new(codes::OUT_OF_BOUNDS, format!("{what} must be between 1 and 65535, found {found}"), dstack);
    ctx.fail(&path.key(key), span, f);
    None
}

/// dstack 0.22.5's `_parse_port_shorthand`: an int is both ports, a string goes through
/// `PortMapping.parse`'s regex, anything else must be the object form.
fn parse_port_0_22(ctx: &mut Ctx, path: &Path, item: &Node) -> Option<Json> {
    match item.value() {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            let p = to_int(item, ctx.version).ok()?;
            let local = check_port_0_22(ctx, path, "local_port", &p, item.span);
            let container = check_port_0_22(ctx, path, "container_port", &p, item.span);
            Some(mapping_json(Some(local?), container?))
        }
        Value::Str(s) => {
            let Some((local, container)) = port_regex(s) else {
                let f = Fail::new(
                    codes::INVALID_PORT,
                    format!("expected a port like `8080`, `\"8080:80\"` or `\"*:8080\"`, found the string `{s}`"),
                    format!("Value error, {s}"),
                )
                .help("a port is a number, `LOCAL:CONTAINER` or `*:CONTAINER`, without spaces or signs");
                ctx.fail(path, item.span, f);
                return None;
            };
            let Some(container) = container else {
                let f = Fail::new(
                    codes::INVALID_PORT,
                    format!("the port `{s}` has no container port"),
                    "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
                )
                .help("write `LOCAL:CONTAINER`, e.g. `\"8080:80\"`");
                ctx.fail(path, item.span, f);
                return None;
            };
            let container = port_number(container);
            let local = match local {
                Some("*") => None,
                Some(l) => Some(port_number(l)),
                None => Some(container.clone()),
            };
            let local = local.map(|l| check_port_0_22(ctx, path, "local_port", &l, item.span));
            let container = check_port_0_22(ctx, path, "container_port", &container, item.span);
            if local.is_some_and(|l| l.is_none()) {
                return None;
            }
            Some(mapping_json(local.flatten(), container?))
        }
        Value::Map(_) => port_object(ctx, path, item),
        _ => {
            let f = Fail::new(
                codes::INVALID_TYPE,
                format!(
                    "expected a port like `8080`, `\"8080:80\"` or `{{container_port: 8080}}`, found {}",
                    super::coerce::describe(item)
                ),
                "Input should be a valid dictionary or instance of PortMapping",
            );
            ctx.fail(path, item.span, f);
            None
        }
    }
}

/// `^(?:(\d+|\*):)?(\d+)?$` (Python `re.search`: `\d` is any decimal digit, `$` also matches
/// before a final newline) → its two groups.
fn port_regex(s: &str) -> Option<(Option<&str>, Option<&str>)> {
    let body = s.strip_suffix('\n').unwrap_or(s);
    let digits = |t: &str| !t.is_empty() && t.chars().all(crate::python::is_decimal_digit);
    let (local, container) = match body.split_once(':') {
        Some((l, c)) => (Some(l), c),
        None => (None, body),
    };
    if local.is_some_and(|l| l != "*" && !digits(l)) || !(container.is_empty() || digits(container)) {
        return None;
    }
    Some((local, (!container.is_empty()).then_some(container)))
}

fn mapping_json(local: Option<i128>, container: i128) -> Json {
    Json::Object(vec![("local_port".into(), Json::opt(local)), ("container_port".into(), Json::Int(container))])
}

/// Validates one `ports` item; records errors and returns `None` when invalid.
pub fn parse_port(ctx: &mut Ctx, path: &Path, item: &Node) -> Option<Json> {
    if matches!(item.value(), Value::Null) {
        ctx.fail(path, item.span, super::null_fail("a port", "a port like `8080` or `\"8080:80\"`"));
        return None;
    }
    if ctx.version.pydantic2() {
        return parse_port_0_22(ctx, path, item);
    }
    // Union member 1: an int-coercible value.
    if !matches!(item.value(), Value::Map(_) | Value::Seq(_) | Value::Set(_))
        && let Ok(p) = to_int(item, ctx.version)
    {
        return match check_port(&p, "a port") {
            Ok(p) => Some(mapping_json(Some(p), p)),
            Err(f) => {
                ctx.fail(path, item.span, f);
                None
            }
        };
    }
    // Union member 2: a `L:C` / `*:C` string (numbers are coerced to text first, but never match).
    if let Value::Str(s) = item.value() {
        let Some((local, container)) = split_mapping(s) else {
            let f = Fail::new(
                codes::INVALID_PORT,
                format!("expected a port like `8080`, `\"8080:80\"` or `\"*:8080\"`, found the string `{s}`"),
                "string does not match regex \"^(?:[0-9]+|\\*):[0-9]+$\"",
            )
            .help("a port is a number, `LOCAL:CONTAINER` or `*:CONTAINER`");
            ctx.fail(path, item.span, f);
            return None;
        };
        let mut ok = true;
        let mut num = |text: &str, key: &str, what: &str| -> Option<i128> {
            match check_port(&port_number(text), what) {
                Ok(p) => Some(p),
                Err(f) => {
                    ctx.fail(&path.key(key), item.span, f);
                    ok = false;
                    None
                }
            }
        };
        let local = local.and_then(|l| num(l, "local_port", "the local port"));
        let container = num(container, "container_port", "the container port");
        return match (ok, container) {
            (true, Some(c)) => Some(mapping_json(local, c)),
            _ => None,
        };
    }
    port_object(ctx, path, item)
}

/// The object form `{local_port?, container_port}`.
fn port_object(ctx: &mut Ctx, path: &Path, item: &Node) -> Option<Json> {
    let entries = mapping_or_fail(ctx, path, item, "a port like `8080`, `\"8080:80\"` or `{container_port: 8080}`")?;
    let before = ctx.error_count();
    let (mut local, mut container) = (None, None);
    let mut container_given = false;
    for (k, v) in entries.iter() {
        let (slot, what) = match key_str(k) {
            Some("local_port") => (&mut local, "the local port"),
            Some("container_port") => {
                container_given = true;
                (&mut container, "the container port")
            }
            _ => {
                super::unknown_key(ctx, path, k, &["local_port", "container_port"]);
                continue;
            }
        };
        let key = key_str(k).unwrap_or_default().to_string();
        if matches!(v.value(), Value::Null) {
            if key == "container_port" {
                ctx.fail(&path.key(&key), v.span, super::null_fail("container_port", "a port number"));
            }
            continue;
        }
        let checked = match to_int(v, ctx.version) {
            Ok(p) if ctx.version.pydantic2() => check_port_0_22(ctx, path, &key, &p, v.span).ok_or(None),
            Ok(p) => check_port(&p, what).map_err(Some),
            Err(f) => Err(Some(f)),
        };
        match checked {
            Ok(p) => *slot = Some(p),
            Err(Some(f)) => ctx.fail(&path.key(&key), v.span, f),
            Err(None) => {}
        }
    }
    if !container_given {
        ctx.fail(
            path,
            item.span,
            Fail::new(codes::MISSING_FIELD, "the port mapping needs `container_port`", "field required")
                .help("add `container_port: <port the app listens on>`"),
        );
    }
    if ctx.error_count() > before {
        return None;
    }
    container.map(|c| mapping_json(local, c))
}

/// `^[0-9]+:[0-9]+$` (pydantic's regex: ASCII digits, `$` at the very end) → (local, container).
fn service_mapping(s: &str) -> Option<(&str, &str)> {
    let (l, c) = s.split_once(':')?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    (digits(l) && digits(c)).then_some((l, c))
}

/// A service's `port`: a number is the container port (the gateway serves it on port 80),
/// `"LOCAL:CONTAINER"` a mapping (no `*`), or the object form. Under 0.18.37 a port may be
/// 65536; under 0.22.5 at most 65535, and a float must be whole.
pub fn parse_service_port(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let v2 = ctx.version.pydantic2();
    if matches!(n.value(), Value::Map(_)) || (!v2 && matches!(n.value(), Value::Seq(_))) {
        // dstack names the union member it tried (`port.PortMapping.container_port`): the errors
        // inside the mapping are located at `port`.
        let mut inner = Ctx::new(ctx.version);
        inner.ty = ctx.ty;
        let parsed = port_object(&mut inner, path, n);
        for mut d in inner.diags {
            d.path = path.text();
            ctx.push(d);
        }
        return parsed;
    }
    if let Value::Str(s) = n.value()
        && let Some((local, container)) = service_mapping(if v2 { s } else { s.strip_suffix('\n').unwrap_or(s) })
    {
        let max = if v2 { 65535 } else { MAX_PORT };
        let (l, c) = (port_number(local), port_number(container));
        let Some(bad) = [&l, &c].into_iter().find(|p| p.small().is_none_or(|p| !(1..=max).contains(&p))) else {
            return Some(mapping_json(l.small(), c.small().unwrap_or_default()));
        };
        let dstack = match (*bad <= 0, v2) {
            (true, true) => "Input should be greater than 0",
            (true, false) => "ensure this value is greater than 0",
            (false, true) => "Input should be less than or equal to 65535",
            (false, false) => "ensure this value is less than or equal to 65536",
        };
        let f = Fail::new(codes::OUT_OF_BOUNDS, format!("ports are between 1 and {max}, found `{s}`"), dstack);
        ctx.fail(path, n.span, f);
        return None;
    }
    let shape = "expected a port like `8000`, `\"8080:8000\"` or `{container_port: 8000}`";
    // pydantic 2 reads only ASCII digits in a string (Python's `int()` reads any script's).
    let parsed = match n.value() {
        Value::Str(s) if v2 && !s.is_ascii() => Err(Fail::new(
            codes::INVALID_TYPE,
            String::new(),
            "Input should be a valid integer, unable to parse string as an integer",
        )),
        _ => to_int(n, ctx.version),
    };
    let port = match parsed {
        Ok(p) => p,
        Err(mut f) => {
            f.code = codes::INVALID_PORT;
            f.message = format!("{shape}, found {}", super::coerce::describe(n));
            if matches!(n.value(), Value::Str(s) if s.starts_with("*:")) {
                f = f.help("a service's port has no `*:` form: write the container port alone, e.g. `port: 8000`");
            }
            if matches!(n.value(), Value::Seq(_) | Value::Set(_)) && v2 {
                f.dstack = "Input should be a valid dictionary or instance of PortMapping".into();
            }
            ctx.fail(path, n.span, f);
            return None;
        }
    };
    let max = if v2 { 65535 } else { MAX_PORT };
    match port.small() {
        Some(p) if p > 0 && p <= max => Some(mapping_json(Some(80), p)),
        _ => {
            let dstack = match (port <= 0, v2) {
                (true, true) => "Input should be greater than 0",
                (true, false) => "ensure this value is greater than 0",
                (false, true) => "Input should be less than or equal to 65535",
                (false, false) => "ensure this value is less than or equal to 65536",
            };
            let found = shorten(&port.to_string());
            let f =
                Fail::new(codes::OUT_OF_BOUNDS, format!("`port` must be between 1 and {max}, found {found}"), dstack);
            ctx.fail(path, n.span, f);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_regex_of_0_22_5() {
        assert_eq!(port_regex("8080"), Some((None, Some("8080"))));
        assert_eq!(port_regex("8000:80"), Some((Some("8000"), Some("80"))));
        assert_eq!(port_regex("*:80"), Some((Some("*"), Some("80"))));
        assert_eq!(port_regex("8080:"), Some((Some("8080"), None)));
        assert_eq!(port_regex("80\n"), Some((None, Some("80"))));
        assert_eq!(port_regex("+80"), None);
        assert_eq!(port_regex(" 8080"), None);
        assert_eq!(port_regex("8_080"), None);
    }
}
