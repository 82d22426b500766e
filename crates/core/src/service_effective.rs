//! The effective view of a service: the run parts as a task's (image, working directory, env,
//! resources, time limits, ...) under the service's job rules (no ports, no default time limit in
//! 0.18.37), then what a service adds: its replicas and scaling with their defaults, how it is
//! published (gateway, HTTPS, auth, the container port), the model endpoint, and in 0.22.5 its
//! probes as the server fills them in, rate limits and replica groups
//! (`server/services/jobs/configurators/service.py`, `base.py`).

use crate::interpolation::{interpolate, run_args};
use crate::json::{Json, Key};
use crate::model::config::{Configuration, Gateway, Service, Spanned, Task};
use crate::version::DstackVersion;

/// The task entries a service does not have.
const NOT_FOR_SERVICES: [&str; 3] = ["jobs", "ports", "dropped_ports"];
/// 0.22.5's default of a probe field left null.
fn probe_default(key: &str) -> Json {
    match key {
        "url" => Json::str("/"),
        "method" => Json::str("get"),
        "timeout" => Json::Int(10),
        "interval" => Json::Int(15),
        "ready_after" => Json::Int(1),
        "until_ready" => Json::Bool(false),
        _ => Json::Null,
    }
}
/// 0.22.5's `DEFAULT_SCALING_WINDOW` in seconds.
const DEFAULT_WINDOW: i128 = 60;
/// 0.22.5's `OPENAI_MODEL_PROBE_TIMEOUT` in seconds.
const MODEL_PROBE_TIMEOUT: i128 = 30;

/// The service as a one-node task without ports: what the run parts of the view are built from.
fn as_task(service: &Service) -> Task {
    Task {
        run: service.run.clone(),
        nodes: Spanned { value: 1, range: service.commands.range, key: None },
        ports: Spanned::default(),
        commands: service.commands.clone(),
        groups: Spanned::default(),
    }
}

/// dstack's JSON without what the task view would read as a task's (`groups`, `nodes`).
fn task_json(normalized: &Json) -> Json {
    match normalized {
        Json::Object(entries) => {
            Json::Object(entries.iter().filter(|(k, _)| k != "groups" && k != "nodes").cloned().collect())
        }
        other => other.clone(),
    }
}

/// The run parts under the service's job rules: 0.18.37 sets no time limit and, without
/// `commands`, no working directory (the image's own applies).
fn run_parts(view: Json, service: &Service, version: DstackVersion) -> Vec<(Key, Json)> {
    let Json::Object(mut entries) = view else { return Vec::new() };
    entries.retain(|(k, _)| !NOT_FOR_SERVICES.contains(&k.as_ref()));
    if !version.pydantic2() {
        for (k, v) in &mut entries {
            if k == "max_duration" && service.run.profile.max_duration.value.is_none() {
                *v = Json::Null;
            }
            if k == "working_dir" && service.commands.value.is_empty() {
                *v = Json::Null;
            }
        }
    }
    entries
}

/// The part of the view dstack decides when a field is not written that two releases may read
/// differently (`across_versions` compares the run parts alone).
pub fn decided(service: &Service, normalized: &Json, version: DstackVersion) -> Json {
    // The service is a one-node task here (as [`as_task`] reads it).
    let view = crate::effective::task_decided(&service.run, 1, normalized, version, false);
    Json::Object(run_parts(view, service, version))
}

/// The effective view of a service.
pub fn effective(service: &Service, normalized: &Json, version: DstackVersion) -> Json {
    let task = Configuration::Task(as_task(service));
    let view = crate::effective::effective(&task, &task_json(normalized), version);
    let mut entries = run_parts(view, service, version);
    let copy = |key: &str| normalized.get(key).cloned().unwrap_or(Json::Null);
    let grouped = normalized.get("groups").is_some_and(|g| !g.is_null());
    if grouped {
        entries.retain(|(k, _)| k != "command" && k != "resources");
    }
    entries.extend([
        ("replicas".into(), replicas(service, normalized)),
        ("scaling".into(), scaling(normalized.get("scaling"), version)),
        ("gateway".into(), gateway(&service.details.gateway.value)),
        ("https".into(), https(normalized)),
        ("auth".into(), copy("auth")),
        ("port".into(), Json::Int(service.port.value.container_port)),
        ("model".into(), copy("model")),
    ]);
    if version.pydantic2() {
        entries.extend([
            ("strip_prefix".into(), copy("strip_prefix")),
            ("probes".into(), probes(normalized)),
            ("rate_limits".into(), copy("rate_limits")),
        ]);
        if grouped {
            entries.push(("groups".into(), groups(service, normalized)));
        }
    }
    Json::Object(entries)
}

