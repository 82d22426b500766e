//! The estimate as the CLI prints it and the web page shows it: counts, price range, breakdowns,
//! the cheapest offers, the funnel, notes and warnings.

use serde::{Serialize, Serializer};

use crate::catalog::Catalog;
use crate::counts::Counts;
use crate::funnel::{Funnel, FunnelStep};
use crate::rejection::Rejection;
use crate::requirements::Requirements;
use crate::warnings::Warning;

/// How many offers `cheapest` lists.
pub(crate) const CHEAPEST: usize = 10;

/// Key of `by_gpu` for offers without accelerators.
pub(crate) const NO_GPU: &str = "none";

/// Serializes a catalog number as the contract writes it: integral values without a fraction.
fn number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 { s.serialize_i64(*v as i64) } else { s.serialize_f64(*v) }
}

/// [`number`] for optional values (`null` when absent).
fn optional_number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => number(v, s),
        None => s.serialize_none(),
    }
}

/// One offer: the representative catalog row with the offer's region and disk (contract §7).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Offer {
    /// dstack backend type (`aws`, `datacrunch`, …; 0.22.5: `verda`, not `datacrunch`).
    pub backend: &'static str,
    /// Region (GCP: the zone's region).
    pub region: &'static str,
    /// Instance type.
    pub instance_name: &'static str,
    /// Accelerators per instance.
    pub gpu_count: u8,
    /// Accelerator name; `None` when `gpu_count` is 0.
    pub gpu_name: Option<&'static str>,
    /// Memory per accelerator, GB; `None` when `gpu_count` is 0.
    #[serde(serialize_with = "optional_number")]
    pub gpu_memory: Option<f64>,
    /// vCPUs.
    pub cpu: u16,
    /// RAM, GB.
    #[serde(serialize_with = "number")]
    pub memory: f64,
    /// Disk, GB: the catalog's fixed disk or the smallest requested size (at least 1).
    #[serde(serialize_with = "number")]
    pub disk_size: f64,
    /// Spot (interruptible) offer.
    pub spot: bool,
    /// USD per hour for one instance.
    #[serde(serialize_with = "number")]
    pub price: f64,
}

/// A service's replicas and what they cost per hour: every replica is one job, priced at its
/// replica group's cheapest offer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Replicas {
    /// Fewest replicas (`replicas` min, summed over the replica groups).
    pub min: u64,
    /// Most replicas (`replicas` max, summed over the replica groups).
    pub max: u64,
    /// USD per hour of `min` replicas; `None` when a group that needs replicas has no offer.
    #[serde(serialize_with = "optional_number")]
    pub price_min: Option<f64>,
    /// USD per hour of `max` replicas; `None` when a group that needs replicas has no offer.
    #[serde(serialize_with = "optional_number")]
    pub price_max: Option<f64>,
}

impl Replicas {
    /// The replica count as people say it (`1 replica`, `2 replicas`, `1–4 replicas`), and the
    /// reason there is no price when a group that needs replicas has no offer: the words the CLI
    /// and the page share.
    pub fn describe(&self) -> (String, Option<(f64, f64)>) {
        let count = match (self.min, self.max) {
            (1, 1) => "1 replica".to_string(),
            (min, max) if min == max => format!("{min} replicas"),
            (min, max) => format!("{min}–{max} replicas"),
        };
        (count, self.price_min.zip(self.price_max))
    }
}

/// What a service's replica line says when a replica group has no offer.
pub const NO_REPLICA_PRICE: &str = "no price, a replica group has no offers";

/// The replicas of a service (`None` for other types); `prices` holds the cheapest offer of the
/// estimated group and then of each further group (empty when no search ran).
pub(crate) fn replicas(req: &Requirements, prices: &[Option<f64>]) -> Option<Replicas> {
    let first = req.replicas?;
    let groups: Vec<((u64, u64), Option<f64>)> = std::iter::once(first)
        .chain(req.further_groups.iter().filter_map(|(_, g)| g.replicas))
        .enumerate()
        .map(|(i, r)| (r, prices.get(i).copied().flatten()))
        .collect();
    let total = |count: fn(&(u64, u64)) -> u64| {
        groups.iter().try_fold(0.0, |sum, (r, price)| match (count(r), price) {
            (0, _) => Some(sum),
            (n, Some(p)) => Some(sum + n as f64 * p),
            (_, None) => None,
        })
    };
    let sum = |count: fn(&(u64, u64)) -> u64| groups.iter().map(|(r, _)| count(r)).fold(0u64, u64::saturating_add);
    Some(Replicas { min: sum(|r| r.0), max: sum(|r| r.1), price_min: total(|r| r.0), price_max: total(|r| r.1) })
}

