//! What each top-level key holds, for the [`Field`](super::Field) rows of
//! [`fields`](crate::model::fields).

use super::nested::*;
use super::{About, Catalog, Shape};
use crate::model::dev_environment::IDES;
use crate::model::fields::VOLUME_BACKENDS_0_22_5;
use crate::model::fleet::PLACEMENTS;
use crate::model::task_0_22::{STARTUP_ORDERS, STOP_CRITERIA_VALUES};
use crate::model::{
    BACKENDS, BACKENDS_0_22_5, CREATION_POLICIES, PYTHON_VERSIONS, PYTHON_VERSIONS_0_22_5, SPOT_POLICIES,
    TERMINATION_POLICIES,
};
use crate::version::Release;
use Shape::{
    Bool, Duration, Enum, Int, List, Map, Matching, Memory, Number, Object, OneOf, Range, Since, Str, TypeName,
};

const V0_20: Release = Release(0, 20, 0);

/// A list of strings.
pub(crate) const STRS: Shape = List(&Str);
/// A list of strings or one string.
pub(crate) const STR_OR_STRS: Shape = OneOf(&[Str, List(&Str)]);
/// A duration or `off`.
const DURATION_OR_OFF: Shape = OneOf(&[Duration, Enum(&["off"]), Bool]);
/// `KEY=VALUE` lines or a mapping.
/// A `KEY=VALUE` (or `KEY`) line of `env`.
const ENV_LINE: Shape = Since(V0_20, &Matching("^[a-zA-Z_][a-zA-Z0-9_]*(=.*)?\n?$"), &Str);
pub(crate) const ENV_SHAPE: Shape = OneOf(&[List(&ENV_LINE), Map(&OneOf(&[Str, Object(&ENV_SENTINEL_KEYS)]))]);

pub(crate) static TYPE: About = About::new(TypeName, "The configuration type.").required();
pub(crate) static NAME: About = About::new(Str, "The name; dstack picks one if unset.").example("my-run");
pub(crate) static IMAGE: About =
    About::new(Str, "The Docker image; unset: dstack's Ubuntu 24.04 image with uv, Python, CUDA 13 and NCCL.")
        .older(V0_20, "The Docker image; unset: dstack's base image with Python and CUDA.")
        .example("ubuntu:22.04");
pub(crate) static USER: About =
    About::new(Str, "The user in the container: `name_or_id[:group]`; the image's default if unset.").example("root");
pub(crate) static PRIVILEGED: About =
    About::new(Bool, "Run the container in privileged mode.").default("false").not_null(None);
pub(crate) static ENTRYPOINT: About = About::new(Str, "The Docker entrypoint, replacing the image's.");
pub(crate) static WORKING_DIR: About =
    About::new(Str, "The working directory: an absolute path; the image's if unset.")
        .older(V0_20, "The working directory, relative to the repo directory `/workflow`; `.` if unset.");
pub(crate) static HOME_DIR: About =
    About::new(Str, "The user's home directory in the container.").default("/root").not_null(None);
pub(crate) static REGISTRY_AUTH: About =
    About::new(Object(&REGISTRY_AUTH_KEYS), "Credentials to pull the image from a private registry.");
pub(crate) static PYTHON: About = About::new(
    Since(V0_20, &Enum(&PYTHON_VERSIONS_0_22_5), &Enum(&PYTHON_VERSIONS)),
    "The Python version of dstack's base image; not with `image` or `docker`.",
)
.older(V0_20, "The Python version of dstack's base image; not with `image`.")
.example("\"3.11\"")
.excludes(&["image", "docker"]);
pub(crate) static NVCC: About =
    About::new(Bool, "Use the base image with the CUDA compiler (nvcc); not with `image` or `docker`.")
        .older(V0_20, "Use the base image with the CUDA compiler (nvcc); not with `image`.")
        .default("false");
pub(crate) static SINGLE_BRANCH: About =
    About::new(Bool, "Clone only the current branch of a remote Git repo.").default("true (dev environments: false)");
pub(crate) static ENV: About = About::new(ENV_SHAPE, "Environment variables: `KEY=VALUE` lines or a mapping.")
    .example("[HF_TOKEN, MODEL=llama]")
    .not_null(None);
