//! Warnings about fleets dstack accepts but that surely do not do what was meant.

use crate::codes;
use crate::diagnostic::{Diagnostic, Stage};
use crate::model::config::{Configuration, Fleet, SshConfig};
use crate::version::DstackVersion;

/// Warns about legal but surely wrong settings of a parsed fleet under `version`.
pub fn warnings(config: &Configuration, version: DstackVersion, out: &mut Vec<Diagnostic>) {
    let Configuration::Fleet(fleet) = config else { return };
    if let Some(ssh) = &fleet.ssh_config.value {
        ssh_key_replaced(ssh, out);
        duplicate_hosts(ssh, out);
    }
    ssh_fleet_cloud_fields(fleet, version, out);
    idle_on_fixed_fleet(fleet, version, out);
    empty_fleet(fleet, out);
    deprecated(fleet, out);
}

/// `dstack apply` sets every `ssh_key` to the key it reads from `identity_file` (none without one).
fn ssh_key_replaced(ssh: &SshConfig, out: &mut Vec<Diagnostic>) {
    let hosts = ssh.hosts.value.iter().enumerate().filter(|(_, h)| h.value.ssh_key);
    let written = ssh.ssh_key.value.then(|| ("ssh_config.ssh_key".to_string(), ssh.ssh_key.range));
    for (path, range) in
        written.into_iter().chain(hosts.map(|(i, h)| (format!("ssh_config.hosts[{i}].ssh_key"), h.range)))
    {
        out.push(
            Diagnostic::warning(
                Stage::Apply,
                codes::SSH_KEY_REPLACED,
                "`ssh_key` is ignored: `dstack apply` replaces it with the key it reads from `identity_file`",
            )
            .at(path, range)
            .help("remove `ssh_key` and set `identity_file` to the private key's path"),
        );
    }
}

/// The same host (hostname and port) listed twice.
fn duplicate_hosts(ssh: &SshConfig, out: &mut Vec<Diagnostic>) {
    let hosts = &ssh.hosts.value;
    for (i, host) in hosts.iter().enumerate() {
        let key = |h: &crate::model::config::SshHost| (h.hostname.clone(), h.port);
        let Some(first) = hosts[..i].iter().position(|h| key(&h.value) == key(&host.value)) else { continue };
        out.push(
            Diagnostic::warning(
                Stage::Server,
                codes::DUPLICATE_HOST,
                format!(
                    "host `{}` is listed twice (also item {first}): dstack would add it as two instances",
                    host.value.hostname
                ),
            )
            .at(format!("ssh_config.hosts[{i}]"), host.range)
            .help("remove the second entry"),
        );
    }
}

/// dstack 0.18.37 creates an SSH fleet's instances from its hosts alone, never terminated: the
/// cloud fields are ignored (0.22.5 refuses them, E331).
fn ssh_fleet_cloud_fields(fleet: &Fleet, version: DstackVersion, out: &mut Vec<Diagnostic>) {
    if version.pydantic2() || fleet.ssh_config.value.is_none() {
        return;
    }
    let termination = [
        ("termination_policy", fleet.termination_policy.key),
        ("termination_idle_time", fleet.termination_idle_time.key),
    ];
    let written = fleet
        .cloud_fields
        .iter()
        .filter_map(|f| f.key.map(|k| (f.value, k)))
        .chain(termination.into_iter().filter_map(|(n, k)| k.map(|k| (n, k))));
    for (name, key) in written {
        out.push(
            Diagnostic::warning(
                Stage::Server,
                codes::SSH_FLEET_CLOUD_FIELD,
                format!("`{name}` has no effect in an SSH fleet: dstack {version} adds each host as it is and never terminates it"),
            )
            .at(name, key)
            .help(format!("remove `{name}` (dstack 0.20.20 and later refuse it in an SSH fleet)")),
        );
    }
}

