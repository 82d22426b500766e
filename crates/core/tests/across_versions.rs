//! Help across dstack releases: what the other supported release makes of the same file, and the
//! effective view under each release's defaults.

use dstack_core::DstackVersion::{self, V0_18_37, V0_22_5};
use dstack_core::{Json, Options, Report, check, codes};

fn under(version: DstackVersion, text: &str) -> Report {
    check(text, &Options { effective: true, version })
}

/// (path, message, line, column) of every diagnostic with `code`.
fn with_code(version: DstackVersion, text: &str, code: &str) -> Vec<(String, String, u32, u32)> {
    under(version, text)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| (d.path, d.message, d.range.start.line, d.range.start.column))
        .collect()
}

fn one(path: &str, message: &str, line: u32, column: u32) -> Vec<(String, String, u32, u32)> {
    vec![(path.to_string(), message.to_string(), line, column)]
}

const TASK: &str = "type: task\ncommands: [x]\n";

#[test]
fn a_value_only_the_other_release_accepts_is_noted_at_the_error() {
    let accepted = |v, rest: &str| with_code(v, &format!("{TASK}{rest}"), codes::ACCEPTED_BY_OTHER_RELEASE);
    assert_eq!(
        accepted(V0_18_37, "resources:\n  cpu: arm:8\n"),
        one("resources.cpu", "dstack 0.22.5 accepts `cpu: arm:8`; you are checking against 0.18.37", 4, 8)
    );
    assert_eq!(
        accepted(V0_18_37, "resources: {gpu: \"tt:n300\"}\n"),
        one("resources.gpu", "dstack 0.22.5 accepts `gpu: \"tt:n300\"`; you are checking against 0.18.37", 3, 18)
    );
    assert_eq!(
        accepted(V0_18_37, "retry: {duration: 1h}\n"),
        one("retry", "dstack 0.22.5 accepts `retry` as written; you are checking against 0.18.37", 3, 8)
    );
    assert_eq!(
        accepted(V0_18_37, "volumes: [{instance_path: /a, path: /b, optional: true}]\n"),
        one("volumes[0].optional", "dstack 0.22.5 accepts `optional: true`; you are checking against 0.18.37", 3, 41)
    );
    assert_eq!(
        accepted(V0_18_37, "idle_duration: \"off\"\nnodes:\n"),
        vec![
            (
                "idle_duration".into(),
                "dstack 0.22.5 accepts `idle_duration: \"off\"`; you are checking against 0.18.37".into(),
                3,
                16
            ),
            ("nodes".into(), "dstack 0.22.5 accepts `nodes: null`; you are checking against 0.18.37".into(), 4, 6),
        ]
    );
    assert_eq!(
        accepted(V0_22_5, "env: {A: true}\n"),
        one("env.A", "dstack 0.18.37 accepts `A: true`; you are checking against 0.22.5", 3, 10)
    );
    // Two errors at one place (local and container port) get one note.
    assert_eq!(
        accepted(V0_22_5, "ports: [65536]\n"),
        one("ports[0].local_port", "dstack 0.18.37 accepts `65536` in `ports`; you are checking against 0.22.5", 3, 9)
    );
    assert_eq!(
        accepted(V0_22_5, "backends: [local]\n"),
        one("backends[0]", "dstack 0.18.37 accepts `local` in `backends`; you are checking against 0.22.5", 3, 12)
    );
    assert_eq!(
        accepted(V0_22_5, "max_duration: -1\n"),
        one("max_duration", "dstack 0.18.37 accepts `max_duration: -1`; you are checking against 0.22.5", 3, 15)
    );
    let help = under(V0_22_5, &format!("{TASK}max_duration: -1\n"))
        .diagnostics
        .into_iter()
        .find(|d| d.code == codes::ACCEPTED_BY_OTHER_RELEASE)
        .and_then(|d| d.help);
    assert_eq!(help.as_deref(), Some("if you run dstack 0.18.37, check against 0.18.37"));
}

#[test]
fn no_note_when_the_other_release_rejects_it_too_or_stops_before_the_fields() {
    let accepted = |v, text: &str| with_code(v, text, codes::ACCEPTED_BY_OTHER_RELEASE);
    for v in DstackVersion::SUPPORTED {
        assert_eq!(accepted(v, &format!("{TASK}nodes: 0\nresources: {{gpu: A100:H100}}\n")), vec![], "{v}");
    }
    // 0.22.5 stops at `nodes` with `groups`: it says nothing of `cpu`.
    assert_eq!(
        accepted(V0_18_37, &format!("{TASK}nodes: 2\ngroups: [{{commands: [y]}}]\nresources: {{cpu: arm:8}}\n")),
        vec![]
    );
    // A top-level key of the other release is explained by the unknown-key error itself.
    assert_eq!(accepted(V0_18_37, &format!("{TASK}files: [a]\n")), vec![]);
}

