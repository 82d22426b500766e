//! YAML 1.1 scalar resolution and construction, exactly as PyYAML 6's `SafeLoader` does it.
//!
//! PyYAML gives a plain scalar a tag by matching its text against regular expressions (the
//! implicit resolvers), then builds the Python value with the `SafeConstructor` of that tag. Both
//! steps are reproduced here with hand-written matchers (no regex engine). Where PyYAML's
//! constructor raises, the reason comes back as an [`Unsupported`].

use std::borrow::Cow;

use super::node::{Node, NodeData, Value};
use crate::python;

/// The prefix of the tags the safe loader knows (`!!int` is `tag:yaml.org,2002:int`).
const CORE_PREFIX: &str = "tag:yaml.org,2002:";

/// A tag as far as PyYAML's safe loader is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    Null,
    Bool,
    Int,
    Float,
    Str,
    Timestamp,
    Binary,
    /// `<<`: only meaningful as a mapping key.
    Merge,
    /// `=`: only meaningful as a mapping key.
    Value,
    Seq,
    Map,
    Set,
    Omap,
    Pairs,
    /// Anything the safe loader has no constructor for.
    Other,
}

impl Tag {
    /// The tag named by a full tag string such as `tag:yaml.org,2002:str`.
    pub(crate) fn from_name(name: &str) -> Tag {
        match name.strip_prefix(CORE_PREFIX) {
            Some("null") => Tag::Null,
            Some("bool") => Tag::Bool,
            Some("int") => Tag::Int,
            Some("float") => Tag::Float,
            Some("str") => Tag::Str,
            Some("timestamp") => Tag::Timestamp,
            Some("binary") => Tag::Binary,
            Some("merge") => Tag::Merge,
            Some("value") => Tag::Value,
            Some("seq") => Tag::Seq,
            Some("map") => Tag::Map,
            Some("set") => Tag::Set,
            Some("omap") => Tag::Omap,
            Some("pairs") => Tag::Pairs,
            _ => Tag::Other,
        }
    }

    /// The full tag string, as PyYAML prints it in its errors.
    pub(crate) fn full_name(self) -> String {
        let suffix = match self {
            Tag::Null => "null",
            Tag::Bool => "bool",
            Tag::Int => "int",
            Tag::Float => "float",
            Tag::Str => "str",
            Tag::Timestamp => "timestamp",
            Tag::Binary => "binary",
            Tag::Merge => "merge",
            Tag::Value => "value",
            Tag::Seq => "seq",
            Tag::Map => "map",
            Tag::Set => "set",
            Tag::Omap => "omap",
            Tag::Pairs => "pairs",
            Tag::Other => "",
        };
        format!("{CORE_PREFIX}{suffix}")
    }

    /// What a value of this tag is called in messages.
    fn noun(self) -> &'static str {
        match self {
            Tag::Null => "null",
            Tag::Bool => "a boolean",
            Tag::Int => "an integer",
            Tag::Float => "a float",
            Tag::Timestamp => "a date",
            Tag::Binary => "binary data",
            _ => "a string",
        }
    }
}

/// Why PyYAML's safe loader cannot build a value (or this checker cannot represent it).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Unsupported {
    /// The value is valid for Python but exceeds this checker's limits (a huge integer).
    pub(crate) too_large: bool,
    /// What went wrong, for a person.
    pub(crate) message: String,
    /// A concrete fix.
    pub(crate) help: Option<String>,
    /// What Python says.
    pub(crate) python: String,
}

impl Unsupported {
    /// PyYAML's "no constructor" error for a tag it does not know.
    pub(crate) fn undefined_tag(name: &str) -> Unsupported {
        let python = format!("could not determine a constructor for the tag {}", crate::python::repr_str(name));
        let (message, help) = match Tag::from_name(name) {
            Tag::Merge => (
                "`<<` (a YAML 1.1 merge key) is only allowed as a mapping key".to_string(),
                "quote it (`\"<<\"`) if it is meant as text".to_string(),
            ),
            Tag::Value => (
                "a plain `=` is a YAML 1.1 \"value key\" that PyYAML's safe loader cannot load".to_string(),
                "quote it (`\"=\"`) if it is meant as text".to_string(),
            ),
            _ => (
                format!("the tag `{}` is not supported by PyYAML's safe loader", short_tag(name)),
                "remove the tag; only the standard tags (`!!str`, `!!int`, `!!float`, `!!bool`, \
                 `!!null`, `!!seq`, `!!map`, `!!set`, ...) can be loaded"
                    .to_string(),
            ),
        };
        Unsupported { too_large: false, message, help: Some(help), python }
    }

    /// PyYAML's error for a tag used on the wrong kind of node (`!!str [a]`).
    pub(crate) fn wrong_kind(tag: Tag, found: &str) -> Unsupported {
        let expected = match tag {
            Tag::Seq | Tag::Omap | Tag::Pairs => "sequence",
            Tag::Map | Tag::Set => "mapping",
            _ => "scalar",
        };
        let short = short_tag(&tag.full_name());
        Unsupported {
            too_large: false,
            message: format!("the tag `{short}` needs a {expected}, but the value is a {found}"),
            help: Some(format!("remove `{short}` or change the value")),
            python: format!("expected a {expected} node, but found {found}"),
        }
    }

    /// An error with a message and the Python exception text.
    fn new(message: String, help: Option<String>, python: String) -> Unsupported {
        Unsupported { too_large: false, message, help, python }
    }
}

