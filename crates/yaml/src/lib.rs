//! PyYAML-compatible YAML 1.1 loading with source ranges; knows nothing of any configuration
//! format built on YAML.
//!
//! [`load_document`] reads a text the way PyYAML 6's `safe_load` does and returns a [`Node`] tree
//! whose nodes keep their [`Range`] in the source, or a [`LoadError`] at the place PyYAML stops,
//! worded for a person, with PyYAML's own message beside it.
//!
//! # Known differences from PyYAML
//!
//! Line breaks (`\r\n`, `\r`, `\n`, NEL, LS, PS), byte order marks, document markers, integers of
//! any size, flow collections and quoted text indented less than their key, `:` before `[` in a
//! flow mapping, `#` right after `]`, a lone `-` in `[...]`: all read as PyYAML 6 reads them (the
//! golden corpus and the differential test of `dstack-core` check each against PyYAML). What
//! remains differs on purpose:
//!
//! - A recursive alias (`&a [*a]`) is an error here; PyYAML builds a structure that contains
//!   itself. No configuration field accepts one (dstack rejects it later with a less clear
//!   message), and a [`Node`] tree without cycles is what every caller can walk safely.
//! - An integer written in binary, octal, hex or base 60 whose decimal text has more than 4,300
//!   digits is an error here; PyYAML builds it, but Python refuses to turn it into text, so no
//!   string field, and no JSON output, can hold it (dstack fails later on it).
//! - Where more than 64 edits (or the reading of more than 8 MiB of text) would be needed to read
//!   past saphyr's rules, the loader reports where saphyr stops: a bound on the time a hostile
//!   text can take.

mod compose;
pub mod decimal;
mod error;
mod input;
pub mod lower;
mod node;
pub mod position;
mod prepare;
pub mod python;
mod resolve;
mod simple;
mod source;

#[cfg(test)]
mod tests;

pub use error::{DuplicateKey, ErrorKind, LoadError};
pub use node::{Node, NodeData, ScalarStyle, Value};
pub use position::{LineIndex, Position, Range, lines};
pub use resolve::resolve_plain;

use std::borrow::Cow;

use compose::{Builder, Rewrite};
use error::{document_end_first, too_big};
use prepare::Rewrites;
use source::Source;

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

/// A loaded document with the facts a caller may want to warn about.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The document's root node.
    pub root: Node,
    /// Keys repeated within one mapping (merge keys `<<` overriding is not a repetition).
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// Loads one YAML document like PyYAML's `safe_load`.
pub fn load(text: &str, limits: &LoadLimits) -> Result<Node, LoadError> {
    load_document(text, limits).map(|loaded| loaded.root)
}

/// Loads one YAML document like [`load`], also reporting repeated keys.
pub fn load_document(text: &str, limits: &LoadLimits) -> Result<Loaded, LoadError> {
    if text.len() > limits.max_bytes {
        return Err(too_big(text.len(), limits.max_bytes));
    }
    // Text of printable ASCII and line breaks (nearly every configuration) is read as given: the
    // pass over its bytes that tells is the only one. The builder takes its source where it is
    // made, without a copy.
    let mut builder = Builder::new(Source::new(text), limits);
    if builder.src.clean {
        if let Some(at) = prepare::document_end_first(text) {
            return Err(document_end_first(builder.src.char_range(builder.src.point(at)).start));
        }
        if builder.read_simple() {
            return builder.finish();
        }
    } else {
        // Other text is never `simple`'s: it is prepared and checked before saphyr reads it.
        let prepared = prepare::prepare(text);
        let source = Source::prepared(&prepared, Rewrites::default());
        source.check_characters()?;
        if let Some(at) = prepare::document_end_first(source.text) {
            return Err(document_end_first(source.char_range(source.point(at)).start));
        }
    }
    // Not plain YAML, or an error: saphyr reads the text from the start again, with edits where
    // it needs them to read what PyYAML reads.
    let mut rewritten = Cow::Borrowed(text);
    let mut rewrites = Rewrites::default();
    // Each edit costs a reading of the whole text: a long text gets fewer.
    for _ in 0..MAX_REWRITES.min(MAX_REREAD_BYTES / text.len().max(1)) {
        let prepared = prepare::prepare(&rewritten);
        let mut builder = Builder::new(Source::prepared(&prepared, rewrites.clone()), limits);
        match (builder.run(), builder.rewrite.take()) {
            (Ok(()), _) => return builder.finish(),
            (Err(e), None) => return Err(e),
            (Err(_), Some(Rewrite::Space { index, at })) => {
                rewrites.insert(at, 1);
                rewritten = Cow::Owned(prepare::insert_spaces(&rewritten, index, 1));
            }
            (Err(_), Some(Rewrite::Dash { index })) => {
                rewritten = Cow::Owned(prepare::replace_dash(&rewritten, index, &mut rewrites));
            }
        }
    }
    let prepared = prepare::prepare(&rewritten);
    let mut builder = Builder::new(Source::prepared(&prepared, rewrites), limits);
    builder.run()?;
    builder.finish()
}

/// How many edits the loader makes at most before it reports where saphyr stops.
const MAX_REWRITES: usize = 64;

/// How much text the loader reads again at most to make edits.
const MAX_REREAD_BYTES: usize = 8 << 20;
