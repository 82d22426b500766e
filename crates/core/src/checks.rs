//! What `dstack apply` (L2) and the dstack server (L3) reject after parsing: one implementation
//! of each rule, keyed on the dstack release, read by the checks (every violation becomes a
//! diagnostic) and by the offer estimate (the first violation in dstack's order is its rejection).

use crate::yaml::lower::Lower;
use std::collections::HashSet;

use crate::DstackVersion;
use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::gpu_vendor;
use crate::interpolation::{self, InterpolationError, interpolate, interpolate_commands_0_22, run_args};
use crate::model::config::{
    Configuration, DevEnvironment, EnvValue, Probe, Resources, Retry, RunConfiguration, Service, Spanned, Task,
};

/// A field whose text `dstack apply` interpolates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interpolated {
    /// `registry_auth.username`.
    Username,
    /// `registry_auth.password`.
    Password,
    /// `setup[i]` (0.18.37).
    Setup(usize),
    /// `commands[i]`.
    Commands(usize),
    /// `groups[g].commands[i]` (0.22.5).
    GroupCommands(usize, usize),
    /// `probes[p].headers[h].value` of a service (0.22.5).
    ProbeHeader(usize, usize),
    /// `probes[p].url` of a service (0.22.5).
    ProbeUrl(usize),
    /// `probes[p].body` of a service (0.22.5).
    ProbeBody(usize),
}

impl Interpolated {
    /// The field's path.
    pub fn path(self) -> String {
        match self {
            Interpolated::Username => "registry_auth.username".into(),
            Interpolated::Password => "registry_auth.password".into(),
            Interpolated::Setup(i) => format!("setup[{i}]"),
            Interpolated::Commands(i) => format!("commands[{i}]"),
            Interpolated::GroupCommands(g, i) => format!("groups[{g}].commands[{i}]"),
            Interpolated::ProbeHeader(p, h) => format!("probes[{p}].headers[{h}].value"),
            Interpolated::ProbeUrl(p) => format!("probes[{p}].url"),
            Interpolated::ProbeBody(p) => format!("probes[{p}].body"),
        }
    }
}

/// One rule of `dstack apply` or the dstack server that a parsed configuration breaks.
#[derive(Clone, Debug, PartialEq)]
pub enum Violation {
    /// A rule of one run type alone (a service's, a dev environment's), as its diagnostic.
    TypeRule(Box<Diagnostic>),
    /// `${{ }}` interpolation fails (`dstack apply`).
    Interpolation {
        /// The field.
        field: Interpolated,
        /// Where its text is.
        range: Range,
        /// Why.
        error: InterpolationError,
    },
    /// AMD GPUs without `image` (`dstack apply` of 0.18.37).
    AmdWithoutImage {
        /// The range of `resources.gpu`.
        range: Range,
    },
    /// A relative `working_dir` (`dstack apply` of 0.22.5).
    RelativeWorkingDir {
        /// The directory as written.
        dir: String,
        /// Its range.
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
    /// A volume mount path under `/workflow` (server of 0.18.37).
    MountInWorkflow {
        /// Index in `volumes`.
        index: usize,
        /// The path.
        path: String,
        /// Its range.
        range: Range,
    },
    /// Accelerators that dstack's default image does not support, without `image` (server of
    /// 0.22.5).
    AcceleratorWithoutImage {
        /// The failing node groups' indexes; `None` for a task without `groups`.
        groups: Option<Vec<usize>>,
        /// The vendors, sorted.
        vendors: Vec<&'static str>,
        /// The path of the first failing GPU spec.
        path: String,
        /// Its range.
        range: Range,
    },
    /// The run spec fails when the server parses it again from the JSON `dstack apply` sends
    /// (0.22.5): an infinite bound prints as `null`, `docker: 'true'` arrives as `true`.
    Reparse {
        /// The configuration's type tag, which pydantic's locations start with.
        tag: &'static str,
        /// pydantic's errors, in its order.
        errors: Vec<ReparseError>,
        /// The path of the first one.
        path: String,
        /// Its range.
        range: Range,
    },
    /// `utilization_policy.time_window` longer than the server keeps metrics (0.22.5).
    UtilizationWindow {
        /// The range of `utilization_policy`.
        range: Range,
    },
    /// A `groups` reference the server refuses: in `env`, to `replicas` in a task, or out of
    /// range (0.22.5).
    GroupsReference {
        /// dstack's message.
        message: String,
        /// The field.
        path: String,
        /// Its range.
        range: Range,
    },
    /// `retry.duration` below 0 (server of 0.22.5).
    NegativeRetryDuration {
        /// The range of `retry`.
        range: Range,
    },
    /// `cpu: arm` without `image` or with `docker: true` (server of 0.22.5).
    ArmCpu {
        /// The failing node groups without `image`, or `[0]` for a task without `groups`.
        without_image: Vec<usize>,
        /// The failing node groups with `docker: true`, or `[0]` for a task without `groups`.
        with_docker: Vec<usize>,
        /// True when the task has `groups` (the message names them).
        grouped: bool,
        /// The path of the first failing `cpu`.
        path: String,
        /// Its range.
        range: Range,
    },
}

/// One error of the server's second parse of the run spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReparseError {
    /// The field's path in the task (`resources.memory`, `groups.0.resources.gpu.memory`).
    pub loc: String,
    /// pydantic's message.
    pub message: &'static str,
    /// Python's repr of the value and its type name.
    pub input: (&'static str, &'static str),
}

