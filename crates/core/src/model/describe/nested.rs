//! The keys of nested objects (`resources`, `gpu`, `retry`, `scaling`, `ssh_config`, ...), as
//! [`Field`] rows like the top-level ones.
//!
//! A nested key newer than 0.18.37 whose first tag was not read from dstack's history carries
//! 0.20.0 for "after 0.18.37, by 0.22.5", as `fields` does for `load_balancer`: the supported
//! releases are told apart exactly, the tag in between is an estimate.

use super::top::{STR_OR_STRS, STRS};
use super::{About, Catalog, Shape};
use crate::gpu_vendor::VENDORS_0_22;
use crate::model::probes::METHODS;
use crate::model::retry::EVENTS;
use crate::model::service_model::FORMATS;
use crate::model::{SPOT_POLICIES, VENDORS};
use crate::version::Release;

const V0_20: Release = Release(0, 20, 0);
use crate::model::fields::{Field, added, always};
use Shape::{
    AnyCase, Bool, Duration, Enum, GpuSpec, Int, List, Matching, Memory, Number, Object, OneOf, Port, Range, Since, Str,
};

const MEMORY_RANGE: Shape = Range(&Memory);
const COUNT_RANGE: Shape = Range(&Int);

static CPU_COUNT: About = About::new(COUNT_RANGE, "The number of CPUs, or a range.").example("4..").not_null(None);
static CPU_ARCH: About = About::new(Enum(&["x86", "arm"]), "The CPU architecture.");
/// `resources.cpu` as an object (0.22.5).
pub(crate) static CPU_KEYS: [Field; 2] = [always("arch", &CPU_ARCH), always("count", &CPU_COUNT)];

/// The vendors each release knows; any case, and `tpu` for `google`.
const VENDOR: Shape = OneOf(&[
    Since(V0_20, &AnyCase(&VENDORS_0_22), &AnyCase(&VENDORS)),
    Since(V0_20, &AnyCase(&["tpu", "tt"]), &AnyCase(&["tpu"])),
]);
static GPU_VENDOR: About = About::new(VENDOR, "The GPU vendor (`tpu` means `google`).").example("nvidia");
static GPU_NAME: About =
    About::new(STR_OR_STRS, "GPU names, any of which will do.").example("[A100, H100]").catalog(Catalog::Gpu);
static GPU_COUNT: About =
    About::new(COUNT_RANGE, "The number of GPUs, or a range.").default("1").example("2").not_null(None);
static GPU_MEMORY: About = About::new(MEMORY_RANGE, "Memory of each GPU, or a range.").example("40GB..");
static GPU_TOTAL_MEMORY: About = About::new(MEMORY_RANGE, "Memory of all GPUs together, or a range.");
static GPU_COMPUTE_CAPABILITY: About =
    About::new(OneOf(&[Str, Number, List(&Int)]), "The lowest CUDA compute capability (`7.5`).").example("\"8.0\"");
/// `resources.gpu` as an object.
pub(crate) static GPU_KEYS: [Field; 6] = [
    always("vendor", &GPU_VENDOR),
    always("name", &GPU_NAME),
    always("count", &GPU_COUNT),
    always("memory", &GPU_MEMORY),
    always("total_memory", &GPU_TOTAL_MEMORY),
    always("compute_capability", &GPU_COMPUTE_CAPABILITY),
];

static DISK_SIZE: About = About::new(MEMORY_RANGE, "The disk size, or a range.").example("100GB..").required();
/// `resources.disk` as an object.
pub(crate) static DISK_KEYS: [Field; 1] = [always("size", &DISK_SIZE)];

static CPU: About = About::new(
    Since(V0_20, &OneOf(&[COUNT_RANGE, Str, Object(&CPU_KEYS)]), &COUNT_RANGE),
    "CPUs: a count or range, `arm:4..`, or `{arch, count}`.",
)
.older(V0_20, "The number of CPUs, or a range.")
.default("2..")
.example("4..")
.not_null(None);
static MEMORY: About = About::new(MEMORY_RANGE, "RAM in GB (`16GB`, `512MB`), or a range.")
    .default("8GB..")
    .example("16GB..")
    .not_null(None);
