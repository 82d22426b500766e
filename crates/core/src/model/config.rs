//! The typed view of a configuration dstack's parser accepts: what the rules after parsing read
//! (`dstack apply`, the server, warnings, the effective view, the offer estimate), with the source
//! range of each value carried along.
//!
//! Shaped like dstack's own models (`versions-and-types.md` §2–§5): the fields every run
//! configuration shares ([`RunConfiguration`], with the profile fields in [`Profile`]) and one part
//! per type ([`Task`]); service, dev-environment, fleet, gateway, volume and preset become more
//! variants of [`Configuration`]. A field that exists only in some dstack versions (`stop_duration`
//! since 0.22, `termination_policy` until 0.18) is a `Spanned<Option<T>>` in the part it belongs
//! to, left `None` by the versions without it; a value whose shape changed (`resources.cpu`,
//! fleet `nodes`) gets one type that holds both shapes.

use super::ConfigType;
pub use super::fleet_view::{Blocks, CLOUD_FIELDS, Fleet, FleetNodes, SshConfig, SshHost};
use crate::Range;
use crate::json::Json;

/// A value with where it was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spanned<T> {
    /// The value, after dstack's normalization (a default when the field is not written).
    pub value: T,
    /// The value's source range; for a value inside a shorter form (`gpu: A100:2`, `- v:/data`)
    /// the range of that form, and for a default the range of the nearest enclosing value.
    pub range: Range,
    /// The range of the field's key, when the field is written as `key: value`.
    pub key: Option<Range>,
}

impl<T> Spanned<T> {
    /// True when the field is written in the source.
    pub fn is_written(&self) -> bool {
        self.key.is_some()
    }
}

/// A configuration of one of dstack's types.
#[derive(Clone, Debug, PartialEq)]
pub enum Configuration {
    /// `type: task`.
    Task(Task),
    /// `type: service`.
    Service(Service),
    /// `type: dev-environment`.
    DevEnvironment(DevEnvironment),
    /// `type: fleet`.
    Fleet(Fleet),
    /// `type: gateway`.
    Gateway(GatewayConfig),
    /// `type: volume`.
    Volume(VolumeConfig),
    /// A type that starts no run and has no typed view (preset).
    Other(ConfigType),
}

impl Configuration {
    /// The type.
    pub fn config_type(&self) -> ConfigType {
        match self {
            Configuration::Task(_) => ConfigType::Task,
            Configuration::Service(_) => ConfigType::Service,
            Configuration::DevEnvironment(_) => ConfigType::DevEnvironment,
            Configuration::Fleet(_) => ConfigType::Fleet,
            Configuration::Gateway(_) => ConfigType::Gateway,
            Configuration::Volume(_) => ConfigType::Volume,
            Configuration::Other(ty) => *ty,
        }
    }

    /// The run fields, for the types that start a run.
    pub fn run(&self) -> Option<&RunConfiguration> {
        match self {
            Configuration::Task(t) => Some(&t.run),
            Configuration::Service(s) => Some(&s.run),
            Configuration::DevEnvironment(d) => Some(&d.run),
            Configuration::Fleet(_)
            | Configuration::Gateway(_)
            | Configuration::Volume(_)
            | Configuration::Other(_) => None,
        }
    }
}

/// `type: gateway` (§5.5): the proxy in front of services, with its domain and certificate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GatewayConfig {
    /// `name`.
    pub name: Spanned<Option<String>>,
    /// `default`: 0.18.37 always has it (false when not written); 0.22.5 `None` when not written.
    pub default: Spanned<Option<bool>>,
    /// `backend`.
    pub backend: Spanned<String>,
    /// `region`.
    pub region: Spanned<String>,
    /// `instance_type` (0.22.5).
    pub instance_type: Spanned<Option<String>>,
    /// `domain`: the wildcard domain of the services' URLs.
    pub domain: Spanned<Option<String>>,
    /// `public_ip`.
    pub public_ip: Spanned<bool>,
    /// `load_balancer` (0.22.5): its `type` (`alb`).
    pub load_balancer: Spanned<Option<String>>,
    /// `certificate`: `None` for `certificate: null` (no HTTPS).
    pub certificate: Spanned<Option<Certificate>>,
    /// `replicas` (0.22.5); `None` when not written (one instance).
    pub replicas: Spanned<Option<i128>>,
}

