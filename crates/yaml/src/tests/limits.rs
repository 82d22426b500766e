//! Safety limits: size, depth, alias expansion, speed.

use super::*;

#[test]
fn deep_nesting_is_a_limit_not_a_crash() {
    for text in ["[".repeat(10_000), "{a: ".repeat(10_000), "- ".repeat(10_000), "[".repeat(201) + &"]".repeat(201)] {
        let d = err(&text);
        assert_eq!(d.kind, ErrorKind::Limit, "{}", d.message);
    }
    let nested = "[".repeat(150) + &"]".repeat(150);
    assert!(load(&nested, &limits()).is_ok());
    let mut block = String::new();
    for depth in 0..250 {
        block.push_str(&" ".repeat(depth));
        block.push_str("k:\n");
    }
    assert_eq!(err(&block).kind, ErrorKind::Limit);
}

#[test]
fn billion_laughs_is_refused() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let started = Instant::now();
    let d = err(&text);
    assert_eq!(d.kind, ErrorKind::Limit);
    assert!(started.elapsed().as_millis() < 500);
    // Below the limit, aliases share the anchored data instead of copying it.
    let small = limits();
    let doc = ok("a: &a [1, 2]\nb: [*a, *a]\n");
    match at(&doc, "b").value() {
        Value::Seq(items) => assert!(items.iter().all(|n| Rc::ptr_eq(&n.data, &at(&doc, "a").data))),
        _ => panic!("not a list"),
    }
    let tight = LoadLimits { max_expanded_nodes: 5, ..small };
    assert_eq!(load("a: &a [1, 2]\nb: [*a, *a]\n", &tight).map_err(|d| d.kind), Err(ErrorKind::Limit));
}

#[test]
fn size_limit() {
    let tight = LoadLimits { max_bytes: 10, ..limits() };
    let d = load("a: 12345678901", &tight).err();
    assert_eq!(d.map(|d| d.kind), Some(ErrorKind::Limit));
    assert!(load("a: 1", &tight).is_ok());
}

#[test]
fn a_one_mebibyte_document_loads_quickly() {
    let mut text = String::with_capacity(1 << 20);
    let mut i = 0;
    while text.len() < (1 << 20) {
        text.push_str(&format!("key{i}:\n  name: \"value {i}\"\n  list: [1, 2.5, yes, 22:22]\n  text: |\n    line\n"));
        i += 1;
    }
    let started = Instant::now();
    let doc = ok(&text);
    let elapsed = started.elapsed();
    match doc.value() {
        Value::Map(entries) => assert_eq!(entries.len(), i),
        _ => panic!("not a map"),
    }
    // Unoptimized builds run saphyr-parser itself about ten times slower.
    let budget = if cfg!(debug_assertions) { 10.0 } else { 0.5 };
    assert!(elapsed.as_secs_f64() < budget, "{elapsed:?}");
    println!("1 MiB loaded in {elapsed:?}");
}
