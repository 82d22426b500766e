//! `--diff`: a unified diff of two texts by lines, with three lines of context (what `diff -u`
//! and `git diff` print), small enough not to need a crate.

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// Above this many line pairs, the changed middle is shown as replaced whole instead of matched
/// line by line: the table would be too large, and fixes touch few lines anyway.
const MAX_TABLE: usize = 4_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same,
    Delete,
    Insert,
}

/// The unified diff of `old` into `new`, labelled `old_name` and `new_name`; empty when equal.
pub fn unified(old_name: &str, new_name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = script(&a, &b);
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    // (index in ops, line in a, line in b) of every op.
    let mut at = Vec::with_capacity(ops.len());
    let (mut i, mut j) = (0, 0);
    for op in &ops {
        at.push((i, j));
        match op {
            Op::Same => (i, j) = (i + 1, j + 1),
            Op::Delete => i += 1,
            Op::Insert => j += 1,
        }
    }
    let changed: Vec<usize> = (0..ops.len()).filter(|k| ops[*k] != Op::Same).collect();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k + 1 < changed.len() && changed[k + 1] - end <= 2 * CONTEXT {
            k += 1;
            end = changed[k];
        }
        let end = (end + 1 + CONTEXT).min(ops.len());
        let count = |op: Op| ops[start..end].iter().filter(|o| **o == Op::Same || **o == op).count();
        let (old_count, new_count) = (count(Op::Delete), count(Op::Insert));
        let (first_old, first_new) = at[start];
        let first = |line: usize, count: usize| if count == 0 { line } else { line + 1 };
        out.push_str(&format!(
            "@@ -{},{old_count} +{},{new_count} @@\n",
            first(first_old, old_count),
            first(first_new, new_count)
        ));
        for (op, (i, j)) in ops[start..end].iter().zip(&at[start..end]) {
            let (mark, line) = match op {
                Op::Same => (' ', a[*i]),
                Op::Delete => ('-', a[*i]),
                Op::Insert => ('+', b[*j]),
            };
            out.push(mark);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
        k += 1;
    }
    out
}

/// The edit script: equal prefix and suffix, and a longest common subsequence between.
fn script(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops = vec![Op::Same; prefix];
    if a_mid.len().saturating_mul(b_mid.len()) > MAX_TABLE {
        ops.extend(std::iter::repeat_n(Op::Delete, a_mid.len()));
        ops.extend(std::iter::repeat_n(Op::Insert, b_mid.len()));
    } else {
        ops.extend(lcs(a_mid, b_mid));
    }
    ops.extend(std::iter::repeat_n(Op::Same, suffix));
    ops
}

/// The script of a longest common subsequence, deletions before insertions.
fn lcs(a: &[&str], b: &[&str]) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    // longest[i][j]: the LCS length of a[i..] and b[j..].
    let mut longest = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            longest[i * (m + 1) + j] = if a[i] == b[j] {
                longest[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                longest[(i + 1) * (m + 1) + j].max(longest[i * (m + 1) + j + 1])
            };
        }
    }
    let mut ops = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push(Op::Same);
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || longest[(i + 1) * (m + 1) + j] >= longest[i * (m + 1) + j + 1]) {
            ops.push(Op::Delete);
            i += 1;
        } else {
            ops.push(Op::Insert);
            j += 1;
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a", "b", "x\n", "x\n"), "");
    }

    #[test]
    fn one_changed_line_with_context() {
        let old = "1\n2\n3\n4\ncomands: [a]\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\ncommands: [a]\n6\n7\n8\n9\n";
        assert_eq!(
            unified("t.yml", "t.yml", old, new),
            "--- t.yml\n+++ t.yml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-comands: [a]\n+commands: [a]\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn distant_changes_make_two_hunks_and_a_missing_newline_is_marked() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk";
        let new = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl";
        assert_eq!(
            unified("o", "n", old, new),
            concat!(
                "--- o\n+++ n\n@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n",
                "@@ -8,4 +8,5 @@\n h\n i\n j\n-k\n\\ No newline at end of file\n+k\n+l\n\\ No newline at end of file\n"
            )
        );
    }

    #[test]
    fn inserted_and_deleted_lines() {
        assert_eq!(unified("o", "n", "", "a\n"), "--- o\n+++ n\n@@ -0,0 +1,1 @@\n+a\n");
        assert_eq!(unified("o", "n", "a\nb\n", "b\n"), "--- o\n+++ n\n@@ -1,2 +1,1 @@\n-a\n b\n");
    }
}
