//! The effective view: what the run will actually get once `dstack apply` and the server have
//! filled in their defaults, for tasks (services build on it: `service_effective`), under the
//! rules of the selected dstack release (its job configurator:
//! `dstack/_internal/server/services/jobs/configurators/{base,task}.py`).

use crate::gpu_vendor;
use crate::interpolation::{interpolate, run_args};
use crate::json::{Json, Key};
use crate::model::config::{
    Configuration, CreationPolicy, EnvValue, EnvVar, MaxDuration, Port, Profile, Retry, RunConfiguration, Spanned,
    Task, strings_json,
};
use crate::version::DstackVersion;

const ALL_EVENTS: [&str; 3] = ["no-capacity", "interruption", "error"];
const DEFAULT_RETRY_SECONDS: i128 = 3600;
/// 0.18.37 stops a task after 72 hours unless `max_duration` says otherwise.
const DEFAULT_TASK_MAX_DURATION_0_18: i128 = 72 * 3600;
const DEFAULT_IDLE_SECONDS: i128 = 300;
/// 0.22.5's `DEFAULT_STOP_DURATION`: seconds a run gets to stop gracefully.
const DEFAULT_STOP_DURATION: i128 = 300;
/// 0.22.5's base images, `dstackai/base:{docker_base_image}-{base|devel}-ubuntu{ubuntu version}`:
/// without and with `nvcc` (whole: most files' views under 0.22.5 name one).
const BASE_IMAGES_0_22: [&str; 2] = ["dstackai/base:0.16-base-ubuntu24.04", "dstackai/base:0.16-devel-ubuntu24.04"];
/// 0.22.5's `DSTACK_DIND_IMAGE`, the image of `docker: true`.
const DIND_IMAGE: &str = "dstackai/dind";
/// The repository directory (0.22.5's `LEGACY_REPO_DIR`): a relative `working_dir` is taken from here.
const LEGACY_REPO_DIR: &str = "/workflow";
/// 0.22.5 sets this variable for `dstack: true` (`DSTACK_SERVER_URL_ENV`, `DSTACK_RUN_SERVER_URL`).
const DSTACK_SERVER_URL: (&str, &str) = ("DSTACK_SERVER_URL", "http+unix://%2Frun%2Fdstack%2Fserver.sock");
/// The Python of the dstack server, which the run gets when `python` is not set.
const SERVER_PYTHON: &str = "<server Python>";

/// A JSON string.
pub(crate) fn s(v: &str) -> Json {
    Json::str(v)
}

/// The order of the effective view's keys (each release has some of them).
const VIEW_ORDER: [&str; 34] = [
    "run_name",
    "jobs",
    "image",
    "image_source",
    "user",
    "privileged",
    "command",
    "ide",
    "ide_version",
    "init",
    "working_dir",
    "env",
    "resources",
    "volumes",
    "groups",
    "ports",
    "dropped_ports",
    "backends",
    "regions",
    "availability_zones",
    "instance_types",
    "reservation",
    "spot_policy",
    "max_price",
    "max_duration",
    "stop_duration",
    "retry",
    "idle",
    "inactivity_duration",
    "utilization_policy",
    "creation_policy",
    "single_branch",
    "repos",
    "files",
];

/// Builds the effective view of a parsed configuration (`normalized` is dstack's JSON of it, for
/// the fields only 0.22.5 has) under the rules of `version`.
pub fn effective(config: &Configuration, normalized: &Json, version: DstackVersion) -> Json {
    let task = match config {
        Configuration::Task(task) => task,
        Configuration::Service(service) => return crate::service_effective::effective(service, normalized, version),
        Configuration::Gateway(g) => return crate::gateway_rules::effective(g, version),
        Configuration::Volume(v) => return crate::volume_rules::effective(v, version),
        Configuration::Fleet(fleet) => return crate::fleet_effective::effective(fleet, version),
        Configuration::DevEnvironment(dev) => {
            return in_view_order(crate::dev_environment_effective::effective(dev, normalized, version));
        }
        Configuration::Other(crate::model::ConfigType::Preset) => return crate::preset_rules::effective(normalized),
        _ => return Json::Object(Vec::new()),
    };
    let (mut entries, rest) = if version.pydantic2() {
        (decided_0_22(&task.run, normalized, true, Extent::Whole), rest_0_22(task, normalized))
    } else {
        (decided_0_18(&task.run, task.nodes.value, Extent::Whole), rest_0_18(task))
    };
    entries.extend(rest);
    in_view_order(entries)
}

