//! pydantic v1's lax coercions (str, int, float, bool, list, dict) and Python's `repr`.

use crate::yaml::lower::Lower;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::py_int::PyInt;
use crate::codes;
use crate::python::{float_from_str, float_repr, int_text_from_str, repr_str};
use crate::version::DstackVersion;
use crate::yaml::{Node, Value};

/// How a value reads in a message: "a list", "the string `\"x\"`", "the number `3`".
pub fn describe(node: &Node) -> String {
    match node.value() {
        Value::Null if node.raw().is_none_or(str::is_empty) => "an empty value".into(),
        Value::Null => format!("null (`{}`)", node.raw().unwrap_or("null")),
        Value::Bool(b) => match node.raw() {
            Some(raw) if node.is_plain() && raw != "true" && raw != "false" => {
                format!("`{raw}`, which YAML 1.1 reads as the boolean {b}")
            }
            _ => format!("the boolean `{b}`"),
        },
        Value::Int(i) => match node.raw() {
            Some(raw) if node.is_plain() && raw != i.to_string() => {
                format!("`{raw}`, which YAML 1.1 reads as the number {i}")
            }
            _ => format!("the number `{i}`"),
        },
        Value::BigInt(digits) => match node.raw() {
            Some(raw) if node.is_plain() && raw != digits => {
                format!("`{}`, which YAML 1.1 reads as the number {}", shorten(raw), shorten(digits))
            }
            _ => format!("the number `{}`", shorten(digits)),
        },
        Value::Float(f) => format!("the number `{}`", node.raw().map_or_else(|| float_repr(*f), str::to_string)),
        Value::Str(s) => format!("the string `{}`", shorten(s)),
        Value::Timestamp(t) => format!("the date `{t}`"),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a mapping".into(),
        Value::Set(_) => "a set".into(),
    }
}

/// Cuts long text for messages.
pub fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out.replace('\n', "\\n")
}

/// "expected X, found Y".
pub fn expected(what: &str, node: &Node) -> String {
    format!("expected {what}, found {}", describe(node))
}

/// pydantic's `str` coercion: strings as-is, numbers via Python `str()`; bools too under
/// pydantic 1 (`"True"`), while pydantic 2's `coerce_numbers_to_str` rejects them.
pub fn to_str(node: &Node, version: DstackVersion) -> Result<String, Fail> {
    match node.value() {
        Value::Str(s) => Ok(s.clone()),
        Value::Int(i) => Ok(i.to_string()),
        Value::BigInt(digits) => Ok(digits.clone()),
        Value::Float(f) => Ok(float_repr(*f)),
        Value::Bool(b) if !version.pydantic2() => Ok(if *b { "True" } else { "False" }.into()),
        _ => Err(Fail::new(codes::INVALID_TYPE, expected("a string", node), "str type expected")),
    }
}

/// pydantic's `int` coercion: bools as 0/1, strings via Python `int()`; floats are truncated
/// under pydantic 1, while pydantic 2 takes only whole floats and also whole decimal strings (`'2.0'`).
/// Ints of any size keep every digit, as Python's do.
pub fn to_int(node: &Node, version: DstackVersion) -> Result<PyInt, Fail> {
    let bad = || Fail::new(codes::INVALID_TYPE, expected("a whole number", node), "value is not a valid integer");
    match node.value() {
        Value::Int(i) => Ok(PyInt::Small(*i)),
        Value::BigInt(digits) => Ok(PyInt::from_text(digits)),
        Value::Bool(b) => Ok(PyInt::Small(i128::from(*b))),
        Value::Float(f) if version.pydantic2() && !f.is_finite() => Err(Fail::new(
            codes::INVALID_TYPE,
            format!("expected a whole number, found {}", describe(node)),
            "Input should be a finite number",
        )),
        Value::Float(f) if version.pydantic2() && f.is_finite() && f.fract() != 0.0 => Err(Fail::new(
            codes::INVALID_TYPE,
            format!("expected a whole number, found {}, which has a fractional part", describe(node)),
            "Input should be a valid integer, got a number with a fractional part",
        )),
        // pydantic 2 converts a whole float only strictly within i64's range.
        Value::Float(f)
            if version.pydantic2() && f.is_finite() && !((i64::MIN as f64) < *f && *f < i64::MAX as f64) =>
        {
            Err(Fail::new(
                codes::INVALID_TYPE,
                format!("expected a whole number, found {}, a float too large for dstack to convert", describe(node)),
                "Unable to parse input string as an integer, exceeded maximum size",
            ))
        }
        Value::Float(f) if f.is_finite() => Ok(PyInt::from_float(*f)),
        Value::Str(s) if version.pydantic2() && whole_decimal(s).is_some() => {
            whole_decimal(s).and_then(int_from_str).ok_or_else(bad)
        }
        Value::Str(s) => int_from_str(s).ok_or_else(|| {
            if !version.pydantic2() {
                return bad();
            }
            Fail::new(
                codes::INVALID_TYPE,
                expected("a whole number", node),
                "Input should be a valid integer, unable to parse string as an integer",
            )
        }),
        _ => Err(bad()),
    }
}

