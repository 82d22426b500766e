//! dstack's configuration models: validation with located errors and the normalized JSON.
//!
//! Each field follows the pydantic model of the selected release (pydantic 1 for 0.18.37, 2 for
//! 0.22.5: lax coercions, union order, defaults), but reports one clear diagnostic per problem
//! instead of pydantic's union noise. One `Model` walker serves every type; each type's module
//! (`task`, `service`, `dev_environment`, `fleet`, `gateway`, `volume`, `preset`) lists its fields
//! and rules.

mod coerce;
pub mod config;
pub mod config_type;
mod cron;
mod ctx;
pub mod describe;
mod dev_environment;
mod duration;
mod env;
mod field_errors;
mod field_index;
pub mod fields;
mod fleet;
mod fleet_nodes;
mod fleet_view;
mod gateway;
mod gpu;
mod groups;
mod ip;
mod newer_fields;
mod path;
mod ports;
mod preset;
mod probes;
mod py_int;
pub(crate) mod range;
mod rate_limits;
mod read;
mod replica_groups;
mod resource_fields;
mod resources;
mod retry;
mod scaling;
mod service;
mod service_model;
mod ssh_config;
mod task;
mod task_0_22;
mod user;
mod volume;
mod volumes;
mod wording;

pub use config_type::ConfigType;
pub use ctx::{Ctx, Fail};
pub(crate) use field_errors::{belongs_under, enum_fail, enum_item_fail, literal_fail, null_fail, unknown_key};
pub use gpu::VENDORS;
pub use path::Path;
pub use read::{OtherType, read};

use crate::python::repr_str;
use crate::same_text::same_text;
pub(crate) use coerce::shorten;
use coerce::{describe, expected, key_str, mapping_or_fail, py_repr, to_bool, to_float, to_list, to_str};
use field_index::FieldIndex;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use resources::cpu_and_gpu;
pub(crate) use resources::default_resources;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use resources::shared_default_resources;
use std::borrow::Cow;

use crate::codes;
use crate::diagnostic::Range;
use crate::json::{Json, Key};
use crate::version::DstackVersion;
use crate::yaml::{Node, Value};

/// Every task field dstack 0.18.37 accepts, in declaration (and output) order.
pub const FIELDS: [&str; 33] = [
    "nodes",
    "type",
    "name",
    "image",
    "user",
    "privileged",
    "entrypoint",
    "working_dir",
    "home_dir",
    "registry_auth",
    "python",
    "nvcc",
    "env",
    "setup",
    "resources",
    "volumes",
    "ports",
    "commands",
    "backends",
    "regions",
    "instance_types",
    "reservation",
    "spot_policy",
    "retry",
    "max_duration",
    "max_price",
    "creation_policy",
    "idle_duration",
    "termination_policy",
    "termination_idle_time",
    "pool_name",
    "instance_name",
    "retry_policy",
];

/// `spot_policy` values.
pub(crate) const SPOT_POLICIES: [&str; 3] = ["spot", "on-demand", "auto"];

/// `creation_policy` values.
pub(crate) const CREATION_POLICIES: [&str; 2] = ["reuse", "reuse-or-create"];

/// `termination_policy` values (removed in 0.20).
pub(crate) const TERMINATION_POLICIES: [&str; 2] = ["dont-destroy", "destroy-after-idle"];

/// Backends of dstack 0.18.35–0.18.37, in its enum order (shared with the offers build script).
pub const BACKENDS: [&str; 16] = include!("backends.in");

/// Python versions dstack 0.18.37 accepts.
pub const PYTHON_VERSIONS: [&str; 6] = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"];

/// Python versions dstack 0.22.5 accepts.
pub(crate) const PYTHON_VERSIONS_0_22_5: [&str; 7] = ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"];

/// Backends of dstack 0.22.5, in its enum order (`local` is gone; `datacrunch` stays beside `verda`).
pub(crate) const BACKENDS_0_22_5: [&str; 26] = [
    "amddevcloud",
    "aws",
    "azure",
    "cloudrift",
    "crusoe",
    "cudo",
    "datacrunch",
    "daytona",
    "digitalocean",
    "dstack",
    "gcp",
    "hotaisle",
    "jarvislabs",
    "kubernetes",
    "lambda",
    "lium",
    "remote",
    "nebius",
    "oci",
    "runpod",
    "seeweb",
    "tensordock",
    "vastai",
    "verda",
    "vultr",
    "slurm",
];

/// The backends `version` accepts in `backends`.
pub fn backends(version: DstackVersion) -> &'static [&'static str] {
    if version.pydantic2() { &BACKENDS_0_22_5 } else { &BACKENDS }
}

/// The Python versions `version` accepts in `python`.
pub fn python_versions(version: DstackVersion) -> &'static [&'static str] {
    if version.pydantic2() { &PYTHON_VERSIONS_0_22_5 } else { &PYTHON_VERSIONS }
}

/// The outcome of validating the document as a task.
#[derive(Debug, Default)]
pub struct Validation {
    /// dstack's normalized JSON, when there is no schema error.
    pub normalized: Option<Json>,
    /// The typed view of the same configuration, with source ranges.
    pub config: Option<config::Configuration>,
    /// Every diagnostic found.
    pub ctx: Ctx,
}

/// Validates a mapping document as a dstack configuration under the rules of `version`.
pub fn validate(root: &Node, version: DstackVersion) -> Validation {
    validate_passes(root, version, Purpose::Report)
}

/// [`validate`] under another release whose defaults are compared with the selected one's
/// (`across_versions`): `with` of its typed view and normalized JSON when it accepts the document,
/// `None` when it rejects it. Natively the view holds of a run configuration only what
/// [`crate::effective::decided`] reads, without source ranges; diagnostics are placed but not
/// worded. Both are freed once `with` returns: neither is moved (the view is kilobytes, and moving
/// it out to the caller cost a sixth as much as reading it). Natively, an omitted `resources` is
/// left null in the JSON: the view and [`crate::effective::decided`] read the release's default
/// (built once per process) in its place.
pub fn compared<T>(
    root: &Node,
    version: DstackVersion,
    with: impl FnOnce(&config::Configuration, &Json) -> T,
) -> Option<T> {
    let mut ctx = Ctx::new(version);
    ctx.quiet = true;
    let (normalized, index) = normalize(&mut ctx, root, true)?;
    #[cfg(not(target_arch = "wasm32"))]
    let seen = read::read_compared(&normalized, index.as_deref(), version, |config| with(config, &normalized));
    // The page reads the whole view (a smaller module).
    #[cfg(target_arch = "wasm32")]
    let seen = Some(with(&read::read_validated(ctx.ty, &normalized, root, index.as_deref()), &normalized));
    // In one walk, without the drop glue's call per value.
    crate::json::free(normalized);
    seen
}

