//! dstack's `${{ namespace.name }}` interpolation (`utils/interpolator.py`,
//! `VariablesInterpolator.interpolate_or_error`), as `dstack apply` runs it: `secrets` references
//! are left as written, every other reference must be known; 0.22.5's `commands` also leave
//! `${{ groups[i].nodes[j].IP_ADDRESS }}` for the server. One implementation for the checks
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
    interpolate_with(s, known, false)
}

/// [`interpolate`] as dstack 0.22.5 runs it on `commands`: a reference in the `groups`
/// namespace is left as written when it is `groups[i].nodes[j].IP_ADDRESS` (or `replicas`), and
/// is an illegal name otherwise.
pub fn interpolate_commands_0_22(s: &str, known: &dyn Fn(&str) -> bool) -> Result<String, InterpolationError> {
    interpolate_with(s, known, true)
}

fn interpolate_with(s: &str, known: &dyn Fn(&str) -> bool, groups: bool) -> Result<String, InterpolationError> {
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
        // 0.22.5 looks at the namespace (`groups` of `groups[0].nodes[0].IP_ADDRESS`) first.
        if groups && name.split('.').next().and_then(|n| n.split('[').next()) == Some("groups") {
            if parse_groups_ip_ref(name).is_none() {
                return Err(InterpolationError::IllegalName(name.to_string()));
            }
            out.push_str(&s[opening..closing + 2]);
            start = closing + 2;
            continue;
        }
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

/// A `${{ groups[i].nodes[j].IP_ADDRESS }}` reference (0.22.5): group `i`, node (or replica) `j`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupsIpRef {
    /// The group's index.
    pub group: u64,
    /// `replicas` rather than `nodes`.
    pub replicas: bool,
    /// The node's (replica's) index.
    pub index: u64,
}

/// The names of the `${{ ... }}` references of `s` as dstack 0.22.5's server finds them
/// (`nodes_interpolator.py`): not preceded by `$`, the name stripped, up to the first `}`, which
/// must start `}}`.
pub fn reference_names(s: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut from = 0;
    while let Some(p) = s[from..].find("${{").map(|p| p + from) {
        from = p + 1;
        if p > 0 && s.as_bytes()[p - 1] == b'$' {
            continue;
        }
        let Some(close) = s[p + 3..].find('}').map(|c| c + p + 3) else { continue };
        if close > p + 3 && s[close..].starts_with("}}") {
            names.push(python_strip(&s[p + 3..close]));
            from = close + 2;
        }
    }
    names
}

/// True when `s` refers to the `groups` namespace (the server allows that only in commands).
pub fn mentions_groups(s: &str) -> bool {
    reference_names(s).into_iter().any(mentions_groups_name)
}

/// The first `groups` reference of `s` that is not `groups[i].nodes[j].IP_ADDRESS` (or
/// `replicas[j]`): what 0.22.5's server rejects as an illegal reference name.
pub fn illegal_groups_ref(s: &str) -> Option<&str> {
    reference_names(s).into_iter().find(|n| mentions_groups_name(n) && parse_groups_ip_ref(n).is_none())
}

/// True when a reference name is in the `groups` namespace.
fn mentions_groups_name(name: &str) -> bool {
    name.split('.').next().and_then(|r| r.split('[').next()) == Some("groups")
}

/// The `groups[i].nodes[j].IP_ADDRESS` references of `s`, in order.
pub fn groups_ip_refs(s: &str) -> Vec<GroupsIpRef> {
    reference_names(s).into_iter().filter_map(parse_groups_ip_ref).collect()
}

/// `groups\[(\d+)\]\.(nodes|replicas)\[(\d+)\]\.IP_ADDRESS`, the whole name.
fn parse_groups_ip_ref(name: &str) -> Option<GroupsIpRef> {
    // Python's `int()` of any run of digits; an index too large for u64 is out of range anyway.
    let index =
        |s: &str| (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().unwrap_or(u64::MAX));
    let (group, rest) = name.strip_prefix("groups[")?.split_once("].")?;
    let (replicas, rest) = match rest.strip_prefix("nodes[") {
        Some(rest) => (false, rest),
        None => (true, rest.strip_prefix("replicas[")?),
    };
    let (member, rest) = rest.split_once(']')?;
    (rest == ".IP_ADDRESS").then_some(())?;
    Some(GroupsIpRef { group: index(group)?, replicas, index: index(member)? })
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
    fn groups_references_of_0_22_5() {
        let run = |s: &str| interpolate_commands_0_22(s, &run_args).map_err(|e| e.dstack_message());
        let ip = "echo ${{ groups[0].nodes[1].IP_ADDRESS }} ${{groups[12].replicas[0].IP_ADDRESS}}";
        assert_eq!(run(ip), Ok(ip.to_string()));
        assert_eq!(run("${{ groups.x }}"), Err("Illegal reference name: groups.x".into()));
        assert_eq!(
            run("${{ groups[0].nodes[a].IP_ADDRESS }}"),
            Err("Illegal reference name: groups[0].nodes[a].IP_ADDRESS".into())
        );
        assert_eq!(run("${{ env.A }}"), Err("Failed to interpolate due to missing vars: ['env.A']".into()));
        assert_eq!(
            interpolate("${{ groups.x }}", &run_args).map_err(|e| e.dstack_message()),
            Err("Failed to interpolate due to missing vars: ['groups.x']".into())
        );
    }

    #[test]
    fn groups_references_as_the_server_finds_them() {
        let refs = groups_ip_refs(
            "a ${{ groups[1].nodes[2].IP_ADDRESS }} $${{ groups[9].nodes[9].IP_ADDRESS }} ${{groups[0].replicas[0].IP_ADDRESS}}",
        );
        assert_eq!(
            refs,
            [GroupsIpRef { group: 1, replicas: false, index: 2 }, GroupsIpRef { group: 0, replicas: true, index: 0 }]
        );
        assert!(mentions_groups("${{ groups.x }}") && mentions_groups("x ${{groups[0]}}"));
        assert!(
            !mentions_groups("$${{ groups.x }}") && !mentions_groups("${{ run.args }}") && !mentions_groups("${{}}")
        );
    }

    #[test]
    fn search_for_opening_starts_before_the_dollar() {
        assert_eq!(run("$x ${{ env.A }}"), Err("Failed to interpolate due to missing vars: ['env.A']".into()));
    }
}
