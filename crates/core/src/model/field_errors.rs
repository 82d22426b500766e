//! The errors every field can raise: an unknown key (with a precise hint for keys that belong
//! elsewhere or to another dstack release), a null where a value is required, a value outside an
//! enumeration.

use super::coerce::{describe, key_str, py_repr};
use super::config_type::ConfigType;
use super::{Ctx, Fail, Path, fields};
use crate::codes;
use crate::suggest;
use crate::version::DstackVersion;
use crate::yaml::{Node, Value};

/// The mapping a top-level `key` of a `ty` configuration belongs under (`gpu` under
/// `resources`), when `ty` has that mapping: the hint of the unknown key and its move fix.
pub(crate) fn belongs_under(key: &str, ty: ConfigType) -> Option<&'static str> {
    let parent = match key {
        "cpu" | "memory" | "shm_size" | "gpu" | "disk" => "resources",
        "hosts" | "user" | "identity_file" | "network" | "proxy_jump" | "ssh_key" if ty == ConfigType::Fleet => {
            "ssh_config"
        }
        _ => return None,
    };
    (ty != ConfigType::Preset && fields::fields_of(ty).any(|f| f.name == parent)).then_some(parent)
}

/// Keys that belong elsewhere: a precise hint instead of a typo guess.
fn misplaced_key_hint(key: &str, ty: ConfigType) -> Option<String> {
    if let Some(parent) = belongs_under(key, ty) {
        return Some(format!("`{key}` goes under `{parent}:`"));
    }
    if ty == ConfigType::DevEnvironment {
        return Some(match key {
            "commands" => "a dev environment runs its startup commands from `init`".into(),
            "port" => "`port` belongs to services; a dev environment exposes `ports: [8080]`".into(),
            "nodes" => "`nodes` belongs to tasks; a dev environment runs on one node".into(),
            _ => return None,
        });
    }
    if ty == ConfigType::Preset {
        return matches!(
            key,
            "resources" | "cpu" | "memory" | "gpu" | "disk" | "image" | "python" | "commands" | "port" | "replicas"
        )
        .then(|| format!("a preset names the model and its benchmark; the creation agent chooses `{key}` itself"));
    }
    if ty == ConfigType::Fleet {
        return super::fleet::misplaced_key(key);
    }
    if ty == ConfigType::Service
        && let Some(hint) = service_key_hint(key)
    {
        return Some(hint.into());
    }
    if ty != ConfigType::Task {
        return None;
    }
    Some(match key {
        "port" => "`port` belongs to services; a task exposes `ports: [8080]`".into(),
        "ide" | "version" | "init" => format!("`{key}` belongs to dev environments, not tasks"),
        "gateway" | "model" | "https" | "auth" | "replicas" | "scaling" => {
            format!("`{key}` belongs to services, not tasks")
        }
        "default" => "`default` is a profile setting (profiles.yml), not a run configuration field".into(),
        _ => return None,
    })
}

/// Keys of other run configurations written in a service.
fn service_key_hint(key: &str) -> Option<&'static str> {
    Some(match key {
        "ports" => "a service serves one `port` (e.g. `port: 8000`); `ports` belongs to tasks and dev environments",
        "nodes" => "`nodes` belongs to tasks; a service runs `replicas`",
        "ide" | "version" | "init" => "this key belongs to dev environments, not services",
        _ => return None,
    })
}

/// A task field that another dstack release has: when it came or went, and what to do.
fn other_release_hint(key: &str, ty: ConfigType, version: DstackVersion) -> Option<(String, String)> {
    let field = fields::other_release_field(ty, version, key)?;
    let checking = format!("you are checking against {version}");
    match (field.added, field.removed) {
        (Some(added), _) if version.release() < added => {
            let has = DstackVersion::SUPPORTED.into_iter().find(|v| field.applies(*v)).unwrap_or(DstackVersion::NEWEST);
            Some((
                format!("`{key}` is new in dstack {added}; {checking}"),
                format!("check against dstack {has} if you run it, or remove `{key}`"),
            ))
        }
        (_, Some(removed)) => Some((
            format!("`{key}` was removed in dstack {removed}; {checking}"),
            field.instead.unwrap_or("remove it").to_string(),
        )),
        _ => None,
    }
}

