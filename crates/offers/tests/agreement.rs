//! The Problems verdict and the estimate's `rejected` never disagree: a configuration dstack's
//! parser accepts has an error of `dstack apply` or the server exactly when the estimate is
//! rejected, and the rejection is one of those errors (same stage, dstack's same words).
//! Over the conformance and golden corpora and generated cases for every rule checked twice
//! (GPU vendors of `gpus.csv`, interpolation, run names, volume mount paths; 0.22.5: also node
//! groups, `working_dir`, the accelerator image rule and the ARM rule), under both releases.

use std::path::{Path, PathBuf};

use dstack_core::gpu_vendor::accelerators;
use dstack_core::{DstackVersion, Options, Severity, Stage, check};
use dstack_offers::{Catalog, Stage as OfferStage, estimate};

/// Checks one configuration under `version`; returns whether the estimate was rejected (`None`:
/// not parsed).
fn agree_under(name: &str, text: &str, version: DstackVersion) -> Option<bool> {
    let report = check(text, &Options { version, ..Options::default() });
    let normalized = report.normalized.as_ref()?;
    let est = estimate(normalized, Catalog::bundled(), version);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.iter().all(|d| matches!(d.stage, Stage::Apply | Stage::Server)), "{name}: parsed with {errors:?}");
    match &est.rejected {
        None => assert!(errors.is_empty(), "{name}: Problems has {errors:?}, the estimate is not rejected"),
        // Fleets, gateways, volumes and presets start no run: no estimate, whatever Problems says.
        Some(r) if r.stage == OfferStage::Type => {
            let ty = normalized.get("type").and_then(dstack_core::Json::as_str);
            assert!(matches!(ty, Some("fleet" | "gateway" | "volume" | "preset")), "{name}: a run rejected as {ty:?}");
        }
        Some(r) => {
            let stage = if r.stage == OfferStage::Cli { Stage::Apply } else { Stage::Server };
            assert!(
                errors.iter().any(|d| d.stage == stage && d.dstack.as_deref() == Some(r.reason.as_str())),
                "{name}: rejected ({:?}: {}) but Problems has {errors:?}",
                r.stage,
                r.reason
            );
        }
    }
    Some(est.rejected.is_some())
}

/// [`agree_under`] dstack 0.18.37.
fn agree(name: &str, text: &str) -> Option<bool> {
    agree_under(name, text, DstackVersion::V0_18_37)
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn corpora() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let mut files = Vec::new();
    for corpus in ["conformance/cases", "golden"] {
        yaml_files(&root.join(corpus), &mut files);
    }
    let (mut parsed, mut rejected) = (0, 0);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        if let Some(r) = agree(&file.display().to_string(), &text) {
            parsed += 1;
            rejected += usize::from(r);
        }
    }
    assert_eq!((files.len(), parsed, rejected), (1769, 847, 152));
}

#[test]
fn corpora_under_0_22_5() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for corpus in ["../../tests/conformance/cases", "../../tests/golden-0.22.5", "tests/data/rules-0.22.5"] {
        yaml_files(&root.join(corpus), &mut files);
    }
    let (mut parsed, mut rejected) = (0, 0);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        if let Some(r) = agree_under(&file.display().to_string(), &text, DstackVersion::V0_22_5) {
            parsed += 1;
            rejected += usize::from(r);
        }
    }
    assert_eq!((files.len(), parsed, rejected), (2018, 1176, 289));
}

/// A YAML double-quoted scalar (JSON's escapes are a subset of YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

#[test]
fn generated_gpu_specs() {
    let mut names: Vec<String> = accelerators().map(|a| a.name.to_string()).collect();
    names.extend(["v5litepod-8", "V6E-1", "v4-", "tpu-v3-8", "A1000", "Gaudi2", "tt"].map(String::from));
    let mut specs = Vec::new();
    for name in &names {
        for spec in [name.clone(), format!("{name}:0"), format!("{name},MI300X")] {
            specs.push(spec);
        }
    }
    specs.extend(["amd:1", "nvidia:MI355X", "amd:H200", "amd:0", "0", "2", "..0", "0..", "24GB"].map(String::from));
    let mut rejected = 0;
    for spec in &specs {
        for image in ["", "image: ''\n"] {
            let text = format!("type: task\ncommands: [x]\n{image}resources:\n  gpu: {}\n", quoted(spec));
            rejected += usize::from(agree(&text, &text).expect("a valid GPU spec"));
        }
    }
    assert_eq!((specs.len() * 2, rejected), (630, 114));
}

