//! Volumes after parsing: what the dstack server refuses (`_validate_volume_configuration`), what
//! is legal but not what the author meant (a size dstack truncates or ignores), and the volume the
//! server will create or register.

use crate::DstackVersion;
use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::json::Json;
use crate::model::config::VolumeConfig;

/// The backends with volumes in dstack 0.18.37 (`BACKENDS_WITH_VOLUMES_SUPPORT`); 0.22.5's
/// model already admits only backends with volumes.
const VOLUME_BACKENDS_0_18_37: [&str; 4] = ["aws", "gcp", "local", "runpod"];

/// The 0.22.5 volume models without `size` (volumes registered by id only).
const WITHOUT_SIZE: [&str; 2] = ["daytona", "lium"];

/// The name of the field that registers an existing volume on the volume's backend.
fn id_field(v: &VolumeConfig) -> &'static str {
    if v.backend.value == "kubernetes" { "claim_name" } else { "volume_id" }
}

/// The first character of the document (the range of a field that is not written is the
/// document's), for a rule about fields that are not written.
fn top(v: &VolumeConfig) -> Range {
    let start = v.size.range.start;
    Range { start, end: crate::diagnostic::Position { line: start.line, column: start.column + 1 } }
}

/// Every rule of the server that the volume breaks, in dstack's order (the server stops at the
/// first).
pub fn server_errors(v: &VolumeConfig, version: DstackVersion) -> Vec<Diagnostic> {
    let v2 = version.pydantic2();
    let mut out = Vec::new();
    let backend = v.backend.value.as_str();
    let sized = !v2 || !WITHOUT_SIZE.contains(&backend);
    if sized && v.external_id().is_none() && v.size.value.is_none() {
        let id = id_field(v);
        let dstack = if v2 {
            "Volume must specify either existing identifier or size"
        } else {
            "Volume must specify either volume_id or size"
        };
        out.push(
            Diagnostic::error(
                Stage::Server,
                codes::VOLUME_SIZE_OR_ID,
                format!("the volume has neither `size` (to create a volume) nor `{id}` (to register an existing one)"),
            )
            .at("size", top(v))
            .help(format!("add `size: 100GB`, or `{id}:` with the existing volume's identifier"))
            .dstack(dstack),
        );
    }
    if !v2 && !VOLUME_BACKENDS_0_18_37.contains(&backend) {
        let list: Vec<String> = VOLUME_BACKENDS_0_18_37.iter().map(|b| format!("'{b}'")).collect();
        out.push(
            Diagnostic::error(
                Stage::Server,
                codes::VOLUME_BACKEND_UNSUPPORTED,
                format!("dstack {version} has no volumes on `{backend}`: only on aws, gcp, local and runpod"),
            )
            .at("backend", v.backend.range)
            .help("use `aws`, `gcp` or `runpod`")
            .dstack(format!(
                "Volumes are not supported for {backend} backend. Supported backends: [{}].",
                list.join(", ")
            )),
        );
    }
    if let Some(name) = &v.name.value
        && !crate::checks::valid_resource_name(name)
    {
        out.push(crate::checks::invalid_resource_name("volume", name, v.name.range));
    }
    if v2 && v.external_id().is_some() && v.auto_cleanup_duration.value.is_some_and(|s| s > 0) {
        out.push(
            Diagnostic::error(
                Stage::Server,
                codes::EXTERNAL_VOLUME_CLEANUP,
                format!("a registered volume (`{}`) is never deleted by dstack: `auto_cleanup_duration` cannot be set", id_field(v)),
            )
            .at("auto_cleanup_duration", v.auto_cleanup_duration.range)
            .help("remove `auto_cleanup_duration`")
            .dstack(
                "External volumes do not support auto_cleanup_duration. Auto-cleanup only works for volumes created and managed by dstack.",
            ),
        );
    }
    out
}

/// A `size` dstack truncates to whole GB (`int(size)`), or ignores because the volume exists.
pub fn warnings(v: &VolumeConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(size) = v.size.value else { return out };
    if v.external_id().is_some() {
        out.push(
            Diagnostic::warning(
                Stage::Server,
                codes::VOLUME_SIZE_IGNORED,
                format!("`size` is ignored: the volume is registered by `{}`, and keeps the size it has", id_field(v)),
            )
            .at("size", v.size.range)
            .help(format!("remove `size`, or remove `{}` to create a new volume", id_field(v))),
        );
    } else if size.fract() != 0.0 || size < 1.0 {
        let whole = size.trunc();
        let message = if whole < 1.0 {
            format!("dstack creates volumes of whole GB: `size` {size} GB becomes {whole} GB, which no cloud creates")
        } else {
            format!("dstack creates volumes of whole GB: `size` {size} GB becomes {whole} GB")
        };
        out.push(
            Diagnostic::warning(Stage::Server, codes::VOLUME_SIZE_TRUNCATED, message)
                .at("size", v.size.range)
                .help("write a whole number of GB of at least 1, e.g. `size: 100GB`"),
        );
    }
    out
}

