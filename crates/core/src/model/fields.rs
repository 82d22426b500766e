//! Which fields each configuration type has in each dstack release, and in which order its JSON
//! prints them.
//!
//! One row per field that ever existed in a supported release, with the dstack release that added
//! it and the one that removed it (read from dstack's git history: the first tag whose model
//! (`TaskConfiguration`, ...) has the field, the first that no longer has it). Whether a supported
//! release has a field follows from those numbers; they also tell a user checking against one
//! release that a key is new, or gone, in another. The output order is pydantic's declaration
//! order, which follows each release's class hierarchy, so it is listed per release; a test keeps
//! both in agreement.

use super::config_type::ConfigType;
use super::describe::About;
use super::describe::top::*;
use crate::version::{DstackVersion, Release};
use DstackVersion::{V0_18_37, V0_22_5};

/// One field and the releases it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The YAML key and JSON name.
    pub name: &'static str,
    /// The dstack release that added the field; `None`: older than every supported release.
    pub added: Option<Release>,
    /// The dstack release that removed it (the key is then an unknown field).
    pub removed: Option<Release>,
    /// What to write instead, for a removed field.
    pub instead: Option<&'static str>,
    /// What the key holds: its shape, doc, default and example.
    pub about: &'static About,
}

impl Field {
    /// True when `version` has this field.
    pub fn applies(&self, version: DstackVersion) -> bool {
        let v = version.release();
        self.added.is_none_or(|a| a <= v) && self.removed.is_none_or(|r| v < r)
    }
}

/// A field every supported release has.
pub(crate) const fn always(name: &'static str, about: &'static About) -> Field {
    Field { name, added: None, removed: None, instead: None, about }
}

/// A field added in release `major.minor.patch`.
pub(crate) const fn added(name: &'static str, about: &'static About, major: u16, minor: u16, patch: u16) -> Field {
    Field { name, added: Some(Release(major, minor, patch)), removed: None, instead: None, about }
}

/// A field removed in release `0.minor.patch`, with what to write instead.
const fn removed(name: &'static str, about: &'static About, minor: u16, patch: u16, instead: &'static str) -> Field {
    Field { name, added: None, removed: Some(Release(0, minor, patch)), instead: Some(instead), about }
}

/// The fields every run configuration (task, service, dev environment) has: §2 and §3 of the
/// types spec, with the releases that added or removed them.
const RUN_FIELDS: [Field; 47] = [
    always("type", &TYPE),
    always("name", &NAME),
    always("image", &IMAGE),
    always("user", &USER),
    always("privileged", &PRIVILEGED),
    always("entrypoint", &ENTRYPOINT),
    always("working_dir", &WORKING_DIR),
    always("home_dir", &HOME_DIR),
    always("registry_auth", &REGISTRY_AUTH),
    always("python", &PYTHON),
    always("nvcc", &NVCC),
    added("single_branch", &SINGLE_BRANCH, 0, 18, 40),
    always("env", &ENV),
    added("shell", &SHELL, 0, 19, 5),
    always("setup", &SETUP),
    always("resources", &RESOURCES),
    added("priority", &PRIORITY, 0, 19, 10),
    always("volumes", &VOLUMES),
    added("docker", &DOCKER, 0, 19, 16),
    added("repos", &REPOS, 0, 19, 26),
    added("files", &FILES, 0, 19, 17),
    added("dstack", &DSTACK, 0, 20, 28),
    always("backends", &BACKENDS_ABOUT),
    always("regions", &REGIONS),
    added("availability_zones", &AVAILABILITY_ZONES, 0, 18, 41),
    always("instance_types", &INSTANCE_TYPES),
    always("reservation", &RESERVATION),
    always("spot_policy", &SPOT_POLICY),
    always("retry", &RETRY),
    always("max_duration", &MAX_DURATION),
    added("stop_duration", &STOP_DURATION, 0, 18, 38),
    always("max_price", &MAX_PRICE),
    always("creation_policy", &CREATION_POLICY),
    always("idle_duration", &IDLE_DURATION),
    added("utilization_policy", &UTILIZATION_POLICY, 0, 18, 44),
    added("startup_order", &STARTUP_ORDER, 0, 19, 12),
    added("stop_criteria", &STOP_CRITERIA, 0, 19, 12),
    added("schedule", &SCHEDULE, 0, 19, 21),
    added("fleets", &FLEETS, 0, 19, 3),
    added("instances", &INSTANCES, 0, 20, 25),
    added("tags", &TAGS, 0, 19, 5),
    added("backend_options", &BACKEND_OPTIONS, 0, 20, 22),
    removed(
        "termination_policy",
        &TERMINATION_POLICY,
        20,
        0,
        "use `idle_duration` (`off` never terminates the instance)",
    ),
    removed("termination_idle_time", &TERMINATION_IDLE_TIME, 20, 0, "use `idle_duration`"),
    removed("pool_name", &POOL_NAME, 20, 0, "use `fleets` to choose the fleets whose instances the run may use"),
    removed("instance_name", &INSTANCE_NAME, 20, 0, "use `instances` to choose the instances the run may use"),
    removed("retry_policy", &RETRY_POLICY, 20, 0, "use `retry` (`retry: true`, or `on_events` and `duration`)"),
];