pub(crate) static SHELL: About =
    About::new(Matching("^(sh|bash|/.*)$"), "The shell that runs the commands: `sh`, `bash` or an absolute path.")
        .default("/bin/bash (/bin/sh with `image`)");
pub(crate) static SETUP: About =
    About::new(STRS, "Commands run before `commands` (deprecated: put them in `commands`).").not_null(None);
pub(crate) static RESOURCES: About =
    About::new(Object(&RESOURCES_KEYS), "The resources to request: CPU, memory, shared memory, GPU, disk.")
        .default("cpu: 2.., memory: 8GB.., disk: 100GB..")
        .example("{gpu: A100:2, disk: 200GB}")
        .not_null(None);
pub(crate) static PRIORITY: About = About::new(Int, "Run priority from 0 to 100; higher runs are provisioned first.")
    .default("0")
    .within(Some(0), Some(100));
pub(crate) static VOLUMES: About =
    About::new(List(&VOLUME_MOUNT_SHAPE), "Volumes to mount: `name:/path`, or `/host:/path` for an instance path.")
        .example("[my-vol:/data]")
        .not_null(None);
pub(crate) static DOCKER: About =
    About::new(Bool, "Allow Docker inside the run (Docker-in-Docker); not with `image`, `python`, `nvcc`.")
        .default("false")
        .excludes(&["image", "python", "nvcc"]);
pub(crate) static REPOS: About = About::new(
    List(&OneOf(&[Str, Object(&REPO_KEYS)])),
    "The Git repo to clone: a local path or URL, `:path` for where (one at most).",
)
.not_null(None);
pub(crate) static FILES: About = About::new(
    List(&OneOf(&[Str, Object(&FILE_KEYS)])),
    "Local files or folders to copy into the run: `local:container`.",
)
.example("[.env:/app/.env]")
.not_null(None);
pub(crate) static DSTACK: About =
    About::new(Bool, "Make the dstack server reachable from the run (no credentials given).")
        .default("false")
        .not_null(None);
pub(crate) static BACKENDS_ABOUT: About = About::new(
    List(&Since(V0_20, &Enum(&BACKENDS_0_22_5), &Enum(&BACKENDS))),
    "The backends to provision in; every configured one if unset.",
)
.example("[aws, gcp]")
.catalog(Catalog::Backend);
pub(crate) static REGIONS: About =
    About::new(STRS, "The regions to provision in.").example("[us-east-1]").catalog(Catalog::Region);
pub(crate) static AVAILABILITY_ZONES: About = About::new(STRS, "The availability zones to provision in.");
pub(crate) static INSTANCE_TYPES: About =
    About::new(STRS, "The cloud instance types to consider.").example("[p4d.24xlarge]").catalog(Catalog::InstanceType);
pub(crate) static RESERVATION: About =
    About::new(Str, "A reservation to use: AWS Capacity Reservations or Blocks, GCP reservations.")
        .older(V0_20, "A reservation to use: AWS Capacity Reservations or Capacity Blocks.");
pub(crate) static SPOT_POLICY: About =
    About::new(Enum(&SPOT_POLICIES), "Spot or on-demand instances.").default("on-demand");
pub(crate) static RETRY: About = About::new(
    OneOf(&[Bool, Object(&RETRY_KEYS)]),
    "Resubmit the run on no capacity, interruption or error: `true`, or events and a time limit.",
)
.example("{on_events: [no-capacity], duration: 1h}");
pub(crate) static MAX_DURATION: About =
    About::new(DURATION_OR_OFF, "Stop the run after this long; `off` never.").default("off").example("72h");
pub(crate) static STOP_DURATION: About =
    About::new(DURATION_OR_OFF, "How long a stopping run may take before it is forced to stop; `off`: no limit.")
        .default("5m");
pub(crate) static MAX_PRICE: About =
    About::new(Number, "The highest instance price per hour, in dollars.").example("2.5").above(0);
pub(crate) static CREATION_POLICY: About =
    About::new(Enum(&CREATION_POLICIES), "`reuse`: only idle fleet instances; `reuse-or-create`: new instances too.")
        .older(V0_20, "`reuse`: only idle pool instances; `reuse-or-create`: new instances too.")
        .default("reuse-or-create");
pub(crate) static IDLE_DURATION: About =
    About::new(DURATION_OR_OFF, "How long an idle instance lives before it is terminated; `off`: forever.")
        .default("5m (fleets: 3d)")
        .example("1h");
