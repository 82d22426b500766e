//! Which diagnostics get a quick fix, and the fix's edits, computed from the source text and the
//! loaded tree: rename a near-miss or renamed key, quote a YAML 1.1 trap, drop the first of two
//! equal keys, move a key written at the top level under the mapping it belongs to.
//!
//! A fix is offered only when it is the one safe change: it never touches text that an alias or
//! merge key repeats elsewhere, never renames a key onto a key the mapping already has, and an
//! edit that moves or deletes lines must leave a text that still loads.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::codes;
use crate::diagnostic::{Diagnostic, Position, Range, Severity};
use crate::fix::{Edit, Fix};
use crate::model::ConfigType;
use crate::model::belongs_under;
use crate::version::DstackVersion;
use crate::yaml::{DuplicateKey, LoadLimits, Node, ScalarStyle, Value, lines, load};

/// Removed fields whose successor takes the same value, written the same way.
const SUCCESSORS: [(&str, &str); 1] = [("termination_idle_time", "idle_duration")];

/// The field that replaced `key` when that is a pure rename.
pub(crate) fn successor(key: &str) -> Option<&'static str> {
    SUCCESSORS.iter().find(|(old, _)| *old == key).map(|(_, new)| *new)
}

/// Renames the key `key` to `to`, quoted as the key is.
pub(crate) fn rename_key(key: &Node, to: &str) -> Fix {
    let text = match key.style() {
        Some(ScalarStyle::DoubleQuoted) => format!("\"{to}\""),
        Some(ScalarStyle::SingleQuoted) => format!("'{to}'"),
        _ => to.to_string(),
    };
    Fix::new(format!("Rename to `{to}`"), key.span, text)
}

/// W015's fix: keep only the last of the two entries, the one dstack reads, where dstack reads
/// it: the first is deleted, or (inside a mapping whose order matters, like `env`) replaced by the
/// last, which PyYAML keeps at the first key's place.
pub(crate) fn keep_last(text: &str, lines: &[&str], dup: &DuplicateKey) -> Option<Fix> {
    let (first, first_end) = entry_lines(lines, dup.first.start)?;
    let (last, last_end) = entry_lines(lines, dup.range.start)?;
    let key = dup.path.rsplit('.').next().unwrap_or(&dup.path);
    let title = format!("Remove the first `{key}` (line {}), which dstack ignores", dup.first.start.line);
    let between = lines.get(first_end..last - 1).unwrap_or_default();
    let adjacent = between.iter().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    let edits = if adjacent || !dup.path.contains(['.', '[']) {
        vec![Edit { range: whole_lines(first, first_end), text: String::new() }]
    } else {
        let eol = line_ending(text);
        let moved: String = lines.get(last - 1..last_end)?.iter().map(|l| format!("{l}{eol}")).collect();
        vec![
            Edit { range: whole_lines(first, first_end), text: moved },
            Edit { range: whole_lines(last, last_end), text: String::new() },
        ]
    };
    let fix = Fix { title, edits };
    loads_after(text, &fix).then_some(fix)
}

/// Attaches the fixes that need the whole text and tree, and withdraws the unsafe ones; `ty` is
/// the configuration's type, once validation has read it.
pub(crate) fn attach(
    text: &str,
    root: &Node,
    ty: Option<ConfigType>,
    version: DstackVersion,
    diagnostics: &mut [Diagnostic],
) {
    let mut checked = 0;
    let mut source_lines: Option<Vec<&str>> = None;
    for d in diagnostics.iter_mut() {
        match d.code {
            codes::YAML11_BOOLEAN | codes::YAML11_SEXAGESIMAL | codes::YAML11_NUMBER => {
                let all = source_lines.get_or_insert_with(|| lines(text));
                d.fixes.extend(quote(all, d.range));
            }
            codes::TPU_PREFIX => {
                let all = source_lines.get_or_insert_with(|| lines(text));
                d.fixes.extend(drop_tpu_prefix(all, d.range));
            }
            codes::DEPRECATED_FIELD => {
                if let Some(to) = successor(&d.path) {
                    d.fixes.push(Fix::new(format!("Rename to `{to}`"), d.range, to));
                }
            }
            codes::UNKNOWN_FIELD if d.fixes.is_empty() && !d.path.contains(['.', '[']) => {
                // Each move is checked by loading the text again: a bounded number per document.
                if checked < MAX_CHECKED_MOVES
                    && let Some(parent) = ty.and_then(|ty| belongs_under(&d.path, ty))
                {
                    checked += 1;
                    d.fixes.extend(move_under(text, root, &d.path, d.range, parent));
                }
            }
            _ => {}
        }
    }
    if diagnostics.iter().any(|d| !d.fixes.is_empty()) {
        withdraw_unsafe(root, diagnostics);
        withdraw_rejected(text, version, diagnostics);
    }
}

