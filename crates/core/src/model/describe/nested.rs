//! The keys of nested objects (`resources`, `gpu`, `retry`, `scaling`, `ssh_config`, ...), as
//! [`Field`] rows like the top-level ones.

use super::top::{ENV_SHAPE, STR_OR_STRS, STRS};
use super::{About, Catalog, Shape};
use crate::model::VENDORS;
use crate::model::fields::{Field, added, always};
use Shape::*;

/// `spot_policy` values.
pub(crate) const SPOT_POLICIES: [&str; 3] = ["spot", "on-demand", "auto"];
/// `creation_policy` values.
pub(crate) const CREATION_POLICIES: [&str; 2] = ["reuse", "reuse-or-create"];
/// `termination_policy` values (before 0.20).
pub(crate) const TERMINATION_POLICIES: [&str; 2] = ["dont-destroy", "destroy-after-idle"];
/// `startup_order` values.
pub(crate) const STARTUP_ORDERS: [&str; 3] = ["any", "master-first", "workers-first"];
/// `stop_criteria` values.
pub(crate) const STOP_CRITERIAS: [&str; 2] = ["all-done", "master-done"];
/// A fleet's `placement` values.
pub(crate) const PLACEMENTS: [&str; 2] = ["any", "cluster"];
/// `retry.on_events` values.
pub(crate) const RETRY_EVENTS: [&str; 3] = ["no-capacity", "interruption", "error"];
/// A dev environment's `ide` values.
pub(crate) const IDES: [&str; 4] = ["vscode", "cursor", "windsurf", "zed"];

const MEMORY_RANGE: Shape = Range(&Memory);
const COUNT_RANGE: Shape = Range(&Int);

static CPU_COUNT: About = About::new(COUNT_RANGE, "The number of CPUs, or a range.").example("4..");
static CPU_ARCH: About = About::new(Enum(&["x86", "arm"]), "The CPU architecture.");
/// `resources.cpu` as an object (0.22.5).
pub(crate) static CPU_KEYS: [Field; 2] = [always("arch", &CPU_ARCH), always("count", &CPU_COUNT)];

static GPU_VENDOR: About = About::new(Enum(&VENDORS), "The GPU vendor.").example("nvidia");
static GPU_NAME: About =
    About::new(STR_OR_STRS, "GPU names, any of which will do.").example("[A100, H100]").catalog(Catalog::Gpu);
static GPU_COUNT: About = About::new(COUNT_RANGE, "The number of GPUs, or a range.").default("1").example("2");
static GPU_MEMORY: About = About::new(MEMORY_RANGE, "The memory of each GPU, or a range.").example("40GB..");
static GPU_TOTAL_MEMORY: About = About::new(MEMORY_RANGE, "The memory of all GPUs together, or a range.");
static GPU_COMPUTE_CAPABILITY: About =
    About::new(OneOf(&[Str, Number]), "The lowest CUDA compute capability.").example("\"8.0\"");
/// `resources.gpu` as an object.
pub(crate) static GPU_KEYS: [Field; 6] = [
    always("vendor", &GPU_VENDOR),
    always("name", &GPU_NAME),
    always("count", &GPU_COUNT),
    always("memory", &GPU_MEMORY),
    always("total_memory", &GPU_TOTAL_MEMORY),
    always("compute_capability", &GPU_COMPUTE_CAPABILITY),
];

static DISK_SIZE: About = About::new(MEMORY_RANGE, "The disk size, or a range.").example("100GB..");
/// `resources.disk` as an object.
pub(crate) static DISK_KEYS: [Field; 1] = [always("size", &DISK_SIZE)];