/// The view's entries as a JSON object, in [`VIEW_ORDER`].
fn in_view_order(mut entries: Vec<(Key, Json)>) -> Json {
    crate::order::sort_by_key(&mut entries, |(k, _)| VIEW_ORDER.iter().position(|o| o == k));
    Json::Object(entries)
}

/// How much of the part of a view that dstack decides to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Extent {
    /// All of it, for the effective view.
    Whole,
    /// Only what two releases' readings are compared on (`across_versions`): no `image_source`,
    /// `creation_policy` or other entry it does not read, and (natively) of `resources` only
    /// what it reads of `cpu` and `gpu`. Most files are read under both releases: this is most of
    /// the work the comparison does besides the other release's model.
    Compared,
}

/// The part of the effective view that dstack decides when a field is not written (image,
/// working directory, resources, time limit, ...) that two releases may read differently:
/// [`Extent::Compared`].
pub fn decided(config: &Configuration, normalized: &Json, version: DstackVersion) -> Json {
    let task = match config {
        Configuration::Task(task) => task,
        Configuration::Service(service) => return crate::service_effective::decided(service, normalized, version),
        Configuration::Gateway(g) => return crate::gateway_rules::decided(g, version),
        Configuration::Volume(v) => return crate::volume_rules::decided(v, version),
        Configuration::Fleet(fleet) => {
            return Json::Object(crate::fleet_effective::decided(fleet, version, Extent::Compared));
        }
        Configuration::DevEnvironment(dev) => {
            let extent = Extent::Compared;
            return Json::Object(crate::dev_environment_effective::decided(dev, normalized, version, extent));
        }
        _ => return Json::Object(Vec::new()),
    };
    task_decided(&task.run, task.nodes.value, normalized, version, true)
}

/// [`decided`] of a task of `nodes` nodes, or of a service read as one (`jobs_of_task` false:
/// the service's `groups` and `nodes` are not a task's and are not read, so its JSON is read as
/// it is).
pub(crate) fn task_decided(
    run: &RunConfiguration,
    nodes: i128,
    normalized: &Json,
    version: DstackVersion,
    jobs_of_task: bool,
) -> Json {
    Json::Object(if version.pydantic2() {
        decided_0_22(run, normalized, jobs_of_task, Extent::Compared)
    } else {
        decided_0_18(run, nodes, Extent::Compared)
    })
}

/// The commands as they run: `${{ run.args }}` empty, `$$` unescaped, secrets kept.
fn run_commands<'a>(commands: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    commands.into_iter().map(|c| interpolate(c, &run_args).unwrap_or_else(|_| c.to_string())).collect()
}

/// A list of strings, or null.
pub(crate) fn list(v: &Option<Vec<String>>) -> Json {
    v.as_deref().map_or(Json::Null, strings_json)
}

/// The forwarded ports and the ones dstack's runner keeps for itself.
pub(crate) fn ports_json<'a>(ports: impl IntoIterator<Item = &'a Port>) -> (Json, Json) {
    let (forwarded, dropped): (Vec<&Port>, Vec<&Port>) = ports.into_iter().partition(|p| !p.is_reserved());
    let json = |ports: Vec<&Port>| Json::Array(ports.into_iter().map(Port::to_json).collect());
    (json(forwarded), json(dropped))
}

/// The view entries every release shares as they are.
pub(crate) fn shared(run: &RunConfiguration) -> Vec<(Key, Json)> {
    let profile = &run.profile;
    vec![
        ("run_name".into(), Json::opt(run.name.value.clone())),
        ("user".into(), Json::opt(run.user.value.clone())),
        ("volumes".into(), Json::Array(run.volumes.value.iter().map(|v| v.value.to_json()).collect())),
        ("backends".into(), list(&profile.backends.value)),
        ("regions".into(), list(&profile.regions.value)),
        ("instance_types".into(), list(&profile.instance_types.value)),
        ("reservation".into(), Json::opt(profile.reservation.value.clone())),
        ("max_price".into(), Json::opt(profile.max_price.value)),
    ]
}

