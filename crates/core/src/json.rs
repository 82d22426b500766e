//! A JSON value that keeps what dstack's output distinguishes: ints vs floats (`2` vs `8.0`),
//! key order, and Python's non-standard `Infinity`/`NaN`.

use std::borrow::Cow;
#[cfg(not(target_arch = "wasm32"))]
use std::mem::MaybeUninit;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::python::{float_repr, push_int};

/// An object key: a static field name, or an owned string (e.g. an environment variable name).
/// A static name is written as it is, without escapes: it is printable ASCII without `"` or `\`
/// (debug builds assert it); any other text is owned.
pub type Key = Cow<'static, str>;

/// A JSON value in Python's `json` module's model.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits `i128`.
    Int(i128),
    /// An integer beyond `i128` (Python ints are unbounded): its decimal text, `-` and digits.
    BigInt(String),
    /// A float, printed with a decimal point or exponent as Python prints it.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, in insertion order. Keys are usually field names, so they are borrowed.
    Object(Vec<(Key, Json)>),
}

impl Json {
    /// Shorthand for a string value.
    pub fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    /// Shorthand for `Some(x)` → `x`, `None` → `null`.
    pub fn opt<T: Into<Json>>(v: Option<T>) -> Json {
        v.map_or(Json::Null, Into::into)
    }

    /// For an object: the value at `key`.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The number as f64 (ints converted), if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Int(i) => Some(*i as f64),
            // Rounded to the nearest double (infinite beyond `f64::MAX`), as `float(int)` rounds.
            Json::BigInt(digits) => dstack_yaml::decimal::parse_f64(digits),
            Json::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The integer, if this is an int that fits `i128`.
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Json::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The integer, if this is an int; one beyond `i128` is clamped to it (a count or a number of
    /// seconds that large is beyond anything a run gets).
    pub fn as_int_clamped(&self) -> Option<i128> {
        match self {
            Json::Int(i) => Some(*i),
            Json::BigInt(digits) if digits.starts_with('-') => Some(i128::MIN),
            Json::BigInt(_) => Some(i128::MAX),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The text Python's `json.dumps(value)` gives (`", "`/`": "` separators, ASCII only).
    pub fn to_python_string(&self) -> String {
        let mut out = String::new();
        self.write_python(&mut out);
        out
    }

    /// Appends [`Json::to_python_string`]'s text to `out` (one buffer for a whole report).
    pub fn write_python(&self, out: &mut String) {
        write_value(self, out);
    }

    /// [`Json::write_python`], consuming the value: each part is freed once written, in the same
    /// walk (the CLI writes a report's JSON once; a separate drop walked it again, a call for
    /// every `null`).
    pub fn write_python_owned(mut self, out: &mut String) {
        write_value_freeing(&mut self, out);
    }

    /// Pretty-printed with `indent` spaces, keeping non-ASCII characters as they are.
    pub fn to_pretty_string(&self, indent: usize) -> String {
        let mut out = String::new();
        self.write_pretty(&mut out, indent, 0);
        out
    }

    fn write_pretty(&self, out: &mut String, indent: usize, level: usize) {
        match self {
            Json::Array(items) => {
                if items.is_empty() {
                    out.push_str("[]");
                    return;
                }
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    separator(out, indent, level + 1, i == 0);
                    item.write_pretty(out, indent, level + 1);
                }
                close(out, indent, level);
                out.push(']');
            }
            Json::Object(entries) => {
                if entries.is_empty() {
                    out.push_str("{}");
                    return;
                }
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    separator(out, indent, level + 1, i == 0);
                    write_string(out, k, false);
                    out.push_str(": ");
                    v.write_pretty(out, indent, level + 1);
                }
                close(out, indent, level);
                out.push('}');
            }
            scalar => scalar.write_scalar(out, false),
        }
    }

    /// A value other than an array or object (inlined: most values are scalars).
    #[inline]
    fn write_scalar(&self, out: &mut String, ascii_only: bool) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => push_int(out, *i),
            Json::BigInt(digits) => out.push_str(digits),
            Json::Float(f) => write_float(out, *f),
            Json::Str(s) => write_string(out, s, ascii_only),
            Json::Array(items) => write_array(items, out),
            Json::Object(entries) => write_object(entries, out),
        }
    }

    /// Parses JSON text, accepting Python's `Infinity`, `-Infinity` and `NaN`; numbers without
    /// a fraction or exponent become [`Json::Int`].
    pub fn parse(text: &str) -> Result<Json, String> {
        let mut p = JsonParser { s: text.as_bytes(), i: 0, text };
        let v = p.value(0)?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("trailing characters at byte {}", p.i));
        }
        Ok(v)
    }
}

fn separator(out: &mut String, indent: usize, level: usize, first: bool) {
    if !first {
        out.push(',');
    }
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent * level));
}

fn close(out: &mut String, indent: usize, level: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent * level));
}

