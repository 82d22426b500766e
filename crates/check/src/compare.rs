//! What two dstack releases make of one configuration: each one's verdict and a line diff of
//! their normalized JSON, pretty-printed (the page's Compare versions view).
//!
//! A line diff of pretty-printed JSON reads like a unified diff: a changed value shows with its
//! neighbours (`"max": 1` → `"max": null` above `"min": 1`), which says more than a bare path.
//! Keys are sorted first, so a field that only moved between releases is no change.

use dstack_core::{Diagnostic, DstackVersion, Json, Report, Severity};

use crate::Options;

/// Unchanged lines kept on each side of a change, as in a unified diff.
pub const CONTEXT: usize = 3;

/// Indentation of the pretty-printed JSON, the same as the JSON panel's.
const INDENT: usize = 2;

/// Largest table the line diff fills (changed lines × changed lines, after the common start and
/// end are set aside); past it the changed middle shows as removed, then added.
const MAX_CELLS: usize = 1_000_000;

/// What one release makes of the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The release.
    pub version: DstackVersion,
    /// Its normalized JSON, when its parser accepts the text.
    pub normalized: Option<Json>,
    /// Its first error, when it rejects the text.
    pub first_error: Option<Diagnostic>,
}

impl Verdict {
    /// The verdict of `version` in its report.
    pub fn of(version: DstackVersion, report: Report) -> Verdict {
        let first_error = report.diagnostics.into_iter().find(|d| d.severity == Severity::Error);
        Verdict { version, normalized: report.normalized, first_error }
    }

    fn pretty(&self) -> String {
        self.normalized.as_ref().map(|json| sorted(json).to_pretty_string(INDENT)).unwrap_or_default()
    }
}

/// `json` with the keys of every object in order.
fn sorted(json: &Json) -> Json {
    match json {
        Json::Object(fields) => {
            let mut fields: Vec<_> = fields.iter().map(|(key, value)| (key.clone(), sorted(value))).collect();
            // The checker's one sort routine: another `sort_by` would add its own copy to the wasm.
            dstack_core::order::sort_by(&mut fields, |(a, _), (b, _)| a.cmp(b));
            Json::Object(fields)
        }
        Json::Array(items) => Json::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// In both.
    Same(String),
    /// Only in the first (the older release).
    Removed(String),
    /// Only in the second (the newer release).
    Added(String),
    /// This many unchanged lines, far from any change, left out.
    Skipped(usize),
}

impl Line {
    /// True for a removed or added line.
    pub fn is_change(&self) -> bool {
        matches!(self, Line::Removed(_) | Line::Added(_))
    }
}

/// Two releases' verdicts on one text and the diff of their normalized JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The first release's verdict.
    pub before: Verdict,
    /// The second release's verdict.
    pub after: Verdict,
    /// The diff from the first's normalized JSON to the second's, keys sorted (a side without
    /// JSON counts as empty), unchanged stretches collapsed to [`CONTEXT`] lines around each change.
    pub lines: Vec<Line>,
}

impl Comparison {
    /// True when both releases give the same normalized JSON (or neither gives any).
    pub fn same_json(&self) -> bool {
        !self.lines.iter().any(Line::is_change)
    }
}

/// Checks `text` under `before` and `after` and compares what they make of it.
pub fn compare(text: &str, before: DstackVersion, after: DstackVersion) -> Comparison {
    let verdict = |version| Verdict::of(version, crate::check(text, &Options::default().with_version(version)).report);
    let (before, after) = (verdict(before), verdict(after));
    let lines = diff_lines(&before.pretty(), &after.pretty(), CONTEXT);
    Comparison { before, after, lines }
}

/// The line diff from `before` to `after`, a longest common subsequence of lines; unchanged
/// lines more than `context` lines away from a change are collapsed into [`Line::Skipped`].
pub fn diff_lines(before: &str, after: &str, context: usize) -> Vec<Line> {
    collapse(edit_script(&lines(before), &lines(after)), context)
}

/// The lines of `text`; none for an empty text.
fn lines(text: &str) -> Vec<&str> {
    if text.is_empty() { Vec::new() } else { text.split('\n').collect() }
}

