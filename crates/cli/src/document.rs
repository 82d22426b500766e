//! One checked document: the single source of the `--format json` line and of the wasm `check` result.

use dstack_core::{Json, Options, Report};
use dstack_offers::{Catalog, Estimate};

use crate::render_json;

/// What to compute for each document besides the diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Also compute the effective view (`--effective`).
    pub effective: bool,
    /// Also estimate matching offers from the bundled catalog (`--offers`).
    pub offers: bool,
}

/// Everything known about one input document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The name as given: a path, `-` for stdin, or a label chosen by a JS caller.
    pub file: String,
    /// The checker's report.
    pub report: Report,
    /// The offer estimate, when asked for.
    pub offers: Offers,
}

/// The offer estimate of a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Offers {
    /// Offers were not asked for: the JSON object has no `offers` key.
    NotRequested,
    /// Asked for, but the configuration has errors: `"offers": null`.
    Unavailable,
    /// The estimate from the bundled catalog (boxed: it is large next to the other variants).
    Estimated(Box<Estimate>),
}

/// Checks one document; invalid UTF-8 becomes a diagnostic, never a failure.
pub fn check_document(file: &str, bytes: &[u8], options: &CheckOptions) -> Document {
    let report = dstack_core::check_bytes(bytes, &Options { effective: options.effective, ..Options::default() });
    let offers = match (&report.normalized, options.offers) {
        (_, false) => Offers::NotRequested,
        (Some(normalized), true) if report.is_valid() => {
            Offers::Estimated(Box::new(dstack_offers::estimate(normalized, Catalog::bundled())))
        }
        (_, true) => Offers::Unavailable,
    };
    Document { file: file.to_string(), report, offers }
}

impl Document {
    /// The `--format json` object for this document.
    pub fn to_json(&self) -> Json {
        render_json::document(&self.file, &self.report, &self.offers)
    }
}