static SHM_SIZE: About = About::new(Memory, "Shared memory (`/dev/shm`) size.").example("16GB");
static GPU: About = About::new(
    OneOf(&[GpuSpec, COUNT_RANGE, Object(&GPU_KEYS)]),
    "GPUs: `A100:2`, `24GB..`, `nvidia:A100,H100:80GB:2`, a count, or a mapping.",
)
.example("A100:2")
.catalog(Catalog::Gpu);
static DISK: About = About::new(OneOf(&[MEMORY_RANGE, Object(&DISK_KEYS)]), "Disk size, or a range.")
    .default("100GB..")
    .example("200GB");
/// `resources`.
pub(crate) static RESOURCES_KEYS: [Field; 5] = [
    always("cpu", &CPU),
    always("memory", &MEMORY),
    always("shm_size", &SHM_SIZE),
    always("gpu", &GPU),
    always("disk", &DISK),
];

static USERNAME: About = About::new(Str, "The registry user.").required();
static PASSWORD: About = About::new(Str, "The registry password or token.").required();
/// `registry_auth`.
pub(crate) static REGISTRY_AUTH_KEYS: [Field; 2] = [always("username", &USERNAME), always("password", &PASSWORD)];

static MOUNT_NAME: About = About::new(STR_OR_STRS, "The volume name, or names to choose from.").required();
static MOUNT_PATH: About = About::new(Str, "The path inside the container.").required();
static INSTANCE_PATH: About = About::new(Str, "A path on the instance to mount.").required();
static OPTIONAL: About =
    About::new(Bool, "Skip the mount where the instance path is missing.").default("false").not_null(None);
/// A volume mount in `volumes`.
pub(crate) static VOLUME_MOUNT_KEYS: [Field; 2] = [always("name", &MOUNT_NAME), always("path", &MOUNT_PATH)];
/// An instance mount in `volumes`.
pub(crate) static INSTANCE_MOUNT_KEYS: [Field; 3] =
    [always("instance_path", &INSTANCE_PATH), always("path", &MOUNT_PATH), added("optional", &OPTIONAL, 0, 20, 0)];
/// An item of `volumes`.
pub(crate) const VOLUME_MOUNT_SHAPE: Shape = OneOf(&[Str, Object(&VOLUME_MOUNT_KEYS), Object(&INSTANCE_MOUNT_KEYS)]);

static LOCAL_PATH: About = About::new(Str, "A local directory to clone from.");
static FILE_LOCAL_PATH: About = About::new(Str, "The local file or folder.").required();
static REPO_URL: About = About::new(Str, "A Git URL.");
static BRANCH: About = About::new(Str, "The branch to check out.");
static HASH: About = About::new(Str, "The commit to check out.");
static REPO_PATH: About =
    About::new(Str, "Where to clone it in the run.").default("the working directory").not_null(None);
static IF_EXISTS: About =
    About::new(Enum(&["error", "skip"]), "What to do when the path exists.").default("error").not_null(None);
/// An item of `repos`.
pub(crate) static REPO_KEYS: [Field; 6] = [
    always("local_path", &LOCAL_PATH),
    always("url", &REPO_URL),
    always("branch", &BRANCH),
    always("hash", &HASH),
    always("path", &REPO_PATH),
    always("if_exists", &IF_EXISTS),
];

static FILE_PATH: About = About::new(Str, "Where to copy it in the run.").required();
/// An item of `files`.
pub(crate) static FILE_KEYS: [Field; 2] = [always("local_path", &FILE_LOCAL_PATH), always("path", &FILE_PATH)];

static ENV_KEY: About = About::new(Str, "The variable to take the value from when the run starts.").required();
/// `{key: NAME}` in `env`: a value given when the run starts.
pub(crate) static ENV_SENTINEL_KEYS: [Field; 1] = [always("key", &ENV_KEY)];

