//! The JSON form of a checked document: `dstack-check --format json` prints it, one line per
//! file, and the JS module's `check` returns it.
//!
//! The object is built as a [`Json`] tree ([`document`], for callers that keep the value) or
//! written straight into a buffer ([`write_document`], the CLI's line: the same text as the tree
//! printed), with Python's `json.dumps` conventions, so `normalized` and `effective` read exactly
//! like dstack's own output (`8.0` stays a float, `Infinity` stays `Infinity`) and the whole line
//! has one consistent style.

use dstack_core::json::{write_python_int, write_python_str};
use dstack_core::{Diagnostic, Edit, Fix, Json, Position};
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

/// Appends [`document`]'s text to `out` without building the tree: no copy of the diagnostics'
/// strings, the normalized and effective JSON printed in place.
pub(crate) fn write_document(file: &str, checked: &Checked, out: &mut String) {
    write_head(file, checked, out);
    write_or_null(checked.report.normalized.as_ref(), out);
    out.push_str(", \"effective\": ");
    write_or_null(checked.report.effective.as_ref(), out);
    write_tail(checked, out);
}

/// [`write_document`], consuming the document: the normalized and effective JSON are freed as
/// they are written.
pub(crate) fn write_document_owned(file: &str, mut checked: Checked, out: &mut String) {
    let normalized = checked.report.normalized.take();
    let effective = checked.report.effective.take();
    write_head(file, &checked, out);
    write_owned_or_null(normalized, out);
    out.push_str(", \"effective\": ");
    write_owned_or_null(effective, out);
    write_tail(&checked, out);
}

/// The document's text up to the value of `normalized`.
fn write_head(file: &str, checked: &Checked, out: &mut String) {
    out.push_str("{\"file\": ");
    write_python_str(out, file);
    out.push_str(", \"dstack_version\": ");
    write_python_str(out, checked.version.as_str());
    out.push_str(if checked.report.parsed { ", \"parsed\": true" } else { ", \"parsed\": false" });
    out.push_str(", \"normalized\": ");
}

/// The document's text from `diagnostics` on.
fn write_tail(checked: &Checked, out: &mut String) {
    let Checked { report, offers, .. } = checked;
    out.push_str(", \"diagnostics\": [");
    for (i, d) in report.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_diagnostic(d, out);
    }
    out.push(']');
    match offers {
        Offers::NotRequested => {}
        Offers::Unavailable => out.push_str(", \"offers\": null"),
        Offers::Estimated(estimate) => {
            out.push_str(", \"offers\": ");
            serde_value(estimate.as_ref()).write_python(out);
        }
    }
    out.push('}');
}

fn write_or_null(value: Option<&Json>, out: &mut String) {
    match value {
        Some(value) => value.write_python(out),
        None => out.push_str("null"),
    }
}

fn write_owned_or_null(value: Option<Json>, out: &mut String) {
    match value {
        Some(value) => value.write_python_owned(out),
        None => out.push_str("null"),
    }
}

/// [`diagnostic`]'s text.
fn write_diagnostic(d: &Diagnostic, out: &mut String) {
    let field = |name: &str, value: &str, out: &mut String| {
        out.push_str(name);
        write_python_str(out, value);
    };
    field("{\"severity\": ", names::severity(d.severity), out);
    field(", \"code\": ", d.code, out);
    field(", \"message\": ", &d.message, out);
    field(", \"path\": ", &d.path, out);
    // The range's literal text between its four numbers, each written in one piece.
    let (start, end) = (d.range.start, d.range.end);
    out.push_str(", \"range\": {\"start\": {\"line\": ");
    write_python_int(out, start.line.into());
    out.push_str(", \"column\": ");
    write_python_int(out, start.column.into());
    out.push_str("}, \"end\": {\"line\": ");
    write_python_int(out, end.line.into());
    out.push_str(", \"column\": ");
    write_python_int(out, end.column.into());
    out.push_str("}}");
    match &d.help {
        Some(help) => field(", \"help\": ", help, out),
        None => out.push_str(", \"help\": null"),
    }
    field(", \"stage\": ", names::stage(d.stage), out);
    if let Some(dstack) = &d.dstack {
        field(", \"dstack\": ", dstack, out);
    }
    if !d.fixes.is_empty() {
        out.push_str(", \"fixes\": ");
        fixes(&d.fixes).write_python(out);
    }
    out.push('}');
}

/// One diagnostic; `dstack` (dstack's own wording) and `fixes` only when there are some.
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
    if !d.fixes.is_empty() {
        fields.push(("fixes".into(), fixes(&d.fixes)));
    }
    Json::Object(fields)
}

/// A diagnostic's fixes: `[{title, edits: [{start, end, text}]}]`, positions as in `range`.
fn fixes(fixes: &[Fix]) -> Json {
    let edit = |e: &Edit| {
        Json::Object(vec![
            ("start".into(), position(e.range.start)),
            ("end".into(), position(e.range.end)),
            ("text".into(), Json::str(&e.text)),
        ])
    };
    let fix = |f: &Fix| {
        Json::Object(vec![
            ("title".into(), Json::str(&f.title)),
            ("edits".into(), Json::Array(f.edits.iter().map(edit).collect())),
        ])
    };
    Json::Array(fixes.iter().map(fix).collect())
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