#[test]
fn keys_of_another_release_say_when_they_came_or_went() {
    let unknown = |v, key: &str| {
        let r = under(v, &format!("{TASK}{key}: x\n"));
        let d = r.diagnostics.into_iter().find(|d| d.code == codes::UNKNOWN_FIELD).expect("an unknown key");
        (d.message, d.help.unwrap_or_default())
    };
    assert_eq!(
        unknown(V0_18_37, "groups"),
        (
            "unknown key `groups` in a task: `groups` is new in dstack 0.21.2; you are checking against 0.18.37".into(),
            "check against dstack 0.22.5 if you run it, or remove `groups`".into()
        )
    );
    assert_eq!(
        unknown(V0_18_37, "stop_duration").0,
        "unknown key `stop_duration` in a task: `stop_duration` is new in dstack 0.18.38; you are checking against \
         0.18.37"
    );
    assert_eq!(
        unknown(V0_22_5, "termination_policy"),
        (
            "unknown key `termination_policy` in a task: `termination_policy` was removed in dstack 0.20.0; you are \
             checking against 0.22.5"
                .into(),
            "use `idle_duration` (`off` never terminates the instance)".into()
        )
    );
    assert_eq!(unknown(V0_22_5, "retry_policy").1, "use `retry` (`retry: true`, or `on_events` and `duration`)");
    // 0.18.37 accepts the removed fields and warns with the release that removed them.
    let warned = with_code(V0_18_37, &format!("{TASK}pool_name: p\n"), codes::DEPRECATED_FIELD);
    assert_eq!(
        warned,
        one(
            "pool_name",
            "`pool_name` is a hidden legacy setting (pools were replaced by fleets); dstack 0.20.0 removed it",
            3,
            1
        )
    );
}

const DEFAULTS: &str = "dstack 0.18.37 and 0.22.5 fill in different defaults: no `image` means \
                        `dstackai/base:py<server Python>-0.6-cuda-12.1` vs `dstackai/base:0.16-base-ubuntu24.04`; \
                        no `working_dir` means `/workflow` vs the image's working directory; no `max_duration` means \
                        a 72h time limit vs no time limit";

#[test]
fn a_gpu_name_alone_reads_differently_and_so_do_the_defaults() {
    let text = format!("{TASK}resources: {{gpu: A100}}\n");
    for v in DstackVersion::SUPPORTED {
        assert_eq!(
            with_code(v, &text, codes::READ_DIFFERENTLY),
            vec![
                (String::new(), DEFAULTS.to_string(), 1, 1),
                (
                    "resources.gpu".to_string(),
                    "`gpu: A100` means exactly one GPU in dstack 0.18.37 and one or more GPUs in 0.22.5".to_string(),
                    3,
                    18
                ),
            ],
            "{v}"
        );
    }
}

#[test]
fn no_gpu_reads_as_no_requirement_and_as_any_number() {
    let text = "type: task\nimage: ubuntu\ncommands: [x]\nworking_dir: /src\nmax_duration: 2h\n";
    assert_eq!(
        with_code(V0_22_5, text, codes::READ_DIFFERENTLY),
        one(
            "",
            "dstack 0.18.37 and 0.22.5 fill in different defaults: no `resources.gpu` means no GPU requirement vs any \
             number of GPUs (`0..`)",
            1,
            1
        )
    );
}

#[test]
fn written_values_that_read_alike_get_no_remark() {
    let alike = [
        "type: task\nimage: ubuntu\ncommands: [x]\nworking_dir: /src\nmax_duration: 2h\nresources: {gpu: A100:2}\n",
        // Unquoted `off` is "0" in 0.18.37, which its runner reads as no limit, as 0.22.5 reads `off`.
        "type: task\nimage: ubuntu\ncommands: [x]\nworking_dir: src\nmax_duration: off\nresources: {gpu: A100:1..1}\n",
    ];
    for text in alike {
        for v in DstackVersion::SUPPORTED {
            assert_eq!(with_code(v, text, codes::READ_DIFFERENTLY), vec![], "{v}: {text}");
        }
    }
}

#[test]
fn written_values_that_read_differently_are_said_at_the_field() {
    let text = "type: task\nimage: ubuntu\ncommands: [x]\nworking_dir: /src\nmax_duration: true\nidle_duration: true\n\
                resources: {gpu: 0}\n";
    assert_eq!(
        with_code(V0_18_37, text, codes::READ_DIFFERENTLY),
        vec![
            (
                "max_duration".to_string(),
                "`max_duration: true` means a 1s time limit in dstack 0.18.37 and no time limit in 0.22.5".to_string(),
                5,
                15
            ),
            (
                "idle_duration".to_string(),
                "`idle_duration: true` means idle instances terminated after 1s in dstack 0.18.37 and idle instances \
                 terminated after 5m in 0.22.5"
                    .to_string(),
                6,
                16
            ),
        ]
    );
}