/// The task's own fields, beside [`RUN_FIELDS`].
const TASK_FIELDS: [Field; 4] = [
    always("nodes", &NODES),
    added("groups", &TASK_GROUPS, 0, 21, 2),
    always("ports", &PORTS),
    always("commands", &COMMANDS),
];

/// The field order of dstack 0.22.5's `model_dump_json()` for a task.
const ORDER_0_22_5: [&str; 46] = [
    "nodes",
    "groups",
    "ports",
    "commands",
    "type",
    "name",
    "image",
    "user",
    "privileged",
    "entrypoint",
    "working_dir",
    "home_dir",
    "registry_auth",
    "python",
    "nvcc",
    "single_branch",
    "env",
    "shell",
    "resources",
    "priority",
    "volumes",
    "docker",
    "repos",
    "files",
    "dstack",
    "setup",
    "backends",
    "regions",
    "availability_zones",
    "instance_types",
    "reservation",
    "spot_policy",
    "retry",
    "max_duration",
    "stop_duration",
    "max_price",
    "creation_policy",
    "idle_duration",
    "utilization_policy",
    "startup_order",
    "stop_criteria",
    "schedule",
    "fleets",
    "instances",
    "tags",
    "backend_options",
];

/// Every dev-environment field of every supported release (the task's run and profile fields,
/// The dev environment's own fields, beside [`RUN_FIELDS`].
const DEV_ENVIRONMENT_FIELDS: [Field; 5] = [
    always("ide", &IDE),
    always("version", &IDE_VERSION),
    always("init", &INIT),
    added("inactivity_duration", &INACTIVITY_DURATION, 0, 18, 41),
    always("ports", &PORTS),
];

/// The field order of dstack 0.18.37's `.json()` for a dev environment.
const DEV_ENVIRONMENT_ORDER_0_18_37: [&str; 34] = [
    "ide",
    "version",
    "init",
    "type",
    "name",
    "image",
    "user",
    "privileged",
    "entrypoint",
    "working_dir",
    "home_dir",
    "registry_auth",
    "python",
    "nvcc",
    "env",
    "setup",
    "resources",
    "volumes",
    "ports",
    "backends",
    "regions",
    "instance_types",
    "reservation",
    "spot_policy",
    "retry",
    "max_duration",
    "max_price",
    "creation_policy",
    "idle_duration",
    "termination_policy",
    "termination_idle_time",
    "pool_name",
    "instance_name",
    "retry_policy",
];

