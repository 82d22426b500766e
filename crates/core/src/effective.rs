//! The effective view: what the run will actually get once `dstack apply` and the server have
//! filled in their defaults (dstack 0.18.37, tasks).

use crate::checks::interpolate_text;
use crate::gpu_vendor::infer_normalized;
use crate::json::Json;

const ALL_EVENTS: [&str; 3] = ["no-capacity", "interruption", "error"];
const DEFAULT_RETRY_SECONDS: i128 = 3600;
const DEFAULT_TASK_MAX_DURATION: i128 = 72 * 3600;
const DEFAULT_IDLE_SECONDS: i128 = 300;

fn s(v: &str) -> Json {
    Json::str(v)
}

/// Builds the effective view from dstack's normalized JSON.
pub fn effective(conf: &Json) -> Json {
    let get = |k: &str| conf.get(k).cloned().unwrap_or(Json::Null);
    let str_of = |k: &str| conf.get(k).and_then(Json::as_str).map(str::to_string);
    let commands: Vec<String> = conf
        .get("commands")
        .and_then(Json::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Json::as_str)
        .map(interpolate_text)
        .collect();
    let image = str_of("image").filter(|i| !i.is_empty());
    let nvcc = conf.get("nvcc") == Some(&Json::Bool(true));
    let (image_json, image_note) = match &image {
        Some(i) => (s(i), "from `image`".to_string()),
        None => {
            let py = str_of("python");
            let v = py.clone().unwrap_or_else(|| "<server Python>".into());
            let note = if py.is_some() {
                "dstack's base image for `python`"
            } else {
                "dstack's base image for the dstack server's own Python version"
            };
            (
                Json::Str(format!("dstackai/base:py{v}-0.6-cuda-12.1{}", if nvcc { "-devel" } else { "" })),
                note.to_string(),
            )
        }
    };
    let joined = join_shell_commands(&commands);
    let command = match (str_of("entrypoint"), &image) {
        (Some(ep), _) => {
            let mut argv = shell_split(&ep);
            argv.extend(commands.iter().cloned());
            Json::Array(argv.into_iter().map(Json::Str).collect())
        }
        (None, None) => Json::Array(vec![s("/bin/bash"), s("-i"), s("-c"), Json::Str(joined)]),
        (None, Some(_)) if !commands.is_empty() => Json::Array(vec![s("/bin/sh"), s("-i"), s("-c"), Json::Str(joined)]),
        (None, Some(_)) => Json::Null,
    };
    let working_dir =
        if commands.is_empty() { Json::Null } else { Json::Str(str_of("working_dir").unwrap_or_else(|| ".".into())) };
    let mut resources = get("resources");
    if let Json::Object(entries) = &mut resources {
        for (k, gpu) in entries.iter_mut() {
            if k == "gpu" && !gpu.is_null() {
                let vendor = infer_normalized(gpu).and_then(|i| i.vendor);
                if let Json::Object(g) = gpu {
                    for (gk, gv) in g.iter_mut() {
                        if gk == "vendor" {
                            *gv = Json::opt(vendor.clone());
                        }
                    }
                }
            }
        }
    }
    let (forwarded, dropped): (Vec<Json>, Vec<Json>) =
        conf.get("ports").and_then(Json::as_array).unwrap_or(&[]).iter().cloned().partition(|p| {
            !p.get("container_port").and_then(Json::as_int).is_some_and(|c| (10000..=10999).contains(&c))
        });
    let max_duration = match conf.get("max_duration") {
        None | Some(Json::Null) => Json::Int(DEFAULT_TASK_MAX_DURATION),
        Some(Json::Str(v)) if v == "off" => Json::Null,
        Some(Json::Str(v)) => v.parse::<i128>().map_or(Json::Null, Json::Int),
        Some(other) => other.clone(),
    };
    Json::Object(vec![
        ("run_name".into(), get("name")),
        ("jobs".into(), get("nodes")),
        ("image".into(), image_json),
        ("image_source".into(), Json::Str(image_note)),
        ("user".into(), get("user")),
        ("command".into(), command),
        ("working_dir".into(), working_dir),
        ("env".into(), env_view(conf.get("env"))),
        ("resources".into(), resources),
        ("volumes".into(), get("volumes")),
        ("ports".into(), Json::Array(forwarded)),
        ("dropped_ports".into(), Json::Array(dropped)),
        ("backends".into(), get("backends")),
        ("regions".into(), get("regions")),
        ("instance_types".into(), get("instance_types")),
        ("reservation".into(), get("reservation")),
        ("spot_policy".into(), Json::Str(str_of("spot_policy").unwrap_or_else(|| "on-demand".into()))),
        ("max_price".into(), get("max_price")),
        ("max_duration".into(), max_duration),
        ("retry".into(), retry_view(conf)),
        ("idle".into(), idle_view(conf)),
        ("creation_policy".into(), Json::Str(str_of("creation_policy").unwrap_or_else(|| "reuse-or-create".into()))),
    ])
}