/// A gateway's SSL certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Certificate {
    /// `type: lets-encrypt`: issued automatically.
    LetsEncrypt,
    /// `type: acm`: AWS Certificate Manager's, by ARN.
    Acm(String),
    /// `type: gcp-cm` (0.22.5): Google Cloud Certificate Manager's, by resource name.
    GcpCm(String),
}

impl Certificate {
    /// The `type` tag.
    pub fn tag(&self) -> &'static str {
        match self {
            Certificate::LetsEncrypt => "lets-encrypt",
            Certificate::Acm(_) => "acm",
            Certificate::GcpCm(_) => "gcp-cm",
        }
    }
}

/// `type: volume` (§5.6): a network volume to create, or an existing one to register.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeConfig {
    /// `name`.
    pub name: Spanned<Option<String>>,
    /// `backend`.
    pub backend: Spanned<String>,
    /// `region`; `None` for the 0.22.5 backends without regions (Daytona, Lium).
    pub region: Spanned<Option<String>>,
    /// `size` in GB.
    pub size: Spanned<Option<f64>>,
    /// `volume_id`: the existing volume to register.
    pub volume_id: Spanned<Option<String>>,
    /// `availability_zone` (0.22.5, AWS and GCP).
    pub availability_zone: Spanned<Option<String>>,
    /// `auto_cleanup_duration` in seconds (0.22.5); -1 is `off`.
    pub auto_cleanup_duration: Spanned<Option<i128>>,
    /// `claim_name` (0.22.5, Kubernetes): the existing claim to register.
    pub claim_name: Spanned<Option<String>>,
}

impl VolumeConfig {
    /// The identifier of the existing volume it registers (`volume_id`, or a Kubernetes
    /// `claim_name`): dstack's `external_volume_id`.
    pub fn external_id(&self) -> Option<&Spanned<Option<String>>> {
        [&self.volume_id, &self.claim_name].into_iter().find(|s| s.value.is_some())
    }
}

/// `type: service` (§5.2): a run configuration that serves `port` on one or more replicas.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    /// The fields shared with tasks and dev environments.
    pub run: RunConfiguration,
    /// `port`: the port the service listens on, and the one it is published on.
    pub port: Spanned<Port>,
    /// `commands`.
    pub commands: Spanned<Vec<Spanned<String>>>,
    /// `replicas`: 0.18.37 always has a range (default 1..1); 0.22.5 `None` when not set.
    pub replicas: Spanned<Option<Bounds<i128>>>,
    /// `scaling` is set.
    pub scaling: Spanned<bool>,
    /// `groups` (since 0.22): the replica groups; `None` for a service without groups.
    pub groups: Spanned<Option<Vec<Spanned<ReplicaGroup>>>>,
    /// What only services have beyond the port, replicas and groups (boxed: a service is
    /// already the largest configuration).
    pub details: Box<ServiceDetails>,
}

/// A service's settings beyond the port, replicas and groups: how it is published and probed,
/// its schedule and scaling target.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceDetails {
    /// `gateway`: which gateway publishes the service.
    pub gateway: Spanned<Gateway>,
    /// `https`: `None` when not set (0.22.5; 0.18.37 always has a value).
    pub https: Spanned<Option<Https>>,
    /// `auth`: requests need the user's dstack token.
    pub auth: Spanned<bool>,
    /// `model`: the name of the model the OpenAI-compatible endpoint serves.
    pub model: Spanned<Option<String>>,
    /// `rate_limits` (0.22.5): how many limits are set.
    pub rate_limits: Spanned<usize>,
    /// `probes` (0.22.5); `None` when not set (the default probes).
    pub probes: Spanned<Option<Vec<Spanned<Probe>>>>,
    /// `schedule` (0.22.5) is set.
    pub scheduled: Spanned<bool>,
    /// `strip_prefix` (0.22.5; true when not set).
    pub strip_prefix: Spanned<bool>,
    /// `scaling.target`: requests per second per replica.
    pub scaling_target: Spanned<Option<f64>>,
}