/// Every error `version` finds in the document, unknown keys included beside other errors (no
/// second pass): what the release rejects, field by field, to compare it with another release.
/// Only each diagnostic's place, severity and code are worked out: an unknown key's message,
/// help and fix, and pydantic 2's wording of dstack's message, are left out.
pub fn rejections(root: &Node, version: DstackVersion) -> Vec<crate::Diagnostic> {
    validate_passes(root, version, Purpose::Reject).ctx.diags
}

/// True when a document that `version` accepts as a `ty` writes a top-level key that `other`'s
/// model lacks: dstack's models forbid unknown keys, so `other` rejects the document whatever
/// else it holds, a verdict known without running its model. Both releases must have `ty`.
/// Native only: the page runs the model instead, its module is smaller so.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn lacks_a_written_key(root: &Node, ty: ConfigType, version: DstackVersion, other: DstackVersion) -> bool {
    let Value::Map(entries) = root.value() else { return false };
    // Every key is a field of `version`'s model (it accepts the document): a key whose bit is
    // none of those of the fields `other` lacks is a field `other` has too, without a lookup.
    let lacking = lacking_bits(ty, version, other);
    let index = FieldIndex::of_model(ty, other);
    entries.iter().any(|(k, _)| key_str(k).is_none_or(|k| key_bit(k) & lacking != 0 && !index.has(k)))
}

/// True when `version`'s model of `ty` has none of the fields `names`.
pub(crate) fn has_none_of<'a>(
    ty: ConfigType,
    version: DstackVersion,
    mut names: impl Iterator<Item = &'a str>,
) -> bool {
    let index = FieldIndex::of_model(ty, version);
    names.all(|name| !index.has(name))
}

/// The [`key_bit`]s of the fields `version`'s model of `ty` has and `other`'s lacks, worked out
/// once per process, as [`FieldIndex::of_model`] is.
#[cfg(not(target_arch = "wasm32"))]
fn lacking_bits(ty: ConfigType, version: DstackVersion, other: DstackVersion) -> u64 {
    const VERSIONS: usize = DstackVersion::SUPPORTED.len();
    static BITS: [std::sync::OnceLock<u64>; ConfigType::ALL.len() * VERSIONS * VERSIONS] =
        [const { std::sync::OnceLock::new() }; ConfigType::ALL.len() * VERSIONS * VERSIONS];
    *BITS[(ty as usize * VERSIONS + version as usize) * VERSIONS + other as usize].get_or_init(|| {
        let index = FieldIndex::of_model(ty, other);
        fields::field_order(ty, version).iter().filter(|f| !index.has(f)).fold(0, |bits, f| bits | key_bit(f))
    })
}

/// What a validation is for, and so how much of it is worked out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// The selected release's report ([`validate`]).
    Report,
    /// Another release's errors, to compare ([`rejections`]).
    Reject,
}

/// [`validate`] for `purpose`. Pydantic 2 dstack's rule that unknown keys are reported only
/// when nothing else is wrong (the second pass) applies but to [`Purpose::Reject`], which wants
/// only where the diagnostics are: the normalized JSON and the typed view (which add no
/// diagnostic) are not built then. Only the report reads the diagnostics' wording: another
/// release's runs are [`Ctx::quiet`].
fn validate_passes(root: &Node, version: DstackVersion, purpose: Purpose) -> Validation {
    let second_pass = purpose != Purpose::Reject;
    let mut ctx = Ctx::new(version);
    ctx.quiet = purpose != Purpose::Report;
    // The typed view is large: it is built in the returned value, not moved into it.
    match normalize(&mut ctx, root, second_pass) {
        Some((normalized, index)) => Validation {
            config: Some(read::read_validated(ctx.ty, &normalized, root, index.as_deref())),
            normalized: Some(normalized),
            ctx,
        },
        None => Validation { normalized: None, config: None, ctx },
    }
}

/// The diagnostics of [`validate_passes`], and the normalized JSON when it is wanted and there
/// is no error, with the model's field index when the JSON has each of its fields once.
fn normalize(ctx: &mut Ctx, root: &Node, second_pass: bool) -> Option<(Json, Option<Cow<'static, FieldIndex>>)> {
    let version = ctx.version;
    let Value::Map(entries) = root.value() else { return None };
    let ty = check_type(ctx, root, entries)?;
    ctx.ty = ty;
    let known = fields::field_order(ty, version);
    let index = FieldIndex::of_model(ty, version);
    let mut model = Model {
        ctx,
        entries,
        out: unrecorded(known),
        recorded: 0,
        extra: Vec::new(),
        last: None,
        next: index.successor(None),
        failed: Vec::new(),
        known,
        index,
        key_bits: entries.iter().filter_map(|(k, _)| key_str(k)).fold(0, |bits, k| bits | key_bit(k)),
        resources_default: false,
        // A 0.22.5 volume's backend model reports unknown keys together with other errors.
        keys_last: version.pydantic2() && second_pass && ty != ConfigType::Volume,
        unknown_at: None,
    };
    match ty {
        ConfigType::Task => task::validate(&mut model, root),
        ConfigType::Service => service::validate(&mut model, root),
        ConfigType::Fleet => fleet::validate(&mut model),
        ConfigType::Gateway => gateway::validate(&mut model, root),
        ConfigType::Volume => volume::validate(&mut model, root),
        ConfigType::DevEnvironment => dev_environment::validate(&mut model, root),
        ConfigType::Preset => preset::validate(&mut model, root),
    }
    if model.keys_last {
        unknown_keys_last(&mut model);
    }
    if !second_pass || model.ctx.error_count() > 0 {
        crate::json::free_entries(std::mem::take(&mut model.out));
        return None;
    }
    // A quiet run that gets this far is a compared one ([`compared`]), which natively leaves an
    // omitted `resources` null (the page's module is smaller without the test).
    if model.resources_default
        && (cfg!(target_arch = "wasm32") || !model.ctx.quiet)
        && let Some(slot) = model.index.position("resources").and_then(|p| model.out.get_mut(p))
        && !slot.0.is_empty()
    {
        slot.1 = default_resources(version);
    }
    let (out, complete) = model.printed();
    Some((Json::Object(out), complete.then_some(model.index)))
}