/// The 0.22.5 server's default `SERVER_METRICS_RUNNING_TTL_SECONDS`: the longest utilization window.
const METRICS_TTL_SECONDS: i128 = 3600;

const ARM_IMAGE: &str = "`image` must be set when ARM CPU requested";
const ARM_DOCKER: &str = "`docker: true` is not supported on ARM CPU";

/// Python's `str()` of a list of ints: `[0, 2]`.
fn python_ints(items: &[usize]) -> String {
    format!("[{}]", items.iter().map(usize::to_string).collect::<Vec<_>>().join(", "))
}

impl Violation {
    /// The stage that rejects the configuration.
    pub fn stage(&self) -> Stage {
        match self {
            Violation::Interpolation { .. }
            | Violation::AmdWithoutImage { .. }
            | Violation::RelativeWorkingDir { .. } => Stage::Apply,
            Violation::RunName { .. }
            | Violation::MountPath { .. }
            | Violation::MountInWorkflow { .. }
            | Violation::AcceleratorWithoutImage { .. }
            | Violation::Reparse { .. }
            | Violation::NegativeRetryDuration { .. }
            | Violation::UtilizationWindow { .. }
            | Violation::GroupsReference { .. }
            | Violation::ArmCpu { .. } => Stage::Server,
            Violation::TypeRule(d) => d.stage,
        }
    }

    /// dstack's message, verbatim.
    pub fn dstack_message(&self) -> String {
        match self {
            Violation::TypeRule(d) => d.dstack.clone().unwrap_or_default(),
            Violation::Interpolation { error, .. } => error.dstack_message(),
            Violation::AmdWithoutImage { .. } => "`image` is required if `resources.gpu.vendor` is AMD.".into(),
            Violation::RelativeWorkingDir { .. } => "working_dir must be absolute".into(),
            Violation::RunName { .. } => "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'".into(),
            Violation::MountPath { path, .. } => format!("Invalid volume mount path: {path}"),
            Violation::MountInWorkflow { .. } => "Mounting volumes inside /workflow is not supported".into(),
            Violation::AcceleratorWithoutImage { groups, vendors, .. } => {
                let list: Vec<String> = vendors.iter().map(|v| format!("'{v}'")).collect();
                let message = format!(
                    "`image` must be set when the requested accelerator is not supported by the default image: [{}]",
                    list.join(", ")
                );
                match groups {
                    Some(g) => format!("groups{}: {message}", python_ints(g)),
                    None => message,
                }
            }
            Violation::Reparse { tag, errors, .. } => {
                let (count, plural) = (errors.len(), if errors.len() == 1 { "" } else { "s" });
                let mut text = format!("{count} validation error{plural} for GetRunPlanRequest");
                for e in errors {
                    text.push_str(&format!(
                        "\nrun_spec.configuration.{tag}.{}\n  Value error, {} [type=value_error, input_value={}, input_type={}]\n    For further information visit https://errors.pydantic.dev/2.14/v/value_error",
                        e.loc, e.message, e.input.0, e.input.1
                    ));
                }
                text
            }
            Violation::NegativeRetryDuration { .. } => "retry.duration cannot be negative".into(),
            Violation::GroupsReference { message, .. } => message.clone(),
            Violation::UtilizationWindow { .. } => {
                format!("Maximum utilization_policy.time_window is {METRICS_TTL_SECONDS}s")
            }
            Violation::ArmCpu { without_image, with_docker, grouped: false, .. } => {
                // Without groups dstack tests `docker` first and raises once.
                if with_docker.is_empty() && !without_image.is_empty() { ARM_IMAGE } else { ARM_DOCKER }.into()
            }
            Violation::ArmCpu { without_image, with_docker, grouped: true, .. } => {
                let lines: Vec<String> = [(without_image, ARM_IMAGE), (with_docker, ARM_DOCKER)]
                    .into_iter()
                    .filter(|(g, _)| !g.is_empty())
                    .map(|(g, m)| format!("groups{}: {m}", python_ints(g)))
                    .collect();
                lines.join("\n")
            }
        }
    }

    /// The diagnostic that reports it.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            Violation::TypeRule(d) => return (**d).clone(),
            Violation::Interpolation { field, range, error } => interpolation(*field, *range, error),
            Violation::AmdWithoutImage { range } => amd_requires_image(*range),
            Violation::RelativeWorkingDir { dir, range } => relative_working_dir(dir, *range),
            Violation::RunName { name, range } => invalid_run_name(name, *range),
            Violation::MountPath { index, path, range } => invalid_mount_path(*index, path, *range),
            Violation::MountInWorkflow { index, path, range } => volume_in_workflow(*index, path, *range),
            Violation::AcceleratorWithoutImage { vendors, path, range, .. } => {
                accelerator_requires_image(vendors, path, *range)
            }
            Violation::ArmCpu { with_docker, path, range, .. } => arm_cpu(!with_docker.is_empty(), path, *range),
            Violation::Reparse { errors, path, range, .. } => reparse(errors, path, *range),
            Violation::NegativeRetryDuration { range } => negative_retry_duration(*range),
            Violation::UtilizationWindow { range } => utilization_window(*range),
            Violation::GroupsReference { message, path, range } => groups_reference(message, path, *range),
        }
        .dstack(self.dstack_message())
    }
}