/// A probe of a service (0.22.5): the texts `dstack apply` interpolates, and its timeout.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Probe {
    /// `url`.
    pub url: Spanned<Option<String>>,
    /// `body`.
    pub body: Spanned<Option<String>>,
    /// The `value` of each of its `headers`.
    pub header_values: Vec<Spanned<String>>,
    /// `timeout` in seconds.
    pub timeout: Option<i128>,
}

/// A service's `gateway`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Gateway {
    /// Not set: the project's default gateway if it has one, else none.
    #[default]
    ProjectDefault,
    /// `true` (0.22.5): the project's default gateway, which must exist.
    Required,
    /// `false`: no gateway; the dstack server proxies the service.
    Without,
    /// A gateway by name (`name` or `project/name`).
    Named(String),
}

/// A service's `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Https {
    /// `true`.
    On,
    /// `false`.
    Off,
    /// `auto` (0.22.5): as the gateway's certificate allows.
    Auto,
}

/// A `groups` item of a service (since 0.22): replicas with resources and image of their own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplicaGroup {
    /// `name` (dstack names an unnamed group by its position).
    pub name: String,
    /// `replicas`.
    pub replicas: Bounds<i128>,
    /// `resources`: the group's own (the service's are not inherited).
    pub resources: Spanned<Resources>,
    /// `spot_policy`.
    pub spot_policy: Spanned<Option<SpotPolicy>>,
    /// `reservation`.
    pub reservation: Spanned<Option<String>>,
    /// `image`.
    pub image: Spanned<Option<String>>,
    /// `docker`.
    pub docker: Spanned<Option<bool>>,
    /// `privileged`.
    pub privileged: Spanned<Option<bool>>,
    /// `commands`.
    pub commands: Spanned<Vec<Spanned<String>>>,
}

/// `type: dev-environment` (§5.3): a run configuration with an IDE.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DevEnvironment {
    /// The fields shared with tasks and services.
    pub run: RunConfiguration,
    /// `ide` (0.22.5: `None` for SSH only).
    pub ide: Spanned<Option<String>>,
    /// `version`: the IDE's version (a commit for VS Code and Cursor, `version@commit` for Windsurf).
    pub version: Spanned<Option<String>>,
    /// `ports`.
    pub ports: Spanned<Vec<Spanned<Port>>>,
    /// `init`: commands run before the IDE starts.
    pub init: Spanned<Vec<Spanned<String>>>,
    /// `inactivity_duration` in seconds (0.22.5); `None`: never stopped for inactivity.
    pub inactivity_duration: Spanned<Option<i128>>,
}

/// `type: task` (§5.1): a run configuration with commands, ports and nodes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Task {
    /// The fields shared with services and dev environments.
    pub run: RunConfiguration,
    /// `nodes`.
    pub nodes: Spanned<i128>,
    /// `ports`.
    pub ports: Spanned<Vec<Spanned<Port>>>,
    /// `commands`.
    pub commands: Spanned<Vec<Spanned<String>>>,
    /// `groups` (since 0.22): the node groups; `None` for a task without groups.
    pub groups: Spanned<Option<Vec<Spanned<NodeGroup>>>>,
}

impl Task {
    /// The node groups that run: `groups`, or the whole task as its one group (dstack's
    /// `node_groups`), named `None` then.
    pub fn node_groups(&self) -> Vec<GroupView<'_>> {
        match &self.groups.value {
            Some(groups) => groups
                .iter()
                .map(|g| GroupView {
                    name: Some(g.value.name.as_str()),
                    nodes: g.value.nodes,
                    resources: &g.value.resources,
                    commands: &g.value.commands,
                })
                .collect(),
            None => vec![GroupView {
                name: None,
                nodes: self.nodes.value,
                resources: &self.run.resources,
                commands: &self.commands,
            }],
        }
    }
}

