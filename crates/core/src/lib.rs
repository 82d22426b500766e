//! dstack configuration checker: YAML 1.1 loading with source ranges, the validation and
//! normalization of every configuration type (task, service, dev-environment, fleet, gateway,
//! volume, preset) under the chosen dstack release ([`DstackVersion`]), `dstack apply` and server
//! checks, warnings, and the effective view.
//!
//! Pure Rust: no I/O, clocks or globals. One call, [`check`], turns text into a [`Report`].

mod across_versions;
pub mod assist;
pub mod checks;
pub mod codes;
mod dev_environment_effective;
mod dev_environment_rules;
pub mod diagnostic;
mod effective;
pub mod fix;
mod fixes;
mod fleet_effective;
mod fleet_lints;
mod fleet_rules;
mod gateway_rules;
pub mod gpu_vendor;
mod hover;
pub mod interpolation;
pub mod json;
pub mod json_schema;
mod lints;
mod listing;
pub mod load_diagnostics;
pub mod model;
pub mod order;
mod preset_rules;
pub mod python;
mod same_text;
mod service_effective;
mod service_lints;
mod service_rules;
pub mod suggest;
pub mod version;
mod volume_rules;

/// The YAML loader, under the name the rest of the core uses for it.
pub use dstack_yaml as yaml;

pub use assist::complete::{Completion, Item, ItemKind, complete};
pub use diagnostic::{Diagnostic, Edit, Fix, Position, Range, Severity, Stage};
pub use hover::{Hover, hover};
pub use json::Json;
pub use version::{DstackVersion, UnknownVersion};

use serde::Serialize;

/// What [`check`] should compute besides the verdict and the normalized JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Also compute the effective view (what the run will actually get).
    pub effective: bool,
    /// The dstack release whose rules judge the configuration; the default is the newest
    /// supported release ([`DstackVersion::NEWEST`]).
    pub version: DstackVersion,
}

/// Everything known about one configuration text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// True when the chosen release's parser accepts the configuration (no `yaml`/`schema` error).
    pub parsed: bool,
    /// dstack's `.json()` of the parsed model, when parsed.
    pub normalized: Option<Json>,
    /// What the run will actually get, when parsed and requested.
    pub effective: Option<Json>,
    /// Every problem and remark, errors first within each stage, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Number of diagnostics of the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// True when no stage reports an error.
    pub fn is_valid(&self) -> bool {
        self.count(Severity::Error) == 0
    }
}

/// Checks one configuration text.
pub fn check(text: &str, options: &Options) -> Report {
    let loaded = match yaml::load_document(text, &yaml::LoadLimits::default()) {
        Ok(loaded) => loaded,
        Err(e) => {
            let diagnostics = vec![load_diagnostics::diagnostic(e)];
            return Report { parsed: false, normalized: None, effective: None, diagnostics };
        }
    };
    let root = loaded.root;
    let dup_fixes = fixes::keep_last_all(text, &loaded.duplicate_keys);
    let mut diagnostics: Vec<Diagnostic> = loaded
        .duplicate_keys
        .into_iter()
        .zip(dup_fixes)
        .map(|(dup, fix)| Diagnostic { fixes: fix.into_iter().collect(), ..lints::duplicate_key(dup) })
        .collect();
    if !matches!(root.value(), yaml::Value::Map(_)) {
        fixes::attach(text, &root, None, options.version, &mut diagnostics);
        diagnostics.push(not_a_mapping(&root));
        return Report { parsed: false, normalized: None, effective: None, diagnostics };
    }
    let validation = model::validate(&root, options.version);
    let elsewhere =
        across_versions::accepted_elsewhere(&root, validation.ctx.ty, options.version, &validation.ctx.diags);
    // Most documents have no duplicate key: the model's diagnostics are then taken as they are,
    // not copied.
    if diagnostics.is_empty() {
        diagnostics = validation.ctx.diags;
    } else {
        diagnostics.extend(validation.ctx.diags);
    }
    diagnostics.extend(elsewhere);
    lints::yaml11_traps(&root, options.version, &mut diagnostics);
    let mut effective = None;
    if let Some(config) = &validation.config {
        lints::config_warnings(config, options.version, &mut diagnostics);
        if let Some(normalized) = &validation.normalized {
            diagnostics.extend(across_versions::read_differently(&root, options.version, config, normalized));
        }
        diagnostics.extend(checks::violations(config, options.version).iter().map(checks::Violation::diagnostic));
        diagnostics.extend(checks::resource_errors(config, options.version));
        fleet_lints::warnings(config, options.version, &mut diagnostics);
        diagnostics.extend(fleet_rules::diagnostics(config, options.version));
        if let (model::config::Configuration::Other(model::ConfigType::Preset), Some(normalized)) =
            (config, &validation.normalized)
        {
            diagnostics.extend(preset_rules::apply_errors(&root, normalized));
        }
        if options.effective
            && let Some(normalized) = &validation.normalized
        {
            effective = Some(effective::effective(config, normalized, options.version));
        }
    }
    fixes::attach(text, &root, Some(validation.ctx.ty), options.version, &mut diagnostics);
    let normalized = validation.normalized;
    Report { parsed: normalized.is_some(), normalized, effective, diagnostics: in_report_order(diagnostics) }
}