/// Every line of `a` and `b`, in order, marked same, removed or added.
fn edit_script(a: &[&str], b: &[&str]) -> Vec<Line> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let same = |lines: &[&str]| lines.iter().map(|l| Line::Same(l.to_string())).collect::<Vec<_>>();
    let mut script = same(&a[..prefix]);
    let (n, m) = (mid_a.len(), mid_b.len());
    if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
        script.extend(mid_a.iter().map(|l| Line::Removed(l.to_string())));
        script.extend(mid_b.iter().map(|l| Line::Added(l.to_string())));
    } else {
        // common[i * (m + 1) + j]: the longest common subsequence of mid_a[i..] and mid_b[j..].
        let mut common = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                common[i * (m + 1) + j] = if mid_a[i] == mid_b[j] {
                    common[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    common[(i + 1) * (m + 1) + j].max(common[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && mid_a[i] == mid_b[j] {
                script.push(Line::Same(mid_a[i].to_string()));
                (i, j) = (i + 1, j + 1);
            } else if j == m || (i < n && common[(i + 1) * (m + 1) + j] >= common[i * (m + 1) + j + 1]) {
                // Removals first: a changed line reads old, then new.
                script.push(Line::Removed(mid_a[i].to_string()));
                i += 1;
            } else {
                script.push(Line::Added(mid_b[j].to_string()));
                j += 1;
            }
        }
    }
    script.extend(same(&a[a.len() - suffix..]));
    script
}

/// `script` with the unchanged lines farther than `context` from any change replaced by counts.
fn collapse(script: Vec<Line>, context: usize) -> Vec<Line> {
    let changes: Vec<usize> = script.iter().enumerate().filter(|(_, l)| l.is_change()).map(|(i, _)| i).collect();
    let near = |i: usize| {
        let next = changes.partition_point(|&c| c < i);
        let after = changes.get(next).is_some_and(|&c| c - i <= context);
        let before = next > 0 && i - changes[next - 1] <= context;
        after || before
    };
    let mut out = Vec::new();
    for (i, line) in script.into_iter().enumerate() {
        if line.is_change() || near(i) {
            out.push(line);
        } else if let Some(Line::Skipped(n)) = out.last_mut() {
            *n += 1;
        } else {
            out.push(Line::Skipped(1));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use DstackVersion::{V0_18_37, V0_22_5};

    fn same(s: &str) -> Line {
        Line::Same(s.into())
    }
    fn removed(s: &str) -> Line {
        Line::Removed(s.into())
    }
    fn added(s: &str) -> Line {
        Line::Added(s.into())
    }

    #[test]
    fn equal_texts_collapse_to_one_count() {
        assert_eq!(diff_lines("a\nb\nc", "a\nb\nc", 3), vec![Line::Skipped(3)]);
        assert_eq!(diff_lines("", "", 3), vec![]);
    }

    #[test]
    fn a_changed_line_reads_old_then_new_with_its_context() {
        let before = "1\n2\n3\n4\nmax: 1\n5\n6\n7\n8";
        let after = "1\n2\n3\n4\nmax: null\n5\n6\n7\n8";
        assert_eq!(
            diff_lines(before, after, 2),
            vec![
                Line::Skipped(2),
                same("3"),
                same("4"),
                removed("max: 1"),
                added("max: null"),
                same("5"),
                same("6"),
                Line::Skipped(2),
            ]
        );
    }

    #[test]
    fn insertions_and_deletions_keep_the_common_lines() {
        assert_eq!(
            diff_lines("a\nb\nc\nd", "a\nc\nx\nd\ne", 1),
            vec![same("a"), removed("b"), same("c"), added("x"), same("d"), added("e")]
        );
    }

    #[test]
    fn a_missing_side_is_all_added_or_all_removed() {
        assert_eq!(diff_lines("", "a\nb", 3), vec![added("a"), added("b")]);
        assert_eq!(diff_lines("a\nb", "", 0), vec![removed("a"), removed("b")]);
    }

    #[test]
    fn changes_close_together_share_their_context() {
        let before = "a\nx\nb\nc\ny\nd";
        let after = "a\nX\nb\nc\nY\nd";
        assert_eq!(
            diff_lines(before, after, 1),
            vec![same("a"), removed("x"), added("X"), same("b"), same("c"), removed("y"), added("Y"), same("d")]
        );
    }

    #[test]
    fn a_bare_gpu_name_means_one_gpu_then_one_or_more() {
        let c = compare("type: task\ncommands: [nvidia-smi]\nresources:\n  gpu: A100\n", V0_18_37, V0_22_5);
        assert_eq!((c.before.version, c.after.version), (V0_18_37, V0_22_5));
        assert_eq!((c.before.first_error.as_ref(), c.after.first_error.as_ref()), (None, None));
        let at = c.lines.iter().position(|l| *l == removed(r#"        "max": 1,"#)).expect("the GPU count's max");
        assert_eq!(
            c.lines[at - 1..at + 4],
            [
                same(r#"      "count": {"#),
                removed(r#"        "max": 1,"#),
                added(r#"        "max": null,"#),
                same(r#"        "min": 1"#),
                same("      },"),
            ]
        );
    }

    #[test]
    fn a_field_one_release_rejects_shows_its_first_error_and_the_others_json() {
        let c = compare("type: task\ncommands: [ls]\nfiles: [a.txt]\n", V0_18_37, V0_22_5);
        let error = c.before.first_error.expect("0.18.37 has no `files`");
        assert_eq!((error.code, error.path.as_str()), ("E102", "files"));
        assert_eq!(c.before.normalized, None);
        assert_eq!(c.after.first_error, None);
        assert!(c.lines.iter().all(|l| matches!(l, Line::Added(_))));
        assert_eq!(c.lines.first(), Some(&added("{")));
    }
}
