//! The built binary: exit codes, stdin, unreadable and non-UTF-8 files, usage errors.
//!
//! Outputs that depend on the checker's verdicts are asserted only where the verdict is fixed
//! (invalid UTF-8 is reported before any YAML is read); the renderers have exact snapshot tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use dstack_core::Json;

const VALID: &str = "type: task\ncommands:\n  - echo hi\n";
const NOT_UTF8: &[u8] = b"type: task\ncommands:\n  - echo \xff\n";

/// A scratch directory per test, so tests running in parallel never share files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dstack-check-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dstack-check"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const USAGE_TAIL: &str = "Usage: dstack-check [--format text|json] [--effective] [--offers] [--markdown] \
                          [--fix|--diff] [--dstack-version VERSION] [--threads N] FILE...\n\
                          Try `dstack-check --help` for more information.\n";

#[test]
fn help_and_version() {
    let help = run(&["--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    let shown = text(&help.stdout);
    assert!(shown.starts_with(
        "Check dstack configurations (tasks, services, dev environments, fleets, gateways,\n\
         volumes, presets) against the rules of a dstack release.\n\nUsage:"
    ));
    assert!(
        shown.contains(
            "      --dstack-version VERSION\n                       \
             The dstack release whose rules apply: 0.18.37, 0.22.5\n                       \
             (default: 0.22.5, the newest)\n"
        ),
        "{shown}"
    );
    let version = run(&["-V"], b"");
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(text(&version.stdout), format!("dstack-check {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    let cases: [(&[&str], &str); 7] = [
        (&[], "no input files (use `-` to read standard input)"),
        (
            &["--dstack-version", "0.19", "a.yml"],
            "unknown dstack version `0.19`: supported versions are 0.18.37, 0.22.5",
        ),
        (&["--dstack-version=latest", "-"], "unknown dstack version `latest`: supported versions are 0.18.37, 0.22.5"),
        (&["a.yml", "--dstack-version"], "`--dstack-version` needs a version: 0.18.37, 0.22.5"),
        (&["--format", "yaml", "a.yml"], "unknown format `yaml`: expected `text` or `json`"),
        (&["--strict", "a.yml"], "unknown option `--strict`"),
        (&["-", "-"], "standard input (`-`) can be read only once"),
    ];
    for (args, message) in cases {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stdout), "");
        assert_eq!(text(&out.stderr), format!("dstack-check: error: {message}\n{USAGE_TAIL}"));
    }
}

#[test]
fn valid_file_exits_0() {
    let dir = scratch("valid");
    let file = write(&dir, "task.yml", VALID.as_bytes());
    let out = run(&[&file], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    // The one info says which defaults dstack 0.18.37 and 0.22.5 fill in differently.
    assert!(
        text(&out.stdout).ends_with(&format!("{file}: ok, 1 info (checked against dstack 0.22.5)\n")),
        "{}",
        text(&out.stdout)
    );
    assert!(!out.stdout.contains(&0x1b), "no colours into a pipe");
}

#[test]
fn stdin_is_read_with_dash() {
    let out = run(&["--format", "json", "-"], VALID.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1);
    let line = Json::parse(&stdout).unwrap();
    assert_eq!(line.get("file"), Some(&Json::str("-")));
    let keys: Vec<&str> = match &line {
        Json::Object(entries) => entries.iter().map(|(k, _)| k.as_ref()).collect(),
        _ => vec![],
    };
    assert_eq!(keys, ["file", "dstack_version", "parsed", "normalized", "effective", "diagnostics"]);
    assert_eq!(line.get("dstack_version"), Some(&Json::str("0.22.5")));

    let shown = run(&["-"], VALID.as_bytes());
    assert!(
        text(&shown.stdout).ends_with("<stdin>: ok, 1 info (checked against dstack 0.22.5)\n"),
        "{}",
        text(&shown.stdout)
    );
}

#[test]
fn non_utf8_file_is_an_error_exit_1() {
    let dir = scratch("utf8");
    let file = write(&dir, "latin1.yml", NOT_UTF8);
    let out = run(&["--format=json", &file], b"");
    assert_eq!(out.status.code(), Some(1));
    let line = Json::parse(&text(&out.stdout)).unwrap();
    assert_eq!(line.get("parsed"), Some(&Json::Bool(false)));
    let first = line.get("diagnostics").and_then(Json::as_array).and_then(|d| d.first().cloned()).unwrap();
    assert_eq!(first.get("code"), Some(&Json::str("E004")));
    assert_eq!(first.get("severity"), Some(&Json::str("error")));

    let shown = run(&[&file], b"");
    assert_eq!(shown.status.code(), Some(1));
    let stdout = text(&shown.stdout);
    assert!(stdout.starts_with("error[E004]: "), "{stdout}");
    assert!(stdout.contains(&format!(" --> {file}:3:10\n  |\n3 |   - echo \u{fffd}\n  |          ^\n")), "{stdout}");
    assert!(stdout.ends_with(&format!("{file}: 1 error (checked against dstack 0.22.5)\n")), "{stdout}");
}

#[test]
fn lone_carriage_returns_break_lines_in_every_diagnostic() {
    let dir = scratch("cr");
    let bad = write(&dir, "cr-utf8.yml", b"type: task\rcommands: [echo]\rfoo: \xff\r");
    let shown = text(&run(&[&bad], b"").stdout);
    assert!(shown.contains(&format!(" --> {bad}:3:6\n  |\n3 | foo: \u{fffd}\n  |      ^\n")), "{shown}");
    let unknown = write(&dir, "cr-field.yml", b"type: task\rcommands: [echo]\rfoo: 1\r");
    let shown = text(&run(&[&unknown], b"").stdout);
    assert!(shown.starts_with("error[E102]: "), "{shown}");
    assert!(shown.contains(&format!(" --> {unknown}:3:1\n  |\n3 | foo: 1\n  | ^^^")), "{shown}");
}

#[test]
fn unreadable_file_exits_2_and_the_others_are_still_checked() {
    let dir = scratch("unreadable");
    let valid = write(&dir, "task.yml", VALID.as_bytes());
    let missing = dir.join("missing.yml").to_string_lossy().into_owned();
    let out = run(&["--format", "json", &missing, &valid], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!("dstack-check: error: cannot read `{missing}`: No such file or directory (os error 2)\n")
    );
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1);
    assert_eq!(Json::parse(&stdout).unwrap().get("file"), Some(&Json::str(valid.as_str())));

    let directory = dir.to_string_lossy().into_owned();
    let out = run(&[&directory], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!("dstack-check: error: cannot read `{directory}`: Is a directory (os error 21)\n")
    );
}

#[test]
fn unreadable_beats_invalid() {
    let dir = scratch("precedence");
    let bad = write(&dir, "bad.yml", NOT_UTF8);
    let missing = dir.join("missing.yml").to_string_lossy().into_owned();
    assert_eq!(run(&[&bad, &missing], b"").status.code(), Some(2));
    assert_eq!(run(&[&bad], b"").status.code(), Some(1));
}

#[test]
fn one_json_line_per_file_in_order() {
    let dir = scratch("order");
    let a = write(&dir, "a.yml", VALID.as_bytes());
    let b = write(&dir, "b.yml", NOT_UTF8);
    let out = run(&["--format", "json", &a, "-", &b], VALID.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let files: Vec<Json> =
        text(&out.stdout).lines().map(|l| Json::parse(l).unwrap().get("file").cloned().unwrap()).collect();
    assert_eq!(files, [Json::str(a.as_str()), Json::str("-"), Json::str(b.as_str())]);
}

/// The first `n` configurations of the conformance corpus, by absolute path.
fn corpus(n: usize) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let listing = std::fs::read_to_string(dir.join("expected.jsonl")).unwrap();
    let files = listing.lines().filter_map(|line| line.split("\"file\": \"").nth(1)?.split('"').next());
    files.take(n).map(|file| dir.join(file).to_string_lossy().into_owned()).collect()
}

/// Many files checked on several threads give the same reports, messages and exit status, byte
/// for byte, as on one thread: the batches are printed in the files' order, whichever thread
/// checked them.
#[test]
fn threads_print_what_one_thread_prints() {
    let dir = scratch("threads");
    let mut files = corpus(300);
    let missing = dir.join("missing.yml").to_string_lossy().into_owned();
    let directory = dir.to_string_lossy().into_owned();
    files.insert(70, missing.clone());
    files.insert(200, directory.clone());
    files.extend(corpus(40));
    for format in ["json", "text"] {
        for version in ["0.18.37", "0.22.5"] {
            let on = |threads: &str| {
                let mut args = vec!["--format", format, "--dstack-version", version, "--threads", threads];
                args.extend(files.iter().map(String::as_str));
                run(&args, b"")
            };
            let one = on("1");
            assert_eq!(one.status.code(), Some(2), "two files cannot be read");
            assert_eq!(
                text(&one.stderr),
                format!(
                    "dstack-check: error: cannot read `{missing}`: No such file or directory (os error 2)\n\
                     dstack-check: error: cannot read `{directory}`: Is a directory (os error 21)\n"
                )
            );
            if format == "json" {
                let lines: Vec<Json> = text(&one.stdout).lines().map(|l| Json::parse(l).unwrap()).collect();
                let named: Vec<&str> = lines.iter().filter_map(|l| l.get("file")?.as_str()).collect();
                let read: Vec<&str> =
                    files.iter().map(String::as_str).filter(|f| *f != missing && *f != directory).collect();
                assert_eq!(named, read);
            }
            for threads in ["2", "3", "8"] {
                let many = on(threads);
                assert_eq!(many.status.code(), one.status.code(), "{format} {version} on {threads} threads");
                assert_eq!(text(&many.stderr), text(&one.stderr), "{format} {version} on {threads} threads");
                assert!(many.stdout == one.stdout, "{format} {version} on {threads} threads: other reports");
            }
        }
    }
}

/// With standard input among many files, every file is checked in its turn on one thread.
#[test]
fn standard_input_among_many_files_is_read_in_its_turn() {
    let mut files = corpus(150);
    files.insert(100, "-".to_string());
    let mut args = vec!["--format", "json", "--threads", "4"];
    args.extend(files.iter().map(String::as_str));
    let out = run(&args, VALID.as_bytes());
    let named: Vec<String> = text(&out.stdout)
        .lines()
        .filter_map(|l| Some(Json::parse(l).ok()?.get("file")?.as_str()?.to_string()))
        .collect();
    assert_eq!(named, files);
}

/// A reader that stops reading (`| head`) ends the run, on any number of threads: the threads
/// checking files stop too, instead of waiting to hand over their batches.
#[test]
fn a_closed_output_ends_the_run_on_any_number_of_threads() {
    use std::io::BufRead;
    let mut files = corpus(1118);
    for _ in 0..3 {
        files.extend_from_within(..1118);
    }
    for threads in ["1", "2", "4"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dstack-check"))
            .args(["--format", "json", "--threads", threads])
            .args(&files)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(first.starts_with("{\"file\": "), "{first}");
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2), "on {threads} threads");
        assert_eq!(text(&out.stderr), "", "a closed pipe is the reader's choice: no message");
    }
}