#[test]
fn generated_gpu_and_cpu_specs_under_0_22_5() {
    let mut names: Vec<String> = accelerators().map(|a| a.name.to_string()).collect();
    names.extend(["v5litepod-8", "V6E-1", "v4-", "tpu-v3-8", "A1000", "tt:n300", "tpu"].map(String::from));
    let mut specs = Vec::new();
    for name in &names {
        specs.extend([name.clone(), format!("{name}:0"), format!("{name},MI300X")]);
    }
    specs.extend(
        ["amd:1", "nvidia:MI355X", "amd:H200", "amd:0", "intel", "tenstorrent", "0", "2", "..0", "0.."]
            .map(String::from),
    );
    let mut rejected = 0;
    for spec in &specs {
        for (extra, cpu) in [("", "x86"), ("image: ''\n", "arm:2"), ("docker: true\n", "2"), ("", "arm")] {
            let text = format!("type: task\ncommands: [x]\n{extra}resources:\n  cpu: {cpu}\n  gpu: {}\n", quoted(spec));
            rejected += usize::from(agree_under(&text, &text, DstackVersion::V0_22_5).expect("a valid GPU spec"));
        }
    }
    assert_eq!((specs.len() * 4, rejected), (1264, 444));
}

#[test]
fn generated_interpolation_names_and_volumes() {
    let texts = [
        "${{ run.args }}",
        "${{ env.TOKEN }}",
        "${{ env.OTHER }}",
        "$${{ env.X }}",
        "${{ secrets.X }}",
        "${{ a.b.c }}",
        "${{ run.args",
        "$x ${{ env.A }}",
        "${{\u{1c}run.args }}",
        "plain",
    ];
    let names = ["ab", "a", "Ab", "train-1", "1ab", "ab\n", "ab\n\n", "a_b", &"a".repeat(41), &"a".repeat(42)];
    let paths = ["/data", "/workflow", "/workflows/x", "//", "/", "//data", "/data/./", "/a\0b", "/workflow\0"];
    let mut cases = Vec::new();
    for t in texts {
        cases.push(format!("type: task\nenv: [TOKEN]\ncommands: [{}]\n", quoted(t)));
        cases.push(format!("type: task\nenv: [TOKEN]\nsetup: [{}]\ncommands: [x]\n", quoted(t)));
        cases.push(format!(
            "type: task\nenv: [TOKEN]\nimage: x\nregistry_auth: {{username: {}, password: {}}}\n",
            quoted(t),
            quoted(t)
        ));
    }
    for n in names {
        cases.push(format!("type: task\ncommands: [x]\nname: {}\n", quoted(n)));
    }
    for p in paths {
        cases.push(format!("type: task\ncommands: [x]\nvolumes: [{}]\n", quoted(&format!("v:{p}"))));
        cases.push(format!("type: task\ncommands: [x]\nvolumes: [{{instance_path: /h, path: {}}}]\n", quoted(p)));
    }
    let mut parsed = 0;
    let mut rejected = 0;
    for text in &cases {
        if let Some(r) = agree(text, text) {
            parsed += 1;
            rejected += usize::from(r);
        }
    }
    assert_eq!((cases.len(), parsed, rejected), (58, 58, 32));
}

#[test]
fn generated_groups_and_working_dirs_under_0_22_5() {
    let texts = [
        "${{ run.args }}",
        "${{ env.TOKEN }}",
        "${{ groups[0].nodes[0].IP_ADDRESS }}",
        "${{ groups[0].replicas[0].IP_ADDRESS }}",
        "${{ groups.x }}",
        "${{ groups[a].nodes[0].IP_ADDRESS }}",
        "${{ secrets.X }}",
        "${{ a.b.c }}",
        "plain",
    ];
    let mut cases = Vec::new();
    for t in texts {
        cases.push(format!("type: task\nenv: [TOKEN]\ncommands: [{}]\n", quoted(t)));
        cases.push(format!("type: task\ngroups:\n  - commands: [x]\n  - commands: [{}]\n", quoted(t)));
    }
    for dir in ["/w", "w", "./w", "~/w", "~", ""] {
        cases.push(format!("type: task\ncommands: [x]\nworking_dir: {}\n", quoted(dir)));
    }
    for gpu in ["MI300X", "H100", "Gaudi2"] {
        for cpu in ["x86", "arm"] {
            cases.push(format!(
                "type: task\ngroups:\n  - commands: [x]\n  - commands: [x]\n    resources: {{gpu: {gpu}, cpu: {cpu}}}\n"
            ));
        }
    }
    for p in ["/workflow", "/data/", "//"] {
        cases.push(format!("type: task\ncommands: [x]\nvolumes: [{}]\n", quoted(&format!("v:{p}"))));
    }
    let mut parsed = 0;
    let mut rejected = 0;
    for text in &cases {
        if let Some(r) = agree_under(text, text, DstackVersion::V0_22_5) {
            parsed += 1;
            rejected += usize::from(r);
        }
    }
    assert_eq!((cases.len(), parsed, rejected), (33, 33, 19));
}
