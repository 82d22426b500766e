//! Reads the typed view ([`super::config`]) from dstack's normalized JSON, taking each value's
//! source range from the YAML document beside it. The one place that reads configuration fields
//! by name after validation: the validator calls it with the document, the offer estimate (which
//! is handed normalized JSON) without.

use super::ConfigType;
use super::config::{Blocks, CLOUD_FIELDS, Fleet, FleetNodes, SshConfig, SshHost};
use super::config::{
    Bounds, Certificate, Configuration, CreationPolicy, DevEnvironment, EnvValue, EnvVar, Gateway, GatewayConfig, Gpu,
    Https, MaxDuration, NodeGroup, Port, Probe, Profile, RegistryAuth, ReplicaGroup, Resources, Retry, RetryPolicy,
    RunConfiguration, Service, ServiceDetails, Spanned, SpotPolicy, Task, Volume, VolumeConfig, VolumeName,
};
use super::field_index::FieldIndex;
use crate::Range;
use crate::json::{Json, Key};
use crate::yaml::lower::Lower;
use crate::yaml::{Node, Value};

/// A normalized configuration of a type the typed view does not cover yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherType {
    /// The `type` as Python prints it (`None` when missing).
    pub type_name: String,
}

/// Where a value of the normalized JSON stands in the source: its node, when the source has one,
/// and the range to report (the nearest enclosing written value otherwise).
#[derive(Clone, Copy)]
struct Src<'a> {
    node: Option<&'a Node>,
    range: Range,
    /// The [`super::key_bit`]s of the mapping's keys (all set: not known), to rule out most of
    /// the fields the document does not write without a scan.
    key_bits: u64,
}

/// The default position, of a value without a source.
#[cfg(not(target_arch = "wasm32"))]
const NOWHERE: crate::Position = crate::Position { line: 0, column: 0 };

impl<'a> Src<'a> {
    /// No source: every range is the default one.
    #[cfg(not(target_arch = "wasm32"))]
    const NONE: Src<'static> = Src { node: None, range: Range { start: NOWHERE, end: NOWHERE }, key_bits: u64::MAX };

    /// The value at `key` of a mapping, and the range of that key when it is written.
    fn field(self, key: &str) -> (Option<Range>, Src<'a>) {
        let written = self.key_bits & super::key_bit(key) != 0;
        match self.node.filter(|_| written).and_then(|n| n.get(key)) {
            Some((k, v)) => (Some(k.span), Src { node: Some(v), range: v.span, key_bits: u64::MAX }),
            None => (None, Src { node: None, range: self.range, key_bits: u64::MAX }),
        }
    }

    /// The item `i` of a list (the whole value when it is not a list, e.g. a YAML set).
    fn item(self, i: usize) -> Src<'a> {
        match self.node.map(Node::value) {
            Some(Value::Seq(items)) => match items.get(i) {
                Some(n) => Src { node: Some(n), range: n.span, key_bits: u64::MAX },
                None => self,
            },
            _ => self,
        }
    }

    fn spanned<T>(self, value: T, key: Option<Range>) -> Spanned<T> {
        Spanned { value, range: self.range, key }
    }
}

/// The top level of a configuration the validator built with every field of its model, once
/// each and in the model's order: a field's entry is at its position in that order (a scan per
/// field was most of the reading).
#[derive(Clone, Copy)]
struct Ordered<'a> {
    entries: &'a [(Key, Json)],
    index: &'a FieldIndex,
}

impl<'a> Ordered<'a> {
    /// The value at `key`.
    fn get(self, key: &str) -> Option<&'a Json> {
        self.entries.get(self.index.position(key)?).map(|(_, v)| v)
    }
}

/// A JSON object paired with its place in the source.
#[derive(Clone, Copy)]
struct At<'a> {
    json: Option<&'a Json>,
    /// `json`'s entries by position, when it is a validated configuration's top level.
    ordered: Option<Ordered<'a>>,
    src: Src<'a>,
}

