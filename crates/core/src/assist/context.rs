//! Where the cursor is in a configuration being typed, read from the text's lines alone.
//!
//! A file being typed is rarely valid YAML (`spo` alone on a line is not a `key: value`), so the
//! loader cannot say where the cursor is. Block YAML's structure is in its indentation: the parent
//! keys are the nearest lines above the cursor indented less than it, `- ` opens a list item, and
//! the keys at the cursor's own indentation (above and below it, up to its parent) are the ones
//! already present. Flow forms (`[a, b]`, `{k: v}`) are followed on the cursor's own line.

/// One step of the path from the document's root to the mapping or list at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The value of this key.
    Key(String),
    /// An item of the list at the path so far.
    Item,
}

/// What is being typed at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A key of the mapping at the path.
    Key,
    /// The value of this key of the mapping at the path.
    Value(String),
    /// An item of the list at the path (which ends with [`Step::Item`]): a scalar, or the first
    /// key of a mapping item.
    Item,
}

/// The cursor's place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// The keys and list items from the root down to the cursor's mapping or list.
    pub path: Vec<Step>,
    /// Whether a key, a value or a list item is being typed.
    pub slot: Slot,
    /// What is typed of it up to the cursor.
    pub prefix: String,
    /// Byte offset where the typed word starts (what a completion replaces from).
    pub from: usize,
    /// Byte offset where the word under the cursor ends (what a completion replaces to).
    pub to: usize,
    /// The keys already written at the cursor's level (not the one being typed).
    pub present: Vec<String>,
    /// The column (in bytes) where the keys of the cursor's mapping start.
    pub indent: usize,
    /// True when a `:` already follows the word on its line (a key is being renamed).
    pub colon_follows: bool,
}

/// The cursor's context at `offset` (bytes into `text`), or `None` inside a comment, a block or
/// multi-line scalar, or after a closed flow collection, where nothing can be completed.
pub fn context(text: &str, offset: usize) -> Option<Context> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let lines = lines(text);
    let at = lines.iter().rposition(|l| l.start <= offset).unwrap_or(0);
    let content = block_scalar_lines(&lines);
    let line = &lines[at];
    // Between the `\r` and `\n` of a line break: the end of the line.
    let column = (offset - line.start).min(line.text.len());
    let offset = line.start + column;
    let before = &line.text[..column];
    // Inside a block scalar when indented past the key or `- ` that opened it.
    if content[at].is_some_and(|owner| indentation(before) > owner) {
        return None;
    }
    let after = &line.text[offset - line.start..];
    let word_end = after.find(|c: char| !is_word(c)).unwrap_or(after.len());
    let colon_follows = after[word_end..].trim_start_matches([' ', '\t']).starts_with(':');
    let mut cx = cursor_line(before)?;
    cx.from += line.start;
    let to = offset + word_end;
    let own_items = cx.items.len();
    // Built innermost first: the cursor line's own `- ` marks are its innermost parents.
    let mut path = vec![Step::Item; own_items];
    let mut present = Vec::new();
    let mut level = cx.items.first().copied().unwrap_or(cx.key_column);
    let mut collecting = own_items == 0;
    for row in (0..at).rev() {
        if content[row].is_some() || passes_by(lines[row].text, level) {
            continue;
        }
        let Some(entries) = entries(lines[row].text) else {
            if is_document_marker(lines[row].text) {
                break;
            }
            continue;
        };
        for entry in entries.iter().rev() {
            if entry.column > level {
                continue;
            }
            if entry.column == level {
                match &entry.kind {
                    Kind::Key(name, _) if collecting => present.push(name.clone()),
                    // A block list may sit at its key's own indentation (`key:` then `- item`).
                    Kind::Key(name, value) if matches!(path.last(), Some(Step::Item)) && value.is_empty() => {
                        path.push(Step::Key(name.clone()));
                    }
                    _ => {}
                }
                continue;
            }
            collecting = false;
            level = entry.column;
            match &entry.kind {
                Kind::Key(name, _) => path.push(Step::Key(name.clone())),
                Kind::Item => path.push(Step::Item),
                // The cursor continues a multi-line plain scalar.
                Kind::Scalar if path.len() == own_items => return None,
                Kind::Scalar => {}
            }
        }
        if level == 0 && !matches!(path.last(), Some(Step::Item)) && !collecting {
            break;
        }
    }
    path.reverse();
    present.reverse();
    present.extend(keys_below(&lines, &content, at, cx.key_column));
    path.extend(cx.flow_path);
    present.extend(cx.flow_keys);
    Some(Context {
        path,
        slot: cx.slot,
        prefix: cx.prefix,
        from: cx.from,
        to,
        present,
        indent: cx.key_column,
        colon_follows,
    })
}