/// Records `field`'s `value` in its unrecorded slot of [`Model::out`].
// An unrecorded slot holds a borrowed empty key and null: there is nothing to drop, and the call
// that dropped it was a quarter of recording a field. Nothing is leaked.
#[allow(clippy::mem_forget)]
fn fill(slot: &mut (Key, Json), field: &'static str, value: Json) {
    std::mem::forget(std::mem::replace(&mut slot.0, Key::Borrowed(field)));
    std::mem::forget(std::mem::replace(&mut slot.1, value));
}

/// `known`'s slots of [`Model::out`], none recorded yet.
fn unrecorded(known: &[&str]) -> Vec<(Key, Json)> {
    known.iter().map(|_| (Key::Borrowed(""), Json::Null)).collect()
}

/// True when pydantic 2's "after" model validators run: every field is valid (unknown keys
/// are held back by the first pass, so they do not count).
fn fields_valid(ctx: &Ctx) -> bool {
    ctx.diags.iter().all(|d| d.severity != crate::Severity::Error || d.code == codes::UNKNOWN_FIELD)
}

/// pydantic 2 dstack validates twice: unknown keys are ignored first and reported only by the
/// second pass, which runs when the first found nothing wrong.
fn unknown_keys_last(m: &mut Model) {
    let ctx = &mut *m.ctx;
    let other = ctx.diags.iter().any(|d| d.severity == crate::Severity::Error && d.code != codes::UNKNOWN_FIELD);
    if other {
        ctx.diags.retain(|d| d.code != codes::UNKNOWN_FIELD);
    } else if let Some(at) = m.unknown_at {
        let (entries, known, index) = (m.entries, m.known, &*m.index);
        ctx.report_at(at, |ctx| unknown_top_keys(ctx, entries, known, index));
    }
}

/// Reports the document's keys that are not fields of the model (`known`).
fn unknown_top_keys(ctx: &mut Ctx, entries: &[(Node, Node)], known: &[&str], index: &FieldIndex) {
    for (k, _) in entries {
        if key_str(k).is_none_or(|s| !index.has(s)) {
            unknown_key(ctx, Path::root(), k, known);
        }
    }
}

/// The type the document names, when `version` has it; otherwise its error is recorded.
fn check_type(ctx: &mut Ctx, root: &Node, entries: &[(Node, Node)]) -> Option<ConfigType> {
    let Some((_, value)) = entries.iter().find(|(k, _)| key_str(k) == Some("type")) else {
        let start = root.span.start;
        ctx.fail(
            Path::root(),
            Range { start, end: crate::diagnostic::Position { line: start.line, column: start.column + 1 } },
            Fail::new(
                codes::MISSING_TYPE,
                "the configuration has no `type`",
                if ctx.version.pydantic2() {
                    "Unable to extract tag using discriminator 'type'"
                } else {
                    "Discriminator 'type' is missing in value"
                },
            )
            .help("add `type:` as the first line: `task`, `service`, `dev-environment`, `fleet`, ..."),
        );
        return None;
    };
    let named = match value.value() {
        Value::Str(s) => ConfigType::from_tag(s),
        _ => None,
    };
    if let Some(ty) = named.filter(|t| t.exists_in(ctx.version)) {
        return Some(ty);
    }
    let tags: Vec<String> =
        ConfigType::ALL.iter().filter(|t| t.exists_in(ctx.version)).map(|t| format!("'{}'", t.tag())).collect();
    let dstack = if ctx.version.pydantic2() {
        format!(
            "Input tag '{}' found using 'type' does not match any of the expected tags: {}",
            coerce::py_str(value),
            tags.join(", ")
        )
    } else {
        let allowed = "(allowed values: 'dev-environment', 'task', 'service', 'fleet', 'gateway', 'volume')";
        format!("No match for discriminator 'type' and value {} {allowed}", py_repr(value))
    };
    let listed = ConfigType::ALL
        .iter()
        .filter(|t| t.exists_in(ctx.version))
        .map(|t| format!("`{}`", t.tag()))
        .collect::<Vec<_>>()
        .join(", ");
    let (message, help) = match value.value() {
        Value::Str(s) if named.is_some() => (
            format!(
                "`{s}` configurations are new in dstack {}; you are checking against {}",
                DstackVersion::NEWEST,
                ctx.version
            ),
            format!("check against dstack {} if you run it", DstackVersion::NEWEST),
        ),
        Value::Str(s) if ConfigType::from_tag(&s.to_ascii_lowercase()).is_some() => {
            (format!("`type` is case-sensitive: found `{s}`"), format!("write `type: {}`", s.to_ascii_lowercase()))
        }
        _ => (format!("unknown configuration type: {}", describe(value)), format!("write one of {listed}")),
    };
    ctx.fail(&Path::root().key("type"), value.span, Fail::new(codes::WRONG_TYPE, message, dstack).help(help));
    None
}

/// The top-level fields of one configuration being validated: what is given, and the
/// normalized values produced so far.
struct Model<'a> {
    ctx: &'a mut Ctx,
    entries: &'a [(Node, Node)],
    /// The fields recorded so far, each at its position in `known` (the output order), which
    /// holds an empty key until the field is recorded: no list to sort at the end.
    out: Vec<(Key, Json)>,
    /// How many slots of `out` are recorded: when all are (and nothing was recorded again), the
    /// output is `out` as it is, known without a scan.
    recorded: usize,
    /// Fields recorded again, after their slot of `out` (or, left from a model narrowed by
    /// [`Model::set_known`], fields it lacks), with where they print: one more than the
    /// position of their field, 0 before every field.
    extra: Vec<(usize, Key, Json)>,
    /// The position of the last field recorded.
    last: Option<usize>,
    /// The guessed position of the next field to be recorded ([`FieldIndex::successor`]).
    next: usize,
    /// Fields that were given but failed validation (they count as absent for later checks).
    failed: Vec<&'static str>,
    /// The fields of the model, in output order: others are unknown keys.
    known: &'static [&'static str],
    /// `known` by name (shared, but for a 0.22.5 volume's backend model).
    index: Cow<'static, FieldIndex>,
    /// The [`key_bit`]s of the document's keys: most fields asked for are not written, and a
    /// field whose bit is not set is ruled out without a scan of the document.
    key_bits: u64,
    /// `resources` is omitted and recorded as null for now: its default, a tree of a dozen
    /// values that no rule reads, is put in its place only when the normalized JSON is returned.
    resources_default: bool,
    /// pydantic 2's two passes apply ([`unknown_keys_last`]).
    keys_last: bool,
    /// With `keys_last`, where the top-level unknown keys' errors go among the diagnostics:
    /// they are worked out (with their suggestions) only when nothing else is wrong.
    unknown_at: Option<usize>,
}

