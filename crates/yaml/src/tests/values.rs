//! Scalars resolved and constructed like PyYAML's `SafeLoader`.

use super::*;

/// Inputs and `repr` of what PyYAML 6.0.4's `safe_load` returns for them (from the oracle).
const PYYAML: &[(&str, &str)] = &[
    ("a: |\n  x", "{'a': 'x'}"),
    ("a: |+\n  x", "{'a': 'x'}"),
    ("a: |-\n  x", "{'a': 'x'}"),
    ("a: >\n  x\n  y", "{'a': 'x y'}"),
    ("a: |+\n  x\n\n  ", "{'a': 'x\\n\\n'}"),
    ("a: |\n  x\n  ", "{'a': 'x\\n'}"),
    ("a: |+\n  x\n\n", "{'a': 'x\\n\\n'}"),
    ("- |\n  x", "['x']"),
    ("a: |\n  x  ", "{'a': 'x  '}"),
    ("a: >+\n  x\n\n", "{'a': 'x\\n\\n'}"),
    ("a: |+\n  x\n \n", "{'a': 'x\\n\\n'}"),
    ("a: |\n\n  x\n", "{'a': '\\nx\\n'}"),
    ("a: |\n", "{'a': ''}"),
    ("a: |", "{'a': ''}"),
    ("a: |+\n\n", "{'a': '\\n'}"),
    ("a: >\n  x\n\n  y\n", "{'a': 'x\\ny\\n'}"),
    ("a: |\n  x\n\n\nb: 1", "{'a': 'x\\n', 'b': 1}"),
    ("a: |+\n  x\n\n\nb: 1", "{'a': 'x\\n\\n\\n', 'b': 1}"),
    ("a: yes", "{'a': True}"),
    (
        "[yes, Yes, YES, no, No, NO, true, True, TRUE, false, False, FALSE, on, On, ON, off, Off, OFF]",
        "[True, True, True, False, False, False, True, True, True, False, False, False, True, True, True, False, False, False]",
    ),
    ("[y, Y, n, N, yES, tRUE, oN, nO, ofF]", "['y', 'Y', 'n', 'N', 'yES', 'tRUE', 'oN', 'nO', 'ofF']"),
    ("[~, null, Null, NULL, nULL, '', ]", "[None, None, None, None, 'nULL', '']"),
    ("a:", "{'a': None}"),
    (
        "[22:22, 8080:80, 1:30:00, 8080:30, 1:60, 0:30, 00:30, 1:7, -1:30, +1:2:3, 1:00:60]",
        "[1342, '8080:80', 5400, 484830, '1:60', '0:30', '00:30', 67, -90, 3723, '1:00:60']",
    ),
    (
        "[0755, 0x10, 0b101, 1_000, 0_, 00, 0_0, 08, 0777_7, -0x_1F, +0b1_0, 0o7, 09, -0, +1, 1_, 1__2, _1, 0b, 0x]",
        "[493, 16, 5, 1000, 0, 0, 0, '08', 4095, -31, 2, '0o7', '09', 0, 1, 1, 12, '_1', '0b', '0x']",
    ),
    (
        "[1e3, 1.0e+3, 1.0e3, 1.e+5, .5, -.5, +.5, 1., 1._, 3.10, 1_000.5, .5e-3, 1.5E+2, 12:30:00.5, 1:5.5, 190:20:30.15, 1.5:3]",
        "['1e3', 1000.0, '1.0e3', 100000.0, 0.5, '-.5', '+.5', 1.0, 1.0, 3.1, 1000.5, 0.0005, 150.0, 45000.5, 65.5, 685230.15, '1.5:3']",
    ),
    (
        "[.inf, .Inf, .INF, -.inf, +.inf, -.INF, .nan, .NaN, .NAN, NaN, -.nan, inf, .infinity]",
        "[inf, inf, inf, -inf, inf, -inf, nan, nan, nan, 'NaN', '-.nan', 'inf', '.infinity']",
    ),
    (
        "[2024-01-01, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 -5, 2024-1-1 1:00:00, 2001-1-1, 2001-12-14   21:59:43, 2001-12-14T21:59:43Z]",
        "[ts, ts, ts, ts, '2001-1-1', ts, ts]",
    ),
    (
        "['yes', \"no\", 'null', \"1\", '0x10', \"22:22\", '', \"~\"]",
        "['yes', 'no', 'null', '1', '0x10', '22:22', '', '~']",
    ),
    ("a: |\n  yes\nb: >-\n  22:22", "{'a': 'yes\\n', 'b': '22:22'}"),
    ("[=x, <<x, x=, '=', \"<<\"]", "['=x', '<<x', 'x=', '=', '<<']"),
    ("{1: a, '1': b, 1.0: c}", "{1: 'c', '1': 'b'}"),
    ("{0: a, false: b, -0.0: c, 0.0: d}", "{0: 'd'}"),
    ("{True: a, 1: b}", "{True: 'b'}"),
    ("{1: a, !!float 1: b}", "{1: 'b'}"),
    ("{10: a, 0o12: b, 012: c, 0xa: d}", "{10: 'd', '0o12': 'b'}"),
    ("{.nan: a, .NaN: b}", "{nan: 'b'}"),
    ("{.nan: a, !!float .nan: b, !!float -.NAN: c}", "{nan: 'c'}"),
    ("{.inf: a, !!float inf: b}", "{inf: 'b'}"),
    ("{&n !!float nan: a, *n : b}", "{nan: 'b'}"),
    ("{~: a, null: b, '': c}", "{None: 'b', '': 'c'}"),
    ("a: 1\nb: 2\na: 3", "{'a': 3, 'b': 2}"),
    ("{b: 1, a: 2, b: 3, c: 4, a: 5}", "{'b': 3, 'a': 5, 'c': 4}"),
    ("{<<: {a: 1}, a: 2}", "{'a': 2}"),
    ("{a: 2, <<: {a: 1, b: 3}}", "{'a': 2, 'b': 3}"),
    ("{<<: [{a: 1}, {a: 2, b: 2}]}", "{'a': 1, 'b': 2}"),
    ("{<<: [{aa: 1}, {aa: 2, b: 2}]}", "{'aa': 2, 'b': 2}"),
    ("{<<: {a: 1}, <<: {a: 2, b: 3}}", "{'a': 1, 'b': 3}"),
    ("{<<: {aa: 1}, <<: {aa: 2, b: 3}}", "{'aa': 2, 'b': 3}"),
    ("a: &x {q: 1, q: 2}\nb: {<<: *x}", "{'a': {'q': 2}, 'b': {'q': 1}}"),
    ("a: &x {qq: 1, qq: 2}\nb: {<<: *x}", "{'a': {'qq': 2}, 'b': {'qq': 2}}"),
    (
        "a: &x {q: 1}\nb: &y {<<: *x, r: 2}\nc: {<<: [*y, {q: 3}]}",
        "{'a': {'q': 1}, 'b': {'q': 1, 'r': 2}, 'c': {'q': 1, 'r': 2}}",
    ),
    (
        "a: &x {image: 1, z: 0}\nb: &y {image: 2, w: 0}\nc:\n  <<: [*x, *y]",
        "{'a': {'image': 1, 'z': 0}, 'b': {'image': 2, 'w': 0}, 'c': {'image': 2, 'z': 0, 'w': 0}}",
    ),
    ("a: &x {é: 1}\nb: &y {é: 2}\nc:\n  <<: [*x, *y]", "{'a': {'é': 1}, 'b': {'é': 2}, 'c': {'é': 1}}"),
    ("a: &x {1: 1}\nb: &y {1: 2}\nc:\n  <<: [*x, *y]", "{'a': {1: 1}, 'b': {1: 2}, 'c': {1: 1}}"),
    ("a: &x {10: 1}\nb: &y {10: 2}\nc:\n  <<: [*x, *y]", "{'a': {10: 1}, 'b': {10: 2}, 'c': {10: 2}}"),
    ("a: &x {\"\": 1}\nb: &y {\"\": 2}\nc:\n  <<: [*x, *y]", "{'a': {'': 1}, 'b': {'': 2}, 'c': {'': 1}}"),
    ("a: &x {&k kk: 1}\nb: &y {*k : 2}\nc: {<<: [*x, *y]}", "{'a': {'kk': 1}, 'b': {'kk': 2}, 'c': {'kk': 1}}"),
    (
        "defaults: &defaults\n  image: python:3.11\n  env:\n    - A=1\ntask:\n  <<: *defaults\n  commands: [x]\n  image: python:3.12",
        "{'defaults': {'image': 'python:3.11', 'env': ['A=1']}, 'task': {'image': 'python:3.12', 'env': ['A=1'], 'commands': ['x']}}",
    ),
    ("{!!merge a: {b: 1}}", "{'b': 1}"),
    ("{! <<: {b: 1}}", "{'b': 1}"),
    ("{'<<': {b: 1}}", "{'<<': {'b': 1}}"),
    ("{=: 1}", "{'=': 1}"),
    ("!!omap [a: 1, b: 2]", "[['a', 1], ['b', 2]]"),
    ("!!pairs [a: 1, a: 2]", "[['a', 1], ['a', 2]]"),
    ("a: !!pairs [a: 1, [b]: 2]", "{'a': [['a', 1], [['b'], 2]]}"),
    (
        "[!!str 1, !!str 1.5, !!str yes, !!str , ! 123, \"! 'yes'\", ! x]",
        "['1', '1.5', 'yes', '', 123, \"! 'yes'\", 'x']",
    ),
    ("[! 'yes', ! \"12\", ! \"\", ! \"\\n\", ! [a], ! {a: 1}]", "[True, 12, None, '\\n', ['a'], {'a': 1}]"),
    (
        "[!!int -0b11, !!int 0o17, !!int 017, !!int +0x1f, !!int 1:30, !!int '  -12', !!int \" 12 \", !!int 0x0x10, !!int 1:-30, !!int \"0x\\n1\"]",
        "[-3, 15, 15, 31, 90, -12, 12, 16, 30, 1]",
    ),
    (
        "[!!float 1, !!float 1_0.5, !!float ' 1e3 ', !!float infinity, !!float -inf, !!float 1:30.5, !!float 1:30, !!float 1e3]",
        "[1.0, 10.5, 1000.0, inf, -inf, 90.5, 90.0, 1000.0]",
    ),
    ("[!!bool TRUE, !!bool 'On', !!null '', !!null foo, !!null ]", "[True, True, None, None, None]"),
    (
        "[!!seq [], !!map {}, !!omap [], !<tag:yaml.org,2002:str> 12, !<!> 12, !<tag:yaml.org,2002:int> 12]",
        "[[], {}, [], '12', 12, 12]",
    ),
    ("[!!binary aGVsbG8=, !!binary 'YQ===', !!binary '!!!aGVs bG8=', !!binary '']", "['hello', 'a', 'hello', '']"),
    ("a: !!binary |\n  aGVsbG8=", "{'a': 'hello'}"),
    ("a: !!str {=: 1, =: 2}", "{'a': '1'}"),
    ("a: !!int {=: 0x10}", "{'a': 16}"),
    ("a: !!int {=: {=: 7}}", "{'a': 7}"),
    ("a: !!str {=: 5}", "{'a': '5'}"),
    ("a: &x\nb: *x", "{'a': None, 'b': None}"),
    ("- &a 1\n- &b [*a, *a]\n- *b", "[1, [1, 1], [1, 1]]"),
    ("&a a: *a", "{'a': 'a'}"),
    ("- a\n - b", "['a - b']"),
    ("a: \"multi\n  line\"", "{'a': 'multi line'}"),
    ("a: 'x\n\n  y'", "{'a': 'x\\ny'}"),
    ("a: \"a\\\n  b\"", "{'a': 'ab'}"),
    ("a: \"\\x41\\u00e9\\N\\_\\e\\0\"", "{'a': 'Aé\\x85\\xa0\\x1b\\x00'}"),
    ("a: '\\n'", "{'a': '\\\\n'}"),
    ("a: b:c", "{'a': 'b:c'}"),
    ("a: http://x.y/z#frag", "{'a': 'http://x.y/z#frag'}"),
    ("a: x #comment", "{'a': 'x'}"),
    ("a: x#nocomment", "{'a': 'x#nocomment'}"),
    ("a: |+\n  x", "{'a': 'x'}"),
    ("a: >2\n   x\n  y", "{'a': ' x\\ny'}"),
    ("a: [a: 1, b]", "{'a': [{'a': 1}, 'b']}"),
    ("{? a: b}", "{'a': 'b'}"),
    ("? a\n: b", "{'a': 'b'}"),
    ("- !!str\n- x", "['', 'x']"),
    ("{a: b, c}", "{'a': 'b', 'c': None}"),
    ("[a, b: c, d: ]", "['a', {'b': 'c'}, {'d': None}]"),
    ("a: [\n  1,\n  2,\n]", "{'a': [1, 2]}"),
    ("a:   # comment\n  # another\n  b: 1 # x", "{'a': {'b': 1}}"),
    ("%YAML 1.1\n---\na: 1", "{'a': 1}"),
    ("%YAML 1.2\n---\na: 1", "{'a': 1}"),
    ("%FOO bar\n---\na: 1", "{'a': 1}"),
    ("--- |\n  x", "'x'"),
    ("a: 1\n...", "{'a': 1}"),
    ("--- a", "'a'"),
    ("a: -1", "{'a': -1}"),
    ("a: 123456789012345678901234567890123456789", "{'a': 123456789012345678901234567890123456789}"),
    ("a: 1.0e+400", "{'a': inf}"),
    ("a: 1e400", "{'a': '1e400'}"),
    ("a: ! \"2024-01-01\\n\"", "{'a': ts}"),
    ("a: ! \"12\\n\"", "{'a': 12}"),
    ("a: !!timestamp \"2024-01-01\\n\"", "{'a': ts}"),
    ("{2024-01-01: a, 2024-1-1: b}", "{ts: 'a', '2024-1-1': 'b'}"),
    ("{!!timestamp 2024-1-1: a, 2024-01-01: b}", "{ts: 'b'}"),
    ("{2024-01-01 00:00:00: a, 2024-01-01: b}", "{ts: 'a', ts: 'b'}"),
    ("{2024-01-01 01:00:00+01:00: a, 2024-01-01 00:00:00Z: b}", "{ts: 'b'}"),
    ("{2024-01-01 01:00:00: a, 2024-01-01 01:00:00Z: b}", "{ts: 'a', ts: 'b'}"),
    ("a: 2001-12-14T21:59:43 +23:59", "{'a': ts}"),
    ("a: 2024-02-29", "{'a': ts}"),
    ("a: 2000-02-29", "{'a': ts}"),
    ("{!!binary YQ==: 1, x: 2}", "{'a': 1, 'x': 2}"),
    (
        "type: task\nname: my-run\npython: 3.10\nnodes: 2\nports: [22:22, 8080:80, \"6006\"]\nenv:\n  - HF_TOKEN\n  - MODE=on\ncommands:\n  - pip install -r requirements.txt\n  - python train.py\nresources:\n  gpu: 24GB..80GB:2\n  shm_size: 16GB\n  disk: 100GB..\nspot_policy: auto\nmax_duration: off\nidle_duration: 1:30:00\nretry:\n  on_events: [no-capacity, interruption]\n  duration: 1h",
        "{'type': 'task', 'name': 'my-run', 'python': 3.1, 'nodes': 2, 'ports': [1342, '8080:80', '6006'], 'env': ['HF_TOKEN', 'MODE=on'], 'commands': ['pip install -r requirements.txt', 'python train.py'], 'resources': {'gpu': '24GB..80GB:2', 'shm_size': '16GB', 'disk': '100GB..'}, 'spot_policy': 'auto', 'max_duration': False, 'idle_duration': 5400, 'retry': {'on_events': ['no-capacity', 'interruption'], 'duration': '1h'}}",
    ),
];

