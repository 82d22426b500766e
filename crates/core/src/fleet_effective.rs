//! The effective view of a fleet: what the server provisions (`_get_fleet_nodes_to_provision`),
//! with the profile the fleet's spec merges (`FleetSpec._merged_profile`: on-demand, no retry)
//! and the idle time of its instances (`get_termination`, 3 days by default).

use crate::effective::Extent;
use crate::json::{Json, Key};
use crate::model::config::{Blocks, Fleet, SshConfig};
#[cfg(not(target_arch = "wasm32"))]
use crate::model::cpu_and_gpu;
use crate::model::default_resources;
use crate::version::DstackVersion;

/// `DEFAULT_FLEET_TERMINATION_IDLE_TIME` (0.18.37: `DEFAULT_POOL_TERMINATION_IDLE_TIME`).
const DEFAULT_FLEET_IDLE_SECONDS: i128 = 72 * 3600;
/// The SSH port when neither the host nor `ssh_config` gives one.
const SSH_PORT: i128 = 22;

/// The whole effective view of a fleet.
pub fn effective(fleet: &Fleet, version: DstackVersion) -> Json {
    let mut entries = decided(fleet, version, Extent::Whole);
    if let Some(ssh) = &fleet.ssh_config.value {
        entries.push(("hosts".into(), hosts(ssh, fleet, version)));
    }
    Json::Object(entries)
}

/// The entries dstack decides when fields are not written (what two releases may read
/// differently). Natively [`Extent::Compared`] builds only what the comparison reads: the
/// resources' `cpu` and `gpu`, the spot policy and the idle time (the page's module, built for
/// size, builds every entry).
pub fn decided(fleet: &Fleet, version: DstackVersion, extent: Extent) -> Vec<(Key, Json)> {
    #[cfg(not(target_arch = "wasm32"))]
    if extent == Extent::Compared {
        let mut entries = Vec::with_capacity(3);
        instance_entries(fleet, &mut entries, || match &fleet.resources.value {
            Some(written) => cpu_and_gpu(written),
            None => resources(fleet, version),
        });
        return entries;
    }
    #[cfg(target_arch = "wasm32")]
    let _ = extent;
    let kind = if fleet.ssh_config.value.is_some() { "ssh" } else { "cloud" };
    let mut entries: Vec<(Key, Json)> = vec![
        ("fleet".into(), Json::str(kind)),
        ("nodes".into(), nodes(fleet, version)),
        ("placement".into(), Json::str(fleet.placement.value.as_deref().unwrap_or("any"))),
    ];
    if version.pydantic2() {
        let blocks = fleet.blocks.value.unwrap_or(Blocks::Count(1));
        entries.push(("blocks".into(), blocks.to_json()));
    }
    instance_entries(fleet, &mut entries, || resources(fleet, version));
    entries
}

/// The entries of the instances: their `resources` (as `resources` gives them) and spot policy
/// for a cloud fleet, and their idle time.
fn instance_entries(fleet: &Fleet, entries: &mut Vec<(Key, Json)>, resources: impl FnOnce() -> Json) {
    if fleet.ssh_config.value.is_none() {
        // An SSH fleet's instances have the hosts' own resources.
        entries.push(("resources".into(), resources()));
        entries.push(("spot_policy".into(), Json::str(fleet.spot_policy.value.as_deref().unwrap_or("on-demand"))));
    }
    entries.push(("idle".into(), idle(fleet)));
}

/// The resources offers must have (`get_fleet_requirements`): without `resources`, 0.18.37 asks
/// for its defaults and 0.22.5 for any instance (`ResourcesSpec.unconstrained()`).
fn resources(fleet: &Fleet, version: DstackVersion) -> Json {
    if let Some(written) = &fleet.resources.value {
        return written.clone();
    }
    if !version.pydantic2() {
        return default_resources(version);
    }
    let range = |min: Json| Json::Object(vec![("min".into(), min), ("max".into(), Json::Null)]);
    let gpu = default_resources(version).get("gpu").cloned().unwrap_or(Json::Null);
    Json::Object(vec![
        ("cpu".into(), Json::Object(vec![("arch".into(), Json::Null), ("count".into(), range(Json::Int(1)))])),
        ("memory".into(), range(Json::Float(0.0))),
        ("shm_size".into(), Json::Null),
        ("gpu".into(), gpu),
        ("disk".into(), Json::Null),
    ])
}

/// How many instances the fleet starts with and may have: an SSH fleet has one per host.
fn nodes(fleet: &Fleet, version: DstackVersion) -> Json {
    if let Some(ssh) = &fleet.ssh_config.value {
        let count = Json::Int(ssh.hosts.value.len() as i128);
        return Json::Object(vec![("provisioned".into(), count.clone()), ("max".into(), count)]);
    }
    let n = fleet.nodes.value.unwrap_or_default();
    // 0.18.37 provisions `min` (0 without one); 0.22.5 provisions `target`, which defaults to `min`.
    let provisioned = if version.pydantic2() { n.target.or(n.min) } else { n.min }.unwrap_or(0);
    let bound = |b: Option<i128>| b.map_or(Json::Null, Json::Int);
    Json::Object(vec![
        ("min".into(), Json::Int(n.min.unwrap_or(0))),
        ("provisioned".into(), Json::Int(provisioned.max(0))),
        ("max".into(), bound(n.max)),
    ])
}