/// A `groups` item of a task (since 0.22).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeGroup {
    /// `name` (dstack names an unnamed group by its position).
    pub name: String,
    /// `nodes`.
    pub nodes: i128,
    /// `resources`: the group's own (the task's are not inherited).
    pub resources: Spanned<Resources>,
    /// `commands`.
    pub commands: Spanned<Vec<Spanned<String>>>,
}

/// One node group of a task as the server plans it (see [`Task::node_groups`]).
#[derive(Clone, Copy, Debug)]
pub struct GroupView<'a> {
    /// The group's name; `None` for a task without `groups`.
    pub name: Option<&'a str>,
    /// Its nodes.
    pub nodes: i128,
    /// Its resources.
    pub resources: &'a Spanned<Resources>,
    /// Its commands.
    pub commands: &'a Spanned<Vec<Spanned<String>>>,
}

/// The fields of every run configuration (task, service, dev-environment), §2.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunConfiguration {
    /// `name`: the run name.
    pub name: Spanned<Option<String>>,
    /// `image`.
    pub image: Spanned<Option<String>>,
    /// `user`.
    pub user: Spanned<Option<String>>,
    /// `privileged`.
    pub privileged: Spanned<bool>,
    /// `docker` (since 0.19): Docker in Docker with dstack's own image.
    pub docker: Spanned<Option<bool>>,
    /// `entrypoint`.
    pub entrypoint: Spanned<Option<String>>,
    /// `working_dir`.
    pub working_dir: Spanned<Option<String>>,
    /// `home_dir` (deprecated, no effect).
    pub home_dir: Spanned<String>,
    /// `registry_auth`.
    pub registry_auth: Spanned<Option<RegistryAuth>>,
    /// `python`, as dstack normalizes it (`"3.10"`).
    pub python: Spanned<Option<String>>,
    /// `nvcc`.
    pub nvcc: Spanned<Option<bool>>,
    /// `env`, in order.
    pub env: Spanned<Vec<EnvVar>>,
    /// `setup` (deprecated).
    pub setup: Spanned<Vec<Spanned<String>>>,
    /// `resources`.
    pub resources: Spanned<Resources>,
    /// `volumes`.
    pub volumes: Spanned<Vec<Spanned<Volume>>>,
    /// The profile fields (§3).
    pub profile: Profile,
}

/// The profile fields of run configurations, §3.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    /// `backends`.
    pub backends: Spanned<Option<Vec<String>>>,
    /// `regions`.
    pub regions: Spanned<Option<Vec<String>>>,
    /// `instance_types`.
    pub instance_types: Spanned<Option<Vec<String>>>,
    /// `reservation`.
    pub reservation: Spanned<Option<String>>,
    /// `spot_policy`.
    pub spot_policy: Spanned<Option<SpotPolicy>>,
    /// `retry`.
    pub retry: Spanned<Option<Retry>>,
    /// `max_duration`.
    pub max_duration: Spanned<Option<MaxDuration>>,
    /// `max_price`, USD per hour.
    pub max_price: Spanned<Option<f64>>,
    /// `creation_policy`.
    pub creation_policy: Spanned<Option<CreationPolicy>>,
    /// `idle_duration` in seconds; negative: never terminate.
    pub idle_duration: Spanned<Option<i128>>,
    /// `termination_policy` (0.18.37 only), `dont-destroy` or `destroy-after-idle`.
    pub termination_policy: Spanned<Option<String>>,
    /// `termination_idle_time` in seconds (0.18.37 only).
    pub termination_idle_time: Spanned<Option<i128>>,
    /// `pool_name` (0.18.37 only).
    pub pool_name: Spanned<Option<String>>,
    /// `instance_name` (0.18.37 only).
    pub instance_name: Spanned<Option<String>>,
    /// `retry_policy` (0.18.37 only).
    pub retry_policy: Spanned<Option<RetryPolicy>>,
    /// `availability_zones` (since 0.19).
    pub availability_zones: Spanned<Option<Vec<String>>>,
    /// `fleets` (since 0.19): how many fleets are named.
    pub fleets: Spanned<Option<usize>>,
    /// `instances` (since 0.20): how many instances are listed.
    pub instances: Spanned<Option<usize>>,
    /// `utilization_policy.time_window` in seconds (since 0.19).
    pub utilization_window: Spanned<Option<i128>>,
}

