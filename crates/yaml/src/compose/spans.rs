//! Where nodes are in the source: saphyr's spans cover properties, trailing spaces and comments,
//! while a node's range covers just its text, as an editor underlines it.

use saphyr_parser::{ScalarStyle as YamlStyle, Span};

use crate::position::{Position, Range};
use crate::source::Point;

use super::{Builder, skip_while};

impl Builder<'_, '_> {
    /// The token reaches the end of a text that does not end with a line break.
    pub(super) fn ends_without_break(&self, span: &Span) -> bool {
        span.end.index() >= self.src.chars && !self.src.text.ends_with(['\n', '\r'])
    }

    /// The range of a scalar's text (quotes included, properties (`&a !!str`) excluded), and the
    /// point where it ends.
    pub(super) fn scalar_range(&self, text: &str, style: YamlStyle, has_props: bool, span: &Span) -> (Range, Point) {
        let first = self.src.marker(&span.start);
        if text.is_empty() && style == YamlStyle::Plain {
            if !has_props {
                // An empty document's null sits at the top, as PyYAML reports it.
                let at = if self.frames.is_empty() {
                    Point { index: 0, pos: Position { line: 1, column: 1 } }
                } else {
                    first
                };
                return (Range { start: at.pos, end: at.pos }, at);
            }
            let end = self.src.marker(&span.end);
            return (Range { start: first.pos, end: end.pos }, end);
        }
        let start = if has_props { self.src.advance(first, self.skip_properties(span.start.index())) } else { first };
        let end = match style {
            YamlStyle::Literal | YamlStyle::Folded => return self.block_range(start, span.end.index()),
            YamlStyle::SingleQuoted | YamlStyle::DoubleQuoted => {
                self.src.advance(start, self.quoted_end(start.index, span.end.index()))
            }
            YamlStyle::Plain => self.src.marker(&span.end),
        };
        (Range { start: start.pos, end: end.pos }, end)
    }

    /// Just after the closing quote of the quoted scalar opened at `open`: saphyr's span goes on
    /// over the spaces and comment that follow.
    pub(super) fn quoted_end(&self, open: usize, token_end: usize) -> usize {
        let mut chars = self.src.rest(open).chars().peekable();
        let Some(quote) = chars.next() else { return token_end };
        let mut index = open + 1;
        while index < token_end {
            let Some(c) = chars.next() else { break };
            index += 1;
            if c == '\\' && quote == '"' {
                index += usize::from(chars.next().is_some());
            } else if c == quote {
                // `''` is an escaped quote inside single quotes.
                if quote == '\'' && chars.next_if_eq(&'\'').is_some() {
                    index += 1;
                    continue;
                }
                return index;
            }
        }
        token_end
    }

    /// A block scalar from its `|`/`>` indicator to the end of its last non-blank line; saphyr
    /// starts it at the text and ends it after the trailing line breaks.
    pub(super) fn block_range(&self, content: Point, token_end: usize) -> (Range, Point) {
        let from = self.last_end.min(content.index);
        let indicator = self.find_block_indicator(from, content.index).unwrap_or(content.index);
        let before = self.src.before(token_end);
        let trailing = before.chars().rev().take_while(|c| matches!(c, ' ' | '\t' | '\n' | '\r')).count();
        let end = token_end.saturating_sub(trailing).max(indicator + 1);
        let start = self.src.point(indicator);
        let end = self.src.advance(start, end);
        (Range { start: start.pos, end: end.pos }, end)
    }

    /// The `|` or `>` between `from` and `until`, skipping indicators, properties and comments.
    pub(super) fn find_block_indicator(&self, from: usize, until: usize) -> Option<usize> {
        let mut chars = self.src.rest(from).chars();
        let mut index = from;
        while index < until {
            let c = chars.next()?;
            index += 1;
            match c {
                '|' | '>' => return Some(index - 1),
                '#' => index += skip_while(&mut chars, |c| c != '\n' && c != '\r'),
                '&' | '!' => index += skip_while(&mut chars, |c| !c.is_whitespace()),
                _ => {}
            }
        }
        None
    }

    /// The character index after a node's properties (`&anchor`, `!tag`) and the space after them.
    pub(super) fn skip_properties(&self, from: usize) -> usize {
        let mut chars = self.src.rest(from).chars().peekable();
        let mut index = from;
        while let Some(&c) = chars.peek() {
            match c {
                '&' | '!' => {
                    while chars.next_if(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}')).is_some() {
                        index += 1;
                    }
                }
                '#' => {
                    while chars.next_if(|c| *c != '\n' && *c != '\r').is_some() {
                        index += 1;
                    }
                }
                c if c.is_whitespace() => {
                    chars.next();
                    index += 1;
                }
                _ => break,
            }
        }
        index
    }
}
