//! What dstack does with a parsed dev environment beyond the run rules every run type shares
//! (those are in [`crate::checks`]): the server crashes on two values the parser lets through,
//! and warnings for values that are legal but surely wrong (IDE versions, `init` references,
//! inactivity).

use crate::codes;
use crate::diagnostic::{Diagnostic, Stage};
use crate::interpolation::reference_names;
use crate::model::config::DevEnvironment;
use crate::version::DstackVersion;

/// The server errors (E320, E321): dstack's job configurator raises a Python exception on a value
/// the parser accepted, so `dstack apply` fails with a server error.
pub fn server_crashes(dev: &DevEnvironment, version: DstackVersion) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // 0.18.37's `_commands` reads `configuration.commands` whenever `entrypoint` is set.
    if !version.pydantic2() && dev.run.entrypoint.value.is_some() {
        // Without the source (the offer estimate reads JSON), the value's range stands in.
        let key = dev.run.entrypoint.key.unwrap_or(dev.run.entrypoint.range);
        out.push(
            Diagnostic::error(
                Stage::Server,
                codes::DEV_ENVIRONMENT_ENTRYPOINT_CRASH,
                "the dstack 0.18.37 server crashes on a dev environment with `entrypoint`",
            )
            .at("entrypoint", key)
            .help("remove `entrypoint`: dstack starts the IDE itself; put startup commands in `init`")
            .dstack("AttributeError: 'DevEnvironmentConfigurationRequest' object has no attribute 'commands'"),
        );
    }
    // 0.22.5's Windsurf installer unpacks `version.split("@")` into two names.
    if version.pydantic2()
        && dev.ide.value.as_deref() == Some("windsurf")
        && let Some(text) = dev.version.value.as_deref()
        && text.matches('@').count() > 1
    {
        out.push(
            Diagnostic::error(
                Stage::Server,
                codes::WINDSURF_VERSION_CRASH,
                format!("the dstack server crashes on a Windsurf `version` with more than one `@`: `{text}`"),
            )
            .at("version", dev.version.range)
            .help("write `version@commit` with a single `@`, e.g. `1.106.0@8951cd3ad688e789573d7f51750d67ae4a0bea7d`")
            .dstack("ValueError: too many values to unpack (expected 2)"),
        );
    }
    out
}

