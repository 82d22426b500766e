//! The text saphyr reads, made to read like PyYAML 6 reads the original.
//!
//! PyYAML breaks lines at NEL (U+0085), LS (U+2028) and PS (U+2029) too; saphyr (YAML 1.2) reads
//! them as ordinary characters, so saphyr gets `\n` in their place. PyYAML skips a byte order mark
//! only as the very first character and reads any other U+FEFF as text; saphyr refuses one inside
//! a document, so saphyr gets a private-use stand-in for it, turned back in scalar values. Each
//! replacement is one character for one, so character indices (saphyr's marks) stay those of the
//! original text.

use std::borrow::Cow;

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

/// PyYAML's value of a plain scalar whose text (from its first to its last character) is `raw`:
/// lines trimmed of spaces and folded, a break that is LS or PS kept as itself.
pub(crate) fn fold_plain(raw: &str) -> String {
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
            (None, _) if c == ' ' => spaces.push(c),
            (None, None) => {
                out.push_str(&spaces);
                spaces.clear();
                out.push(c);
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
            }
        }
    }
    out
}

/// Where a `...` line stands before any document starts, which PyYAML refuses (a character
/// index), skipping blank and comment lines; `None` when the text starts otherwise.
pub(crate) fn document_end_first(text: &str) -> Option<usize> {
    let mut index = usize::from(text.starts_with('\u{feff}'));
    for piece in text.strip_prefix('\u{feff}').unwrap_or(text).split_inclusive(['\n', '\r']) {
        let line = piece.trim_end_matches(['\n', '\r']);
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            index += piece.chars().count();
            continue;
        }
        let after = line.strip_prefix("...")?;
        return after.chars().next().is_none_or(|c| matches!(c, ' ' | '\t')).then_some(index);
    }
    None
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
    fn plain_scalars_fold_like_pyyaml() {
        assert_eq!(fold_plain("a\u{2028}b"), "a\u{2028}b");
        assert_eq!(fold_plain("a  \u{2028}   b c"), "a\u{2028}b c");
        assert_eq!(fold_plain("a\n\u{2029}b"), "a\u{2029}b");
        assert_eq!(fold_plain("a\u{2029}\nb"), "a\u{2029}\nb");
        assert_eq!(fold_plain("a\r\n\r\nb\u{85}c"), "a\nb c");
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
    }
}
