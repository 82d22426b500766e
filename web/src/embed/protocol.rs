//! The postMessage protocol, version 2, between a host page and the embedded playground.
//!
//! The dstack release (`dstack_version` in `ready`'s options, in `set-options` and in every
//! `result`) came as added fields: a version 2 host that ignores them works as before.
//!
//! What a host's message may hold and what the iframe sends back, on [`Json`] trees. A message
//! is read strictly: a wrong type, an unknown field, another version or an oversized text
//! rejects it whole. Pure: `host.rs` converts between JS values and [`Json`] and moves the
//! messages, so this module is unit-tested natively.

use dstack_check::names;
use dstack_core::{DstackVersion, Json, Report, Severity};
use dstack_offers::Estimate;

use super::options::{EmbedOptions, OptionsPatch, Theme, View};

/// Every message type starts with this; messages without it are someone else's and ignored.
pub const PREFIX: &str = "dstack-playground:";

/// The protocol version messages carry, both ways.
pub const VERSION: u32 = 2;

/// A host's message, validated.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    /// Replace the editor's text.
    SetText(String),
    /// Change some options.
    SetOptions(OptionsPatch),
    /// Send the current result now, with the normalized JSON if `normalized`.
    GetResult {
        /// Include `normalized` in the reply.
        normalized: bool,
    },
}

/// The types the iframe sends. One coming back (a host echoing everything) is ignored, never
/// answered, so two frames can never bounce errors at each other.
const OUTGOING_KINDS: [&str; 4] = ["ready", "result", "resize", "error"];

/// Reads a host's message. `Ok(None)`: not for us (no [`PREFIX`] in `type`, or one of the
/// iframe's own types), to be ignored. `Err`: why it was rejected, for an `error` reply.
pub fn read(message: &Json) -> Result<Option<Incoming>, String> {
    let Json::Object(fields) = message else { return Ok(None) };
    let Some(kind) = message.get("type").and_then(Json::as_str).and_then(|t| t.strip_prefix(PREFIX)) else {
        return Ok(None);
    };
    let allowed: &[&str] = match kind {
        "set-text" => &["type", "version", "text"],
        "set-options" => &["type", "version", "options"],
        "get-result" => &["type", "version", "normalized"],
        kind if OUTGOING_KINDS.contains(&kind) => return Ok(None),
        _ => {
            return Err(format!(
                "unknown message type `{PREFIX}{kind}`: expected `{PREFIX}set-text`, `{PREFIX}set-options` or `{PREFIX}get-result`"
            ));
        }
    };
    let rejected = |why: String| format!("`{PREFIX}{kind}` rejected: {why}");
    check_fields(fields, allowed).map_err(rejected)?;
    check_version(message.get("version")).map_err(rejected)?;
    let incoming = match kind {
        "set-text" => Incoming::SetText(text(message.get("text")).map_err(rejected)?),
        "set-options" => Incoming::SetOptions(options(message.get("options")).map_err(rejected)?),
        _ => Incoming::GetResult {
            normalized: flag("normalized", message.get("normalized")).map_err(rejected)?.unwrap_or(false),
        },
    };
    Ok(Some(incoming))
}

/// What a JS value of this kind is called in messages.
fn type_name(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Int(_) | Json::BigInt(_) | Json::Float(_) => "a number",
        Json::Str(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn check_fields(fields: &[(dstack_core::json::Key, Json)], allowed: &[&str]) -> Result<(), String> {
    match fields.iter().find(|(key, _)| !allowed.contains(&key.as_ref())) {
        Some((key, _)) => Err(format!("unknown field `{key}` (allowed: {})", list(allowed))),
        None => Ok(()),
    }
}

fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn check_version(version: Option<&Json>) -> Result<(), String> {
    match version {
        Some(v) if v.as_f64() == Some(f64::from(VERSION)) => Ok(()),
        Some(v @ (Json::Int(_) | Json::Float(_))) => Err(format!(
            "unsupported protocol version {}: this playground speaks version {VERSION}",
            v.to_python_string()
        )),
        Some(v) => Err(format!("`version` must be the number {VERSION}, not {}", type_name(v))),
        None => Err(format!("missing field `version` (the protocol version, {VERSION})")),
    }
}

fn text(value: Option<&Json>) -> Result<String, String> {
    match value {
        Some(Json::Str(text)) if text.len() > dstack_share::MAX_TEXT_BYTES => {
            Err("the text is larger than 1 MiB".to_string())
        }
        Some(Json::Str(text)) => Ok(text.clone()),
        Some(other) => Err(format!("`text` must be a string, not {}", type_name(other))),
        None => Err("missing field `text`".to_string()),
    }
}

/// An optional boolean field: absent or `null` leave the setting alone.
fn flag(name: &str, value: Option<&Json>) -> Result<Option<bool>, String> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(format!("`{name}` must be a boolean, not {}", type_name(other))),
    }
}