static LOCAL_PORT: About = About::new(Port, "The local port.").within(Some(1), Some(65535));
/// A service's `port`: a port, `local:container`, or an object.
pub(crate) const SERVICE_PORT_SHAPE: Shape = Since(
    V0_20,
    &OneOf(&[Port, Matching("^[0-9]+:[0-9]+$"), Object(&PORT_KEYS)]),
    &OneOf(&[Int, Str, Object(&PORT_KEYS)]),
);
static CONTAINER_PORT: About = About::new(Port, "The container port.").required().within(Some(1), Some(65535));
static PORT_KEYS: [Field; 2] = [always("local_port", &LOCAL_PORT), always("container_port", &CONTAINER_PORT)];
/// An item of `ports`: a port, `local:container` (`*` for any local port), or an object; digits as
/// dstack's `\d` reads them, of any script.
pub(crate) const PORT_SHAPE: Shape = Since(
    V0_20,
    &OneOf(&[Port, Matching(r"^((\p{Nd}+|\*):)?\p{Nd}+$"), Object(&PORT_KEYS)]),
    &OneOf(&[Int, Str, Object(&PORT_KEYS)]),
);

static OPTION_TYPE: About = About::new(Enum(&["vastai"]), "The backend the options are for.");
static OFFER_ORDER: About = About::new(Enum(&["score", "price"]), "Order offers by score or by price.");
static MIN_RELIABILITY: About = About::new(Number, "The lowest host reliability, 0 to 1.");
static MIN_SCORE: About = About::new(Number, "The lowest host score.");
/// An item of `backend_options`.
pub(crate) static BACKEND_OPTION_KEYS: [Field; 4] = [
    always("type", &OPTION_TYPE),
    always("offer_order", &OFFER_ORDER),
    always("min_reliability", &MIN_RELIABILITY),
    always("min_score", &MIN_SCORE),
];

static ON_EVENTS: About =
    About::new(List(&Enum(&EVENTS)), "The events to retry on: `no-capacity`, `interruption`, `error`.")
        .default("[no-capacity, interruption, error]")
        .not_null(Some(V0_20));
static RETRY_DURATION: About = About::new(Duration, "Stop retrying after this long.").example("1h");
/// `retry` as an object.
pub(crate) static RETRY_KEYS: [Field; 2] = [always("on_events", &ON_EVENTS), always("duration", &RETRY_DURATION)];

static RETRY_POLICY_RETRY: About = About::new(Bool, "Whether to retry.").default("false");
/// `retry_policy` (before 0.20).
pub(crate) static RETRY_POLICY_KEYS: [Field; 2] =
    [always("retry", &RETRY_POLICY_RETRY), always("duration", &RETRY_DURATION)];

static MIN_GPU_UTILIZATION: About =
    About::new(Int, "The lowest GPU utilization, 0 to 100 %.").required().within(Some(0), Some(100));
static TIME_WINDOW: About = About::new(Duration, "How long utilization must stay under it (at least 5m).").required();
/// `utilization_policy`.
pub(crate) static UTILIZATION_POLICY_KEYS: [Field; 2] =
    [always("min_gpu_utilization", &MIN_GPU_UTILIZATION), always("time_window", &TIME_WINDOW)];

static CRON: About = About::new(STR_OR_STRS, "Cron expressions (UTC).").required().example("\"0 8 * * mon-fri\"");
/// `schedule`.
pub(crate) static SCHEDULE_KEYS: [Field; 1] = [always("cron", &CRON)];

