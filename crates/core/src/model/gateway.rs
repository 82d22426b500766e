//! `type: gateway`: where the gateway runs (`backend`, `region`, `instance_type`), its domain,
//! `certificate` and `load_balancer` (unions chosen by `type`), `replicas` and `tags`.

use super::coerce::to_int;
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::resource_fields::{self, Member, NOT_A_BOOLEAN, non_null, tagged_union};
use super::{Model, bool_field, newer_fields};
use crate::codes;
use crate::json::Json;
use crate::yaml::Node;

/// The certificate types, in dstack's union order: `gcp-cm` is 0.22.5's.
const CERTIFICATES: [Member; 3] = [("lets-encrypt", &[]), ("acm", &["arn"]), ("gcp-cm", &["name"])];

/// The load balancer types (0.22.5).
const LOAD_BALANCERS: [Member; 1] = [("alb", &[])];

/// Validates the fields of a gateway.
pub(super) fn validate(m: &mut Model, root: &Node) {
    let v2 = m.ctx.version.pydantic2();
    m.unknown_keys();
    m.type_field();
    m.record_str("name");
    // 0.22.5 leaves `default` unset: the server decides (default unless one exists).
    let default = if v2 {
        m.optional_with("default", bool_field)
    } else {
        non_null(m, root, "default", Some(Json::Bool(false)), ("`true` or `false`", NOT_A_BOOLEAN), bool_field)
    };
    m.emit("default", default);
    let backend = resource_fields::backend(m, root);
    m.emit("backend", backend);
    let region =
        non_null(m, root, "region", None, ("a region name", resource_fields::NOT_A_STRING), resource_fields::text);
    m.emit("region", region);
    m.record_optional("instance_type", instance_type);
    m.record_str("domain");
    let public_ip =
        non_null(m, root, "public_ip", Some(Json::Bool(true)), ("`true` or `false`", NOT_A_BOOLEAN), bool_field);
    m.emit("public_ip", public_ip);
    m.record_optional("load_balancer", |ctx, path, n| {
        tagged_union(ctx, path, n, (&LOAD_BALANCERS, &[]), "load balancer")
    });
    let certificate = certificate(m);
    m.emit("certificate", certificate);
    m.record_optional("replicas", replicas);
    m.record_optional("tags", newer_fields::tags);
}

/// `certificate`: absent means Let's Encrypt, null means none.
fn certificate(m: &mut Model) -> Option<Json> {
    if m.get("certificate").is_none() {
        return Some(Json::Object(vec![("type".into(), Json::str("lets-encrypt"))]));
    }
    let union: (&[Member], &[(&str, &str)]) =
        if m.ctx.version.pydantic2() { (&CERTIFICATES, &[]) } else { (&CERTIFICATES[..2], &[("gcp-cm", "0.22")]) };
    m.optional_with("certificate", |ctx, path, n| tagged_union(ctx, path, n, union, "certificate"))
}

/// `instance_type` (0.22.5): text of at least one character.
fn instance_type(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let text = resource_fields::text(ctx, path, n)?;
    if matches!(&text, Json::Str(s) if s.is_empty()) {
        let f = Fail::new(
            codes::OUT_OF_BOUNDS,
            "`instance_type` cannot be empty",
            "String should have at least 1 character",
        )
        .help("remove `instance_type` to use the backend's default instance type");
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(text)
}

/// `replicas` (0.22.5): a whole number, at least 1.
fn replicas(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let count = ctx.ok(path, n, to_int(n, ctx.version))?;
    if count < 1 {
        let f = Fail::new(
            codes::OUT_OF_BOUNDS,
            format!("`replicas` must be at least 1, found {}", super::shorten(&count.to_string())),
            "ensure this value is greater than or equal to 1",
        )
        .help("remove `replicas` for one gateway instance");
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(count.json())
}
