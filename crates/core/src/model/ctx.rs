//! Collects the diagnostics of one validation pass.

use std::cell::Cell;

use super::config_type::ConfigType;
use super::path::Path;
use crate::diagnostic::{Diagnostic, Range, Severity, Stage};
use crate::fix::Fix;
use crate::json::Json;
use crate::version::DstackVersion;
use crate::yaml::Node;

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
    /// The one safe fix, if there is one (boxed: a `Fail` travels in `Result`s).
    pub fix: Option<Box<Fix>>,
}

/// Out of line, like [`Diagnostic`]'s builders: one copy for the many rules that build failures.
impl Fail {
    /// A failure with a code, a message and dstack's message.
    #[inline(never)]
    pub fn new(code: &'static str, message: impl Into<String>, dstack: impl Into<String>) -> Fail {
        Fail { code, message: message.into(), dstack: dstack.into(), help: None, range: None, fix: None }
    }

    /// The same failure with a fix suggestion.
    #[inline(never)]
    pub fn help(mut self, help: impl Into<String>) -> Fail {
        self.help = Some(help.into());
        self
    }

    /// The same failure suggesting `meant` for the misspelled scalar `node`, with the fix that
    /// writes it (quoted as `node` is).
    #[inline(never)]
    pub fn suggest(mut self, node: &Node, meant: &str) -> Fail {
        self.help = Some(format!("did you mean `{meant}`?"));
        self.fix = crate::fixes::change_value(node, meant).map(Box::new);
        self
    }

    /// The schema-stage error it is at `path` (at `range` unless the failure has a narrower one).
    #[inline(never)]
    pub fn diagnostic(self, path: String, range: Range) -> Diagnostic {
        let d = Diagnostic::error(Stage::Schema, self.code, self.message)
            .at(path, self.range.unwrap_or(range))
            .maybe_help(self.help)
            .dstack(self.dstack);
        match self.fix {
            Some(fix) => d.fix(*fix),
            None => d,
        }
    }
}

/// The diagnostics found so far.
#[derive(Debug, Default)]
pub struct Ctx {
    /// In the order found.
    pub diags: Vec<Diagnostic>,
    /// The release whose rules apply.
    pub version: DstackVersion,
    /// The configuration type being validated (known once `type` is read).
    pub ty: ConfigType,
    /// How many of the first `.0` diagnostics are errors: validators ask for the error count
    /// around every list item, so it is counted once per diagnostic, not once per question.
    counted: Cell<(usize, usize)>,
    /// Only where and how bad each problem is is wanted (another release's verdict): the
    /// wording and advice are not worked out.
    pub(crate) quiet: bool,
}

impl Ctx {
    /// An empty context for the rules of `version`.
    pub fn new(version: DstackVersion) -> Ctx {
        Ctx { diags: Vec::new(), version, ty: ConfigType::Task, counted: Cell::default(), quiet: false }
    }

    /// Records a schema-stage error at `path`.
    pub fn fail(&mut self, path: &Path, range: Range, mut fail: Fail) {
        let text = path.text();
        if self.version.pydantic2() && !self.quiet {
            fail.dstack = super::wording::pydantic2(&fail.dstack, &text);
        }
        self.diags.push(fail.diagnostic(text, range));
    }

    /// A float as the release prints it: pydantic 2's `model_dump_json()` prints infinities and
    /// NaN as `null` (each float is settled where it is made: no walk of the finished JSON).
    pub fn float_json(&self, f: f64) -> Json {
        if self.version.pydantic2() && !f.is_finite() { Json::Null } else { Json::Float(f) }
    }

    /// The value of a field's parse, or `None` with its failure recorded at `path`, on `node`.
    pub fn ok<T>(&mut self, path: &Path, node: &Node, parsed: Result<T, Fail>) -> Option<T> {
        parsed.map_err(|f| self.fail(path, node.span, f)).ok()
    }

    /// Records a diagnostic of another kind (a warning or remark found while validating).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// Records the diagnostics `report` makes as if they had been found before the `at`th one.
    pub(crate) fn report_at(&mut self, at: usize, report: impl FnOnce(&mut Ctx)) {
        let later = self.diags.split_off(at);
        report(self);
        self.diags.extend(later);
        self.counted.set((0, 0));
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
