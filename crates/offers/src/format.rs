//! Text of numbers, ranges and lists in funnel requirements, suggestions and warnings.

use crate::requirements::Bounds;

/// A number as the results print it: integral values without a fractional part (`80`, `0.5`).
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// A range in dstack's notation: `2`, `2..`, `..8`, `2..8`, each number followed by `unit`.
pub(crate) fn range(b: &Bounds, unit: &str) -> String {
    let end = |v: Option<f64>| v.map_or(String::new(), |v| format!("{}{unit}", number(v)));
    match (b.min, b.max) {
        (Some(lo), Some(hi)) if lo == hi => end(Some(lo)),
        (lo, hi) => format!("{}..{}", end(lo), end(hi)),
    }
}

/// An hourly price: `$3.555695/h`.
pub(crate) fn price(v: f64) -> String {
    format!("${}/h", number(v))
}

/// Items joined with `, `, at most `limit` of them and then `and N more`.
pub(crate) fn list<S: AsRef<str>>(items: &[S], limit: usize) -> String {
    let shown: Vec<&str> = items.iter().take(limit).map(AsRef::as_ref).collect();
    let mut text = shown.join(", ");
    if items.len() > limit {
        text.push_str(&format!(" and {} more", items.len() - limit));
    }
    text
}

/// Items as a YAML flow list: `[a, b]`.
pub(crate) fn yaml_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_ranges_prices_lists() {
        assert_eq!(
            (number(80.0), number(0.5), number(241.65), number(-3.0)),
            ("80".into(), "0.5".into(), "241.65".into(), "-3".into())
        );
        let b = |min, max| Bounds { min, max };
        assert_eq!(range(&b(Some(80.0), Some(80.0)), "GB"), "80GB");
        assert_eq!(range(&b(Some(24.0), None), "GB"), "24GB..");
        assert_eq!(range(&b(None, Some(4.0)), ""), "..4");
        assert_eq!(range(&b(Some(2.0), Some(4.0)), ""), "2..4");
        assert_eq!(price(3.1), "$3.1/h");
        assert_eq!(list(&["a", "b", "c"], 2), "a, b and 1 more");
        assert_eq!(list(&["a", "b"], 2), "a, b");
        assert_eq!(yaml_list(&["x".to_string(), "y".to_string()]), "[x, y]");
    }
}