/// The diagnostics of the server rules of the types that start no run (gateways, volumes): they
/// have no offer estimate, so they are not [`Violation`]s.
pub fn resource_errors(config: &Configuration, version: DstackVersion) -> Vec<Diagnostic> {
    match config {
        Configuration::Gateway(g) => crate::gateway_rules::server_errors(g, version),
        Configuration::Volume(v) => crate::volume_rules::server_errors(v, version),
        _ => Vec::new(),
    }
}

/// E341: a gateway or volume name the server refuses (`validate_dstack_resource_name`).
pub(crate) fn invalid_resource_name(kind: &str, name: &str, range: Range) -> Diagnostic {
    Diagnostic::error(
        Stage::Server,
        codes::INVALID_RESOURCE_NAME,
        format!("`{name}` is not a valid {kind} name: 2–41 lowercase letters, digits and `-`, starting with a letter"),
    )
    .at("name", range)
    .help(format!("e.g. `my-{kind}`, or remove `name` to get a generated one"))
    .dstack("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'")
}

/// A task or service as the rules read it: its run fields, its own commands, and its groups as
/// the server plans them (a task's node groups, a service's replica groups; the whole run as its
/// one group without `groups`).
struct Plan<'a> {
    /// The type tag (`task`, `service`).
    tag: &'static str,
    run: &'a RunConfiguration,
    /// The top-level `commands` (a dev environment's `init`).
    commands: &'a Spanned<Vec<Spanned<String>>>,
    /// True when `dstack apply` interpolates `commands` (not a dev environment's `init`).
    interpolated: bool,
    /// True when the configuration has `groups`.
    grouped: bool,
    groups: Vec<PlanGroup<'a>>,
    /// What `${{ groups[i].<member>[j].IP_ADDRESS }}` counts: `nodes` (tasks) or `replicas`.
    member: &'static str,
    /// A service's probes (none for a task).
    probes: &'a [Spanned<Probe>],
}

/// One group of a [`Plan`].
struct PlanGroup<'a> {
    /// Its nodes (a task) or its minimum number of replicas (a service).
    size: i128,
    resources: &'a Spanned<Resources>,
    commands: &'a Spanned<Vec<Spanned<String>>>,
    /// The image it runs (a replica group's own, else the service's).
    image: Option<&'a str>,
    /// Its `docker` (a replica group's own, else the service's).
    docker: Option<bool>,
}

