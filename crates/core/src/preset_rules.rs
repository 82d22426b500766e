//! What dstack 0.22.5 does with a parsed preset: `dstack apply`'s rules (`PresetConfigurator`: the
//! name is a resource name, the creation settings are required) and the effective view (the
//! model served, the benchmark with its defaults, the agent).

use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Stage};
use crate::json::Json;
use crate::yaml::Node;

/// dstack's `input_tokens` of the benchmarks when not set.
pub const DEFAULT_INPUT_TOKENS: i128 = 1024;

/// dstack's `output_tokens` of the benchmarks when not set.
pub const DEFAULT_OUTPUT_TOKENS: i128 = 1024;

/// dstack's `baseline` when not set: the first trial serves the model with the framework's defaults.
pub const DEFAULT_BASELINE: bool = true;

/// The creation settings `dstack apply` requires, in its order, with its message.
const REQUIRED: [(&str, &str); 4] = [
    ("trials", "trials is required. Set it in the configuration or pass --trials"),
    ("max_ttft", "max_ttft is required"),
    ("min_context_length", "min_context_length is required"),
    ("concurrency", "concurrency is required"),
];

/// `dstack apply`'s errors for a preset dstack's parser accepted (`normalized`).
pub fn apply_errors(root: &Node, normalized: &Json) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let value_range = |key: &str| root.get(key).map(|(_, v)| v.span);
    if let Some(name) = normalized.get("name").and_then(Json::as_str)
        && !crate::checks::valid_resource_name(name)
    {
        out.push(
            Diagnostic::error(
                Stage::Apply,
                codes::PRESET_NAME,
                format!("`{name}` is not a valid preset name: 2–41 lowercase letters, digits and dashes, starting with a letter"),
            )
            .at("name", value_range("name").unwrap_or(root.span))
            .help("write e.g. `name: llama-preset`")
            .dstack("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'"),
        );
    }
    let anchor = root.get("type").map_or(root.span, |(k, _)| k.span);
    for (field, dstack) in REQUIRED {
        if normalized.get(field).is_none_or(Json::is_null) {
            let help = if field == "trials" {
                format!("add `{field}:` (or pass `--trials N` to `dstack apply`)")
            } else {
                format!("add `{field}:`")
            };
            out.push(
                Diagnostic::error(
                    Stage::Apply,
                    codes::PRESET_CREATION_SETTING,
                    format!("`dstack apply` needs `{field}` to create the preset"),
                )
                .at(field, first_line(anchor))
                .help(help)
                .dstack(dstack),
            );
        }
    }
    out
}

/// The first character of a range: where a missing field is reported.
fn first_line(range: Range) -> Range {
    let start = range.start;
    Range { start, end: crate::diagnostic::Position { line: start.line, column: start.column + 1 } }
}