fn env_view(env: Option<&Json>) -> Json {
    match env {
        Some(Json::Object(entries)) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        if v.is_null() || v.get("key").is_some() {
                            Json::Str(format!("<${k} from your shell>"))
                        } else {
                            v.clone()
                        },
                    )
                })
                .collect(),
        ),
        _ => Json::Object(vec![]),
    }
}

fn all_events(duration: Option<i128>) -> Json {
    Json::Object(vec![
        ("on_events".into(), Json::Array(ALL_EVENTS.iter().map(|e| s(e)).collect())),
        ("duration".into(), Json::Int(duration.unwrap_or(DEFAULT_RETRY_SECONDS))),
    ])
}

fn retry_view(conf: &Json) -> Json {
    match conf.get("retry") {
        Some(Json::Bool(true)) => all_events(None),
        Some(Json::Bool(false)) => Json::Null,
        Some(r @ Json::Object(_)) => Json::Object(vec![
            ("on_events".into(), r.get("on_events").cloned().unwrap_or(Json::Null)),
            ("duration".into(), Json::Int(r.get("duration").and_then(Json::as_int).unwrap_or(DEFAULT_RETRY_SECONDS))),
        ]),
        _ => match conf.get("retry_policy") {
            Some(p) if p.get("retry") == Some(&Json::Bool(true)) => {
                all_events(p.get("duration").and_then(Json::as_int))
            }
            _ => Json::Null,
        },
    }
}

/// dstack's idle-termination precedence (termination_policy, termination_idle_time, idle_duration).
fn idle_view(conf: &Json) -> Json {
    let mut policy = conf.get("termination_policy").and_then(Json::as_str).unwrap_or("destroy-after-idle").to_string();
    let mut time = conf.get("termination_idle_time").and_then(Json::as_int).unwrap_or(DEFAULT_IDLE_SECONDS);
    if let Some(idle) = conf.get("idle_duration").and_then(Json::as_str).and_then(|v| v.parse::<i128>().ok()) {
        if idle < 0 {
            policy = "dont-destroy".into();
        } else {
            time = idle;
        }
    }
    if policy == "dont-destroy" {
        time = -1;
    }
    Json::Object(vec![("policy".into(), Json::Str(policy)), ("idle_duration".into(), Json::Int(time))])
}

/// dstack's `_join_shell_commands`: trimmed, background commands wrapped in `{ … }`, joined by ` && `.
fn join_shell_commands(commands: &[String]) -> String {
    commands
        .iter()
        .map(|c| {
            let c = c.trim();
            if c.ends_with('&') { format!("{{ {c} }}") } else { c.to_string() }
        })
        .collect::<Vec<_>>()
        .join(" && ")
}

/// POSIX shell word splitting (Python's `shlex.split`).
fn shell_split(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    cur.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some(n @ ('"' | '\\' | '$' | '`')) => cur.push(n),
                            Some(n) => {
                                cur.push('\\');
                                cur.push(n);
                            }
                            None => cur.push('\\'),
                        },
                        q => cur.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_split("/bin/bash -lc"), vec!["/bin/bash", "-lc"]);
        assert_eq!(shell_split(r#"python -c "print('a b')" x\ y"#), vec!["python", "-c", "print('a b')", "x y"]);
    }

    #[test]
    fn joined_commands() {
        let cmds = vec![" pip install x ".to_string(), "server &".to_string(), "client".to_string()];
        assert_eq!(join_shell_commands(&cmds), "pip install x && { server & } && client");
    }

    #[test]
    fn idle_precedence() {
        let conf =
            Json::Object(vec![("termination_policy".into(), s("dont-destroy")), ("idle_duration".into(), s("3600"))]);
        assert_eq!(idle_view(&conf).to_python_string(), r#"{"policy": "dont-destroy", "idle_duration": -1}"#);
        let conf =
            Json::Object(vec![("termination_idle_time".into(), Json::Int(60)), ("idle_duration".into(), s("-1"))]);
        assert_eq!(idle_view(&conf).to_python_string(), r#"{"policy": "dont-destroy", "idle_duration": -1}"#);
        assert_eq!(
            idle_view(&Json::Object(vec![])).to_python_string(),
            r#"{"policy": "destroy-after-idle", "idle_duration": 300}"#
        );
    }
}