/// 0.18.37's image: `image`, or dstack's base image for `python` (or the server's Python).
pub(crate) fn image_0_18(run: &RunConfiguration) -> (Json, &'static str) {
    let nvcc = run.nvcc.value == Some(true);
    match run.image.value.as_deref().filter(|i| !i.is_empty()) {
        Some(i) => (s(i), "from `image`"),
        None => {
            let py = run.python.value.as_deref();
            let note = if py.is_some() {
                "dstack's base image for `python`"
            } else {
                "dstack's base image for the dstack server's own Python version"
            };
            let v = py.unwrap_or(SERVER_PYTHON);
            // Joined rather than `format!`ted: both releases' views of most files need it.
            (Json::Str(["dstackai/base:py", v, "-0.6-cuda-12.1", if nvcc { "-devel" } else { "" }].concat()), note)
        }
    }
}

/// 0.18.37's working directory in the container.
pub(crate) fn working_dir_0_18(run: &RunConfiguration) -> Json {
    // `dstack apply` sends `working_dir` or `.`; the runner joins it to the repository,
    // `/workflow` (Go's `filepath.Join`). An absolute one, or one that leads out of the
    // repository, is refused when the run starts: it is shown as written.
    // Without one the repository itself, as `clean_join` gives it for `.`.
    let Some(wd) = &run.working_dir.value else { return s(LEGACY_REPO_DIR) };
    let joined = clean_join(LEGACY_REPO_DIR, wd);
    if wd.starts_with('/') || !joined.starts_with(LEGACY_REPO_DIR) { s(wd) } else { Json::Str(joined) }
}

/// 0.18.37's resources, with the GPU vendor inferred.
pub(crate) fn resources_0_18(run: &RunConfiguration, extent: Extent) -> Json {
    let resources = &run.resources.value;
    // Natively only the two compared parts are built; the page's module, built for size,
    // builds every part (the comparison reads the two by their paths), as `JobShape::resources`.
    if extent == Extent::Compared && !cfg!(target_arch = "wasm32") {
        // Of the GPU spec what the comparison reads: its vendor, names and count.
        let gpu = resources.gpu.as_ref().map_or(Json::Null, |gpu| {
            let gpu = &gpu.value;
            Json::Object(vec![
                ("vendor".into(), Json::opt(gpu_vendor::infer_gpu(gpu).vendor)),
                ("name".into(), gpu.name.as_deref().map_or(Json::Null, strings_json)),
                ("count".into(), gpu.count.to_json()),
            ])
        });
        return Json::Object(vec![("cpu".into(), resources.cpu.to_json()), ("gpu".into(), gpu)]);
    }
    let mut resources = resources.clone();
    if let Some(gpu) = &mut resources.gpu {
        gpu.value.vendor = gpu_vendor::infer_gpu(&gpu.value).vendor;
    }
    resources.to_json()
}

fn decided_0_18(run: &RunConfiguration, nodes: i128, extent: Extent) -> Vec<(Key, Json)> {
    let profile = &run.profile;
    let whole = extent == Extent::Whole;
    let (image_json, image_note) = image_0_18(run);
    // The runner reads a limit of 0 (`max_duration: off` unquoted is YAML's false, "0") as none.
    let max_duration = match profile.max_duration.value {
        None => Json::Int(DEFAULT_TASK_MAX_DURATION_0_18),
        Some(MaxDuration::Off | MaxDuration::Seconds(0)) => Json::Null,
        Some(MaxDuration::Seconds(s)) => Json::Int(s),
    };
    let mut out: Vec<(Key, Json)> = Vec::with_capacity(10);
    out.extend([("jobs".into(), Json::Int(nodes)), ("image".into(), image_json)]);
    if whole {
        out.push(("image_source".into(), s(image_note)));
    }
    out.extend([
        ("working_dir".into(), working_dir_0_18(run)),
        ("resources".into(), resources_0_18(run, extent)),
        ("spot_policy".into(), s(profile.effective_spot_policy().as_str())),
        ("max_duration".into(), max_duration),
        ("retry".into(), retry_view(profile)),
        ("idle".into(), idle_view(profile)),
    ]);
    if whole {
        out.push(("creation_policy".into(), creation_policy(profile)));
    }
    out
}

