//! The text saphyr reads, made to read like PyYAML 6 reads the original.
//!
//! PyYAML breaks lines at NEL (U+0085), LS (U+2028) and PS (U+2029) too; saphyr (YAML 1.2) reads
//! them as ordinary characters, so saphyr gets `\n` in their place. PyYAML skips a byte order mark
//! only as the very first character and reads any other U+FEFF as text; saphyr refuses one inside
//! a document, so saphyr gets a private-use stand-in for it, turned back in scalar values. Each
//! replacement is one character for one, so character indices (saphyr's marks) stay those of the
//! original text.
//!
//! Where saphyr stops at text that PyYAML reads (a line inside `[...]`, `{...}` or quotes indented
//! less than its key, `:` right before `[` or `{` in a flow mapping, `#` right after `]`, a lone
//! `-` in a flow collection), the loader reads the text again with an edit that changes nothing
//! for PyYAML (a space, a stand-in for the `-`); [`Rewrites`] maps positions back to the text as
//! given.

use std::borrow::Cow;

use crate::position::Position;

/// The text to parse, and what was replaced in it.
pub(crate) struct Prepared<'a> {
    /// The text saphyr reads.
    pub(crate) text: Cow<'a, str>,
    /// The original text.
    pub(crate) original: &'a str,
    /// The character standing in for U+FEFF past the first character, if there is any.
    pub(crate) bom_stand_in: Option<char>,
    /// Character indices of the LS and PS line breaks, in order: PyYAML keeps them in values
    /// where it folds lines, which saphyr, reading `\n`, cannot know.
    pub(crate) separators: Vec<usize>,
}

/// The text saphyr reads for `original` (see the module documentation).
pub(crate) fn prepare(original: &str) -> Prepared<'_> {
    let untouched = |text| Prepared { text, original, bom_stand_in: None, separators: Vec::new() };
    if original.is_ascii() {
        return untouched(Cow::Borrowed(original));
    }
    let replaced =
        |(i, c): (usize, char)| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') || (c == '\u{feff}' && i > 0);
    if !original.chars().enumerate().any(replaced) {
        return untouched(Cow::Borrowed(original));
    }
    // A private-use character the text does not hold; a text holding all 6,400 keeps its marks.
    let bom_stand_in = ('\u{e000}'..='\u{f8ff}').find(|c| !original.contains(*c));
    let mut separators = Vec::new();
    let mut text = String::with_capacity(original.len());
    for (i, c) in original.chars().enumerate() {
        text.push(match c {
            '\u{85}' => '\n',
            '\u{2028}' | '\u{2029}' => {
                separators.push(i);
                '\n'
            }
            '\u{feff}' if i > 0 => bom_stand_in.unwrap_or(c),
            c => c,
        });
    }
    Prepared { text: Cow::Owned(text), original, bom_stand_in, separators }
}

/// Edits of the text given: spaces inserted (in the coordinates of the text with them), and the
/// character standing in for a lone `-` in flow collections.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rewrites {
    /// Line, column where the spaces start, and how many there are; in text order.
    spots: Vec<(u32, u32, u32)>,
    /// The character standing in for a lone `-` in a flow collection, if any.
    pub(crate) dash: Option<char>,
}

impl Rewrites {
    /// True when no space was inserted.
    pub(crate) fn is_empty(&self) -> bool {
        self.spots.is_empty()
    }

    /// Records `count` spaces inserted at `at` (a position in the text with the earlier spaces).
    pub(crate) fn insert(&mut self, at: Position, count: u32) {
        for spot in self.spots.iter_mut().filter(|s| s.0 == at.line && s.1 >= at.column) {
            spot.1 += count;
        }
        let i = self.spots.partition_point(|s| (s.0, s.1) < (at.line, at.column));
        self.spots.insert(i, (at.line, at.column, count));
    }

    /// The position in the text as given of `pos`, a position in the text with the spaces (a
    /// position inside inserted spaces is where they were inserted).
    pub(crate) fn original(&self, pos: Position) -> Position {
        let (mut column, mut minus) = (pos.column, 0);
        for &(_, start, count) in self.spots.iter().filter(|s| s.0 == pos.line) {
            if column >= start + count {
                minus += count;
            } else if column > start {
                column = start;
            }
        }
        Position { line: pos.line, column: column - minus }
    }