/// An optional name field (`view`, `theme`), read with `from_name`.
fn named<T>(
    name: &str,
    value: Option<&Json>,
    from_name: fn(&str) -> Option<T>,
    choices: String,
) -> Result<Option<T>, String> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Str(s)) => match from_name(s) {
            Some(v) => Ok(Some(v)),
            None => Err(format!("unknown {name} `{s}`: expected {choices}")),
        },
        Some(other) => Err(format!("`options.{name}` must be a string, not {}", type_name(other))),
    }
}

fn options(value: Option<&Json>) -> Result<OptionsPatch, String> {
    let Some(value) = value else { return Err("missing field `options`".to_string()) };
    let Json::Object(fields) = value else {
        return Err(format!("`options` must be an object, not {}", type_name(value)));
    };
    check_fields(fields, &["readonly", "view", "theme", "dstack_version"]).map_err(|e| format!("in `options`: {e}"))?;
    Ok(OptionsPatch {
        readonly: flag("options.readonly", value.get("readonly"))?,
        view: named("view", value.get("view"), View::from_name, View::choices())?,
        theme: named("theme", value.get("theme"), Theme::from_name, Theme::choices())?,
        version: dstack_version(value.get("dstack_version"))?,
    })
}

/// The optional `options.dstack_version`: a supported release number.
fn dstack_version(value: Option<&Json>) -> Result<Option<DstackVersion>, String> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Str(s)) => DstackVersion::parse(s).map(Some).map_err(|e| e.to_string()),
        Some(other) => Err(format!("`options.dstack_version` must be a string, not {}", type_name(other))),
    }
}

/// A message of type [`PREFIX`] + `kind`: `type`, `version`, then `fields`.
fn message(kind: &str, fields: Vec<(&'static str, Json)>) -> Json {
    let head = [("type", Json::str(format!("{PREFIX}{kind}"))), ("version", Json::Int(VERSION.into()))];
    Json::Object(head.into_iter().chain(fields).map(|(k, v)| (k.into(), v)).collect())
}

fn count(n: usize) -> Json {
    Json::Int(n as i128)
}

/// `ready`: the embed is listening, with these options in force. Sent once, first.
pub fn ready(options: &EmbedOptions) -> Json {
    let options = Json::Object(vec![
        ("readonly".into(), Json::Bool(options.readonly)),
        ("view".into(), Json::str(options.view.name())),
        ("theme".into(), Json::str(options.theme.name())),
        ("height".into(), Json::str(options.height.name())),
        ("dstack_version".into(), Json::str(options.version.as_str())),
    ]);
    message("ready", vec![("options", options)])
}

/// `result`: `version`'s verdict on the current text, after every check and in reply to
/// `get-result`. `dstack_version` names the release that judged it; `offers` is `{"count": N}`,
/// as in the JS module's result, and `null` while there are errors or for a type that gets no
/// offers (its estimate's `needs`); `normalized` (only when asked for) is dstack's normalized
/// JSON, `null` when the text does not parse.
pub fn result(report: &Report, version: DstackVersion, estimate: Option<&Estimate>, normalized: bool) -> Json {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            Json::Object(vec![
                ("severity".into(), Json::str(names::severity(d.severity))),
                ("code".into(), Json::str(d.code)),
                ("message".into(), Json::str(d.message.as_str())),
                ("line".into(), Json::Int(d.range.start.line.into())),
                ("column".into(), Json::Int(d.range.start.column.into())),
            ])
        })
        .collect();
    let mut fields = vec![
        ("dstack_version", Json::str(version.as_str())),
        ("parsed", Json::Bool(report.parsed)),
        ("valid", Json::Bool(report.is_valid())),
        ("errors", count(report.count(Severity::Error))),
        ("warnings", count(report.count(Severity::Warning))),
        ("infos", count(report.count(Severity::Info))),
        (
            "offers",
            estimate
                .filter(|e| e.needs.is_none())
                .map_or(Json::Null, |e| Json::Object(vec![("count".into(), count(e.count))])),
        ),
        ("diagnostics", Json::Array(diagnostics)),
    ];
    if normalized {
        fields.push(("normalized", report.normalized.clone().unwrap_or(Json::Null)));
    }
    message("result", fields)
}

