//! The composer's handlers for the events of `simple`: the nodes the general handlers build,
//! without the work that part of YAML never needs (properties, aliases, tabs, block scalars,
//! escapes, edits of the text, characters beyond ASCII).

use std::borrow::Cow;
use std::rc::Rc;

use saphyr_parser::{Marker, ScalarStyle as YamlStyle, Span};

use crate::node::{Node, NodeData, Value};
use crate::position::{Position, Range, u32_of};
use crate::resolve::{self, Tag};
use crate::simple::{Boundary, Sink};
use crate::source::Point;

use super::{Builder, Children, Frame, style_of};

/// Each method returns false where the general handlers would report an error: saphyr then
/// reads the text, and they report it.
impl<'t> Sink<'t> for Builder<'t, '_> {
    fn scalar(&mut self, text: Cow<'t, str>, style: YamlStyle, start: Point, end: Point) -> bool {
        self.simple_scalar(text, style, start, end)
    }

    fn open(&mut self, map: bool, start: Point, end: Point) -> bool {
        self.simple_open(map, start, end)
    }

    fn close(&mut self, _map: bool, start: Point, _end: Point) -> bool {
        self.simple_close(start)
    }

    fn boundary(&mut self, boundary: Boundary, at: Point) -> bool {
        boundary != Boundary::DocumentStart || self.document_start(false, &span_at(at)).is_ok()
    }
}

/// saphyr's span of the one character at `at`, for the general handlers that take one.
fn span_at(at: Point) -> Span {
    let number = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
    let marker = Marker::new(at.index, number(at.pos.line), number(at.pos.column).saturating_sub(1));
    Span::new(marker, marker)
}

impl Builder<'_, '_> {
    /// The point one character after `at`, on its line.
    fn next_point(at: Point) -> Point {
        Point { index: at.index + 1, pos: Position { line: at.pos.line, column: at.pos.column.saturating_add(1) } }
    }

    /// A plain scalar, or a quoted one on one line without escapes, as `scalar` composes it.
    fn simple_scalar(&mut self, text: Cow<'_, str>, style: YamlStyle, start: Point, to: Point) -> bool {
        let plain = style == YamlStyle::Plain;
        // `check_plain_yaml11`'s errors: an empty key, indicators in flow text.
        if plain
            && ((text.is_empty() && (self.frames.is_empty() || self.next_is_key()))
                || (self.flow_depth > 0 && (text.starts_with(['|', '>', ':']) || text.contains('?'))))
        {
            return false;
        }
        let end = match style {
            // An empty value sits at its key's `:`.
            YamlStyle::Plain if text.is_empty() => start,
            YamlStyle::Plain => to,
            // Just after the closing quote: the text has no escapes and no line breaks.
            _ => {
                let width = text.len() + 2;
                let pos = Position { line: start.pos.line, column: start.pos.column.saturating_add(u32_of(width)) };
                Point { index: start.index + width, pos }
            }
        };
        self.last_end = to.index;
        let range = Range { start: start.pos, end: end.pos };
        let tag = if plain { resolve::implicit_tag(&text) } else { Tag::Str };
        let (value, raw) = match tag {
            Tag::Str | Tag::Merge | Tag::Value => (Value::Str(text.into_owned()), None),
            tag => match resolve::construct(tag, &text, false) {
                Ok(value) => (value, Some(text.into_owned())),
                Err(_) => return false,
            },
        };
        // `Node::new` keeps a string's text once: here a string has no raw text besides.
        let node =
            Node { data: Rc::new(NodeData { value, style: Some(style_of(style)), raw, span: range }), span: range };
        if matches!(tag, Tag::Merge | Tag::Value) {
            self.specials.insert(Rc::as_ptr(&node.data), (Rc::clone(&node.data), (tag, start.pos)));
        }
        self.push_simple(node, 1, end)
    }

