//! Warnings about values that cannot match anything in the catalog although they look meant to:
//! regions and instance types that exist only in another spelling, GPU names the catalog does not
//! know, backends without catalog offers.

use dstack_core::yaml::lower::{Lower, push_lower};
use std::collections::{HashMap, HashSet};

use dstack_core::gpu_vendor;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::requirements::Requirements;

/// A value of the configuration that matches nothing in the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Dotted path of the value (`regions[0]`, `instance_types[1]`, `resources.gpu.name[0]`).
    pub path: String,
    /// What is wrong, for a person.
    pub message: String,
    /// A concrete fix (`did you mean `g6.xlarge`?`), when one is likely.
    pub help: Option<String>,
}

/// All warnings of a configuration, in path order: backends, regions, instance types, GPU names.
pub(crate) fn warnings(req: &Requirements, catalog: &Catalog) -> Vec<Warning> {
    let mut out = Vec::new();
    // 0.18.37 reads `backends: [dstack]` as any backend.
    let lone_dstack = !req.newer() && req.backends.as_ref().is_some_and(|b| b.len() == 1 && b[0] == "dstack");
    let names = catalog.backend_names(req.version);
    // 0.22.5 compares regions and instance types in any letter case.
    let listed = |table: &Table, value: &str| {
        table.exact.contains(value) || (req.newer() && table.by_lower.contains_key(&value.lower()))
    };
    for (i, b) in req.backends.iter().flatten().enumerate() {
        if !lone_dstack && !names.contains(&b.as_str()) {
            out.push(Warning {
                path: format!("backends[{i}]"),
                message: format!("backend `{b}` has no offers in the bundled catalog"),
                help: None,
            });
        }
    }
    // Indexed only when a list is given: the page estimates on every keystroke.
    if let Some(regions) = &req.regions {
        let table = catalog.name_tables.regions.get_or_init(|| Table::new(catalog.regions));
        for (i, region) in regions.iter().enumerate() {
            if !listed(table, region) {
                out.push(unknown_value(format!("regions[{i}]"), "region", region, table, true));
            }
        }
    }
    if let Some(instance_types) = &req.instance_types {
        let table = catalog.name_tables.instances.get_or_init(|| Table::new(catalog.instances));
        for (i, name) in instance_types.iter().enumerate() {
            if !listed(table, name) {
                out.push(unknown_value(format!("instance_types[{i}]"), "instance type", name, table, false));
            }
        }
    }
    if let Some(names) = req.gpu.as_ref().and_then(|g| g.names.as_ref()) {
        let table = catalog.name_tables.gpus.get_or_init(|| {
            let known: Vec<&'static str> =
                catalog.gpu_names.iter().map(|g| g.name).chain(gpu_vendor::accelerators().map(|a| a.name)).collect();
            Table::new(&known)
        });
        for (i, name) in names.iter().enumerate() {
            let lower = name.lower();
            if catalog.gpu_names.iter().any(|g| g.lower == lower) {
                continue;
            }
            out.push(unknown_gpu(catalog, table, format!("resources.gpu.name[{i}]"), name, &lower));
        }
    }
    out
}

