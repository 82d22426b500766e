//! The effective view: what the run will actually get once `dstack apply` and the server have
//! filled in their defaults (dstack 0.18.37, tasks).

use crate::gpu_vendor;
use crate::interpolation::{interpolate, run_args};
use crate::json::Json;
use crate::model::config::{
    Configuration, CreationPolicy, EnvValue, EnvVar, MaxDuration, Port, Profile, Retry, Spanned, strings_json,
};

const ALL_EVENTS: [&str; 3] = ["no-capacity", "interruption", "error"];
const DEFAULT_RETRY_SECONDS: i128 = 3600;
const DEFAULT_TASK_MAX_DURATION: i128 = 72 * 3600;
const DEFAULT_IDLE_SECONDS: i128 = 300;

fn s(v: &str) -> Json {
    Json::str(v)
}

/// Builds the effective view of a parsed configuration.
pub fn effective(config: &Configuration) -> Json {
    let Configuration::Task(task) = config;
    let run = &task.run;
    let profile = &run.profile;
    // The commands as they run: `${{ run.args }}` empty, `$$` unescaped, secrets kept.
    let commands: Vec<String> = task
        .commands
        .value
        .iter()
        .map(|c| interpolate(&c.value, &run_args).unwrap_or_else(|_| c.value.clone()))
        .collect();
    let image = run.image.value.clone().filter(|i| !i.is_empty());
    let nvcc = run.nvcc.value == Some(true);
    let (image_json, image_note) = match &image {
        Some(i) => (s(i), "from `image`".to_string()),
        None => {
            let py = run.python.value.clone();
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
    let command = match (&run.entrypoint.value, &image) {
        (Some(ep), _) => {
            let mut argv = shell_split(ep);
            argv.extend(commands.iter().cloned());
            Json::Array(argv.into_iter().map(Json::Str).collect())
        }
        (None, None) => Json::Array(vec![s("/bin/bash"), s("-i"), s("-c"), Json::Str(joined)]),
        (None, Some(_)) if !commands.is_empty() => Json::Array(vec![s("/bin/sh"), s("-i"), s("-c"), Json::Str(joined)]),
        (None, Some(_)) => Json::Null,
    };
    let working_dir = if commands.is_empty() {
        Json::Null
    } else {
        Json::Str(run.working_dir.value.clone().unwrap_or_else(|| ".".into()))
    };
    let mut resources = run.resources.value.clone();
    if let Some(gpu) = &mut resources.gpu {
        gpu.value.vendor = gpu_vendor::infer_gpu(&gpu.value).vendor;
    }
    let (forwarded, dropped): (Vec<_>, Vec<_>) = task.ports.value.iter().partition(|p| !p.value.is_reserved());
    let ports = |ports: Vec<_>| Json::Array(ports.into_iter().map(|p: &Spanned<Port>| p.value.to_json()).collect());
    let max_duration = match profile.max_duration.value {
        None => Json::Int(DEFAULT_TASK_MAX_DURATION),
        Some(MaxDuration::Off) => Json::Null,
        Some(MaxDuration::Seconds(s)) => Json::Int(s),
    };
    let list = |v: &Option<Vec<String>>| v.as_deref().map_or(Json::Null, strings_json);
    Json::Object(vec![
        ("run_name".into(), Json::opt(run.name.value.clone())),
        ("jobs".into(), Json::Int(task.nodes.value)),
        ("image".into(), image_json),
        ("image_source".into(), Json::Str(image_note)),
        ("user".into(), Json::opt(run.user.value.clone())),
        ("command".into(), command),
        ("working_dir".into(), working_dir),
        ("env".into(), env_view(&run.env.value)),
        ("resources".into(), resources.to_json()),
        ("volumes".into(), Json::Array(run.volumes.value.iter().map(|v| v.value.to_json()).collect())),
        ("ports".into(), ports(forwarded)),
        ("dropped_ports".into(), ports(dropped)),
        ("backends".into(), list(&profile.backends.value)),
        ("regions".into(), list(&profile.regions.value)),
        ("instance_types".into(), list(&profile.instance_types.value)),
        ("reservation".into(), Json::opt(profile.reservation.value.clone())),
        ("spot_policy".into(), s(profile.effective_spot_policy().as_str())),
        ("max_price".into(), Json::opt(profile.max_price.value)),
        ("max_duration".into(), max_duration),
        ("retry".into(), retry_view(profile)),
        ("idle".into(), idle_view(profile)),
        ("creation_policy".into(), s(profile.creation_policy.value.map_or("reuse-or-create", CreationPolicy::as_str))),
    ])
}

fn env_view(env: &[EnvVar]) -> Json {
    Json::Object(
        env.iter()
            .map(|v| {
                let value = match &v.value {
                    EnvValue::Text(t) => Json::str(t.as_str()),
                    EnvValue::FromShell(_) => Json::Str(format!("<${} from your shell>", v.name)),
                };
                (v.name.clone().into(), value)
            })
            .collect(),
    )
}

fn all_events(duration: Option<i128>) -> Json {
    Json::Object(vec![
        ("on_events".into(), Json::Array(ALL_EVENTS.iter().map(|e| s(e)).collect())),
        ("duration".into(), Json::Int(duration.unwrap_or(DEFAULT_RETRY_SECONDS))),
    ])
}

fn retry_view(profile: &Profile) -> Json {
    match &profile.retry.value {
        Some(Retry::Flag(true)) => all_events(None),
        Some(Retry::Flag(false)) => Json::Null,
        Some(Retry::Events { on_events, duration }) => Json::Object(vec![
            ("on_events".into(), strings_json(on_events)),
            ("duration".into(), Json::Int(duration.unwrap_or(DEFAULT_RETRY_SECONDS))),
        ]),
        None => match profile.retry_policy.value {
            Some(p) if p.retry => all_events(p.duration),
            _ => Json::Null,
        },
    }
}

/// dstack's idle-termination precedence (termination_policy, termination_idle_time, idle_duration).
fn idle_view(profile: &Profile) -> Json {
    let mut policy = profile.termination_policy.value.clone().unwrap_or_else(|| "destroy-after-idle".into());
    let mut time = profile.termination_idle_time.value.unwrap_or(DEFAULT_IDLE_SECONDS);
    if let Some(idle) = profile.idle_duration.value {
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
        let idle = |normalized: &str| {
            let Ok(Configuration::Task(task)) = crate::model::read(&Json::parse(normalized).unwrap(), None) else {
                unreachable!("a task")
            };
            idle_view(&task.run.profile).to_python_string()
        };
        let dont_destroy = r#"{"policy": "dont-destroy", "idle_duration": -1}"#;
        assert_eq!(
            idle(r#"{"type": "task", "termination_policy": "dont-destroy", "idle_duration": "3600"}"#),
            dont_destroy
        );
        assert_eq!(idle(r#"{"type": "task", "termination_idle_time": 60, "idle_duration": "-1"}"#), dont_destroy);
        assert_eq!(idle(r#"{"type": "task"}"#), r#"{"policy": "destroy-after-idle", "idle_duration": 300}"#);
    }
}