impl<'a> Plan<'a> {
    fn of(config: &'a Configuration) -> Option<Plan<'a>> {
        match config {
            Configuration::Task(task) => Some(Plan::task(task)),
            Configuration::Service(service) => Some(Plan::service(service)),
            Configuration::DevEnvironment(dev) => Some(Plan::dev_environment(dev)),
            _ => None,
        }
    }

    fn task(task: &'a Task) -> Plan<'a> {
        let run = &task.run;
        let groups = task
            .node_groups()
            .into_iter()
            .map(|g| PlanGroup {
                size: g.nodes,
                resources: g.resources,
                commands: g.commands,
                image: run.image.value.as_deref(),
                docker: run.docker.value,
            })
            .collect();
        Plan {
            tag: "task",
            run,
            commands: &task.commands,
            interpolated: true,
            grouped: task.groups.value.is_some(),
            groups,
            member: "nodes",
            probes: &[],
        }
    }

    /// dstack's `replica_groups`: the groups, or the service as one group of `replicas` (1 when
    /// not set), each sized by its minimum.
    fn service(service: &'a Service) -> Plan<'a> {
        let run = &service.run;
        let groups = match &service.groups.value {
            Some(groups) => groups
                .iter()
                .map(|g| PlanGroup {
                    size: g.value.replicas.min.unwrap_or(0),
                    resources: &g.value.resources,
                    commands: &g.value.commands,
                    image: g.value.image.value.as_deref().or(run.image.value.as_deref()),
                    docker: g.value.docker.value.or(run.docker.value),
                })
                .collect(),
            None => vec![PlanGroup {
                size: service.replicas.value.map_or(1, |r| r.min.unwrap_or(0)),
                resources: &run.resources,
                commands: &service.commands,
                image: run.image.value.as_deref(),
                docker: run.docker.value,
            }],
        };
        let grouped = service.groups.value.is_some();
        let probes = service.details.probes.value.as_deref().unwrap_or_default();
        let commands = &service.commands;
        Plan { tag: "service", run, commands, interpolated: true, grouped, groups, member: "replicas", probes }
    }

    /// A dev environment runs as one job; its `init` stands in for the commands.
    fn dev_environment(dev: &'a DevEnvironment) -> Plan<'a> {
        let run = &dev.run;
        let group = PlanGroup {
            size: 1,
            resources: &run.resources,
            commands: &dev.init,
            image: run.image.value.as_deref(),
            docker: run.docker.value,
        };
        Plan {
            tag: "dev-environment",
            run,
            commands: &dev.init,
            interpolated: false,
            grouped: false,
            groups: vec![group],
            member: "nodes",
            probes: &[],
        }
    }
}

/// Every violation of a parsed configuration under `version`, in the order dstack checks.
/// 0.18.37: `dstack apply`'s `registry_auth`, `setup` and `commands` interpolation and AMD image
/// rule, then the server's run name and volume mount paths. 0.22.5: `dstack apply`'s
/// `registry_auth`, `commands` and groups' `commands` interpolation and `working_dir` rule,
/// then the server's second parse of the run spec, run name, `retry.duration`, `groups`
/// references, volume mount paths, utilization window, accelerator image rule and ARM rule. One
/// violation per volume, though the server stops at its first. Tasks and services alike; the
/// rules of services alone are in `service_rules`.
pub fn violations(config: &Configuration, version: DstackVersion) -> Vec<Violation> {
    let mut out = Vec::new();
    let Some(plan) = Plan::of(config) else { return out };
    apply_violations(&plan, version, &mut out);
    server_violations(&plan, version, &mut out);
    let own = match config {
        Configuration::Service(service) => crate::service_rules::violations(service, version),
        Configuration::DevEnvironment(dev) => crate::dev_environment_rules::server_crashes(dev, version),
        _ => Vec::new(),
    };
    out.extend(own.into_iter().map(|d| Violation::TypeRule(Box::new(d))));
    out
}

fn apply_violations(plan: &Plan, version: DstackVersion, out: &mut Vec<Violation>) {
    let run = plan.run;
    if let Some(auth) = &run.registry_auth.value {
        // Every env entry counts as set (the offers contract §0), so every key is a known reference.
        let names: HashSet<&str> = run.env.value.iter().map(|v| v.name.as_str()).collect();
        let env = |name: &str| name.strip_prefix("env.").is_some_and(|k| names.contains(k));
        for (field, text) in [(Interpolated::Username, &auth.username), (Interpolated::Password, &auth.password)] {
            check_text(field, text, &env, interpolate, out);
        }
    }
    if version.pydantic2() {
        probe_violations(plan, out);
        for (i, text) in plan.commands.value.iter().enumerate().filter(|_| plan.interpolated) {
            check_text(Interpolated::Commands(i), text, &run_args, interpolate_commands_0_22, out);
        }
        for (g, group) in plan.groups.iter().enumerate().filter(|_| plan.grouped) {
            for (i, text) in group.commands.value.iter().enumerate() {
                check_text(Interpolated::GroupCommands(g, i), text, &run_args, interpolate_commands_0_22, out);
            }
        }
        // `is_absolute_posix_path`: `~/x` counts as absolute.
        if let Some(dir) = &run.working_dir.value
            && !dir.starts_with('/')
            && !dir.starts_with('~')
        {
            out.push(Violation::RelativeWorkingDir { dir: dir.clone(), range: run.working_dir.range });
        }
        return;
    }
    for (i, text) in run.setup.value.iter().enumerate() {
        check_text(Interpolated::Setup(i), text, &run_args, interpolate, out);
    }
    for (i, text) in plan.commands.value.iter().enumerate().filter(|_| plan.interpolated) {
        check_text(Interpolated::Commands(i), text, &run_args, interpolate, out);
    }
    if let Some(gpu) = &run.resources.value.gpu {
        let inference = gpu_vendor::infer_gpu(&gpu.value);
        // `image: ''` counts as set: dstack tests `image is None`.
        if inference.has_amd && run.image.value.is_none() {
            out.push(Violation::AmdWithoutImage { range: gpu.range });
        }
    }
}

/// 0.22.5's `dstack apply` interpolates `env.*` in each probe's header values, `url` and `body`
/// (after `registry_auth`), with the `env` it has.
fn probe_violations(plan: &Plan, out: &mut Vec<Violation>) {
    // Most runs have no probes: the set of names is not built for them.
    if plan.probes.is_empty() {
        return;
    }
    let names: HashSet<&str> = plan.run.env.value.iter().map(|v| v.name.as_str()).collect();
    let env = |name: &str| name.strip_prefix("env.").is_some_and(|k| names.contains(k));
    for (p, probe) in plan.probes.iter().enumerate() {
        for (h, value) in probe.value.header_values.iter().enumerate() {
            check_text(Interpolated::ProbeHeader(p, h), value, &env, interpolate, out);
        }
        for (field, text) in
            [(Interpolated::ProbeUrl(p), &probe.value.url), (Interpolated::ProbeBody(p), &probe.value.body)]
        {
            if let Some(value) = &text.value {
                check_text(
                    field,
                    &Spanned { value: value.clone(), range: text.range, key: text.key },
                    &env,
                    interpolate,
                    out,
                );
            }
        }
    }
}

/// An interpolation of dstack's (0.18.37's, or 0.22.5's for `commands`).
type Interpolation = fn(&str, &dyn Fn(&str) -> bool) -> Result<String, InterpolationError>;

fn check_text(
    field: Interpolated,
    text: &Spanned<String>,
    known: &dyn Fn(&str) -> bool,
    interpolation: Interpolation,
    out: &mut Vec<Violation>,
) {
    // Interpolation fails only at a `$`: a text without one (most commands) is copied as it is.
    if text.value.contains('$')
        && let Err(error) = interpolation(&text.value, known)
    {
        out.push(Violation::Interpolation { field, range: text.range, error });
    }
}

fn server_violations(plan: &Plan, version: DstackVersion, out: &mut Vec<Violation>) {
    let run = plan.run;
    if version.pydantic2() {
        reparse_violations(plan, out);
    }
    if let Some(name) = &run.name.value
        && !valid_resource_name(name)
    {
        out.push(Violation::RunName { name: name.clone(), range: run.name.range });
    }
    if version.pydantic2()
        && let Some(Retry::Events { duration: Some(d), .. }) = &run.profile.retry.value
        && *d < 0
    {
        out.push(Violation::NegativeRetryDuration { range: run.profile.retry.range });
    }
    if version.pydantic2()
        && let Some(v) = groups_reference_violation(plan)
    {
        out.push(v);
    }
    for (index, volume) in run.volumes.value.iter().enumerate() {
        let path = volume.value.path();
        let (text, range) = (&path.value, path.range);
        if !valid_docker_target(text) {
            out.push(Violation::MountPath { index, path: text.clone(), range });
        } else if !version.pydantic2() && text.starts_with("/workflow") {
            out.push(Violation::MountInWorkflow { index, path: text.clone(), range });
        }
    }
    if version.pydantic2() {
        if run.profile.utilization_window.value.is_some_and(|w| w > METRICS_TTL_SECONDS) {
            out.push(Violation::UtilizationWindow { range: run.profile.utilization_window.range });
        }
        image_violations(plan, out);
    }
}

/// 0.22.5's `_validate_groups_ip_refs`: no `groups` reference in `env`; in the commands (the
/// top-level ones, then the groups'), as `dstack apply` sends them, first only the plan's own
/// member (`nodes` in a task, `replicas` in a service), then no group or index beyond the groups'
/// sizes.
fn groups_reference_violation(plan: &Plan) -> Option<Violation> {
    let run = plan.run;
    if run.env.value.iter().any(|v| matches!(&v.value, EnvValue::Text(t) if interpolation::mentions_groups(t))) {
        let message = "groups IP references are only supported in commands, not in `env`".to_string();
        return Some(Violation::GroupsReference { message, path: "env".into(), range: run.env.range });
    }
    if !plan.interpolated {
        // A dev environment's `init` reaches the server as written: only well-formed
        // `groups[i].nodes[j].IP_ADDRESS` references pass.
        return plan.commands.value.iter().enumerate().find_map(|(i, command)| {
            let name = interpolation::illegal_groups_ref(&command.value)?;
            let message = format!("Illegal reference name: {name}");
            Some(Violation::GroupsReference { message, path: format!("init[{i}]"), range: command.range })
        });
    }
    let mut commands: Vec<(Interpolated, &Spanned<String>)> =
        plan.commands.value.iter().enumerate().map(|(i, c)| (Interpolated::Commands(i), c)).collect();
    if plan.grouped {
        for (g, group) in plan.groups.iter().enumerate() {
            commands
                .extend(group.commands.value.iter().enumerate().map(|(i, c)| (Interpolated::GroupCommands(g, i), c)));
        }
    }
    let mut refs = Vec::new();
    // A command without `$` is the same once interpolated and has no `${{` reference.
    for (field, command) in commands.into_iter().filter(|(_, c)| c.value.contains('$')) {
        // The server sees the commands as `dstack apply` interpolated them (`$${{` became `${{`).
        let text = interpolate_commands_0_22(&command.value, &run_args).unwrap_or_default();
        refs.extend(interpolation::groups_ip_refs(&text).into_iter().map(|r| (r, field, command.range)));
    }
    if refs.is_empty() {
        return None;
    }
    let replicas = plan.member == "replicas";
    let sizes: Vec<i128> = plan.groups.iter().map(|g| g.size).collect();
    let size = |r: &interpolation::GroupsIpRef| usize::try_from(r.group).ok().and_then(|g| sizes.get(g)).copied();
    let out_of_range = |r: &interpolation::GroupsIpRef| size(r).is_none_or(|n| i128::from(r.index) >= n);
    // Every command is checked for the member before any for the bounds.
    let (illegal, (r, field, range)) = match refs.iter().find(|(r, ..)| r.replicas != replicas) {
        Some(found) => (true, found),
        None => (false, refs.iter().find(|(r, ..)| out_of_range(r))?),
    };
    let written = if r.replicas { "replicas" } else { "nodes" };
    let name = format!("groups[{}].{written}[{}].IP_ADDRESS", r.group, r.index);
    let message = if illegal {
        format!("Illegal reference name: {name}")
    } else if replicas && size(r) == Some(0) {
        format!("Invalid reference {name}: this group scales to zero, so no replica is guaranteed at start")
    } else {
        format!("Invalid reference {name}: out of range")
    };
    Some(Violation::GroupsReference { message, path: field.path(), range: *range })
}

/// What fails when the 0.22.5 server parses the run spec from the JSON `dstack apply` sends, in
/// pydantic's order (the groups, `resources`, then `docker`): a range whose bounds were both
/// infinite arrives empty, and `docker: true` arrives as a boolean, which excludes `image`,
/// `python` and `nvcc` (given as a string, it passed the first parse).
fn reparse_violations(plan: &Plan, out: &mut Vec<Violation>) {
    let run = plan.run;
    let mut errors = Vec::new();
    let mut first = None;
    // The groups' scopes, then the run's (no group): a prefix is written only for an error.
    let mut scopes: Vec<(Option<usize>, &Spanned<Resources>)> = Vec::new();
    for (g, group) in plan.groups.iter().enumerate().filter(|_| plan.grouped) {
        scopes.push((Some(g), group.resources));
    }
    scopes.push((None, &run.resources));
    for &(group, r) in &scopes {
        let gpu = r.value.gpu.as_ref().map(|g| &g.value);
        let ranges = [
            ("memory", Some(r.value.memory)),
            ("gpu.memory", gpu.and_then(|g| g.memory)),
            ("gpu.total_memory", gpu.and_then(|g| g.total_memory)),
            ("disk.size", r.value.disk),
        ];
        for (field, bounds) in ranges {
            if bounds.is_some_and(|b| b.min.is_none() && b.max.is_none()) {
                let loc = match group {
                    Some(g) => format!("groups.{g}.resources.{field}"),
                    None => format!("resources.{field}"),
                };
                first.get_or_insert_with(|| (dotted(&loc), r.range));
                errors.push(ReparseError {
                    loc,
                    message: "Invalid empty range: ..",
                    input: ("{'min': None, 'max': None}", "dict"),
                });
            }
        }
    }
    let given = |s: &Spanned<Option<String>>| s.value.as_deref().is_some_and(|v| !v.is_empty());
    let excluded = if given(&run.image) {
        Some("`image` and `docker` are mutually exclusive fields")
    } else if given(&run.python) {
        Some("`python` and `docker` are mutually exclusive fields")
    } else if run.nvcc.value == Some(true) {
        Some("`nvcc` and `docker` are mutually exclusive fields")
    } else {
        None
    };
    if run.docker.value == Some(true)
        && let Some(message) = excluded
    {
        first.get_or_insert(("docker".to_string(), run.docker.range));
        errors.push(ReparseError { loc: "docker".into(), message, input: ("True", "bool") });
    }
    if let Some((path, range)) = first {
        out.push(Violation::Reparse { tag: plan.tag, errors, path, range });
    }
}

/// pydantic's location `groups.1.resources.memory` as a path: `groups[1].resources.memory`.
fn dotted(loc: &str) -> String {
    let mut out = String::new();
    for part in loc.split('.') {
        if part.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// 0.22.5's `_validate_gpu_vendor_and_image` and `_validate_cpu_arch_and_image`, over the
/// groups (the whole run when it has no `groups`), each with its own image and `docker` (a
/// replica group's, else the service's).
fn image_violations(plan: &Plan, out: &mut Vec<Violation>) {
    let grouped = plan.grouped;
    let prefix = |g: usize| if grouped { format!("groups[{g}].") } else { String::new() };
    let mut failing = Vec::new();
    let mut vendors = Vec::new();
    let mut first = None;
    for (g, group) in plan.groups.iter().enumerate() {
        let Some(gpu) = &group.resources.value.gpu else { continue };
        let default_image = gpu_vendor::default_image(group.image, group.docker);
        let vendor = gpu_vendor::default_vendor_0_22(&gpu.value, default_image);
        let needed = gpu_vendor::vendors_requiring_image(&gpu.value, vendor.as_deref(), default_image);
        if !needed.is_empty() {
            failing.push(g);
            vendors.extend(needed);
            first.get_or_insert((format!("{}resources.gpu", prefix(g)), gpu.range));
        }
    }
    if let Some((path, range)) = first {
        crate::order::sort(&mut vendors);
        vendors.dedup();
        out.push(Violation::AcceleratorWithoutImage { groups: grouped.then_some(failing), vendors, path, range });
    }
    let (mut without_image, mut with_docker, mut first) = (Vec::new(), Vec::new(), None);
    for (g, group) in plan.groups.iter().enumerate() {
        let Some(arch) = group.resources.value.cpu_arch.as_ref().filter(|a| a.value == "arm") else { continue };
        if group.docker == Some(true) {
            with_docker.push(g);
        } else if group.image.is_none() {
            without_image.push(g);
        } else {
            continue;
        }
        first.get_or_insert((format!("{}resources.cpu", prefix(g)), arch.range));
    }
    if let Some((path, range)) = first {
        out.push(Violation::ArmCpu { without_image, with_docker, grouped, path, range });
    }
}

/// `re.match("^[a-z][a-z0-9-]{1,40}$", name)`; Python's `$` also matches before a final newline.
pub(crate) fn valid_resource_name(name: &str) -> bool {
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
            let names = crate::listing::quoted(missing, '`');
            let env = missing.iter().any(|m| m.starts_with("env."));
            let in_commands =
                matches!(field, Interpolated::Setup(_) | Interpolated::Commands(_) | Interpolated::GroupCommands(..));
            let help = match (env, in_commands) {
                (true, true) => {
                    "`${{ env.* }}` is not available in `commands`: use the shell's `$NAME` (dstack sets `env` in the container)"
                }
                (true, false) => "add the variable to `env`, or use `${{ secrets.NAME }}`",
                (false, true) => {
                    "available here: `${{ run.args }}` (extra `dstack apply` arguments) and `${{ secrets.* }}`"
                }
                (false, false) => "available here: `${{ env.NAME }}` (a variable of `env`) and `${{ secrets.* }}`",
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

/// E203.
fn relative_working_dir(dir: &str, range: Range) -> Diagnostic {
    Diagnostic::error(
        Stage::Apply,
        codes::RELATIVE_WORKING_DIR,
        format!("`dstack apply` refuses the relative `working_dir` `{dir}`: it must be an absolute path"),
    )
    .at("working_dir", range)
    .help("start it with `/` (or `~` for the home directory)")
}

/// E304.
fn accelerator_requires_image(vendors: &[&str], path: &str, range: Range) -> Diagnostic {
    Diagnostic::error(
        Stage::Server,
        codes::ACCELERATOR_REQUIRES_IMAGE,
        format!(
            "dstack's default image supports NVIDIA GPUs and TPUs only: {} accelerators need an `image`",
            vendors.join(", ")
        ),
    )
    .at(path, range)
    .help("set `image` to one built for the accelerator, e.g. `image: rocm/pytorch:latest` for AMD")
}

/// E305.
fn arm_cpu(docker: bool, path: &str, range: Range) -> Diagnostic {
    let (message, help) = if docker {
        ("`docker: true` cannot run on an ARM CPU", "remove `docker: true`, or ask for `cpu: x86`")
    } else {
        ("dstack's default image is x86-only: an ARM CPU needs an `image`", "set an `image` built for arm64")
    };
    Diagnostic::error(Stage::Server, codes::ARM_CPU, message).at(path, range).help(help)
}

/// E306.
fn reparse(errors: &[ReparseError], path: &str, range: Range) -> Diagnostic {
    let first = &errors[0];
    let (message, help) = if first.loc.ends_with("docker") {
        (
            format!("{}: the server reads `docker` as `true`", first.message),
            "write `docker: true` without `image`, `python` and `nvcc`",
        )
    } else {
        (
            format!("`{path}` has no finite bound: the server receives it as an empty range"),
            "give a finite bound, e.g. `memory: 8GB..`",
        )
    };
    Diagnostic::error(Stage::Server, codes::RUN_SPEC_REPARSE, message).at(path, range).help(help)
}

/// E307.
fn negative_retry_duration(range: Range) -> Diagnostic {
    Diagnostic::error(Stage::Server, codes::NEGATIVE_RETRY_DURATION, "`retry.duration` cannot be negative")
        .at("retry.duration", range)
        .help("give a duration such as `1h`, or remove it to retry without a time limit")
}

/// E308.
fn utilization_window(range: Range) -> Diagnostic {
    Diagnostic::error(
        Stage::Server,
        codes::UTILIZATION_WINDOW,
        format!(
            "the dstack server keeps GPU metrics for {METRICS_TTL_SECONDS} seconds: `time_window` cannot be longer"
        ),
    )
    .at("utilization_policy.time_window", range)
    .help("use `time_window: 1h` or less")
}

/// E309.
fn groups_reference(message: &str, path: &str, range: Range) -> Diagnostic {
    let help = if path == "env" {
        "`${{ groups[i].nodes[j].IP_ADDRESS }}` works in `commands` only; set the variable there"
    } else {
        "a task's groups are numbered from 0, and so are the nodes of each group"
    };
    Diagnostic::error(
        Stage::Server,
        codes::GROUPS_REFERENCE,
        format!("the dstack server refuses this reference: {message}"),
    )
    .at(path, range)
    .help(help)
}

/// E301.
fn invalid_run_name(name: &str, range: Range) -> Diagnostic {
    let fixed: String = name.lower().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
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
        violations(&config, DstackVersion::V0_18_37)
            .iter()
            .map(|v| (v.stage(), v.diagnostic().path, v.dstack_message()))
            .collect()
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
    fn in_dstack_order_under_0_22_5() {
        let conf = r#"{"type": "task", "name": "Bad", "image": null, "docker": null, "working_dir": "src",
            "registry_auth": {"username": "${{ env.U }}", "password": "p"}, "resources": {"memory": {"min": 8.0, "max": null}},
            "setup": ["${{ env.X }}"], "commands": ["echo ${{ groups[0].nodes[0].IP_ADDRESS }}", "${{ groups.x }}"],
            "groups": [
                {"name": "a", "nodes": 1, "commands": ["${{ env.Y }}"],
                 "resources": {"cpu": {"arch": null, "count": {"min": 2, "max": null}}, "memory": {"min": 8.0, "max": null},
                               "gpu": {"vendor": null, "name": ["MI300X"], "count": {"min": 1, "max": null}}}},
                {"name": "b", "nodes": 1, "commands": [],
                 "resources": {"cpu": {"arch": "arm", "count": {"min": 2, "max": null}}, "memory": {"min": 8.0, "max": null},
                               "gpu": {"vendor": "intel", "name": null, "count": {"min": 1, "max": null}}}}],
            "volumes": [{"name": "v", "path": "/workflow/x"}, {"instance_path": "/a", "path": "//", "optional": true}]}"#;
        let config = read(&Json::parse(conf).unwrap(), None).unwrap();
        let found: Vec<_> = violations(&config, DstackVersion::V0_22_5)
            .iter()
            .map(|v| (v.stage(), v.diagnostic().path, v.diagnostic().code.to_string(), v.dstack_message()))
            .collect();
        let image = "groups[0, 1]: `image` must be set when the requested accelerator is not supported by the default image: ['amd', 'intel']";
        let expected = [
            (Stage::Apply, "registry_auth.username", "E202", "Failed to interpolate due to missing vars: ['env.U']"),
            (Stage::Apply, "commands[1]", "E202", "Illegal reference name: groups.x"),
            (Stage::Apply, "groups[0].commands[0]", "E202", "Failed to interpolate due to missing vars: ['env.Y']"),
            (Stage::Apply, "working_dir", "E203", "working_dir must be absolute"),
            (Stage::Server, "name", "E301", "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"),
            (Stage::Server, "volumes[1].path", "E303", "Invalid volume mount path: //"),
            (Stage::Server, "groups[0].resources.gpu", "E304", image),
            (Stage::Server, "groups[1].resources.cpu", "E305", "groups[1]: `image` must be set when ARM CPU requested"),
        ];
        let expected: Vec<_> =
            expected.iter().map(|(s, p, c, m)| (*s, p.to_string(), c.to_string(), m.to_string())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn arm_with_docker_and_home_working_dir_under_0_22_5() {
        let conf = r#"{"type": "task", "docker": true, "working_dir": "~/w",
            "resources": {"cpu": {"arch": "arm", "count": {"min": 2, "max": null}}, "memory": {"min": 8.0, "max": null},
                          "gpu": {"vendor": null, "name": null, "count": {"min": 0, "max": null}}}}"#;
        let config = read(&Json::parse(conf).unwrap(), None).unwrap();
        let found: Vec<_> = violations(&config, DstackVersion::V0_22_5).iter().map(Violation::dstack_message).collect();
        assert_eq!(found, ["`docker: true` is not supported on ARM CPU"]);
        assert_eq!(violations(&config, DstackVersion::V0_18_37), []);
    }

    #[test]
    fn the_server_parses_the_run_spec_again_under_0_22_5() {
        let conf = r#"{"type": "task", "docker": true, "python": "3.11", "retry": {"on_events": ["error"], "duration": -1},
            "resources": {"memory": {"min": null, "max": null}, "disk": {"size": {"min": null, "max": null}},
                          "gpu": {"vendor": null, "name": null, "count": {"min": 0, "max": null},
                                  "memory": {"min": null, "max": null}}}}"#;
        let config = read(&Json::parse(conf).unwrap(), None).unwrap();
        let found: Vec<_> = violations(&config, DstackVersion::V0_22_5).iter().map(Violation::dstack_message).collect();
        let error = |loc: &str, message: &str, input: &str| {
            format!(
                "\nrun_spec.configuration.task.{loc}\n  Value error, {message} [type=value_error, input_value={input}]\n    For further information visit https://errors.pydantic.dev/2.14/v/value_error"
            )
        };
        let empty = "{'min': None, 'max': None}, input_type=dict";
        let reparse = format!(
            "4 validation errors for GetRunPlanRequest{}{}{}{}",
            error("resources.memory", "Invalid empty range: ..", empty),
            error("resources.gpu.memory", "Invalid empty range: ..", empty),
            error("resources.disk.size", "Invalid empty range: ..", empty),
            error("docker", "`python` and `docker` are mutually exclusive fields", "True, input_type=bool"),
        );
        assert_eq!(found, [reparse, "retry.duration cannot be negative".to_string()]);
        assert_eq!(dotted("groups.12.resources.gpu.memory"), "groups[12].resources.gpu.memory");
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

    fn violations_under(normalized: &str, version: DstackVersion) -> Vec<(Stage, String, String)> {
        let config = read(&Json::parse(normalized).unwrap(), None).unwrap();
        violations(&config, version).iter().map(|v| (v.stage(), v.diagnostic().path, v.dstack_message())).collect()
    }

    fn owned(expected: &[(Stage, &str, &str)]) -> Vec<(Stage, String, String)> {
        expected.iter().map(|(s, p, m)| (*s, p.to_string(), m.to_string())).collect()
    }

    #[test]
    fn dev_environment_rules_of_0_18_37() {
        let conf = r#"{"type": "dev-environment", "ide": "vscode", "name": "Dev",
            "setup": ["echo ${{ env.X }}"], "init": ["echo ${{ env.X }}", "echo ${{ groups.foo }}"],
            "resources": {"gpu": {"vendor": "amd", "count": {"min": 1, "max": 1}}},
            "volumes": [{"name": "v", "path": "/workflow/x"}]}"#;
        assert_eq!(
            violations_under(conf, DstackVersion::V0_18_37),
            owned(&[
                (Stage::Apply, "setup[0]", "Failed to interpolate due to missing vars: ['env.X']"),
                (Stage::Apply, "resources.gpu", "`image` is required if `resources.gpu.vendor` is AMD."),
                (Stage::Server, "name", "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"),
                (Stage::Server, "volumes[0].path", "Mounting volumes inside /workflow is not supported"),
            ])
        );
    }

    #[test]
    fn dev_environment_rules_of_0_22_5() {
        let conf = r#"{"type": "dev-environment", "ide": null, "name": "dev", "working_dir": "src",
            "docker": true, "setup": ["echo ${{ env.X }}"],
            "init": ["echo ${{ groups[0].nodes[1].IP_ADDRESS }}", "echo ${{ groups.foo }}", "echo ${{ groups.bar }}"],
            "resources": {"cpu": {"arch": "arm", "count": {"min": 2, "max": null}}, "memory": {"min": null, "max": null}}}"#;
        let reparse = "1 validation error for GetRunPlanRequest\nrun_spec.configuration.dev-environment.resources.memory\n  Value error, Invalid empty range: .. [type=value_error, input_value={'min': None, 'max': None}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.14/v/value_error";
        assert_eq!(
            violations_under(conf, DstackVersion::V0_22_5),
            owned(&[
                (Stage::Apply, "working_dir", "working_dir must be absolute"),
                (Stage::Server, "resources.memory", reparse),
                (Stage::Server, "init[1]", "Illegal reference name: groups.foo"),
                (Stage::Server, "resources.cpu", "`docker: true` is not supported on ARM CPU"),
            ])
        );
        let env_ref = r#"{"type": "dev-environment", "env": {"A": "${{ groups[0].nodes[0].IP_ADDRESS }}"},
            "init": ["echo ${{ groups.foo }}"], "resources": {"memory": {"min": 8.0, "max": null}}}"#;
        assert_eq!(
            violations_under(env_ref, DstackVersion::V0_22_5),
            owned(&[(Stage::Server, "env", "groups IP references are only supported in commands, not in `env`")])
        );
    }
}
