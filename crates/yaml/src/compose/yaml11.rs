//! What PyYAML's YAML 1.1 scanner rejects and saphyr (YAML 1.2) accepts: tabs outside quoted and
//! block text and comments, anchor names beyond ASCII letters and digits, a second anchor of the
//! same name, implicit keys over several lines, empty keys, `?`, `|`, `>` and `:` in flow text.

use saphyr_parser::Span;

use crate::error::{ErrorKind, LoadError, error};
use crate::node::Node;
use crate::position::Range;
use crate::python::repr_str;
use crate::source::Point;

use super::{Builder, skip_while};

impl Builder<'_, '_> {
    /// Plain scalars that YAML 1.2 (saphyr) accepts but PyYAML's YAML 1.1 scanner rejects: an
    /// empty key before `:`, `?` inside a flow collection's plain text, `|`/`>` starting one.
    pub(super) fn check_plain_yaml11(&self, text: &str, has_props: bool, span: &Span) -> Result<(), LoadError> {
        let start = if has_props { self.skip_properties(span.start.index()) } else { span.start.index() };
        if text.is_empty()
            && !has_props
            && self.next_is_key()
            && self.src.char_at(start) == Some(':')
            && !self.explicit_key_before(start)
        {
            return Err(self.fail_at(start, self.missing_key(self.src.point(start))));
        }
        if self.flow_depth == 0 {
            return Ok(());
        }
        let first = text.chars().next();
        if let Some(c @ ('|' | '>' | ':')) = first {
            let at = self.src.point(start);
            return Err(self.fail_at(at.index, flow_indicator_error(self.src.char_range(at), c)));
        }
        if text.contains('?') {
            let offset =
                self.src.rest(start).chars().take(span.end.index().saturating_sub(start)).position(|c| c == '?');
            if let Some(offset) = offset {
                let at = self.src.point(start + offset);
                let close = if self.frames.last().is_some_and(|f| f.mapping() && f.flow) { '}' } else { ']' };
                return Err(self.fail_at(at.index, question_in_flow(self.src.char_range(at), close)));
            }
        }
        Ok(())
    }

    /// PyYAML (unlike YAML 1.2) wants an implicit key followed by `:` on one line, in flow
    /// collections too.
    ///
    /// `end` is the character index where the key ends.
    pub(super) fn check_single_line_key(&self, key: &Node, end: usize) -> Result<(), LoadError> {
        let (mut gap, mut breaks) = (0, 0u32);
        for c in self.src.rest(end).chars().take_while(|c| c.is_whitespace()) {
            gap += 1;
            breaks = breaks.saturating_add(u32::from(c == '\n'));
        }
        let colon_line = key.span.end.line.saturating_add(breaks);
        if colon_line == key.span.start.line
            || self.src.char_at(end + gap) != Some(':')
            || self.explicit_key_before(self.src.index_of(key.span.start))
        {
            return Ok(());
        }
        let at = self.src.point(end + gap);
        let close = if self.frames.last().is_some_and(|f| f.flow) { '}' } else { ']' };
        Err(self.fail_at(
            at.index,
            error(
                ErrorKind::Syntax,
                self.src.char_range(at),
                "a key followed by `:` must fit on one line".into(),
                Some("write the key and its `:` on the same line, or quote the key".into()),
                Some(format!("expected ',' or '{close}', but got ':'")),
            ),
        ))
    }

    /// A `?` (explicit key indicator) is the last thing before `index`.
    pub(super) fn explicit_key_before(&self, index: usize) -> bool {
        self.src.before(index).chars().rev().find(|c| !c.is_whitespace()) == Some('?')
    }

    pub(super) fn missing_key(&self, at: Point) -> LoadError {
        let dstack = if self.flow_depth > 0 {
            "expected the node content, but found ':'"
        } else {
            "expected <block end>, but found ':'"
        };
        error(
            ErrorKind::Syntax,
            self.src.char_range(at),
            "a mapping key is missing before this `:`".into(),
            Some("write the key before the `:`, or quote the value if the `:` belongs to it".into()),
            Some(dstack.into()),
        )
    }

    /// Checks an anchor's name (PyYAML's rules) and that it is not defined twice.
    pub(super) fn register_anchor(&mut self, from: usize) -> Result<(), LoadError> {
        let at = self.find_anchor(from);
        let name_start = at + 1;
        let len = self
            .src
            .rest(name_start)
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .count();
        self.check_anchor_name(name_start, name_start + len, '&')?;
        let name: String = self.src.rest(name_start).chars().take(len).collect();
        let start = self.src.point(at);
        let range = Range { start: start.pos, end: self.src.point(name_start + len).pos };
        if let Some(first) = self.anchor_names.get(&name) {
            return Err(self.fail_at(at, duplicate_anchor(&name, range, *first)));
        }
        self.anchor_names.insert(name, range);
        Ok(())
    }

