//! Numbers and booleans: PyYAML's implicit resolvers for them (as hand-written matchers) and
//! their `SafeConstructor`s.

use super::bigint;
use crate::lower::Lower;
use std::borrow::Cow;

use crate::node::Value;
use crate::python;

/// A position in a byte string for the hand-written matchers.
pub(super) struct Cursor<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, at: 0 }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    pub(super) fn peek2(&self) -> Option<u8> {
        self.bytes.get(self.at + 1).copied()
    }

    /// Consumes one byte if it satisfies `f`.
    pub(super) fn eat(&mut self, f: impl Fn(u8) -> bool) -> bool {
        let ok = self.peek().is_some_and(f);
        if ok {
            self.at += 1;
        }
        ok
    }

    pub(super) fn eat_byte(&mut self, b: u8) -> bool {
        self.eat(|c| c == b)
    }

    pub(super) fn eat_str(&mut self, s: &[u8]) -> bool {
        let ok = self.bytes.get(self.at..).is_some_and(|rest| rest.starts_with(s));
        if ok {
            self.at += s.len();
        }
        ok
    }

    /// Consumes bytes while they satisfy `f`; returns how many.
    pub(super) fn eat_while(&mut self, f: impl Fn(u8) -> bool) -> usize {
        let start = self.at;
        while self.eat(&f) {}
        self.at - start
    }

    /// `[-+]?`
    pub(super) fn sign(&mut self) {
        self.eat(|c| c == b'-' || c == b'+');
    }

    pub(super) fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// `(?::[0-5]?[0-9])+`, the base-60 groups.
    pub(super) fn sexagesimal_groups(&mut self) -> bool {
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
    pub(super) fn exponent_then_end(&mut self) -> bool {
        if self.eat(|c| c == b'e' || c == b'E') {
            return self.eat(|c| c == b'-' || c == b'+') && self.eat_while(|c| c.is_ascii_digit()) > 0 && self.done();
        }
        self.done()
    }
}

pub(super) fn digit_or_underscore(c: u8) -> bool {
    c.is_ascii_digit() || c == b'_'
}

