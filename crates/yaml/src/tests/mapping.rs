//! Mappings, merge keys, sets, tags and construction errors.

use super::*;

#[test]
fn duplicate_keys_keep_the_last_value_at_the_first_place() {
    let loaded =
        load_document("b: 1\na: 2\nb: 3\nenv:\n  - x: 1\n    x: 2\n", &limits()).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(py(&loaded.root), "{'b': 3, 'a': 2, 'env': [{'x': 2}]}");
    assert_eq!(range(key(&loaded.root, "b")), (1, 1, 1, 2));
    assert_eq!(range(at(&loaded.root, "b")), (3, 4, 3, 5));
    let dups: Vec<_> =
        loaded.duplicate_keys.iter().map(|d| (d.path.as_str(), d.range.start.line, d.first.start.line)).collect();
    assert_eq!(dups, [("b", 3, 1), ("env[0].x", 6, 5)]);
    let loaded = load_document("a:\n  - - x: 1\n      x: 2\n  - [q, {y: 1, y: 2}]\n", &limits())
        .unwrap_or_else(|d| panic!("{d:?}"));
    let paths: Vec<_> = loaded.duplicate_keys.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["a[0][0].x", "a[1][1].y"]);
    // Overriding a merged key is not a repetition.
    let loaded = load_document("d: &d {a: 1}\ne: {<<: *d, a: 2}\n", &limits()).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(loaded.duplicate_keys.is_empty());
}

#[test]
fn keys_of_one_length_and_last_letter_are_told_apart() {
    // They share `distinct_keys`'s bit, so only comparing them tells them apart.
    let loaded = load_document("ab: 1\ncb: 2\nab: 3\n", &limits()).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(py(&loaded.root), "{'ab': 3, 'cb': 2}");
    let dups: Vec<_> = loaded.duplicate_keys.iter().map(|d| (d.path.as_str(), d.range.start.line)).collect();
    assert_eq!(dups, [("ab", 3)]);
    let loaded = load_document("ab: 1\ncb: 2\n", &limits()).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(py(&loaded.root), "{'ab': 1, 'cb': 2}");
    assert!(loaded.duplicate_keys.is_empty());
}

#[test]
fn python_key_identity() {
    assert_eq!(py(&ok("{1: a, 1.0: b, true: c, '1': d}")), "{1: 'c', '1': 'd'}");
    let doc = ok("{1: a, 1.0: b}");
    match doc.value() {
        Value::Map(entries) => assert_eq!(entries.first().map(|(k, _)| k.raw()), Some(Some("1"))),
        _ => panic!("not a map"),
    }
    // Many keys switch the lookup to hashing; identity must not change.
    let mut text = String::from("{");
    for i in 0..40 {
        text.push_str(&format!("k{i}: {i}, "));
    }
    text.push_str("k3: x, 0x0: zero, false: f}");
    let doc = ok(&text);
    assert_eq!(at(&doc, "k3").value(), &Value::Str("x".into()));
    match doc.value() {
        Value::Map(entries) => {
            assert_eq!(entries.len(), 41);
            assert_eq!(entries.last().map(|(k, v)| (k.value().clone(), py(v))), Some((Value::Int(0), "'f'".into())));
        }
        _ => panic!("not a map"),
    }
}

#[test]
fn sets() {
    let doc = ok("!!set {a, b, a, 1, 1.0}");
    match doc.value() {
        Value::Set(items) => assert_eq!(items.iter().map(py).collect::<Vec<_>>(), ["'a'", "'b'", "1"]),
        other => panic!("{other:?}"),
    }
    assert_eq!(py(&ok("!!set {<<: {a: 1}, b}")), "set('a', 'b')");
    assert_eq!(py(&ok("x: &s !!set {a: 1}\ny: {<<: *s}")), "{'x': set('a'), 'y': {'a': 1}}");
}

#[test]
fn merged_keys_point_at_their_source() {
    let doc = ok("base: &b\n  image: x\nrun:\n  <<: *b\n  name: y\n");
    let run = at(&doc, "run");
    assert_eq!(py(run), "{'image': 'x', 'name': 'y'}");
    assert_eq!(range(key(run, "image")), (2, 3, 2, 8));
}

