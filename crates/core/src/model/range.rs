//! Ranges (`2..8`, `..80GB`, `{min, max}`) and memory sizes (`16GB`, `512MB`, `1TB`).

use std::borrow::Cow;

use super::coerce::{
    big_to_float, describe, expected, int_from_str, key_str, mapping_or_fail, py_str, shorten, to_int,
};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::py_int::PyInt;
use crate::codes;
use crate::json::Json;
use crate::python::{float_from_str, repr_str};
use crate::version::DstackVersion;
use crate::yaml::lower::Lower;
use crate::yaml::{Node, Value};

/// What the bounds of a range are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Whole numbers (CPU count, GPU count).
    Int,
    /// Memory sizes in GB (floats).
    Memory,
}

/// A bound's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Num {
    /// A whole number, of any size.
    Int(PyInt),
    /// A memory size in GB.
    Mem(f64),
}

impl Num {
    /// A whole number that fits `i128` (a default).
    pub fn int(i: i128) -> Num {
        Num::Int(PyInt::Small(i))
    }

    /// The bound as `version` prints it.
    fn into_json(self, version: DstackVersion) -> Json {
        match self {
            Num::Int(PyInt::Small(i)) => Json::Int(i),
            Num::Int(PyInt::Big(digits)) => Json::BigInt(digits),
            Num::Mem(f) if version.pydantic2() && !f.is_finite() => Json::Null,
            Num::Mem(f) => Json::Float(f),
        }
    }

    /// Python's `lo > hi` (exact for ints of any size).
    fn above(&self, other: &Num) -> bool {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a > b,
            (Num::Mem(a), Num::Mem(b)) => a > b,
            _ => false,
        }
    }

    /// How dstack prints it in "Invalid range order": ints plainly, memory as `%gGB`.
    fn dstack_text(&self) -> String {
        match self {
            Num::Int(i) => i.to_string(),
            Num::Mem(f) => format!("{}GB", format_g(*f)),
        }
    }
}

/// Python's `'%g' % f` (6 significant digits).
pub fn format_g(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let sci = format!("{f:.5e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |s: String| -> String {
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
    };
    if !(-4..6).contains(&exp) {
        let m = trim(mantissa.to_string());
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", exp.abs())
    } else {
        trim(format!("{:.*}", (5 - exp).max(0) as usize, f))
    }
}

/// dstack's `Memory.parse` of a string: spaces removed, lowercased, `tb`/`gb`/`mb` suffixes;
/// on failure, the text handed to Python's `float()`.
pub fn memory_from_str(s: &str) -> Result<f64, String> {
    if let Some(size) = plain_size(s) {
        return Ok(size);
    }
    let v = s.replace(' ', "").lower();
    let (number, factor) = if let Some(n) = v.strip_suffix("tb") {
        (n, 1024.0)
    } else if let Some(n) = v.strip_suffix("gb") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix("mb") {
        (n, 1.0 / 1024.0)
    } else {
        (v.as_str(), 1.0)
    };
    match float_from_str(number) {
        Some(f) if factor == 1.0 => Ok(f),
        Some(f) if factor > 1.0 => Ok(f * factor),
        Some(f) => Ok(f / 1024.0),
        None => Err(number.to_string()),
    }
}

/// [`memory_from_str`] of the usual form, ASCII digits and a unit (`80GB`, `512mb`), read
/// directly; `None` for anything else.
fn plain_size(s: &str) -> Option<f64> {
    let (number, unit) = s.split_at_checked(s.len().checked_sub(2)?)?;
    let (number, factor) = match unit.as_bytes() {
        [b't' | b'T', b'b' | b'B'] => (number, 1024.0),
        [b'g' | b'G', b'b' | b'B'] => (number, 1.0),
        [b'm' | b'M', b'b' | b'B'] => (number, 1.0 / 1024.0),
        _ => (s, 1.0),
    };
    if !(1..=15).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // At most 15 digits: exact as a double (an integer parse, not the float parser's code).
    let f = number.parse::<u64>().ok()? as f64;
    Some(if factor < 1.0 { f / 1024.0 } else { f * factor })
}

fn memory_fail(text: &str, arg: &str) -> Fail {
    Fail::new(
        codes::INVALID_MEMORY,
        format!("expected a memory size like `16GB`, `512MB` or `1TB`, found `{text}`"),
        format!("could not convert string to float: {}", repr_str(arg)),
    )
    .help(memory_help(text))
}