/// True for the fixes that change a value dstack reads (a quote, a successor's name): only safe
/// when the release accepts the new value.
fn changes_a_value(d: &Diagnostic) -> bool {
    matches!(d.code, codes::YAML11_BOOLEAN | codes::YAML11_SEXAGESIMAL | codes::YAML11_NUMBER | codes::DEPRECATED_FIELD)
}

/// Withdraws the value-changing fixes after which the release reports an error at a field where
/// it reported none: the number was what the field takes (`nodes: 0x10`, `max_duration: 1:30`).
fn withdraw_rejected(text: &str, version: DstackVersion, diagnostics: &mut [Diagnostic]) {
    let candidates: Vec<usize> = (0..diagnostics.len())
        .filter(|i| changes_a_value(&diagnostics[*i]) && !diagnostics[*i].fixes.is_empty())
        .collect();
    if candidates.is_empty() {
        return;
    }
    let edits: Vec<&Edit> = candidates.iter().flat_map(|i| &diagnostics[*i].fixes[0].edits).collect();
    let Some(root) = crate::fix::apply(text, &edits).and_then(|fixed| load(&fixed, &LoadLimits::default()).ok()) else {
        for i in candidates {
            diagnostics[i].fixes.clear();
        }
        return;
    };
    let before: HashSet<&str> =
        diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.path.as_str()).collect();
    let after = crate::model::rejections(&root, version);
    let new_errors: HashSet<&str> = after
        .iter()
        .filter(|d| d.severity == Severity::Error && !before.contains(d.path.as_str()))
        .map(|d| d.path.as_str())
        .collect();
    // A new error at a fixed field, inside it, or at a field that holds it withdraws the fix.
    let inside: HashSet<&str> = new_errors.iter().flat_map(|e| ancestors(e)).collect();
    let collect: Vec<usize> = candidates
        .into_iter()
        .filter(|i| {
            fixed_paths(&diagnostics[*i]).iter().any(|f| {
                inside.contains(f.as_str()) || ancestors(f).any(|a| new_errors.contains(a)) || new_errors.contains("")
            })
        })
        .collect();
    for i in collect {
        diagnostics[i].fixes.clear();
    }
}

/// A path and every path that holds it: `a.b[0]`, `a.b`, `a`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    let cuts = path.char_indices().filter(|(_, c)| *c == '.' || *c == '[').map(|(i, _)| i);
    std::iter::once(path).chain(cuts.map(|i| &path[..i]))
}

/// The paths a value-changing fix touches: the field, and a successor's name.
fn fixed_paths(d: &Diagnostic) -> Vec<String> {
    match successor(&d.path) {
        Some(to) => vec![d.path.clone(), to.to_string()],
        None => vec![d.path.clone()],
    }
}

/// The longest scalar a fix quotes.
const MAX_QUOTED: usize = 64;

/// How many moves (and removals of repeated keys) of one document are checked, by loading the
/// fixed text, and offered at most: each check reads the whole text again.
pub(crate) const MAX_CHECKED_MOVES: usize = 16;

/// W015's fixes of a document's repeated keys, the first [`MAX_CHECKED_MOVES`] of them.
pub(crate) fn keep_last_all(text: &str, dups: &[DuplicateKey]) -> Vec<Option<Fix>> {
    if dups.is_empty() {
        return Vec::new();
    }
    let lines = lines(text);
    dups.iter()
        .enumerate()
        .map(|(i, dup)| (i < MAX_CHECKED_MOVES).then(|| keep_last(text, &lines, dup)).flatten())
        .collect()
}

/// The source text of a range on one line.
fn written(lines: &[&str], range: Range) -> Option<String> {
    if range.start.line != range.end.line || range.end.column < range.start.column {
        return None;
    }
    let line = lines.get((range.start.line as usize).checked_sub(1)?)?;
    let skip = (range.start.column as usize).saturating_sub(1);
    Some(line.chars().skip(skip).take((range.end.column - range.start.column) as usize).collect())
}

