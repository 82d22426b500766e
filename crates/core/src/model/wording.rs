//! pydantic 2's wording of the errors that pydantic 1 words differently, for the `dstack` field
//! of diagnostics under a pydantic-2 release. Messages written for pydantic 2 pass unchanged.

/// pydantic 2's message for an error that pydantic 1 reports as `v1` at the field `path`.
pub fn pydantic2(v1: &str, path: &str) -> String {
    // pydantic 2 reports null and non-mappings with the type error of the field's own type.
    if (v1 == "none is not an allowed value" || v1 == "value is not a valid dict")
        && let Some(text) = type_error(path)
    {
        return text;
    }
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
    let already = [
        "Input should",
        "Input tag",
        "Unable to extract tag",
        "Value error, ",
        "Field required",
        "Extra inputs",
        "String should",
        "List should",
        "Unable to parse input string",
    ];
    if already.iter().any(|p| v1.starts_with(p)) || is_crash(v1) {
        return v1.to_string();
    }
    // Anything else is a dstack validator's own text, which pydantic 2 prefixes.
    format!("Value error, {v1}")
}

/// pydantic 2's type error for the task field at `path`.
fn type_error(path: &str) -> Option<String> {
    let model = match path {
        "commands" | "setup" | "init" | "ports" | "volumes" | "env" => {
            return Some("Input should be a valid list".into());
        }
        "home_dir" => return Some("Input should be a valid string".into()),
        "privileged" | "dstack" | "auth" | "strip_prefix" => return Some("Input should be a valid boolean".into()),
        "rate_limits" => return Some("Input should be a valid list".into()),
        "port" => "PortMapping",
        p if p.starts_with("env.") && p.matches('.').count() == 1 => {
            return Some("Input should be a valid string".into());
        }
        "registry_auth" => "RegistryAuth",
        "resources" => "ResourcesSpec",
        "resources.cpu" => "CPUSpec",
        "resources.gpu" => "GPUSpec",
        "resources.disk" => "DiskSpec",
        "resources.memory" | "resources.disk.size" | "resources.gpu.memory" | "resources.gpu.total_memory" => {
            "Range[Memory]"
        }
        "resources.gpu.count" | "resources.cpu.count" => "Range[int]",
        "retry" => "ProfileRetry",
        _ => return None,
    };
    Some(format!("Input should be a valid dictionary or instance of {model}"))
}

/// `'a', 'b', 'c'` → `'a', 'b' or 'c'`.
fn or_list(items: &str) -> String {
    // The last `, ` found by its comma: the page's only reverse search for a text would bring
    // the standard library's reverse two-way search into the wasm.
    let comma = items.rmatch_indices(',').map(|(i, _)| i).find(|&i| items.as_bytes().get(i + 1) == Some(&b' '));
    match comma.and_then(|i| Some((items.get(..i)?, items.get(i + 2..)?))) {
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
    fn the_last_item_is_joined_with_or() {
        let joined = ["'a', 'b', 'c'", "'a'", "'a,b', 'c'", "x,y", "a, b,c", "", ", "].map(or_list);
        assert_eq!(joined, ["'a', 'b' or 'c'", "'a'", "'a,b' or 'c'", "x,y", "a or b,c", "", " or "]);
    }

    #[test]
    fn pydantic_1_messages_become_pydantic_2_messages() {
        assert_eq!(pydantic2("extra fields not permitted", "x"), "Extra inputs are not permitted");
        assert_eq!(
            pydantic2("value is not a valid enumeration member; permitted: 'spot', 'on-demand', 'auto'", "spot_policy"),
            "Input should be 'spot', 'on-demand' or 'auto'"
        );
        assert_eq!(pydantic2("ensure this value is greater than 0.0", "max_price"), "Input should be greater than 0");
        assert_eq!(
            pydantic2("Cannot parse the duration 2x", "max_duration"),
            "Value error, Cannot parse the duration 2x"
        );
        assert_eq!(
            pydantic2("Value error, Duration cannot be negative", "max_duration"),
            "Value error, Duration cannot be negative"
        );
        assert_eq!(pydantic2("TypeError: boom", ""), "TypeError: boom");
        assert_eq!(
            pydantic2("none is not an allowed value", "resources.gpu.count"),
            "Input should be a valid dictionary or instance of Range[int]"
        );
        assert_eq!(pydantic2("none is not an allowed value", "volumes"), "Input should be a valid list");
        assert_eq!(pydantic2("value is not a valid dict", "volumes[3]"), "Input should be a valid dictionary");
    }
}