/// GPU vendor inference has one table (`gpus.csv`): accelerators newer than gpuhunt 0.0.19 get
/// the same answer in the diagnostics, the exit code and the offer estimate (dstack 0.18.37's
/// `dstack apply` rule: AMD GPUs need an `image`).
#[test]
fn accelerators_of_gpus_csv_decide_the_exit_code_and_the_offers() {
    let cases = [("MI355X", true), ("MI350X", true), ("H200", false), ("B200:8", false), ("A100,MI300X", true)];
    for (gpu, needs_image) in cases {
        let config = format!("type: task\ncommands: [x]\nresources: {{gpu: \"{gpu}\"}}\n");
        let out = run(&["--format", "json", "--offers", "--dstack-version", "0.18.37", "-"], config.as_bytes());
        let line = Json::parse(&text(&out.stdout)).unwrap();
        let codes: Vec<&str> = match line.get("diagnostics") {
            // Infos (how another dstack release reads the file) do not decide the exit code.
            Some(Json::Array(ds)) => ds
                .iter()
                .filter(|d| d.get("severity").and_then(Json::as_str) != Some("info"))
                .filter_map(|d| d.get("code").and_then(Json::as_str))
                .collect(),
            _ => vec![],
        };
        if needs_image {
            assert_eq!((out.status.code(), codes), (Some(1), vec!["E201"]), "{gpu}");
            assert_eq!(line.get("offers"), Some(&Json::Null), "{gpu}");
        } else {
            assert_eq!((out.status.code(), codes), (Some(0), vec![]), "{gpu}");
            let offers = line.get("offers").unwrap();
            assert_eq!(offers.get("rejected"), Some(&Json::Null), "{gpu}");
        }
        let with_image = format!("{config}image: rocm/pytorch\n");
        let out = run(&["--dstack-version=0.18.37", "-"], with_image.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{gpu} with an image");
    }
}

/// Fields that came after 0.18.37: errors under 0.18.37, valid under 0.22.5.
const NEWER: &str = "type: task\nimage: ubuntu\ncommands: [echo hi]\nfiles: [data]\nresources:\n  cpu: arm:8\n";

/// `code@path` of each diagnostic of a JSON line.
fn codes_at(line: &Json) -> Vec<String> {
    let diagnostics = line.get("diagnostics").and_then(Json::as_array).unwrap_or_default();
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}@{}",
                d.get("code").and_then(Json::as_str).unwrap(),
                d.get("path").and_then(Json::as_str).unwrap()
            )
        })
        .collect()
}