static GROUP_NAME: About = About::new(Str, "The group's name.");
static GROUP_NODES: About = About::new(Int, "The group's number of nodes.").not_null(None).within(Some(1), None);
static GROUP_RESOURCES: About = About::new(Object(&RESOURCES_KEYS), "The group's resources.").not_null(None);
static GROUP_COMMANDS: About = About::new(STRS, "The group's commands.").not_null(None);
static GROUP_PORTS: About = About::new(List(&OneOf(&[Int, Str])), "The group's ports.").not_null(None);
/// An item of a task's `groups`.
pub(crate) static TASK_GROUP_KEYS: [Field; 5] = [
    always("name", &GROUP_NAME),
    always("nodes", &GROUP_NODES),
    always("resources", &GROUP_RESOURCES),
    always("commands", &GROUP_COMMANDS),
    always("ports", &GROUP_PORTS),
];

static MODEL_TYPE: About = About::new(Enum(&["chat"]), "The model type.").default("chat");
static MODEL_NAME: About = About::new(Str, "The model's name in the API.").required();
static MODEL_PREFIX: About = About::new(Str, "The API's path prefix.").default("/v1");
static CHAT_TEMPLATE: About = About::new(Str, "A Jinja chat template (`tgi`).");
static EOS_TOKEN: About = About::new(Str, "The end-of-sequence token (`tgi`).");
static OPENAI: About = About::new(Enum(FORMATS.split_at(1).1), "An OpenAI-compatible API.").required();
static TGI: About = About::new(Enum(FORMATS.split_at(1).0), "TGI's own API.").required();
static OPENAI_KEYS: [Field; 4] = [
    always("type", &MODEL_TYPE),
    always("name", &MODEL_NAME),
    always("format", &OPENAI),
    always("prefix", &MODEL_PREFIX),
];
static TGI_KEYS: [Field; 5] = [
    always("type", &MODEL_TYPE),
    always("name", &MODEL_NAME),
    always("format", &TGI),
    always("chat_template", &CHAT_TEMPLATE),
    always("eos_token", &EOS_TOKEN),
];
/// A service's `model`: a name, or an object of one `format`.
pub(crate) const SERVICE_MODEL_SHAPE: Shape = OneOf(&[Str, Object(&OPENAI_KEYS), Object(&TGI_KEYS)]);

static METRIC: About = About::new(Enum(&["rps"]), "The metric to scale on: requests per second.").required();
static TARGET: About =
    About::new(Number, "The metric's target value per replica.").required().example("10").above(0).bounds_since(V0_20);
static WINDOW: About = About::new(Duration, "The time window the metric is averaged over.");
static SCALE_UP_DELAY: About =
    About::new(Duration, "Wait this long before adding a replica.").default("5m").not_null(None);
static SCALE_DOWN_DELAY: About =
    About::new(Duration, "Wait this long before removing a replica.").default("10m").not_null(None);
/// `scaling`.
pub(crate) static SCALING_KEYS: [Field; 5] = [
    always("metric", &METRIC),
    always("target", &TARGET),
    added("window", &WINDOW, 0, 20, 0),
    always("scale_up_delay", &SCALE_UP_DELAY),
    always("scale_down_delay", &SCALE_DOWN_DELAY),
];

static PREFIX: About =
    About::new(Matching(r"^/[^\s\\{}]*$"), "The path prefix the limit applies to.").default("/").not_null(None);
static RATE_KEY: About = About::new(
    OneOf(&[Object(&BY_IP_KEYS), Object(&BY_HEADER_KEYS)]),
    "What requests are counted by: `{type: ip_address}` or `{type: header, header: NAME}`.",
)
.not_null(None);
static RPS: About = About::new(Number, "Requests per second allowed.").required().above(0);
static BURST: About = About::new(Int, "Requests allowed above the rate in a burst.").default("0").not_null(None);
static BY_IP: About = About::new(Enum(&["ip_address"]), "Count requests per client IP address.").required();
static BY_HEADER: About = About::new(Enum(&["header"]), "Count requests per value of a header.").required();
static KEY_HEADER: About = About::new(Str, "The header to count by.").required();
static BY_IP_KEYS: [Field; 1] = [always("type", &BY_IP)];
static BY_HEADER_KEYS: [Field; 2] = [always("type", &BY_HEADER), always("header", &KEY_HEADER)];
/// An item of `rate_limits`.
pub(crate) static RATE_LIMIT_KEYS: [Field; 4] =
    [always("prefix", &PREFIX), always("key", &RATE_KEY), always("rps", &RPS), always("burst", &BURST)];

