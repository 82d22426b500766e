//! S3–S5 of the contract: gpuhunt's `matches` per row (0.0.19, or 0.1.34 under dstack 0.22.5),
//! the reservation rule, one offer per (backend, region, instance type, spot) and the order, with
//! the backend (and its capability rules), region, zone and instance-type filters folded in as
//! per-row checks (they only look at the offer key).
//!
//! Each row gets a *level*: how many funnel steps, in [`STEPS`] order, it passes before the first
//! one it fails. A row matches when it passes them all; the funnel counts offer keys per level.

use dstack_core::yaml::lower::Lower;
use std::collections::HashSet;

use crate::backends::Allowed;
use crate::catalog::{Catalog, Row, TRAIT_ARM, TRAIT_DWS_CALENDAR, TRAIT_RUNPOD_CLUSTER, VENDORS};
use crate::requirements::{Bounds, Requirements};

/// A constraint of the funnel, in the order the funnel applies them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// The allowed backend set (S1).
    Backends,
    /// GPU vendor, names and compute capability.
    Gpu,
    /// GPU count.
    GpuCount,
    /// Memory per GPU and in total.
    GpuMemory,
    /// vCPUs.
    Cpu,
    /// RAM.
    Memory,
    /// Fixed disk of the row.
    Disk,
    /// Spot policy, and the reservation's exclusion of AWS spot rows.
    Spot,
    /// `max_price`.
    Price,
    /// Profile `regions`.
    Regions,
    /// Profile `instance_types`.
    InstanceTypes,
}

/// What dstack 0.22.5 adds to the query and the backends' offer filters (§V.8, §V.9).
struct Newer {
    /// Required CPU architecture: ARM or not; `None`: any.
    arm: Option<bool>,
    /// The query's minimum GPU count is exactly 0: rows without GPU skip the GPU checks.
    cpu_only_passes: bool,
    /// Backend index of `vastai`, whose numbers are compared unrounded.
    vastai: Option<u8>,
    /// Backend index of `runpod`.
    runpod: Option<u8>,
    /// Backend index of `jarvislabs`.
    jarvislabs: Option<u8>,
    /// A multi-node job.
    multinode: bool,
    /// `reservation` is set (GCP DWS calendar-mode offers need one).
    reservation_set: bool,
    /// Per offer key: one of its zones is in `availability_zones` (`None`: no filter).
    zones: Option<Vec<bool>>,
}

/// Jarvislabs regions that can host clusters (its VPC regions).
const JARVISLABS_CLUSTER_REGIONS: [&str; 2] = ["india-chennai-01", "india-noida-01"];

/// gpuhunt 0.1.34 compares dstack's memory in whole MiB: `round(gb * 1024) / 1024`.
fn whole_mib(gb: f64) -> f64 {
    (gb * 1024.0).round_ties_even() / 1024.0
}

/// All steps, in funnel order; a row that passes all of them matches.
pub(crate) const STEPS: [Step; 11] = [
    Step::Backends,
    Step::Gpu,
    Step::GpuCount,
    Step::GpuMemory,
    Step::Cpu,
    Step::Memory,
    Step::Disk,
    Step::Spot,
    Step::Price,
    Step::Regions,
    Step::InstanceTypes,
];

/// Level of a row that passes every step.
pub(crate) const MATCHED: u8 = STEPS.len() as u8;

/// The GPU part of the query, resolved against the catalog's tables.
struct GpuQuery {
    /// Required vendor code; `Some(None)` is a vendor no row can have.
    vendor: Option<Option<u8>>,
    /// Per catalog GPU name: accepted by the name list (`None`: no name filter).
    names: Option<Vec<bool>>,
    /// Minimum (major, minor).
    compute_capability: Option<(i128, i128)>,
    /// GPU count.
    count: Bounds,
    /// Memory per GPU.
    memory: Bounds,
    /// Memory of all GPUs.
    total_memory: Bounds,
}

