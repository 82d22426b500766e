//! The typed view of a fleet (§5.4 of the types spec): what `dstack apply`, the server, the
//! warnings and the effective view read of a parsed `type: fleet`.

use super::config::Spanned;
use crate::json::Json;

/// `type: fleet`: a cloud fleet (`nodes`) or an SSH fleet (`ssh_config`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fleet {
    /// `name`.
    pub name: Spanned<Option<String>>,
    /// `env`: the variables' names (dstack applies them to SSH fleets only).
    pub env: Spanned<Vec<String>>,
    /// `ssh_config`; `None` for a cloud fleet.
    pub ssh_config: Spanned<Option<SshConfig>>,
    /// `nodes`.
    pub nodes: Spanned<Option<FleetNodes>>,
    /// `placement`: `any` or `cluster`.
    pub placement: Spanned<Option<String>>,
    /// `blocks` (0.22.5; `None` in 0.18.37).
    pub blocks: Spanned<Option<Blocks>>,
    /// `resources` as dstack prints it (0.18.37 fills in its defaults).
    pub resources: Spanned<Option<Json>>,
    /// `backends`.
    pub backends: Spanned<Option<Vec<String>>>,
    /// `spot_policy`.
    pub spot_policy: Spanned<Option<String>>,
    /// `idle_duration` in seconds (`-1`: `off`).
    pub idle_duration: Spanned<Option<i128>>,
    /// `termination_policy` (0.18.37).
    pub termination_policy: Spanned<Option<String>>,
    /// `termination_idle_time` in seconds (0.18.37).
    pub termination_idle_time: Spanned<Option<i128>>,
    /// The fields of a cloud fleet that are set (not null), in dstack's order
    /// (`BackendFleetConfiguraionProps`), each with where it is written.
    pub cloud_fields: Vec<Spanned<&'static str>>,
}

/// The cloud-fleet fields of dstack 0.22.5's `BackendFleetConfiguraionProps`, in its order.
pub const CLOUD_FIELDS: [&str; 13] = [
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
];

/// `nodes`: the instance counts (0.18.37's range has no `target`; a bound may be missing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FleetNodes {
    /// `min` (0.22.5: 0 when not written).
    pub min: Option<i128>,
    /// The count provisioned on apply: `target`, else `min` (0.18.37 has no `target`).
    pub target: Option<i128>,
    /// `max`; `None`: unlimited.
    pub max: Option<i128>,
}

/// `blocks`: how many pieces an instance is split into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocks {
    /// As many as the instance's GPUs and CPUs allow.
    Auto,
    /// A fixed number.
    Count(i128),
}

/// `ssh_config`: the hosts of an SSH fleet and the parameters they share.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SshConfig {
    /// `user`.
    pub user: Spanned<Option<String>>,
    /// `port`.
    pub port: Spanned<Option<i128>>,
    /// `identity_file`.
    pub identity_file: Spanned<Option<String>>,
    /// `ssh_key` is written.
    pub ssh_key: Spanned<bool>,
    /// The hostname of `proxy_jump` (0.22.5), the bastion every host is reached through.
    pub proxy_jump: Spanned<Option<String>>,
    /// `network`.
    pub network: Spanned<Option<String>>,
    /// `hosts`.
    pub hosts: Spanned<Vec<Spanned<SshHost>>>,
}

/// One `hosts` item: a hostname, or an object with its own parameters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SshHost {
    /// `hostname` (the item itself for a plain hostname).
    pub hostname: String,
    /// `port`.
    pub port: Option<i128>,
    /// `user`.
    pub user: Option<String>,
    /// `identity_file`.
    pub identity_file: Option<String>,
    /// `ssh_key` is written.
    pub ssh_key: bool,
    /// `internal_ip`.
    pub internal_ip: Option<String>,
    /// The hostname of the host's own `proxy_jump` (0.22.5).
    pub proxy_jump: Option<String>,
    /// `blocks` (0.22.5).
    pub blocks: Option<Blocks>,
}

impl Blocks {
    /// Reads dstack's JSON of `blocks` (`"auto"` or a number).
    pub fn from_json(v: &Json) -> Option<Blocks> {
        match v {
            Json::Str(s) if s == "auto" => Some(Blocks::Auto),
            other => other.as_int_clamped().map(Blocks::Count),
        }
    }

    /// dstack's JSON of it.
    pub fn to_json(self) -> Json {
        match self {
            Blocks::Auto => Json::str("auto"),
            Blocks::Count(n) => Json::Int(n),
        }
    }
}