fn rest_0_18(task: &Task) -> Vec<(Key, Json)> {
    let run = &task.run;
    let commands = run_commands(task.commands.value.iter().map(|c| c.value.as_str()));
    let joined = join_shell_commands(&commands);
    let image = run.image.value.as_deref().filter(|i| !i.is_empty());
    let command = match (&run.entrypoint.value, image) {
        (Some(ep), _) => {
            let mut argv = shell_split(ep);
            argv.extend(commands.iter().cloned());
            Json::Array(argv.into_iter().map(Json::Str).collect())
        }
        (None, None) => Json::Array(vec![s("/bin/bash"), s("-i"), s("-c"), Json::Str(joined)]),
        (None, Some(_)) if !commands.is_empty() => Json::Array(vec![s("/bin/sh"), s("-i"), s("-c"), Json::Str(joined)]),
        (None, Some(_)) => Json::Null,
    };
    let (ports, dropped_ports) = ports_json(task.ports.value.iter().map(|p: &Spanned<Port>| &p.value));
    let mut out = shared(run);
    out.extend([
        ("command".into(), command),
        ("env".into(), env_view(&run.env.value)),
        ("ports".into(), ports),
        ("dropped_ports".into(), dropped_ports),
    ]);
    out
}

/// `creation_policy`, `reuse-or-create` by default.
pub(crate) fn creation_policy(profile: &Profile) -> Json {
    s(profile.creation_policy.value.map_or("reuse-or-create", CreationPolicy::as_str))
}

/// A field of 0.22.5's normalized JSON, when it is not null.
pub(crate) fn field<'a>(n: &'a Json, key: &str) -> Option<&'a Json> {
    n.get(key).filter(|v| !v.is_null())
}

/// 0.22.5's run: one job per node of each node group (a task without `groups` is one group).
/// 0.22.5's image: Docker-in-Docker for `docker: true`, `image`, or dstack's base image.
pub(crate) fn image_0_22(run: &RunConfiguration, docker: bool) -> (Json, &'static str) {
    match (docker, &run.image.value) {
        (true, _) => (s(DIND_IMAGE), "dstack's Docker-in-Docker image, for `docker: true`"),
        (false, Some(i)) => (s(i), "from `image`"),
        (false, None) => (s(BASE_IMAGES_0_22[usize::from(run.nvcc.value == Some(true))]), "dstack's base image"),
    }
}

/// 0.22.5's resources in `n`: an omitted `resources`, which a compared run leaves null
/// ([`crate::model::compared`]), is dstack's default. Inlined in the page's module, where it is
/// [`field`] (so the module does not grow).
#[cfg_attr(target_arch = "wasm32", inline(always))]
pub(crate) fn resources_0_22(n: &Json) -> Option<&Json> {
    #[cfg(not(target_arch = "wasm32"))]
    return Some(
        field(n, "resources").unwrap_or_else(|| crate::model::shared_default_resources(DstackVersion::V0_22_5)),
    );
    // The page's compared runs keep the default in the JSON.
    #[cfg(target_arch = "wasm32")]
    field(n, "resources")
}

/// 0.22.5's `stop_duration`: 300 seconds by default, `off` none.
pub(crate) fn stop_duration_0_22(n: &Json) -> Json {
    match field(n, "stop_duration") {
        None => Json::Int(DEFAULT_STOP_DURATION),
        Some(Json::Str(off)) if off == "off" => Json::Null,
        Some(seconds) => seconds.clone(),
    }
}