    /// Hands a node to its parent as `push_child` does, for this part of YAML, where every key
    /// is a plain scalar on one line with its `:`; false beyond the limit of nodes.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn push_simple(&mut self, node: Node, size: u64, end: Point) -> bool {
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(node);
            return true;
        };
        frame.size = frame.size.saturating_add(size);
        frame.end = end;
        match &mut frame.children {
            Children::Seq { .. } => self.items.push(node),
            Children::Map { key, .. } => match key.take() {
                Some(key) => self.pairs.push((key, node)),
                None => *key = Some(node),
            },
        }
        frame.size <= self.limits.max_expanded_nodes
    }

    /// A collection without properties, as `open` opens it.
    fn simple_open(&mut self, map: bool, at: Point, to: Point) -> bool {
        if self.frames.len() >= self.limits.max_depth {
            return false;
        }
        let first = self.src.text.as_bytes().get(at.index).copied();
        let start = if map || matches!(first, Some(b'-' | b'[')) {
            at
        } else {
            self.collection_start(map, false, &span_at(at))
        };
        let flow = matches!(first, Some(b'[' | b'{')) && start == at;
        self.last_end = to.index;
        self.flow_depth += usize::from(flow);
        let children = if map {
            Children::Map { from: self.pairs.len(), key: None }
        } else {
            Children::Seq { from: self.items.len() }
        };
        self.frames.push(Frame {
            tag: None,
            anchor: 0,
            start: start.pos,
            props: at.pos,
            flow,
            children,
            size: 0,
            end: start,
        });
        true
    }

    /// The end of a collection, as `close` ends it.
    fn simple_close(&mut self, at: Point) -> bool {
        let Some(frame) = self.frames.pop() else { return true };
        // A closing bracket (at `at`) ends a flow collection.
        let end = if frame.flow { Self::next_point(at) } else { frame.end };
        let (node, size) = self.finish_frame(frame, end);
        self.push_simple(node, size, end)
    }
}

#[cfg(test)]
mod tests {
    use crate::LoadLimits;
    use crate::prepare::{self, Rewrites};
    use crate::simple::tests::{Rng, corpus, files, generated, mutated};
    use crate::source::Source;

    use super::Builder;

    /// Whenever `simple` reads a text, these handlers compose what the general ones compose from
    /// saphyr's events; returns whether it read it.
    fn agrees(text: &str) -> bool {
        let limits = LoadLimits::default();
        let prepared = prepare::prepare(text);
        let mut fast = Builder::new(Source::prepared(&prepared, Rewrites::default()), &limits);
        if !fast.read_simple() {
            return false;
        }
        let fast = fast.finish();
        let mut general = Builder::new(Source::prepared(&prepared, Rewrites::default()), &limits);
        let general = general.run().and_then(|()| general.finish());
        // As text: NaN is not equal to itself.
        assert_eq!(format!("{fast:?}"), format!("{general:?}"), "{text:?}");
        true
    }

    #[test]
    fn the_corpus_composes_as_from_saphyrs_events() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut read = 0;
        // The golden cases of `dstack-core` too: they hold the unusual text.
        let mut texts = corpus();
        files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/cases"), &mut texts);
        for text in texts {
            read += usize::from(agrees(&text));
            for _ in 0..5 {
                agrees(&mutated(&mut rng, &text));
            }
        }
        assert!(read > 900, "only {read} corpus files read");
    }

    #[test]
    fn replaced_characters_compose_as_from_saphyrs_events() {
        // PyYAML's line breaks beyond `\n`, byte order marks: saphyr reads stand-ins for them.
        for text in [
            "a: b\u{2028}  c\n",
            "commands:\n  - echo h\u{2028}   i\n",
            "a: b\u{2029}\n  c\n",
            "a: b\u{85}  c\n",
            "\u{feff}a: b\n",
            "a: x\u{feff}y\n",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn generated_documents_compose_as_from_saphyrs_events() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut read = 0;
        for _ in 0..20_000 {
            let text = generated(&mut rng);
            read += usize::from(agrees(&text));
            agrees(&mutated(&mut rng, &text));
        }
        assert!(read > 1_000, "only {read} generated documents read");
    }
}