/// A key's bit for [`Model::key_bits`], from its length and first byte.
fn key_bit(key: &str) -> u64 {
    let first = key.as_bytes().first().copied().unwrap_or_default();
    1 << ((key.len() * 7 + usize::from(first)) % 64)
}

impl<'a> Model<'a> {
    /// Narrows the model to `known` (a 0.22.5 volume's backend model), in its output order.
    fn set_known(&mut self, known: &'static [&'static str]) {
        self.known = known;
        self.index = Cow::Owned(FieldIndex::new(known));
        self.last = None;
        self.next = self.index.successor(None);
        let recorded = std::mem::replace(&mut self.out, unrecorded(known));
        self.recorded = 0;
        let extra = std::mem::take(&mut self.extra).into_iter().map(|(_, key, value)| (key, value));
        for (key, value) in recorded.into_iter().filter(|(key, _)| !key.is_empty()).chain(extra) {
            let rank = self.index.position(&key).map_or(0, |p| p + 1);
            match rank.checked_sub(1).map(|p| &mut self.out[p]) {
                Some(slot) if slot.0.is_empty() => {
                    *slot = (key, value);
                    self.recorded += 1;
                }
                _ => self.extra.push((rank, key, value)),
            }
        }
    }

    /// The recorded fields in output order, and whether they are every field of the model once.
    fn printed(&mut self) -> (Vec<(Key, Json)>, bool) {
        let out = std::mem::take(&mut self.out);
        if self.extra.is_empty() && self.recorded == out.len() {
            return (out, true);
        }
        // Each repeat after its field's slot, in the order recorded (a scan per slot: repeats are
        // rare, and a sort would add its code to the module).
        let extra = std::mem::take(&mut self.extra);
        let mut printed = Vec::with_capacity(out.len() + extra.len());
        let mut extra: Vec<Option<(usize, Key, Json)>> = extra.into_iter().map(Some).collect();
        let mut extra_at = |rank: usize, printed: &mut Vec<(Key, Json)>| {
            for entry in extra.iter_mut().filter(|e| e.as_ref().is_some_and(|(r, _, _)| *r == rank)) {
                printed.extend(entry.take().map(|(_, key, value)| (key, value)));
            }
        };
        extra_at(0, &mut printed);
        for (position, entry) in out.into_iter().enumerate() {
            if !entry.0.is_empty() {
                printed.push(entry);
            }
            extra_at(position + 1, &mut printed);
        }
        (printed, false)
    }

    /// Every value recorded for `key` so far, first to last: its slot of `out` (found by
    /// position, not by a scan), then its repeats.
    fn records<'m>(&'m self, key: &'m str) -> impl Iterator<Item = &'m Json> {
        let slot = self.index.position(key).and_then(|p| self.out.get(p)).filter(|(k, _)| !k.is_empty());
        slot.map(|(_, v)| v).into_iter().chain(self.extra.iter().filter(move |(_, k, _)| k == key).map(|(_, _, v)| v))
    }

    /// True when the model has none of `fields` (all of a group that a release lacks): the
    /// group would only skip each field, so it is skipped whole.
    fn lacks_all(&self, fields: &[&str]) -> bool {
        fields.iter().all(|f| !self.index.has(f))
    }

    /// True when the document does not write `key` (by [`Model::key_bits`]; false can still
    /// mean absent). Inlined: most fields asked for are absent, and their default is then
    /// recorded without a call into the field's validator.
    #[inline]
    fn absent(&self, key: &str) -> bool {
        self.key_bits & key_bit(key) == 0
    }

    /// The value of `key`, when the model has that field and the document gives it.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn get(&self, key: &str) -> Option<&'a Node> {
        if self.absent(key) {
            return None;
        }
        self.given(key)
    }

    /// [`Model::get`] of a key the document may write.
    #[cfg_attr(not(target_arch = "wasm32"), inline(never))]
    fn given(&self, key: &str) -> Option<&'a Node> {
        // The document's keys are few: a field it lacks is ruled out before the index is asked,
        // and the index is not asked for the field expected next ([`Model::next`]), which the
        // model has.
        let (_, value) =
            self.entries.iter().find(|(k, _)| key_str(k).is_some_and(|k| k.len() == key.len() && same_text(k, key)))?;
        let next = self.known.get(self.next).is_some_and(|k| k.as_ptr() == key.as_ptr() && k.len() == key.len());
        (next || self.index.has(key)).then_some(value)
    }

    /// Records a field's outcome (`None`: it failed); fields the model lacks are skipped.
    /// Inlined in the checker, where the field and often its value are then constants; one
    /// copy in the web module.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn emit(&mut self, field: &'static str, value: Option<Json>) {
        // The walker records a model's fields in the same order every time: the field that came
        // next last time is tried first, by address (the walker and the field orders share their
        // static strings). The rest is out of line, so that this common case saves few registers.
        let next = self.next;
        let is_next =
            self.known.get(next).is_some_and(|known| known.as_ptr() == field.as_ptr() && known.len() == field.len());
        match (value, self.out.get_mut(next)) {
            (Some(value), Some(slot)) if is_next && slot.0.is_empty() => {
                self.last = Some(next);
                self.next = self.index.successor(self.last);
                self.recorded += 1;
                fill(slot, field, value);
            }
            (value, _) => self.emit_elsewhere(field, value),
        }
    }

    /// [`Model::emit`] of a field given in the document: out of line in the checker, its common
    /// case is kept for the absent fields.
    #[cfg_attr(not(target_arch = "wasm32"), inline(never))]
    #[cfg_attr(target_arch = "wasm32", inline)]
    fn emit_given(&mut self, field: &'static str, value: Option<Json>) {
        self.emit(field, value);
    }

    /// [`Model::emit`] of a field that is not the next one, was recorded already, or failed.
    #[inline(never)]
    fn emit_elsewhere(&mut self, field: &'static str, value: Option<Json>) {
        let Some(position) = self.index.position(field) else { return };
        self.index.learn(self.last, position);
        self.last = Some(position);
        self.next = self.index.successor(self.last);
        let value = value.unwrap_or_else(|| {
            self.failed.push(field);
            Json::Null
        });
        let slot = &mut self.out[position];
        if slot.0.is_empty() {
            self.recorded += 1;
            fill(slot, field, value);
        } else {
            self.extra.push((position + 1, Key::Borrowed(field), value));
        }
    }

    /// The normalized value of a field validated so far (`Null` when absent): its first record,
    /// which is in its slot of `out` (fields the model lacks are only in `extra`).
    fn value(&self, key: &str) -> &Json {
        static NULL: Json = Json::Null;
        let first = match self.index.position(key) {
            Some(position) => self.out.get(position).filter(|(k, _)| !k.is_empty()).map(|(_, v)| v),
            None => self.extra.iter().find(|(_, k, _)| k == key).map(|(_, _, v)| v),
        };
        first.unwrap_or(&NULL)
    }

    /// The range of a top-level key, or of the whole document when it is absent.
    fn key_span(&self, key: &str, root: &Node) -> Range {
        self.entries.iter().find(|(k, _)| key_str(k) == Some(key)).map_or(root.span, |(k, _)| k.span)
    }

    fn path(field: &'static str) -> Path<'static> {
        Path::root().key(field)
    }

    /// The document's keys that are not fields of the model; with pydantic 2's two passes they
    /// are reported at the end, and only when nothing else is wrong ([`unknown_keys_last`]).
    fn unknown_keys(&mut self) {
        if self.keys_last {
            self.unknown_at = Some(self.ctx.diags.len());
            return;
        }
        unknown_top_keys(self.ctx, self.entries, self.known, &self.index);
    }

    /// `type`, as the model prints it.
    fn type_field(&mut self) {
        let tag = self.ctx.ty.tag();
        self.emit("type", Some(Json::str(tag)));
    }

    /// The fields of every run configuration (§2 of the types spec): image, user, env,
    /// resources, volumes, ...; each skipped for a model without it.
    fn run_fields(&mut self) {
        for field in ["name", "image"] {
            self.record_str(field);
        }
        self.record_optional("user", field_user);
        self.record_required("privileged", Json::Bool(false), "`true` or `false`", bool_field);
        for field in ["entrypoint", "working_dir"] {
            self.record_str(field);
        }
        self.record_required("home_dir", Json::str("/root"), "a path", |ctx, path, n| {
            ctx.ok(path, n, to_str(n, ctx.version).map(Json::Str))
        });
        self.record_optional("registry_auth", registry_auth);
        let python = self.python();
        self.emit("python", python);
        self.record_optional("nvcc", bool_field);
        self.env_field();
        self.record_required("setup", Json::Array(vec![]), "a list of commands", str_list);
        self.resources_default = self.get("resources").is_none();
        self.record_required("resources", Json::Null, "a mapping of resources", resources::parse_resources);
        self.record_required("volumes", Json::Array(vec![]), "a list of volumes", |ctx, path, n| {
            list_of(ctx, path, n, "a list of volumes", volumes::parse_volume)
        });
        self.run_fields_since_0_19();
    }

    /// `env`: a list of `NAME[=value]` or a mapping.
    fn env_field(&mut self) {
        self.record_required("env", Json::Object(vec![]), "a list or mapping of variables", env::parse_env);
    }

    /// `ports`: a list of ports (tasks and dev environments).
    fn ports_field(&mut self) {
        self.record_required("ports", Json::Array(vec![]), "a list of ports", |ctx, path, n| {
            list_of(ctx, path, n, "a list of ports", ports::parse_port)
        });
    }

    /// `commands`: a list of commands.
    fn commands_field(&mut self) {
        self.record_required("commands", Json::Array(vec![]), "a list of commands", str_list);
    }

    /// The profile fields (§3 of the types spec): where and how machines are chosen; each
    /// skipped for a model without it.
    fn profile_fields(&mut self) {
        self.record_optional("backends", |ctx, path, n| {
            list_of(ctx, path, n, "a list of backends", |ctx, p, item| match item.value() {
                Value::Str(s) if backends(ctx.version).contains(&s.as_str()) => Some(Json::Str(s.clone())),
                _ => {
                    ctx.fail(p, item.span, enum_item_fail(item, backends(ctx.version), ctx.version));
                    None
                }
            })
        });
        for field in ["regions", "instance_types"] {
            self.record_optional(field, str_list);
        }
        self.record_str("reservation");
        self.record_enum("spot_policy", &SPOT_POLICIES);
        self.record_optional("retry", retry::parse_retry);
        let v2 = self.ctx.version.pydantic2();
        self.record_optional("max_duration", |ctx, path, n| {
            if v2 {
                return ctx.ok(path, n, duration::off_duration(n));
            }
            if matches!(n.value(), Value::Str(s) if s == "off") {
                return Some(Json::str("off"));
            }
            ctx.ok(path, n, duration::parse_duration(n).map(|s| Json::Str(s.to_string())))
        });
        self.record_optional("max_price", |ctx, path, n| {
            let price = ctx.ok(path, n, to_float(n, ctx.version))?;
            if price > 0.0 {
                Some(ctx.float_json(price))
            } else {
                let shown = if price.is_nan() { "nan".to_string() } else { crate::python::float_repr(price) };
                ctx.fail(
                    path,
                    n.span,
                    Fail::new(
                        codes::OUT_OF_BOUNDS,
                        format!("`max_price` must be greater than 0, found {shown}"),
                        "ensure this value is greater than 0.0",
                    )
                    .help("remove `max_price` for no price limit"),
                );
                None
            }
        });
        self.record_enum("creation_policy", &CREATION_POLICIES);
        self.record_optional("stop_duration", |ctx, path, n| ctx.ok(path, n, duration::off_duration(n)));
        self.idle_duration_field();
        self.profile_fields_until_0_18();
        self.profile_fields_since_0_19();
    }

    /// Profile fields that dstack removed after 0.18.37 (skipped whole by a model without them).
    fn profile_fields_until_0_18(&mut self) {
        let fields = ["termination_policy", "termination_idle_time", "pool_name", "instance_name", "retry_policy"];
        if self.lacks_all(&fields) {
            return;
        }
        self.record_enum("termination_policy", &TERMINATION_POLICIES);
        self.record_optional("termination_idle_time", |ctx, path, n| {
            ctx.ok(path, n, duration::parse_duration(n).map(|seconds| seconds.json()))
        });
        for field in ["pool_name", "instance_name"] {
            self.record_str(field);
        }
        self.record_optional("retry_policy", retry::parse_retry_policy);
    }

    /// `idle_duration`: 0.18.37 prints it as text (`off` is "-1"), 0.22.5 as seconds.
    fn idle_duration_field(&mut self) {
        let v2 = self.ctx.version.pydantic2();
        self.record_optional("idle_duration", |ctx, path, n| {
            if v2 {
                return ctx.ok(path, n, duration::idle_duration(n));
            }
            if matches!(n.value(), Value::Bool(false)) {
                return Some(Json::str("-1"));
            }
            duration::parse_duration(n)
                .map(|s| Json::Str(s.to_string()))
                .map_err(|mut f| {
                    if matches!(n.value(), Value::Str(s) if s == "off") {
                        f = f
                            .help("in dstack 0.18.37 write `idle_duration: off` without quotes (YAML's boolean false)");
                    }
                    ctx.fail(path, n.span, f)
                })
                .ok()
        });
    }

    /// A non-optional field with a default: null is an error.
    #[inline]
    fn required(
        &mut self,
        field: &'static str,
        default: Json,
        what: &str,
        f: impl FnOnce(&mut Ctx, &Path, &Node) -> Option<Json>,
    ) -> Option<Json> {
        #[cfg(not(target_arch = "wasm32"))]
        if self.absent(field) {
            return Some(default);
        }
        self.required_given(field, default, what, f)
    }

    /// [`Model::required`] of a field the document may write (in the web module, of any field:
    /// the inlined key check is the checker's).
    #[cfg_attr(not(target_arch = "wasm32"), inline(never))]
    fn required_given(
        &mut self,
        field: &'static str,
        default: Json,
        what: &str,
        f: impl FnOnce(&mut Ctx, &Path, &Node) -> Option<Json>,
    ) -> Option<Json> {
        match self.given(field) {
            None => Some(default),
            Some(node) if matches!(node.value(), Value::Null) => {
                self.null_field(field, node, what);
                None
            }
            Some(node) => f(self.ctx, &Self::path(field), node),
        }
    }

    /// An optional field: absent or null gives `null`.
    #[inline]
    fn optional_with(
        &mut self,
        field: &'static str,
        f: impl FnOnce(&mut Ctx, &Path, &Node) -> Option<Json>,
    ) -> Option<Json> {
        #[cfg(not(target_arch = "wasm32"))]
        if self.absent(field) {
            return Some(Json::Null);
        }
        self.optional_given(field, f)
    }

    /// [`Model::optional_with`] of a field the document may write (in the web module, of any
    /// field).
    #[cfg_attr(not(target_arch = "wasm32"), inline(never))]
    fn optional_given(
        &mut self,
        field: &'static str,
        f: impl FnOnce(&mut Ctx, &Path, &Node) -> Option<Json>,
    ) -> Option<Json> {
        match self.given(field) {
            Some(node) if !matches!(node.value(), Value::Null) => f(self.ctx, &Self::path(field), node),
            _ => Some(Json::Null),
        }
    }

    /// The error of a `required` field written as null. Kept apart from the generic callers so
    /// it exists once.
    fn null_field(&mut self, field: &'static str, node: &Node, what: &str) {
        self.ctx.fail(&Self::path(field), node.span, null_fail(field, what));
    }

    #[inline]
    fn optional_str(&mut self, field: &'static str) -> Option<Json> {
        self.optional_with(field, resource_fields::text)
    }

    /// Records an optional field ([`Model::optional_with`]). An absent field's null is recorded
    /// where the call is inlined, the field and its value known there.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    #[cfg_attr(target_arch = "wasm32", inline)]
    fn record_optional(&mut self, field: &'static str, f: impl FnOnce(&mut Ctx, &Path, &Node) -> Option<Json>) {
        #[cfg(not(target_arch = "wasm32"))]
        if self.absent(field) {
            return self.emit(field, Some(Json::Null));
        }
        let value = self.optional_given(field, f);
        self.emit_given(field, value);
    }

    /// Records a non-optional field with a default ([`Model::required`]), as
    /// [`Model::record_optional`] does.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    #[cfg_attr(target_arch = "wasm32", inline)]
    fn record_required(
        &mut self,
        field: &'static str,
        default: Json,
        what: &str,
        f: impl FnOnce(&mut Ctx, &Path, &Node) -> Option<Json>,
    ) {
        #[cfg(not(target_arch = "wasm32"))]
        if self.absent(field) {
            return self.emit(field, Some(default));
        }
        let value = self.required_given(field, default, what, f);
        self.emit_given(field, value);
    }

    /// Records an optional string field.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    #[cfg_attr(target_arch = "wasm32", inline)]
    fn record_str(&mut self, field: &'static str) {
        self.record_optional(field, resource_fields::text);
    }

    /// Records an optional field that takes one of `allowed`.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    #[cfg_attr(target_arch = "wasm32", inline)]
    fn record_enum(&mut self, field: &'static str, allowed: &'static [&'static str]) {
        self.record_optional(field, |ctx, path, n| match n.value() {
            Value::Str(s) if allowed.contains(&s.as_str()) => Some(Json::Str(s.clone())),
            _ => {
                ctx.fail(path, n.span, enum_fail(n, allowed));
                None
            }
        });
    }

    fn python(&mut self) -> Option<Json> {
        let Some(node) = self.get("python") else { return Some(Json::Null) };
        if matches!(node.value(), Value::Null) {
            return Some(Json::Null);
        }
        let path = Self::path("python");
        let version = self.ctx.version;
        let supported = python_versions(version);
        let image_set = !self.failed.contains(&"image")
            && self.records("image").any(|v| matches!(v, Json::Str(s) if !s.is_empty()));
        if image_set {
            // 0.18.37 crashes on this; 0.22.5 reports it as a validation error.
            let dstack = if version.pydantic2() {
                "Value error, `image` and `python` are mutually exclusive fields"
            } else {
                "KeyError: '`image` and `python` are mutually exclusive fields'"
            };
            self.ctx.fail(
                &path,
                node.span,
                Fail::new(
                    codes::IMAGE_AND_PYTHON,
                    "`python` cannot be used together with `image`: it selects one of dstack's own base images",
                    dstack,
                )
                .help("remove `python`, or remove `image` to use dstack's base image"),
            );
            return None;
        }
        let text = match node.value() {
            Value::Float(f) => {
                let t = crate::python::float_repr(*f);
                if t == "3.1" { "3.10".to_string() } else { t }
            }
            Value::Str(s) => s.clone(),
            _ => {
                let permitted = crate::listing::quoted(supported, '\'');
                self.ctx.fail(
                    &path,
                    node.span,
                    Fail::new(
                        codes::INVALID_PYTHON,
                        format!("expected a Python version ({}), found {}", supported.join(", "), describe(node)),
                        format!("value is not a valid enumeration member; permitted: {permitted}"),
                    )
                    .help("write the version in quotes, e.g. `python: \"3.11\"`"),
                );
                return None;
            }
        };
        if supported.contains(&text.as_str()) {
            return Some(Json::Str(text));
        }
        let help = match text.trim() {
            t if supported.contains(&t) => format!("remove the spaces: `\"{t}\"`"),
            "3.1" => "YAML reads `3.10` as 3.1 only when unquoted; write `\"3.10\"`".to_string(),
            _ => format!("use one of {}", supported.join(", ")),
        };
        self.ctx.fail(
            &path,
            node.span,
            Fail::new(
                codes::INVALID_PYTHON,
                format!("dstack {version} does not support Python `{text}`: expected one of {}", supported.join(", ")),
                format!("{} is not a valid PythonVersion", repr_str(&text)),
            )
            .help(help),
        );
        None
    }

    /// The root check: a task or service needs `commands` or `image` (failed fields count as absent).
    fn commands_or_image(&mut self, root: &Node) {
        let has = |k: &str| {
            self.records(k).any(|v| match v {
                Json::Array(items) => !items.is_empty(),
                Json::Str(s) => !s.is_empty(),
                _ => false,
            })
        };
        if has("commands") || has("image") {
            return;
        }
        let anchor = self
            .entries
            .iter()
            .find(|(k, _)| key_str(k) == Some("commands"))
            .or_else(|| self.entries.iter().find(|(k, _)| key_str(k) == Some("type")))
            .map_or(root.span, |(k, _)| k.span);
        self.ctx.fail(
            Path::root(),
            anchor,
            Fail::new(
                codes::COMMANDS_OR_IMAGE,
                format!("the {} has nothing to run: set `commands` or `image`", self.ctx.ty.noun()),
                "Either `commands` or `image` must be set",
            )
            .help(format!(
                "add `commands:` with at least one command, or an `image` whose entrypoint runs the {}",
                self.ctx.ty.noun()
            )),
        );
    }
}

/// Validates a non-null field value, recording its errors.
type FieldParser = fn(&mut Ctx, &Path, &Node) -> Option<Json>;

fn bool_field(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    ctx.ok(path, n, to_bool(n, ctx.version).map(Json::Bool))
}

fn field_user(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let text = ctx.ok(path, n, to_str(n, ctx.version))?;
    match user::check_user(&text) {
        Ok(()) => Some(Json::Str(text)),
        Err(f) => {
            ctx.fail(path, n.span, f);
            None
        }
    }
}

fn str_list(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    list_of(ctx, path, n, "a list of strings", |ctx, p, item| {
        to_str(item, ctx.version)
            .map(Json::Str)
            .map_err(|mut f| {
                f.message = expected("a string", item);
                if matches!(item.value(), Value::Null) && !ctx.version.pydantic2() {
                    f.dstack = "none is not an allowed value".into();
                }
                if matches!(item.value(), Value::Map(_)) {
                    f = f.help("a `key: value` inside a command makes YAML read a mapping; quote the whole command");
                }
                ctx.fail(p, item.span, f)
            })
            .ok()
    })
}

fn list_of(
    ctx: &mut Ctx,
    path: &Path,
    n: &Node,
    what: &str,
    mut item_fn: impl FnMut(&mut Ctx, &Path, &Node) -> Option<Json>,
) -> Option<Json> {
    list_of_dyn(ctx, path, n, what, &mut item_fn)
}

/// [`list_of`] with its item function behind a pointer: one copy in the binary, not one per caller.
fn list_of_dyn(
    ctx: &mut Ctx,
    path: &Path,
    n: &Node,
    what: &str,
    item_fn: &mut dyn FnMut(&mut Ctx, &Path, &Node) -> Option<Json>,
) -> Option<Json> {
    let items = match to_list(n) {
        Ok(items) => items,
        Err(mut f) => {
            f.message = expected(what, n);
            if matches!(n.value(), Value::Str(_)) {
                f = f.help("write the value as a list: put it on a new line after `- `, or in `[ ]`");
            }
            ctx.fail(path, n.span, f);
            return None;
        }
    };
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match item_fn(ctx, &path.index(i), item) {
            Some(v) => out.push(v),
            None => ok = false,
        }
    }
    ok.then_some(Json::Array(out))
}

