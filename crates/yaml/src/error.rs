//! What stops a load, and the records a load keeps for its caller.

use crate::position::{Position, Range};
use crate::resolve::Unsupported;

/// What kind of problem stopped a load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The text is not well-formed YAML 1.1: PyYAML's scanner or parser stops.
    Syntax,
    /// The stream holds a second document, which `safe_load` refuses.
    MultipleDocuments,
    /// A safety limit of this loader (size, nesting depth, alias expansion) is exceeded.
    Limit,
    /// Well-formed YAML from which PyYAML's safe constructor builds no value: a character the
    /// reader refuses, an unknown tag, an unhashable key, an impossible date, a bad merge.
    Unsupported,
}

/// Why a text could not be loaded, worded for a person, with PyYAML's own wording beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// What was expected and what was found.
    pub message: String,
    /// Where in the text the problem is.
    pub range: Range,
    /// A concrete fix, when there is one.
    pub help: Option<String>,
    /// PyYAML's own message for the same problem, when PyYAML raises one.
    pub pyyaml: Option<String>,
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

/// A load error; the one shape every error of this crate is built in.
pub(crate) fn error(
    kind: ErrorKind,
    range: Range,
    message: String,
    help: Option<String>,
    pyyaml: Option<String>,
) -> LoadError {
    LoadError { kind, message, range, help, pyyaml }
}

pub(crate) fn too_big(len: usize, max: usize) -> LoadError {
    error(
        ErrorKind::Limit,
        Range::new(1, 1, 1, 1),
        format!("the text is {len} bytes long, more than this checker's limit of {max} bytes"),
        Some("a configuration file is a few kilobytes; check that this is the right file".into()),
        None,
    )
}

pub(crate) fn bad_character(range: Range, c: char) -> LoadError {
    let code = u32::from(c);
    let (what, help) = if c == '\0' {
        (
            "a NUL character (U+0000)".to_string(),
            "remove it; NUL characters usually mean the file is binary or saved as UTF-16, so save it as UTF-8 text",
        )
    } else {
        (format!("the invisible control character U+{code:04X}"), "remove the character")
    };
    error(
        ErrorKind::Unsupported,
        range,
        format!("the text contains {what}, which YAML does not allow anywhere in a file"),
        Some(help.into()),
        Some(format!("unacceptable character #x{code:04x}: special characters are not allowed")),
    )
}

/// A `...` line before any document starts.
pub(crate) fn document_end_first(at: Position) -> LoadError {
    error(
        ErrorKind::Syntax,
        Range { start: at, end: Position { line: at.line, column: at.column + 3 } },
        "a document end marker `...` comes before any document starts".into(),
        Some("remove the `...` line: it ends a document, and none has started".into()),
        Some("expected the node content, but found '<document end>'".into()),
    )
}

/// A constructor's failure at `range`.
pub(crate) fn unsupported(failure: Unsupported, range: Range) -> LoadError {
    let pyyaml = (!failure.python.is_empty()).then_some(failure.python);
    error(ErrorKind::Unsupported, range, failure.message, failure.help, pyyaml)
}

pub(crate) fn too_many_nodes(range: Range, limit: u64) -> LoadError {
    error(
        ErrorKind::Limit,
        range,
        format!("aliases here expand the document to more than {limit} values (a \"billion laughs\" document)"),
        Some("use fewer nested aliases (`*name`)".into()),
        None,
    )
}

pub(crate) fn recursive_alias(name: &str, range: Range) -> LoadError {
    error(
        ErrorKind::Unsupported,
        range,
        format!(
            "the alias `*{name}` is used inside the collection `&{name}` it refers to, making a recursive structure"
        ),
        Some("refer to the anchor only after its collection ends".into()),
        None,
    )
}

pub(crate) fn unhashable(range: Range) -> LoadError {
    error(
        ErrorKind::Unsupported,
        range,
        "a list or mapping cannot be used as a mapping key".into(),
        Some("use a plain value as the key, or quote it".into()),
        Some("while constructing a mapping: found unhashable key".into()),
    )
}

pub(crate) fn merge_error(python: String, range: Range) -> LoadError {
    error(
        ErrorKind::Unsupported,
        range,
        "the value of a merge key `<<` must be a mapping or a list of mappings".into(),
        Some("merge an anchored mapping (`<<: *defaults`), or quote `\"<<\"` if it is meant as a key".into()),
        Some(format!("while constructing a mapping: {python}")),
    )
}