/// The requirements translated into per-row checks over one catalog.
pub(crate) struct Query<'c> {
    /// The catalog whose table indices the filters use.
    catalog: &'c Catalog,
    /// Per catalog backend: in the allowed set.
    backends: Vec<bool>,
    /// `None` when the configuration has no GPU requirement.
    gpu: Option<GpuQuery>,
    /// vCPUs.
    cpu: Bounds,
    /// RAM.
    memory: Bounds,
    /// Disk size, when `resources.disk` is set.
    disk: Option<Bounds>,
    /// Required spot flag, or either.
    spot: Option<bool>,
    /// Backends (`aws`; 0.22.5: and `gcp`) whose spot rows a reservation removes.
    no_spot_backends: Vec<u8>,
    /// `max_price` as an upper bound.
    price: Bounds,
    /// Per catalog region: listed in `regions` (`None`: no filter).
    regions: Option<Vec<bool>>,
    /// Per catalog instance type: listed in `instance_types` (`None`: no filter).
    instances: Option<Vec<bool>>,
    /// 0.22.5's rules; `None` under 0.18.37.
    newer: Option<Newer>,
}

/// Marks which entries of a catalog string table appear in `wanted`: exactly, or (0.22.5) in
/// any letter case.
fn table_filter(table: &[&str], wanted: Option<&Vec<String>>, any_case: bool) -> Option<Vec<bool>> {
    let fold = |s: &str| if any_case { s.lower() } else { s.to_string() };
    let wanted: Vec<String> = wanted?.iter().map(|s| fold(s)).collect();
    // A set: the list may be as long as the file allows, the table has thousands of entries.
    let wanted: HashSet<&str> = wanted.iter().map(String::as_str).collect();
    Some(table.iter().map(|t| wanted.contains(fold(t).as_str())).collect())
}

/// Per offer key of the whole catalog: one of its rows is in a zone of `wanted` (any case).
fn zone_filter(catalog: &Catalog, wanted: &[String]) -> Vec<bool> {
    let wanted: Vec<String> = wanted.iter().map(|z| z.lower()).collect();
    let wanted: HashSet<&str> = wanted.iter().map(String::as_str).collect();
    let mut out = vec![false; catalog.all_groups];
    for row in catalog.rows {
        if let Some(suffix) = catalog.zone(row) {
            let zone = format!("{}-{suffix}", catalog.region(row)).lower();
            out[usize::from(row.group)] |= wanted.contains(zone.as_str());
        }
    }
    out
}

impl<'c> Query<'c> {
    /// Builds the query of `req` with the allowed backend set `allowed`.
    pub fn new(req: &Requirements, allowed: &Allowed, catalog: &'c Catalog) -> Query<'c> {
        let gpu = req.gpu.as_ref().map(|g| {
            let lower: Option<Vec<String>> = g.names.as_ref().map(|n| n.iter().map(|s| s.lower()).collect());
            GpuQuery {
                // Code 0 stands for "no accelerator": no vendor name maps to it.
                vendor: g
                    .vendor
                    .as_ref()
                    .map(|v| VENDORS.iter().skip(1).position(|x| x == v).and_then(|i| u8::try_from(i + 1).ok())),
                names: lower.map(|l| catalog.gpu_names.iter().map(|n| l.iter().any(|x| x == n.lower)).collect()),
                compute_capability: g.compute_capability,
                count: g.count,
                memory: g.memory,
                total_memory: g.total_memory,
            }
        });
        let names = catalog.backend_names(req.version);
        let index = |name: &str| names.iter().position(|b| *b == name).and_then(|i| u8::try_from(i).ok());
        let no_spot: &[&str] = if req.newer() { &["aws", "gcp"] } else { &["aws"] };
        let newer = req.newer();
        Query {
            catalog,
            backends: names.iter().map(|b| allowed.contains(b)).collect(),
            gpu,
            cpu: req.cpu,
            memory: req.memory,
            disk: req.disk,
            spot: req.spot,
            no_spot_backends: if req.reservation {
                no_spot.iter().filter_map(|b| index(b)).collect()
            } else {
                Vec::new()
            },
            price: Bounds { min: None, max: req.max_price },
            regions: table_filter(catalog.regions, req.regions.as_ref(), newer),
            instances: table_filter(catalog.instances, req.instance_types.as_ref(), newer),
            newer: newer.then(|| Newer {
                arm: req.arm,
                cpu_only_passes: req.gpu.as_ref().is_some_and(|g| g.count.min == Some(0.0)),
                vastai: index("vastai"),
                runpod: index("runpod"),
                jarvislabs: index("jarvislabs"),
                multinode: req.nodes > 1,
                reservation_set: req.reservation_set,
                zones: req.availability_zones.as_deref().map(|z| zone_filter(catalog, z)),
            }),
        }
    }

    /// The rows this release's market holds: 0.18.37's candidates, or every row under 0.22.5.
    pub fn rows(&self) -> &'static [Row] {
        if self.newer.is_some() { self.catalog.rows } else { self.catalog.candidate_rows() }
    }

