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
use Shape::*;

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
pub(crate) static NAME: About = About::new(Str, "The name; lowercase letters, digits and dashes.").example("my-run");
pub(crate) static IMAGE: About =
    About::new(Str, "The Docker image to run.").default("dstack's base image").example("ubuntu:22.04");
pub(crate) static USER: About =
    About::new(Str, "The user inside the container: `user`, `uid`, `user:group`.").example("root");
pub(crate) static PRIVILEGED: About =
    About::new(Bool, "Run the container in privileged mode.").default("false").not_null(None);
pub(crate) static ENTRYPOINT: About = About::new(Str, "The Docker entrypoint, replacing the image's.");
pub(crate) static WORKING_DIR: About =
    About::new(Str, "The directory commands run in.").default("the repo directory").example("/workflow");
pub(crate) static HOME_DIR: About = About::new(Str, "The user's home directory.").default("/root").not_null(None);
pub(crate) static REGISTRY_AUTH: About =
    About::new(Object(&REGISTRY_AUTH_KEYS), "Credentials to pull the image from a private registry.");
pub(crate) static PYTHON: About = About::new(
    Since(V0_20, &Enum(&PYTHON_VERSIONS_0_22_5), &Enum(&PYTHON_VERSIONS)),
    "The Python version of dstack's base image; not with `image`.",
)
.example("\"3.11\"");
pub(crate) static NVCC: About = About::new(Bool, "Use the base image with the CUDA compiler (nvcc).").default("false");
pub(crate) static SINGLE_BRANCH: About = About::new(Bool, "Clone only the current branch of the repo.").default("true");
pub(crate) static ENV: About = About::new(ENV_SHAPE, "Environment variables: `KEY=VALUE` lines or a mapping.")
    .example("[HF_TOKEN, MODEL=llama]")
    .not_null(None);
pub(crate) static SHELL: About =
    About::new(Matching("^(sh|bash|/.*)$"), "The shell that runs the commands: `sh`, `bash` or a path.")
        .default("sh, or bash if present");
pub(crate) static SETUP: About = About::new(STRS, "Commands run before the others (deprecated).").not_null(None);
pub(crate) static RESOURCES: About =
    About::new(Object(&RESOURCES_KEYS), "The resources to request: CPU, memory, GPU, disk.")
        .default("cpu: 2.., memory: 8GB.., disk: 100GB..")
        .example("{gpu: A100:2, disk: 200GB}")
        .not_null(None);
pub(crate) static PRIORITY: About =
    About::new(Int, "Run priority, 0 to 100; higher runs first.").default("0").within(Some(0), Some(100));
pub(crate) static VOLUMES: About =
    About::new(List(&VOLUME_MOUNT_SHAPE), "Volumes to mount: `name:/path`, or `/host:/path` for an instance path.")
        .example("[my-vol:/data]")
        .not_null(None);
pub(crate) static DOCKER: About =
    About::new(Bool, "Allow Docker inside the run (Docker-in-Docker); not with `image`.").default("false");
pub(crate) static REPOS: About =
    About::new(List(&OneOf(&[Str, Object(&REPO_KEYS)])), "Repos to clone into the run: `url` or `.` with a path.")
        .not_null(None);
pub(crate) static FILES: About =
    About::new(List(&OneOf(&[Str, Object(&FILE_KEYS)])), "Local files or folders to copy in: `local:remote`.")
        .example("[.env:/app/.env]")
        .not_null(None);
pub(crate) static DSTACK: About =
    About::new(Bool, "Make the dstack server reachable from the run (no credentials given).")
        .default("false")
        .not_null(None);
pub(crate) static BACKENDS_ABOUT: About = About::new(
    List(&Since(V0_20, &Enum(&BACKENDS_0_22_5), &Enum(&BACKENDS))),
    "Backends to consider; all configured backends if unset.",
)
.example("[aws, gcp]")
.catalog(Catalog::Backend);
pub(crate) static REGIONS: About =
    About::new(STRS, "Regions to consider.").example("[us-east-1]").catalog(Catalog::Region);