    /// The `&` of a node's properties starting at `from` (a tag may come first).
    pub(super) fn find_anchor(&self, from: usize) -> usize {
        let mut index = from;
        let mut chars = self.src.rest(from).chars();
        while let Some(c) = chars.next() {
            if c == '&' {
                return index;
            }
            index += 1;
            if c == '#' {
                index += skip_while(&mut chars, |c| c != '\n' && c != '\r');
            }
        }
        from
    }

    /// PyYAML accepts only ASCII letters, digits, `-` and `_` in anchor and alias names.
    pub(super) fn check_anchor_name(&self, start: usize, end: usize, sigil: char) -> Result<(), LoadError> {
        let name = self.src.rest(start).chars().take(end.saturating_sub(start));
        // After the name PyYAML also rejects `[` and `{` (saphyr ends names there).
        let bad = name.enumerate().find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'));
        let bad = bad.or_else(|| self.src.char_at(end).filter(|c| matches!(c, '[' | '{')).map(|c| (end - start, c)));
        let Some((offset, bad)) = bad else {
            return Ok(());
        };
        let at = self.src.point(start + offset);
        let kind = if sigil == '&' { "anchor" } else { "alias" };
        Err(self.fail_at(
            at.index,
            error(
                ErrorKind::Syntax,
                self.src.char_range(at),
                format!(
                    "`{bad}` is not allowed in an {kind} name: PyYAML accepts only ASCII letters, digits, `-` and `_`"
                ),
                Some(format!("rename the anchor and its aliases, e.g. `{sigil}my_name`")),
                Some(format!(
                    "while scanning an {kind}: expected alphabetic or numeric character, but found {}",
                    repr_str(&bad.to_string())
                )),
            ),
        ))
    }

    /// An error at `index`, unless PyYAML would first stop at a bad tab before it.
    pub(super) fn fail_at(&self, index: usize, error: LoadError) -> LoadError {
        self.first_bad_tab(index).unwrap_or(error)
    }

    /// The first tab PyYAML rejects at or before `limit` (a character index).
    ///
    /// PyYAML (YAML 1.1) takes tabs only inside quoted and block scalars and in comments;
    /// anywhere else (indentation, after `:` or `-`, inside plain text, at a line's end) its
    /// scanner stops with "found character '\t' that cannot start any token".
    pub(super) fn first_bad_tab(&self, limit: usize) -> Option<LoadError> {
        if !self.has_tabs {
            return None;
        }
        let mut shields = self.shields.iter().peekable();
        let (mut in_comment, mut prev) = (false, '\n');
        for (index, c) in self.src.text.chars().enumerate().take_while(|(i, _)| *i <= limit) {
            while shields.next_if(|(_, end)| *end <= index).is_some() {}
            let shielded = shields.peek().is_some_and(|(start, _)| *start <= index);
            match c {
                '\n' | '\r' => in_comment = false,
                _ if shielded || in_comment => {}
                '#' if matches!(prev, ' ' | '\t' | '\n' | '\r') => in_comment = true,
                '\t' => return Some(tab_error(self.src.char_range(self.src.point(index)))),
                _ => {}
            }
            prev = c;
        }
        None
    }
}

fn duplicate_anchor(name: &str, range: Range, first: Range) -> LoadError {
    error(
        ErrorKind::Syntax,
        range,
        format!(
            "the anchor `&{name}` is already defined at line {}, column {}; PyYAML rejects a second definition",
            first.start.line, first.start.column
        ),
        Some("give each anchor a different name".into()),
        Some(format!("found duplicate anchor {}; first occurrence ... second occurrence", repr_str(name))),
    )
}

fn flow_indicator_error(range: Range, c: char) -> LoadError {
    error(
        ErrorKind::Syntax,
        range,
        format!("`{c}` cannot start an unquoted value inside `[...]` or `{{...}}`"),
        Some("quote the value".into()),
        Some(if c == ':' {
            "expected the node content, but found ':'".to_string()
        } else {
            format!("while scanning for the next token: found character '{c}' that cannot start any token")
        }),
    )
}

fn question_in_flow(range: Range, close: char) -> LoadError {
    error(
        ErrorKind::Syntax,
        range,
        "`?` cannot appear in an unquoted value inside `[...]` or `{...}` (YAML 1.1)".into(),
        Some("quote the value".into()),
        Some(format!("expected ',' or '{close}', but got '?'")),
    )
}

fn tab_error(range: Range) -> LoadError {
    error(
        ErrorKind::Syntax,
        range,
        "a tab character is not allowed here: PyYAML (YAML 1.1) accepts tabs only inside quoted or block text and comments".into(),
        Some("replace the tab with spaces".into()),
        Some("while scanning for the next token: found character '\\t' that cannot start any token".into()),
    )
}