    /// The offer keys of [`Query::rows`]: they are numbered `0..offer_keys()`.
    pub fn offer_keys(&self) -> usize {
        if self.newer.is_some() { self.catalog.all_groups } else { self.catalog.candidate_groups }
    }

    /// The row's memory figure as the release compares it: 0.22.5 rounds to whole MiB, except
    /// for Vast.ai, whose offers gpuhunt filters unconverted.
    fn compared(&self, row: &Row, gb: f64) -> f64 {
        match &self.newer {
            Some(n) if n.vastai != Some(row.backend) => whole_mib(gb),
            _ => gb,
        }
    }

    /// 0.22.5: a row without GPU skips the GPU checks when the query accepts 0 GPUs.
    fn skips_gpu(&self, row: &Row) -> bool {
        self.newer.as_ref().is_some_and(|n| n.cpu_only_passes && row.gpu_count == 0)
    }

    /// 0.22.5's backend offer filters (rule 29): RunPod cluster offers only for multi-node
    /// jobs and others only for single-node ones, Jarvislabs clusters only in its VPC regions,
    /// GCP DWS calendar-mode offers only with a reservation.
    fn backend_filters(&self, n: &Newer, row: &Row) -> bool {
        let runpod_ok = n.runpod != Some(row.backend) || (row.traits & TRAIT_RUNPOD_CLUSTER != 0) == n.multinode;
        let jarvislabs_ok = n.jarvislabs != Some(row.backend)
            || !n.multinode
            || JARVISLABS_CLUSTER_REGIONS.contains(&self.catalog.region(row));
        let gcp_ok = row.traits & TRAIT_DWS_CALENDAR == 0 || n.reservation_set;
        runpod_ok && jarvislabs_ok && gcp_ok
    }