impl Profile {
    /// `spot_policy`, or a run's default when it is not set (tasks and services: on-demand).
    pub fn effective_spot_policy(&self) -> SpotPolicy {
        self.spot_policy.value.unwrap_or(SpotPolicy::OnDemand)
    }
}

/// `registry_auth`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegistryAuth {
    /// `username`.
    pub username: Spanned<String>,
    /// `password`.
    pub password: Spanned<String>,
}

/// One `env` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct EnvVar {
    /// The variable's name.
    pub name: String,
    /// Its value.
    pub value: EnvValue,
}

/// The value of an `env` entry.
#[derive(Clone, Debug, PartialEq)]
pub enum EnvValue {
    /// A value written in the configuration.
    Text(String),
    /// `- NAME` (or `{key: NAME}`): taken from the shell of `dstack apply`.
    FromShell(String),
}

/// An inclusive range; a `None` bound is open.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds<T> {
    /// Lower bound.
    pub min: Option<T>,
    /// Upper bound.
    pub max: Option<T>,
}

impl<T: Copy + Into<Json>> Bounds<T> {
    /// dstack's `{"min": …, "max": …}`.
    pub fn to_json(&self) -> Json {
        Json::Object(vec![("min".into(), Json::opt(self.min)), ("max".into(), Json::opt(self.max))])
    }
}

impl Bounds<i128> {
    /// The bounds as numbers.
    pub fn as_f64(&self) -> Bounds<f64> {
        Bounds { min: self.min.map(|v| v as f64), max: self.max.map(|v| v as f64) }
    }
}

/// `resources` (§4).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resources {
    /// `cpu`: vCPUs.
    pub cpu: Bounds<i128>,
    /// `cpu.arch` (since 0.19): `x86` or `arm`, with the range of `cpu`; `None` when not set.
    pub cpu_arch: Option<Spanned<String>>,
    /// `memory`: RAM, GB.
    pub memory: Bounds<f64>,
    /// `shm_size`, GB.
    pub shm_size: Option<f64>,
    /// `gpu`; `None`: no GPU requirement at all.
    pub gpu: Option<Spanned<Gpu>>,
    /// `disk.size`, GB; `None` for `disk: null`.
    pub disk: Option<Bounds<f64>>,
}

impl Resources {
    /// dstack's normalized `resources` object.
    pub fn to_json(&self) -> Json {
        let disk = self.disk.map_or(Json::Null, |d| Json::Object(vec![("size".into(), d.to_json())]));
        Json::Object(vec![
            ("cpu".into(), self.cpu.to_json()),
            ("memory".into(), self.memory.to_json()),
            ("shm_size".into(), Json::opt(self.shm_size)),
            ("gpu".into(), self.gpu.as_ref().map_or(Json::Null, |g| g.value.to_json())),
            ("disk".into(), disk),
        ])
    }
}

/// `resources.gpu`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gpu {
    /// `vendor` as written (lower case), before `dstack apply`'s inference.
    pub vendor: Option<String>,
    /// `name`: alternatives (a `tpu-` prefix already removed).
    pub name: Option<Vec<String>>,
    /// `count`.
    pub count: Bounds<i128>,
    /// `memory` per GPU, GB.
    pub memory: Option<Bounds<f64>>,
    /// `total_memory`, GB.
    pub total_memory: Option<Bounds<f64>>,
    /// `compute_capability` (major, minor).
    pub compute_capability: Option<(i128, i128)>,
}

impl Gpu {
    /// dstack's normalized `gpu` object.
    pub fn to_json(&self) -> Json {
        let bounds = |b: &Option<Bounds<f64>>| b.as_ref().map_or(Json::Null, Bounds::to_json);
        Json::Object(vec![
            ("vendor".into(), Json::opt(self.vendor.clone())),
            ("name".into(), self.name.as_deref().map_or(Json::Null, strings_json)),
            ("count".into(), self.count.to_json()),
            ("memory".into(), bounds(&self.memory)),
            ("total_memory".into(), bounds(&self.total_memory)),
            (
                "compute_capability".into(),
                self.compute_capability.map_or(Json::Null, |(a, b)| Json::Array(vec![Json::Int(a), Json::Int(b)])),
            ),
        ])
    }
}