/// `tag:yaml.org,2002:str` written the short way (`!!str`).
pub(crate) fn short_tag(name: &str) -> String {
    match name.strip_prefix(CORE_PREFIX) {
        Some(suffix) => format!("!!{suffix}"),
        None => name.to_string(),
    }
}

/// Resolves a plain scalar's text the YAML 1.1 way (PyYAML's implicit resolvers and constructors).
///
/// Where PyYAML's constructor would fail (an impossible date such as `2024-13-45`, `0x_`) or the
/// text is a special key (`<<`, `=`), the text is returned as a string.
pub fn resolve_plain(raw: &str) -> Value {
    construct(implicit_tag(raw), raw, false).unwrap_or_else(|_| Value::Str(raw.to_string()))
}

/// The tag PyYAML's implicit resolvers give to a plain (or `!`-tagged) scalar.
pub(crate) fn implicit_tag(raw: &str) -> Tag {
    // Python's `$` also matches just before a final newline, which only a `!`-tagged quoted
    // scalar can have.
    let text = raw.strip_suffix('\n').unwrap_or(raw);
    // PyYAML chooses the resolvers to try by the first character, in registration order.
    let Some(first) = raw.chars().next() else { return Tag::Null };
    match first {
        'y' | 'Y' | 'n' | 'N' | 't' | 'T' | 'f' | 'F' | 'o' | 'O' if is_bool(text) => Tag::Bool,
        '-' | '+' | '0'..='9' | '.' if is_float(text.as_bytes()) => Tag::Float,
        '-' | '+' | '0'..='9' if is_int(text.as_bytes()) => Tag::Int,
        '<' if text == "<<" => Tag::Merge,
        '~' | 'n' | 'N' if matches!(text, "~" | "null" | "Null" | "NULL") => Tag::Null,
        '0'..='9' if parse_stamp(text).is_some_and(|s| s.time.is_some() || s.long_date) => Tag::Timestamp,
        '=' if text == "=" => Tag::Value,
        _ => Tag::Str,
    }
}

/// Builds a scalar's value with the constructor of `tag`; `explicit` says the tag was written.
pub(crate) fn construct(tag: Tag, raw: &str, explicit: bool) -> Result<Value, Unsupported> {
    let fail = |reason: String, python: String| conversion_error(tag, raw, explicit, reason, python);
    match tag {
        Tag::Null => Ok(Value::Null),
        Tag::Str => Ok(Value::Str(raw.to_string())),
        Tag::Bool => construct_bool(raw).map(Value::Bool).ok_or_else(|| {
            fail(
                "it is not one of yes/no/true/false/on/off".into(),
                format!("KeyError: {}", crate::python::repr_str(&raw.to_lowercase())),
            )
        }),
        Tag::Int => construct_int(raw).map(Value::Int).map_err(|e| match e {
            NumError::TooLarge => too_large(raw),
            NumError::Python(python) => fail(python_reason(&python), python),
        }),
        Tag::Float => construct_float(raw).map(Value::Float).map_err(|python| fail(python_reason(&python), python)),
        Tag::Timestamp => match check_timestamp(raw) {
            Ok(()) => Ok(Value::Timestamp(raw.to_string())),
            Err(python) => Err(fail(python_reason(&python), python)),
        },
        Tag::Binary => construct_binary(raw),
        Tag::Seq | Tag::Omap | Tag::Pairs | Tag::Map | Tag::Set => Err(Unsupported::wrong_kind(tag, "scalar")),
        Tag::Merge | Tag::Value | Tag::Other => Err(Unsupported::undefined_tag(&tag.full_name())),
    }
}

/// The part of a Python exception text after `ValueError: `.
fn python_reason(python: &str) -> String {
    python.split_once(": ").map_or(python, |(_, reason)| reason).to_string()
}

/// A constructor failure, worded for implicit (`2024-13-45`) or explicit (`!!int abc`) tags.
fn conversion_error(tag: Tag, raw: &str, explicit: bool, reason: String, python: String) -> Unsupported {
    if explicit {
        let short = short_tag(&tag.full_name());
        Unsupported::new(
            format!("`{short}` cannot turn `{raw}` into {}: {reason}", tag.noun()),
            Some(format!("remove `{short}` or fix the value")),
            python,
        )
    } else {
        Unsupported::new(
            format!("`{raw}` is read as {} (YAML 1.1), but it is not a valid one: {reason}", tag.noun()),
            Some(format!("quote it (`\"{raw}\"`) if it is meant as text")),
            python,
        )
    }
}

/// The integer is fine for Python but beyond `i128`.
fn too_large(raw: &str) -> Unsupported {
    Unsupported {
        too_large: true,
        message: format!("the integer `{raw}` is too large for this checker (it supports up to 38 digits)"),
        help: Some(format!("quote it (`\"{raw}\"`) if it is meant as text")),
        python: String::new(),
    }
}