fn decided_0_22(run: &RunConfiguration, n: &Json, jobs_of_task: bool, extent: Extent) -> Vec<(Key, Json)> {
    let profile = &run.profile;
    let whole = extent == Extent::Whole;
    let docker = field(n, "docker") == Some(&Json::Bool(true));
    let (image_json, image_note) = image_0_22(run, docker);
    let jobs_field = |key: &str| if jobs_of_task { field(n, key) } else { None };
    let groups = jobs_field("groups").and_then(Json::as_array);
    let jobs: i128 = match groups {
        Some(groups) => groups.iter().filter_map(|g| g.get("nodes")?.as_int()).sum(),
        None => jobs_field("nodes").and_then(Json::as_int).unwrap_or(1),
    };
    let max_duration = match profile.max_duration.value {
        None | Some(MaxDuration::Off) => Json::Null,
        Some(MaxDuration::Seconds(s)) => Json::Int(s),
    };
    let mut out: Vec<(Key, Json)> = Vec::with_capacity(13);
    out.extend([("jobs".into(), Json::Int(jobs)), ("image".into(), image_json)]);
    if whole {
        out.extend([
            ("image_source".into(), s(image_note)),
            ("privileged".into(), Json::Bool(docker || run.privileged.value)),
        ]);
    }
    out.extend([
        ("working_dir".into(), working_dir_0_22(run.working_dir.value.as_deref())),
        ("spot_policy".into(), s(profile.effective_spot_policy().as_str())),
        ("max_duration".into(), max_duration),
    ]);
    if whole {
        out.push(("stop_duration".into(), stop_duration_0_22(n)));
    }
    out.extend([("retry".into(), retry_view(profile)), ("idle".into(), idle_view(profile))]);
    if whole {
        out.extend([
            ("creation_policy".into(), creation_policy(profile)),
            ("single_branch".into(), field(n, "single_branch").cloned().unwrap_or(Json::Bool(true))),
        ]);
    }
    // With `groups` each group has its own resources (in `rest_0_22`).
    if groups.is_none() {
        out.push(("resources".into(), JobShape { run, docker, n }.resources(resources_0_22(n), extent)));
    }
    out
}

/// 0.22.5's environment: `env`, plus the server's address for `dstack: true`.
pub(crate) fn env_0_22(run: &RunConfiguration, n: &Json) -> Json {
    let mut env = env_view(&run.env.value);
    if field(n, "dstack") == Some(&Json::Bool(true))
        && let Json::Object(entries) = &mut env
        && !entries.iter().any(|(k, _)| k == DSTACK_SERVER_URL.0)
    {
        entries.push((DSTACK_SERVER_URL.0.into(), s(DSTACK_SERVER_URL.1)));
    }
    env
}

fn rest_0_22(task: &Task, n: &Json) -> Vec<(Key, Json)> {
    let run = &task.run;
    let docker = field(n, "docker") == Some(&Json::Bool(true));
    let job = JobShape { run, docker, n };
    let env = env_0_22(run, n);
    let copy = |key: &'static str| (Key::from(key), field(n, key).cloned().unwrap_or(Json::Null));
    let mut out = shared(run);
    out.extend([
        ("env".into(), env),
        copy("availability_zones"),
        copy("utilization_policy"),
        copy("repos"),
        copy("files"),
    ]);
    match field(n, "groups").and_then(Json::as_array) {
        Some(groups) => {
            out.push(("groups".into(), Json::Array(groups.iter().map(|g| Json::Object(job.group(g))).collect())));
        }
        None => {
            let top: Vec<&str> = task.commands.value.iter().map(|c| c.value.as_str()).collect();
            let (ports, dropped_ports) = ports_json(task.ports.value.iter().map(|p| &p.value));
            out.extend([
                ("command".into(), job.command(&top)),
                ("ports".into(), ports),
                ("dropped_ports".into(), dropped_ports),
            ]);
        }
    }
    out
}

/// What every job of a 0.22.5 run shares, to build one node group's part.
pub(crate) struct JobShape<'a> {
    /// The run fields.
    pub(crate) run: &'a RunConfiguration,
    /// `docker: true`.
    pub(crate) docker: bool,
    /// dstack's normalized JSON.
    pub(crate) n: &'a Json,
}