static PROBE_TYPE: About = About::new(Enum(&["http"]), "The probe type.").required();
static URL: About = About::new(Str, "The path to request.").default("/");
static METHOD: About = About::new(Enum(&METHODS), "The HTTP method.").default("get");
static HEADER_NAME: About = About::new(Str, "The header name.").required();
static HEADER_VALUE: About = About::new(Str, "The header value.").required();
static HEADER_KEYS: [Field; 2] = [always("name", &HEADER_NAME), always("value", &HEADER_VALUE)];
static HEADERS: About = About::new(List(&Object(&HEADER_KEYS)), "Headers to send.").not_null(None);
static BODY: About = About::new(Str, "The request body.");
static TIMEOUT: About = About::new(Duration, "How long to wait for a response.").default("10s");
static INTERVAL: About = About::new(Duration, "Time between probes.").default("15s");
static READY_AFTER: About =
    About::new(Int, "Successes in a row before the replica is ready.").default("1").within(Some(1), None);
static UNTIL_READY: About = About::new(Bool, "Stop probing once the replica is ready.").default("false");
/// An item of `probes`.
pub(crate) static PROBE_KEYS: [Field; 9] = [
    always("type", &PROBE_TYPE),
    always("url", &URL),
    always("method", &METHOD),
    always("headers", &HEADERS),
    always("body", &BODY),
    always("timeout", &TIMEOUT),
    always("interval", &INTERVAL),
    always("ready_after", &READY_AFTER),
    always("until_ready", &UNTIL_READY),
];

static RG_REPLICAS: About = About::new(Range(&Int), "The group's number of replicas, or a range.");
static RG_SCALING: About = About::new(Object(&SCALING_KEYS), "The group's auto-scaling.");
static RG_SPOT_POLICY: About = About::new(Enum(&SPOT_POLICIES), "The group's spot policy.");
static RG_RESERVATION: About = About::new(Str, "The reservation the group's replicas use.");
static RG_IMAGE: About = About::new(Str, "The group's Docker image; not with the group's `docker` or `python`.");
static RG_PYTHON: About = About::new(Str, "The Python version of the group's base image.");
static RG_NVCC: About = About::new(Bool, "The group's base image has the CUDA compiler.");
static RG_DOCKER: About = About::new(Bool, "Allow Docker inside the group's replicas.");
static RG_PRIVILEGED: About = About::new(Bool, "Run the group's containers in privileged mode.");
/// An item of a service's `replicas` list (replica groups, 0.22).
pub(crate) static REPLICA_GROUP_KEYS: [Field; 14] = [
    always("name", &GROUP_NAME),
    always("replicas", &RG_REPLICAS),
    always("scaling", &RG_SCALING),
    always("resources", &GROUP_RESOURCES),
    always("spot_policy", &RG_SPOT_POLICY),
    always("reservation", &RG_RESERVATION),
    always("commands", &GROUP_COMMANDS),
    always("image", &RG_IMAGE),
    always("python", &RG_PYTHON),
    always("nvcc", &RG_NVCC),
    always("docker", &RG_DOCKER),
    always("privileged", &RG_PRIVILEGED),
    always("router", &ROUTER),
    always("count", &RG_COUNT),
];
static RG_COUNT: About = About::new(Range(&Int), "Another name for the group's `replicas`.");
static ROUTER_TYPE: About =
    About::new(Enum(&["smg", "dynamo", "sglang"]), "The router: `smg` (formerly `sglang`) or `dynamo`.");
static ROUTER_KEYS: [Field; 1] = [always("type", &ROUTER_TYPE)];
static ROUTER: About = About::new(Object(&ROUTER_KEYS), "This group routes requests to the others.");