/// The effective view of a preset: the model, the benchmark of preset creation with dstack's
/// defaults, the agent and the gateway.
pub fn effective(n: &Json) -> Json {
    let get = |key: &str| n.get(key).cloned().unwrap_or(Json::Null);
    let model = get("model");
    let (exact, base) = (model.get("repo").cloned(), model.get("base").cloned());
    let served_as =
        model.get("name").filter(|v| !v.is_null()).cloned().or_else(|| exact.clone()).or_else(|| base.clone());
    let synthetic = get("dataset").is_null();
    let shape = |key: &str, default: Json| match get(key) {
        _ if !synthetic => Json::Null,
        Json::Null => default,
        v => v,
    };
    let benchmark = Json::Object(vec![
        ("dataset".into(), get("dataset")),
        ("input_tokens".into(), shape("input_tokens", Json::Int(DEFAULT_INPUT_TOKENS))),
        ("output_tokens".into(), shape("output_tokens", Json::Int(DEFAULT_OUTPUT_TOKENS))),
        ("shared_prefix_tokens".into(), shape("shared_prefix_tokens", Json::Int(0))),
        ("concurrency".into(), get("concurrency")),
        ("trials".into(), get("trials")),
        ("min_context_length".into(), get("min_context_length")),
        ("max_ttft".into(), get("max_ttft")),
        (
            "baseline".into(),
            match get("baseline") {
                Json::Null => Json::Bool(DEFAULT_BASELINE),
                v => v,
            },
        ),
    ]);
    let agent = get("agent");
    let agent = Json::Object(vec![
        ("provider".into(), agent.get("provider").cloned().unwrap_or_else(|| Json::str("claude"))),
        ("model".into(), agent.get("model").cloned().unwrap_or(Json::Null)),
        ("effort".into(), agent.get("effort").cloned().unwrap_or(Json::Null)),
    ]);
    Json::Object(vec![
        ("name".into(), get("name")),
        (
            "model".into(),
            Json::Object(vec![
                ("repo".into(), exact.unwrap_or(Json::Null)),
                ("base".into(), base.clone().unwrap_or(Json::Null)),
                ("served_as".into(), served_as.unwrap_or(Json::Null)),
                ("variants_allowed".into(), Json::Bool(base.is_some())),
            ]),
        ),
        ("benchmark".into(), benchmark),
        ("agent".into(), agent),
        ("gateway".into(), get("gateway")),
    ])
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Json, Options, check};

    fn report(yaml: &str) -> crate::Report {
        check(yaml, &Options { effective: true, version: DstackVersion::V0_22_5 })
    }

    #[test]
    fn apply_needs_the_creation_settings_and_a_resource_name() {
        let r = report("type: preset\nname: Llama_Preset\nrepo: meta-llama/Llama-3.1-8B-Instruct\nmax_ttft: 500\n");
        assert!(r.parsed);
        // Missing settings are reported at `type` (line 1), before `name`.
        let found: Vec<(&str, &str, Option<&str>)> =
            r.diagnostics.iter().map(|d| (d.code, d.path.as_str(), d.dstack.as_deref())).collect();
        assert_eq!(
            found,
            [
                ("E221", "trials", Some("trials is required. Set it in the configuration or pass --trials")),
                ("E221", "min_context_length", Some("min_context_length is required")),
                ("E221", "concurrency", Some("concurrency is required")),
                ("E220", "name", Some("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'")),
            ]
        );
        let complete =
            "type: preset\nname: llama\nrepo: x\ntrials: 3\nmax_ttft: 500\nmin_context_length: 8192\nconcurrency: 4\n";
        assert_eq!(report(complete).diagnostics, []);
    }

    #[test]
    fn effective_view_with_defaults() {
        let r = report("type: preset\nbase: Qwen/Qwen3-8B\nagent: {provider: codex}\n");
        let view = r.effective.expect("a view").to_python_string();
        assert_eq!(
            view,
            r#"{"name": null, "model": {"repo": null, "base": "Qwen/Qwen3-8B", "served_as": "Qwen/Qwen3-8B", "variants_allowed": true}, "benchmark": {"dataset": null, "input_tokens": 1024, "output_tokens": 1024, "shared_prefix_tokens": 0, "concurrency": null, "trials": null, "min_context_length": null, "max_ttft": null, "baseline": true}, "agent": {"provider": "codex", "model": null, "effort": null}, "gateway": null}"#
        );
        let r = report("type: preset\nmodel: {repo: org/m-FP8, name: m}\ndataset: sharegpt\nbaseline: false\n");
        let view = r.effective.expect("a view");
        assert_eq!(
            view.get("model").map(Json::to_python_string).as_deref(),
            Some(r#"{"repo": "org/m-FP8", "base": null, "served_as": "m", "variants_allowed": false}"#)
        );
        assert_eq!(
            view.get("benchmark").map(Json::to_python_string).as_deref(),
            Some(
                r#"{"dataset": "sharegpt", "input_tokens": null, "output_tokens": null, "shared_prefix_tokens": null, "concurrency": null, "trials": null, "min_context_length": null, "max_ttft": null, "baseline": false}"#
            )
        );
    }
}