fn is_bool(text: &str) -> bool {
    matches!(
        text,
        "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// A position in a byte string for the hand-written matchers.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, at: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn peek2(&self) -> Option<u8> {
        self.bytes.get(self.at + 1).copied()
    }

    /// Consumes one byte if it satisfies `f`.
    fn eat(&mut self, f: impl Fn(u8) -> bool) -> bool {
        let ok = self.peek().is_some_and(f);
        if ok {
            self.at += 1;
        }
        ok
    }

    fn eat_byte(&mut self, b: u8) -> bool {
        self.eat(|c| c == b)
    }

    fn eat_str(&mut self, s: &[u8]) -> bool {
        let ok = self.bytes.get(self.at..).is_some_and(|rest| rest.starts_with(s));
        if ok {
            self.at += s.len();
        }
        ok
    }

    /// Consumes bytes while they satisfy `f`; returns how many.
    fn eat_while(&mut self, f: impl Fn(u8) -> bool) -> usize {
        let start = self.at;
        while self.eat(&f) {}
        self.at - start
    }

    /// `[-+]?`
    fn sign(&mut self) {
        self.eat(|c| c == b'-' || c == b'+');
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// `(?::[0-5]?[0-9])+`, the base-60 groups.
    fn sexagesimal_groups(&mut self) -> bool {
        let mut groups = 0;
        while self.peek() == Some(b':') {
            self.at += 1;
            // Taking two digits when possible never loses a match: a group is followed by `:`,
            // `.` or the end, never by a digit.
            let two = matches!(self.peek(), Some(b'0'..=b'5')) && self.peek2().is_some_and(|c| c.is_ascii_digit());
            if two {
                self.at += 2;
            } else if !self.eat(|c| c.is_ascii_digit()) {
                return false;
            }
            groups += 1;
        }
        groups > 0
    }

    /// `(?:[eE][-+][0-9]+)?$`
    fn exponent_then_end(&mut self) -> bool {
        if self.eat(|c| c == b'e' || c == b'E') {
            return self.eat(|c| c == b'-' || c == b'+') && self.eat_while(|c| c.is_ascii_digit()) > 0 && self.done();
        }
        self.done()
    }
}

fn digit_or_underscore(c: u8) -> bool {
    c.is_ascii_digit() || c == b'_'
}

/// PyYAML's float resolver.
fn is_float(s: &[u8]) -> bool {
    // [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    let decimal = || {
        let mut c = Cursor::new(s);
        c.sign();
        c.eat(|b| b.is_ascii_digit())
            && {
                c.eat_while(digit_or_underscore);
                c.eat_byte(b'.')
            }
            && {
                c.eat_while(digit_or_underscore);
                c.exponent_then_end()
            }
    };
    // \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    let fraction = || {
        let mut c = Cursor::new(s);
        c.eat_byte(b'.') && c.eat(|b| b.is_ascii_digit()) && {
            c.eat_while(digit_or_underscore);
            c.exponent_then_end()
        }
    };
    // [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    let sexagesimal = || {
        let mut c = Cursor::new(s);
        c.sign();
        c.eat(|b| b.is_ascii_digit())
            && {
                c.eat_while(digit_or_underscore);
                c.sexagesimal_groups()
            }
            && c.eat_byte(b'.')
            && {
                c.eat_while(digit_or_underscore);
                c.done()
            }
    };
    // [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    let special = || {
        let body = s.strip_prefix(b"-").or_else(|| s.strip_prefix(b"+")).unwrap_or(s);
        matches!(body, b".inf" | b".Inf" | b".INF") || matches!(s, b".nan" | b".NaN" | b".NAN")
    };
    decimal() || fraction() || sexagesimal() || special()
}

/// PyYAML's int resolver.
fn is_int(s: &[u8]) -> bool {
    let with_sign = |f: &dyn Fn(&mut Cursor) -> bool| {
        let mut c = Cursor::new(s);
        c.sign();
        f(&mut c) && c.done()
    };
    // [-+]?0b[0-1_]+
    with_sign(&|c| c.eat_str(b"0b") && c.eat_while(|b| b == b'0' || b == b'1' || b == b'_') > 0)
        // [-+]?0[0-7_]+
        || with_sign(&|c| c.eat_byte(b'0') && c.eat_while(|b| (b'0'..=b'7').contains(&b) || b == b'_') > 0)
        // [-+]?(?:0|[1-9][0-9_]*)
        || with_sign(&|c| {
            c.eat_byte(b'0')
                || (c.eat(|b| (b'1'..=b'9').contains(&b)) && {
                    c.eat_while(digit_or_underscore);
                    true
                })
        })
        // [-+]?0x[0-9a-fA-F_]+
        || with_sign(&|c| c.eat_str(b"0x") && c.eat_while(|b| b.is_ascii_hexdigit() || b == b'_') > 0)
        // [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
        || with_sign(&|c| {
            c.eat(|b| (b'1'..=b'9').contains(&b)) && {
                c.eat_while(digit_or_underscore);
                c.sexagesimal_groups()
            }
        })
}

/// Why a number could not be built.
enum NumError {
    /// Python would build it, but it does not fit `i128`.
    TooLarge,
    /// The Python exception text.
    Python(String),
}

