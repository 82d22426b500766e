//! What `dstack apply` and the dstack server refuse in a fleet that dstack's parser accepts:
//! 0.18.37's `FleetConfigurator.apply_args` and `_validate_fleet_spec`, 0.22.5's `apply_args` and
//! `_validate_fleet_spec_and_set_defaults` (`_internal/cli/services/configurators/fleet.py`,
//! `_internal/server/services/fleets.py`). The server stops at its first error; each rule broken
//! is reported here, in the server's order.

use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::model::config::{Configuration, Fleet, SshConfig};
use crate::version::DstackVersion;

/// Every rule of `dstack apply` and the server a parsed fleet breaks under `version`; nothing
/// for other types.
pub fn diagnostics(config: &Configuration, version: DstackVersion) -> Vec<Diagnostic> {
    let Configuration::Fleet(fleet) = config else { return Vec::new() };
    let mut out = Vec::new();
    apply_rules(fleet, &mut out);
    server_rules(fleet, version, &mut out);
    out
}

/// The range to report a fleet-wide rule at: the field when written, else the document's start.
fn at_key(key: Option<Range>, fallback: Range) -> Range {
    key.unwrap_or(Range { start: fallback.start, end: fallback.start })
}

fn apply_rules(fleet: &Fleet, out: &mut Vec<Diagnostic>) {
    if fleet.ssh_config.value.is_none() && !fleet.env.value.is_empty() {
        out.push(
            Diagnostic::error(
                Stage::Apply,
                codes::FLEET_ENV_WITHOUT_SSH,
                "`env` applies to SSH fleets only: this fleet has no `ssh_config`",
            )
            .at("env", at_key(fleet.env.key, fleet.env.range))
            .help("remove `env` (set variables in the runs' own `env`), or add `ssh_config` with the hosts")
            .dstack("`env` is currently supported for SSH fleets only"),
        );
    }
}

fn server_rules(fleet: &Fleet, version: DstackVersion, out: &mut Vec<Diagnostic>) {
    if let Some(name) = &fleet.name.value
        && !resource_name_ok(name)
    {
        out.push(
            Diagnostic::error(
                Stage::Server,
                codes::INVALID_FLEET_NAME,
                format!(
                    "fleet name `{name}` is refused by the server: 2–41 lowercase letters, digits and dashes, starting with a letter"
                ),
            )
            .at("name", fleet.name.range)
            .help(format!("write e.g. `name: {}`", suggested_name(name)))
            .dstack("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"),
        );
    }
    let top = fleet.ssh_config.range;
    match (&fleet.ssh_config.value, &fleet.nodes.value) {
        (None, None) => out.push(
            Diagnostic::error(
                Stage::Server,
                codes::FLEET_KIND,
                "the fleet has neither `nodes` (a cloud fleet) nor `ssh_config` (an SSH fleet)",
            )
            .at("", Range { start: top.start, end: top.start })
            .help("add `nodes: 1` for a cloud fleet, or `ssh_config:` with `hosts` for your own machines")
            .dstack("No ssh_config or nodes specified"),
        ),
        (Some(_), Some(_)) if version.pydantic2() => out.push(
            Diagnostic::error(
                Stage::Server,
                codes::FLEET_KIND,
                "`nodes` and `ssh_config` cannot be combined: an SSH fleet has one instance per host",
            )
            .at("nodes", at_key(fleet.nodes.key, fleet.nodes.range))
            .help("remove `nodes` from the SSH fleet")
            .dstack("ssh_config and nodes are mutually exclusive"),
        ),
        (Some(_), None) if version.pydantic2() && !fleet.cloud_fields.is_empty() => {
            let names: Vec<&str> = fleet.cloud_fields.iter().map(|f| f.value).collect();
            let listed = crate::listing::quoted(&names, '\'');
            let first = &fleet.cloud_fields[0];
            out.push(
                Diagnostic::error(
                    Stage::Server,
                    codes::FLEET_KIND,
                    format!(
                        "an SSH fleet cannot have {}: these settings choose cloud instances",
                        crate::listing::quoted(&names, '`')
                    ),
                )
                .at(first.value, at_key(first.key, first.range))
                .help("remove them: an SSH fleet uses the hosts as they are")
                .dstack(format!("SSH fleet configuration does not support the following fields: [{listed}]")),
            );
        }
        _ => {}
    }
    if let Some(ssh) = &fleet.ssh_config.value {
        ssh_params(ssh, out);
        internal_ips(ssh, out);
    }
}

