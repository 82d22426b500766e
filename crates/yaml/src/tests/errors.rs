//! Syntax errors and the YAML 1.1 rules saphyr does not check: where and in which order.

use super::*;

#[test]
fn two_documents() {
    let d = err("a: 1\n---\nb: 2\n");
    assert_eq!((d.kind, range_of(&d)), (ErrorKind::MultipleDocuments, (2, 1, 2, 4)));
    assert_eq!(err_at("a: 1\n---\n"), (ErrorKind::MultipleDocuments, 2, 1));
    assert_eq!(err_at("---\n---"), (ErrorKind::MultipleDocuments, 2, 1));
    assert_eq!(err_at("a: 1\n...\nb: 2"), (ErrorKind::MultipleDocuments, 3, 1));
    assert_eq!(err_at("a: 1\n%YAML 1.1\n---\nb: 2"), (ErrorKind::MultipleDocuments, 2, 1));
    assert_eq!(err_at("a: 1\n%cmd: x\n"), (ErrorKind::Syntax, 2, 5));
    // The second document is reported before construction errors of the first.
    assert_eq!(err_at("a: !foo 1\n---\nb"), (ErrorKind::MultipleDocuments, 2, 1));
    assert_eq!(py(&ok("---\na: 1\n...\n")), "{'a': 1}");
}

#[test]
fn unacceptable_characters() {
    let d = err("a: 1\nb: x\u{0}y\n");
    assert_eq!((d.kind, range_of(&d)), (ErrorKind::Unsupported, (2, 5, 2, 6)));
    assert_eq!(d.pyyaml.as_deref(), Some("unacceptable character #x0000: special characters are not allowed"));
    assert_eq!(err_at("é: \u{7f}"), (ErrorKind::Unsupported, 1, 4));
    assert_eq!(err_at("a: '\u{1b}'"), (ErrorKind::Unsupported, 1, 5));
    assert_eq!(err_at("a: \u{fffe}"), (ErrorKind::Unsupported, 1, 4));
    // Reported before any syntax error.
    assert_eq!(err_at("a: [\n\u{8}"), (ErrorKind::Unsupported, 2, 1));
    assert_eq!(py(&ok("a: \"é\u{85} \u{a0}😀\"\r\nb: 1\r\n")), "{'a': 'é \\xa0😀', 'b': 1}");
}

#[test]
fn tabs_where_pyyaml_rejects_them() {
    for (text, line, column) in [
        ("a:\tb", 1, 3),
        ("a: b\t", 1, 5),
        ("a: 1\t# c", 1, 5),
        ("- \ta", 1, 3),
        ("a:\n\tb: 1", 2, 1),
        ("{a: 1,\tb: 2}", 1, 7),
        ("[1,\t2]", 1, 4),
        ("a: b\n  \tc", 2, 3),
        ("a: b\tc", 1, 5),
        ("a: 1\n\t\nb: 2", 2, 1),
        ("a: 2001-12-14\t21:59:43", 1, 14),
        ("a: [1,\n\t2]", 2, 1),
        ("type: task\n\tcommands: [x]\n", 2, 1),
    ] {
        assert_eq!(err_at(text), (ErrorKind::Syntax, line, column), "{text:?}");
    }
    // Inside quotes, block text and comments tabs are fine.
    assert_eq!(
        py(&ok("a: \"x\ty\"\nb: 'p\tq' # c\td\nc: |\n  \tz\n# \t\n")),
        "{'a': 'x\\ty', 'b': 'p\\tq', 'c': '\\tz\\n'}"
    );
    // A tab before a later syntax error is reported first, as PyYAML scans in order.
    assert_eq!(err_at("a:\tb\nc: [\n"), (ErrorKind::Syntax, 1, 3));
}

#[test]
fn yaml11_flow_and_key_rules() {
    for (text, line, column) in [
        ("resources:\n  : A100", 2, 3),
        ("env: {: [1]}", 1, 7),
        ("commands: [: echo hi]", 1, 12),
        ("commands: [echo h? i]", 1, 18),
        ("gpu: {memory: 40G? B..}", 1, 18),
        ("commands: [|echo hi]", 1, 12),
        ("disk: {size: >100GB..}", 1, 14),
        ("v: [{path: /x, :path: /d}]", 1, 16),
        ("auth: {u\n  sername: u}", 2, 10),
        ("x: [\"a\n  b\": c]", 2, 5),
        ("env: {A: 1, B\n  : 2}", 2, 3),
    ] {
        assert_eq!(err_at(text), (ErrorKind::Syntax, line, column), "{text:?}");
    }
    assert_eq!(py(&ok("?\n: b\nq: what? yes\nr: a|b")), "{None: 'b', 'q': 'what? yes', 'r': 'a|b'}");
    assert_eq!(py(&ok("{? : x}")), "{None: 'x'}");
    assert_eq!(py(&ok("x: {a\n  b, c: [d,\n  e]}")), "{'x': {'a b': None, 'c': ['d', 'e']}}");
}

