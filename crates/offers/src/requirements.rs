//! What a configuration asks for: dstack 0.18.37's job requirements and profile, read from the
//! normalized configuration and completed with what `dstack apply` and the server add (contract
//! §2–§3): vendor inference, the spot default, the falsy-reservation drop, the `tpu-` re-strip.

use dstack_core::Json;
use dstack_core::gpu_vendor;

use crate::catalog::Catalog;
use crate::rejection::{self, Rejection};

/// An inclusive numeric range; a `None` bound is open.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Bounds {
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
}

impl Bounds {
    /// gpuhunt's `is_between`: fails only when a set bound is crossed (so NaN bounds never fail).
    pub fn contains(&self, value: f64) -> bool {
        !(self.min.is_some_and(|lo| value < lo) || self.max.is_some_and(|hi| value > hi))
    }

    /// True when neither bound is set.
    pub fn is_open(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }

    /// A `{"min", "max"}` object; `None` for a missing or null range.
    fn from_json(v: Option<&Json>) -> Option<Bounds> {
        let v = v.filter(|v| !v.is_null())?;
        Some(Bounds { min: v.get("min").and_then(Json::as_f64), max: v.get("max").and_then(Json::as_f64) })
    }
}

/// The GPU part of the requirements (`resources.gpu` not null).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GpuRequirements {
    /// Vendor after inference (`nvidia`, `amd`, `google`, `intel`), lower-case.
    pub vendor: Option<String>,
    /// True when the vendor was inferred by `dstack apply` rather than written.
    pub vendor_inferred: bool,
    /// Names as the server receives them (case kept); `Some(vec![])` matches nothing.
    pub names: Option<Vec<String>>,
    /// GPU count.
    pub count: Bounds,
    /// Memory per GPU, GB.
    pub memory: Bounds,
    /// Memory of all GPUs together, GB.
    pub total_memory: Bounds,
    /// Minimum compute capability (major, minor).
    pub compute_capability: Option<(i128, i128)>,
}

/// Everything the estimate needs from a configuration that dstack accepts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Requirements {
    /// vCPUs.
    pub cpu: Bounds,
    /// RAM, GB.
    pub memory: Bounds,
    /// Disk size, GB; `None` when `resources.disk` is null (no disk filter).
    pub disk: Option<Bounds>,
    /// `None` when `resources.gpu` is null: no GPU field in the query at all.
    pub gpu: Option<GpuRequirements>,
    /// USD per hour per instance.
    pub max_price: Option<f64>,
    /// `Some(true)` spot only, `Some(false)` on-demand only, `None` either.
    pub spot: Option<bool>,
    /// `spot_policy` as written (`None` = the task default, on-demand).
    pub spot_policy: Option<String>,
    /// A non-empty `reservation` (an empty one is dropped by the client).
    pub reservation: bool,
    /// `nodes`.
    pub nodes: u64,
    /// `privileged: true`.
    pub privileged: bool,
    /// At least one instance (host path) volume.
    pub instance_volumes: bool,
    /// At least one network (named) volume.
    pub network_volumes: bool,
    /// Profile `backends`.
    pub backends: Option<Vec<String>>,
    /// Profile `regions`.
    pub regions: Option<Vec<String>>,
    /// Profile `instance_types`.
    pub instance_types: Option<Vec<String>>,
    /// `creation_policy: reuse`: no offer search at all.
    pub reuse: bool,
}

/// The value at `key` unless it is missing or null.
pub(crate) fn field<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
    v.get(key).filter(|x| !x.is_null())
}

/// A list of strings (non-string items, which a normalized configuration never has, are skipped).
pub(crate) fn strings(v: Option<&Json>) -> Option<Vec<String>> {
    Some(v?.as_array()?.iter().filter_map(Json::as_str).map(str::to_string).collect())
}

/// Reads the requirements, or the stage and reason at which dstack would reject the configuration.
pub(crate) fn from_normalized(conf: &Json, catalog: &Catalog) -> Result<Requirements, Rejection> {
    rejection::check_type(conf)?;
    let resources = field(conf, "resources");
    let resource = |key: &str| resources.and_then(|r| field(r, key));
    let gpu = resource("gpu").map(gpu_requirements);
    let has_amd = gpu.as_ref().is_some_and(|(_, amd)| *amd);
    rejection::check_cli(conf, has_amd)?;
    rejection::check_server(conf)?;

    let spot_policy = field(conf, "spot_policy").and_then(Json::as_str).map(str::to_string);
    let volumes = field(conf, "volumes").and_then(Json::as_array).unwrap_or_default();
    let volume_has = |key: &str| volumes.iter().any(|v| v.get(key).is_some());
    Ok(Requirements {
        cpu: Bounds::from_json(resource("cpu")).unwrap_or_default(),
        memory: Bounds::from_json(resource("memory")).unwrap_or_default(),
        disk: resource("disk").map(|d| Bounds::from_json(d.get("size")).unwrap_or_default()),
        gpu: gpu.map(|(g, _)| g),
        max_price: field(conf, "max_price").and_then(Json::as_f64),
        spot: match spot_policy.as_deref() {
            Some("spot") => Some(true),
            Some("auto") => None,
            _ => Some(false),
        },
        spot_policy,
        reservation: field(conf, "reservation").and_then(Json::as_str).is_some_and(|r| !r.is_empty()),
        nodes: field(conf, "nodes")
            .and_then(Json::as_int)
            .map_or(1, |n| u64::try_from(n).unwrap_or(if n < 0 { 0 } else { u64::MAX })),
        privileged: matches!(field(conf, "privileged"), Some(Json::Bool(true))),
        instance_volumes: volume_has("instance_path"),
        network_volumes: volume_has("name"),
        backends: strings(field(conf, "backends")),
        regions: strings(field(conf, "regions")),
        instance_types: strings(field(conf, "instance_types")),
        reuse: field(conf, "creation_policy").and_then(Json::as_str) == Some("reuse"),
    })
}

