//! The funnel: how many offers of the whole catalog remain after each constraint, which
//! constraint removed the last ones, and a concrete way out when none remain.

use serde::Serialize;

use crate::backends::{Allowed, Rule};
use crate::catalog::{Catalog, Row};
use crate::format;
use crate::matching::{Matched, Query, STEPS, Step};
use crate::requirements::Requirements;

/// One stage of the funnel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunnelStep {
    /// `catalog` for the start, else the configuration path of the constraint
    /// (`backends`, `resources.gpu`, `resources.gpu.count`, `spot_policy`, `max_price`, …).
    pub constraint: &'static str,
    /// What the configuration asks for, in dstack's notation (`any` when it asks nothing).
    pub requirement: String,
    /// Offers left after this constraint and all earlier ones.
    pub remaining: usize,
}

/// The funnel with its verdict.
pub(crate) struct Funnel {
    /// From the whole catalog to the final offer count.
    pub steps: Vec<FunnelStep>,
    /// The constraint after which no offer remained.
    pub blocked_by: Option<&'static str>,
    /// What to change to get offers, when none remain.
    pub suggestion: Option<String>,
}

/// The configuration path a step is named after.
fn constraint(step: Step) -> &'static str {
    match step {
        Step::Backends => "backends",
        Step::Gpu => "resources.gpu",
        Step::GpuCount => "resources.gpu.count",
        Step::GpuMemory => "resources.gpu.memory",
        Step::Cpu => "resources.cpu",
        Step::Memory => "resources.memory",
        Step::Disk => "resources.disk",
        Step::Spot => "spot_policy",
        Step::Price => "max_price",
        Step::Regions => "regions",
        Step::InstanceTypes => "instance_types",
    }
}

/// The start of every funnel: the offers of the release's market.
fn start(catalog: &Catalog, req: &Requirements) -> FunnelStep {
    FunnelStep { constraint: "catalog", requirement: "all offers".into(), remaining: catalog.offers(req.version) }
}

/// The funnel of a configuration with `creation_policy: reuse` (or, under 0.22.5, `instances`),
/// which searches no offers.
pub(crate) fn reuse(catalog: &Catalog, req: &Requirements) -> Funnel {
    let (constraint, requirement, suggestion) = if req.reuse {
        (
            "creation_policy",
            "reuse",
            "`creation_policy: reuse` only uses instances of existing fleets; remove it (or use \
             `reuse-or-create`) to let dstack provision one of the catalog's offers",
        )
    } else {
        (
            "instances",
            "listed instances",
            "`instances` only uses the listed instances of existing fleets; remove it to let dstack \
             provision one of the catalog's offers",
        )
    };
    Funnel {
        steps: vec![start(catalog, req), FunnelStep { constraint, requirement: requirement.into(), remaining: 0 }],
        blocked_by: Some(constraint),
        suggestion: Some(suggestion.into()),
    }
}

/// Builds the funnel of the candidate rows from their matching result.
pub(crate) fn build(
    req: &Requirements,
    allowed: &Allowed,
    query: &Query,
    catalog: &Catalog,
    matched: &Matched,
) -> Funnel {
    // Offer keys per level; a key is still there after step k when its best row passed k.
    let mut per_level = [0usize; STEPS.len() + 1];
    for &level in &matched.group_levels {
        per_level[usize::from(level)] += 1;
    }
    let mut steps = vec![start(catalog, req)];
    let mut left = query.offer_keys();
    for (k, step) in STEPS.iter().enumerate() {
        left = left.saturating_sub(per_level[k]);
        steps.push(FunnelStep {
            constraint: constraint(*step),
            requirement: requirement(req, allowed, *step),
            remaining: left,
        });
    }
    let blocked = STEPS.iter().enumerate().find(|(k, _)| steps[k + 1].remaining == 0);
    let (blocked_by, suggestion) = match blocked {
        Some((k, step)) => {
            let level = u8::try_from(k).unwrap_or(u8::MAX);
            let rows: Vec<&Row> = query.rows().iter().filter(|r| query.level(r) == level).collect();
            let before = steps[k].remaining;
            (Some(constraint(*step)), Some(suggest(req, allowed, query, catalog, *step, &rows, before)))
        }
        None => (None, None),
    };
    Funnel { steps, blocked_by, suggestion }
}

