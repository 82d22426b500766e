//! The loader against PyYAML 6.0.4's answers (from the oracle): values, ranges, errors, limits.

mod errors;
mod limits;
mod mapping;
mod messages;
mod spans;
mod values;

use std::rc::Rc;
use std::time::Instant;

use crate::python::float_repr;
use crate::*;

pub(super) fn limits() -> LoadLimits {
    LoadLimits::default()
}

pub(super) fn ok(text: &str) -> Node {
    load(text, &limits()).unwrap_or_else(|d| panic!("{text:?} failed: {d:#?}"))
}

pub(super) fn err(text: &str) -> LoadError {
    match load(text, &limits()) {
        Ok(node) => panic!("{text:?} loaded: {}", py(&node)),
        Err(d) => d,
    }
}

/// Code, line and column of the error.
pub(super) fn err_at(text: &str) -> (ErrorKind, u32, u32) {
    let d = err(text);
    (d.kind, d.range.start.line, d.range.start.column)
}

pub(super) fn range(node: &Node) -> (u32, u32, u32, u32) {
    let r = node.span;
    (r.start.line, r.start.column, r.end.line, r.end.column)
}

pub(super) fn at<'a>(node: &'a Node, key: &str) -> &'a Node {
    node.get(key).map(|(_, v)| v).unwrap_or_else(|| panic!("no key {key}"))
}

pub(super) fn key<'a>(node: &'a Node, key: &str) -> &'a Node {
    node.get(key).map(|(k, _)| k).unwrap_or_else(|| panic!("no key {key}"))
}

pub(super) fn item(node: &Node, i: usize) -> &Node {
    match node.value() {
        Value::Seq(items) => items.get(i).unwrap_or_else(|| panic!("no item {i}")),
        other => panic!("not a list: {other:?}"),
    }
}

/// The value rendered like Python's `repr` (dates as `ts`), to compare with PyYAML's output.
pub(super) fn py(node: &Node) -> String {
    match node.value() {
        Value::Null => "None".into(),
        Value::Bool(b) => (if *b { "True" } else { "False" }).into(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(digits) => digits.clone(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => repr(s),
        Value::Timestamp(_) => "ts".into(),
        Value::Seq(items) => format!("[{}]", items.iter().map(py).collect::<Vec<_>>().join(", ")),
        Value::Map(entries) => {
            let parts: Vec<String> = entries.iter().map(|(k, v)| format!("{}: {}", py(k), py(v))).collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Set(items) => format!("set({})", items.iter().map(py).collect::<Vec<_>>().join(", ")),
    }
}

pub(super) fn repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = quote.to_string();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c == quote => out.push_str(&format!("\\{c}")),
            c if (c as u32) < 0x20 || (0x7f..=0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

pub(super) fn range_of(d: &LoadError) -> (u32, u32, u32, u32) {
    (d.range.start.line, d.range.start.column, d.range.end.line, d.range.end.column)
}
