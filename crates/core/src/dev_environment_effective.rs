//! The effective view of a dev environment: what its run gets once `dstack apply` and the server
//! have filled in their defaults (dstack's `DevEnvironmentJobConfigurator` and
//! `DevEnvironmentConfigurator` of each release): the task's image, working directory, resources
//! and profile parts, plus the IDE, its version, the startup commands and the inactivity limit.

use crate::effective::{
    Extent, JobShape, creation_policy, env_0_22, field, idle_view, image_0_18, image_0_22, ports_json, resources_0_18,
    resources_0_22, retry_view, s, shared, stop_duration_0_22, working_dir_0_18, working_dir_0_22,
};
use crate::json::{Json, Key};
use crate::model::config::{DevEnvironment, MaxDuration, strings_json};
use crate::version::DstackVersion;

/// 0.18.37 stops a dev environment after 6 hours unless `max_duration` says otherwise (0.22.5 has
/// no default limit).
pub const DEFAULT_MAX_DURATION_0_18: i128 = 6 * 3600;

/// The IDE a dev environment gets: 0.18.37 always has `vscode`; 0.22.5 `None` is SSH only.
fn ide(dev: &DevEnvironment, version: DstackVersion) -> Option<&str> {
    match dev.ide.value.as_deref() {
        None if !version.pydantic2() => Some("vscode"),
        other => other,
    }
}

/// The IDE version: as written, or what `dstack apply` detects from the local IDE's command
/// (`code --version`, `cursor --version`, Windsurf's `product.json`); Zed installs the server that
/// matches the connecting client, so it has none.
fn ide_version(dev: &DevEnvironment, version: DstackVersion) -> Json {
    let detected = |command: &str| Json::Str(format!("<detected from your local `{command}` when you apply>"));
    match (ide(dev, version), dev.version.value.as_deref()) {
        (Some("zed") | None, _) => Json::Null,
        (Some(_), Some(v)) => s(v),
        (Some("cursor"), None) => detected("cursor --version"),
        (Some("windsurf"), None) => detected("windsurf"),
        (Some(_), None) => detected("code --version"),
    }
}

/// `max_duration`: 0.18.37's runner reads 0 (`off` unquoted) as no limit.
fn max_duration(dev: &DevEnvironment, version: DstackVersion) -> Json {
    match dev.run.profile.max_duration.value {
        None if version.pydantic2() => Json::Null,
        None => Json::Int(DEFAULT_MAX_DURATION_0_18),
        Some(MaxDuration::Off | MaxDuration::Seconds(0)) => Json::Null,
        Some(MaxDuration::Seconds(seconds)) => Json::Int(seconds),
    }
}

/// The part of the view dstack decides when a field is not written (as much of it as `extent`
/// says).
pub fn decided(dev: &DevEnvironment, n: &Json, version: DstackVersion, extent: Extent) -> Vec<(Key, Json)> {
    let run = &dev.run;
    let profile = &run.profile;
    let whole = extent == Extent::Whole;
    let docker = field(n, "docker") == Some(&Json::Bool(true));
    let (image, image_source) = if version.pydantic2() { image_0_22(run, docker) } else { image_0_18(run) };
    let mut out: Vec<(Key, Json)> = Vec::with_capacity(15);
    out.extend([("jobs".into(), Json::Int(1)), ("image".into(), image)]);
    if whole {
        out.extend([("image_source".into(), s(image_source)), ("ide_version".into(), ide_version(dev, version))]);
    }
    out.extend([
        ("spot_policy".into(), s(profile.effective_spot_policy().as_str())),
        ("max_duration".into(), max_duration(dev, version)),
        ("retry".into(), retry_view(profile)),
        ("idle".into(), idle_view(profile)),
    ]);
    if whole {
        out.push(("creation_policy".into(), creation_policy(profile)));
    }
    if version.pydantic2() {
        if whole {
            out.push(("privileged".into(), Json::Bool(docker || run.privileged.value)));
        }
        out.extend([
            ("working_dir".into(), working_dir_0_22(run.working_dir.value.as_deref())),
            ("resources".into(), JobShape { run, docker, n }.resources(resources_0_22(n), extent)),
        ]);
        if whole {
            out.extend([
                ("stop_duration".into(), stop_duration_0_22(n)),
                // `off` (and an omitted limit) never stops the dev environment for inactivity.
                ("inactivity_duration".into(), dev.inactivity_duration.value.map_or(Json::Null, Json::Int)),
                // Unlike a task, a dev environment clones the whole repository by default.
                ("single_branch".into(), field(n, "single_branch").cloned().unwrap_or(Json::Bool(false))),
            ]);
        }
    } else {
        out.extend([("working_dir".into(), working_dir_0_18(run)), ("resources".into(), resources_0_18(run, extent))]);
    }
    out
}

