//! The events of the plain YAML that nearly every configuration is written in, found without
//! saphyr's per-character costs.
//!
//! saphyr-parser reads text one character at a time through a general state machine, which made
//! it most of the time a check takes. Configurations use a small part of YAML: block mappings and
//! sequences, `[...]`/`{...}` on one line, plain scalars (possibly continued on more indented
//! lines), quoted scalars without escapes, comments. For text made only of that part, [`read`]
//! hands a [`Sink`] exactly the events and spans saphyr's parser gives (without building saphyr's
//! `Event` values). For anything else, or anything it is unsure of, it declines and saphyr reads
//! the text: it never decides an error itself. The tests compare both on every case of the
//! corpus and on many generated and mutated documents.

use std::borrow::Cow;

use saphyr_parser::ScalarStyle;

use crate::position::{Position, u32_of};
use crate::source::Point;

/// Nesting of `[...]`/`{...}` beyond which saphyr reads the text.
const MAX_FLOW_DEPTH: usize = 16;

/// Length of a mapping key beyond which saphyr reads the text (it limits implicit keys).
const MAX_KEY: usize = 512;

/// Where [`read`] hands saphyr's events, one method for each kind, without building them.
/// Each returns `false` to stop. Their spans are given as the points of saphyr's marks (its
/// 0-based column plus one), which is what the composer keeps.
pub(crate) trait Sink<'t> {
    /// `Event::Scalar` without anchor or tag, spanning `start..end`.
    fn scalar(&mut self, text: Cow<'t, str>, style: ScalarStyle, start: Point, end: Point) -> bool;
    /// `Event::MappingStart` (`map`) or `Event::SequenceStart`, without anchor or tag.
    fn open(&mut self, map: bool, start: Point, end: Point) -> bool;
    /// `Event::MappingEnd` (`map`) or `Event::SequenceEnd`.
    fn close(&mut self, map: bool, start: Point, end: Point) -> bool;
    /// `Event::StreamStart`, `Event::DocumentStart(false)`, `Event::DocumentEnd` or
    /// `Event::StreamEnd`, at `at`.
    fn boundary(&mut self, boundary: Boundary, at: Point) -> bool;
}

/// The start or end of the stream or of the (implicit) document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Boundary {
    StreamStart,
    DocumentStart,
    DocumentEnd,
    StreamEnd,
}

/// Reads `text` if it is plain block-style YAML (see the module documentation), handing saphyr's
/// events to `sink` in order. Returns `false` when the text is not such YAML or when `sink`
/// returned `false` to stop; the events handed over until then are then to be thrown away.
///
/// One difference, in what no composer reads: where the last line has no content and no `\n`
/// (a comment, as a file cut from a longer one often ends), saphyr may end some blocks at the end
/// of that line; here every block still open ends at the end of the text, as it does for any
/// other text.
///
/// The caller has made sure that `text` holds printable ASCII and `\n` only (the source's
/// `plain`, found in the pass that looks at every byte anyway): no tabs, `\r`, byte order marks
/// or control characters, and character indices are byte offsets.
pub(crate) fn read<'t>(text: &'t str, sink: &mut impl Sink<'t>) -> bool {
    debug_assert!(text.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\n'), "{text:?}");
    let mut scanner = Scanner { text, next: 0, number: 1, line: None, blocks: Vec::with_capacity(16), sink };
    scanner.run().is_some()
}

/// A line with content (not blank, not only a comment).
#[derive(Clone, Copy)]
struct Line {
    /// Index of the line's first character.
    start: usize,
    /// Index of the line's `\n`, or the end of the text.
    end: usize,
    /// 1-based line number.
    row: u32,
    /// Leading spaces.
    indent: usize,
    /// Blank or comment lines come between this line and the previous line with content.
    after_gap: bool,
}

/// An open block collection.
#[derive(Clone, Copy)]
struct Block {
    map: bool,
    /// Its column.
    indent: usize,
    /// A sequence written at its parent key's column (`key:\n- a`).
    indentless: bool,
}