/// Python's `int(s)` of a string; `None` where Python raises ValueError. Plain ASCII digits
/// (most counts and range bounds) are read directly, the rest by [`int_text_from_str`].
pub fn int_from_str(s: &str) -> Option<PyInt> {
    if (1..=18).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().map(PyInt::Small);
    }
    int_text_from_str(s).map(|digits| PyInt::from_text(&digits))
}

/// The integer part of `'2.0'`-style text (digits, a point and only zeros), which pydantic 2 reads as an int.
pub fn whole_decimal(s: &str) -> Option<&str> {
    let (int, frac) = s.trim().split_once('.')?;
    let digits = int.strip_prefix(['+', '-']).unwrap_or(int);
    let ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b == b'0');
    ok.then_some(int)
}

/// pydantic's `float` coercion: ints and bools widened, strings via Python `float()`.
pub fn to_float(node: &Node, version: DstackVersion) -> Result<f64, Fail> {
    match node.value() {
        Value::Str(s) if version.pydantic2() && float_from_str(s).is_none() => Err(Fail::new(
            codes::INVALID_TYPE,
            expected("a number", node),
            "Input should be a valid number, unable to parse string as a number",
        )),
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        // pydantic 2 converts ints itself and refuses one beyond the largest double.
        Value::BigInt(digits) if version.pydantic2() => big_to_float(digits).map_err(|_| {
            Fail::new(
                codes::INVALID_TYPE,
                "the number is too large for a floating-point number",
                "Input should be a valid number",
            )
        }),
        Value::BigInt(digits) => big_to_float(digits),
        Value::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
        Value::Str(s) => float_from_str(s)
            .ok_or_else(|| Fail::new(codes::INVALID_TYPE, expected("a number", node), "value is not a valid float")),
        _ => Err(Fail::new(codes::INVALID_TYPE, expected("a number", node), "value is not a valid float")),
    }
}

/// Python's `float(int)` of an int beyond `i128` (correctly rounded); beyond the largest double
/// Python raises `OverflowError`, which dstack does not catch: it crashes.
pub fn big_to_float(digits: &str) -> Result<f64, Fail> {
    Some(PyInt::from_text(digits).as_f64()).filter(|f| f.is_finite()).ok_or_else(|| {
        Fail::new(
            codes::INVALID_TYPE,
            "the number is too large for a floating-point number (dstack crashes on it)",
            "OverflowError: int too large to convert to float",
        )
    })
}

/// pydantic's `bool` coercion: 1/0 and the strings `1 on t true y yes` / `0 off f false n no` (any case).
pub fn to_bool(node: &Node, version: DstackVersion) -> Result<bool, Fail> {
    let parsed = match node.value() {
        Value::Bool(b) => Some(*b),
        Value::Int(1) => Some(true),
        Value::Int(0) => Some(false),
        Value::Float(f) if *f == 1.0 => Some(true),
        Value::Float(f) if *f == 0.0 => Some(false),
        Value::Str(s) => match s.lower().as_str() {
            "1" | "on" | "t" | "true" | "y" | "yes" => Some(true),
            "0" | "off" | "f" | "false" | "n" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    };
    let dstack = match node.value() {
        Value::Str(_) | Value::Int(_) | Value::Float(_) if version.pydantic2() => {
            "Input should be a valid boolean, unable to interpret input"
        }
        _ => "value could not be parsed to a boolean",
    };
    parsed.ok_or_else(|| Fail::new(codes::INVALID_TYPE, expected("`true` or `false`", node), dstack))
}

/// pydantic's list coercion: lists and sets; anything else is rejected.
pub fn to_list(node: &Node) -> Result<&[Node], Fail> {
    match node.value() {
        Value::Seq(items) | Value::Set(items) => Ok(items),
        _ => Err(Fail::new(codes::INVALID_TYPE, expected("a list", node), "value is not a valid list")),
    }
}

/// pydantic's dict coercion for models: a mapping, or under pydantic 1 also a list of two-item
/// lists (Python's `dict(pairs)`).
pub fn to_mapping(node: &Node, version: DstackVersion) -> Result<Cow<'_, [(Node, Node)]>, Fail> {
    match node.value() {
        Value::Map(entries) => Ok(Cow::Borrowed(entries)),
        // Python's `dict('')` is `{}`: pydantic 1 reads an empty string as an empty mapping.
        Value::Str(s) if s.is_empty() && !version.pydantic2() => Ok(Cow::Owned(Vec::new())),
        Value::Seq(items) if !version.pydantic2() => {
            let mut out: Vec<(Node, Node)> = Vec::new();
            // Positions in `out` by key hash, so a long list of pairs is read in linear time.
            let mut slots: HashMap<u64, Vec<usize>> = HashMap::new();
            for item in items {
                match item.value() {
                    Value::Seq(pair) if pair.len() == 2 => {
                        let (k, v) = (pair[0].clone(), pair[1].clone());
                        let same_hash = slots.entry(value_hash(k.value())).or_default();
                        match same_hash.iter().find(|&&i| out[i].0.value() == k.value()) {
                            Some(&i) => out[i].1 = v,
                            None => {
                                same_hash.push(out.len());
                                out.push((k, v));
                            }
                        }
                    }
                    _ => return Err(not_a_dict(node)),
                }
            }
            Ok(Cow::Owned(out))
        }
        _ => Err(not_a_dict(node)),
    }
}

