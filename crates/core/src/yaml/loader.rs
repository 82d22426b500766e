//! Loads YAML text into a [`Node`] tree the way PyYAML's `safe_load` does (YAML 1.1), keeping
//! source ranges.
//!
//! saphyr-parser (a YAML 1.2 parser) supplies the events (for plain block-style text, `simple`
//! gives the same events faster); this module composes them into nodes without recursion,
//! resolves and constructs scalars like PyYAML's `SafeLoader`, and reproduces PyYAML's verdicts
//! where the two YAML versions disagree in ways users meet (tabs, anchors, several documents).
//! Errors follow PyYAML's order: unacceptable characters first, then syntax errors in text order,
//! then a second document, then construction errors (bad tags, unhashable keys, impossible dates),
//! of which the one earliest in the text is reported.

// `load` returns the crate's `Diagnostic` by value (its public signature); a load fails at most
// once, so the size of the error type costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle as YamlStyle, ScanError, Span, Tag as YamlTag};

use super::input::TextInput;
use super::node::{Node, NodeData, ScalarStyle, Value};
use super::resolve::{self, KeyId, PyKey, Tag, Unsupported};
use super::simple;
use crate::codes;
use crate::diagnostic::{Diagnostic, Position, Range, Severity, Stage};

/// Safety limits for loading.
#[derive(Clone, Debug)]
pub struct LoadLimits {
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of collections.
    pub max_depth: usize,
    /// Largest total of nodes after expanding aliases.
    pub max_expanded_nodes: u64,
}

impl Default for LoadLimits {
    fn default() -> Self {
        LoadLimits { max_bytes: 4 * 1024 * 1024, max_depth: 200, max_expanded_nodes: 1_000_000 }
    }
}

/// A key written twice in one mapping: PyYAML keeps the last value at the first key's place.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateKey {
    /// Dotted path of the key, e.g. `resources.gpu` or `volumes[0].path`.
    pub path: String,
    /// Where the repeated key is written.
    pub range: Range,
    /// Where the key is first written.
    pub first: Range,
}

/// A loaded document with the facts a caller may want to warn about.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The document's root node.
    pub root: Node,
    /// Keys repeated within one mapping (merge keys `<<` overriding is not a repetition).
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// Loads one YAML document like PyYAML's `safe_load`.
pub fn load(text: &str, limits: &LoadLimits) -> Result<Node, Diagnostic> {
    load_document(text, limits).map(|loaded| loaded.root)
}

/// Loads one YAML document like [`load`], also reporting repeated keys.
pub fn load_document(text: &str, limits: &LoadLimits) -> Result<Loaded, Diagnostic> {
    if text.len() > limits.max_bytes {
        return Err(too_big(text.len(), limits.max_bytes));
    }
    let source = Source::new(text);
    if !source.clean {
        source.check_characters()?;
    }
    let mut builder = Builder::new(source, limits);
    if !builder.read_simple() {
        // Not plain YAML, or an error: saphyr reads the text from the start again.
        builder = Builder::new(builder.src, limits);
        builder.run()?;
    }
    builder.finish()
}

/// The one diagnostic shape this module produces.
fn diagnostic(
    code: &'static str,
    range: Range,
    message: String,
    help: Option<String>,
    dstack: Option<String>,
) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code,
        message,
        path: String::new(),
        range,
        help,
        stage: Stage::Yaml,
        dstack,
    }
}

fn too_big(len: usize, max: usize) -> Diagnostic {
    diagnostic(
        codes::LIMIT_EXCEEDED,
        Range::new(1, 1, 1, 1),
        format!("the text is {len} bytes long, more than this checker's limit of {max} bytes"),
        Some("a dstack configuration is a few kilobytes; check that this is the right file".into()),
        None,
    )
}

/// Saturating `usize` → `u32` for line and column numbers.
fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A place in the text: its character index and its line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Point {
    index: usize,
    pos: Position,
}

/// How many characters apart the byte-offset checkpoints of non-ASCII text are.
const CHECKPOINT: usize = 256;

/// Line starts (and, for non-ASCII text, byte offsets) to convert character indices.
struct LineIndex {
    /// Character index and byte offset of each line's first character.
    lines: Vec<(usize, usize)>,
    /// Byte offset of every `CHECKPOINT`-th character; empty for ASCII text.
    checkpoints: Vec<usize>,
}

/// The text being loaded, with conversions between character indices, bytes and positions.
struct Source<'t> {
    text: &'t str,
    ascii: bool,
    /// Only printable ASCII and `\t \n \r`: no character PyYAML's Reader rejects.
    clean: bool,
    has_tabs: bool,
    chars: usize,
    /// Built on first use: loading text without errors, tags or anchors seldom needs it.
    index: OnceCell<LineIndex>,
}

impl<'t> Source<'t> {
    fn new(text: &'t str) -> Self {
        // One pass without early exits, which the compiler vectorizes, answers both questions
        // for the usual text; the rare rest is looked at again.
        let (mut unusual, mut has_tabs) = (false, false);
        for &b in text.as_bytes() {
            unusual |= !(0x20..0x7f).contains(&b) && !matches!(b, b'\t' | b'\n' | b'\r');
            has_tabs |= b == b'\t';
        }
        let ascii = !unusual || text.is_ascii();
        let chars = if ascii { text.len() } else { text.chars().count() };
        Source { text, ascii, clean: !unusual, has_tabs, chars, index: OnceCell::new() }
    }

    fn line_index(&self) -> &LineIndex {
        self.index.get_or_init(|| if self.ascii { self.ascii_line_index() } else { self.unicode_line_index() })
    }

    /// Line starts of ASCII text, where character indices are byte offsets.
    fn ascii_line_index(&self) -> LineIndex {
        let bytes = self.text.as_bytes();
        let mut lines = Vec::with_capacity(bytes.iter().filter(|b| **b == b'\n').count() + 1);
        lines.push((0, 0));
        for (i, b) in bytes.iter().enumerate() {
            // Line breaks as saphyr counts them: `\n`, `\r\n` and a lone `\r`.
            if *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                lines.push((i + 1, i + 1));
            }
        }
        LineIndex { lines, checkpoints: Vec::new() }
    }

    /// Line starts and byte-offset checkpoints of text with non-ASCII characters.
    fn unicode_line_index(&self) -> LineIndex {
        let mut lines = vec![(0, 0)];
        let mut checkpoints = Vec::new();
        let mut chars = self.text.char_indices().enumerate().peekable();
        while let Some((i, (b, c))) = chars.next() {
            if i % CHECKPOINT == 0 {
                checkpoints.push(b);
            }
            // Line breaks as saphyr counts them: `\n`, `\r\n` and a lone `\r`.
            let lone_cr = c == '\r' && chars.peek().is_none_or(|(_, (_, n))| *n != '\n');
            if c == '\n' || lone_cr {
                lines.push((i + 1, b + 1));
            }
        }
        LineIndex { lines, checkpoints }
    }

    /// The byte offset of a character index (clamped to the end).
    fn byte(&self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        let cps = &self.line_index().checkpoints;
        let Some(&from) = cps.get(index / CHECKPOINT) else { return self.text.len() };
        let skip = index % CHECKPOINT;
        self.text.get(from..).and_then(|rest| rest.char_indices().nth(skip)).map_or(self.text.len(), |(b, _)| from + b)
    }

    /// The text from a character index on.
    fn rest(&self, index: usize) -> &'t str {
        self.text.get(self.byte(index)..).unwrap_or("")
    }

    /// The text before a character index.
    fn before(&self, index: usize) -> &'t str {
        self.text.get(..self.byte(index)).unwrap_or("")
    }

    fn char_at(&self, index: usize) -> Option<char> {
        self.rest(index).chars().next()
    }

    /// The point at a character index (clamped to the end of the text).
    fn point(&self, index: usize) -> Point {
        let index = index.min(self.chars);
        let lines = &self.line_index().lines;
        let line = lines.partition_point(|(start, _)| *start <= index).max(1);
        let start = lines.get(line - 1).map_or(0, |(s, _)| *s);
        Point { index, pos: Position { line: u32_of(line), column: u32_of(index - start + 1) } }
    }

    /// The character index of a position (clamped to its line).
    fn index_of(&self, pos: Position) -> usize {
        let lines = &self.line_index().lines;
        let line = (pos.line as usize).saturating_sub(1);
        let start = lines.get(line).map_or(self.chars, |(s, _)| *s);
        (start + (pos.column as usize).saturating_sub(1)).min(self.chars)
    }

    /// The point at `index`, counted on from the point `from` (the line index answers for an
    /// `index` before `from`).
    fn advance(&self, from: Point, index: usize) -> Point {
        let index = index.min(self.chars);
        let Some(count) = index.checked_sub(from.index) else { return self.point(index) };
        let Position { mut line, mut column } = from.pos;
        let mut chars = self.rest(from.index).chars().peekable();
        for _ in 0..count {
            let Some(c) = chars.next() else { break };
            // Line breaks as saphyr counts them: `\n`, `\r\n` and a lone `\r`.
            if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Point { index, pos: Position { line, column } }
    }

    /// The point of a saphyr marker; saphyr moves the end-of-stream mark to the start of a line
    /// of its own (so a mark at the end that is not at a line's start is where it says).
    fn marker(&self, m: &Marker) -> Point {
        if m.index() > self.chars || (m.index() == self.chars && m.col() == 0) {
            return self.point(self.chars);
        }
        Point { index: m.index(), pos: Position { line: u32_of(m.line()), column: u32_of(m.col() + 1) } }
    }

    /// A range covering the character at `at`, or empty at a line break or the end.
    fn char_range(&self, at: Point) -> Range {
        let width = match self.char_at(at.index) {
            Some('\n' | '\r') | None => 0,
            Some(_) => 1,
        };
        Range { start: at.pos, end: Position { line: at.pos.line, column: at.pos.column + width } }
    }

    /// PyYAML's Reader rejects these characters anywhere in the text, before parsing.
    fn check_characters(&self) -> Result<(), Diagnostic> {
        match self.text.chars().enumerate().find(|(_, c)| !acceptable(*c)) {
            None => Ok(()),
            Some((index, c)) => Err(bad_character(self.char_range(self.point(index)), c)),
        }
    }
}

/// PyYAML's printable set: `\t \n \r`, `\x20-\x7E`, `\x85`, `\xA0-\uD7FF`, `\uE000-\uFFFD`, astral.
fn acceptable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || u32::from(c) >= 0x10000
}

fn bad_character(range: Range, c: char) -> Diagnostic {
    let code = u32::from(c);
    let (what, help) = if c == '\0' {
        (
            "a NUL character (U+0000)".to_string(),
            "remove it; NUL characters usually mean the file is binary or saved as UTF-16, so save it as UTF-8 text",
        )
    } else {
        (format!("the invisible control character U+{code:04X}"), "remove the character")
    };
    diagnostic(
        codes::UNSUPPORTED_YAML,
        range,
        format!("the text contains {what}, which YAML does not allow anywhere in a file"),
        Some(help.into()),
        Some(format!("unacceptable character #x{code:04x}: special characters are not allowed")),
    )
}

/// A mapping's key/value pairs, shared.
type Pairs = Rc<[(Node, Node)]>;

/// Facts about some nodes, by node identity. Each entry keeps its node's data alive, so no later
/// node can reuse the address it is keyed by.
type ByNode<T> = HashMap<*const NodeData, (Rc<NodeData>, T)>;

/// A node kept under its anchor, with its alias-expanded size.
struct Anchored {
    node: Node,
    size: u64,
}

/// Where the children of a collection being composed are: on the builder's shared stacks until
/// it closes, so that its list is allocated once, at its final size.
enum Children {
    /// Items from `Builder::items[from..]`.
    Seq { from: usize },
    /// Pairs from `Builder::pairs[from..]`, and a key still waiting for its value.
    Map { from: usize, key: Option<Node> },
}

/// A collection being composed.
struct Frame {
    /// The explicit tag (`!` and no tag are both absent).
    tag: Option<(Tag, String)>,
    anchor: usize,
    start: Position,
    /// Where the properties (`&a !!tag`) start, or `start` without them.
    props: Position,
    /// Written `[...]`/`{...}`: the range ends at the closing bracket.
    flow: bool,
    children: Children,
    /// Alias-expanded size of the children.
    size: u64,
    /// End of the last child.
    end: Point,
}

impl Frame {
    fn mapping(&self) -> bool {
        matches!(self.children, Children::Map { .. })
    }
}

/// Composes saphyr events into nodes and constructs their values.
struct Builder<'t, 'l> {
    src: Source<'t>,
    limits: &'l LoadLimits,
    frames: Vec<Frame>,
    /// Children of the open sequences, innermost last.
    items: Vec<Node>,
    /// Pairs of the open mappings, innermost last.
    pairs: Vec<(Node, Node)>,
    /// Anchored nodes by saphyr's anchor id (`None` while the anchored collection is open).
    anchors: Vec<Option<Anchored>>,
    /// First definition of each anchor name (PyYAML rejects a second one).
    anchor_names: HashMap<String, Range>,
    /// Nodes tagged `<<` (merge) or `=` (value), with where their tag starts: only mapping keys
    /// may be such nodes.
    specials: ByNode<(Tag, Position)>,
    /// A mapping's own pairs after merging, where they differ from its dict entries.
    flats: ByNode<Pairs>,
    /// The earliest construction error in each node's subtree, as PyYAML would construct it:
    /// reported for the root once parsing succeeds. PyYAML never constructs a merge source as
    /// such, nor the pairs its merge drops, so their errors only count where they are used.
    errors: ByNode<Diagnostic>,
    /// Errors in a mapping's own `<<` values, raised whenever PyYAML flattens it.
    flatten_errors: ByNode<Diagnostic>,
    duplicates: Vec<DuplicateKey>,
    root: Option<Node>,
    /// Where the previous event ended, to find a block scalar's `|` or `>`.
    last_end: usize,
    has_tabs: bool,
    /// How many `[...]`/`{...}` collections are open.
    flow_depth: usize,
    /// Quoted and block scalars, where tabs are text (character index ranges, in text order).
    shields: Vec<(usize, usize)>,
    documents: usize,
}

