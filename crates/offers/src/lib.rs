//! Which GPU offers of a bundled catalog would match a dstack `task` configuration.
//!
//! [`estimate`] follows `offers-matching.md` (dstack 0.18.37 configuration semantics with gpuhunt
//! 0.0.19 matching, or its section "dstack 0.22.5" with gpuhunt 0.1.34; the whole catalog as
//! the market) and explains its result: a funnel from the
//! whole catalog down to the matching offers, what to change when nothing matches, notes and
//! warnings. Pure Rust, no I/O: the catalog is compiled in ([`Catalog::bundled`]) and handed to
//! [`estimate`] by the caller.

mod backends;
mod catalog;
mod format;
mod funnel;
mod matching;
mod notes;
mod rejection;
mod requirements;
mod summary;
mod warnings;

pub use catalog::Catalog;
pub use funnel::FunnelStep;
pub use rejection::{Rejection, Stage};
pub use summary::{Estimate, Offer};
pub use warnings::Warning;

use dstack_core::{DstackVersion, Json};

use crate::catalog::TRAIT_ARM;
use crate::requirements::Requirements;

/// Estimates the offers of `catalog` that a configuration would get under the rules of dstack
/// `version`; `normalized` is that release's normalized JSON of a configuration it accepts.
pub fn estimate(normalized: &Json, catalog: &Catalog, version: DstackVersion) -> Estimate {
    let req = match requirements::from_normalized(normalized, version) {
        Ok(req) => req,
        Err(rejection) => return Estimate::rejected(rejection),
    };
    let warnings = warnings::warnings(&req, catalog);
    if req.reuse || req.instances {
        // §3 step 5, §V.10: no search at all, so no funnel beyond the policy and no note N4.
        let notes = notes(&req, catalog, None);
        return Estimate::empty(req.group_nodes, funnel::reuse(catalog, &req), notes, warnings, None);
    }
    let allowed = backends::allowed(&req);
    let query = matching::Query::new(&req, &allowed, catalog);
    let matched = matching::run(&query, query.rows(), 0, 0..query.offer_keys());
    let funnel = funnel::build(&req, &allowed, &query, catalog, &matched);
    let notes = notes(&req, catalog, Some((&query, &matched.offers)));
    summary::summarize(&req, catalog, &matched.offers, funnel, notes, warnings)
}

/// The release's notes: N1–N4 (0.18.37) or V1–V8 (0.22.5); `searched` is the query and the offers
/// it found, `None` when no search ran.
fn notes(req: &Requirements, catalog: &Catalog, searched: Option<(&matching::Query, &[usize])>) -> Vec<String> {
    if req.newer() {
        let arm_listed =
            searched.is_some_and(|(_, offers)| offers.iter().any(|&i| catalog.rows[i].traits & TRAIT_ARM != 0));
        let groups: Vec<usize> = req
            .further_groups
            .iter()
            .map(|(_, group)| if searched.is_some() { offer_count(group, catalog) } else { 0 })
            .collect();
        return notes::notes_0_22(req, arm_listed, &groups);
    }
    // N4: the same query over the flagged rows only.
    let flagged = searched.map(|(query, _)| {
        matching::run(query, catalog.flagged_rows(), catalog.candidates, catalog.candidate_groups..catalog.groups)
    });
    notes::notes(req, catalog, flagged.as_ref().map(|f| f.offers.as_slice()))
}

/// The number of offers a further node group gets (note V8).
fn offer_count(req: &Requirements, catalog: &Catalog) -> usize {
    let allowed = backends::allowed(req);
    let query = matching::Query::new(req, &allowed, catalog);
    matching::run(&query, query.rows(), 0, 0..query.offer_keys()).offers.len()
}