/// [`to_mapping`], or an "expected {what}" error recorded at `path`.
pub fn mapping_or_fail<'n>(ctx: &mut Ctx, path: &Path, node: &'n Node, what: &str) -> Option<Cow<'n, [(Node, Node)]>> {
    match to_mapping(node, ctx.version) {
        Ok(entries) => Some(entries),
        Err(mut f) => {
            f.message = expected(what, node);
            ctx.fail(path, node.span, f);
            None
        }
    }
}

/// A hash that agrees with `Value`'s equality: equal values hash alike. Collections hash by
/// their items' places, which their equality compares too.
fn value_hash(value: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    std::mem::discriminant(value).hash(&mut h);
    match value {
        Value::Null => {}
        Value::Bool(b) => b.hash(&mut h),
        Value::Int(i) => i.hash(&mut h),
        // 0.0 == -0.0; NaN equals nothing, so its hash does not matter.
        Value::Float(f) => (if *f == 0.0 { 0.0 } else { *f }).to_bits().hash(&mut h),
        Value::Str(s) | Value::Timestamp(s) | Value::BigInt(s) => s.hash(&mut h),
        Value::Seq(items) | Value::Set(items) => items.iter().for_each(|n| (n.span, n.data.span).hash(&mut h)),
        Value::Map(entries) => {
            for (k, v) in entries {
                (k.span, k.data.span, v.span, v.data.span).hash(&mut h);
            }
        }
    }
    h.finish()
}

fn not_a_dict(node: &Node) -> Fail {
    Fail::new(codes::INVALID_TYPE, expected("a mapping", node), "value is not a valid dict")
}

/// The string value of a mapping key, if it is a string.
pub fn key_str(key: &Node) -> Option<&str> {
    match key.value() {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

/// Python's `repr()` of the value.
pub fn py_repr(node: &Node) -> String {
    repr_value(node.value())
}

/// Python's `str()` of the value (strings unquoted, everything else as `repr`).
pub fn py_str(node: &Node) -> String {
    match node.value() {
        Value::Str(s) => s.clone(),
        v => repr_value(v),
    }
}

fn repr_value(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(digits) => digits.clone(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => repr_str(s),
        Value::Timestamp(t) => timestamp_repr(t),
        Value::Seq(items) => format!("[{}]", items.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Set(items) if items.is_empty() => "set()".into(),
        Value::Set(items) => format!("{{{}}}", items.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Map(entries) => format!(
            "{{{}}}",
            entries.iter().map(|(k, v)| format!("{}: {}", py_repr(k), py_repr(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `datetime.date(2024, 1, 1)` for a plain date; other timestamps keep their text.
fn timestamp_repr(t: &str) -> String {
    let parts: Vec<&str> = t.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if t.len() == 10 => {
            let n = |s: &str| s.trim_start_matches('0').parse::<u32>().unwrap_or(0);
            format!("datetime.date({}, {}, {})", n(y), n(m), n(d))
        }
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_digits_read_as_python_reads_any_int_text() {
        for text in ["0", "7", "0123", "000", "999999999999999999", "9999999999999999999", " 12 ", "+3", "-4", "1_000"]
        {
            let general = int_text_from_str(text).map(|digits| PyInt::from_text(&digits));
            assert_eq!(int_from_str(text), general, "{text}");
        }
        assert_eq!(int_from_str("0123"), Some(PyInt::Small(123)));
        assert_eq!(int_from_str("1.0"), None);
    }
}