/// What the configuration asks for at `step`.
fn requirement(req: &Requirements, allowed: &Allowed, step: Step) -> String {
    let any = || "any".to_string();
    let gpu = req.gpu.as_ref();
    match step {
        Step::Backends => match &allowed.list {
            None => any(),
            Some(l) if l.is_empty() => "none".into(),
            Some(l) => l.join(", "),
        },
        Step::Gpu => {
            let Some(g) = gpu else { return any() };
            let mut parts = Vec::new();
            if let Some(v) = &g.vendor {
                parts.push(if g.vendor_inferred { format!("{v} (inferred)") } else { v.clone() });
            }
            if let Some(names) = &g.names {
                parts.push(if names.is_empty() { "no name".into() } else { names.join(" or ") });
            }
            if let Some((major, minor)) = g.compute_capability {
                parts.push(format!("compute capability {major}.{minor}+"));
            }
            if parts.is_empty() { any() } else { parts.join(", ") }
        }
        Step::GpuCount => gpu.map_or_else(any, |g| if g.count.is_open() { any() } else { format::range(&g.count, "") }),
        Step::GpuMemory => {
            let Some(g) = gpu else { return any() };
            let mut parts = Vec::new();
            if !g.memory.is_open() {
                parts.push(format!("{} per GPU", format::range(&g.memory, "GB")));
            }
            if !g.total_memory.is_open() {
                parts.push(format!("{} in total", format::range(&g.total_memory, "GB")));
            }
            if parts.is_empty() { any() } else { parts.join(", ") }
        }
        Step::Cpu => {
            let count = if req.cpu.is_open() { any() } else { format::range(&req.cpu, "") };
            match req.arm {
                Some(arm) => format!("{count} ({})", if arm { "arm" } else { "x86" }),
                None => count,
            }
        }
        Step::Memory => {
            if req.memory.is_open() {
                any()
            } else {
                format::range(&req.memory, "GB")
            }
        }
        Step::Disk => req.disk.filter(|d| !d.is_open()).map_or_else(any, |d| format::range(&d, "GB")),
        Step::Spot => {
            let kind = match (req.spot, req.spot_policy.as_deref()) {
                (Some(true), _) => "spot".to_string(),
                (Some(false), None) => format!("on-demand ({} default)", req.kind.noun()),
                (Some(false), _) => "on-demand".to_string(),
                (None, _) => "spot or on-demand".to_string(),
            };
            match (req.reservation, req.newer()) {
                (true, false) => format!("{kind}; no AWS spot (reservation)"),
                (true, true) => format!("{kind}; no AWS or GCP spot (reservation)"),
                (false, _) => kind,
            }
        }
        Step::Price => req.max_price.map_or_else(any, |p| format!("up to {}", format::price(p))),
        Step::Regions => {
            let regions =
                req.regions.as_ref().map_or_else(any, |r| if r.is_empty() { "none".into() } else { r.join(", ") });
            match &req.availability_zones {
                Some(z) => format!("{regions}; zones: {}", if z.is_empty() { "none".into() } else { z.join(", ") }),
                None => regions,
            }
        }
        Step::InstanceTypes => {
            req.instance_types.as_ref().map_or_else(any, |r| if r.is_empty() { "none".into() } else { r.join(", ") })
        }
    }
}

