//! Gateways after parsing: what the dstack server refuses (`_validate_gateway_configuration`),
//! what is legal but leaves services without a URL, and the gateway the server will create.

use crate::DstackVersion;
use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::interpolation::interpolate;
use crate::json::Json;
use crate::model::config::{Certificate, GatewayConfig};

/// The backends with gateways (`BACKENDS_WITH_GATEWAY_SUPPORT`), the same in both releases.
const GATEWAY_BACKENDS: [&str; 4] = ["aws", "azure", "gcp", "kubernetes"];

/// The 0.22.5 server's default `GATEWAY_MAX_REPLICAS`.
const MAX_REPLICAS: i128 = 9;

/// The backends with private gateways (`public_ip: false`) of `version`.
fn private_backends(version: DstackVersion) -> &'static [&'static str] {
    if version.pydantic2() { &["aws", "gcp"] } else { &["aws"] }
}

/// Python's `str()` of a list of str: `['aws', 'gcp']`.
fn py_list(items: &[&str]) -> String {
    format!("[{}]", crate::listing::quoted(items, '\''))
}

/// "`aws`, `gcp` and `kubernetes`".
fn listed(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        Some((last, head)) if !head.is_empty() => format!("{} and {last}", head.join(", ")),
        _ => quoted.concat(),
    }
}

/// The replicas the server creates (`GATEWAY_REPLICAS_DEFAULT` when not written).
fn replicas(g: &GatewayConfig) -> i128 {
    g.replicas.value.unwrap_or(1)
}

