//! Differential test against dstack 0.18.37 and 0.22.5 on seeded mutations of the conformance
//! corpus: lines moved, duplicated, swapped and re-indented, characters deleted, odd characters
//! inserted (NEL, LS, PS, byte order marks, tabs, carriage returns, YAML indicators).
//!
//! The mutations are generated here, deterministically; each release's verdicts on them were
//! recorded once with its oracle into `tests/mutations/expected.txt` (0.18.37) and
//! `expected-0.22.5.txt` (see `tests/mutations/README.md`), so no Python runs at test time. Every verdict must agree: accepted or rejected, and for accepted
//! tasks the same normalized JSON.

use std::path::{Path, PathBuf};

use dstack_core::{DstackVersion, Json, Options, check_bytes};

/// Mutated documents per corpus case.
const PER_CASE: u64 = 10;

/// The repository's `tests` folder.
fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// SplitMix64: a small, well-mixed generator, fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// FNV-1a, 64 bits: the same few lines in the recording script.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// Characters and snippets that people paste or mistype, inserted at random places.
const ODD: &[&str] = &[
    "\u{85}", "\u{2028}", "\u{2029}", "\u{feff}", "\t", "\r", "\r\n", "\n", " ", "  ", "\u{a0}", "#", " #", ":", ": ",
    "-", "- ", "\"", "'", "[", "]", "{", "}", ",", "&a ", "*a", "!", "|", ">", "%", "@", "`", "?", "0", "9", "...\n",
    "---\n", "\n...", "\u{3000}", "é", "\\", "~",
];

/// One seeded edit of `text`.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let pick = |rng: &mut Rng, lines: &Vec<String>| rng.below(lines.len().max(1));
    match rng.below(7) {
        0 => {
            let from = pick(rng, &lines);
            let line = lines.remove(from);
            let to = rng.below(lines.len() + 1);
            lines.insert(to, line);
        }
        1 => {
            let at = pick(rng, &lines);
            let line = lines[at].clone();
            lines.insert(at, line);
        }
        2 if lines.len() > 1 => {
            let at = rng.below(lines.len() - 1);
            lines.swap(at, at + 1);
        }
        3 => {
            let at = pick(rng, &lines);
            let body = lines[at].trim_start().to_string();
            let indent = lines[at].len() - body.len();
            let indent = match rng.below(4) {
                0 => indent + 1,
                1 => indent + 2,
                2 => indent.saturating_sub(1),
                _ => indent.saturating_sub(2),
            };
            lines[at] = format!("{}{body}", " ".repeat(indent));
        }
        4 => {
            let chars: Vec<char> = text.chars().collect();
            if chars.is_empty() {
                return String::new();
            }
            let at = rng.below(chars.len());
            return chars.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, c)| c).collect();
        }
        _ => {
            let chars: Vec<char> = text.chars().collect();
            let at = rng.below(chars.len() + 1);
            let odd = ODD[rng.below(ODD.len())];
            let mut out: String = chars[..at].iter().collect();
            out.push_str(odd);
            out.extend(&chars[at..]);
            return out;
        }
    }
    lines.join("\n")
}

/// Every conformance case file, in path order.
fn corpus(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("corpus folder").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            corpus(&path, out);
        } else if path.extension().is_some_and(|e| e == "yml") {
            out.push(path);
        }
    }
}

/// The mutated documents: for each case, `PER_CASE` documents of one or two edits each.
fn mutations() -> Vec<String> {
    let mut files = Vec::new();
    corpus(&tests_dir().join("conformance/cases"), &mut files);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("corpus case is UTF-8");
        let name = file.strip_prefix(tests_dir()).expect("inside tests").to_string_lossy().replace('\\', "/");
        for k in 0..PER_CASE {
            let mut rng = Rng(fnv1a(name.as_bytes()) ^ k);
            let mut mutated = mutate(&text, &mut rng);
            if rng.below(3) == 0 {
                mutated = mutate(&mutated, &mut rng);
            }
            out.push(mutated);
        }
    }
    out
}

/// `value` with every object's keys sorted, as Python's `json.dumps(sort_keys=True)` orders them.
fn sorted(value: &Json) -> Json {
    match value {
        Json::Object(entries) => {
            let mut entries: Vec<(String, Json)> = entries.iter().map(|(k, v)| (k.to_string(), sorted(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Json::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
        }
        Json::Array(items) => Json::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// This checker's verdict in the recorded form: `R`, or `A` with the hash of the sorted
/// normalized JSON and the type.
fn verdict(text: &str, version: DstackVersion) -> String {
    let report = check_bytes(text.as_bytes(), &Options { version, ..Options::default() });
    match &report.normalized {
        Some(json) if report.parsed => {
            let ty = json.get("type").and_then(Json::as_str).unwrap_or_default();
            format!("A {:016x} {ty}", fnv1a(sorted(json).to_python_string().as_bytes()))
        }
        _ => "R".into(),
    }
}

#[test]
fn mutations_get_dstacks_verdicts() {
    agree_with("expected.txt", DstackVersion::V0_18_37);
}

#[test]
fn mutations_get_dstack_0_22_5s_verdicts() {
    agree_with("expected-0.22.5.txt", DstackVersion::V0_22_5);
}

/// Compares this checker's verdicts under `version` with dstack's recorded in `tests/mutations/{recorded}`.
fn agree_with(recorded: &str, version: DstackVersion) {
    let mutations = mutations();
    if let Some(dir) = std::env::var_os("DSTACK_WRITE_MUTATIONS") {
        // Recording: write the documents for the oracle (see tests/mutations/README.md).
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("output folder");
        for (i, text) in mutations.iter().enumerate() {
            std::fs::write(dir.join(format!("{i:05}.yml")), text).expect("write mutation");
        }
        return;
    }
    let expected = std::fs::read_to_string(tests_dir().join("mutations").join(recorded)).expect("recorded verdicts");
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(expected.len(), mutations.len(), "re-record the verdicts: the generator changed");
    let mut differences = Vec::new();
    for (i, (text, want)) in mutations.iter().zip(&expected).enumerate() {
        let got = verdict(text, version);
        let agree = got == *want;
        if !agree {
            differences.push(format!("{i:05}: dstack {want}, here {got}: {text:?}"));
        }
    }
    let agreeing = mutations.len() - differences.len();
    println!("{agreeing} of {} mutations agree with dstack {version}", mutations.len());
    assert!(differences.is_empty(), "{} differences:\n{}", differences.len(), differences.join("\n"));
}