#[test]
fn gpus_without_names_on_a_custom_image_are_of_any_vendor_in_0_22_5() {
    let text = "type: task\nimage: ubuntu\ncommands: [x]\nworking_dir: /src\nmax_duration: 2h\nresources: {gpu: 2}\n";
    assert_eq!(
        with_code(V0_18_37, text, codes::READ_DIFFERENTLY),
        one("resources.gpu", "`gpu: 2` means nvidia GPUs in dstack 0.18.37 and GPUs of any vendor in 0.22.5", 6, 18)
    );
}

#[test]
fn a_tenstorrent_shorthand_is_a_gpu_name_in_0_18_37() {
    let text =
        "type: task\nimage: ubuntu\ncommands: [x]\nworking_dir: /src\nmax_duration: 2h\nresources: {gpu: tt:2}\n";
    assert_eq!(
        with_code(V0_18_37, text, codes::READ_DIFFERENTLY),
        one(
            "resources.gpu",
            "`gpu: tt:2` means GPUs named `tt` of no known vendor in dstack 0.18.37 and tenstorrent GPUs in 0.22.5",
            6,
            18
        )
    );
}

/// The effective view's `key`, as Python prints it.
fn effective(version: DstackVersion, text: &str, key: &str) -> String {
    let view = under(version, text).effective.expect("an effective view");
    view.get(key).map_or_else(|| "<absent>".to_string(), Json::to_python_string)
}

const VENV: &str = "eval $(echo 'export DSTACK_VENV_DIR=/dstack/venv' | sudo tee -a /dstack/profile) && sudo rm -rf \
                    $DSTACK_VENV_DIR && sudo mkdir $DSTACK_VENV_DIR && sudo chown $(id -u):$(id -g) $DSTACK_VENV_DIR \
                    && (if UV_PYTHON_INSTALL_DIR=/opt/uv/python uv python find 3.12 > /dev/null 2>&1; then export \
                    UV_PYTHON_INSTALL_DIR=/opt/uv/python UV_PYTHON_DOWNLOADS=never; fi; uv venv -q --prompt dstack -p \
                    3.12 --seed $DSTACK_VENV_DIR) && eval $(echo '. $DSTACK_VENV_DIR/bin/activate' | sudo tee -a \
                    /dstack/profile)";