impl<'t, 'l> Builder<'t, 'l> {
    fn new(src: Source<'t>, limits: &'l LoadLimits) -> Self {
        let has_tabs = src.has_tabs;
        Builder {
            src,
            limits,
            frames: Vec::new(),
            items: Vec::new(),
            pairs: Vec::new(),
            anchors: Vec::new(),
            anchor_names: HashMap::new(),
            specials: HashMap::new(),
            flats: HashMap::new(),
            errors: HashMap::new(),
            flatten_errors: HashMap::new(),
            duplicates: Vec::new(),
            root: None,
            last_end: 0,
            has_tabs,
            flow_depth: 0,
            shields: Vec::new(),
            documents: 0,
        }
    }

    /// Composes plain block-style text from saphyr's events without saphyr's costs; false when the
    /// text is not such YAML or an error came up (which `run` then finds as saphyr reads it).
    fn read_simple(&mut self) -> bool {
        let text = self.src.text;
        self.src.clean && !self.has_tabs && simple::read(text, |event, span| self.on_event(event, span).is_ok())
    }

    fn run(&mut self) -> Result<(), Diagnostic> {
        let mut parser = Parser::new(TextInput::new(self.src.text));
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| self.syntax_error(&e))?;
            if matches!(event, Event::StreamEnd) {
                break;
            }
            self.on_event(event, span)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Loaded, Diagnostic> {
        if let Some(tab) = self.first_bad_tab(usize::MAX) {
            return Err(tab);
        }
        let root = self.root.take().unwrap_or_else(|| Node::new(Value::Null, None, None, Range::new(1, 1, 1, 1)));
        if let Some(error) = self.constructed(&root) {
            return Err(error);
        }
        // Mappings finish inner first; report in text order.
        self.duplicates.sort_by_key(|d| d.range.start);
        Ok(Loaded { root, duplicate_keys: self.duplicates })
    }

    fn on_event(&mut self, event: Event<'t>, span: Span) -> Result<(), Diagnostic> {
        match event {
            Event::DocumentStart(explicit) => self.document_start(explicit, &span)?,
            Event::Scalar(text, style, anchor, tag) => self.scalar(text, style, anchor, tag.as_deref(), &span)?,
            Event::Alias(id) => self.alias(id, &span)?,
            Event::SequenceStart(anchor, tag) => self.open(false, anchor, tag.as_deref(), &span)?,
            Event::MappingStart(anchor, tag) => self.open(true, anchor, tag.as_deref(), &span)?,
            Event::SequenceEnd | Event::MappingEnd => self.close(&span)?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => return Ok(()),
        }
        Ok(())
    }

    fn document_start(&mut self, explicit: bool, span: &Span) -> Result<(), Diagnostic> {
        self.documents += 1;
        if self.documents > 1 {
            let at = self.src.marker(&span.start);
            return Err(self.first_bad_tab(at.index).unwrap_or_else(|| self.second_document(at)));
        }
        // An implicit document starts at the top; saphyr dates it from its first token.
        self.last_end = if explicit { span.end.index() } else { 0 };
        Ok(())
    }

    fn second_document(&self, at: Point) -> Diagnostic {
        let width = if self.src.rest(at.index).starts_with("---") { 3 } else { 1 };
        let range = Range { start: at.pos, end: Position { line: at.pos.line, column: at.pos.column + width } };
        diagnostic(
            codes::MULTIPLE_DOCUMENTS,
            range,
            "a second YAML document starts here, but dstack reads exactly one document per file".into(),
            Some("keep one configuration per file: remove this `---` (or `...`) and what follows, or move it to another file".into()),
            Some("expected a single document in the stream, but found another document".into()),
        )
    }

    fn scalar(
        &mut self,
        text: Cow<'t, str>,
        style: YamlStyle,
        anchor: usize,
        tag: Option<&YamlTag>,
        span: &Span,
    ) -> Result<(), Diagnostic> {
        let has_props = anchor != 0 || tag.is_some();
        if anchor != 0 {
            self.register_anchor(span.start.index())?;
        }
        let (range, end) = self.scalar_range(&text, style, has_props, span);
        if style == YamlStyle::Plain {
            self.check_plain_yaml11(&text, has_props, span)?;
        }
        // Construction errors cover the tag too, where PyYAML points.
        let whole = Range { start: self.src.marker(&span.start).pos, end: range.end };
        if self.has_tabs && style != YamlStyle::Plain {
            let start = if has_props { self.skip_properties(span.start.index()) } else { span.start.index() };
            let end = match style {
                YamlStyle::SingleQuoted | YamlStyle::DoubleQuoted => self.quoted_end(start, span.end.index()),
                _ => span.end.index(),
            };
            self.shields.push((start, end));
        }
        self.last_end = span.end.index();
        let mut text = text;
        // saphyr ends block text that reaches the end of a file without a final line break with
        // one anyway; PyYAML does not.
        if matches!(style, YamlStyle::Literal | YamlStyle::Folded) && self.ends_without_break(span) {
            strip_final_break(&mut text);
        }
        let tag_name = tag.map(tag_name);
        let (resolved, explicit) = match tag_name.as_deref() {
            None if style == YamlStyle::Plain => (resolve::implicit_tag(&text), false),
            None => (Tag::Str, false),
            // The non-specific tag `!` resolves like a plain scalar, whatever the style.
            Some("!") => (resolve::implicit_tag(&text), false),
            Some(name) => (Tag::from_name(name), true),
        };
        let mut errors = Earliest::default();
        // A string takes over saphyr's text as its value, without a copy, and needs no raw text
        // besides (see `NodeData::raw`).
        let (value, raw) = match (resolved, tag_name.as_deref()) {
            (Tag::Str | Tag::Merge | Tag::Value, _) => (Value::Str(text.into_owned()), None),
            (Tag::Other, Some(name)) => (errors.fail(Unsupported::undefined_tag(name), whole), Some(text.into_owned())),
            (tag, _) => {
                let value = match resolve::construct(tag, &text, explicit) {
                    Ok(value) => value,
                    Err(e) => errors.fail(e, if explicit { whole } else { range }),
                };
                (value, Some(text.into_owned()))
            }
        };
        let node = Node::new(value, Some(style_of(style)), raw, range);
        self.keep_errors(&node, errors);
        if matches!(resolved, Tag::Merge | Tag::Value) {
            self.specials.insert(Rc::as_ptr(&node.data), (Rc::clone(&node.data), (resolved, whole.start)));
        }
        self.complete(node, 1, anchor, end)
    }

