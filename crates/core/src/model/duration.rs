//! Durations: whole seconds or a whole number with one unit (`90m`, `2h`, `1d`, `1w`).

use super::coerce::{describe, py_str};
use super::ctx::Fail;
use super::py_int::PyInt;
use crate::codes;
use crate::json::Json;
use crate::python::int_text_from_str;
use crate::yaml::lower::Lower;
use crate::yaml::{Node, Value};

const UNITS: [(char, u32); 5] = [('s', 1), ('m', 60), ('h', 3600), ('d', 86_400), ('w', 604_800)];

/// dstack's `Duration.parse`: seconds as a Python int (of any size).
pub fn parse_duration(node: &Node) -> Result<PyInt, Fail> {
    match node.value() {
        Value::Int(i) => Ok(PyInt::Small(*i)),
        Value::BigInt(digits) => Ok(PyInt::from_text(digits)),
        Value::Bool(b) => Ok(PyInt::Small(i128::from(*b))),
        Value::Float(f) if f.is_finite() => Ok(PyInt::from_float(*f)),
        Value::Float(f) => {
            // Python's int() of inf/nan raises outside pydantic: dstack crashes with this error.
            let dstack = if f.is_nan() {
                "ValueError: cannot convert float NaN to integer"
            } else {
                "OverflowError: cannot convert float infinity to integer"
            };
            Err(Fail::new(
                codes::INVALID_DURATION,
                format!("a duration must be a finite number of seconds, found {}", describe(node)),
                dstack,
            ))
        }
        Value::Str(s) => duration_from_str(s).ok_or_else(|| fail(node, s)),
        _ => Err(fail(node, &py_str(node))),
    }
}

/// dstack 0.22.5's `parse_off_duration` (`max_duration`, `stop_duration`): `off` and YAML's
/// false give `"off"`, true gives null, negatives are rejected.
pub fn off_duration(node: &Node) -> Result<Json, Fail> {
    match node.value() {
        Value::Bool(false) => return Ok(Json::str("off")),
        Value::Str(s) if s == "off" => return Ok(Json::str("off")),
        Value::Bool(true) => return Ok(Json::Null),
        _ => {}
    }
    let seconds = parse_duration(node).map_err(value_error)?;
    if seconds < 0 {
        return Err(Fail::new(
            codes::INVALID_DURATION,
            format!("a duration cannot be negative, found {}", describe(node)),
            "Value error, Duration cannot be negative",
        )
        .help("write `off` for no limit"));
    }
    Ok(seconds.json())
}

/// dstack 0.22.5's `parse_idle_duration`: `off`, YAML's false and -1 give -1, true gives null.
pub fn idle_duration(node: &Node) -> Result<Json, Fail> {
    match node.value() {
        Value::Bool(false) => Ok(Json::Int(-1)),
        Value::Str(s) if s == "off" => Ok(Json::Int(-1)),
        Value::Bool(true) => Ok(Json::Null),
        _ => parse_duration(node).map(|seconds| seconds.json()).map_err(value_error),
    }
}

/// pydantic 2 prefixes a validator's message with `Value error, `.
fn value_error(mut f: Fail) -> Fail {
    if f.dstack.starts_with("Cannot parse") {
        f.dstack = format!("Value error, {}", f.dstack);
    }
    f
}

/// The string forms: Python `int()` text, or `^\d+ *[smhdw]$` (a trailing newline allowed, like `re.match`).
pub fn duration_from_str(s: &str) -> Option<PyInt> {
    if let Some(digits) = int_text_from_str(s) {
        return Some(PyInt::from_text(&digits));
    }
    let t = s.strip_suffix('\n').unwrap_or(s);
    let unit = t.chars().last()?;
    let factor = UNITS.iter().find(|(u, _)| *u == unit)?.1;
    let body = t[..t.len() - unit.len_utf8()].trim_end_matches(' ');
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)) {
        return None;
    }
    Some(PyInt::from_text(&int_text_from_str(body)?).times(factor))
}

