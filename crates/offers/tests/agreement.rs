//! The Problems verdict and the estimate's `rejected` never disagree: a configuration dstack's
//! parser accepts has an error of `dstack apply` or the server exactly when the estimate is
//! rejected, and the rejection is one of those errors (same stage, dstack's same words).
//! Over the conformance and golden corpora and generated cases for every rule checked twice
//! (GPU vendors of `gpus.csv`, interpolation, run names, volume mount paths).

use std::path::{Path, PathBuf};

use dstack_core::gpu_vendor::accelerators;
use dstack_core::{DstackVersion, Options, Severity, Stage, check};
use dstack_offers::{Catalog, Stage as OfferStage, estimate};

/// Checks one configuration; returns whether the estimate was rejected (`None`: not parsed).
fn agree(name: &str, text: &str) -> Option<bool> {
    let report = check(text, &Options::default());
    let normalized = report.normalized.as_ref()?;
    let est = estimate(normalized, Catalog::bundled(), DstackVersion::V0_18_37);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.iter().all(|d| matches!(d.stage, Stage::Apply | Stage::Server)), "{name}: parsed with {errors:?}");
    match &est.rejected {
        None => assert!(errors.is_empty(), "{name}: Problems has {errors:?}, the estimate is not rejected"),
        Some(r) if r.stage == OfferStage::Type => assert!(!report.is_valid(), "{name}: valid but not a task"),
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
    for corpus in ["conformance/cases", "golden/cases"] {
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
    assert_eq!((files.len(), parsed, rejected), (703, 467, 22));
}

/// A YAML double-quoted scalar (JSON's escapes are a subset of YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

#[test]
fn generated_gpu_specs() {
    let mut names: Vec<String> = accelerators().iter().map(|a| a.name.to_string()).collect();
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