fn memory_help(text: &str) -> String {
    let lower = text.trim().lower();
    for (bad, good) in [("gib", "GB"), ("mib", "MB"), ("tib", "TB"), ("g", "GB"), ("m", "MB"), ("t", "TB")] {
        if let Some(n) = lower.strip_suffix(bad)
            && float_from_str(n).is_some()
        {
            return format!("write `{}{good}`: units are MB, GB and TB (no unit means GB)", n.trim());
        }
    }
    "units are MB, GB and TB, case-insensitive; a number without a unit means GB".into()
}

/// dstack's `Memory.parse` of a YAML value.
pub fn parse_memory(node: &Node) -> Result<f64, Fail> {
    match node.value() {
        Value::Int(i) => Ok(*i as f64),
        Value::BigInt(digits) => big_to_float(digits),
        Value::Float(f) => Ok(*f),
        Value::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
        Value::Str(s) => memory_from_str(s).map_err(|arg| memory_fail(s, &arg)),
        _ => Err(Fail::new(
            codes::INVALID_MEMORY,
            expected("a memory size like `16GB`", node),
            format!("Invalid memory size: {}", py_str(node)),
        )),
    }
}

fn bound_from_str(kind: Kind, text: &str, version: DstackVersion) -> Result<Num, Fail> {
    match kind {
        Kind::Int => {
            // pydantic 2 also reads a whole decimal (`2.0`) as an int.
            let whole = if version.pydantic2() { super::coerce::whole_decimal(text) } else { None };
            match int_from_str(text).or_else(|| whole.and_then(int_from_str)) {
                Some(int) => Ok(Num::Int(int)),
                None => Err(Fail::new(
                    codes::INVALID_RANGE,
                    format!("expected a whole number as range bound, found `{text}`"),
                    if version.pydantic2() {
                        "Input should be a valid integer, unable to parse string as an integer"
                    } else {
                        "value is not a valid integer"
                    },
                )),
            }
        }
        Kind::Memory => memory_from_str(text).map(Num::Mem).map_err(|arg| memory_fail(text, &arg)),
    }
}

fn bound_from_node(kind: Kind, node: &Node, version: DstackVersion) -> Result<Num, Fail> {
    match kind {
        Kind::Int => to_int(node, version).map(Num::Int),
        Kind::Memory => parse_memory(node).map(Num::Mem),
    }
}

fn what(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "a number or a range like `2..8`",
        Kind::Memory => "a memory size or a range like `16GB..80GB`",
    }
}

/// Validates a non-null range value; `None` when it is invalid (errors recorded).
pub fn parse_range(ctx: &mut Ctx, path: &Path, node: &Node, kind: Kind) -> Option<Json> {
    let (min, max) = match node.value() {
        Value::Str(s) if s.contains("..") => {
            let compact = if s.contains(' ') { Cow::Owned(s.replace(' ', "")) } else { Cow::Borrowed(s.as_str()) };
            let Some((lo_text, hi_text)) = compact.split_once("..").filter(|(_, hi)| !hi.contains("..")) else {
                ctx.fail(
                    path,
                    node.span,
                    Fail::new(
                        codes::INVALID_RANGE,
                        format!("a range has one `..`, found {} in `{s}`", compact.split("..").count() - 1),
                        "too many values to unpack (expected 2)",
                    )
                    .help("write `min..max`, `min..` or `..max`"),
                );
                return None;
            };
            let mut bad = false;
            let mut bound = |text: &str| -> Option<Num> {
                if text.is_empty() {
                    return None;
                }
                match bound_from_str(kind, text, ctx.version) {
                    Ok(n) => Some(n),
                    Err(f) => {
                        ctx.fail(path, node.span, f);
                        bad = true;
                        None
                    }
                }
            };
            let (lo, hi) = (bound(lo_text), bound(hi_text));
            if bad {
                return None;
            }
            (lo, hi)
        }
        Value::Str(_) | Value::Int(_) | Value::BigInt(_) | Value::Float(_) | Value::Bool(_) => {
            match bound_from_node(kind, node, ctx.version) {
                Ok(n) => (Some(n.clone()), Some(n)),
                Err(mut f) => {
                    if f.code == codes::INVALID_TYPE {
                        f.message = expected(what(kind), node);
                    }
                    ctx.fail(path, node.span, f);
                    return None;
                }
            }
        }
        _ => {
            let entries = mapping_or_fail(ctx, path, node, what(kind))?;
            let mut bad = false;
            let (mut lo, mut hi) = (None, None);
            for (k, v) in entries.iter() {
                let slot = match key_str(k) {
                    Some("min") => &mut lo,
                    Some("max") => &mut hi,
                    _ => {
                        super::unknown_key(ctx, path, k, &["min", "max"]);
                        bad = true;
                        continue;
                    }
                };
                if matches!(v.value(), Value::Null) {
                    continue;
                }
                match bound_from_node(kind, v, ctx.version) {
                    Ok(n) => *slot = Some(n),
                    Err(f) => {
                        let name = key_str(k).unwrap_or_default().to_string();
                        ctx.fail(&path.key(&name), v.span, f);
                        bad = true;
                    }
                }
            }
            if lo.is_none() && hi.is_none() && !bad {
                ctx.fail(
                    path,
                    node.span,
                    Fail::new(codes::INVALID_RANGE, "the range has neither `min` nor `max`", "Invalid empty range: ..")
                        .help("give at least one bound, e.g. `{min: 2}`"),
                );
                return None;
            }
            if bad {
                return None;
            }
            (lo, hi)
        }
    };
    if min.is_none() && max.is_none() {
        ctx.fail(
            path,
            node.span,
            Fail::new(
                codes::INVALID_RANGE,
                format!("`{}` is an empty range: give at least one bound", describe_plain(node)),
                "Invalid empty range: ..",
            )
            .help("write `min..`, `..max` or `min..max`"),
        );
        return None;
    }
    if let (Some(lo), Some(hi)) = (&min, &max)
        && lo.above(hi)
    {
        let dstack = format!("Invalid range order: {}..{}", lo.dstack_text(), hi.dstack_text());
        ctx.fail(
            path,
            node.span,
            Fail::new(
                codes::INVALID_RANGE,
                format!("the range's minimum ({}) is greater than its maximum ({})", num_text(lo), num_text(hi)),
                dstack,
            )
            .help(format!("write `{}..{}`", num_text(hi), num_text(lo))),
        );
        return None;
    }
    Some(range_json(min, max, ctx.version))
}

