//! Which jobs a run configuration plans (contract §V.5 rule 16, §V.12): a task's node groups (the
//! whole task without `groups`), a service's replica groups (the whole service without `groups`),
//! a dev environment's one job. Each job carries the fields its group may set for itself; the
//! estimate lists the offers of the first one.

use dstack_core::model::ConfigType;
use dstack_core::model::config::{Bounds, Configuration, Resources, RunConfiguration, SpotPolicy};

/// One planned job, with what its group sets or inherits.
pub(crate) struct Job<'a> {
    /// The group's name; `None` for a configuration without groups.
    pub name: Option<&'a str>,
    /// Instances of the job: a task node group's `nodes`, else 1.
    pub nodes: i128,
    /// A service's replicas of this job; `None` for tasks and dev environments.
    pub replicas: Option<Bounds<i128>>,
    /// The group's resources.
    pub resources: &'a Resources,
    /// `spot_policy`: the replica group's, else the configuration's.
    pub spot_policy: Option<SpotPolicy>,
    /// `reservation`: the replica group's, else the configuration's.
    pub reservation: Option<&'a str>,
    /// `image`: the replica group's, else the configuration's.
    pub image: Option<&'a str>,
    /// `docker`: the replica group's, else the configuration's.
    pub docker: Option<bool>,
    /// `privileged`: the replica group's when set, else the configuration's.
    pub privileged: bool,
}

/// The planned jobs of a run configuration.
pub(crate) struct Plan<'a> {
    /// The fields every run configuration has (profile, volumes).
    pub run: &'a RunConfiguration,
    /// Task, service or dev environment.
    pub kind: ConfigType,
    /// The estimated job: the first group's.
    pub first: Job<'a>,
    /// The jobs of the further groups.
    pub further: Vec<Job<'a>>,
}

/// The plan of a configuration that starts a run; `None` for fleets, gateways, volumes and presets.
pub(crate) fn plan(config: &Configuration) -> Option<Plan<'_>> {
    let run = config.run()?;
    let profile = &run.profile;
    let whole = |nodes: i128, replicas: Option<Bounds<i128>>| Job {
        name: None,
        nodes,
        replicas,
        resources: &run.resources.value,
        spot_policy: profile.spot_policy.value,
        reservation: profile.reservation.value.as_deref(),
        image: run.image.value.as_deref(),
        docker: run.docker.value,
        privileged: run.privileged.value,
    };
    let mut jobs: Vec<Job> = match config {
        Configuration::Task(task) => task
            .node_groups()
            .into_iter()
            .map(|g| Job { name: g.name, nodes: g.nodes, resources: &g.resources.value, ..whole(g.nodes, None) })
            .collect(),
        Configuration::Service(service) => match &service.groups.value {
            Some(groups) if !groups.is_empty() => groups
                .iter()
                .map(|g| {
                    let g = &g.value;
                    Job {
                        name: Some(g.name.as_str()),
                        nodes: 1,
                        replicas: Some(g.replicas),
                        resources: &g.resources.value,
                        spot_policy: g.spot_policy.value.or(profile.spot_policy.value),
                        reservation: g.reservation.value.as_deref().or(profile.reservation.value.as_deref()),
                        image: g.image.value.as_deref().or(run.image.value.as_deref()),
                        docker: g.docker.value.or(run.docker.value),
                        privileged: g.privileged.value.unwrap_or(run.privileged.value),
                    }
                })
                .collect(),
            // 0.22.5 leaves `replicas` null for one replica.
            _ => vec![whole(1, Some(service.replicas.value.unwrap_or(Bounds { min: Some(1), max: Some(1) })))],
        },
        _ => Vec::new(),
    };
    let first = match config {
        _ if !jobs.is_empty() => jobs.remove(0),
        Configuration::Task(task) => whole(task.nodes.value, None),
        _ => whole(1, None),
    };
    Some(Plan { run, kind: config.config_type(), first, further: jobs })
}
