//! What `dstack apply` (L2) and the dstack server (L3) reject or change after parsing.

use std::collections::HashSet;

use crate::codes;
use crate::diagnostic::{Diagnostic, Range, Severity, Stage};
use crate::gpu_vendor::infer;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// Finds the node at a path of mapping keys / list indices, for diagnostic ranges.
pub fn node_at<'a>(root: &'a Node, path: &[&str]) -> Option<&'a Node> {
    let mut cur = root;
    for seg in path {
        cur = match (cur.value(), seg.parse::<usize>()) {
            (Value::Seq(items), Ok(i)) => items.get(i)?,
            (Value::Map(_), _) => cur.get(seg).map(|(_, v)| v)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn range_of(root: &Node, path: &[&str]) -> Range {
    (1..=path.len()).rev().find_map(|n| node_at(root, &path[..n])).map_or(root.span, |n| n.span)
}

fn diag(
    stage: Stage,
    code: &'static str,
    path: &str,
    range: Range,
    message: String,
    help: Option<String>,
    dstack: Option<String>,
) -> Diagnostic {
    Diagnostic { severity: Severity::Error, code, message, path: path.into(), range, help, stage, dstack }
}

/// `dstack apply`'s checks: the AMD image rule and `${{ }}` interpolation.
pub fn apply_checks(root: &Node, conf: &Json, out: &mut Vec<Diagnostic>) {
    if let Some(gpu) = conf.get("resources").and_then(|r| r.get("gpu")) {
        let inferred = infer(gpu);
        if inferred.has_amd && conf.get("image").is_none_or(Json::is_null) {
            out.push(diag(
                Stage::Apply,
                codes::AMD_REQUIRES_IMAGE,
                "resources.gpu",
                range_of(root, &["resources", "gpu"]),
                "AMD GPUs need an `image`: dstack's default images are built for NVIDIA CUDA".into(),
                Some("set `image` to a ROCm image, e.g. `image: rocm/pytorch:latest`".into()),
                Some("`image` is required if `resources.gpu.vendor` is AMD.".into()),
            ));
        }
    }
    if let Some(Json::Object(auth)) = conf.get("registry_auth") {
        // A set: a text may hold as many references as `env` has entries.
        let env_keys: HashSet<&str> = match conf.get("env") {
            Some(Json::Object(entries)) => entries.iter().map(|(k, _)| k.as_ref()).collect(),
            _ => HashSet::new(),
        };
        let known = |name: &str| name.strip_prefix("env.").is_some_and(|k| env_keys.contains(k));
        for (field, value) in auth {
            if let Some(text) = value.as_str()
                && let Err(e) = interpolate(text, &known)
            {
                let path = format!("registry_auth.{field}");
                out.push(diag(
                    Stage::Apply,
                    codes::INTERPOLATION,
                    &path,
                    range_of(root, &["registry_auth", field]),
                    e.message,
                    e.help,
                    Some(e.dstack),
                ));
            }
        }
    }
    for field in ["setup", "commands"] {
        for (i, item) in conf.get(field).and_then(Json::as_array).unwrap_or(&[]).iter().enumerate() {
            if let Some(text) = item.as_str()
                && let Err(e) = interpolate(text, &run_args)
            {
                let idx = i.to_string();
                out.push(diag(
                    Stage::Apply,
                    codes::INTERPOLATION,
                    &format!("{field}[{i}]"),
                    range_of(root, &[field, &idx]),
                    e.message,
                    e.help,
                    Some(e.dstack),
                ));
            }
        }
    }
}

struct InterpolationError {
    message: String,
    dstack: String,
    help: Option<String>,
}

/// dstack's `VariablesInterpolator.interpolate_or_error` with `secrets` skipped and every known
/// variable empty (as `run.args` is without extra arguments): the interpolated text.
pub fn interpolate_text(s: &str) -> String {
    interpolate(s, &run_args).unwrap_or_else(|_| s.to_string())
}

/// The references known in `setup` and `commands`.
fn run_args(name: &str) -> bool {
    name == "run.args"
}

/// `known` tells which `namespace.name` references resolve.
fn interpolate(s: &str, known: &dyn Fn(&str) -> bool) -> Result<String, InterpolationError> {
    let mut missing = Vec::new();
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    while start < s.len() {
        let Some(dollar) = s[start..].find('$').map(|d| d + start) else {
            out.push_str(&s[start..]);
            break;
        };
        if dollar == s.len() - 1 {
            out.push_str(&s[start..]);
            break;
        }
        if s[dollar + 1..].starts_with('$') {
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
            return Err(InterpolationError {
                message: format!("`${{{{` is not closed by `}}}}` in `{}`", &s[opening..]),
                dstack: format!("No pattern closing: {}", &s[opening..]),
                help: Some("close the reference with `}}`, or write `$${{` for a literal `${{`".into()),
            });
        };
        let name = s[opening + 3..closing].trim();
        if !valid_name(name) {
            return Err(InterpolationError {
                message: format!("`{name}` is not a valid reference: expected `namespace.name`"),
                dstack: format!("Illegal reference name: {name}"),
                help: Some("references look like `${{ run.args }}` or `${{ secrets.TOKEN }}`".into()),
            });
        }
        if name.starts_with("secrets.") {
            out.push_str(&s[opening..closing + 2]);
        } else if !known(name) {
            missing.push(name.to_string());
        }
        start = closing + 2;
    }
    if missing.is_empty() {
        return Ok(out);
    }
    let shown = missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", ");
    let names = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
    let help = if missing.iter().any(|m| m.starts_with("env.")) && known("run.args") {
        "`${{ env.* }}` is not available in `commands`: use the shell's `$NAME` (dstack sets `env` in the container)"
            .to_string()
    } else if missing.iter().any(|m| m.starts_with("env.")) {
        "add the variable to `env`, or use `${{ secrets.NAME }}`".to_string()
    } else {
        "available here: `${{ run.args }}` (extra `dstack apply` arguments) and `${{ secrets.* }}`".to_string()
    };
    Err(InterpolationError {
        message: format!("`dstack apply` cannot resolve {names}"),
        dstack: format!("Failed to interpolate due to missing vars: [{shown}]"),
        help: Some(help),
    })
}

fn valid_name(s: &str) -> bool {
    let Some(dot) = s.find('.') else { return false };
    if s.matches('.').count() != 1 || dot == 0 || dot == s.len() - 1 {
        return false;
    }
    let first = |c: char| c.is_ascii_alphabetic() || c == '_';
    s.chars().next().is_some_and(first)
        && s[dot + 1..].chars().next().is_some_and(first)
        && s.chars().all(|c| first(c) || c.is_ascii_digit() || c == '.')
}

/// The dstack server's static checks: run name and volume mount paths.
pub fn server_checks(root: &Node, conf: &Json, out: &mut Vec<Diagnostic>) {
    if let Some(name) = conf.get("name").and_then(Json::as_str)
        && !valid_run_name(name)
    {
        let fixed: String =
            name.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        let fixed = fixed.trim_start_matches(|c: char| !c.is_ascii_lowercase()).chars().take(41).collect::<String>();
        let help = if valid_run_name(&fixed) {
            format!("e.g. `name: {fixed}`")
        } else {
            "use 2–41 lowercase letters, digits and dashes, starting with a letter".into()
        };
        out.push(diag(
                Stage::Server,
                codes::INVALID_RUN_NAME,
                "name",
                range_of(root, &["name"]),
                format!("the dstack server rejects the run name `{name}`: it must be 2–41 characters of lowercase letters, digits and `-`, starting with a letter"),
                Some(help),
                Some("Resource name should match regex '^[a-z][a-z0-9-]{1,40}$'".into()),
            ));
    }
    for (i, vol) in conf.get("volumes").and_then(Json::as_array).unwrap_or(&[]).iter().enumerate() {
        let Some(path) = vol.get("path").and_then(Json::as_str) else { continue };
        let idx = i.to_string();
        let range = range_of(root, &["volumes", &idx, "path"]);
        if path.starts_with("/workflow") {
            out.push(diag(
                Stage::Server,
                codes::VOLUME_IN_WORKFLOW,
                &format!("volumes[{i}].path"),
                range,
                format!("the dstack server refuses to mount a volume at `{path}`: paths starting with `/workflow` are reserved for the repository"),
                Some("mount it elsewhere, e.g. `/data`".into()),
                Some("Mounting volumes inside /workflow is not supported".into()),
            ));
        } else if path.contains('\0') {
            out.push(diag(
                Stage::Server,
                codes::INVALID_MOUNT_PATH,
                &format!("volumes[{i}].path"),
                range,
                format!("`{}` is not a valid container path", path.replace('\0', "\\0")),
                None,
                Some(format!("Invalid volume mount path: {path}")),
            ));
        }
    }
}

/// `^[a-z][a-z0-9-]{1,40}$`.
pub fn valid_run_name(name: &str) -> bool {
    let b = name.as_bytes();
    (2..=41).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b[1..].iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str, known: &[&str]) -> Option<String> {
        interpolate(s, &|name| known.contains(&name)).err().map(|e| e.dstack)
    }

    #[test]
    fn interpolation_like_dstack() {
        assert_eq!(err("", &["run.args"]), None);
        assert_eq!(err("${ENV}", &["run.args"]), None);
        assert_eq!(err("$${{ENV}}", &["run.args"]), None);
        assert_eq!(err("${{ run.args }}", &["run.args"]), None);
        assert_eq!(err("${{ secrets.password  }}", &["run.args"]), None);
        assert_eq!(
            err("${{ env.name }}", &["run.args"]).as_deref(),
            Some("Failed to interpolate due to missing vars: ['env.name']")
        );
        assert_eq!(
            err("${{ secrets.password }", &["run.args"]).as_deref(),
            Some("No pattern closing: ${{ secrets.password }")
        );
        for bad in ["secrets.pass-word", ".password", "password.", "secrets.password.hash", "secrets.007"] {
            assert_eq!(err(&format!("${{{{ {bad} }}}}"), &[]), Some(format!("Illegal reference name: {bad}")));
        }
    }

    #[test]
    fn interpolated_text() {
        assert_eq!(interpolate_text("echo $${{ENV}} ${{ run.args }}!"), "echo ${{ENV}} !");
        assert_eq!(interpolate_text("${{ secrets.x }}"), "${{ secrets.x }}");
    }

    #[test]
    fn run_names() {
        assert!(valid_run_name("train-1"));
        assert!(!valid_run_name("a"));
        assert!(!valid_run_name("Train"));
        assert!(!valid_run_name("1train"));
        assert!(!valid_run_name(&"a".repeat(42)));
    }
}