/// A `volumes` item.
#[derive(Clone, Debug, PartialEq)]
pub enum Volume {
    /// A network volume: `name:/path` or `{name, path}`.
    Network {
        /// The volume's name, or names to choose from.
        name: VolumeName,
        /// Mount path in the container.
        path: Spanned<String>,
    },
    /// A folder of the instance: `/host:/path` or `{instance_path, path}`.
    Instance {
        /// Path on the instance.
        instance_path: String,
        /// `optional` (since 0.19): the run starts without the folder where the instance lacks it.
        optional: bool,
        /// Mount path in the container.
        path: Spanned<String>,
    },
}

impl Volume {
    /// The mount path in the container.
    pub fn path(&self) -> &Spanned<String> {
        match self {
            Volume::Network { path, .. } | Volume::Instance { path, .. } => path,
        }
    }

    /// dstack's normalized volume object.
    pub fn to_json(&self) -> Json {
        let path = ("path".into(), Json::str(self.path().value.as_str()));
        match self {
            Volume::Network { name: VolumeName::One(n), .. } => Json::Object(vec![("name".into(), Json::str(n)), path]),
            Volume::Network { name: VolumeName::AnyOf(names), .. } => {
                Json::Object(vec![("name".into(), strings_json(names)), path])
            }
            Volume::Instance { instance_path, .. } => {
                Json::Object(vec![("instance_path".into(), Json::str(instance_path)), path])
            }
        }
    }
}

/// The `name` of a network volume.
#[derive(Clone, Debug, PartialEq)]
pub enum VolumeName {
    /// One volume.
    One(String),
    /// The first available of these.
    AnyOf(Vec<String>),
}

/// A `ports` item.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Port {
    /// Local port (`None`: `*`, any free port).
    pub local_port: Option<i128>,
    /// Port in the container.
    pub container_port: i128,
}

impl Port {
    /// A container port in dstack's reserved range 10000–10999, which the runner does not forward.
    pub fn is_reserved(&self) -> bool {
        (10000..=10999).contains(&self.container_port)
    }

    /// dstack's normalized port mapping.
    pub fn to_json(&self) -> Json {
        Json::Object(vec![
            ("local_port".into(), Json::opt(self.local_port)),
            ("container_port".into(), Json::Int(self.container_port)),
        ])
    }
}

/// `spot_policy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpotPolicy {
    /// `spot`.
    Spot,
    /// `on-demand`.
    OnDemand,
    /// `auto`.
    Auto,
}

impl SpotPolicy {
    /// The value as written.
    pub fn as_str(self) -> &'static str {
        match self {
            SpotPolicy::Spot => "spot",
            SpotPolicy::OnDemand => "on-demand",
            SpotPolicy::Auto => "auto",
        }
    }
}

/// `creation_policy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreationPolicy {
    /// `reuse`: only existing instances.
    Reuse,
    /// `reuse-or-create`.
    ReuseOrCreate,
}

impl CreationPolicy {
    /// The value as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CreationPolicy::Reuse => "reuse",
            CreationPolicy::ReuseOrCreate => "reuse-or-create",
        }
    }
}

/// `retry`.
#[derive(Clone, Debug, PartialEq)]
pub enum Retry {
    /// `retry: true` / `false`.
    Flag(bool),
    /// `{on_events, duration}`.
    Events {
        /// `on_events`.
        on_events: Vec<String>,
        /// `duration` in seconds.
        duration: Option<i128>,
    },
}

/// `retry_policy` (0.18.37's hidden legacy form).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// `retry`.
    pub retry: bool,
    /// `duration` in seconds.
    pub duration: Option<i128>,
}

/// `max_duration`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxDuration {
    /// `off`: no limit.
    Off,
    /// A limit in seconds.
    Seconds(i128),
}

/// A JSON list of strings.
pub fn strings_json(items: &[String]) -> Json {
    Json::Array(items.iter().map(|s| Json::str(s.as_str())).collect())
}
