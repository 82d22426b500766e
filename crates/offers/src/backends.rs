//! S1 of the contract: the set of backends an offer may come from, by dstack 0.18.37's
//! `get_offers_by_requirements` and its capability lists.

use crate::requirements::Requirements;

/// Backends that can form clusters (`BACKENDS_WITH_MULTINODE_SUPPORT`).
pub(crate) const MULTINODE: [&str; 6] = ["aws", "azure", "gcp", "remote", "oci", "vultr"];
/// Backends that create VMs, so can run privileged containers and mount host paths
/// (`BACKENDS_WITH_CREATE_INSTANCE_SUPPORT`).
pub(crate) const CREATE_INSTANCE: [&str; 10] =
    ["aws", "dstack", "azure", "cudo", "datacrunch", "gcp", "lambda", "oci", "tensordock", "vultr"];
/// Backends with capacity reservations (`BACKENDS_WITH_RESERVATION_SUPPORT`).
pub(crate) const RESERVATION: [&str; 1] = ["aws"];

/// A capability rule that narrowed the backend set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    /// `nodes` > 1.
    Multinode,
    /// `privileged: true` or an instance volume.
    CreateInstance,
    /// A reservation.
    Reservation,
}

impl Rule {
    /// The backend types the rule allows.
    pub fn allowed(self) -> &'static [&'static str] {
        match self {
            Rule::Multinode => &MULTINODE,
            Rule::CreateInstance => &CREATE_INSTANCE,
            Rule::Reservation => &RESERVATION,
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

/// Computes `A` (contract §4).
pub(crate) fn allowed(req: &Requirements) -> Allowed {
    // `backends: [dstack]` alone means "any" (dstack's backward compatibility).
    let mut list = match &req.backends {
        Some(b) if b.len() == 1 && b[0] == "dstack" => None,
        other => other.clone(),
    };
    let mut rules = Vec::new();
    let conditions = [
        (req.nodes > 1, Rule::Multinode),
        (req.privileged || req.instance_volumes, Rule::CreateInstance),
        (req.reservation, Rule::Reservation),
    ];
    for (applies, rule) in conditions {
        if !applies {
            continue;
        }
        rules.push(rule);
        let allowed = rule.allowed();
        let current = match list.take() {
            Some(l) if !l.is_empty() => l,
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