/// The whole view: [`decided`] plus the fields that are used as written.
pub fn effective(dev: &DevEnvironment, n: &Json, version: DstackVersion) -> Vec<(Key, Json)> {
    let run = &dev.run;
    let mut out = decided(dev, n, version, Extent::Whole);
    out.extend(shared(run));
    // dstack runs `setup` (deprecated) and then `init` after installing the IDE, as written:
    // `dstack apply` interpolates neither for a dev environment.
    let init: Vec<String> = run.setup.value.iter().chain(&dev.init.value).map(|c| c.value.clone()).collect();
    let (ports, dropped_ports) = ports_json(dev.ports.value.iter().map(|p| &p.value));
    out.extend([
        ("ide".into(), Json::opt(ide(dev, version).map(str::to_string))),
        ("init".into(), strings_json(&init)),
        ("ports".into(), ports),
        ("dropped_ports".into(), dropped_ports),
    ]);
    if version.pydantic2() {
        let copy = |key: &'static str| (Key::from(key), field(n, key).cloned().unwrap_or(Json::Null));
        out.extend([
            ("env".into(), env_0_22(run, n)),
            copy("availability_zones"),
            copy("utilization_policy"),
            copy("repos"),
            copy("files"),
        ]);
    } else {
        out.push(("env".into(), crate::effective::env_view(&run.env.value)));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Json, Options, check};

    /// The effective view's `keys` of `yaml` under `version`, as Python-style JSON text.
    fn view(yaml: &str, version: DstackVersion, keys: &[&str]) -> Vec<String> {
        let report = check(yaml, &Options { effective: true, version });
        let view = report.effective.expect("an effective view");
        keys.iter().map(|k| view.get(k).map_or_else(|| "<absent>".into(), Json::to_python_string)).collect()
    }

    const KEYS: [&str; 9] = [
        "ide",
        "ide_version",
        "init",
        "image",
        "working_dir",
        "max_duration",
        "inactivity_duration",
        "single_branch",
        "dropped_ports",
    ];

    #[test]
    fn defaults_of_each_release() {
        let yaml =
            "type: dev-environment\nide: vscode\nsetup: [pip install -U pip]\ninit: [echo hi]\nports: [8080, 10001]\n";
        let detected = r#""<detected from your local `code --version` when you apply>""#;
        assert_eq!(
            view(yaml, DstackVersion::V0_18_37, &KEYS),
            [
                r#""vscode""#,
                detected,
                r#"["pip install -U pip", "echo hi"]"#,
                r#""dstackai/base:py<server Python>-0.6-cuda-12.1""#,
                r#""/workflow""#,
                "21600",
                "<absent>",
                "<absent>",
                r#"[{"local_port": 10001, "container_port": 10001}]"#,
            ]
        );
        assert_eq!(
            view(yaml, DstackVersion::V0_22_5, &KEYS),
            [
                r#""vscode""#,
                detected,
                r#"["pip install -U pip", "echo hi"]"#,
                r#""dstackai/base:0.16-base-ubuntu24.04""#,
                "null",
                "null",
                "null",
                "false",
                r#"[{"local_port": 10001, "container_port": 10001}]"#,
            ]
        );
    }

    #[test]
    fn ide_version_and_inactivity_of_0_22_5() {
        let v = DstackVersion::V0_22_5;
        let keys = ["ide", "ide_version", "inactivity_duration", "image", "privileged"];
        assert_eq!(
            view("type: dev-environment\ninactivity_duration: 2h\ndocker: true\n", v, &keys),
            ["null", "null", "7200", r#""dstackai/dind""#, "true"]
        );
        assert_eq!(
            view("type: dev-environment\nide: zed\nversion: '1'\ninactivity_duration: off\n", v, &keys),
            [r#""zed""#, "null", "null", r#""dstackai/base:0.16-base-ubuntu24.04""#, "false"]
        );
        assert_eq!(
            view("type: dev-environment\nide: cursor\nimage: ubuntu\n", v, &keys[..4]),
            [r#""cursor""#, r#""<detected from your local `cursor --version` when you apply>""#, "null", r#""ubuntu""#]
        );
        assert_eq!(
            view("type: dev-environment\nide: windsurf\nversion: 1.0@abc\n", v, &keys[..2]),
            [r#""windsurf""#, r#""1.0@abc""#]
        );
    }
}
