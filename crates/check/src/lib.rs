//! `dstack-check`: checks one dstack configuration document, the one call behind the CLI, the JS
//! module and the web app.
//!
//! [`check`] takes text and [`Options`] and returns a typed [`Checked`] (the core's report and,
//! when asked for, the offer estimate, judged by the [`DstackVersion`] of [`Options::version`]);
//! [`Checked::to_json`] is its JSON form, the object
//! `dstack-check --format json` prints per file and the JS module's `check` returns. The names
//! that form uses for severities and stages are in [`names`]. [`markdown`] finds the dstack blocks
//! of a Markdown page and checks them, located in the page (`dstack-check --markdown`).

pub mod compare;
mod complete;
pub mod markdown;
pub mod names;
mod render_json;
mod to_json;
pub mod utf16;

pub use complete::complete;
pub use dstack_core::{Completion, DstackVersion, Item, ItemKind, Report};
pub use dstack_offers::Estimate;

use dstack_core::Json;
use dstack_offers::Catalog;

/// What to compute for a document besides its diagnostics and normalized JSON.
///
/// Non-exhaustive so that more choices can be added with a default: start from
/// [`Options::default`] and set what differs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Also compute the effective view (what the run will actually get).
    pub effective: bool,
    /// Also estimate matching offers from the bundled catalog.
    pub offers: bool,
    /// The dstack release whose rules apply; the default is the newest ([`DstackVersion::NEWEST`]).
    pub version: DstackVersion,
}

impl Options {
    /// These options with the effective view on or off.
    #[must_use]
    pub fn with_effective(mut self, effective: bool) -> Self {
        self.effective = effective;
        self
    }

    /// These options checking against the given dstack release.
    #[must_use]
    pub fn with_version(mut self, version: DstackVersion) -> Self {
        self.version = version;
        self
    }

    /// These options with the offer estimate on or off.
    #[must_use]
    pub fn with_offers(mut self, offers: bool) -> Self {
        self.offers = offers;
        self
    }
}

/// Everything known about one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The checker's report: diagnostics, normalized and effective JSON.
    pub report: Report,
    /// The offer estimate, when asked for.
    pub offers: Offers,
    /// The dstack release that judged the document.
    pub version: DstackVersion,
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

impl Offers {
    /// The estimate, when there is one.
    pub fn estimate(&self) -> Option<&Estimate> {
        match self {
            Offers::Estimated(estimate) => Some(estimate),
            Offers::NotRequested | Offers::Unavailable => None,
        }
    }

    /// The estimate, when there is one, by value.
    pub fn into_estimate(self) -> Option<Box<Estimate>> {
        match self {
            Offers::Estimated(estimate) => Some(estimate),
            Offers::NotRequested | Offers::Unavailable => None,
        }
    }
}

/// Checks one configuration text.
pub fn check(text: &str, options: &Options) -> Checked {
    with_offers(dstack_core::check(text, &core_options(options)), options)
}

/// Checks raw bytes: invalid UTF-8 becomes a diagnostic, never a failure.
pub fn check_bytes(bytes: &[u8], options: &Options) -> Checked {
    with_offers(dstack_core::check_bytes(bytes, &core_options(options)), options)
}

fn core_options(options: &Options) -> dstack_core::Options {
    dstack_core::Options { effective: options.effective, version: options.version }
}

/// The report with its offer estimate: only a configuration without errors gets one, as dstack
/// searches offers only for a run it accepts.
fn with_offers(report: Report, options: &Options) -> Checked {
    let offers = match (&report.normalized, options.offers) {
        (_, false) => Offers::NotRequested,
        (Some(normalized), true) if report.is_valid() => {
            Offers::Estimated(Box::new(dstack_offers::estimate(normalized, Catalog::bundled(), options.version)))
        }
        (_, true) => Offers::Unavailable,
    };
    Checked { report, offers, version: options.version }
}

impl Checked {
    /// The JSON object of this document, labelled `file` (a path, `-` for standard input, or a
    /// JS caller's label): `file`, `dstack_version`, `parsed`, `normalized`, `effective`,
    /// `diagnostics`, and `offers` when they were asked for.
    pub fn to_json(&self, file: &str) -> Json {
        render_json::document(file, self.clone())
    }

    /// [`Checked::to_json`], moving the normalized and effective JSON instead of copying them.
    pub fn into_json(self, file: &str) -> Json {
        render_json::document(file, self)
    }

    /// Appends the text of [`Checked::to_json`] as Python's `json.dumps` prints it to `out`,
    /// without building the JSON value: the fast path for a line of output.
    pub fn write_json(&self, file: &str, out: &mut String) {
        render_json::write_document(file, self, out);
    }

    /// [`Checked::write_json`], consuming the document: its JSON is freed as it is written, in
    /// the same walk (the CLI's line, after which the document is not needed).
    pub fn into_json_line(self, file: &str, out: &mut String) {
        render_json::write_document_owned(file, self, out);
    }
}

#[cfg(test)]
mod tests;
