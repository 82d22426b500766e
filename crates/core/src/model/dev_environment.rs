//! `type: dev-environment`: the run fields, `ports`, the IDE fields (`ide`, `version`, `init`,
//! 0.22.5's `inactivity_duration`) and the dev environment's model rules.

use super::coerce::{describe, key_str};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::{Model, duration, fields_valid, str_list};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// The IDEs dstack 0.22.5 installs (0.18.37 has only `vscode`, and requires it).
/// The IDEs 0.22.5 accepts (0.18.37: the first only).
pub(crate) const IDES: [&str; 4] = ["vscode", "cursor", "windsurf", "zed"];

/// Validates the fields and rules of a dev environment.
pub(super) fn validate(m: &mut Model, root: &Node) {
    m.unknown_keys();
    let ide = ide(m);
    m.emit("ide", ide);
    m.record_str("version");
    m.record_required("init", Json::Array(vec![]), "a list of commands", str_list);
    m.record_optional("inactivity_duration", |ctx, path, n| {
        // `off`, false and true all mean "never stopped": null.
        ctx.ok(path, n, duration::off_duration(n)).map(|v| if matches!(v, Json::Int(_)) { v } else { Json::Null })
    });
    m.ports_field();
    m.type_field();
    m.run_fields();
    if m.ctx.version.pydantic2() {
        no_entrypoint(m);
    }
    m.profile_fields();
    if m.ctx.version.pydantic2() && fields_valid(m.ctx) {
        after_rules(m, root);
    }
}

/// `ide`: 0.18.37 requires `vscode`; 0.22.5 takes one of [`IDES`] or nothing (SSH only).
fn ide(m: &mut Model) -> Option<Json> {
    let v2 = m.ctx.version.pydantic2();
    let Some(node) = m.get("ide") else {
        if v2 {
            return Some(Json::Null);
        }
        let span = m.entries.iter().find(|(k, _)| key_str(k) == Some("type")).map(|(k, _)| k.span);
        let f = Fail::new(codes::MISSING_FIELD, "a dev environment in dstack 0.18.37 needs `ide`", "field required")
            .help("add `ide: vscode`");
        m.ctx.fail(&Path::root().key("ide"), span.unwrap_or_default(), f);
        return None;
    };
    let path = Path::root().key("ide");
    let allowed: &[&str] = if v2 { &IDES } else { &IDES[..1] };
    match node.value() {
        Value::Null if v2 => Some(Json::Null),
        Value::Str(s) if allowed.contains(&s.as_str()) => Some(Json::Str(s.clone())),
        Value::Null => {
            let f = Fail::new(codes::NULL_NOT_ALLOWED, "`ide` cannot be empty (null)", "none is not an allowed value")
                .help("write `ide: vscode`");
            m.ctx.fail(&path, node.span, f);
            None
        }
        _ => {
            m.ctx.fail(&path, node.span, ide_fail(node, allowed, m.ctx));
            None
        }
    }
}

/// An `ide` that `allowed` lacks: dstack 0.18.37 says "unexpected value", 0.22.5 lists each literal.
fn ide_fail(node: &Node, allowed: &[&str], ctx: &Ctx) -> Fail {
    let listed = crate::listing::quoted(allowed, '`');
    let dstack = if ctx.version.pydantic2() {
        "Input should be 'vscode'".to_string()
    } else {
        "unexpected value; permitted: 'vscode'".to_string()
    };
    let fail = Fail::new(codes::INVALID_ENUM, format!("`ide` is one of {listed}, found {}", describe(node)), dstack);
    let newer = matches!(node.value(), Value::Str(s) if IDES.contains(&s.as_str()));
    let lower = match node.value() {
        Value::Str(s) => Some(s.to_ascii_lowercase()).filter(|l| allowed.contains(&l.as_str())),
        _ => None,
    };
    match (newer, lower) {
        (true, _) => fail.help(format!("dstack {} supports only `vscode`; check against a newer release", ctx.version)),
        (_, Some(l)) => fail.help(format!("IDE names are lower case: write `ide: {l}`")),
        _ => fail.help(format!("write one of {listed}")),
    }
}

