//! `type: service`: the run fields, `port`, `commands`, the gateway, the model endpoint, HTTPS
//! and auth, replicas and auto-scaling, and in 0.22.5 rate limits, probes and replica groups.

use super::coerce::{key_str, to_bool, to_str};
use super::ctx::{Ctx, Fail};
use super::newer_fields::entity_reference_field;
use super::path::Path;
use super::probes::parse_probes;
use super::rate_limits::parse_rate_limits;
use super::replica_groups::parse_replica_groups;
use super::scaling::{REPLICAS_CRASH, parse_replicas, parse_scaling, scaling_mismatch};
use super::service_model::parse_model;
use super::{Model, bool_field, fields_valid, ports};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// Validates the fields and rules of a service.
pub(super) fn validate(m: &mut Model, root: &Node) {
    let v2 = m.ctx.version.pydantic2();
    let legacy_groups = v2 && legacy_groups(m.entries);
    if v2 && !replicas_xor_groups(m.ctx, m.entries) {
        return;
    }
    m.unknown_keys();
    port(m, root);
    m.record_optional("gateway", gateway);
    m.record_required("strip_prefix", Json::Bool(true), "`true` or `false`", bool_field);
    m.record_optional("model", parse_model);
    https(m);
    m.record_required("auth", Json::Bool(true), "`true` or `false`", bool_field);
    m.record_optional("scaling", parse_scaling);
    m.record_required("rate_limits", Json::Array(vec![]), "a list of rate limits", parse_rate_limits);
    m.record_optional("probes", parse_probes);
    replicas(m, legacy_groups);
    m.type_field();
    m.run_fields();
    m.commands_field();
    m.profile_fields();
    if !v2 {
        rules_0_18(m, root);
    } else if fields_valid(m.ctx) {
        rules_0_22(m, root);
    }
}

/// dstack 0.22.5 reads a list under `replicas` as `groups` (the older spelling) when `groups`
/// is not given.
fn legacy_groups(entries: &[(Node, Node)]) -> bool {
    let value = |key: &str| entries.iter().find(|(k, _)| key_str(k) == Some(key)).map(|(_, v)| v.value());
    matches!(value("replicas"), Some(Value::Seq(_))) && value("groups").is_none_or(|g| matches!(g, Value::Null))
}

/// dstack 0.22.5's "before" rule: `replicas` and `groups` exclude each other, and when both are
/// given nothing else is checked.
fn replicas_xor_groups(ctx: &mut Ctx, entries: &[(Node, Node)]) -> bool {
    let given = |key: &str| entries.iter().find(|(k, v)| key_str(k) == Some(key) && !matches!(v.value(), Value::Null));
    let (Some(_), Some((groups_key, _))) = (given("replicas"), given("groups")) else { return true };
    ctx.fail(
        Path::root(),
        groups_key.span,
        Fail::new(
            codes::INVALID_REPLICA_GROUP,
            "`replicas` and `groups` cannot be used together: each replica group sets its own `replicas`",
            "Value error, `replicas` and `groups` are mutually exclusive",
        )
        .help("remove the top-level `replicas`"),
    );
    false
}

/// `port` (required): a number (served on the gateway's port 80), `"LOCAL:CONTAINER"` or
/// `{local_port, container_port}`.
fn port(m: &mut Model, root: &Node) {
    let Some(node) = m.get("port") else {
        let span = m.key_span("type", root);
        let f = Fail::new(
            codes::MISSING_FIELD,
            "a service needs `port`: the port its application listens on",
            "field required",
        )
        .help("add `port: 8000` (the port your server listens on)");
        m.ctx.fail(&Path::root().key("port"), span, f);
        m.emit("port", None);
        return;
    };
    let path = Path::root().key("port");
    let port = if matches!(node.value(), Value::Null) {
        m.ctx.fail(&path, node.span, super::null_fail("port", "the port the application listens on"));
        None
    } else {
        ports::parse_service_port(m.ctx, &path, node)
    };
    m.emit("port", port);
}

/// `gateway`: 0.18.37 takes a name or `false`; 0.22.5 also `true` (the default gateway),
/// `project/name` and `{project, name}`, read as a reference.
fn gateway(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let v2 = ctx.version.pydantic2();
    if let Ok(b) = to_bool(n, ctx.version) {
        if b && !v2 {
            let f = Fail::new(
                codes::INVALID_GATEWAY,
                "dstack 0.18.37 takes a gateway name or `false`, not `true`",
                "The `gateway` property must be a string or boolean `false`, not boolean `true`",
            )
            .help("remove `gateway` to use the default gateway, or write its name");
            ctx.fail(path, n.span, f);
            return None;
        }
        return Some(Json::Bool(b));
    }
    if v2 {
        return entity_reference_field(ctx, path, n);
    }
    match to_str(n, ctx.version) {
        Ok(name) => Some(Json::Str(name)),
        Err(mut f) => {
            f.code = codes::INVALID_GATEWAY;
            f.message = format!("expected a gateway name or `false`, found {}", super::coerce::describe(n));
            ctx.fail(path, n.span, f);
            None
        }
    }
}

/// `https`: a boolean; 0.22.5 also `auto` (HTTPS when the gateway has a certificate) and
/// leaves it null when omitted.
fn https(m: &mut Model) {
    let v2 = m.ctx.version.pydantic2();
    let parse = move |ctx: &mut Ctx, path: &Path, n: &Node| {
        if v2 && matches!(n.value(), Value::Str(s) if s == "auto") {
            return Some(Json::str("auto"));
        }
        ctx.ok(path, n, to_bool(n, ctx.version)).map(Json::Bool)
    };
    let https = if v2 {
        m.optional_with("https", parse)
    } else {
        m.required("https", Json::Bool(true), "`true` or `false`", parse)
    };
    m.emit("https", https);
}