struct Scanner<'t, 's, S> {
    text: &'t str,
    /// Where the next line starts, and its number.
    next: usize,
    number: usize,
    /// The line with content being read; `None` at the end of the text.
    line: Option<Line>,
    blocks: Vec<Block>,
    sink: &'s mut S,
}

impl<'t, S: Sink<'t>> Scanner<'t, '_, S> {
    /// Moves to the next line with content (or the end); `None` when the text is not for this
    /// module.
    fn advance(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        let mut gap = false;
        while let Some(rest) = bytes.get(self.next..).filter(|rest| !rest.is_empty()) {
            let (start, number) = (self.next, self.number);
            let end = find_either(rest, b'\n', b'\n').map_or(bytes.len(), |p| start + p);
            self.next = end + 1;
            self.number += 1;
            // Document markers and directives are for saphyr.
            if matches!(rest.first(), Some(b'-' | b'.' | b'%'))
                && (rest.starts_with(b"---") || rest.starts_with(b"...") || rest.starts_with(b"%"))
            {
                return None;
            }
            let indent = rest.iter().take_while(|b| **b == b' ').count();
            if !matches!(rest.get(indent), None | Some(b'\n' | b'#')) {
                self.line = Some(Line { start, end, row: u32_of(number), indent, after_gap: gap });
                return Some(());
            }
            gap = true;
        }
        self.line = None;
        Some(())
    }

    fn run(&mut self) -> Option<()> {
        self.advance()?;
        let first = self.line?;
        if first.indent != 0 {
            return None;
        }
        let origin = Point { index: 0, pos: Position { line: 1, column: 1 } };
        let top = self.mark(&first, first.start);
        self.boundary(Boundary::StreamStart, origin)?;
        self.boundary(Boundary::DocumentStart, top)?;
        self.open(true, 0, false, top)?;
        // A key whose value did not follow on its line: the mark of its `:`.
        let mut pending: Option<Point> = None;
        while let Some(line) = self.line {
            let content = line.start + line.indent;
            let at = self.mark(&line, content);
            let dash = self.is_dash(&line, content);
            if let Some(colon) = pending.take() {
                let owner = self.blocks.last()?.indent;
                if line.indent > owner && dash {
                    self.open(false, line.indent, false, at)?;
                } else if line.indent > owner && self.key(&line, content).is_some() {
                    self.open(true, line.indent, false, at)?;
                } else if line.indent > owner {
                    // A scalar on the lines after its key.
                    return None;
                } else if line.indent == owner && dash {
                    let item = self.item_start(&line, content)?;
                    let first_item = self.mark(&line, item);
                    self.open(false, owner, true, first_item)?;
                } else {
                    self.empty_scalar(colon)?;
                }
            }
            while let Some(top) = self.blocks.last().copied() {
                let closes = top.indent > line.indent || (top.indentless && top.indent == line.indent && !dash);
                if !closes {
                    break;
                }
                self.blocks.pop();
                self.end(top.map, at, at)?;
            }
            let top = *self.blocks.last()?;
            if top.indent != line.indent {
                return None;
            }
            if top.map {
                self.entry(&line, content, &mut pending)?;
            } else {
                self.item(&line, content, &mut pending)?;
            }
        }
        if let Some(colon) = pending {
            self.empty_scalar(colon)?;
        }
        // Where saphyr marks the end of the stream: the start of a line after the last one.
        let eof = Point { index: self.text.len(), pos: Position { line: u32_of(self.number), column: 1 } };
        while let Some(top) = self.blocks.pop() {
            self.end(top.map, eof, eof)?;
        }
        self.boundary(Boundary::DocumentEnd, eof)?;
        self.boundary(Boundary::StreamEnd, eof)
    }

    /// Hands a stream or document event at `at` to the sink; `None` when it asks to stop (so for
    /// the other methods handing events on).
    fn boundary(&mut self, boundary: Boundary, at: Point) -> Option<()> {
        self.sink.boundary(boundary, at).then_some(())
    }

