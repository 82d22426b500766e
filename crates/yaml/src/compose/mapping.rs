//! PyYAML's rules for mappings: Python dict keys (last value wins at the first key's place),
//! merge keys `<<` (`flatten_mapping`), `!!set`, `!!omap`/`!!pairs`, and `=` values.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::error::{DuplicateKey, merge_error, unhashable};
use crate::node::{Node, Value};
use crate::position::{Position, Range};
use crate::resolve::{self, KeyId, PyKey, Tag, Unsupported};

use super::{Builder, Children, Earliest};

impl Builder<'_, '_> {
    /// A sequence with its explicit tag, whose properties start at `props`.
    pub(super) fn finish_sequence(
        &mut self,
        tag: Option<(Tag, String)>,
        props: Position,
        items: Vec<Node>,
        range: Range,
    ) -> Node {
        let whole = Range { start: props, end: range.end };
        let mut errors = Earliest::default();
        let value = match &tag {
            None | Some((Tag::Seq, _)) => {
                // Without errors or special tags so far, no item has any.
                if !self.errors.is_empty() || !self.specials.is_empty() {
                    for item in &items {
                        errors.add_opt(self.constructed(item));
                    }
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
    pub(super) fn pairs_list(&self, tag: Tag, items: Vec<Node>, errors: &mut Earliest) -> Result<Value, Unsupported> {
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
    pub(super) fn finish_mapping(
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
    pub(super) fn build_dict(&mut self, own: Vec<(Node, Node)>, set: bool, range: Range) -> Node {
        // Only a special node can be a merge key: without any, no key is looked up.
        let has_merge = !self.specials.is_empty() && own.iter().any(|(k, _)| self.special(k) == Some(Tag::Merge));
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
    pub(super) fn flatten(&self, own: Vec<(Node, Node)>) -> (Vec<(Node, Node)>, usize, Earliest) {
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

    pub(super) fn merge_from(
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
    pub(super) fn pairs_of(&self, node: &Node) -> Vec<(Node, Node)> {
        if let Some((_, flat)) = self.flats.get(&Rc::as_ptr(&node.data)) {
            return flat.to_vec();
        }
        match node.value() {
            Value::Map(entries) => entries.clone(),
            _ => Vec::new(),
        }
    }

    /// `!!str {=: text}`: PyYAML's `construct_scalar` takes a mapping's `=` value.
    pub(super) fn scalar_from_mapping(&self, tag: Tag, own: Vec<(Node, Node)>) -> Result<Value, Unsupported> {
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

    pub(super) fn record_duplicate(&mut self, key: &Node, first: Range) {
        let mut path = self.path_here();
        push_segment(&mut path, key);
        self.duplicates.push(DuplicateKey { path, range: key.span, first });
    }

    /// The dotted path of the node being composed, from the open collections.
    pub(super) fn path_here(&self) -> String {
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
    pub(super) fn find(&self, key: &PyKey<'a>) -> Option<usize> {
        match self {
            KeyIndex::Small(keys) => keys.iter().position(|k| k == key),
            KeyIndex::Large(map) => map.get(key).copied(),
        }
    }

    /// Adds a key that `find` did not find, at entry `position`.
    pub(super) fn insert(&mut self, key: PyKey<'a>, position: usize) {
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
    // One bit for each string key's length and last byte: a string whose bit no earlier string
    // set differs from every earlier string, without comparing it to each (most keys).
    let mut seen = 0u64;
    pairs.iter().enumerate().all(|(i, (key, _))| match key.value() {
        // Only a string equals a string as a dict key.
        Value::Str(text) => {
            let last = text.as_bytes().last().map_or(0, |b| usize::from(*b));
            let bit = 1u64 << ((text.len().wrapping_mul(7).wrapping_add(last)) % 64);
            let fresh = seen & bit == 0;
            seen |= bit;
            fresh || pairs.iter().take(i).all(|(k, _)| !matches!(k.value(), Value::Str(t) if t == text))
        }
        _ => resolve::py_key(key)
            .is_some_and(|py| pairs.iter().take(i).all(|(k, _)| resolve::py_key(k).as_ref() != Some(&py))),
    })
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

fn omap_error(what: &str, python: String) -> Unsupported {
    Unsupported {
        message: format!("{what} (`!!omap`/`!!pairs`) must be a list of single-entry mappings"),
        help: Some("write each entry as `- key: value`".into()),
        python: format!("while constructing {what}: {python}"),
    }
}
