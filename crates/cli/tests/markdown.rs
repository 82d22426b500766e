//! `--markdown` on the drop-in's test site (tests/docsite/docs): every dstack block found, each
//! problem at its exact line and column in the .md file (front matter counted), text and JSON,
//! and the exit status. The expectations are dstack 0.18.37's, the release the site describes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use dstack_core::Json;

const SITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/docsite/docs/");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dstack-check"))
        .args(["--dstack-version", "0.18.37"])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The service block of services.md (fence at line 5), as a file of its own.
const SERVICE: &str = "type: service\ncommands: [python app.py]\nport: 8000\n";

/// `code@line:column` of the diagnostics of `text` checked alone, moved `lines` down.
fn alone(text: &str, lines: i128) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dstack-check"))
        .args(["--dstack-version", "0.18.37", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let doc = Json::parse(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    let start = |d: &Json, key: &str| d.get("range").unwrap().get("start").unwrap().get(key).unwrap().as_int().unwrap();
    doc.get("diagnostics")
        .and_then(Json::as_array)
        .unwrap()
        .iter()
        .map(|d| {
            format!("{}@{}:{}", d.get("code").unwrap().as_str().unwrap(), start(d, "line") + lines, start(d, "column"))
        })
        .collect()
}

fn page(name: &str) -> String {
    format!("{SITE}{name}")
}

/// Each block of a `--format json` run: fence line, status, and `code@line:column` of its diagnostics.
fn blocks(stdout: &[u8]) -> Vec<(i128, String, Vec<String>)> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|line| {
            let doc = Json::parse(line).unwrap();
            let block = doc.get("block").unwrap();
            let diagnostics = doc.get("diagnostics").and_then(Json::as_array).unwrap_or_default();
            let at =
                |d: &Json, key: &str| d.get("range").unwrap().get("start").unwrap().get(key).unwrap().as_int().unwrap();
            (
                block.get("line").unwrap().as_int().unwrap(),
                block.get("status").unwrap().as_str().unwrap().to_owned(),
                diagnostics
                    .iter()
                    .map(|d| {
                        format!("{}@{}:{}", d.get("code").unwrap().as_str().unwrap(), at(d, "line"), at(d, "column"))
                    })
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn json_locates_every_problem_in_the_page() {
    let out = run(&["--markdown", "--format", "json", &page("index.md"), &page("services.md")]);
    assert_eq!(out.status.code(), Some(1));
    let owned = |(line, status, codes): (i128, &str, &[&str])| {
        (line, status.to_owned(), codes.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>())
    };
    // I003: how dstack 0.18.37 and 0.22.5 read a valid block differently.
    let expected: Vec<_> = [
        (11, "checked", &["I003@12:1", "I003@19:8"][..]),
        (29, "checked", &["W002@34:9", "I003@30:5"][..]),
        (43, "checked", &["I003@44:5"][..]),
        (52, "checked", &["E118@53:5", "E102@54:5"][..]),
        (64, "skipped", &[][..]),
    ]
    .into_iter()
    .map(owned)
    .chain([(5, "checked".to_owned(), alone(SERVICE, 5)), owned((15, "checked", &["I003@16:5"][..]))])
    .collect();
    assert_eq!(blocks(&out.stdout), expected);
    assert_eq!(alone(SERVICE, 5).len(), 1);
}

#[test]
fn text_names_the_page_line_and_column() {
    let out = run(&["--markdown", &page("services.md")]);
    let services = page("services.md");
    let defaults = "info[I003]: dstack 0.18.37 and 0.22.5 fill in different defaults: no `image` means \
                    `dstackai/base:py<server Python>-0.6-cuda-12.1` vs `dstackai/base:0.16-base-ubuntu24.04`; no \
                    `working_dir` means `/workflow` vs the image's working directory; no `resources.gpu` means no GPU \
                    requirement vs any number of GPUs (`0..`); no `max_duration` means a 72h time limit vs no time limit";
    // The service block comes first, its summary labelled with its fence line; then the task.
    let text = String::from_utf8(out.stdout).unwrap();
    let task = format!(
        "{defaults}\n  --> {services}:16:5\n   |\n16 |     type: task\n   |     ^\n\n{services}:15: ok, 1 info (checked \
         against dstack 0.18.37)\n"
    );
    let service = text.strip_suffix(&task).unwrap();
    assert!(service.contains(&format!("\n --> {services}:6:")), "{service}");
    assert_eq!(service.lines().filter(|l| l.starts_with(&format!("{services}:5: "))).count(), 1, "{service}");
    let out = run(&["--markdown", &page("index.md")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!(
        "  --> {}:54:5\n   |\n54 |     comands: [nvidia-smi]\n   |     ^^^^^^^\n",
        page("index.md")
    )));
    assert!(text.ends_with(&format!(
        "{0}:52: 2 errors (checked against dstack 0.18.37)\n{0}:64: skipped (dstack-check: skip)\n",
        page("index.md")
    )));
}

#[test]
fn a_page_without_dstack_blocks() {
    let out = run(&["--markdown", "-"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "<stdin>: no dstack blocks\n");
}

/// The README's CI step, run as written in a docs checkout: fails on a broken example in a
/// subdirectory, passes once it is fixed.
#[test]
fn the_readme_ci_step_works() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let after = &readme[readme.find("A plain CI step").unwrap()..];
    let start = after.find("```sh\n").unwrap() + "```sh\n".len();
    let step = &after[start..start + after[start..].find("```").unwrap()];
    let dir = std::env::temp_dir().join(format!("dstack-check-ci-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("docs/guides")).unwrap();
    std::fs::write(dir.join("docs/index.md"), "```yaml\ntype: task\ncommands: [ls]\n```\n").unwrap();
    let bad = dir.join("docs/guides/train.md");
    std::fs::write(&bad, "# Train\n\n```yaml\ntype: task\ncomands: [ls]\n```\n").unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_dstack-check")).parent().unwrap().to_owned();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let ci = || Command::new("bash").args(["-e", "-c", step]).current_dir(&dir).env("PATH", &path).output().unwrap();
    let failed = ci();
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8(failed.stdout).unwrap().contains("--> docs/guides/train.md:4:1\n"));
    std::fs::write(&bad, "# Train\n\n```yaml\ntype: task\ncommands: [ls]\n```\n").unwrap();
    assert_eq!(ci().status.code(), Some(0));
}

/// A service block with `--offers`: the price per replica and for its replica range.
#[test]
fn a_service_block_shows_its_replica_prices() {
    let out = Command::new(env!("CARGO_BIN_EXE_dstack-check"))
        .args(["--markdown", "--offers", &page("services.md")])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(
        "\n\noffers: 2316 matching (0 spot, 2316 on-demand), per replica $0.0370–$142.42/h; 1 replica: $0.0370/h\n"
    ));
    assert!(text.contains(&format!("\n{}:5: ok, 1 info (checked against dstack 0.22.5)\n", page("services.md"))));
}

/// Many pages checked on several threads give the same reports and exit status, byte for byte,
/// as on one thread, with a missing page among them.
#[test]
fn pages_on_threads_print_what_one_thread_prints() {
    let pages: Vec<String> = ["index.md", "secrets.md", "services.md"].map(|p| format!("{SITE}{p}")).to_vec();
    let mut files: Vec<&str> = pages.iter().map(String::as_str).cycle().take(3 * 50).collect();
    let missing = format!("{SITE}missing.md");
    files.insert(100, &missing);
    for format in ["json", "text"] {
        let on = |threads: &str| {
            let mut args = vec!["--markdown", "--format", format, "--threads", threads];
            args.extend(&files);
            run(&args)
        };
        let one = on("1");
        assert_eq!(one.status.code(), Some(2), "a page cannot be read");
        assert_eq!(
            String::from_utf8_lossy(&one.stderr),
            format!("dstack-check: error: cannot read `{missing}`: No such file or directory (os error 2)\n")
        );
        assert!(one.stdout.len() > 150 * 100, "{format}: every page's report");
        for threads in ["2", "4"] {
            let many = on(threads);
            assert_eq!(many.status.code(), one.status.code(), "{format} on {threads} threads");
            assert_eq!(many.stderr, one.stderr, "{format} on {threads} threads");
            assert!(many.stdout == one.stdout, "{format} on {threads} threads: other reports");
        }
    }
}
