//! Which GPU offers of a bundled catalog would match a dstack run configuration (task, service,
//! dev environment), and what a fleet, gateway, volume or preset needs instead.
//!
//! [`estimate`] follows `offers-matching.md` (dstack 0.18.37 configuration semantics with gpuhunt
//! 0.0.19 matching, or its section "dstack 0.22.5" with gpuhunt 0.1.34; the whole catalog as
//! the market) and explains its result: a funnel from the
//! whole catalog down to the matching offers, what to change when nothing matches, notes and
//! warnings. Pure Rust, no I/O: the catalog is compiled in ([`Catalog::bundled`]) and handed to
//! [`estimate`] by the caller.

mod backends;
mod catalog;
mod counts;
mod format;
mod funnel;
mod matching;
mod needs;
mod notes;
mod plan;
mod rejection;
mod requirements;
mod summary;
mod vocabulary;
mod warnings;

pub use catalog::Catalog;
pub use counts::Counts;
pub use funnel::FunnelStep;
pub use rejection::{Rejection, Stage};
pub use summary::{Estimate, NO_REPLICA_PRICE, Offer, Replicas};
pub use vocabulary::Named;
pub use warnings::Warning;

use dstack_core::{DstackVersion, Json};

use crate::catalog::TRAIT_ARM;
use crate::requirements::Requirements;

/// Estimates the offers of `catalog` that a configuration would get under the rules of dstack
/// `version`; `normalized` is that release's normalized JSON of a configuration it accepts.
pub fn estimate(normalized: &Json, catalog: &Catalog, version: DstackVersion) -> Estimate {
    Demand::of(normalized, version).estimate(normalized, catalog)
}

/// What an estimate reads from a configuration. A run configuration's demand is its requirements
/// alone, so that a caller can keep an estimate while they stay the same: the playground, on a
/// keystroke in `commands` or `env`.
#[derive(Clone, Debug)]
pub struct Demand {
    requirements: Result<Requirements, Rejection>,
    version: DstackVersion,
}

impl Demand {
    /// The demand of `normalized`, dstack `version`'s normalized JSON of a configuration it accepts.
    pub fn of(normalized: &Json, version: DstackVersion) -> Demand {
        Demand { requirements: requirements::from_normalized(normalized, version), version }
    }

    /// True when `self` and `other` are sure to give the same estimate: both are run
    /// configurations with the same requirements. Others (a fleet, a gateway) are estimated from
    /// their whole JSON, and so never compare the same here.
    pub fn same_estimate(&self, other: &Demand) -> bool {
        matches!((&self.requirements, &other.requirements), (Ok(a), Ok(b)) if a == b)
    }

    /// The estimate of this demand; `normalized` is the JSON it was read from.
    pub fn estimate(&self, normalized: &Json, catalog: &Catalog) -> Estimate {
        let req = match &self.requirements {
            Ok(req) => req,
            Err(rejection) => {
                let needs = needs::needs(normalized, catalog, self.version);
                return Estimate { needs, ..Estimate::rejected(rejection.clone()) };
            }
        };
        estimate_requirements(req, catalog)
    }
}

/// The estimate of a run configuration's requirements.
fn estimate_requirements(req: &Requirements, catalog: &Catalog) -> Estimate {
    let warnings = warnings::warnings(req, catalog);
    if req.reuse || req.instances {
        // §3 step 5, §V.10: no search at all, so no funnel beyond the policy and no note N4.
        let notes = notes(req, catalog, None, &[]);
        let replicas = summary::replicas(req, &[]);
        let funnel = funnel::reuse(catalog, req);
        return Estimate { replicas, ..Estimate::empty(req.group_nodes, funnel, notes, warnings, None) };
    }
    let allowed = backends::allowed(req);
    let query = matching::Query::new(req, &allowed, catalog);
    let matched = matching::run(&query, query.rows(), 0, 0..query.offer_keys());
    let funnel = funnel::build(req, &allowed, &query, catalog, &matched);
    let groups: Vec<Vec<usize>> = req.further_groups.iter().map(|(_, group)| offers(group, catalog)).collect();
    let notes = notes(req, catalog, Some((&query, &matched.offers)), &groups);
    let cheapest = |offers: &[usize]| offers.first().map(|&i| catalog.price(&catalog.rows[i]));
    let mut prices = vec![cheapest(&matched.offers)];
    prices.extend(groups.iter().map(|g| cheapest(g)));
    let replicas = summary::replicas(req, &prices);
    Estimate { replicas, ..summary::summarize(req, catalog, &matched.offers, funnel, notes, warnings) }
}

/// The release's notes: N1–N4 (0.18.37) or V1–V8 (0.22.5); `searched` is the query and the offers
/// it found, `None` when no search ran; `groups` the offers of each further group.
fn notes(
    req: &Requirements,
    catalog: &Catalog,
    searched: Option<(&matching::Query, &[usize])>,
    groups: &[Vec<usize>],
) -> Vec<String> {
    if req.newer() {
        let arm_listed =
            searched.is_some_and(|(_, offers)| offers.iter().any(|&i| catalog.rows[i].traits & TRAIT_ARM != 0));
        let counts: Vec<usize> = (0..req.further_groups.len()).map(|g| groups.get(g).map_or(0, Vec::len)).collect();
        return notes::notes_0_22(req, arm_listed, &counts);
    }
    // N4: the same query over the flagged rows only.
    let flagged = searched.map(|(query, _)| {
        matching::run(query, catalog.flagged_rows(), catalog.candidates, catalog.candidate_groups..catalog.groups)
    });
    notes::notes(req, catalog, flagged.as_ref().map(|f| f.offers.as_slice()))
}

/// The offers a further node or replica group gets (note V8), cheapest first.
fn offers(req: &Requirements, catalog: &Catalog) -> Vec<usize> {
    let allowed = backends::allowed(req);
    let query = matching::Query::new(req, &allowed, catalog);
    matching::run(&query, query.rows(), 0, 0..query.offer_keys()).offers
}