    /// Plain scalars that YAML 1.2 (saphyr) accepts but PyYAML's YAML 1.1 scanner rejects: an
    /// empty key before `:`, `?` inside a flow collection's plain text, `|`/`>` starting one.
    fn check_plain_yaml11(&self, text: &str, has_props: bool, span: &Span) -> Result<(), Diagnostic> {
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
    fn check_single_line_key(&self, key: &Node, end: usize) -> Result<(), Diagnostic> {
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
            diagnostic(
                codes::YAML_SYNTAX,
                self.src.char_range(at),
                "a key followed by `:` must fit on one line".into(),
                Some("write the key and its `:` on the same line, or quote the key".into()),
                Some(format!("expected ',' or '{close}', but got ':'")),
            ),
        ))
    }

    /// A `?` (explicit key indicator) is the last thing before `index`.
    fn explicit_key_before(&self, index: usize) -> bool {
        self.src.before(index).chars().rev().find(|c| !c.is_whitespace()) == Some('?')
    }

    fn missing_key(&self, at: Point) -> Diagnostic {
        let dstack = if self.flow_depth > 0 {
            "expected the node content, but found ':'"
        } else {
            "expected <block end>, but found ':'"
        };
        diagnostic(
            codes::YAML_SYNTAX,
            self.src.char_range(at),
            "a mapping key is missing before this `:`".into(),
            Some("write the key before the `:`, or quote the value if the `:` belongs to it".into()),
            Some(dstack.into()),
        )
    }

    /// The token reaches the end of a text that does not end with a line break.
    fn ends_without_break(&self, span: &Span) -> bool {
        span.end.index() >= self.src.chars && !self.src.text.ends_with(['\n', '\r'])
    }

    /// The range of a scalar's text (quotes included, properties (`&a !!str`) excluded), and the
    /// point where it ends.
    fn scalar_range(&self, text: &str, style: YamlStyle, has_props: bool, span: &Span) -> (Range, Point) {
        let first = self.src.marker(&span.start);
        if text.is_empty() && style == YamlStyle::Plain {
            if !has_props {
                // An empty document's null sits at the top, as PyYAML reports it.
                let at = if self.frames.is_empty() {
                    Point { index: 0, pos: Position { line: 1, column: 1 } }
                } else {
                    first
                };
                return (Range { start: at.pos, end: at.pos }, at);
            }
            let end = self.src.marker(&span.end);
            return (Range { start: first.pos, end: end.pos }, end);
        }
        let start = if has_props { self.src.advance(first, self.skip_properties(span.start.index())) } else { first };
        let end = match style {
            YamlStyle::Literal | YamlStyle::Folded => return self.block_range(start, span.end.index()),
            YamlStyle::SingleQuoted | YamlStyle::DoubleQuoted => {
                self.src.advance(start, self.quoted_end(start.index, span.end.index()))
            }
            YamlStyle::Plain => self.src.marker(&span.end),
        };
        (Range { start: start.pos, end: end.pos }, end)
    }

    /// Just after the closing quote of the quoted scalar opened at `open`: saphyr's span goes on
    /// over the spaces and comment that follow.
    fn quoted_end(&self, open: usize, token_end: usize) -> usize {
        let mut chars = self.src.rest(open).chars().peekable();
        let Some(quote) = chars.next() else { return token_end };
        let mut index = open + 1;
        while index < token_end {
            let Some(c) = chars.next() else { break };
            index += 1;
            if c == '\\' && quote == '"' {
                index += usize::from(chars.next().is_some());
            } else if c == quote {
                // `''` is an escaped quote inside single quotes.
                if quote == '\'' && chars.next_if_eq(&'\'').is_some() {
                    index += 1;
                    continue;
                }
                return index;
            }
        }
        token_end
    }

    /// A block scalar from its `|`/`>` indicator to the end of its last non-blank line; saphyr
    /// starts it at the text and ends it after the trailing line breaks.
    fn block_range(&self, content: Point, token_end: usize) -> (Range, Point) {
        let from = self.last_end.min(content.index);
        let indicator = self.find_block_indicator(from, content.index).unwrap_or(content.index);
        let before = self.src.before(token_end);
        let trailing = before.chars().rev().take_while(|c| matches!(c, ' ' | '\t' | '\n' | '\r')).count();
        let end = token_end.saturating_sub(trailing).max(indicator + 1);
        let start = self.src.point(indicator);
        let end = self.src.advance(start, end);
        (Range { start: start.pos, end: end.pos }, end)
    }

    /// The `|` or `>` between `from` and `until`, skipping indicators, properties and comments.
    fn find_block_indicator(&self, from: usize, until: usize) -> Option<usize> {
        let mut chars = self.src.rest(from).chars();
        let mut index = from;
        while index < until {
            let c = chars.next()?;
            index += 1;
            match c {
                '|' | '>' => return Some(index - 1),
                '#' => index += skip_while(&mut chars, |c| c != '\n' && c != '\r'),
                '&' | '!' => index += skip_while(&mut chars, |c| !c.is_whitespace()),
                _ => {}
            }
        }
        None
    }

    /// The character index after a node's properties (`&anchor`, `!tag`) and the space after them.
    fn skip_properties(&self, from: usize) -> usize {
        let mut chars = self.src.rest(from).chars().peekable();
        let mut index = from;
        while let Some(&c) = chars.peek() {
            match c {
                '&' | '!' => {
                    while chars.next_if(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}')).is_some() {
                        index += 1;
                    }
                }
                '#' => {
                    while chars.next_if(|c| *c != '\n' && *c != '\r').is_some() {
                        index += 1;
                    }
                }
                c if c.is_whitespace() => {
                    chars.next();
                    index += 1;
                }
                _ => break,
            }
        }
        index
    }

    fn alias(&mut self, id: usize, span: &Span) -> Result<(), Diagnostic> {
        let start = self.src.marker(&span.start);
        let end = self.src.marker(&span.end);
        let range = Range { start: start.pos, end: end.pos };
        self.check_anchor_name(start.index + 1, span.end.index(), '*')?;
        self.last_end = span.end.index();
        match self.anchors.get(id).and_then(Option::as_ref) {
            Some(anchored) => {
                let node = Node { data: Rc::clone(&anchored.node.data), span: range };
                let size = anchored.size;
                self.push_child(node, size, end)
            }
            None => {
                let name = self
                    .src
                    .rest(start.index + 1)
                    .chars()
                    .take(span.end.index().saturating_sub(start.index + 1))
                    .collect::<String>();
                let node = Node::new(Value::Null, None, None, range);
                self.keep_errors(&node, Earliest(Some(recursive_alias(&name, range))));
                self.push_child(node, 1, end)
            }
        }
    }

    fn open(&mut self, mapping: bool, anchor: usize, tag: Option<&YamlTag>, span: &Span) -> Result<(), Diagnostic> {
        let has_props = anchor != 0 || tag.is_some();
        let start = self.collection_start(mapping, has_props, span);
        if self.frames.len() >= self.limits.max_depth {
            return Err(self.too_deep(start));
        }
        if anchor != 0 {
            self.register_anchor(span.start.index())?;
            self.ensure_anchor_slot(anchor);
        }
        self.last_end = span.end.index();
        let flow = matches!(self.src.char_at(start.index), Some('[' | '{'));
        self.flow_depth += usize::from(flow);
        let tag = tag.map(tag_name).filter(|name| name != "!").map(|name| (Tag::from_name(&name), name));
        let children = if mapping {
            Children::Map { from: self.pairs.len(), key: None }
        } else {
            Children::Seq { from: self.items.len() }
        };
        self.frames.push(Frame {
            tag,
            anchor,
            start: start.pos,
            props: self.src.marker(&span.start).pos,
            flow,
            children,
            size: 0,
            end: start,
        });
        Ok(())
    }

    /// Where a collection's own text starts: its bracket, first key or first `-`.
    fn collection_start(&self, mapping: bool, has_props: bool, span: &Span) -> Point {
        if !has_props && (mapping || matches!(self.src.char_at(span.start.index()), Some('-' | '['))) {
            return self.src.marker(&span.start);
        }
        let mut index = if has_props { self.skip_properties(span.start.index()) } else { span.start.index() };
        // An indentless sequence (`key:\n- a`) is dated after its first `- `.
        if !mapping && !matches!(self.src.char_at(index), Some('-' | '[')) {
            let back = self.src.before(index).chars().rev().take_while(|c| *c == ' ').count();
            if index > back && self.src.char_at(index - back - 1) == Some('-') {
                index -= back + 1;
            }
        }
        self.src.advance(self.src.marker(&span.start), index)
    }

    fn too_deep(&self, at: Point) -> Diagnostic {
        diagnostic(
            codes::LIMIT_EXCEEDED,
            self.src.char_range(at),
            format!("lists and mappings are nested more than {} levels deep here", self.limits.max_depth),
            Some("a dstack configuration needs only a few levels; check for unbalanced brackets".into()),
            None,
        )
    }

    fn close(&mut self, span: &Span) -> Result<(), Diagnostic> {
        let Some(frame) = self.frames.pop() else { return Ok(()) };
        // saphyr's span of `]`/`}` runs on over the spaces and comment after it.
        let bracket_end = span.start.index() + 1;
        let end = if frame.flow { self.src.advance(self.src.marker(&span.start), bracket_end) } else { frame.end };
        if frame.flow {
            self.last_end = bracket_end;
            self.flow_depth = self.flow_depth.saturating_sub(1);
        }
        let range = Range { start: frame.start, end: end.pos };
        let size = frame.size.saturating_add(1);
        let node = match frame.children {
            Children::Map { from, .. } => {
                let pairs = self.pairs.split_off(from);
                self.finish_mapping(frame.tag, frame.props, pairs, range)
            }
            Children::Seq { from } => {
                let items = self.items.split_off(from);
                self.finish_sequence(frame.tag, frame.props, items, range)
            }
        };
        self.complete(node, size, frame.anchor, end)
    }

    /// Registers a finished node (ending at `end`) under its anchor and hands it to its parent.
    fn complete(&mut self, node: Node, size: u64, anchor: usize, end: Point) -> Result<(), Diagnostic> {
        if anchor != 0 {
            self.ensure_anchor_slot(anchor);
            if let Some(slot) = self.anchors.get_mut(anchor) {
                *slot = Some(Anchored { node: node.clone(), size });
            }
        }
        self.push_child(node, size, end)
    }

    fn ensure_anchor_slot(&mut self, anchor: usize) {
        if self.anchors.len() <= anchor {
            self.anchors.resize_with(anchor + 1, || None);
        }
    }

    fn push_child(&mut self, node: Node, size: u64, end: Point) -> Result<(), Diagnostic> {
        if self.flow_depth > 0 && self.next_is_key() {
            self.check_single_line_key(&node, end.index)?;
        }
        let limit = self.limits.max_expanded_nodes;
        let Some(frame) = self.frames.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        frame.size = frame.size.saturating_add(size);
        frame.end = end;
        let span = node.span;
        match &mut frame.children {
            Children::Seq { .. } => self.items.push(node),
            Children::Map { key, .. } => match key.take() {
                Some(key) => self.pairs.push((key, node)),
                None => *key = Some(node),
            },
        }
        if frame.size > limit {
            return Err(too_many_nodes(span, limit));
        }
        Ok(())
    }

    /// Keeps the construction errors of a new node.
    fn keep_errors(&mut self, node: &Node, errors: Earliest) {
        if let Some(error) = errors.0 {
            self.errors.insert(Rc::as_ptr(&node.data), (Rc::clone(&node.data), error));
        }
    }

    /// The earliest construction error in a node's subtree.
    fn error_of(&self, node: &Node) -> Option<Diagnostic> {
        if self.errors.is_empty() {
            return None;
        }
        self.errors.get(&Rc::as_ptr(&node.data)).map(|(_, e)| e.clone())
    }

    /// What constructing `node` as a value or list item raises: its subtree's errors, or the
    /// missing constructor of a `<<`/`=` scalar (only mapping keys may be those).
    fn constructed(&self, node: &Node) -> Option<Diagnostic> {
        let mut errors = Earliest(self.error_of(node));
        if !self.specials.is_empty()
            && let Some((_, (tag, tag_start))) = self.specials.get(&Rc::as_ptr(&node.data))
        {
            // An alias is reported where it is; the node itself from its tag on.
            let range =
                if node.span == node.data.span { Range { start: *tag_start, end: node.span.end } } else { node.span };
            errors.add(diagnose(Unsupported::undefined_tag(&tag.full_name()), range));
        }
        errors.0
    }

    /// The next child of the innermost collection is a mapping key.
    fn next_is_key(&self) -> bool {
        self.frames.last().is_some_and(|f| matches!(f.children, Children::Map { key: None, .. }))
    }

    /// The special tag (`<<`, `=`) of a node, if it has one.
    fn special(&self, node: &Node) -> Option<Tag> {
        if self.specials.is_empty() {
            return None;
        }
        self.specials.get(&Rc::as_ptr(&node.data)).map(|(_, (tag, _))| *tag)
    }

    /// A sequence with its explicit tag, whose properties start at `props`.
    fn finish_sequence(&mut self, tag: Option<(Tag, String)>, props: Position, items: Vec<Node>, range: Range) -> Node {
        let whole = Range { start: props, end: range.end };
        let mut errors = Earliest::default();
        let value = match &tag {
            None | Some((Tag::Seq, _)) => {
                for item in &items {
                    errors.add_opt(self.constructed(item));
                }
                Ok(Value::Seq(items))
            }
            Some((tag @ (Tag::Omap | Tag::Pairs), _)) => self.pairs_list(*tag, items, &mut errors),
            Some((Tag::Merge | Tag::Value | Tag::Other, name)) => Err(Unsupported::undefined_tag(name)),
            Some((tag, _)) => Err(Unsupported::wrong_kind(*tag, "sequence")),
        };
        let value = value.unwrap_or_else(|e| errors.fail(e, whole));
        let node = Node::new(value, None, None, range);
        self.keep_errors(&node, errors);
        node
    }

    /// `!!omap` / `!!pairs`: a list of one-pair mappings becomes a list of `[key, value]` pairs.
    fn pairs_list(&self, tag: Tag, items: Vec<Node>, errors: &mut Earliest) -> Result<Value, Unsupported> {
        let what = if tag == Tag::Omap { "an ordered map" } else { "pairs" };
        let mut pairs = Vec::with_capacity(items.len());
        for item in items {
            let own = match item.value() {
                Value::Map(_) => self.pairs_of(&item),
                other => {
                    return Err(omap_error(
                        what,
                        format!("expected a mapping of length 1, but found {}", kind_of(other)),
                    ));
                }
            };
            match own.as_slice() {
                [(key, value)] => {
                    // PyYAML constructs only the pair, not the mapping around it.
                    errors.add_opt(self.constructed(key));
                    errors.add_opt(self.constructed(value));
                    pairs.push(Node::new(Value::Seq(vec![key.clone(), value.clone()]), None, None, item.span));
                }
                _ => {
                    return Err(omap_error(
                        what,
                        format!("expected a single mapping item, but found {} items", own.len()),
                    ));
                }
            }
        }
        Ok(Value::Seq(pairs))
    }

    /// A mapping with its explicit tag, whose properties start at `props`.
    fn finish_mapping(
        &mut self,
        tag: Option<(Tag, String)>,
        props: Position,
        own: Vec<(Node, Node)>,
        range: Range,
    ) -> Node {
        // `!!omap` and `!!pairs` take their items' pairs as written, without building dicts.
        let in_pairs = self.frames.last().is_some_and(|f| matches!(f.tag, Some((Tag::Omap | Tag::Pairs, _))));
        match &tag {
            None if in_pairs => Node::new(Value::Map(own), None, None, range),
            None | Some((Tag::Map | Tag::Set, _)) => {
                let set = matches!(tag, Some((Tag::Set, _)));
                self.build_dict(own, set, range)
            }
            Some((tag, name)) => {
                let value = match tag {
                    Tag::Seq | Tag::Omap | Tag::Pairs => Err(Unsupported::wrong_kind(*tag, "mapping")),
                    Tag::Merge | Tag::Value | Tag::Other => Err(Unsupported::undefined_tag(name)),
                    scalar => self.scalar_from_mapping(*scalar, own),
                };
                // Only the tag's constructor runs: the mapping's children are never constructed.
                let whole = Range { start: props, end: range.end };
                let mut errors = Earliest::default();
                let value = value.unwrap_or_else(|e| errors.fail(e, whole));
                let node = Node::new(value, None, None, range);
                self.keep_errors(&node, errors);
                node
            }
        }
    }

    /// PyYAML's `construct_mapping` after `flatten_mapping`: merges first, then a Python dict.
    fn build_dict(&mut self, own: Vec<(Node, Node)>, set: bool, range: Range) -> Node {
        let has_merge = own.iter().any(|(k, _)| self.special(k) == Some(Tag::Merge));
        if !set && !has_merge && distinct_keys(&own) {
            // The usual mapping: the dict holds the pairs as written, and only their own errors.
            let mut errors = Earliest::default();
            if !self.errors.is_empty() || !self.specials.is_empty() {
                for (key, value) in &own {
                    errors.add_opt(self.error_of(key));
                    errors.add_opt(self.constructed(value));
                }
            }
            let node = Node::new(Value::Map(own), None, None, range);
            self.keep_errors(&node, errors);
            return node;
        }
        let (flat, merged, flatten_errors) = if has_merge { self.flatten(own) } else { (own, 0, Earliest::default()) };
        let mut errors = Earliest(flatten_errors.0.clone());
        let mut entries: Vec<(Node, Node)> = Vec::with_capacity(flat.len());
        let mut merged_entries = 0;
        let mut index = KeyIndex::Small(Vec::new());
        for (i, (key, value)) in flat.iter().enumerate() {
            errors.add_opt(self.error_of(key));
            let Some(py) = resolve::py_key(key) else {
                errors.add(unhashable(key.span));
                continue;
            };
            errors.add_opt(self.constructed(value));
            match index.find(&py) {
                Some(j) => {
                    let first = entries.get_mut(j).map(|entry| {
                        entry.1 = value.clone();
                        entry.0.span
                    });
                    // Overriding a merged key is what merges are for; only repeats of own keys count.
                    if let (true, Some(first)) = (i >= merged && j >= merged_entries, first) {
                        self.record_duplicate(key, first);
                    }
                }
                None => {
                    index.insert(py, entries.len());
                    entries.push((key.clone(), value.clone()));
                    if i < merged {
                        merged_entries += 1;
                    }
                }
            }
        }
        let differs = set || merged > 0 || entries.len() != flat.len();
        let value = if set { Value::Set(entries.into_iter().map(|(k, _)| k).collect()) } else { Value::Map(entries) };
        let node = Node::new(value, None, None, range);
        if differs {
            self.flats.insert(Rc::as_ptr(&node.data), (Rc::clone(&node.data), flat.into()));
        }
        if let Some(error) = flatten_errors.0 {
            self.flatten_errors.insert(Rc::as_ptr(&node.data), (Rc::clone(&node.data), error));
        }
        self.keep_errors(&node, errors);
        node
    }

    /// `flatten_mapping`: the pairs of `<<` values (deduplicated PyYAML's way) before own pairs,
    /// how many were merged, and the errors flattening raises (here and in the merged mappings).
    fn flatten(&self, own: Vec<(Node, Node)>) -> (Vec<(Node, Node)>, usize, Earliest) {
        let mut errors = Earliest::default();
        let mut merged = Vec::new();
        let mut seen = HashSet::new();
        let mut rest = Vec::with_capacity(own.len());
        for (key, value) in own {
            if self.special(&key) != Some(Tag::Merge) {
                rest.push((key, value));
                continue;
            }
            match value.value() {
                Value::Map(_) | Value::Set(_) => self.merge_from(&value, &mut merged, &mut seen, &mut errors),
                Value::Seq(subs) => {
                    for sub in subs {
                        if matches!(sub.value(), Value::Map(_) | Value::Set(_)) {
                            self.merge_from(sub, &mut merged, &mut seen, &mut errors);
                        } else {
                            let found = kind_of(sub.value());
                            errors.add(merge_error(
                                format!("expected a mapping for merging, but found {found}"),
                                sub.span,
                            ));
                        }
                    }
                }
                other => {
                    let found = kind_of(other);
                    errors.add(merge_error(
                        format!("expected a mapping or list of mappings for merging, but found {found}"),
                        value.span,
                    ));
                }
            }
        }
        let count = merged.len();
        merged.extend(rest);
        (merged, count, errors)
    }

    fn merge_from(
        &self,
        source: &Node,
        merged: &mut Vec<(Node, Node)>,
        seen: &mut HashSet<KeyId>,
        errors: &mut Earliest,
    ) {
        // PyYAML flattens the source first (its own `<<` errors fire) but never constructs it.
        if !self.flatten_errors.is_empty()
            && let Some((_, error)) = self.flatten_errors.get(&Rc::as_ptr(&source.data))
        {
            errors.add(error.clone());
        }
        for (key, value) in self.pairs_of(source) {
            if seen.insert(resolve::key_id(&key)) {
                merged.push((key, value));
            }
        }
    }

    /// A mapping node's pairs as PyYAML's node holds them after flattening.
    fn pairs_of(&self, node: &Node) -> Vec<(Node, Node)> {
        if let Some((_, flat)) = self.flats.get(&Rc::as_ptr(&node.data)) {
            return flat.to_vec();
        }
        match node.value() {
            Value::Map(entries) => entries.clone(),
            _ => Vec::new(),
        }
    }

    /// `!!str {=: text}`: PyYAML's `construct_scalar` takes a mapping's `=` value.
    fn scalar_from_mapping(&self, tag: Tag, own: Vec<(Node, Node)>) -> Result<Value, Unsupported> {
        let mut pairs = own;
        // Iterative: each alias may add a level, so the chain can be long.
        loop {
            let Some((_, value)) = pairs.iter().find(|(k, _)| self.special(k) == Some(Tag::Value)) else {
                return Err(Unsupported::wrong_kind(tag, "mapping"));
            };
            match (value.raw(), value.value()) {
                (Some(raw), _) => return resolve::construct(tag, raw, true),
                (None, Value::Map(_)) => pairs = self.pairs_of(value),
                (None, other) => return Err(Unsupported::wrong_kind(tag, kind_of(other))),
            }
        }
    }

    fn record_duplicate(&mut self, key: &Node, first: Range) {
        let mut path = self.path_here();
        push_segment(&mut path, key);
        self.duplicates.push(DuplicateKey { path, range: key.span, first });
    }

    /// The dotted path of the node being composed, from the open collections.
    fn path_here(&self) -> String {
        let mut path = String::new();
        for (i, frame) in self.frames.iter().enumerate() {
            match &frame.children {
                Children::Seq { from } => {
                    // This sequence's items end where the next open sequence's start.
                    let inner = self.frames.iter().skip(i + 1).find_map(|f| match f.children {
                        Children::Seq { from } => Some(from),
                        Children::Map { .. } => None,
                    });
                    let count = inner.unwrap_or(self.items.len()).saturating_sub(*from);
                    path.push_str(&format!("[{count}]"));
                }
                Children::Map { key: Some(key), .. } => push_segment(&mut path, key),
                Children::Map { key: None, .. } => {}
            }
        }
        path
    }

    /// Checks an anchor's name (PyYAML's rules) and that it is not defined twice.
    fn register_anchor(&mut self, from: usize) -> Result<(), Diagnostic> {
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
    fn find_anchor(&self, from: usize) -> usize {
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
    fn check_anchor_name(&self, start: usize, end: usize, sigil: char) -> Result<(), Diagnostic> {
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
            diagnostic(
                codes::YAML_SYNTAX,
                self.src.char_range(at),
                format!(
                    "`{bad}` is not allowed in an {kind} name: PyYAML accepts only ASCII letters, digits, `-` and `_`"
                ),
                Some(format!("rename the anchor and its aliases, e.g. `{sigil}my_name`")),
                Some(format!(
                    "while scanning an {kind}: expected alphabetic or numeric character, but found {}",
                    crate::python::repr_str(&bad.to_string())
                )),
            ),
        ))
    }

    /// An error at `index`, unless PyYAML would first stop at a bad tab before it.
    fn fail_at(&self, index: usize, error: Diagnostic) -> Diagnostic {
        self.first_bad_tab(index).unwrap_or(error)
    }

    /// The first tab PyYAML rejects at or before `limit` (a character index).
    ///
    /// PyYAML (YAML 1.1) takes tabs only inside quoted and block scalars and in comments;
    /// anywhere else (indentation, after `:` or `-`, inside plain text, at a line's end) its
    /// scanner stops with "found character '\t' that cannot start any token".
    fn first_bad_tab(&self, limit: usize) -> Option<Diagnostic> {
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

    /// Turns a saphyr error into a diagnostic, worded for a person.
    fn syntax_error(&self, e: &ScanError) -> Diagnostic {
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
    fn directive_in_document(&self, at: Point) -> Diagnostic {
        let line = self.src.rest(at.index + 1);
        let name = line.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).count();
        let next = line.chars().nth(name);
        if name > 0 && next.is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
            return self.second_document(at);
        }
        let bad = self.src.point(at.index + 1 + name);
        diagnostic(
            codes::YAML_SYNTAX,
            self.src.char_range(bad),
            "a line starting with `%` is a directive (like `%YAML 1.1`), and this one is not well-formed".into(),
            Some("indent the line, or quote the text if `%` is part of a key".into()),
            Some(format!(
                "while scanning a directive: expected alphabetic or numeric character, but found {}",
                self.found_py(bad)
            )),
        )
    }

    fn describe_syntax(&self, info: &str, at: Point) -> Diagnostic {
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
                    Some(format!("found undefined alias {}", crate::python::repr_str(&name))),
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
            i if i.contains("tag") || i.contains("handle") => (
                format!("this tag is not well-formed ({info})"),
                Some("remove the tag; dstack configurations need none"),
                None,
            ),
            i if i.contains("directive") => {
                (format!("this `%` directive is not well-formed ({info})"), Some("remove the directive line"), None)
            }
            _ => (format!("the YAML is not well-formed: {info}"), None, None),
        };
        let range = self.error_range(info, at);
        diagnostic(codes::YAML_SYNTAX, range, message, help.map(str::to_string), dstack)
    }

    /// Whether `index` is probably inside an open `[`/`{` (quotes and comments skipped): only
    /// chooses an error's wording.
    fn inside_brackets(&self, index: usize) -> bool {
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
    fn adjust_error_point(&self, info: &str, at: Point) -> Point {
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

    fn error_range(&self, info: &str, at: Point) -> Range {
        if info.contains("unknown escape") {
            let end = Position { line: at.pos.line, column: at.pos.column + 2 };
            return Range { start: at.pos, end };
        }
        self.src.char_range(at)
    }

    /// The first unknown escape in the double-quoted scalar starting at `quote`.
    fn bad_escape(&self, quote: usize) -> Option<usize> {
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

    fn escape_error(&self, at: Point) -> (String, Option<&'static str>, Option<String>) {
        let escape: String = self.src.rest(at.index).chars().take(2).collect();
        if escape.starts_with('\\') {
            let c: String = escape.chars().skip(1).collect();
            return (
                format!("unknown escape sequence `{escape}` in a double-quoted string"),
                Some("write `\\\\` for a backslash, or use single quotes, which have no escapes"),
                Some(format!(
                    "while scanning a double-quoted scalar: found unknown escape character {}",
                    crate::python::repr_str(&c)
                )),
            );
        }
        (
            "invalid escape sequence in a double-quoted string".into(),
            Some("`\\x`, `\\u` and `\\U` need 2, 4 and 8 hexadecimal digits"),
            None,
        )
    }

    /// "line L, column C" of the innermost open collection written with `bracket`.
    fn opened_at(&self, bracket: char) -> String {
        let frame = self.frames.iter().rev().find(|f| f.flow && f.mapping() == (bracket == '{'));
        match frame {
            Some(f) => format!("at line {}, column {}", f.start.line, f.start.column),
            None => "above".into(),
        }
    }

    /// What is at `at`, for messages.
    fn found(&self, at: Point) -> String {
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
    fn found_py(&self, at: Point) -> String {
        match self.src.char_at(at.index) {
            None => "'<stream end>'".into(),
            Some(c) => crate::python::repr_str(&c.to_string()),
        }
    }

    /// An anchor or alias name starting at `index`.
    fn name_at(&self, index: usize) -> String {
        self.src
            .rest(index)
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .collect()
    }
}

/// The construction error earliest in the text among those seen.
#[derive(Default)]
struct Earliest(Option<Diagnostic>);

impl Earliest {
    fn add(&mut self, error: Diagnostic) {
        if self.0.as_ref().is_none_or(|d| error.range.start < d.range.start) {
            self.0 = Some(error);
        }
    }

    fn add_opt(&mut self, error: Option<Diagnostic>) {
        if let Some(error) = error {
            self.add(error);
        }
    }

    /// Records a constructor failure and gives the placeholder value.
    fn fail(&mut self, error: Unsupported, range: Range) -> Value {
        self.add(diagnose(error, range));
        Value::Null
    }
}

/// Finds a dictionary key among those already placed: a list for the usual small mappings, a
/// hash map once a mapping grows.
enum KeyIndex<'a> {
    Small(Vec<PyKey<'a>>),
    Large(HashMap<PyKey<'a>, usize>),
}

/// Above this many keys a mapping switches to hashing.
const SMALL_MAPPING: usize = 16;

impl<'a> KeyIndex<'a> {
    fn find(&self, key: &PyKey<'a>) -> Option<usize> {
        match self {
            KeyIndex::Small(keys) => keys.iter().position(|k| k == key),
            KeyIndex::Large(map) => map.get(key).copied(),
        }
    }

    /// Adds a key that `find` did not find, at entry `position`.
    fn insert(&mut self, key: PyKey<'a>, position: usize) {
        match self {
            KeyIndex::Small(keys) if keys.len() < SMALL_MAPPING => keys.push(key),
            KeyIndex::Small(keys) => {
                let mut map: HashMap<PyKey<'a>, usize> = keys.drain(..).enumerate().map(|(i, k)| (k, i)).collect();
                map.insert(key, position);
                *self = KeyIndex::Large(map);
            }
            KeyIndex::Large(map) => {
                map.insert(key, position);
            }
        }
    }
}

/// Every key of a small mapping is hashable and differs from the others as a Python dict key.
fn distinct_keys(pairs: &[(Node, Node)]) -> bool {
    if pairs.len() > SMALL_MAPPING {
        return false;
    }
    pairs.iter().enumerate().all(|(i, (key, _))| match key.value() {
        // Only a string equals a string as a dict key.
        Value::Str(text) => pairs.iter().take(i).all(|(k, _)| !matches!(k.value(), Value::Str(t) if t == text)),
        _ => resolve::py_key(key)
            .is_some_and(|py| pairs.iter().take(i).all(|(k, _)| resolve::py_key(k).as_ref() != Some(&py))),
    })
}

/// Drops the line break that ends a block scalar's text.
fn strip_final_break(text: &mut Cow<'_, str>) {
    match text {
        Cow::Owned(owned) => {
            if owned.ends_with('\n') {
                owned.pop();
            }
        }
        Cow::Borrowed(borrowed) => *borrowed = borrowed.strip_suffix('\n').unwrap_or(borrowed),
    }
}

/// Advances `chars` while `f` holds; returns how many characters it skipped.
fn skip_while(chars: &mut std::str::Chars, f: impl Fn(char) -> bool) -> usize {
    let mut n = 0;
    let mut peek = chars.clone();
    while peek.next().is_some_and(&f) {
        chars.next();
        n += 1;
    }
    n
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

/// The full tag string PyYAML would see (`tag:yaml.org,2002:str`, `!foo`, `!`).
fn tag_name(tag: &YamlTag) -> String {
    format!("{}{}", tag.handle, tag.suffix)
}

fn style_of(style: YamlStyle) -> ScalarStyle {
    match style {
        YamlStyle::Plain => ScalarStyle::Plain,
        YamlStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        YamlStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        YamlStyle::Literal => ScalarStyle::Literal,
        YamlStyle::Folded => ScalarStyle::Folded,
    }
}

/// PyYAML's name for a node's kind.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Seq(_) => "sequence",
        Value::Map(_) | Value::Set(_) => "mapping",
        _ => "scalar",
    }
}

/// Appends a mapping key to a dotted path.
fn push_segment(path: &mut String, key: &Node) {
    if !path.is_empty() {
        path.push('.');
    }
    match (key.value(), key.raw()) {
        (Value::Str(s), _) => path.push_str(s),
        (_, Some(raw)) => path.push_str(raw),
        _ => path.push('?'),
    }
}

fn diagnose(error: Unsupported, range: Range) -> Diagnostic {
    let code = if error.too_large { codes::LIMIT_EXCEEDED } else { codes::UNSUPPORTED_YAML };
    let dstack = (!error.python.is_empty()).then_some(error.python);
    diagnostic(code, range, error.message, error.help, dstack)
}

fn too_many_nodes(range: Range, limit: u64) -> Diagnostic {
    diagnostic(
        codes::LIMIT_EXCEEDED,
        range,
        format!("aliases here expand the document to more than {limit} values (a \"billion laughs\" document)"),
        Some("use fewer nested aliases (`*name`)".into()),
        None,
    )
}

fn recursive_alias(name: &str, range: Range) -> Diagnostic {
    diagnostic(
        codes::UNSUPPORTED_YAML,
        range,
        format!(
            "the alias `*{name}` is used inside the collection `&{name}` it refers to, making a recursive structure"
        ),
        Some("refer to the anchor only after its collection ends".into()),
        None,
    )
}

fn unhashable(range: Range) -> Diagnostic {
    diagnostic(
        codes::UNSUPPORTED_YAML,
        range,
        "a list or mapping cannot be used as a mapping key".into(),
        Some("use a plain value as the key, or quote it".into()),
        Some("while constructing a mapping: found unhashable key".into()),
    )
}

fn merge_error(python: String, range: Range) -> Diagnostic {
    diagnostic(
        codes::UNSUPPORTED_YAML,
        range,
        "the value of a merge key `<<` must be a mapping or a list of mappings".into(),
        Some("merge an anchored mapping (`<<: *defaults`), or quote `\"<<\"` if it is meant as a key".into()),
        Some(format!("while constructing a mapping: {python}")),
    )
}

fn omap_error(what: &str, python: String) -> Unsupported {
    Unsupported {
        too_large: false,
        message: format!("{what} (`!!omap`/`!!pairs`) must be a list of single-entry mappings"),
        help: Some("write each entry as `- key: value`".into()),
        python: format!("while constructing {what}: {python}"),
    }
}

fn duplicate_anchor(name: &str, range: Range, first: Range) -> Diagnostic {
    diagnostic(
        codes::YAML_SYNTAX,
        range,
        format!(
            "the anchor `&{name}` is already defined at line {}, column {}; PyYAML rejects a second definition",
            first.start.line, first.start.column
        ),
        Some("give each anchor a different name".into()),
        Some(format!(
            "found duplicate anchor {}; first occurrence ... second occurrence",
            crate::python::repr_str(name)
        )),
    )
}

fn flow_indicator_error(range: Range, c: char) -> Diagnostic {
    diagnostic(
        codes::YAML_SYNTAX,
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

fn question_in_flow(range: Range, close: char) -> Diagnostic {
    diagnostic(
        codes::YAML_SYNTAX,
        range,
        "`?` cannot appear in an unquoted value inside `[...]` or `{...}` (YAML 1.1)".into(),
        Some("quote the value".into()),
        Some(format!("expected ',' or '{close}', but got '?'")),
    )
}

fn tab_error(range: Range) -> Diagnostic {
    diagnostic(
        codes::YAML_SYNTAX,
        range,
        "a tab character is not allowed here: PyYAML (YAML 1.1) accepts tabs only inside quoted or block text and comments".into(),
        Some("replace the tab with spaces".into()),
        Some("while scanning for the next token: found character '\\t' that cannot start any token".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::float_repr;
    use std::time::Instant;

    fn limits() -> LoadLimits {
        LoadLimits::default()
    }

    fn ok(text: &str) -> Node {
        load(text, &limits()).unwrap_or_else(|d| panic!("{text:?} failed: {d:#?}"))
    }

    fn err(text: &str) -> Diagnostic {
        match load(text, &limits()) {
            Ok(node) => panic!("{text:?} loaded: {}", py(&node)),
            Err(d) => d,
        }
    }

    /// Code, line and column of the error.
    fn err_at(text: &str) -> (&'static str, u32, u32) {
        let d = err(text);
        assert_eq!((d.stage, d.severity, d.path.as_str()), (Stage::Yaml, Severity::Error, ""), "{d:#?}");
        (d.code, d.range.start.line, d.range.start.column)
    }

    fn range(node: &Node) -> (u32, u32, u32, u32) {
        let r = node.span;
        (r.start.line, r.start.column, r.end.line, r.end.column)
    }

    fn at<'a>(node: &'a Node, key: &str) -> &'a Node {
        node.get(key).map(|(_, v)| v).unwrap_or_else(|| panic!("no key {key}"))
    }

    fn key<'a>(node: &'a Node, key: &str) -> &'a Node {
        node.get(key).map(|(k, _)| k).unwrap_or_else(|| panic!("no key {key}"))
    }

    fn item(node: &Node, i: usize) -> &Node {
        match node.value() {
            Value::Seq(items) => items.get(i).unwrap_or_else(|| panic!("no item {i}")),
            other => panic!("not a list: {other:?}"),
        }
    }

    /// The value rendered like Python's `repr` (dates as `ts`), to compare with PyYAML's output.
    fn py(node: &Node) -> String {
        match node.value() {
            Value::Null => "None".into(),
            Value::Bool(b) => (if *b { "True" } else { "False" }).into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => repr(s),
            Value::Timestamp(_) => "ts".into(),
            Value::Seq(items) => format!("[{}]", items.iter().map(py).collect::<Vec<_>>().join(", ")),
            Value::Map(entries) => {
                let parts: Vec<String> = entries.iter().map(|(k, v)| format!("{}: {}", py(k), py(v))).collect();
                format!("{{{}}}", parts.join(", "))
            }
            Value::Set(items) => format!("set({})", items.iter().map(py).collect::<Vec<_>>().join(", ")),
        }
    }

    fn repr(s: &str) -> String {
        let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
        let mut out = quote.to_string();
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if c == quote => out.push_str(&format!("\\{c}")),
                c if (c as u32) < 0x20 || (0x7f..=0xa0).contains(&(c as u32)) => {
                    out.push_str(&format!("\\x{:02x}", c as u32))
                }
                c => out.push(c),
            }
        }
        out.push(quote);
        out
    }

    /// Inputs and `repr` of what PyYAML 6.0.4's `safe_load` returns for them (from the oracle).
    const PYYAML: &[(&str, &str)] = &[
        ("a: |\n  x", "{'a': 'x'}"),
        ("a: |+\n  x", "{'a': 'x'}"),
        ("a: |-\n  x", "{'a': 'x'}"),
        ("a: >\n  x\n  y", "{'a': 'x y'}"),
        ("a: |+\n  x\n\n  ", "{'a': 'x\\n\\n'}"),
        ("a: |\n  x\n  ", "{'a': 'x\\n'}"),
        ("a: |+\n  x\n\n", "{'a': 'x\\n\\n'}"),
        ("- |\n  x", "['x']"),
        ("a: |\n  x  ", "{'a': 'x  '}"),
        ("a: >+\n  x\n\n", "{'a': 'x\\n\\n'}"),
        ("a: |+\n  x\n \n", "{'a': 'x\\n\\n'}"),
        ("a: |\n\n  x\n", "{'a': '\\nx\\n'}"),
        ("a: |\n", "{'a': ''}"),
        ("a: |", "{'a': ''}"),
        ("a: |+\n\n", "{'a': '\\n'}"),
        ("a: >\n  x\n\n  y\n", "{'a': 'x\\ny\\n'}"),
        ("a: |\n  x\n\n\nb: 1", "{'a': 'x\\n', 'b': 1}"),
        ("a: |+\n  x\n\n\nb: 1", "{'a': 'x\\n\\n\\n', 'b': 1}"),
        ("a: yes", "{'a': True}"),
        (
            "[yes, Yes, YES, no, No, NO, true, True, TRUE, false, False, FALSE, on, On, ON, off, Off, OFF]",
            "[True, True, True, False, False, False, True, True, True, False, False, False, True, True, True, False, False, False]",
        ),
        ("[y, Y, n, N, yES, tRUE, oN, nO, ofF]", "['y', 'Y', 'n', 'N', 'yES', 'tRUE', 'oN', 'nO', 'ofF']"),
        ("[~, null, Null, NULL, nULL, '', ]", "[None, None, None, None, 'nULL', '']"),
        ("a:", "{'a': None}"),
        (
            "[22:22, 8080:80, 1:30:00, 8080:30, 1:60, 0:30, 00:30, 1:7, -1:30, +1:2:3, 1:00:60]",
            "[1342, '8080:80', 5400, 484830, '1:60', '0:30', '00:30', 67, -90, 3723, '1:00:60']",
        ),
        (
            "[0755, 0x10, 0b101, 1_000, 0_, 00, 0_0, 08, 0777_7, -0x_1F, +0b1_0, 0o7, 09, -0, +1, 1_, 1__2, _1, 0b, 0x]",
            "[493, 16, 5, 1000, 0, 0, 0, '08', 4095, -31, 2, '0o7', '09', 0, 1, 1, 12, '_1', '0b', '0x']",
        ),
        (
            "[1e3, 1.0e+3, 1.0e3, 1.e+5, .5, -.5, +.5, 1., 1._, 3.10, 1_000.5, .5e-3, 1.5E+2, 12:30:00.5, 1:5.5, 190:20:30.15, 1.5:3]",
            "['1e3', 1000.0, '1.0e3', 100000.0, 0.5, '-.5', '+.5', 1.0, 1.0, 3.1, 1000.5, 0.0005, 150.0, 45000.5, 65.5, 685230.15, '1.5:3']",
        ),
        (
            "[.inf, .Inf, .INF, -.inf, +.inf, -.INF, .nan, .NaN, .NAN, NaN, -.nan, inf, .infinity]",
            "[inf, inf, inf, -inf, inf, -inf, nan, nan, nan, 'NaN', '-.nan', 'inf', '.infinity']",
        ),
        (
            "[2024-01-01, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 -5, 2024-1-1 1:00:00, 2001-1-1, 2001-12-14   21:59:43, 2001-12-14T21:59:43Z]",
            "[ts, ts, ts, ts, '2001-1-1', ts, ts]",
        ),
        (
            "['yes', \"no\", 'null', \"1\", '0x10', \"22:22\", '', \"~\"]",
            "['yes', 'no', 'null', '1', '0x10', '22:22', '', '~']",
        ),
        ("a: |\n  yes\nb: >-\n  22:22", "{'a': 'yes\\n', 'b': '22:22'}"),
        ("[=x, <<x, x=, '=', \"<<\"]", "['=x', '<<x', 'x=', '=', '<<']"),
        ("{1: a, '1': b, 1.0: c}", "{1: 'c', '1': 'b'}"),
        ("{0: a, false: b, -0.0: c, 0.0: d}", "{0: 'd'}"),
        ("{True: a, 1: b}", "{True: 'b'}"),
        ("{1: a, !!float 1: b}", "{1: 'b'}"),
        ("{10: a, 0o12: b, 012: c, 0xa: d}", "{10: 'd', '0o12': 'b'}"),
        ("{.nan: a, .NaN: b}", "{nan: 'b'}"),
        ("{.nan: a, !!float .nan: b, !!float -.NAN: c}", "{nan: 'c'}"),
        ("{.inf: a, !!float inf: b}", "{inf: 'b'}"),
        ("{&n !!float nan: a, *n : b}", "{nan: 'b'}"),
        ("{~: a, null: b, '': c}", "{None: 'b', '': 'c'}"),
        ("a: 1\nb: 2\na: 3", "{'a': 3, 'b': 2}"),
        ("{b: 1, a: 2, b: 3, c: 4, a: 5}", "{'b': 3, 'a': 5, 'c': 4}"),
        ("{<<: {a: 1}, a: 2}", "{'a': 2}"),
        ("{a: 2, <<: {a: 1, b: 3}}", "{'a': 2, 'b': 3}"),
        ("{<<: [{a: 1}, {a: 2, b: 2}]}", "{'a': 1, 'b': 2}"),
        ("{<<: [{aa: 1}, {aa: 2, b: 2}]}", "{'aa': 2, 'b': 2}"),
        ("{<<: {a: 1}, <<: {a: 2, b: 3}}", "{'a': 1, 'b': 3}"),
        ("{<<: {aa: 1}, <<: {aa: 2, b: 3}}", "{'aa': 2, 'b': 3}"),
        ("a: &x {q: 1, q: 2}\nb: {<<: *x}", "{'a': {'q': 2}, 'b': {'q': 1}}"),
        ("a: &x {qq: 1, qq: 2}\nb: {<<: *x}", "{'a': {'qq': 2}, 'b': {'qq': 2}}"),
        (
            "a: &x {q: 1}\nb: &y {<<: *x, r: 2}\nc: {<<: [*y, {q: 3}]}",
            "{'a': {'q': 1}, 'b': {'q': 1, 'r': 2}, 'c': {'q': 1, 'r': 2}}",
        ),
        (
            "a: &x {image: 1, z: 0}\nb: &y {image: 2, w: 0}\nc:\n  <<: [*x, *y]",
            "{'a': {'image': 1, 'z': 0}, 'b': {'image': 2, 'w': 0}, 'c': {'image': 2, 'z': 0, 'w': 0}}",
        ),
        ("a: &x {é: 1}\nb: &y {é: 2}\nc:\n  <<: [*x, *y]", "{'a': {'é': 1}, 'b': {'é': 2}, 'c': {'é': 1}}"),
        ("a: &x {1: 1}\nb: &y {1: 2}\nc:\n  <<: [*x, *y]", "{'a': {1: 1}, 'b': {1: 2}, 'c': {1: 1}}"),
        ("a: &x {10: 1}\nb: &y {10: 2}\nc:\n  <<: [*x, *y]", "{'a': {10: 1}, 'b': {10: 2}, 'c': {10: 2}}"),
        ("a: &x {\"\": 1}\nb: &y {\"\": 2}\nc:\n  <<: [*x, *y]", "{'a': {'': 1}, 'b': {'': 2}, 'c': {'': 1}}"),
        ("a: &x {&k kk: 1}\nb: &y {*k : 2}\nc: {<<: [*x, *y]}", "{'a': {'kk': 1}, 'b': {'kk': 2}, 'c': {'kk': 1}}"),
        (
            "defaults: &defaults\n  image: python:3.11\n  env:\n    - A=1\ntask:\n  <<: *defaults\n  commands: [x]\n  image: python:3.12",
            "{'defaults': {'image': 'python:3.11', 'env': ['A=1']}, 'task': {'image': 'python:3.12', 'env': ['A=1'], 'commands': ['x']}}",
        ),
        ("{!!merge a: {b: 1}}", "{'b': 1}"),
        ("{! <<: {b: 1}}", "{'b': 1}"),
        ("{'<<': {b: 1}}", "{'<<': {'b': 1}}"),
        ("{=: 1}", "{'=': 1}"),
        ("!!omap [a: 1, b: 2]", "[['a', 1], ['b', 2]]"),
        ("!!pairs [a: 1, a: 2]", "[['a', 1], ['a', 2]]"),
        ("a: !!pairs [a: 1, [b]: 2]", "{'a': [['a', 1], [['b'], 2]]}"),
        (
            "[!!str 1, !!str 1.5, !!str yes, !!str , ! 123, \"! 'yes'\", ! x]",
            "['1', '1.5', 'yes', '', 123, \"! 'yes'\", 'x']",
        ),
        ("[! 'yes', ! \"12\", ! \"\", ! \"\\n\", ! [a], ! {a: 1}]", "[True, 12, None, '\\n', ['a'], {'a': 1}]"),
        (
            "[!!int -0b11, !!int 0o17, !!int 017, !!int +0x1f, !!int 1:30, !!int '  -12', !!int \" 12 \", !!int 0x0x10, !!int 1:-30, !!int \"0x\\n1\"]",
            "[-3, 15, 15, 31, 90, -12, 12, 16, 30, 1]",
        ),
        (
            "[!!float 1, !!float 1_0.5, !!float ' 1e3 ', !!float infinity, !!float -inf, !!float 1:30.5, !!float 1:30, !!float 1e3]",
            "[1.0, 10.5, 1000.0, inf, -inf, 90.5, 90.0, 1000.0]",
        ),
        ("[!!bool TRUE, !!bool 'On', !!null '', !!null foo, !!null ]", "[True, True, None, None, None]"),
        (
            "[!!seq [], !!map {}, !!omap [], !<tag:yaml.org,2002:str> 12, !<!> 12, !<tag:yaml.org,2002:int> 12]",
            "[[], {}, [], '12', 12, 12]",
        ),
        ("[!!binary aGVsbG8=, !!binary 'YQ===', !!binary '!!!aGVs bG8=', !!binary '']", "['hello', 'a', 'hello', '']"),
        ("a: !!binary |\n  aGVsbG8=", "{'a': 'hello'}"),
        ("a: !!str {=: 1, =: 2}", "{'a': '1'}"),
        ("a: !!int {=: 0x10}", "{'a': 16}"),
        ("a: !!int {=: {=: 7}}", "{'a': 7}"),
        ("a: !!str {=: 5}", "{'a': '5'}"),
        ("a: &x\nb: *x", "{'a': None, 'b': None}"),
        ("- &a 1\n- &b [*a, *a]\n- *b", "[1, [1, 1], [1, 1]]"),
        ("&a a: *a", "{'a': 'a'}"),
        ("- a\n - b", "['a - b']"),
        ("a: \"multi\n  line\"", "{'a': 'multi line'}"),
        ("a: 'x\n\n  y'", "{'a': 'x\\ny'}"),
        ("a: \"a\\\n  b\"", "{'a': 'ab'}"),
        ("a: \"\\x41\\u00e9\\N\\_\\e\\0\"", "{'a': 'Aé\\x85\\xa0\\x1b\\x00'}"),
        ("a: '\\n'", "{'a': '\\\\n'}"),
        ("a: b:c", "{'a': 'b:c'}"),
        ("a: http://x.y/z#frag", "{'a': 'http://x.y/z#frag'}"),
        ("a: x #comment", "{'a': 'x'}"),
        ("a: x#nocomment", "{'a': 'x#nocomment'}"),
        ("a: |+\n  x", "{'a': 'x'}"),
        ("a: >2\n   x\n  y", "{'a': ' x\\ny'}"),
        ("a: [a: 1, b]", "{'a': [{'a': 1}, 'b']}"),
        ("{? a: b}", "{'a': 'b'}"),
        ("? a\n: b", "{'a': 'b'}"),
        ("- !!str\n- x", "['', 'x']"),
        ("{a: b, c}", "{'a': 'b', 'c': None}"),
        ("[a, b: c, d: ]", "['a', {'b': 'c'}, {'d': None}]"),
        ("a: [\n  1,\n  2,\n]", "{'a': [1, 2]}"),
        ("a:   # comment\n  # another\n  b: 1 # x", "{'a': {'b': 1}}"),
        ("%YAML 1.1\n---\na: 1", "{'a': 1}"),
        ("%YAML 1.2\n---\na: 1", "{'a': 1}"),
        ("%FOO bar\n---\na: 1", "{'a': 1}"),
        ("--- |\n  x", "'x'"),
        ("a: 1\n...", "{'a': 1}"),
        ("--- a", "'a'"),
        ("a: -1", "{'a': -1}"),
        ("a: 123456789012345678901234567890123456789", "{'a': 123456789012345678901234567890123456789}"),
        ("a: 1.0e+400", "{'a': inf}"),
        ("a: 1e400", "{'a': '1e400'}"),
        ("a: ! \"2024-01-01\\n\"", "{'a': ts}"),
        ("a: ! \"12\\n\"", "{'a': 12}"),
        ("a: !!timestamp \"2024-01-01\\n\"", "{'a': ts}"),
        ("{2024-01-01: a, 2024-1-1: b}", "{ts: 'a', '2024-1-1': 'b'}"),
        ("{!!timestamp 2024-1-1: a, 2024-01-01: b}", "{ts: 'b'}"),
        ("{2024-01-01 00:00:00: a, 2024-01-01: b}", "{ts: 'a', ts: 'b'}"),
        ("{2024-01-01 01:00:00+01:00: a, 2024-01-01 00:00:00Z: b}", "{ts: 'b'}"),
        ("{2024-01-01 01:00:00: a, 2024-01-01 01:00:00Z: b}", "{ts: 'a', ts: 'b'}"),
        ("a: 2001-12-14T21:59:43 +23:59", "{'a': ts}"),
        ("a: 2024-02-29", "{'a': ts}"),
        ("a: 2000-02-29", "{'a': ts}"),
        ("{!!binary YQ==: 1, x: 2}", "{'a': 1, 'x': 2}"),
        (
            "type: task\nname: my-run\npython: 3.10\nnodes: 2\nports: [22:22, 8080:80, \"6006\"]\nenv:\n  - HF_TOKEN\n  - MODE=on\ncommands:\n  - pip install -r requirements.txt\n  - python train.py\nresources:\n  gpu: 24GB..80GB:2\n  shm_size: 16GB\n  disk: 100GB..\nspot_policy: auto\nmax_duration: off\nidle_duration: 1:30:00\nretry:\n  on_events: [no-capacity, interruption]\n  duration: 1h",
            "{'type': 'task', 'name': 'my-run', 'python': 3.1, 'nodes': 2, 'ports': [1342, '8080:80', '6006'], 'env': ['HF_TOKEN', 'MODE=on'], 'commands': ['pip install -r requirements.txt', 'python train.py'], 'resources': {'gpu': '24GB..80GB:2', 'shm_size': '16GB', 'disk': '100GB..'}, 'spot_policy': 'auto', 'max_duration': False, 'idle_duration': 5400, 'retry': {'on_events': ['no-capacity', 'interruption'], 'duration': '1h'}}",
        ),
    ];

    #[test]
    fn values_match_pyyaml() {
        for (text, want) in PYYAML {
            assert_eq!(py(&ok(text)), *want, "{text:?}");
        }
    }

    #[test]
    fn resolver_forms() {
        let doc = ok(
            "[yes, On, OFF, y, n, 22:22, 8080:80, 1:30:00, 0755, 0x10, 0b101, 1_000, 1e3, 1.0e+3, .5, .inf, -.inf, .nan, 3.10, 2024-01-01, ~, null, {a: }, 'yes']",
        );
        let values: Vec<Value> = match doc.value() {
            Value::Seq(items) => items.iter().map(|n| n.value().clone()).collect(),
            _ => panic!("not a list"),
        };
        let want = [
            Value::Bool(true),
            Value::Bool(true),
            Value::Bool(false),
            Value::Str("y".into()),
            Value::Str("n".into()),
            Value::Int(1342),
            Value::Str("8080:80".into()),
            Value::Int(5400),
            Value::Int(493),
            Value::Int(16),
            Value::Int(5),
            Value::Int(1000),
            Value::Str("1e3".into()),
            Value::Float(1000.0),
            Value::Float(0.5),
            Value::Float(f64::INFINITY),
            Value::Float(f64::NEG_INFINITY),
        ];
        assert_eq!(values.get(..want.len()), Some(&want[..]));
        assert!(matches!(values.get(17), Some(Value::Float(f)) if f.is_nan()));
        let rest = [Value::Float(3.1), Value::Timestamp("2024-01-01".into()), Value::Null, Value::Null];
        assert_eq!(values.get(18..22), Some(&rest[..]));
        assert_eq!(values.get(23), Some(&Value::Str("yes".into())));
        assert_eq!(ok("a:").get("a").map(|(_, v)| v.value().clone()), Some(Value::Null));
    }

    #[test]
    fn scalar_styles_and_raw_text() {
        let doc = ok("a: 'x'\nb: \"y\"\nc: |\n  z\nd: >\n  w\ne: 0x10\n");
        let styles: Vec<_> = ["a", "b", "c", "d", "e"].iter().map(|k| at(&doc, k).style()).collect();
        use ScalarStyle::*;
        assert_eq!(styles, [Some(SingleQuoted), Some(DoubleQuoted), Some(Literal), Some(Folded), Some(Plain)]);
        assert_eq!(at(&doc, "e").raw(), Some("0x10"));
        assert_eq!(at(&doc, "e").value(), &Value::Int(16));
        assert!(at(&doc, "e").is_plain());
        assert_eq!(doc.style(), None);
    }

    #[test]
    fn spans() {
        let text = "name: \"x y\"\nenv:\n  - A=1\n  - 'B'\nres: {cpu: 2, mem: [1, 2]}\nbase: &b\n  k: v\nuse: *b\ntext: |\n  hello\n  world\n\nlast: 1\n";
        let doc = ok(text);
        assert_eq!(range(&doc), (1, 1, 13, 8));
        assert_eq!(range(key(&doc, "name")), (1, 1, 1, 5));
        assert_eq!(range(at(&doc, "name")), (1, 7, 1, 12));
        assert_eq!(range(at(&doc, "env")), (3, 3, 4, 8));
        assert_eq!(range(item(at(&doc, "env"), 0)), (3, 5, 3, 8));
        assert_eq!(range(item(at(&doc, "env"), 1)), (4, 5, 4, 8));
        let res = at(&doc, "res");
        assert_eq!(range(res), (5, 6, 5, 27));
        assert_eq!(range(at(res, "mem")), (5, 20, 5, 26));
        assert_eq!(range(at(&doc, "base")), (7, 3, 7, 7));
        let alias = at(&doc, "use");
        assert_eq!(range(alias), (8, 6, 8, 8));
        assert!(Rc::ptr_eq(&alias.data, &at(&doc, "base").data));
        assert_eq!(alias.data.span, at(&doc, "base").span);
        assert_eq!(range(at(&doc, "text")), (9, 7, 11, 8));
        assert_eq!(at(&doc, "text").value(), &Value::Str("hello\nworld\n".into()));
        assert_eq!(range(at(&doc, "last")), (13, 7, 13, 8));
    }

    #[test]
    fn flow_spans_stop_at_the_brackets() {
        let doc = ok("a: [1]   # c\nb: &x [ 1 ]  \nc: { k: v }  # z\nd: !!seq\n  [2]\n");
        assert_eq!(range(at(&doc, "a")), (1, 4, 1, 7));
        assert_eq!(range(at(&doc, "b")), (2, 7, 2, 12));
        assert_eq!(range(at(&doc, "c")), (3, 4, 3, 12));
        assert_eq!(range(at(&doc, "d")), (5, 3, 5, 6));
        assert_eq!(range(&doc), (1, 1, 5, 6));
        // The collection is known to be a flow one, so YAML 1.1's flow rules apply.
        assert_eq!(err_at("b: &x [ a?b ]"), (codes::YAML_SYNTAX, 1, 10));
    }

    #[test]
    fn quoted_spans_stop_at_the_closing_quote() {
        let doc = ok("a: 'x'  # c\nb: \"y\\\"\"   \nc: 'it''s' \nd: [p , 'q' ]\n");
        assert_eq!(range(at(&doc, "a")), (1, 4, 1, 7));
        assert_eq!(range(at(&doc, "b")), (2, 4, 2, 9));
        assert_eq!(range(at(&doc, "c")), (3, 4, 3, 11));
        assert_eq!(range(item(at(&doc, "d"), 0)), (4, 5, 4, 6));
        assert_eq!(range(item(at(&doc, "d"), 1)), (4, 9, 4, 12));
        assert_eq!(err_at("env: {'1A'\t: x}"), (codes::YAML_SYNTAX, 1, 11));
    }

    #[test]
    fn spans_skip_properties_and_find_block_indicators() {
        let doc = ok("a: &x !!str foo\nb: !!str\nc:\n- |-\n  t\n- &y >\n  u\nd: &z [1]\ne: &w\n  - 2\n");
        assert_eq!(range(at(&doc, "a")), (1, 13, 1, 16));
        assert_eq!(range(at(&doc, "b")), (2, 4, 2, 9));
        assert_eq!(at(&doc, "b").value(), &Value::Str(String::new()));
        let c = at(&doc, "c");
        assert_eq!(range(c), (4, 1, 7, 4));
        assert_eq!(range(item(c, 0)), (4, 3, 5, 4));
        assert_eq!(range(item(c, 1)), (6, 6, 7, 4));
        assert_eq!(range(at(&doc, "d")), (8, 7, 8, 10));
        assert_eq!(range(at(&doc, "e")), (10, 3, 10, 6));
    }

    #[test]
    fn spans_count_characters_not_bytes() {
        let doc = ok("ü: 'é€😀'\nx: [ä, b]\n");
        assert_eq!(range(at(&doc, "ü")), (1, 4, 1, 9));
        assert_eq!(range(item(at(&doc, "x"), 1)), (2, 8, 2, 9));
        let doc = ok("k: ü\nt: |\n  äöü\n");
        assert_eq!(range(at(&doc, "t")), (2, 4, 3, 6));
    }

    #[test]
    fn spans_in_long_non_ascii_text_and_crlf() {
        let text = format!("a: {}\r\nb: &x |\r\n  ü\r\nc: [*x, 'ö']\r\n", "é".repeat(300));
        let doc = ok(&text);
        assert_eq!(range(at(&doc, "a")), (1, 4, 1, 304));
        assert_eq!(range(at(&doc, "b")), (2, 7, 3, 4));
        assert_eq!(at(&doc, "b").value(), &Value::Str("ü\n".into()));
        let c = at(&doc, "c");
        assert_eq!(range(item(c, 0)), (4, 5, 4, 7));
        assert_eq!(range(item(c, 1)), (4, 9, 4, 12));
        assert_eq!(err_at(&format!("a: {}\nb: x{}", "é".repeat(300), '\u{0}')), (codes::UNSUPPORTED_YAML, 2, 5));
    }

    #[test]
    fn empty_documents_are_null_at_the_top() {
        for text in ["", "# only a comment\n", "---\n", "---", "\n\n", "...\n"] {
            let node = ok(text);
            assert_eq!(node.value(), &Value::Null, "{text:?}");
            assert_eq!(range(&node), (1, 1, 1, 1), "{text:?}");
        }
        let doc = ok("a:\nb: 1\n");
        assert_eq!(range(at(&doc, "a")), (1, 2, 1, 2));
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_at_the_first_place() {
        let loaded = load_document("b: 1\na: 2\nb: 3\nenv:\n  - x: 1\n    x: 2\n", &limits())
            .unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(py(&loaded.root), "{'b': 3, 'a': 2, 'env': [{'x': 2}]}");
        assert_eq!(range(key(&loaded.root, "b")), (1, 1, 1, 2));
        assert_eq!(range(at(&loaded.root, "b")), (3, 4, 3, 5));
        let dups: Vec<_> =
            loaded.duplicate_keys.iter().map(|d| (d.path.as_str(), d.range.start.line, d.first.start.line)).collect();
        assert_eq!(dups, [("b", 3, 1), ("env[0].x", 6, 5)]);
        let loaded = load_document("a:\n  - - x: 1\n      x: 2\n  - [q, {y: 1, y: 2}]\n", &limits())
            .unwrap_or_else(|d| panic!("{d:?}"));
        let paths: Vec<_> = loaded.duplicate_keys.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["a[0][0].x", "a[1][1].y"]);
        // Overriding a merged key is not a repetition.
        let loaded = load_document("d: &d {a: 1}\ne: {<<: *d, a: 2}\n", &limits()).unwrap_or_else(|d| panic!("{d:?}"));
        assert!(loaded.duplicate_keys.is_empty());
    }

    #[test]
    fn python_key_identity() {
        assert_eq!(py(&ok("{1: a, 1.0: b, true: c, '1': d}")), "{1: 'c', '1': 'd'}");
        let doc = ok("{1: a, 1.0: b}");
        match doc.value() {
            Value::Map(entries) => assert_eq!(entries.first().map(|(k, _)| k.raw()), Some(Some("1"))),
            _ => panic!("not a map"),
        }
        // Many keys switch the lookup to hashing; identity must not change.
        let mut text = String::from("{");
        for i in 0..40 {
            text.push_str(&format!("k{i}: {i}, "));
        }
        text.push_str("k3: x, 0x0: zero, false: f}");
        let doc = ok(&text);
        assert_eq!(at(&doc, "k3").value(), &Value::Str("x".into()));
        match doc.value() {
            Value::Map(entries) => {
                assert_eq!(entries.len(), 41);
                assert_eq!(
                    entries.last().map(|(k, v)| (k.value().clone(), py(v))),
                    Some((Value::Int(0), "'f'".into()))
                );
            }
            _ => panic!("not a map"),
        }
    }

    #[test]
    fn sets() {
        let doc = ok("!!set {a, b, a, 1, 1.0}");
        match doc.value() {
            Value::Set(items) => assert_eq!(items.iter().map(py).collect::<Vec<_>>(), ["'a'", "'b'", "1"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(py(&ok("!!set {<<: {a: 1}, b}")), "set('a', 'b')");
        assert_eq!(py(&ok("x: &s !!set {a: 1}\ny: {<<: *s}")), "{'x': set('a'), 'y': {'a': 1}}");
    }

    #[test]
    fn merged_keys_point_at_their_source() {
        let doc = ok("base: &b\n  image: x\nrun:\n  <<: *b\n  name: y\n");
        let run = at(&doc, "run");
        assert_eq!(py(run), "{'image': 'x', 'name': 'y'}");
        assert_eq!(range(key(run, "image")), (2, 3, 2, 8));
    }

    #[test]
    fn merge_errors() {
        assert_eq!(err_at("<<: 1"), (codes::UNSUPPORTED_YAML, 1, 5));
        assert_eq!(err_at("<<: [1]"), (codes::UNSUPPORTED_YAML, 1, 6));
        assert_eq!(err_at("{<<: [{a: 1}, x]}"), (codes::UNSUPPORTED_YAML, 1, 15));
        assert_eq!(err_at("a: &x [1]\nb: {<<: *x}"), (codes::UNSUPPORTED_YAML, 1, 8));
        assert_eq!(err_at("a: <<"), (codes::UNSUPPORTED_YAML, 1, 4));
        assert_eq!(err_at("- <<"), (codes::UNSUPPORTED_YAML, 1, 3));
        assert_eq!(err_at("a: !!merge x"), (codes::UNSUPPORTED_YAML, 1, 4));
        let d = err("{=: 1, b: =}");
        assert_eq!((d.code, d.range.start.column), (codes::UNSUPPORTED_YAML, 11));
        assert_eq!(
            d.dstack.as_deref(),
            Some("could not determine a constructor for the tag 'tag:yaml.org,2002:value'")
        );
    }

    #[test]
    fn errors_only_count_where_pyyaml_constructs() {
        // A merge drops the second `~` pair (same cached key text), so its `=` is never built.
        let text = "x:\n  <<:\n    ~: 1\n    ~: {b: =}\n";
        assert_eq!(py(&ok(text)), "{'x': {None: 1}}");
        // Merge sources are flattened but not constructed; their own `<<` errors still count.
        assert_eq!(py(&ok("x:\n  <<: {\"1\": [1], \"1\": [!foo x]}\n")), "{'x': {'1': [1]}}");
        assert_eq!(err_at("x:\n  <<: {a: 1, <<: 2}\n"), (codes::UNSUPPORTED_YAML, 2, 18));
        // A tag on a mapping builds only the `=` value; `!!omap` only its pairs.
        assert_eq!(py(&ok("x: !!str {=: 1, b: !foo y}")), "{'x': '1'}");
        assert_eq!(err_at("x: !!omap [a: !foo y]"), (codes::UNSUPPORTED_YAML, 1, 15));
        assert_eq!(err_at("x: !!omap [<<: y]"), (codes::UNSUPPORTED_YAML, 1, 12));
        // An anchored value with an error fails where it is used, and only once.
        assert_eq!(err_at("a: &x !foo 1\nb: *x\n"), (codes::UNSUPPORTED_YAML, 1, 4));
    }

    #[test]
    fn unhashable_keys() {
        assert_eq!(err_at("{[a]: 1}"), (codes::UNSUPPORTED_YAML, 1, 2));
        assert_eq!(err_at("? [a]\n: 1"), (codes::UNSUPPORTED_YAML, 1, 3));
        assert_eq!(err_at("x:\n  {a: 1}: b"), (codes::UNSUPPORTED_YAML, 2, 3));
        assert_eq!(err_at("a: !!set {[a]}"), (codes::UNSUPPORTED_YAML, 1, 11));
        let d = err("{{a: 1}: b}");
        assert_eq!(d.dstack.as_deref(), Some("while constructing a mapping: found unhashable key"));
    }

    #[test]
    fn tags() {
        let d = err("a: !foo x");
        assert_eq!((d.code, range_of(&d)), (codes::UNSUPPORTED_YAML, (1, 4, 1, 10)));
        assert_eq!(d.dstack.as_deref(), Some("could not determine a constructor for the tag '!foo'"));
        let d = err("a: !!python/object:os.system x");
        assert_eq!(
            d.dstack.as_deref(),
            Some("could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'")
        );
        let d = err("%TAG !e! tag:example.com,2000:\n---\na: !e!foo x");
        assert_eq!(
            d.dstack.as_deref(),
            Some("could not determine a constructor for the tag 'tag:example.com,2000:foo'")
        );
        assert_eq!(err_at("a: !<!foo> 12"), (codes::UNSUPPORTED_YAML, 1, 4));
        assert_eq!(err_at("a: !!str [a]"), (codes::UNSUPPORTED_YAML, 1, 4));
        assert_eq!(err_at("a: &x !!str {b: 1}"), (codes::UNSUPPORTED_YAML, 1, 4));
        assert_eq!(err("a: !!Str 12").code, codes::UNSUPPORTED_YAML);
        assert_eq!(err("a: !foo [1]").code, codes::UNSUPPORTED_YAML);
        assert_eq!(err("a: !foo {b: 1}").code, codes::UNSUPPORTED_YAML);
        for (text, python) in [
            ("a: !!str [a]", "expected a scalar node, but found sequence"),
            ("a: !!null {a: 1}", "expected a scalar node, but found mapping"),
            ("a: !!str {x: 1}", "expected a scalar node, but found mapping"),
            ("a: !!seq x", "expected a sequence node, but found scalar"),
            ("a: !!map", "expected a mapping node, but found scalar"),
            ("a: !!set [a]", "expected a mapping node, but found sequence"),
            ("a: !!omap {a: 1}", "expected a sequence node, but found mapping"),
            ("a: !!omap [a]", "while constructing an ordered map: expected a mapping of length 1, but found scalar"),
            (
                "a: !!omap [{a: 1, b: 2}]",
                "while constructing an ordered map: expected a single mapping item, but found 2 items",
            ),
            ("a: !!bool y", "KeyError: 'y'"),
            ("a: !!bool", "KeyError: ''"),
            ("a: !!int abc", "ValueError: invalid literal for int() with base 10: 'abc'"),
            ("a: !!int 1.0", "ValueError: invalid literal for int() with base 10: '1.0'"),
            ("a: !!int", "IndexError: string index out of range"),
            ("a: !!int _", "IndexError: string index out of range"),
            ("a: !!float 1:x", "ValueError: could not convert string to float: 'x'"),
            ("a: !!float '  '", "ValueError: could not convert string to float: '  '"),
            ("a: ! \"yes\\n\"", "KeyError: 'yes\\n'"),
            ("a: ! \".inf\\n\"", "ValueError: could not convert string to float: '.inf\\n'"),
            ("a: !!timestamp x", "AttributeError: 'NoneType' object has no attribute 'groupdict'"),
            ("a: !!binary YQ", "failed to decode base64 data: Incorrect padding"),
            (
                "a: !!binary Y",
                "failed to decode base64 data: Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4",
            ),
        ] {
            let d = err(text);
            assert_eq!((d.code, d.dstack.as_deref()), (codes::UNSUPPORTED_YAML, Some(python)), "{text:?}");
        }
    }

    #[test]
    fn impossible_dates_and_bad_numbers() {
        for (text, python) in [
            ("name: 2024-13-45", "ValueError: month must be in 1..12"),
            ("name: 2024-02-30", "ValueError: day is out of range for month"),
            ("name: 2023-02-29", "ValueError: day is out of range for month"),
            ("name: 1900-02-29", "ValueError: day is out of range for month"),
            ("name: 0000-01-01", "ValueError: year 0 is out of range"),
            ("name: 2001-12-14T24:00:00", "ValueError: hour must be in 0..23"),
            ("name: 2001-12-14T21:60:00", "ValueError: minute must be in 0..59"),
            ("name: 2001-12-14T21:59:60", "ValueError: second must be in 0..59"),
            (
                "name: 2001-12-14T21:59:43+25",
                "ValueError: offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta(days=1, seconds=3600).",
            ),
            ("name: 0x_", "ValueError: invalid literal for int() with base 16: ''"),
            ("name: 0b_", "ValueError: invalid literal for int() with base 2: ''"),
        ] {
            let d = err(text);
            assert_eq!(
                (d.code, d.range, d.dstack.as_deref()),
                (codes::UNSUPPORTED_YAML, d.range, Some(python)),
                "{text:?}"
            );
            assert_eq!((d.range.start.line, d.range.start.column), (1, 7), "{text:?}");
            assert!(d.help.is_some_and(|h| h.contains("quote")), "{text:?}");
        }
        let d = err("n: 1234567890123456789012345678901234567890");
        assert_eq!((d.code, d.range.start.column), (codes::LIMIT_EXCEEDED, 4));
        assert_eq!(err("n: 0x1234567890abcdef1234567890abcdef12").code, codes::LIMIT_EXCEEDED);
    }

    #[test]
    fn two_documents() {
        let d = err("a: 1\n---\nb: 2\n");
        assert_eq!((d.code, range_of(&d)), (codes::MULTIPLE_DOCUMENTS, (2, 1, 2, 4)));
        assert_eq!(err_at("a: 1\n---\n"), (codes::MULTIPLE_DOCUMENTS, 2, 1));
        assert_eq!(err_at("---\n---"), (codes::MULTIPLE_DOCUMENTS, 2, 1));
        assert_eq!(err_at("a: 1\n...\nb: 2"), (codes::MULTIPLE_DOCUMENTS, 3, 1));
        assert_eq!(err_at("a: 1\n%YAML 1.1\n---\nb: 2"), (codes::MULTIPLE_DOCUMENTS, 2, 1));
        assert_eq!(err_at("a: 1\n%cmd: x\n"), (codes::YAML_SYNTAX, 2, 5));
        // The second document is reported before construction errors of the first.
        assert_eq!(err_at("a: !foo 1\n---\nb"), (codes::MULTIPLE_DOCUMENTS, 2, 1));
        assert_eq!(py(&ok("---\na: 1\n...\n")), "{'a': 1}");
    }

    fn range_of(d: &Diagnostic) -> (u32, u32, u32, u32) {
        (d.range.start.line, d.range.start.column, d.range.end.line, d.range.end.column)
    }

    #[test]
    fn unacceptable_characters() {
        let d = err("a: 1\nb: x\u{0}y\n");
        assert_eq!((d.code, range_of(&d)), (codes::UNSUPPORTED_YAML, (2, 5, 2, 6)));
        assert_eq!(d.dstack.as_deref(), Some("unacceptable character #x0000: special characters are not allowed"));
        assert_eq!(err_at("é: \u{7f}"), (codes::UNSUPPORTED_YAML, 1, 4));
        assert_eq!(err_at("a: '\u{1b}'"), (codes::UNSUPPORTED_YAML, 1, 5));
        assert_eq!(err_at("a: \u{fffe}"), (codes::UNSUPPORTED_YAML, 1, 4));
        // Reported before any syntax error.
        assert_eq!(err_at("a: [\n\u{8}"), (codes::UNSUPPORTED_YAML, 2, 1));
        assert_eq!(py(&ok("a: \"é\u{85}\u{a0}😀\"\r\nb: 1\r\n")), "{'a': 'é\\x85\\xa0😀', 'b': 1}");
    }

    #[test]
    fn tabs_where_pyyaml_rejects_them() {
        for (text, line, column) in [
            ("a:\tb", 1, 3),
            ("a: b\t", 1, 5),
            ("a: 1\t# c", 1, 5),
            ("- \ta", 1, 3),
            ("a:\n\tb: 1", 2, 1),
            ("{a: 1,\tb: 2}", 1, 7),
            ("[1,\t2]", 1, 4),
            ("a: b\n  \tc", 2, 3),
            ("a: b\tc", 1, 5),
            ("a: 1\n\t\nb: 2", 2, 1),
            ("a: 2001-12-14\t21:59:43", 1, 14),
            ("a: [1,\n\t2]", 2, 1),
            ("type: task\n\tcommands: [x]\n", 2, 1),
        ] {
            assert_eq!(err_at(text), (codes::YAML_SYNTAX, line, column), "{text:?}");
        }
        // Inside quotes, block text and comments tabs are fine.
        assert_eq!(
            py(&ok("a: \"x\ty\"\nb: 'p\tq' # c\td\nc: |\n  \tz\n# \t\n")),
            "{'a': 'x\\ty', 'b': 'p\\tq', 'c': '\\tz\\n'}"
        );
        // A tab before a later syntax error is reported first, as PyYAML scans in order.
        assert_eq!(err_at("a:\tb\nc: [\n"), (codes::YAML_SYNTAX, 1, 3));
    }

    #[test]
    fn yaml11_flow_and_key_rules() {
        for (text, line, column) in [
            ("resources:\n  : A100", 2, 3),
            ("env: {: [1]}", 1, 7),
            ("commands: [: echo hi]", 1, 12),
            ("commands: [echo h? i]", 1, 18),
            ("gpu: {memory: 40G? B..}", 1, 18),
            ("commands: [|echo hi]", 1, 12),
            ("disk: {size: >100GB..}", 1, 14),
            ("v: [{path: /x, :path: /d}]", 1, 16),
            ("auth: {u\n  sername: u}", 2, 10),
            ("x: [\"a\n  b\": c]", 2, 5),
            ("env: {A: 1, B\n  : 2}", 2, 3),
        ] {
            assert_eq!(err_at(text), (codes::YAML_SYNTAX, line, column), "{text:?}");
        }
        assert_eq!(py(&ok("?\n: b\nq: what? yes\nr: a|b")), "{None: 'b', 'q': 'what? yes', 'r': 'a|b'}");
        assert_eq!(py(&ok("{? : x}")), "{None: 'x'}");
        assert_eq!(py(&ok("x: {a\n  b, c: [d,\n  e]}")), "{'x': {'a b': None, 'c': ['d', 'e']}}");
    }

    #[test]
    fn anchors() {
        assert_eq!(err_at("a: &a.b 1"), (codes::YAML_SYNTAX, 1, 6));
        assert_eq!(err_at("a: &é 1"), (codes::YAML_SYNTAX, 1, 5));
        assert_eq!(err_at("a: &x [1]\nb: *x[0]"), (codes::YAML_SYNTAX, 2, 6));
        assert_eq!(err_at("b: *nope[0]"), (codes::YAML_SYNTAX, 1, 9));
        assert_eq!(py(&ok("a: &a-b_c 1\nb: *a-b_c")), "{'a': 1, 'b': 1}");
        let d = err("a: &a 1\nb: &a 2\nc: *a");
        assert_eq!((d.code, range_of(&d)), (codes::YAML_SYNTAX, (2, 4, 2, 6)));
        assert!(d.message.contains("line 1, column 4"), "{}", d.message);
        let d = err("a: *nope");
        assert_eq!((d.code, d.range.start.column), (codes::YAML_SYNTAX, 4));
        assert_eq!(d.dstack.as_deref(), Some("found undefined alias 'nope'"));
        // PyYAML builds recursive lists; this checker refuses them.
        assert_eq!(err_at("&a [*a]"), (codes::UNSUPPORTED_YAML, 1, 5));
        assert_eq!(err_at("&a {x: *a}"), (codes::UNSUPPORTED_YAML, 1, 8));
    }

    #[test]
    fn error_order_follows_pyyaml() {
        // Syntax errors anywhere come before construction errors.
        assert_eq!(err_at("a: !foo x\nb: [1\n"), (codes::YAML_SYNTAX, 3, 1));
        // Of two construction errors, the earlier in the text is reported.
        assert_eq!(err_at("a: [!bar x]\nb: !foo y\n"), (codes::UNSUPPORTED_YAML, 1, 5));
        assert_eq!(err_at("{[a]: 1, b: !foo y}"), (codes::UNSUPPORTED_YAML, 1, 2));
    }

    #[test]
    fn syntax_errors_are_located() {
        for (text, line, column) in [
            ("a: b: c", 1, 5),
            ("a: 1\n b: 2", 2, 3),
            ("a:\n  b: 1\n c: 2", 3, 2),
            ("a: [1, 2", 1, 9),
            ("a: {x: 1", 1, 9),
            ("a: \"unterminated", 1, 4),
            ("- a\nb: 1", 2, 1),
            ("a: 1\n- b", 2, 1),
            ("a: @foo", 1, 4),
            ("key: value\n  other: x", 2, 8),
            ("]", 1, 1),
            ("a: \"\\q\"", 1, 5),
            ("x: - y", 1, 4),
            ("{a: 1}}", 1, 7),
            ("a: b\nc", 2, 2),
            ("a:  \"x\" y", 1, 9),
            ("a: [1, 2]: 3", 1, 10),
            ("a: {b: [}", 1, 9),
            ("a: |x", 1, 5),
            ("a: b # c\n  d", 2, 3),
            ("name: test\nimage: foo\n  commands:\n    - x", 3, 11),
            ("a: [b, c\nd: e", 2, 2),
            ("[a, , b]", 1, 5),
        ] {
            assert_eq!(err_at(text), (codes::YAML_SYNTAX, line, column), "{text:?}");
        }
    }

    #[test]
    fn flow_indentation_pyyaml_accepts_is_explained() {
        let d = err("resources:\n  gpu: [\n    A100,\n]\n");
        assert_eq!((d.code, d.range.start.line), (codes::YAML_SYNTAX, 4));
        assert!(d.message.contains("PyYAML accepts"), "{}", d.message);
    }

    #[test]
    fn syntax_messages_are_for_people() {
        let d = err("image: foo: bar");
        assert!(d.message.contains("`:`"), "{}", d.message);
        assert!(d.help.as_deref().is_some_and(|h| h.contains("quote")));
        assert_eq!(d.dstack.as_deref(), Some("mapping values are not allowed here"));
        let d = err("ports: [8080, 22\n");
        assert!(d.message.contains("line 1, column 8"), "{}", d.message);
        assert!(d.message.contains("end of the file"), "{}", d.message);
        let d = err("a: \"\\q\"");
        assert_eq!(range_of(&d), (1, 5, 1, 7));
        assert!(d.message.contains("`\\q`"), "{}", d.message);
    }

    #[test]
    fn deep_nesting_is_a_limit_not_a_crash() {
        for text in ["[".repeat(10_000), "{a: ".repeat(10_000), "- ".repeat(10_000), "[".repeat(201) + &"]".repeat(201)]
        {
            let d = err(&text);
            assert_eq!(d.code, codes::LIMIT_EXCEEDED, "{}", d.message);
        }
        let nested = "[".repeat(150) + &"]".repeat(150);
        assert!(load(&nested, &limits()).is_ok());
        let mut block = String::new();
        for depth in 0..250 {
            block.push_str(&" ".repeat(depth));
            block.push_str("k:\n");
        }
        assert_eq!(err(&block).code, codes::LIMIT_EXCEEDED);
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let started = Instant::now();
        let d = err(&text);
        assert_eq!(d.code, codes::LIMIT_EXCEEDED);
        assert!(started.elapsed().as_millis() < 500);
        // Below the limit, aliases share the anchored data instead of copying it.
        let small = limits();
        let doc = ok("a: &a [1, 2]\nb: [*a, *a]\n");
        match at(&doc, "b").value() {
            Value::Seq(items) => assert!(items.iter().all(|n| Rc::ptr_eq(&n.data, &at(&doc, "a").data))),
            _ => panic!("not a list"),
        }
        let tight = LoadLimits { max_expanded_nodes: 5, ..small };
        assert_eq!(load("a: &a [1, 2]\nb: [*a, *a]\n", &tight).map_err(|d| d.code), Err(codes::LIMIT_EXCEEDED));
    }

    #[test]
    fn size_limit() {
        let tight = LoadLimits { max_bytes: 10, ..limits() };
        let d = load("a: 12345678901", &tight).err();
        assert_eq!(d.map(|d| d.code), Some(codes::LIMIT_EXCEEDED));
        assert!(load("a: 1", &tight).is_ok());
    }

    #[test]
    fn a_one_mebibyte_document_loads_quickly() {
        let mut text = String::with_capacity(1 << 20);
        let mut i = 0;
        while text.len() < (1 << 20) {
            text.push_str(&format!(
                "key{i}:\n  name: \"value {i}\"\n  list: [1, 2.5, yes, 22:22]\n  text: |\n    line\n"
            ));
            i += 1;
        }
        let started = Instant::now();
        let doc = ok(&text);
        let elapsed = started.elapsed();
        match doc.value() {
            Value::Map(entries) => assert_eq!(entries.len(), i),
            _ => panic!("not a map"),
        }
        // Unoptimized builds run saphyr-parser itself about ten times slower.
        let budget = if cfg!(debug_assertions) { 10.0 } else { 0.5 };
        assert!(elapsed.as_secs_f64() < budget, "{elapsed:?}");
        println!("1 MiB loaded in {elapsed:?}");
    }
}
