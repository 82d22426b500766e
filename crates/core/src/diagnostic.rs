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

pub use crate::fix::{Edit, Fix};
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
    /// Safe fixes, as text edits of the source (at most one today); empty when none is safe.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
}

/// The one way to build a diagnostic: a constructor for the severity, then the place, the fix and
/// dstack's wording as needed. Each rule has a named constructor built on these. The builders stay
/// out of line (`#[inline(never)]`) in the wasm: hundreds of rules call them, and one copy keeps
/// it small. Natively those that take the diagnostic by value are inlined: out of line, each
/// call copied the whole diagnostic back.
impl Diagnostic {
    /// A diagnostic of the document as a whole; [`Diagnostic::at`] places it.
    #[inline(never)]
    pub fn new(severity: Severity, stage: Stage, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            path: String::new(),
            range: Range::default(),
            help: None,
            stage,
            dstack: None,
            fixes: Vec::new(),
        }
    }

    /// An error.
    #[inline(never)]
    pub fn error(stage: Stage, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, stage, code, message)
    }

    /// A warning.
    #[inline(never)]
    pub fn warning(stage: Stage, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, stage, code, message)
    }

    /// A remark.
    #[inline(never)]
    pub fn info(stage: Stage, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Info, stage, code, message)
    }

    /// The same diagnostic at a field path (`volumes[0].path`) and source range.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn at(mut self, path: impl Into<String>, range: Range) -> Diagnostic {
        self.path = path.into();
        self.range = range;
        self
    }

    /// The same diagnostic with a fix.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic with a fix, when there is one.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// The same diagnostic with dstack's own wording of the error.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn dstack(mut self, text: impl Into<String>) -> Diagnostic {
        self.dstack = Some(text.into());
        self
    }

    /// The same diagnostic with a safe fix.
    pub fn fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder() {
        let d = Diagnostic::warning(Stage::Yaml, "W015", "twice")
            .at("a.b", Range::new(1, 2, 1, 3))
            .help("remove one")
            .dstack("dup");
        assert_eq!(
            d,
            Diagnostic {
                severity: Severity::Warning,
                code: "W015",
                message: "twice".into(),
                path: "a.b".into(),
                range: Range::new(1, 2, 1, 3),
                help: Some("remove one".into()),
                stage: Stage::Yaml,
                dstack: Some("dup".into()),
                fixes: Vec::new(),
            }
        );
        assert_eq!(Diagnostic::error(Stage::Apply, "E201", "x").maybe_help(None).severity, Severity::Error);
    }
}