/// An array as `json.dumps` writes it.
fn write_array(items: &[Json], out: &mut String) {
    let Some((first, rest)) = items.split_first() else {
        out.push_str("[]");
        return;
    };
    out.push('[');
    write_value(first, out);
    for item in rest {
        out.push_str(", ");
        write_value(item, out);
    }
    out.push(']');
}

/// An object as `json.dumps` writes it. Most of a report's text is objects' members, most of
/// them field names with `null`.
fn write_object(entries: &[(Key, Json)], out: &mut String) {
    let Some(((key, value), rest)) = entries.split_first() else {
        out.push_str("{}");
        return;
    };
    write_member(out, "{\"", key, value);
    for (key, value) in rest {
        write_member(out, ", \"", key, value);
    }
    out.push('}');
}

/// A member of an object after `head` (what comes before it and its key's opening quote): the
/// key, its closing quote with `: ` (and `null`) written at once, then its value.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn write_member(out: &mut String, head: &'static str, key: &Key, value: &Json) {
    match value {
        Json::Null => write_member_key(out, head, key, "\": null"),
        value => {
            write_member_key(out, head, key, "\": ");
            write_value(value, out);
        }
    }
}

/// [`write_key`] of a member's key. A borrowed key is one of the program's own names (a field,
/// a view's entry: a `'static` string is never a document's text), printable ASCII without a
/// quote or backslash: it is copied without looking for escapes (2.7% of the checker's
/// instructions over the corpus).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn write_member_key(out: &mut String, head: &'static str, key: &Key, tail: &'static str) {
    match key {
        Key::Borrowed(name) => {
            debug_assert!(!any_escaped(name.as_bytes(), true), "the name {name:?} needs escapes");
            push_framed(out, head, name, tail);
        }
        Key::Owned(text) => write_key(out, head, text, tail),
    }
}

/// `head`, the key and `tail` (its closing quote and what follows it), the key escaped if it
/// needs it.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn write_key(out: &mut String, head: &'static str, key: &str, tail: &'static str) {
    if !push_framed_unescaped(out, head, key, tail) {
        out.push_str(&head[..head.len() - 1]);
        write_escaped(out, key, true);
        out.push_str(&tail[1..]);
    }
}

/// [`write_value`], freeing what the value holds as it is written: it is left holding no memory
/// (an empty string, array or object in place of each).
fn write_value_freeing(value: &mut Json, out: &mut String) {
    match value {
        Json::Array(items) => write_array_freeing(items, out),
        Json::Object(entries) => write_object_freeing(entries, out),
        scalar => {
            write_value(scalar, out);
            free_scalar(scalar);
        }
    }
}

/// Frees an object's members in one walk, without the drop glue's call for each `null` (a model
/// run that fails drops its dozens of recorded fields).
pub fn free_entries(mut entries: Vec<(Key, Json)>) {
    free_object(&mut entries);
}

/// Frees a value in one walk, as [`free_entries`] frees an object's members (a view or a
/// normalized JSON compared across releases and dropped).
pub fn free(mut value: Json) {
    free_value(&mut value);
}

/// Frees what a value holds, as [`write_value_freeing`] does without writing it.
fn free_value(value: &mut Json) {
    match value {
        Json::Array(items) => {
            items.iter_mut().for_each(free_value);
            forget_emptied(items);
        }
        Json::Object(entries) => free_object(entries),
        scalar => free_scalar(scalar),
    }
}

/// Frees an object's keys and values, then its buffer.
fn free_object(entries: &mut Vec<(Key, Json)>) {
    for (key, value) in entries.iter_mut() {
        if !matches!(value, Json::Null | Json::Bool(_) | Json::Int(_) | Json::Float(_)) {
            free_value(value);
        }
        if let Key::Owned(text) = key {
            drop(std::mem::take(text));
        }
    }
    forget_emptied(entries);
}

/// Frees a string's (or big integer's) text, leaving it empty.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn free_scalar(value: &mut Json) {
    if let Json::Str(text) | Json::BigInt(text) = value {
        drop(std::mem::take(text));
    }
}

/// [`write_array`], freeing the items as they are written.
fn write_array_freeing(items: &mut Vec<Json>, out: &mut String) {
    let Some((first, rest)) = items.split_first_mut() else {
        out.push_str("[]");
        return;
    };
    out.push('[');
    write_value_freeing(first, out);
    for item in rest {
        out.push_str(", ");
        write_value_freeing(item, out);
    }
    out.push(']');
    forget_emptied(items);
}

/// [`write_object`], freeing the members as they are written.
fn write_object_freeing(entries: &mut Vec<(Key, Json)>, out: &mut String) {
    let Some(((key, value), rest)) = entries.split_first_mut() else {
        out.push_str("{}");
        return;
    };
    write_member_freeing(out, "{\"", key, value);
    for (key, value) in rest {
        write_member_freeing(out, ", \"", key, value);
    }
    out.push('}');
    forget_emptied(entries);
}

