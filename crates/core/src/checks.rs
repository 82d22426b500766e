//! What `dstack apply` (L2) and the dstack server (L3) reject after parsing: one implementation
//! of each rule, read by the checks (every violation becomes a diagnostic) and by the offer
//! estimate (the first violation in dstack's order is its rejection).

use std::collections::HashSet;

use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::gpu_vendor;
use crate::interpolation::{InterpolationError, interpolate, run_args};
use crate::model::config::{Configuration, RunConfiguration, Spanned, Task};

/// A field whose text `dstack apply` interpolates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interpolated {
    /// `registry_auth.username`.
    Username,
    /// `registry_auth.password`.
    Password,
    /// `setup[i]`.
    Setup(usize),
    /// `commands[i]`.
    Commands(usize),
}

impl Interpolated {
    /// The field's path.
    pub fn path(self) -> String {
        match self {
            Interpolated::Username => "registry_auth.username".into(),
            Interpolated::Password => "registry_auth.password".into(),
            Interpolated::Setup(i) => format!("setup[{i}]"),
            Interpolated::Commands(i) => format!("commands[{i}]"),
        }
    }
}

/// One rule of `dstack apply` or the dstack server that a parsed configuration breaks.
#[derive(Clone, Debug, PartialEq)]
pub enum Violation {
    /// `${{ }}` interpolation fails (`dstack apply`).
    Interpolation {
        /// The field.
        field: Interpolated,
        /// Where its text is.
        range: Range,
        /// Why.
        error: InterpolationError,
    },
    /// AMD GPUs without `image` (`dstack apply`).
    AmdWithoutImage {
        /// The range of `resources.gpu`.
        range: Range,
    },
    /// The run name does not match `^[a-z][a-z0-9-]{1,40}$` (server).
    RunName {
        /// The name.
        name: String,
        /// Its range.
        range: Range,
    },
    /// A volume mount path Docker cannot use (server).
    MountPath {
        /// Index in `volumes`.
        index: usize,
        /// The path.
        path: String,
        /// Its range.
        range: Range,
    },
    /// A volume mount path under `/workflow` (server).
    MountInWorkflow {
        /// Index in `volumes`.
        index: usize,
        /// The path.
        path: String,
        /// Its range.
        range: Range,
    },
}

impl Violation {
    /// The stage that rejects the configuration.
    pub fn stage(&self) -> Stage {
        match self {
            Violation::Interpolation { .. } | Violation::AmdWithoutImage { .. } => Stage::Apply,
            Violation::RunName { .. } | Violation::MountPath { .. } | Violation::MountInWorkflow { .. } => {
                Stage::Server
            }
        }
    }

    /// dstack's message, verbatim.
    pub fn dstack_message(&self) -> String {
        match self {
            Violation::Interpolation { error, .. } => error.dstack_message(),
            Violation::AmdWithoutImage { .. } => "`image` is required if `resources.gpu.vendor` is AMD.".into(),
            Violation::RunName { .. } => "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'".into(),
            Violation::MountPath { path, .. } => format!("Invalid volume mount path: {path}"),
            Violation::MountInWorkflow { .. } => "Mounting volumes inside /workflow is not supported".into(),
        }
    }

    /// The diagnostic that reports it.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            Violation::Interpolation { field, range, error } => interpolation(*field, *range, error),
            Violation::AmdWithoutImage { range } => amd_requires_image(*range),
            Violation::RunName { name, range } => invalid_run_name(name, *range),
            Violation::MountPath { index, path, range } => invalid_mount_path(*index, path, *range),
            Violation::MountInWorkflow { index, path, range } => volume_in_workflow(*index, path, *range),
        }
        .dstack(self.dstack_message())
    }
}

/// Every violation of a parsed configuration, in the order dstack checks: `dstack apply`'s
/// `registry_auth`, `setup` and `commands` interpolation and AMD image rule, then the server's
/// run name and volume mount paths (one violation per volume, as the server stops at its first).
pub fn violations(config: &Configuration) -> Vec<Violation> {
    let Configuration::Task(task) = config;
    let mut out = Vec::new();
    apply_violations(task, &mut out);
    server_violations(&task.run, &mut out);
    out
}