    fn start(&mut self, map: bool, start: Point, end: Point) -> Option<()> {
        self.sink.open(map, start, end).then_some(())
    }

    fn end(&mut self, map: bool, start: Point, end: Point) -> Option<()> {
        self.sink.close(map, start, end).then_some(())
    }

    fn scalar(&mut self, text: Cow<'t, str>, style: ScalarStyle, start: Point, end: Point) -> Option<()> {
        self.sink.scalar(text, style, start, end).then_some(())
    }

    fn open(&mut self, map: bool, indent: usize, indentless: bool, at: Point) -> Option<()> {
        self.blocks.push(Block { map, indent, indentless });
        self.start(map, at, at)
    }

    /// The null of a key without a value, which saphyr marks at the key's `:`.
    fn empty_scalar(&mut self, colon: Point) -> Option<()> {
        self.scalar(Cow::Borrowed(""), ScalarStyle::Plain, colon, colon)
    }

    /// The point of saphyr's mark at `index` on `line`.
    fn mark(&self, line: &Line, index: usize) -> Point {
        Point { index, pos: Position { line: line.row, column: u32_of(index.saturating_sub(line.start) + 1) } }
    }

    /// The character at `index`; `\n` past the end.
    fn byte(&self, index: usize) -> u8 {
        self.text.as_bytes().get(index).copied().unwrap_or(b'\n')
    }