/// [`write_member`], freeing the key and value as they are written.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn write_member_freeing(out: &mut String, head: &'static str, key: &mut Key, value: &mut Json) {
    match value {
        Json::Null => write_member_key(out, head, key, "\": null"),
        Json::Array(items) => {
            write_member_key(out, head, key, "\": ");
            write_array_freeing(items, out);
        }
        Json::Object(entries) => {
            write_member_key(out, head, key, "\": ");
            write_object_freeing(entries, out);
        }
        scalar => {
            write_member_key(out, head, key, "\": ");
            scalar.write_scalar(out, true);
            free_scalar(scalar);
        }
    }
    if let Key::Owned(text) = key {
        drop(std::mem::take(text));
    }
}

/// Frees the buffer of a vector whose elements hold no memory any more, without the drop glue's
/// call for each element (a `null` member's drop is a call that does nothing).
#[allow(unsafe_code, reason = "skipping a no-op drop per member: most of the work of freeing a report's JSON")]
fn forget_emptied<T>(items: &mut Vec<T>) {
    // SAFETY: a shorter length has no requirement beyond `0 <= capacity`; the elements past it
    // are forgotten, not dropped, which is sound for any type, and leaks nothing here: the
    // caller's walk left each of them holding no memory.
    unsafe { items.set_len(0) };
    drop(std::mem::take(items));
}

/// Appends `head`, `text` and `tail` (the page's module, built for size, appends them in turn).
#[cfg(target_arch = "wasm32")]
fn push_framed(out: &mut String, head: &'static str, text: &str, tail: &'static str) {
    out.reserve(head.len() + text.len() + tail.len());
    out.push_str(head);
    out.push_str(text);
    out.push_str(tail);
}

/// Appends `head`, `text` and `tail` with one check of `out`'s capacity and, for a text of up to
/// 16 bytes (most keys and values), no call to copy it: two fixed-size copies that overlap.
#[cfg(not(target_arch = "wasm32"))]
#[allow(unsafe_code, reason = "appending to the String's bytes: a measured third of the JSON writer's work")]
#[inline(always)]
fn push_framed(out: &mut String, head: &'static str, text: &str, tail: &'static str) {
    let (head, text, tail) = (head.as_bytes(), text.as_bytes(), tail.as_bytes());
    let total = head.len() + text.len() + tail.len();
    // SAFETY: the bytes appended below are those of `head`, `text` and `tail` in turn, three
    // `str`s, so the String's bytes stay UTF-8 (and nothing is appended if a check panics).
    let bytes = unsafe { out.as_mut_vec() };
    bytes.reserve(total);
    let len = bytes.len();
    let spare = &mut bytes.spare_capacity_mut()[..total];
    let (start, rest) = spare.split_at_mut(head.len());
    let (middle, end) = rest.split_at_mut(text.len());
    start.write_copy_of_slice(head);
    copy_short(middle, text);
    end.write_copy_of_slice(tail);
    // SAFETY: the `total` bytes after `len` are within the capacity `reserve` made and were all
    // written just above (`copy_short` writes every byte of `middle`).
    unsafe { bytes.set_len(len + total) };
}

/// [`push_framed`] of a `text` that needs no escape with `ensure_ascii`; false, appending
/// nothing, when it needs one (the page's module, built for size, looks before it appends).
#[cfg(target_arch = "wasm32")]
fn push_framed_unescaped(out: &mut String, head: &'static str, text: &str, tail: &'static str) -> bool {
    let unescaped = !any_escaped(text.as_bytes(), true);
    if unescaped {
        push_framed(out, head, text, tail);
    }
    unescaped
}

/// [`push_framed`] of a `text` that needs no escape with `ensure_ascii`; false, appending
/// nothing, when it needs one. Each word of the text is loaded once, to be tested and copied:
/// most of a report is keys and short values written this way. Its frame repeats
/// `push_framed`'s: one function for both, taking the copy as a parameter, measured 1.0M more
/// instructions over the corpus (55.80M against 56.79M).
#[cfg(not(target_arch = "wasm32"))]
#[allow(unsafe_code, reason = "appending to the String's bytes, as push_framed does")]
#[inline(always)]
fn push_framed_unescaped(out: &mut String, head: &'static str, text: &str, tail: &'static str) -> bool {
    let (head, text, tail) = (head.as_bytes(), text.as_bytes(), tail.as_bytes());
    let total = head.len() + text.len() + tail.len();
    // SAFETY: as in `push_framed`; when the text needs an escape the length stays as it was, so
    // what was written past it is not part of the String.
    let bytes = unsafe { out.as_mut_vec() };
    bytes.reserve(total);
    let len = bytes.len();
    let spare = &mut bytes.spare_capacity_mut()[..total];
    let (start, rest) = spare.split_at_mut(head.len());
    let (middle, end) = rest.split_at_mut(text.len());
    if !copy_unescaped(middle, text) {
        return false;
    }
    start.write_copy_of_slice(head);
    end.write_copy_of_slice(tail);
    // SAFETY: as in `push_framed` (`copy_unescaped` wrote every byte of `middle`).
    unsafe { bytes.set_len(len + total) };
    true
}

