//! The registry of diagnostic codes: one stable code per kind of problem, with its explanation.
//!
//! Codes never change meaning. `E0xx` YAML, `E1xx` dstack's parser, `E2xx` `dstack apply`,
//! `E3xx` the dstack server, `W0xx` warnings, `I0xx` information.

/// One entry of the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable code, e.g. `E102`.
    pub code: &'static str,
    /// A short kebab-case name.
    pub name: &'static str,
    /// One paragraph: what it means and why it matters.
    pub explanation: &'static str,
}

macro_rules! registry {
    ($($konst:ident = $code:literal, $name:literal, $expl:literal;)*) => {
        $(
            #[doc = $expl]
            pub const $konst: &str = $code;
        )*
        /// Every code, in code order, one line each: the code, a space, the name, a space and the
        /// explanation (one text rather than a table of three pointers and lengths per code: -1.2 KB
        /// gzip of the page).
        const TABLE: &str = concat!($($code, " ", $name, " ", $expl, "\n"),*);
    };
}

registry! {
    YAML_SYNTAX = "E001", "yaml-syntax", "The text is not valid YAML, so dstack cannot read it at all. PyYAML stops at the first syntax error; fix it and the rest of the file is checked.";
    MULTIPLE_DOCUMENTS = "E002", "multiple-documents", "dstack reads exactly one YAML document per file. A second `---` document makes PyYAML's `safe_load` fail. Keep one configuration per file.";
    LIMIT_EXCEEDED = "E003", "limit-exceeded", "The input exceeds a safety limit of this checker (size, nesting depth or alias expansion). The limits keep the page responsive; real configurations are far below them.";
    INVALID_UTF8 = "E004", "invalid-utf8", "The file is not valid UTF-8. dstack reads configuration files as UTF-8 text.";
    UNSUPPORTED_YAML = "E005", "unsupported-yaml", "The YAML is well-formed but PyYAML's safe loader cannot build a value from it: an unknown or unsafe tag, a list or mapping used as a key, an impossible date, or a control character.";
    NOT_A_MAPPING = "E006", "not-a-mapping", "A dstack configuration is a YAML mapping (`key: value` lines) at the top level. An empty file, a list or a single value is not a configuration.";
    MISSING_TYPE = "E100", "missing-type", "Every dstack configuration starts with `type:`, which selects the kind of configuration. For a task it is `type: task`.";
    WRONG_TYPE = "E101", "wrong-type", "`type` picks the model dstack validates the file with: exactly one of `task`, `service`, `dev-environment`, `fleet`, `gateway`, `volume` and (dstack 0.22.5) `preset`, lowercase. Any other value, or `preset` under dstack 0.18.37, is rejected before any other field is read.";
    UNKNOWN_FIELD = "E102", "unknown-field", "dstack's models forbid unknown keys at every level (task, resources, gpu, ranges, volumes, retry, registry_auth). A misspelled key is an error, not a silently ignored setting.";
    NULL_NOT_ALLOWED = "E103", "null-not-allowed", "This field cannot be empty (`null`, `~` or no value). Remove the key to get the default, or give a value.";
    INVALID_TYPE = "E104", "invalid-type", "The value has the wrong type for the field: for example a list where a string is expected, or text where a number is expected.";
    INVALID_ENUM = "E105", "invalid-enum", "The field accepts only a fixed set of values, spelled exactly (case-sensitive).";
    OUT_OF_BOUNDS = "E106", "out-of-bounds", "The number is outside the range the field accepts (for example `nodes` must be at least 1, `max_price` greater than 0, a port between 1 and 65536).";
    MISSING_FIELD = "E107", "missing-field", "A required key of this object is missing.";
    INVALID_RANGE = "E108", "invalid-range", "A range is written `min..max`, `min..`, `..max`, a single value, or `{min, max}`. At least one bound is needed and min must not exceed max.";
    INVALID_MEMORY = "E109", "invalid-memory", "A memory size is a number with an optional unit `MB`, `GB` or `TB` (case-insensitive; no unit means GB). `G`, `GiB`, `KB` are not accepted.";
    INVALID_GPU_SPEC = "E110", "invalid-gpu-spec", "A GPU spec is `vendor:name:memory:count` tokens in any order (e.g. `A100:80GB:2`), each kind at most once, none empty.";
    INVALID_DURATION = "E111", "invalid-duration", "A duration is a whole number of seconds, or a whole number followed by one unit `s`, `m`, `h`, `d` or `w` (`90m`, `2h`). Fractions, upper case and compound forms like `1h30m` are rejected.";
    INVALID_PORT = "E112", "invalid-port", "A port is a number (1–65536), `\"LOCAL:CONTAINER\"`, `\"*:CONTAINER\"`, or `{local_port, container_port}`.";
    INVALID_VOLUME = "E113", "invalid-volume", "A volume is `name:/path` (network volume), `/host/path:/path` (instance volume), or the object form. Paths must be absolute and must not contain `..`.";
    INVALID_USER = "E114", "invalid-user", "`user` is `name_or_uid[:group_or_gid]`, with non-empty parts and non-negative ids.";
    DUPLICATE_ENV = "E115", "duplicate-env", "The same environment variable is listed twice in `env`.";
    INVALID_PYTHON = "E116", "invalid-python", "`python` must be one of 3.8, 3.9, 3.10, 3.11, 3.12, 3.13 (dstack 0.18.37).";
    IMAGE_AND_PYTHON = "E117", "image-and-python", "`image` and `python` are mutually exclusive: `python` selects one of dstack's base images. In dstack 0.18.37 this even crashes `dstack apply` with a KeyError.";
    COMMANDS_OR_IMAGE = "E118", "commands-or-image", "A task needs something to run: `commands`, or an `image` whose own entrypoint runs.";
    INVALID_COMPUTE_CAPABILITY = "E119", "invalid-compute-capability", "`compute_capability` is `major.minor`, e.g. `8.0` or `\"8.6\"`, or a two-item list.";
    INVALID_VENDOR = "E120", "invalid-vendor", "The GPU vendor must be `nvidia`, `amd`, `google` (alias `tpu`) or `intel`.";
    EMPTY_RETRY_EVENTS = "E121", "empty-retry-events", "`retry.on_events` must list at least one of `no-capacity`, `interruption`, `error`.";
    INVALID_REPLICAS = "E130", "invalid-replicas", "A service's `replicas` is a number (`2`) or a range with a maximum (`0..4`, `{min: 1, max: 4}`), at least 0. dstack 0.18.37 crashes on an invalid value (AttributeError) instead of reporting it.";
    REPLICAS_SCALING = "E131", "replicas-scaling", "`replicas` as a range and `scaling` go together: a range needs `scaling` rules to pick the number of replicas, and `scaling` needs a range to move in.";
    INVALID_GATEWAY = "E132", "invalid-gateway", "A service's `gateway` is a gateway name or `false` (no gateway); dstack 0.22.5 also takes `true` (the default gateway), `project/name` and `{project, name}`.";
    INVALID_MODEL = "E133", "invalid-model", "A service's `model` is a model name, or a mapping chosen by its `format`: `openai` (`name`, `prefix`) or `tgi` (`name`, `chat_template`, `eos_token`).";
    INVALID_REPLICA_GROUP = "E134", "invalid-replica-group", "Replica groups (dstack 0.22.5 `groups`) have unique lowercase names, exclude a top-level `replicas`, `scaling` and `commands`, set image-related fields at one level only, and at most one runs the router, with one replica.";
    INVALID_PROBE = "E135", "invalid-probe", "A service probe (dstack 0.22.5) is `{type: http}` with a `url` starting with `/`, a `timeout` and `interval` of at least 1s, at most 16 headers, no `body` with `get` or `head`; probes must differ.";
    INVALID_RATE_LIMIT = "E136", "invalid-rate-limit", "A service rate limit (dstack 0.22.5) has a path `prefix` starting with `/` (unique per limit), `rps` of at least 1/60, and a `key` of `{type: ip_address}` or `{type: header, header: NAME}`.";
    DEV_ENVIRONMENT_ENTRYPOINT = "E140", "dev-environment-entrypoint", "dstack 0.22.5 refuses `entrypoint` in a dev environment: dstack starts the IDE (or the SSH server) itself. Put startup commands in `init`.";
    DEV_ENVIRONMENT_IDE_VERSION = "E141", "ide-version", "dstack 0.22.5 reads `version` as the version of the IDE, so it needs `ide`; a Windsurf version is written `version@commit` (e.g. `1.106.0@8951cd3ad688e789573d7f51750d67ae4a0bea7d`).";
    DEV_ENVIRONMENT_DSTACK_INACTIVITY = "E142", "dstack-and-inactivity", "dstack 0.22.5 refuses `dstack: true` together with `inactivity_duration`: the run's connection to the dstack server counts as activity, so the dev environment would never be stopped.";
    PRESET_MODEL = "E143", "preset-model", "A preset names one model: `model` (a repo string, `{repo, name?}` or `{base}`), or the shorthand `repo` or `base`. `base` and `repo` exclude each other and `model`, and model names cannot be blank.";
    PRESET_DATASET = "E144", "preset-dataset", "A preset's `dataset` is a benchmark dataset name (`sharegpt`, a Hugging Face ID): not blank, not `random` (omit `dataset` for synthetic prompts), and not together with `input_tokens`, `output_tokens` or `shared_prefix_tokens`, which shape synthetic prompts.";
    PRESET_PROMPT = "E145", "preset-prompt", "A preset's `prompt` is non-blank text of at most 10,000 characters, or `{path}` naming a prompt file.";
    PRESET_AGENT = "E146", "preset-agent", "A preset's `agent` is `{provider: claude or codex, model?, effort?}`; effort `max` exists for `claude` only.";
    PRESET_SHARED_PREFIX = "E147", "preset-shared-prefix", "A preset's `shared_prefix_tokens` is carved out of each request's `input_tokens` (default 1024), so it must be smaller: something has to differ between requests.";
    INVALID_NETWORK = "E150", "invalid-network", "An SSH fleet's `ssh_config.network` must be a network address (`10.0.0.0/24`) and `internal_ip` an IP address, both private (10.x, 172.16–31.x, 192.168.x, ...): dstack uses them for traffic between the hosts.";
    INVALID_FLEET_NODES = "E151", "invalid-fleet-nodes", "A fleet's `nodes` is a count (`2`), a range (`0..4`) or, since dstack 0.19.27, `{min, target, max}` with `0 <= min <= target <= max`. dstack 0.22.5 crashes on a float or a list.";
    INVALID_CHOICE = "E160", "invalid-choice", "A gateway's `certificate` (`lets-encrypt`, `acm` with `arn`, and since 0.22 `gcp-cm` with `name`) and `load_balancer` (0.22.5: `alb`) are mappings whose `type` chooses the kind and its fields. dstack 0.18.37 tries each kind in order when `type` is missing; 0.22.5 requires `type`.";
    VOLUME_BACKEND = "E161", "volume-backend", "dstack 0.22.5 has a volume model per backend: `aws`, `gcp`, `runpod`, `kubernetes`, `daytona` and `lium`. A volume on any other backend (or with a `backend` that is not text) is rejected before its other fields are read.";
    AMD_REQUIRES_IMAGE = "E201", "amd-requires-image", "`dstack apply` refuses AMD GPUs without `image`: dstack's default images are CUDA-only, so an AMD (ROCm) image must be given.";
    INTERPOLATION = "E202", "interpolation", "`dstack apply` replaces `${{ ... }}` references: `run.*` in `commands` (0.18.37: and `setup`; 0.22.5: and the node groups' `commands`, where `groups[i].nodes[j].IP_ADDRESS` is left for the server), `env.*` in `registry_auth`. Other references, unclosed braces or malformed names are errors.";
    RELATIVE_WORKING_DIR = "E203", "relative-working-dir", "`dstack apply` (since 0.19) refuses a relative `working_dir`: it must be an absolute path in the container.";
    PRESET_NAME = "E220", "preset-name", "`dstack apply` (0.22.5) requires a preset `name` to be a dstack resource name matching `^[a-z][a-z0-9-]{1,40}$`: 2–41 characters, lowercase letters, digits and dashes, starting with a letter.";
    PRESET_CREATION_SETTING = "E221", "preset-creation-setting", "`dstack apply` (0.22.5) creates a preset only with `trials` (or `--trials`), `max_ttft`, `min_context_length` and `concurrency` set: the parser accepts a preset without them, the creation does not.";
    FLEET_ENV_WITHOUT_SSH = "E230", "fleet-env-without-ssh", "`dstack apply` refuses `env` in a fleet without `ssh_config`: the variables are set on SSH fleets' hosts only.";
    INVALID_RUN_NAME = "E301", "invalid-run-name", "The dstack server requires run names matching `^[a-z][a-z0-9-]{1,40}$`: 2–41 characters, lowercase letters, digits and dashes, starting with a letter.";
    VOLUME_IN_WORKFLOW = "E302", "volume-in-workflow", "The dstack server refuses volume mount paths under `/workflow` (a string-prefix check, so `/workflows` too): that directory holds the repository.";
    INVALID_MOUNT_PATH = "E303", "invalid-mount-path", "The dstack server refuses a volume mount path that is not a valid absolute container path.";
    ACCELERATOR_REQUIRES_IMAGE = "E304", "accelerator-requires-image", "The dstack server (since 0.19) refuses accelerators its default image does not support (AMD, Intel Gaudi, Tenstorrent) when neither `image` nor `docker: true` is set: the default image is built for NVIDIA CUDA (TPUs work too).";
    ARM_CPU = "E305", "arm-cpu", "The dstack server (since 0.19) refuses `cpu: arm` without an `image` (the default image is x86-only) and with `docker: true`.";
    RUN_SPEC_REPARSE = "E306", "run-spec-reparse", "The dstack server (0.22.5) parses the run spec again from JSON: an infinite bound arrives as an empty range, and `docker: 'true'` as `true`, which excludes `image`, `python` and `nvcc`.";
    NEGATIVE_RETRY_DURATION = "E307", "negative-retry-duration", "The dstack server (0.22.5) refuses a negative `retry.duration`.";
    UTILIZATION_WINDOW = "E308", "utilization-window", "The dstack server (0.22.5) refuses a `utilization_policy.time_window` longer than it keeps GPU metrics: one hour by default.";
    GROUPS_REFERENCE = "E309", "groups-reference", "The dstack server (0.22.5) accepts `${{ groups[i].nodes[j].IP_ADDRESS }}` only in a task's commands, with `i` a node group and `j` one of its nodes.";
    WITHOUT_GATEWAY = "E310", "without-gateway", "A service with `gateway: false` is served by the dstack server's own proxy, which refuses `https: false`, auto-scaling (`replicas` as a range) and, in 0.22.5, `rate_limits`.";
    SCHEDULED_SCALE_TO_ZERO = "E311", "scheduled-scale-to-zero", "The dstack server (0.22.5) refuses a service with a `schedule` whose replica groups can all scale to zero.";
    PROBE_LIMITS = "E312", "probe-limits", "The dstack server (0.22.5) allows at most 10 probes per service, each with a `timeout` of at most 5 minutes (its defaults).";
    DEV_ENVIRONMENT_ENTRYPOINT_CRASH = "E320", "dev-environment-entrypoint-crash", "The dstack 0.18.37 server crashes on a dev environment with `entrypoint`: it reads the configuration's `commands`, which a dev environment does not have (AttributeError), so `dstack apply` fails. Remove `entrypoint` and put startup commands in `init`.";
    WINDSURF_VERSION_CRASH = "E321", "windsurf-version-crash", "The dstack 0.22.5 server splits a Windsurf `version` at `@` into exactly a version and a commit; a `version` with more than one `@` passes the parser but crashes the server (ValueError) when it builds the job.";
    INVALID_FLEET_NAME = "E330", "invalid-fleet-name", "The dstack server requires fleet names matching `^[a-z][a-z0-9-]{1,40}$`: 2–41 characters, lowercase letters, digits and dashes, starting with a letter.";
    FLEET_KIND = "E331", "fleet-kind", "A fleet is either a cloud fleet (`nodes`, with `resources`, `backends`, ...) or an SSH fleet (`ssh_config` with `hosts`). The server refuses a fleet with neither; dstack 0.22.5 also refuses `nodes` or any cloud field in an SSH fleet.";
    SSH_HOST_CREDENTIALS = "E332", "ssh-host-credentials", "The dstack server needs a user and a key for every SSH host: `user` and `identity_file` in `ssh_config` or on the host. `dstack apply` reads the key from `identity_file`; a written `ssh_key` does not count.";
    SSH_INTERNAL_IP = "E333", "ssh-internal-ip", "The dstack server requires `internal_ip` on every host of an SSH fleet or on none, and never together with `network`.";
    GATEWAY_BACKEND = "E340", "gateway-backend", "The dstack server creates gateways on `aws`, `azure`, `gcp` and `kubernetes` only.";
    INVALID_RESOURCE_NAME = "E341", "invalid-resource-name", "The dstack server requires gateway and volume names matching `^[a-z][a-z0-9-]{1,40}$`: 2–41 characters, lowercase letters, digits and dashes, starting with a letter. Without `name` it generates one.";
    GATEWAY_DOMAIN = "E342", "gateway-domain", "The dstack server (0.22.5) interpolates a gateway's `domain` for each service: `${{ run.project_name }}` is its only variable, and the reference must be closed and well-formed.";
    PRIVATE_GATEWAY = "E343", "private-gateway", "A private gateway (`public_ip: false`) exists on `aws` only in dstack 0.18.37, on `aws` and `gcp` in 0.22.5.";
    GATEWAY_REPLICAS = "E344", "gateway-replicas", "The dstack server (0.22.5) creates at most `DSTACK_SERVER_GATEWAY_MAX_REPLICAS` gateway replicas, 9 by default.";
    GATEWAY_LOAD_BALANCER = "E345", "gateway-load-balancer", "A gateway load balancer (0.22.5, `load_balancer: {type: alb}`) exists on `aws` and `gcp`, and terminates TLS with the cloud's own certificates: `acm` on AWS, `gcp-cm` on GCP, or none (`certificate: null`).";
    GATEWAY_CERTIFICATE = "E346", "gateway-certificate", "The gateway certificate must suit the gateway: Let's Encrypt needs a public IP and (0.22.5) a single replica; `acm` needs `backend: aws`; `gcp-cm` (0.22.5) needs `backend: gcp` and `load_balancer: {type: alb}`.";
    VOLUME_SIZE_OR_ID = "E347", "volume-size-or-id", "A volume is created with `size`, or an existing one registered with `volume_id` (a Kubernetes `claim_name`); the dstack server refuses a volume with neither. Daytona and Lium volumes (0.22.5) are registered by id only.";
    VOLUME_BACKEND_UNSUPPORTED = "E348", "volume-backend-unsupported", "The dstack 0.18.37 server creates volumes on `aws`, `gcp`, `local` and `runpod` only (0.22.5 rejects other backends in the model, E161).";
    EXTERNAL_VOLUME_CLEANUP = "E349", "external-volume-cleanup", "The dstack server (0.22.5) deletes only the volumes it created: a volume registered by `volume_id` or `claim_name` cannot have a positive `auto_cleanup_duration`.";
    YAML11_BOOLEAN = "W001", "yaml11-boolean", "YAML 1.1 (which dstack uses) reads unquoted `yes`, `no`, `on`, `off` (any case variant) as booleans. Quote the value if you meant the text.";
    YAML11_SEXAGESIMAL = "W002", "yaml11-sexagesimal", "YAML 1.1 reads unquoted `22:22`-style numbers as base-60 integers (`22:22` is 1342). Quote port mappings and times: `\"22:22\"`.";
    YAML11_NUMBER = "W003", "yaml11-number", "YAML 1.1 reads this unquoted number differently from what it looks like (`3.10` is the float 3.1, `0755` is octal 493, `1_000` is 1000). Quote it if you meant the text.";
    DEPRECATED_FIELD = "W010", "deprecated-field", "The field still works in dstack 0.18.37 but is deprecated or hidden, and newer dstack versions reject it. Use the replacement.";
    TPU_PREFIX = "W011", "tpu-prefix", "The `tpu-` name prefix is deprecated: dstack strips it. Write the TPU name alone (`v3-8`) or set the vendor (`tpu:v3-8`).";
    PYTHON_38 = "W012", "python-3.8", "`python: 3.8` is deprecated in dstack 0.18.37 and removed in 0.18.43.";
    NVCC_IGNORED = "W013", "nvcc-ignored", "`nvcc` only selects dstack's `-devel` base image; with a custom `image` it has no effect.";
    RESERVED_PORT = "W014", "reserved-port", "Container ports 10000–10999 are reserved by dstack's runner and are not forwarded. A service cannot listen on the ports dstack itself uses in the container: 10999 (the runner) and 10022 (its SSH server).";
    DUPLICATE_KEY = "W015", "duplicate-key", "The key appears twice in the same mapping. YAML loaders used by dstack keep the last value silently.";
    REPLICAS_ZERO = "W020", "replicas-zero", "A service whose `replicas` has a maximum of 0 never runs a replica: dstack accepts it, but nothing serves requests.";
    HTTPS_WITHOUT_GATEWAY = "W021", "https-without-gateway", "`https` only applies to a service published on a gateway; with `gateway: false` the dstack server serves it at its own address and the setting has no effect.";
    STRIP_PREFIX_WITH_GATEWAY = "W022", "strip-prefix-with-gateway", "`strip_prefix` only applies to a service served by the dstack server (no gateway); on a gateway the service gets its own domain and no prefix.";
    SCALING_TARGET = "W023", "scaling-target", "dstack 0.18.37 accepts a scaling `target` of 0 or less, but replicas are computed by dividing the requests per second by it: the service cannot scale sensibly (0.22.5 rejects it).";
    PORT_LOCAL_IGNORED = "W024", "port-local-ignored", "A service's `port` is the container port its application listens on; the local part of a mapping (`8080:8000`, `local_port`) is ignored: the gateway or the server publishes the service.";
    IDE_VERSION_NOT_A_COMMIT = "W025", "ide-version-not-a-commit", "For VS Code and Cursor, `version` is the commit of the IDE release (the second line of `code --version` or `cursor --version`), not its version number: dstack downloads the IDE server by that commit, so `1.90.0` makes the download fail when the dev environment starts. Omit `version` to let `dstack apply` detect it.";
    INIT_NOT_INTERPOLATED = "W026", "init-not-interpolated", "`dstack apply` does not interpolate a dev environment's `init`: `${{ run.args }}` and `${{ env.NAME }}` reach the shell as written, where `${{` is a bad substitution. Use the shell's own `$NAME` for variables in `env`.";
    IDE_VERSION_IGNORED = "W027", "ide-version-ignored", "With `ide: zed` dstack installs nothing: Zed installs the remote server matching the connecting client on first connect, so `version` has no effect.";
    INACTIVITY_ZERO = "W028", "inactivity-zero", "`inactivity_duration: 0` stops the dev environment the moment no SSH session is open: a dropped connection or detaching ends it. Use a duration such as `30m`, or `off`.";
    IDLE_NOT_INACTIVITY = "W029", "idle-not-inactivity", "`idle_duration` is how long the instance is kept after the run ends, for reuse; it does not stop a dev environment that nobody uses. `inactivity_duration` (dstack 0.18.41 and newer) does.";
    SSH_KEY_REPLACED = "W030", "ssh-key-replaced", "`dstack apply` sets `ssh_key` of an SSH fleet (and of each host) to the key it reads from `identity_file`: a written `ssh_key` is dropped.";
    DUPLICATE_HOST = "W031", "duplicate-host", "The same host (hostname and port) is listed twice in `ssh_config.hosts`; dstack would try to add it twice.";
    SSH_FLEET_CLOUD_FIELD = "W032", "ssh-fleet-cloud-field", "dstack 0.18.37 adds an SSH fleet's hosts as they are and never terminates them: `nodes`, `resources`, `backends`, `spot_policy`, `idle_duration` and the other cloud fields have no effect there (dstack 0.22.5 refuses them).";
    IDLE_FIXED_FLEET = "W033", "idle-fixed-fleet", "dstack 0.22.5 terminates idle instances only above `nodes.min`: with a fixed `nodes: N`, `idle_duration` never applies.";
    EMPTY_FLEET = "W034", "empty-fleet", "The fleet's `nodes` allows no instance (a maximum of 0, or a negative count that dstack 0.18.37 accepts).";
    GATEWAY_WITHOUT_DOMAIN = "W035", "gateway-without-domain", "A gateway without `domain` can be created, but no service can run on it until a domain is set: the server refuses to register services (\"Domain is required for gateway\"). Point `*.<domain>` at the gateway.";
    GATEWAY_DOMAIN_WRITTEN = "W036", "gateway-domain-written", "Services get `<run name>.<domain>` as their host, so a gateway's `domain` must be a bare domain name: no `https://`, path, port or spaces. dstack 0.18.37 also does not interpolate it: `${{ run.project_name }}` stays in the services' URLs as written (0.22.5 replaces it with the project name).";
    GATEWAY_WITHOUT_CERTIFICATE = "W037", "gateway-without-certificate", "With `certificate: null` the gateway serves plain HTTP, but services default to `https: true`: each must set `https: false` (0.22.5 also `auto`), or the server refuses it (\"Cannot run HTTPS service on gateway with no SSL certificates configured\").";
    VOLUME_SIZE_TRUNCATED = "W038", "volume-size-truncated", "dstack creates volumes of whole GB (`int(size)`): a fraction is dropped, and a size below 1 GB (or negative) becomes a volume no cloud creates.";
    VOLUME_SIZE_IGNORED = "W039", "volume-size-ignored", "A volume registered by `volume_id` (or a Kubernetes `claim_name`) already exists and keeps its size: `size` is not used.";
    ENV_PLACEHOLDER = "I001", "env-placeholder", "A `- NAME` entry in `env` takes its value from your shell when you run `dstack apply`; it fails there if the variable is not set.";
    ACCEPTED_BY_OTHER_RELEASE = "I002", "accepted-by-other-release", "The dstack release you check against rejects this field, but another supported release accepts it as written (a value allowed or disallowed since, like `cpu: arm:8`, a port above 65535 or a backend). If you run that release, check against it.";
    READ_DIFFERENTLY = "I003", "read-differently", "Every supported dstack release accepts the configuration, but they read it differently: a default changed between them (GPU count, base image, working directory, time limit, ...). The message says what each release does; write the value out to get the same run everywhere.";
}

