//! Which GPU offers of a bundled catalog would match a dstack `task` configuration.
//!
//! [`estimate`] follows `offers-matching.md` (dstack 0.18.37 configuration semantics, gpuhunt
//! 0.0.19 matching, the whole catalog as the market) and explains its result: a funnel from the
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

use dstack_core::Json;

/// Estimates the offers of `catalog` that a configuration would get; `normalized` is dstack's
/// normalized JSON of a configuration its parser accepts.
pub fn estimate(normalized: &Json, catalog: &Catalog) -> Estimate {
    let req = match requirements::from_normalized(normalized) {
        Ok(req) => req,
        Err(rejection) => return Estimate::rejected(rejection),
    };
    let warnings = warnings::warnings(&req, catalog);
    if req.reuse {
        // §3 step 5: no search at all, so no funnel beyond the policy and no note N4.
        let notes = notes::notes(&req, catalog, None);
        return Estimate::empty(req.nodes, funnel::reuse(catalog), notes, warnings, None);
    }
    let allowed = backends::allowed(&req);
    let query = matching::Query::new(&req, &allowed, catalog);
    let candidates = matching::run(&query, catalog.candidate_rows(), 0, 0..catalog.candidate_groups);
    let flagged =
        matching::run(&query, catalog.flagged_rows(), catalog.candidates, catalog.candidate_groups..catalog.groups);
    let funnel = funnel::build(&req, &allowed, &query, catalog, &candidates);
    let notes = notes::notes(&req, catalog, Some(&flagged.offers));
    summary::summarize(&req, catalog, &candidates.offers, funnel, notes, warnings)
}