pub(crate) static AVAILABILITY_ZONES: About = About::new(STRS, "Availability zones to consider.");
pub(crate) static INSTANCE_TYPES: About =
    About::new(STRS, "Cloud instance types to consider.").example("[p4d.24xlarge]").catalog(Catalog::InstanceType);
pub(crate) static RESERVATION: About = About::new(Str, "A capacity reservation to use (AWS, GCP).");
pub(crate) static SPOT_POLICY: About =
    About::new(Enum(&SPOT_POLICIES), "Spot or on-demand instances.").default("on-demand (dev environments: auto)");
pub(crate) static RETRY: About = About::new(
    OneOf(&[Bool, Object(&RETRY_KEYS)]),
    "Retry on no capacity, interruption or error: `true`, or events and a duration.",
)
.example("{on_events: [no-capacity], duration: 1h}");
pub(crate) static MAX_DURATION: About =
    About::new(DURATION_OR_OFF, "Stop the run after this long; `off` never.").default("off").example("72h");
pub(crate) static STOP_DURATION: About =
    About::new(DURATION_OR_OFF, "How long a stopping run may take to exit gracefully; `off` waits.").default("5m");
pub(crate) static MAX_PRICE: About =
    About::new(Number, "The highest price per hour, in dollars.").example("2.5").above(0);
pub(crate) static CREATION_POLICY: About =
    About::new(Enum(&CREATION_POLICIES), "Reuse idle instances only, or create new ones too.")
        .default("reuse-or-create");
pub(crate) static IDLE_DURATION: About =
    About::new(DURATION_OR_OFF, "How long an idle instance lives before it is terminated; `off` never.")
        .default("5m (fleets: 3d)")
        .example("1h");
pub(crate) static UTILIZATION_POLICY: About =
    About::new(Object(&UTILIZATION_POLICY_KEYS), "Stop the run when its GPUs stay under a utilization.");
pub(crate) static STARTUP_ORDER: About =
    About::new(Enum(&STARTUP_ORDERS), "Which nodes start first in a multi-node run.").default("any");
pub(crate) static STOP_CRITERIA: About =
    About::new(Enum(&STOP_CRITERIA_VALUES), "When a multi-node run is done.").default("all-done");
pub(crate) static SCHEDULE: About =
    About::new(Object(&SCHEDULE_KEYS), "Start the run on a cron schedule.").example("{cron: \"0 8 * * mon-fri\"}");
pub(crate) static FLEETS: About = About::new(
    List(&Since(V0_20, &OneOf(&[Str, Object(&ENTITY_KEYS)]), &Str)),
    "Fleets whose instances the run may use; `project/name` for another project's.",
);
pub(crate) static INSTANCES: About = About::new(List(&INSTANCE_SHAPE), "Instances of the fleets the run may use.");
pub(crate) static TAGS: About = About::new(
    Map(&Matching("^[a-zA-Z0-9_ .:/=+@-]{0,256}\n?$")),
    "Tags to set on cloud resources (where the backend supports them).",
)
.example("{team: ml}");
pub(crate) static BACKEND_OPTIONS: About =
    About::new(List(&Object(&BACKEND_OPTION_KEYS)), "Options for offers of one backend (`vastai`).");
pub(crate) static TERMINATION_POLICY: About =
    About::new(Enum(&TERMINATION_POLICIES), "Whether idle instances are destroyed (deprecated).");
pub(crate) static TERMINATION_IDLE_TIME: About = About::new(Duration, "Idle time before termination (deprecated).");
pub(crate) static POOL_NAME: About = About::new(Str, "The pool to run in (deprecated).");
pub(crate) static INSTANCE_NAME: About = About::new(Str, "The instance to run on (deprecated).");
pub(crate) static RETRY_POLICY: About = About::new(Object(&RETRY_POLICY_KEYS), "Retry settings (deprecated).");