/// Every code, in code order.
pub fn all() -> impl Iterator<Item = CodeInfo> {
    TABLE.lines().filter_map(|line| {
        let (code, rest) = line.split_once(' ')?;
        let (name, explanation) = rest.split_once(' ')?;
        Some(CodeInfo { code, name, explanation })
    })
}

/// The registry entry for a code.
pub fn lookup(code: &str) -> Option<CodeInfo> {
    all().find(|c| c.code == code)
}

/// The reference page of every code (`docs/diagnostics.md` is this text; a test keeps them equal).
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nGenerated from `crates/core/src/codes.rs`; `dstack-check --explain CODE` prints one entry.\n\n\
         `E0xx` YAML · `E1xx` dstack's parser · `E2xx` `dstack apply` · `E3xx` the dstack server · `W0xx` warnings · `I0xx` information.\n",
    );
    for c in all() {
        out.push_str(&format!("\n## {} `{}`\n\n{}\n", c.code, c.name, c.explanation));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let every: Vec<CodeInfo> = all().collect();
        assert_eq!(every.len(), 113);
        for (i, c) in every.iter().enumerate() {
            assert!(every[i + 1..].iter().all(|d| d.code != c.code && d.name != c.name), "{} repeated", c.code);
            assert!(c.code.len() == 4 && "EWI".contains(&c.code[..1]), "{}", c.code);
            assert_eq!(lookup(c.code).as_ref(), Some(c));
        }
    }

    #[test]
    fn docs_page_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, markdown()).expect("write docs/diagnostics.md");
            return;
        }
        assert!(
            on_disk == markdown(),
            "docs/diagnostics.md is stale: run `UPDATE_DOCS=1 cargo test -p dstack-core codes`"
        );
    }
}