/// The field order of dstack 0.22.5's `model_dump_json()` for a dev environment.
const DEV_ENVIRONMENT_ORDER_0_22_5: [&str; 47] = [
    "ide",
    "version",
    "init",
    "inactivity_duration",
    "ports",
    "type",
    "name",
    "image",
    "user",
    "privileged",
    "entrypoint",
    "working_dir",
    "home_dir",
    "registry_auth",
    "python",
    "nvcc",
    "single_branch",
    "env",
    "shell",
    "resources",
    "priority",
    "volumes",
    "docker",
    "repos",
    "files",
    "dstack",
    "setup",
    "backends",
    "regions",
    "availability_zones",
    "instance_types",
    "reservation",
    "spot_policy",
    "retry",
    "max_duration",
    "stop_duration",
    "max_price",
    "creation_policy",
    "idle_duration",
    "utilization_policy",
    "startup_order",
    "stop_criteria",
    "schedule",
    "fleets",
    "instances",
    "tags",
    "backend_options",
];

/// Every preset field: the type is new in dstack 0.22 (0.18.37 rejects it), so no field has a
/// release of its own.
pub const PRESET_FIELDS: [Field; 39] = [
    always("backends", &BACKENDS_ABOUT),
    always("regions", &REGIONS),
    always("availability_zones", &AVAILABILITY_ZONES),
    always("instance_types", &INSTANCE_TYPES),
    always("reservation", &RESERVATION),
    always("spot_policy", &SPOT_POLICY),
    always("retry", &RETRY),
    always("max_duration", &MAX_DURATION),
    always("stop_duration", &STOP_DURATION),
    always("max_price", &MAX_PRICE),
    always("creation_policy", &CREATION_POLICY),
    always("idle_duration", &IDLE_DURATION),
    always("utilization_policy", &UTILIZATION_POLICY),
    always("startup_order", &STARTUP_ORDER),
    always("stop_criteria", &STOP_CRITERIA),
    always("schedule", &SCHEDULE),
    always("fleets", &FLEETS),
    always("instances", &INSTANCES),
    always("tags", &TAGS),
    always("backend_options", &BACKEND_OPTIONS),
    always("type", &TYPE),
    always("name", &NAME),
    always("model", &PRESET_MODEL),
    always("base", &BASE),
    always("repo", &REPO),
    always("prompt", &PROMPT),
    always("min_context_length", &MIN_CONTEXT_LENGTH),
    always("max_ttft", &MAX_TTFT),
    always("trials", &TRIALS),
    always("previous", &PREVIOUS),
    always("concurrency", &CONCURRENCY),
    always("input_tokens", &INPUT_TOKENS),
    always("output_tokens", &OUTPUT_TOKENS),
    always("shared_prefix_tokens", &SHARED_PREFIX_TOKENS),
    always("dataset", &DATASET),
    always("baseline", &BASELINE),
    always("gateway", &PRESET_GATEWAY),
    always("agent", &AGENT),
    always("env", &ENV),
];

/// The field order of dstack 0.22.5's `model_dump_json()` for a preset: the profile fields first.
const PRESET_ORDER: [&str; 39] = [
    "backends",
    "regions",
    "availability_zones",
    "instance_types",
    "reservation",
    "spot_policy",
    "retry",
    "max_duration",
    "stop_duration",
    "max_price",
    "creation_policy",
    "idle_duration",
    "utilization_policy",
    "startup_order",
    "stop_criteria",
    "schedule",
    "fleets",
    "instances",
    "tags",
    "backend_options",
    "type",
    "name",
    "model",
    "base",
    "repo",
    "prompt",
    "min_context_length",
    "max_ttft",
    "trials",
    "previous",
    "concurrency",
    "input_tokens",
    "output_tokens",
    "shared_prefix_tokens",
    "dataset",
    "baseline",
    "gateway",
    "agent",
    "env",
];

