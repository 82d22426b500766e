//! What the dstack server refuses in a parsed service, beyond the rules it shares with tasks
//! ([`crate::checks`]): the limits of a service without a gateway (`gateway: false`), and in
//! 0.22.5 the run spec rules on schedules and probes (`validate_run_spec_and_set_defaults`).

use crate::DstackVersion;
use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::model::config::{Gateway, Https, Service};

/// 0.22.5's `MAX_PROBES_PER_JOB` (the server's default).
const MAX_PROBES: usize = 10;
/// 0.22.5's `MAX_PROBE_TIMEOUT` in seconds (the server's default).
const MAX_PROBE_TIMEOUT: i128 = 300;

/// Every server error of `service` under `version`, in the order the server checks: the run
/// spec rules first, then the assignment of a service without a gateway.
pub fn violations(service: &Service, version: DstackVersion) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if version.pydantic2() {
        spec_rules(service, &mut out);
    }
    if service.details.gateway.value == Gateway::Without {
        without_gateway(service, version, &mut out);
    }
    out
}

fn error(code: &'static str, message: String, path: &str, range: Range, help: &str, dstack: String) -> Diagnostic {
    Diagnostic::error(Stage::Server, code, message).at(path, range).help(help).dstack(dstack)
}

/// The minimum replicas of each replica group as the server plans them (`replica_groups`).
fn group_minimums(service: &Service) -> Vec<i128> {
    match &service.groups.value {
        Some(groups) => groups.iter().map(|g| g.value.replicas.min.unwrap_or(0)).collect(),
        None => vec![service.replicas.value.map_or(1, |r| r.min.unwrap_or(0))],
    }
}

/// True when some replica group scales (its minimum and maximum differ).
fn autoscales(service: &Service) -> bool {
    match &service.groups.value {
        Some(groups) => groups.iter().any(|g| g.value.replicas.min != g.value.replicas.max),
        None => service.replicas.value.is_some_and(|r| r.min != r.max),
    }
}

fn spec_rules(service: &Service, out: &mut Vec<Diagnostic>) {
    if service.details.scheduled.value && group_minimums(service).iter().all(|m| *m == 0) {
        out.push(error(
            codes::SCHEDULED_SCALE_TO_ZERO,
            "a scheduled service cannot scale to zero replicas: every replica group has a minimum of 0".into(),
            "replicas",
            service.replicas.range,
            "keep at least one replica (e.g. `replicas: 1..4`), or remove `schedule`",
            "Scheduled services with autoscaling to zero are not supported".into(),
        ));
    }
    let Some(probes) = &service.details.probes.value else { return };
    if probes.len() > MAX_PROBES {
        out.push(error(
            codes::PROBE_LIMITS,
            format!("the dstack server allows at most {MAX_PROBES} probes, found {}", probes.len()),
            "probes",
            service.details.probes.range,
            "keep the probes that matter most",
            format!("Cannot configure more than {MAX_PROBES} probes"),
        ));
    }
    if let Some((i, probe)) =
        probes.iter().enumerate().find(|(_, p)| p.value.timeout.is_some_and(|t| t > MAX_PROBE_TIMEOUT))
    {
        out.push(error(
            codes::PROBE_LIMITS,
            format!(
                "a probe's `timeout` is at most {MAX_PROBE_TIMEOUT}s on the dstack server, found {}s",
                probe.value.timeout.unwrap_or_default()
            ),
            &format!("probes[{i}].timeout"),
            probe.range,
            "use `timeout: 5m` or less",
            format!("Probe timeout cannot be longer than {MAX_PROBE_TIMEOUT}s"),
        ));
    }
}