/// The estimate for one configuration. Field names follow `catalog/examples/expected.jsonl`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// Number of matching offers.
    pub count: usize,
    /// Lowest price, USD per hour per instance.
    #[serde(serialize_with = "optional_number")]
    pub price_min: Option<f64>,
    /// Highest price, USD per hour per instance.
    #[serde(serialize_with = "optional_number")]
    pub price_max: Option<f64>,
    /// Median price (the mean of the two middle ones for an even count).
    #[serde(serialize_with = "optional_number")]
    pub price_median: Option<f64>,
    /// Instances per job (a task's `nodes`, 1 for a replica or a dev environment); run prices
    /// are the instance prices times this.
    pub nodes: u64,
    /// Lowest price of a run-hour for all nodes.
    #[serde(serialize_with = "optional_number")]
    pub run_price_min: Option<f64>,
    /// Highest price of a run-hour for all nodes.
    #[serde(serialize_with = "optional_number")]
    pub run_price_max: Option<f64>,
    /// Median price of a run-hour for all nodes.
    #[serde(serialize_with = "optional_number")]
    pub run_price_median: Option<f64>,
    /// Offers per backend.
    pub by_backend: Counts<&'static str>,
    /// Offers per `<backend>/<region>`.
    pub by_region: Counts<String>,
    /// Offers per accelerator name ([`NO_GPU`] = `none` for CPU-only offers).
    pub by_gpu: Counts<&'static str>,
    /// Spot offers.
    pub spot: usize,
    /// On-demand offers.
    pub on_demand: usize,
    /// The first offers in dstack's order (cheapest first), at most 10.
    pub cheapest: Vec<Offer>,
    /// Offers left after each constraint, from the whole catalog down to `offers`.
    pub funnel: Vec<FunnelStep>,
    /// The constraint that removed the last offers, when none match.
    pub blocked_by: Option<&'static str>,
    /// A concrete change that would give offers, when none match.
    pub suggestion: Option<String>,
    /// Notes N1–N4 of the contract, in that order.
    pub notes: Vec<String>,
    /// Values that match nothing in the catalog although they look meant to.
    pub warnings: Vec<Warning>,
    /// Set when dstack would reject the configuration before searching offers.
    pub rejected: Option<Rejection>,
    /// A service's replicas and their price per hour; `price_min` and the other prices above
    /// are per replica.
    pub replicas: Option<Replicas>,
    /// For a fleet, gateway, volume or preset, which get no offers: what it needs instead.
    pub needs: Option<String>,
}

impl Estimate {
    /// The estimate of a configuration that dstack rejects: no offers, only the reason.
    pub(crate) fn rejected(rejection: Rejection) -> Estimate {
        Estimate::empty(
            1,
            Funnel { steps: Vec::new(), blocked_by: None, suggestion: None },
            Vec::new(),
            Vec::new(),
            Some(rejection),
        )
    }

    /// An estimate without offers.
    pub(crate) fn empty(
        nodes: u64,
        funnel: Funnel,
        notes: Vec<String>,
        warnings: Vec<Warning>,
        rejected: Option<Rejection>,
    ) -> Estimate {
        Estimate {
            count: 0,
            price_min: None,
            price_max: None,
            price_median: None,
            nodes,
            run_price_min: None,
            run_price_max: None,
            run_price_median: None,
            by_backend: Counts::default(),
            by_region: Counts::default(),
            by_gpu: Counts::default(),
            spot: 0,
            on_demand: 0,
            cheapest: Vec::new(),
            funnel: funnel.steps,
            blocked_by: funnel.blocked_by,
            suggestion: funnel.suggestion,
            notes,
            warnings,
            rejected,
            replicas: None,
            needs: None,
        }
    }
}

