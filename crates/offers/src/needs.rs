//! What a configuration that starts no run needs instead of offers: a gateway or a volume lives
//! in one backend and region, which the bundled catalog may or may not know; a cloud fleet's
//! instances are matched like a task's (its resources and profile fields are a job's
//! requirements); an SSH fleet and a preset need no offers.

use std::borrow::Cow;

use dstack_core::model::ConfigType;
use dstack_core::{DstackVersion, Json};

use crate::catalog::Catalog;
use crate::format;

/// The explanation for a fleet, gateway, volume or preset; `None` for other types.
pub(crate) fn needs(normalized: &Json, catalog: &Catalog, version: DstackVersion) -> Option<String> {
    let ty = normalized.get("type").and_then(Json::as_str).and_then(ConfigType::from_tag)?;
    match ty {
        ConfigType::Gateway | ConfigType::Volume => Some(place(normalized, ty, catalog, version)),
        ConfigType::Fleet => Some(fleet(normalized, catalog, version)),
        ConfigType::Preset => {
            Some("a preset describes a model benchmark and starts no run of its own, so it gets no offers".into())
        }
        _ => None,
    }
}

/// A string field of the normalized configuration, when set and not empty.
fn text<'a>(normalized: &'a Json, key: &str) -> Option<&'a str> {
    normalized.get(key).and_then(Json::as_str).filter(|s| !s.is_empty())
}

/// Whether the catalog knows the backend and region a gateway or volume is created in.
fn place(normalized: &Json, ty: ConfigType, catalog: &Catalog, version: DstackVersion) -> String {
    let noun = ty.noun();
    let backend = text(normalized, "backend").unwrap_or_default();
    let lead = format!("a {noun} is created in one backend and region, not on offers");
    // The release's market: 0.18.37's candidate rows, every row under 0.22.5.
    let rows = if version.pydantic2() { catalog.rows } else { catalog.candidate_rows() };
    let mut backends: Vec<&str> = rows.iter().map(|r| catalog.backend_of(r, version)).collect();
    dstack_core::order::sort(&mut backends);
    backends.dedup();
    if !backends.contains(&backend) {
        return format!(
            "{lead}: the bundled catalog has no `{backend}` offers (backends with offers: {}), so runs \
             beside it cannot be estimated",
            backends.join(", ")
        );
    }
    let in_backend = || rows.iter().filter(|r| catalog.backend_of(r, version) == backend);
    let Some(region) = text(normalized, "region") else {
        return format!("{lead}: the bundled catalog has `{backend}` offers");
    };
    let here = in_backend().filter(|r| catalog.region(r) == region).count();
    if here > 0 {
        return format!("{lead}: the bundled catalog knows `{backend}` region `{region}` ({here} catalog rows there)");
    }
    let mut regions: Vec<&str> = in_backend().map(|r| catalog.region(r)).collect();
    dstack_core::order::sort(&mut regions);
    regions.dedup();
    format!(
        "{lead}: the bundled catalog has `{backend}` offers but none in region `{region}`; its `{backend}` \
         regions: {}",
        format::list(&regions, 12)
    )
}

/// A fleet: SSH hosts need no offers; a cloud fleet's instances get the offers of a task with
/// its resources and profile fields (dstack's fleet requirements: spot default on-demand, backends
/// that create VMs, multi-node with `placement: cluster` as when dstack provisions the fleet).
fn fleet(normalized: &Json, catalog: &Catalog, version: DstackVersion) -> String {
    if normalized.get("ssh_config").is_some_and(|s| !s.is_null()) {
        return "an SSH fleet uses the listed on-premises hosts as they are: no offers from the catalog".into();
    }
    let nodes = normalized.get("nodes");
    let bound = |key: &str| nodes.and_then(|n| n.get(key)).and_then(Json::as_int_clamped);
    let count = match (bound("min"), bound("max")) {
        (Some(lo), Some(hi)) if lo == hi => lo.to_string(),
        (lo, hi) => format!("{}..{}", lo.unwrap_or(0), hi.map_or(String::new(), |h| h.to_string())),
    };
    let cluster = normalized.get("placement").and_then(Json::as_str) == Some("cluster");
    // Fleet instances come from backends that create VMs, the list of privileged runs; 0.22.5
    // lifts that when the fleet starts with no node (`nodes.target` 0).
    let target = bound("target").or(bound("min"));
    let vms_only = !(version.pydantic2() && target == Some(0));
    let mut task: Vec<(Cow<'static, str>, Json)> = vec![
        ("type".into(), Json::str("task")),
        ("nodes".into(), Json::Int(if cluster { 2 } else { 1 })),
        ("privileged".into(), Json::Bool(vms_only)),
    ];
    // A fleet runs no image: no default-image vendor or architecture (0.22.5's job rules).
    if version.pydantic2() {
        task.push(("image".into(), Json::str("fleet")));
    }
    let keys = [
        "resources",
        "backends",
        "regions",
        "instance_types",
        "spot_policy",
        "max_price",
        "reservation",
        "availability_zones",
    ];
    for key in keys {
        if let Some(v) = normalized.get(key).filter(|v| !v.is_null()) {
            task.push((key.into(), v.clone()));
        }
    }
    let estimate = crate::estimate(&Json::Object(task), catalog, version);
    let lead = format!(
        "a cloud fleet provisions {count} instance(s) from offers matched like a task's resources and profile fields"
    );
    match (estimate.count, estimate.price_min) {
        (0, _) | (_, None) => format!("{lead}: no catalog offer matches them"),
        (n, Some(price)) => format!("{lead}: {n} offer(s), from {} per instance", format::price(price)),
    }
}