fn registry_auth(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let entries = mapping_or_fail(ctx, path, n, "a mapping with `username` and `password`")?;
    let before = ctx.error_count();
    let (mut user, mut pass) = (None, None);
    for (k, v) in entries.iter() {
        let slot = match key_str(k) {
            Some("username") => &mut user,
            Some("password") => &mut pass,
            _ => {
                unknown_key(ctx, path, k, &["username", "password"]);
                continue;
            }
        };
        let key = key_str(k).unwrap_or_default().to_string();
        if matches!(v.value(), Value::Null) {
            ctx.fail(&path.key(&key), v.span, null_fail(&key, "a string"));
            continue;
        }
        match to_str(v, ctx.version) {
            Ok(s) => *slot = Some(s),
            Err(f) => ctx.fail(&path.key(&key), v.span, f),
        }
    }
    for (name, given) in [
        ("username", entries.iter().any(|(k, _)| key_str(k) == Some("username"))),
        ("password", entries.iter().any(|(k, _)| key_str(k) == Some("password"))),
    ] {
        if !given {
            ctx.fail(
                &path.key(name),
                n.span,
                Fail::new(codes::MISSING_FIELD, format!("`registry_auth` needs `{name}`"), "field required")
                    .help(format!("add `{name}:` (use `${{{{ secrets.NAME }}}}` to keep it out of the file)")),
            );
        }
    }
    if ctx.error_count() > before {
        return None;
    }
    Some(Json::Object(vec![("username".into(), Json::opt(user)), ("password".into(), Json::opt(pass))]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{LoadLimits, load};

    fn doc(yaml: &str) -> Node {
        load(yaml, &LoadLimits::default()).expect("YAML")
    }

    /// A model of `known` over `root`'s keys, as `normalize` starts one.
    fn model<'a>(ctx: &'a mut Ctx, root: &'a Node, known: &'static [&'static str]) -> Model<'a> {
        let Value::Map(entries) = root.value() else { unreachable!("a mapping") };
        Model {
            ctx,
            entries,
            out: unrecorded(known),
            recorded: 0,
            extra: Vec::new(),
            last: None,
            next: 0,
            failed: Vec::new(),
            known,
            index: Cow::Owned(FieldIndex::new(known)),
            key_bits: u64::MAX,
            resources_default: false,
            keys_last: false,
            unknown_at: None,
        }
    }

    fn keys(out: &[(Key, Json)]) -> Vec<String> {
        out.iter().map(|(k, v)| format!("{k}={}", v.to_python_string())).collect()
    }

    #[test]
    fn fields_print_in_model_order_once_each_when_complete() {
        let (root, mut ctx) = (doc("a: 1\n"), Ctx::new(DstackVersion::V0_22_5));
        let mut m = model(&mut ctx, &root, &["a", "b", "c"]);
        m.emit("c", Some(Json::Int(3)));
        m.emit("a", Some(Json::Int(1)));
        m.emit("zzz", Some(Json::Int(9)));
        m.emit("b", None);
        let (out, complete) = m.printed();
        assert_eq!((keys(&out), complete), (vec!["a=1".into(), "b=null".into(), "c=3".into()], true));
        assert_eq!(m.failed, ["b"]);
    }

    #[test]
    fn a_field_recorded_twice_prints_after_its_first_and_missing_fields_are_left_out() {
        let (root, mut ctx) = (doc("a: 1\n"), Ctx::new(DstackVersion::V0_22_5));
        let mut m = model(&mut ctx, &root, &["a", "b", "c"]);
        m.emit("c", Some(Json::Int(3)));
        m.emit("a", Some(Json::Int(1)));
        m.emit("c", Some(Json::Int(4)));
        m.emit("c", Some(Json::Int(5)));
        assert_eq!(m.value("c"), &Json::Int(3));
        assert_eq!(m.value("b"), &Json::Null);
        let (out, complete) = m.printed();
        assert_eq!((keys(&out), complete), (vec!["a=1".into(), "c=3".into(), "c=4".into(), "c=5".into()], false));
    }

    #[test]
    fn a_narrowed_model_puts_fields_it_lacks_first() {
        let (root, mut ctx) = (doc("a: 1\n"), Ctx::new(DstackVersion::V0_22_5));
        let mut m = model(&mut ctx, &root, &["a", "b", "c"]);
        m.emit("b", Some(Json::Int(2)));
        m.emit("a", Some(Json::Int(1)));
        m.set_known(&["c", "b"]);
        m.emit("c", Some(Json::Int(3)));
        let (out, complete) = m.printed();
        assert_eq!((keys(&out), complete), (vec!["a=1".into(), "c=3".into(), "b=2".into()], false));
    }

    #[test]
    fn infinities_print_as_null_from_pydantic_2_at_any_depth() {
        let root = doc(concat!(
            "type: task\ncommands: [c]\nmax_price: .inf\n",
            "resources: {memory: 1..inf, shm_size: .nan, gpu: {memory: ..inf}, disk: 1.5..}\n",
        ));
        let printed = |version| {
            let normalized = validate(&root, version).normalized.expect("valid");
            let resources = normalized.get("resources").expect("resources");
            ["max_price", "memory", "shm_size", "gpu", "disk"]
                .map(|key| {
                    let value = normalized.get(key).or_else(|| resources.get(key)).expect(key);
                    let inner = value.get("memory").or_else(|| value.get("size")).unwrap_or(value);
                    inner.to_python_string()
                })
                .join(" ")
        };
        assert_eq!(
            printed(DstackVersion::V0_22_5),
            r#"null {"min": 1.0, "max": null} null {"min": null, "max": null} {"min": 1.5, "max": null}"#
        );
        assert_eq!(
            printed(DstackVersion::V0_18_37),
            r#"Infinity {"min": 1.0, "max": Infinity} NaN {"min": null, "max": Infinity} {"min": 1.5, "max": null}"#
        );
    }

    #[test]
    fn rejections_give_the_places_and_codes_without_the_wording() {
        let root = doc("type: task\ncommands: [c]\nnodez: 2\nspot_policy: sometimes\n");
        for version in DstackVersion::SUPPORTED {
            let quiet = rejections(&root, version);
            let places = |diags: &[crate::Diagnostic]| {
                diags.iter().map(|d| (d.path.clone(), d.code, d.severity)).collect::<Vec<_>>()
            };
            let mut full = Ctx::new(version);
            let _ = normalize(&mut full, &root, false);
            assert_eq!(places(&quiet), places(&full.diags), "{version}");
            assert_eq!(quiet[0].path, "nodez");
            assert_eq!((quiet[0].message.as_str(), quiet[0].help.as_deref()), ("", None));
            assert_eq!(full.diags[0].help.as_deref(), Some("did you mean `nodes`?"));
        }
    }

    #[test]
    fn the_typed_view_read_by_position_is_the_one_read_by_name() {
        for (yaml, version) in [
            ("type: task\ncommands: [c]\nresources: {gpu: A100:2}\nmax_price: 1.5\n", DstackVersion::V0_18_37),
            ("type: task\ncommands: [c]\nenv: [A=1]\nspot_policy: auto\ndocker: true\n", DstackVersion::V0_22_5),
            (
                "type: service\nport: 80\ncommands: [c]\nreplicas: 1..2\nscaling: {metric: rps, target: 5}\n",
                DstackVersion::V0_22_5,
            ),
            ("type: dev-environment\nide: vscode\nbackends: [aws]\n", DstackVersion::V0_22_5),
        ] {
            let root = doc(yaml);
            let validation = validate(&root, version);
            let normalized = validation.normalized.expect("valid");
            assert_eq!(validation.config, read(&normalized, Some(&root)).ok(), "{yaml}");
            assert!(validation.config.is_some(), "{yaml}");
        }
    }
}