/// Where a rule about the certificate is shown: at `certificate` when written, else at `other`.
fn certificate_or(g: &GatewayConfig, other: (&'static str, Range)) -> (&'static str, Range) {
    if g.certificate.is_written() { ("certificate", g.certificate.range) } else { other }
}

fn server_error(code: &'static str, message: String, (path, range): (&str, Range), dstack: String) -> Diagnostic {
    Diagnostic::error(Stage::Server, code, message).at(path, range).dstack(dstack)
}

/// Every rule of the server that the gateway breaks, in dstack's order (the server stops at the
/// first).
pub fn server_errors(g: &GatewayConfig, version: DstackVersion) -> Vec<Diagnostic> {
    let v2 = version.pydantic2();
    let mut out = Vec::new();
    let backend = g.backend.value.as_str();
    if !GATEWAY_BACKENDS.contains(&backend) {
        let supported = if v2 { "Available backends with gateway support" } else { "Supported backends" };
        out.push(
            server_error(
                codes::GATEWAY_BACKEND,
                format!("dstack has no gateways on `{backend}`: gateways run on {}", listed(&GATEWAY_BACKENDS)),
                ("backend", g.backend.range),
                format!(
                    "Gateways are not supported for {backend} backend. {supported}: {}.",
                    py_list(&GATEWAY_BACKENDS)
                ),
            )
            .help(format!("set `backend` to one of {}", listed(&GATEWAY_BACKENDS))),
        );
    }
    if let Some(name) = &g.name.value
        && !crate::checks::valid_resource_name(name)
    {
        out.push(crate::checks::invalid_resource_name("gateway", name, g.name.range));
    }
    if v2
        && let Some(domain) = &g.domain.value
        && let Err(e) = interpolate(domain, &|n| n == "run.project_name")
    {
        out.push(
            server_error(
                codes::GATEWAY_DOMAIN,
                format!("the gateway domain cannot be interpolated: {}", e.dstack_message()),
                ("domain", g.domain.range),
                format!("Cannot interpolate gateway domain name: {}", e.dstack_message()),
            )
            .help("the only variable of a gateway domain is `${{ run.project_name }}`"),
        );
    }
    let private = private_backends(version);
    if !g.public_ip.value && !private.contains(&backend) {
        let dstack = if v2 {
            format!(
                "Private gateways are not supported for {backend} backend.  Available backends with private gateway support: {}.",
                py_list(private)
            )
        } else {
            format!(
                "Private gateways are not supported for {backend} backend. Supported backends: {}.",
                py_list(private)
            )
        };
        out.push(
            server_error(
                codes::PRIVATE_GATEWAY,
                format!(
                    "dstack {version} has no private gateways (`public_ip: false`) on `{backend}`: only on {}",
                    listed(private)
                ),
                ("public_ip", g.public_ip.range),
                dstack,
            )
            .help(format!("remove `public_ip: false`, or use {}", listed(private))),
        );
    }
    if v2 && replicas(g) > MAX_REPLICAS {
        let n = replicas(g);
        out.push(
            server_error(
                codes::GATEWAY_REPLICAS,
                format!("a dstack server allows at most {MAX_REPLICAS} gateway replicas by default, found {n}"),
                ("replicas", g.replicas.range),
                format!("Cannot provision {n} gateway replicas. This server allows at most {MAX_REPLICAS}"),
            )
            .help(format!(
                "use at most {MAX_REPLICAS} replicas, or raise the server's DSTACK_SERVER_GATEWAY_MAX_REPLICAS"
            )),
        );
    }
    if v2 {
        load_balancer_errors(g, &mut out);
    }
    certificate_errors(g, version, &mut out);
    out
}

/// 0.22.5's `load_balancer: {type: alb}` rules.
fn load_balancer_errors(g: &GatewayConfig, out: &mut Vec<Diagnostic>) {
    if g.load_balancer.value.as_deref() != Some("alb") {
        return;
    }
    let cert = g.certificate.value.as_ref();
    let at = ("load_balancer", g.load_balancer.range);
    let (message, dstack, help) = match g.backend.value.as_str() {
        "aws" if cert.is_some_and(|c| !matches!(c, Certificate::Acm(_))) => (
            "on `aws`, a load balancer terminates TLS with an ACM certificate: Let's Encrypt cannot be used",
            "`load_balancer: { type: alb }` can only be used with `certificate: null` or `certificate: { type: acm }`",
            "set `certificate: {type: acm, arn: ...}` or `certificate: null`",
        ),
        "gcp" if cert.is_some_and(|c| !matches!(c, Certificate::GcpCm(_))) => (
            "on `gcp`, a load balancer terminates TLS with a Certificate Manager certificate: Let's Encrypt cannot be used",
            "`load_balancer: { type: alb }` for the `gcp` backend can only be used with `certificate: null` or `certificate: { type: gcp-cm }`",
            "set `certificate: {type: gcp-cm, name: ...}` or `certificate: null`",
        ),
        "aws" | "gcp" => return,
        _ => (
            "load balancers exist on `aws` and `gcp` only",
            "`load_balancer: { type: alb }` is supported for `aws` and `gcp` backends only",
            "remove `load_balancer`",
        ),
    };
    out.push(server_error(codes::GATEWAY_LOAD_BALANCER, message.into(), at, dstack.into()).help(help));
}

/// The certificate rules: Let's Encrypt needs a public IP (and, in 0.22.5, one replica), ACM
/// needs AWS, 0.22.5's Certificate Manager needs GCP and a load balancer.
fn certificate_errors(g: &GatewayConfig, version: DstackVersion, out: &mut Vec<Diagnostic>) {
    let Some(cert) = &g.certificate.value else { return };
    let backend = g.backend.value.as_str();
    let mut push = |message: String, at: (&'static str, Range), dstack: String, help: &str| {
        out.push(server_error(codes::GATEWAY_CERTIFICATE, message, at, dstack).help(help));
    };
    match cert {
        Certificate::LetsEncrypt if !g.public_ip.value => push(
            "Let's Encrypt cannot issue a certificate for a private gateway (`public_ip: false`)".into(),
            certificate_or(g, ("public_ip", g.public_ip.range)),
            "lets-encrypt certificate type is not supported for private gateways".into(),
            "set `certificate: null`, or an `acm` certificate on `aws`",
        ),
        Certificate::Acm(_) if backend != "aws" => push(
            format!("an ACM certificate needs `backend: aws`, found `{backend}`"),
            ("certificate", g.certificate.range),
            "acm certificate type is supported for aws backend only".into(),
            "use `type: lets-encrypt`, or run the gateway on `aws`",
        ),
        Certificate::GcpCm(_) if backend != "gcp" => push(
            format!("a Certificate Manager certificate needs `backend: gcp`, found `{backend}`"),
            ("certificate", g.certificate.range),
            "gcp-cm certificate type is supported for gcp backend only".into(),
            "use `type: lets-encrypt`, or run the gateway on `gcp`",
        ),
        Certificate::GcpCm(_) if g.load_balancer.value.as_deref() != Some("alb") => push(
            "a Certificate Manager certificate is served by a load balancer: `load_balancer` is missing".into(),
            ("certificate", g.certificate.range),
            "`certificate: { type: gcp-cm }` requires `load_balancer: { type: alb }`".into(),
            "add `load_balancer: {type: alb}`",
        ),
        _ => {}
    }
    if version.pydantic2() && matches!(cert, Certificate::LetsEncrypt) && replicas(g) > 1 {
        let mut dstack = "The `lets-encrypt` certificate type is not supported for gateways with `replicas` greater than `1`. To create a replicated gateway, set the `certificate` configuration property to one of the supported values, such as `certificate: null` (no HTTPS)".to_string();
        match backend {
            "aws" => dstack.push_str(" or `certificate: { type: acm, arn: <arn> }` (AWS ACM)"),
            "gcp" => dstack.push_str(" or `certificate: { type: gcp-cm, name: <name> }` (GCP Certificate Manager)"),
            _ => {}
        }
        push(
            format!("Let's Encrypt certificates work with one gateway replica, found `replicas: {}`", replicas(g)),
            certificate_or(g, ("replicas", g.replicas.range)),
            dstack,
            "set `certificate: null`, or a certificate of your cloud (`acm` on aws, `gcp-cm` on gcp)",
        );
    }
}

/// True when `domain` can be the end of a host name: no scheme, path, port or spaces (a
/// `${{ run.project_name }}` reference aside).
fn bare_domain(domain: &str) -> bool {
    let mut rest = domain.to_string();
    while let Some(open) = rest.find("${{") {
        let Some(close) = rest[open..].find("}}") else { break };
        rest.replace_range(open..open + close + 2, "x");
    }
    !rest.contains(['/', ':', '?', '#', '@']) && !rest.chars().any(char::is_whitespace)
}

/// Settings that are legal but leave services without a working URL.
pub fn warnings(g: &GatewayConfig, version: DstackVersion) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let no_domain = |range: Range, message: &str| {
        Diagnostic::warning(
            Stage::Server,
            codes::GATEWAY_WITHOUT_DOMAIN,
            format!("{message}: services cannot run on it until one is set (\"Domain is required for gateway\")"),
        )
        .at("domain", range)
        .help("add `domain: example.com` and point `*.example.com` at the gateway's address")
    };
    let domain_warning = |message: String, help: &str| {
        Diagnostic::warning(Stage::Server, codes::GATEWAY_DOMAIN_WRITTEN, message)
            .at("domain", g.domain.range)
            .help(help)
    };
    match g.domain.value.as_deref() {
        None => {
            // Not written: its range is the document's; the note goes on its first character.
            let start = g.domain.range.start;
            let end = crate::diagnostic::Position { line: start.line, column: start.column + 1 };
            out.push(no_domain(Range { start, end }, "the gateway has no `domain`"));
        }
        // The server strips leading `*` and `.` (`lstrip("*.")`), and an empty domain is none.
        Some(domain) if domain.trim_start_matches(['*', '.']).is_empty() => {
            out.push(no_domain(g.domain.range, "the gateway `domain` is empty"));
        }
        Some(domain) if !version.pydantic2() && domain.contains("${{") => out.push(domain_warning(
            format!("dstack {version} does not interpolate the gateway domain: service URLs would contain `{domain}` as written"),
            "write the domain out; `${{ run.project_name }}` in a gateway domain needs a newer dstack",
        )),
        Some(domain) if !bare_domain(domain) => out.push(domain_warning(
            format!("the gateway domain `{domain}` is not a bare domain name: services get `<run name>.{domain}` as their host"),
            "write only the domain, e.g. `domain: example.com` (no `https://`, path, port or spaces)",
        )),
        Some(_) => {}
    }
    if g.certificate.is_written() && g.certificate.value.is_none() {
        let opt_out = if version.pydantic2() { "`https: false` or `https: auto`" } else { "`https: false`" };
        out.push(
            Diagnostic::warning(
                Stage::Server,
                codes::GATEWAY_WITHOUT_CERTIFICATE,
                format!("a gateway without a certificate serves plain HTTP: every service on it needs {opt_out} (services default to HTTPS)"),
            )
            .at("certificate", g.certificate.range)
            .help("remove `certificate: null` to get a Let's Encrypt certificate"),
        );
    }
    out
}