/// The warnings W025–W029.
pub fn warnings(dev: &DevEnvironment, out: &mut Vec<Diagnostic>) {
    let ide = dev.ide.value.as_deref();
    if let Some(text) = dev.version.value.as_deref()
        && dev.version.is_written()
    {
        match ide {
            // 0.18.37 requires `ide: vscode`; the typed view always has it there.
            Some("vscode" | "cursor") if !text.is_empty() && !text.bytes().all(|b| b.is_ascii_hexdigit()) => {
                let command = if ide == Some("cursor") { "cursor --version" } else { "code --version" };
                out.push(
                    Diagnostic::warning(
                        Stage::Server,
                        codes::IDE_VERSION_NOT_A_COMMIT,
                        format!(
                            "`version: {text}` is not a commit: dstack downloads the IDE server by the commit of the release, so the download will fail"
                        ),
                    )
                    .at("version", dev.version.range)
                    .help(format!("write the commit (the second line of `{command}`), or remove `version` to let `dstack apply` detect it")),
                );
            }
            Some("zed") => out.push(
                Diagnostic::warning(
                    Stage::Server,
                    codes::IDE_VERSION_IGNORED,
                    "`version` has no effect with `ide: zed`: Zed installs the server that matches the connecting client",
                )
                .at("version", dev.version.range)
                .help("remove `version`"),
            ),
            _ => {}
        }
    }
    // 0.18.37 interpolates `setup` (0.22.5 does not); neither release interpolates `init`.
    for (i, command) in dev.init.value.iter().enumerate() {
        let Some(name) = reference_names(&command.value)
            .into_iter()
            .find(|n| matches!(n.split(['.', '[']).next(), Some("run" | "env")))
        else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                Stage::Apply,
                codes::INIT_NOT_INTERPOLATED,
                format!("`${{{{ {name} }}}}` stays as written: `dstack apply` does not interpolate a dev environment's `init`"),
            )
            .at(format!("init[{i}]"), command.range)
            .help("use the shell's `$NAME` for a variable set in `env`"),
        );
    }
    if dev.inactivity_duration.value == Some(0) {
        out.push(
            Diagnostic::warning(
                Stage::Server,
                codes::INACTIVITY_ZERO,
                "`inactivity_duration: 0` stops the dev environment as soon as no SSH session is open",
            )
            .at("inactivity_duration", dev.inactivity_duration.range)
            .help("give it time, e.g. `inactivity_duration: 30m`, or write `off`"),
        );
    }
    let idle = &dev.run.profile.idle_duration;
    if let Some(key) = idle.key
        && !dev.inactivity_duration.is_written()
    {
        out.push(
            Diagnostic::warning(
                Stage::Server,
                codes::IDLE_NOT_INACTIVITY,
                "`idle_duration` keeps the instance after the run ends; it does not stop a dev environment nobody uses",
            )
            .at("idle_duration", key)
            .help("to stop the dev environment when no one is connected, set `inactivity_duration` (dstack 0.18.41 and newer)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Options, Severity, check};

    /// The dev-environment diagnostics (E320, E321, W025–W029) of `yaml` under `version`: code, path.
    fn found(yaml: &str, version: DstackVersion) -> Vec<(&'static str, String)> {
        let report = check(yaml, &Options { effective: false, version });
        let ours = ["E320", "E321", "W025", "W026", "W027", "W028", "W029"];
        report.diagnostics.into_iter().filter(|d| ours.contains(&d.code)).map(|d| (d.code, d.path)).collect()
    }

    #[test]
    fn run_warnings_apply_to_dev_environments() {
        let yaml = "type: dev-environment\nide: vscode\nsetup: [echo]\nports: [10001]\n";
        let report = check(yaml, &Options { effective: false, version: DstackVersion::V0_18_37 });
        let found: Vec<(&str, &str)> = report
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with('W'))
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("W010", "`setup` is deprecated: move these commands to the start of `init`"),
                ("W014", "container port 10001 is in dstack's reserved range 10000–10999 and will not be forwarded"),
            ]
        );
    }

    #[test]
    fn server_crashes_of_each_release() {
        let entrypoint = "type: dev-environment\nide: vscode\nentrypoint: bash\n";
        assert_eq!(found(entrypoint, DstackVersion::V0_18_37), [("E320", "entrypoint".to_string())]);
        let windsurf = "type: dev-environment\nide: windsurf\nversion: 1.0@abc@def\n";
        let report = check(windsurf, &Options { effective: false, version: DstackVersion::V0_22_5 });
        let crash = report.diagnostics.iter().find(|d| d.code == "E321").expect("E321");
        assert_eq!(crash.severity, Severity::Error);
        assert_eq!(crash.dstack.as_deref(), Some("ValueError: too many values to unpack (expected 2)"));
        assert!(!report.diagnostics.iter().any(|d| d.code == "E321" && d.path != "version"));
        assert_eq!(found("type: dev-environment\nide: windsurf\nversion: 1.0@abc\n", DstackVersion::V0_22_5), []);
    }

    #[test]
    fn warnings_for_legal_but_wrong_values() {
        let v = DstackVersion::V0_22_5;
        let yaml = "type: dev-environment\nide: vscode\nversion: 1.90.0\nsetup: [\"echo ${{ env.A }}\"]\n\
                    init: [\"echo ${{ run.args }}\", \"echo ${{ secrets.T }}\", \"echo $A\"]\nidle_duration: 1h\n";
        let want = [("W026", "init[0]"), ("W025", "version"), ("W029", "idle_duration")];
        assert_eq!(found(yaml, v), want.map(|(c, p)| (c, p.to_string())));
        assert_eq!(found(yaml, DstackVersion::V0_18_37), want.map(|(c, p)| (c, p.to_string())));
        let commit = "type: dev-environment\nide: cursor\nversion: 8951cd3ad688e789573d7f51750d67ae4a0bea7d\n";
        assert_eq!(found(commit, v), []);
        let zed = "type: dev-environment\nide: zed\nversion: '0.190'\ninactivity_duration: 0\nidle_duration: 1h\n";
        assert_eq!(found(zed, v), [("W027", "version".to_string()), ("W028", "inactivity_duration".to_string())]);
    }
}