/// `_validate_all_ssh_params_specified`: each host needs a key and a user. `dstack apply`
/// replaces every `ssh_key` with the key read from `identity_file`, so only `identity_file` counts.
fn ssh_params(ssh: &SshConfig, out: &mut Vec<Diagnostic>) {
    for (i, host) in ssh.hosts.value.iter().enumerate() {
        let h = &host.value;
        let missing = if ssh.identity_file.value.is_none() && h.identity_file.is_none() {
            Some(("key", "identity_file", "`identity_file: ~/.ssh/id_rsa`"))
        } else if ssh.user.value.is_none() && h.user.is_none() {
            Some(("user", "user", "`user: ubuntu`"))
        } else {
            None
        };
        let Some((what, field, example)) = missing else { continue };
        out.push(
            Diagnostic::error(
                Stage::Server,
                codes::SSH_HOST_CREDENTIALS,
                format!("host `{}` has no SSH {what}: set `{field}` in `ssh_config` or on the host", h.hostname),
            )
            .at(format!("ssh_config.hosts[{i}]"), host.range)
            .help(format!("add {example} under `ssh_config` (for every host) or to this host"))
            .dstack(format!("No ssh {what} specified for host {}", h.hostname)),
        );
    }
}

/// `_validate_internal_ips`: all hosts or none have `internal_ip`, and not with `network`.
fn internal_ips(ssh: &SshConfig, out: &mut Vec<Diagnostic>) {
    let hosts = &ssh.hosts.value;
    let with_ip: Vec<_> = hosts.iter().filter(|h| h.value.internal_ip.is_some()).collect();
    if !with_ip.is_empty() && with_ip.len() != hosts.len() {
        let (i, without) =
            hosts.iter().enumerate().find(|(_, h)| h.value.internal_ip.is_none()).unwrap_or((0, &hosts[0]));
        out.push(
            Diagnostic::error(
                Stage::Server,
                codes::SSH_INTERNAL_IP,
                format!(
                    "{} of {} hosts have `internal_ip`: give it to every host or to none (host `{}` has none)",
                    with_ip.len(),
                    hosts.len(),
                    without.value.hostname
                ),
            )
            .at(format!("ssh_config.hosts[{i}]"), without.range)
            .help("write this host as `- hostname: ...` with its `internal_ip`, or remove `internal_ip` everywhere")
            .dstack("internal_ip must be specified for all hosts"),
        );
    }
    if !with_ip.is_empty() && ssh.network.value.is_some() {
        out.push(
            Diagnostic::error(
                Stage::Server,
                codes::SSH_INTERNAL_IP,
                "`internal_ip` and `network` cannot be combined: both say which addresses the hosts use",
            )
            .at("ssh_config.network", at_key(ssh.network.key, ssh.network.range))
            .help("keep `network` (dstack picks each host's address in it) or the hosts' `internal_ip`")
            .dstack("internal_ip is mutually exclusive with network"),
        );
    }
}

