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

pub use dstack_yaml::{Position, Range};

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