/// True when a line above the cursor cannot change its context at `level`: it starts deeper,
/// or with a `- ` mark at `level` (whose item holds nothing the cursor's mapping or list names).
/// The rest of the line starts deeper still.
fn passes_by(text: &str, level: usize) -> bool {
    let indent = indentation(text);
    indent > level || (indent == level && is_item_mark(&text[indent..]))
}

/// Whether `rest` starts with a `- ` list item mark (a `-` then a space, a tab or nothing).
fn is_item_mark(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    bytes.first() == Some(&b'-') && matches!(bytes.get(1), None | Some(b' ' | b'\t'))
}

/// What the cursor's own line says, before the lines around it are read.
struct CursorLine {
    /// Columns of the line's `- ` marks.
    items: Vec<usize>,
    /// Column where the line's key (or the word typed in its place) starts.
    key_column: usize,
    slot: Slot,
    prefix: String,
    /// Offset of the prefix in the line.
    from: usize,
    /// Steps into flow collections opened on the line.
    flow_path: Vec<Step>,
    /// Keys already written in the flow mapping at the cursor.
    flow_keys: Vec<String>,
}

fn cursor_line(before: &str) -> Option<CursorLine> {
    if comment_start(before).is_some() {
        return None;
    }
    let (items, key_column) = item_marks(before);
    let tail = &before[key_column..];
    let Some((key, colon)) = key_colon(tail) else {
        let slot = if items.is_empty() { Slot::Key } else { Slot::Item };
        let mut path = Vec::new();
        let mut keys = Vec::new();
        let (slot, from) = match tail.strip_prefix(['[', '{']) {
            // `- [a, b` or `- {k: v` : a flow collection as a list item.
            Some(_) => {
                let flow = flow(tail)?;
                path = flow.path;
                keys = flow.keys;
                (flow.slot, flow.from)
            }
            None => (slot, 0),
        };
        return Some(CursorLine {
            items,
            key_column,
            slot,
            prefix: tail[from..].to_string(),
            from: key_column + from,
            flow_path: path,
            flow_keys: keys,
        });
    };
    let value_start = colon + 1 + indentation(&tail[colon + 1..]);
    let value = &tail[value_start..];
    if value.starts_with(['[', '{']) {
        let flow = flow(value)?;
        let mut path = vec![Step::Key(key)];
        path.extend(flow.path);
        return Some(CursorLine {
            items,
            key_column,
            slot: flow.slot,
            prefix: value[flow.from..].to_string(),
            from: key_column + value_start + flow.from,
            flow_path: path,
            flow_keys: flow.keys,
        });
    }
    Some(CursorLine {
        items,
        key_column,
        slot: Slot::Value(key),
        prefix: value.to_string(),
        from: key_column + value_start,
        flow_path: Vec::new(),
        flow_keys: Vec::new(),
    })
}

/// Where the cursor is in the flow collection that `value` opens.
struct Flow {
    path: Vec<Step>,
    slot: Slot,
    keys: Vec<String>,
    /// Offset in `value` where the word at the cursor starts.
    from: usize,
}

enum Frame {
    List,
    /// The keys written so far, and the key whose value is being written.
    Map(Vec<String>, Option<String>),
}

