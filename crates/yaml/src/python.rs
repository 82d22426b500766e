//! Python's own conversions, reproduced exactly: `repr(float)`, `repr(str)`, `int(str)`, `float(str)`.
//!
//! PyYAML words its errors with `repr`, and pydantic v1 coerces with `int` and `float`, so loading
//! and whatever validates the loaded values both depend on them.

use std::borrow::Cow;

/// Python's `repr(f)` / `str(f)` for a float: shortest round-trip digits, `1.0` not `1`,
/// exponent form below 1e-4 and from 1e16 (`1e+16`, `1.5e-05`), `inf`, `nan`.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // A whole number below 2^53 (`8.0`, `-16.0`): its shortest round-trip digits are the
    // integer's own (any other decimal is at least 1 away, beyond half a unit of precision).
    // Tested by converting to an integer and back: `trunc` is a call to the C library.
    if f.abs() < 9_007_199_254_740_992.0 && (f as i64) as f64 == f {
        return whole_repr(f as i64);
    }
    shortest_repr(f)
}

/// `{n}.0` without the formatting machinery (most floats in configurations are whole).
fn whole_repr(n: i64) -> String {
    let mut out = String::with_capacity(24);
    push_int(&mut out, n.into());
    out.push_str(".0");
    out
}

/// Appends an integer's decimal digits to `out`, as `str(int)` writes them, without an
/// intermediate string (the one digit writer of the JSON, the text report and `float_repr`).
// Inlined in the native build only: at every caller, it would grow the page's module.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn push_int(out: &mut String, i: i128) {
    // Most integers are line and column numbers and small counts: one or two digits, written
    // where the caller is, without a call.
    if let Ok(small @ 0..100) = u8::try_from(i) {
        if small >= 10 {
            out.push(char::from(b'0' + small / 10));
        }
        out.push(char::from(b'0' + small % 10));
        return;
    }
    push_large_int(out, i);
}

/// [`push_int`] for an integer of three digits or more, or a negative one.
fn push_large_int(out: &mut String, i: i128) {
    let mut digits = [0u8; 40];
    let mut at = digits.len();
    let mut rest = i.unsigned_abs();
    // Most integers fit 64 bits, whose division is far cheaper than 128-bit division.
    while rest > u128::from(u64::MAX) {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let mut small = rest as u64;
    loop {
        at -= 1;
        digits[at] = b'0' + (small % 10) as u8;
        small /= 10;
        if small == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        digits[at] = b'-';
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// [`float_repr`] of a finite, non-zero float from its shortest round-trip digits, written into
/// one string (formatting each form again was most of the time).
fn shortest_repr(f: f64) -> String {
    // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e-5", "1e16".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = mantissa.strip_prefix('-').map_or(("", mantissa), |m| ("-", m));
    // One digit before the point, the rest after it.
    let (lead, rest) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = lead.len() + rest.len();
    let mut out = String::with_capacity(sign.len() + digits + 24);
    out.push_str(sign);
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
            out.push_str(lead);
            out.push_str(rest);
        } else if point as usize >= digits {
            out.push_str(lead);
            out.push_str(rest);
            out.extend(std::iter::repeat_n('0', point as usize - digits));
            out.push_str(".0");
        } else {
            let (before, after) = rest.split_at(point as usize - lead.len());
            for part in [lead, before, ".", after] {
                out.push_str(part);
            }
        }
    } else {
        out.push_str(lead);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push_str(if exp < 0 { "e-" } else { "e+" });
        if exp.abs() < 10 {
            out.push('0');
        }
        push_int(&mut out, exp.abs().into());
    }
    out
}

/// Removes `_` that sit between two digits; `None` if an underscore is anywhere else. Text
/// without one (nearly all) is given back as it is.
fn strip_underscores(s: &str) -> Option<Cow<'_, str>> {
    if !s.contains('_') {
        return Some(Cow::Borrowed(s));
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).is_some_and(char::is_ascii_digit);
            let next = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if !(prev && next) {
                return None;
            }
        } else {
            out.push(c);
        }
    }
    Some(Cow::Owned(out))
}

/// True for the decimal digits [`ascii_digits`] knows: ASCII, fullwidth and other common scripts
/// (what Python's `\d` and `int()` accept among them).
pub fn is_decimal_digit(c: char) -> bool {
    c.is_ascii_digit() || ascii_digits(c.encode_utf8(&mut [0; 4])).as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// Maps Unicode decimal digits (fullwidth and other common scripts Python accepts) to ASCII;
/// ASCII text (nearly all) is given back as it is.
pub(crate) fn ascii_digits(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{0966}'..='\u{096F}' => char::from(b'0' + (c as u32 - 0x0966) as u8),
            c => c,
        })
        .collect()
}

/// Python's `int(s)` for a string (base 10): surrounding whitespace, a sign and `_` between digits
/// are accepted. `Err(true)` means the digits are valid but exceed this checker's `i128` limit.
pub fn int_from_str(s: &str) -> Result<i128, bool> {
    let t = ascii_digits(s.trim());
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return Err(false);
    }
    let digits = strip_underscores(body).ok_or(false)?;
    let n: i128 = digits.parse().map_err(|_| true)?;
    Ok(if neg { -n } else { n })
}