/// [`copy_short`], testing the bytes it copies: false (with `dst` partly written) when `src`
/// needs an escape with `ensure_ascii` ([`any_escaped`]'s words, loaded once for both).
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn copy_unescaped(dst: &mut [MaybeUninit<u8>], src: &[u8]) -> bool {
    let n = src.len();
    match n {
        0 => true,
        1..4 => {
            let (first, middle, last) = (src[0], src[n / 2], src[n - 1]);
            dst[0].write(first);
            dst[n / 2].write(middle);
            dst[n - 1].write(last);
            escaped_in(u64::from_le_bytes([first, middle, last, first, first, first, first, first]), true) == 0
        }
        4..=8 => {
            let (low, high) = (half_at(src, 0), half_at(src, n - 4));
            dst[..4].write_copy_of_slice(&src[..4]);
            dst[n - 4..].write_copy_of_slice(&src[n - 4..]);
            escaped_in(low | high << 32, true) == 0
        }
        9..=16 => {
            let (low, high) = (word_at(src, 0), word_at(src, n - 8));
            dst[..8].write_copy_of_slice(&src[..8]);
            dst[n - 8..].write_copy_of_slice(&src[n - 8..]);
            escaped_in(low, true) | escaped_in(high, true) == 0
        }
        _ => {
            if any_escaped_ascii(src) {
                return false;
            }
            dst.write_copy_of_slice(src);
            true
        }
    }
}

/// Writes `src` into `dst`, of the same length: up to 16 bytes as two fixed-size copies (or
/// the first, middle and last byte) that overlap, so that every byte is written; else at once.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn copy_short(dst: &mut [MaybeUninit<u8>], src: &[u8]) {
    let n = src.len();
    match n {
        0 => {}
        1..4 => {
            dst[0].write(src[0]);
            dst[n / 2].write(src[n / 2]);
            dst[n - 1].write(src[n - 1]);
        }
        4..=8 => {
            dst[..4].write_copy_of_slice(&src[..4]);
            dst[n - 4..].write_copy_of_slice(&src[n - 4..]);
        }
        9..=16 => {
            dst[..8].write_copy_of_slice(&src[..8]);
            dst[n - 8..].write_copy_of_slice(&src[n - 8..]);
        }
        _ => {
            dst.write_copy_of_slice(src);
        }
    }
}

/// Any value as `json.dumps` writes it (inlined into the loops: most values are scalars). The
/// writer's small functions are inlined in the native build only: the page's module is built
/// for size, and a report there is one document.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn write_value(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Str(s) => write_string(out, s, true),
        Json::Array(items) => write_array(items, out),
        Json::Object(entries) => write_object(entries, out),
        scalar => scalar.write_scalar(out, true),
    }
}

/// A float as Python's `json.dumps` writes it: `repr`, with `NaN` and `Infinity` for the others.
fn write_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("NaN");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
    } else if f != 0.0 && f.abs() < 9_007_199_254_740_992.0 && (f as i64) as f64 == f {
        // A whole number below 2^53 is its integer's digits and `.0`, as `float_repr` gives it
        // (tested by converting to an integer and back: `trunc` is a call to the C library).
        push_int(out, i128::from(f as i64));
        out.push_str(".0");
    } else {
        out.push_str(&float_repr(f));
    }
}

/// Appends `s` as Python's `json.dumps` writes a string: quoted, escaped, ASCII only.
pub fn write_python_str(out: &mut String, s: &str) {
    write_string(out, s, true);
}

/// Appends an integer as `json.dumps` writes it: its decimal digits.
pub fn write_python_int(out: &mut String, i: i128) {
    push_int(out, i);
}

/// Every byte of a word set to `b`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// Whether `json.dumps` escapes `b` (with `ensure_ascii`: the second table): control characters,
/// `"` and `\`, and with `ensure_ascii` every byte from DEL up.
const ESCAPED: [[bool; 256]; 2] = {
    let mut tables = [[false; 256]; 2];
    let mut b = 0;
    while b < 256 {
        let always = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        tables[0][b] = always;
        tables[1][b] = always || b >= 0x7f;
        b += 1;
    }
    tables
};