/// W011's fix: the `tpu-` prefix deleted, as dstack deletes it.
fn drop_tpu_prefix(lines: &[&str], range: Range) -> Option<Fix> {
    let written = written(lines, range)?;
    let at = written.find("tpu-").filter(|_| written.matches("tpu-").count() == 1)?;
    let start = Position { line: range.start.line, column: range.start.column + written[..at].chars().count() as u32 };
    let end = Position { column: start.column + 4, ..start };
    Some(Fix::new("Remove the deprecated `tpu-` prefix", Range { start, end }, ""))
}

/// The misspelled scalar `node` replaced by `meant`, quoted as it was; none for a scalar over
/// several lines or in a block style.
pub(crate) fn change_value(node: &Node, meant: &str) -> Option<Fix> {
    if node.span.start.line != node.span.end.line {
        return None;
    }
    let text = match node.style()? {
        ScalarStyle::Plain => meant.to_string(),
        ScalarStyle::DoubleQuoted => format!("\"{meant}\""),
        ScalarStyle::SingleQuoted => format!("'{meant}'"),
        _ => return None,
    };
    Some(Fix::new(format!("Change to `{meant}`"), node.span, text))
}

/// `"…"` around a plain scalar on one line, which then reads as the text written.
fn quote(lines: &[&str], range: Range) -> Option<Fix> {
    let written = written(lines, range)?;
    // A long number is no typo of a text: no fix (and no second reading of hostile input).
    let plain = !written.is_empty()
        && written.len() <= MAX_QUOTED
        && !written.contains(['"', '\\', '\'', '#'])
        && !written.starts_with(' ');
    plain.then(|| Fix::new(format!("Quote `{written}` as text"), range, format!("\"{written}\"")))
}

/// Moves the top-level entry of `key` (written at `range`) into the block mapping `parent`,
/// creating `parent:` where it is missing.
fn move_under(text: &str, root: &Node, key: &str, range: Range, parent: &str) -> Option<Fix> {
    let lines = lines(text);
    let (first, last) = entry_lines(&lines, range.start)?;
    let eol = line_ending(text);
    let indent = range.start.column as usize - 1;
    let block = |by: usize| -> String {
        lines[first - 1..last]
            .iter()
            .map(|l| if l.trim().is_empty() { format!("{l}{eol}") } else { format!("{}{l}{eol}", " ".repeat(by)) })
            .collect()
    };
    let title = format!("Move `{key}` under `{parent}`");
    let edits = match root.get(parent) {
        None => {
            let moved = format!("{}{parent}:{eol}{}", " ".repeat(indent), block(2));
            vec![Edit { range: whole_lines(first, last), text: moved }]
        }
        Some((parent_key, Node { data, .. })) => {
            let Value::Map(children) = &data.value else { return None };
            let (child, _) = children.first()?;
            let parent_line = parent_key.span.start.line as usize;
            let column = child.span.start.column as usize;
            let is_block = child.span.start.line as usize > parent_line && column > indent + 1;
            if !is_block || children.iter().any(|(k, _)| matches!(k.value(), Value::Str(s) if s == key)) {
                return None;
            }
            let at = Position { line: parent_line as u32 + 1, column: 1 };
            let insert = Edit { range: Range { start: at, end: at }, text: block(column - 1 - indent) };
            let delete = Edit { range: whole_lines(first, last), text: String::new() };
            if parent_line < first { vec![insert, delete] } else { vec![delete, insert] }
        }
    };
    let fix = Fix { title, edits };
    loads_after(text, &fix).then_some(fix)
}

/// The first and last line (1-based) of the block entry whose key starts at `key`: the key's
/// line, then every line indented deeper (or a `-` item at the key's indentation), blank and
/// comment lines included only between them. `None` when the key does not start its line.
fn entry_lines(lines: &[&str], key: Position) -> Option<(usize, usize)> {
    let first = key.line as usize;
    let indent = key.column as usize - 1;
    let line = lines.get(first - 1)?;
    if line.chars().take(indent).any(|c| c != ' ') {
        return None;
    }
    let mut last = first;
    for (i, l) in lines.iter().enumerate().skip(first) {
        let content = l.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let depth = l.len() - content.len();
        let item = depth == indent && (content == "-" || content.starts_with("- "));
        if depth <= indent && !item {
            break;
        }
        last = i + 1;
    }
    Some((first, last))
}