/// dstack 0.22.5's field validator: a dev environment starts its IDE itself, so `entrypoint`
/// must stay unset.
fn no_entrypoint(m: &mut Model) {
    if m.value("entrypoint").is_null() || m.failed.contains(&"entrypoint") {
        return;
    }
    let Some(node) = m.get("entrypoint") else { return };
    let f = Fail::new(
        codes::DEV_ENVIRONMENT_ENTRYPOINT,
        "a dev environment cannot set `entrypoint`: dstack starts the IDE itself",
        "Value error, entrypoint is not supported for dev-environment",
    )
    .help("remove `entrypoint`; put startup commands in `init`");
    m.ctx.fail(&Path::root().key("entrypoint"), node.span, f);
}

/// dstack 0.22.5's model rules, run when every field is valid: `version` needs an `ide` (and a
/// `version@commit` one for Windsurf), and `dstack: true` rules out `inactivity_duration`.
fn after_rules(m: &mut Model, root: &Node) {
    let version_text = m.value("version").as_str().unwrap_or_default().to_string();
    if !version_text.is_empty() && m.value("ide").is_null() {
        let f = Fail::new(
            codes::DEV_ENVIRONMENT_IDE_VERSION,
            "`version` is the version of the IDE, but no `ide` is set",
            "Value error, `version` requires `ide` to be set",
        )
        .help("add `ide: vscode` (or `cursor`, `windsurf`, `zed`), or remove `version`");
        let span = m.key_span("version", root);
        m.ctx.fail(Path::root(), span, f);
        return;
    }
    if m.value("ide").as_str() == Some("windsurf") && !version_text.is_empty() && !windsurf_version(&version_text) {
        let f = Fail::new(
            codes::DEV_ENVIRONMENT_IDE_VERSION,
            format!("a Windsurf `version` is `version@commit`, found `{version_text}`"),
            format!(
                "Value error, Invalid Windsurf version format: `{version_text}`. Expected format: `version@commit` (e.g., `1.106.0@8951cd3ad688e789573d7f51750d67ae4a0bea7d`)"
            ),
        )
        .help("write e.g. `version: 1.106.0@8951cd3ad688e789573d7f51750d67ae4a0bea7d`");
        let span = m.key_span("version", root);
        m.ctx.fail(Path::root(), span, f);
        return;
    }
    if *m.value("dstack") == Json::Bool(true) && !m.value("inactivity_duration").is_null() {
        let f = Fail::new(
            codes::DEV_ENVIRONMENT_DSTACK_INACTIVITY,
            "`dstack: true` keeps a connection to the server open, so `inactivity_duration` would never elapse",
            "Value error, `dstack` is not supported together with `inactivity_duration`",
        )
        .help("remove `inactivity_duration`, or `dstack: true`");
        let span = m.key_span("inactivity_duration", root);
        m.ctx.fail(Path::root(), span, f);
    }
}

/// `^.+@[a-f0-9]+$` under Python's `re.match`: `.` stops at a newline, `$` also matches before a
/// final one.
fn windsurf_version(text: &str) -> bool {
    let text = text.strip_suffix('\n').unwrap_or(text);
    if text.contains('\n') {
        return false;
    }
    text.rsplit_once('@').is_some_and(|(head, commit)| {
        !head.is_empty()
            && !commit.is_empty()
            && commit.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::windsurf_version;
    use crate::{DstackVersion, Options, check};

    #[test]
    fn keys_of_other_types_say_where_they_belong() {
        let yaml = "type: dev-environment\nide: vscode\ncommands: [echo]\nport: 80\n";
        let report = check(yaml, &Options { effective: false, version: DstackVersion::V0_18_37 });
        let messages: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `commands` in a dev environment: a dev environment runs its startup commands from `init`",
                "unknown key `port` in a dev environment: `port` belongs to services; a dev environment exposes `ports: [8080]`",
            ]
        );
    }

    #[test]
    fn windsurf_versions_follow_python_re_match() {
        assert!(windsurf_version("1.106.0@8951cd3a"));
        assert!(windsurf_version("1@a@b"));
        assert!(windsurf_version("1.0@abc\n"));
        assert!(!windsurf_version("1.106.0"));
        assert!(!windsurf_version("@abc"));
        assert!(!windsurf_version("1.0@ABC"));
        assert!(!windsurf_version("1.0@"));
        assert!(!windsurf_version("1\n2@abc"));
    }
}