fn apply_violations(task: &Task, out: &mut Vec<Violation>) {
    let run = &task.run;
    if let Some(auth) = &run.registry_auth.value {
        // Every env entry counts as set (the offers contract §0), so every key is a known reference.
        let names: HashSet<&str> = run.env.value.iter().map(|v| v.name.as_str()).collect();
        let env = |name: &str| name.strip_prefix("env.").is_some_and(|k| names.contains(k));
        for (field, text) in [(Interpolated::Username, &auth.username), (Interpolated::Password, &auth.password)] {
            check_text(field, text, &env, out);
        }
    }
    for (i, text) in run.setup.value.iter().enumerate() {
        check_text(Interpolated::Setup(i), text, &run_args, out);
    }
    for (i, text) in task.commands.value.iter().enumerate() {
        check_text(Interpolated::Commands(i), text, &run_args, out);
    }
    if let Some(gpu) = &run.resources.value.gpu {
        let inference = gpu_vendor::infer_gpu(&gpu.value);
        // `image: ''` counts as set: dstack tests `image is None`.
        if inference.has_amd && run.image.value.is_none() {
            out.push(Violation::AmdWithoutImage { range: gpu.range });
        }
    }
}

fn check_text(field: Interpolated, text: &Spanned<String>, known: &dyn Fn(&str) -> bool, out: &mut Vec<Violation>) {
    if let Err(error) = interpolate(&text.value, known) {
        out.push(Violation::Interpolation { field, range: text.range, error });
    }
}

