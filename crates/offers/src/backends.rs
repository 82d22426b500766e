//! S1 of the contract: the set of backends an offer may come from, by dstack's
//! `get_offers_by_requirements` and its capability lists (0.18.37 §4, 0.22.5 §V.6).

use dstack_core::DstackVersion;

use crate::requirements::Requirements;

/// Backends that can form clusters (`BACKENDS_WITH_MULTINODE_SUPPORT`).
pub(crate) const MULTINODE: [&str; 6] = ["aws", "azure", "gcp", "remote", "oci", "vultr"];
/// Backends that create VMs, so can run privileged containers and mount host paths
/// (`BACKENDS_WITH_CREATE_INSTANCE_SUPPORT`).
pub(crate) const CREATE_INSTANCE: [&str; 10] =
    ["aws", "dstack", "azure", "cudo", "datacrunch", "gcp", "lambda", "oci", "tensordock", "vultr"];
/// Backends with capacity reservations (`BACKENDS_WITH_RESERVATION_SUPPORT`).
pub(crate) const RESERVATION: [&str; 1] = ["aws"];
/// 0.22.5's `BACKENDS_WITH_MULTINODE_SUPPORT`.
const MULTINODE_0_22: [&str; 13] = [
    "remote",
    "aws",
    "azure",
    "crusoe",
    "gcp",
    "jarvislabs",
    "kubernetes",
    "nebius",
    "oci",
    "runpod",
    "slurm",
    "seeweb",
    "vultr",
];
/// 0.22.5's `BACKENDS_WITH_PRIVILEGED_SUPPORT`, also its `BACKENDS_WITH_INSTANCE_VOLUMES_SUPPORT`.
const PRIVILEGED_0_22: [&str; 17] = [
    "amddevcloud",
    "aws",
    "azure",
    "cloudrift",
    "crusoe",
    "datacrunch",
    "digitalocean",
    "gcp",
    "hotaisle",
    "jarvislabs",
    "kubernetes",
    "lambda",
    "nebius",
    "oci",
    "seeweb",
    "verda",
    "vultr",
];
/// 0.22.5's `BACKENDS_WITH_RESERVATION_SUPPORT`.
const RESERVATION_0_22: [&str; 2] = ["aws", "gcp"];

/// A capability rule that narrowed the backend set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    /// `nodes` > 1.
    Multinode,
    /// `privileged: true` or an instance volume (0.22.5: also `docker: true`).
    CreateInstance,
    /// A reservation.
    Reservation,
}

impl Rule {
    /// The backend types the rule allows under `version`.
    pub fn allowed(self, version: DstackVersion) -> &'static [&'static str] {
        match (self, version.pydantic2()) {
            (Rule::Multinode, false) => &MULTINODE,
            (Rule::CreateInstance, false) => &CREATE_INSTANCE,
            (Rule::Reservation, false) => &RESERVATION,
            (Rule::Multinode, true) => &MULTINODE_0_22,
            (Rule::CreateInstance, true) => &PRIVILEGED_0_22,
            (Rule::Reservation, true) => &RESERVATION_0_22,
        }
    }
}

/// The allowed set `A`: `None` is unrestricted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Allowed {
    /// The backend types, or `None` for any.
    pub list: Option<Vec<String>>,
    /// The capability rules that applied, in order.
    pub rules: Vec<Rule>,
}

impl Allowed {
    /// True when offers of `backend` survive.
    pub fn contains(&self, backend: &str) -> bool {
        self.list.as_ref().is_none_or(|l| l.iter().any(|b| b == backend))
    }
}

/// Computes `A` (contract §4; 0.22.5: rule 23).
pub(crate) fn allowed(req: &Requirements) -> Allowed {
    let newer = req.newer();
    // 0.18.37: `backends: [dstack]` alone means "any" (dstack's backward compatibility).
    let mut list = match &req.backends {
        Some(b) if !newer && b.len() == 1 && b[0] == "dstack" => None,
        other => other.clone(),
    };
    let mut rules = Vec::new();
    let conditions = [
        (req.nodes > 1, Rule::Multinode),
        (req.privileged || req.instance_volumes, Rule::CreateInstance),
        (if newer { req.reservation_set } else { req.reservation }, Rule::Reservation),
    ];
    for (applies, rule) in conditions {
        if !applies {
            continue;
        }
        rules.push(rule);
        let allowed = rule.allowed(req.version);
        // 0.18.37 refills an empty list with the rule's own; 0.22.5 only an unrestricted set.
        let current = match list.take() {
            Some(l) if newer || !l.is_empty() => l,
            _ => allowed.iter().map(|s| s.to_string()).collect(),
        };
        list = Some(current.into_iter().filter(|b| allowed.contains(&b.as_str())).collect());
    }
    Allowed { list, rules }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(backends: Option<&[&str]>, nodes: u64, privileged: bool, reservation: bool) -> Requirements {
        Requirements {
            reservation,
            nodes,
            privileged,
            backends: backends.map(|b| b.iter().map(|s| s.to_string()).collect()),
            ..Requirements::unconstrained()
        }
    }

    fn list(a: Allowed) -> Option<Vec<String>> {
        a.list
    }

    fn strings(v: &[&str]) -> Option<Vec<String>> {
        Some(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn rule_23_of_0_22_5() {
        let newer = |backends: Option<&[&str]>, nodes, privileged, reservation_set| {
            let mut r = req(backends, nodes, privileged, false);
            (r.version, r.reservation_set) = (DstackVersion::V0_22_5, reservation_set);
            list(allowed(&r))
        };
        assert_eq!(newer(None, 1, false, false), None);
        assert_eq!(newer(Some(&["dstack"]), 1, false, false), strings(&["dstack"]));
        assert_eq!(newer(Some(&[]), 2, true, true), strings(&[]));
        assert_eq!(newer(None, 1, false, true), strings(&RESERVATION_0_22));
        assert_eq!(
            newer(None, 2, true, false),
            strings(&["aws", "azure", "crusoe", "gcp", "jarvislabs", "kubernetes", "nebius", "oci", "seeweb", "vultr"])
        );
        assert_eq!(newer(Some(&["runpod", "gcp", "lambda"]), 1, true, false), strings(&["gcp", "lambda"]));
        assert_eq!(newer(None, 2, true, true), strings(&["aws", "gcp"]));
    }

    #[test]
    fn contract_examples() {
        assert_eq!(list(allowed(&req(None, 1, false, false))), None);
        assert_eq!(list(allowed(&req(Some(&["dstack"]), 1, false, false))), None);
        assert_eq!(list(allowed(&req(Some(&["dstack", "aws"]), 1, false, false))), strings(&["dstack", "aws"]));
        assert_eq!(list(allowed(&req(Some(&[]), 1, false, false))), strings(&[]));
        assert_eq!(list(allowed(&req(Some(&[]), 2, false, false))), strings(&MULTINODE));
        assert_eq!(list(allowed(&req(Some(&["runpod"]), 1, true, false))), strings(&[]));
        assert_eq!(list(allowed(&req(Some(&["gcp"]), 1, false, true))), strings(&[]));
        assert_eq!(list(allowed(&req(Some(&["runpod", "gcp", "lambda"]), 3, true, false))), strings(&["gcp"]));
        // An empty intersection is "empty", which the next rule refills with its own list.
        assert_eq!(list(allowed(&req(Some(&["runpod"]), 2, false, true))), strings(&["aws"]));
        let a = allowed(&req(None, 2, true, true));
        assert_eq!(
            (a.list, a.rules),
            (strings(&["aws"]), vec![Rule::Multinode, Rule::CreateInstance, Rule::Reservation])
        );
    }
}
