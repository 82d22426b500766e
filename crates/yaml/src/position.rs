//! Source positions, and the one rule for where lines break.

use serde::Serialize;

/// A point in the source: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in Unicode scalar values.
    pub column: u32,
}

/// A half-open source range `[start, end)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Range {
    /// First character of the range.
    pub start: Position,
    /// Position just after the last character.
    pub end: Position,
}

impl Range {
    /// A range from two (line, column) pairs.
    pub fn new(start_line: u32, start_column: u32, end_line: u32, end_column: u32) -> Self {
        Range {
            start: Position { line: start_line, column: start_column },
            end: Position { line: end_line, column: end_column },
        }
    }
}

/// Saturating `usize` → `u32` for line and column numbers.
pub(crate) fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// True when `c` ends a line, `next` being the character after it. Lines break where PyYAML breaks
/// them: at `\n`, NEL (U+0085), LS (U+2028), PS (U+2029), and a `\r` not followed by `\n` (a
/// `\r\n` pair ends its line at the `\n`).
pub fn ends_line(c: char, next: Option<char>) -> bool {
    matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}') || (c == '\r' && next != Some('\n'))
}

/// The lines of `text` without their line breaks; a text ending with a break ends with an empty
/// line (where end-of-file positions point).
pub fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut from) = (0, 0);
    // Only these bytes can start a line break (NEL is `C2 85`, LS and PS `E2 80 A8`/`A9`).
    let candidate = |b: &u8| matches!(b, b'\n' | b'\r' | 0xc2 | 0xe2);
    while let Some(at) = bytes.get(from..).and_then(|rest| rest.iter().position(candidate)).map(|p| from + p) {
        let after = |n: usize| bytes.get(at + n).copied();
        // The length of the break at `at`; a `\r\n` pair is one break.
        let length = match bytes.get(at) {
            Some(b'\n') => 1,
            Some(b'\r') => 1 + usize::from(after(1) == Some(b'\n')),
            Some(0xc2) if after(1) == Some(0x85) => 2,
            Some(0xe2) if after(1) == Some(0x80) && matches!(after(2), Some(0xa8 | 0xa9)) => 3,
            _ => {
                from = at + 1;
                continue;
            }
        };
        out.push(text.get(start..at).unwrap_or(""));
        start = at + length;
        from = start;
    }
    out.push(text.get(start..).unwrap_or(""));
    out
}

/// How many characters apart the byte-offset checkpoints of non-ASCII text are.
const CHECKPOINT: usize = 256;

/// Where each line of a text starts, to turn character indices into positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Character index and byte offset of each line's first character.
    pub(crate) lines: Vec<(usize, usize)>,
    /// Byte offset of every `CHECKPOINT`-th character; empty for ASCII text.
    pub(crate) checkpoints: Vec<usize>,
    /// Number of characters in the text.
    chars: usize,
}

impl LineIndex {
    /// The line index of `text`.
    pub fn new(text: &str) -> LineIndex {
        if text.is_ascii() { Self::ascii(text) } else { Self::unicode(text) }
    }

    /// Line starts of ASCII text, where character indices are byte offsets.
    pub(crate) fn ascii(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut lines = Vec::with_capacity(bytes.iter().filter(|b| **b == b'\n').count() + 1);
        lines.push((0, 0));
        for (i, b) in bytes.iter().enumerate() {
            if ends_line(char::from(*b), bytes.get(i + 1).map(|n| char::from(*n))) {
                lines.push((i + 1, i + 1));
            }
        }
        LineIndex { lines, checkpoints: Vec::new(), chars: bytes.len() }
    }

