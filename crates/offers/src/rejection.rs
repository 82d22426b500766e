//! The ways an accepted configuration can still fail before any offer is searched (contract §1,
//! §2 steps 3–4, §3 step 1; 0.22.5: §V.1, §V.3, §V.4): not a run configuration, `dstack apply`'s
//! checks and the server's run checks (the core's [`checks::violations`]). The first failure wins.

use dstack_core::DstackVersion;
use dstack_core::checks;
use dstack_core::diagnostic;
use dstack_core::model::config::Configuration;
use serde::Serialize;

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

/// Only run configurations get offers: 0.18.37's reference says `not a task configuration
/// (type: <type>)`, 0.22.5's `not a run configuration (type: <type>)`, for fleets, gateways,
/// volumes, presets and unknown types alike.
pub(crate) fn not_a_run(type_name: &str, version: DstackVersion) -> Rejection {
    let kind = if version.pydantic2() { "run" } else { "task" };
    reject(Stage::Type, "type", format!("not a {kind} configuration (type: {type_name})"))
}

/// The first rule of `dstack apply` (0.18.37 `apply_args`, then `validate_gpu_vendor_and_image`)
/// or of the server (`_validate_run_spec_and_set_defaults`) that the configuration breaks, in
/// dstack's order: the core's checks report the same violations as diagnostics, whose stage and
/// path the rejection takes, so every rule the core knows rejects here too.
pub(crate) fn first_violation(config: &Configuration, version: DstackVersion) -> Result<(), Rejection> {
    let Some(v) = checks::violations(config, version).into_iter().next() else { return Ok(()) };
    let stage = if v.stage() == diagnostic::Stage::Apply { Stage::Cli } else { Stage::Server };
    Err(reject(stage, v.diagnostic().path, v.dstack_message()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dstack_core::Json;
    use dstack_core::model::read;

    fn first(normalized: &str) -> Result<(), Rejection> {
        match read(&Json::parse(normalized).unwrap(), None) {
            Ok(config) => first_violation(&config, DstackVersion::V0_18_37),
            Err(other) => Err(not_a_run(&other.type_name, DstackVersion::V0_18_37)),
        }
    }

    #[test]
    fn cli_checks_in_dstack_order() {
        let conf = r#"{"type": "task", "image": null, "env": {"TOKEN": {"key": "TOKEN"}},
                "registry_auth": {"username": "${{ secrets.USER }}", "password": "${{ env.TOKEN }}"},
                "resources": {"gpu": {"vendor": "amd", "count": {"min": 1, "max": 1}}},
                "setup": ["echo ${{ run.args }}"], "commands": ["ok", "echo ${{ env.TOKEN }}"], "name": "X"}"#;
        let missing = "Failed to interpolate due to missing vars: ['env.TOKEN']";
        assert_eq!(first(conf), Err(reject(Stage::Cli, "commands[1]", missing)));
        let conf = conf.replace("echo ${{ env.TOKEN }}", "ok");
        let amd = "`image` is required if `resources.gpu.vendor` is AMD.";
        assert_eq!(first(&conf), Err(reject(Stage::Cli, "resources.gpu", amd)));
        let conf = conf.replace(r#""image": null"#, r#""image": """#);
        let name = "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'";
        assert_eq!(first(&conf), Err(reject(Stage::Server, "name", name)));
        assert_eq!(first(&conf.replace(r#""name": "X""#, r#""name": "x1""#)), Ok(()));
        let volume = r#"{"type": "task", "volumes": [{"name": "v", "path": "/workflow/\u0000"}]}"#;
        assert_eq!(
            first(volume),
            Err(reject(Stage::Server, "volumes[0].path", "Invalid volume mount path: /workflow/\0"))
        );
    }

    #[test]
    fn type_check() {
        assert_eq!(first(r#"{"type": "task"}"#), Ok(()));
        assert_eq!(first(r#"{"type": "service"}"#), Ok(()));
        assert_eq!(first(r#"{}"#).unwrap_err().reason, "not a task configuration (type: None)");
        assert_eq!(not_a_run("fleet", DstackVersion::V0_22_5).reason, "not a run configuration (type: fleet)");
    }
}