/// `get_termination`: how long an idle instance is kept (`-1`: forever); SSH hosts are kept.
fn idle(fleet: &Fleet) -> Json {
    if fleet.ssh_config.value.is_some() {
        return Json::Object(vec![
            ("policy".into(), Json::str("dont-destroy")),
            ("idle_duration".into(), Json::Int(-1)),
        ]);
    }
    let mut policy = fleet.termination_policy.value.clone().unwrap_or_else(|| "destroy-after-idle".into());
    let mut time = fleet.termination_idle_time.value.unwrap_or(DEFAULT_FLEET_IDLE_SECONDS);
    match fleet.idle_duration.value {
        Some(s) if s < 0 => policy = "dont-destroy".into(),
        Some(s) => time = s,
        None => {}
    }
    if policy == "dont-destroy" {
        time = -1;
    }
    Json::Object(vec![("policy".into(), Json::Str(policy)), ("idle_duration".into(), Json::Int(time))])
}

/// Each host with the user, port, key, bastion and blocks it gets (its own, else `ssh_config`'s).
fn hosts(ssh: &SshConfig, fleet: &Fleet, version: DstackVersion) -> Json {
    let fleet_blocks = fleet.blocks.value.unwrap_or(Blocks::Count(1));
    let items = ssh.hosts.value.iter().map(|h| {
        let h = &h.value;
        let text = |own: &Option<String>, shared: &Option<String>| {
            own.as_ref().or(shared.as_ref()).map_or(Json::Null, |s| Json::str(s.as_str()))
        };
        let mut entries: Vec<(Key, Json)> = vec![
            ("hostname".into(), Json::str(h.hostname.as_str())),
            ("port".into(), Json::Int(h.port.or(ssh.port.value).unwrap_or(SSH_PORT))),
            ("user".into(), text(&h.user, &ssh.user.value)),
            ("identity_file".into(), text(&h.identity_file, &ssh.identity_file.value)),
            ("internal_ip".into(), h.internal_ip.as_deref().map_or(Json::Null, Json::str)),
        ];
        if version.pydantic2() {
            entries.push(("proxy_jump".into(), text(&h.proxy_jump, &ssh.proxy_jump.value)));
            entries.push(("blocks".into(), h.blocks.unwrap_or(fleet_blocks).to_json()));
        }
        Json::Object(entries)
    });
    Json::Array(items.collect())
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Options, check};

    fn view(text: &str, version: DstackVersion) -> String {
        let report = check(text, &Options { effective: true, version });
        report.effective.expect("effective view").to_python_string()
    }

    #[test]
    fn cloud_fleet_per_release() {
        let text = "type: fleet\nnodes: 1..3\nidle_duration: 1h\n";
        assert_eq!(
            view(text, DstackVersion::V0_22_5),
            "{\"fleet\": \"cloud\", \"nodes\": {\"min\": 1, \"provisioned\": 1, \"max\": 3}, \"placement\": \"any\", \"blocks\": 1, \"resources\": {\"cpu\": {\"arch\": null, \"count\": {\"min\": 1, \"max\": null}}, \"memory\": {\"min\": 0.0, \"max\": null}, \"shm_size\": null, \"gpu\": {\"vendor\": null, \"name\": null, \"count\": {\"min\": 0, \"max\": null}, \"memory\": null, \"total_memory\": null, \"compute_capability\": null}, \"disk\": null}, \"spot_policy\": \"on-demand\", \"idle\": {\"policy\": \"destroy-after-idle\", \"idle_duration\": 3600}}"
        );
        let text = "type: fleet\nnodes: ..3\nresources: null\n";
        assert_eq!(
            view(text, DstackVersion::V0_18_37),
            "{\"fleet\": \"cloud\", \"nodes\": {\"min\": 0, \"provisioned\": 0, \"max\": 3}, \"placement\": \"any\", \"resources\": {\"cpu\": {\"min\": 2, \"max\": null}, \"memory\": {\"min\": 8.0, \"max\": null}, \"shm_size\": null, \"gpu\": null, \"disk\": {\"size\": {\"min\": 100.0, \"max\": null}}}, \"spot_policy\": \"on-demand\", \"idle\": {\"policy\": \"destroy-after-idle\", \"idle_duration\": 259200}}"
        );
        let text = "type: fleet\nnodes: {min: 1, target: 2}\nidle_duration: off\n";
        assert!(
            view(text, DstackVersion::V0_22_5).contains("\"nodes\": {\"min\": 1, \"provisioned\": 2, \"max\": null}")
        );
        assert!(view(text, DstackVersion::V0_22_5).contains("\"idle_duration\": -1"));
    }

    #[test]
    fn ssh_fleet_hosts() {
        let text = "type: fleet\nblocks: auto\nssh_config:\n  user: ubuntu\n  port: 2222\n  identity_file: k\n  hosts:\n    - a\n    - {hostname: b, port: 22, user: root, blocks: 2}\n";
        assert_eq!(
            view(text, DstackVersion::V0_22_5),
            "{\"fleet\": \"ssh\", \"nodes\": {\"provisioned\": 2, \"max\": 2}, \"placement\": \"any\", \"blocks\": \"auto\", \"idle\": {\"policy\": \"dont-destroy\", \"idle_duration\": -1}, \"hosts\": [{\"hostname\": \"a\", \"port\": 2222, \"user\": \"ubuntu\", \"identity_file\": \"k\", \"internal_ip\": null, \"proxy_jump\": null, \"blocks\": \"auto\"}, {\"hostname\": \"b\", \"port\": 22, \"user\": \"root\", \"identity_file\": \"k\", \"internal_ip\": null, \"proxy_jump\": null, \"blocks\": 2}]}"
        );
    }
}
