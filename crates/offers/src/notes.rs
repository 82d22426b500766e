//! Notes N1–N4 of the contract (§9), with their exact texts and order.

use crate::catalog::Catalog;
use crate::requirements::Requirements;

/// N1.
pub(crate) const REUSE: &str =
    "creation_policy: reuse - only existing fleet instances would be used; the estimate assumes there are none";
/// N2.
pub(crate) const RESERVATION: &str =
    "reservation: AWS on-demand offers only; the reservation itself (region, instance type, capacity) is not checked";
/// N3.
pub(crate) const NETWORK_VOLUMES: &str =
    "network volumes are assumed to exist; a volume would also restrict the offers to its own backend and region";

/// The notes of a configuration; `flagged` are the representative rows (indices into
/// `Catalog::rows`) of the offers that only flagged rows provide (`None` when no search ran).
pub(crate) fn notes(req: &Requirements, catalog: &Catalog, flagged: Option<&[usize]>) -> Vec<String> {
    let mut notes = Vec::new();
    if req.reuse {
        notes.push(REUSE.to_string());
    }
    if req.reservation {
        notes.push(RESERVATION.to_string());
    }
    if req.network_volumes {
        notes.push(NETWORK_VOLUMES.to_string());
    }
    if let Some(offers) = flagged.filter(|f| !f.is_empty()) {
        let mut flags: Vec<&str> = offers.iter().map(|&i| catalog.flags[usize::from(catalog.rows[i].flags)]).collect();
        dstack_core::order::sort(&mut flags);
        flags.dedup();
        notes.push(format!(
            "{} more catalog offer(s) match but need a dstack release newer than 0.18.37 (catalog flags: {})",
            offers.len(),
            flags.join(", ")
        ));
    }
    notes
}
