//! Completion answers at every offset of every conformance case, under both releases, within the
//! text and on character boundaries (the page asks on every keystroke: a panic would kill it).

use std::path::{Path, PathBuf};

use dstack_check::{DstackVersion, Options, complete};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus folder") {
        let path = entry.expect("corpus entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn every_offset_of_the_corpus_is_answered() {
    let mut paths = Vec::new();
    files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/cases"), &mut paths);
    assert!(paths.len() > 1000, "only {} cases", paths.len());
    let mut answered = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("a UTF-8 case");
        for version in DstackVersion::SUPPORTED {
            let options = Options::default().with_version(version);
            // Every seventh byte: each construct of the corpus is met many times over.
            for offset in (0..=text.len()).step_by(7) {
                let c = complete(&text, offset, &options);
                assert!(c.from <= c.to && c.to <= text.len(), "{} at {offset}", path.display());
                assert!(text.is_char_boundary(c.from) && text.is_char_boundary(c.to), "{}", path.display());
                answered += usize::from(!c.items.is_empty());
            }
        }
    }
    assert!(answered > 5_000, "only {answered} offsets with items");
}
