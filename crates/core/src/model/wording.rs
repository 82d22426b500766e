//! pydantic 2's wording of the errors that pydantic 1 words differently, for the `dstack` field
//! of diagnostics under a pydantic-2 release. Messages written for pydantic 2 pass unchanged.

/// pydantic 2's message for an error that pydantic 1 reports as `v1`.
pub fn pydantic2(v1: &str) -> String {
    let fixed = match v1 {
        "field required" => Some("Field required"),
        "extra fields not permitted" => Some("Extra inputs are not permitted"),
        "value is not a valid integer" => Some("Input should be a valid integer"),
        "str type expected" => Some("Input should be a valid string"),
        "value is not a valid float" => Some("Input should be a valid number"),
        "value could not be parsed to a boolean" => Some("Input should be a valid boolean"),
        "value is not a valid list" => Some("Input should be a valid list"),
        "value is not a valid dict" => Some("Input should be a valid dictionary"),
        "none is not an allowed value" => Some("Input should not be None"),
        _ => None,
    };
    if let Some(text) = fixed {
        return text.to_string();
    }
    if let Some(permitted) = v1.strip_prefix("value is not a valid enumeration member; permitted: ") {
        return format!("Input should be {}", or_list(permitted));
    }
    for (v1_prefix, v2_prefix) in [
        ("ensure this value is greater than or equal to ", "Input should be greater than or equal to "),
        ("ensure this value is less than or equal to ", "Input should be less than or equal to "),
        ("ensure this value is greater than ", "Input should be greater than "),
    ] {
        if let Some(bound) = v1.strip_prefix(v1_prefix) {
            return format!("{v2_prefix}{}", bound.strip_suffix(".0").unwrap_or(bound));
        }
    }
    let already = ["Input should", "Value error, ", "Field required", "Extra inputs", "String should", "List should"];
    if already.iter().any(|p| v1.starts_with(p)) || is_crash(v1) {
        return v1.to_string();
    }
    // Anything else is a dstack validator's own text, which pydantic 2 prefixes.
    format!("Value error, {v1}")
}

/// `'a', 'b', 'c'` → `'a', 'b' or 'c'`.
fn or_list(items: &str) -> String {
    match items.rsplit_once(", ") {
        Some((head, last)) => format!("{head} or {last}"),
        None => items.to_string(),
    }
}

/// A Python exception that escaped validation (`TypeError: ...`).
fn is_crash(text: &str) -> bool {
    text.split_once(": ").is_some_and(|(name, _)| {
        name.ends_with("Error") && !name.contains(' ') && name.chars().next().is_some_and(char::is_uppercase)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pydantic_1_messages_become_pydantic_2_messages() {
        assert_eq!(pydantic2("extra fields not permitted"), "Extra inputs are not permitted");
        assert_eq!(
            pydantic2("value is not a valid enumeration member; permitted: 'spot', 'on-demand', 'auto'"),
            "Input should be 'spot', 'on-demand' or 'auto'"
        );
        assert_eq!(pydantic2("ensure this value is greater than 0.0"), "Input should be greater than 0");
        assert_eq!(pydantic2("Cannot parse the duration 2x"), "Value error, Cannot parse the duration 2x");
        assert_eq!(pydantic2("Value error, Duration cannot be negative"), "Value error, Duration cannot be negative");
        assert_eq!(pydantic2("TypeError: boom"), "TypeError: boom");
    }
}
