//! Composes saphyr's events into a [`Node`] tree without recursion, constructing scalars like
//! PyYAML's `SafeLoader` and keeping source ranges.
//!
//! saphyr-parser (a YAML 1.2 parser) supplies the events (for plain block-style text, `simple`
//! gives the same events faster, to handlers for just that part of YAML: `plain`). The other
//! submodules hold the rest of the composer: where nodes are in the source (`spans`), PyYAML's
//! mapping and merge-key rules (`mapping`), the YAML 1.1 rules saphyr does not check (`yaml11`)
//! and the messages for saphyr's syntax errors (`syntax`).
//! Errors follow PyYAML's order: unacceptable characters first, then syntax errors in text order,
//! then a second document, then construction errors (bad tags, unhashable keys, impossible dates),
//! of which the one earliest in the text is reported.

mod mapping;
mod plain;
mod rewrite;
mod spans;
mod syntax;
mod yaml11;

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, DefaultHasher};
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle as YamlStyle, Span, Tag as YamlTag};

use crate::error::{DuplicateKey, ErrorKind, LoadError, error, recursive_alias, too_many_nodes, unsupported};
use crate::input::TextInput;
use crate::node::{Node, NodeData, ScalarStyle, Value};
use crate::position::{Position, Range};
use crate::prepare::Folded;
use crate::resolve::{self, Tag, Unsupported};
use crate::simple;
use crate::source::{Point, Source};
use crate::{LoadLimits, Loaded};
pub(crate) use rewrite::Rewrite;

/// A mapping's key/value pairs, shared.
type Pairs = Rc<[(Node, Node)]>;

/// Facts about some nodes, by node identity. Each entry keeps its node's data alive, so no later
/// node can reuse the address it is keyed by.
/// Keyed by address, which no text chooses: a fixed hasher, which costs nothing to set up.
type ByNode<T> = HashMap<*const NodeData, (Rc<NodeData>, T), BuildHasherDefault<DefaultHasher>>;

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
pub(crate) struct Builder<'t, 'l> {
    pub(crate) src: Source<'t>,
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
    errors: ByNode<LoadError>,
    /// Errors in a mapping's own `<<` values, raised whenever PyYAML flattens it.
    flatten_errors: ByNode<LoadError>,
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
    /// After a syntax error: a space that lets saphyr read on where PyYAML reads on.
    pub(crate) rewrite: Option<Rewrite>,
}