fn server_violations(run: &RunConfiguration, out: &mut Vec<Violation>) {
    if let Some(name) = &run.name.value
        && !valid_resource_name(name)
    {
        out.push(Violation::RunName { name: name.clone(), range: run.name.range });
    }
    for (index, volume) in run.volumes.value.iter().enumerate() {
        let path = volume.value.path();
        let (text, range) = (path.value.clone(), path.range);
        if !valid_docker_target(&text) {
            out.push(Violation::MountPath { index, path: text, range });
        } else if text.starts_with("/workflow") {
            out.push(Violation::MountInWorkflow { index, path: text, range });
        }
    }
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

/// E202.
fn interpolation(field: Interpolated, range: Range, error: &InterpolationError) -> Diagnostic {
    let (message, help) = match error {
        InterpolationError::Unclosed(rest) => (
            format!("`${{{{` is not closed by `}}}}` in `{rest}`"),
            "close the reference with `}}`, or write `$${{` for a literal `${{`".to_string(),
        ),
        InterpolationError::IllegalName(name) => (
            format!("`{name}` is not a valid reference: expected `namespace.name`"),
            "references look like `${{ run.args }}` or `${{ secrets.TOKEN }}`".to_string(),
        ),
        InterpolationError::Missing(missing) => {
            let names = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
            let env = missing.iter().any(|m| m.starts_with("env."));
            let in_commands = matches!(field, Interpolated::Setup(_) | Interpolated::Commands(_));
            let help = match (env, in_commands) {
                (true, true) => {
                    "`${{ env.* }}` is not available in `commands`: use the shell's `$NAME` (dstack sets `env` in the container)"
                }
                (true, false) => "add the variable to `env`, or use `${{ secrets.NAME }}`",
                (false, _) => {
                    "available here: `${{ run.args }}` (extra `dstack apply` arguments) and `${{ secrets.* }}`"
                }
            };
            (format!("`dstack apply` cannot resolve {names}"), help.to_string())
        }
    };
    Diagnostic::error(Stage::Apply, codes::INTERPOLATION, message).at(field.path(), range).help(help)
}

/// E201.
fn amd_requires_image(range: Range) -> Diagnostic {
    Diagnostic::error(
        Stage::Apply,
        codes::AMD_REQUIRES_IMAGE,
        "AMD GPUs need an `image`: dstack's default images are built for NVIDIA CUDA",
    )
    .at("resources.gpu", range)
    .help("set `image` to a ROCm image, e.g. `image: rocm/pytorch:latest`")
}

/// E301.
fn invalid_run_name(name: &str, range: Range) -> Diagnostic {
    let fixed: String = name.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let fixed = fixed.trim_start_matches(|c: char| !c.is_ascii_lowercase()).chars().take(41).collect::<String>();
    let help = if valid_resource_name(&fixed) {
        format!("e.g. `name: {fixed}`")
    } else {
        "use 2–41 lowercase letters, digits and dashes, starting with a letter".into()
    };
    Diagnostic::error(
        Stage::Server,
        codes::INVALID_RUN_NAME,
        format!("the dstack server rejects the run name `{name}`: it must be 2–41 characters of lowercase letters, digits and `-`, starting with a letter"),
    )
    .at("name", range)
    .help(help)
}

/// E302.
fn volume_in_workflow(index: usize, path: &str, range: Range) -> Diagnostic {
    Diagnostic::error(
        Stage::Server,
        codes::VOLUME_IN_WORKFLOW,
        format!("the dstack server refuses to mount a volume at `{path}`: paths starting with `/workflow` are reserved for the repository"),
    )
    .at(format!("volumes[{index}].path"), range)
    .help("mount it elsewhere, e.g. `/data`")
}

/// E303.
fn invalid_mount_path(index: usize, path: &str, range: Range) -> Diagnostic {
    Diagnostic::error(
        Stage::Server,
        codes::INVALID_MOUNT_PATH,
        format!("`{}` is not a valid container path", path.replace('\0', "\\0")),
    )
    .at(format!("volumes[{index}].path"), range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;
    use crate::model::read;

    fn violations_of(normalized: &str) -> Vec<(Stage, String, String)> {
        let config = read(&Json::parse(normalized).unwrap(), None).unwrap();
        violations(&config).iter().map(|v| (v.stage(), v.diagnostic().path, v.dstack_message())).collect()
    }

    #[test]
    fn in_dstack_order() {
        let found = violations_of(
            r#"{"type": "task", "name": "Bad", "image": null, "env": {"TOKEN": {"key": "TOKEN"}},
                "registry_auth": {"username": "${{ secrets.USER }}", "password": "${{ env.TOKEN }}"},
                "setup": ["echo ${{ run.args }}"], "commands": ["ok", "echo ${{ env.TOKEN }}"],
                "resources": {"gpu": {"vendor": "amd", "count": {"min": 1, "max": 1}}},
                "volumes": [{"name": "v", "path": "/workflow/x"}, {"instance_path": "/a", "path": "/d\u0000"}, {"name": "w", "path": "//"}]}"#,
        );
        let expected = [
            (Stage::Apply, "commands[1]", "Failed to interpolate due to missing vars: ['env.TOKEN']"),
            (Stage::Apply, "resources.gpu", "`image` is required if `resources.gpu.vendor` is AMD."),
            (Stage::Server, "name", "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"),
            (Stage::Server, "volumes[0].path", "Mounting volumes inside /workflow is not supported"),
            (Stage::Server, "volumes[1].path", "Invalid volume mount path: /d\0"),
            (Stage::Server, "volumes[2].path", "Invalid volume mount path: //"),
        ];
        let expected: Vec<_> = expected.iter().map(|(s, p, m)| (*s, p.to_string(), m.to_string())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn resource_names() {
        assert!(valid_resource_name("ab") && valid_resource_name("train-1") && valid_resource_name("abc\n"));
        assert!(valid_resource_name(&format!("a{}", "b".repeat(40))));
        assert!(!valid_resource_name(&format!("a{}", "b".repeat(41))));
        for bad in ["", "a", "1ab", "Ab", "a_b", "ab\n\n", "ab ", "-ab", "Train", "1train"] {
            assert!(!valid_resource_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn docker_targets() {
        assert!(valid_docker_target("/") && valid_docker_target("/data") && valid_docker_target("//data"));
        assert!(!valid_docker_target("data") && !valid_docker_target("/data/") && !valid_docker_target("/da\0ta"));
    }
}