fn flow(value: &str) -> Option<Flow> {
    let mut frames: Vec<Frame> = Vec::new();
    let mut token = 0;
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '[' => frames.push(Frame::List),
            '{' => frames.push(Frame::Map(Vec::new(), None)),
            ']' | '}' => {
                frames.pop();
                if frames.is_empty() {
                    return None;
                }
            }
            ',' => {
                if let Some(Frame::Map(_, key)) = frames.last_mut() {
                    *key = None;
                }
            }
            '"' | '\'' => {
                let close = value[i + 1..].find(c).map(|end| i + 1 + end);
                match close {
                    Some(end) => while chars.next_if(|&(j, _)| j <= end).is_some() {},
                    None => continue,
                }
                continue;
            }
            ':' if chars.peek().is_none_or(|&(_, n)| n == ' ' || n == ',') => {
                if let Some(Frame::Map(keys, key @ None)) = frames.last_mut() {
                    let name = unquote(value[token..i].trim());
                    keys.push(name.clone());
                    *key = Some(name);
                }
            }
            _ => continue,
        }
        token = i + c.len_utf8();
    }
    let from = token + indentation(&value[token..]);
    let mut path = Vec::new();
    let (last, outer) = frames.split_last()?;
    for frame in outer {
        match frame {
            Frame::List => path.push(Step::Item),
            Frame::Map(_, key) => path.push(Step::Key(key.clone().unwrap_or_default())),
        }
    }
    let (slot, keys) = match last {
        Frame::List => {
            path.push(Step::Item);
            (Slot::Item, Vec::new())
        }
        Frame::Map(keys, None) => (Slot::Key, keys.clone()),
        Frame::Map(keys, Some(key)) => {
            let mut written = keys.clone();
            written.pop();
            (Slot::Value(key.clone()), written)
        }
    };
    Some(Flow { path, slot, keys, from })
}

/// One line of the text, without its line break.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// The text's lines, broken where PyYAML breaks them (`\r\n`, `\n`, `\r`, U+0085, U+2028, U+2029).
fn lines(text: &str) -> Vec<Line<'_>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        // The break's length in bytes: U+0085 is C2 85, U+2028 and U+2029 are E2 80 A8/A9.
        let len = match bytes[i] {
            b'\n' => 1,
            b'\r' => 1 + usize::from(bytes.get(i + 1) == Some(&b'\n')),
            0xc2 if bytes.get(i + 1) == Some(&0x85) => 2,
            0xe2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        lines.push(Line { start, text: &text[start..i] });
        i += len;
        start = i;
    }
    lines.push(Line { start, text: &text[start..] });
    lines
}

/// Per line of a `|` / `>` block scalar's content (more indented than the key or `- ` that
/// opened it, or blank inside it), the column of that key or `- `.
fn block_scalar_lines(lines: &[Line]) -> Vec<Option<usize>> {
    let mut content = vec![None; lines.len()];
    let mut owner: Option<usize> = None;
    for (row, line) in lines.iter().enumerate() {
        if let Some(column) = owner {
            let indent = indentation(line.text);
            if indent > column || indent == line.text.len() {
                content[row] = Some(column);
                continue;
            }
            owner = None;
        }
        // Only a line holding `|` or `>` can open one: the others need not be read.
        if line.text.bytes().any(|b| b == b'|' || b == b'>')
            && let Some(entries) = entries(line.text)
            && let Some(last) = entries.last()
        {
            let opens = match &last.kind {
                Kind::Key(_, value) => is_block_indicator(value),
                Kind::Scalar => is_block_indicator(&line.text[last.column..]),
                Kind::Item => false,
            };
            if opens {
                // The scalar belongs to the key, or to the `- ` before a bare scalar.
                let column = match last.kind {
                    Kind::Scalar if entries.len() > 1 => entries[entries.len() - 2].column,
                    _ => last.column,
                };
                owner = Some(column);
            }
        }
    }
    content
}

fn is_block_indicator(value: &str) -> bool {
    let value = value.trim_end();
    let value = match comment_start(value) {
        Some(hash) => value[..hash].trim_end(),
        None => value,
    };
    value.starts_with(['|', '>']) && value[1..].chars().all(|c| c.is_ascii_digit() || c == '+' || c == '-')
}

/// Keys at `column` below the cursor's line, up to the first line indented less.
fn keys_below(lines: &[Line], content: &[Option<usize>], at: usize, column: usize) -> Vec<String> {
    let mut keys = Vec::new();
    for row in at + 1..lines.len() {
        if content[row].is_some() {
            continue;
        }
        let Some(entries) = entries(lines[row].text) else {
            if is_document_marker(lines[row].text) {
                break;
            }
            continue;
        };
        let first = &entries[0];
        if first.column < column {
            break;
        }
        if let (true, Kind::Key(name, _)) = (first.column == column, &first.kind) {
            keys.push(name.clone());
        }
    }
    keys
}

