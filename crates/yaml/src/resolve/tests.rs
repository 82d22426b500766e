//! The resolver and constructors against PyYAML's answers.

use super::*;
use crate::node::Node;
use crate::position::Range;
use binary::a2b_base64;

fn plain(raw: &str) -> Value {
    resolve_plain(raw)
}

fn s(text: &str) -> Value {
    Value::Str(text.into())
}

#[test]
fn booleans() {
    for raw in ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] {
        assert_eq!(plain(raw), Value::Bool(true), "{raw}");
    }
    for raw in ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] {
        assert_eq!(plain(raw), Value::Bool(false), "{raw}");
    }
    for raw in ["y", "Y", "n", "N", "yES", "tRUE", "oN", "nO", "ofF", "yes ", "True!"] {
        assert_eq!(plain(raw), s(raw), "{raw}");
    }
}

#[test]
fn nulls() {
    for raw in ["", "~", "null", "Null", "NULL"] {
        assert_eq!(plain(raw), Value::Null, "{raw:?}");
    }
    for raw in ["nULL", "none", "None", "~~"] {
        assert_eq!(plain(raw), s(raw), "{raw}");
    }
}

#[test]
fn integers() {
    let cases: &[(&str, i128)] = &[
        ("0", 0),
        ("-0", 0),
        ("+1", 1),
        ("1_000", 1000),
        ("1_", 1),
        ("1__2", 12),
        ("0755", 493),
        ("0777_7", 4095),
        ("0_", 0),
        ("00", 0),
        ("0x10", 16),
        ("-0x_1F", -31),
        ("0xff", 255),
        ("0b101", 5),
        ("+0b1_0", 2),
        ("22:22", 1342),
        ("1:30:00", 5400),
        ("8080:30", 484830),
        ("1:7", 67),
        ("-1:30", -90),
        ("+1:2:3", 3723),
        ("170141183460469231731687303715884105727", i128::MAX),
    ];
    for (raw, want) in cases {
        assert_eq!(plain(raw), Value::Int(*want), "{raw}");
    }
    for raw in
        ["08", "09", "0o7", "_1", "0b", "0x", "8080:80", "1:60", "0:30", "00:30", "1:00:60", "0X10", "1 000", "١٢"]
    {
        assert_eq!(plain(raw), s(raw), "{raw}");
    }
}