/// The gateway the server creates: defaults filled in (`default`, certificate, replicas).
pub fn effective(g: &GatewayConfig, version: DstackVersion) -> Json {
    let v2 = version.pydantic2();
    let mut out = vec![("name".into(), Json::opt(g.name.value.clone()))];
    out.push(("backend".into(), Json::str(&g.backend.value)));
    out.push(("region".into(), Json::str(&g.region.value)));
    if v2 {
        let instance = g.instance_type.value.clone().unwrap_or_else(|| "<the backend's default>".into());
        out.push(("instance_type".into(), Json::Str(instance)));
    }
    out.extend(decided_entries(g, version));
    out.push(("domain".into(), Json::opt(g.domain.value.clone())));
    out.push(("https".into(), Json::Bool(g.certificate.value.is_some())));
    if v2 {
        out.push(("load_balancer".into(), Json::opt(g.load_balancer.value.clone())));
    }
    Json::Object(out)
}

/// What dstack decides when a field is not written: `default`, `public_ip`, `certificate` and
/// (0.22.5) `replicas`. Natively only `default`, the one of them two releases' readings are
/// compared on (`across_versions`); the page's module, built for size, builds them all.
pub fn decided(g: &GatewayConfig, version: DstackVersion) -> Json {
    if cfg!(target_arch = "wasm32") {
        return Json::Object(decided_entries(g, version));
    }
    Json::Object(vec![("default".into(), default(g))])
}