#[test]
fn anchors() {
    assert_eq!(err_at("a: &a.b 1"), (ErrorKind::Syntax, 1, 6));
    assert_eq!(err_at("a: &é 1"), (ErrorKind::Syntax, 1, 5));
    assert_eq!(err_at("a: &x [1]\nb: *x[0]"), (ErrorKind::Syntax, 2, 6));
    assert_eq!(err_at("b: *nope[0]"), (ErrorKind::Syntax, 1, 9));
    assert_eq!(py(&ok("a: &a-b_c 1\nb: *a-b_c")), "{'a': 1, 'b': 1}");
    let d = err("a: &a 1\nb: &a 2\nc: *a");
    assert_eq!((d.kind, range_of(&d)), (ErrorKind::Syntax, (2, 4, 2, 6)));
    assert!(d.message.contains("line 1, column 4"), "{}", d.message);
    let d = err("a: *nope");
    assert_eq!((d.kind, d.range.start.column), (ErrorKind::Syntax, 4));
    assert_eq!(d.pyyaml.as_deref(), Some("found undefined alias 'nope'"));
    // PyYAML builds recursive lists; this checker refuses them.
    assert_eq!(err_at("&a [*a]"), (ErrorKind::Unsupported, 1, 5));
    assert_eq!(err_at("&a {x: *a}"), (ErrorKind::Unsupported, 1, 8));
}

#[test]
fn error_order_follows_pyyaml() {
    // Syntax errors anywhere come before construction errors.
    assert_eq!(err_at("a: !foo x\nb: [1\n"), (ErrorKind::Syntax, 3, 1));
    // Of two construction errors, the earlier in the text is reported.
    assert_eq!(err_at("a: [!bar x]\nb: !foo y\n"), (ErrorKind::Unsupported, 1, 5));
    assert_eq!(err_at("{[a]: 1, b: !foo y}"), (ErrorKind::Unsupported, 1, 2));
}

#[test]
fn syntax_errors_are_located() {
    for (text, line, column) in [
        ("a: b: c", 1, 5),
        ("a: 1\n b: 2", 2, 3),
        ("a:\n  b: 1\n c: 2", 3, 2),
        ("a: [1, 2", 1, 9),
        ("a: {x: 1", 1, 9),
        ("a: \"unterminated", 1, 4),
        ("- a\nb: 1", 2, 1),
        ("a: 1\n- b", 2, 1),
        ("a: @foo", 1, 4),
        ("key: value\n  other: x", 2, 8),
        ("]", 1, 1),
        ("a: \"\\q\"", 1, 5),
        ("x: - y", 1, 4),
        ("{a: 1}}", 1, 7),
        ("a: b\nc", 2, 2),
        ("a:  \"x\" y", 1, 9),
        ("a: [1, 2]: 3", 1, 10),
        ("a: {b: [}", 1, 9),
        ("a: |x", 1, 5),
        ("a: b # c\n  d", 2, 3),
        ("name: test\nimage: foo\n  commands:\n    - x", 3, 11),
        ("a: [b, c\nd: e", 2, 2),
        ("[a, , b]", 1, 5),
    ] {
        assert_eq!(err_at(text), (ErrorKind::Syntax, line, column), "{text:?}");
    }
}

#[test]
fn what_pyyaml_reads_past_saphyrs_rules_loads_at_its_own_place() {
    for (text, want) in [
        ("resources:\n  gpu: [\n    A100,\n]\n", "{'resources': {'gpu': ['A100']}}"),
        ("a:\n  b: \"x\ny\"", "{'a': {'b': 'x y'}}"),
        ("{a:[1], b:{c: d}}", "{'a': [1], 'b': {'c': 'd'}}"),
        ("a: [1]# c\nb: \"x\"#d\n", "{'a': [1], 'b': 'x'}"),
        ("- a: [b,\nc]", "[{'a': ['b', 'c']}]"),
        ("[-, a, -]", "['-', 'a', '-']"),
        ("{-: x, a: -}", "{'-': 'x', 'a': '-'}"),
    ] {
        assert_eq!(py(&ok(text)), want, "{text:?}");
    }
    // Positions are those of the text as written, without the spaces saphyr needed.
    let doc = ok("a: {b:[x, y], c: [\nz]}# c\nd: 1");
    assert_eq!(range(item(at(at(&doc, "a"), "b"), 1)), (1, 11, 1, 12));
    assert_eq!(range(item(at(at(&doc, "a"), "c"), 0)), (2, 1, 2, 2));
    assert_eq!(range(key(&doc, "d")), (3, 1, 3, 2));
    // A document marker inside brackets stays an error, as in PyYAML.
    assert_eq!(err_at("a:\n  b: [\n---\n]"), (ErrorKind::Syntax, 3, 1));
}

#[test]
fn syntax_messages_are_for_people() {
    let d = err("image: foo: bar");
    assert!(d.message.contains("`:`"), "{}", d.message);
    assert!(d.help.as_deref().is_some_and(|h| h.contains("quote")));
    assert_eq!(d.pyyaml.as_deref(), Some("mapping values are not allowed here"));
    let d = err("ports: [8080, 22\n");
    assert!(d.message.contains("line 1, column 8"), "{}", d.message);
    assert!(d.message.contains("end of the file"), "{}", d.message);
    let d = err("a: \"\\q\"");
    assert_eq!(range_of(&d), (1, 5, 1, 7));
    assert!(d.message.contains("`\\q`"), "{}", d.message);
}
