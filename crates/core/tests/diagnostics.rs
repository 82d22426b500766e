//! Beyond dstack's verdict: which diagnostics a configuration gets, where, and with what help.
//! The expectations are dstack 0.18.37's.

use dstack_core::{DstackVersion, Options, Severity, Stage, check, codes};

/// The options of these tests: dstack 0.18.37's rules.
fn v0_18_37() -> Options {
    Options { effective: false, version: DstackVersion::V0_18_37 }
}

/// (code, path, line, column, stage) of every diagnostic but the remarks on how another dstack
/// release reads the file (`tests/versions.rs` has those).
fn diags(text: &str) -> Vec<(&'static str, String, u32, u32, Stage)> {
    check(text, &v0_18_37())
        .diagnostics
        .into_iter()
        .filter(|d| d.code != codes::READ_DIFFERENTLY)
        .map(|d| (d.code, d.path, d.range.start.line, d.range.start.column, d.stage))
        .collect()
}

fn help_of(text: &str, code: &str) -> Option<String> {
    check(text, &v0_18_37()).diagnostics.into_iter().find(|d| d.code == code).and_then(|d| d.help)
}

#[test]
fn yaml11_traps_are_warned_at_the_value() {
    let text =
        "type: task\ncommands: [echo]\nports: [22:22]\nname: yes\nmax_duration: off\nprivileged: yes\nuser: 0755\n";
    assert_eq!(
        diags(text),
        vec![
            ("W002", "ports[0]".to_string(), 3, 9, Stage::Yaml),
            ("W001", "name".to_string(), 4, 7, Stage::Yaml),
            ("W001", "max_duration".to_string(), 5, 15, Stage::Yaml),
            ("W003", "user".to_string(), 7, 7, Stage::Yaml),
            // `name: yes` is the run name "True", which the server rejects.
            ("E301", "name".to_string(), 4, 7, Stage::Server),
        ]
    );
}

#[test]
fn yaml11_traps_of_big_integers() {
    // Octal and base 60 beyond 128 bits: the text dstack sees is the decimal value.
    let text = format!("type: task\ncommands: [echo]\nimage: 0{}\nuser: 1{}\n", "7".repeat(60), ":00".repeat(45));
    let r = check(&text, &Options::default());
    let traps: Vec<(&str, &str)> =
        r.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(traps, vec![("W003", "image"), ("W002", "user")]);
    assert_eq!(
        r.diagnostics[1].message,
        format!("unquoted `1{}:0…` is the base-60 number {}… in YAML 1.1", ":00".repeat(19), &PY_60_POW_45[..60])
    );
}

/// Python's `str(60**45)`: what `1:0:0:...` (45 zero groups) reads as.
const PY_60_POW_45: &str = "103945637534048876111514866313854976000000000000000000000000000000000000000000000";

#[test]
fn python_float_is_explained() {
    let r = check("type: task\ncommands: [x]\npython: 3.10\n", &v0_18_37());
    assert_eq!(r.normalized.as_ref().and_then(|n| n.get("python")).and_then(|p| p.as_str()), Some("3.10"));
    let d = &r.diagnostics[0];
    assert_eq!((d.code, d.severity), ("W003", Severity::Warning));
    assert_eq!(d.help.as_deref(), Some("write `python: \"3.10\"`"));
}

#[test]
fn unknown_keys_suggest_the_right_one() {
    let text = "type: task\ncommands: [x]\nresource:\n  gpu: 1\nspot-policy: auto\nport: 80\n";
    assert_eq!(
        diags(text),
        vec![
            ("E102", "resource".to_string(), 3, 1, Stage::Schema),
            ("E102", "spot-policy".to_string(), 5, 1, Stage::Schema),
            ("E102", "port".to_string(), 6, 1, Stage::Schema),
        ]
    );
    assert_eq!(help_of(text, "E102").as_deref(), Some("did you mean `resources`?"));
    let nested = "type: task\ncommands: [x]\nresources:\n  gpus: 1\n";
    assert_eq!(help_of(nested, "E102").as_deref(), Some("did you mean `gpu`?"));
}