/// Sorted distinct values.
fn distinct<T: PartialOrd + Clone>(mut v: Vec<T>) -> Vec<T> {
    dstack_core::order::sort_by(&mut v, |a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.dedup_by(|a, b| a == b);
    v
}

/// Distinct names ordered by the cheapest row that has them, each with that price.
fn cheapest_first(catalog: &Catalog, rows: &[&Row], name: impl Fn(&Row) -> &'static str) -> Vec<String> {
    let mut by_price: Vec<(f64, &'static str)> = rows.iter().map(|r| (catalog.price(r), name(r))).collect();
    dstack_core::order::sort_by(&mut by_price, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (price, n) in by_price {
        if !seen.contains(&n) {
            seen.push(n);
            out.push(format!("{n} ({})", format::price(price)));
        }
    }
    out
}

/// A concrete way out when `step` removed the last `before` offers; `rows` are the candidate
/// rows that passed every earlier step (all of which `step` rejects).
fn suggest(
    req: &Requirements,
    allowed: &Allowed,
    query: &Query,
    catalog: &Catalog,
    step: Step,
    rows: &[&Row],
    before: usize,
) -> String {
    let what = requirement(req, allowed, step);
    let gb = |v: &f64| format!("{}GB", format::number(*v));
    let span = |values: Vec<f64>, unit: &str| {
        let v = distinct(values);
        match (v.first(), v.last()) {
            (Some(lo), Some(hi)) => format!("{}{unit} to {}{unit}", format::number(*lo), format::number(*hi)),
            _ => "nothing".into(),
        }
    };
    match step {
        Step::Backends => backends_suggestion(req, allowed, catalog),
        Step::Gpu => {
            // Matching GPUs that only backends outside the allowed set offer.
            let elsewhere: Vec<&str> = distinct(
                query
                    .rows()
                    .iter()
                    .filter(|r| query.passes(r, Step::Gpu))
                    .map(|r| catalog.backend_of(r, req.version))
                    .collect(),
            );
            if elsewhere.is_empty() {
                let names = distinct(rows.iter().filter_map(|r| catalog.gpu_name(r).map(|g| g.name)).collect());
                format!("no offer has a GPU matching `{what}`; GPUs offered: {}", format::list(&names, 40))
            } else {
                format!(
                    "GPUs matching `{what}` are offered only by {}, which the backend set ({}) excludes",
                    elsewhere.join(", "),
                    requirement(req, allowed, Step::Backends)
                )
            }
        }
        Step::GpuCount => {
            let counts: Vec<String> =
                distinct(rows.iter().map(|r| r.gpu_count).collect()).iter().map(u8::to_string).collect();
            format!("no offer with the requested GPU has {what} of them; available counts: {}", counts.join(", "))
        }
        Step::GpuMemory => {
            let per_gpu = distinct(
                rows.iter().filter(|r| r.gpu_count > 0).filter_map(|r| catalog.number(r.gpu_memory)).collect(),
            );
            let shown: Vec<String> = per_gpu.iter().map(gb).collect();
            format!("no offer with the requested GPU has {what}; available memory per GPU: {}", shown.join(", "))
        }
        Step::Cpu => format!(
            "`cpu: {what}` excludes all {before} remaining offers; they have {} vCPUs",
            span(rows.iter().map(|r| f64::from(r.cpu)).collect(), "")
        ),
        Step::Memory => format!(
            "`memory: {what}` excludes all {before} remaining offers; they have {} of RAM",
            span(rows.iter().filter_map(|r| catalog.number(r.memory)).collect(), "GB")
        ),
        Step::Disk => {
            let disks: Vec<String> =
                distinct(rows.iter().filter_map(|r| catalog.number(r.disk)).collect()).iter().map(gb).collect();
            format!(
                "`disk: {what}` excludes all {before} remaining offers: they come with fixed disks of {}",
                disks.join(", ")
            )
        }
        Step::Spot => {
            let spot_rows = rows.iter().filter(|r| r.spot).count();
            match req.spot {
                // Spot rows reached this step, so the reservation removed them.
                Some(true) if spot_rows > 0 => format!(
                    "a reservation uses AWS on-demand capacity only, so `spot_policy: spot` excludes all {before} \
                     remaining offers; use `spot_policy: auto` or remove the reservation"
                ),
                Some(true) => format!(
                    "`spot_policy: spot` excludes all {before} remaining offers, which are on-demand; \
                     use `spot_policy: auto` to accept on-demand offers too"
                ),
                None => format!(
                    "a reservation uses AWS on-demand capacity only, and all {before} remaining offers are AWS spot offers"
                ),
                Some(false) => format!(
                    "all {before} remaining offers are spot offers and the spot policy is {what}; \
                     use `spot_policy: spot` or `spot_policy: auto`"
                ),
            }
        }
        Step::Price => {
            let cheapest = rows.iter().map(|r| catalog.price(r)).min_by(f64::total_cmp).unwrap_or(f64::NAN);
            let max = req.max_price.map_or_else(String::new, format::number);
            format!(
                "max_price {max} excludes all {before} matching offers; the cheapest costs {}",
                format::price(cheapest)
            )
        }
        Step::Regions => {
            let regions = cheapest_first(catalog, rows, |r| catalog.region(r));
            let asked = req.regions.as_deref().map(format::yaml_list).unwrap_or_default();
            format!(
                "`regions: {asked}` excludes all {before} matching offers; they are in {}",
                format::list(&regions, 5)
            )
        }
        Step::InstanceTypes => {
            let types = cheapest_first(catalog, rows, |r| catalog.instance(r));
            let asked = req.instance_types.as_deref().map(format::yaml_list).unwrap_or_default();
            format!(
                "`instance_types: {asked}` excludes all {before} matching offers; matching instance types: {}",
                format::list(&types, 5)
            )
        }
    }
}

/// Why the backend set admits no catalog offer.
fn backends_suggestion(req: &Requirements, allowed: &Allowed, catalog: &Catalog) -> String {
    let mut names = catalog.backend_names(req.version);
    dstack_core::order::sort(&mut names);
    let with_offers =
        |list: &[&str]| -> Vec<&'static str> { names.iter().copied().filter(|b| list.contains(b)).collect() };
    let written = req.backends.as_deref().map(format::yaml_list);
    let mut why: Vec<String> = allowed
        .rules
        .iter()
        .map(|rule| {
            let (cause, kind) = match rule {
                Rule::Multinode => (format!("`nodes: {}`", req.nodes), "backends that support clusters"),
                Rule::CreateInstance if req.privileged => {
                    ("`privileged: true`".to_string(), "backends that create VMs")
                }
                Rule::CreateInstance => ("an instance volume".to_string(), "backends that create VMs"),
                Rule::Reservation if req.newer() => ("a reservation".to_string(), "AWS or GCP"),
                Rule::Reservation => ("a reservation".to_string(), "AWS"),
            };
            format!("{cause} needs {kind} ({})", with_offers(rule.allowed(req.version)).join(", "))
        })
        .collect();
    match (written, why.is_empty()) {
        (Some(w), _) if req.backends.as_ref().is_some_and(Vec::is_empty) && allowed.rules.is_empty() => {
            format!("`backends: {w}` allows no backend; remove it or list the backends to use")
        }
        (Some(w), true) => {
            format!("no catalog offer comes from `backends: {w}`; backends with offers: {}", names.join(", "))
        }
        (Some(w), false) => {
            why.push(format!("none of them is in `backends: {w}`"));
            why.join("; ")
        }
        (None, _) => why.join("; "),
    }
}