/// Summarizes `offers` (representative row indices, in order).
pub(crate) fn summarize(
    req: &Requirements,
    catalog: &Catalog,
    offers: &[usize],
    funnel: Funnel,
    notes: Vec<String>,
    warnings: Vec<Warning>,
) -> Estimate {
    let mut estimate = Estimate::empty(req.group_nodes, funnel, notes, warnings, None);
    if offers.is_empty() {
        return estimate;
    }
    let rows = offers.iter().map(|&i| &catalog.rows[i]);
    // Offers are in price order, so the ends and the middle are the range and the median.
    let price = |k: usize| catalog.price(&catalog.rows[offers[k]]);
    let n = offers.len();
    let median = if n % 2 == 1 { price(n / 2) } else { (price(n / 2 - 1) + price(n / 2)) / 2.0 };
    let nodes = req.group_nodes as f64;
    estimate.count = n;
    (estimate.price_min, estimate.price_max, estimate.price_median) =
        (Some(price(0)), Some(price(n - 1)), Some(median));
    estimate.run_price_min = Some(price(0) * nodes);
    estimate.run_price_max = Some(price(n - 1) * nodes);
    estimate.run_price_median = Some(median * nodes);

    // Count by table index first (no map lookups per offer), then name the non-zero entries.
    let regions = catalog.regions.len();
    let backends = catalog.backend_names(req.version);
    let mut per_backend = vec![0usize; backends.len()];
    let mut per_region = vec![0usize; backends.len() * regions];
    let mut per_gpu = vec![0usize; catalog.gpu_names.len()];
    let mut no_gpu = 0;
    for row in rows.clone() {
        let backend = usize::from(row.backend);
        per_backend[backend] += 1;
        per_region[backend * regions + usize::from(row.region)] += 1;
        match catalog.gpu_name(row) {
            Some(_) if row.gpu_count > 0 => per_gpu[usize::from(row.gpu_name)] += 1,
            _ => no_gpu += 1,
        }
        estimate.spot += usize::from(row.spot);
    }
    estimate.on_demand = n - estimate.spot;
    let nonzero = |counts: &[usize]| -> Vec<(usize, usize)> {
        counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| (i, *c)).collect()
    };
    estimate.by_backend.extend(nonzero(&per_backend).into_iter().map(|(b, c)| (backends[b], c)));
    estimate.by_region.extend(
        nonzero(&per_region)
            .into_iter()
            .map(|(i, c)| (format!("{}/{}", backends[i / regions], catalog.regions[i % regions]), c)),
    );
    estimate.by_gpu.extend(nonzero(&per_gpu).into_iter().map(|(g, c)| (catalog.gpu_names[g].name, c)));
    if no_gpu > 0 {
        estimate.by_gpu.insert(NO_GPU, no_gpu);
    }
    estimate.cheapest = rows.take(CHEAPEST).map(|row| offer(req, catalog, row)).collect();
    estimate
}

/// The offer a representative row stands for.
fn offer(req: &Requirements, catalog: &Catalog, row: &crate::catalog::Row) -> Offer {
    let has_gpu = row.gpu_count > 0;
    // §7: a fixed, non-zero disk of the row, else the smallest requested size, at least 1 GB.
    let requested = req.disk.map_or(Some(100.0), |d| d.min).unwrap_or(1.0);
    let disk_size = catalog.number(row.disk).filter(|d| *d != 0.0).unwrap_or(requested.max(1.0));
    Offer {
        backend: catalog.backend_of(row, req.version),
        region: catalog.region(row),
        instance_name: catalog.instance(row),
        gpu_count: row.gpu_count,
        gpu_name: if has_gpu { catalog.gpu_name(row).map(|g| g.name) } else { None },
        gpu_memory: if has_gpu { catalog.number(row.gpu_memory) } else { None },
        cpu: row.cpu,
        memory: catalog.number(row.memory).unwrap_or(0.0),
        disk_size,
        spot: row.spot,
        price: catalog.price(row),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Numbers {
        #[serde(serialize_with = "number")]
        integral: f64,
        #[serde(serialize_with = "number")]
        fraction: f64,
        #[serde(serialize_with = "optional_number")]
        some: Option<f64>,
        #[serde(serialize_with = "optional_number")]
        none: Option<f64>,
    }

    #[test]
    fn integral_numbers_have_no_fraction() {
        let n = Numbers { integral: 80.0, fraction: 241.65, some: Some(100.0), none: None };
        assert_eq!(serde_json::to_string(&n).unwrap(), r#"{"integral":80,"fraction":241.65,"some":100,"none":null}"#);
    }

    #[test]
    fn rejected_estimate_is_empty() {
        let r = Rejection { stage: crate::Stage::Cli, reason: "x".into(), path: "commands[0]".into() };
        let e = Estimate::rejected(r.clone());
        assert_eq!((e.count, e.price_min, e.cheapest.len(), e.funnel.len(), e.rejected), (0, None, 0, 0, Some(r)));
    }
}