    fn str(&self, from: usize, to: usize) -> Option<&'t str> {
        self.text.get(from..to)
    }

    fn skip_spaces(&self, mut index: usize) -> usize {
        while self.byte(index) == b' ' {
            index += 1;
        }
        index
    }

    /// The line's content starts with a sequence entry (`- ` or a lone `-`).
    fn is_dash(&self, line: &Line, content: usize) -> bool {
        self.byte(content) == b'-' && (content + 1 == line.end || self.byte(content + 1) == b' ')
    }

    /// Where the value of the entry `- value` starts; `None` when it is not on the line.
    fn item_start(&self, line: &Line, dash: usize) -> Option<usize> {
        let item = self.skip_spaces(dash + 1);
        (item < line.end && self.byte(item) != b'#').then_some(item)
    }

    /// A key (plain, on one line) starting at `from` and followed by `: ` or a final `:`: where its
    /// text ends and where its `:` is.
    fn key(&self, line: &Line, from: usize) -> Option<(usize, usize)> {
        if !plain_start(self.byte(from), self.byte(from + 1), false) {
            return None;
        }
        let bytes = self.text.as_bytes().get(from..line.end)?;
        match plain_stop(bytes, bytes.len().min(MAX_KEY)) {
            Some((colon, true)) => Some((from + trimmed(bytes, colon), from + colon)),
            _ => None,
        }
    }

    /// A mapping entry `key: value` starting at `from`; moves on to the next line.
    fn entry(&mut self, line: &Line, from: usize, pending: &mut Option<Point>) -> Option<()> {
        let (key_end, colon) = self.key(line, from)?;
        self.push_plain(line, from, key_end)?;
        let value = self.skip_spaces(colon + 1);
        if value >= line.end || self.byte(value) == b'#' {
            *pending = Some(self.mark(line, colon));
            return self.advance();
        }
        self.value(line, value)
    }

    /// A sequence entry `- value` at `content`; moves on to the next line.
    fn item(&mut self, line: &Line, content: usize, pending: &mut Option<Point>) -> Option<()> {
        if !self.is_dash(line, content) {
            return None;
        }
        let item = self.item_start(line, content)?;
        if self.key(line, item).is_some() {
            // `- key: value` starts a mapping at the key's column.
            self.open(true, item - line.start, false, self.mark(line, item))?;
            return self.entry(line, item, pending);
        }
        self.value(line, item)
    }

    /// A value starting at `at`, in block context; moves on to the line after it.
    fn value(&mut self, line: &Line, at: usize) -> Option<()> {
        match self.byte(at) {
            b'[' | b'{' => {
                self.flow(line, at, 0)?;
            }
            b'\'' | b'"' => {
                let after = self.quoted(line, at)?;
                self.line_ends(line, after)?;
                // saphyr's span of a quoted scalar runs on over the spaces and comment after it.
                self.push_quoted(line, at, after, line.end)?;
            }
            _ => return self.plain(line, at),
        }
        self.advance()
    }

    /// Only spaces and a comment follow `after` on the line.
    fn line_ends(&self, line: &Line, after: usize) -> Option<()> {
        let rest = self.skip_spaces(after);
        (rest >= line.end || (rest > after && self.byte(rest) == b'#')).then_some(())
    }

    /// A plain scalar in block context starting at `at`, continued on the following more indented
    /// lines; moves on to the line after it.
    fn plain(&mut self, line: &Line, at: usize) -> Option<()> {
        if !plain_start(self.byte(at), self.byte(at + 1), false) {
            return None;
        }
        let (mut end, mut comment) = self.plain_end(line, at)?;
        let mut text = Cow::Borrowed(self.str(at, end)?);
        let mut last = *line;
        // saphyr continues the scalar on lines indented more than the innermost block.
        let indent = self.blocks.last()?.indent;
        self.advance()?;
        while let Some(more) = self.line.filter(|l| l.indent > indent) {
            if comment || more.after_gap {
                return None;
            }
            // Whatever a continuation line starts with is text to saphyr (a `#` would have made
            // it a comment line).
            let from = more.start + more.indent;
            (end, comment) = self.plain_end(&more, from)?;
            let words = text.to_mut();
            words.push(' ');
            words.push_str(self.str(from, end)?);
            last = more;
            self.advance()?;
        }
        self.scalar(text, ScalarStyle::Plain, self.mark(line, at), self.mark(&last, end))
    }

    /// Where a block plain scalar's text on this line ends (trailing spaces left out), and whether
    /// a comment follows; `None` when a `: ` in it would make it a key.
    fn plain_end(&self, line: &Line, from: usize) -> Option<(usize, bool)> {
        let bytes = self.text.as_bytes().get(from..line.end)?;
        match plain_stop(bytes, bytes.len()) {
            Some((_, true)) => None,
            Some((hash, false)) => Some((from + trimmed(bytes, hash), true)),
            None => Some((from + trimmed(bytes, bytes.len()), false)),
        }
    }

    fn push_plain(&mut self, line: &Line, from: usize, to: usize) -> Option<()> {
        let text = self.str(from, to)?;
        self.scalar(Cow::Borrowed(text), ScalarStyle::Plain, self.mark(line, from), self.mark(line, to))
    }

    /// After the closing quote of the quoted scalar opened at `at`, if it is on the same line and
    /// has no escapes.
    fn quoted(&self, line: &Line, at: usize) -> Option<usize> {
        let quote = self.byte(at);
        let body = self.text.as_bytes().get(at + 1..line.end)?;
        let close = at + 1 + body.iter().position(|b| *b == quote)?;
        let escaped = if quote == b'"' {
            body.iter().take(close - at - 1).any(|b| *b == b'\\')
        } else {
            self.byte(close + 1) == b'\''
        };
        (!escaped).then_some(close + 1)
    }

    /// The quoted scalar from `at` to `after`, its span ending at `end`.
    fn push_quoted(&mut self, line: &Line, at: usize, after: usize, end: usize) -> Option<()> {
        let style = if self.byte(at) == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
        let text = self.str(at + 1, after - 1)?;
        self.scalar(Cow::Borrowed(text), style, self.mark(line, at), self.mark(line, end))
    }

    /// A `[...]` or `{...}` opened at `at` and closed on the same line; returns the index after
    /// its closing bracket.
    fn flow(&mut self, line: &Line, at: usize, depth: usize) -> Option<usize> {
        if depth >= MAX_FLOW_DEPTH {
            return None;
        }
        let map = self.byte(at) == b'{';
        let close = if map { b'}' } else { b']' };
        // saphyr's spans of brackets and quoted scalars run on over the spaces after them.
        let mut p = self.skip_spaces(at + 1);
        self.start(map, self.mark(line, at), self.mark(line, p))?;
        if self.byte(p) != close {
            loop {
                if map {
                    let key_end = self.flow_plain(line, p)?;
                    if self.byte(key_end) != b':' || self.byte(key_end + 1) != b' ' {
                        return None;
                    }
                    self.push_plain(line, p, key_end)?;
                    p = self.skip_spaces(key_end + 1);
                }
                p = self.flow_node(line, p, depth)?;
                match self.byte(p) {
                    b',' => {
                        p = self.skip_spaces(p + 1);
                        // A trailing comma is for saphyr.
                        if self.byte(p) == close {
                            return None;
                        }
                    }
                    c if c == close => break,
                    _ => return None,
                }
            }
        }
        // The outermost bracket's span runs on over the comment after it too, to the line's end.
        let end = if depth == 0 {
            self.line_ends(line, p + 1)?;
            line.end
        } else {
            self.skip_spaces(p + 1)
        };
        self.end(map, self.mark(line, p), self.mark(line, end))?;
        Some(p + 1)
    }

    /// A node inside `[...]`/`{...}` starting at `p`; returns the index after it and the spaces
    /// that follow.
    fn flow_node(&mut self, line: &Line, p: usize, depth: usize) -> Option<usize> {
        match self.byte(p) {
            b'[' | b'{' => {
                let after = self.flow(line, p, depth + 1)?;
                Some(self.skip_spaces(after))
            }
            b'\'' | b'"' => {
                let after = self.quoted(line, p)?;
                let next = self.skip_spaces(after);
                self.push_quoted(line, p, after, next)?;
                Some(next)
            }
            _ => {
                let end = self.flow_plain(line, p)?;
                self.push_plain(line, p, end)?;
                Some(self.skip_spaces(end))
            }
        }
    }

    /// Where a plain scalar inside `[...]`/`{...}` starting at `p` ends (trailing spaces left out);
    /// `None` when a comment or the end of the line comes first.
    fn flow_plain(&self, line: &Line, p: usize) -> Option<usize> {
        if !plain_start(self.byte(p), self.byte(p + 1), true) {
            return None;
        }
        let mut end = p;
        for i in p..line.end {
            match self.byte(i) {
                c if is_flow_indicator(c) => return Some(end),
                b':' if matches!(self.byte(i + 1), b' ' | b'\n') || is_flow_indicator(self.byte(i + 1)) => {
                    return Some(end);
                }
                b'#' if i > p && self.byte(i - 1) == b' ' => return None,
                // saphyr rejects a word of the scalar that starts like that.
                b'-' if i > p && self.byte(i - 1) == b' ' && is_flow_indicator(self.byte(i + 1)) => return None,
                b' ' => {}
                _ => end = i + 1,
            }
        }
        None
    }
}

