//! The ways an accepted configuration can still fail before any offer is searched (contract §1,
//! §2 steps 3–4, §3 step 1): not a task, `dstack apply`'s interpolation and AMD image check,
//! and the server's run checks. Checked in dstack's order; the first failure wins.

use std::collections::HashSet;

use dstack_core::Json;
use serde::Serialize;

use crate::interpolation;
use crate::requirements::field;

/// The pipeline stage that rejects a configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// A valid configuration of another type than `task`.
    Type,
    /// `dstack apply` before it contacts the server.
    Cli,
    /// The server's run checks.
    Server,
}

/// Why dstack would reject the configuration after parsing it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// Where in dstack's pipeline.
    pub stage: Stage,
    /// dstack's message, verbatim.
    pub reason: String,
    /// Dotted path of the offending field (`commands[1]`, `volumes[0]`, `resources.gpu`).
    pub path: String,
}

/// A rejection (small constructor so that the checks read as logic).
fn reject(stage: Stage, path: impl Into<String>, reason: impl Into<String>) -> Rejection {
    Rejection { stage, reason: reason.into(), path: path.into() }
}

/// Only tasks get offers: `not a task configuration (type: <type>)`.
pub(crate) fn check_type(conf: &Json) -> Result<(), Rejection> {
    match field(conf, "type").and_then(Json::as_str) {
        Some("task") => Ok(()),
        other => {
            Err(reject(Stage::Type, "type", format!("not a task configuration (type: {})", other.unwrap_or("None"))))
        }
    }
}

/// `dstack apply` (0.18.37 `apply_args` then `validate_gpu_vendor_and_image`): `registry_auth`
/// interpolated with the `env` namespace, `setup` then `commands` with the `run` namespace
/// (`secrets` left alone everywhere), then the AMD image requirement.
pub(crate) fn check_cli(conf: &Json, has_amd: bool) -> Result<(), Rejection> {
    // Every env entry counts as set (contract §0), so every key is a known `env.` reference.
    // A set: a text may hold as many references as `env` has entries.
    let env: HashSet<&str> = match field(conf, "env") {
        Some(Json::Object(entries)) => entries.iter().map(|(k, _)| k.as_ref()).collect(),
        _ => HashSet::new(),
    };
    let in_env = |name: &str| name.strip_prefix("env.").is_some_and(|k| env.contains(&k));
    if let Some(auth) = field(conf, "registry_auth") {
        for key in ["username", "password"] {
            if let Some(text) = field(auth, key).and_then(Json::as_str) {
                interpolation::check(text, &in_env, &["secrets"])
                    .map_err(|e| reject(Stage::Cli, format!("registry_auth.{key}"), e))?;
            }
        }
    }
    // No extra command-line arguments: `run.args` is the empty string.
    let run_args = |name: &str| name == "run.args";
    for key in ["setup", "commands"] {
        let items = field(conf, key).and_then(Json::as_array).unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            if let Some(text) = item.as_str() {
                interpolation::check(text, &run_args, &["secrets"])
                    .map_err(|e| reject(Stage::Cli, format!("{key}[{i}]"), e))?;
            }
        }
    }
    // `image: ''` counts as set: dstack tests `image is None`.
    if has_amd && field(conf, "image").is_none() {
        return Err(reject(Stage::Cli, "resources.gpu", "`image` is required if `resources.gpu.vendor` is AMD."));
    }
    Ok(())
}

/// The server's `_validate_run_spec_and_set_defaults`: run name, then each volume mount path.
pub(crate) fn check_server(conf: &Json) -> Result<(), Rejection> {
    if let Some(name) = field(conf, "name").and_then(Json::as_str)
        && !valid_resource_name(name)
    {
        return Err(reject(Stage::Server, "name", "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"));
    }
    let volumes = field(conf, "volumes").and_then(Json::as_array).unwrap_or_default();
    for (i, volume) in volumes.iter().enumerate() {
        let Some(path) = volume.get("path").and_then(Json::as_str) else { continue };
        if !valid_docker_target(path) {
            return Err(reject(Stage::Server, format!("volumes[{i}]"), format!("Invalid volume mount path: {path}")));
        }
        if path.starts_with("/workflow") {
            return Err(reject(
                Stage::Server,
                format!("volumes[{i}]"),
                "Mounting volumes inside /workflow is not supported",
            ));
        }
    }
    Ok(())
}

/// `re.match("^[a-z][a-z0-9-]{1,40}$", name)`; Python's `$` also matches before a final newline.
fn valid_resource_name(name: &str) -> bool {
    let name = name.strip_suffix('\n').unwrap_or(name);
    let b = name.as_bytes();
    (2..=41).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b[1..].iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// dstack's `is_valid_docker_volume_target`: absolute, no trailing `/` (except `/` itself), and
/// `^(/[^/\0]*)+/?$`, which any other absolute path without NUL satisfies.
fn valid_docker_target(path: &str) -> bool {
    path.starts_with('/') && (path == "/" || !path.ends_with('/')) && !path.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names() {
        assert!(valid_resource_name("ab") && valid_resource_name("train-1") && valid_resource_name("abc\n"));
        assert!(valid_resource_name(&format!("a{}", "b".repeat(40))));
        assert!(!valid_resource_name(&format!("a{}", "b".repeat(41))));
        for bad in ["", "a", "1ab", "Ab", "a_b", "ab\n\n", "ab ", "-ab"] {
            assert!(!valid_resource_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn docker_targets() {
        assert!(valid_docker_target("/") && valid_docker_target("/data") && valid_docker_target("//data"));
        assert!(!valid_docker_target("data") && !valid_docker_target("/data/") && !valid_docker_target("/da\0ta"));
    }

    #[test]
    fn cli_checks_in_dstack_order() {
        let conf = Json::parse(
            r#"{"type": "task", "image": null, "env": {"TOKEN": {"key": "TOKEN"}},
                "registry_auth": {"username": "${{ secrets.USER }}", "password": "${{ env.TOKEN }}"},
                "setup": ["echo ${{ run.args }}"], "commands": ["ok", "echo ${{ env.TOKEN }}"]}"#,
        )
        .unwrap();
        let err = check_cli(&conf, true).unwrap_err();
        assert_eq!(err, reject(Stage::Cli, "commands[1]", "Failed to interpolate due to missing vars: ['env.TOKEN']"));
        let Json::Object(mut entries) = conf else { unreachable!() };
        entries.retain(|(k, _)| k != "commands");
        let conf = Json::Object(entries);
        assert_eq!(
            check_cli(&conf, true).unwrap_err(),
            reject(Stage::Cli, "resources.gpu", "`image` is required if `resources.gpu.vendor` is AMD.")
        );
        assert_eq!(check_cli(&conf, false), Ok(()));
    }

    #[test]
    fn type_check() {
        assert_eq!(check_type(&Json::parse(r#"{"type": "task"}"#).unwrap()), Ok(()));
        assert_eq!(
            check_type(&Json::parse(r#"{"type": "service"}"#).unwrap()).unwrap_err().reason,
            "not a task configuration (type: service)"
        );
    }
}