static PROJECT: About = About::new(Str, "The project it belongs to.");
static ENTITY_NAME: About = About::new(Str, "The name in that project.").required();
/// A fleet or gateway of this or another project: `{project, name}`.
pub(crate) static ENTITY_KEYS: [Field; 2] = [always("project", &PROJECT), always("name", &ENTITY_NAME)];

static SELECT_FLEET: About = About::new(Str, "The fleet the instance is in.").required();
static SELECT_INSTANCE: About = About::new(OneOf(&[Int, Str]), "The instance's number in the fleet.").required();
static SELECT_NAME: About = About::new(Str, "The instance's name.").required();
static SELECT_HOSTNAME: About = About::new(Str, "The instance's host name.").required();
static BY_NUMBER: [Field; 2] = [always("fleet", &SELECT_FLEET), always("instance", &SELECT_INSTANCE)];
static BY_NAME: [Field; 1] = [always("name", &SELECT_NAME)];
static BY_HOSTNAME: [Field; 1] = [always("hostname", &SELECT_HOSTNAME)];
/// An item of `instances`: a name, or an object naming one instance.
pub(crate) const INSTANCE_SHAPE: Shape =
    Since(V0_20, &OneOf(&[Str, Object(&BY_NAME), Object(&BY_HOSTNAME), Object(&BY_NUMBER)]), &Str);

static PRESET_REPO: About = About::new(Str, "The exact model repo.").required();
static PRESET_NAME: About = About::new(Str, "The model's name in the API.");
static PRESET_BASE: About = About::new(Str, "The base model repo (compatible variants allowed).").required();
static BY_REPO: [Field; 2] = [always("repo", &PRESET_REPO), always("name", &PRESET_NAME)];
static BY_BASE: [Field; 1] = [always("base", &PRESET_BASE)];
/// A preset's `model`: a repo, or `{repo, name}`, or `{base}`.
pub(crate) const PRESET_MODEL_SHAPE: Shape = OneOf(&[Str, Object(&BY_REPO), Object(&BY_BASE)]);

static PROMPT_PATH: About = About::new(Str, "The prompt file, relative to the configuration.").required();
static PROMPT_FILE: [Field; 1] = [always("path", &PROMPT_PATH)];
/// A preset's `prompt`: inline text or `{path}`.
pub(crate) const PROMPT_SHAPE: Shape = OneOf(&[Str, Object(&PROMPT_FILE)]);

static NODES_MIN: About = About::new(Int, "The fewest instances.");
static NODES_TARGET: About = About::new(Int, "The instances to create at first.");
static NODES_MAX: About = About::new(Int, "The most instances.");
/// A fleet's `nodes` as an object.
pub(crate) static FLEET_NODES_KEYS: [Field; 3] =
    [always("min", &NODES_MIN), always("target", &NODES_TARGET), always("max", &NODES_MAX)];

static SSH_USER: About = About::new(Str, "The SSH user.").example("ubuntu");
static SSH_PORT: About = About::new(Int, "The SSH port.").default("22");
static IDENTITY_FILE: About = About::new(Str, "The private key file.").example("~/.ssh/id_rsa");
static PUBLIC: About = About::new(Str, "The public key.").required();
static PRIVATE: About = About::new(Str, "The private key.");
static SSH_KEY_KEYS: [Field; 2] = [always("public", &PUBLIC), always("private", &PRIVATE)];
static SSH_KEY: About = About::new(Object(&SSH_KEY_KEYS), "A key pair, inline.");
static HOSTNAME: About = About::new(Str, "The host name or IP address.").required();
static PJ_USER: About = About::new(Str, "The SSH user of the jump host.").required();
static PJ_IDENTITY: About = About::new(Str, "The private key file of the jump host.").required();
static PROXY_JUMP_KEYS: [Field; 5] = [
    always("hostname", &HOSTNAME),
    always("port", &SSH_PORT),
    always("user", &PJ_USER),
    always("identity_file", &PJ_IDENTITY),
    always("ssh_key", &SSH_KEY),
];
static PROXY_JUMP: About = About::new(Object(&PROXY_JUMP_KEYS), "A jump host to reach the hosts through.");
static INTERNAL_IP: About = About::new(Str, "The host's IP address on the private network.");
static HOST_BLOCKS: About = About::new(OneOf(&[Int, Enum(&["auto"])]), "The host's blocks.").default("1");
static HOST_KEYS: [Field; 8] = [
    always("hostname", &HOSTNAME),
    always("port", &SSH_PORT),
    always("user", &SSH_USER),
    always("identity_file", &IDENTITY_FILE),
    added("proxy_jump", &PROXY_JUMP, 0, 19, 0),
    always("internal_ip", &INTERNAL_IP),
    always("ssh_key", &SSH_KEY),
    added("blocks", &HOST_BLOCKS, 0, 18, 41),
];
static HOSTS: About =
    About::new(List(&OneOf(&[Str, Object(&HOST_KEYS)])), "The hosts: addresses or objects.").required();
