//! The one diagnostic type used by the core, the CLI, the wasm module and the web app.

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// dstack (or `dstack apply`, or the server) rejects the configuration.
    Error,
    /// Accepted, but probably not what the author meant.
    Warning,
    /// A fact worth knowing; nothing to fix.
    Info,
}

/// Which part of dstack's pipeline the diagnostic belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Loading the text as YAML (PyYAML `safe_load`).
    Yaml,
    /// dstack's configuration parser (the pydantic model).
    Schema,
    /// What `dstack apply` checks after parsing.
    Apply,
    /// What the dstack server checks when the run is submitted.
    Server,
}

/// A point in the source: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in Unicode scalar values.
    pub column: u32,
}

/// A half-open source range `[start, end)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Range {
    /// First character of the range.
    pub start: Position,
    /// Position just after the last character.
    pub end: Position,
}

impl Range {
    /// A range from two (line, column) pairs.
    pub fn new(start_line: u32, start_column: u32, end_line: u32, end_column: u32) -> Self {
        Range {
            start: Position { line: start_line, column: start_column },
            end: Position { line: end_line, column: end_column },
        }
    }
}

/// One problem or remark about a configuration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error, warning or info.
    pub severity: Severity,
    /// Stable code from the registry in [`crate::codes`], e.g. `E101`.
    pub code: &'static str,
    /// What was expected and what was found, written for a person.
    pub message: String,
    /// Dotted field path, e.g. `resources.gpu.count` or `volumes[0].path`; empty for the document.
    pub path: String,
    /// Where in the source the problem is.
    pub range: Range,
    /// A concrete fix, when there is one.
    pub help: Option<String>,
    /// The pipeline stage that reports it.
    pub stage: Stage,
    /// dstack's own wording of the error, when dstack reports one (pydantic's text for schema errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dstack: Option<String>,
}
