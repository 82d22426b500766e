//! The text being loaded: conversions between character indices, byte offsets, saphyr's markers
//! and positions.

use std::borrow::Cow;
use std::cell::OnceCell;

use saphyr_parser::Marker;

use crate::error::{LoadError, bad_character};
use crate::position::{LineIndex, Position, Range, ends_line, u32_of};
use crate::prepare::{Folded, Prepared, Rewrites, fold, literal};

/// A place in the text: its character index and its line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Point {
    pub(crate) index: usize,
    pub(crate) pos: Position,
}

/// The text being loaded, with conversions between character indices, bytes and positions.
pub(crate) struct Source<'t> {
    pub(crate) text: &'t str,
    pub(crate) ascii: bool,
    /// Only printable ASCII and `\t \n \r`: no character PyYAML's Reader rejects.
    pub(crate) clean: bool,
    pub(crate) has_tabs: bool,
    /// Only printable ASCII and `\n`: the text `simple` reads.
    pub(crate) plain: bool,
    pub(crate) chars: usize,
    /// Built on first use: loading text without errors, tags or anchors seldom needs it.
    index: OnceCell<LineIndex>,
    /// The text as given, where `text` is the prepared text saphyr reads (see `prepare`).
    pub(crate) original: &'t str,
    /// The character standing in for U+FEFF in `text`, if any.
    pub(crate) bom_stand_in: Option<char>,
    /// Character indices of LS and PS line breaks, in order.
    pub(crate) separators: Vec<usize>,
    /// Rewrites inserted into the text given: positions are reported without them.
    pub(crate) rewrites: Rewrites,
}

