//! Warnings about values that cannot match anything in the catalog although they look meant to:
//! regions and instance types that exist only in another spelling, GPU names the catalog does not
//! know, backends without catalog offers.

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
    let lone_dstack = req.backends.as_ref().is_some_and(|b| b.len() == 1 && b[0] == "dstack");
    for (i, b) in req.backends.iter().flatten().enumerate() {
        if !lone_dstack && !catalog.backends.contains(&b.as_str()) {
            out.push(Warning {
                path: format!("backends[{i}]"),
                message: format!("backend `{b}` has no offers in the bundled catalog"),
                help: None,
            });
        }
    }
    for (i, region) in req.regions.iter().flatten().enumerate() {
        if !catalog.regions.contains(&region.as_str()) {
            out.push(unknown_value(format!("regions[{i}]"), "region", region, catalog.regions, true));
        }
    }
    for (i, name) in req.instance_types.iter().flatten().enumerate() {
        if !catalog.instances.contains(&name.as_str()) {
            out.push(unknown_value(format!("instance_types[{i}]"), "instance type", name, catalog.instances, false));
        }
    }
    let names = req.gpu.as_ref().and_then(|g| g.names.as_ref());
    for (i, name) in names.into_iter().flatten().enumerate() {
        let lower = name.to_lowercase();
        if catalog.gpu_names.iter().any(|g| g.lower == lower) {
            continue;
        }
        out.push(unknown_gpu(catalog, format!("resources.gpu.name[{i}]"), name, &lower));
    }
    out
}

/// A region or instance type that is not in the catalog.
fn unknown_value(path: String, what: &str, value: &str, table: &[&str], zones: bool) -> Warning {
    // GCP zones (`us-central1-a`) are listed under their region.
    let region = zones
        .then(|| value.rsplit_once('-'))
        .flatten()
        .filter(|(r, zone)| zone.len() == 1 && zone.bytes().all(|b| b.is_ascii_lowercase()) && table.contains(r))
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
fn unknown_gpu(catalog: &Catalog, path: String, name: &str, lower: &str) -> Warning {
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
    let known: Vec<&str> =
        catalog.gpu_names.iter().map(|g| g.name).chain(gpu_vendor::accelerators().iter().map(|a| a.name)).collect();
    Warning {
        path,
        message: format!("`{name}` is not a GPU name the catalog or gpuhunt knows"),
        help: closest(name, &known).map(|s| format!("did you mean `{s}`?")),
    }
}

/// The candidate most likely meant: equal ignoring case, then ignoring punctuation, then
/// within a small edit distance (the nearest, ties broken alphabetically).
fn closest<'a>(value: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = value.to_lowercase();
    if let Some(c) = candidates.iter().find(|c| c.to_lowercase() == lower) {
        return Some(c);
    }
    let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let squashed = squash(value);
    if let Some(c) = candidates.iter().find(|c| !squashed.is_empty() && squash(c) == squashed) {
        return Some(c);
    }
    let limit = (lower.chars().count() / 4).clamp(1, 2);
    candidates
        .iter()
        .map(|c| (dstack_core::suggest::edit_distance(&lower, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_candidates() {
        let table = ["g6.xlarge", "g5.xlarge", "us-east-1", "H100NVL"];
        assert_eq!(closest("G6.XLARGE", &table), Some("g6.xlarge"));
        assert_eq!(closest("g6-xlarge", &table), Some("g6.xlarge"));
        assert_eq!(closest("g6.xlarg", &table), Some("g6.xlarge"));
        assert_eq!(closest("H100-NVL", &table), Some("H100NVL"));
        assert_eq!(closest("p5.48xlarge", &table), None);
        assert_eq!(closest("ab", &["cd"]), None);
    }

    #[test]
    fn zones_and_case() {
        let table = ["us-central1", "us-east-1"];
        let w = unknown_value("regions[0]".into(), "region", "us-central1-a", &table, true);
        assert_eq!(w.help.as_deref(), Some("did you mean `us-central1`?"));
        let w = unknown_value("regions[0]".into(), "region", "US-EAST-1", &table, true);
        assert_eq!(w.message, "region `US-EAST-1` is not in the catalog; regions match exactly, including letter case");
        assert_eq!(w.help.as_deref(), Some("did you mean `us-east-1`?"));
    }
}