impl JobShape<'_> {
    /// 0.22.5's `_commands`: the entrypoint and commands, or the shell running dstack's setup of
    /// the base image and the commands, or `null` for the image's own entrypoint.
    fn command(&self, commands: &[&str]) -> Json {
        let run = self.run;
        let commands = run_commands(commands.iter().copied());
        if let Some(ep) = &run.entrypoint.value {
            let mut argv = shell_split(ep);
            argv.extend(commands);
            return Json::Array(argv.into_iter().map(Json::Str).collect());
        }
        if commands.is_empty() {
            return Json::Null;
        }
        let shell = match self.n.get("shell").and_then(Json::as_str) {
            Some(sh) if sh.starts_with('/') => sh.to_string(),
            Some(sh) => format!("/bin/{sh}"),
            None if run.image.value.is_none() => "/bin/bash".into(),
            None => "/bin/sh".into(),
        };
        let mut all = self.image_commands();
        all.extend(commands);
        Json::Array(vec![Json::Str(shell), s("-i"), s("-c"), Json::Str(join_shell_commands(&all))])
    }

    /// 0.22.5's `_dstack_image_commands`: start Docker, or make the run's Python environment.
    fn image_commands(&self) -> Vec<String> {
        let run = self.run;
        if self.docker {
            return vec!["start-dockerd".into()];
        }
        if run.image.value.is_some() || run.entrypoint.value.is_some() {
            return Vec::new();
        }
        let python = run.python.value.as_deref().unwrap_or(SERVER_PYTHON);
        vec![
            "eval $(echo 'export DSTACK_VENV_DIR=/dstack/venv' | sudo tee -a /dstack/profile)".into(),
            "sudo rm -rf $DSTACK_VENV_DIR".into(),
            "sudo mkdir $DSTACK_VENV_DIR".into(),
            "sudo chown $(id -u):$(id -g) $DSTACK_VENV_DIR".into(),
            format!(
                "(if UV_PYTHON_INSTALL_DIR=/opt/uv/python uv python find {python} > /dev/null 2>&1; then export \
                 UV_PYTHON_INSTALL_DIR=/opt/uv/python UV_PYTHON_DOWNLOADS=never; fi; uv venv -q --prompt dstack -p \
                 {python} --seed $DSTACK_VENV_DIR)"
            ),
            "eval $(echo '. $DSTACK_VENV_DIR/bin/activate' | sudo tee -a /dstack/profile)".into(),
        ]
    }

    /// The resources the offers must match: the CPU architecture defaults to x86 for dstack's own
    /// images (a custom image's architectures come from its registry) and the GPU vendor is
    /// inferred.
    pub(crate) fn resources(&self, resources: Option<&Json>, extent: Extent) -> Json {
        let Some(Json::Object(entries)) = resources else { return Json::Null };
        // Natively only what the comparison reads is built: the CPU count (where 0.18.37 writes
        // `cpu`) and the GPU vendor, names and count. The page's module, built for size, builds
        // every part (the comparison reads them by their paths).
        if extent == Extent::Compared && !cfg!(target_arch = "wasm32") {
            let mut parts = Vec::with_capacity(2);
            for (k, v) in entries {
                match (k.as_ref(), v) {
                    ("cpu", cpu) => parts.push((k.clone(), cpu.get("count").unwrap_or(cpu).clone())),
                    ("gpu", Json::Object(gpu)) => {
                        let gpu = gpu.iter().filter_map(|(gk, gv)| match gk.as_ref() {
                            "vendor" => Some((gk.clone(), Json::opt(self.gpu_vendor(v)))),
                            "name" | "count" => Some((gk.clone(), gv.clone())),
                            _ => None,
                        });
                        parts.push((k.clone(), Json::Object(gpu.collect())));
                    }
                    ("gpu", gpu) => parts.push((k.clone(), gpu.clone())),
                    _ => {}
                }
            }
            return Json::Object(parts);
        }
        let own_image = self.run.image.value.is_none();
        let entries = entries
            .iter()
            .map(|(k, v)| {
                let v = match (k.as_ref(), v) {
                    ("cpu", Json::Object(cpu)) if own_image => Json::Object(
                        cpu.iter()
                            .map(|(ck, cv)| match (ck.as_ref(), cv) {
                                ("arch", Json::Null) => (ck.clone(), s("x86")),
                                _ => (ck.clone(), cv.clone()),
                            })
                            .collect(),
                    ),
                    ("gpu", Json::Object(gpu)) => Json::Object(
                        gpu.iter()
                            .map(|(gk, gv)| match gk.as_ref() {
                                "vendor" => (gk.clone(), Json::opt(self.gpu_vendor(v))),
                                _ => (gk.clone(), gv.clone()),
                            })
                            .collect(),
                    ),
                    _ => v.clone(),
                };
                (k.clone(), v)
            })
            .collect();
        Json::Object(entries)
    }

    /// The vendor dstack 0.22.5's server gives a normalized GPU spec (its default on dstack's own
    /// image, or the one vendor of the names).
    fn gpu_vendor(&self, gpu: &Json) -> Option<String> {
        let names = gpu.get("name").and_then(Json::as_array).unwrap_or_default().iter().filter_map(Json::as_str);
        let vendor = gpu.get("vendor").and_then(Json::as_str);
        let count_max = gpu.get("count").and_then(|c| c.get("max")).and_then(Json::as_int_clamped);
        let image = self.run.image.value.as_deref();
        gpu_vendor::default_vendor_of_0_22(
            vendor,
            names,
            count_max,
            gpu_vendor::default_image(image, Some(self.docker)),
        )
    }

    /// One node group: its name, nodes, command, resources and ports.
    fn group(&self, g: &Json) -> Vec<(Key, Json)> {
        let commands: Vec<&str> =
            g.get("commands").and_then(Json::as_array).unwrap_or_default().iter().filter_map(Json::as_str).collect();
        let ports: Vec<Port> = g
            .get("ports")
            .and_then(Json::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|p| {
                Some(Port {
                    local_port: p.get("local_port").and_then(Json::as_int),
                    container_port: p.get("container_port")?.as_int()?,
                })
            })
            .collect();
        let (forwarded, dropped) = ports_json(&ports);
        vec![
            ("name".into(), g.get("name").cloned().unwrap_or(Json::Null)),
            ("nodes".into(), g.get("nodes").cloned().unwrap_or(Json::Int(1))),
            ("command".into(), self.command(&commands)),
            ("resources".into(), self.resources(g.get("resources"), Extent::Whole)),
            ("ports".into(), forwarded),
            ("dropped_ports".into(), dropped),
        ]
    }
}