static CPU: About = About::new(
    Since(crate::version::Release(0, 20, 0), &OneOf(&[COUNT_RANGE, Str, Object(&CPU_KEYS)]), &COUNT_RANGE),
    "CPUs: a count or range; from 0.20 also `arm:4..` or `{arch, count}`.",
)
.default("2..")
.example("4..");
static MEMORY: About = About::new(MEMORY_RANGE, "RAM, or a range.").default("8GB..").example("16GB..");
static SHM_SIZE: About = About::new(Memory, "Shared memory size (`/dev/shm`).").example("16GB");
static GPU: About = About::new(
    OneOf(&[GpuSpec, COUNT_RANGE, Object(&GPU_KEYS)]),
    "GPUs: `name:count`, `vendor:name:memory:count`, a count, or an object.",
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

static MOUNT_NAME: About = About::new(STR_OR_STRS, "The volume name, or names to choose from.");
static MOUNT_PATH: About = About::new(Str, "The path inside the container.").required();
static INSTANCE_PATH: About = About::new(Str, "A path on the instance to mount.");
static OPTIONAL: About = About::new(Bool, "Skip the mount where the instance path is missing.").default("false");
/// A mount in `volumes`.
pub(crate) static VOLUME_MOUNT_KEYS: [Field; 4] = [
    always("name", &MOUNT_NAME),
    always("instance_path", &INSTANCE_PATH),
    always("path", &MOUNT_PATH),
    added("optional", &OPTIONAL, 0, 20, 0),
];
/// An item of `volumes`.
pub(crate) const VOLUME_MOUNT_SHAPE: Shape = OneOf(&[Str, Object(&VOLUME_MOUNT_KEYS)]);

static LOCAL_PATH: About = About::new(Str, "A local directory.");
static REPO_URL: About = About::new(Str, "A Git URL.");
static BRANCH: About = About::new(Str, "The branch to check out.");
static HASH: About = About::new(Str, "The commit to check out.");
static REPO_PATH: About = About::new(Str, "Where to clone it in the run.").default("the working directory");
static IF_EXISTS: About = About::new(Enum(&["error", "skip"]), "What to do when the path exists.").default("error");
/// An item of `repos`.
pub(crate) static REPO_KEYS: [Field; 6] = [
    always("local_path", &LOCAL_PATH),
    always("url", &REPO_URL),
    always("branch", &BRANCH),
    always("hash", &HASH),
    always("path", &REPO_PATH),
    always("if_exists", &IF_EXISTS),
];

static FILE_PATH: About = About::new(Str, "Where to copy it in the run.");
/// An item of `files`.
pub(crate) static FILE_KEYS: [Field; 2] = [always("local_path", &LOCAL_PATH), always("path", &FILE_PATH)];

/// `dstack` (the run's own dstack settings).
pub(crate) static DSTACK_KEYS: [Field; 0] = [];

static ON_EVENTS: About =
    About::new(List(&Enum(&RETRY_EVENTS)), "The events to retry on.").default("[no-capacity, interruption, error]");
static RETRY_DURATION: About = About::new(Duration, "Stop retrying after this long.").example("1h");
/// `retry` as an object.
pub(crate) static RETRY_KEYS: [Field; 2] = [always("on_events", &ON_EVENTS), always("duration", &RETRY_DURATION)];

static RETRY_POLICY_RETRY: About = About::new(Bool, "Retry.").default("false");
/// `retry_policy` (before 0.20).
pub(crate) static RETRY_POLICY_KEYS: [Field; 2] =
    [always("retry", &RETRY_POLICY_RETRY), always("duration", &RETRY_DURATION)];

static MIN_GPU_UTILIZATION: About = About::new(Int, "The lowest GPU utilization, 0 to 100 %.").required();
static TIME_WINDOW: About = About::new(Duration, "How long utilization must stay under it (at least 5m).").required();
/// `utilization_policy`.
pub(crate) static UTILIZATION_POLICY_KEYS: [Field; 2] =
    [always("min_gpu_utilization", &MIN_GPU_UTILIZATION), always("time_window", &TIME_WINDOW)];

static CRON: About = About::new(STR_OR_STRS, "Cron expressions (UTC).").required().example("\"0 8 * * mon-fri\"");
/// `schedule`.
pub(crate) static SCHEDULE_KEYS: [Field; 1] = [always("cron", &CRON)];

static GROUP_NAME: About = About::new(Str, "The group's name.");
static GROUP_NODES: About = About::new(Int, "The group's number of nodes.");
static GROUP_RESOURCES: About = About::new(Object(&RESOURCES_KEYS), "The group's resources.");
static GROUP_COMMANDS: About = About::new(STRS, "The group's commands.");
static GROUP_PORTS: About = About::new(List(&OneOf(&[Int, Str])), "The group's ports.");
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
static MODEL_FORMAT: About = About::new(Enum(&["openai", "tgi"]), "The API the service speaks.").default("openai");
static MODEL_PREFIX: About = About::new(Str, "The API's path prefix.").default("/v1");
static CHAT_TEMPLATE: About = About::new(Str, "A Jinja chat template (`tgi`).");
static EOS_TOKEN: About = About::new(Str, "The end-of-sequence token (`tgi`).");
/// A service's `model` as an object.
pub(crate) static MODEL_KEYS: [Field; 6] = [
    always("type", &MODEL_TYPE),
    always("name", &MODEL_NAME),
    always("format", &MODEL_FORMAT),
    always("prefix", &MODEL_PREFIX),
    always("chat_template", &CHAT_TEMPLATE),
    always("eos_token", &EOS_TOKEN),
];

static METRIC: About = About::new(Enum(&["rps"]), "The metric to scale on: requests per second.").required();
static TARGET: About = About::new(Number, "The metric's target value per replica.").required().example("10");
static WINDOW: About = About::new(Duration, "The time window the metric is averaged over.");
static SCALE_UP_DELAY: About = About::new(Duration, "Wait this long before adding a replica.").default("5m");
static SCALE_DOWN_DELAY: About = About::new(Duration, "Wait this long before removing a replica.").default("10m");
/// `scaling`.
pub(crate) static SCALING_KEYS: [Field; 5] = [
    always("metric", &METRIC),
    always("target", &TARGET),
    added("window", &WINDOW, 0, 20, 0),
    always("scale_up_delay", &SCALE_UP_DELAY),
    always("scale_down_delay", &SCALE_DOWN_DELAY),
];

static PREFIX: About = About::new(Str, "The path prefix the limit applies to.").default("/");
static RATE_KEY: About =
    About::new(Object(&RATE_KEY_KEYS), "What requests are counted by: `ip_address` or a `header`.");
static RPS: About = About::new(Number, "Requests per second allowed.").required();
static BURST: About = About::new(Int, "Requests allowed above the rate in a burst.").default("0");
static KEY_TYPE: About = About::new(Enum(&["ip_address", "header"]), "Count by client IP or by a header.");
static KEY_HEADER: About = About::new(Str, "The header to count by.");
static RATE_KEY_KEYS: [Field; 2] = [always("type", &KEY_TYPE), always("header", &KEY_HEADER)];
/// An item of `rate_limits`.
pub(crate) static RATE_LIMIT_KEYS: [Field; 4] =
    [always("prefix", &PREFIX), always("key", &RATE_KEY), always("rps", &RPS), always("burst", &BURST)];

static PROBE_TYPE: About = About::new(Enum(&["http"]), "The probe type.").required();
static URL: About = About::new(Str, "The path to request.").default("/");
static METHOD: About =
    About::new(Enum(&["get", "post", "put", "delete", "patch", "head"]), "The HTTP method.").default("get");
static HEADER_NAME: About = About::new(Str, "The header name.").required();
static HEADER_VALUE: About = About::new(Str, "The header value.").required();
static HEADER_KEYS: [Field; 2] = [always("name", &HEADER_NAME), always("value", &HEADER_VALUE)];
static HEADERS: About = About::new(List(&Object(&HEADER_KEYS)), "Headers to send.");
static BODY: About = About::new(Str, "The request body.");
static TIMEOUT: About = About::new(Duration, "How long to wait for a response.").default("10s");
static INTERVAL: About = About::new(Duration, "Time between probes.").default("15s");
static READY_AFTER: About = About::new(Int, "Successes in a row before the replica is ready.").default("1");
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
static RG_STR: About = About::new(Str, "The group's own value of the service's key.");
static RG_BOOL: About = About::new(Bool, "The group's own value of the service's key.");
/// An item of a service's `replicas` list (replica groups, 0.22).
pub(crate) static REPLICA_GROUP_KEYS: [Field; 13] = [
    always("name", &GROUP_NAME),
    always("replicas", &RG_REPLICAS),
    always("scaling", &RG_SCALING),
    always("resources", &GROUP_RESOURCES),
    always("spot_policy", &RG_SPOT_POLICY),
    always("reservation", &RG_STR),
    always("commands", &GROUP_COMMANDS),
    always("image", &RG_STR),
    always("python", &RG_STR),
    always("nvcc", &RG_BOOL),
    always("docker", &RG_BOOL),
    always("privileged", &RG_BOOL),
    always("env", &GROUP_ENV),
];
static GROUP_ENV: About = About::new(ENV_SHAPE, "The group's environment variables.");

static NODES_MIN: About = About::new(Int, "The fewest instances.");
static NODES_TARGET: About = About::new(Int, "The instances to create at first.");
static NODES_MAX: About = About::new(Int, "The most instances.");
/// A fleet's `nodes` as an object.
pub(crate) static FLEET_NODES_KEYS: [Field; 3] =
    [always("min", &NODES_MIN), always("target", &NODES_TARGET), always("max", &NODES_MAX)];

static SSH_USER: About = About::new(Str, "The SSH user.").example("ubuntu");
static SSH_PORT: About = About::new(Int, "The SSH port.").default("22");
static IDENTITY_FILE: About = About::new(Str, "The private key file.").example("~/.ssh/id_rsa");
static PUBLIC: About = About::new(Str, "The public key.");
static PRIVATE: About = About::new(Str, "The private key.").required();
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

/// A gateway's `load_balancer`.
pub(crate) static LOAD_BALANCER_KEYS: [Field; 0] = [];

static CERT_TYPE: About = About::new(Enum(&["lets-encrypt", "acm", "gcp-cm"]), "Where the certificate comes from.");
static ARN: About = About::new(Str, "The ACM certificate's ARN.");
static CERT_NAME: About = About::new(Str, "The GCP certificate's name.");
/// A gateway's `certificate`.
pub(crate) static CERTIFICATE_KEYS: [Field; 3] =
    [always("type", &CERT_TYPE), always("arn", &ARN), added("name", &CERT_NAME, 0, 20, 0)];

static PROVIDER: About = About::new(Str, "The agent's provider.").required();
static AGENT_MODEL: About = About::new(Str, "The agent's model.");
static EFFORT: About = About::new(Str, "The agent's effort.");
/// A preset's `agent`.
pub(crate) static AGENT_KEYS: [Field; 3] =
    [always("provider", &PROVIDER), always("model", &AGENT_MODEL), always("effort", &EFFORT)];