/// The number of replicas: 0.22.5 leaves it null (one replica); with groups each has its own.
fn replicas(service: &Service, normalized: &Json) -> Json {
    if service.groups.value.is_some() {
        return Json::Null;
    }
    match normalized.get("replicas") {
        Some(r) if !r.is_null() => r.clone(),
        _ => Json::Object(vec![("min".into(), Json::Int(1)), ("max".into(), Json::Int(1))]),
    }
}

/// The scaling rules with 0.22.5's default window.
fn scaling(scaling: Option<&Json>, version: DstackVersion) -> Json {
    match scaling {
        Some(Json::Object(entries)) if version.pydantic2() => Json::Object(
            entries
                .iter()
                .map(|(k, v)| match (k.as_ref(), v) {
                    ("window", Json::Null) => (k.clone(), Json::Int(DEFAULT_WINDOW)),
                    _ => (k.clone(), v.clone()),
                })
                .collect(),
        ),
        Some(other) => other.clone(),
        None => Json::Null,
    }
}

fn gateway(gateway: &Gateway) -> Json {
    match gateway {
        Gateway::ProjectDefault => Json::str("the project's default gateway, or none without one"),
        Gateway::Required => Json::str("the project's default gateway"),
        Gateway::Without => Json::Bool(false),
        Gateway::Named(name) => Json::str(name.as_str()),
    }
}

/// `https`: unset means true (`SERVICE_HTTPS_DEFAULT`); `auto` is decided by the gateway.
fn https(normalized: &Json) -> Json {
    match normalized.get("https") {
        Some(v) if !v.is_null() => v.clone(),
        _ => Json::Bool(true),
    }
}

/// The probes as the server runs them: each with its defaults, or for a `model` without
/// `probes` one chat completion request.
fn probes(normalized: &Json) -> Json {
    match normalized.get("probes") {
        Some(Json::Array(probes)) => Json::Array(
            probes
                .iter()
                .map(|p| {
                    let Json::Object(entries) = p else { return p.clone() };
                    Json::Object(
                        entries
                            .iter()
                            .map(|(k, v)| (k.clone(), if v.is_null() { probe_default(k) } else { v.clone() }))
                            .collect(),
                    )
                })
                .collect(),
        ),
        _ => {
            let Some(model) =
                normalized.get("model").filter(|m| m.get("format").and_then(Json::as_str) == Some("openai"))
            else {
                return Json::Array(vec![]);
            };
            let name = model.get("name").and_then(Json::as_str).unwrap_or_default();
            let prefix = model.get("prefix").and_then(Json::as_str).unwrap_or("/v1");
            let body = format!(
                r#"{{"model": {}, "messages": [{{"role": "user", "content": "hi"}}], "max_tokens": 1}}"#,
                Json::str(name).to_python_string()
            );
            let header = Json::Object(vec![
                ("name".into(), Json::str("Content-Type")),
                ("value".into(), Json::str("application/json")),
            ]);
            Json::Array(vec![Json::Object(vec![
                ("type".into(), Json::str("http")),
                ("url".into(), Json::Str(format!("{}/chat/completions", prefix.trim_end_matches('/')))),
                ("method".into(), Json::str("post")),
                ("headers".into(), Json::Array(vec![header])),
                ("body".into(), Json::Str(body)),
                ("timeout".into(), Json::Int(MODEL_PROBE_TIMEOUT)),
                ("interval".into(), Json::Int(15)),
                ("ready_after".into(), Json::Int(1)),
                ("until_ready".into(), Json::Bool(false)),
            ])])
        }
    }
}