    /// The position in the text with the spaces of `pos`, a position in the text as given.
    pub(crate) fn spaced(&self, pos: Position) -> Position {
        let mut column = pos.column;
        for &(_, start, count) in self.spots.iter().filter(|s| s.0 == pos.line) {
            if column >= start {
                column += count;
            }
        }
        Position { line: pos.line, column }
    }
}

/// `text` with a stand-in for its `-` at `index`: the last private-use character not in `text`
/// (the same for every `-` of one text).
pub(crate) fn replace_dash(text: &str, index: usize, rewrites: &mut Rewrites) -> String {
    let stand_in = *rewrites
        .dash
        .get_or_insert_with(|| ('\u{e000}'..='\u{f8ff}').rev().find(|c| !text.contains(*c)).unwrap_or('-'));
    text.chars().enumerate().map(|(i, c)| if i == index { stand_in } else { c }).collect()
}

/// `text` with `count` spaces inserted before the character at `index`.
pub(crate) fn insert_spaces(text: &str, index: usize, count: usize) -> String {
    let byte = text.char_indices().nth(index).map_or(text.len(), |(b, _)| b);
    let mut out = String::with_capacity(text.len() + count);
    out.push_str(&text[..byte]);
    out.extend(std::iter::repeat_n(' ', count));
    out.push_str(&text[byte..]);
    out
}

/// How a scalar whose value is folded from its text is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Folded {
    /// Unquoted.
    Plain,
    /// In single quotes, where `''` is a quote.
    Single,
    /// In double quotes, without escapes.
    Double,
    /// A `|` block, whose lines keep their breaks.
    Literal,
}

/// A literal block's value with its line breaks as PyYAML keeps them: saphyr's `value` has a `\n`
/// for each break of `raw` (the block's text from its first line on), in order, and PyYAML keeps
/// an LS or PS as itself.
pub(crate) fn literal(value: &str, raw: &str) -> String {
    let mut breaks = Vec::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `\r\n` is one break.
            '\r' => {
                chars.next_if_eq(&'\n');
                breaks.push('\n');
            }
            '\n' | '\u{85}' => breaks.push('\n'),
            '\u{2028}' | '\u{2029}' => breaks.push(c),
            _ => {}
        }
    }
    let mut breaks = breaks.into_iter();
    value.chars().map(|c| if c == '\n' { breaks.next().unwrap_or(c) } else { c }).collect()
}

/// PyYAML's value of a scalar whose text is `raw` (from its first to its last character, quotes
/// excluded): lines trimmed of spaces (and tabs, in quotes) and folded, a break that is LS or PS
/// kept as itself.
pub(crate) fn fold(raw: &str, style: Folded) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    // The first break of the current run of breaks, and the breaks after it.
    let mut first: Option<char> = None;
    let mut more = String::new();
    let mut spaces = String::new();
    while let Some(c) = chars.next() {
        let brk = match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                Some('\n')
            }
            '\n' | '\u{85}' => Some('\n'),
            '\u{2028}' | '\u{2029}' => Some(c),
            _ => None,
        };
        match (brk, first) {
            (Some(b), None) => {
                spaces.clear();
                first = Some(b);
            }
            (Some(b), Some(_)) => {
                spaces.clear();
                more.push(b);
            }
            (None, _) if c == ' ' || (c == '\t' && style != Folded::Plain) => spaces.push(c),
            (None, None) => {
                out.push_str(&spaces);
                spaces.clear();
                out.push(c);
                if c == '\'' && style == Folded::Single {
                    chars.next_if_eq(&'\'');
                }
            }
            (None, Some(b)) => {
                // Leading spaces of a continuation line are not text.
                spaces.clear();
                if b != '\n' {
                    out.push(b);
                } else if more.is_empty() {
                    out.push(' ');
                }
                out.push_str(&more);
                more.clear();
                first = None;
                out.push(c);
                if c == '\'' && style == Folded::Single {
                    chars.next_if_eq(&'\'');
                }
            }
        }
    }
    out
}