pub(crate) static UTILIZATION_POLICY: About = About::new(
    Object(&UTILIZATION_POLICY_KEYS),
    "Stop the run when its GPU utilization stays under a minimum for a time window.",
);
pub(crate) static STARTUP_ORDER: About =
    About::new(Enum(&STARTUP_ORDERS), "Which jobs of a multi-node run start first.").default("any");
pub(crate) static STOP_CRITERIA: About =
    About::new(Enum(&STOP_CRITERIA_VALUES), "When a multi-node run is done: all jobs, or the master.")
        .default("all-done");
pub(crate) static SCHEDULE: About = About::new(Object(&SCHEDULE_KEYS), "Start the run on a cron schedule (UTC).")
    .example("{cron: \"0 8 * * mon-fri\"}");
pub(crate) static FLEETS: About = About::new(
    List(&Since(V0_20, &OneOf(&[Str, Object(&ENTITY_KEYS)]), &Str)),
    "The fleets whose instances the run may use; `project/name` for another project's.",
);
pub(crate) static INSTANCES: About =
    About::new(List(&INSTANCE_SHAPE), "The fleet instances the run may use: names, or `{fleet, instance}`.");
pub(crate) static TAGS: About =
    About::new(Map(&Matching("^[a-zA-Z0-9_ .:/=+@-]{0,256}\n?$")), "Custom tags, also set on the backend's resources.")
        .example("{team: ml}");
pub(crate) static BACKEND_OPTIONS: About = About::new(
    List(&Object(&BACKEND_OPTION_KEYS)),
    "Options for one backend's offers (`vastai`: order, reliability, score).",
);
pub(crate) static TERMINATION_POLICY: About =
    About::new(Enum(&TERMINATION_POLICIES), "Whether idle instances are destroyed (deprecated: use `idle_duration`).");
pub(crate) static TERMINATION_IDLE_TIME: About =
    About::new(Duration, "Idle time before termination (deprecated: use `idle_duration`).");
pub(crate) static POOL_NAME: About = About::new(Str, "The pool to run in (deprecated: pools became fleets).");
pub(crate) static INSTANCE_NAME: About = About::new(Str, "The pool instance to run on (deprecated).");
pub(crate) static RETRY_POLICY: About =
    About::new(Object(&RETRY_POLICY_KEYS), "Retry settings (deprecated: use `retry`).");

pub(crate) static NODES: About = About::new(Int, "The number of nodes of a distributed (multi-node) task.")
    .default("1")
    .not_null(Some(V0_20))
    .within(Some(1), None)
    .excludes(&["groups"]);
pub(crate) static TASK_GROUPS: About = About::new(
    List(&Object(&TASK_GROUP_KEYS)),
    "Node groups of a multi-node task, each with nodes, resources and commands.",
);
pub(crate) static PORTS: About =
    About::new(List(&PORT_SHAPE), "Ports to expose: `8080`, `local:container`, or `*:container`.")
        .example("[8080]")
        .not_null(None);
pub(crate) static COMMANDS: About =
    About::new(STRS, "The shell commands to run.").example("[python train.py]").not_null(None);

/// The one IDE dstack 0.18.37 accepts.
const VSCODE: &[&str] = IDES.split_at(1).0;
pub(crate) static IDE: About = About::new(Since(V0_20, &Enum(&IDES), &Enum(VSCODE)), "The desktop IDE to connect.")
    .older(V0_20, "The desktop IDE to connect: `vscode`.")
    .required_before(V0_20)
    .example("vscode");
pub(crate) static IDE_VERSION: About = About::new(Str, "The IDE's version (`windsurf`: `version@commit`).");
pub(crate) static INIT: About = About::new(STRS, "Commands run when the dev environment starts.").not_null(None);
pub(crate) static INACTIVITY_DURATION: About =
    About::new(DURATION_OR_OFF, "Stop after this long without SSH or IDE connections; `off`: never.").default("off");

pub(crate) static PORT: About =
    About::new(SERVICE_PORT_SHAPE, "The port the app listens on, or `local:container`.").required().example("8000");