#[test]
fn values_match_pyyaml() {
    for (text, want) in PYYAML {
        assert_eq!(py(&ok(text)), *want, "{text:?}");
    }
}

#[test]
fn resolver_forms() {
    let doc = ok(
        "[yes, On, OFF, y, n, 22:22, 8080:80, 1:30:00, 0755, 0x10, 0b101, 1_000, 1e3, 1.0e+3, .5, .inf, -.inf, .nan, 3.10, 2024-01-01, ~, null, {a: }, 'yes']",
    );
    let values: Vec<Value> = match doc.value() {
        Value::Seq(items) => items.iter().map(|n| n.value().clone()).collect(),
        _ => panic!("not a list"),
    };
    let want = [
        Value::Bool(true),
        Value::Bool(true),
        Value::Bool(false),
        Value::Str("y".into()),
        Value::Str("n".into()),
        Value::Int(1342),
        Value::Str("8080:80".into()),
        Value::Int(5400),
        Value::Int(493),
        Value::Int(16),
        Value::Int(5),
        Value::Int(1000),
        Value::Str("1e3".into()),
        Value::Float(1000.0),
        Value::Float(0.5),
        Value::Float(f64::INFINITY),
        Value::Float(f64::NEG_INFINITY),
    ];
    assert_eq!(values.get(..want.len()), Some(&want[..]));
    assert!(matches!(values.get(17), Some(Value::Float(f)) if f.is_nan()));
    let rest = [Value::Float(3.1), Value::Timestamp("2024-01-01".into()), Value::Null, Value::Null];
    assert_eq!(values.get(18..22), Some(&rest[..]));
    assert_eq!(values.get(23), Some(&Value::Str("yes".into())));
    assert_eq!(ok("a:").get("a").map(|(_, v)| v.value().clone()), Some(Value::Null));
}