/// `resize`: the height in CSS pixels the iframe needs to show everything (`height=auto`).
pub fn resize(height: u32) -> Json {
    message("resize", vec![("height", Json::Int(height.into()))])
}

/// `error`: a message with the prefix was rejected, and nothing changed.
pub fn error(reason: &str) -> Json {
    message("error", vec![("message", Json::str(reason))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::options::Height;
    use dstack_core::Options;

    /// The options of these tests: offers and messages are pinned to dstack 0.18.37.
    fn options_0_18() -> Options {
        Options { version: DstackVersion::V0_18_37, ..Options::default() }
    }

    fn read_text(message: &str) -> Result<Option<Incoming>, String> {
        read(&Json::parse(message).expect("test messages are JSON"))
    }

    #[test]
    fn set_text() {
        assert_eq!(
            read_text(r#"{"type": "dstack-playground:set-text", "version": 2, "text": "type: task\n"}"#),
            Ok(Some(Incoming::SetText("type: task\n".into())))
        );
        // JS has one number type: 1.0 is 1.
        assert_eq!(
            read_text(r#"{"type": "dstack-playground:set-text", "version": 2.0, "text": ""}"#),
            Ok(Some(Incoming::SetText(String::new())))
        );
    }

    #[test]
    fn set_options() {
        assert_eq!(
            read_text(
                r#"{"type": "dstack-playground:set-options", "version": 2,
                    "options": {"readonly": true, "view": "offers", "theme": "dark"}}"#
            ),
            Ok(Some(Incoming::SetOptions(OptionsPatch {
                readonly: Some(true),
                view: Some(View::Offers),
                theme: Some(Theme::Dark),
                version: None,
            })))
        );
        assert_eq!(
            read_text(
                r#"{"type": "dstack-playground:set-options", "version": 2, "options": {"dstack_version": "0.18.37"}}"#
            ),
            Ok(Some(Incoming::SetOptions(OptionsPatch {
                version: Some(DstackVersion::V0_18_37),
                ..OptionsPatch::default()
            })))
        );
        assert_eq!(
            read_text(r#"{"type": "dstack-playground:set-options", "version": 2, "options": {"readonly": null}}"#),
            Ok(Some(Incoming::SetOptions(OptionsPatch::default())))
        );
    }

    #[test]
    fn get_result() {
        assert_eq!(
            read_text(r#"{"type": "dstack-playground:get-result", "version": 2}"#),
            Ok(Some(Incoming::GetResult { normalized: false }))
        );
        assert_eq!(
            read_text(r#"{"type": "dstack-playground:get-result", "version": 2, "normalized": true}"#),
            Ok(Some(Incoming::GetResult { normalized: true }))
        );
    }

    #[test]
    fn other_messages_and_the_iframes_own_types_are_ignored() {
        for message in [
            r#""dstack-playground:set-text""#,
            r#"["dstack-playground:set-text", 1, "a"]"#,
            r#"{"version": 2, "text": "a"}"#,
            r#"{"type": "set-text", "version": 2, "text": "a"}"#,
            r#"{"type": 5}"#,
            r#"{"type": "webpackHotUpdate"}"#,
            r#"{"type": "dstack-playground:ready", "version": 2}"#,
            r#"{"type": "dstack-playground:result", "anything": [1]}"#,
            r#"{"type": "dstack-playground:resize"}"#,
            r#"{"type": "dstack-playground:error", "message": "echo"}"#,
        ] {
            assert_eq!(read_text(message), Ok(None), "{message}");
        }
    }

    #[test]
    fn malformed_messages_are_rejected_with_the_reason() {
        let cases = [
            (
                r#"{"type": "dstack-playground:eval", "version": 2, "code": "alert(1)"}"#,
                "unknown message type `dstack-playground:eval`: expected `dstack-playground:set-text`, \
              `dstack-playground:set-options` or `dstack-playground:get-result`",
            ),
            (
                r#"{"type": "dstack-playground:set-text", "version": 2, "text": 5}"#,
                "`dstack-playground:set-text` rejected: `text` must be a string, not a number",
            ),
            (
                r#"{"type": "dstack-playground:set-text", "version": 2, "text": null}"#,
                "`dstack-playground:set-text` rejected: `text` must be a string, not null",
            ),
            (
                r#"{"type": "dstack-playground:set-text", "version": 2, "text": ["a"]}"#,
                "`dstack-playground:set-text` rejected: `text` must be a string, not an array",
            ),
            (
                r#"{"type": "dstack-playground:set-text", "version": 2}"#,
                "`dstack-playground:set-text` rejected: missing field `text`",
            ),
            (
                r#"{"type": "dstack-playground:set-text", "text": "a"}"#,
                "`dstack-playground:set-text` rejected: missing field `version` (the protocol version, 2)",
            ),
            (
                r#"{"type": "dstack-playground:set-text", "version": 3, "text": "a"}"#,
                "`dstack-playground:set-text` rejected: unsupported protocol version 3: this playground speaks version 2",
            ),
            (
                r#"{"type": "dstack-playground:set-text", "version": 2.5, "text": "a"}"#,
                "`dstack-playground:set-text` rejected: unsupported protocol version 2.5: this playground speaks version 2",
            ),
            (
                r#"{"type": "dstack-playground:set-text", "version": "2", "text": "a"}"#,
                "`dstack-playground:set-text` rejected: `version` must be the number 2, not a string",
            ),
            (
                r#"{"type": "dstack-playground:set-text", "version": 2, "text": "a", "html": "<b>"}"#,
                "`dstack-playground:set-text` rejected: unknown field `html` (allowed: `type`, `version`, `text`)",
            ),
            (
                r#"{"type": "dstack-playground:set-options", "version": 2, "options": {"readOnly": true}}"#,
                "`dstack-playground:set-options` rejected: in `options`: unknown field `readOnly` (allowed: `readonly`, `view`, `theme`, `dstack_version`)",
            ),
            (
                r#"{"type": "dstack-playground:set-options", "version": 2, "options": {"dstack_version": "0.19"}}"#,
                "`dstack-playground:set-options` rejected: unknown dstack version `0.19`: supported versions are 0.18.37, 0.22.5",
            ),
            (
                r#"{"type": "dstack-playground:set-options", "version": 2, "options": {"dstack_version": 18}}"#,
                "`dstack-playground:set-options` rejected: `options.dstack_version` must be a string, not a number",
            ),
            (
                r#"{"type": "dstack-playground:set-options", "version": 2, "options": {"readonly": "yes"}}"#,
                "`dstack-playground:set-options` rejected: `options.readonly` must be a boolean, not a string",
            ),
            (
                r#"{"type": "dstack-playground:set-options", "version": 2, "options": {"view": "all"}}"#,
                "`dstack-playground:set-options` rejected: unknown view `all`: expected `none`, `problems`, `json`, `effective` or `offers`",
            ),
            (
                r#"{"type": "dstack-playground:set-options", "version": 2, "options": {"theme": 1}}"#,
                "`dstack-playground:set-options` rejected: `options.theme` must be a string, not a number",
            ),
            (
                r#"{"type": "dstack-playground:set-options", "version": 2, "options": "readonly"}"#,
                "`dstack-playground:set-options` rejected: `options` must be an object, not a string",
            ),
            (
                r#"{"type": "dstack-playground:set-options", "version": 2}"#,
                "`dstack-playground:set-options` rejected: missing field `options`",
            ),
            (
                r#"{"type": "dstack-playground:get-result", "version": 2, "normalized": 1}"#,
                "`dstack-playground:get-result` rejected: `normalized` must be a boolean, not a number",
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(read_text(message), Err(expected.to_string()), "{message}");
        }
    }

    #[test]
    fn a_text_over_1_mib_is_rejected() {
        let message = |len: usize| {
            let text = Json::str("a".repeat(len));
            Json::Object(vec![
                ("type".into(), Json::str("dstack-playground:set-text")),
                ("version".into(), Json::Int(VERSION.into())),
                ("text".into(), text),
            ])
        };
        assert_eq!(
            read(&message(dstack_share::MAX_TEXT_BYTES + 1)),
            Err("`dstack-playground:set-text` rejected: the text is larger than 1 MiB".to_string())
        );
        assert!(matches!(read(&message(dstack_share::MAX_TEXT_BYTES)), Ok(Some(Incoming::SetText(_)))));
    }

    fn compact(json: &Json) -> String {
        json.to_python_string()
    }

    #[test]
    fn ready_resize_and_error() {
        let options =
            EmbedOptions { readonly: true, view: View::Json, height: Height::Auto, ..EmbedOptions::default() };
        assert_eq!(
            compact(&ready(&options)),
            r#"{"type": "dstack-playground:ready", "version": 2, "options": {"readonly": true, "view": "json", "theme": "auto", "height": "auto", "dstack_version": "0.22.5"}}"#
        );
        assert_eq!(compact(&resize(312)), r#"{"type": "dstack-playground:resize", "version": 2, "height": 312}"#);
        assert_eq!(compact(&error("no")), r#"{"type": "dstack-playground:error", "version": 2, "message": "no"}"#);
    }

    #[test]
    fn result_of_an_invalid_configuration() {
        let report = dstack_core::check("type: task\ncommands: [ls]\nspot_polcy: auto\n", &options_0_18());
        assert_eq!(
            compact(&result(&report, DstackVersion::V0_18_37, None, false)),
            r#"{"type": "dstack-playground:result", "version": 2, "dstack_version": "0.18.37", "parsed": false, "valid": false, "errors": 1, "warnings": 0, "infos": 0, "offers": null, "diagnostics": [{"severity": "error", "code": "E102", "message": "unknown key `spot_polcy` in a task", "line": 3, "column": 1}]}"#
        );
        assert_eq!(result(&report, DstackVersion::V0_18_37, None, true).get("normalized"), Some(&Json::Null));
    }

    #[test]
    fn result_with_offers_and_normalized_json() {
        let report = dstack_core::check("type: task\ncommands: [ls]\n", &options_0_18());
        let normalized = report.normalized.clone().expect("parses");
        let estimate = dstack_offers::estimate(&normalized, dstack_offers::Catalog::bundled(), DstackVersion::V0_18_37);
        let message = result(&report, DstackVersion::V0_18_37, Some(&estimate), true);
        assert!(estimate.count > 0);
        assert_eq!(message.get("offers").and_then(|o| o.get("count")), Some(&Json::Int(estimate.count as i128)));
        assert_eq!(message.get("offers").map(compact), Some(format!(r#"{{"count": {}}}"#, estimate.count)));
        assert_eq!(message.get("valid"), Some(&Json::Bool(true)));
        assert_eq!(message.get("normalized"), Some(&normalized));
        assert_eq!(result(&report, DstackVersion::V0_18_37, Some(&estimate), false).get("normalized"), None);
        // A preset gets no offers: its estimate says what it needs instead, the message no count.
        let preset = Json::parse(r#"{"type": "preset"}"#).unwrap();
        let needs = dstack_offers::estimate(&preset, dstack_offers::Catalog::bundled(), DstackVersion::V0_22_5);
        assert!(needs.needs.is_some());
        assert_eq!(result(&report, DstackVersion::V0_22_5, Some(&needs), false).get("offers"), Some(&Json::Null));
    }
}
