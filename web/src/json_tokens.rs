//! Splits pretty-printed JSON into coloured tokens for the JSON panel.

/// What a piece of JSON text is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// An object key, quotes included.
    Key,
    /// A string value, quotes included.
    Str,
    /// A number, including Python's `Infinity` and `NaN`.
    Num,
    /// `true`, `false` or `null`.
    Lit,
    /// Punctuation and whitespace: drawn uncoloured.
    Plain,
}

impl Token {
    /// The CSS class of a coloured token.
    pub fn class(self) -> &'static str {
        match self {
            Token::Key => "j-key",
            Token::Str => "j-str",
            Token::Num => "j-num",
            Token::Lit => "j-lit",
            Token::Plain => "",
        }
    }
}

/// The tokens of `json`, in order; consecutive plain text is merged into one token.
pub fn tokens(json: &str) -> Vec<(Token, &str)> {
    let bytes = json.as_bytes();
    let mut out: Vec<(Token, &str)> = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (kind, end) = match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                let next = bytes[end..].iter().find(|b| !b.is_ascii_whitespace());
                (if next == Some(&b':') { Token::Key } else { Token::Str }, end)
            }
            b'-' | b'0'..=b'9' | b'I' | b'N' => (Token::Num, word_end(bytes, i)),
            b't' | b'f' | b'n' => (Token::Lit, word_end(bytes, i)),
            _ => {
                i += 1;
                continue;
            }
        };
        if plain_start < i {
            out.push((Token::Plain, &json[plain_start..i]));
        }
        out.push((kind, &json[i..end]));
        i = end;
        plain_start = end;
    }
    if plain_start < bytes.len() {
        out.push((Token::Plain, &json[plain_start..]));
    }
    out
}

/// Index just past the closing quote of the string starting at `start` (or the end of input).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Index just past a run of number or keyword characters.
fn word_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')))
        .map_or(bytes.len(), |n| start + n)
}

#[cfg(test)]
mod tests {
    use super::Token::*;
    use super::*;

    #[test]
    fn keys_values_and_punctuation() {
        let json =
            "{\n  \"a\": \"x: \\\"y\\\"\",\n  \"b\": [1, -2.5e3, Infinity, NaN],\n  \"c\": null,\n  \"d\": true\n}";
        assert_eq!(
            tokens(json),
            vec![
                (Plain, "{\n  "),
                (Key, "\"a\""),
                (Plain, ": "),
                (Str, "\"x: \\\"y\\\"\""),
                (Plain, ",\n  "),
                (Key, "\"b\""),
                (Plain, ": ["),
                (Num, "1"),
                (Plain, ", "),
                (Num, "-2.5e3"),
                (Plain, ", "),
                (Num, "Infinity"),
                (Plain, ", "),
                (Num, "NaN"),
                (Plain, "],\n  "),
                (Key, "\"c\""),
                (Plain, ": "),
                (Lit, "null"),
                (Plain, ",\n  "),
                (Key, "\"d\""),
                (Plain, ": "),
                (Lit, "true"),
                (Plain, "\n}"),
            ]
        );
    }

    #[test]
    fn markup_in_strings_stays_one_string_token() {
        assert_eq!(
            tokens("[\"<img src=x onerror=alert(1)>\", \"</script>\"]"),
            vec![
                (Plain, "["),
                (Str, "\"<img src=x onerror=alert(1)>\""),
                (Plain, ", "),
                (Str, "\"</script>\""),
                (Plain, "]"),
            ]
        );
    }

    #[test]
    fn non_ascii_and_unterminated_strings() {
        assert_eq!(tokens("\"é\": \"日本"), vec![(Key, "\"é\""), (Plain, ": "), (Str, "\"日本")]);
        assert_eq!(tokens(""), vec![]);
    }
}
