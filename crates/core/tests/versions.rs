//! One configuration judged by each supported dstack release.

use dstack_core::{DstackVersion, Json, Options, Report, Severity, check};

fn under(version: DstackVersion, text: &str) -> Report {
    check(text, &Options { effective: false, version })
}

fn errors(r: &Report) -> Vec<(&'static str, String, String)> {
    r.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.path.clone(), d.message.clone()))
        .collect()
}

#[test]
fn the_default_release_is_the_newest() {
    assert_eq!(Options::default().version, DstackVersion::NEWEST);
    assert_eq!(DstackVersion::NEWEST, DstackVersion::V0_22_5);
}

#[test]
fn a_gpu_name_alone_means_one_gpu_in_0_18_37_and_one_or_more_in_0_22_5() {
    let text = "type: task\ncommands: [x]\nresources: {gpu: A100}\n";
    let count = |v| {
        let r = under(v, text);
        r.normalized.and_then(|n| n.get("resources")?.get("gpu")?.get("count").cloned())
    };
    let range = |max: Json| Json::Object(vec![("min".into(), Json::Int(1)), ("max".into(), max)]);
    assert_eq!(count(DstackVersion::V0_18_37), Some(range(Json::Int(1))));
    assert_eq!(count(DstackVersion::V0_22_5), Some(range(Json::Null)));
}

#[test]
fn removed_and_added_fields_name_the_release() {
    let r = under(DstackVersion::V0_22_5, "type: task\ncommands: [x]\npool_name: p\n");
    assert_eq!(
        errors(&r),
        vec![(
            "E102",
            "pool_name".to_string(),
            "unknown key `pool_name` in a task: `pool_name` was removed in dstack 0.20.0; you are checking against \
             0.22.5"
                .to_string()
        )]
    );
    assert_eq!(
        r.diagnostics[0].help.as_deref(),
        Some("use `fleets` to choose the fleets whose instances the run may use")
    );
    assert!(under(DstackVersion::V0_18_37, "type: task\ncommands: [x]\npool_name: p\n").parsed);
    let r = under(DstackVersion::V0_18_37, "type: task\ncommands: [x]\nfiles: [a]\n");
    assert_eq!(
        errors(&r)[0].2,
        "unknown key `files` in a task: `files` is new in dstack 0.19.17; you are checking against 0.18.37"
    );
    assert_eq!(r.diagnostics[0].help.as_deref(), Some("check against dstack 0.22.5 if you run it, or remove `files`"));
    assert!(under(DstackVersion::V0_22_5, "type: task\ncommands: [x]\nfiles: [a]\n").parsed);
}

#[test]
fn dstack_0_22_5_reports_unknown_keys_only_when_nothing_else_is_wrong() {
    let text = "type: task\ncommands: [x]\nfoo: 1\nnodes: 0\n";
    let paths = |v| errors(&under(v, text)).into_iter().map(|(_, p, _)| p).collect::<Vec<_>>();
    assert_eq!(paths(DstackVersion::V0_18_37), vec!["foo".to_string(), "nodes".to_string()]);
    assert_eq!(paths(DstackVersion::V0_22_5), vec!["nodes".to_string()]);
}

#[test]
fn diagnostics_carry_each_release_s_own_wording() {
    let dstack = |v| under(v, "type: task\ncommands: [x]\nnodes: 1.5\n").diagnostics[0].dstack.clone();
    assert_eq!(
        dstack(DstackVersion::V0_22_5).as_deref(),
        Some("Input should be a valid integer, got a number with a fractional part")
    );
    assert!(under(DstackVersion::V0_18_37, "type: task\ncommands: [x]\nnodes: 1.5\n").parsed);
}

#[test]
fn yaml_1_1_booleans_are_explained_for_the_release() {
    let text = "type: task\ncommands: [x]\nmax_duration: off\nname: yes\n";
    let r = under(DstackVersion::V0_22_5, text);
    let warnings: Vec<(&str, &str)> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        vec![(
            "W001",
            "unquoted `yes` is the boolean true in YAML 1.1, which dstack 0.22.5 rejects where it expects text"
        )]
    );
    assert_eq!(errors(&r).iter().map(|e| e.1.as_str()).collect::<Vec<_>>(), vec!["name"]);
}