/// 0.22.5's `_working_dir`: `null` is the image's own working directory, an absolute path (or
/// `~…`) stays, a relative one is taken from `/workflow` (`PurePosixPath` drops `.` and empty parts).
pub(crate) fn working_dir_0_22(working_dir: Option<&str>) -> Json {
    let Some(wd) = working_dir else { return Json::Null };
    if wd.starts_with('/') || wd.starts_with('~') {
        return s(wd);
    }
    let mut path = LEGACY_REPO_DIR.to_string();
    for part in wd.split('/').filter(|p| !p.is_empty() && *p != ".") {
        path.push('/');
        path.push_str(part);
    }
    Json::Str(path)
}

/// `env`, with the variables taken from the shell marked as such.
pub(crate) fn env_view(env: &[EnvVar]) -> Json {
    Json::Object(
        env.iter()
            .map(|v| {
                let value = match &v.value {
                    EnvValue::Text(t) => Json::str(t.as_str()),
                    EnvValue::FromShell(_) => Json::Str(format!("<${} from your shell>", v.name)),
                };
                (v.name.clone().into(), value)
            })
            .collect(),
    )
}

fn all_events(duration: Option<i128>) -> Json {
    Json::Object(vec![
        ("on_events".into(), Json::Array(ALL_EVENTS.iter().map(|e| s(e)).collect())),
        ("duration".into(), Json::Int(duration.unwrap_or(DEFAULT_RETRY_SECONDS))),
    ])
}

/// The retry policy: events and how long to retry.
pub(crate) fn retry_view(profile: &Profile) -> Json {
    match &profile.retry.value {
        Some(Retry::Flag(true)) => all_events(None),
        Some(Retry::Flag(false)) => Json::Null,
        // Both releases reject an empty `on_events`; no events is 0.22.5's omitted `on_events`,
        // which `get_retry` reads as every event.
        Some(Retry::Events { on_events, duration }) if on_events.is_empty() => all_events(*duration),
        Some(Retry::Events { on_events, duration }) => Json::Object(vec![
            ("on_events".into(), strings_json(on_events)),
            ("duration".into(), Json::Int(duration.unwrap_or(DEFAULT_RETRY_SECONDS))),
        ]),
        None => match profile.retry_policy.value {
            Some(p) if p.retry => all_events(p.duration),
            _ => Json::Null,
        },
    }
}

