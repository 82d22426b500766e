//! The JSON form of a checked document: `dstack-check --format json` prints it, one line per
//! file, and the JS module's `check` returns it.
//!
//! The object is built as a [`Json`] tree and printed with Python's `json.dumps` conventions, so
//! `normalized` and `effective` read exactly like dstack's own output (`8.0` stays a float,
//! `Infinity` stays `Infinity`) and the whole line has one consistent style.

use dstack_core::{Diagnostic, Json, Position};
use serde::Serialize;

use crate::to_json::to_json;
use crate::{Checked, Offers, names};

/// The JSON object of one document: `file`, `dstack_version` (the release that judged it),
/// `parsed`, `normalized`, `effective`, `diagnostics`, and `offers` when they were asked for.
pub(crate) fn document(file: &str, checked: Checked) -> Json {
    let Checked { report, offers, version } = checked;
    let mut fields = vec![
        ("file".into(), Json::str(file)),
        ("dstack_version".into(), Json::str(version.as_str())),
        ("parsed".into(), Json::Bool(report.parsed)),
        ("normalized".into(), report.normalized.unwrap_or(Json::Null)),
        ("effective".into(), report.effective.unwrap_or(Json::Null)),
        ("diagnostics".into(), Json::Array(report.diagnostics.iter().map(diagnostic).collect())),
    ];
    match offers {
        Offers::NotRequested => {}
        Offers::Unavailable => fields.push(("offers".into(), Json::Null)),
        Offers::Estimated(estimate) => fields.push(("offers".into(), serde_value(estimate.as_ref()))),
    }
    Json::Object(fields)
}

/// One diagnostic; `dstack` (dstack's own wording) only when there is one.
fn diagnostic(d: &Diagnostic) -> Json {
    let mut fields = vec![
        ("severity".into(), Json::str(names::severity(d.severity))),
        ("code".into(), Json::str(d.code)),
        ("message".into(), Json::str(&d.message)),
        ("path".into(), Json::str(&d.path)),
        (
            "range".into(),
            Json::Object(vec![("start".into(), position(d.range.start)), ("end".into(), position(d.range.end))]),
        ),
        ("help".into(), Json::opt(d.help.as_deref())),
        ("stage".into(), Json::str(names::stage(d.stage))),
    ];
    if let Some(dstack) = &d.dstack {
        fields.push(("dstack".into(), Json::str(dstack)));
    }
    Json::Object(fields)
}

/// The serde form of a value whose map keys are all strings, which is all [`to_json`] can refuse.
fn serde_value<T: Serialize + ?Sized>(value: &T) -> Json {
    to_json(value).unwrap_or(Json::Null)
}

fn position(p: Position) -> Json {
    Json::Object(vec![("line".into(), Json::Int(p.line.into())), ("column".into(), Json::Int(p.column.into()))])
}

#[cfg(test)]
mod tests;