pub(crate) static NODES: About = About::new(Int, "The number of nodes of a distributed task.")
    .default("1")
    .not_null(Some(V0_20))
    .within(Some(1), None);
pub(crate) static TASK_GROUPS: About = About::new(List(&Object(&TASK_GROUP_KEYS)), "Node groups of a multi-node task.");
pub(crate) static PORTS: About =
    About::new(List(&PORT_SHAPE), "Ports to forward: `8080`, or `local:container`.").example("[8080]").not_null(None);
pub(crate) static COMMANDS: About =
    About::new(STRS, "Shell commands to run.").example("[python train.py]").not_null(None);

/// The one IDE dstack 0.18.37 accepts.
const VSCODE: &[&str] = IDES.split_at(1).0;
pub(crate) static IDE: About = About::new(Since(V0_20, &Enum(&IDES), &Enum(VSCODE)), "The desktop IDE to connect.")
    .older(V0_20, "The desktop IDE to connect: `vscode`.")
    .required_before(V0_20)
    .example("vscode");
pub(crate) static IDE_VERSION: About = About::new(Str, "The IDE server's version.");
pub(crate) static INIT: About = About::new(STRS, "Commands run before the IDE starts.").not_null(None);
pub(crate) static INACTIVITY_DURATION: About =
    About::new(DURATION_OR_OFF, "Stop after this long with no SSH connection; `off` never.").default("off");

pub(crate) static PORT: About =
    About::new(SERVICE_PORT_SHAPE, "The port the service listens on: `8000`, or `80:8000`.").required().example("8000");
pub(crate) static GATEWAY: About = About::new(
    OneOf(&[Bool, Str, Since(V0_20, &Object(&ENTITY_KEYS), &Str)]),
    "The gateway to publish through: a name, `true` or `false`.",
);
pub(crate) static STRIP_PREFIX: About =
    About::new(Bool, "Strip the `/proxy/services/<project>/<run>/` prefix from requests.")
        .default("true")
        .not_null(None);
pub(crate) static SERVICE_MODEL: About =
    About::new(SERVICE_MODEL_SHAPE, "The model served, for the OpenAI-compatible endpoint.")
        .example("meta-llama/Llama-3.1-8B");
pub(crate) static HTTPS: About = About::new(OneOf(&[Bool, Enum(&["auto"])]), "Serve over HTTPS.").default("true");
pub(crate) static AUTH: About =
    About::new(Bool, "Require a dstack token to call the service.").default("true").not_null(None);
pub(crate) static SCALING: About =
    About::new(Object(&SCALING_KEYS), "Auto-scaling: the metric and its target.").example("{metric: rps, target: 10}");
pub(crate) static RATE_LIMITS: About =
    About::new(List(&Object(&RATE_LIMIT_KEYS)), "Request rate limits per prefix.").not_null(None);
pub(crate) static PROBES: About = About::new(List(&Object(&PROBE_KEYS)), "HTTP readiness probes of each replica.");
pub(crate) static SERVICE_REPLICAS: About = About::new(
    Since(Release(0, 22, 0), &OneOf(&[Range(&Int), List(&Object(&REPLICA_GROUP_KEYS))]), &Range(&Int)),
    "The number of replicas, or a range to auto-scale within.",
)
.default("1")
.example("1..4");
pub(crate) static SERVICE_GROUPS: About = About::new(List(&Object(&REPLICA_GROUP_KEYS)), "Replica groups.");

pub(crate) static PLACEMENT: About =
    About::new(Enum(&PLACEMENTS), "`cluster`: instances on one network for multi-node runs.").default("any");
pub(crate) static BLOCKS: About =
    About::new(OneOf(&[Int, Enum(&["auto"])]), "Split each instance into blocks that runs share.")
        .default("1")
        .not_null(None)
        .within(Some(1), None);
