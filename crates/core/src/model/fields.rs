//! Which task fields each dstack release has, and in which order its JSON prints them.
//!
//! One row per field that ever existed: `since` is the first supported release that accepts it,
//! `until` the first one that no longer does (the key is then an unknown field). The output order
//! is pydantic's declaration order, which follows each release's class hierarchy, so it is listed
//! per release; a test keeps both in agreement.

use crate::version::DstackVersion;
use DstackVersion::{V0_18_37, V0_22_5};

/// One task field and the releases it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The YAML key and JSON name.
    pub name: &'static str,
    /// The first supported release that has the field.
    pub since: DstackVersion,
    /// The first supported release that no longer has it.
    pub until: Option<DstackVersion>,
}

impl Field {
    /// True when `version` has this field.
    pub fn applies(&self, version: DstackVersion) -> bool {
        version >= self.since && self.until.is_none_or(|u| version < u)
    }
}

const fn always(name: &'static str) -> Field {
    Field { name, since: V0_18_37, until: None }
}

const fn since(name: &'static str, since: DstackVersion) -> Field {
    Field { name, since, until: None }
}

const fn until(name: &'static str, until: DstackVersion) -> Field {
    Field { name, since: V0_18_37, until: Some(until) }
}

/// Every task field of every supported release.
pub const TASK_FIELDS: [Field; 51] = [
    always("nodes"),
    since("groups", V0_22_5),
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
    since("single_branch", V0_22_5),
    always("env"),
    since("shell", V0_22_5),
    always("setup"),
    always("resources"),
    since("priority", V0_22_5),
    always("volumes"),
    since("docker", V0_22_5),
    since("repos", V0_22_5),
    since("files", V0_22_5),
    since("dstack", V0_22_5),
    always("ports"),
    always("commands"),
    always("backends"),
    always("regions"),
    since("availability_zones", V0_22_5),
    always("instance_types"),
    always("reservation"),
    always("spot_policy"),
    always("retry"),
    always("max_duration"),
    since("stop_duration", V0_22_5),
    always("max_price"),
    always("creation_policy"),
    always("idle_duration"),
    since("utilization_policy", V0_22_5),
    since("startup_order", V0_22_5),
    since("stop_criteria", V0_22_5),
    since("schedule", V0_22_5),
    since("fleets", V0_22_5),
    since("instances", V0_22_5),
    since("tags", V0_22_5),
    since("backend_options", V0_22_5),
    until("termination_policy", V0_22_5),
    until("termination_idle_time", V0_22_5),
    until("pool_name", V0_22_5),
    until("instance_name", V0_22_5),
    until("retry_policy", V0_22_5),
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

/// The task fields of `version`, in the order its normalized JSON prints them.
pub fn task_field_order(version: DstackVersion) -> &'static [&'static str] {
    match version {
        V0_18_37 => &super::FIELDS,
        V0_22_5 => &ORDER_0_22_5,
    }
}

/// True when `version` has the task field `name`.
pub fn has_task_field(version: DstackVersion, name: &str) -> bool {
    TASK_FIELDS.iter().any(|f| f.name == name && f.applies(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_release_prints_exactly_the_fields_it_has() {
        for v in DstackVersion::SUPPORTED {
            let mut printed: Vec<&str> = task_field_order(v).to_vec();
            let mut has: Vec<&str> = TASK_FIELDS.iter().filter(|f| f.applies(v)).map(|f| f.name).collect();
            printed.sort_unstable();
            has.sort_unstable();
            assert_eq!(printed, has, "{v}");
        }
    }

    #[test]
    fn removed_and_added_fields_say_so() {
        assert!(has_task_field(V0_18_37, "pool_name"));
        assert!(!has_task_field(V0_22_5, "pool_name"));
        assert!(!has_task_field(V0_18_37, "files"));
        assert!(has_task_field(V0_22_5, "files"));
    }
}