impl<'a> At<'a> {
    /// The non-null value at `key`, with its place (inlined in the native build only: at every
    /// field read, it grew the page's module).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn get(self, key: &str) -> (Option<Range>, At<'a>) {
        let (k, src) = self.src.field(key);
        let json = match self.ordered {
            Some(ordered) => ordered.get(key),
            None => self.json.and_then(|j| j.get(key)),
        };
        (k, At { json: json.filter(|v| !v.is_null()), ordered: None, src })
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn with<T>(self, key: &str, f: impl FnOnce(At<'a>) -> T) -> Spanned<T> {
        let (k, at) = self.get(key);
        let value = f(at);
        at.src.spanned(value, k)
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn string(self, key: &str) -> Spanned<Option<String>> {
        self.with(key, |a| a.json.and_then(Json::as_str).map(str::to_string))
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn int(self, key: &str) -> Spanned<Option<i128>> {
        self.with(key, |a| a.json.and_then(Json::as_int_clamped))
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn strings(self, key: &str) -> Spanned<Option<Vec<String>>> {
        self.with(key, |a| a.json.map(strings))
    }

    /// A list whose items are read by `f`.
    fn list<T>(self, key: &str, f: impl Fn(At<'a>) -> Option<T>) -> Spanned<Vec<Spanned<T>>> {
        self.with(key, |a| a.list_items(f))
    }

    /// The items of this list, each read by `f`.
    fn list_items<T>(self, f: impl Fn(At<'a>) -> Option<T>) -> Vec<Spanned<T>> {
        let items = self.json.and_then(Json::as_array).unwrap_or_default();
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let src = self.src.item(i);
                f(At { json: Some(item), ordered: None, src }).map(|v| src.spanned(v, None))
            })
            .collect()
    }
}

/// The strings of a JSON list (a normalized configuration has no other items there).
fn strings(v: &Json) -> Vec<String> {
    v.as_array().unwrap_or_default().iter().filter_map(Json::as_str).map(str::to_string).collect()
}

fn bounds<T>(v: Option<&Json>, num: impl Fn(&Json) -> Option<T>) -> Option<Bounds<T>> {
    let v = v.filter(|v| !v.is_null())?;
    Some(Bounds { min: get_at(v, 0, "min").and_then(&num), max: get_at(v, 1, "max").and_then(&num) })
}

/// Reads a normalized configuration; `root` is the YAML document it was validated from.
pub fn read(conf: &Json, root: Option<&Node>) -> Result<Configuration, OtherType> {
    let tag = conf.get("type").and_then(Json::as_str);
    match tag.and_then(ConfigType::from_tag) {
        Some(ty) => Ok(read_as(ty, conf, root, None)),
        None => Err(OtherType { type_name: tag.unwrap_or("None").to_string() }),
    }
}

/// [`read`] of the configuration the validator built from `root` as a `ty` (the type it
/// validated, not looked up again); `index`: its model's fields when the top level has each of
/// them once, in their order. Built where it is returned: the typed view is a few kilobytes, and
/// moving it was a tenth of the reading.
pub(super) fn read_validated(ty: ConfigType, conf: &Json, root: &Node, index: Option<&FieldIndex>) -> Configuration {
    read_as(ty, conf, Some(root), index)
}

/// `with` of [`read_validated`] of another release's configuration whose defaults are compared
/// with the selected release's (`across_versions`): of a run configuration only what
/// [`crate::effective::decided`] reads under `version` (the rest left empty), and no source
/// ranges. Native only: the page reads the whole view, its module is smaller so.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn read_compared<T>(
    conf: &Json,
    index: Option<&FieldIndex>,
    version: crate::DstackVersion,
    with: impl FnOnce(&Configuration) -> T,
) -> Option<T> {
    // One reading per kind of release, whose fields are known when compiling (a test at each
    // field left the compiler to look the fields up at run time).
    if version.pydantic2() {
        read_compared_as::<true, T>(conf, index, version, with)
    } else {
        read_compared_as::<false, T>(conf, index, version, with)
    }
}

/// [`read_compared`] of a pydantic 2 release (`PYDANTIC2`) or not: a pydantic 2 release takes a
/// task's jobs and its resources from the normalized JSON, names no image after `python` and
/// gives a service without commands a working directory, so none of them is read for it.
#[cfg(not(target_arch = "wasm32"))]
fn read_compared_as<const PYDANTIC2: bool, T>(
    conf: &Json,
    index: Option<&FieldIndex>,
    version: crate::DstackVersion,
    with: impl FnOnce(&Configuration) -> T,
) -> Option<T> {
    let ty = conf.get("type").and_then(Json::as_str).and_then(ConfigType::from_tag)?;
    let top = At { json: Some(conf), ordered: ordered(conf, index), src: Src::NONE };
    // Every field written out (no `..Default::default()`), and `run_compared` inlined natively:
    // the view is built where it is read, not moved there (it is kilobytes).
    let config = match ty {
        ConfigType::Task => Configuration::Task(Task {
            run: run_compared::<PYDANTIC2>(top, version),
            nodes: if PYDANTIC2 { Spanned::default() } else { nodes(top) },
            ports: Spanned::default(),
            commands: Spanned::default(),
            groups: Spanned::default(),
        }),
        ConfigType::Service => Configuration::Service(Service {
            run: run_compared::<PYDANTIC2>(top, version),
            port: Spanned::default(),
            // 0.18.37 gives a service without commands no working directory.
            commands: if PYDANTIC2 { Spanned::default() } else { commands(top) },
            replicas: Spanned::default(),
            scaling: Spanned::default(),
            groups: Spanned::default(),
            details: Box::default(),
        }),
        ConfigType::DevEnvironment => Configuration::DevEnvironment(DevEnvironment {
            run: run_compared::<PYDANTIC2>(top, version),
            ide: Spanned::default(),
            version: Spanned::default(),
            ports: Spanned::default(),
            init: Spanned::default(),
            inactivity_duration: Spanned::default(),
        }),
        ConfigType::Fleet => Configuration::Fleet(fleet_compared(top)),
        ConfigType::Gateway => {
            Configuration::Gateway(GatewayConfig { default: top.with("default", flag), ..GatewayConfig::default() })
        }
        _ => read_as(ty, conf, None, index),
    };
    Some(with(&config))
}

/// `conf`'s entries by position, when `index` has its fields.
fn ordered<'a>(conf: &'a Json, index: Option<&'a FieldIndex>) -> Option<Ordered<'a>> {
    match (conf, index) {
        (Json::Object(entries), Some(index)) => Some(Ordered { entries, index }),
        _ => None,
    }
}

fn read_as(ty: ConfigType, conf: &Json, root: Option<&Node>, index: Option<&FieldIndex>) -> Configuration {
    let key_bits = match root.map(Node::value) {
        Some(Value::Map(entries)) => {
            entries.iter().filter_map(|(k, _)| super::coerce::key_str(k)).fold(0, |bits, k| bits | super::key_bit(k))
        }
        _ => u64::MAX,
    };
    let src = Src { node: root, range: root.map(|r| r.span).unwrap_or_default(), key_bits };
    let top = At { json: Some(conf), ordered: ordered(conf, index), src };
    match ty {
        ConfigType::Task => Configuration::Task(task(top)),
        ConfigType::Service => Configuration::Service(service(top)),
        ConfigType::DevEnvironment => Configuration::DevEnvironment(DevEnvironment {
            run: run_configuration(top),
            ide: top.string("ide"),
            version: top.string("version"),
            ports: ports(top),
            init: top.list("init", |a| a.json.and_then(Json::as_str).map(str::to_string)),
            inactivity_duration: top.int("inactivity_duration"),
        }),
        ConfigType::Gateway => Configuration::Gateway(gateway(top)),
        ConfigType::Volume => Configuration::Volume(volume_config(top)),
        ConfigType::Fleet => Configuration::Fleet(fleet(top)),
        other => Configuration::Other(other),
    }
}

fn gateway(top: At) -> GatewayConfig {
    let text = |key: &str| top.with(key, |a| a.json.and_then(Json::as_str).unwrap_or_default().to_string());
    GatewayConfig {
        name: top.string("name"),
        default: top.with("default", flag),
        backend: text("backend"),
        region: text("region"),
        instance_type: top.string("instance_type"),
        domain: top.string("domain"),
        public_ip: top.with("public_ip", |a| flag(a).unwrap_or(true)),
        load_balancer: top.with("load_balancer", |a| a.json?.get("type")?.as_str().map(str::to_string)),
        certificate: top.with("certificate", |a| {
            let c = a.json?;
            let field = |k: &str| c.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
            match c.get("type").and_then(Json::as_str)? {
                "acm" => Some(Certificate::Acm(field("arn"))),
                "gcp-cm" => Some(Certificate::GcpCm(field("name"))),
                _ => Some(Certificate::LetsEncrypt),
            }
        }),
        replicas: top.int("replicas"),
    }
}

fn volume_config(top: At) -> VolumeConfig {
    VolumeConfig {
        name: top.string("name"),
        backend: top.with("backend", |a| a.json.and_then(Json::as_str).unwrap_or_default().to_string()),
        region: top.string("region"),
        size: top.with("size", |a| a.json.and_then(Json::as_f64)),
        volume_id: top.string("volume_id"),
        availability_zone: top.string("availability_zone"),
        auto_cleanup_duration: top.int("auto_cleanup_duration"),
        claim_name: top.string("claim_name"),
    }
}

/// A fleet's time in seconds: 0.18.37 prints `idle_duration` as text.
fn fleet_seconds(v: &Json) -> Option<i128> {
    match v {
        Json::Str(s) => s.parse::<i128>().ok(),
        other => other.as_int_clamped(),
    }
}

/// The fields of a fleet that [`crate::effective::decided`] reads (the rest left empty), as
/// [`run_compared`] reads a run: whether it has `ssh_config`, its `cpu` and `gpu` resources, its
/// spot policy and idle time.
#[cfg(not(target_arch = "wasm32"))]
fn fleet_compared(top: At) -> Fleet {
    Fleet {
        ssh_config: top.with("ssh_config", |a| a.json.map(|_| SshConfig::default())),
        resources: top.with("resources", |a| a.json.map(super::cpu_and_gpu)),
        spot_policy: top.string("spot_policy"),
        idle_duration: top.with("idle_duration", |a| a.json.and_then(fleet_seconds)),
        termination_policy: top.string("termination_policy"),
        termination_idle_time: top.with("termination_idle_time", |a| a.json.and_then(fleet_seconds)),
        ..Fleet::default()
    }
}

fn fleet(top: At) -> Fleet {
    let cloud_fields = CLOUD_FIELDS
        .iter()
        .filter_map(|&name| {
            let (key, at) = top.get(name);
            at.json.map(|_| at.src.spanned(name, key))
        })
        .collect();
    Fleet {
        name: top.string("name"),
        env: top.with("env", |a| match a.json {
            Some(Json::Object(vars)) => vars.iter().map(|(k, _)| k.to_string()).collect(),
            _ => Vec::new(),
        }),
        ssh_config: top.with("ssh_config", |a| {
            a.json?;
            Some(SshConfig {
                user: a.string("user"),
                port: a.int("port"),
                identity_file: a.string("identity_file"),
                ssh_key: a.with("ssh_key", |k| k.json.is_some()),
                proxy_jump: a
                    .with("proxy_jump", |k| k.json?.get("hostname").and_then(Json::as_str).map(str::to_string)),
                network: a.string("network"),
                hosts: a.list("hosts", |h| {
                    let json = h.json?;
                    if let Some(name) = json.as_str() {
                        return Some(SshHost { hostname: name.to_string(), ..SshHost::default() });
                    }
                    let text = |k: &str| json.get(k).and_then(Json::as_str).map(str::to_string);
                    Some(SshHost {
                        hostname: text("hostname").unwrap_or_default(),
                        port: json.get("port").and_then(Json::as_int_clamped),
                        user: text("user"),
                        identity_file: text("identity_file"),
                        ssh_key: json.get("ssh_key").is_some_and(|k| !k.is_null()),
                        internal_ip: text("internal_ip"),
                        proxy_jump: json
                            .get("proxy_jump")
                            .and_then(|j| j.get("hostname"))
                            .and_then(Json::as_str)
                            .map(str::to_string),
                        blocks: json.get("blocks").and_then(Blocks::from_json),
                    })
                }),
            })
        }),
        nodes: top.with("nodes", |a| {
            let n = a.json?;
            let bound = |k: &str| n.get(k).and_then(Json::as_int_clamped);
            Some(FleetNodes { min: bound("min"), target: bound("target").or(bound("min")), max: bound("max") })
        }),
        placement: top.string("placement"),
        blocks: top.with("blocks", |a| a.json.and_then(Blocks::from_json)),
        resources: top.with("resources", |a| a.json.cloned()),
        backends: top.strings("backends"),
        spot_policy: top.string("spot_policy"),
        idle_duration: top.with("idle_duration", |a| a.json.and_then(fleet_seconds)),
        termination_policy: top.string("termination_policy"),
        termination_idle_time: top.with("termination_idle_time", |a| a.json.and_then(fleet_seconds)),
        cloud_fields,
    }
}

#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn task(top: At) -> Task {
    Task {
        run: run_configuration(top),
        nodes: nodes(top),
        ports: ports(top),
        commands: commands(top),
        groups: top.with("groups", |a| {
            a.json?;
            let groups = a.list_items(|g| {
                Some(NodeGroup {
                    name: g.json?.get("name").and_then(Json::as_str).unwrap_or_default().to_string(),
                    nodes: g.json?.get("nodes").and_then(Json::as_int).unwrap_or(1),
                    resources: g.with("resources", resources),
                    commands: commands(g),
                })
            });
            Some(groups)
        }),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn service(top: At) -> Service {
    let int_bounds = |v: Option<&Json>| bounds(v, Json::as_int_clamped);
    Service {
        run: run_configuration(top),
        port: top.with("port", |a| port(a).unwrap_or_default()),
        commands: commands(top),
        replicas: top.with("replicas", |a| int_bounds(a.json)),
        scaling: top.with("scaling", |a| a.json.is_some()),
        groups: top.with("groups", |a| {
            a.json?;
            let groups = a.list_items(|g| {
                Some(ReplicaGroup {
                    name: g.json?.get("name").and_then(Json::as_str).unwrap_or_default().to_string(),
                    replicas: int_bounds(g.json?.get("replicas")).unwrap_or(Bounds { min: Some(1), max: Some(1) }),
                    resources: g.with("resources", resources),
                    spot_policy: spot_policy(g),
                    reservation: g.string("reservation"),
                    image: g.string("image"),
                    docker: g.with("docker", flag),
                    privileged: g.with("privileged", flag),
                    commands: commands(g),
                })
            });
            Some(groups)
        }),
        details: Box::new(ServiceDetails {
            gateway: top.with("gateway", |a| match a.json {
                None => Gateway::ProjectDefault,
                Some(Json::Bool(true)) => Gateway::Required,
                Some(Json::Bool(false)) => Gateway::Without,
                Some(Json::Str(name)) => Gateway::Named(name.clone()),
                Some(reference) => {
                    let name = reference.get("name").and_then(Json::as_str).unwrap_or_default();
                    match reference.get("project").and_then(Json::as_str) {
                        Some(project) => Gateway::Named(format!("{project}/{name}")),
                        None => Gateway::Named(name.to_string()),
                    }
                }
            }),
            https: top.with("https", |a| match a.json {
                Some(Json::Bool(true)) => Some(Https::On),
                Some(Json::Bool(false)) => Some(Https::Off),
                Some(Json::Str(_)) => Some(Https::Auto),
                _ => None,
            }),
            auth: top.with("auth", |a| a.json != Some(&Json::Bool(false))),
            model: top.with("model", |a| a.json?.get("name").and_then(Json::as_str).map(str::to_string)),
            rate_limits: top.with("rate_limits", |a| a.json.and_then(Json::as_array).map_or(0, <[Json]>::len)),
            probes: top.with("probes", |a| {
                a.json?;
                Some(a.list_items(|p| {
                    Some(Probe {
                        url: p.string("url"),
                        body: p.string("body"),
                        header_values: p
                            .list("headers", |h| h.json?.get("value").and_then(Json::as_str).map(str::to_string))
                            .value,
                        timeout: p.json?.get("timeout").and_then(Json::as_int_clamped),
                    })
                }))
            }),
            scheduled: top.with("schedule", |a| a.json.is_some()),
            strip_prefix: top.with("strip_prefix", |a| a.json != Some(&Json::Bool(false))),
            scaling_target: top.with("scaling", |a| a.json?.get("target")?.as_f64()),
        }),
    }
}

fn port(a: At) -> Option<Port> {
    let p = a.json?;
    Some(Port {
        local_port: p.get("local_port").and_then(Json::as_int_clamped),
        container_port: p.get("container_port").and_then(Json::as_int_clamped)?,
    })
}

fn ports(a: At) -> Spanned<Vec<Spanned<Port>>> {
    a.list("ports", port)
}

fn commands(a: At) -> Spanned<Vec<Spanned<String>>> {
    a.list("commands", |c| c.json.and_then(Json::as_str).map(str::to_string))
}

/// A task's `nodes` (1 when not written).
fn nodes(top: At) -> Spanned<i128> {
    top.with("nodes", |a| a.json.and_then(Json::as_int_clamped).unwrap_or(1))
}

/// The fields of a run configuration that [`crate::effective::decided`] reads (the rest left
/// empty): what another release's reading is compared on ([`read_compared_as`]).
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn run_compared<const PYDANTIC2: bool>(top: At, version: crate::DstackVersion) -> RunConfiguration {
    RunConfiguration {
        image: top.string("image"),
        working_dir: top.string("working_dir"),
        python: if PYDANTIC2 { Spanned::default() } else { top.string("python") },
        nvcc: top.with("nvcc", flag),
        resources: if PYDANTIC2 {
            Spanned::default()
        } else {
            // Null: omitted, its default left out of the JSON ([`super::compared`]).
            top.with("resources", |a| if a.json.is_some() { resources_compared(a) } else { omitted_resources(version) })
        },
        profile: Profile {
            spot_policy: spot_policy(top),
            retry: retry(top),
            max_duration: max_duration(top),
            idle_duration: idle_duration(top),
            termination_policy: top.string("termination_policy"),
            termination_idle_time: top.int("termination_idle_time"),
            retry_policy: retry_policy(top),
            ..Profile::default()
        },
        ..RunConfiguration::default()
    }
}

/// Inlined natively, as [`task`] and [`service`]: the view is built where it is returned rather
/// than moved there (it is kilobytes).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn run_configuration(top: At) -> RunConfiguration {
    RunConfiguration {
        name: top.string("name"),
        image: top.string("image"),
        user: top.string("user"),
        privileged: top.with("privileged", |a| a.json == Some(&Json::Bool(true))),
        docker: top.with("docker", flag),
        entrypoint: top.string("entrypoint"),
        working_dir: top.string("working_dir"),
        home_dir: top.with("home_dir", |a| a.json.and_then(Json::as_str).unwrap_or("/root").to_string()),
        registry_auth: top.with("registry_auth", |a| {
            a.json?;
            let text = |key: &str| a.with(key, |v| v.json.and_then(Json::as_str).unwrap_or_default().to_string());
            Some(RegistryAuth { username: text("username"), password: text("password") })
        }),
        python: top.string("python"),
        nvcc: top.with("nvcc", flag),
        env: top.with("env", |a| match a.json {
            Some(Json::Object(entries)) => entries
                .iter()
                .map(|(k, v)| EnvVar {
                    name: k.to_string(),
                    value: match v {
                        Json::Str(s) => EnvValue::Text(s.clone()),
                        other => EnvValue::FromShell(other.get("key").and_then(Json::as_str).unwrap_or(k).to_string()),
                    },
                })
                .collect(),
            _ => Vec::new(),
        }),
        setup: top.list("setup", |a| a.json.and_then(Json::as_str).map(str::to_string)),
        resources: top.with("resources", resources),
        volumes: top.list("volumes", volume),
        profile: profile(top),
    }
}

fn profile(top: At) -> Profile {
    Profile {
        backends: top.strings("backends"),
        regions: top.strings("regions"),
        instance_types: top.strings("instance_types"),
        reservation: top.string("reservation"),
        spot_policy: spot_policy(top),
        retry: retry(top),
        max_duration: max_duration(top),
        max_price: top.with("max_price", |a| a.json.and_then(Json::as_f64)),
        creation_policy: top.with("creation_policy", |a| match a.json.and_then(Json::as_str) {
            Some("reuse") => Some(CreationPolicy::Reuse),
            Some("reuse-or-create") => Some(CreationPolicy::ReuseOrCreate),
            _ => None,
        }),
        idle_duration: idle_duration(top),
        termination_policy: top.string("termination_policy"),
        termination_idle_time: top.int("termination_idle_time"),
        pool_name: top.string("pool_name"),
        instance_name: top.string("instance_name"),
        retry_policy: retry_policy(top),
        availability_zones: top.strings("availability_zones"),
        fleets: top.with("fleets", items),
        instances: top.with("instances", items),
        utilization_window: top.with("utilization_policy", |a| a.json?.get("time_window")?.as_int()),
    }
}

fn retry(top: At) -> Spanned<Option<Retry>> {
    top.with("retry", |a| match a.json? {
        Json::Bool(b) => Some(Retry::Flag(*b)),
        r => Some(Retry::Events {
            on_events: r.get("on_events").map(strings).unwrap_or_default(),
            duration: r.get("duration").and_then(Json::as_int_clamped),
        }),
    })
}

fn max_duration(top: At) -> Spanned<Option<MaxDuration>> {
    top.with("max_duration", |a| match a.json? {
        Json::Str(s) if s == "off" => Some(MaxDuration::Off),
        Json::Str(s) => crate::json::parse_int_clamped(s).map(MaxDuration::Seconds),
        other => other.as_int_clamped().map(MaxDuration::Seconds),
    })
}

fn idle_duration(top: At) -> Spanned<Option<i128>> {
    top.with("idle_duration", |a| match a.json? {
        Json::Str(s) => crate::json::parse_int_clamped(s),
        other => other.as_int_clamped(),
    })
}

fn retry_policy(top: At) -> Spanned<Option<RetryPolicy>> {
    top.with("retry_policy", |a| {
        let p = a.json?;
        Some(RetryPolicy {
            retry: p.get("retry") == Some(&Json::Bool(true)),
            duration: p.get("duration").and_then(Json::as_int_clamped),
        })
    })
}

/// A boolean field (`None` when not written).
fn spot_policy(a: At) -> Spanned<Option<SpotPolicy>> {
    a.with("spot_policy", |a| match a.json.and_then(Json::as_str) {
        Some("spot") => Some(SpotPolicy::Spot),
        Some("on-demand") => Some(SpotPolicy::OnDemand),
        Some("auto") => Some(SpotPolicy::Auto),
        _ => None,
    })
}

fn flag(a: At) -> Option<bool> {
    a.json.and_then(|j| if let Json::Bool(b) = j { Some(*b) } else { None })
}

/// The number of items of a list field (`None` when not written).
fn items(a: At) -> Option<usize> {
    a.json.and_then(Json::as_array).map(<[Json]>::len)
}

fn resources(a: At) -> Resources {
    let json = |position, key| a.json.and_then(|r| get_at(r, position, key)).filter(|v| !v.is_null());
    let cpu = json(0, "cpu");
    Resources {
        // From 0.22.5 `cpu` is `{arch, count}`; the count is the range.
        cpu: bounds(cpu.map(|c| get_at(c, 1, "count").unwrap_or(c)), Json::as_int_clamped).unwrap_or_default(),
        cpu_arch: cpu.and_then(|c| get_at(c, 0, "arch")).and_then(Json::as_str).map(|arch| {
            let (key, src) = a.src.field("cpu");
            src.spanned(arch.to_string(), key)
        }),
        memory: bounds(json(1, "memory"), Json::as_f64).unwrap_or_default(),
        shm_size: json(2, "shm_size").and_then(Json::as_f64),
        gpu: json(3, "gpu").map(|g| {
            let name = get_at(g, 1, "name").filter(|n| !n.is_null()).map(strings);
            let value = Gpu {
                vendor: get_at(g, 0, "vendor").and_then(Json::as_str).map(Lower::lower),
                name,
                count: bounds(get_at(g, 2, "count"), Json::as_int_clamped).unwrap_or_default(),
                memory: bounds(get_at(g, 3, "memory"), Json::as_f64),
                total_memory: bounds(get_at(g, 4, "total_memory"), Json::as_f64),
                compute_capability: get_at(g, 5, "compute_capability").and_then(Json::as_array).and_then(
                    |cc| match cc {
                        [major, minor] => Some((major.as_int_clamped()?, minor.as_int_clamped()?)),
                        _ => None,
                    },
                ),
            };
            let (key, src) = a.src.field("gpu");
            src.spanned(value, key)
        }),
        disk: json(4, "disk").map(|d| bounds(get_at(d, 0, "size"), Json::as_f64).unwrap_or_default()),
    }
}

/// The parts of `resources` that [`crate::effective::decided`] reads (the CPU count and the GPU
/// spec's vendor, names and count), the rest left empty, as [`run_compared`] reads the run.
#[cfg(not(target_arch = "wasm32"))]
fn resources_compared(a: At) -> Resources {
    let json = |position, key| a.json.and_then(|r| get_at(r, position, key)).filter(|v| !v.is_null());
    Resources {
        cpu: bounds(json(0, "cpu").map(|c| get_at(c, 1, "count").unwrap_or(c)), Json::as_int_clamped)
            .unwrap_or_default(),
        gpu: json(3, "gpu").map(|g| {
            let value = Gpu {
                vendor: get_at(g, 0, "vendor").and_then(Json::as_str).map(Lower::lower),
                name: get_at(g, 1, "name").filter(|n| !n.is_null()).map(strings),
                count: bounds(get_at(g, 2, "count"), Json::as_int_clamped).unwrap_or_default(),
                ..Gpu::default()
            };
            let (key, src) = a.src.field("gpu");
            src.spanned(value, key)
        }),
        ..Resources::default()
    }
}

/// [`resources_compared`] of `version`'s default resources ([`super::shared_default_resources`]),
/// read once per process: most documents omit `resources`.
#[cfg(not(target_arch = "wasm32"))]
fn omitted_resources(version: crate::DstackVersion) -> Resources {
    static DEFAULTS: [std::sync::OnceLock<Resources>; crate::DstackVersion::SUPPORTED.len()] =
        [const { std::sync::OnceLock::new() }; crate::DstackVersion::SUPPORTED.len()];
    let json = || super::shared_default_resources(version);
    DEFAULTS[version as usize]
        .get_or_init(|| resources_compared(At { json: Some(json()), ordered: None, src: Src::NONE }))
        .clone()
}

/// The value at `key` of an object, looked for first at `position`: the validator builds each
/// object of the resources with its keys once, in one order (most of the reading of resources
/// was scans for them). Elsewhere, [`Json::get`].
#[inline]
fn get_at<'a>(v: &'a Json, position: usize, key: &str) -> Option<&'a Json> {
    match v {
        Json::Object(entries) => match entries.get(position) {
            Some((k, value)) if k == key => Some(value),
            _ => v.get(key),
        },
        _ => None,
    }
}

fn volume(a: At) -> Option<Volume> {
    let v = a.json?;
    let path = a.with("path", |p| p.json.and_then(Json::as_str).unwrap_or_default().to_string());
    if let Some(instance_path) = v.get("instance_path").and_then(Json::as_str) {
        let optional = v.get("optional") == Some(&Json::Bool(true));
        return Some(Volume::Instance { instance_path: instance_path.to_string(), optional, path });
    }
    let name = match v.get("name")? {
        Json::Array(_) => VolumeName::AnyOf(strings(v.get("name")?)),
        n => VolumeName::One(n.as_str()?.to_string()),
    };
    Some(Volume::Network { name, path })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{LoadLimits, load};

    fn task(yaml: &str) -> Task {
        task_of(yaml, crate::DstackVersion::V0_18_37)
    }

    fn task_of(yaml: &str, version: crate::DstackVersion) -> Task {
        let root = load(yaml, &LoadLimits::default()).expect("YAML");
        let validation = super::super::validate(&root, version);
        assert!(validation.ctx.error_count() == 0, "{:?}", validation.ctx.diags);
        let Some(Configuration::Task(task)) = validation.config else { unreachable!("a task") };
        task
    }

    /// Every field is read from its own key: a misspelled key would leave a default here.
    #[test]
    fn every_field_is_read() {
        let t = task(
            "type: task\nnodes: 2\nname: train\nimage: img\nuser: root\nprivileged: true\nentrypoint: /bin/sh\n\
             working_dir: /w\nhome_dir: /h\nregistry_auth: {username: u, password: p}\nnvcc: true\n\
             env: [A=1, B]\nsetup: [s]\nresources: {cpu: 4, memory: 16GB, shm_size: 1GB, gpu: A100:2, disk: 200GB}\n\
             volumes: ['v:/data', '/h:/i']\nports: [8080]\ncommands: [c]\nbackends: [aws]\nregions: [r]\n\
             instance_types: [t]\nreservation: res\nspot_policy: auto\nretry: {on_events: [error], duration: 1h}\n\
             max_duration: 2h\nmax_price: 1.5\ncreation_policy: reuse\nidle_duration: 5m\n\
             termination_policy: dont-destroy\ntermination_idle_time: 60\npool_name: p\ninstance_name: i\n\
             retry_policy: {retry: true, duration: 1h}\n",
        );
        let (run, p) = (&t.run, &t.run.profile);
        let text = |s: &Spanned<Option<String>>| s.value.clone().unwrap_or_default();
        assert_eq!(t.nodes.value, 2);
        assert_eq!(
            [&run.name, &run.image, &run.user, &run.entrypoint, &run.working_dir].map(text),
            ["train", "img", "root", "/bin/sh", "/w"]
        );
        assert_eq!((run.privileged.value, run.home_dir.value.as_str(), run.nvcc.value), (true, "/h", Some(true)));
        let auth = run.registry_auth.value.as_ref().expect("registry_auth");
        assert_eq!((auth.username.value.as_str(), auth.password.value.as_str()), ("u", "p"));
        assert_eq!(
            run.env.value,
            [
                EnvVar { name: "A".into(), value: EnvValue::Text("1".into()) },
                EnvVar { name: "B".into(), value: EnvValue::FromShell("B".into()) }
            ]
        );
        assert_eq!((run.setup.value[0].value.as_str(), t.commands.value[0].value.as_str()), ("s", "c"));
        let r = &run.resources.value;
        assert_eq!(
            (r.cpu.min, r.memory.min, r.shm_size, r.disk.and_then(|d| d.min)),
            (Some(4), Some(16.0), Some(1.0), Some(200.0))
        );
        let gpu = &r.gpu.as_ref().expect("gpu").value;
        assert_eq!((gpu.name.clone(), gpu.count.max), (Some(vec!["A100".to_string()]), Some(2)));
        assert!(matches!(&run.volumes.value[0].value, Volume::Network { name: VolumeName::One(n), .. } if n == "v"));
        assert!(matches!(&run.volumes.value[1].value, Volume::Instance { instance_path, .. } if instance_path == "/h"));
        assert_eq!(t.ports.value[0].value, Port { local_port: Some(8080), container_port: 8080 });
        let list = |s: &Spanned<Option<Vec<String>>>| s.value.clone().unwrap_or_default().join(",");
        assert_eq!([&p.backends, &p.regions, &p.instance_types].map(list), ["aws", "r", "t"]);
        assert_eq!((text(&p.reservation), p.spot_policy.value), ("res".to_string(), Some(SpotPolicy::Auto)));
        assert_eq!(p.retry.value, Some(Retry::Events { on_events: vec!["error".into()], duration: Some(3600) }));
        assert_eq!((p.max_duration.value, p.max_price.value), (Some(MaxDuration::Seconds(7200)), Some(1.5)));
        assert_eq!((p.creation_policy.value, p.idle_duration.value), (Some(CreationPolicy::Reuse), Some(300)));
        assert_eq!((text(&p.termination_policy), p.termination_idle_time.value), ("dont-destroy".into(), Some(60)));
        assert_eq!((text(&p.pool_name), text(&p.instance_name)), ("p".to_string(), "i".to_string()));
        assert_eq!(p.retry_policy.value, Some(RetryPolicy { retry: true, duration: Some(3600) }));
        assert_eq!(task("type: task\ncommands: [c]\npython: '3.11'\n").run.python.value.as_deref(), Some("3.11"));
    }

    /// The fields of 0.22.5 that the rules after parsing read.
    #[test]
    fn fields_of_0_22_5_are_read() {
        let t = task_of(
            "type: task\ndocker: true\navailability_zones: [z]\nfleets: [a, b]\ninstances: [i]\n\
             volumes: [{instance_path: /h, path: /d, optional: true}]\nresources: {cpu: arm:4}\ngroups:\n\
             \x20 - {nodes: 2, commands: [c], resources: {gpu: A100}}\n\x20 - {name: w, commands: [d]}\n",
            crate::DstackVersion::V0_22_5,
        );
        let (run, p) = (&t.run, &t.run.profile);
        assert_eq!((run.docker.value, p.fleets.value, p.instances.value), (Some(true), Some(2), Some(1)));
        assert_eq!(p.availability_zones.value, Some(vec!["z".to_string()]));
        assert!(matches!(run.volumes.value[0].value, Volume::Instance { optional: true, .. }));
        assert_eq!(run.resources.value.cpu_arch.as_ref().map(|a| a.value.as_str()), Some("arm"));
        let groups = t.node_groups();
        let names: Vec<_> = groups.iter().map(|g| (g.name, g.nodes, g.commands.value[0].value.as_str())).collect();
        assert_eq!(names, [(Some("0"), 2, "c"), (Some("w"), 1, "d")]);
        let gpu = groups[0].resources.value.gpu.as_ref().expect("gpu");
        assert_eq!((gpu.value.name.clone(), gpu.value.count.min), (Some(vec!["A100".to_string()]), Some(1)));
        assert_eq!(groups[1].resources.value.gpu.as_ref().map(|g| g.value.count.min), Some(Some(0)));
        let single = task_of("type: task\nnodes: 3\ncommands: [c]\n", crate::DstackVersion::V0_22_5);
        let only: Vec<_> = single.node_groups().iter().map(|g| (g.name, g.nodes)).collect();
        assert_eq!(only, [(None, 3)]);
    }

    /// The compared reading leaves out only what the comparison does not read.
    #[test]
    fn the_compared_reading_decides_as_the_whole_one() {
        for yaml in [
            "type: task\nnodes: 2\nimage: img\nworking_dir: w\nresources: {cpu: 4, gpu: A100:2}\nspot_policy: auto\n\
             retry: {on_events: [error], duration: 1h}\nmax_duration: 2h\nidle_duration: 5m\ncommands: [c]\n",
            "type: task\npython: '3.11'\nnvcc: true\nretry_policy: {retry: true, duration: 1h}\n\
             termination_policy: dont-destroy\ntermination_idle_time: 60\ncommands: [c]\n",
            "type: service\nport: 80\nimage: img\nmax_duration: off\nresources: {gpu: 24GB}\n",
            "type: service\nport: 80\ncommands: [c]\nretry: true\n",
            "type: dev-environment\nide: vscode\nresources: {gpu: MI300X}\nmax_duration: 1h\n",
            "type: fleet\nnodes: 2\nresources: {gpu: 1}\n",
            "type: gateway\nbackend: aws\nregion: r\ndomain: example.com\ndefault: true\n",
        ] {
            let root = load(yaml, &LoadLimits::default()).expect("YAML");
            for version in crate::DstackVersion::SUPPORTED {
                let whole = super::super::validate(&root, version);
                let compared = super::super::compared(&root, version, |part, normalized| {
                    (crate::effective::decided(part, normalized, version), normalized.clone())
                });
                let (Some(config), Some(normalized)) = (&whole.config, &whole.normalized) else { continue };
                let (part, mut its_normalized) = compared.expect("the same verdict");
                // An omitted `resources` is left null (its default is read in its place).
                if let Json::Object(entries) = &mut its_normalized
                    && let Some((_, resources)) = entries.iter_mut().find(|(k, _)| k == "resources")
                    && resources.is_null()
                {
                    assert!(!yaml.contains("resources"), "{yaml} under {version}");
                    *resources = super::super::default_resources(version);
                }
                assert_eq!(&its_normalized, normalized, "{yaml} under {version}");
                assert_eq!(part, crate::effective::decided(config, normalized, version), "{yaml} under {version}");
            }
        }
    }

    #[test]
    fn ranges_come_from_the_source() {
        let t = task("type: task\ncommands:\n  - a\n  - b\nvolumes: ['v:/data', {name: w, path: /x}]\n");
        let at = |l1, c1, l2, c2| Range::new(l1, c1, l2, c2);
        assert_eq!(t.commands.key, Some(at(2, 1, 2, 9)));
        assert_eq!(t.commands.value[1].range, at(4, 5, 4, 6));
        assert_eq!(t.run.volumes.value[0].value.path().range, at(5, 11, 5, 20));
        assert_eq!(t.run.volumes.value[1].value.path().range, at(5, 38, 5, 40));
        assert_eq!(t.run.image.key, None);
    }
}
