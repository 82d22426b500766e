//! Notes N1–N4 of the contract (§9) and V1–V8 of its 0.22.5 section (§V.10), with their exact
//! texts and order.

use dstack_core::model::ConfigType;

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

/// V2.
const INSTANCES: &str = "instances: only the listed fleet instances would be used; the estimate assumes there are none";
/// V3.
const RESERVATION_0_22: &str = "reservation: AWS and GCP on-demand offers only; the reservation itself (region, instance type, capacity) is not checked";
/// V5.
const FLEETS: &str = "fleets: the named fleets are assumed to exist and to add no constraints of their own (backends, regions, resources, placement)";
/// V6.
const ZONES: &str =
    "availability_zones: the catalog lists zones only for GCP VM offers; offers without known zones are left out";
/// V7.
const IMAGE_ARCH: &str = "image: its CPU architectures are not looked up; offers of every architecture are kept (an x86-only image would exclude the ARM offers)";

/// The notes V1–V8 of a configuration under 0.22.5: `arm_listed` tells whether an ARM offer is
/// listed, `groups` the offer count of each further node or replica group.
pub(crate) fn notes_0_22(req: &Requirements, arm_listed: bool, groups: &[usize]) -> Vec<String> {
    let conditions = [
        (req.reuse, REUSE),
        (req.instances, INSTANCES),
        (req.reservation, RESERVATION_0_22),
        (req.network_volumes, NETWORK_VOLUMES),
        (req.fleets, FLEETS),
        (req.availability_zones.is_some(), ZONES),
        (req.arm.is_none() && arm_listed, IMAGE_ARCH),
    ];
    let mut notes: Vec<String> = conditions.iter().filter(|(on, _)| *on).map(|(_, text)| text.to_string()).collect();
    let kind = if req.kind == ConfigType::Service { "replica" } else { "node" };
    for ((name, _), n) in req.further_groups.iter().zip(groups) {
        notes.push(format!("{kind} group '{name}': {n} offer(s)"));
    }
    notes
}

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