/// `replicas` and `groups`. 0.18.37 defaults `replicas` to 1 and crashes when it is invalid
/// (null included); 0.22.5 leaves it null and reads a list as `groups`.
fn replicas(m: &mut Model, legacy_groups: bool) {
    if !m.ctx.version.pydantic2() {
        if let Some(node) = m.get("replicas")
            && matches!(node.value(), Value::Null)
        {
            let f = Fail::new(
                codes::INVALID_REPLICAS,
                "`replicas` cannot be empty (dstack 0.18.37 crashes on it)",
                REPLICAS_CRASH,
            )
            .help("remove `replicas` for one replica, or write a number");
            m.ctx.fail(&Path::root().key("replicas"), node.span, f);
            m.emit("replicas", None);
            return;
        }
        let one = Json::Object(vec![("min".into(), Json::Int(1)), ("max".into(), Json::Int(1))]);
        m.record_required("replicas", one, "a number of replicas", parse_replicas);
        return;
    }
    if legacy_groups {
        m.emit("replicas", Some(Json::Null));
        let node = m.get("replicas");
        let groups = node.and_then(|n| parse_replica_groups(m.ctx, &Path::root().key("groups"), n));
        m.emit("groups", groups);
        return;
    }
    m.record_optional("replicas", parse_replicas);
    m.record_optional("groups", parse_replica_groups);
}

/// dstack 0.18.37's root rules, which run even after a field failed: the replica range and
/// `scaling` agree, and there is something to run. When `replicas` failed dstack crashes in
/// the first one: the crash (reported at `replicas`) is then all it says.
fn rules_0_18(m: &mut Model, root: &Node) {
    if m.failed.contains(&"replicas") {
        let crash = |d: &crate::Diagnostic| d.dstack.as_deref() == Some(REPLICAS_CRASH);
        m.ctx.diags.retain(|d| d.severity != crate::Severity::Error || crash(d));
        return;
    }
    let scaling_given = !m.value("scaling").is_null();
    if let Some(f) = scaling_mismatch(m.value("replicas"), scaling_given) {
        let span = m.key_span(if scaling_given { "scaling" } else { "replicas" }, root);
        m.ctx.fail(Path::root(), span, f);
    }
    m.commands_or_image(root);
}

/// dstack 0.22.5's model rules, run when every field is valid; the first broken one is
/// reported: the replica range and `scaling` agree, then the replica groups' rules (which
/// replace the commands-or-image rule).
fn rules_0_22(m: &mut Model, root: &Node) {
    if !m.value("replicas").is_null() {
        let scaling_given = !m.value("scaling").is_null();
        if let Some(f) = scaling_mismatch(m.value("replicas"), scaling_given) {
            let span = m.key_span(if scaling_given { "scaling" } else { "replicas" }, root);
            m.ctx.fail(Path::root(), span, f);
            return;
        }
    }
    if let Json::Array(groups) = m.value("groups").clone() {
        m.replica_group_rules(root, &groups);
        return;
    }
    m.commands_or_image(root);
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Options, Severity, check};

    /// (code, path, message, dstack's message) of each error.
    fn errors(version: DstackVersion, text: &str) -> Vec<(String, String, String, String)> {
        check(text, &Options { effective: false, version })
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.code.to_string(), d.path, d.message, d.dstack.unwrap_or_default()))
            .collect()
    }

    const SERVICE: &str = "type: service\nport: 8000\ncommands: [python app.py]\n";

    #[test]
    fn keys_of_other_types_say_where_they_belong() {
        let found = errors(DstackVersion::V0_22_5, &format!("{SERVICE}ports: [8000]\n"));
        assert_eq!(
            found[0].2,
            "unknown key `ports` in a service: a service serves one `port` (e.g. `port: 8000`); `ports` belongs to tasks and dev environments"
        );
    }

    #[test]
    fn invalid_replicas_crash_0_18_37() {
        let found =
            errors(DstackVersion::V0_18_37, &format!("{SERVICE}replicas: 3..1\nscaling: {{metric: rps, target: 1}}\n"));
        assert_eq!(
            found,
            [(
                "E130".to_string(),
                "replicas".to_string(),
                "the range's minimum (3) is greater than its maximum (1) (dstack 0.18.37 crashes on it)".to_string(),
                "AttributeError: 'NoneType' object has no attribute 'min'".to_string()
            )]
        );
        let found =
            errors(DstackVersion::V0_22_5, &format!("{SERVICE}replicas: 1..\nscaling: {{metric: rps, target: 1}}\n"));
        assert_eq!(
            (found[0].0.as_str(), found[0].1.as_str(), found[0].3.as_str()),
            ("E130", "replicas", "Value error, The maximum number of replicas is required")
        );
    }

    #[test]
    fn gateway_forms() {
        let found = errors(DstackVersion::V0_18_37, &format!("{SERVICE}gateway: true\n"));
        assert_eq!(
            (found[0].0.as_str(), found[0].3.as_str()),
            ("E132", "The `gateway` property must be a string or boolean `false`, not boolean `true`")
        );
        assert_eq!(errors(DstackVersion::V0_22_5, &format!("{SERVICE}gateway: true\n")), []);
    }

    #[test]
    fn replica_group_rules_report_the_first_broken_one() {
        let text = "type: service\nport: 8000\nimage: x\ncommands: [a]\ngroups:\n  - {replicas: 1, image: y}\n";
        let found = errors(DstackVersion::V0_22_5, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].3,
            "Value error, Top-level `commands` is not allowed when `groups` is set. Specify `commands` in each replica group instead."
        );
    }
}