/// Records an "unknown key" error with a suggestion.
pub(crate) fn unknown_key(ctx: &mut Ctx, path: &Path, key: &Node, known: &[&str]) {
    let shown = key_str(key).map_or_else(|| py_repr(key), str::to_string);
    let key_path = path.key(&shown);
    if ctx.quiet {
        ctx.fail(&key_path, key.span, Fail::new(codes::UNKNOWN_FIELD, String::new(), String::new()));
        return;
    }
    let top = path.field().is_none();
    let (hint, hint_help) = match top.then(|| other_release_hint(&shown, ctx.ty, ctx.version)).flatten() {
        Some((hint, help)) => (Some(hint), Some(help)),
        None => (if top { misplaced_key_hint(&shown, ctx.ty) } else { None }, None),
    };
    let renamed = hint_help.is_some();
    let suggestion = if renamed { None } else { suggest::closest(&shown, known) };
    // Joined rather than `format!`ted: a file may have thousands of unknown keys.
    let where_ = match path.field() {
        None => ["a ", ctx.ty.noun()].concat(),
        Some(_) => format!("`{path}`"),
    };
    let message = match &hint {
        Some(h) => ["unknown key `", &shown, "` in ", &where_, ": ", h].concat(),
        None => ["unknown key `", &shown, "` in ", &where_].concat(),
    };
    let help = match (suggestion, &hint) {
        _ if hint_help.is_some() => hint_help,
        (Some(s), _) => Some(["did you mean `", s, "`?"].concat()),
        (None, Some(_)) => None,
        (None, None) => Some(["known keys: ", &crate::listing::quoted(known, '`')].concat()),
    };
    // pydantic builds models with `cls(**data)`: a non-text key fails before any field check.
    let dstack = if key_str(key).is_some() { "extra fields not permitted" } else { "keywords must be strings" };
    let message =
        if key_str(key).is_some() { message } else { format!("{message}: keys must be text, found {}", describe(key)) };
    let mut fail = Fail::new(codes::UNKNOWN_FIELD, message, dstack);
    fail.help = help;
    ctx.fail(&key_path, key.span, fail);
    // A rename is the one fix when it is the only advice: a typo, or a field renamed since.
    let to = match (&hint, renamed) {
        (None, false) => suggestion,
        (Some(_), true) if top => crate::fixes::successor(&shown),
        _ => None,
    };
    if let (Some(to), Some(_), Some(d)) = (to, key_str(key), ctx.diags.last_mut()) {
        d.fixes.push(crate::fixes::rename_key(key, to));
    }
}

/// "`field` cannot be empty".
pub(crate) fn null_fail(field: &str, what: &str) -> Fail {
    Fail::new(codes::NULL_NOT_ALLOWED, format!("`{field}` cannot be empty (null)"), "none is not an allowed value")
        .help(format!("remove the key to use the default, or give {what}"))
}

/// An enum value that is not one of `allowed`.
pub(crate) fn enum_fail(node: &Node, allowed: &[&str]) -> Fail {
    let permitted = crate::listing::quoted(allowed, '\'');
    let listed = crate::listing::quoted(allowed, '`');
    let fail = Fail::new(
        codes::INVALID_ENUM,
        format!("expected one of {listed}, found {}", describe(node)),
        format!("value is not a valid enumeration member; permitted: {permitted}"),
    );
    let text = match node.value() {
        Value::Str(s) => s.clone(),
        _ => node.raw().unwrap_or_default().to_string(),
    };
    match suggest::closest(&text, allowed) {
        Some(s) => fail.suggest(node, s),
        None => fail,
    }
}

/// [`enum_fail`] for a list item: pydantic 1 rejects a null item before trying the enumeration.
pub(crate) fn enum_item_fail(node: &Node, allowed: &[&str], version: DstackVersion) -> Fail {
    let mut f = enum_fail(node, allowed);
    if matches!(node.value(), Value::Null) && !version.pydantic2() {
        f.dstack = "none is not an allowed value".into();
    }
    f
}

/// A value that is not one of a `Literal[...]`'s `allowed` values (pydantic words it apart from
/// an enumeration).
pub(crate) fn literal_fail(version: DstackVersion, node: &Node, allowed: &[&str]) -> Fail {
    let quoted: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
    let dstack = if version.pydantic2() {
        match quoted.split_last() {
            Some((last, head)) if !head.is_empty() => format!("Input should be {} or {last}", head.join(", ")),
            _ => format!("Input should be {}", quoted.join(", ")),
        }
    } else {
        format!("unexpected value; permitted: {}", quoted.join(", "))
    };
    let listed = crate::listing::quoted(allowed, '`');
    Fail::new(codes::INVALID_ENUM, format!("expected {listed}, found {}", describe(node)), dstack)
}
