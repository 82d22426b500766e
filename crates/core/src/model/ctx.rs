//! Collects the diagnostics of one validation pass.

use std::cell::Cell;

use super::path::Path;
use crate::diagnostic::{Diagnostic, Range, Severity, Stage};

/// Why a value was rejected: the person-facing text and dstack's own wording.
#[derive(Clone, Debug, PartialEq)]
pub struct Fail {
    /// Stable code from [`crate::codes`].
    pub code: &'static str,
    /// What was expected and what was found.
    pub message: String,
    /// dstack's (pydantic's) message for the same error.
    pub dstack: String,
    /// A concrete fix, if there is one.
    pub help: Option<String>,
    /// A narrower range than the node's, when the problem is inside it.
    pub range: Option<Range>,
}

impl Fail {
    /// A failure with a code, a message and dstack's message.
    pub fn new(code: &'static str, message: impl Into<String>, dstack: impl Into<String>) -> Fail {
        Fail { code, message: message.into(), dstack: dstack.into(), help: None, range: None }
    }

    /// The same failure with a fix suggestion.
    pub fn help(mut self, help: impl Into<String>) -> Fail {
        self.help = Some(help.into());
        self
    }
}

/// The diagnostics found so far.
#[derive(Debug, Default)]
pub struct Ctx {
    /// In the order found.
    pub diags: Vec<Diagnostic>,
    /// How many of the first `.0` diagnostics are errors: validators ask for the error count
    /// around every list item, so it is counted once per diagnostic, not once per question.
    counted: Cell<(usize, usize)>,
}

impl Ctx {
    /// Records a schema-stage error at `path`.
    pub fn fail(&mut self, path: &Path, range: Range, fail: Fail) {
        self.diags.push(Diagnostic {
            severity: Severity::Error,
            code: fail.code,
            message: fail.message,
            path: path.to_string(),
            range: fail.range.unwrap_or(range),
            help: fail.help,
            stage: Stage::Schema,
            dstack: Some(fail.dstack),
        });
    }

    /// Records a diagnostic of any severity and stage.
    #[allow(clippy::too_many_arguments)]
    pub fn note(
        &mut self,
        severity: Severity,
        stage: Stage,
        code: &'static str,
        path: &Path,
        range: Range,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.diags.push(Diagnostic {
            severity,
            code,
            message: message.into(),
            path: path.to_string(),
            range,
            help,
            stage,
            dstack: None,
        });
    }

    /// Number of errors recorded so far.
    pub fn error_count(&self) -> usize {
        let (seen, errors) = self.counted.get();
        let Some(new) = self.diags.get(seen..) else {
            // Fewer diagnostics than counted: they were taken out; count them all again.
            self.counted.set((0, 0));
            return self.error_count();
        };
        let errors = errors + new.iter().filter(|d| d.severity == Severity::Error).count();
        self.counted.set((self.diags.len(), errors));
        errors
    }
}