#[test]
fn floats() {
    let cases: &[(&str, f64)] = &[
        ("1.0e+3", 1000.0),
        ("1.e+5", 100000.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("1._", 1.0),
        ("3.10", 3.1),
        ("1_000.5", 1000.5),
        (".5e-3", 0.0005),
        ("1.5E+2", 150.0),
        ("12:30:00.5", 45000.5),
        ("1:5.5", 65.5),
        ("190:20:30.15", 685230.15),
        ("-1.5", -1.5),
        ("1.0e+400", f64::INFINITY),
        (".inf", f64::INFINITY),
        (".Inf", f64::INFINITY),
        ("+.INF", f64::INFINITY),
        ("-.inf", f64::NEG_INFINITY),
    ];
    for (raw, want) in cases {
        assert_eq!(plain(raw), Value::Float(*want), "{raw}");
    }
    for raw in [".nan", ".NaN", ".NAN"] {
        assert!(matches!(plain(raw), Value::Float(f) if f.is_nan()), "{raw}");
    }
    // YAML 1.1 floats need a dot and a signed exponent.
    for raw in ["1e3", "1.0e3", "-.5", "+.5", "1.5:3", "NaN", "-.nan", "inf", ".infinity", "1.0e+", ".", "._5"] {
        assert_eq!(plain(raw), s(raw), "{raw}");
    }
}

#[test]
fn timestamps() {
    for raw in [
        "2024-01-01",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "2024-1-1 1:00:00",
        "2001-12-14   21:59:43",
        "2001-12-14T21:59:43Z",
        "2024-02-29",
    ] {
        assert_eq!(plain(raw), Value::Timestamp(raw.into()), "{raw}");
    }
    // Not timestamps, or timestamps PyYAML cannot build (kept as text by `resolve_plain`).
    for raw in ["2001-1-1", "2024-01-01T", "2024-01-01 10:00", "2024-13-45", "2023-02-29", "2001-12-14T21:59:43+25"] {
        assert_eq!(plain(raw), s(raw), "{raw}");
    }
    let stamp = parse_stamp("2001-12-14 21:59:43.1234567 +05:30");
    let time = stamp.and_then(|s| s.time);
    assert_eq!(time.map(|t| (t.hour, t.minute, t.second, t.micro, t.offset)), Some((21, 59, 43, 123_456, Some(330))));
}

#[test]
fn special_keys() {
    assert_eq!(implicit_tag("<<"), Tag::Merge);
    assert_eq!(implicit_tag("="), Tag::Value);
    assert_eq!(plain("<<"), s("<<"));
    assert_eq!(plain("="), s("="));
    assert_eq!(implicit_tag("=x"), Tag::Str);
    // Python's `$` matches before a final newline (reachable through the `!` tag).
    assert_eq!(implicit_tag("12\n"), Tag::Int);
    assert_eq!(implicit_tag("\n"), Tag::Str);
}

#[test]
fn explicit_constructors() {
    let ok = |tag, raw| construct(tag, raw, true).unwrap_or_else(|e| panic!("{raw}: {e:?}"));
    assert_eq!(ok(Tag::Int, "0o17"), Value::Int(15));
    assert_eq!(ok(Tag::Int, "0x0x10"), Value::Int(16));
    assert_eq!(ok(Tag::Int, " 12 "), Value::Int(12));
    assert_eq!(ok(Tag::Int, "1:-30"), Value::Int(30));
    assert_eq!(ok(Tag::Float, "1e3"), Value::Float(1000.0));
    assert_eq!(ok(Tag::Float, " 1e3 "), Value::Float(1000.0));
    assert_eq!(ok(Tag::Float, "1:30"), Value::Float(90.0));
    assert_eq!(ok(Tag::Float, "-inf"), Value::Float(f64::NEG_INFINITY));
    assert_eq!(ok(Tag::Bool, "On"), Value::Bool(true));
    assert_eq!(ok(Tag::Null, "anything"), Value::Null);
    assert_eq!(ok(Tag::Str, "1"), s("1"));
    assert_eq!(ok(Tag::Timestamp, "2024-1-1"), Value::Timestamp("2024-1-1".into()));
    assert_eq!(ok(Tag::Binary, "aGVs\nbG8="), s("hello"));
    let err = |tag, raw| construct(tag, raw, true).err().map(|e| e.python).unwrap_or_default();
    assert_eq!(err(Tag::Int, "1.0"), "ValueError: invalid literal for int() with base 10: '1.0'");
    assert_eq!(err(Tag::Int, "-"), "IndexError: string index out of range");
    assert_eq!(err(Tag::Float, ""), "IndexError: string index out of range");
    assert_eq!(err(Tag::Bool, "Y"), "KeyError: 'y'");
    assert_eq!(err(Tag::Binary, "/w=="), "bytes that are not UTF-8 text");
    assert_eq!(err(Tag::Seq, "x"), "expected a sequence node, but found scalar");
    assert_eq!(construct(Tag::Int, "9".repeat(40).as_str(), false).ok(), Some(Value::BigInt("9".repeat(40))));
    let many = vec!["1"; 175].join(":") + ".5";
    assert_eq!(err(Tag::Float, &many), "OverflowError: int too large to convert to float");
}

#[test]
fn base64_like_binascii() {
    assert_eq!(a2b_base64(b"aGVsbG8="), Ok(b"hello".to_vec()));
    assert_eq!(a2b_base64(b"YQ==="), Ok(b"a".to_vec()));
    assert_eq!(a2b_base64(b"!!!aGVs bG8="), Ok(b"hello".to_vec()));
    assert_eq!(a2b_base64(b"YQ==YQ=="), Ok(b"a".to_vec()));
    assert_eq!(a2b_base64(b""), Ok(Vec::new()));
    assert_eq!(a2b_base64(b"YQ"), Err("failed to decode base64 data: Incorrect padding".into()));
    assert!(a2b_base64(b"YWJjZ").is_err_and(|e| e.contains("number of data characters (5)")));
}

fn node(value: Value, raw: Option<&str>) -> Node {
    Node::new(value, None, raw.map(str::to_string), Range::default())
}

#[test]
fn python_dict_keys() {
    let key = |value: Value, raw: Option<&str>| {
        let n = node(value, raw);
        let k = py_key(&n).map(|k| format!("{k:?}"));
        k.unwrap_or_default()
    };
    assert_eq!(key(Value::Int(1), Some("1")), key(Value::Float(1.0), Some("1.0")));
    assert_eq!(key(Value::Bool(true), Some("true")), key(Value::Int(1), Some("1")));
    assert_eq!(key(Value::Float(-0.0), Some("-0.0")), key(Value::Bool(false), Some("no")));
    assert_ne!(key(Value::Str("1".into()), Some("1")), key(Value::Int(1), Some("1")));
    assert_eq!(key(Value::Float(f64::NAN), Some(".NaN")), key(Value::Float(f64::NAN), Some("-.nan")));
    assert_eq!(key(Value::Timestamp("2024-1-1".into()), None), key(Value::Timestamp("2024-01-01".into()), None));
    assert_ne!(
        key(Value::Timestamp("2024-01-01 00:00:00".into()), None),
        key(Value::Timestamp("2024-01-01".into()), None)
    );
    assert_eq!(
        key(Value::Timestamp("2024-01-01 01:00:00+01:00".into()), None),
        key(Value::Timestamp("2024-01-01T00:00:00Z".into()), None)
    );
    assert_ne!(
        key(Value::Timestamp("2024-01-01 00:00:00".into()), None),
        key(Value::Timestamp("2024-01-01 00:00:00Z".into()), None)
    );
    assert!(py_key(&node(Value::Seq(Vec::new()), None)).is_none());
    // NaNs other than PyYAML's shared `.nan` are only equal to themselves.
    let a = node(Value::Float(f64::NAN), Some("nan"));
    let b = node(Value::Float(f64::NAN), Some("nan"));
    assert_ne!(py_key(&a), py_key(&b));
    assert_eq!(py_key(&a), py_key(&a.clone()));
}

#[test]
fn merge_key_identity_follows_cpython_string_caching() {
    let a1 = node(s("a"), Some("a"));
    let a2 = node(s("a"), Some("a"));
    let long1 = node(s("image"), Some("image"));
    let long2 = node(s("image"), Some("image"));
    assert_eq!(key_id(&a1), key_id(&a2));
    assert_ne!(key_id(&long1), key_id(&long2));
    assert_eq!(key_id(&long1), key_id(&long1.clone()));
    assert_eq!(key_id(&node(Value::Null, Some(""))), key_id(&node(s(""), Some(""))));
    assert_ne!(key_id(&node(s("中"), Some("中"))), key_id(&node(s("中"), Some("中"))));
}

#[test]
fn repr_like_python() {
    assert_eq!(crate::python::repr_str("a"), "'a'");
    assert_eq!(crate::python::repr_str("it's"), "\"it's\"");
    assert_eq!(crate::python::repr_str("a\nb\\"), "'a\\nb\\\\'");
    assert_eq!(crate::python::repr_str("\u{0}"), "'\\x00'");
}

#[test]
fn text_starting_with_a_digit_resolves_as_the_patterns_say() {
    // The patterns tried one after another, as before the shortcuts for such text.
    let patterns = |text: &str| {
        let bytes = text.as_bytes();
        if numbers::is_float(bytes) {
            Tag::Float
        } else if numbers::is_int(bytes) {
            Tag::Int
        } else if timestamp::parse_stamp(text).is_some_and(|s| s.time.is_some() || s.long_date) {
            Tag::Timestamp
        } else {
            Tag::Str
        }
    };
    let pieces = [
        "0",
        "1",
        "7",
        "8",
        "9",
        "08",
        "00",
        "12",
        "_",
        ".",
        ":",
        "-",
        "+",
        "e",
        "E",
        "x",
        "b",
        "f",
        "G",
        "B",
        "h",
        "T",
        "t",
        "Z",
        " ",
        "\t",
        "GB",
        "..",
        "2001-12-14",
        "21:59:43",
        "inf",
        "é",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..200_000 {
        let mut text = String::from(["1", "0", "2", "9"][usize::try_from(seed % 4).unwrap_or(0)]);
        for _ in 0..(seed >> 8) % 5 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[usize::try_from(seed % pieces.len() as u64).unwrap_or(0)]);
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        assert_eq!(implicit_tag(&text), patterns(&text), "{text:?}");
    }
    for text in ["8000", "0", "00", "0755", "089", "24GB", "1h", "1..4", "0x1F", "0b10", "2001-12-14t21:59:43.10-05:00"]
    {
        assert_eq!(implicit_tag(text), patterns(text), "{text:?}");
    }
}