/// The bytes of a word that [`ESCAPED`] marks, as their high bits. With the high bits cleared
/// first no byte carries into the next, so each byte is tested on its own: it is below 0x20 when
/// adding 0x60 leaves its high bit clear, `"` or `\` when it is after the XOR, and (with
/// `ensure_ascii`) DEL when adding 1 sets it, or from 0x80 up when it is set already.
#[inline(always)]
fn escaped_in(x: u64, ascii_only: bool) -> u64 {
    let low = x & splat(0x7f);
    let printable = low.wrapping_add(splat(0x60))
        & (low ^ splat(b'"')).wrapping_add(splat(0x7f))
        & (low ^ splat(b'\\')).wrapping_add(splat(0x7f));
    let marked = if ascii_only { x | low.wrapping_add(splat(1)) | !printable } else { !printable & !x };
    marked & splat(0x80)
}

/// The index of the first byte of `bytes` from `i` on that [`ESCAPED`] marks, or the length.
/// Eight bytes are tested at once.
fn next_escaped(bytes: &[u8], mut i: usize, ascii_only: bool) -> usize {
    let mut word = [0u8; 8];
    while let Some(chunk) = bytes.get(i..i + 8) {
        word.copy_from_slice(chunk);
        let found = escaped_in(u64::from_le_bytes(word), ascii_only);
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let table = &ESCAPED[usize::from(ascii_only)];
    while let Some(&b) = bytes.get(i) {
        if table[usize::from(b)] {
            return i;
        }
        i += 1;
    }
    i
}

/// The eight bytes of `bytes` from `at` (which leaves at least eight) as a word.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// The four bytes of `bytes` from `at` (which leaves at least four) as a word's low half.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn half_at(bytes: &[u8], at: usize) -> u64 {
    let mut half = [0u8; 4];
    half.copy_from_slice(&bytes[at..at + 4]);
    u64::from(u32::from_le_bytes(half))
}

/// Whether any byte of `bytes` needs an escape ([`ESCAPED`]), without a loop over single bytes:
/// words of eight, the last one overlapping the one before, and a shorter string read as two
/// overlapping halves (or its first, middle and last bytes) in one word. A byte read twice
/// changes nothing, and [`escaped_in`] tests each byte of its word on its own.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn any_escaped(bytes: &[u8], ascii_only: bool) -> bool {
    let n = bytes.len();
    let word = match n {
        0 => return false,
        1..4 => {
            u64::from_le_bytes([bytes[0], bytes[n / 2], bytes[n - 1], bytes[0], bytes[0], bytes[0], bytes[0], bytes[0]])
        }
        4..8 => half_at(bytes, 0) | half_at(bytes, n - 4) << 32,
        _ if ascii_only => return any_escaped_ascii(bytes),
        _ => {
            let mut found = escaped_in(word_at(bytes, n - 8), ascii_only);
            let mut at = 0;
            while at + 8 < n {
                found |= escaped_in(word_at(bytes, at), ascii_only);
                at += 8;
            }
            return found != 0;
        }
    };
    escaped_in(word, ascii_only) != 0
}

/// Whether any byte of `bytes` needs an escape ([`ESCAPED`]): the page's module, built for size,
/// looks for the first.
#[cfg(target_arch = "wasm32")]
fn any_escaped(bytes: &[u8], ascii_only: bool) -> bool {
    next_escaped(bytes, 0, ascii_only) != bytes.len()
}

/// [`any_escaped`] with `ensure_ascii` of eight bytes or more (most of a report's long text):
/// sixteen bytes at a time with SSE2 from sixteen on.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[allow(unsafe_code, reason = "SSE2 tests sixteen bytes in the instructions the words take for eight")]
fn any_escaped_ascii(bytes: &[u8]) -> bool {
    if bytes.len() < 16 {
        return any_escaped_words(bytes);
    }
    // SAFETY: compiled only where SSE2 is enabled (`target_feature = "sse2"`, part of every
    // x86-64 target's baseline), so the processor running this has its instructions.
    unsafe { any_escaped_sse2(bytes) }
}

/// [`any_escaped_ascii`] of sixteen bytes or more: the last sixteen (which may overlap the ones
/// before), then every sixteen from the start, the marks gathered and looked at once.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn any_escaped_sse2(bytes: &[u8]) -> bool {
    use std::arch::x86_64::{_mm_movemask_epi8, _mm_or_si128};
    let n = bytes.len();
    let mut found = escaped_lanes(word_at(bytes, n - 16), word_at(bytes, n - 8));
    // Whole chunks: their words are read without a check of the bounds.
    for chunk in bytes.chunks_exact(16) {
        let (low, high) = chunk.split_at(8);
        let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap_or_default());
        found = _mm_or_si128(found, escaped_lanes(word(low), word(high)));
    }
    _mm_movemask_epi8(found) != 0
}