/// `^[a-z][a-z0-9-]{1,40}$` under Python's `re.match` (`$` also matches before a final newline).
fn resource_name_ok(name: &str) -> bool {
    let body = name.strip_suffix('\n').unwrap_or(name);
    let mut chars = body.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && (2..=41).contains(&body.chars().count())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A name the server accepts, close to `name`.
fn suggested_name(name: &str) -> String {
    let mut out: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c } else { '-' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "fleet-");
    }
    out.truncate(41);
    if out.len() < 2 { "my-fleet".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, check};

    /// The (code, path, dstack text) of every apply/server diagnostic of a fleet.
    fn rules(text: &str, version: DstackVersion) -> Vec<(&'static str, String, String)> {
        let report = check(text, &Options { effective: false, version });
        assert!(report.parsed, "{:?}", report.diagnostics);
        report
            .diagnostics
            .into_iter()
            .filter(|d| matches!(d.stage, Stage::Apply | Stage::Server) && d.code.starts_with('E'))
            .map(|d| (d.code, d.path, d.dstack.unwrap_or_default()))
            .collect()
    }

    const V18: DstackVersion = DstackVersion::V0_18_37;
    const V22: DstackVersion = DstackVersion::V0_22_5;

    #[test]
    fn a_fleet_needs_nodes_or_hosts() {
        for v in [V18, V22] {
            assert_eq!(
                rules("type: fleet\nname: my-fleet\n", v),
                vec![("E331", String::new(), "No ssh_config or nodes specified".to_string())]
            );
            assert_eq!(rules("type: fleet\nnodes: 2\n", v), vec![]);
        }
    }

    #[test]
    fn env_is_for_ssh_fleets_and_names_are_checked() {
        let text = "type: fleet\nname: My_Fleet\nnodes: 1\nenv: [A=1]\n";
        for v in [V18, V22] {
            assert_eq!(
                rules(text, v),
                vec![
                    ("E230", "env".to_string(), "`env` is currently supported for SSH fleets only".to_string()),
                    (
                        "E330",
                        "name".to_string(),
                        "Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'".to_string()
                    ),
                ]
            );
        }
        assert_eq!(suggested_name("My_Fleet"), "my-fleet");
        assert_eq!(suggested_name("1"), "fleet-1");
        assert!(resource_name_ok("ab"));
        assert!(!resource_name_ok("a"));
        assert!(!resource_name_ok(&format!("a{}", "b".repeat(41))));
    }

    #[test]
    fn ssh_fleets_refuse_cloud_fields_in_0_22_5() {
        let text =
            "type: fleet\nnodes: 2\nssh_config:\n  user: ubuntu\n  identity_file: ~/.ssh/id\n  hosts: [10.0.0.1]\n";
        assert_eq!(rules(text, V18), vec![]);
        assert_eq!(
            rules(text, V22),
            vec![("E331", "nodes".to_string(), "ssh_config and nodes are mutually exclusive".to_string())]
        );
        let text = "type: fleet\nbackends: [aws]\nresources: {gpu: 1}\nssh_config:\n  user: ubuntu\n  identity_file: ~/.ssh/id\n  hosts: [10.0.0.1]\n";
        assert_eq!(
            rules(text, V22),
            vec![(
                "E331",
                "resources".to_string(),
                "SSH fleet configuration does not support the following fields: ['resources', 'backends']".to_string()
            )]
        );
    }

    #[test]
    fn ssh_hosts_need_a_key_a_user_and_consistent_addresses() {
        let text = "type: fleet\nssh_config:\n  ssh_key: {public: x, private: y}\n  network: 10.0.0.0/24\n  hosts:\n    - hostname: 10.0.0.1\n      user: root\n      internal_ip: 10.0.0.1\n    - 10.0.0.2\n";
        for v in [V18, V22] {
            assert_eq!(
                rules(text, v),
                vec![
                    (
                        "E333",
                        "ssh_config.network".to_string(),
                        "internal_ip is mutually exclusive with network".to_string()
                    ),
                    ("E332", "ssh_config.hosts[0]".to_string(), "No ssh key specified for host 10.0.0.1".to_string()),
                    ("E332", "ssh_config.hosts[1]".to_string(), "No ssh key specified for host 10.0.0.2".to_string()),
                    (
                        "E333",
                        "ssh_config.hosts[1]".to_string(),
                        "internal_ip must be specified for all hosts".to_string()
                    ),
                ]
            );
        }
        let text = "type: fleet\nssh_config:\n  identity_file: ~/.ssh/id\n  hosts: [10.0.0.1]\n";
        assert_eq!(
            rules(text, V22),
            vec![("E332", "ssh_config.hosts[0]".to_string(), "No ssh user specified for host 10.0.0.1".to_string())]
        );
    }

    /// What dstack 0.18.37 and 0.22.5 raise first (their own `apply_args` and server validators
    /// run on these files, the key read from `identity_file` stubbed): this checker's rules, in
    /// dstack's order, start with the same error. `REJ`: the release's parser rejects the file.
    #[test]
    fn first_error_is_dstacks() {
        const REJ: Option<&str> = Some("");
        let cases: [(&str, Option<&str>, Option<&str>); 15] = [
            (
                "type: fleet\nname: my-fleet\n",
                Some("No ssh_config or nodes specified"),
                Some("No ssh_config or nodes specified"),
            ),
            (
                "type: fleet\nname: My_Fleet\nnodes: 1\nenv: [A=1]\n",
                Some("`env` is currently supported for SSH fleets only"),
                Some("`env` is currently supported for SSH fleets only"),
            ),
            (
                "type: fleet\nnodes: 2\nssh_config:\n  user: ubuntu\n  identity_file: ~/.ssh/id\n  hosts: [10.0.0.1]\n",
                None,
                Some("ssh_config and nodes are mutually exclusive"),
            ),
            (
                "type: fleet\nbackends: [aws]\nresources: {gpu: 1}\nssh_config:\n  user: ubuntu\n  identity_file: ~/.ssh/id\n  hosts: [10.0.0.1]\n",
                None,
                Some("SSH fleet configuration does not support the following fields: ['resources', 'backends']"),
            ),
            (
                "type: fleet\nssh_config:\n  ssh_key: {public: x, private: y}\n  network: 10.0.0.0/24\n  hosts:\n    - hostname: 10.0.0.1\n      user: root\n      internal_ip: 10.0.0.1\n    - 10.0.0.2\n",
                Some("No ssh key specified for host 10.0.0.1"),
                Some("No ssh key specified for host 10.0.0.1"),
            ),
            (
                "type: fleet\nssh_config:\n  identity_file: ~/.ssh/id\n  hosts: [10.0.0.1]\n",
                Some("No ssh user specified for host 10.0.0.1"),
                Some("No ssh user specified for host 10.0.0.1"),
            ),
            (
                "type: fleet\nssh_config:\n  user: u\n  identity_file: k\n  network: 10.0.0.0/24\n  hosts:\n    - hostname: 10.0.0.1\n      internal_ip: 10.0.0.1\n",
                Some("internal_ip is mutually exclusive with network"),
                Some("internal_ip is mutually exclusive with network"),
            ),
            (
                "type: fleet\nssh_config:\n  user: u\n  hosts:\n    - hostname: 10.0.0.1\n      identity_file: k\n    - hostname: b\n",
                Some("No ssh key specified for host b"),
                Some("No ssh key specified for host b"),
            ),
            (
                "type: fleet\nidle_duration: 1h\nenv: [A=1]\nssh_config:\n  user: u\n  identity_file: k\n  hosts: [a]\n",
                None,
                Some("SSH fleet configuration does not support the following fields: ['idle_duration']"),
            ),
            (
                "type: fleet\nname: a\nnodes: 1\n",
                Some("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"),
                Some("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"),
            ),
            ("type: fleet\nssh_config:\n  user: u\n  identity_file: k\n  hosts: []\n", None, None),
            (
                "type: fleet\nretry: true\nspot_policy: auto\nssh_config:\n  user: u\n  identity_file: k\n  hosts: [a]\n",
                None,
                Some("SSH fleet configuration does not support the following fields: ['spot_policy', 'retry']"),
            ),
            ("type: fleet\nresources: null\nssh_config:\n  user: u\n  identity_file: k\n  hosts: [a]\n", None, None),
            (
                "type: fleet\nplacement: cluster\nblocks: 2\nssh_config:\n  user: u\n  identity_file: k\n  hosts: [a]\n",
                REJ,
                None,
            ),
            (
                "type: fleet\nname: \"123\"\nnodes: 1\n",
                Some("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"),
                Some("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"),
            ),
        ];
        for (text, v18, v22) in cases {
            for (version, want) in [(V18, v18), (V22, v22)] {
                let root = crate::yaml::load(text, &crate::yaml::LoadLimits::default()).expect("YAML");
                let validation = crate::model::validate(&root, version);
                let Some(config) = validation.config else {
                    assert_eq!(want, REJ, "{version}: {text}");
                    continue;
                };
                let first = diagnostics(&config, version).into_iter().next().and_then(|d| d.dstack);
                assert_eq!(first.as_deref(), want, "{version}: {text}");
            }
        }
    }
}