/// The index of the first `a` or `b` in `bytes`, looked for eight bytes at a time.
fn find_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // The lowest zero byte of `word` sets the lowest flag; flags above it may be false.
    let zeros = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let found = zeros(word ^ (ONES * u64::from(a))) | zeros(word ^ (ONES * u64::from(b)));
        if found != 0 {
            return Some(offset + found.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|c| *c == a || *c == b).map(|p| offset + p)
}

/// Where plain text on one line (`bytes`, from the scalar's start) stops before `limit`: at the
/// first `:` followed by a space or the line's end (`true`), or at a `#` after a space (`false`).
fn plain_stop(bytes: &[u8], limit: usize) -> Option<(usize, bool)> {
    let mut from = 0;
    loop {
        let at = from + find_either(bytes.get(from..limit)?, b':', b'#')?;
        if bytes.get(at) == Some(&b':') {
            if bytes.get(at + 1).is_none_or(|next| *next == b' ') {
                return Some((at, true));
            }
        } else if at > 0 && bytes.get(at - 1) == Some(&b' ') {
            return Some((at, false));
        }
        from = at + 1;
    }
}

/// The length of `bytes[..end]` without its trailing spaces.
fn trimmed(bytes: &[u8], end: usize) -> usize {
    bytes.get(..end).map_or(0, |text| text.len() - text.iter().rev().take_while(|b| **b == b' ').count())
}