/// The GPU requirements after `dstack apply`'s inference, and whether the spec "has AMD".
fn gpu_requirements(gpu: &Json) -> (GpuRequirements, bool) {
    let declared = field(gpu, "vendor").and_then(Json::as_str).map(str::to_lowercase);
    let names = strings(field(gpu, "name"));
    let count = Bounds::from_json(gpu.get("count")).unwrap_or_default();
    let inference = gpu_vendor::infer(declared.as_deref(), names.as_deref().unwrap_or_default(), count.max);
    let compute_capability = field(gpu, "compute_capability").and_then(Json::as_array).and_then(|cc| match cc {
        [major, minor] => Some((major.as_int()?, minor.as_int()?)),
        _ => None,
    });
    let requirements = GpuRequirements {
        vendor_inferred: declared.is_none() && inference.vendor.is_some(),
        vendor: inference.vendor,
        // The run spec travels to the server as JSON and is parsed again, so a name that still
        // starts with `tpu-` after the first parse (`tpu-tpu-v5p-8`) loses that prefix once more.
        names: names
            .map(|n| n.into_iter().map(|s| s.strip_prefix("tpu-").map_or_else(|| s.clone(), str::to_string)).collect()),
        count,
        memory: Bounds::from_json(gpu.get("memory")).unwrap_or_default(),
        total_memory: Bounds::from_json(gpu.get("total_memory")).unwrap_or_default(),
        compute_capability,
    };
    (requirements, inference.has_amd)
}

/// No constraint at all, one node: the starting point of unit tests.
#[cfg(test)]
impl Requirements {
    pub(crate) fn unconstrained() -> Requirements {
        Requirements {
            cpu: Bounds::default(),
            memory: Bounds::default(),
            disk: None,
            gpu: None,
            max_price: None,
            spot: None,
            spot_policy: None,
            reservation: false,
            nodes: 1,
            privileged: false,
            instance_volumes: false,
            network_volumes: false,
            backends: None,
            regions: None,
            instance_types: None,
            reuse: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive_and_open_ended() {
        let b = Bounds { min: Some(2.0), max: Some(4.0) };
        assert!(b.contains(2.0) && b.contains(4.0) && b.contains(3.0));
        assert!(!b.contains(1.999) && !b.contains(4.001));
        assert!(Bounds { min: None, max: Some(4.0) }.contains(-100.0));
        assert!(Bounds::default().contains(f64::INFINITY) && Bounds::default().is_open());
        assert!(Bounds { min: Some(f64::NAN), max: None }.contains(1.0));
    }

    #[test]
    fn defaults_of_a_minimal_task() {
        let conf = Json::parse(
            r#"{"type": "task", "nodes": 1, "resources": {"cpu": {"min": 2, "max": null}, "memory": {"min": 8.0, "max": null},
                "shm_size": null, "gpu": null, "disk": {"size": {"min": 100.0, "max": null}}}, "volumes": [],
                "reservation": "", "spot_policy": null, "privileged": false}"#,
        )
        .unwrap();
        let r = from_normalized(&conf, Catalog::bundled()).unwrap();
        assert_eq!(r.cpu, Bounds { min: Some(2.0), max: None });
        assert_eq!(r.disk, Some(Bounds { min: Some(100.0), max: None }));
        assert_eq!((r.gpu, r.spot, r.reservation, r.nodes, r.reuse), (None, Some(false), false, 1, false));
    }

    #[test]
    fn gpu_names_lose_a_second_tpu_prefix() {
        let gpu = Json::parse(r#"{"vendor": null, "name": ["tpu-v5p-8", "TPU-v6e-1"], "count": {"min": 1, "max": 1}}"#)
            .unwrap();
        let (g, amd) = gpu_requirements(&gpu);
        assert_eq!(g.names, Some(vec!["v5p-8".to_string(), "TPU-v6e-1".to_string()]));
        assert_eq!((g.vendor, g.vendor_inferred, amd), (None, false, false));
    }
}
