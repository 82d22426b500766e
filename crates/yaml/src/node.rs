//! The loaded YAML document: a tree of nodes that keep their source range and scalar style.
//!
//! Values follow PyYAML `safe_load` (YAML 1.1 resolution), which is what dstack reads files with.
//! Cloning a [`Node`] is cheap: the data is shared, so aliases never copy subtrees.

use std::rc::Rc;

use crate::position::Range;

/// How a scalar was written in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted: subject to YAML 1.1 implicit resolution.
    Plain,
    /// `'single quoted'`.
    SingleQuoted,
    /// `"double quoted"`.
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// A Python value as PyYAML's safe constructor would build it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `None`: `~`, `null`, empty.
    Null,
    /// `True`/`False` (YAML 1.1: yes/no/on/off/true/false in three casings).
    Bool(bool),
    /// A Python `int` (decimal, octal `0755`, `0x`, `0b`, `_` separators, base 60 `22:22`).
    Int(i128),
    /// A Python `int` beyond `i128`: its exact decimal text, as Python's `str()` gives it (`-` and
    /// up to 4300 digits, Python's limit for that conversion).
    BigInt(String),
    /// A Python `float` (dot required; `.inf`, `.nan`, base 60 with a dot).
    Float(f64),
    /// A Python `str`.
    Str(String),
    /// A `datetime.date` / `datetime.datetime` (PyYAML timestamp); the source text is kept.
    Timestamp(String),
    /// A list.
    Seq(Vec<Node>),
    /// A dict: keys unique (last value wins, at the first key's position), in insertion order.
    Map(Vec<(Node, Node)>),
    /// A `set` (`!!set`), kept as its members in order.
    Set(Vec<Node>),
}

/// What a node holds, shared between a node and the aliases that refer to it.
#[derive(Debug, PartialEq)]
pub struct NodeData {
    /// The constructed value.
    pub value: Value,
    /// For scalars: the style they were written in; `None` for collections.
    pub style: Option<ScalarStyle>,
    /// For scalars: the scalar's text as parsed (after unquoting/folding), before resolution.
    ///
    /// `None` for a scalar whose value is that very text as a string, which then is kept once:
    /// read the text with [`Node::raw`], which covers both cases.
    pub raw: Option<String>,
    /// Where the node is defined (for an alias: where the anchored node is).
    pub span: Range,
}

/// A node of the document as seen at one place in the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Shared content.
    pub data: Rc<NodeData>,
    /// Where this occurrence is in the source: the alias `*name` for aliases, else `data.span`.
    pub span: Range,
}

impl Node {
    /// A node with its own data at `span`.
    pub fn new(value: Value, style: Option<ScalarStyle>, raw: Option<String>, span: Range) -> Node {
        // A string scalar's text is its value: keep it once (see `NodeData::raw`).
        let raw = match (&value, raw) {
            (Value::Str(text), Some(raw)) if style.is_some() && *text == raw => None,
            (_, raw) => raw,
        };
        Node { data: Rc::new(NodeData { value, style, raw, span }), span }
    }

    /// The constructed value.
    pub fn value(&self) -> &Value {
        &self.data.value
    }

    /// The scalar style, `None` for collections.
    pub fn style(&self) -> Option<ScalarStyle> {
        self.data.style
    }

    /// True for a plain (unquoted) scalar.
    pub fn is_plain(&self) -> bool {
        self.data.style == Some(ScalarStyle::Plain)
    }

    /// The scalar's source text before resolution, if it is a scalar.
    pub fn raw(&self) -> Option<&str> {
        match (&self.data.raw, &self.data.value, self.data.style) {
            (Some(raw), _, _) => Some(raw),
            (None, Value::Str(text), Some(_)) => Some(text),
            _ => None,
        }
    }

    /// For a mapping: the entry whose key is the string `key`.
    pub fn get(&self, key: &str) -> Option<(&Node, &Node)> {
        match self.value() {
            Value::Map(entries) => {
                entries.iter().find(|(k, _)| matches!(k.value(), Value::Str(s) if s == key)).map(|(k, v)| (k, v))
            }
            _ => None,
        }
    }
}