/// Where a `...` line stands before any document starts, which PyYAML refuses (a character
/// index), skipping blank and comment lines; `None` when the text starts otherwise.
pub(crate) fn document_end_first(text: &str) -> Option<usize> {
    // Most texts start with their first key: none of the characters below.
    if !matches!(text.as_bytes().first(), Some(b' ' | b'\n' | b'\r' | b'#' | b'.' | 0xef)) {
        return None;
    }
    let body = text.strip_prefix('\u{feff}');
    let mut index = usize::from(body.is_some());
    let mut rest = body.unwrap_or(text);
    // Only blank and comment lines are read to their end: the first other line decides.
    loop {
        match rest.trim_start_matches(' ').as_bytes().first() {
            None => return None,
            Some(b'\n' | b'\r' | b'#') => {
                let end = rest.find(['\n', '\r']).map_or(rest.len(), |at| at + 1);
                index += rest.get(..end).unwrap_or(rest).chars().count();
                rest = rest.get(end..).unwrap_or("");
            }
            Some(_) => {
                let after = rest.strip_prefix("...")?;
                return after.chars().next().is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r')).then_some(index);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_line_breaks_and_inner_byte_order_marks_are_replaced_one_for_one() {
        let p = prepare("\u{feff}a:\u{85}\u{2028}b\u{feff}\u{2029}");
        assert_eq!(p.text, "\u{feff}a:\n\nb\u{e000}\n");
        assert_eq!((p.bom_stand_in, p.separators), (Some('\u{e000}'), vec![4, 7]));
        assert!(matches!(prepare("é: x\n").text, Cow::Borrowed(_)));
        assert_eq!(prepare("\u{e000}\u{feff}").bom_stand_in, Some('\u{e001}'));
    }

    #[test]
    fn positions_map_around_inserted_spaces() {
        let mut spaces = Rewrites::default();
        let at = |line, column| Position { line, column };
        spaces.insert(at(2, 1), 2);
        spaces.insert(at(2, 6), 1);
        spaces.insert(at(2, 4), 1);
        // Original line 2 `ab:[x` is now `  a b: [x` (spaces at 1-2, 4 and 7).
        assert_eq!(spaces.original(at(2, 3)), at(2, 1));
        assert_eq!(spaces.original(at(2, 5)), at(2, 2));
        assert_eq!(spaces.original(at(2, 8)), at(2, 4));
        assert_eq!(spaces.original(at(2, 1)), at(2, 1));
        assert_eq!(spaces.original(at(3, 5)), at(3, 5));
        assert_eq!(spaces.spaced(at(2, 4)), at(2, 8));
        assert_eq!(spaces.spaced(at(2, 1)), at(2, 3));
        assert_eq!(insert_spaces("ab\né", 3, 2), "ab\n  é");
    }

    #[test]
    fn scalars_fold_like_pyyaml() {
        assert_eq!(fold("a\u{2028}b", Folded::Plain), "a\u{2028}b");
        assert_eq!(fold("a  \u{2028}   b c", Folded::Plain), "a\u{2028}b c");
        assert_eq!(fold("a\n\u{2029}b", Folded::Plain), "a\u{2029}b");
        assert_eq!(fold("a\u{2029}\nb", Folded::Plain), "a\u{2029}\nb");
        assert_eq!(fold("a\r\n\r\nb\u{85}c", Folded::Plain), "a\nb c");
        assert_eq!(fold("it''s \t\u{2028}\t ok", Folded::Single), "it's\u{2028}ok");
        assert_eq!(fold("it''s\u{2028}''", Folded::Double), "it''s\u{2028}''");
        assert_eq!(literal("a\nb\nc\n", "a\u{2028}  b\r\n  c\u{2029}"), "a\u{2028}b\nc\u{2029}");
    }

    #[test]
    fn a_document_end_marker_first() {
        assert_eq!(document_end_first("... # end\na: 1"), Some(0));
        assert_eq!(document_end_first("\u{feff}# c\n\n  \n...\n"), Some(9));
        assert_eq!(document_end_first("...x: 1"), None);
        assert_eq!(document_end_first(" ...\n"), None);
        assert_eq!(document_end_first("---\n...\n"), None);
        assert_eq!(document_end_first("#\r\n\r..."), Some(4));
        assert_eq!(document_end_first("a: 1\n...\n"), None);
        assert_eq!(document_end_first("...\r\na: 1"), Some(0));
        assert_eq!(document_end_first("...\ta: 1"), Some(0));
        assert_eq!(document_end_first("  # c\n   "), None);
        assert_eq!(document_end_first(""), None);
    }
}