impl<'t> Source<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        // One pass without early exits, which the compiler vectorizes, answers both questions
        // for the usual text; the rare rest is looked at again. The text is read in blocks of
        // 16 bytes, the last block overlapping the one before: no byte-by-byte tail.
        let bytes = text.as_bytes();
        let (chunks, tail) = bytes.as_chunks::<16>();
        let mut flags = Flags::default();
        for chunk in chunks {
            flags.add(chunk);
        }
        match bytes.last_chunk::<16>() {
            Some(last) if !tail.is_empty() => flags.add(last),
            _ => {
                // A text shorter than a block: spaces around it change nothing.
                let mut block = [b' '; 16];
                block.iter_mut().zip(tail).for_each(|(to, from)| *to = *from);
                flags.add(&block);
            }
        }
        let any = |lanes: [u8; 16]| u128::from_ne_bytes(lanes) != 0;
        let (unusual, has_tabs, has_cr) = (any(flags.unusual), any(flags.tabs), any(flags.cr));
        let ascii = !unusual || text.is_ascii();
        let chars = if ascii { text.len() } else { text.chars().count() };
        Source {
            text,
            ascii,
            clean: !unusual,
            has_tabs,
            plain: !unusual && !has_tabs && !has_cr,
            chars,
            index: OnceCell::new(),
            original: text,
            bom_stand_in: None,
            separators: Vec::new(),
            rewrites: Rewrites::default(),
        }
    }

    /// The source of a prepared text, made from the text given with `rewrites`.
    pub(crate) fn prepared(prepared: &'t Prepared<'t>, rewrites: Rewrites) -> Self {
        Source {
            rewrites,
            original: prepared.original,
            bom_stand_in: prepared.bom_stand_in,
            separators: prepared.separators.clone(),
            ..Source::new(&prepared.text)
        }
    }

    /// A scalar's text as PyYAML reads it, from saphyr's text of the prepared source: byte order
    /// marks restored, and a scalar folded over LS or PS line breaks folded again from the text
    /// as given (`start..end`: the scalar's text, quotes excluded). Double-quoted text with
    /// escapes keeps saphyr's folding.
    pub(crate) fn scalar_text<'s>(
        &self,
        text: Cow<'s, str>,
        style: Option<Folded>,
        start: usize,
        end: usize,
    ) -> Cow<'s, str> {
        if let Some(style) = style
            && self.separators.iter().any(|i| (start..end).contains(i))
        {
            let raw: String = self.original.chars().skip(start).take(end - start).collect();
            if style == Folded::Literal {
                return Cow::Owned(literal(&text, &raw));
            }
            if style != Folded::Double || !raw.contains('\\') {
                return Cow::Owned(fold(&raw, style));
            }
        }
        let text = match self.bom_stand_in {
            Some(c) if text.contains(c) => Cow::Owned(text.replace(c, "\u{feff}")),
            _ => text,
        };
        match self.rewrites.dash {
            Some(c) if text.contains(c) => Cow::Owned(text.replace(c, "-")),
            _ => text,
        }
    }

    fn line_index(&self) -> &LineIndex {
        self.index.get_or_init(|| if self.ascii { LineIndex::ascii(self.text) } else { LineIndex::unicode(self.text) })
    }

    /// The byte offset of a character index (clamped to the end).
    pub(crate) fn byte(&self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        self.line_index().byte(self.text, index)
    }

    /// The text from a character index on.
    pub(crate) fn rest(&self, index: usize) -> &'t str {
        self.text.get(self.byte(index)..).unwrap_or("")
    }

    /// The text before a character index.
    pub(crate) fn before(&self, index: usize) -> &'t str {
        self.text.get(..self.byte(index)).unwrap_or("")
    }

    pub(crate) fn char_at(&self, index: usize) -> Option<char> {
        self.rest(index).chars().next()
    }

    /// The point at a character index (clamped to the end of the text).
    pub(crate) fn point(&self, index: usize) -> Point {
        let index = index.min(self.chars);
        Point { index, pos: self.rewrites.original(self.line_index().position(index)) }
    }

    /// The position of a character index in the text read, spaces included.
    pub(crate) fn spaced_position(&self, index: usize) -> Position {
        self.line_index().position(index)
    }

    /// The character index of a position (clamped to its line).
    pub(crate) fn index_of(&self, pos: Position) -> usize {
        self.line_index().index(self.rewrites.spaced(pos))
    }

    /// The point at `index`, counted on from the point `from` (the line index answers for an
    /// `index` before `from`).
    pub(crate) fn advance(&self, from: Point, index: usize) -> Point {
        let index = index.min(self.chars);
        let Some(count) = index.checked_sub(from.index).filter(|_| self.rewrites.is_empty()) else {
            return self.point(index);
        };
        let Position { mut line, mut column } = from.pos;
        let mut chars = self.rest(from.index).chars().peekable();
        for _ in 0..count {
            let Some(c) = chars.next() else { break };
            if ends_line(c, chars.peek().copied()) {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Point { index, pos: Position { line, column } }
    }

    /// The point of a saphyr marker; saphyr moves the end-of-stream mark to the start of a line
    /// of its own (so a mark at the end that is not at a line's start is where it says).
    pub(crate) fn marker(&self, m: &Marker) -> Point {
        if m.index() > self.chars || (m.index() == self.chars && m.col() == 0) {
            return self.point(self.chars);
        }
        let pos = Position { line: u32_of(m.line()), column: u32_of(m.col() + 1) };
        Point { index: m.index(), pos: self.rewrites.original(pos) }
    }

    /// A range covering the character at `at`, or empty at a line break or the end.
    pub(crate) fn char_range(&self, at: Point) -> Range {
        let width = match self.char_at(at.index) {
            Some('\n' | '\r') | None => 0,
            Some(_) => 1,
        };
        Range { start: at.pos, end: Position { line: at.pos.line, column: at.pos.column + width } }
    }

    /// PyYAML's Reader rejects these characters anywhere in the text, before parsing.
    pub(crate) fn check_characters(&self) -> Result<(), LoadError> {
        match self.text.chars().enumerate().find(|(_, c)| !acceptable(*c)) {
            None => Ok(()),
            Some((index, c)) => Err(bad_character(self.char_range(self.point(index)), c)),
        }
    }
}

/// What [`Source::new`] finds in a text's bytes, lane by lane of 16-byte blocks (which the
/// compiler keeps in vector registers).
#[derive(Default)]
struct Flags {
    /// Bytes beyond printable ASCII and `\t \n \r`.
    unusual: [u8; 16],
    tabs: [u8; 16],
    cr: [u8; 16],
}

impl Flags {
    /// Takes in a block, without branches.
    #[inline]
    fn add(&mut self, block: &[u8; 16]) {
        for (i, &b) in block.iter().enumerate() {
            self.unusual[i] |= u8::from(!(0x20..0x7f).contains(&b) && !matches!(b, b'\t' | b'\n' | b'\r'));
            self.tabs[i] |= u8::from(b == b'\t');
            self.cr[i] |= u8::from(b == b'\r');
        }
    }
}

/// PyYAML's printable set: `\t \n \r`, `\x20-\x7E`, `\x85`, `\xA0-\uD7FF`, `\uE000-\uFFFD`, astral.
pub(crate) fn acceptable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || u32::from(c) >= 0x10000
}
