//! YAML 1.1 scalar resolution and construction, exactly as PyYAML 6's `SafeLoader` does it.
//!
//! PyYAML gives a plain scalar a tag by matching its text against regular expressions (the
//! implicit resolvers), then builds the Python value with the `SafeConstructor` of that tag. Both
//! steps are reproduced here with hand-written matchers (no regex engine). Where PyYAML's
//! constructor raises, the reason comes back as an [`Unsupported`].

pub(crate) mod bigint;
mod binary;
mod keys;
mod numbers;
mod timestamp;

use crate::lower::Lower;
use crate::node::Value;

pub(crate) use bigint::MAX_DIGITS;
use binary::construct_binary;
pub(crate) use keys::{KeyId, PyKey, key_id, py_key};
use numbers::{construct_bool, construct_float, construct_int, is_float, is_int};
use timestamp::{check_timestamp, parse_stamp};

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
        Unsupported { message, help: Some(help), python }
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
            message: format!("the tag `{short}` needs a {expected}, but the value is a {found}"),
            help: Some(format!("remove `{short}` or change the value")),
            python: format!("expected a {expected} node, but found {found}"),
        }
    }

    /// An error with a message and the Python exception text.
    fn new(message: String, help: Option<String>, python: String) -> Unsupported {
        Unsupported { message, help, python }
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
    // PyYAML chooses the resolvers to try by the first character, in registration order (all
    // of them ASCII: a first byte beyond ASCII is text).
    let Some(first) = raw.as_bytes().first() else { return Tag::Null };
    match first {
        // Booleans have 2 to 5 letters.
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' if text.len() <= 5 && is_bool(text) => {
            Tag::Bool
        }
        // Text starting with a digit (sizes, durations, ports) is decided by its bytes where the
        // float, int and timestamp patterns cannot match it or plain digits make it an int.
        b'0'..=b'9' if !text.bytes().all(in_number) => Tag::Str,
        b'0'..=b'9' if text.bytes().all(|b| b.is_ascii_digit()) => digits_tag(text.as_bytes()),
        b'-' | b'+' | b'0'..=b'9' | b'.' if is_float(text.as_bytes()) => Tag::Float,
        b'-' | b'+' | b'0'..=b'9' if is_int(text.as_bytes()) => Tag::Int,
        b'<' if text == "<<" => Tag::Merge,
        b'~' | b'n' | b'N' if matches!(text, "~" | "null" | "Null" | "NULL") => Tag::Null,
        b'0'..=b'9' if parse_stamp(text).is_some_and(|s| s.time.is_some() || s.long_date) => Tag::Timestamp,
        b'=' if text == "=" => Tag::Value,
        _ => Tag::Str,
    }
}

/// The bytes of the float, int (binary, hex, base 60) and timestamp patterns that may follow a
/// first digit.
fn in_number(b: u8) -> bool {
    b.is_ascii_hexdigit() || matches!(b, b'_' | b'.' | b':' | b'+' | b'-' | b'x' | b'T' | b't' | b'Z' | b' ' | b'\t')
}

/// The tag of text made of ASCII digits only: `[1-9][0-9]*`, `0` and `0[0-7]+` (octal) are ints,
/// anything else (`08`) matches no pattern.
fn digits_tag(digits: &[u8]) -> Tag {
    match digits {
        [b'0', rest @ ..] if !rest.iter().all(|b| (b'0'..=b'7').contains(b)) => Tag::Str,
        _ => Tag::Int,
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
                format!("KeyError: {}", crate::python::repr_str(&raw.lower())),
            )
        }),
        Tag::Int => construct_int(raw).map_err(|python| fail(python_reason(&python), python)),
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
    // A 4,301-digit number does not belong in a message whole.
    let shown: String = raw.chars().take(40).collect();
    let raw = if shown.len() < raw.len() { format!("{shown}…") } else { shown };
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

#[cfg(test)]
mod tests;