/// dstack's idle-termination precedence (termination_policy, termination_idle_time, idle_duration).
pub(crate) fn idle_view(profile: &Profile) -> Json {
    let mut policy = profile.termination_policy.value.clone().unwrap_or_else(|| "destroy-after-idle".into());
    let mut time = profile.termination_idle_time.value.unwrap_or(DEFAULT_IDLE_SECONDS);
    if let Some(idle) = profile.idle_duration.value {
        if idle < 0 {
            policy = "dont-destroy".into();
        } else {
            time = idle;
        }
    }
    if policy == "dont-destroy" {
        time = -1;
    }
    Json::Object(vec![("policy".into(), Json::Str(policy)), ("idle_duration".into(), Json::Int(time))])
}

/// Go's `filepath.Join(root, path)` for a relative `path`: `.`, empty parts and `..` resolved.
fn clean_join(root: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in root.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    ["/", &parts.join("/")].concat()
}

/// dstack's `_join_shell_commands`: trimmed, background commands wrapped in `{ … }`, joined by ` && `.
fn join_shell_commands(commands: &[String]) -> String {
    commands
        .iter()
        .map(|c| {
            let c = c.trim();
            if c.ends_with('&') { format!("{{ {c} }}") } else { c.to_string() }
        })
        .collect::<Vec<_>>()
        .join(" && ")
}

/// POSIX shell word splitting (Python's `shlex.split`).
fn shell_split(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    cur.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some(n @ ('"' | '\\' | '$' | '`')) => cur.push(n),
                            Some(n) => {
                                cur.push('\\');
                                cur.push(n);
                            }
                            None => cur.push('\\'),
                        },
                        q => cur.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_split("/bin/bash -lc"), vec!["/bin/bash", "-lc"]);
        assert_eq!(shell_split(r#"python -c "print('a b')" x\ y"#), vec!["python", "-c", "print('a b')", "x y"]);
    }

    #[test]
    fn working_directories_of_each_release() {
        assert_eq!(clean_join(LEGACY_REPO_DIR, "."), "/workflow");
        assert_eq!(clean_join(LEGACY_REPO_DIR, "a//b/./c/"), "/workflow/a/b/c");
        assert_eq!(clean_join(LEGACY_REPO_DIR, "a/../b"), "/workflow/b");
        assert_eq!(working_dir_0_22(None), Json::Null);
        assert_eq!(working_dir_0_22(Some(".")), Json::str("/workflow"));
        assert_eq!(working_dir_0_22(Some("a/../b/")), Json::str("/workflow/a/../b"));
        assert_eq!(working_dir_0_22(Some("/src")), Json::str("/src"));
        assert_eq!(working_dir_0_22(Some("~/src")), Json::str("~/src"));
    }

    #[test]
    fn joined_commands() {
        let cmds = vec![" pip install x ".to_string(), "server &".to_string(), "client".to_string()];
        assert_eq!(join_shell_commands(&cmds), "pip install x && { server & } && client");
    }

    #[test]
    fn base_images_of_0_22() {
        let image = |normalized: &str| {
            let Ok(Configuration::Task(task)) = crate::model::read(&Json::parse(normalized).unwrap(), None) else {
                unreachable!("a task")
            };
            image_0_22(&task.run, false).0
        };
        assert_eq!(image(r#"{"type": "task"}"#), Json::str("dstackai/base:0.16-base-ubuntu24.04"));
        assert_eq!(image(r#"{"type": "task", "nvcc": true}"#), Json::str("dstackai/base:0.16-devel-ubuntu24.04"));
        assert_eq!(image(r#"{"type": "task", "nvcc": false}"#), Json::str("dstackai/base:0.16-base-ubuntu24.04"));
    }

    #[test]
    fn idle_precedence() {
        let idle = |normalized: &str| {
            let Ok(Configuration::Task(task)) = crate::model::read(&Json::parse(normalized).unwrap(), None) else {
                unreachable!("a task")
            };
            idle_view(&task.run.profile).to_python_string()
        };
        let dont_destroy = r#"{"policy": "dont-destroy", "idle_duration": -1}"#;
        assert_eq!(
            idle(r#"{"type": "task", "termination_policy": "dont-destroy", "idle_duration": "3600"}"#),
            dont_destroy
        );
        assert_eq!(idle(r#"{"type": "task", "termination_idle_time": 60, "idle_duration": "-1"}"#), dont_destroy);
        assert_eq!(idle(r#"{"type": "task"}"#), r#"{"policy": "destroy-after-idle", "idle_duration": 300}"#);
    }
}
