//! Quick fixes: text edits that resolve a diagnostic, and applying them to the source.
//!
//! An edit's range is a [`Range`] of the source, in the same line and column terms as every
//! diagnostic's range, so editors place both the same way.

use serde::Serialize;

use std::collections::BTreeMap;
use std::ops::Bound;

use crate::diagnostic::{Diagnostic, Position, Range};
use crate::yaml::LineIndex;

/// Replace the text of `range` by `text` (an empty range inserts, an empty text deletes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The source text replaced.
    #[serde(flatten)]
    pub range: Range,
    /// What replaces it.
    pub text: String,
}

/// One safe fix of a diagnostic: a title for a menu, and the edits that make it (applied
/// together, their ranges never overlapping).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, e.g. ``Rename to `commands` ``.
    pub title: String,
    /// The edits, in source order.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one edit.
    pub fn new(title: impl Into<String>, range: Range, text: impl Into<String>) -> Fix {
        Fix { title: title.into(), edits: vec![Edit { range, text: text.into() }] }
    }
}

/// `text` with `edits` made (source order, not overlapping); `None` when two overlap.
pub fn apply(text: &str, edits: &[&Edit]) -> Option<String> {
    let index = LineIndex::new(text);
    let mut sorted: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (index.offset(text, e.range.start), index.offset(text, e.range.end), e.text.as_str()))
        .collect();
    crate::order::sort_by_key(&mut sorted, |(start, end, _)| (*start, *end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, new) in sorted {
        if start < at || end < start {
            return None;
        }
        out.push_str(text.get(at..start)?);
        out.push_str(new);
        at = end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// `text` with the first fix of every diagnostic made, skipping a fix whose edits overlap one
/// already taken (the next round gets it), and the indices of the diagnostics fixed.
pub fn apply_first_fixes(text: &str, diagnostics: &[Diagnostic]) -> (String, Vec<usize>) {
    // The edits taken so far, disjoint, by (start, end): an overlap is with a neighbour.
    let mut taken: BTreeMap<(Position, Position), &Edit> = BTreeMap::new();
    let mut fixed = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let Some(fix) = d.fixes.first() else { continue };
        let free = |e: &Edit| {
            let key = (e.range.start, e.range.end);
            let before = taken.range(..=key).next_back();
            let after = taken.range((Bound::Excluded(key), Bound::Unbounded)).next();
            before.into_iter().chain(after).all(|(_, t)| !overlaps(e.range, t.range))
        };
        if fix.edits.iter().all(free)
            && !fix.edits.iter().enumerate().any(|(k, e)| fix.edits[..k].iter().any(|f| overlaps(e.range, f.range)))
        {
            taken.extend(fix.edits.iter().map(|e| ((e.range.start, e.range.end), e)));
            fixed.push(i);
        }
    }
    let edits: Vec<&Edit> = taken.into_values().collect();
    match apply(text, &edits) {
        Some(new) => (new, fixed),
        None => (text.to_string(), Vec::new()),
    }
}

/// At most this many rounds of fixes: a fix may reveal a problem with a fix of its own (a
/// renamed key's value is checked under its new name), and a bound keeps a cycle finite.
pub const MAX_ROUNDS: usize = 10;

/// `text` with every fix made, round after round until none applies (at most [`MAX_ROUNDS`]),
/// and how many fixes were made.
pub fn fix_all(text: &str, options: &crate::Options) -> (String, usize) {
    let options = crate::Options { effective: false, version: options.version };
    let mut text = text.to_string();
    let mut total = 0;
    for _ in 0..MAX_ROUNDS {
        let report = crate::check(&text, &options);
        let (fixed, done) = apply_first_fixes(&text, &report.diagnostics);
        if done.is_empty() || fixed == text {
            break;
        }
        text = fixed;
        total += done.len();
    }
    (text, total)
}

/// True when two ranges share a character, or are the same insertion point.
pub fn overlaps(a: Range, b: Range) -> bool {
    (a.start < b.end && b.start < a.end) || a == b || touches_empty(a, b) || touches_empty(b, a)
}

/// An insertion strictly inside a replaced range conflicts with it.
fn touches_empty(point: Range, range: Range) -> bool {
    point.start == point.end && range.start < point.start && point.start < range.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> Edit {
        Edit { range: Range::new(sl, sc, el, ec), text: text.into() }
    }

    #[test]
    fn edits_apply_in_source_order_by_characters() {
        let text = "é: on\r\nb: 1\n";
        let a = edit(1, 4, 1, 6, "\"on\"");
        let b = edit(2, 1, 2, 2, "c");
        assert_eq!(apply(text, &[&b, &a]).as_deref(), Some("é: \"on\"\r\nc: 1\n"));
        assert_eq!(apply(text, &[&a, &edit(1, 5, 1, 5, "x")]), None);
        assert_eq!(apply(text, &[&edit(3, 1, 3, 1, "d: 2\n")]).as_deref(), Some("é: on\r\nb: 1\nd: 2\n"));
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let d = |fix: Fix| Diagnostic::warning(crate::Stage::Yaml, "W001", "x").fix(fix);
        let diagnostics = [
            d(Fix::new("a", Range::new(1, 1, 1, 3), "xy")),
            d(Fix::new("b", Range::new(1, 2, 1, 4), "z")),
            d(Fix::new("c", Range::new(2, 1, 2, 1), "w")),
        ];
        assert_eq!(apply_first_fixes("abcd\n", &diagnostics), ("xycd\nw".to_string(), vec![0, 2]));
    }

    #[test]
    fn every_fix_is_made_round_after_round() {
        let text = "type: task\nimage: x\ncomands: [a]\nenv: {A: on}\nenv: {A: off}\n";
        assert_eq!(
            fix_all(text, &crate::Options::default()),
            ("type: task\nimage: x\ncommands: [a]\nenv: {A: \"off\"}\n".to_string(), 3)
        );
    }

    #[test]
    fn ranges_overlap_or_not() {
        assert!(overlaps(Range::new(1, 1, 1, 3), Range::new(1, 2, 1, 4)));
        assert!(!overlaps(Range::new(1, 1, 1, 3), Range::new(1, 3, 1, 4)));
        assert!(overlaps(Range::new(1, 2, 1, 2), Range::new(1, 1, 1, 3)));
        assert!(!overlaps(Range::new(1, 3, 1, 3), Range::new(1, 1, 1, 3)));
    }
}
