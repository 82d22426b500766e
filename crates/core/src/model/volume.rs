//! `type: volume`: one model in dstack 0.18.37; in 0.22.5 a base pass (`type`, `backend`, `name`,
//! `auto_cleanup_duration`, `tags`; unknown keys ignored), then the model of the volume's backend,
//! which reports every error at once, unknown keys included.

use super::coerce::{key_str, py_str};
use super::config_type::ConfigType;
use super::ctx::Fail;
use super::fields::{VOLUME_BACKENDS_0_22_5, field_order, volume_model};
use super::path::Path;
use super::resource_fields::{self, NOT_A_BOOLEAN, NOT_A_STRING, non_null};
use super::{Model, bool_field, duration, newer_fields, range, str_list, unknown_key};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// Validates the fields of a volume.
pub(super) fn validate(m: &mut Model, root: &Node) {
    if m.ctx.version.pydantic2() {
        validate_0_22(m, root);
        return;
    }
    m.unknown_keys();
    m.type_field();
    m.record_str("name");
    let backend = resource_fields::backend(m, root);
    m.emit("backend", backend);
    region(m, root, None);
    size(m);
    m.record_str("volume_id");
}

/// dstack 0.22.5's two passes.
fn validate_0_22(m: &mut Model, root: &Node) {
    m.type_field();
    let backend = m.get("backend");
    if backend.is_none() {
        let anchor = m.key_span("type", root);
        m.ctx.fail(
            &Path::root().key("backend"),
            anchor,
            Fail::new(codes::MISSING_FIELD, "the volume has no `backend`", "Field required")
                .help(format!("add `backend:` with one of {}", listed())),
        );
    }
    m.record_str("name");
    m.record_optional("auto_cleanup_duration", |ctx, path, n| ctx.ok(path, n, duration::idle_duration(n)));
    m.record_optional("tags", newer_fields::tags);
    if m.ctx.error_count() > 0 {
        return;
    }
    let Some(backend) = backend else { return };
    let model = match backend.value() {
        Value::Str(s) => volume_model(s).map(|model| (s.clone(), model)),
        _ => None,
    };
    let Some((tag, model)) = model else {
        let expected: Vec<String> =
            VOLUME_BACKENDS_0_22_5.iter().map(|b| format!("<BackendType.{}: '{b}'>", b.to_ascii_uppercase())).collect();
        m.ctx.fail(
            Path::root(),
            backend.span,
            Fail::new(
                codes::VOLUME_BACKEND,
                match backend.value() {
                    Value::Str(s) => format!("dstack {} has no volumes on backend `{s}`", m.ctx.version),
                    _ => super::coerce::expected("a backend name", backend),
                },
                format!(
                    "Input tag '{}' found using 'backend' does not match any of the expected tags: {}",
                    py_str(backend),
                    expected.join(", ")
                ),
            )
            .help(match backend.value() {
                Value::Str(s) => match crate::suggest::closest(s, &VOLUME_BACKENDS_0_22_5) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("volumes exist on {}", listed()),
                },
                _ => format!("volumes exist on {}", listed()),
            }),
        );
        return;
    };
    m.set_known(model.accepts);
    unknown_keys(m, &tag);
    m.emit("backend", Some(Json::Str(tag.clone())));
    size(m);
    m.record_str("volume_id");
    region(m, root, (tag == "kubernetes").then(|| Json::str("")));
    let zone = m.optional_str("availability_zone");
    // Runpod accepts `availability_zone` for older clients and leaves it out of its JSON.
    if tag != "runpod" {
        m.emit("availability_zone", zone);
    }
    for field in ["claim_name", "storage_class_name"] {
        m.record_str(field);
    }
    let modes = non_null(
        m,
        root,
        "access_modes",
        Some(Json::Array(vec![Json::str("ReadWriteOnce")])),
        ("a list of access modes", "Input should be a valid list"),
        str_list,
    );
    m.emit("access_modes", modes);
    let read_only =
        non_null(m, root, "read_only", Some(Json::Bool(false)), ("`true` or `false`", NOT_A_BOOLEAN), bool_field);
    m.emit("read_only", read_only);
}