/// Every fleet field of every supported release.
pub const FLEET_FIELDS: [Field; 21] = [
    always("type", &TYPE),
    always("name", &NAME),
    always("placement", &PLACEMENT),
    added("blocks", &BLOCKS, 0, 18, 41),
    always("nodes", &FLEET_NODES),
    always("reservation", &RESERVATION),
    always("resources", &FLEET_RESOURCES),
    always("backends", &BACKENDS_ABOUT),
    always("regions", &REGIONS),
    added("availability_zones", &AVAILABILITY_ZONES, 0, 18, 41),
    always("instance_types", &INSTANCE_TYPES),
    always("spot_policy", &SPOT_POLICY),
    always("retry", &RETRY),
    always("max_price", &MAX_PRICE),
    always("idle_duration", &IDLE_DURATION),
    added("tags", &TAGS, 0, 19, 5),
    added("backend_options", &BACKEND_OPTIONS, 0, 20, 22),
    always("ssh_config", &SSH_CONFIG),
    always("env", &FLEET_ENV),
    removed("termination_policy", &TERMINATION_POLICY, 20, 0, "use `idle_duration` (`off` keeps idle instances)"),
    removed("termination_idle_time", &TERMINATION_IDLE_TIME, 20, 0, "use `idle_duration`"),
];

/// The field order of dstack 0.18.37's `.json()` for a fleet.
const FLEET_ORDER_0_18_37: [&str; 17] = [
    "type",
    "name",
    "env",
    "ssh_config",
    "nodes",
    "placement",
    "reservation",
    "resources",
    "backends",
    "regions",
    "instance_types",
    "spot_policy",
    "retry",
    "max_price",
    "idle_duration",
    "termination_policy",
    "termination_idle_time",
];

/// The field order of dstack 0.22.5's `model_dump_json()` for a fleet.
const FLEET_ORDER_0_22_5: [&str; 19] = [
    "type",
    "name",
    "placement",
    "blocks",
    "nodes",
    "reservation",
    "resources",
    "backends",
    "regions",
    "availability_zones",
    "instance_types",
    "spot_policy",
    "retry",
    "max_price",
    "idle_duration",
    "tags",
    "backend_options",
    "ssh_config",
    "env",
];

/// The service's own fields, beside [`RUN_FIELDS`].
const SERVICE_FIELDS: [Field; 12] = [
    always("port", &PORT),
    always("gateway", &GATEWAY),
    added("strip_prefix", &STRIP_PREFIX, 0, 18, 40),
    always("model", &SERVICE_MODEL),
    always("https", &HTTPS),
    always("auth", &AUTH),
    always("scaling", &SCALING),
    added("rate_limits", &RATE_LIMITS, 0, 19, 4),
    added("probes", &PROBES, 0, 19, 22),
    always("replicas", &SERVICE_REPLICAS),
    // After 0.21.2, the last tag of the mirrored history; 0.22.5 has it.
    added("groups", &SERVICE_GROUPS, 0, 22, 0),
    always("commands", &COMMANDS),
];

/// The field order of dstack 0.18.37's `.json()` for a service.
const SERVICE_ORDER_0_18_37: [&str; 38] = [
    "port",
    "gateway",
    "model",
    "https",
    "auth",
    "replicas",
    "scaling",
    "type",
    "name",
    "image",
    "user",
    "privileged",
    "entrypoint",
    "working_dir",
    "home_dir",
    "registry_auth",
    "python",
    "nvcc",
    "env",
    "setup",
    "resources",
    "volumes",
    "commands",
    "backends",
    "regions",
    "instance_types",
    "reservation",
    "spot_policy",
    "retry",
    "max_duration",
    "max_price",
    "creation_policy",
    "idle_duration",
    "termination_policy",
    "termination_idle_time",
    "pool_name",
    "instance_name",
    "retry_policy",
];

