//! What a run configuration (task, service, dev environment) asks for: the requirements and
//! profile of its planned job under the selected dstack release, read from the normalized
//! configuration and completed with what `dstack apply` and the server add. 0.18.37 (contract
//! §2–§3): vendor inference, the spot default, the falsy-reservation drop, the `tpu-` re-strip.
//! 0.22.5 (§V.5): the first node or replica group's job, the server's vendor default, the CPU
//! architecture of the default image, `docker` as privileged. Both: §V.12 for services and dev
//! environments.

use dstack_core::model::ConfigType;
use dstack_core::model::config::{self, CreationPolicy, Gpu, SpotPolicy, Volume};
use dstack_core::{DstackVersion, Json, gpu_vendor, model};

use crate::plan::{self, Job, Plan};
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
}

impl<T: Copy + Into<f64>> From<config::Bounds<T>> for Bounds {
    fn from(b: config::Bounds<T>) -> Bounds {
        Bounds { min: b.min.map(Into::into), max: b.max.map(Into::into) }
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
    /// The dstack release whose rules apply.
    pub version: DstackVersion,
    /// Instances of the estimated job (its node group's `nodes`): a run-hour costs this many offers.
    pub group_nodes: u64,
    /// 0.22.5: the CPU architecture offers must have (`Some(true)` ARM, `Some(false)` x86), or
    /// `None` for any (an `image` without `cpu.arch`).
    pub arm: Option<bool>,
    /// 0.22.5: `reservation` is set, even to `''` (it restricts the backends).
    pub reservation_set: bool,
    /// 0.22.5: profile `availability_zones`.
    pub availability_zones: Option<Vec<String>>,
    /// 0.22.5: `instances` is set: only those (existing) instances, no offer search.
    pub instances: bool,
    /// 0.22.5: `fleets` is set.
    pub fleets: bool,
    /// 0.22.5: the further node groups of a task or replica groups of a service, each with its
    /// name and requirements.
    pub further_groups: Vec<(String, Requirements)>,
    /// Task, service or dev environment.
    pub kind: ConfigType,
    /// A service's replicas of this job (fewest, most); `None` for other types.
    pub replicas: Option<(u64, u64)>,
}

impl Requirements {
    /// True when the rules of dstack 0.22.5 apply.
    pub fn newer(&self) -> bool {
        self.version.pydantic2()
    }
}

/// Reads the requirements from dstack's normalized JSON of an accepted configuration, or the
/// stage and reason at which dstack would reject it.
pub(crate) fn from_normalized(conf: &Json, version: DstackVersion) -> Result<Requirements, Rejection> {
    let config = model::read(conf, None).map_err(|other| rejection::not_a_run(&other.type_name, version))?;
    let Some(plan) = plan::plan(&config) else {
        return Err(rejection::not_a_run(config.config_type().tag(), version));
    };
    rejection::first_violation(&config, version)?;
    // A task's nodes are those of all its node groups; services and dev environments are never
    // multi-node (§V.12 rule 33).
    let total = match plan.kind {
        ConfigType::Task => count(plan.further.iter().map(|j| j.nodes).fold(plan.first.nodes, i128::saturating_add)),
        _ => 1,
    };
    let mut first = requirements(&plan, &plan.first, total, version);
    first.further_groups = plan
        .further
        .iter()
        .map(|job| (job.name.unwrap_or_default().to_string(), requirements(&plan, job, total, version)))
        .collect();
    Ok(first)
}

/// Spot only (`Some(true)`), on-demand only (`Some(false)`) or either (`None`), from the job's
/// spot policy or the default of every run type, on-demand.
fn spot(policy: Option<SpotPolicy>) -> Option<bool> {
    match policy.unwrap_or(SpotPolicy::OnDemand) {
        SpotPolicy::Spot => Some(true),
        SpotPolicy::Auto => None,
        SpotPolicy::OnDemand => Some(false),
    }
}

/// A node count as an unsigned number (saturating: the model bounds it anyway).
fn count(nodes: i128) -> u64 {
    u64::try_from(nodes).unwrap_or(if nodes < 0 { 0 } else { u64::MAX })
}

/// The requirements of one planned job (0.18.37 §2–§3; 0.22.5 rules 16–21); `total` is the number
/// of nodes of the whole run.
fn requirements(plan: &Plan, job: &Job, total: u64, version: DstackVersion) -> Requirements {
    let run = plan.run;
    let profile = &run.profile;
    let resources = job.resources;
    let volumes = &run.volumes.value;
    let newer = version.pydantic2();
    let gpu = if newer {
        let default_image = gpu_vendor::default_image(job.image, job.docker);
        Some(gpu_requirements_0_22(resources.gpu.as_ref().map(|g| &g.value), default_image))
    } else {
        resources.gpu.as_ref().map(|g| gpu_requirements(&g.value))
    };
    Requirements {
        cpu: resources.cpu.as_f64().into(),
        memory: resources.memory.into(),
        disk: resources.disk.map(Bounds::from),
        gpu,
        max_price: profile.max_price.value,
        spot: spot(job.spot_policy),
        spot_policy: job.spot_policy.map(|p| p.as_str().to_string()),
        // 0.18.37's client drops a falsy reservation; 0.22.5 restricts the backends even for `''`.
        reservation: job.reservation.is_some_and(|r| !r.is_empty()),
        nodes: total,
        privileged: job.privileged || job.docker == Some(true),
        // 0.18.37 has no `optional`, so every instance volume is mandatory there.
        instance_volumes: volumes.iter().any(|v| matches!(v.value, Volume::Instance { optional: false, .. })),
        network_volumes: volumes.iter().any(|v| matches!(v.value, Volume::Network { .. })),
        backends: profile.backends.value.clone(),
        regions: profile.regions.value.clone(),
        instance_types: profile.instance_types.value.clone(),
        reuse: profile.creation_policy.value == Some(CreationPolicy::Reuse),
        version,
        group_nodes: count(job.nodes),
        kind: plan.kind,
        replicas: job.replicas.map(|r| (count(r.min.unwrap_or(0)), count(r.max.or(r.min).unwrap_or(0)))),
        // dstack's default image is x86 only (`docker: true` runs it too); an image's own
        // architectures are not looked up (contract §V.0). 0.18.37 has no architecture.
        arm: match resources.cpu_arch.as_ref().map(|a| a.value.as_str()) {
            _ if !newer => None,
            Some(arch) => Some(arch == "arm"),
            None => job.image.is_none().then_some(false),
        },
        reservation_set: newer && job.reservation.is_some(),
        availability_zones: profile.availability_zones.value.clone(),
        instances: profile.instances.value.is_some(),
        fleets: profile.fleets.value.is_some(),
        further_groups: Vec::new(),
    }
}

/// The GPU requirements after `dstack apply`'s inference (0.18.37).
fn gpu_requirements(gpu: &Gpu) -> GpuRequirements {
    let inference = gpu_vendor::infer_gpu(gpu);
    GpuRequirements {
        vendor_inferred: gpu.vendor.is_none() && inference.vendor.is_some(),
        vendor: inference.vendor,
        ..gpu_bounds(gpu)
    }
}

/// The GPU requirements after the server's vendor default (0.22.5); no spec is `gpu: 0..`.
fn gpu_requirements_0_22(gpu: Option<&Gpu>, default_image: bool) -> GpuRequirements {
    let any = Gpu { count: config::Bounds { min: Some(0), max: None }, ..Gpu::default() };
    let gpu = gpu.unwrap_or(&any);
    let vendor = gpu_vendor::default_vendor_0_22(gpu, default_image);
    GpuRequirements { vendor_inferred: gpu.vendor.is_none() && vendor.is_some(), vendor, ..gpu_bounds(gpu) }
}

/// The names and bounds of a GPU spec as the server receives them, without a vendor.
fn gpu_bounds(gpu: &Gpu) -> GpuRequirements {
    GpuRequirements {
        vendor: None,
        vendor_inferred: false,
        // The run spec travels to the server as JSON and is parsed again, so a name that still
        // starts with `tpu-` after the first parse (`tpu-tpu-v5p-8`) loses that prefix once more.
        names: gpu
            .name
            .as_ref()
            .map(|n| n.iter().map(|s| s.strip_prefix("tpu-").map_or_else(|| s.clone(), str::to_string)).collect()),
        count: gpu.count.as_f64().into(),
        memory: gpu.memory.map(Bounds::from).unwrap_or_default(),
        total_memory: gpu.total_memory.map(Bounds::from).unwrap_or_default(),
        compute_capability: gpu.compute_capability,
    }
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
            version: DstackVersion::V0_18_37,
            group_nodes: 1,
            arm: None,
            reservation_set: false,
            availability_zones: None,
            instances: false,
            fleets: false,
            further_groups: Vec::new(),
            kind: ConfigType::Task,
            replicas: None,
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
        let r = from_normalized(&conf, DstackVersion::V0_18_37).unwrap();
        assert_eq!(r.cpu, Bounds { min: Some(2.0), max: None });
        assert_eq!(r.disk, Some(Bounds { min: Some(100.0), max: None }));
        assert_eq!((r.gpu, r.spot, r.reservation, r.nodes, r.reuse), (None, Some(false), false, 1, false));
    }

    #[test]
    fn gpu_names_lose_a_second_tpu_prefix() {
        let gpu = Gpu {
            name: Some(vec!["tpu-v5p-8".to_string(), "TPU-v6e-1".to_string()]),
            count: config::Bounds { min: Some(1), max: Some(1) },
            ..Gpu::default()
        };
        let g = gpu_requirements(&gpu);
        assert_eq!(g.names, Some(vec!["v5p-8".to_string(), "TPU-v6e-1".to_string()]));
        assert_eq!((g.vendor, g.vendor_inferred), (None, false));
    }
}