/// dstack 0.22.5 terminates idle instances only above `nodes.min`: a fixed-size fleet keeps them.
fn idle_on_fixed_fleet(fleet: &Fleet, version: DstackVersion, out: &mut Vec<Diagnostic>) {
    let Some(nodes) = fleet.nodes.value else { return };
    let fixed = nodes.max.is_some_and(|m| m > 0) && nodes.max == nodes.min;
    if !version.pydantic2() || !fixed || fleet.idle_duration.value.is_none_or(|s| s < 0) {
        return;
    }
    let min = nodes.min.unwrap_or(0);
    out.push(
        Diagnostic::warning(
            Stage::Server,
            codes::IDLE_FIXED_FLEET,
            format!("`idle_duration` has no effect: dstack {version} keeps the fleet's {min} instances (`nodes.min`) even when idle"),
        )
        .at("idle_duration", fleet.idle_duration.range)
        .help("write `nodes` as a range (e.g. `0..N`) so idle instances above `min` are terminated, or remove `idle_duration`"),
    );
}

/// A cloud fleet whose `nodes` allow no instance at all (a negative count only 0.18.37 accepts).
fn empty_fleet(fleet: &Fleet, out: &mut Vec<Diagnostic>) {
    let Some(nodes) = fleet.nodes.value.filter(|_| fleet.ssh_config.value.is_none()) else { return };
    let negative = nodes.min.is_some_and(|m| m < 0);
    if !negative && nodes.max.is_none_or(|m| m > 0) {
        return;
    }
    out.push(
        Diagnostic::warning(Stage::Server, codes::EMPTY_FLEET, "`nodes` allows no instance: the fleet stays empty")
            .at("nodes", fleet.nodes.range)
            .help("give the number of instances, e.g. `nodes: 1` or `nodes: 0..2`"),
    );
}

/// 0.18.37's deprecated `termination_policy` and `termination_idle_time`.
fn deprecated(fleet: &Fleet, out: &mut Vec<Diagnostic>) {
    let fields = [
        ("termination_policy", fleet.termination_policy.key, fleet.termination_policy.value.is_some()),
        ("termination_idle_time", fleet.termination_idle_time.key, fleet.termination_idle_time.value.is_some()),
    ];
    for (name, key, set) in fields {
        let Some(range) = key.filter(|_| set) else { continue };
        out.push(
            Diagnostic::warning(
                Stage::Schema,
                codes::DEPRECATED_FIELD,
                format!("`{name}` is deprecated and removed in dstack 0.20: use `idle_duration`"),
            )
            .at(name, range)
            .help("write `idle_duration: 3d`, or `idle_duration: off` to keep idle instances"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Severity, check};

    fn codes_of(text: &str, version: DstackVersion) -> Vec<(&'static str, String)> {
        let report = check(text, &Options { effective: false, version });
        assert!(report.parsed, "{:?}", report.diagnostics);
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Warning && d.code.starts_with("W0"))
            .map(|d| (d.code, d.path))
            .collect()
    }

    #[test]
    fn ssh_fleet_warnings() {
        let text = "type: fleet\nspot_policy: spot\nssh_config:\n  user: u\n  identity_file: k\n  ssh_key: {public: x}\n  hosts: [a]\n";
        assert_eq!(
            codes_of(text, DstackVersion::V0_18_37),
            vec![("W030", "ssh_config.ssh_key".to_string()), ("W032", "spot_policy".to_string())]
        );
        let text = "type: fleet\nssh_config:\n  user: u\n  identity_file: k\n  hosts: [a, b, {hostname: a}]\n";
        assert_eq!(codes_of(text, DstackVersion::V0_18_37), vec![("W031", "ssh_config.hosts[2]".to_string())]);
    }

    #[test]
    fn cloud_fleet_warnings() {
        let text = "type: fleet\nnodes: 2\nidle_duration: 1h\n";
        assert_eq!(codes_of(text, DstackVersion::V0_22_5), vec![("W033", "idle_duration".to_string())]);
        assert_eq!(codes_of(text, DstackVersion::V0_18_37), vec![]);
        assert_eq!(codes_of("type: fleet\nnodes: 0\n", DstackVersion::V0_22_5), vec![("W034", "nodes".to_string())]);
        assert_eq!(codes_of("type: fleet\nnodes: -1\n", DstackVersion::V0_18_37), vec![("W034", "nodes".to_string())]);
        assert_eq!(
            codes_of("type: fleet\nnodes: 1\ntermination_policy: dont-destroy\n", DstackVersion::V0_18_37),
            vec![("W010", "termination_policy".to_string())]
        );
    }
}