/// The range of lines `first..=last`, with the last line's break.
fn whole_lines(first: usize, last: usize) -> Range {
    Range::new(first as u32, 1, last as u32 + 1, 1)
}

/// The text's first line break, for lines the fixes write.
fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// True when the text with `fix` made still loads.
fn loads_after(text: &str, fix: &Fix) -> bool {
    let edits: Vec<&Edit> = fix.edits.iter().collect();
    crate::fix::apply(text, &edits).is_some_and(|fixed| load(&fixed, &LoadLimits::default()).is_ok())
}

/// Withdraws every fix that edits text an alias or merge key repeats, and every rename onto a
/// key its mapping already has.
fn withdraw_unsafe(root: &Node, diagnostics: &mut [Diagnostic]) {
    let renames: HashMap<Range, &str> = diagnostics
        .iter()
        .flat_map(|d| &d.fixes)
        .filter(|f| f.title.starts_with("Rename to"))
        .flat_map(|f| &f.edits)
        .map(|e| (e.range, e.text.trim_matches(['"', '\''])))
        .collect();
    let mut shared: Vec<Range> = Vec::new();
    let mut taken: HashSet<Range> = HashSet::new();
    let mut seen = HashSet::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        // Content no other node holds (no alias or merge key repeats it) is reached once: only
        // the rest is noted as seen.
        if node.span != node.data.span || (Rc::strong_count(&node.data) > 1 && !seen.insert(Rc::as_ptr(&node.data))) {
            shared.push(node.data.span);
            continue;
        }
        match node.value() {
            Value::Map(entries) => {
                for (k, v) in entries {
                    if let Some(to) = renames.get(&k.span)
                        && node.get(to).is_some()
                    {
                        taken.insert(k.span);
                    }
                    stack.push(k);
                    stack.push(v);
                }
            }
            Value::Seq(items) | Value::Set(items) => stack.extend(items),
            _ => {}
        }
    }
    // Shared text as disjoint ranges in order, to look each edit up by binary search.
    crate::order::sort(&mut shared);
    let mut merged: Vec<Range> = Vec::with_capacity(shared.len());
    for r in shared {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let in_shared = |e: Range| {
        let i = merged.partition_point(|s| s.end < e.start);
        merged.get(i).is_some_and(|s| crate::fix::overlaps(*s, e))
    };
    for d in diagnostics.iter_mut() {
        d.fixes.retain(|f| f.edits.iter().all(|e| !taken.contains(&e.range) && !in_shared(e.range)));
    }
}

#[cfg(test)]
mod tests {
    use crate::{Options, check};

    /// The titles and the fixed text of the first fix of each diagnostic of `text`.
    fn fixed(text: &str) -> (Vec<String>, String) {
        let report = check(text, &Options::default());
        let titles = report.diagnostics.iter().flat_map(|d| &d.fixes).map(|f| f.title.clone()).collect();
        (titles, crate::fix::apply_first_fixes(text, &report.diagnostics).0)
    }

    #[test]
    fn a_near_miss_key_is_renamed_as_it_is_quoted() {
        assert_eq!(
            fixed("type: task\nimage: x\ncomands: [echo]\n\"resorces\": {gpu: 1}\n"),
            (
                vec!["Rename to `commands`".to_string(), "Rename to `resources`".to_string()],
                "type: task\nimage: x\ncommands: [echo]\n\"resources\": {gpu: 1}\n".to_string()
            )
        );
    }

    #[test]
    fn no_rename_onto_a_key_that_is_there() {
        assert_eq!(fixed("type: task\ncommands: [a]\ncommand: [b]\n").0, Vec::<String>::new());
    }

    #[test]
    fn no_fix_of_text_an_alias_repeats() {
        let text = "type: task\ncommands: [a]\nx: &r {cpu: 2, memroy: 8}\nresources: *r\n";
        assert!(fixed(text).0.iter().all(|t| !t.contains("memory")), "{:?}", fixed(text));
    }