/// The server's in-server proxy serves a service without a gateway: no HTTPS setting of its
/// own, no auto-scaling, and (0.22.5) no rate limits. The server stops at the first.
fn without_gateway(service: &Service, version: DstackVersion, out: &mut Vec<Diagnostic>) {
    let how = "remove `gateway: false` to use the project's gateway";
    if service.details.https.value == Some(Https::Off) {
        let dstack = if version.pydantic2() {
            "Setting `https: False` is not allowed without a gateway. Please configure a gateway or remove the `https` property from the service configuration"
        } else {
            "The `https` configuration property is not applicable when running services without a gateway. Please configure a gateway or remove the `https` property from the service configuration"
        };
        out.push(error(
            codes::WITHOUT_GATEWAY,
            "`https: false` cannot be set on a service without a gateway: the dstack server serves it".into(),
            "https",
            service.details.https.range,
            &format!("remove `https`, or {how}"),
            dstack.into(),
        ));
        return;
    }
    if autoscales(service) {
        let dstack = if version.pydantic2() {
            "Auto-scaling is not supported when running services without a gateway. Please configure a gateway or set `replicas` to a fixed value in the service configuration"
        } else {
            "Auto-scaling is not yet supported when running services without a gateway. Please configure a gateway or set `replicas` to a fixed value in the service configuration"
        };
        let (path, range) = match &service.groups.value {
            Some(_) => ("groups", service.groups.range),
            None => ("replicas", service.replicas.range),
        };
        out.push(error(
            codes::WITHOUT_GATEWAY,
            "a service without a gateway cannot auto-scale: its number of replicas must be fixed".into(),
            path,
            range,
            &format!("set a fixed number of replicas, or {how}"),
            dstack.into(),
        ));
        return;
    }
    if service.details.rate_limits.value > 0 {
        out.push(error(
            codes::WITHOUT_GATEWAY,
            "a service without a gateway cannot have rate limits: the gateway enforces them".into(),
            "rate_limits",
            service.details.rate_limits.range,
            &format!("remove `rate_limits`, or {how}"),
            "Rate limits are not supported when running services without a gateway. Please configure a gateway or remove `rate_limits` from the service configuration".into(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    fn server(version: DstackVersion, text: &str) -> Vec<(String, String, String)> {
        crate::check(text, &Options { effective: false, version })
            .diagnostics
            .into_iter()
            .filter(|d| d.stage == Stage::Server && d.severity == crate::Severity::Error)
            .map(|d| (d.code.to_string(), d.path, d.dstack.unwrap_or_default()))
            .collect()
    }

    const SERVICE: &str = "type: service\nport: 8000\ncommands: [python app.py]\n";

    #[test]
    fn a_service_without_a_gateway() {
        let https =
            format!("{SERVICE}gateway: false\nhttps: false\nreplicas: 1..2\nscaling: {{metric: rps, target: 1}}\n");
        let found = server(DstackVersion::V0_18_37, &https);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0.as_str(), found[0].1.as_str()), ("E310", "https"));
        assert!(found[0].2.starts_with("The `https` configuration property is not applicable"));
        let found = server(DstackVersion::V0_22_5, &https);
        assert!(found[0].2.starts_with("Setting `https: False` is not allowed without a gateway."));
        let scaling = format!("{SERVICE}gateway: false\nreplicas: 1..2\nscaling: {{metric: rps, target: 1}}\n");
        let found = server(DstackVersion::V0_22_5, &scaling);
        assert_eq!(
            (found[0].1.as_str(), &found[0].2[..42]),
            ("replicas", "Auto-scaling is not supported when running")
        );
        let limits = format!("{SERVICE}gateway: false\nrate_limits: [{{rps: 5}}]\n");
        assert_eq!(server(DstackVersion::V0_22_5, &limits)[0].1, "rate_limits");
        assert_eq!(server(DstackVersion::V0_22_5, &format!("{SERVICE}gateway: false\nhttps: auto\n")), []);
        assert_eq!(server(DstackVersion::V0_22_5, &format!("{SERVICE}https: false\n")), []);
    }

    #[test]
    fn schedules_and_probes_under_0_22_5() {
        let zero =
            format!("{SERVICE}replicas: 0..2\nscaling: {{metric: rps, target: 1}}\nschedule: {{cron: '0 8 * * *'}}\n");
        let found = server(DstackVersion::V0_22_5, &zero);
        assert_eq!(
            found,
            [(
                "E311".into(),
                "replicas".into(),
                "Scheduled services with autoscaling to zero are not supported".into()
            )]
        );
        let probes: String = (0..11).map(|i| format!("  - {{type: http, url: /p{i}}}\n")).collect();
        let found = server(DstackVersion::V0_22_5, &format!("{SERVICE}probes:\n{probes}"));
        assert_eq!(found[0].2, "Cannot configure more than 10 probes");
        let slow = format!("{SERVICE}probes:\n  - {{type: http, timeout: 10m}}\n");
        let found = server(DstackVersion::V0_22_5, &slow);
        assert_eq!(
            found,
            [("E312".into(), "probes[0].timeout".into(), "Probe timeout cannot be longer than 300s".into())]
        );
    }

    #[test]
    fn shared_server_rules_over_replica_groups() {
        let v22 = DstackVersion::V0_22_5;
        let gpu = "type: service\nport: 80\ngroups:\n  - {replicas: 1, commands: [a], resources: {gpu: MI300X}}\n  - {replicas: 1, commands: [a], image: rocm, resources: {gpu: MI300X}}\n";
        let found = server(v22, gpu);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "groups[0].resources.gpu");
        assert_eq!(
            found[0].2,
            "groups[0]: `image` must be set when the requested accelerator is not supported by the default image: ['amd']"
        );
        let refs = |command: &str, replicas: &str| {
            let text = format!(
                "type: service\nport: 80\ngroups:\n  - {{replicas: {replicas}, scaling: {{metric: rps, target: 1}}, commands: ['{command}']}}\n"
            );
            server(v22, &text).into_iter().map(|(_, path, dstack)| (path, dstack)).collect::<Vec<_>>()
        };
        let at = |dstack: &str| vec![("groups[0].commands[0]".to_string(), dstack.to_string())];
        assert_eq!(
            refs("echo ${{ groups[0].nodes[0].IP_ADDRESS }}", "1..2"),
            at("Illegal reference name: groups[0].nodes[0].IP_ADDRESS")
        );
        assert_eq!(
            refs("echo ${{ groups[0].replicas[1].IP_ADDRESS }}", "1..2"),
            at("Invalid reference groups[0].replicas[1].IP_ADDRESS: out of range")
        );
        assert_eq!(
            refs("echo ${{ groups[0].replicas[0].IP_ADDRESS }}", "0..2"),
            at(
                "Invalid reference groups[0].replicas[0].IP_ADDRESS: this group scales to zero, so no replica is guaranteed at start"
            )
        );
        assert_eq!(refs("echo ${{ groups[0].replicas[0].IP_ADDRESS }}", "1..2"), []);
    }
}