    /// Whether `row` passes `step`.
    pub fn passes(&self, row: &Row, step: Step) -> bool {
        let c = self.catalog;
        let newer = self.newer.as_ref();
        match step {
            Step::Backends => {
                self.backends[usize::from(row.backend)] && newer.is_none_or(|n| self.backend_filters(n, row))
            }
            _ if matches!(step, Step::Gpu | Step::GpuCount | Step::GpuMemory) && self.skips_gpu(row) => true,
            Step::Gpu => self.gpu.as_ref().is_none_or(|g| self.gpu_kind(g, row)),
            Step::GpuCount => self.gpu.as_ref().is_none_or(|g| g.count.contains(f64::from(row.gpu_count))),
            Step::GpuMemory => self.gpu.as_ref().is_none_or(|g| {
                // gpuhunt counts the memory of a CPU-only row as 0.
                let per_gpu =
                    if row.gpu_count > 0 { self.compared(row, c.number(row.gpu_memory).unwrap_or(0.0)) } else { 0.0 };
                let total = if row.gpu_count > 0 { f64::from(row.gpu_count) * per_gpu } else { 0.0 };
                g.memory.contains(per_gpu) && g.total_memory.contains(total)
            }),
            Step::Cpu => {
                self.cpu.contains(f64::from(row.cpu))
                    && newer.and_then(|n| n.arm).is_none_or(|arm| arm == (row.traits & TRAIT_ARM != 0))
            }
            Step::Memory => c.number(row.memory).is_some_and(|m| self.memory.contains(self.compared(row, m))),
            // A row without a fixed disk passes: dstack sizes the disk itself.
            Step::Disk => {
                self.disk.is_none_or(|d| c.number(row.disk).is_none_or(|size| d.contains(self.compared(row, size))))
            }
            Step::Spot => {
                self.spot.is_none_or(|s| row.spot == s) && !(row.spot && self.no_spot_backends.contains(&row.backend))
            }
            Step::Price => self.price.contains(c.price(row)),
            Step::Regions => {
                self.regions.as_ref().is_none_or(|r| r[usize::from(row.region)])
                    && newer.and_then(|n| n.zones.as_ref()).is_none_or(|z| z[usize::from(row.group)])
            }
            Step::InstanceTypes => self.instances.as_ref().is_none_or(|i| i[usize::from(row.instance)]),
        }
    }

    /// Vendor, name and compute-capability checks (gpuhunt steps 5, 7 and 8).
    fn gpu_kind(&self, g: &GpuQuery, row: &Row) -> bool {
        if g.vendor.is_some_and(|v| v != Some(row.vendor)) {
            return false;
        }
        let name = self.catalog.gpu_name(row);
        if let Some(accepted) = &g.names
            && (name.is_none() || !accepted[usize::from(row.gpu_name)])
        {
            return false;
        }
        match g.compute_capability {
            None => true,
            Some(min) => {
                let nvidia = VENDORS[usize::from(row.vendor)] == "nvidia";
                let cc = name.and_then(|n| n.nvidia_cc).map(|(a, b)| (i128::from(a), i128::from(b)));
                nvidia && cc.is_some_and(|cc| cc >= min)
            }
        }
    }

    /// How many steps `row` passes before the first one it fails ([`MATCHED`] = all).
    pub fn level(&self, row: &Row) -> u8 {
        let mut level = 0;
        for step in STEPS {
            if !self.passes(row, step) {
                break;
            }
            level += 1;
        }
        level
    }
}

/// The outcome of matching one set of rows.
pub(crate) struct Matched {
    /// Indices (into `Catalog::rows`) of the offers' representative rows, in offer order.
    pub offers: Vec<usize>,
    /// Per offer key of the set: the highest level of its rows.
    pub group_levels: Vec<u8>,
}

/// Runs the query over `rows`, which start at index `first` of `Catalog::rows` and whose groups
/// are `groups` (a range of group ids).
pub(crate) fn run(query: &Query, rows: &[Row], first: usize, groups: std::ops::Range<usize>) -> Matched {
    let catalog = query.catalog;
    let mut group_levels = vec![0u8; groups.len()];
    // Cheapest matching row per group; among equal prices the first in file order.
    let mut best: Vec<Option<usize>> = vec![None; groups.len()];
    for (i, row) in rows.iter().enumerate() {
        let level = query.level(row);
        let g = usize::from(row.group) - groups.start;
        group_levels[g] = group_levels[g].max(level);
        if level == MATCHED {
            let index = first + i;
            if best[g].is_none_or(|b| catalog.price(row) < catalog.price(&catalog.rows[b])) {
                best[g] = Some(index);
            }
        }
    }
    // Price, then backend rank, then the representative row's file position (S5); the position
    // makes every key distinct. Under 0.18.37 the rows are in file order and indexed by rank.
    let newer = query.newer.is_some();
    let rank = |row: &Row| if newer { catalog.backends_0_22[usize::from(row.backend)].1 } else { row.backend };
    let position = |i: usize| if newer { usize::from(catalog.positions[i]) } else { i };
    let mut offers: Vec<usize> = best.into_iter().flatten().collect();
    // Each key is computed once; the price compares as `f64::total_cmp` does.
    dstack_core::order::sort_by_key(&mut offers, |&i| {
        (total_order(catalog.price(&catalog.rows[i])), rank(&catalog.rows[i]), position(i))
    });
    Matched { offers, group_levels }
}