#[test]
fn merge_errors() {
    assert_eq!(err_at("<<: 1"), (ErrorKind::Unsupported, 1, 5));
    assert_eq!(err_at("<<: [1]"), (ErrorKind::Unsupported, 1, 6));
    assert_eq!(err_at("{<<: [{a: 1}, x]}"), (ErrorKind::Unsupported, 1, 15));
    assert_eq!(err_at("a: &x [1]\nb: {<<: *x}"), (ErrorKind::Unsupported, 1, 8));
    assert_eq!(err_at("a: <<"), (ErrorKind::Unsupported, 1, 4));
    assert_eq!(err_at("- <<"), (ErrorKind::Unsupported, 1, 3));
    assert_eq!(err_at("a: !!merge x"), (ErrorKind::Unsupported, 1, 4));
    let d = err("{=: 1, b: =}");
    assert_eq!((d.kind, d.range.start.column), (ErrorKind::Unsupported, 11));
    assert_eq!(d.pyyaml.as_deref(), Some("could not determine a constructor for the tag 'tag:yaml.org,2002:value'"));
}

#[test]
fn errors_only_count_where_pyyaml_constructs() {
    // A merge drops the second `~` pair (same cached key text), so its `=` is never built.
    let text = "x:\n  <<:\n    ~: 1\n    ~: {b: =}\n";
    assert_eq!(py(&ok(text)), "{'x': {None: 1}}");
    // Merge sources are flattened but not constructed; their own `<<` errors still count.
    assert_eq!(py(&ok("x:\n  <<: {\"1\": [1], \"1\": [!foo x]}\n")), "{'x': {'1': [1]}}");
    assert_eq!(err_at("x:\n  <<: {a: 1, <<: 2}\n"), (ErrorKind::Unsupported, 2, 18));
    // A tag on a mapping builds only the `=` value; `!!omap` only its pairs.
    assert_eq!(py(&ok("x: !!str {=: 1, b: !foo y}")), "{'x': '1'}");
    assert_eq!(err_at("x: !!omap [a: !foo y]"), (ErrorKind::Unsupported, 1, 15));
    assert_eq!(err_at("x: !!omap [<<: y]"), (ErrorKind::Unsupported, 1, 12));
    // An anchored value with an error fails where it is used, and only once.
    assert_eq!(err_at("a: &x !foo 1\nb: *x\n"), (ErrorKind::Unsupported, 1, 4));
}

#[test]
fn unhashable_keys() {
    assert_eq!(err_at("{[a]: 1}"), (ErrorKind::Unsupported, 1, 2));
    assert_eq!(err_at("? [a]\n: 1"), (ErrorKind::Unsupported, 1, 3));
    assert_eq!(err_at("x:\n  {a: 1}: b"), (ErrorKind::Unsupported, 2, 3));
    assert_eq!(err_at("a: !!set {[a]}"), (ErrorKind::Unsupported, 1, 11));
    let d = err("{{a: 1}: b}");
    assert_eq!(d.pyyaml.as_deref(), Some("while constructing a mapping: found unhashable key"));
}

#[test]
fn tags() {
    let d = err("a: !foo x");
    assert_eq!((d.kind, range_of(&d)), (ErrorKind::Unsupported, (1, 4, 1, 10)));
    assert_eq!(d.pyyaml.as_deref(), Some("could not determine a constructor for the tag '!foo'"));
    let d = err("a: !!python/object:os.system x");
    assert_eq!(
        d.pyyaml.as_deref(),
        Some("could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'")
    );
    let d = err("%TAG !e! tag:example.com,2000:\n---\na: !e!foo x");
    assert_eq!(d.pyyaml.as_deref(), Some("could not determine a constructor for the tag 'tag:example.com,2000:foo'"));
    assert_eq!(err_at("a: !<!foo> 12"), (ErrorKind::Unsupported, 1, 4));
    assert_eq!(err_at("a: !!str [a]"), (ErrorKind::Unsupported, 1, 4));
    assert_eq!(err_at("a: &x !!str {b: 1}"), (ErrorKind::Unsupported, 1, 4));
    assert_eq!(err("a: !!Str 12").kind, ErrorKind::Unsupported);
    assert_eq!(err("a: !foo [1]").kind, ErrorKind::Unsupported);
    assert_eq!(err("a: !foo {b: 1}").kind, ErrorKind::Unsupported);
    for (text, python) in [
        ("a: !!str [a]", "expected a scalar node, but found sequence"),
        ("a: !!null {a: 1}", "expected a scalar node, but found mapping"),
        ("a: !!str {x: 1}", "expected a scalar node, but found mapping"),
        ("a: !!seq x", "expected a sequence node, but found scalar"),
        ("a: !!map", "expected a mapping node, but found scalar"),
        ("a: !!set [a]", "expected a mapping node, but found sequence"),
        ("a: !!omap {a: 1}", "expected a sequence node, but found mapping"),
        ("a: !!omap [a]", "while constructing an ordered map: expected a mapping of length 1, but found scalar"),
        (
            "a: !!omap [{a: 1, b: 2}]",
            "while constructing an ordered map: expected a single mapping item, but found 2 items",
        ),
        ("a: !!bool y", "KeyError: 'y'"),
        ("a: !!bool", "KeyError: ''"),
        ("a: !!int abc", "ValueError: invalid literal for int() with base 10: 'abc'"),
        ("a: !!int 1.0", "ValueError: invalid literal for int() with base 10: '1.0'"),
        ("a: !!int", "IndexError: string index out of range"),
        ("a: !!int _", "IndexError: string index out of range"),
        ("a: !!float 1:x", "ValueError: could not convert string to float: 'x'"),
        ("a: !!float '  '", "ValueError: could not convert string to float: '  '"),
        ("a: ! \"yes\\n\"", "KeyError: 'yes\\n'"),
        ("a: ! \".inf\\n\"", "ValueError: could not convert string to float: '.inf\\n'"),
        ("a: !!timestamp x", "AttributeError: 'NoneType' object has no attribute 'groupdict'"),
        ("a: !!binary YQ", "failed to decode base64 data: Incorrect padding"),
        (
            "a: !!binary Y",
            "failed to decode base64 data: Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4",
        ),
    ] {
        let d = err(text);
        assert_eq!((d.kind, d.pyyaml.as_deref()), (ErrorKind::Unsupported, Some(python)), "{text:?}");
    }
}