    #[test]
    fn yaml11_traps_are_quoted() {
        assert_eq!(
            fixed("type: task\ncommands: [a]\nports: [22:22]\nenv:\n  DEBUG: on # keep\npython: 3.10\r\n"),
            (
                vec![
                    "Quote `22:22` as text".to_string(),
                    "Quote `on` as text".to_string(),
                    "Quote `3.10` as text".to_string()
                ],
                "type: task\ncommands: [a]\nports: [\"22:22\"]\nenv:\n  DEBUG: \"on\" # keep\npython: \"3.10\"\r\n"
                    .to_string()
            )
        );
    }

    #[test]
    fn the_first_of_two_equal_keys_goes() {
        let text = "type: task\r\nenv:\r\n  - A=1\r\n  # two\r\n  - B=2\r\ncommands: [a]\r\nenv: [C=3]\r\n";
        assert_eq!(
            fixed(text),
            (
                vec!["Remove the first `env` (line 2), which dstack ignores".to_string()],
                "type: task\r\ncommands: [a]\r\nenv: [C=3]\r\n".to_string()
            )
        );
    }

    #[test]
    fn the_last_of_two_equal_keys_takes_the_first_place_where_order_matters() {
        let text = "type: task\ncommands: [a]\nenv:\n  A: 1\n  B: 2\n  A: 3\n";
        assert_eq!(fixed(text).1, "type: task\ncommands: [a]\nenv:\n  A: 3\n  B: 2\n");
    }

    #[test]
    fn a_quote_the_field_rejects_is_no_fix() {
        assert_eq!(fixed("type: task\ncommands: [a]\nnodes: 0x10\nmax_duration: 1:30\n").0, Vec::<String>::new());
    }

    #[test]
    fn a_misspelled_value_and_a_tpu_prefix() {
        assert_eq!(
            fixed("type: task\ncommands: [a]\nbackends: ['awss']\nresources:\n  gpu:\n    name: [\"tpu-v3-8\"]\n"),
            (
                vec!["Change to `aws`".to_string(), "Remove the deprecated `tpu-` prefix".to_string()],
                "type: task\ncommands: [a]\nbackends: ['aws']\nresources:\n  gpu:\n    name: [\"v3-8\"]\n".to_string()
            )
        );
    }

    #[test]
    fn resource_keys_move_under_resources() {
        assert_eq!(
            fixed("type: task\ncommands: [a]\ngpu:\n  name: A100\n\n  count: 2\nresources:\n    cpu: 4\n"),
            (
                vec!["Move `gpu` under `resources`".to_string()],
                "type: task\ncommands: [a]\nresources:\n    gpu:\n      name: A100\n\n      count: 2\n    cpu: 4\n"
                    .to_string()
            )
        );
        assert_eq!(
            fixed("type: task\ncommands: [a]\ngpu: 24GB\n").1,
            "type: task\ncommands: [a]\nresources:\n  gpu: 24GB\n"
        );
        assert_eq!(fixed("type: task\ncommands: [a]\ngpu: 1\nresources: {cpu: 2}\n").0, Vec::<String>::new());
        assert_eq!(fixed("type: task\ncommands: [a]\ngpu: 1\nresources:\n  gpu: 2\n").0, Vec::<String>::new());
    }

    #[test]
    fn keys_move_only_under_a_mapping_the_type_has() {
        let fleet = "type: fleet\nname: f\nhosts: [a]\n";
        assert_eq!(
            fixed(fleet),
            (
                vec!["Move `hosts` under `ssh_config`".to_string()],
                "type: fleet\nname: f\nssh_config:\n  hosts: [a]\n".to_string()
            )
        );
        // A gateway has no `resources`: no hint to put `gpu` there, and no move.
        let gateway = "type: gateway\nbackend: aws\nregion: r\ndomain: e.com\ngpu: 24GB\n";
        let report = crate::check(gateway, &crate::Options::default());
        let unknown: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::codes::UNKNOWN_FIELD)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(unknown, ["unknown key `gpu` in a gateway"]);
        assert_eq!(fixed(gateway).0, Vec::<String>::new());
    }

    #[test]
    fn a_renamed_field_takes_its_successor_name() {
        let text = "type: task\ncommands: [a]\ntermination_idle_time: 5m\n";
        assert_eq!(fixed(text).1, "type: task\ncommands: [a]\nidle_duration: 5m\n");
        let old = check(text, &Options { effective: false, version: crate::DstackVersion::V0_18_37 });
        assert_eq!(
            crate::fix::apply_first_fixes(text, &old.diagnostics).0,
            "type: task\ncommands: [a]\nidle_duration: 5m\n"
        );
    }
}
