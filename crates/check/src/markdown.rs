//! Markdown pages: the dstack YAML blocks of a page and their checks, located in the page itself
//! (`dstack-check --markdown`, and the docs drop-in's build-time badges).
//!
//! A block is a fenced code block (```` ``` ```` or `~~~`, at any indentation, as MkDocs Material
//! nests them in admonitions and tabs) whose language is `yaml` or `yml`. It is a dstack
//! configuration when its top level has `type:` with one of dstack's configuration types, or when
//! a marker opts it in. Markers are an HTML comment on a line before the fence, which applies to
//! the next YAML block, or a YAML comment inside the block:
//!
//! * `<!-- dstack-check: skip -->` / `# dstack-check: skip`: not checked (an intentionally broken
//!   example);
//! * `<!-- dstack-check: check -->` / `# dstack-check: check`: checked as it is even without a
//!   `type:` line dstack's docs would recognise (a missing `type` is then an error).

use crate::{Checked, Options, check};

/// The `type:` values of dstack configurations.
const DSTACK_TYPES: [&str; 7] = ["task", "service", "dev-environment", "fleet", "gateway", "volume", "preset"];

/// The marker word that names this tool in comments.
const MARKER: &str = "dstack-check:";

/// A fenced YAML block of a page that is a dstack configuration, or that a marker names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// 1-based line of the opening fence in the page.
    pub fence_line: u32,
    /// 1-based line of the block's first line of YAML in the page.
    pub first_line: u32,
    /// Characters of indentation taken off every line (the fence's own indentation).
    pub indent: u32,
    /// The YAML, without the indentation, each line ending in `\n`.
    pub text: String,
    /// Whether and why it is checked.
    pub status: Status,
}

/// Whether a block is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// A configuration of a dstack type, or opted in by a `check` marker.
    Checked,
    /// Opted out by a `skip` marker.
    Skipped,
}

impl Status {
    /// `checked` or `skipped`, as `--format json` names them.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Checked => "checked",
            Status::Skipped => "skipped",
        }
    }
}

/// A block with its check, whose diagnostics are located in the page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageBlock {
    /// The block.
    pub block: Block,
    /// Its check, when its status is [`Status::Checked`].
    pub checked: Option<Checked>,
}

/// What a marker asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    Skip,
    Check,
}

/// Every dstack block of a page, in order.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let lines: Vec<&str> = markdown.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)).collect();
    let mut found = Vec::new();
    let mut pending: Option<Marker> = None;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let Some(fence) = Fence::open(line) else {
            if let Some(marker) = html_marker(line) {
                pending = Some(marker);
            }
            index += 1;
            continue;
        };
        let body_start = index + 1;
        let body_end = (body_start..lines.len()).find(|&i| fence.closes(lines[i])).unwrap_or(lines.len());
        if fence.is_yaml {
            let text: String =
                lines[body_start..body_end].iter().map(|l| format!("{}\n", dedent(l, fence.indent))).collect();
            let marker = pending.take().or_else(|| yaml_marker(&text));
            let status = match (marker, top_level_type(&text)) {
                (Some(Marker::Skip), _) => Some(Status::Skipped),
                (Some(Marker::Check), _) => Some(Status::Checked),
                (None, Some(kind)) if DSTACK_TYPES.contains(&kind.as_str()) => Some(Status::Checked),
                (None, _) => None,
            };
            if let Some(status) = status {
                found.push(Block {
                    fence_line: line_number(index),
                    first_line: line_number(body_start),
                    indent: u32::try_from(fence.indent).unwrap_or(u32::MAX),
                    text,
                    status,
                });
            }
        }
        index = body_end + 1;
    }
    found
}

/// Checks every dstack block of a page; diagnostics are moved to the block's place in the page.
pub fn check_page(markdown: &str, options: &Options) -> Vec<PageBlock> {
    blocks(markdown)
        .into_iter()
        .map(|block| {
            let checked = (block.status == Status::Checked).then(|| {
                let mut checked = check(&block.text, options);
                for d in &mut checked.report.diagnostics {
                    for position in [&mut d.range.start, &mut d.range.end] {
                        position.line = position.line.saturating_add(block.first_line - 1);
                        position.column = position.column.saturating_add(block.indent);
                    }
                }
                checked
            });
            PageBlock { block, checked }
        })
        .collect()
}

fn line_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// An opening code fence.
struct Fence {
    /// Spaces before the fence.
    indent: usize,
    /// `` ` `` or `~`.
    char: char,
    /// How many of them (at least 3).
    length: usize,
    /// Whether the language is YAML.
    is_yaml: bool,
}

impl Fence {
    fn open(line: &str) -> Option<Fence> {
        let rest = line.trim_start_matches(' ');
        let indent = line.len() - rest.len();
        let char = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let length = rest.chars().take_while(|c| *c == char).count();
        if length < 3 {
            return None;
        }
        let info = rest[length..].trim();
        if char == '`' && info.contains('`') {
            return None;
        }
        // `yaml title="x"`, `{.yaml .copy}` and `{ .yaml }` all name the language first.
        let language = info.trim_start_matches(['{', ' ', '.']).split([' ', '}', '\t']).next().unwrap_or("");
        let is_yaml = language.eq_ignore_ascii_case("yaml") || language.eq_ignore_ascii_case("yml");
        Some(Fence { indent, char, length, is_yaml })
    }

    fn closes(&self, line: &str) -> bool {
        let rest = line.trim_start_matches(' ');
        let length = rest.chars().take_while(|c| *c == self.char).count();
        length >= self.length && rest[length..].trim().is_empty()
    }
}

/// A line without up to `indent` leading spaces.
fn dedent(line: &str, indent: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(indent)..]
}

/// The marker of an HTML comment line: `<!-- dstack-check: skip -->`.
fn html_marker(line: &str) -> Option<Marker> {
    let inner = line.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
    marker_word(inner)
}

/// The marker of a YAML comment line in the block: `# dstack-check: skip`.
fn yaml_marker(text: &str) -> Option<Marker> {
    text.lines().find_map(|line| marker_word(line.trim().strip_prefix('#')?))
}

fn marker_word(comment: &str) -> Option<Marker> {
    match comment.trim().strip_prefix(MARKER)?.trim() {
        "skip" => Some(Marker::Skip),
        "check" => Some(Marker::Check),
        _ => None,
    }
}

/// The value of a top-level `type:` key, unquoted, without a trailing comment.
fn top_level_type(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix("type")?.trim_start_matches(' ').strip_prefix(':')?;
        let value = value.split(" #").next().unwrap_or("").trim();
        Some(value.trim_matches(['"', '\'']).to_owned())
    })
}

#[cfg(test)]
mod tests;