    /// Line starts and byte-offset checkpoints of text with non-ASCII characters.
    pub(crate) fn unicode(text: &str) -> LineIndex {
        let mut lines = vec![(0, 0)];
        let mut checkpoints = Vec::new();
        let mut chars = text.char_indices().enumerate().peekable();
        let mut count = 0;
        while let Some((i, (b, c))) = chars.next() {
            if i % CHECKPOINT == 0 {
                checkpoints.push(b);
            }
            if ends_line(c, chars.peek().map(|(_, (_, n))| *n)) {
                lines.push((i + 1, b + c.len_utf8()));
            }
            count = i + 1;
        }
        LineIndex { lines, checkpoints, chars: count }
    }

    /// The position of the character at `index` (clamped to the end of the text).
    pub fn position(&self, index: usize) -> Position {
        let index = index.min(self.chars);
        let line = self.lines.partition_point(|(start, _)| *start <= index).max(1);
        let start = self.lines.get(line - 1).map_or(0, |(s, _)| *s);
        Position { line: u32_of(line), column: u32_of(index - start + 1) }
    }

    /// The character index of a position (clamped to its line and to the end of the text).
    pub fn index(&self, pos: Position) -> usize {
        let line = (pos.line as usize).saturating_sub(1);
        let start = self.lines.get(line).map_or(self.chars, |(s, _)| *s);
        (start + (pos.column as usize).saturating_sub(1)).min(self.chars)
    }

    /// The byte offset of a position in `text`, the text this index was built from (clamped to
    /// its line and to the end of the text).
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        self.byte(text, self.index(pos))
    }

    /// The byte offset of a character index in `text`, the text this index was built from
    /// (clamped to its end).
    pub(crate) fn byte(&self, text: &str, index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return index.min(text.len());
        }
        let Some(&from) = self.checkpoints.get(index / CHECKPOINT) else { return text.len() };
        let skip = index % CHECKPOINT;
        text.get(from..).and_then(|rest| rest.char_indices().nth(skip)).map_or(text.len(), |(b, _)| from + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_lf_crlf_and_lone_cr() {
        let index = LineIndex::new("a\nb\r\nc\rd");
        let at = |i| {
            let p = index.position(i);
            (p.line, p.column)
        };
        assert_eq!(
            [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7)],
            [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (4, 1)]
        );
        assert_eq!(index.index(Position { line: 4, column: 1 }), 7);
        assert_eq!(at(99), (4, 2));
    }

    #[test]
    fn lines_without_their_breaks() {
        assert_eq!(lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(lines("a\r\n"), ["a", ""]);
        assert_eq!(lines("\r\r\n"), ["", "", ""]);
        assert_eq!(lines(""), [""]);
        assert_eq!(lines("a\u{85}b\u{2028}c\u{2029}é"), ["a", "b", "c", "é"]);
    }

    #[test]
    fn lines_are_split_at_every_break_and_no_other_character() {
        // The lines by `ends_line`, one character at a time.
        fn slowly(text: &str) -> Vec<&str> {
            let mut out = Vec::new();
            let mut start = 0;
            let mut chars = text.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if ends_line(c, chars.peek().map(|(_, n)| *n)) {
                    let end = if c == '\n' && text[..i].ends_with('\r') { i - 1 } else { i };
                    out.push(&text[start..end]);
                    start = i + c.len_utf8();
                }
            }
            out.push(&text[start..]);
            out
        }
        let pieces = ["a", "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{a0}", "\u{2027}", "\u{20ac}", "\u{2080}"];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}{a}");
                    assert_eq!(lines(&text), slowly(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn lines_break_where_pyyaml_breaks_them() {
        let index = LineIndex::new("a\u{85}b\u{2028}c\u{2029}d");
        let p = index.position(6);
        assert_eq!((p.line, p.column), (4, 1));
    }

    #[test]
    fn unicode_text_counts_characters() {
        let text = "é\ré😀\nx";
        let index = LineIndex::new(text);
        let p = index.position(4);
        assert_eq!((p.line, p.column), (2, 3));
        assert_eq!(index.byte(text, 4), 9);
        assert_eq!(index.position(5).line, 3);
    }
}
