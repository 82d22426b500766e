//! Lists of names in messages: "`a`, `b`" and pydantic's "'a', 'b'", from one function.

/// `items`, each between two `quote`s, separated by `, `.
pub fn quoted<S: AsRef<str>>(items: &[S], quote: char) -> String {
    // Sized first: grown item by item, a list of backends took several reallocations.
    let room = items.iter().map(|item| item.as_ref().len() + 2 * quote.len_utf8() + 2).sum();
    let mut out = String::with_capacity(room);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push(quote);
        out.push_str(item.as_ref());
        out.push(quote);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert_eq!(quoted(&["a", "b"], '`'), "`a`, `b`");
        assert_eq!(quoted(&["x".to_string()], '\''), "'x'");
        assert_eq!(quoted::<&str>(&[], '`'), "");
    }
}
