//! `--markdown`: every dstack block of Markdown pages, its problems located in the page.

use std::ffi::OsString;
use std::num::NonZeroUsize;

use dstack_check::Options;
use dstack_check::markdown::{PageBlock, Status, check_page};
use dstack_core::Json;

use crate::args::Format;
use crate::{Output, name_of, render_text, shown, use_color, workers};

/// Checks the blocks of every page in order, printing each page's report when it is ready; many
/// pages on several threads (`threads`: `--threads`), their reports printed in the same order.
pub fn run(format: Format, threads: Option<NonZeroUsize>, options: &Options, files: &[OsString]) -> u8 {
    let stdout = Output::new();
    let color = use_color(format, &stdout);
    let report = |index, file: &OsString, bytes: &[u8], out: &mut String| {
        page_report(index, file, bytes, format, color, options, out)
    };
    workers::check_all(threads, files, stdout, &report)
}

/// Checks the blocks of the `index`th page, whose text is `bytes`, appends its report to `out`,
/// and says whether no block has an error.
fn page_report(
    index: usize,
    file: &OsString,
    bytes: &[u8],
    format: Format,
    color: bool,
    options: &Options,
    out: &mut String,
) -> bool {
    let name = name_of(file);
    let page = String::from_utf8_lossy(bytes);
    let blocks = check_page(&page, options);
    match format {
        Format::Json => {
            for block in &blocks {
                out.push_str(&block_json(&name, block).to_python_string());
                out.push('\n');
            }
        }
        Format::Text => {
            if index > 0 {
                out.push('\n');
            }
            out.push_str(&page_text(shown(file, &name), &page, &blocks, color));
        }
    }
    !blocks.iter().any(|b| b.checked.as_ref().is_some_and(|c| !c.report.is_valid()))
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
