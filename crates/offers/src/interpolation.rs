//! dstack 0.18.37's `${{ namespace.name }}` interpolation (`utils/interpolator.py`), reduced to
//! what decides whether `dstack apply` fails: the substituted text itself cannot change offers.

/// Checks `s` the way `VariablesInterpolator.interpolate_or_error` does with the given known
/// references (`env.FOO`) and skipped namespaces (`secrets`); `Err` carries dstack's message.
pub(crate) fn check(s: &str, known: &dyn Fn(&str) -> bool, skip: &[&str]) -> Result<(), String> {
    let mut missing: Vec<&str> = Vec::new();
    let mut start = 0;
    // Byte offsets: every delimiter is ASCII, so slicing at them stays on char boundaries.
    while start < s.len() {
        let Some(dollar) = s[start..].find('$').map(|i| i + start) else { break };
        if dollar == s.len() - 1 {
            break;
        }
        if s.as_bytes()[dollar + 1] == b'$' {
            // `$$` is an escaped `$`
            start = dollar + 2;
            continue;
        }
        // dstack searches for the opening from `start`, not from the `$` it found.
        let Some(opening) = s[start..].find("${{").map(|i| i + start) else { break };
        let Some(closing) = s[opening..].find("}}").map(|i| i + opening) else {
            return Err(format!("No pattern closing: {}", &s[opening..]));
        };
        let name = python_strip(&s[opening + 3..closing]);
        if !valid_name(name) {
            return Err(format!("Illegal reference name: {name}"));
        }
        let namespace = name.split('.').next().unwrap_or_default();
        if !skip.contains(&namespace) && !known(name) {
            missing.push(name);
        }
        start = closing + 2;
    }
    if missing.is_empty() {
        return Ok(());
    }
    // Python's repr of a list of str; valid names hold no quotes or backslashes.
    let list: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    Err(format!("Failed to interpolate due to missing vars: [{}]", list.join(", ")))
}

/// `Name` rules of dstack: exactly one dot, not at either end, ASCII identifier characters.
fn valid_name(s: &str) -> bool {
    let Some(dot) = s.find('.') else { return false };
    if s.matches('.').count() != 1 || dot == 0 || dot == s.len() - 1 {
        return false;
    }
    let first = |c: u8| c.is_ascii_alphabetic() || c == b'_';
    let b = s.as_bytes();
    first(b[0]) && first(b[dot + 1]) && b.iter().all(|&c| first(c) || c.is_ascii_digit() || c == b'.')
}

/// Python's `str.strip()`: Rust's whitespace plus the separators U+001C..U+001F.
fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Result<(), String> {
        check(s, &|name| name == "run.args", &["secrets"])
    }

    #[test]
    fn known_skipped_and_escaped_references_pass() {
        assert_eq!(run("python train.py ${{ run.args }}"), Ok(()));
        assert_eq!(run("echo ${{secrets.TOKEN}}"), Ok(()));
        assert_eq!(run("echo $${{ env.X }}"), Ok(()));
        assert_eq!(run("cost $5 and $"), Ok(()));
        assert_eq!(run("echo $HOME ${HOME}"), Ok(()));
    }

    #[test]
    fn dstack_messages() {
        assert_eq!(
            run("${{ env.A }} ${{ env.B }}"),
            Err("Failed to interpolate due to missing vars: ['env.A', 'env.B']".into())
        );
        assert_eq!(run("x ${{ run.args"), Err("No pattern closing: ${{ run.args".into()));
        assert_eq!(run("${{ args }}"), Err("Illegal reference name: args".into()));
        assert_eq!(run("${{ a.b.c }}"), Err("Illegal reference name: a.b.c".into()));
        assert_eq!(run("${{ 1a.b }}"), Err("Illegal reference name: 1a.b".into()));
        assert_eq!(run("${{ a.-b }}"), Err("Illegal reference name: a.-b".into()));
        assert_eq!(run("${{ }}"), Err("Illegal reference name: ".into()));
    }

    #[test]
    fn search_for_opening_starts_before_the_dollar() {
        // dstack finds `$x` first, then looks for `${{` from the same start: the reference after
        // it is still checked.
        assert_eq!(run("$x ${{ env.A }}"), Err("Failed to interpolate due to missing vars: ['env.A']".into()));
    }
}