pub(crate) static GATEWAY: About = About::new(
    OneOf(&[Bool, Str, Since(V0_20, &Object(&ENTITY_KEYS), &Str)]),
    "The gateway to publish through: a name, `true` for the default, `false` for none.",
)
.older(V0_20, "The gateway to publish through: a name, or `false` for none.");
pub(crate) static STRIP_PREFIX: About =
    About::new(Bool, "Strip `/proxy/services/<project>/<run>/` from requests (without a gateway).")
        .default("true")
        .not_null(None);
pub(crate) static SERVICE_MODEL: About =
    About::new(SERVICE_MODEL_SHAPE, "The model behind dstack's OpenAI-compatible endpoint: a name or a mapping.")
        .example("meta-llama/Llama-3.1-8B");
pub(crate) static HTTPS: About = About::new(
    Since(V0_20, &OneOf(&[Bool, Enum(&["auto"])]), &Bool),
    "Serve over HTTPS through a gateway; `auto`: as the gateway does.",
)
.older(V0_20, "Serve over HTTPS through a gateway.")
.default("true");
pub(crate) static AUTH: About =
    About::new(Bool, "Require a dstack token to call the service.").default("true").not_null(None);
pub(crate) static SCALING: About = About::new(
    Object(&SCALING_KEYS),
    "Auto-scaling: a metric and its target per replica; needed with a `replicas` range.",
)
.example("{metric: rps, target: 10}");
pub(crate) static RATE_LIMITS: About =
    About::new(List(&Object(&RATE_LIMIT_KEYS)), "Request rate limits, per path prefix.").not_null(None);
pub(crate) static PROBES: About =
    About::new(List(&Object(&PROBE_KEYS)), "HTTP probes that tell when a replica is ready.");
pub(crate) static SERVICE_REPLICAS: About = About::new(
    Since(Release(0, 22, 0), &OneOf(&[Range(&Int), List(&Object(&REPLICA_GROUP_KEYS))]), &Range(&Int)),
    "The number of replicas, a range to scale within, or replica groups.",
)
.older(V0_20, "The number of replicas, or a range to scale within (`0..4`).")
.default("1")
.example("1..4")
.excludes(&["groups"]);
pub(crate) static SERVICE_GROUPS: About =
    About::new(List(&Object(&REPLICA_GROUP_KEYS)), "Replica groups of a heterogeneous service; not with `replicas`.");

pub(crate) static PLACEMENT: About =
    About::new(Enum(&PLACEMENTS), "`cluster`: instances on one network, for multi-node runs.").default("any");
pub(crate) static BLOCKS: About = About::new(
    OneOf(&[Int, Enum(&["auto"])]),
    "Split each instance into blocks that runs share; `auto`: as many as possible.",
)
.default("1")
.not_null(None)
.within(Some(1), None);
pub(crate) static FLEET_NODES: About = About::new(
    Since(V0_20, &OneOf(&[Range(&Int), Object(&FLEET_NODES_KEYS)]), &Range(&Int)),
    "The number of instances: a count, a range, or `{min, target, max}`.",
)
.older(V0_20, "The number of instances, or a range.")
.example("2");
pub(crate) static SSH_CONFIG: About =
    About::new(Object(&SSH_CONFIG_KEYS), "SSH hosts to add as the fleet's instances (on-prem servers).");
pub(crate) static FLEET_ENV: About =
    About::new(ENV_SHAPE, "Environment variables for the fleet's instances.").not_null(None);

pub(crate) static DEFAULT: About =
    About::new(Bool, "Make this the project's default gateway.").default("false").not_null(Some(V0_20));
/// The backends of each release.
const BACKEND_NAMES: Shape = Since(V0_20, &Enum(&BACKENDS_0_22_5), &Enum(&BACKENDS));
pub(crate) static BACKEND: About =
    About::new(BACKEND_NAMES, "The backend to create the gateway in.").required().catalog(Catalog::Backend);
pub(crate) static VOLUME_BACKEND: About =
    About::new(Since(V0_20, &Enum(&VOLUME_BACKENDS_0_22_5), &Enum(&BACKENDS)), "The backend to create the volume in.")
        .required()
        .catalog(Catalog::Backend);
pub(crate) static FLEET_RESOURCES: About =
    About::new(Object(&RESOURCES_KEYS), "The resources each instance must have.").example("{gpu: 24GB}");