#[test]
fn scalar_styles_and_raw_text() {
    let doc = ok("a: 'x'\nb: \"y\"\nc: |\n  z\nd: >\n  w\ne: 0x10\n");
    let styles: Vec<_> = ["a", "b", "c", "d", "e"].iter().map(|k| at(&doc, k).style()).collect();
    use ScalarStyle::*;
    assert_eq!(styles, [Some(SingleQuoted), Some(DoubleQuoted), Some(Literal), Some(Folded), Some(Plain)]);
    assert_eq!(at(&doc, "e").raw(), Some("0x10"));
    assert_eq!(at(&doc, "e").value(), &Value::Int(16));
    assert!(at(&doc, "e").is_plain());
    assert_eq!(doc.style(), None);
}

#[test]
fn empty_documents_are_null_at_the_top() {
    for text in ["", "# only a comment\n", "---\n", "---", "\n\n", "---\n...\n"] {
        let node = ok(text);
        assert_eq!(node.value(), &Value::Null, "{text:?}");
        assert_eq!(range(&node), (1, 1, 1, 1), "{text:?}");
    }
    let doc = ok("a:\nb: 1\n");
    assert_eq!(range(at(&doc, "a")), (1, 2, 1, 2));
}

#[test]
fn line_breaks_and_byte_order_marks_like_pyyaml() {
    for (text, want) in [
        ("a: \"x\u{85} y\"", "{'a': 'x y'}"),
        ("a: x\u{85}b: 1", "{'a': 'x', 'b': 1}"),
        ("a: [x\u{2028}y]", "{'a': ['x\u{2028}y']}"),
        ("a: b\u{2028}c: d", "{'a': 'b', 'c': 'd'}"),
        ("a: b\u{2029}c: d\re: f\r\n", "{'a': 'b', 'c': 'd', 'e': 'f'}"),
        ("- a  \u{2028}  b\n-  c\u{85}\u{2029}  d", "['a\u{2028}b', 'c\u{2029}d']"),
        ("\u{feff}\u{feff}a: 1", "{'\u{feff}a': 1}"),
        ("a: [ec\u{feff}ho hi]", "{'a': ['ec\u{feff}ho hi']}"),
        ("a: 1\n\u{feff}b: 2", "{'a': 1, '\u{feff}b': 2}"),
        ("--- # start\na: 1\n... # end\n", "{'a': 1}"),
    ] {
        assert_eq!(py(&ok(text)), want, "{text:?}");
    }
    // Positions count the same line breaks.
    let doc = ok("a: 1\u{85}b: 2\u{2028}c: 3\u{2029}d: [4, x]");
    assert_eq!(range(item(at(&doc, "d"), 1)), (4, 8, 4, 9));
    assert_eq!(err_at("a: 1\u{2028} b: 2"), (ErrorKind::Syntax, 2, 3));
}

#[test]
fn a_document_end_marker_before_any_document_is_an_error() {
    for text in ["... # end\na: 1\n", "...\n", "# c\n\n...\n...\na: 1", "\u{feff}..."] {
        let d = err(text);
        assert_eq!(d.kind, ErrorKind::Syntax, "{text:?}");
        assert_eq!(d.pyyaml.as_deref(), Some("expected the node content, but found '<document end>'"));
    }
    assert_eq!(range_of(&err("# c\r\n...")), (2, 1, 2, 4));
}