#[test]
fn impossible_dates_and_bad_numbers() {
    for (text, python) in [
        ("name: 2024-13-45", "ValueError: month must be in 1..12"),
        ("name: 2024-02-30", "ValueError: day is out of range for month"),
        ("name: 2023-02-29", "ValueError: day is out of range for month"),
        ("name: 1900-02-29", "ValueError: day is out of range for month"),
        ("name: 0000-01-01", "ValueError: year 0 is out of range"),
        ("name: 2001-12-14T24:00:00", "ValueError: hour must be in 0..23"),
        ("name: 2001-12-14T21:60:00", "ValueError: minute must be in 0..59"),
        ("name: 2001-12-14T21:59:60", "ValueError: second must be in 0..59"),
        (
            "name: 2001-12-14T21:59:43+25",
            "ValueError: offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta(days=1, seconds=3600).",
        ),
        ("name: 0x_", "ValueError: invalid literal for int() with base 16: ''"),
        ("name: 0b_", "ValueError: invalid literal for int() with base 2: ''"),
    ] {
        let d = err(text);
        assert_eq!((d.kind, d.range, d.pyyaml.as_deref()), (ErrorKind::Unsupported, d.range, Some(python)), "{text:?}");
        assert_eq!((d.range.start.line, d.range.start.column), (1, 7), "{text:?}");
        assert!(d.help.is_some_and(|h| h.contains("quote")), "{text:?}");
    }
    // Integers of any size, exactly, up to Python's 4300 digits of decimal text.
    for (text, want) in [
        ("n: 1234567890123456789012345678901234567890", "{'n': 1234567890123456789012345678901234567890}"),
        ("n: -999999999999999999999999999999999999999", "{'n': -999999999999999999999999999999999999999}"),
        ("n: 0x1234567890abcdef1234567890abcdef12", "{'n': 6194651443238720698616183149936654544658}"),
        (
            "n: -0b1_0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "{'n': -170141183460469231731687303715884105728}",
        ),
        (
            "n: 1:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:59:0",
            "{'n': 442147839441466715799551999999999999999999999999999940}",
        ),
        (
            "n: !!int 0o1777777777777777777777777777777777777777777777",
            "{'n': 87112285931760246646623899502532662132735}",
        ),
        ("n: !!int 1:9999999999999999999999999999999999999999:5", "{'n': 600000000000000000000000000000000000003545}"),
        (
            "n: !!int \" -\u{661}\u{662}3333333333333333333333333333333333333333 \"",
            "{'n': -123333333333333333333333333333333333333333}",
        ),
    ] {
        assert_eq!(py(&ok(text)), want, "{text:?}");
    }
    let d = err(&format!("n: {}", "7".repeat(4301)));
    assert_eq!((d.kind, d.range.start.column), (ErrorKind::Unsupported, 4));
    assert_eq!(
        d.pyyaml.as_deref(),
        Some(
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use \
             sys.set_int_max_str_digits() to increase the limit"
        )
    );
}
