//! The code frame under a diagnostic header: numbered source lines with carets under the range.

use dstack_core::{Position, Range};

use super::paint::Paint;
use super::width::{TAB_WIDTH, char_width};

/// Ranges spanning more lines show the first and last [`EDGE_LINES`] lines around a `...` line.
const MAX_LINES: u32 = 4;
const EDGE_LINES: u32 = 2;

/// Width of the line-number column of the frame for `range`.
pub(crate) fn gutter_width(lines: &[&str], range: Range) -> usize {
    digits(clamp(range, lines.len(), |n| line_at(lines, n)).1.line)
}

/// How many decimal digits `n` has.
fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Appends the frame lines for `range` in the source split by [`split_lines`] to `out`, each
/// after a newline; `marker` paints the carets.
pub(crate) fn frame(out: &mut String, lines: &[&str], range: Range, marker: &Paint) {
    let text_of = |n: u32| line_at(lines, n);
    let (start, end) = clamp(range, lines.len(), text_of);

    // The first and last lines, with a `...` line between when there are too many.
    let skipped = if end.line - start.line < MAX_LINES { None } else { Some(start.line + EDGE_LINES) };
    let gutter = digits(end.line);
    let blue = Paint::gutter(marker.enabled());
    let spaces = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));

    out.push('\n');
    spaces(out, gutter + 1);
    blue.push(out, "|");
    let mut number = start.line;
    while number <= end.line {
        if Some(number) == skipped {
            out.push('\n');
            blue.push(out, "...");
            number = end.line + 1 - EDGE_LINES;
            continue;
        }
        let text = text_of(number);
        let mut label = String::with_capacity(gutter + 2);
        label.extend(std::iter::repeat_n(' ', gutter - digits(number)));
        dstack_core::json::write_python_int(&mut label, number.into());
        label.push_str(" |");
        out.push('\n');
        blue.push(out, &label);
        if !text.is_empty() {
            out.push(' ');
            push_expanded(out, text);
        }

        let from = if number == start.line { start.column } else { first_non_blank(text) };
        let to = if number == end.line { end.column } else { char_count(text) + 1 };
        if number != start.line && number != end.line && text.trim().is_empty() {
            number += 1;
            continue;
        }
        let (pad, len) =
            (display_width(text, 1, from), display_width(text, from, to.max(from.saturating_add(1))).max(1));
        out.push('\n');
        spaces(out, gutter + 1);
        blue.push(out, "|");
        spaces(out, pad + 1);
        marker.push(out, &"^".repeat(len));
        number += 1;
    }
}

pub(crate) fn split_lines(source: &str) -> Vec<&str> {
    dstack_core::yaml::lines(source)
}

/// Text of 1-based line `n`, empty past the end.
fn line_at<'a>(lines: &[&'a str], n: u32) -> &'a str {
    (n as usize).checked_sub(1).and_then(|i| lines.get(i)).copied().unwrap_or("")
}

/// Puts the range inside the text: 1-based, within the existing lines, columns at most one past
/// the end of their line, start before end; a range that ends at the very start of a line ends
/// instead after the previous line (the newline is not worth a caret line).
fn clamp<'a>(range: Range, line_count: usize, line_at: impl Fn(u32) -> &'a str) -> (Position, Position) {
    let last_line = u32::try_from(line_count).unwrap_or(u32::MAX).max(1);
    let inside = |p: Position| {
        let line = p.line.clamp(1, last_line);
        Position { line, column: p.column.clamp(1, char_count(line_at(line)) + 1) }
    };
    let start = inside(range.start);
    let mut end = inside(range.end);
    if end.line > start.line && end.column == 1 {
        end.line -= 1;
        end.column = char_count(line_at(end.line)) + 1;
    }
    if end < start {
        end = start;
    }
    (start, end)
}

fn char_count(text: &str) -> u32 {
    text.chars().count() as u32
}

fn first_non_blank(text: &str) -> u32 {
    text.chars().position(|c| !c.is_whitespace()).map_or(1, |i| i as u32 + 1)
}

/// Display columns of the characters at 1-based columns `[from, to)`; columns past the end of
/// the line (the newline, the end of file) count one each.
fn display_width(text: &str, from: u32, to: u32) -> usize {
    let mut chars = text.chars().skip(from as usize - 1);
    (from..to).map(|_| chars.next().map_or(1, char_width)).sum()
}

/// Appends `text` with each tab as [`TAB_WIDTH`] spaces.
fn push_expanded(out: &mut String, text: &str) {
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            out.extend(std::iter::repeat_n(' ', TAB_WIDTH));
        }
        out.push_str(part);
    }
}