/// The field order of dstack 0.22.5's `model_dump_json()` for a service.
const SERVICE_ORDER_0_22_5: [&str; 54] = [
    "port",
    "gateway",
    "strip_prefix",
    "model",
    "https",
    "auth",
    "scaling",
    "rate_limits",
    "probes",
    "replicas",
    "groups",
    "commands",
    "type",
    "name",
    "image",
    "user",
    "privileged",
    "entrypoint",
    "working_dir",
    "home_dir",
    "registry_auth",
    "python",
    "nvcc",
    "single_branch",
    "env",
    "shell",
    "resources",
    "priority",
    "volumes",
    "docker",
    "repos",
    "files",
    "dstack",
    "setup",
    "backends",
    "regions",
    "availability_zones",
    "instance_types",
    "reservation",
    "spot_policy",
    "retry",
    "max_duration",
    "stop_duration",
    "max_price",
    "creation_policy",
    "idle_duration",
    "utilization_policy",
    "startup_order",
    "stop_criteria",
    "schedule",
    "fleets",
    "instances",
    "tags",
    "backend_options",
];

/// The task fields of `version`, in the order its normalized JSON prints them.
fn task_field_order(version: DstackVersion) -> &'static [&'static str] {
    match version {
        V0_18_37 => &super::FIELDS,
        V0_22_5 => &ORDER_0_22_5,
    }
}

/// Every gateway field of every supported release. `load_balancer` came after 0.21.2 (the newest
/// tag read) and is in 0.22.5: 0.22.0 stands for that span.
pub const GATEWAY_FIELDS: [Field; 12] = [
    always("type", &TYPE),
    always("name", &NAME),
    always("default", &DEFAULT),
    always("backend", &BACKEND),
    always("region", &GATEWAY_REGION),
    added("instance_type", &INSTANCE_TYPE, 0, 20, 0),
    always("domain", &DOMAIN),
    always("public_ip", &PUBLIC_IP),
    added("load_balancer", &LOAD_BALANCER, 0, 22, 0),
    always("certificate", &CERTIFICATE),
    added("replicas", &GATEWAY_REPLICAS, 0, 20, 25),
    added("tags", &TAGS, 0, 19, 5),
];

/// The gateway fields of dstack 0.18.37, in output order.
const GATEWAY_ORDER_0_18_37: [&str; 8] =
    ["type", "name", "default", "backend", "region", "domain", "public_ip", "certificate"];

/// The gateway fields of dstack 0.22.5, in output order.
const GATEWAY_ORDER_0_22_5: [&str; 12] = [
    "type",
    "name",
    "default",
    "backend",
    "region",
    "instance_type",
    "domain",
    "public_ip",
    "load_balancer",
    "certificate",
    "replicas",
    "tags",
];

/// Every volume field of every supported release (0.22.5: of any backend's volume model).
pub const VOLUME_FIELDS: [Field; 13] = [
    always("type", &TYPE),
    always("name", &NAME),
    always("backend", &VOLUME_BACKEND),
    always("region", &REGION),
    always("size", &SIZE),
    always("volume_id", &VOLUME_ID),
    added("availability_zone", &AVAILABILITY_ZONE, 0, 18, 41),
    added("auto_cleanup_duration", &AUTO_CLEANUP_DURATION, 0, 19, 19),
    added("tags", &TAGS, 0, 19, 5),
    added("claim_name", &CLAIM_NAME, 0, 20, 17),
    added("storage_class_name", &STORAGE_CLASS_NAME, 0, 20, 17),
    added("access_modes", &ACCESS_MODES, 0, 20, 17),
    added("read_only", &READ_ONLY, 0, 20, 19),
];

/// The volume fields of dstack 0.18.37, in output order.
const VOLUME_ORDER_0_18_37: [&str; 6] = ["type", "name", "backend", "region", "size", "volume_id"];

/// Every volume field of dstack 0.22.5, in the order of its models (each backend prints a part).
const VOLUME_ORDER_0_22_5: [&str; 13] = [
    "type",
    "backend",
    "name",
    "auto_cleanup_duration",
    "tags",
    "size",
    "volume_id",
    "region",
    "availability_zone",
    "claim_name",
    "storage_class_name",
    "access_modes",
    "read_only",
];