static NETWORK: About = About::new(Str, "The private network of the hosts, in CIDR.").example("10.0.0.0/24");
/// A fleet's `ssh_config`.
pub(crate) static SSH_CONFIG_KEYS: [Field; 7] = [
    always("user", &SSH_USER),
    always("port", &SSH_PORT),
    always("identity_file", &IDENTITY_FILE),
    always("ssh_key", &SSH_KEY),
    added("proxy_jump", &PROXY_JUMP, 0, 19, 0),
    always("hosts", &HOSTS),
    always("network", &NETWORK),
];

static LB_TYPE: About =
    About::new(Enum(&["alb"]), "The load balancer type: an AWS Application Load Balancer.").required();
/// A gateway's `load_balancer`.
pub(crate) static LOAD_BALANCER_KEYS: [Field; 1] = [always("type", &LB_TYPE)];

static LETS_ENCRYPT: About = About::new(Enum(&["lets-encrypt"]), "Certificates by Let's Encrypt.");
static ACM: About = About::new(Enum(&["acm"]), "A certificate of AWS Certificate Manager.").required();
static GCP_CM: About = About::new(Enum(&["gcp-cm"]), "A certificate of GCP Certificate Manager.").required();
static ARN: About = About::new(Str, "The ACM certificate's ARN.").required();
static CERT_NAME: About = About::new(Str, "The GCP certificate's name.").required();
static LETS_ENCRYPT_KEYS: [Field; 1] = [always("type", &LETS_ENCRYPT)];
static ACM_KEYS: [Field; 2] = [always("type", &ACM), always("arn", &ARN)];
/// dstack 0.18.37 reads a certificate with an `arn` and no `type` as an ACM one.
static ACM_UNTYPED: About = About::new(Enum(&["acm"]), "A certificate of AWS Certificate Manager.");
static ACM_KEYS_0_18: [Field; 2] = [always("type", &ACM_UNTYPED), always("arn", &ARN)];
static GCP_CM_KEYS: [Field; 2] = [always("type", &GCP_CM), always("name", &CERT_NAME)];
/// A gateway's `certificate`: by `type`.
pub(crate) const CERTIFICATE_SHAPE: Shape = Since(
    V0_20,
    &OneOf(&[Object(&LETS_ENCRYPT_KEYS), Object(&ACM_KEYS), Object(&GCP_CM_KEYS)]),
    &OneOf(&[Object(&LETS_ENCRYPT_KEYS), Object(&ACM_KEYS_0_18)]),
);

static PROVIDER: About = About::new(Enum(&["claude", "codex"]), "The agent's provider.").required();
static AGENT_MODEL: About = About::new(Str, "The agent's model.");
static EFFORT: About = About::new(Str, "The agent's effort.");
/// A preset's `agent`.
pub(crate) static AGENT_KEYS: [Field; 3] =
    [always("provider", &PROVIDER), always("model", &AGENT_MODEL), always("effort", &EFFORT)];