/// An integer that orders floats as [`f64::total_cmp`] does.
fn total_order(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends;
    use crate::requirements::GpuRequirements;

    fn open() -> Requirements {
        Requirements::unconstrained()
    }

    fn gpu(vendor: Option<&str>, names: Option<&[&str]>) -> GpuRequirements {
        GpuRequirements {
            vendor: vendor.map(str::to_string),
            vendor_inferred: false,
            names: names.map(|n| n.iter().map(|s| s.to_string()).collect()),
            count: Bounds::default(),
            memory: Bounds::default(),
            total_memory: Bounds::default(),
            compute_capability: None,
        }
    }

    /// Candidate rows passing `step`, and the first of them.
    fn passing(req: &Requirements, step: Step) -> usize {
        let catalog = Catalog::bundled();
        let query = Query::new(req, &backends::allowed(req), catalog);
        catalog.candidate_rows().iter().filter(|r| query.passes(r, step)).count()
    }

    #[test]
    fn prices_order_as_total_cmp() {
        let mut prices = [3.5, -0.0, 0.0, f64::INFINITY, -1.0, 0.25, f64::NEG_INFINITY, 1e-300];
        let mut by_key = prices;
        prices.sort_by(f64::total_cmp);
        by_key.sort_by_key(|p| total_order(*p));
        assert_eq!(prices.map(f64::to_bits), by_key.map(f64::to_bits));
    }

    #[test]
    fn no_gpu_requirement_passes_every_row() {
        assert_eq!(passing(&open(), Step::Gpu), 4247);
        assert_eq!(passing(&open(), Step::GpuMemory), 4247);
    }

    #[test]
    fn any_vendor_excludes_cpu_only_rows() {
        // 4247 candidate rows: 808 CPU-only, 3362 NVIDIA, 76 TPU, 1 AMD.
        let mut req = open();
        req.gpu = Some(gpu(None, None));
        assert_eq!(passing(&req, Step::Gpu), 4247);
        req.gpu = Some(gpu(Some("nvidia"), None));
        assert_eq!(passing(&req, Step::Gpu), 3362);
        req.gpu = Some(gpu(Some("google"), None));
        assert_eq!(passing(&req, Step::Gpu), 76);
        req.gpu = Some(gpu(Some("amd"), None));
        assert_eq!(passing(&req, Step::Gpu), 1);
        req.gpu = Some(gpu(Some("intel"), None));
        assert_eq!(passing(&req, Step::Gpu), 0);
    }

    #[test]
    fn names_are_case_insensitive_and_exact() {
        let mut req = open();
        req.gpu = Some(gpu(None, Some(&["h100"])));
        let lower = passing(&req, Step::Gpu);
        req.gpu = Some(gpu(None, Some(&["H100"])));
        assert_eq!(passing(&req, Step::Gpu), lower);
        req.gpu = Some(gpu(None, Some(&["H100", "H100NVL"])));
        assert!(passing(&req, Step::Gpu) > lower);
        req.gpu = Some(gpu(None, Some(&[])));
        assert_eq!(passing(&req, Step::Gpu), 0);
    }

    #[test]
    fn compute_capability_needs_a_known_nvidia_name() {
        let mut req = open();
        let mut g = gpu(None, Some(&["MI300X", "v5litepod-8", "RTX5090"]));
        g.compute_capability = Some((12, 0));
        req.gpu = Some(g.clone());
        let rtx5090 = passing(&req, Step::Gpu);
        g.names = Some(vec!["RTX5090".into()]);
        req.gpu = Some(g.clone());
        assert_eq!(passing(&req, Step::Gpu), rtx5090);
        g.compute_capability = Some((12, 1));
        req.gpu = Some(g);
        assert_eq!(passing(&req, Step::Gpu), 0);
    }

    #[test]
    fn cpu_only_rows_have_zero_gpu_memory_and_count() {
        let mut req = open();
        let mut g = gpu(None, None);
        g.count = Bounds { min: Some(0.0), max: Some(0.0) };
        g.memory = Bounds { min: None, max: Some(0.0) };
        g.total_memory = Bounds { min: Some(0.0), max: Some(0.0) };
        req.gpu = Some(g);
        assert_eq!(passing(&req, Step::GpuCount), 808);
        assert_eq!(passing(&req, Step::GpuMemory), 808);
    }

    #[test]
    fn reservation_drops_aws_spot_only() {
        let mut req = open();
        let all = passing(&req, Step::Spot);
        req.reservation = true;
        // 534 AWS spot rows.
        assert_eq!(all - passing(&req, Step::Spot), 534);
    }

    #[test]
    fn rows_without_fixed_disk_pass_any_disk_range() {
        let mut req = open();
        req.disk = Some(Bounds { min: Some(1e9), max: None });
        // 5 candidate rows have a fixed disk.
        assert_eq!(passing(&req, Step::Disk), 4247 - 5);
        req.disk = None;
        assert_eq!(passing(&req, Step::Disk), 4247);
    }

    /// Rule 29 of 0.22.5 on rows the catalog does not have: a RunPod cluster offer and a GCP DWS
    /// calendar-mode offer.
    #[test]
    fn backend_offer_filters_of_0_22_5() {
        let catalog = Catalog::bundled();
        let newer = |nodes: u64, reservation_set: bool| {
            let mut req = open();
            (req.version, req.nodes, req.reservation_set) =
                (dstack_core::DstackVersion::V0_22_5, nodes, reservation_set);
            req
        };
        let find = |backend: &str| *catalog.rows.iter().find(|r| catalog.backend(r) == backend).expect("a row");
        let (mut runpod, mut gcp) = (find("runpod"), find("gcp"));
        let passes = |req: &Requirements, row: &Row| {
            Query::new(req, &backends::allowed(req), catalog).passes(row, Step::Backends)
        };
        assert!(passes(&newer(1, false), &runpod) && !passes(&newer(2, false), &runpod));
        runpod.traits |= TRAIT_RUNPOD_CLUSTER;
        assert!(!passes(&newer(1, false), &runpod) && passes(&newer(2, false), &runpod));
        assert!(passes(&newer(1, false), &gcp));
        gcp.traits |= TRAIT_DWS_CALENDAR;
        assert!(!passes(&newer(1, false), &gcp) && passes(&newer(1, true), &gcp));
    }

    #[test]
    fn whole_mib_rounds_half_to_even() {
        assert_eq!(whole_mib(17.184), 17.18359375);
        assert_eq!(whole_mib(0.5 / 1024.0), 0.0);
        assert_eq!(whole_mib(1.5 / 1024.0), 2.0 / 1024.0);
        assert_eq!(whole_mib(80.0), 80.0);
    }

    #[test]
    fn equal_prices_keep_backend_rank_then_file_order() {
        let catalog = Catalog::bundled();
        let req = open();
        let query = Query::new(&req, &backends::allowed(&req), catalog);
        let matched = run(&query, catalog.candidate_rows(), 0, 0..catalog.len());
        assert_eq!(matched.offers.len(), 3459);
        let key = |i: &usize| (catalog.price(&catalog.rows[*i]), catalog.rows[*i].backend, *i);
        assert!(matched.offers.windows(2).all(|w| {
            let (a, b) = (key(&w[0]), key(&w[1]));
            a.0 < b.0 || (a.0 == b.0 && (a.1, a.2) < (b.1, b.2))
        }));
    }
}
