//! Mapping keys as a Python `dict` compares them.

use super::timestamp::{days_from_civil, parse_stamp};
use crate::lower::Lower;
use crate::node::{Node, NodeData, Value};

/// A mapping key as Python's `dict` sees it: equal keys collapse (`1`, `1.0` and `true`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum PyKey<'a> {
    None,
    /// Ints, bools and floats with an integral value.
    Int(i128),
    /// Ints beyond `i128`, by their decimal text.
    BigInt(&'a str),
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
        Value::BigInt(digits) => PyKey::BigInt(digits),
        Value::Float(f) => float_key(*f, node),
        Value::Str(s) => PyKey::Str(s),
        Value::Timestamp(t) => stamp_key(t, node),
        Value::Seq(_) | Value::Map(_) | Value::Set(_) => return None,
    })
}

pub(super) fn float_key(f: f64, node: &Node) -> PyKey<'_> {
    if f.is_nan() {
        let shared = node.raw().is_some_and(|raw| {
            let v = raw.replace('_', "").lower();
            v.strip_prefix(['-', '+']).unwrap_or(&v) == ".nan"
        });
        return if shared { PyKey::SharedNan } else { PyKey::Object(std::rc::Rc::as_ptr(&node.data)) };
    }
    // i128 holds every integral float below 2**127 exactly.
    if f.fract() == 0.0 && f.abs() < 1.7e38 { PyKey::Int(f as i128) } else { PyKey::Float(f.to_bits()) }
}

pub(super) fn stamp_key<'a>(text: &str, node: &'a Node) -> PyKey<'a> {
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
