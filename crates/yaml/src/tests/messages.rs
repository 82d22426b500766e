//! Every message the loader words, pinned: one input for each, with its exact message, range,
//! help and PyYAML wording, so that a parser upgrade cannot quietly degrade them.

use super::*;

/// One input and the error it must give.
struct Case {
    text: &'static str,
    kind: ErrorKind,
    message: &'static str,
    range: (u32, u32, u32, u32),
    help: Option<&'static str>,
    pyyaml: Option<&'static str>,
}

#[test]
fn every_message_is_pinned() {
    let mut wrong = Vec::new();
    for case in CASES {
        let text = expand(case.text);
        let Err(d) = load(&text, &limits()) else {
            wrong.push(format!("{:?} loaded", case.text));
            continue;
        };
        let got = (d.kind, d.message.as_str(), range_of(&d), d.help.as_deref(), d.pyyaml.as_deref());
        let want = (case.kind, case.message, case.range, case.help, case.pyyaml);
        if got != want {
            wrong.push(format!("{:?}\n  got  {got:?}\n  want {want:?}", case.text));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The text of a case: some are generated, too long to write out.
fn expand(text: &str) -> String {
    // More lines or entries than the loader inserts spaces for (64).
    let many = |f: &dyn Fn(usize) -> String, sep: &str| (0..70).map(f).collect::<Vec<_>>().join(sep);
    match text {
        "<DEEP>" => "[".repeat(300),
        "<FLOW>" => format!("a:\n  b: [\n{}]", "x,\n".repeat(30)),
        "<QUOTE>" => format!("a:\n  b: \"x\n{}\"", "y\n".repeat(30)),
        "<COLON>" => format!("a: {{{}}}", many(&|i| format!("k{i}:[1]"), ", ")),
        "<HASH>" => format!("a: [{}]", many(&|i| format!("[{i}]# c\n"), ", ")),
        "<DIGITS>" => format!("a: {}", "7".repeat(4301)),
        "<DASH>" => format!("a: [{}]", many(&|_| "-".to_string(), ", ")),
        text => text.to_string(),
    }
}

/// One case per message the loader can word (messages that embed the input count once).
const CASES: &[Case] = &[
    Case {
        text: "a: b: c",
        kind: ErrorKind::Syntax,
        message: "a mapping value (`:` followed by a space) is not allowed here",
        range: (1, 5, 1, 6),
        help: Some(
            "if the `:` is part of the text, quote the whole value (`key: \"a: b\"`); if it starts a new key, put it on its own line, aligned with the other keys",
        ),
        pyyaml: Some("mapping values are not allowed here"),
    },
    Case {
        text: "x: - y",
        kind: ErrorKind::Syntax,
        message: "a list item (`- `) cannot start here",
        range: (1, 4, 1, 5),
        help: Some("start the list on the next line, indented under its key, or quote the value if the `-` is text"),
        pyyaml: Some("sequence entries are not allowed here"),
    },
    Case {
        text: "a:\n  b: 1\n c: 2",
        kind: ErrorKind::Syntax,
        message: "expected a `key: value` line aligned with the other keys of this mapping, but found `c:`",
        range: (3, 2, 3, 3),
        help: Some(
            "check the indentation: the keys of one mapping start in the same column, and a value continues only on lines indented further than its key",
        ),
        pyyaml: Some("while parsing a block mapping: expected <block end>"),
    },
    Case {
        text: "- a\nb: 1",
        kind: ErrorKind::Syntax,
        message: "expected another list item (`- `) aligned with the items above, but found `b:`",
        range: (2, 1, 2, 2),
        help: Some("check the indentation: the items of one list start in the same column"),
        pyyaml: Some("while parsing a block collection: expected <block end>"),
    },
    Case {
        text: "a: [b, c\nd: e",
        kind: ErrorKind::Syntax,
        message: "a `:` cannot appear here",
        range: (2, 2, 2, 3),
        help: Some("quote the value if the `:` is part of it"),
        pyyaml: None,
    },
    Case {
        text: "a: {x: 1",
        kind: ErrorKind::Syntax,
        message: "expected `,` or `}` in the mapping opened at line 1, column 4, but found the end of the file",
        range: (1, 9, 1, 9),
        help: Some(
            "separate the entries with `,`, close the mapping with `}`, and quote values that contain `:` or `#`",
        ),
        pyyaml: Some("while parsing a flow mapping: expected ',' or '}'"),
    },
    Case {
        text: "a: \"unterminated",
        kind: ErrorKind::Syntax,
        message: "this quoted string is never closed",
        range: (1, 4, 1, 5),
        help: Some("add the closing quote"),
        pyyaml: Some("while scanning a quoted scalar: found unexpected end of stream"),
    },
    Case {
        text: "a: \"x\n---\ny\"",
        kind: ErrorKind::Syntax,
        message: "a `---` or `...` line interrupts this quoted string",
        range: (1, 4, 1, 5),
        help: Some("close the quote before that line"),
        pyyaml: Some("while scanning a quoted scalar: found unexpected document separator"),
    },
    Case {
        text: "a:  \"x\" y",
        kind: ErrorKind::Syntax,
        message: "unexpected text after the closing quote",
        range: (1, 9, 1, 10),
        help: Some("quote the whole value, or turn the extra text into a comment with ` # `"),
        pyyaml: Some("expected <block end>, but found '<scalar>'"),
    },
    Case {
        text: "a: b\nc",
        kind: ErrorKind::Syntax,
        message: "a key must be followed by `:`",
        range: (2, 2, 2, 2),
        help: Some("add `: ` after the key, or indent this line further if it continues the previous value"),
        pyyaml: Some("while scanning a simple key: could not find expected ':'"),
    },
    Case {
        text: "{a: 1}}",
        kind: ErrorKind::Syntax,
        message: "unexpected closing `}`",
        range: (1, 7, 1, 8),
        help: Some("remove it, or add the matching opening bracket"),
        pyyaml: Some("expected the node content, but found '}'"),
    },
    Case {
        text: "a: *nope",
        kind: ErrorKind::Syntax,
        message: "the alias `*nope` refers to an anchor `&nope` that is not defined before it",
        range: (1, 4, 1, 5),
        help: Some("define the anchor on an earlier value, or fix the name"),
        pyyaml: Some("found undefined alias 'nope'"),
    },
    Case {
        text: "<FLOW>",
        kind: ErrorKind::Syntax,
        message: "this line inside `[...]` or `{...}` is indented less than the key that holds the collection; PyYAML accepts that, but this checker cannot read it",
        range: (24, 1, 24, 2),
        help: Some("indent the line further than the key"),
        pyyaml: None,
    },
    Case {
        text: "<QUOTE>",
        kind: ErrorKind::Syntax,
        message: "a continuation line of this quoted string is indented less than its key; PyYAML accepts that, but this checker cannot read it",
        range: (2, 6, 2, 7),
        help: Some("indent the continuation lines further than the key"),
        pyyaml: None,
    },
    Case {
        text: "a:\n  - b\n - c",
        kind: ErrorKind::Syntax,
        message: "expected a `key: value` line aligned with the other keys of this mapping, but found `-`",
        range: (3, 2, 3, 3),
        help: Some(
            "check the indentation: the keys of one mapping start in the same column, and a value continues only on lines indented further than its key",
        ),
        pyyaml: Some("while parsing a block mapping: expected <block end>"),
    },
    Case {
        text: "a: b # c\n  d",
        kind: ErrorKind::Syntax,
        message: "a comment cannot interrupt a value that continues on the next line",
        range: (2, 3, 2, 4),
        help: Some("remove the comment, or quote the value"),
        pyyaml: Some("expected <block end>, but found '<scalar>'"),
    },
    Case {
        text: "[a, , b]",
        kind: ErrorKind::Syntax,
        message: "expected a value, but found `,`",
        range: (1, 5, 1, 6),
        help: Some("write a value here, or remove the extra `,`"),
        pyyaml: Some("expected the node content, but found ','"),
    },
    Case {
        text: "--- a\n... b",
        kind: ErrorKind::Syntax,
        message: "unexpected `b` after the end of the document",
        range: (2, 5, 2, 6),
        help: Some("remove it, or indent it so that it belongs to the document"),
        pyyaml: Some("expected '<document start>'"),
    },
    Case {
        text: "a: |x",
        kind: ErrorKind::Syntax,
        message: "after `|` or `>` only `-`, `+`, an indentation digit and a comment may follow on the same line",
        range: (1, 5, 1, 6),
        help: Some("start the text on the next line, indented"),
        pyyaml: Some("while scanning a block scalar: expected chomping or indentation indicators"),
    },
    Case {
        text: "a: |\n    x\n  y",
        kind: ErrorKind::Syntax,
        message: "expected a `key: value` line aligned with the other keys of this mapping, but found `y`",
        range: (3, 3, 3, 4),
        help: Some(
            "check the indentation: the keys of one mapping start in the same column, and a value continues only on lines indented further than its key",
        ),
        pyyaml: Some("while parsing a block mapping: expected <block end>"),
    },
    Case {
        text: "- |\n  a\n b",
        kind: ErrorKind::Syntax,
        message: "expected another list item (`- `) aligned with the items above, but found `b`",
        range: (3, 2, 3, 3),
        help: Some("check the indentation: the items of one list start in the same column"),
        pyyaml: Some("while parsing a block collection: expected <block end>"),
    },
    Case {
        text: "<COLON>",
        kind: ErrorKind::Syntax,
        message: "this checker needs a space after `:` before `[` or `{` inside `{...}` (PyYAML does not)",
        range: (1, 574, 1, 575),
        help: Some("write `key: [...]` with a space after the colon"),
        pyyaml: None,
    },
    Case {
        text: "<HASH>",
        kind: ErrorKind::Syntax,
        message: "this checker needs a space before a `#` comment that follows `]`, `}` or a quote (PyYAML does not)",
        range: (65, 7, 65, 8),
        help: Some("add a space before `#`"),
        pyyaml: None,
    },
    Case {
        text: "<DASH>",
        kind: ErrorKind::Syntax,
        message: "this checker cannot read a lone `-` inside `[...]` or `{...}` (PyYAML reads it as the text \"-\")",
        range: (1, 197, 1, 198),
        help: Some("quote it: `\"-\"`"),
        pyyaml: None,
    },
    Case {
        text: "a: @foo",
        kind: ErrorKind::Syntax,
        message: "`@foo` cannot start a plain value",
        range: (1, 4, 1, 5),
        help: Some("quote the value"),
        pyyaml: Some("found character '@' that cannot start any token"),
    },
    Case {
        text: "a: \"\\q\"",
        kind: ErrorKind::Syntax,
        message: "unknown escape sequence `\\q` in a double-quoted string",
        range: (1, 5, 1, 7),
        help: Some("write `\\\\` for a backslash, or use single quotes, which have no escapes"),
        pyyaml: Some("while scanning a double-quoted scalar: found unknown escape character 'q'"),
    },
    Case {
        text: "a: \"\\x4g\"",
        kind: ErrorKind::Syntax,
        message: "invalid escape sequence in a double-quoted string",
        range: (1, 4, 1, 5),
        help: Some("`\\x`, `\\u` and `\\U` need 2, 4 and 8 hexadecimal digits"),
        pyyaml: None,
    },
    Case {
        text: "a: & x",
        kind: ErrorKind::Syntax,
        message: "an anchor (`&`) or alias (`*`) needs a name of letters, digits, `-` or `_`",
        range: (1, 4, 1, 5),
        help: Some("write a name right after the `&` or `*`"),
        pyyaml: None,
    },
    Case {
        text: "a: !<foo 1",
        kind: ErrorKind::Syntax,
        message: "this tag is not well-formed (while scanning a verbatim tag, did not find the expected '>')",
        range: (1, 4, 1, 5),
        help: Some("remove the tag"),
        pyyaml: None,
    },
    Case {
        text: "%YAML 1.1 x\n---\na",
        kind: ErrorKind::Syntax,
        message: "this `%` directive is not well-formed (while scanning a directive, did not find expected comment or line break)",
        range: (1, 1, 1, 2),
        help: Some("remove the directive line"),
        pyyaml: None,
    },
    Case {
        text: "a: 1\n%cmd: x",
        kind: ErrorKind::Syntax,
        message: "a line starting with `%` is a directive (like `%YAML 1.1`), and this one is not well-formed",
        range: (2, 5, 2, 6),
        help: Some("indent the line, or quote the text if `%` is part of a key"),
        pyyaml: Some("while scanning a directive: expected alphabetic or numeric character, but found ':'"),
    },
    Case {
        text: "a: 1\n%YAML 1.1\n---\nb: 2",
        kind: ErrorKind::MultipleDocuments,
        message: "a second YAML document starts here, but a file holds exactly one document",
        range: (2, 1, 2, 2),
        help: Some(
            "keep one configuration per file: remove this `---` (or `...`) and what follows, or move it to another file",
        ),
        pyyaml: Some("expected a single document in the stream, but found another document"),
    },
    Case {
        text: "resources:\n  : A100",
        kind: ErrorKind::Syntax,
        message: "a mapping key is missing before this `:`",
        range: (2, 3, 2, 4),
        help: Some("write the key before the `:`, or quote the value if the `:` belongs to it"),
        pyyaml: Some("expected <block end>, but found ':'"),
    },
    Case {
        text: "commands: [echo h? i]",
        kind: ErrorKind::Syntax,
        message: "`?` cannot appear in an unquoted value inside `[...]` or `{...}` (YAML 1.1)",
        range: (1, 18, 1, 19),
        help: Some("quote the value"),
        pyyaml: Some("expected ',' or ']', but got '?'"),
    },
    Case {
        text: "commands: [|echo hi]",
        kind: ErrorKind::Syntax,
        message: "`|` cannot start an unquoted value inside `[...]` or `{...}`",
        range: (1, 12, 1, 13),
        help: Some("quote the value"),
        pyyaml: Some("while scanning for the next token: found character '|' that cannot start any token"),
    },
    Case {
        text: "auth: {u\n  sername: u}",
        kind: ErrorKind::Syntax,
        message: "a key followed by `:` must fit on one line",
        range: (2, 10, 2, 11),
        help: Some("write the key and its `:` on the same line, or quote the key"),
        pyyaml: Some("expected ',' or '}', but got ':'"),
    },
    Case {
        text: "a:\tb",
        kind: ErrorKind::Syntax,
        message: "a tab character is not allowed here: PyYAML (YAML 1.1) accepts tabs only inside quoted or block text and comments",
        range: (1, 3, 1, 4),
        help: Some("replace the tab with spaces"),
        pyyaml: Some("while scanning for the next token: found character '\\t' that cannot start any token"),
    },
    Case {
        text: "a: &a 1\nb: &a 2",
        kind: ErrorKind::Syntax,
        message: "the anchor `&a` is already defined at line 1, column 4; PyYAML rejects a second definition",
        range: (2, 4, 2, 6),
        help: Some("give each anchor a different name"),
        pyyaml: Some("found duplicate anchor 'a'; first occurrence ... second occurrence"),
    },
    Case {
        text: "a: &a.b 1",
        kind: ErrorKind::Syntax,
        message: "`.` is not allowed in an anchor name: PyYAML accepts only ASCII letters, digits, `-` and `_`",
        range: (1, 6, 1, 7),
        help: Some("rename the anchor and its aliases, e.g. `&my_name`"),
        pyyaml: Some("while scanning an anchor: expected alphabetic or numeric character, but found '.'"),
    },
    Case {
        text: "a: &x [1]\nb: *x[0]",
        kind: ErrorKind::Syntax,
        message: "`[` is not allowed in an alias name: PyYAML accepts only ASCII letters, digits, `-` and `_`",
        range: (2, 6, 2, 7),
        help: Some("rename the anchor and its aliases, e.g. `*my_name`"),
        pyyaml: Some("while scanning an alias: expected alphabetic or numeric character, but found '['"),
    },
    Case {
        text: "a: !!str\n  - x",
        kind: ErrorKind::Unsupported,
        message: "the tag `!!str` needs a scalar, but the value is a sequence",
        range: (1, 4, 2, 6),
        help: Some("remove `!!str` or change the value"),
        pyyaml: Some("expected a scalar node, but found sequence"),
    },
    Case {
        text: "[a, b]: c",
        kind: ErrorKind::Unsupported,
        message: "a list or mapping cannot be used as a mapping key",
        range: (1, 1, 1, 7),
        help: Some("use a plain value as the key, or quote it"),
        pyyaml: Some("while constructing a mapping: found unhashable key"),
    },
    Case {
        text: "a: ]",
        kind: ErrorKind::Syntax,
        message: "unexpected closing `]`",
        range: (1, 4, 1, 5),
        help: Some("remove it, or add the matching opening bracket"),
        pyyaml: Some("expected the node content, but found ']'"),
    },
    Case {
        text: "<DIGITS>",
        kind: ErrorKind::Unsupported,
        message: "`7777777777777777777777777777777777777777…` is read as an integer (YAML 1.1), but it is not a \
                  valid one: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit",
        range: (1, 4, 1, 4305),
        help: Some("quote it (`\"7777777777777777777777777777777777777777…\"`) if it is meant as text"),
        pyyaml: Some(
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit",
        ),
    },
    Case {
        text: " - a\n- b\n",
        kind: ErrorKind::Syntax,
        message: "unexpected `-` after the end of the document",
        range: (2, 1, 2, 2),
        help: Some("remove it, or indent it so that it belongs to the document"),
        pyyaml: Some("expected '<document start>'"),
    },
    Case {
        text: "a: [1, 2",
        kind: ErrorKind::Syntax,
        message: "expected `,` or `]` in the list opened at line 1, column 4, but found the end of the file",
        range: (1, 9, 1, 9),
        help: Some("separate the items with `,`, close the list with `]`, and quote items that contain `:` or `#`"),
        pyyaml: Some("while parsing a flow sequence: expected ',' or ']'"),
    },
    Case {
        text: "a:\n  - b\n  c: d",
        kind: ErrorKind::Syntax,
        message: "expected another list item (`- `) aligned with the items above, but found `c:`",
        range: (3, 3, 3, 4),
        help: Some("check the indentation: the items of one list start in the same column"),
        pyyaml: Some("while parsing a block collection: expected <block end>"),
    },
    Case {
        text: "&a\n&b c",
        kind: ErrorKind::Syntax,
        message: "unexpected `&b` after the end of the document",
        range: (2, 1, 2, 2),
        help: Some("remove it, or indent it so that it belongs to the document"),
        pyyaml: Some("expected '<document start>'"),
    },
    Case {
        text: "'a'\nb: c",
        kind: ErrorKind::Syntax,
        message: "unexpected `b:` after the end of the document",
        range: (2, 1, 2, 2),
        help: Some("remove it, or indent it so that it belongs to the document"),
        pyyaml: Some("expected '<document start>'"),
    },
    Case {
        text: "a: !foo!bar x",
        kind: ErrorKind::Syntax,
        message: "this tag is not well-formed (the handle wasn't declared)",
        range: (1, 4, 1, 5),
        help: Some("remove the tag"),
        pyyaml: None,
    },
    Case {
        text: "%YAML\n---\na",
        kind: ErrorKind::Syntax,
        message: "this `%` directive is not well-formed (while scanning a YAML directive, did not find expected version number)",
        range: (1, 1, 1, 2),
        help: Some("remove the directive line"),
        pyyaml: None,
    },
    Case {
        text: "<DEEP>",
        kind: ErrorKind::Limit,
        message: "lists and mappings are nested more than 200 levels deep here",
        range: (1, 256, 1, 257),
        help: Some("a configuration needs only a few levels; check for unbalanced brackets"),
        pyyaml: None,
    },
    Case {
        text: "a: b\0",
        kind: ErrorKind::Unsupported,
        message: "the text contains a NUL character (U+0000), which YAML does not allow anywhere in a file",
        range: (1, 5, 1, 6),
        help: Some(
            "remove it; NUL characters usually mean the file is binary or saved as UTF-16, so save it as UTF-8 text",
        ),
        pyyaml: Some("unacceptable character #x0000: special characters are not allowed"),
    },
    Case {
        text: "a: \u{1b}",
        kind: ErrorKind::Unsupported,
        message: "the text contains the invisible control character U+001B, which YAML does not allow anywhere in a file",
        range: (1, 4, 1, 5),
        help: Some("remove the character"),
        pyyaml: Some("unacceptable character #x001b: special characters are not allowed"),
    },
    Case {
        text: "&a [*a]",
        kind: ErrorKind::Unsupported,
        message: "the alias `*a` is used inside the collection `&a` it refers to, making a recursive structure",
        range: (1, 5, 1, 7),
        help: Some("refer to the anchor only after its collection ends"),
        pyyaml: None,
    },
];