/// PyYAML's float resolver.
pub(super) fn is_float(s: &[u8]) -> bool {
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
pub(super) fn is_int(s: &[u8]) -> bool {
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

/// Why a number could not be built as an `i128`.
pub(super) enum NumError {
    /// Python builds it, but it does not fit `i128`.
    TooLarge,
    /// The Python exception text.
    Python(String),
}

/// `SafeConstructor.construct_yaml_bool`: a dictionary lookup of the lowercased text.
pub(super) fn construct_bool(raw: &str) -> Option<bool> {
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
    match raw.lower().as_str() {
        "yes" | "true" | "on" => Some(true),
        "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// Splits PyYAML's way: `value[0]` decides the sign, then one `+`/`-` is dropped.
pub(super) fn split_sign(value: &str) -> Result<(bool, &str), String> {
    match value.chars().next() {
        None => Err("IndexError: string index out of range".into()),
        Some('-') => Ok((true, &value[1..])),
        Some('+') => Ok((false, &value[1..])),
        Some(_) => Ok((false, value)),
    }
}

/// `SafeConstructor.construct_yaml_int`: an `Int`, or a `BigInt` beyond `i128`.
pub(super) fn construct_int(raw: &str) -> Result<Value, String> {
    // The usual `8080`: decimal digits without a leading zero, too few to overflow.
    if (1..=18).contains(&raw.len()) && !raw.starts_with('0') && raw.bytes().all(|b| b.is_ascii_digit()) {
        let value = raw.bytes().fold(0, |value, digit| value * 10 + i128::from(digit - b'0'));
        return Ok(Value::Int(value));
    }
    match small_int(raw) {
        Ok(i) => Ok(Value::Int(i)),
        Err(NumError::TooLarge) => big_int(raw).map(Value::BigInt),
        Err(NumError::Python(python)) => Err(python),
    }
}

/// `construct_yaml_int` for values that fit `i128`.
fn small_int(raw: &str) -> Result<i128, NumError> {
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
pub(super) fn sexagesimal_int(body: &str) -> Result<i128, NumError> {
    let mut value: i128 = 0;
    for part in body.split(':') {
        let digit = py_int(part, 10)?;
        value = value.checked_mul(60).and_then(|v| v.checked_add(digit)).ok_or(NumError::TooLarge)?;
    }
    Ok(value)
}

/// Python's `int(s, base)` (after PyYAML removed the underscores).
pub(super) fn py_int(s: &str, base: u32) -> Result<i128, NumError> {
    let invalid = || {
        NumError::Python(format!(
            "ValueError: invalid literal for int() with base {base}: {}",
            crate::python::repr_str(s)
        ))
    };
    if base == 10 {
        return python::int_from_str(s).map_err(|too_large| if too_large { NumError::TooLarge } else { invalid() });
    }
    let (negative, body) = signed(s.trim());
    let digits = without_base_prefix(body, base);
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

/// `construct_yaml_int` for values beyond `i128` (which `small_int` has checked): Python's `str()`
/// of the value.
fn big_int(raw: &str) -> Result<String, String> {
    let value = raw.replace('_', "");
    let (negative, body) = split_sign(&value)?;
    let magnitude = if let Some(digits) = body.strip_prefix("0b") {
        big_in_base(digits, 2)?
    } else if let Some(digits) = body.strip_prefix("0x") {
        big_in_base(digits, 16)?
    } else if body.starts_with('0') {
        big_in_base(body, 8)?
    } else if body.contains(':') {
        // Each part as Python's `int()` reads it, combined in base 60.
        let mut big = bigint::Big::default();
        for part in body.split(':') {
            let (_, digits) = signed(part.trim());
            big.mul_add(60, 0)?;
            big.add(&bigint::Big::parse(&python::ascii_digits(digits))?)?;
        }
        big.decimal()?
    } else {
        let (sign, digits) = signed(body.trim());
        let digits = python::ascii_digits(digits);
        return bigint::decimal(&digits).map(|d| if negative != sign { format!("-{d}") } else { d });
    };
    Ok(if negative { format!("-{magnitude}") } else { magnitude })
}

/// `body` without the prefix of `base` (`0b`, `0o`, `0x`, any case): `int(s, 16)` accepts its own
/// prefix, `int('0x10', 16) == 16`.
fn without_base_prefix(body: &str, base: u32) -> &str {
    let prefix = match base {
        2 => "0b",
        8 => "0o",
        _ => "0x",
    };
    match body.get(..2) {
        Some(p) if p.eq_ignore_ascii_case(prefix) => &body[2..],
        _ => body,
    }
}

/// A sign Python's `int()` accepts, and the text after it.
fn signed(text: &str) -> (bool, &str) {
    match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    }
}

/// Python's `int(s, base)` beyond `i128`: `s` may repeat the base's prefix and have a sign.
fn big_in_base(s: &str, base: u32) -> Result<String, String> {
    let (negative, body) = signed(s.trim());
    let magnitude = bigint::in_base(without_base_prefix(body, base), base)?;
    Ok(if negative { format!("-{magnitude}") } else { magnitude })
}

/// `SafeConstructor.construct_yaml_float`; the error is the Python exception text.
pub(super) fn construct_float(raw: &str) -> Result<f64, String> {
    // The usual `1.5` is already what removing `_` and lowercasing would make.
    let plain = raw.bytes().all(|b| b.is_ascii() && b != b'_' && !b.is_ascii_uppercase());
    let value = if plain { Cow::Borrowed(raw) } else { Cow::Owned(raw.replace('_', "").lower()) };
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
pub(super) fn sexagesimal_float(body: &str) -> Result<f64, String> {
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
pub(super) fn py_float(s: &str) -> Result<f64, String> {
    python::float_from_str(s)
        .ok_or_else(|| format!("ValueError: could not convert string to float: {}", crate::python::repr_str(s)))
}