/// The sixteen bytes `low` then `high` (in memory order), each `0xff` where [`ESCAPED`] marks it
/// with `ensure_ascii`: below 0x20 or from 0x80 up (negative as `i8`, so below 0x20 too), DEL,
/// `"` and `\`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
fn escaped_lanes(low: u64, high: u64) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8};
    let x = _mm_set_epi64x(i64::from_ne_bytes(high.to_ne_bytes()), i64::from_ne_bytes(low.to_ne_bytes()));
    let control_or_beyond = _mm_cmplt_epi8(x, _mm_set1_epi8(0x20));
    let del = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f));
    let quote = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x22));
    let backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x5c));
    _mm_or_si128(_mm_or_si128(control_or_beyond, del), _mm_or_si128(quote, backslash))
}

/// [`any_escaped`] with `ensure_ascii` of eight bytes or more, a word at a time: [`escaped_in`]'s
/// tests, each gathered over all the words and combined once at the end (a byte is marked when
/// its high bit is set in `beyond` or clear in `printable`).
#[cfg(not(target_arch = "wasm32"))]
fn any_escaped_words(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let (mut beyond, mut printable) = (0, u64::MAX);
    let mut test = |x: u64| {
        let low = x & splat(0x7f);
        beyond |= x | low.wrapping_add(splat(1));
        printable &= low.wrapping_add(splat(0x60))
            & (low ^ splat(b'"')).wrapping_add(splat(0x7f))
            & (low ^ splat(b'\\')).wrapping_add(splat(0x7f));
    };
    test(word_at(bytes, n - 8));
    let mut at = 0;
    while at + 8 < n {
        test(word_at(bytes, at));
        at += 8;
    }
    (beyond | !printable) & splat(0x80) != 0
}

/// `\u` and the four lowercase hex digits of a UTF-16 code unit.
fn write_unit(out: &mut String, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digit = |shift: u16| char::from(HEX[usize::from((unit >> shift) & 0xf)]);
    out.push_str("\\u");
    out.extend([digit(12), digit(8), digit(4), digit(0)]);
}

/// Appends `s` quoted and escaped (with `ascii_only`, as `ensure_ascii` does). Inlined: most
/// strings need no escape and are copied whole.
#[inline]
fn write_string(out: &mut String, s: &str, ascii_only: bool) {
    // The native build tests and copies each word of the text at once.
    #[cfg(not(target_arch = "wasm32"))]
    if ascii_only {
        if !push_framed_unescaped(out, "\"", s, "\"") {
            write_escaped(out, s, true);
        }
        return;
    }
    if any_escaped(s.as_bytes(), ascii_only) {
        write_escaped(out, s, ascii_only);
    } else {
        push_framed(out, "\"", s, "\"");
    }
}