/// The volume the server creates or registers: its size in whole GB, where, and when it is
/// deleted.
pub fn effective(v: &VolumeConfig, version: DstackVersion) -> Json {
    let mut out = vec![
        ("name".into(), Json::opt(v.name.value.clone())),
        ("backend".into(), Json::str(&v.backend.value)),
        ("region".into(), Json::opt(v.region.value.clone())),
    ];
    if version.pydantic2() {
        out.push(("availability_zone".into(), Json::opt(v.availability_zone.value.clone())));
    }
    out.extend(decided_entries(v, version));
    Json::Object(out)
}

/// What dstack decides: create or register, the size it provisions, and (0.22.5) when it deletes
/// the volume.
pub fn decided(v: &VolumeConfig, version: DstackVersion) -> Json {
    Json::Object(decided_entries(v, version))
}

fn decided_entries(v: &VolumeConfig, version: DstackVersion) -> Vec<(crate::json::Key, Json)> {
    let external = v.external_id().and_then(|id| id.value.clone());
    let action = if external.is_some() { "register" } else { "create" };
    let size_gb = match (&external, v.size.value) {
        (None, Some(size)) => Json::Int(size.trunc() as i128),
        _ => Json::Null,
    };
    let mut out = vec![
        ("action".into(), Json::str(action)),
        (id_field(v).into(), Json::opt(external)),
        ("size_gb".into(), size_gb),
    ];
    if version.pydantic2() {
        let cleanup = match v.auto_cleanup_duration.value {
            Some(s) if s >= 0 => Json::Int(s),
            _ => Json::str("never"),
        };
        out.push(("auto_cleanup_duration".into(), cleanup));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::DstackVersion::{self, V0_18_37, V0_22_5};
    use crate::{Options, check};

    /// The server errors and warnings of a volume: code, path and dstack's message.
    fn rules(version: DstackVersion, body: &str) -> Vec<(&'static str, String, Option<String>)> {
        let report = check(&format!("type: volume\n{body}"), &Options { effective: false, version });
        assert!(report.parsed, "{body}: {:?}", report.diagnostics);
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.code.starts_with("E3") || d.code.starts_with("W03"))
            .map(|d| (d.code, d.path, d.dstack))
            .collect()
    }

    fn effective(version: DstackVersion, body: &str) -> String {
        let report = check(&format!("type: volume\n{body}"), &Options { effective: true, version });
        report.effective.map(|e| e.to_python_string()).unwrap_or_default()
    }

    #[test]
    fn a_volume_needs_a_size_or_an_identifier() {
        let body = "backend: aws\nregion: eu-central-1\n";
        assert_eq!(
            rules(V0_18_37, body),
            vec![("E347", "size".into(), Some("Volume must specify either volume_id or size".into()))]
        );
        assert_eq!(
            rules(V0_22_5, body),
            vec![("E347", "size".into(), Some("Volume must specify either existing identifier or size".into()))]
        );
        assert_eq!(rules(V0_22_5, "backend: kubernetes\nclaim_name: pvc\n"), vec![]);
        assert_eq!(rules(V0_22_5, "backend: daytona\n"), vec![]);
        assert_eq!(rules(V0_22_5, "backend: aws\nregion: r\nsize: 100\n"), vec![]);
    }

    #[test]
    fn backends_names_and_cleanup() {
        let lambda = "backend: lambda\nregion: us-east-1\nsize: 100\nname: Data\n";
        assert_eq!(
            rules(V0_18_37, lambda),
            vec![
                (
                    "E348",
                    "backend".into(),
                    Some("Volumes are not supported for lambda backend. Supported backends: ['aws', 'gcp', 'local', 'runpod'].".into())
                ),
                ("E341", "name".into(), Some("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'".into())),
            ]
        );
        let external = "backend: aws\nregion: r\nvolume_id: vol-1\nauto_cleanup_duration: 1h\n";
        assert_eq!(rules(V0_22_5, external)[0].0, "E349");
        assert_eq!(rules(V0_22_5, "backend: aws\nregion: r\nvolume_id: vol-1\nauto_cleanup_duration: off\n"), vec![]);
    }

    #[test]
    fn sizes_dstack_truncates_or_ignores() {
        let off = "backend: kubernetes\nsize: 1\nauto_cleanup_duration: off\nread_only: no\n";
        let report = check(&format!("type: volume\n{off}"), &Options::default());
        assert_eq!(report.diagnostics, []);
        let half = rules(V0_18_37, "backend: aws\nregion: r\nsize: 512MB\n");
        assert_eq!(half, vec![("W038", "size".into(), None)]);
        assert_eq!(rules(V0_22_5, "backend: aws\nregion: r\nsize: 1.5\n")[0].0, "W038");
        assert_eq!(
            rules(V0_22_5, "backend: aws\nregion: r\nsize: 10\nvolume_id: v\n"),
            vec![("W039", "size".into(), None)]
        );
    }

    #[test]
    fn effective_volumes_of_each_release() {
        assert_eq!(
            effective(V0_18_37, "backend: aws\nregion: r\nsize: 100.9\n"),
            r#"{"name": null, "backend": "aws", "region": "r", "action": "create", "volume_id": null, "size_gb": 100}"#
        );
        assert_eq!(
            effective(V0_22_5, "backend: kubernetes\nclaim_name: pvc\nauto_cleanup_duration: off\n"),
            r#"{"name": null, "backend": "kubernetes", "region": "", "availability_zone": null, "action": "register", "claim_name": "pvc", "size_gb": null, "auto_cleanup_duration": "never"}"#
        );
    }
}
