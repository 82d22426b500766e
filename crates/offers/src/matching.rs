//! S3–S5 of the contract: gpuhunt 0.0.19's `matches` per row, the reservation rule, one offer per
//! (backend, region, instance type, spot) and the order, with the backend, region and
//! instance-type filters folded in as per-row checks (they only look at the offer key).
//!
//! Each row gets a *level*: how many funnel steps, in [`STEPS`] order, it passes before the first
//! one it fails. A row matches when it passes them all; the funnel counts offer keys per level.

use std::collections::HashSet;

use crate::backends::Allowed;
use crate::catalog::{Catalog, Row, VENDORS};
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
    /// Index of `aws` when a reservation removes AWS spot rows.
    no_spot_backend: Option<u8>,
    /// `max_price` as an upper bound.
    price: Bounds,
    /// Per catalog region: listed in `regions` (`None`: no filter).
    regions: Option<Vec<bool>>,
    /// Per catalog instance type: listed in `instance_types` (`None`: no filter).
    instances: Option<Vec<bool>>,
}

/// Marks which entries of a catalog string table appear (exactly) in `wanted`.
fn table_filter(table: &[&str], wanted: Option<&Vec<String>>) -> Option<Vec<bool>> {
    // A set: the list may be as long as the file allows, the table has thousands of entries.
    let wanted: Option<HashSet<&str>> = wanted.map(|w| w.iter().map(String::as_str).collect());
    wanted.map(|w| table.iter().map(|t| w.contains(t)).collect())
}

impl<'c> Query<'c> {
    /// Builds the query of `req` with the allowed backend set `allowed`.
    pub fn new(req: &Requirements, allowed: &Allowed, catalog: &'c Catalog) -> Query<'c> {
        let gpu = req.gpu.as_ref().map(|g| {
            let lower: Option<Vec<String>> = g.names.as_ref().map(|n| n.iter().map(|s| s.to_lowercase()).collect());
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
        let aws = catalog.backends.iter().position(|b| *b == "aws").and_then(|i| u8::try_from(i).ok());
        Query {
            catalog,
            backends: catalog.backends.iter().map(|b| allowed.contains(b)).collect(),
            gpu,
            cpu: req.cpu,
            memory: req.memory,
            disk: req.disk,
            spot: req.spot,
            no_spot_backend: if req.reservation { aws } else { None },
            price: Bounds { min: None, max: req.max_price },
            regions: table_filter(catalog.regions, req.regions.as_ref()),
            instances: table_filter(catalog.instances, req.instance_types.as_ref()),
        }
    }

    /// Whether `row` passes `step`.
    pub fn passes(&self, row: &Row, step: Step) -> bool {
        let c = self.catalog;
        match step {
            Step::Backends => self.backends[usize::from(row.backend)],
            Step::Gpu => self.gpu.as_ref().is_none_or(|g| self.gpu_kind(g, row)),
            Step::GpuCount => self.gpu.as_ref().is_none_or(|g| g.count.contains(f64::from(row.gpu_count))),
            Step::GpuMemory => self.gpu.as_ref().is_none_or(|g| {
                // gpuhunt counts the memory of a CPU-only row as 0.
                let per_gpu = if row.gpu_count > 0 { c.number(row.gpu_memory).unwrap_or(0.0) } else { 0.0 };
                let total = if row.gpu_count > 0 { f64::from(row.gpu_count) * per_gpu } else { 0.0 };
                g.memory.contains(per_gpu) && g.total_memory.contains(total)
            }),
            Step::Cpu => self.cpu.contains(f64::from(row.cpu)),
            Step::Memory => c.number(row.memory).is_some_and(|m| self.memory.contains(m)),
            // A row without a fixed disk passes: dstack sizes the disk itself.
            Step::Disk => self.disk.is_none_or(|d| c.number(row.disk).is_none_or(|size| d.contains(size))),
            Step::Spot => {
                self.spot.is_none_or(|s| row.spot == s) && !(row.spot && self.no_spot_backend == Some(row.backend))
            }
            Step::Price => self.price.contains(c.price(row)),
            Step::Regions => self.regions.as_ref().is_none_or(|r| r[usize::from(row.region)]),
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
    // makes every key distinct.
    let mut keyed: Vec<(f64, u8, usize)> =
        best.into_iter().flatten().map(|i| (catalog.price(&catalog.rows[i]), catalog.rows[i].backend, i)).collect();
    dstack_core::order::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let offers = keyed.into_iter().map(|(_, _, i)| i).collect();
    Matched { offers, group_levels }
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