#[test]
fn deprecated_and_ignored_settings() {
    let text = "type: task\nimage: ubuntu\nnvcc: true\ncommands: [x]\nports: [10080]\ntermination_policy: dont-destroy\nsetup: [a]\n";
    let got: Vec<_> = diags(text).into_iter().map(|(c, p, l, _, _)| (c, p, l)).collect();
    assert_eq!(
        got,
        vec![
            ("W010", "termination_policy".to_string(), 6),
            ("W010", "setup".to_string(), 7),
            ("W013", "nvcc".to_string(), 3),
            ("W014", "ports[0]".to_string(), 5),
        ]
    );
}

#[test]
fn apply_and_server_stages() {
    let text = "type: task\nname: Train_1\ncommands:\n  - echo ${{ env.TOKEN }}\nresources:\n  gpu: MI300X:2\nvolumes: [data:/workflow/x]\n";
    let got: Vec<_> = diags(text).into_iter().map(|(c, p, l, _, s)| (c, p, l, s)).collect();
    assert_eq!(
        got,
        vec![
            ("E202", "commands[0]".to_string(), 4, Stage::Apply),
            ("E201", "resources.gpu".to_string(), 6, Stage::Apply),
            ("E301", "name".to_string(), 2, Stage::Server),
            ("E302", "volumes[0].path".to_string(), 7, Stage::Server),
        ]
    );
    assert_eq!(help_of(text, "E301").as_deref(), Some("e.g. `name: train-1`"));
}

#[test]
fn every_error_has_help_or_a_precise_message() {
    let text = "type: task\ncommands: [x]\nmax_duration: 1.5h\nresources:\n  memory: 16GiB\n  gpu: A100:H100\n";
    assert_eq!(help_of(text, "E111").as_deref(), Some("write `90m` (only one unit and whole numbers are accepted)"));
    assert_eq!(help_of(text, "E109").as_deref(), Some("write `16GB`: units are MB, GB and TB (no unit means GB)"));
    assert_eq!(help_of(text, "E110").as_deref(), Some("list alternative GPUs with a comma: `A100,H100`"));
}

#[test]
fn effective_view_fills_server_defaults() {
    let r = check(
        "type: task\ncommands: [python train.py]\nretry: true\nresources:\n  gpu: A100\n",
        &Options { effective: true, ..v0_18_37() },
    );
    let e = r.effective.expect("effective view");
    assert_eq!(e.get("max_duration").and_then(|v| v.as_int()), Some(259_200));
    assert_eq!(e.get("spot_policy").and_then(|v| v.as_str()), Some("on-demand"));
    assert_eq!(
        e.get("retry").map(|v| v.to_python_string()).as_deref(),
        Some(r#"{"on_events": ["no-capacity", "interruption", "error"], "duration": 3600}"#)
    );
    assert_eq!(
        e.get("resources").and_then(|r| r.get("gpu")).and_then(|g| g.get("vendor")).and_then(|v| v.as_str()),
        Some("nvidia")
    );
    assert_eq!(
        e.get("command").map(|v| v.to_python_string()).as_deref(),
        Some(r#"["/bin/bash", "-i", "-c", "python train.py"]"#)
    );
}

#[test]
fn duplicate_keys_are_warned() {
    let text = "type: task\ncommands: [x]\nenv:\n  A: 1\n  A: 2\nname: a1\nname: a2\n";
    let got: Vec<_> = diags(text).into_iter().map(|(c, p, l, col, _)| (c, p, l, col)).collect();
    assert_eq!(got, vec![("W015", "env.A".to_string(), 5, 3), ("W015", "name".to_string(), 7, 1)]);
    let r = check(text, &v0_18_37());
    assert_eq!(r.normalized.as_ref().and_then(|n| n.get("name")).and_then(|v| v.as_str()), Some("a2"));
}
