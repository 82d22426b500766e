//! Messages mark identifiers with backticks; the page shows those parts as code.

/// `text` split into (is_code, part) pieces; an unpaired backtick stays in the text.
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else { break };
        if open > 0 {
            out.push((false, &rest[..open]));
        }
        out.push((true, &rest[open + 1..open + 1 + len]));
        rest = &rest[open + len + 2..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_code_from_text() {
        assert_eq!(
            code_spans("unknown field `comands`: did you mean `commands`?"),
            vec![
                (false, "unknown field "),
                (true, "comands"),
                (false, ": did you mean "),
                (true, "commands"),
                (false, "?")
            ]
        );
    }

    #[test]
    fn unpaired_backtick_and_edges() {
        assert_eq!(code_spans("`a` and ` alone"), vec![(true, "a"), (false, " and ` alone")]);
        assert_eq!(code_spans("``"), vec![(true, "")]);
        assert_eq!(code_spans(""), vec![]);
    }
}
