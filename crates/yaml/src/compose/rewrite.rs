//! Where saphyr stops at text PyYAML reads, the edit that makes saphyr read it too: PyYAML ignores
//! indentation inside `[...]`, `{...}` and quotes, reads `:` before `[` or `{` in a flow mapping
//! as a value indicator, starts a comment at a `#` right after `]`, `}` or a quote (a space makes
//! saphyr agree), and reads a lone `-` in a flow collection as text (a stand-in character does).

use saphyr_parser::ScanError;

use crate::position::Position;

use super::Builder;

/// An edit of the text saphyr read.
pub(crate) enum Rewrite {
    /// A space before the character at `index`, which is at `at` in the text saphyr read.
    Space { index: usize, at: Position },
    /// A stand-in for the lone `-` at `index`.
    Dash { index: usize },
}

impl Builder<'_, '_> {
    /// The space that lets saphyr read on past `e`, if PyYAML reads the text there.
    pub(super) fn rewrite(&self, e: &ScanError) -> Option<Rewrite> {
        let m = e.marker();
        let line_start = m.index() - m.col();
        let index = match e.info() {
            "plain scalar cannot start with '-' followed by ,[]{}" => return Some(Rewrite::Dash { index: m.index() }),
            i if i.starts_with("':' may not precede any of") => m.index() + 1,
            "comments must be separated from other tokens by whitespace" => m.index(),
            "invalid indentation in flow construct" => self.indentable(line_start)?,
            "invalid indentation" if self.inside_brackets(m.index()) => self.indentable(line_start)?,
            // saphyr points at the opening quote.
            "invalid indentation in quoted scalar" => self.shallow_line(m.index(), m.col())?,
            _ => return None,
        };
        Some(Rewrite::Space { index, at: self.src.spaced_position(index) })
    }

    /// The first continuation line of the quoted scalar opened at `open` indented less than
    /// `column` (where the scalar starts), which saphyr wants indented further.
    fn shallow_line(&self, open: usize, column: usize) -> Option<usize> {
        let end = self.quoted_end(open, self.src.chars);
        let mut index = open;
        let mut chars = self.src.rest(open).chars().peekable();
        while index < end {
            let c = chars.next()?;
            index += 1;
            if matches!(c, '\n' | '\r') && !(c == '\r' && chars.peek() == Some(&'\n')) {
                let indent = self.src.rest(index).chars().take_while(|c| *c == ' ').count();
                if indent < column {
                    return self.indentable(index);
                }
            }
        }
        None
    }

    /// `start` if the line starting there may be indented further without changing what PyYAML
    /// reads: it is not a document marker, which PyYAML sees only at the start of a line.
    fn indentable(&self, start: usize) -> Option<usize> {
        let line = self.src.rest(start).trim_start_matches(' ');
        let marker = line.starts_with("---") || line.starts_with("...");
        (!(marker && line.chars().nth(3).is_none_or(char::is_whitespace))).then_some(start)
    }
}
