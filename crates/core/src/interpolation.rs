//! dstack 0.18.37's `${{ namespace.name }}` interpolation (`utils/interpolator.py`,
//! `VariablesInterpolator.interpolate_or_error`), as `dstack apply` runs it: `secrets` references
//! are left as written, every other reference must be known. One implementation for the checks
//! (E202), the effective view (the commands as they run) and the offer estimate (its rejection).

/// Why interpolation fails; [`InterpolationError::dstack_message`] is dstack's wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InterpolationError {
    /// `${{` without a closing `}}`; the text from `${{` on.
    Unclosed(String),
    /// A reference that is not `namespace.name`.
    IllegalName(String),
    /// References to variables that are not known, in order.
    Missing(Vec<String>),
}

impl InterpolationError {
    /// dstack's message for the error.
    pub fn dstack_message(&self) -> String {
        match self {
            InterpolationError::Unclosed(rest) => format!("No pattern closing: {rest}"),
            InterpolationError::IllegalName(name) => format!("Illegal reference name: {name}"),
            InterpolationError::Missing(names) => {
                // Python's repr of a list of str; valid names hold no quotes or backslashes.
                let list: Vec<String> = names.iter().map(|m| format!("'{m}'")).collect();
                format!("Failed to interpolate due to missing vars: [{}]", list.join(", "))
            }
        }
    }
}

/// Interpolates `s` with every known reference (`known("run.args")`) replaced by an empty value,
/// `$$` by `$`, and `secrets.*` references kept as written.
pub fn interpolate(s: &str, known: &dyn Fn(&str) -> bool) -> Result<String, InterpolationError> {
    let mut missing = Vec::new();
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    // Byte offsets: every delimiter is ASCII, so slicing at them stays on char boundaries.
    while start < s.len() {
        let Some(dollar) = s[start..].find('$').map(|d| d + start) else {
            out.push_str(&s[start..]);
            break;
        };
        if dollar == s.len() - 1 {
            out.push_str(&s[start..]);
            break;
        }
        if s.as_bytes()[dollar + 1] == b'$' {
            out.push_str(&s[start..=dollar]);
            start = dollar + 2;
            continue;
        }
        // dstack searches for `${{` from `start`, not from the `$` it found.
        let Some(opening) = s[start..].find("${{").map(|o| o + start) else {
            out.push_str(&s[start..]);
            break;
        };
        out.push_str(&s[start..opening]);
        let Some(closing) = s[opening..].find("}}").map(|c| c + opening) else {
            return Err(InterpolationError::Unclosed(s[opening..].to_string()));
        };
        let name = python_strip(&s[opening + 3..closing]);
        if !valid_name(name) {
            return Err(InterpolationError::IllegalName(name.to_string()));
        }
        if name.starts_with("secrets.") {
            out.push_str(&s[opening..closing + 2]);
        } else if !known(name) {
            missing.push(name.to_string());
        }
        start = closing + 2;
    }
    if missing.is_empty() { Ok(out) } else { Err(InterpolationError::Missing(missing)) }
}

/// The only variable of `commands` and `setup`: `run.args`, empty without extra arguments.
pub fn run_args(name: &str) -> bool {
    name == "run.args"
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

    fn run(s: &str) -> Result<String, String> {
        interpolate(s, &run_args).map_err(|e| e.dstack_message())
    }

    #[test]
    fn known_skipped_and_escaped_references() {
        assert_eq!(run(""), Ok(String::new()));
        assert_eq!(run("python train.py ${{ run.args }}"), Ok("python train.py ".into()));
        assert_eq!(run("echo ${{secrets.TOKEN}}"), Ok("echo ${{secrets.TOKEN}}".into()));
        assert_eq!(run("echo $${{ env.X }}"), Ok("echo ${{ env.X }}".into()));
        assert_eq!(run("cost $5 and $"), Ok("cost $5 and $".into()));
        assert_eq!(run("echo $HOME ${HOME}"), Ok("echo $HOME ${HOME}".into()));
        assert_eq!(run("echo $${{ENV}} ${{ run.args }}!"), Ok("echo ${{ENV}} !".into()));
        assert_eq!(run("${{\u{1c} run.args }}"), Ok(String::new()));
    }

    #[test]
    fn dstack_messages() {
        assert_eq!(
            run("${{ env.A }} ${{ env.B }}"),
            Err("Failed to interpolate due to missing vars: ['env.A', 'env.B']".into())
        );
        assert_eq!(run("x ${{ run.args"), Err("No pattern closing: ${{ run.args".into()));
        assert_eq!(run("${{ secrets.password }"), Err("No pattern closing: ${{ secrets.password }".into()));
        assert_eq!(run("${{ }}"), Err("Illegal reference name: ".into()));
        for bad in ["args", "a.b.c", "1a.b", "a.-b", "secrets.pass-word", ".password", "password.", "secrets.007"] {
            assert_eq!(run(&format!("${{{{ {bad} }}}}")), Err(format!("Illegal reference name: {bad}")));
        }
    }

    #[test]
    fn search_for_opening_starts_before_the_dollar() {
        assert_eq!(run("$x ${{ env.A }}"), Err("Failed to interpolate due to missing vars: ['env.A']".into()));
    }
}