pub(crate) static FLEET_NODES: About = About::new(
    Since(V0_20, &OneOf(&[Range(&Int), Object(&FLEET_NODES_KEYS)]), &Range(&Int)),
    "The number of instances, or a range.",
)
.example("2");
pub(crate) static SSH_CONFIG: About =
    About::new(Object(&SSH_CONFIG_KEYS), "Hosts to reach over SSH for an on-prem fleet.");
pub(crate) static FLEET_ENV: About =
    About::new(ENV_SHAPE, "Environment variables for the fleet's instances.").not_null(None);

pub(crate) static DEFAULT: About =
    About::new(Bool, "Make this the project's default gateway.").default("false").not_null(Some(V0_20));
/// The backends of each release.
const BACKEND_NAMES: Shape = Since(V0_20, &Enum(&BACKENDS_0_22_5), &Enum(&BACKENDS));
pub(crate) static BACKEND: About =
    About::new(BACKEND_NAMES, "The backend to create it in.").required().catalog(Catalog::Backend);
pub(crate) static VOLUME_BACKEND: About =
    About::new(Since(V0_20, &Enum(&VOLUME_BACKENDS_0_22_5), &Enum(&BACKENDS)), "The backend to create the volume in.")
        .required()
        .catalog(Catalog::Backend);
pub(crate) static FLEET_RESOURCES: About =
    About::new(Object(&RESOURCES_KEYS), "The resources each instance must have.").example("{gpu: 24GB}");
pub(crate) static REGION: About = About::new(Str, "The region to create it in.").catalog(Catalog::Region);
pub(crate) static GATEWAY_REGION: About =
    About::new(Str, "The region to create it in.").required().catalog(Catalog::Region);
pub(crate) static INSTANCE_TYPE: About =
    About::new(Str, "The instance type of the gateway.").catalog(Catalog::InstanceType);
pub(crate) static DOMAIN: About =
    About::new(Str, "The wildcard domain services get names under.").example("example.com");
pub(crate) static PUBLIC_IP: About = About::new(Bool, "Give the gateway a public IP.").default("true").not_null(None);
pub(crate) static LOAD_BALANCER: About =
    About::new(Object(&LOAD_BALANCER_KEYS), "A load balancer in front of the gateway.");
pub(crate) static CERTIFICATE: About =
    About::new(CERTIFICATE_SHAPE, "The TLS certificate: `lets-encrypt` or `acm` with an ARN.");
pub(crate) static GATEWAY_REPLICAS: About =
    About::new(Int, "The number of gateway instances.").default("1").within(Some(1), None);

pub(crate) static SIZE: About = About::new(Memory, "The volume's size.").example("100GB");
pub(crate) static VOLUME_ID: About = About::new(Str, "The ID of an existing volume to register.");
pub(crate) static AVAILABILITY_ZONE: About = About::new(Str, "The availability zone to create it in.");
pub(crate) static AUTO_CLEANUP_DURATION: About =
    About::new(DURATION_OR_OFF, "Delete the volume after it is unused this long; `off` never.").default("off");
pub(crate) static CLAIM_NAME: About = About::new(Str, "An existing Kubernetes PersistentVolumeClaim.");
pub(crate) static STORAGE_CLASS_NAME: About = About::new(Str, "The Kubernetes storage class.");
pub(crate) static ACCESS_MODES: About = About::new(List(&Str), "Kubernetes access modes.").example("[ReadWriteOnce]");
pub(crate) static READ_ONLY: About = About::new(Bool, "Mount the Kubernetes volume read-only.").default("false");

pub(crate) static PRESET_MODEL: About = About::new(PRESET_MODEL_SHAPE, "The model the preset serves.");
pub(crate) static BASE: About = About::new(Str, "The base model (shorthand for `model`).");
pub(crate) static REPO: About = About::new(Str, "The model's repo (shorthand for `model`).");
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