#[test]
fn each_release_gives_its_own_verdict_and_names_itself() {
    let dir = scratch("versions");
    let file = write(&dir, "newer.yml", NEWER.as_bytes());

    let old = run(&["--dstack-version", "0.18.37", "--format", "json", &file], b"");
    assert_eq!(old.status.code(), Some(1));
    let line = Json::parse(&text(&old.stdout)).unwrap();
    assert_eq!(line.get("dstack_version"), Some(&Json::str("0.18.37")));
    assert_eq!(line.get("parsed"), Some(&Json::Bool(false)));
    assert_eq!(codes_at(&line), ["E102@files", "E104@resources.cpu", "I002@resources.cpu"]);

    for args in [&["--format=json", &file][..], &["--dstack-version=0.22.5", "--format", "json", &file][..]] {
        let new = run(args, b"");
        assert_eq!(new.status.code(), Some(0), "{args:?}");
        let line = Json::parse(&text(&new.stdout)).unwrap();
        assert_eq!(line.get("dstack_version"), Some(&Json::str("0.22.5")));
        assert_eq!(line.get("parsed"), Some(&Json::Bool(true)));
        let cpu = line.get("normalized").and_then(|n| n.get("resources")).and_then(|r| r.get("cpu")).unwrap();
        assert_eq!(cpu.to_python_string(), r#"{"arch": "arm", "count": {"min": 8, "max": 8}}"#);
    }

    let shown = text(&run(&["--dstack-version", "0.18.37", "-"], NEWER.as_bytes()).stdout);
    assert!(shown.starts_with("error[E102]: "), "{shown}");
    assert!(shown.ends_with("<stdin>: 2 errors, 1 info (checked against dstack 0.18.37)\n"), "{shown}");
    let shown = text(&run(&["-", "--dstack-version", "0.22.5"], NEWER.as_bytes()).stdout);
    assert_eq!(shown, "<stdin>: ok (checked against dstack 0.22.5)\n");
}

#[test]
fn the_release_applies_to_effective_offers_and_markdown() {
    let out =
        run(&["--dstack-version", "0.18.37", "--format", "json", "--effective", "--offers", "-"], NEWER.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let line = Json::parse(&text(&out.stdout)).unwrap();
    assert_eq!(
        (line.get("dstack_version"), line.get("effective"), line.get("offers")),
        (Some(&Json::str("0.18.37")), Some(&Json::Null), Some(&Json::Null))
    );
    let out = run(&["--format", "json", "--effective", "--offers", "-"], NEWER.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let line = Json::parse(&text(&out.stdout)).unwrap();
    assert_eq!(line.get("dstack_version"), Some(&Json::str("0.22.5")));
    assert!(matches!(line.get("effective"), Some(Json::Object(_))), "{line:?}");
    assert!(matches!(line.get("offers"), Some(Json::Object(_))), "{line:?}");

    let page = format!("# Page\n\n```yaml\n{NEWER}```\n");
    for (version, status, summary) in [("0.18.37", 1, "<stdin>:3: 2 errors, 1 info"), ("0.22.5", 0, "<stdin>:3: ok")] {
        let out = run(&["--markdown", "--dstack-version", version, "-"], page.as_bytes());
        assert_eq!(out.status.code(), Some(status), "{version}");
        let shown = text(&out.stdout);
        assert!(shown.ends_with(&format!("{summary} (checked against dstack {version})\n")), "{shown}");
        let out =
            run(&["--markdown", "--format", "json", &format!("--dstack-version={version}"), "-"], page.as_bytes());
        let line = Json::parse(&text(&out.stdout)).unwrap();
        let keys: Vec<&str> = match &line {
            Json::Object(entries) => entries.iter().map(|(k, _)| k.as_ref()).collect(),
            _ => vec![],
        };
        assert_eq!(keys, ["file", "block", "dstack_version", "parsed", "normalized", "effective", "diagnostics"]);
        assert_eq!(line.get("dstack_version"), Some(&Json::str(version)));
    }
}

#[test]
fn explain_ignores_the_release() {
    let out = run(&["--dstack-version", "0.18.37", "--explain", "E102"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("E102 ("), "{}", text(&out.stdout));
}

#[test]
fn schema_prints_the_committed_file() {
    let out = run(&["--schema", "--dstack-version", "0.18.37"], b"");
    assert_eq!(out.status.code(), Some(0));
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas/dstack-0.18.37.json"));
    assert_eq!(text(&out.stdout), committed.unwrap_or_default());
    let out = run(&["--schema", "--type", "volume"], b"");
    let schema = Json::parse(&text(&out.stdout)).unwrap_or(Json::Null);
    assert_eq!(schema.get("title").and_then(Json::as_str), Some("dstack 0.22.5 configuration: volume"));
}