/// A catalog table indexed for many look-ups, so that a long list of values is checked in
/// linear time instead of one scan of the table (with edit distances) per value.
#[derive(Debug)]
pub(crate) struct Table {
    exact: HashSet<&'static str>,
    /// The first name of each lower-case spelling.
    by_lower: HashMap<String, &'static str>,
    /// The first name of each spelling without punctuation, in lower case.
    by_squashed: HashMap<String, &'static str>,
    /// Lower-case names with their name, by length in characters.
    by_len: HashMap<usize, Vec<(String, &'static str)>>,
}

impl Table {
    fn new(names: &[&'static str]) -> Table {
        let mut table = Table {
            exact: HashSet::new(),
            by_lower: HashMap::new(),
            by_squashed: HashMap::new(),
            by_len: HashMap::new(),
        };
        for &name in names {
            let lower = name.lower();
            table.exact.insert(name);
            table.by_squashed.entry(squash(name)).or_insert(name);
            table.by_len.entry(lower.chars().count()).or_default().push((lower.clone(), name));
            table.by_lower.entry(lower).or_insert(name);
        }
        table
    }
}

fn squash(s: &str) -> String {
    let mut squashed = String::with_capacity(s.len());
    for c in s.chars().filter(|c| c.is_alphanumeric()) {
        push_lower(c, &mut squashed);
    }
    squashed
}

/// A region or instance type that is not in the catalog.
fn unknown_value(path: String, what: &str, value: &str, table: &Table, zones: bool) -> Warning {
    // GCP zones (`us-central1-a`) are listed under their region.
    let region = zones
        .then(|| value.rsplit_once('-'))
        .flatten()
        .filter(|(r, zone)| zone.len() == 1 && zone.bytes().all(|b| b.is_ascii_lowercase()) && table.exact.contains(r))
        .map(|(r, _)| r);
    if let Some(r) = region {
        return Warning {
            path,
            message: format!("`{value}` is a zone; offers are listed per region and regions match exactly"),
            help: Some(format!("did you mean `{r}`?")),
        };
    }
    let near = closest(value, table);
    let message = match near {
        Some(n) if n.eq_ignore_ascii_case(value) => {
            format!("{what} `{value}` is not in the catalog; {what}s match exactly, including letter case")
        }
        _ => format!("{what} `{value}` is not in the catalog, so it matches no offer"),
    };
    Warning { path, message, help: near.map(|n| format!("did you mean `{n}`?")) }
}

/// A GPU name that no catalog row has.
fn unknown_gpu(catalog: &Catalog, known: &Table, path: String, name: &str, lower: &str) -> Warning {
    let slices = |version: &str| -> Vec<&'static str> {
        catalog
            .gpu_names
            .iter()
            .filter(|g| g.lower.strip_prefix(version).is_some_and(|r| r.starts_with('-')))
            .map(|g| g.name)
            .collect()
    };
    // dstack removes only a lower-case `tpu-` prefix.
    if let Some(rest) = lower.strip_prefix("tpu-").filter(|_| !name.starts_with("tpu-"))
        && let Some(g) = catalog.gpu_names.iter().find(|g| g.lower == rest)
    {
        return Warning {
            path,
            message: format!("`{name}` keeps its prefix: dstack removes only a lower-case `tpu-`"),
            help: Some(format!("did you mean `{}`?", g.name)),
        };
    }
    if gpu_vendor::is_tpu_version(lower) && !slices(lower).is_empty() {
        let options: Vec<String> = slices(lower).iter().map(|s| format!("`{s}`")).collect();
        return Warning {
            path,
            message: format!("`{name}` is a TPU version; TPU offers are named by slice"),
            help: Some(format!("did you mean {}?", options.join(" or "))),
        };
    }
    if gpu_vendor::is_known_accelerator(lower) {
        return Warning { path, message: format!("no offer in the catalog has a `{name}` GPU"), help: None };
    }
    Warning {
        path,
        message: format!("`{name}` is not a GPU name the catalog or gpuhunt knows"),
        help: closest(name, known).map(|s| format!("did you mean `{s}`?")),
    }
}

/// The candidate most likely meant: equal ignoring case, then ignoring punctuation, then
/// within a small edit distance (the nearest, ties broken alphabetically).
fn closest(value: &str, table: &Table) -> Option<&'static str> {
    let lower = value.lower();
    if let Some(c) = table.by_lower.get(&lower) {
        return Some(c);
    }
    let squashed = squash(value);
    if let Some(c) = table.by_squashed.get(&squashed).filter(|_| !squashed.is_empty()) {
        return Some(c);
    }
    let length = lower.chars().count();
    let limit = (length / 4).clamp(1, 2);
    // The distance is at least the difference in length: only names of nearby lengths can be close.
    (length.saturating_sub(limit)..=length + limit)
        .filter_map(|n| table.by_len.get(&n))
        .flatten()
        .map(|(c_lower, c)| (dstack_core::suggest::edit_distance(&lower, c_lower), *c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_candidates() {
        let table = Table::new(&["g6.xlarge", "g5.xlarge", "us-east-1", "H100NVL"]);
        assert_eq!(closest("G6.XLARGE", &table), Some("g6.xlarge"));
        assert_eq!(closest("g6-xlarge", &table), Some("g6.xlarge"));
        assert_eq!(closest("g6.xlarg", &table), Some("g6.xlarge"));
        assert_eq!(closest("H100-NVL", &table), Some("H100NVL"));
        assert_eq!(closest("p5.48xlarge", &table), None);
        assert_eq!(closest("ab", &Table::new(&["cd"])), None);
        // Ties are broken alphabetically; the first of two spellings that differ in case wins.
        assert_eq!(closest("g7.xlarge", &table), Some("g5.xlarge"));
        assert_eq!(closest("ab", &Table::new(&["Ab", "AB"])), Some("Ab"));
    }

    #[test]
    fn zones_and_case() {
        let table = Table::new(&["us-central1", "us-east-1"]);
        let w = unknown_value("regions[0]".into(), "region", "us-central1-a", &table, true);
        assert_eq!(w.help.as_deref(), Some("did you mean `us-central1`?"));
        let w = unknown_value("regions[0]".into(), "region", "US-EAST-1", &table, true);
        assert_eq!(w.message, "region `US-EAST-1` is not in the catalog; regions match exactly, including letter case");
        assert_eq!(w.help.as_deref(), Some("did you mean `us-east-1`?"));
    }
}
