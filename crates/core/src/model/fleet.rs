//! `type: fleet`: cloud fleets (`nodes`, `placement`, `resources` and the profile fields that
//! choose machines) and SSH fleets (`ssh_config`), under each release's `FleetConfiguration`.

use super::ctx::Ctx;
use super::path::Path;
use super::{Model, fleet_nodes, resources, ssh_config};
use crate::json::Json;
use crate::yaml::Value;

/// `placement` values.
pub(crate) const PLACEMENTS: [&str; 2] = ["any", "cluster"];

/// Validates the fields of a fleet.
pub(super) fn validate(m: &mut Model) {
    m.unknown_keys();
    m.type_field();
    m.record_str("name");
    m.env_field();
    m.record_optional("ssh_config", ssh_config::parse_ssh_config);
    m.record_optional("nodes", fleet_nodes::parse_nodes);
    m.record_enum("placement", &PLACEMENTS);
    blocks_field(m);
    resources_field(m);
    m.profile_fields();
    crash_only(m.ctx);
}

/// A Python exception other than a validation error (a crash of dstack's validators, e.g.
/// 0.22.5's on a float `nodes`, or an infinite duration) ends validation: dstack reports no
/// other error. The others are still reported here, but without a dstack text.
fn crash_only(ctx: &mut Ctx) {
    let crashed = |d: &crate::Diagnostic| {
        d.dstack
            .as_deref()
            .and_then(|t| t.split_once(": "))
            .is_some_and(|(name, _)| name.ends_with("Error") && name.chars().all(|c| c.is_ascii_alphanumeric()))
    };
    if !ctx.diags.iter().any(crashed) {
        return;
    }
    for d in ctx.diags.iter_mut().filter(|d| !crashed(d)) {
        d.dstack = None;
    }
}

/// Top-level `blocks` (0.22.5): 1 when omitted; null fails like any value that is not `auto` or ≥ 1.
fn blocks_field(m: &mut Model) {
    let value = match m.get("blocks") {
        None => Some(Json::Int(1)),
        Some(n) => ssh_config::blocks_value(m.ctx, &Path::root().key("blocks"), n),
    };
    m.emit("blocks", value);
}

/// `resources`: optional; omitted, 0.18.37 fills in its defaults while 0.22.5 leaves it null.
fn resources_field(m: &mut Model) {
    let value = match m.get("resources") {
        None if m.ctx.version.pydantic2() => Some(Json::Null),
        None => {
            m.resources_default = true;
            Some(Json::Null)
        }
        Some(n) if matches!(n.value(), Value::Null) => Some(Json::Null),
        Some(n) => resources::parse_resources(m.ctx, &Path::root().key("resources"), n),
    };
    m.emit("resources", value);
}

/// The hint for a top-level run setting, which a fleet does not take: it runs nothing (keys that
/// belong under `resources` or `ssh_config` are [`super::field_errors::belongs_under`]'s).
pub(super) fn misplaced_key(key: &str) -> Option<String> {
    const RUN_KEYS: [&str; 18] = [
        "commands",
        "image",
        "python",
        "setup",
        "ports",
        "port",
        "entrypoint",
        "working_dir",
        "ide",
        "init",
        "volumes",
        "registry_auth",
        "max_duration",
        "stop_duration",
        "creation_policy",
        "fleets",
        "replicas",
        "privileged",
    ];
    Some(match key {
        k if RUN_KEYS.contains(&k) => format!(
            "a fleet only provisions instances; `{k}` belongs to the task, service or dev environment that runs on it"
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Options, check};

    #[test]
    fn misplaced_keys_say_where_they_belong() {
        let report = check(
            "type: fleet\ncommands: [a]\nhosts: [a]\n",
            &Options { effective: false, version: DstackVersion::V0_22_5 },
        );
        let messages: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `commands` in a fleet: a fleet only provisions instances; `commands` belongs to the task, service or dev environment that runs on it",
                "unknown key `hosts` in a fleet: `hosts` goes under `ssh_config:`",
            ]
        );
    }
}
