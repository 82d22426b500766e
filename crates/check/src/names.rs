//! The names of severities and stages, as the JSON form, the JS module, the embed protocol, the
//! CLI and the page's CSS spell them.

use dstack_core::{Severity, Stage};

/// `error`, `warning` or `info`.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// `yaml`, `schema` (dstack's parser), `apply` (`dstack apply`) or `server`.
pub fn stage(stage: Stage) -> &'static str {
    match stage {
        Stage::Yaml => "yaml",
        Stage::Schema => "schema",
        Stage::Apply => "apply",
        Stage::Server => "server",
    }
}

#[cfg(test)]
mod tests {
    use dstack_core::Json;

    use super::*;
    use crate::to_json::to_json;

    /// The core's serde form (what its own JSON tests print) must spell them the same way.
    #[test]
    fn names_match_the_serde_form() {
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            assert_eq!(to_json(&s).ok(), Some(Json::str(severity(s))));
        }
        for s in [Stage::Yaml, Stage::Schema, Stage::Apply, Stage::Server] {
            assert_eq!(to_json(&s).ok(), Some(Json::str(stage(s))));
        }
        assert_eq!([Severity::Error, Severity::Warning, Severity::Info].map(severity), ["error", "warning", "info"]);
        assert_eq!(
            [Stage::Yaml, Stage::Schema, Stage::Apply, Stage::Server].map(stage),
            ["yaml", "schema", "apply", "server"]
        );
    }
}