/// A gateway's `default` in words, for the notes on what two releases read differently.
pub(crate) fn say_default(v: &Json) -> Option<String> {
    Some(match v {
        Json::Bool(true) => "the project's default gateway".into(),
        Json::Bool(false) => "not the project's default gateway".into(),
        _ => "the project's default gateway unless it has one".into(),
    })
}

/// `default` as the server takes it: as written, else the gateway is the default of a project
/// that has none.
fn default(g: &GatewayConfig) -> Json {
    match g.default.value {
        Some(b) => Json::Bool(b),
        None => Json::str("<if the project has no default gateway>"),
    }
}

fn decided_entries(g: &GatewayConfig, version: DstackVersion) -> Vec<(crate::json::Key, Json)> {
    let certificate = match &g.certificate.value {
        None => Json::Null,
        Some(c) => {
            let mut fields = vec![("type".into(), Json::str(c.tag()))];
            match c {
                Certificate::Acm(arn) => fields.push(("arn".into(), Json::str(arn))),
                Certificate::GcpCm(name) => fields.push(("name".into(), Json::str(name))),
                Certificate::LetsEncrypt => {}
            }
            Json::Object(fields)
        }
    };
    let mut out = vec![
        ("default".into(), default(g)),
        ("public_ip".into(), Json::Bool(g.public_ip.value)),
        ("certificate".into(), certificate),
    ];
    if version.pydantic2() {
        out.push(("replicas".into(), Json::Int(replicas(g))));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::DstackVersion::{self, V0_18_37, V0_22_5};
    use crate::{Options, Severity, check};

    /// The server errors and warnings of a gateway: code, path and dstack's message.
    fn rules(version: DstackVersion, body: &str) -> Vec<(&'static str, String, Option<String>)> {
        let report = check(&format!("type: gateway\n{body}"), &Options { effective: false, version });
        assert!(report.parsed, "{body}: {:?}", report.diagnostics);
        report
            .diagnostics
            .into_iter()
            .filter(|d| d.code.starts_with("E3") || d.code.starts_with("W03"))
            .map(|d| (d.code, d.path, d.dstack))
            .collect()
    }

    fn effective(version: DstackVersion, body: &str) -> String {
        let report = check(&format!("type: gateway\n{body}"), &Options { effective: true, version });
        report.effective.map(|e| e.to_python_string()).unwrap_or_default()
    }

    const AWS: &str = "backend: aws\nregion: eu-west-1\ndomain: example.com\n";

    #[test]
    fn a_plain_gateway_passes() {
        assert_eq!(rules(V0_18_37, AWS), vec![]);
        assert_eq!(rules(V0_22_5, AWS), vec![]);
    }

    #[test]
    fn backends_without_gateways() {
        let body = "backend: lambda\nregion: us-east-1\ndomain: example.com\n";
        assert_eq!(
            rules(V0_18_37, body),
            vec![(
                "E340",
                "backend".into(),
                Some("Gateways are not supported for lambda backend. Supported backends: ['aws', 'azure', 'gcp', 'kubernetes'].".into())
            )]
        );
        assert_eq!(
            rules(V0_22_5, body)[0].2.as_deref(),
            Some(
                "Gateways are not supported for lambda backend. Available backends with gateway support: ['aws', 'azure', 'gcp', 'kubernetes']."
            )
        );
    }

    #[test]
    fn names_private_gateways_and_certificates() {
        let body = "name: My_GW\nbackend: gcp\nregion: europe-west9\ndomain: example.com\npublic_ip: false\n";
        let old = rules(V0_18_37, body);
        let codes: Vec<&str> = old.iter().map(|r| r.0).collect();
        assert_eq!(codes, ["E341", "E343", "E346"]);
        assert_eq!(
            old[1].2.as_deref(),
            Some("Private gateways are not supported for gcp backend. Supported backends: ['aws'].")
        );
        assert_eq!(old[2].1, "public_ip");
        assert_eq!(old[2].2.as_deref(), Some("lets-encrypt certificate type is not supported for private gateways"));
        // 0.22.5 has private gateways on gcp; Let's Encrypt still needs a public IP.
        let new: Vec<&str> = rules(V0_22_5, body).iter().map(|r| r.0).collect();
        assert_eq!(new, ["E341", "E346"]);
        let acm = "backend: gcp\nregion: r\ndomain: example.com\ncertificate: {type: acm, arn: x}\n";
        assert_eq!(
            rules(V0_18_37, acm)[0].2.as_deref(),
            Some("acm certificate type is supported for aws backend only")
        );
    }

    #[test]
    fn load_balancers_replicas_and_domains_of_0_22_5() {
        let alb = format!("{AWS}load_balancer: {{type: alb}}\n");
        assert_eq!(
            rules(V0_22_5, &alb),
            vec![(
                "E345",
                "load_balancer".into(),
                Some("`load_balancer: { type: alb }` can only be used with `certificate: null` or `certificate: { type: acm }`".into())
            )]
        );
        let gcp_cm = "backend: gcp\nregion: r\ndomain: example.com\ncertificate: {type: gcp-cm, name: n}\n";
        assert_eq!(
            rules(V0_22_5, gcp_cm)[0].2.as_deref(),
            Some("`certificate: { type: gcp-cm }` requires `load_balancer: { type: alb }`")
        );
        let azure_alb =
            "backend: azure\nregion: r\ndomain: example.com\nload_balancer: {type: alb}\ncertificate: null\n";
        let codes: Vec<&str> = rules(V0_22_5, azure_alb).iter().map(|r| r.0).collect();
        assert_eq!(codes, ["E345", "W037"]);
        let many = format!("{AWS}replicas: 10\n");
        let found = rules(V0_22_5, &many);
        assert_eq!(found[0].2.as_deref(), Some("Cannot provision 10 gateway replicas. This server allows at most 9"));
        assert_eq!(found[1].0, "E346");
        assert!(
            found[1]
                .2
                .as_deref()
                .is_some_and(|m| m.ends_with(" or `certificate: { type: acm, arn: <arn> }` (AWS ACM)"))
        );
        let domain = "backend: aws\nregion: r\ndomain: ${{ run.name }}.example.com\n";
        assert_eq!(
            rules(V0_22_5, domain),
            vec![(
                "E342",
                "domain".into(),
                Some(
                    "Cannot interpolate gateway domain name: Failed to interpolate due to missing vars: ['run.name']"
                        .into()
                )
            )]
        );
    }

    #[test]
    fn warnings_for_gateways_services_cannot_use() {
        let no_domain = "backend: aws\nregion: r\n";
        assert_eq!(rules(V0_22_5, no_domain), vec![("W035", "domain".into(), None)]);
        let variable = "backend: aws\nregion: r\ndomain: ${{ run.project_name }}.example.com\n";
        assert_eq!(rules(V0_18_37, variable), vec![("W036", "domain".into(), None)]);
        assert_eq!(rules(V0_22_5, variable), vec![]);
        assert_eq!(rules(V0_22_5, "backend: aws\nregion: r\ndomain: https://example.com\n")[0].0, "W036");
        assert_eq!(rules(V0_22_5, "backend: aws\nregion: r\ndomain: '*.'\n"), vec![("W035", "domain".into(), None)]);
        assert_eq!(rules(V0_22_5, "backend: aws\nregion: r\ndomain: '*.example.com'\n"), vec![]);
        let report = check(&format!("type: gateway\n{AWS}certificate: null\n"), &Options::default());
        let w037 = report.diagnostics.iter().find(|d| d.code == "W037").expect("W037");
        assert_eq!(w037.severity, Severity::Warning);
        assert!(w037.message.ends_with("needs `https: false` or `https: auto` (services default to HTTPS)"));
    }

    #[test]
    fn the_default_gateway_changed_between_releases() {
        let report = check(&format!("type: gateway\n{AWS}"), &Options::default());
        let notes: Vec<&str> =
            report.diagnostics.iter().filter(|d| d.code == "I003").map(|d| d.message.as_str()).collect();
        assert_eq!(
            notes,
            [
                "dstack 0.18.37 and 0.22.5 fill in different defaults: no `default` means not the project's default gateway vs the project's default gateway unless it has one"
            ]
        );
        let written = check(&format!("type: gateway\n{AWS}default: false\n"), &Options::default());
        assert!(written.diagnostics.iter().all(|d| d.code != "I003"));
    }

    #[test]
    fn the_typed_view_carries_values_and_ranges() {
        let text = "type: gateway\nbackend: gcp\nregion: r\ncertificate: {type: gcp-cm, name: n}\nload_balancer: {type: alb}\n";
        let root = crate::yaml::load(text, &crate::yaml::LoadLimits::default()).expect("YAML");
        let config = crate::model::validate(&root, V0_22_5).config.expect("a gateway");
        let crate::model::config::Configuration::Gateway(g) = config else { panic!("not a gateway: {config:?}") };
        assert_eq!(g.certificate.value, Some(crate::model::config::Certificate::GcpCm("n".into())));
        assert_eq!(g.load_balancer.value.as_deref(), Some("alb"));
        assert_eq!((g.default.value, g.public_ip.value, g.replicas.value), (None, true, None));
        assert_eq!(g.certificate.range, crate::Range::new(4, 14, 4, 37));
        assert!(!g.domain.is_written());
    }

    #[test]
    fn effective_gateways_of_each_release() {
        assert_eq!(
            effective(V0_18_37, AWS),
            r#"{"name": null, "backend": "aws", "region": "eu-west-1", "default": false, "public_ip": true, "certificate": {"type": "lets-encrypt"}, "domain": "example.com", "https": true}"#
        );
        assert_eq!(
            effective(V0_22_5, &format!("{AWS}certificate: null\nreplicas: 2\n")),
            r#"{"name": null, "backend": "aws", "region": "eu-west-1", "instance_type": "<the backend's default>", "default": "<if the project has no default gateway>", "public_ip": true, "certificate": null, "replicas": 2, "domain": "example.com", "https": false, "load_balancer": null}"#
        );
    }
}