fn not_a_mapping(root: &yaml::Node) -> Diagnostic {
    let found = match root.value() {
        yaml::Value::Null => "the document is empty".to_string(),
        yaml::Value::Seq(_) | yaml::Value::Set(_) => "the document is a list".to_string(),
        _ => format!("the document is a single value (`{}`)", root.raw().unwrap_or_default()),
    };
    Diagnostic::error(
        Stage::Yaml,
        codes::NOT_A_MAPPING,
        format!("{found}: a dstack configuration is a mapping of `key: value` lines"),
    )
    .at("", root.span)
    .help("start with `type: task`, then e.g. `commands:` and `resources:`")
    .dstack("not a mapping")
}

/// Checks raw bytes: invalid UTF-8 becomes a diagnostic instead of a failure.
pub fn check_bytes(bytes: &[u8], options: &Options) -> Report {
    match std::str::from_utf8(bytes) {
        Ok(text) => check(text, options),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            // Lines break where the loader breaks them, as in every other diagnostic.
            let Position { line, column } = yaml::LineIndex::new(&valid).position(valid.chars().count());
            let bad = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
            Report {
                parsed: false,
                normalized: None,
                effective: None,
                diagnostics: vec![
                    Diagnostic::error(
                        Stage::Yaml,
                        codes::INVALID_UTF8,
                        format!("the file is not valid UTF-8: byte 0x{bad:02x} cannot start or continue a character"),
                    )
                    .at("", Range::new(line, column, line, column + 1))
                    .help("save the file as UTF-8"),
                ],
            }
        }
    }
}

/// Stage order, then errors before warnings, then source order; ties keep the order found.
fn in_report_order(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    order::sort_by_key(&mut diagnostics, |d| (d.stage, d.severity, d.range.start));
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line and column of the first diagnostic of `bytes`.
    fn first_at(bytes: &[u8]) -> (&'static str, u32, u32) {
        let report = check_bytes(bytes, &Options::default());
        let d = &report.diagnostics[0];
        (d.code, d.range.start.line, d.range.start.column)
    }

    #[test]
    fn invalid_utf8_is_located_with_the_loader_line_breaks() {
        assert_eq!(first_at(b"type: task\rcommands: [echo]\rfoo: \xff\r"), (codes::INVALID_UTF8, 3, 6));
        assert_eq!(first_at(b"type: task\rcommands: [echo]\rfoo: 1\r"), (codes::UNKNOWN_FIELD, 3, 1));
        assert_eq!(first_at(b"type: task\r\ncommands: [echo]\r\nfoo: \xff\r\n"), (codes::INVALID_UTF8, 3, 6));
        assert_eq!(first_at(b"a: \xc3\xa9\n\xc3"), (codes::INVALID_UTF8, 2, 1));
        assert_eq!(first_at(b"a: \xc3\xa9\r\xff"), (codes::INVALID_UTF8, 2, 1));
    }
}
