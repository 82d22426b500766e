//! `--markdown`: every dstack block of Markdown pages, its problems located in the page.

use std::ffi::OsString;

use dstack_check::Options;
use dstack_check::markdown::{PageBlock, Status, check_page};
use dstack_core::Json;

use crate::args::Format;
use crate::{EXIT_INVALID, EXIT_OK, EXIT_TROUBLE, Output, read, render_text, use_color};

/// Checks the blocks of every page in order, printing each page's report when it is ready.
pub fn run(format: Format, options: &Options, files: &[OsString]) -> u8 {
    let mut stdout = Output::new();
    let color = use_color(format, &stdout);
    let mut status = EXIT_OK;
    let mut bytes = Vec::new();
    let mut reader = read::Reader::new(files, true);
    for (index, file) in files.iter().enumerate() {
        let name = file.to_string_lossy();
        let page = match reader.read(index, &mut bytes) {
            Ok(()) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("dstack-check: error: cannot read `{name}`: {e}");
                status = EXIT_TROUBLE;
                continue;
            }
        };
        let shown = if file == "-" { "<stdin>" } else { &name };
        let blocks = check_page(&page, options);
        let output = match format {
            Format::Json => blocks.iter().map(|b| format!("{}\n", block_json(&name, b).to_python_string())).collect(),
            Format::Text => {
                let separator = if index == 0 { "" } else { "\n" };
                format!("{separator}{}", page_text(shown, &page, &blocks, color))
            }
        };
        stdout.buffer().push_str(&output);
        if !stdout.written() {
            return EXIT_TROUBLE;
        }
        let invalid = blocks.iter().any(|b| b.checked.as_ref().is_some_and(|c| !c.report.is_valid()));
        if invalid && status == EXIT_OK {
            status = EXIT_INVALID;
        }
    }
    if stdout.finish() { status } else { EXIT_TROUBLE }
}

/// The text report of a page: each checked block as a file would be, its summary labelled
/// `page.md:LINE` (the opening fence); one line for each skipped block.
fn page_text(file: &str, page: &str, blocks: &[PageBlock], color: bool) -> String {
    if blocks.is_empty() {
        return format!("{file}: no dstack blocks\n");
    }
    let mut out = String::new();
    for PageBlock { block, checked } in blocks {
        let label = format!("{file}:{}", block.fence_line);
        match (&block.status, checked) {
            (Status::Checked, Some(checked)) => {
                out.push_str(&render_text::render_labelled(file, &label, page, checked, color));
            }
            (Status::Skipped | Status::Checked, _) => {
                out.push_str(&format!("{label}: skipped (dstack-check: skip)\n"));
            }
        }
    }
    out
}

/// One JSON line per block: a checked block is the `--format json` object of a file with its
/// diagnostics located in the page, plus `block`; a skipped one has only `file` and `block`.
fn block_json(file: &str, page_block: &PageBlock) -> Json {
    let block = &page_block.block;
    let about =
        vec![("line".into(), Json::Int(block.fence_line.into())), ("status".into(), Json::str(block.status.name()))];
    let about = ("block".into(), Json::Object(about));
    match page_block.checked.as_ref().map(|c| c.to_json(file)) {
        Some(Json::Object(mut fields)) => {
            fields.insert(1.min(fields.len()), about);
            Json::Object(fields)
        }
        _ => Json::Object(vec![("file".into(), Json::str(file)), about]),
    }
}