/// Each replica group as it runs: its replicas and scaling, image (the group's, Docker-in-Docker
/// for `docker: true`, else the service's), privileges, commands and resources.
fn groups(service: &Service, normalized: &Json) -> Json {
    let groups = normalized.get("groups").and_then(Json::as_array).unwrap_or_default();
    let run = &service.run;
    Json::Array(
        groups
            .iter()
            .map(|g| {
                let get = |k: &str| g.get(k).filter(|v| !v.is_null());
                let docker = get("docker") == Some(&Json::Bool(true))
                    || (get("docker").is_none() && run.docker.value == Some(true));
                let image = match (docker, get("image")) {
                    (true, _) => Json::str("dstackai/dind"),
                    (false, Some(image)) => image.clone(),
                    (false, None) => run.image.value.clone().map_or(Json::str("dstack's base image"), Json::Str),
                };
                let privileged = docker || get("privileged").map_or(run.privileged.value, |p| *p == Json::Bool(true));
                let commands: Vec<Json> = get("commands")
                    .and_then(Json::as_array)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(Json::as_str)
                    .map(|c| Json::Str(interpolate(c, &run_args).unwrap_or_else(|_| c.to_string())))
                    .collect();
                let spot = get("spot_policy")
                    .cloned()
                    .unwrap_or_else(|| Json::str(run.profile.effective_spot_policy().as_str()));
                Json::Object(vec![
                    ("name".into(), g.get("name").cloned().unwrap_or(Json::Null)),
                    ("replicas".into(), g.get("replicas").cloned().unwrap_or(Json::Null)),
                    ("scaling".into(), scaling(get("scaling"), DstackVersion::V0_22_5)),
                    ("image".into(), image),
                    ("privileged".into(), Json::Bool(privileged)),
                    ("commands".into(), Json::Array(commands)),
                    ("resources".into(), g.get("resources").cloned().unwrap_or(Json::Null)),
                    ("spot_policy".into(), spot),
                ])
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use crate::{DstackVersion, Json, Options};

    fn view(version: DstackVersion, text: &str, key: &str) -> String {
        let report = crate::check(text, &Options { effective: true, version });
        let view = report.effective.expect("an effective view");
        view.get(key).map_or_else(|| "<absent>".to_string(), Json::to_python_string)
    }

    const SERVICE: &str = "type: service\nport: 8000\ncommands: [python app.py]\n";

    #[test]
    fn defaults_of_each_release() {
        let (v18, v22) = (DstackVersion::V0_18_37, DstackVersion::V0_22_5);
        assert_eq!(view(v18, SERVICE, "replicas"), r#"{"min": 1, "max": 1}"#);
        assert_eq!(view(v22, SERVICE, "replicas"), r#"{"min": 1, "max": 1}"#);
        assert_eq!(view(v22, SERVICE, "https"), "true");
        assert_eq!(view(v18, SERVICE, "max_duration"), "null");
        assert_eq!(view(v18, SERVICE, "jobs"), "<absent>");
        assert_eq!(view(v18, SERVICE, "ports"), "<absent>");
        assert_eq!(view(v22, SERVICE, "port"), "8000");
        assert_eq!(view(v22, SERVICE, "gateway"), r#""the project's default gateway, or none without one""#);
        assert_eq!(view(v22, SERVICE, "probes"), "[]");
        let scaling = format!("{SERVICE}replicas: 0..2\nscaling: {{metric: rps, target: 2}}\n");
        assert_eq!(
            view(v22, &scaling, "scaling"),
            r#"{"metric": "rps", "target": 2.0, "window": 60, "scale_up_delay": 300, "scale_down_delay": 600}"#
        );
        let image = "type: service\nport: 80\nimage: nginx\n";
        assert_eq!(view(v18, image, "working_dir"), "null");
    }

    #[test]
    fn probes_and_groups_under_0_22_5() {
        let v22 = DstackVersion::V0_22_5;
        let model = format!("{SERVICE}model: llama\n");
        assert_eq!(
            view(v22, &model, "probes"),
            r#"[{"type": "http", "url": "/v1/chat/completions", "method": "post", "headers": [{"name": "Content-Type", "value": "application/json"}], "body": "{\"model\": \"llama\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 1}", "timeout": 30, "interval": 15, "ready_after": 1, "until_ready": false}]"#
        );
        let probe = format!("{SERVICE}probes: [{{type: http, timeout: 5s}}]\n");
        assert_eq!(
            view(v22, &probe, "probes"),
            r#"[{"type": "http", "url": "/", "method": "get", "headers": [], "body": null, "timeout": 5, "interval": 15, "ready_after": 1, "until_ready": false}]"#
        );
        let groups = "type: service\nport: 80\ngroups:\n  - {name: r, replicas: 1, docker: true, commands: [a]}\n  - {name: w, replicas: 2, image: sglang, commands: ['run ${{ run.args }}x']}\n";
        assert_eq!(view(v22, groups, "command"), "<absent>");
        let all = view(v22, groups, "groups");
        assert!(all.contains(r#""name": "r", "replicas": {"min": 1, "max": 1}, "scaling": null, "image": "dstackai/dind", "privileged": true"#), "{all}");
        assert!(all.contains(r#""image": "sglang", "privileged": false, "commands": ["run x"]"#), "{all}");
    }
}