/// What starts at one column of a line.
struct Entry {
    column: usize,
    kind: Kind,
}

enum Kind {
    /// A key, with the value written after it on the line (comment removed; may be empty).
    Key(String, String),
    /// A `- ` list item mark.
    Item,
    /// A scalar with no key (a list item's value).
    Scalar,
}

/// What a line holds, left to right; `None` for a blank or comment line.
fn entries(text: &str) -> Option<Vec<Entry>> {
    let text = match comment_start(text) {
        Some(hash) => &text[..hash],
        None => text,
    };
    if text.trim().is_empty() || is_document_marker(text) {
        return None;
    }
    let (items, column) = item_marks(text);
    let mut entries: Vec<Entry> = items.into_iter().map(|column| Entry { column, kind: Kind::Item }).collect();
    let rest = &text[column..];
    if !rest.trim().is_empty() {
        let kind = match key_colon(rest) {
            Some((key, colon)) => Kind::Key(key, rest[colon + 1..].trim().to_string()),
            None => Kind::Scalar,
        };
        entries.push(Entry { column, kind });
    }
    Some(entries)
}

/// The columns of the `- ` marks that start `text` (after its indentation), and the column where
/// what follows them starts.
fn item_marks(text: &str) -> (Vec<usize>, usize) {
    let mut items = Vec::new();
    let mut column = indentation(text);
    while is_item_mark(&text[column..]) {
        items.push(column);
        column += 1 + indentation(&text[column + 1..]);
    }
    (items, column)
}

/// The key of `text` (a line's content from its key's column) and the offset of its `:`, when
/// `text` holds `key:` followed by a space, a tab or nothing. Flow collections hold no key.
fn key_colon(text: &str) -> Option<(String, usize)> {
    if text.starts_with(['[', '{']) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    if let Some(quote @ (b'"' | b'\'')) = bytes.first().copied() {
        i = 1 + text[1..].find(char::from(quote))? + 1;
    }
    while i < bytes.len() {
        match bytes[i] {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => {
                return Some((unquote(text[..i].trim_end()), i));
            }
            b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => return None,
            _ => i += 1,
        }
    }
    None
}

/// Where a comment starts in `text` (a `#` at the start or after a space, outside quotes).
fn comment_start(text: &str) -> Option<usize> {
    // Byte by byte: every character it looks for is ASCII, and no byte of another character is.
    let bytes = text.as_bytes();
    if !bytes.contains(&b'#') {
        return None;
    }
    let mut quote: Option<u8> = None;
    let mut previous = b' ';
    for (i, &c) in bytes.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'#' && (previous == b' ' || previous == b'\t') => return Some(i),
            // A quote opens a quoted scalar only where a scalar starts.
            None if (c == b'"' || c == b'\'') && matches!(previous, b' ' | b'\t' | b'[' | b'{' | b',' | b':') => {
                quote = Some(c);
            }
            None => {}
        }
        previous = c;
    }
    None
}

fn unquote(key: &str) -> String {
    let inner = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')));
    inner.unwrap_or(key).to_string()
}

fn indentation(text: &str) -> usize {
    text.len() - text.trim_start_matches([' ', '\t']).len()
}

