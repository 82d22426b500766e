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
}

impl Field {
    /// True when `version` has this field.
    pub fn applies(&self, version: DstackVersion) -> bool {
        let v = version.release();
        self.added.is_none_or(|a| a <= v) && self.removed.is_none_or(|r| v < r)
    }
}

const fn always(name: &'static str) -> Field {
    Field { name, added: None, removed: None, instead: None }
}

const fn added(name: &'static str, major: u16, minor: u16, patch: u16) -> Field {
    Field { name, added: Some(Release(major, minor, patch)), removed: None, instead: None }
}

const fn removed(name: &'static str, minor: u16, patch: u16, instead: &'static str) -> Field {
    Field { name, added: None, removed: Some(Release(0, minor, patch)), instead: Some(instead) }
}

/// Every task field of every supported release.
pub const TASK_FIELDS: [Field; 51] = [
    always("nodes"),
    added("groups", 0, 21, 2),
    always("type"),
    always("name"),
    always("image"),
    always("user"),
    always("privileged"),
    always("entrypoint"),
    always("working_dir"),
    always("home_dir"),
    always("registry_auth"),
    always("python"),
    always("nvcc"),
    added("single_branch", 0, 18, 40),
    always("env"),
    added("shell", 0, 19, 5),
    always("setup"),
    always("resources"),
    added("priority", 0, 19, 10),
    always("volumes"),
    added("docker", 0, 19, 16),
    added("repos", 0, 19, 26),
    added("files", 0, 19, 17),
    added("dstack", 0, 20, 28),
    always("ports"),
    always("commands"),
    always("backends"),
    always("regions"),
    added("availability_zones", 0, 18, 41),
    always("instance_types"),
    always("reservation"),
    always("spot_policy"),
    always("retry"),
    always("max_duration"),
    added("stop_duration", 0, 18, 38),
    always("max_price"),
    always("creation_policy"),
    always("idle_duration"),
    added("utilization_policy", 0, 18, 44),
    added("startup_order", 0, 19, 12),
    added("stop_criteria", 0, 19, 12),
    added("schedule", 0, 19, 21),
    added("fleets", 0, 19, 3),
    added("instances", 0, 20, 25),
    added("tags", 0, 19, 5),
    added("backend_options", 0, 20, 22),
    removed("termination_policy", 20, 0, "use `idle_duration` (`off` never terminates the instance)"),
    removed("termination_idle_time", 20, 0, "use `idle_duration`"),
    removed("pool_name", 20, 0, "use `fleets` to choose the fleets whose instances the run may use"),
    removed("instance_name", 20, 0, "use `instances` to choose the instances the run may use"),
    removed("retry_policy", 20, 0, "use `retry` (`retry: true`, or `on_events` and `duration`)"),
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

/// Every service field of every supported release.
pub const SERVICE_FIELDS: [Field; 59] = [
    always("port"),
    always("gateway"),
    added("strip_prefix", 0, 18, 40),
    always("model"),
    always("https"),
    always("auth"),
    always("scaling"),
    added("rate_limits", 0, 19, 4),
    added("probes", 0, 19, 22),
    always("replicas"),
    // After 0.21.2, the last tag of the mirrored history; 0.22.5 has it.
    added("groups", 0, 22, 0),
    always("type"),
    always("name"),
    always("image"),
    always("user"),
    always("privileged"),
    always("entrypoint"),
    always("working_dir"),
    always("home_dir"),
    always("registry_auth"),
    always("python"),
    always("nvcc"),
    added("single_branch", 0, 18, 40),
    always("env"),
    added("shell", 0, 19, 5),
    always("setup"),
    always("resources"),
    added("priority", 0, 19, 10),
    always("volumes"),
    added("docker", 0, 19, 16),
    added("repos", 0, 19, 26),
    added("files", 0, 19, 17),
    added("dstack", 0, 20, 28),
    always("commands"),
    always("backends"),
    always("regions"),
    added("availability_zones", 0, 18, 41),
    always("instance_types"),
    always("reservation"),
    always("spot_policy"),
    always("retry"),
    always("max_duration"),
    added("stop_duration", 0, 18, 38),
    always("max_price"),
    always("creation_policy"),
    always("idle_duration"),
    added("utilization_policy", 0, 18, 44),
    added("startup_order", 0, 19, 12),
    added("stop_criteria", 0, 19, 12),
    added("schedule", 0, 19, 21),
    added("fleets", 0, 19, 3),
    added("instances", 0, 20, 25),
    added("tags", 0, 19, 5),
    added("backend_options", 0, 20, 22),
    removed("termination_policy", 20, 0, "use `idle_duration` (`off` never terminates the instance)"),
    removed("termination_idle_time", 20, 0, "use `idle_duration`"),
    removed("pool_name", 20, 0, "use `fleets` to choose the fleets whose instances the run may use"),
    removed("instance_name", 20, 0, "use `instances` to choose the instances the run may use"),
    removed("retry_policy", 20, 0, "use `retry` (`retry: true`, or `on_events` and `duration`)"),
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

/// Every field of `ty` in every supported release.
pub fn fields_of(ty: ConfigType) -> &'static [Field] {
    match ty {
        ConfigType::Task => &TASK_FIELDS,
        ConfigType::Service => &SERVICE_FIELDS,
        _ => &[],
    }
}

/// The top-level fields of `ty` under `version`, in the order its normalized JSON prints them.
pub fn field_order(ty: ConfigType, version: DstackVersion) -> &'static [&'static str] {
    match ty {
        ConfigType::Task => task_field_order(version),
        ConfigType::Service => match version {
            V0_18_37 => &SERVICE_ORDER_0_18_37,
            V0_22_5 => &SERVICE_ORDER_0_22_5,
        },
        _ => &[],
    }
}

/// The row of a field of `ty` that `version` does not have but another release did or does.
pub fn other_release_field(ty: ConfigType, version: DstackVersion, name: &str) -> Option<&'static Field> {
    fields_of(ty).iter().find(|f| f.name == name && !f.applies(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_release_prints_exactly_the_fields_it_has() {
        for ty in ConfigType::ALL {
            for v in DstackVersion::SUPPORTED.into_iter().filter(|v| ty.exists_in(*v)) {
                let mut printed: Vec<&str> = field_order(ty, v).to_vec();
                let mut has: Vec<&str> = fields_of(ty).iter().filter(|f| f.applies(v)).map(|f| f.name).collect();
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
}