impl<'t, 'l> Builder<'t, 'l> {
    // Inlined (natively) where the source is made, which then is made in place.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(crate) fn new(src: Source<'t>, limits: &'l LoadLimits) -> Self {
        let has_tabs = src.has_tabs;
        Builder {
            src,
            limits,
            // Room for a configuration's usual nesting, top-level keys and lists without growing
            // the stacks: the outermost collection takes its stack's buffer as its own.
            frames: Vec::with_capacity(8),
            items: Vec::with_capacity(8),
            pairs: Vec::with_capacity(16),
            anchors: Vec::new(),
            anchor_names: HashMap::new(),
            specials: ByNode::default(),
            flats: ByNode::default(),
            errors: ByNode::default(),
            flatten_errors: ByNode::default(),
            duplicates: Vec::new(),
            root: None,
            last_end: 0,
            has_tabs,
            flow_depth: 0,
            shields: Vec::new(),
            documents: 0,
            rewrite: None,
        }
    }

    /// Composes plain block-style text from saphyr's events without saphyr's costs; false when the
    /// text is not such YAML or an error came up (which `run` then finds as saphyr reads it).
    pub(crate) fn read_simple(&mut self) -> bool {
        let text = self.src.text;
        // The simple handlers take saphyr's text as the value: nothing of the text given may have
        // been replaced or inserted (line separators, byte order marks, edits).
        let unedited = self.src.separators.is_empty()
            && self.src.bom_stand_in.is_none()
            && self.src.rewrites.is_empty()
            && self.src.rewrites.dash.is_none();
        self.src.plain && unedited && simple::read(text, self)
    }

    pub(crate) fn run(&mut self) -> Result<(), LoadError> {
        let mut parser = Parser::new(TextInput::new(self.src.text));
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(next) => next,
                Err(e) => {
                    self.rewrite = self.rewrite(&e);
                    return Err(self.syntax_error(&e));
                }
            };
            if matches!(event, Event::StreamEnd) {
                break;
            }
            self.on_event(event, span)?;
        }
        Ok(())
    }

    /// The document composed. By reference: the builder, hundreds of bytes, is not moved again.
    pub(crate) fn finish(&mut self) -> Result<Loaded, LoadError> {
        if self.has_tabs
            && let Some(tab) = self.first_bad_tab(usize::MAX)
        {
            return Err(tab);
        }
        let root = self.root.take().unwrap_or_else(|| Node::new(Value::Null, None, None, Range::new(1, 1, 1, 1)));
        // Without errors or special tags (nearly every document) the root has nothing to report.
        let clean = self.errors.is_empty() && self.specials.is_empty();
        if !clean && let Some(error) = self.constructed(&root) {
            return Err(error);
        }
        // Mappings finish inner first; report in text order.
        self.duplicates.sort_unstable_by_key(|d| d.range.start);
        Ok(Loaded { root, duplicate_keys: std::mem::take(&mut self.duplicates) })
    }

    fn on_event(&mut self, event: Event<'t>, span: Span) -> Result<(), LoadError> {
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

    fn document_start(&mut self, explicit: bool, span: &Span) -> Result<(), LoadError> {
        self.documents += 1;
        if self.documents > 1 {
            let at = self.src.marker(&span.start);
            return Err(self.first_bad_tab(at.index).unwrap_or_else(|| self.second_document(at)));
        }
        // An implicit document starts at the top; saphyr dates it from its first token.
        self.last_end = if explicit { span.end.index() } else { 0 };
        Ok(())
    }

    fn second_document(&self, at: Point) -> LoadError {
        let width = if self.src.rest(at.index).starts_with("---") { 3 } else { 1 };
        let range = Range { start: at.pos, end: Position { line: at.pos.line, column: at.pos.column + width } };
        error(
            ErrorKind::MultipleDocuments,
            range,
            "a second YAML document starts here, but a file holds exactly one document".into(),
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
    ) -> Result<(), LoadError> {
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
        let start = if has_props { self.skip_properties(span.start.index()) } else { span.start.index() };
        // The scalar's own text, quotes excluded.
        let quoted = |folded| (Some(folded), start + 1, self.quoted_end(start, span.end.index()).saturating_sub(1));
        let (folded, from, until) = match style {
            YamlStyle::Plain => (Some(Folded::Plain), start, span.end.index()),
            YamlStyle::SingleQuoted => quoted(Folded::Single),
            YamlStyle::DoubleQuoted => quoted(Folded::Double),
            YamlStyle::Literal => (Some(Folded::Literal), start, span.end.index()),
            YamlStyle::Folded => (None, start, start),
        };
        let mut text = self.src.scalar_text(text, folded, from, until);
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

    fn alias(&mut self, id: usize, span: &Span) -> Result<(), LoadError> {
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

    fn open(&mut self, mapping: bool, anchor: usize, tag: Option<&YamlTag>, span: &Span) -> Result<(), LoadError> {
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

    fn too_deep(&self, at: Point) -> LoadError {
        error(
            ErrorKind::Limit,
            self.src.char_range(at),
            format!("lists and mappings are nested more than {} levels deep here", self.limits.max_depth),
            Some("a configuration needs only a few levels; check for unbalanced brackets".into()),
            None,
        )
    }

    fn close(&mut self, span: &Span) -> Result<(), LoadError> {
        let Some(frame) = self.frames.pop() else { return Ok(()) };
        // saphyr's span of `]`/`}` runs on over the spaces and comment after it.
        let bracket_end = span.start.index() + 1;
        let end = if frame.flow { self.src.advance(self.src.marker(&span.start), bracket_end) } else { frame.end };
        let anchor = frame.anchor;
        let (node, size) = self.finish_frame(frame, end);
        self.complete(node, size, anchor, end)
    }

    /// The collection of a closed frame, ending at `end` (after the closing bracket of a flow
    /// collection), and its alias-expanded size.
    fn finish_frame(&mut self, frame: Frame, end: Point) -> (Node, u64) {
        if frame.flow {
            self.last_end = end.index;
            self.flow_depth = self.flow_depth.saturating_sub(1);
        }
        let range = Range { start: frame.start, end: end.pos };
        let size = frame.size.saturating_add(1);
        let node = match frame.children {
            Children::Map { from, .. } => {
                let pairs = take_from(&mut self.pairs, from);
                self.finish_mapping(frame.tag, frame.props, pairs, range)
            }
            Children::Seq { from } => {
                let items = take_from(&mut self.items, from);
                self.finish_sequence(frame.tag, frame.props, items, range)
            }
        };
        (node, size)
    }

    /// Registers a finished node (ending at `end`) under its anchor and hands it to its parent.
    fn complete(&mut self, node: Node, size: u64, anchor: usize, end: Point) -> Result<(), LoadError> {
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

    fn push_child(&mut self, node: Node, size: u64, end: Point) -> Result<(), LoadError> {
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
    fn error_of(&self, node: &Node) -> Option<LoadError> {
        if self.errors.is_empty() {
            return None;
        }
        self.errors.get(&Rc::as_ptr(&node.data)).map(|(_, e)| e.clone())
    }

    /// What constructing `node` as a value or list item raises: its subtree's errors, or the
    /// missing constructor of a `<<`/`=` scalar (only mapping keys may be those).
    fn constructed(&self, node: &Node) -> Option<LoadError> {
        let mut errors = Earliest(self.error_of(node));
        if !self.specials.is_empty()
            && let Some((_, (tag, tag_start))) = self.specials.get(&Rc::as_ptr(&node.data))
        {
            // An alias is reported where it is; the node itself from its tag on.
            let range =
                if node.span == node.data.span { Range { start: *tag_start, end: node.span.end } } else { node.span };
            errors.add(unsupported(Unsupported::undefined_tag(&tag.full_name()), range));
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
}

/// The construction error earliest in the text among those seen.
#[derive(Default)]
struct Earliest(Option<LoadError>);

impl Earliest {
    fn add(&mut self, error: LoadError) {
        if self.0.as_ref().is_none_or(|d| error.range.start < d.range.start) {
            self.0 = Some(error);
        }
    }

    fn add_opt(&mut self, error: Option<LoadError>) {
        if let Some(error) = error {
            self.add(error);
        }
    }

    /// Records a constructor failure and gives the placeholder value.
    fn fail(&mut self, error: Unsupported, range: Range) -> Value {
        self.add(unsupported(error, range));
        Value::Null
    }
}

/// The elements of `stack` from `from` on. All of them (most often the outermost collection's,
/// after which the stack is not needed again) are taken with the stack's buffer instead of being
/// copied to a new one.
fn take_from<T>(stack: &mut Vec<T>, from: usize) -> Vec<T> {
    if from == 0 { std::mem::take(stack) } else { stack.split_off(from) }
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
