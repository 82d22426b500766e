//! The YAML loader's errors as diagnostics: each kind of load error has its stable code.

use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Stage};
use crate::yaml::{ErrorKind, LoadError};

/// The code of a kind of load error.
pub fn code(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Syntax => codes::YAML_SYNTAX,
        ErrorKind::MultipleDocuments => codes::MULTIPLE_DOCUMENTS,
        ErrorKind::Limit => codes::LIMIT_EXCEEDED,
        ErrorKind::Unsupported => codes::UNSUPPORTED_YAML,
    }
}

/// The diagnostic for a text the loader could not load: PyYAML's message is what dstack reports.
pub fn diagnostic(error: LoadError) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code: code(error.kind),
        message: error.message,
        path: String::new(),
        range: error.range,
        help: error.help,
        stage: Stage::Yaml,
        dstack: error.pyyaml,
        fixes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{LoadLimits, load};

    #[test]
    fn every_kind_has_its_code() {
        let deep = "[".repeat(300);
        let cases = [
            ("a: [", codes::YAML_SYNTAX),
            ("a: 1\n---\nb: 2", codes::MULTIPLE_DOCUMENTS),
            (deep.as_str(), codes::LIMIT_EXCEEDED),
            ("a: !foo 1", codes::UNSUPPORTED_YAML),
        ];
        for (text, want) in cases {
            let error = load(text, &LoadLimits::default()).err().map(diagnostic);
            assert_eq!(
                error.map(|d| (d.code, d.stage, d.severity)),
                Some((want, Stage::Yaml, Severity::Error)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn pyyaml_wording_is_what_dstack_reports() {
        let error = load("a: 1\n---\nb: 2", &LoadLimits::default()).err().map(diagnostic);
        assert_eq!(
            error.and_then(|d| d.dstack),
            Some("expected a single document in the stream, but found another document".into())
        );
    }
}
