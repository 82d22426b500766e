//! "Copy as Markdown": the configuration as a fenced `yaml` block plus its share link, ready to
//! paste into a GitHub issue or a chat.

/// `text` in a fenced `yaml` block, then a link to `url`. The fence is longer than any run of
/// backticks in the text, so the block always closes where it should.
pub fn snippet(text: &str, url: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let body = text.strip_suffix('\n').unwrap_or(text);
    format!("{fence}yaml\n{body}\n{fence}\n\n[Open in the dstack configuration playground]({url})\n")
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn a_fenced_block_and_the_link() {
        assert_eq!(
            snippet("type: task\ncommands: [ls]\n", "https://x.test/#c=abc"),
            "```yaml\ntype: task\ncommands: [ls]\n```\n\n[Open in the dstack configuration playground](https://x.test/#c=abc)\n"
        );
    }

    #[test]
    fn the_fence_outgrows_backticks_in_the_text() {
        assert_eq!(
            snippet("# ```` not the end\ntype: task", "u"),
            "`````yaml\n# ```` not the end\ntype: task\n`````\n\n[Open in the dstack configuration playground](u)\n"
        );
    }
}
