//! saphyr's syntax errors in words for a person, at the place PyYAML (and a reader) would point
//! to, with PyYAML's own message beside them where it has one.

use saphyr_parser::ScanError;

use crate::error::{ErrorKind, LoadError, error};
use crate::position::{Position, Range};
use crate::python::repr_str;
use crate::source::Point;

use super::Builder;

impl Builder<'_, '_> {
    /// Turns a saphyr error into a diagnostic, worded for a person.
    pub(super) fn syntax_error(&self, e: &ScanError) -> LoadError {
        let at = self.src.marker(e.marker());
        if let Some(tab) = self.first_bad_tab(at.index) {
            return tab;
        }
        let info = e.info();
        // saphyr may stop before the tab it complains about.
        if info.contains("tab")
            && let Some(tab) = self.first_bad_tab(usize::MAX)
        {
            return tab;
        }
        match info {
            "missing explicit document end marker before directive" => self.directive_in_document(at),
            "recursion limit exceeded" => self.too_deep(at),
            _ => self.describe_syntax(info, at),
        }
    }

    /// A `%` line after content: a second document's directive, or (when PyYAML cannot read it
    /// as a directive) a syntax error.
    pub(super) fn directive_in_document(&self, at: Point) -> LoadError {
        let line = self.src.rest(at.index + 1);
        let name = line.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).count();
        let next = line.chars().nth(name);
        if name > 0 && next.is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
            return self.second_document(at);
        }
        let bad = self.src.point(at.index + 1 + name);
        error(
            ErrorKind::Syntax,
            self.src.char_range(bad),
            "a line starting with `%` is a directive (like `%YAML 1.1`), and this one is not well-formed".into(),
            Some("indent the line, or quote the text if `%` is part of a key".into()),
            Some(format!(
                "while scanning a directive: expected alphabetic or numeric character, but found {}",
                self.found_py(bad)
            )),
        )
    }

    pub(super) fn describe_syntax(&self, info: &str, at: Point) -> LoadError {
        let at = self.adjust_error_point(info, at);
        let found = self.found(at);
        let (message, help, dstack): (String, Option<&str>, Option<String>) = match info {
            "mapping values are not allowed in this context" => (
                "a mapping value (`:` followed by a space) is not allowed here".into(),
                Some(
                    "if the `:` is part of the text, quote the whole value (`key: \"a: b\"`); if it starts a new key, put it on its own line, aligned with the other keys",
                ),
                Some("mapping values are not allowed here".into()),
            ),
            "block sequence entries are not allowed in this context" => (
                "a list item (`- `) cannot start here".into(),
                Some("start the list on the next line, indented under its key, or quote the value if the `-` is text"),
                Some("sequence entries are not allowed here".into()),
            ),
            "while parsing a block mapping, did not find expected key" => (
                format!("expected a `key: value` line aligned with the other keys of this mapping, but found {found}"),
                Some(
                    "check the indentation: the keys of one mapping start in the same column, and a value continues only on lines indented further than its key",
                ),
                Some("while parsing a block mapping: expected <block end>".into()),
            ),
            "while parsing a block collection, did not find expected '-' indicator" => (
                format!("expected another list item (`- `) aligned with the items above, but found {found}"),
                Some("check the indentation: the items of one list start in the same column"),
                Some("while parsing a block collection: expected <block end>".into()),
            ),
            "while parsing a flow sequence, expected ',' or ']'" => (
                format!("expected `,` or `]` in the list opened {}, but found {found}", self.opened_at('[')),
                Some("separate the items with `,`, close the list with `]`, and quote items that contain `:` or `#`"),
                Some("while parsing a flow sequence: expected ',' or ']'".into()),
            ),
            "while parsing a flow mapping, did not find expected ',' or '}'" => (
                format!("expected `,` or `}}` in the mapping opened {}, but found {found}", self.opened_at('{')),
                Some(
                    "separate the entries with `,`, close the mapping with `}`, and quote values that contain `:` or `#`",
                ),
                Some("while parsing a flow mapping: expected ',' or '}'".into()),
            ),
            "while scanning a quoted scalar, found unexpected end of stream" => (
                "this quoted string is never closed".into(),
                Some("add the closing quote"),
                Some("while scanning a quoted scalar: found unexpected end of stream".into()),
            ),
            "while scanning a quoted scalar, found unexpected document indicator" => (
                "a `---` or `...` line interrupts this quoted string".into(),
                Some("close the quote before that line"),
                Some("while scanning a quoted scalar: found unexpected document separator".into()),
            ),
            "invalid trailing content after double-quoted scalar" => (
                "unexpected text after the closing quote".into(),
                Some("quote the whole value, or turn the extra text into a comment with ` # `"),
                Some("expected <block end>, but found '<scalar>'".into()),
            ),
            "simple key expect ':'" | "simple key expected" => (
                "a key must be followed by `:`".into(),
                Some("add `: ` after the key, or indent this line further if it continues the previous value"),
                Some("while scanning a simple key: could not find expected ':'".into()),
            ),
            "misplaced bracket" => (
                format!("unexpected closing {found}"),
                Some("remove it, or add the matching opening bracket"),
                Some(format!("expected the node content, but found {}", self.found_py(at))),
            ),
            "while parsing node, found unknown anchor" => {
                let name = self.name_at(at.index + 1);
                // PyYAML's scanner stops first at a `[` or `{` right after the name.
                let after = at.index + 1 + name.chars().count();
                if let Err(e) = self.check_anchor_name(at.index + 1, after, '*') {
                    return e;
                }
                (
                    format!("the alias `*{name}` refers to an anchor `&{name}` that is not defined before it"),
                    Some("define the anchor on an earlier value, or fix the name"),
                    Some(format!("found undefined alias {}", repr_str(&name))),
                )
            }
            "invalid indentation" | "invalid indentation in flow construct" if self.inside_brackets(at.index) => (
                "this line inside `[...]` or `{...}` is indented less than the key that holds the collection; \
                 PyYAML accepts that, but this checker cannot read it"
                    .into(),
                Some("indent the line further than the key"),
                None,
            ),
            "invalid indentation in quoted scalar" => (
                "a continuation line of this quoted string is indented less than its key; PyYAML accepts \
                 that, but this checker cannot read it"
                    .into(),
                Some("indent the continuation lines further than the key"),
                None,
            ),
            "invalid indentation" => (
                "this line is indented less than the block it belongs to".into(),
                Some("indent it further than its parent key"),
                None,
            ),
            "invalid indentation in flow construct" => (
                "this line of a `[...]` or `{...}` collection is indented less than the key that holds it".into(),
                Some("indent it further than the key"),
                None,
            ),
            "comment intercepting the multiline text" => (
                "a comment cannot interrupt a value that continues on the next line".into(),
                Some("remove the comment, or quote the value"),
                Some("expected <block end>, but found '<scalar>'".into()),
            ),
            "while parsing a node, did not find expected node content" => (
                format!("expected a value, but found {found}"),
                Some("write a value here, or remove the extra `,`"),
                Some(format!("expected the node content, but found {}", self.found_py(at))),
            ),
            "did not find expected <document start>" | "invalid content after document end marker" => (
                format!("unexpected {found} after the end of the document"),
                Some("remove it, or indent it so that it belongs to the document"),
                Some("expected '<document start>'".into()),
            ),
            "while scanning a block scalar, did not find expected comment or line break" => (
                "after `|` or `>` only `-`, `+`, an indentation digit and a comment may follow on the same line".into(),
                Some("start the text on the next line, indented"),
                Some("while scanning a block scalar: expected chomping or indentation indicators".into()),
            ),
            "wrongly indented line in block scalar" => (
                "a line of this block text is indented less than its first line".into(),
                Some("indent all lines of the text at least as far as its first line"),
                None,
            ),
            i if i.starts_with("':' may not precede any of") => (
                "this checker needs a space after `:` before `[` or `{` inside `{...}` (PyYAML does not)".into(),
                Some("write `key: [...]` with a space after the colon"),
                None,
            ),
            "illegal placement of ':' indicator" => {
                ("a `:` cannot appear here".into(), Some("quote the value if the `:` is part of it"), None)
            }
            "comments must be separated from other tokens by whitespace" => (
                "this checker needs a space before a `#` comment that follows `]`, `}` or a quote \
                 (PyYAML does not)"
                    .into(),
                Some("add a space before `#`"),
                None,
            ),
            "plain scalar cannot start with '-' followed by ,[]{}" => (
                "this checker cannot read a lone `-` inside `[...]` or `{...}` (PyYAML reads it as the text \"-\")"
                    .into(),
                Some("quote it: `\"-\"`"),
                None,
            ),
            "a byte order mark must not appear inside a document" => (
                "a byte order mark (U+FEFF) may only appear at the very start of the file".into(),
                Some("remove it"),
                None,
            ),
            i if i.starts_with("unexpected character") => (
                format!("{found} cannot start a plain value"),
                Some("quote the value"),
                Some(format!("found character {} that cannot start any token", self.found_py(at))),
            ),
            i if i.contains("escape") || i.contains("hexadecimal") => self.escape_error(at),
            i if i.contains("tab") => (
                "a tab character is not allowed here".into(),
                Some("use spaces for indentation and between items"),
                Some("found character '\\t' that cannot start any token".into()),
            ),
            i if i.contains("anchor or alias") => (
                "an anchor (`&`) or alias (`*`) needs a name of letters, digits, `-` or `_`".into(),
                Some("write a name right after the `&` or `*`"),
                None,
            ),
            i if i.contains("tag") || i.contains("handle") => {
                (format!("this tag is not well-formed ({info})"), Some("remove the tag"), None)
            }
            i if i.contains("directive") => {
                (format!("this `%` directive is not well-formed ({info})"), Some("remove the directive line"), None)
            }
            _ => (format!("the YAML is not well-formed: {info}"), None, None),
        };
        let range = self.error_range(info, at);
        error(ErrorKind::Syntax, range, message, help.map(str::to_string), dstack)
    }

    /// Whether `index` is probably inside an open `[`/`{` (quotes and comments skipped): only
    /// chooses an error's wording.
    pub(super) fn inside_brackets(&self, index: usize) -> bool {
        let mut depth = 0usize;
        let mut quote = None;
        let mut prev = '\n';
        let mut chars = self.src.text.chars().take(index).peekable();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') if !prev.is_alphanumeric() => quote = Some(c),
                (None, '#') if prev.is_whitespace() => while chars.next_if(|c| *c != '\n').is_some() {},
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
        depth > 0
    }

    /// Moves saphyr's error point to where PyYAML (and a reader) would put it.
    pub(super) fn adjust_error_point(&self, info: &str, at: Point) -> Point {
        match info {
            // saphyr dates a `- ` entry after the dash.
            "while parsing a block mapping, did not find expected key" => {
                let back = self.src.before(at.index).chars().rev().take_while(|c| *c == ' ').count();
                let dash = at.index.checked_sub(back + 1);
                match dash.filter(|d| self.src.char_at(*d) == Some('-')) {
                    Some(d) => self.src.point(d),
                    None => at,
                }
            }
            // saphyr points at the comment; the offending text is on the next line.
            "comment intercepting the multiline text" => {
                let rest = self.src.rest(at.index);
                let Some(newline) = rest.chars().position(|c| c == '\n') else { return at };
                let after = rest.chars().skip(newline + 1).take_while(|c| *c == ' ').count();
                self.src.point(at.index + newline + 1 + after)
            }
            i if i.contains("unknown escape") => self.bad_escape(at.index).map_or(at, |i| self.src.point(i)),
            // saphyr points at the `|`; the offending character follows the indicators.
            "while scanning a block scalar, did not find expected comment or line break" => {
                let header = self.src.rest(at.index).chars().skip(1);
                let skip = header.take_while(|c| matches!(c, '+' | '-' | '0'..='9' | ' ')).count();
                self.src.point(at.index + 1 + skip)
            }
            _ => at,
        }
    }

    pub(super) fn error_range(&self, info: &str, at: Point) -> Range {
        if info.contains("unknown escape") {
            let end = Position { line: at.pos.line, column: at.pos.column + 2 };
            return Range { start: at.pos, end };
        }
        self.src.char_range(at)
    }

    /// The first unknown escape in the double-quoted scalar starting at `quote`.
    pub(super) fn bad_escape(&self, quote: usize) -> Option<usize> {
        let mut chars = self.src.rest(quote).chars().enumerate().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return None,
                '\\' => {
                    let (_, next) = chars.next()?;
                    if !is_escape(next) {
                        return Some(quote + i);
                    }
                }
                _ => {}
            }
        }
        None
    }

    pub(super) fn escape_error(&self, at: Point) -> (String, Option<&'static str>, Option<String>) {
        let escape: String = self.src.rest(at.index).chars().take(2).collect();
        if escape.starts_with('\\') {
            let c: String = escape.chars().skip(1).collect();
            return (
                format!("unknown escape sequence `{escape}` in a double-quoted string"),
                Some("write `\\\\` for a backslash, or use single quotes, which have no escapes"),
                Some(format!("while scanning a double-quoted scalar: found unknown escape character {}", repr_str(&c))),
            );
        }
        (
            "invalid escape sequence in a double-quoted string".into(),
            Some("`\\x`, `\\u` and `\\U` need 2, 4 and 8 hexadecimal digits"),
            None,
        )
    }

    /// "line L, column C" of the innermost open collection written with `bracket`.
    pub(super) fn opened_at(&self, bracket: char) -> String {
        let frame = self.frames.iter().rev().find(|f| f.flow && f.mapping() == (bracket == '{'));
        match frame {
            Some(f) => format!("at line {}, column {}", f.start.line, f.start.column),
            None => "above".into(),
        }
    }

    /// What is at `at`, for messages.
    pub(super) fn found(&self, at: Point) -> String {
        match self.src.char_at(at.index) {
            None => "the end of the file".into(),
            Some('\n' | '\r') => "the end of the line".into(),
            Some(_) => {
                let token: String =
                    self.src.rest(at.index).chars().take_while(|c| !c.is_whitespace()).take(20).collect();
                format!("`{token}`")
            }
        }
    }

    /// What is at `at`, as PyYAML quotes it.
    pub(super) fn found_py(&self, at: Point) -> String {
        match self.src.char_at(at.index) {
            None => "'<stream end>'".into(),
            Some(c) => repr_str(&c.to_string()),
        }
    }

    /// An anchor or alias name starting at `index`.
    pub(super) fn name_at(&self, index: usize) -> String {
        self.src
            .rest(index)
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .collect()
    }
}

/// The escapes PyYAML's double-quoted scalars accept.
fn is_escape(c: char) -> bool {
    matches!(
        c,
        '0' | 'a'
            | 'b'
            | 't'
            | '\t'
            | 'n'
            | 'v'
            | 'f'
            | 'r'
            | 'e'
            | ' '
            | '"'
            | '\\'
            | '/'
            | 'N'
            | '_'
            | 'L'
            | 'P'
            | 'x'
            | 'u'
            | 'U'
            | '\n'
            | '\r'
    )
}