fn is_document_marker(text: &str) -> bool {
    ["---", "..."]
        .iter()
        .any(|m| text.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t'])))
}

/// Characters a key, an enum value or a catalog name is made of.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// `offset` (at most `text.len()`), moved back to the start of the character it falls in.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context at the `^` in `marked` (removed first).
    fn at(marked: &str) -> Option<Context> {
        let offset = marked.find('^').expect("a cursor mark");
        let text = format!("{}{}", &marked[..offset], &marked[offset + 1..]);
        context(&text, offset)
    }

    fn keys(path: &[&str]) -> Vec<Step> {
        path.iter().map(|k| if *k == "-" { Step::Item } else { Step::Key(k.to_string()) }).collect()
    }

    /// Path, slot, prefix, present keys.
    fn summary(marked: &str) -> (Vec<Step>, Slot, String, Vec<String>) {
        let cx = at(marked).expect("a context");
        (cx.path, cx.slot, cx.prefix, cx.present)
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_half_typed_key_at_the_top_level() {
        assert_eq!(
            summary("type: task\nspo^\ncommands: [x]\n"),
            (vec![], Slot::Key, "spo".into(), strings(&["type", "commands"]))
        );
        let cx = at("type: task\nspo^").expect("a context");
        assert_eq!((cx.from, cx.to, cx.indent, cx.colon_follows), (11, 14, 0, false));
        assert_eq!(summary("^"), (vec![], Slot::Key, String::new(), vec![]));
    }

    #[test]
    fn nested_keys_by_indentation() {
        let text = "type: task\nresources:\n  memory: 8GB\n  gp^\n  disk: 100GB\nname: x\n";
        assert_eq!(summary(text), (keys(&["resources"]), Slot::Key, "gp".into(), strings(&["memory", "disk"])));
        assert_eq!(
            summary("resources:\n  gpu:\n    vendor: amd\n    na^"),
            (keys(&["resources", "gpu"]), Slot::Key, "na".into(), strings(&["vendor"]))
        );
        assert_eq!(summary("resources:\n  ^"), (keys(&["resources"]), Slot::Key, String::new(), vec![]));
    }

    #[test]
    fn values_after_a_key() {
        assert_eq!(
            summary("resources:\n  gpu: A1^\n"),
            (keys(&["resources"]), Slot::Value("gpu".into()), "A1".into(), vec![])
        );
        let cx = at("spot_policy: ^").expect("a context");
        assert_eq!((cx.slot, cx.prefix.as_str(), cx.from, cx.to), (Slot::Value("spot_policy".into()), "", 13, 13));
        let cx = at("spot_policy: on-d^emand  # x").expect("a context");
        assert_eq!((cx.prefix.as_str(), cx.from, cx.to), ("on-d", 13, 22));
        assert_eq!(summary("\"image\": py^").1, Slot::Value("image".into()));
    }

    #[test]
    fn lists_of_mappings_and_scalars() {
        let text = "volumes:\n  - name: data\n    pa^\n  - name: other\n";
        assert_eq!(summary(text), (keys(&["volumes", "-"]), Slot::Key, "pa".into(), strings(&["name"])));
        // A block list at its key's own indentation.
        let text = "volumes:\n- name: data\n  pa^\n";
        assert_eq!(summary(text), (keys(&["volumes", "-"]), Slot::Key, "pa".into(), strings(&["name"])));
        assert_eq!(summary("backends:\n  - aws\n  - g^"), (keys(&["backends", "-"]), Slot::Item, "g".into(), vec![]));
        assert_eq!(
            summary("volumes:\n  - na^\n    path: /data\n"),
            (keys(&["volumes", "-"]), Slot::Item, "na".into(), strings(&["path"]))
        );
        assert_eq!(
            summary("retry:\n  on_events:\n  - ^"),
            (keys(&["retry", "on_events", "-"]), Slot::Item, String::new(), vec![])
        );
    }

    #[test]
    fn flow_collections_on_the_cursor_line() {
        assert_eq!(summary("backends: [aws, g^"), (keys(&["backends", "-"]), Slot::Item, "g".into(), vec![]));
        assert_eq!(
            summary("resources: {memory: 8GB, g^"),
            (keys(&["resources"]), Slot::Key, "g".into(), strings(&["memory"]))
        );
        assert_eq!(
            summary("resources: {gpu: {vendor: n^"),
            (keys(&["resources", "gpu"]), Slot::Value("vendor".into()), "n".into(), vec![])
        );
        assert_eq!(at("backends: [aws] ^"), None);
    }

    #[test]
    fn comments_and_block_scalars_are_not_completed() {
        assert_eq!(at("# spo^"), None);
        assert_eq!(at("name: x  # spo^"), None);
        assert_eq!(at("commands:\n  - |\n    echo hi\n    py^\n"), None);
        assert_eq!(at("setup: >\n  pip install\n  sp^"), None);
        // After the block, at the key's indentation, keys again.
        assert_eq!(summary("setup: |\n  pip install\n\nspo^").0, vec![]);
        assert_eq!(summary("setup: |\n  pip install\nspo^").3, strings(&["setup"]));
        // A comment line between keys is skipped.
        assert_eq!(
            summary("resources:\n  # the GPU\n  gp^\n  # end\n  cpu: 2\n"),
            (keys(&["resources"]), Slot::Key, "gp".into(), strings(&["cpu"]))
        );
        // A `#` inside quotes opens no comment.
        assert_eq!(summary("name: 'a # b'\nsp^").3, strings(&["name"]));
    }

    #[test]
    fn lines_break_where_the_loader_breaks_them() {
        let text = "a\r\nb\rc\nd\u{85}e\u{2028}f\u{2029}g\u{e9}\u{2027}h\r";
        let lines: Vec<(usize, &str)> = lines(text).iter().map(|l| (l.start, l.text)).collect();
        assert_eq!(
            lines,
            vec![(0, "a"), (3, "b"), (5, "c"), (7, "d"), (10, "e"), (14, "f"), (18, "g\u{e9}\u{2027}h"), (26, "")]
        );
    }

    #[test]
    fn comments_start_after_a_blank_outside_quotes() {
        assert_eq!(comment_start("key: value # note"), Some(11));
        assert_eq!(comment_start("é: \"a # b\" # c"), Some(12));
        assert_eq!(comment_start("url: http://x#y"), None);
        assert_eq!(comment_start("# whole line"), Some(0));
        assert_eq!(comment_start("k: it's # c"), Some(8));
        assert_eq!(comment_start("no hash at all"), None);
    }

    #[test]
    fn lines_deeper_or_items_at_the_level_pass_by() {
        assert!(passes_by("    deeper: 1", 2));
        assert!(passes_by("  - echo", 2));
        assert!(passes_by("  -", 2));
        assert!(!passes_by("  -x: 1", 2));
        assert!(!passes_by("  key: 1", 2));
        assert!(!passes_by("- item", 2));
        assert!(!passes_by("", 0));
    }

    #[test]
    fn crlf_tabs_end_of_file_and_non_ascii() {
        assert_eq!(
            summary("type: task\r\nresources:\r\n  gp^\r\n  cpu: 2\r\n"),
            (keys(&["resources"]), Slot::Key, "gp".into(), strings(&["cpu"]))
        );
        let cx = at("resources:\r  gp^").expect("a context");
        assert_eq!((cx.path, cx.from, cx.to), (keys(&["resources"]), 13, 15));
        assert_eq!(summary("resources:\n\tgp^"), (keys(&["resources"]), Slot::Key, "gp".into(), vec![]));
        let cx = at("name: café\nenv:\n  - A=é\nsp^").expect("a context");
        assert_eq!((cx.path, cx.prefix.as_str(), cx.from, cx.to), (vec![], "sp", 26, 28));
        assert_eq!(cx.present, strings(&["name", "env"]));
        let cx = at("name: ü^").expect("a context");
        assert_eq!((cx.prefix.as_str(), cx.from, cx.to), ("ü", 6, 8));
        // Between `\r` and `\n`: the end of the line.
        assert_eq!(context("a: 1\r\nb", 5).map(|cx| (cx.slot, cx.from, cx.to)), Some((Slot::Value("a".into()), 3, 4)));
        // An offset inside a character rounds down to its start.
        assert_eq!(context("name: ü", 7).map(|cx| cx.prefix), Some(String::new()));
        assert_eq!(context("name: x", 99).map(|cx| cx.prefix), Some("x".into()));
    }

    #[test]
    fn renaming_a_key_keeps_its_colon_and_documents_reset_the_path() {
        let cx = at("sp^ot: on-demand").expect("a context");
        assert_eq!((cx.slot, cx.prefix.as_str(), cx.to, cx.colon_follows), (Slot::Key, "sp", 4, true));
        assert_eq!(
            summary("resources:\n  gpu: 1\n---\nname: x\nre^"),
            (vec![], Slot::Key, "re".into(), strings(&["name"]))
        );
    }
}