fn describe_plain(node: &Node) -> String {
    node.raw().map_or_else(|| describe(node), str::to_string)
}

fn num_text(n: &Num) -> String {
    match n {
        Num::Int(i) => shorten(&i.to_string()),
        Num::Mem(f) => format!("{}GB", format_g(*f)),
    }
}

/// `{"min": …, "max": …}`, as `version` prints it.
pub fn range_json(min: Option<Num>, max: Option<Num>, version: DstackVersion) -> Json {
    let bound = |n: Option<Num>| n.map_or(Json::Null, |n| n.into_json(version));
    Json::Object(vec![("min".into(), bound(min)), ("max".into(), bound(max))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_g() {
        assert_eq!(format_g(80.0), "80");
        assert_eq!(format_g(0.5), "0.5");
        assert_eq!(format_g(1024.0), "1024");
        assert_eq!(format_g(1234567.0), "1.23457e+06");
        assert_eq!(format_g(0.0001), "0.0001");
        assert_eq!(format_g(0.00001), "1e-05");
        assert_eq!(format_g(16.25), "16.25");
    }

    #[test]
    fn memory_units() {
        assert_eq!(memory_from_str("512MB"), Ok(0.5));
        assert_eq!(memory_from_str("16 Gb"), Ok(16.0));
        assert_eq!(memory_from_str("1 TB "), Ok(1024.0));
        assert_eq!(memory_from_str("1e3"), Ok(1000.0));
        assert_eq!(memory_from_str("16g"), Err("16g".into()));
        assert_eq!(memory_from_str("1.5xb"), Err("1.5xb".into()));
        assert_eq!(memory_from_str("xgb"), Err("x".into()));
    }

    #[test]
    fn plain_sizes_read_directly_as_the_general_parse_reads_them() {
        for (text, size) in [("80GB", 80.0), ("512mb", 0.5), ("2Tb", 2048.0), ("007", 7.0), ("100gB", 100.0)] {
            assert_eq!(plain_size(text), Some(size), "{text}");
            let general = float_from_str(text.trim_end_matches(char::is_alphabetic)).map(|f| match &*text.lower() {
                t if t.ends_with("tb") => f * 1024.0,
                t if t.ends_with("mb") => f / 1024.0,
                _ => f,
            });
            assert_eq!(general, Some(size), "{text}");
        }
        for text in ["", "GB", "1.5GB", "16 GB", "-1GB", "1_0GB", "16g", "1234567890123456GB", "\u{661}GB"] {
            assert_eq!(plain_size(text), None, "{text}");
        }
    }
}