fn fail(node: &Node, text: &str) -> Fail {
    let f = Fail::new(
        codes::INVALID_DURATION,
        format!("expected a duration like `90m`, `2h`, `1d` or a number of seconds, found {}", describe(node)),
        format!("Cannot parse the duration {text}"),
    );
    match suggestion(text) {
        Some(h) => f.help(h),
        None => {
            f.help("write a whole number followed by one of `s`, `m`, `h`, `d`, `w` (e.g. `90m`), or seconds (`5400`)")
        }
    }
}

/// A concrete rewrite for common mistakes: `1.5h`, `2H`, `1h30m`, `2hours`, stray spaces.
fn suggestion(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed != text && duration_from_str(trimmed).is_some() {
        return Some(format!("remove the spaces: `{trimmed}`"));
    }
    let lower = trimmed.lower();
    if lower != trimmed && duration_from_str(&lower).is_some() {
        return Some(format!("units are lowercase: `{lower}`"));
    }
    for (word, unit) in
        [("seconds", 's'), ("minutes", 'm'), ("hours", 'h'), ("days", 'd'), ("weeks", 'w'), ("mins", 'm'), ("hrs", 'h')]
    {
        let singular = &word[..word.len() - 1];
        for w in [word, singular] {
            if let Some(n) = lower.strip_suffix(w)
                && duration_from_str(&format!("{}{unit}", n.trim())).is_some()
            {
                return Some(format!("write `{}{unit}`", n.trim()));
            }
        }
    }
    let seconds = compound_seconds(&lower)?;
    let (u, f) = UNITS.iter().rev().find(|(_, f)| seconds % i128::from(*f) == 0)?;
    Some(format!("write `{}{u}` (only one unit and whole numbers are accepted)", seconds / i128::from(*f)))
}

/// Seconds of `1h30m` or `1.5h`-style text, if it has that shape.
fn compound_seconds(s: &str) -> Option<i128> {
    let mut total = 0.0f64;
    let mut num = String::new();
    let mut any = false;
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
        } else if c == ' ' {
            continue;
        } else {
            let factor = f64::from(UNITS.iter().find(|(u, _)| *u == c)?.1);
            total += dstack_yaml::decimal::parse_f64(&num)? * factor;
            num.clear();
            any = true;
        }
    }
    if !any || !num.is_empty() || total.fract() != 0.0 {
        return None;
    }
    Some(total as i128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        assert_eq!(duration_from_str("3600"), Some(PyInt::Small(3600)));
        assert_eq!(duration_from_str(" 90 "), Some(PyInt::Small(90)));
        assert_eq!(duration_from_str("-5"), Some(PyInt::Small(-5)));
        assert_eq!(duration_from_str("2h"), Some(PyInt::Small(7200)));
        assert_eq!(duration_from_str("2   h"), Some(PyInt::Small(7200)));
        assert_eq!(duration_from_str("1w"), Some(PyInt::Small(604_800)));
        assert_eq!(duration_from_str("2h\n"), Some(PyInt::Small(7200)));
        let big = "9".repeat(40);
        assert_eq!(duration_from_str(&big), Some(PyInt::Big(big.clone())));
        assert_eq!(duration_from_str(&format!("{big}m")), Some(PyInt::Big(format!("59{}40", "9".repeat(38)))));
        for bad in ["1.5h", "2H", "2hours", "1h30m", " 2h", "2h ", "2y", "h2", "", "off"] {
            assert_eq!(duration_from_str(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggestion("1.5h").as_deref(), Some("write `90m` (only one unit and whole numbers are accepted)"));
        assert_eq!(suggestion("1h30m").as_deref(), Some("write `90m` (only one unit and whole numbers are accepted)"));
        assert_eq!(suggestion("2H").as_deref(), Some("units are lowercase: `2h`"));
        assert_eq!(suggestion("2hours").as_deref(), Some("write `2h`"));
        assert_eq!(suggestion(" 2h").as_deref(), Some("remove the spaces: `2h`"));
    }
}