pub(crate) static REGION: About = About::new(Str, "The region to create it in.").catalog(Catalog::Region);
pub(crate) static GATEWAY_REGION: About =
    About::new(Str, "The region to create the gateway in.").required().catalog(Catalog::Region);
pub(crate) static INSTANCE_TYPE: About =
    About::new(Str, "The gateway's instance type; the backend's small default if unset.")
        .catalog(Catalog::InstanceType);
pub(crate) static DOMAIN: About =
    About::new(Str, "The wildcard domain that services get names under.").example("example.com");
pub(crate) static PUBLIC_IP: About =
    About::new(Bool, "Give the gateway a public IP address.").default("true").not_null(None);
pub(crate) static LOAD_BALANCER: About =
    About::new(Object(&LOAD_BALANCER_KEYS), "A load balancer in front of the gateway: `type: alb` (AWS, GCP).");
pub(crate) static CERTIFICATE: About =
    About::new(CERTIFICATE_SHAPE, "The TLS certificate: `lets-encrypt` (default), `acm` with an `arn`, or `gcp-cm`.")
        .older(V0_20, "The TLS certificate: `lets-encrypt` (default), or `acm` with an `arn`.");
pub(crate) static GATEWAY_REPLICAS: About =
    About::new(Int, "The number of gateway instances.").default("1").within(Some(1), None);

pub(crate) static SIZE: About = About::new(Memory, "The size of a new volume.").example("100GB");
pub(crate) static VOLUME_ID: About = About::new(Str, "The ID of an existing volume to register.");
pub(crate) static AVAILABILITY_ZONE: About = About::new(Str, "The availability zone to create the volume in.");
pub(crate) static AUTO_CLEANUP_DURATION: About =
    About::new(DURATION_OR_OFF, "Delete the volume after it has been unused this long; `off`: keep it.").default("off");
pub(crate) static CLAIM_NAME: About = About::new(Str, "An existing Kubernetes PersistentVolumeClaim to use.");
pub(crate) static STORAGE_CLASS_NAME: About = About::new(Str, "The Kubernetes storage class of a new claim.");
pub(crate) static ACCESS_MODES: About =
    About::new(List(&Str), "The Kubernetes access modes of a new claim.").example("[ReadWriteOnce]");
pub(crate) static READ_ONLY: About = About::new(Bool, "Mount the Kubernetes volume read-only.").default("false");

pub(crate) static PRESET_MODEL: About = About::new(PRESET_MODEL_SHAPE, "The model the preset serves.");
pub(crate) static BASE: About = About::new(Str, "The base model (shorthand for `model`).").excludes(&["repo", "model"]);
pub(crate) static REPO: About = About::new(Str, "The model's repo (shorthand for `model`).").excludes(&["model"]);
pub(crate) static PROMPT: About = About::new(PROMPT_SHAPE, "The benchmark prompt: inline text or `{path}`.");
pub(crate) static MIN_CONTEXT_LENGTH: About =
    About::new(Int, "The shortest context length to accept.").within(Some(1), None);
pub(crate) static MAX_TTFT: About =
    About::new(Int, "The longest time to first token to accept, in ms.").within(Some(1), None);
pub(crate) static TRIALS: About = About::new(Int, "How many configurations the benchmark tries.").within(Some(1), None);
pub(crate) static PREVIOUS: About = About::new(STRS, "Earlier presets to start from.");
pub(crate) static CONCURRENCY: About = About::new(Int, "Concurrent requests of the benchmark.").within(Some(1), None);
pub(crate) static INPUT_TOKENS: About = About::new(Int, "Input tokens per benchmark request.").within(Some(1), None);
pub(crate) static OUTPUT_TOKENS: About = About::new(Int, "Output tokens per benchmark request.").within(Some(2), None);
pub(crate) static SHARED_PREFIX_TOKENS: About =
    About::new(Int, "Tokens of prefix the requests share.").within(Some(0), None);
pub(crate) static DATASET: About = About::new(Str, "The benchmark dataset.");
pub(crate) static BASELINE: About = About::new(Bool, "Benchmark the baseline too.");
pub(crate) static PRESET_GATEWAY: About =
    About::new(OneOf(&[Bool, Str, Object(&ENTITY_KEYS)]), "The gateway to benchmark through.");
pub(crate) static AGENT: About = About::new(Object(&AGENT_KEYS), "The agent that runs the benchmark.");