/// The fields of dstack 0.22.5's AWS, GCP and Runpod volume models, in output order.
const VOLUME_CLOUD: [&str; 9] =
    ["type", "backend", "name", "auto_cleanup_duration", "tags", "size", "volume_id", "region", "availability_zone"];

/// What a Runpod volume prints: it accepts `availability_zone` for older clients but leaves it out.
const VOLUME_RUNPOD_PRINTED: [&str; 8] =
    ["type", "backend", "name", "auto_cleanup_duration", "tags", "size", "volume_id", "region"];

/// The fields of dstack 0.22.5's Kubernetes volume model, in output order.
const VOLUME_KUBERNETES: [&str; 11] = [
    "type",
    "backend",
    "name",
    "auto_cleanup_duration",
    "tags",
    "size",
    "region",
    "claim_name",
    "storage_class_name",
    "access_modes",
    "read_only",
];

/// The fields of dstack 0.22.5's Daytona and Lium volume models, in output order.
const VOLUME_BY_ID: [&str; 6] = ["type", "backend", "name", "auto_cleanup_duration", "tags", "volume_id"];

/// The backends dstack 0.22.5 has volumes on, in its union order.
pub const VOLUME_BACKENDS_0_22_5: [&str; 6] = ["aws", "gcp", "runpod", "kubernetes", "daytona", "lium"];

/// The volume model of one backend in dstack 0.22.5: the fields it accepts, in output order, and
/// the fields it prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VolumeModel {
    /// The fields it accepts (others are unknown keys), in output order.
    pub accepts: &'static [&'static str],
    /// The fields its normalized JSON prints, in order.
    pub prints: &'static [&'static str],
}

/// The dstack 0.22.5 volume model of `backend`; `None` for a backend without volumes.
pub fn volume_model(backend: &str) -> Option<VolumeModel> {
    let (accepts, prints): (&'static [&'static str], &'static [&'static str]) = match backend {
        "aws" | "gcp" => (&VOLUME_CLOUD, &VOLUME_CLOUD),
        "runpod" => (&VOLUME_CLOUD, &VOLUME_RUNPOD_PRINTED),
        "kubernetes" => (&VOLUME_KUBERNETES, &VOLUME_KUBERNETES),
        "daytona" | "lium" => (&VOLUME_BY_ID, &VOLUME_BY_ID),
        _ => return None,
    };
    Some(VolumeModel { accepts, prints })
}

/// Every field of `ty` in every supported release.
pub fn fields_of(ty: ConfigType) -> impl Iterator<Item = &'static Field> {
    let (own, run): (&'static [Field], &'static [Field]) = match ty {
        ConfigType::Task => (&TASK_FIELDS, &RUN_FIELDS),
        ConfigType::Service => (&SERVICE_FIELDS, &RUN_FIELDS),
        ConfigType::DevEnvironment => (&DEV_ENVIRONMENT_FIELDS, &RUN_FIELDS),
        ConfigType::Fleet => (&FLEET_FIELDS, &[]),
        ConfigType::Gateway => (&GATEWAY_FIELDS, &[]),
        ConfigType::Volume => (&VOLUME_FIELDS, &[]),
        ConfigType::Preset => (&PRESET_FIELDS, &[]),
    };
    own.iter().chain(run)
}

