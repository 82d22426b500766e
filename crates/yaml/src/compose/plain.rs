//! The composer's handlers for the events of `simple`: the nodes the general handlers build,
//! without the work that part of YAML never needs (properties, aliases, tabs, block scalars,
//! escapes, edits of the text, characters beyond ASCII).

use std::borrow::Cow;
use std::rc::Rc;

use saphyr_parser::{Event, ScalarStyle as YamlStyle, Span};

use crate::node::{Node, Value};
use crate::position::{Position, Range, u32_of};
use crate::resolve::{self, Tag};
use crate::source::Point;

use super::{Builder, style_of};

impl<'t> Builder<'t, '_> {
    /// Composes an event of `simple`; false where the general handlers would report an error
    /// (saphyr then reads the text and they report it).
    pub(super) fn simple_event(&mut self, event: Event<'t>, span: &Span) -> bool {
        match event {
            Event::Scalar(text, style, _, _) => self.simple_scalar(text, style, span),
            Event::SequenceStart(..) => self.open(false, 0, None, span).is_ok(),
            Event::MappingStart(..) => self.open(true, 0, None, span).is_ok(),
            Event::SequenceEnd | Event::MappingEnd => self.close(span).is_ok(),
            Event::DocumentStart(explicit) => self.document_start(explicit, span).is_ok(),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing | Event::Alias(_) => true,
        }
    }

    /// A plain scalar, or a quoted one on one line without escapes, as `scalar` composes it.
    fn simple_scalar(&mut self, text: Cow<'t, str>, style: YamlStyle, span: &Span) -> bool {
        let plain = style == YamlStyle::Plain;
        // `check_plain_yaml11`'s errors: an empty key, indicators in flow text.
        if plain
            && ((text.is_empty() && (self.frames.is_empty() || self.next_is_key()))
                || (self.flow_depth > 0 && (text.starts_with(['|', '>', ':']) || text.contains('?'))))
        {
            return false;
        }
        let start = self.src.marker(&span.start);
        let end = match style {
            // An empty value sits at its key's `:`.
            YamlStyle::Plain if text.is_empty() => start,
            YamlStyle::Plain => self.src.marker(&span.end),
            // Just after the closing quote: the text has no escapes and no line breaks.
            _ => {
                let width = text.len() + 2;
                let pos = Position { line: start.pos.line, column: start.pos.column.saturating_add(u32_of(width)) };
                Point { index: start.index + width, pos }
            }
        };
        self.last_end = span.end.index();
        let range = Range { start: start.pos, end: end.pos };
        let tag = if plain { resolve::implicit_tag(&text) } else { Tag::Str };
        let (value, raw) = match tag {
            Tag::Str | Tag::Merge | Tag::Value => (Value::Str(text.into_owned()), None),
            tag => match resolve::construct(tag, &text, false) {
                Ok(value) => (value, Some(text.into_owned())),
                Err(_) => return false,
            },
        };
        let node = Node::new(value, Some(style_of(style)), raw, range);
        if matches!(tag, Tag::Merge | Tag::Value) {
            self.specials.insert(Rc::as_ptr(&node.data), (Rc::clone(&node.data), (tag, start.pos)));
        }
        self.push_child(node, 1, end).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use crate::LoadLimits;
    use crate::prepare::{self, Rewrites};
    use crate::simple::tests::{Rng, corpus, generated, mutated};
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
        for text in corpus() {
            read += usize::from(agrees(&text));
            for _ in 0..5 {
                agrees(&mutated(&mut rng, &text));
            }
        }
        assert!(read > 900, "only {read} corpus files read");
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