#[test]
fn the_effective_view_uses_each_release_s_defaults() {
    let text = "type: task\npython: \"3.12\"\ncommands: [python train.py]\nworking_dir: src\nresources: {gpu: A100}\n";
    let both = |key: &str| (effective(V0_18_37, text, key), effective(V0_22_5, text, key));
    assert_eq!(
        both("image"),
        (r#""dstackai/base:py3.12-0.6-cuda-12.1""#.into(), r#""dstackai/base:0.16-base-ubuntu24.04""#.into())
    );
    assert_eq!(
        both("command"),
        (
            r#"["/bin/bash", "-i", "-c", "python train.py"]"#.into(),
            format!(r#"["/bin/bash", "-i", "-c", "{VENV} && python train.py"]"#)
        )
    );
    assert_eq!(both("working_dir"), (r#""/workflow/src""#.into(), r#""/workflow/src""#.into()));
    assert_eq!(both("max_duration"), ("259200".into(), "null".into()));
    assert_eq!(both("stop_duration"), ("<absent>".into(), "300".into()));
    assert_eq!(both("single_branch"), ("<absent>".into(), "true".into()));
    assert_eq!(both("privileged"), ("<absent>".into(), "false".into()));
    assert_eq!(both("spot_policy"), (r#""on-demand""#.into(), r#""on-demand""#.into()));
    let resources = |v| {
        let view = under(v, text).effective.expect("an effective view");
        let r = view.get("resources").cloned().unwrap_or(Json::Null);
        (
            r.get("cpu").map(Json::to_python_string),
            r.get("gpu").and_then(|g| g.get("count")).map(Json::to_python_string),
        )
    };
    assert_eq!(
        resources(V0_18_37),
        (Some(r#"{"min": 2, "max": null}"#.into()), Some(r#"{"min": 1, "max": 1}"#.into()))
    );
    assert_eq!(
        resources(V0_22_5),
        (
            Some(r#"{"arch": "x86", "count": {"min": 2, "max": null}}"#.into()),
            Some(r#"{"min": 1, "max": null}"#.into())
        )
    );
}

#[test]
fn dstack_0_22_5_effective_view_of_its_own_fields() {
    let docker = "type: task\ndocker: true\ndstack: true\ncommands: [docker ps]\nshell: sh\nstop_duration: off\n";
    assert_eq!(effective(V0_22_5, docker, "image"), r#""dstackai/dind""#);
    assert_eq!(effective(V0_22_5, docker, "privileged"), "true");
    assert_eq!(effective(V0_22_5, docker, "command"), r#"["/bin/sh", "-i", "-c", "start-dockerd && docker ps"]"#);
    assert_eq!(
        effective(V0_22_5, docker, "env"),
        r#"{"DSTACK_SERVER_URL": "http+unix://%2Frun%2Fdstack%2Fserver.sock"}"#
    );
    assert_eq!(effective(V0_22_5, docker, "stop_duration"), "null");
    assert_eq!(
        effective(V0_22_5, &format!("{TASK}retry: {{duration: 2h}}\n"), "retry"),
        r#"{"on_events": ["no-capacity", "interruption", "error"], "duration": 7200}"#
    );
    let image = "type: task\nimage: ubuntu\nnvcc: false\nresources: {cpu: 4}\nworking_dir: ~/w\n";
    assert_eq!(effective(V0_22_5, image, "command"), "null");
    assert_eq!(effective(V0_22_5, image, "working_dir"), r#""~/w""#);
    let view = under(V0_22_5, image).effective.expect("an effective view");
    let cpu = view.get("resources").and_then(|r| r.get("cpu")).map(Json::to_python_string);
    assert_eq!(cpu.as_deref(), Some(r#"{"arch": null, "count": {"min": 4, "max": 4}}"#));
    let groups = "type: task\ngroups:\n  - nodes: 2\n    commands: [a]\n  - name: w\n    commands: [b]\n    ports: [8080, 10999]\n";
    assert_eq!(effective(V0_22_5, groups, "jobs"), "3");
    let view = under(V0_22_5, groups).effective.expect("an effective view");
    let second = view.get("groups").and_then(|g| g.as_array()).and_then(|g| g.get(1)).cloned().unwrap_or(Json::Null);
    let field = |k: &str| second.get(k).map(Json::to_python_string).unwrap_or_default();
    assert_eq!(
        (field("name"), field("nodes"), field("ports"), field("dropped_ports")),
        (
            r#""w""#.into(),
            "1".into(),
            r#"[{"local_port": 8080, "container_port": 8080}]"#.into(),
            r#"[{"local_port": 10999, "container_port": 10999}]"#.into()
        )
    );
    assert_eq!(effective(V0_22_5, groups, "command"), "<absent>");
}

/// Every case of the conformance corpus that only the other release accepts: each field error of
/// the selected release says that the other accepts it (I002), or, for a top-level key of the
/// other release, when that key came or went.
#[test]
fn every_case_only_the_other_release_accepts_is_explained() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let expected = std::fs::read_to_string(dir.join("expected.jsonl")).expect("the corpus");
    let texts: Vec<String> = expected
        .lines()
        .filter_map(|l| l.split("\"file\": \"").nth(1)?.split('"').next().map(str::to_string))
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .collect();
    let mut flips = Vec::new();
    for version in DstackVersion::SUPPORTED {
        let mut flipped = 0;
        for text in &texts {
            let report = check(text, &Options { effective: false, version });
            let other_accepts = version.others().all(|o| check(text, &Options { effective: false, version: o }).parsed);
            if report.parsed || !other_accepts {
                continue;
            }
            flipped += 1;
            for e in report.diagnostics.iter().filter(|d| d.severity == dstack_core::Severity::Error) {
                let explained = e.message.contains("; you are checking against")
                    || report
                        .diagnostics
                        .iter()
                        .any(|d| d.code == codes::ACCEPTED_BY_OTHER_RELEASE && d.range == e.range);
                assert!(explained, "{version}: {} at {} in\n{text}", e.code, e.path);
            }
        }
        flips.push((version, flipped));
    }
    // Tasks: 68 are rejected by 0.18.37 only (59 of them in cases/latest/) and 52 by 0.22.5 only
    // (versions-and-types.md §9 counts 9 and 39 in the other folders). Gateways and volumes: 18
    // and 3. Dev environments: 26 and 6; presets: the 22 that 0.22.5 accepts (0.18.37 has none).
    // Fleets: 13 and 5. Services: 22 (groups, probes, rate limits, ...) and 8.
    assert_eq!(flips, [(V0_18_37, 68 + 18 + 26 + 22 + 13 + 22), (V0_22_5, 52 + 3 + 6 + 5 + 8)]);
}
