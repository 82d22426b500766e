//! `type: preset` (dstack 0.22.5): the model to serve (`model`, or the `base`/`repo` shorthand),
//! the benchmark settings of preset creation, the agent, the gateway, `env` and the profile fields.

use super::coerce::{describe, expected, key_str, shorten, to_int, to_str};
use super::ctx::{Ctx, Fail};
use super::newer_fields::{gateway_reference, model_fields, opt_str, value_of};
use super::path::Path;
use super::{Model, bool_field, enum_fail, fields_valid, str_list};
use crate::codes;
use crate::json::Json;
use crate::preset_rules::DEFAULT_INPUT_TOKENS;
use crate::yaml::{Node, Value};

/// The longest inline `prompt` dstack accepts, in characters.
const MAX_PROMPT_LENGTH: usize = 10_000;

/// The model a preset names, before it is validated.
enum ModelSource {
    /// The `model` field as written (`None`: absent).
    Field(Option<Node>),
    /// The `repo` or `base` shorthand: the member it selects and its value.
    Shorthand(&'static str, Node),
}

/// Validates the fields and rules of a preset.
pub(super) fn validate(m: &mut Model, root: &Node) {
    let Some(source) = shorthand(m, root) else { return };
    m.unknown_keys();
    m.profile_fields();
    m.type_field();
    m.record_str("name");
    model(m, root, &source);
    for field in ["base", "repo"] {
        let v = if matches!(source, ModelSource::Shorthand(..)) { Some(Json::Null) } else { m.optional_str(field) };
        m.emit(field, v);
    }
    m.record_optional("prompt", prompt);
    for (field, min) in [("min_context_length", 1), ("max_ttft", 1), ("trials", 1)] {
        m.record_optional(field, |ctx, path, n| at_least(ctx, path, n, min));
    }
    m.record_optional("previous", str_list);
    for (field, min) in [("concurrency", 1), ("input_tokens", 1), ("output_tokens", 2), ("shared_prefix_tokens", 0)] {
        m.record_optional(field, |ctx, path, n| at_least(ctx, path, n, min));
    }
    m.record_optional("dataset", dataset);
    m.record_optional("baseline", bool_field);
    m.record_optional("gateway", gateway_reference);
    m.record_optional("agent", agent);
    m.env_field();
    if fields_valid(m.ctx) {
        after_rules(m, root);
    }
}

/// Python's truthiness of a YAML value.
fn truthy(node: &Node) -> bool {
    match node.value() {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::Seq(items) | Value::Set(items) => !items.is_empty(),
        Value::Map(entries) => !entries.is_empty(),
        Value::BigInt(_) | Value::Timestamp(_) => true,
    }
}

/// dstack's "before" rule: a truthy `base` or `repo` stands for `model: {base}` / `{repo}`; the
/// two exclude each other and a non-null `model`. When it fails nothing else is checked (`None`).
fn shorthand(m: &mut Model, root: &Node) -> Option<ModelSource> {
    let given = |key: &str| m.entries.iter().find(|(k, _)| key_str(k) == Some(key)).map(|(_, v)| v.clone());
    let (base, repo, model) = (given("base"), given("repo"), given("model"));
    let base = base.filter(truthy);
    let repo = repo.filter(truthy);
    let fail = |m: &mut Model, anchor: &str, message: &str, dstack: &str, help: &str| {
        let span = m.key_span(anchor, root);
        let f = Fail::new(codes::PRESET_MODEL, message, format!("Value error, {dstack}")).help(help);
        m.ctx.fail(Path::root(), span, f);
        None
    };
    match (base, repo) {
        (Some(_), Some(_)) => fail(
            m,
            "repo",
            "`base` and `repo` cannot be used together: `base` allows compatible variants, `repo` is one exact model",
            "`base` and `repo` are mutually exclusive",
            "keep one of `base` and `repo`",
        ),
        (b, r) if b.is_some() || r.is_some() => {
            if model.as_ref().is_some_and(|n| !matches!(n.value(), Value::Null)) {
                let anchor = if b.is_some() { "base" } else { "repo" };
                return fail(
                    m,
                    anchor,
                    &format!("`model` cannot be used together with the `{anchor}` shorthand"),
                    "`model` cannot be combined with the `base`/`repo` shorthand",
                    &format!("remove `{anchor}`, or remove `model`"),
                );
            }
            Some(match (b, r) {
                (Some(node), _) => ModelSource::Shorthand("base", node),
                (_, Some(node)) => ModelSource::Shorthand("repo", node),
                _ => return None,
            })
        }
        _ => Some(ModelSource::Field(model)),
    }
}

/// `model`: a repo string, `{repo, name?}` or `{base}`, or what the shorthand stands for.
fn model(m: &mut Model, root: &Node, source: &ModelSource) {
    let path = Path::root().key("model");
    let value = match source {
        ModelSource::Shorthand(member, node) => {
            model_name(m.ctx, &path.key(member), node, member).map(|name| member_json(member, name, Json::Null))
        }
        ModelSource::Field(None) => {
            let span = m.key_span("type", root);
            let f =
                Fail::new(codes::MISSING_FIELD, "a preset needs a model: `repo`, `base` or `model`", "Field required")
                    .help("add `repo: ORG/MODEL` (an exact model) or `base: ORG/MODEL` (compatible variants allowed)");
            m.ctx.fail(&path, span, f);
            None
        }
        ModelSource::Field(Some(node)) => match node.value() {
            Value::Str(_) => model_name(m.ctx, &path, node, "model").map(|name| member_json("repo", name, Json::Null)),
            Value::Map(_) => model_mapping(m.ctx, &path, node),
            _ => {
                let f = Fail::new(
                    codes::INVALID_TYPE,
                    format!("`model` is a model repo or a mapping with `repo` or `base`, found {}", describe(node)),
                    "Input should be a valid dictionary or instance of PresetModelRepo",
                )
                .help("write `model: ORG/MODEL`, or use the shorthand `repo: ORG/MODEL`");
                m.ctx.fail(&path, node.span, f);
                None
            }
        },
    };
    m.emit("model", value);
}

/// The normalized model: `{repo, name}` or `{base}`.
fn member_json(member: &str, value: Json, name: Json) -> Json {
    if member == "base" {
        Json::Object(vec![("base".into(), value)])
    } else {
        Json::Object(vec![("repo".into(), value), ("name".into(), name)])
    }
}

/// A model name (`repo`, `base`, `name` or the `model` string): text that is not blank.
fn model_name(ctx: &mut Ctx, path: &Path, node: &Node, field: &str) -> Option<Json> {
    let text = ctx.ok(path, node, to_str(node, ctx.version))?;
    if text.trim().is_empty() {
        let f = Fail::new(
            codes::PRESET_MODEL,
            format!("the model `{field}` cannot be blank"),
            format!("Value error, Preset model {field} must be a non-empty string"),
        )
        .help("write the model's repo, e.g. `Qwen/Qwen3-8B`");
        ctx.fail(path, node.span, f);
        return None;
    }
    Some(Json::Str(text))
}

/// `model` as a mapping: `{repo, name?}` when it has `repo`, else `{base}`.
fn model_mapping(ctx: &mut Ctx, path: &Path, node: &Node) -> Option<Json> {
    let Value::Map(entries) = node.value() else { return None };
    let has = |key: &str| entries.iter().any(|(k, _)| key_str(k) == Some(key));
    let before = ctx.error_count();
    let (member, known): (&str, &[&str]) =
        if has("repo") || !has("base") { ("repo", &["repo", "name"]) } else { ("base", &["base"]) };
    let model = if member == "repo" { "PresetModelRepo" } else { "PresetModelBase" };
    let entries = model_fields(ctx, path, node, model, known, &[member])?;
    let value = value_of(&entries, member).and_then(|n| model_name(ctx, &path.key(member), n, member));
    let name = match value_of(&entries, "name").filter(|_| member == "repo") {
        Some(n) if !matches!(n.value(), Value::Null) => model_name(ctx, &path.key("name"), n, "name"),
        _ => Some(Json::Null),
    };
    if ctx.error_count() > before {
        return None;
    }
    Some(member_json(member, value?, name?))
}

/// An optional integer of at least `min` (`PositiveInt` is at least 1).
fn at_least(ctx: &mut Ctx, path: &Path, n: &Node, min: i128) -> Option<Json> {
    let value = ctx.ok(path, n, to_int(n, ctx.version))?;
    if value >= min {
        return Some(value.json());
    }
    let (bound, dstack) = if min == 1 {
        ("greater than 0".to_string(), "ensure this value is greater than 0".to_string())
    } else {
        (format!("at least {min}"), format!("ensure this value is greater than or equal to {min}"))
    };
    let field = path.field().unwrap_or("value");
    let f = Fail::new(
        codes::OUT_OF_BOUNDS,
        format!("`{field}` must be {bound}, found {}", shorten(&value.to_string())),
        dstack,
    )
    .help(format!("remove `{field}` to use dstack's default"));
    ctx.fail(path, n.span, f);
    None
}

/// `prompt`: inline text (not blank, at most 10,000 characters) or `{path}` of a prompt file.
fn prompt(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    if let Value::Map(_) = n.value() {
        let before = ctx.error_count();
        let entries = model_fields(ctx, path, n, "PresetPromptFile", &["path"], &["path"])?;
        let file = opt_str(ctx, path, &entries, "path").ok()?;
        if file.as_str().is_some_and(|p| p.trim().is_empty()) {
            let at = value_of(&entries, "path").map_or(n.span, |v| v.span);
            let f = Fail::new(
                codes::PRESET_PROMPT,
                "the prompt file `path` cannot be blank",
                "Value error, Prompt path must be a non-empty string",
            )
            .help("give the prompt file's path, relative to the configuration file");
            ctx.fail(&path.key("path"), at, f);
        }
        return (ctx.error_count() == before).then(|| Json::Object(vec![("path".into(), file)]));
    }
    let text = match to_str(n, ctx.version) {
        Ok(text) => text,
        Err(mut f) => {
            f.message = expected("text or a mapping with `path`", n);
            ctx.fail(path, n.span, f);
            return None;
        }
    };
    let problem = if text.trim().is_empty() {
        Some(("the prompt cannot be blank".to_string(), "Value error, Prompt must be a non-empty string".to_string()))
    } else {
        let length = text.chars().count();
        (length > MAX_PROMPT_LENGTH).then(|| {
            (
                format!("the prompt has {length} characters; dstack takes at most {MAX_PROMPT_LENGTH}"),
                format!("Value error, Prompt must be at most {MAX_PROMPT_LENGTH} characters"),
            )
        })
    };
    if let Some((message, dstack)) = problem {
        let f = Fail::new(codes::PRESET_PROMPT, message, dstack)
            .help("write the instructions, or move a long prompt to a file: `prompt: {path: prompt.md}`");
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(Json::Str(text))
}

/// `dataset`: a benchmark dataset name, stripped; not blank and not `random`.
fn dataset(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let text = ctx.ok(path, n, to_str(n, ctx.version))?;
    let name = text.trim();
    let problem = match name {
        "" => (
            "`dataset` cannot be blank",
            "dataset must be a non-empty string",
            "remove `dataset` for synthetic prompts",
        ),
        "random" => (
            "`random` is not a dataset",
            "`random` is not a dataset; omit `dataset` for synthetic prompts",
            "remove `dataset`: synthetic prompts are the default",
        ),
        _ => return Some(Json::str(name)),
    };
    let (message, dstack, help) = problem;
    ctx.fail(path, n.span, Fail::new(codes::PRESET_DATASET, message, format!("Value error, {dstack}")).help(help));
    None
}

/// `agent`: `{provider: claude or codex, model?, effort?}`; `codex` has no `max` effort.
fn agent(ctx: &mut Ctx, path: &Path, n: &Node) -> Option<Json> {
    let before = ctx.error_count();
    let entries = model_fields(ctx, path, n, "PresetAgentConfig", &["provider", "model", "effort"], &["provider"])?;
    let choice = |ctx: &mut Ctx, key: &str, allowed: &[&str]| match value_of(&entries, key) {
        None => Json::Null,
        Some(v) => match v.value() {
            Value::Str(s) if allowed.contains(&s.as_str()) => Json::Str(s.clone()),
            Value::Null if key != "provider" => Json::Null,
            _ => {
                ctx.fail(&path.key(key), v.span, enum_fail(v, allowed));
                Json::Null
            }
        },
    };
    let provider = choice(ctx, "provider", &["claude", "codex"]);
    let model = opt_str(ctx, path, &entries, "model").unwrap_or(Json::Null);
    let effort = choice(ctx, "effort", &["low", "medium", "high", "xhigh", "max"]);
    if ctx.error_count() > before {
        return None;
    }
    if provider.as_str() == Some("codex") && effort.as_str() == Some("max") {
        let f = Fail::new(
            codes::PRESET_AGENT,
            "effort `max` exists for the `claude` agent only",
            "Value error, effort `max` is not supported by `codex`",
        )
        .help("use `effort: xhigh` with `codex`, or `provider: claude`");
        ctx.fail(path, n.span, f);
        return None;
    }
    Some(Json::Object(vec![("provider".into(), provider), ("model".into(), model), ("effort".into(), effort)]))
}

/// dstack's model rules, run when every field is valid: `dataset` excludes the synthetic prompt
/// shape, and `shared_prefix_tokens` is below `input_tokens`.
fn after_rules(m: &mut Model, root: &Node) {
    let shaping = ["input_tokens", "output_tokens", "shared_prefix_tokens"];
    if !m.value("dataset").is_null() {
        let set: Vec<&str> = shaping.into_iter().filter(|f| !m.value(f).is_null()).collect();
        if !set.is_empty() {
            let listed = crate::listing::quoted(&set, '`');
            let f = Fail::new(
                codes::PRESET_DATASET,
                format!("{listed} shape synthetic prompts: a `dataset` defines its own requests"),
                format!(
                    "Value error, {} shape synthetic prompts and cannot be set together with `dataset`; a dataset defines its own request shape",
                    set.join(", ")
                ),
            )
            .help(format!("remove {listed}, or remove `dataset`"));
            let span = m.key_span(set[0], root);
            m.ctx.fail(Path::root(), span, f);
            return;
        }
    }
    // A number beyond i128 is larger than any other here.
    let prefix = match m.value("shared_prefix_tokens") {
        Json::Null => return,
        v => v.as_int().unwrap_or(i128::MAX),
    };
    let input = match m.value("input_tokens") {
        Json::Null => DEFAULT_INPUT_TOKENS,
        v => v.as_int().unwrap_or(i128::MAX),
    };
    if prefix >= input {
        let f = Fail::new(
            codes::PRESET_SHARED_PREFIX,
            format!("`shared_prefix_tokens` ({prefix}) must be less than `input_tokens` ({input})"),
            format!("Value error, shared_prefix_tokens must be less than input_tokens ({input})"),
        )
        .help(format!("lower `shared_prefix_tokens` below {input}, or raise `input_tokens`"));
        let span = m.key_span("shared_prefix_tokens", root);
        m.ctx.fail(Path::root(), span, f);
    }
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Options, check};

    #[test]
    fn run_fields_in_a_preset_say_why() {
        let yaml = "type: preset\nrepo: x\nresources:\n  gpu: H100:8\n";
        let report = check(yaml, &Options { effective: false, version: DstackVersion::V0_22_5 });
        let messages: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `resources` in a preset: a preset names the model and its benchmark; the creation agent chooses `resources` itself"
            ]
        );
    }
}