/// The top-level fields of `ty` under `version`, in the order its normalized JSON prints them
/// (for a 0.22.5 volume every backend's fields: [`volume_model`] has each backend's).
pub fn field_order(ty: ConfigType, version: DstackVersion) -> &'static [&'static str] {
    match (ty, version) {
        (ConfigType::Task, _) => task_field_order(version),
        (ConfigType::Service, V0_18_37) => &SERVICE_ORDER_0_18_37,
        (ConfigType::Service, V0_22_5) => &SERVICE_ORDER_0_22_5,
        (ConfigType::Fleet, V0_18_37) => &FLEET_ORDER_0_18_37,
        (ConfigType::Fleet, V0_22_5) => &FLEET_ORDER_0_22_5,
        (ConfigType::Gateway, V0_18_37) => &GATEWAY_ORDER_0_18_37,
        (ConfigType::Gateway, V0_22_5) => &GATEWAY_ORDER_0_22_5,
        (ConfigType::Volume, V0_18_37) => &VOLUME_ORDER_0_18_37,
        (ConfigType::Volume, V0_22_5) => &VOLUME_ORDER_0_22_5,
        (ConfigType::DevEnvironment, V0_18_37) => &DEV_ENVIRONMENT_ORDER_0_18_37,
        (ConfigType::DevEnvironment, V0_22_5) => &DEV_ENVIRONMENT_ORDER_0_22_5,
        (ConfigType::Preset, _) => &PRESET_ORDER,
    }
}

/// The top-level fields a normalized configuration prints, in order: [`field_order`], except for
/// a 0.22.5 volume, whose backend decides.
pub fn printed_order(
    ty: ConfigType,
    version: DstackVersion,
    normalized: &crate::json::Json,
) -> &'static [&'static str] {
    let backend = normalized.get("backend").and_then(crate::json::Json::as_str);
    match (ty, version.pydantic2(), backend.and_then(volume_model)) {
        (ConfigType::Volume, true, Some(model)) => model.prints,
        _ => field_order(ty, version),
    }
}

/// The row of a field of `ty` that `version` does not have but another release did or does.
pub fn other_release_field(ty: ConfigType, version: DstackVersion, name: &str) -> Option<&'static Field> {
    fields_of(ty).find(|f| f.name == name && !f.applies(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_release_prints_exactly_the_fields_it_has() {
        for ty in ConfigType::ALL {
            for v in DstackVersion::SUPPORTED.into_iter().filter(|v| ty.exists_in(*v)) {
                let mut printed: Vec<&str> = field_order(ty, v).to_vec();
                let mut has: Vec<&str> = fields_of(ty).filter(|f| f.applies(v)).map(|f| f.name).collect();
                printed.sort_unstable();
                has.sort_unstable();
                assert_eq!(printed, has, "{ty:?} {v}");
            }
        }
    }

    #[test]
    fn removed_and_added_fields_say_so() {
        let task = ConfigType::Task;
        assert!(field_order(task, V0_18_37).contains(&"pool_name"));
        assert!(!field_order(task, V0_22_5).contains(&"pool_name"));
        assert!(!field_order(task, V0_18_37).contains(&"files"));
        assert!(field_order(task, V0_22_5).contains(&"files"));
        assert_eq!(other_release_field(task, V0_18_37, "files").and_then(|f| f.added), Some(Release(0, 19, 17)));
        assert_eq!(other_release_field(task, V0_22_5, "pool_name").and_then(|f| f.removed), Some(Release(0, 20, 0)));
        assert_eq!(other_release_field(task, V0_22_5, "files"), None);
    }

    #[test]
    fn each_volume_backend_orders_a_part_of_the_fields() {
        let all = field_order(ConfigType::Volume, V0_22_5);
        for backend in VOLUME_BACKENDS_0_22_5 {
            let model = volume_model(backend).expect("a backend with volumes");
            let positions: Vec<usize> = model.accepts.iter().filter_map(|f| all.iter().position(|a| a == f)).collect();
            assert_eq!(positions.len(), model.accepts.len(), "{backend}");
            assert!(positions.windows(2).all(|w| w[0] < w[1]), "{backend}");
            assert!(model.prints.iter().all(|f| model.accepts.contains(f)), "{backend}");
        }
        assert_eq!(volume_model("lambda"), None);
        assert_eq!(volume_model("runpod").map(|m| m.accepts.len() - m.prints.len()), Some(1));
        let gateway = ConfigType::Gateway;
        assert_eq!(other_release_field(gateway, V0_18_37, "replicas").and_then(|f| f.added), Some(Release(0, 20, 25)));
    }
}