/// Unknown keys of the backend's model; a field of another backend's volumes says so.
fn unknown_keys(m: &mut Model, backend: &str) {
    let all = field_order(ConfigType::Volume, m.ctx.version);
    for (k, _) in m.entries {
        match key_str(k) {
            Some(key) if m.known.contains(&key) => {}
            Some(key) if all.contains(&key) => {
                let elsewhere: Vec<String> = VOLUME_BACKENDS_0_22_5
                    .iter()
                    .filter(|b| volume_model(b).is_some_and(|model| model.accepts.contains(&key)))
                    .map(|b| format!("`{b}`"))
                    .collect();
                let fail = Fail::new(
                    codes::UNKNOWN_FIELD,
                    format!("unknown key `{key}` in a volume: `{backend}` volumes have no `{key}`"),
                    "extra fields not permitted",
                )
                .help(format!("remove `{key}`: only {} volumes have it", elsewhere.join(", ")));
                m.ctx.fail(&Path::root().key(key), k.span, fail);
            }
            _ => unknown_key(m.ctx, Path::root(), k, m.known),
        }
    }
}

/// The backends with volumes in 0.22.5, for messages.
fn listed() -> String {
    crate::listing::quoted(&VOLUME_BACKENDS_0_22_5, '`')
}

/// `region`: required, except on Kubernetes (`default`).
fn region(m: &mut Model, root: &Node, default: Option<Json>) {
    let region = non_null(m, root, "region", default, ("a region name", NOT_A_STRING), resource_fields::text);
    m.emit("region", region);
}

/// `size`: a memory size in GB (no range).
fn size(m: &mut Model) {
    m.record_optional("size", |ctx, path, n| ctx.ok(path, n, range::parse_memory(n)).map(|f| ctx.float_json(f)));
}

#[cfg(test)]
mod tests {
    use crate::DstackVersion::{V0_18_37, V0_22_5};
    use crate::{Options, check};

    fn errors(version: crate::DstackVersion, text: &str) -> Vec<(String, String, String)> {
        let report = check(text, &Options { effective: false, version });
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == crate::Severity::Error)
            .map(|d| (d.path, d.message, d.dstack.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn a_field_of_another_backend_says_so() {
        let text = "type: volume\nbackend: daytona\nvolume_id: v\nsize: 10\nfoo: 1\n";
        let found = errors(V0_22_5, text);
        assert_eq!(
            found,
            [
                (
                    "size".to_string(),
                    "unknown key `size` in a volume: `daytona` volumes have no `size`".to_string(),
                    "Extra inputs are not permitted".to_string()
                ),
                ("foo".into(), "unknown key `foo` in a volume".into(), "Extra inputs are not permitted".into()),
            ]
        );
        let report = check(text, &Options::default());
        assert_eq!(
            report.diagnostics.iter().find(|d| d.path == "size").and_then(|d| d.help.as_deref()),
            Some("remove `size`: only `aws`, `gcp`, `runpod`, `kubernetes` volumes have it")
        );
    }

    #[test]
    fn the_base_pass_stops_before_the_backend_model() {
        let text = "type: volume\nbackend: hetzner\nauto_cleanup_duration: soon\nfoo: 1\n";
        assert_eq!(
            errors(V0_22_5, text),
            [(
                "auto_cleanup_duration".to_string(),
                "expected a duration like `90m`, `2h`, `1d` or a number of seconds, found the string `soon`"
                    .to_string(),
                "Value error, Cannot parse the duration soon".to_string()
            )]
        );
        let backend = errors(V0_22_5, "type: volume\nbackend: hetzner\n");
        assert_eq!(backend.len(), 1);
        assert_eq!(backend[0].0, "");
        assert_eq!(backend[0].1, "dstack 0.22.5 has no volumes on backend `hetzner`");
        assert_eq!(errors(V0_18_37, "type: volume\nbackend: aws\nregion: r\nsize: 1\n"), []);
    }
}