/// `SafeConstructor.construct_yaml_bool`: a dictionary lookup of the lowercased text.
fn construct_bool(raw: &str) -> Option<bool> {
    let word = |w: &str| raw.eq_ignore_ascii_case(w);
    // ASCII text lowercases byte by byte: no need for a lowercased copy.
    if raw.is_ascii() {
        return if word("yes") || word("true") || word("on") {
            Some(true)
        } else if word("no") || word("false") || word("off") {
            Some(false)
        } else {
            None
        };
    }
    match raw.to_lowercase().as_str() {
        "yes" | "true" | "on" => Some(true),
        "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// Splits PyYAML's way: `value[0]` decides the sign, then one `+`/`-` is dropped.
fn split_sign(value: &str) -> Result<(bool, &str), String> {
    match value.chars().next() {
        None => Err("IndexError: string index out of range".into()),
        Some('-') => Ok((true, &value[1..])),
        Some('+') => Ok((false, &value[1..])),
        Some(_) => Ok((false, value)),
    }
}

/// `SafeConstructor.construct_yaml_int`.
fn construct_int(raw: &str) -> Result<i128, NumError> {
    let value = if raw.contains('_') { Cow::Owned(raw.replace('_', "")) } else { Cow::Borrowed(raw) };
    let (negative, body) = split_sign(&value).map_err(NumError::Python)?;
    let magnitude = if body == "0" {
        0
    } else if let Some(digits) = body.strip_prefix("0b") {
        py_int(digits, 2)?
    } else if let Some(digits) = body.strip_prefix("0x") {
        py_int(digits, 16)?
    } else if body.starts_with('0') {
        py_int(body, 8)?
    } else if body.is_empty() {
        return Err(NumError::Python("IndexError: string index out of range".into()));
    } else if body.contains(':') {
        sexagesimal_int(body)?
    } else {
        py_int(body, 10)?
    };
    if negative { magnitude.checked_neg().ok_or(NumError::TooLarge) } else { Ok(magnitude) }
}

/// `int(part)` for each `:`-separated part, combined in base 60 exactly.
fn sexagesimal_int(body: &str) -> Result<i128, NumError> {
    let mut value: i128 = 0;
    for part in body.split(':') {
        let digit = py_int(part, 10)?;
        value = value.checked_mul(60).and_then(|v| v.checked_add(digit)).ok_or(NumError::TooLarge)?;
    }
    Ok(value)
}

/// Python's `int(s, base)` (after PyYAML removed the underscores).
fn py_int(s: &str, base: u32) -> Result<i128, NumError> {
    let invalid = || {
        NumError::Python(format!(
            "ValueError: invalid literal for int() with base {base}: {}",
            crate::python::repr_str(s)
        ))
    };
    if base == 10 {
        return python::int_from_str(s).map_err(|too_large| if too_large { NumError::TooLarge } else { invalid() });
    }
    let t = s.trim();
    let (negative, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    // int(s, 16) accepts its own prefix: int('0x10', 16) == 16.
    let prefix = match base {
        2 => "0b",
        8 => "0o",
        _ => "0x",
    };
    let digits = match body.get(..2) {
        Some(p) if p.eq_ignore_ascii_case(prefix) => &body[2..],
        _ => body,
    };
    if digits.is_empty() {
        return Err(invalid());
    }
    let mut value: i128 = 0;
    for c in digits.chars() {
        let d = c.to_digit(base).ok_or_else(invalid)?;
        value =
            value.checked_mul(i128::from(base)).and_then(|v| v.checked_add(i128::from(d))).ok_or(NumError::TooLarge)?;
    }
    Ok(if negative { -value } else { value })
}

/// `SafeConstructor.construct_yaml_float`; the error is the Python exception text.
fn construct_float(raw: &str) -> Result<f64, String> {
    // The usual `1.5` is already what removing `_` and lowercasing would make.
    let plain = raw.bytes().all(|b| b.is_ascii() && b != b'_' && !b.is_ascii_uppercase());
    let value = if plain { Cow::Borrowed(raw) } else { Cow::Owned(raw.replace('_', "").to_lowercase()) };
    let (negative, body) = split_sign(&value)?;
    let sign = if negative { -1.0 } else { 1.0 };
    if body == ".inf" {
        return Ok(sign * f64::INFINITY);
    }
    if body == ".nan" {
        // PyYAML returns one shared NaN object and ignores the sign.
        return Ok(f64::NAN);
    }
    let magnitude = if body.contains(':') { sexagesimal_float(body)? } else { py_float(body)? };
    Ok(sign * magnitude)
}

/// `float(part)` for each part, combined in base 60 the way PyYAML's loop does it.
fn sexagesimal_float(body: &str) -> Result<f64, String> {
    let parts: Vec<&str> = body.split(':').collect();
    let mut value = 0.0;
    let mut base = 1.0_f64;
    for (i, part) in parts.iter().rev().enumerate() {
        // PyYAML multiplies by a Python int `base`; past 60**173 it no longer converts to float.
        if i > 173 {
            return Err("OverflowError: int too large to convert to float".into());
        }
        value += py_float(part)? * base;
        base *= 60.0;
    }
    Ok(value)
}

/// Python's `float(s)`.
fn py_float(s: &str) -> Result<f64, String> {
    python::float_from_str(s)
        .ok_or_else(|| format!("ValueError: could not convert string to float: {}", crate::python::repr_str(s)))
}

/// The parts of a timestamp, as PyYAML's constructor regex captures them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    year: u32,
    month: u32,
    day: u32,
    /// Month and day written with two digits each (what the implicit resolver needs for a date).
    long_date: bool,
    time: Option<StampTime>,
}

/// The time part of a timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct StampTime {
    hour: u32,
    minute: u32,
    second: u32,
    micro: u32,
    /// UTC offset in minutes; `None` for a naive time.
    offset: Option<i64>,
}

/// Reads `min..=max` ASCII digits: their value and how many there were.
fn digits(c: &mut Cursor, min: usize, max: usize) -> Option<(u32, usize)> {
    let start = c.at;
    let mut value = 0;
    while c.at - start < max {
        let Some(d) = c.peek().filter(u8::is_ascii_digit) else { break };
        value = value * 10 + u32::from(d - b'0');
        c.at += 1;
    }
    let len = c.at - start;
    (len >= min).then_some((value, len))
}

/// PyYAML's timestamp constructor regex (a superset of its resolver regex).
pub(crate) fn parse_stamp(text: &str) -> Option<Stamp> {
    let mut c = Cursor::new(text.as_bytes());
    let (year, _) = digits(&mut c, 4, 4)?;
    let (month, month_len) = dash_then(&mut c, 1, 2)?;
    let (day, day_len) = dash_then(&mut c, 1, 2)?;
    let long_date = month_len == 2 && day_len == 2;
    if c.done() {
        return Some(Stamp { year, month, day, long_date, time: None });
    }
    let time = parse_stamp_time(&mut c)?;
    c.done().then_some(Stamp { year, month, day, long_date, time: Some(time) })
}

/// `-` followed by `min..=max` digits.
fn dash_then(c: &mut Cursor, min: usize, max: usize) -> Option<(u32, usize)> {
    c.eat_byte(b'-').then(|| digits(c, min, max)).flatten()
}

/// `(?:[Tt]|[ \t]+)hh?:mm:ss(?:\.f*)?(?:[ \t]*(?:Z|[-+]hh?(?::mm)?))?`
fn parse_stamp_time(c: &mut Cursor) -> Option<StampTime> {
    if !c.eat(|b| b == b'T' || b == b't') && c.eat_while(|b| b == b' ' || b == b'\t') == 0 {
        return None;
    }
    let (hour, _) = digits(c, 1, 2)?;
    let minute = c.eat_byte(b':').then(|| digits(c, 2, 2)).flatten()?.0;
    let second = c.eat_byte(b':').then(|| digits(c, 2, 2)).flatten()?.0;
    let mut micro = 0;
    if c.eat_byte(b'.') {
        let start = c.at;
        c.eat_while(|b| b.is_ascii_digit());
        // Python keeps the first six digits, padded with zeros.
        let fraction = c.bytes.get(start..c.at)?;
        for i in 0..6 {
            micro = micro * 10 + fraction.get(i).map_or(0, |d| u32::from(d - b'0'));
        }
    }
    c.eat_while(|b| b == b' ' || b == b'\t');
    let offset = if c.eat_byte(b'Z') {
        Some(0)
    } else if let Some(sign) = c.peek().filter(|b| *b == b'-' || *b == b'+') {
        c.at += 1;
        let (h, _) = digits(c, 1, 2)?;
        let m = if c.eat_byte(b':') { digits(c, 2, 2)?.0 } else { 0 };
        let minutes = i64::from(h) * 60 + i64::from(m);
        Some(if sign == b'-' { -minutes } else { minutes })
    } else {
        None
    };
    Some(StampTime { hour, minute, second, micro, offset })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `SafeConstructor.construct_yaml_timestamp`: the error is the Python exception text.
fn check_timestamp(raw: &str) -> Result<(), String> {
    let text = raw.strip_suffix('\n').unwrap_or(raw);
    let Some(stamp) = parse_stamp(text) else {
        return Err("AttributeError: 'NoneType' object has no attribute 'groupdict'".into());
    };
    // PyYAML builds the timezone before the datetime, so a bad offset is reported first.
    if let Some(offset) = stamp.time.and_then(|t| t.offset)
        && offset.abs() >= 24 * 60
    {
        return Err(format!(
            "ValueError: offset must be a timedelta strictly between -timedelta(hours=24) and \
             timedelta(hours=24), not {}.",
            timedelta_repr(offset * 60)
        ));
    }
    check_date(stamp.year, stamp.month, stamp.day)?;
    match stamp.time {
        Some(t) if t.hour > 23 => Err("ValueError: hour must be in 0..23".into()),
        Some(t) if t.minute > 59 => Err("ValueError: minute must be in 0..59".into()),
        Some(t) if t.second > 59 => Err("ValueError: second must be in 0..59".into()),
        _ => Ok(()),
    }
}

/// Python's `datetime.date(year, month, day)` checks.
fn check_date(year: u32, month: u32, day: u32) -> Result<(), String> {
    if !(1..=9999).contains(&year) {
        return Err(format!("ValueError: year {year} is out of range"));
    }
    if !(1..=12).contains(&month) {
        return Err("ValueError: month must be in 1..12".into());
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err("ValueError: day is out of range for month".into());
    }
    Ok(())
}

/// Python's `repr(timedelta(seconds=...))`.
fn timedelta_repr(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    match (days, rest) {
        (0, 0) => "datetime.timedelta(0)".into(),
        (0, s) => format!("datetime.timedelta(seconds={s})"),
        (d, 0) => format!("datetime.timedelta(days={d})"),
        (d, s) => format!("datetime.timedelta(days={d}, seconds={s})"),
    }
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `SafeConstructor.construct_yaml_binary`: base64 as `binascii.a2b_base64` decodes it.
///
/// Python returns `bytes`; this checker keeps UTF-8 text as a string (pydantic decodes bytes the
/// same way) and refers other bytes back to the user.
fn construct_binary(raw: &str) -> Result<Value, Unsupported> {
    let short = "!!binary";
    let fail = |reason: &str, python: String| {
        Unsupported::new(
            format!("`{short}` cannot decode this value: {reason}"),
            Some("check the base64 text".into()),
            python,
        )
    };
    if let Some((i, c)) = raw.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
        let python = format!(
            "failed to convert base64 data into ascii: 'ascii' codec can't encode character {} in position {i}: \
             ordinal not in range(128)",
            crate::python::repr_str(&c.to_string())
        );
        return Err(fail("it contains a non-ASCII character", python));
    }
    let bytes = a2b_base64(raw.as_bytes()).map_err(|python| fail("it is not valid base64", python))?;
    String::from_utf8(bytes).map(Value::Str).map_err(|_| {
        Unsupported::new(
            "`!!binary` data that is not UTF-8 text is not supported by this checker".into(),
            Some("write the value as a plain string".into()),
            "bytes that are not UTF-8 text".into(),
        )
    })
}

/// CPython's non-strict `binascii.a2b_base64`: skips stray characters, stops at complete padding.
fn a2b_base64(input: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let (mut quad, mut left, mut pads) = (0u8, 0u32, 0u8);
    for &c in input {
        if c == b'=' {
            // Padding counts only once two characters of a quad are in; complete padding ends the data.
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = base64_value(c) else { continue };
        pads = 0;
        match quad {
            0 => {}
            1 => out.push(((left << 2) | (v >> 4)) as u8),
            2 => out.push((((left & 0x0f) << 4) | (v >> 2)) as u8),
            _ => out.push((((left & 0x03) << 6) | v) as u8),
        }
        left = v;
        quad = (quad + 1) % 4;
    }
    match quad {
        0 => Ok(out),
        1 => Err(format!(
            "failed to decode base64 data: Invalid base64-encoded string: number of data characters ({}) \
             cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        )),
        _ => Err("failed to decode base64 data: Incorrect padding".into()),
    }
}

fn base64_value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// A mapping key as Python's `dict` sees it: equal keys collapse (`1`, `1.0` and `true`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum PyKey<'a> {
    None,
    /// Ints, bools and floats with an integral value.
    Int(i128),
    /// Other floats, by their bits.
    Float(u64),
    /// PyYAML's single NaN object that every `.nan` returns.
    SharedNan,
    /// A value only equal to itself (another NaN), by node identity.
    Object(*const NodeData),
    Str(&'a str),
    Date(u32, u32, u32),
    /// A naive datetime, in microseconds.
    Naive(i64),
    /// An aware datetime, in UTC microseconds.
    Aware(i64),
}

/// The dictionary key a node makes, or `None` when Python cannot hash it (list, dict, set).
pub(crate) fn py_key(node: &Node) -> Option<PyKey<'_>> {
    Some(match node.value() {
        Value::Null => PyKey::None,
        Value::Bool(b) => PyKey::Int(i128::from(*b)),
        Value::Int(i) => PyKey::Int(*i),
        Value::Float(f) => float_key(*f, node),
        Value::Str(s) => PyKey::Str(s),
        Value::Timestamp(t) => stamp_key(t, node),
        Value::Seq(_) | Value::Map(_) | Value::Set(_) => return None,
    })
}

fn float_key(f: f64, node: &Node) -> PyKey<'_> {
    if f.is_nan() {
        let shared = node.raw().is_some_and(|raw| {
            let v = raw.replace('_', "").to_lowercase();
            v.strip_prefix(['-', '+']).unwrap_or(&v) == ".nan"
        });
        return if shared { PyKey::SharedNan } else { PyKey::Object(std::rc::Rc::as_ptr(&node.data)) };
    }
    // i128 holds every integral float below 2**127 exactly.
    if f.fract() == 0.0 && f.abs() < 1.7e38 { PyKey::Int(f as i128) } else { PyKey::Float(f.to_bits()) }
}

fn stamp_key<'a>(text: &str, node: &'a Node) -> PyKey<'a> {
    let Some(stamp) = parse_stamp(text.strip_suffix('\n').unwrap_or(text)) else {
        return PyKey::Object(std::rc::Rc::as_ptr(&node.data));
    };
    let Some(t) = stamp.time else { return PyKey::Date(stamp.year, stamp.month, stamp.day) };
    let seconds = days_from_civil(stamp.year, stamp.month, stamp.day) * 86_400
        + i64::from(t.hour) * 3600
        + i64::from(t.minute) * 60
        + i64::from(t.second);
    let micros = seconds * 1_000_000 + i64::from(t.micro);
    match t.offset {
        None => PyKey::Naive(micros),
        Some(minutes) => PyKey::Aware(micros - minutes * 60_000_000),
    }
}

/// The identity of a key's text object, which PyYAML's merge uses to skip repeated keys.
///
/// PyYAML 6.0.4 compares `id(key_node.value)`: the same node, or a text of at most one Latin-1
/// character (CPython caches those strings), counts as the same key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum KeyId {
    Char(Option<char>),
    Node(*const NodeData),
}

