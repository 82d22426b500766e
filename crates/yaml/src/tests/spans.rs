//! Source ranges of nodes.

use super::*;

#[test]
fn spans() {
    let text = "name: \"x y\"\nenv:\n  - A=1\n  - 'B'\nres: {cpu: 2, mem: [1, 2]}\nbase: &b\n  k: v\nuse: *b\ntext: |\n  hello\n  world\n\nlast: 1\n";
    let doc = ok(text);
    assert_eq!(range(&doc), (1, 1, 13, 8));
    assert_eq!(range(key(&doc, "name")), (1, 1, 1, 5));
    assert_eq!(range(at(&doc, "name")), (1, 7, 1, 12));
    assert_eq!(range(at(&doc, "env")), (3, 3, 4, 8));
    assert_eq!(range(item(at(&doc, "env"), 0)), (3, 5, 3, 8));
    assert_eq!(range(item(at(&doc, "env"), 1)), (4, 5, 4, 8));
    let res = at(&doc, "res");
    assert_eq!(range(res), (5, 6, 5, 27));
    assert_eq!(range(at(res, "mem")), (5, 20, 5, 26));
    assert_eq!(range(at(&doc, "base")), (7, 3, 7, 7));
    let alias = at(&doc, "use");
    assert_eq!(range(alias), (8, 6, 8, 8));
    assert!(Rc::ptr_eq(&alias.data, &at(&doc, "base").data));
    assert_eq!(alias.data.span, at(&doc, "base").span);
    assert_eq!(range(at(&doc, "text")), (9, 7, 11, 8));
    assert_eq!(at(&doc, "text").value(), &Value::Str("hello\nworld\n".into()));
    assert_eq!(range(at(&doc, "last")), (13, 7, 13, 8));
}

#[test]
fn flow_spans_stop_at_the_brackets() {
    let doc = ok("a: [1]   # c\nb: &x [ 1 ]  \nc: { k: v }  # z\nd: !!seq\n  [2]\n");
    assert_eq!(range(at(&doc, "a")), (1, 4, 1, 7));
    assert_eq!(range(at(&doc, "b")), (2, 7, 2, 12));
    assert_eq!(range(at(&doc, "c")), (3, 4, 3, 12));
    assert_eq!(range(at(&doc, "d")), (5, 3, 5, 6));
    assert_eq!(range(&doc), (1, 1, 5, 6));
    // The collection is known to be a flow one, so YAML 1.1's flow rules apply.
    assert_eq!(err_at("b: &x [ a?b ]"), (ErrorKind::Syntax, 1, 10));
}

#[test]
fn quoted_spans_stop_at_the_closing_quote() {
    let doc = ok("a: 'x'  # c\nb: \"y\\\"\"   \nc: 'it''s' \nd: [p , 'q' ]\n");
    assert_eq!(range(at(&doc, "a")), (1, 4, 1, 7));
    assert_eq!(range(at(&doc, "b")), (2, 4, 2, 9));
    assert_eq!(range(at(&doc, "c")), (3, 4, 3, 11));
    assert_eq!(range(item(at(&doc, "d"), 0)), (4, 5, 4, 6));
    assert_eq!(range(item(at(&doc, "d"), 1)), (4, 9, 4, 12));
    assert_eq!(err_at("env: {'1A'\t: x}"), (ErrorKind::Syntax, 1, 11));
}

#[test]
fn spans_skip_properties_and_find_block_indicators() {
    let doc = ok("a: &x !!str foo\nb: !!str\nc:\n- |-\n  t\n- &y >\n  u\nd: &z [1]\ne: &w\n  - 2\n");
    assert_eq!(range(at(&doc, "a")), (1, 13, 1, 16));
    assert_eq!(range(at(&doc, "b")), (2, 4, 2, 9));
    assert_eq!(at(&doc, "b").value(), &Value::Str(String::new()));
    let c = at(&doc, "c");
    assert_eq!(range(c), (4, 1, 7, 4));
    assert_eq!(range(item(c, 0)), (4, 3, 5, 4));
    assert_eq!(range(item(c, 1)), (6, 6, 7, 4));
    assert_eq!(range(at(&doc, "d")), (8, 7, 8, 10));
    assert_eq!(range(at(&doc, "e")), (10, 3, 10, 6));
}

#[test]
fn spans_count_characters_not_bytes() {
    let doc = ok("ü: 'é€😀'\nx: [ä, b]\n");
    assert_eq!(range(at(&doc, "ü")), (1, 4, 1, 9));
    assert_eq!(range(item(at(&doc, "x"), 1)), (2, 8, 2, 9));
    let doc = ok("k: ü\nt: |\n  äöü\n");
    assert_eq!(range(at(&doc, "t")), (2, 4, 3, 6));
}

#[test]
fn spans_in_long_non_ascii_text_and_crlf() {
    let text = format!("a: {}\r\nb: &x |\r\n  ü\r\nc: [*x, 'ö']\r\n", "é".repeat(300));
    let doc = ok(&text);
    assert_eq!(range(at(&doc, "a")), (1, 4, 1, 304));
    assert_eq!(range(at(&doc, "b")), (2, 7, 3, 4));
    assert_eq!(at(&doc, "b").value(), &Value::Str("ü\n".into()));
    let c = at(&doc, "c");
    assert_eq!(range(item(c, 0)), (4, 5, 4, 7));
    assert_eq!(range(item(c, 1)), (4, 9, 4, 12));
    assert_eq!(err_at(&format!("a: {}\nb: x{}", "é".repeat(300), '\u{0}')), (ErrorKind::Unsupported, 2, 5));
}