/// Python's `str(int(s))` for a string of any size (base 10, as [`int_from_str`] reads it);
/// `None` where `int()` raises, including beyond Python's 4300-digit limit.
pub fn int_text_from_str(s: &str) -> Option<String> {
    let t = ascii_digits(s.trim());
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    let digits = strip_underscores(body)?;
    if digits.len() > crate::resolve::MAX_DIGITS {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    Some(match significant {
        "" => "0".into(),
        _ if neg => format!("-{significant}"),
        _ => significant.into(),
    })
}

/// Python's `float(s)` for a string: whitespace, sign, `inf`/`infinity`/`nan` in any case,
/// `_` between digits, exponents; `None` where Python raises ValueError.
pub fn float_from_str(s: &str) -> Option<f64> {
    let t = ascii_digits(s.trim());
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let v = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else if is_decimal_float(body) {
        crate::decimal::parse_f64(&strip_underscores(body)?)?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

/// `digits [. digits] [e [sign] digits]` or `. digits [...]`, with `_` allowed in digit runs.
fn is_decimal_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digit_run = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && (b[*i].is_ascii_digit() || b[*i] == b'_') {
            *i += 1;
        }
        *i > start
    };
    let int_part = digit_run(&mut i);
    let mut frac_part = false;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        frac_part = digit_run(&mut i);
    }
    if !int_part && !frac_part {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if !digit_run(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// Python's `repr()` of a string.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (0x80..0xa0).contains(&(c as u32)) => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_python() {
        let cases = [
            (1.0, "1.0"),
            (0.5, "0.5"),
            (3.1, "3.1"),
            (1000.0, "1000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123456789012345.6, "123456789012345.6"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-2.5, "-2.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e300, "1e+300"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "{f}");
        }
    }

    #[test]
    fn whole_numbers_read_as_their_shortest_digits() {
        let limit = 9_007_199_254_740_992.0;
        let mut wholes = vec![1.0, 8.0, 10.0, 1e15, limit - 1.0, limit - 2.0, 9_999_999_999_999.0, 123_456_789.0];
        wholes.extend((0..64).map(|i| f64::from(1u32 << (i % 31)) * f64::from(i + 1)));
        for f in wholes {
            assert_eq!(float_repr(f), shortest_repr(f), "{f}");
            assert_eq!(float_repr(-f), shortest_repr(-f), "{f}");
        }
        assert_eq!(float_repr(limit), "9007199254740992.0");
        assert_eq!(float_repr(-8.0), "-8.0");
    }

    #[test]
    fn int_like_python() {
        assert_eq!(int_from_str(" 90 "), Ok(90));
        assert_eq!(int_from_str("-5"), Ok(-5));
        assert_eq!(int_from_str("+80"), Ok(80));
        assert_eq!(int_from_str("1_0"), Ok(10));
        assert_eq!(int_from_str("１２"), Ok(12));
        assert_eq!(int_from_str("2.5"), Err(false));
        assert_eq!(int_from_str("_1"), Err(false));
        assert_eq!(int_from_str("1__0"), Err(false));
        assert_eq!(int_from_str(""), Err(false));
        assert_eq!(int_from_str("9".repeat(60).as_str()), Err(true));
    }

    #[test]
    fn int_text_of_any_size() {
        let big = format!("-{}", "9".repeat(60));
        assert_eq!(int_text_from_str(&format!(" -000{} ", &big[1..])), Some(big));
        assert_eq!(int_text_from_str("+1_000"), Some("1000".into()));
        assert_eq!(int_text_from_str("-0"), Some("0".into()));
        assert_eq!(int_text_from_str("１２"), Some("12".into()));
        assert_eq!(int_text_from_str("1__0"), None);
        assert_eq!(int_text_from_str("9".repeat(4300).as_str()).map(|t| t.len()), Some(4300));
        assert_eq!(int_text_from_str("9".repeat(4301).as_str()), None);
    }

    #[test]
    fn repr_of_strings() {
        assert_eq!(repr_str("Task"), "'Task'");
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("a\nb\x7f"), "'a\\nb\\x7f'");
    }

    #[test]
    fn float_like_python() {
        assert_eq!(float_from_str("0.5"), Some(0.5));
        assert_eq!(float_from_str(" 1e3 "), Some(1000.0));
        assert_eq!(float_from_str(".5"), Some(0.5));
        assert_eq!(float_from_str("5."), Some(5.0));
        assert_eq!(float_from_str("1_0"), Some(10.0));
        assert_eq!(float_from_str("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(float_from_str("nan").unwrap().is_nan());
        assert_eq!(float_from_str("16g"), None);
        assert_eq!(float_from_str("."), None);
        assert_eq!(float_from_str("1e"), None);
        assert_eq!(float_from_str("$1"), None);
    }
}