/// The [`KeyId`] of a key node.
pub(crate) fn key_id(node: &Node) -> KeyId {
    if let Some(raw) = node.raw() {
        let mut chars = raw.chars();
        match (chars.next(), chars.next()) {
            (None, _) => return KeyId::Char(None),
            (Some(c), None) if u32::from(c) < 256 => return KeyId::Char(Some(c)),
            _ => {}
        }
    }
    KeyId::Node(std::rc::Rc::as_ptr(&node.data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Range;

    fn plain(raw: &str) -> Value {
        resolve_plain(raw)
    }

    fn s(text: &str) -> Value {
        Value::Str(text.into())
    }

    #[test]
    fn booleans() {
        for raw in ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] {
            assert_eq!(plain(raw), Value::Bool(true), "{raw}");
        }
        for raw in ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] {
            assert_eq!(plain(raw), Value::Bool(false), "{raw}");
        }
        for raw in ["y", "Y", "n", "N", "yES", "tRUE", "oN", "nO", "ofF", "yes ", "True!"] {
            assert_eq!(plain(raw), s(raw), "{raw}");
        }
    }

    #[test]
    fn nulls() {
        for raw in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(raw), Value::Null, "{raw:?}");
        }
        for raw in ["nULL", "none", "None", "~~"] {
            assert_eq!(plain(raw), s(raw), "{raw}");
        }
    }

    #[test]
    fn integers() {
        let cases: &[(&str, i128)] = &[
            ("0", 0),
            ("-0", 0),
            ("+1", 1),
            ("1_000", 1000),
            ("1_", 1),
            ("1__2", 12),
            ("0755", 493),
            ("0777_7", 4095),
            ("0_", 0),
            ("00", 0),
            ("0x10", 16),
            ("-0x_1F", -31),
            ("0xff", 255),
            ("0b101", 5),
            ("+0b1_0", 2),
            ("22:22", 1342),
            ("1:30:00", 5400),
            ("8080:30", 484830),
            ("1:7", 67),
            ("-1:30", -90),
            ("+1:2:3", 3723),
            ("170141183460469231731687303715884105727", i128::MAX),
        ];
        for (raw, want) in cases {
            assert_eq!(plain(raw), Value::Int(*want), "{raw}");
        }
        for raw in
            ["08", "09", "0o7", "_1", "0b", "0x", "8080:80", "1:60", "0:30", "00:30", "1:00:60", "0X10", "1 000", "١٢"]
        {
            assert_eq!(plain(raw), s(raw), "{raw}");
        }
    }

    #[test]
    fn floats() {
        let cases: &[(&str, f64)] = &[
            ("1.0e+3", 1000.0),
            ("1.e+5", 100000.0),
            (".5", 0.5),
            ("1.", 1.0),
            ("1._", 1.0),
            ("3.10", 3.1),
            ("1_000.5", 1000.5),
            (".5e-3", 0.0005),
            ("1.5E+2", 150.0),
            ("12:30:00.5", 45000.5),
            ("1:5.5", 65.5),
            ("190:20:30.15", 685230.15),
            ("-1.5", -1.5),
            ("1.0e+400", f64::INFINITY),
            (".inf", f64::INFINITY),
            (".Inf", f64::INFINITY),
            ("+.INF", f64::INFINITY),
            ("-.inf", f64::NEG_INFINITY),
        ];
        for (raw, want) in cases {
            assert_eq!(plain(raw), Value::Float(*want), "{raw}");
        }
        for raw in [".nan", ".NaN", ".NAN"] {
            assert!(matches!(plain(raw), Value::Float(f) if f.is_nan()), "{raw}");
        }
        // YAML 1.1 floats need a dot and a signed exponent.
        for raw in ["1e3", "1.0e3", "-.5", "+.5", "1.5:3", "NaN", "-.nan", "inf", ".infinity", "1.0e+", ".", "._5"] {
            assert_eq!(plain(raw), s(raw), "{raw}");
        }
    }

    #[test]
    fn timestamps() {
        for raw in [
            "2024-01-01",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10 -5",
            "2024-1-1 1:00:00",
            "2001-12-14   21:59:43",
            "2001-12-14T21:59:43Z",
            "2024-02-29",
        ] {
            assert_eq!(plain(raw), Value::Timestamp(raw.into()), "{raw}");
        }
        // Not timestamps, or timestamps PyYAML cannot build (kept as text by `resolve_plain`).
        for raw in ["2001-1-1", "2024-01-01T", "2024-01-01 10:00", "2024-13-45", "2023-02-29", "2001-12-14T21:59:43+25"]
        {
            assert_eq!(plain(raw), s(raw), "{raw}");
        }
        let stamp = parse_stamp("2001-12-14 21:59:43.1234567 +05:30");
        let time = stamp.and_then(|s| s.time);
        assert_eq!(
            time.map(|t| (t.hour, t.minute, t.second, t.micro, t.offset)),
            Some((21, 59, 43, 123_456, Some(330)))
        );
    }

    #[test]
    fn special_keys() {
        assert_eq!(implicit_tag("<<"), Tag::Merge);
        assert_eq!(implicit_tag("="), Tag::Value);
        assert_eq!(plain("<<"), s("<<"));
        assert_eq!(plain("="), s("="));
        assert_eq!(implicit_tag("=x"), Tag::Str);
        // Python's `$` matches before a final newline (reachable through the `!` tag).
        assert_eq!(implicit_tag("12\n"), Tag::Int);
        assert_eq!(implicit_tag("\n"), Tag::Str);
    }

    #[test]
    fn explicit_constructors() {
        let ok = |tag, raw| construct(tag, raw, true).unwrap_or_else(|e| panic!("{raw}: {e:?}"));
        assert_eq!(ok(Tag::Int, "0o17"), Value::Int(15));
        assert_eq!(ok(Tag::Int, "0x0x10"), Value::Int(16));
        assert_eq!(ok(Tag::Int, " 12 "), Value::Int(12));
        assert_eq!(ok(Tag::Int, "1:-30"), Value::Int(30));
        assert_eq!(ok(Tag::Float, "1e3"), Value::Float(1000.0));
        assert_eq!(ok(Tag::Float, " 1e3 "), Value::Float(1000.0));
        assert_eq!(ok(Tag::Float, "1:30"), Value::Float(90.0));
        assert_eq!(ok(Tag::Float, "-inf"), Value::Float(f64::NEG_INFINITY));
        assert_eq!(ok(Tag::Bool, "On"), Value::Bool(true));
        assert_eq!(ok(Tag::Null, "anything"), Value::Null);
        assert_eq!(ok(Tag::Str, "1"), s("1"));
        assert_eq!(ok(Tag::Timestamp, "2024-1-1"), Value::Timestamp("2024-1-1".into()));
        assert_eq!(ok(Tag::Binary, "aGVs\nbG8="), s("hello"));
        let err = |tag, raw| construct(tag, raw, true).err().map(|e| e.python).unwrap_or_default();
        assert_eq!(err(Tag::Int, "1.0"), "ValueError: invalid literal for int() with base 10: '1.0'");
        assert_eq!(err(Tag::Int, "-"), "IndexError: string index out of range");
        assert_eq!(err(Tag::Float, ""), "IndexError: string index out of range");
        assert_eq!(err(Tag::Bool, "Y"), "KeyError: 'y'");
        assert_eq!(err(Tag::Binary, "/w=="), "bytes that are not UTF-8 text");
        assert_eq!(err(Tag::Seq, "x"), "expected a sequence node, but found scalar");
        assert!(construct(Tag::Int, "9".repeat(40).as_str(), false).is_err_and(|e| e.too_large));
        let many = vec!["1"; 175].join(":") + ".5";
        assert_eq!(err(Tag::Float, &many), "OverflowError: int too large to convert to float");
    }

    #[test]
    fn base64_like_binascii() {
        assert_eq!(a2b_base64(b"aGVsbG8="), Ok(b"hello".to_vec()));
        assert_eq!(a2b_base64(b"YQ==="), Ok(b"a".to_vec()));
        assert_eq!(a2b_base64(b"!!!aGVs bG8="), Ok(b"hello".to_vec()));
        assert_eq!(a2b_base64(b"YQ==YQ=="), Ok(b"a".to_vec()));
        assert_eq!(a2b_base64(b""), Ok(Vec::new()));
        assert_eq!(a2b_base64(b"YQ"), Err("failed to decode base64 data: Incorrect padding".into()));
        assert!(a2b_base64(b"YWJjZ").is_err_and(|e| e.contains("number of data characters (5)")));
    }

    fn node(value: Value, raw: Option<&str>) -> Node {
        Node::new(value, None, raw.map(str::to_string), Range::default())
    }

    #[test]
    fn python_dict_keys() {
        let key = |value: Value, raw: Option<&str>| {
            let n = node(value, raw);
            let k = py_key(&n).map(|k| format!("{k:?}"));
            k.unwrap_or_default()
        };
        assert_eq!(key(Value::Int(1), Some("1")), key(Value::Float(1.0), Some("1.0")));
        assert_eq!(key(Value::Bool(true), Some("true")), key(Value::Int(1), Some("1")));
        assert_eq!(key(Value::Float(-0.0), Some("-0.0")), key(Value::Bool(false), Some("no")));
        assert_ne!(key(Value::Str("1".into()), Some("1")), key(Value::Int(1), Some("1")));
        assert_eq!(key(Value::Float(f64::NAN), Some(".NaN")), key(Value::Float(f64::NAN), Some("-.nan")));
        assert_eq!(key(Value::Timestamp("2024-1-1".into()), None), key(Value::Timestamp("2024-01-01".into()), None));
        assert_ne!(
            key(Value::Timestamp("2024-01-01 00:00:00".into()), None),
            key(Value::Timestamp("2024-01-01".into()), None)
        );
        assert_eq!(
            key(Value::Timestamp("2024-01-01 01:00:00+01:00".into()), None),
            key(Value::Timestamp("2024-01-01T00:00:00Z".into()), None)
        );
        assert_ne!(
            key(Value::Timestamp("2024-01-01 00:00:00".into()), None),
            key(Value::Timestamp("2024-01-01 00:00:00Z".into()), None)
        );
        assert!(py_key(&node(Value::Seq(Vec::new()), None)).is_none());
        // NaNs other than PyYAML's shared `.nan` are only equal to themselves.
        let a = node(Value::Float(f64::NAN), Some("nan"));
        let b = node(Value::Float(f64::NAN), Some("nan"));
        assert_ne!(py_key(&a), py_key(&b));
        assert_eq!(py_key(&a), py_key(&a.clone()));
    }

    #[test]
    fn merge_key_identity_follows_cpython_string_caching() {
        let a1 = node(s("a"), Some("a"));
        let a2 = node(s("a"), Some("a"));
        let long1 = node(s("image"), Some("image"));
        let long2 = node(s("image"), Some("image"));
        assert_eq!(key_id(&a1), key_id(&a2));
        assert_ne!(key_id(&long1), key_id(&long2));
        assert_eq!(key_id(&long1), key_id(&long1.clone()));
        assert_eq!(key_id(&node(Value::Null, Some(""))), key_id(&node(s(""), Some(""))));
        assert_ne!(key_id(&node(s("中"), Some("中"))), key_id(&node(s("中"), Some("中"))));
    }

    #[test]
    fn repr_like_python() {
        assert_eq!(crate::python::repr_str("a"), "'a'");
        assert_eq!(crate::python::repr_str("it's"), "\"it's\"");
        assert_eq!(crate::python::repr_str("a\nb\\"), "'a\\nb\\\\'");
        assert_eq!(crate::python::repr_str("\u{0}"), "'\\x00'");
    }
}
