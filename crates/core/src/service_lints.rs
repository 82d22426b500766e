//! Warnings about services: values dstack accepts that do nothing or cannot work.

use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::model::config::{Gateway, Https, Service, Spanned};

fn warning(code: &'static str, path: &str, range: Range, message: String, help: &str) -> Diagnostic {
    Diagnostic::warning(Stage::Schema, code, message).at(path, range).help(help)
}

/// The range to point at: the key when it is written, else the value's.
fn at<T>(field: &Spanned<T>) -> Range {
    field.key.unwrap_or(field.range)
}

/// The warnings of a parsed service.
pub fn warnings(service: &Service, out: &mut Vec<Diagnostic>) {
    if service.replicas.value.is_some_and(|r| r.max == Some(0)) {
        out.push(warning(
            codes::REPLICAS_ZERO,
            "replicas",
            at(&service.replicas),
            "`replicas` allows at most 0 replicas: the service never runs".into(),
            "set at least one replica, e.g. `replicas: 1`, or a range such as `0..2` with `scaling`",
        ));
    }
    for group in service.groups.value.iter().flatten().filter(|g| g.value.replicas.max == Some(0)) {
        out.push(warning(
            codes::REPLICAS_ZERO,
            "groups",
            group.range,
            format!("replica group `{}` allows at most 0 replicas: it never runs", group.value.name),
            "set at least one replica in the group, or remove the group",
        ));
    }
    let without_gateway = service.details.gateway.value == Gateway::Without;
    if without_gateway
        && service.details.https.key.is_some()
        && matches!(service.details.https.value, Some(Https::On | Https::Auto))
    {
        out.push(warning(
            codes::HTTPS_WITHOUT_GATEWAY,
            "https",
            at(&service.details.https),
            "`https` has no effect with `gateway: false`: the dstack server serves the service at its own address"
                .into(),
            "remove `https`, or publish the service on a gateway",
        ));
    }
    if matches!(service.details.gateway.value, Gateway::Named(_) | Gateway::Required)
        && service.details.strip_prefix.key.is_some()
    {
        out.push(warning(
            codes::STRIP_PREFIX_WITH_GATEWAY,
            "strip_prefix",
            at(&service.details.strip_prefix),
            "`strip_prefix` has no effect on a gateway: only the dstack server's proxy adds a path prefix".into(),
            "remove `strip_prefix`",
        ));
    }
    if let Some(target) = service.details.scaling_target.value.filter(|t| *t <= 0.0) {
        out.push(warning(
            codes::SCALING_TARGET,
            "scaling.target",
            service.details.scaling_target.range,
            format!("a scaling `target` of {target} requests per second per replica cannot work: it must be above 0"),
            "set the requests per second one replica handles, e.g. `target: 10`",
        ));
    }
    let taken = match service.port.value.container_port {
        10999 => Some("the HTTP API of dstack's runner"),
        10022 => Some("the SSH server dstack runs beside its runner"),
        _ => None,
    };
    if let Some(what) = taken {
        out.push(warning(
            codes::RESERVED_PORT,
            "port",
            service.port.range,
            format!(
                "container port {} is taken inside the container by {what}: the service cannot listen on it",
                service.port.value.container_port
            ),
            "listen on another port, e.g. `port: 8000`",
        ));
    }
    if let Some(local) = service.port.value.local_port.filter(|l| *l != 80) {
        out.push(warning(
            codes::PORT_LOCAL_IGNORED,
            "port",
            at(&service.port),
            format!(
                "the local port {local} of `port` is ignored: a service is published by its gateway or the dstack server"
            ),
            &format!("write the container port alone: `port: {}`", service.port.value.container_port),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Options, Severity};

    fn warnings(version: DstackVersion, text: &str) -> Vec<(String, String)> {
        crate::check(text, &Options { effective: false, version })
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Warning && d.code.starts_with("W02"))
            .map(|d| (d.code.to_string(), d.path))
            .collect()
    }

    const SERVICE: &str = "type: service\ncommands: [python app.py]\n";

    #[test]
    fn values_that_do_nothing() {
        let v18 = DstackVersion::V0_18_37;
        let v22 = DstackVersion::V0_22_5;
        let w = |code: &str, path: &str| vec![(code.to_string(), path.to_string())];
        assert_eq!(warnings(v18, &format!("{SERVICE}port: 8000\nreplicas: 0\n")), w("W020", "replicas"));
        assert_eq!(warnings(v22, &format!("{SERVICE}port: 8000\ngateway: false\nhttps: true\n")), w("W021", "https"));
        assert_eq!(warnings(v22, &format!("{SERVICE}port: 8000\ngateway: false\n")), []);
        assert_eq!(
            warnings(v22, &format!("{SERVICE}port: 8000\ngateway: gw\nstrip_prefix: false\n")),
            w("W022", "strip_prefix")
        );
        let target = format!("{SERVICE}port: 8000\nreplicas: 1..2\nscaling: {{metric: rps, target: 0}}\n");
        assert_eq!(warnings(v18, &target), w("W023", "scaling.target"));
        assert_eq!(warnings(v22, &format!("{SERVICE}port: '8080:8000'\n")), w("W024", "port"));
        assert_eq!(warnings(v22, &format!("{SERVICE}port: 8000\n")), []);
        let runner = crate::check(&format!("{SERVICE}port: 10999\n"), &Options { effective: false, version: v22 });
        let taken = runner.diagnostics.iter().find(|d| d.code == "W014").map(|d| d.message.as_str());
        assert_eq!(
            taken,
            Some(
                "container port 10999 is taken inside the container by the HTTP API of dstack's runner: the service cannot listen on it"
            )
        );
        let group = "type: service\nport: 80\ngroups:\n  - {name: a, replicas: 0, commands: [x]}\n";
        assert_eq!(warnings(v22, group), w("W020", "groups"));
    }

    #[test]
    fn run_warnings_as_for_tasks() {
        let text = format!("{SERVICE}port: 8000\nsetup: [b]\n");
        let report = crate::check(&text, &Options { effective: false, version: DstackVersion::V0_18_37 });
        let setup = report.diagnostics.iter().find(|d| d.code == "W010").map(|d| d.message.as_str());
        assert_eq!(
            setup,
            Some(
                "`setup` is deprecated, and has no effect in a service: move these commands to the start of `commands`"
            )
        );
    }
}