/// [`write_string`] of a string with a byte to escape.
#[cold]
#[inline(never)]
fn write_escaped(out: &mut String, s: &str, ascii_only: bool) {
    let bytes = s.as_bytes();
    out.reserve(s.len() + 2);
    out.push('"');
    // Runs of bytes that need no escape are copied at once. An escaped byte is ASCII, or with
    // `ensure_ascii` the first byte of a character after ASCII ones: a character boundary.
    let (mut start, mut i) = (0, next_escaped(bytes, 0, ascii_only));
    loop {
        out.push_str(s.get(start..i).unwrap_or_default());
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else { break };
        start = i + c.len_utf8();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ascii_only && (c as u32) > 0x7e) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    write_unit(out, *unit);
                }
            }
            c => out.push(c),
        }
        i = next_escaped(bytes, start, ascii_only);
    }
    out.push('"');
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(v: Vec<T>) -> Json {
        Json::Array(v.into_iter().map(Into::into).collect())
    }
}
impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}
impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}
impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}
impl From<i128> for Json {
    fn from(i: i128) -> Json {
        Json::Int(i)
    }
}
impl From<f64> for Json {
    fn from(f: f64) -> Json {
        Json::Float(f)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Int(i) => match i64::try_from(*i) {
                Ok(small) => serializer.serialize_i64(small),
                Err(_) => serializer.serialize_i128(*i),
            },
            // serde has no integer beyond 128 bits: the nearest double, as `JSON.parse` reads it.
            Json::BigInt(digits) => {
                serializer.serialize_f64(dstack_yaml::decimal::parse_f64(digits).unwrap_or(f64::NAN))
            }
            Json::Float(f) => serializer.serialize_f64(*f),
            Json::Str(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// `-?[1-9][0-9]*`: an integer literal as JSON writes it (beyond `i128` when `parse` fails).
/// [`Json::parse`] of `text`, then [`Json::as_int_clamped`]: the integer a JSON text holds
/// (clamped to `i128`), `None` for any other value or text. Reads only integers, so the page's
/// wasm, which needs nothing else, goes without the JSON parser.
pub fn parse_int_clamped(text: &str) -> Option<i128> {
    let lit = text.trim_matches([' ', '\t', '\n', '\r']);
    let number = |b: u8| b.is_ascii_digit() || b == b'-' || b == b'+';
    if !lit.starts_with(|c: char| c == '-' || c.is_ascii_digit()) || !lit.bytes().all(number) {
        return None;
    }
    match lit.parse::<i128>() {
        Ok(i) => Some(i),
        Err(_) if is_big_int(lit) => Some(if lit.starts_with('-') { i128::MIN } else { i128::MAX }),
        Err(_) => None,
    }
}

fn is_big_int(lit: &str) -> bool {
    let digits = lit.strip_prefix('-').unwrap_or(lit);
    !digits.starts_with('0') && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.s[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.i))
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > 512 {
            return self.err("nesting too deep");
        }
        self.ws();
        let Some(&c) = self.s.get(self.i) else { return self.err("unexpected end") };
        match c {
            b'n' if self.eat("null") => Ok(Json::Null),
            b't' if self.eat("true") => Ok(Json::Bool(true)),
            b'f' if self.eat("false") => Ok(Json::Bool(false)),
            b'N' if self.eat("NaN") => Ok(Json::Float(f64::NAN)),
            b'I' if self.eat("Infinity") => Ok(Json::Float(f64::INFINITY)),
            b'"' => self.string().map(Json::Str),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat("]") {
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat("]") {
                        return Ok(Json::Array(items));
                    }
                    if !self.eat(",") {
                        return self.err("expected , or ]");
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                self.ws();
                if self.eat("}") {
                    return Ok(Json::Object(entries));
                }
                loop {
                    self.ws();
                    let k = Cow::Owned(self.string()?);
                    self.ws();
                    if !self.eat(":") {
                        return self.err("expected :");
                    }
                    let v = self.value(depth + 1)?;
                    entries.push((k, v));
                    self.ws();
                    if self.eat("}") {
                        return Ok(Json::Object(entries));
                    }
                    if !self.eat(",") {
                        return self.err("expected , or }");
                    }
                }
            }
            b'-' if self.s[self.i..].starts_with(b"-Infinity") => {
                self.i += 9;
                Ok(Json::Float(f64::NEG_INFINITY))
            }
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                let mut is_float = false;
                while let Some(&c) = self.s.get(self.i) {
                    match c {
                        b'0'..=b'9' | b'-' | b'+' => {}
                        b'.' | b'e' | b'E' => is_float = true,
                        _ => break,
                    }
                    self.i += 1;
                }
                let lit = &self.text[start..self.i];
                if is_float {
                    dstack_yaml::decimal::parse_f64(lit)
                        .map(Json::Float)
                        .ok_or_else(|| "invalid float literal".to_string())
                } else {
                    match lit.parse::<i128>() {
                        Ok(i) => Ok(Json::Int(i)),
                        Err(_) if is_big_int(lit) => Ok(Json::BigInt(lit.to_string())),
                        Err(e) => Err(e.to_string()),
                    }
                }
            }
            _ => self.err("unexpected character"),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        if !self.eat("\"") {
            return self.err("expected string");
        }
        let mut out = String::new();
        loop {
            let rest = &self.text[self.i..];
            let Some(c) = rest.chars().next() else { return self.err("unterminated string") };
            self.i += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(&e) = self.s.get(self.i) else { return self.err("bad escape") };
                    self.i += 1;
                    match e {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'/' => out.push('/'),
                        b'\\' => out.push('\\'),
                        b'"' => out.push('"'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) && self.eat("\\u") {
                                let lo = self.hex4()?;
                                0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return self.err("bad escape"),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let h = self.text.get(self.i..self.i + 4).ok_or("short \\u escape")?;
        self.i += 4;
        u32::from_str_radix(h, 16).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_of_every_size_are_written_in_full() {
        for i in [
            0,
            7,
            -7,
            10,
            99,
            -99,
            100,
            255,
            256,
            i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            -i128::from(u64::MAX) - 1,
            i128::MIN,
            i128::MAX,
        ] {
            let mut out = String::new();
            push_int(&mut out, i);
            assert_eq!(out, i.to_string());
        }
    }

    #[test]
    fn python_dumps_format() {
        let v = Json::Object(vec![
            ("a".into(), Json::Int(2)),
            ("b".into(), Json::Float(8.0)),
            ("c".into(), Json::Array(vec![Json::Null, Json::str("é\"")])),
            ("d".into(), Json::Float(f64::INFINITY)),
            // A document's keys, which need escapes, are owned.
            (Key::Owned("k\"\u{e9}".to_string()), Json::Null),
            (
                Key::Owned("\n".to_string()),
                Json::Object(vec![("e".into(), Json::Array(vec![])), ("".into(), Json::Object(vec![]))]),
            ),
        ]);
        assert_eq!(
            v.to_python_string(),
            r#"{"a": 2, "b": 8.0, "c": [null, "\u00e9\""], "d": Infinity, "k\"\u00e9": null, "\n": {"e": [], "": {}}}"#
        );
    }

    #[test]
    fn parse_keeps_int_float_and_infinity() {
        let v = Json::parse(r#"{"x": [1, 1.0, -Infinity, "\u00e9"], "y": {}}"#).unwrap();
        assert_eq!(
            v,
            Json::Object(vec![
                (
                    "x".into(),
                    Json::Array(vec![Json::Int(1), Json::Float(1.0), Json::Float(f64::NEG_INFINITY), Json::str("é")])
                ),
                ("y".into(), Json::Object(vec![])),
            ])
        );
    }

    #[test]
    fn integers_of_any_size() {
        let big = format!("-{}", "9".repeat(400));
        let v = Json::parse(&format!("[{big}, 170141183460469231731687303715884105727]")).unwrap();
        assert_eq!(v, Json::Array(vec![Json::BigInt(big.clone()), Json::Int(i128::MAX)]));
        assert_eq!(v.to_python_string(), format!("[{big}, 170141183460469231731687303715884105727]"));
        assert_eq!(Json::BigInt(big).as_f64(), Some(f64::NEG_INFINITY));
        assert_eq!(Json::BigInt("1".repeat(40)).as_int(), None);
        assert_eq!(Json::BigInt("1".repeat(40)).as_int_clamped(), Some(i128::MAX));
        assert_eq!(Json::BigInt(format!("-{}", "1".repeat(40))).as_int_clamped(), Some(i128::MIN));
        assert!(Json::parse("01234567890123456789012345678901234567890").is_err());
    }

    #[test]
    fn strings_and_integers_as_python_writes_them() {
        let text = "plain \"q\" back\\slash\n\r\t\u{8}\u{c}\u{1}\u{1f} del\u{7f} caf\u{e9} \u{1f600}";
        assert_eq!(
            Json::str(text).to_python_string(),
            r#""plain \"q\" back\\slash\n\r\t\b\f\u0001\u001f del\u007f caf\u00e9 \ud83d\ude00""#
        );
        assert_eq!(
            Json::str(text).to_pretty_string(2),
            "\"plain \\\"q\\\" back\\\\slash\\n\\r\\t\\b\\f\\u0001\\u001f del\u{7f} caf\u{e9} \u{1f600}\""
        );
        let ints = Json::Array(vec![Json::Int(0), Json::Int(-7), Json::Int(i128::MIN), Json::Int(i128::MAX)]);
        assert_eq!(ints.to_python_string(), format!("[0, -7, {}, {}]", i128::MIN, i128::MAX));
    }

    /// `json.dumps`'s escaping, one character at a time.
    fn escaped_slowly(s: &str, ascii_only: bool) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if (c as u32) < 0x20 || (ascii_only && (c as u32) > 0x7e) => {
                    let mut buf = [0u16; 2];
                    for unit in c.encode_utf16(&mut buf) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn every_escape_at_every_place_of_a_word() {
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}", " ", "~", "\u{7f}", "\u{80}", "é", "\u{1f600}", "\u{ffff}"]
        {
            for len in 0..20 {
                for at in 0..=len {
                    let text = format!("{}{special}{}", "a".repeat(at), "b".repeat(len - at));
                    for ascii_only in [true, false] {
                        let mut out = String::new();
                        write_string(&mut out, &text, ascii_only);
                        assert_eq!(out, escaped_slowly(&text, ascii_only), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn any_escaped_finds_every_byte_at_every_place() {
        for b in 0..=255u8 {
            for len in 1..=40 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    for ascii_only in [true, false] {
                        let want = ESCAPED[usize::from(ascii_only)][usize::from(b)];
                        assert_eq!(any_escaped(&bytes, ascii_only), want, "{b:#x} at {at} of {len}");
                        let first = if want { at } else { len };
                        assert_eq!(next_escaped(&bytes, 0, ascii_only), first, "{b:#x} at {at} of {len}");
                    }
                }
            }
        }
        assert!(!any_escaped(b"", true));
    }

    #[test]
    fn pretty_output() {
        let v = Json::Object(vec![("a".into(), Json::Array(vec![Json::Int(1)])), ("b".into(), Json::Object(vec![]))]);
        assert_eq!(v.to_pretty_string(2), "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}");
    }

    #[test]
    fn parse_int_clamped_is_parse_then_as_int_clamped() {
        let big = "9".repeat(60);
        let texts = [
            "0",
            "-0",
            "42",
            " 42\n",
            "-1",
            "+1",
            "01",
            "-01",
            "1-2",
            "--1",
            "-",
            "",
            " ",
            "1.0",
            "1e3",
            "-Infinity",
            "Infinity",
            "NaN",
            "null",
            "\"1\"",
            "[1]",
            "12 34",
            "1\u{a0}",
            "\u{feff}1",
            &big,
            &format!("-{big}"),
            "170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105729",
        ];
        for text in texts {
            let want = Json::parse(text).ok().and_then(|j| j.as_int_clamped());
            assert_eq!(parse_int_clamped(text), want, "{text:?}");
        }
    }
}
