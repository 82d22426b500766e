use dstack_core::{Position, Range};

use super::*;

/// A page shaped like dstack's docs: an editor-title block, a task in an admonition, tabs, a
/// service, a skipped broken example, YAML that is not dstack's, and a fence inside a fence.
const PAGE: &str = r#"# Tasks

<div editor-title="train.dstack.yml">

```yaml
type: task
commands:
  - python train.py
```

</div>

!!! info "Ports"
    Ports look like this:

    ```yaml title="ports.dstack.yml"
    type: task
    commands: [serve]
    bogus: 1
    ```

=== "Service"

    ```yml
    type: service # a comment
    commands: [serve]
    port: 80
    ```

<!-- dstack-check: skip -->
<div editor-title="broken.dstack.yml">

```yaml
type: task
comands: [oops]
```

</div>

```yaml
name: not-dstack
```

````markdown
```yaml
type: task
```
````

~~~{.yaml .copy}
# dstack-check: check
commands: [a]
~~~
"#;

#[test]
fn finds_the_dstack_blocks_with_their_lines_and_indentation() {
    let found: Vec<(u32, u32, u32, Status)> =
        blocks(PAGE).into_iter().map(|b| (b.fence_line, b.first_line, b.indent, b.status)).collect();
    assert_eq!(
        found,
        vec![
            (5, 6, 0, Status::Checked),
            (16, 17, 4, Status::Checked),
            (24, 25, 4, Status::Checked),
            (33, 34, 0, Status::Skipped),
            (50, 51, 0, Status::Checked),
        ]
    );
}

#[test]
fn block_text_loses_the_fence_indentation() {
    let block = &blocks(PAGE)[1];
    assert_eq!(block.text, "type: task\ncommands: [serve]\nbogus: 1\n");
}

#[test]
fn diagnostics_are_located_in_the_page() {
    let options = Options::default().with_version(dstack_core::DstackVersion::V0_18_37);
    let page = check_page(PAGE, &options);
    let located: Vec<(u32, Vec<(&str, Range)>)> = page
        .iter()
        .filter(|p| !p.block.text.starts_with("type: service"))
        .filter_map(|p| {
            let checked = p.checked.as_ref()?;
            Some((p.block.fence_line, checked.report.diagnostics.iter().map(|d| (d.code, d.range)).collect()))
        })
        .collect();
    let at = |line, column, end_column| Range {
        start: Position { line, column },
        end: Position { line, column: end_column },
    };
    // The first block is valid; dstack 0.18.37 and 0.22.5 fill in different defaults for it.
    assert_eq!(
        located,
        vec![(5, vec![("I003", at(6, 1, 2))]), (16, vec![("E102", at(19, 5, 10))]), (50, vec![("E100", at(52, 1, 2))])]
    );
    assert!(page.iter().filter(|p| p.block.status != Status::Checked).all(|p| p.checked.is_none()));
    // The service: its own diagnostics, 24 lines down and 4 columns in.
    let service = &page[2];
    let moved = |p: Position| Position { line: p.line + 24, column: p.column + 4 };
    let own: Vec<(&str, Range)> = check(&service.block.text, &options)
        .report
        .diagnostics
        .iter()
        .map(|d| (d.code, Range { start: moved(d.range.start), end: moved(d.range.end) }))
        .collect();
    let in_page: Vec<(&str, Range)> =
        service.checked.as_ref().unwrap().report.diagnostics.iter().map(|d| (d.code, d.range)).collect();
    assert_eq!((service.block.fence_line, in_page.len()), (24, 1));
    assert_eq!(in_page, own);
}

#[test]
fn crlf_pages_and_unclosed_fences() {
    let page = "text\r\n  ```yaml\r\n  type: task\r\n  commands: [a]\r\n";
    let found = blocks(page);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].fence_line, found[0].first_line, found[0].indent), (2, 3, 2));
    assert_eq!(found[0].text, "type: task\ncommands: [a]\n\n");
}

#[test]
fn a_marker_applies_to_the_next_yaml_block_only() {
    let page = "<!-- dstack-check: skip -->\n```sh\nls\n```\n```yaml\ntype: task\n```\n```yaml\ntype: task\n```\n";
    let statuses: Vec<(u32, Status)> = blocks(page).into_iter().map(|b| (b.fence_line, b.status)).collect();
    assert_eq!(statuses, vec![(5, Status::Skipped), (8, Status::Checked)]);
}

#[test]
fn quoted_types_and_unknown_types() {
    let page = "```yaml\ntype: \"fleet\"\n```\n```yaml\ntype: pipeline\n```\n```YAML\ntype: 'task'\n```\n";
    let statuses: Vec<Status> = blocks(page).into_iter().map(|b| b.status).collect();
    assert_eq!(statuses, vec![Status::Checked, Status::Checked]);
}