/// YAML's indicator characters, which may start something other than a plain scalar.
fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

fn is_flow_indicator(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}

/// `c` (followed by `next`) starts a plain scalar that this module reads: a `-` only before
/// another character of the scalar, no other indicator.
#[inline]
fn plain_start(c: u8, next: u8, flow: bool) -> bool {
    match c {
        b' ' | b'\n' => false,
        b'-' => !(matches!(next, b' ' | b'\n') || (flow && is_flow_indicator(next))),
        c => !is_indicator(c),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::source::Source;
    use saphyr_parser::{Event, Marker, Parser, Span};

    type Events<'t> = Vec<(Event<'t>, Span)>;

    /// saphyr's mark at a point.
    fn marker(at: Point) -> Marker {
        let number = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
        Marker::new(at.index, number(at.pos.line), number(at.pos.column) - 1)
    }

    fn span(start: Point, end: Point) -> Span {
        Span::new(marker(start), marker(end))
    }

    /// saphyr's events, or `None` if it rejects the text.
    fn saphyr(text: &str) -> Option<Events<'_>> {
        Parser::new_from_str(text).collect::<Result<Vec<_>, _>>().ok()
    }

    /// saphyr's events as they are handed over.
    impl<'t> Sink<'t> for Events<'t> {
        fn scalar(&mut self, text: Cow<'t, str>, style: ScalarStyle, start: Point, end: Point) -> bool {
            self.push((Event::Scalar(text, style, 0, None), span(start, end)));
            true
        }

        fn open(&mut self, map: bool, start: Point, end: Point) -> bool {
            let event = if map { Event::MappingStart(0, None) } else { Event::SequenceStart(0, None) };
            self.push((event, span(start, end)));
            true
        }

        fn close(&mut self, map: bool, start: Point, end: Point) -> bool {
            self.push((if map { Event::MappingEnd } else { Event::SequenceEnd }, span(start, end)));
            true
        }

        fn boundary(&mut self, boundary: Boundary, at: Point) -> bool {
            let event = match boundary {
                Boundary::StreamStart => Event::StreamStart,
                Boundary::DocumentStart => Event::DocumentStart(false),
                Boundary::DocumentEnd => Event::DocumentEnd,
                Boundary::StreamEnd => Event::StreamEnd,
            };
            self.push((event, span(at, at)));
            true
        }
    }

    /// This module's events, or `None` if it leaves the text to saphyr.
    fn events(text: &str) -> Option<Events<'_>> {
        let mut events = Vec::new();
        (Source::new(text).plain && read(text, &mut events)).then_some(events)
    }

    /// Whenever this module reads a text, its events are saphyr's; returns whether it read it.
    fn agrees(text: &str) -> bool {
        let Some(mut fast) = events(text) else { return false };
        let mut slow = saphyr(text);
        // Where the last line has no content and no `\n`, the ends of blocks may be marked
        // elsewhere (see `read`): they are compared without their marks.
        let last = text.rsplit('\n').next().unwrap_or("");
        if !last.is_empty() && matches!(last.trim_start_matches(' ').bytes().next(), None | Some(b'#')) {
            let unmarked = |events: &mut Events<'_>| {
                for (event, span) in events {
                    if matches!(event, Event::MappingEnd | Event::SequenceEnd) && span.end.index() >= text.len() {
                        *span = Span::empty(Marker::new(0, 0, 0));
                    }
                }
            };
            unmarked(&mut fast);
            slow.iter_mut().for_each(unmarked);
        }
        assert_eq!(Some(&fast), slow.as_ref(), "{text:?}");
        true
    }

    /// Every file under `dir`, recursively.
    pub(crate) fn files(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }

    pub(crate) fn corpus() -> Vec<String> {
        let mut texts = Vec::new();
        files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/cases"), &mut texts);
        assert!(texts.len() > 500, "corpus not found");
        texts
    }

    #[test]
    fn the_corpus_reads_as_saphyr_reads_it() {
        let texts = corpus();
        let read = texts.iter().filter(|t| agrees(t)).count();
        // The point of this module: most configurations take the fast path.
        assert!(read * 10 > texts.len() * 8, "only {read} of {} read", texts.len());
    }

    /// A small deterministic pseudo-random generator (xorshift).
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items.get(self.below(items.len())).copied().unwrap_or("")
        }
    }

    const WORDS: &[&str] = &[
        "a",
        "task",
        "echo hi",
        "x:y",
        "a#b",
        "-1",
        "--flag",
        "1.5",
        "yes",
        "~",
        "null",
        "<<",
        "=",
        "a b  c",
        "http://h:80/p",
        "2024-01-02",
        "0x1F",
        "22:22",
        "x?",
        "a,b",
        "a[0]",
        "b]",
        "a}b",
        "$VAR",
        "a: b",
        "a #c",
        "-",
        "- x",
        "-]",
        "?",
        ":x",
        "|",
        ">",
        "&a",
        "*a",
        "!t",
        "%",
        "@",
        "`",
        "'q'",
        "\"d\"",
        "'it''s'",
        "\"e\\n\"",
        "'",
        "\"",
        "é",
    ];

    fn scalar(rng: &mut Rng) -> String {
        match rng.below(10) {
            0 => format!("'{}'", rng.pick(WORDS)),
            1 => format!("\"{}\"", rng.pick(WORDS)),
            _ => rng.pick(WORDS).to_string(),
        }
    }

    fn flow(rng: &mut Rng, depth: usize) -> String {
        let map = rng.below(3) == 0;
        let items: Vec<String> = (0..rng.below(4))
            .map(|_| {
                let node = if depth < 2 && rng.below(4) == 0 { flow(rng, depth + 1) } else { scalar(rng) };
                if map { format!("{}: {node}", rng.pick(WORDS)) } else { node }
            })
            .collect();
        let sep = rng.pick(&[", ", ",", " , "]);
        let pad = rng.pick(&["", " "]);
        if map { format!("{{{pad}{}{pad}}}", items.join(sep)) } else { format!("[{pad}{}{pad}]", items.join(sep)) }
    }

    fn inline(rng: &mut Rng) -> String {
        let value = match rng.below(6) {
            0 => flow(rng, 0),
            _ => scalar(rng),
        };
        let tail = rng.pick(&["", "", "  ", " # note", "  #c", "#x"]);
        format!("{value}{tail}")
    }

    /// A mapping key with its `:`.
    fn key(rng: &mut Rng) -> String {
        format!("{}{}:", rng.pick(WORDS), rng.pick(&["", "", "", " "]))
    }

    /// The lines of a block mapping or sequence at `indent`.
    fn block(rng: &mut Rng, indent: usize, depth: usize, out: &mut Vec<String>) {
        let pad = " ".repeat(indent);
        let seq = depth > 0 && rng.below(3) == 0;
        for _ in 0..1 + rng.below(4) {
            match rng.below(12) {
                0 => out.push(" ".repeat(rng.below(3))),
                1 => out.push(format!("{}# comment", " ".repeat(rng.below(indent + 2)))),
                _ => {}
            }
            let (lead, column) = if seq {
                let dash = rng.pick(&["- ", "- ", "-  ", "-   "]);
                if rng.below(3) != 0 {
                    out.push(format!("{pad}{dash}{}", inline(rng)));
                    continue;
                }
                (format!("{pad}{dash}{}", key(rng)), indent + dash.len())
            } else {
                (format!("{pad}{}", key(rng)), indent)
            };
            let space = rng.pick(&[" ", " ", " ", "  "]);
            match rng.below(8) {
                0 | 1 if depth < 3 => {
                    out.push(format!("{lead}{}", rng.pick(&["", "", " ", " # c"])));
                    let step = rng.pick(&["0", "1", "2", "2", "4"]).parse().unwrap_or(2);
                    block(rng, column + step, depth + 1, out);
                }
                2 => out.push(lead),
                3 => {
                    out.push(format!("{lead}{space}{}{}", rng.pick(WORDS), rng.pick(&["", " ", " # c"])));
                    for _ in 0..1 + rng.below(2) {
                        out.push(format!("{}{}", " ".repeat(column + rng.below(4)), rng.pick(WORDS)));
                    }
                }
                _ => out.push(format!("{lead}{space}{}", inline(rng))),
            }
            // More keys of a mapping that started on a `- ` line.
            if seq {
                for _ in 0..rng.below(3) {
                    let key = key(rng);
                    out.push(format!("{}{key}{space}{}", " ".repeat(column), inline(rng)));
                }
            }
        }
    }

    pub(crate) fn generated(rng: &mut Rng) -> String {
        let mut lines = Vec::new();
        block(rng, 0, 0, &mut lines);
        let mut text = lines.join("\n");
        if rng.below(4) != 0 {
            text.push('\n');
        }
        text
    }

    /// `text` with a few random edits.
    pub(crate) fn mutated(rng: &mut Rng, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(chars.len() + 1);
            match rng.below(3) {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                _ => chars.insert(
                    at,
                    rng.pick(&[
                        " ", ":", "#", "-", "[", "]", "{", "}", ",", "'", "\"", "\n", "\t", "x", "&", "?", "\r",
                    ])
                    .chars()
                    .next()
                    .unwrap_or(' '),
                ),
            }
        }
        chars.into_iter().collect()
    }

    #[test]
    fn generated_documents_read_as_saphyr_reads_them() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut read = 0;
        for _ in 0..40_000 {
            let text = generated(&mut rng);
            read += usize::from(agrees(&text));
            agrees(&mutated(&mut rng, &text));
        }
        assert!(read > 2_000, "only {read} generated documents read");
    }

    #[test]
    fn mutated_corpus_reads_as_saphyr_reads_it() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for text in corpus() {
            for _ in 0..20 {
                agrees(&mutated(&mut rng, &text));
            }
        }
    }

    #[test]
    fn bytes_are_found_at_every_place_of_a_word() {
        for len in 0..20 {
            // Bytes that differ from `\n` or `:` in one bit, or are beyond ASCII, around them.
            let filler: Vec<u8> = (0..len).map(|i| [b'\x0b', b'\x8a', b'\x08', b';', b'\xba'][i % 5]).collect();
            assert_eq!(find_either(&filler, b'\n', b':'), None);
            for at in 0..len {
                for (found, other) in [(b'\n', b':'), (b':', b'\n')] {
                    let mut bytes = filler.clone();
                    bytes[at] = found;
                    if let Some(last) = bytes.last_mut().filter(|_| at + 1 < len) {
                        *last = other;
                    }
                    assert_eq!(find_either(&bytes, b'\n', b':'), Some(at), "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn other_yaml_is_left_to_saphyr() {
        for text in [
            "",
            "# only a comment\n",
            "- a\n",
            "a\n",
            "  a: 1\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a:\tb\n",
            "a: b\r\n",
            "a: é\n",
            "---\na: 1\n",
            "a: 1\n...\n",
            "%YAML 1.1\n---\na: 1\n",
            "a: [1,\n  2]\n",
            "a: \"x\\ty\"\n",
            "a: 'it''s'\n",
            "a: b: c\n",
            "a:\n  b\n",
            "? a\n: b\n",
            "a: [1, 2,]\n",
            "a: {b}\n",
            "a: [b: c]\n",
            "a: - b\n",
            "a:\n- - b\n",
            "a:\n-\n  b\n",
            "a: b\n\n  c\n",
            "a: b # c\n  d\n",
            "'a': b\n",
        ] {
            assert!(events(text).is_none(), "{text:?}");
        }
    }
}
