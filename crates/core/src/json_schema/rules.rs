//! dstack's rules that a key's shape does not carry: the forms a string must have (a GPU spec,
//! a mount, a user), bounds, and keys that need or exclude each other. Each is a schema fragment
//! written beside the shape's (in `allOf`), for the release whose parser has it: 0.22.5 (pydantic
//! 2) unless the rule names 0.18.37 too. A pattern only constrains strings, `minItems` only lists,
//! a bound only numbers, so a fragment leaves the key's other forms (and `null`) to the shape.

use crate::json::Json;
use crate::model::ConfigType;
use crate::model::describe::nested::{
    AGENT_KEYS, FILE_KEYS, FLEET_NODES_KEYS, GPU_KEYS, INSTANCE_MOUNT_KEYS, PROBE_KEYS, RATE_LIMIT_KEYS,
    REPLICA_GROUP_KEYS, REPO_KEYS, RESOURCES_KEYS, RETRY_KEYS, SCALING_KEYS, SCHEDULE_KEYS, TASK_GROUP_KEYS,
    UTILIZATION_POLICY_KEYS, VOLUME_MOUNT_KEYS,
};
use crate::model::fields::Field;
use crate::version::DstackVersion;

/// A digit as Python's `int()` reads it (ASCII or full-width).
const D: &str = r"[0-9\uFF10-\uFF19]";
/// An integer text as pydantic 2 reads it.
const INT: &str = concat!(int_digits!(), r"(?:\.0*)?");
/// An integer text as pydantic 1 reads it (Python's `int()`).
const INT_0_18: &str = int_digits!();
/// A memory size without spaces: a number with an optional unit.
const MEMORY: &str = r"[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?(?:[MmGgTt][Bb])?|[+-]?(?:[Ii][Nn][Ff](?:[Ii][Nn][Ii][Tt][Yy])?|[Nn][Aa][Nn])(?:[MmGgTt][Bb])?";
/// A resource name (`groups[].name`): `is_valid_replica_group_name`.
const RESOURCE_NAME: &str = r"^[a-z0-9][a-z0-9-]{0,39}\n?$";
/// `<name>` or `<project>/<name>`: `EntityReference.parse`.
const ENTITY: &str = "^[^/]+(?:/[^/]+)?$";
/// A tag key: `TAG_KEY_PATTERN`.
const TAG_KEY: &str = r"^[_\-a-zA-Z0-9]{1,60}\n?$";
/// `user[:group]` with neither part empty nor a negative number: `UnixUser.parse`.
const USER: &str = r"^(?!\s*-[0_]*[1-9][0-9_]*\s*(?::|$))(?![^:]*:\s*-[0_]*[1-9][0-9_]*\s*$)[^:]+(?::[^:]+)?$";
/// A text Python's `int()` reads as a negative number.
const NEGATIVE: &str = r"^\s*-[0_]*[1-9]";
/// An item of `ports` as `PortMapping.parse` reads a string: `[local|*:]container`.
const PORT_ITEM: &str = r"^(?:(?:P|\*):)?P\n?$";
/// A port number 1..65535 in ASCII digits, or any run of other decimal digits.
const PORT_NUMBER: &str = r"(?:0*(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])|(?=[^:]*[^\x00-\x7F])\p{Nd}+)";
/// A Windows absolute path (`C:/x`, `C:\x`), which `FilePathMapping` refuses as a container path.
const WINDOWS_ABSOLUTE: &str = r"^[A-Za-z]:[\\/]";
/// A `files` item: `local[:container]`, a Windows drive kept with its path, the container path
/// not a Windows absolute one.
const FILE_ITEM: &str =
    r"^(?:[A-Za-z]:[\\/][^:]*|(?![A-Za-z]:[\\/])[^:]*):(?![A-Za-z]:[\\/])[^:]*$|^(?![A-Za-z]:[\\/])[^:]*$";
/// A `repos` item: `local[:path]` or `url[:path]` (a URL keeps its first `:`), the repo not empty.
const REPO_ITEM: &str = r"^(?:[^:]*@[^:]*:[^:]*|[^:]*:(?=//)[^:]*|[A-Za-z]:[\\/][^:]*|[^:]+)(?::[^:]*)?$";
/// A port number 1..65536 (0.18.37's bound) in ASCII digits.
const PORT_NUMBER_0_18: &str =
    "0*(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-6])";
/// A text pydantic 1 reads as `true`.
const TRUE_TEXT: &str = "^(?:1|[Oo][Nn]|[Tt]|[Tt][Rr][Uu][Ee]|[Yy]|[Yy][Ee][Ss])$";
/// A minute above 59 or an hour above 23, written as a plain number.
const CRON_OUT_OF_RANGE: &str =
    r"^\s*0*(?:[6-9][0-9]|[1-9][0-9]{2,})\s|^\s*\S+\s+0*(?:2[4-9]|[3-9][0-9]|[1-9][0-9]{2,})\s";
/// An IPv4 address as Python's `ipaddress` reads it (no leading zeros), its first octet not one
/// of a public network (`is_private` is false for all of these).
const PRIVATE_IPV4: &str = r"(?!(?:[1-9]|1[1-9]|[2-9][0-9]|10[1-9]|11[0-9]|12[0-689]|1[3-5][0-9]|16[0-8]|17[013-9]|18[0-9]|19[013-79]|20[0-24-9]|21[0-9]|22[0-3])\.)(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
/// Five cron fields.
const CRON: &str = r"^\s*\S+(?:\s+\S+){4}\s*$";

/// JSON object from its entries.
fn o(entries: Vec<(&'static str, Json)>) -> Json {
    Json::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

/// A string matches `re`.
fn pat(re: impl Into<String>) -> Json {
    o(vec![("pattern", Json::Str(re.into()))])
}

/// The value does not match `schema`.
fn not(schema: Json) -> Json {
    o(vec![("not", schema)])
}

/// Not a string matching `re` (other values pass).
fn not_text(re: impl Into<String>) -> Json {
    not(o(vec![("type", Json::str("string")), ("pattern", Json::Str(re.into()))]))
}

/// Each item of a list matches `schema`.
fn items(schema: Json) -> Json {
    o(vec![("items", schema)])
}

/// A JSON list of key names.
fn names(keys: &[&str]) -> Json {
    Json::Array(keys.iter().map(|k| Json::str(*k)).collect())
}

/// The object has `key`, set to a value matching `schema`.
fn has(key: &'static str, schema: Json) -> Json {
    o(vec![("required", names(&[key])), ("properties", o(vec![(key, schema)]))])
}

/// The object has `key` (strict validators want a required key described beside it).
fn needs(key: &'static str) -> Json {
    has(key, Json::Bool(true))
}

/// The object has `a` matching `sa` and `b` matching `sb`.
fn has_both(a: &'static str, sa: Json, b: &'static str, sb: Json) -> Json {
    o(vec![("required", names(&[a, b])), ("properties", o(vec![(a, sa), (b, sb)]))])
}

/// Not `null`.
fn present() -> Json {
    not(o(vec![("type", Json::str("null"))]))
}

/// What Python counts as true for a text, a list or `None`.
fn truthy() -> Json {
    not(o(vec![("enum", Json::Array(vec![Json::Null, Json::str(""), Json::Array(Vec::new())]))]))
}

/// The value is of JSON type `name`.
fn of_type(name: &'static str) -> Json {
    o(vec![("type", Json::str(name))])
}

/// When the value is of JSON type `ty`, it matches `then`.
fn when_type(ty: &'static str, then: Json) -> Json {
    o(vec![("if", of_type(ty)), ("then", then)])
}

/// A number meets the bound `key` (`minimum`, `maximum`, ...).
fn number_bound(key: &'static str, bound: Json) -> Json {
    when_type("number", o(vec![(key, bound)]))
}

/// A string of letters matching `word` in any case.
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| match (c.to_ascii_lowercase(), c.to_ascii_uppercase()) {
            (l, u) if l != u => format!("[{l}{u}]"),
            _ => c.to_string(),
        })
        .collect()
}

/// A duration that cannot be negative (`parse_off_duration`): `off`, `true` and `false` aside.
fn non_negative_duration() -> Json {
    // A float is truncated: `-0.5` is 0.
    o(vec![("allOf", Json::Array(vec![number_bound("exclusiveMinimum", Json::Int(-1)), not_text(NEGATIVE)]))])
}

/// A duration of at least `seconds` (`texts`: the texts that are), as `Duration.parse` reads it.
fn duration_at_least(seconds: i128, texts: &str) -> Json {
    o(vec![(
        "allOf",
        Json::Array(vec![
            number_bound("minimum", Json::Int(seconds)),
            // A text with `_` is read by `int()` with its digits joined; left to dstack.
            pat(format!(r"_|^\s*\+?(?:{texts})\n?\s*$")),
        ]),
    )])
}

/// `GPUSpec.parse` of a text (both releases, each with its vendors): `:`-separated tokens, each a
/// vendor, GPU names, a memory size or range (a letter after the first character), or a count or
/// range; at most one of each, ranges in order. dstack drops spaces first; a text with spaces is
/// left to it.
pub(super) fn gpu_spec(version: DstackVersion) -> Json {
    let mut vendors: Vec<&str> = if version.pydantic2() {
        [&crate::gpu_vendor::VENDORS_0_22[..], &["tpu", "tt"]].concat()
    } else {
        [&crate::model::VENDORS[..], &["tpu"]].concat()
    };
    vendors.dedup();
    let vendor = format!("(?:{})", vendors.iter().map(|v| any_case(v)).collect::<Vec<_>>().join("|"));
    let end = "(?=:|$)";
    let name = format!(r"(?!{vendor}{end})\p{{L}}[^:,]*(?:,[^:,]+)*");
    // A range splits at its first `..`: a bound does not end with the `.` of a `...`.
    let memory = format!(r"(?=[^:]*\p{{L}})(?:(?:{MEMORY})(?:(?<!\.)\.\.(?:{MEMORY})?)?|\.\.(?:{MEMORY}))");
    // pydantic 1 refuses `8.0` as an integer; pydantic 2 takes it.
    let int = if version.pydantic2() { INT } else { INT_0_18 };
    let count = format!(r"(?:{int})(?:(?<!\.)\.\.(?:{int})?)?|\.\.(?:{int})");
    let token = format!("(?:{vendor}{end}|{name}|(?:{memory}){end}|(?:{count}){end})");
    let valid = format!("^{token}(?::{token})*$");
    let twice = |class: &str| format!("(?:^|:){class}(?::[^:]*)*:{class}(?::|$)");
    let classes = [
        vendor.clone(),
        format!(r"(?!{vendor}(?::|$))\p{{L}}[^:]*"),
        r"[^:\p{L}][^:]*\p{L}[^:]*".to_owned(),
        r"[^:\p{L}]+".to_owned(),
    ];
    let mut conflicts: Vec<Json> = classes.iter().map(|c| not_text(twice(c))).collect();
    conflicts.push(not_text(format!("(?:^|:){}(?::|$)", reversed_range(""))));
    for memory in reversed_memory_ranges().into_iter().skip(1) {
        conflicts.push(not_text(format!("(?:^|:){memory}(?::|$)")));
    }
    let checked = o(vec![("allOf", Json::Array([vec![pat(valid)], conflicts].concat()))]);
    o(vec![("anyOf", Json::Array(vec![pat(" "), checked]))])
}

/// A range of plain decimal integers whose minimum is above its maximum (`Invalid range order`),
/// each followed by `unit` (a memory unit, or nothing), for bounds of up to 6 digits: the
/// minimum has more digits, or they share a prefix and the minimum's next digit is the larger one.
pub(super) fn reversed_range(unit: &str) -> String {
    let u = unit;
    let longer = (2..=6).map(|n| format!(r"[1-9]\d{{{}}}{u}\.\.0*(?:[1-9]\d{{0,{}}}|0){u}", n - 1, n - 2));
    // After a shared prefix `p`, a digit above the other's with as many digits after each.
    let larger_digit =
        (0..=5).flat_map(|k| (1..=9).map(move |d| format!(r"{d}\d{{{k}}}{u}\.\.0*\k<p>[0-{}]\d{{{k}}}{u}", d - 1)));
    let longer: Vec<String> = longer.collect();
    let larger_digit: Vec<String> = larger_digit.collect();
    format!(r"0*(?:[1-9]\d*{u}\.\.0+{u}|{}|(?<p>\d*)(?:{}))", longer.join("|"), larger_digit.join("|"))
}

/// Memory ranges out of order with the same unit on both bounds (any case), or none.
pub(super) fn reversed_memory_ranges() -> Vec<String> {
    ["", "[Mm][Bb]", "[Gg][Bb]", "[Tt][Bb]"].into_iter().map(reversed_range).collect()
}

/// `CPUSpec.parse` (0.22.5): a count or range and an architecture, `:`-separated, one of each;
/// an integer is a count (not a negative one), a float or a boolean is refused.
fn cpu_spec() -> Json {
    let arch = "(?:[Aa][Rr][Mm]|[Xx]86)";
    let count = format!(r"\p{{Nd}}+|(?:{INT})?(?<!\.)\.\.(?:{INT})?");
    let spec = format!("^(?:{arch}|(?:{count})|{arch}:(?:{count})|(?:{count}):{arch})$");
    o(vec![(
        "allOf",
        Json::Array(vec![
            not(of_type("boolean")),
            when_type("number", o(vec![("type", Json::str("integer")), ("minimum", Json::Int(0))])),
            o(vec![("anyOf", Json::Array(vec![pat(" "), pat(spec)]))]),
            not_text(r"^\s*\.\.\s*$"),
            not_text(format!("(?:^|:){}(?::|$)", reversed_range(""))),
        ]),
    )])
}

/// `ComputeCapability.validate`: `major.minor` as a float or a text, or a list of two. (An
/// integer is refused too, but JSON does not tell `8` from `8.0`.)
fn compute_capability() -> Json {
    let part = format!(r"\s*[+-]?{D}+(?:_{D}+)*\s*");
    o(vec![(
        "allOf",
        Json::Array(vec![
            pat(format!(r"^\s*{part}\.{part}\s*$")),
            o(vec![("minItems", Json::Int(2)), ("maxItems", Json::Int(2))]),
        ]),
    )])
}

/// An absolute path without `..` parts (`_validate_mount_point_path`), its parts free of `stop`.
fn mount_path(stop: &str) -> String {
    let end = if stop.is_empty() { "/|$".to_owned() } else { format!("/|{stop}|$") };
    format!(r"/(?:/|(?!\.\.(?:{end}))[^/{stop}]+)*")
}

/// The rules for `name` in the mapping with keys `table` (`None`: the top level of `ty`).
pub(super) fn field(ty: ConfigType, table: Option<&'static [Field]>, name: &str, version: DstackVersion) -> Vec<Json> {
    let v2 = version.pydantic2();
    let is = |t: &'static [Field]| table.is_some_and(|own| std::ptr::eq(own, t));
    let run = matches!(ty, ConfigType::Task | ConfigType::Service | ConfigType::DevEnvironment);
    let mut out = Vec::new();
    match (table, name) {
        (None, "user") if run => out.push(pat(USER)),
        (None, "max_duration" | "stop_duration" | "inactivity_duration") if v2 => out.push(non_negative_duration()),
        (None, "tags") if v2 => out.push(o(vec![("propertyNames", pat(TAG_KEY))])),
        (None, "instances") if v2 => out.push(o(vec![("minItems", Json::Int(1))])),
        (None, "repos") if v2 => {
            out.push(o(vec![("maxItems", Json::Int(1))]));
            out.push(items(pat(REPO_ITEM)));
        }
        (None, "files") if v2 => out.push(items(pat(FILE_ITEM))),
        (None, "fleets") if v2 => out.push(items(pat(ENTITY))),
        (None, "gateway") if v2 && ty == ConfigType::Service => out.push(pat(ENTITY)),
        (None, "groups") if v2 => out.push(o(vec![("minItems", Json::Int(1))])),
        (None, "ports") if v2 => out.push(items(pat(PORT_ITEM.replace('P', PORT_NUMBER)))),
        (None, "ports" | "port") if !v2 => out.push(port_0_18(name == "port")),
        (None, "gateway") if !v2 && ty == ConfigType::Service => {
            // `validate_gateway`: whatever pydantic 1 reads as `true` is refused.
            out.push(not(o(vec![("const", Json::Bool(true))])));
            out.push(not(o(vec![("const", Json::Int(1))])));
            out.push(not_text(TRUE_TEXT));
        }
        (None, "replicas") if !v2 && ty == ConfigType::Service => out.push(not_text(r"^\s*\.\.|\.\.\s*$|^\s*-")),
        (None, "idle_duration") if !v2 => out.push(not(o(vec![("const", Json::str("off"))]))),
        (None, "ssh_config") if ty == ConfigType::Fleet => out.push(ssh_addresses()),
        (None, "env") => out.push(o(vec![("uniqueItems", Json::Bool(true))])),
        (None, "probes") if v2 => out.push(o(vec![("uniqueItems", Json::Bool(true))])),
        // Only `vastai` has options, and a backend may appear once.
        (None, "backend_options") if v2 => out.push(o(vec![("maxItems", Json::Int(1))])),
        (None, "volumes") => {
            out.push(items(not(of_type("number"))));
            let mount = format!("^(?:[^:/]*|{}):{}$", mount_path(":"), mount_path(":"));
            out.push(items(pat(mount)));
        }
        (None, "model") if v2 && ty == ConfigType::Service => out.push(not(of_type("number"))),
        (None, "entrypoint") if v2 && ty == ConfigType::DevEnvironment => out.push(of_type("null")),
        (None, "instance_type") if v2 && ty == ConfigType::Gateway => out.push(o(vec![("minLength", Json::Int(1))])),
        (None, "replicas") if v2 && ty == ConfigType::Service => {
            out.push(number_bound("minimum", Json::Int(0)));
            out.push(not_text(NEGATIVE));
            // `_validate_replica_range`: a range needs its maximum.
            out.push(not_text(r"\.\.\s*$"));
        }
        (None, "nodes") if v2 && ty == ConfigType::Fleet => {
            out.push(number_bound("minimum", Json::Int(0)));
            out.push(not_text(NEGATIVE));
        }
        (None, "dataset") if v2 => {
            out.push(pat(r"\S"));
            out.push(not_text(r"^\s*random\s*$"));
        }
        (None, "prompt" | "model") if v2 && ty == ConfigType::Preset => {
            out.push(pat(r"\S"));
            out.push(o(vec![("properties", o(vec![("repo", pat(r"\S")), ("base", pat(r"\S"))]))]));
        }
        (Some(_), "cpu") if v2 && is(&RESOURCES_KEYS) => out.push(cpu_spec()),
        (Some(_), "gpu") if is(&RESOURCES_KEYS) => {
            // Every text is read as a GPU spec, a count range too (the shape's `$defs` entry);
            // pydantic 1 refuses a float count.
            out.push(when_type("string", o(vec![("$ref", Json::str("#/$defs/value-gpu-spec"))])));
            if !v2 {
                out.push(when_type("number", of_type("integer")));
            }
        }
        (Some(_), "compute_capability") if is(&GPU_KEYS) => out.push(compute_capability()),
        (Some(_), "path") if v2 && is(&REPO_KEYS) => out.push(not_text("^~[^/]")),
        (Some(_), "path") if v2 && is(&FILE_KEYS) => out.push(not_text(WINDOWS_ABSOLUTE)),
        (Some(_), "path" | "instance_path") if (is(&VOLUME_MOUNT_KEYS) || is(&INSTANCE_MOUNT_KEYS)) => {
            out.push(pat(format!("^{}$", mount_path(""))));
        }
        (Some(_), "on_events") if is(&RETRY_KEYS) => out.push(o(vec![("minItems", Json::Int(1))])),
        (Some(_), "cron") if v2 && is(&SCHEDULE_KEYS) => {
            out.push(pat(CRON));
            out.push(not_text(CRON_OUT_OF_RANGE));
            out.push(o(vec![("minItems", Json::Int(1))]));
            out.push(items(pat(CRON)));
            out.push(items(not_text(CRON_OUT_OF_RANGE)));
        }
        (Some(_), "time_window") if v2 && is(&UTILIZATION_POLICY_KEYS) => out.push(duration_at_least(
            300,
            r"0*(?:[3-9][0-9]{2}|[1-9][0-9]{3,})(?: *s)?|0*(?:[5-9]|[1-9][0-9]+) *m|0*[1-9][0-9]* *[hdw]",
        )),
        (Some(_), "timeout" | "interval") if v2 && is(&PROBE_KEYS) => {
            out.push(duration_at_least(1, r"0*[1-9][0-9]*(?: *[smhdw])?"));
        }
        (Some(_), "url") if v2 && is(&PROBE_KEYS) => out.push(pat("^/")),
        (Some(_), "window") if v2 && is(&SCALING_KEYS) => {
            let seconds = Json::Array([30, 60, 300].into_iter().map(Json::Int).collect());
            out.push(when_type("number", o(vec![("enum", seconds)])));
            out.push(pat(r"^\s*\+?0*(?:30|60|300)\s*$|^0*(?:30|60|300) *s\n?$|^0*[15] *m\n?$"));
        }
        (Some(_), "rps") if v2 && is(&RATE_LIMIT_KEYS) => out.push(number_bound("minimum", Json::Float(1.0 / 60.0))),
        (Some(_), "name") if v2 && (is(&TASK_GROUP_KEYS) || is(&REPLICA_GROUP_KEYS)) => out.push(pat(RESOURCE_NAME)),
        (Some(_), "min") if v2 && is(&FLEET_NODES_KEYS) => out.push(number_bound("minimum", Json::Int(0))),
        _ => {}
    }
    out
}

/// The rules for a mapping with keys `table` (`None`: a configuration of `ty`) as a whole.
pub(super) fn object(ty: ConfigType, table: Option<&'static [Field]>, version: DstackVersion) -> Vec<Json> {
    let v2 = version.pydantic2();
    let is = |t: &'static [Field]| table.is_some_and(|own| std::ptr::eq(own, t));
    let mut out = Vec::new();
    match table {
        None if matches!(ty, ConfigType::Task | ConfigType::Service) => {
            // `check_image_or_commands_present`: groups (or a list of replicas) bring their own.
            let mut either = vec![has("commands", truthy()), has("image", truthy()), has("groups", present())];
            if ty == ConfigType::Service {
                either.push(has("replicas", of_type("array")));
            }
            out.push(o(vec![("anyOf", Json::Array(either))]));
            let others: Vec<(&'static str, Json)> = if !v2 {
                Vec::new()
            } else if ty == ConfigType::Task {
                vec![("commands", truthy()), ("ports", truthy()), ("entrypoint", present())]
            } else {
                vec![("commands", truthy()), ("scaling", present())]
            };
            for (key, set) in others {
                out.push(not(has_both("groups", present(), key, set)));
            }
            if ty == ConfigType::Service {
                out.extend(replicas_and_scaling());
                if !v2 {
                    // 0.18.37's default `replicas` is 1, which `scaling` refuses.
                    let scaling = has("scaling", present());
                    out.push(o(vec![("if", scaling), ("then", needs("replicas"))]));
                }
            }
            if v2 {
                out.extend(groups_and_top_level(ty));
            }
        }
        None if v2 && ty == ConfigType::DevEnvironment => {
            // `off`, `false` and `true` leave the inactivity duration unset.
            let unset = [Json::Null, Json::Bool(false), Json::Bool(true), Json::str("off")];
            let duration = not(o(vec![("enum", Json::Array(unset.to_vec()))]));
            out.push(not(has_both("dstack", o(vec![("const", Json::Bool(true))]), "inactivity_duration", duration)));
            out.push(not(o(vec![
                ("required", names(&["version"])),
                ("properties", o(vec![("version", truthy()), ("ide", of_type("null"))])),
            ])));
            let windsurf = has("ide", o(vec![("const", Json::str("windsurf"))]));
            let version = o(vec![("version", pat(r"^.+@[a-f0-9]+\n?$|^$"))]);
            out.push(o(vec![("if", windsurf), ("then", o(vec![("properties", version)]))]));
        }
        None if v2 && ty == ConfigType::Preset => {
            // `validate_shared_prefix_tokens`: below `input_tokens`, 1024 when unset.
            let unset = not(has("input_tokens", present()));
            let below = o(vec![("shared_prefix_tokens", number_bound("maximum", Json::Int(1023)))]);
            out.push(o(vec![("if", unset), ("then", o(vec![("properties", below)]))]));
            let model = [has("model", present()), has("repo", truthy()), has("base", truthy())];
            out.push(o(vec![("anyOf", Json::Array(model.to_vec()))]));
            for key in ["input_tokens", "output_tokens", "shared_prefix_tokens"] {
                out.push(not(has_both("dataset", present(), key, present())));
            }
        }
        // 0.18.37's one volume model needs a region whatever the backend.
        None if !v2 && ty == ConfigType::Volume => out.push(needs("region")),
        Some(_) if v2 && is(&REPO_KEYS) => {
            // `validate_local_path_or_url`: exactly one of them.
            out.push(o(vec![("anyOf", Json::Array(vec![has("local_path", truthy()), has("url", truthy())]))]));
            out.push(not(has_both("local_path", truthy(), "url", truthy())));
        }
        Some(_) if is(&RETRY_KEYS) && !v2 => out.push(needs("on_events")),
        Some(_) if v2 && is(&AGENT_KEYS) => {
            // `validate_effort`.
            let codex = o(vec![("const", Json::str("codex"))]);
            out.push(not(has_both("provider", codex, "effort", o(vec![("const", Json::str("max"))]))));
        }
        Some(_) if v2 && is(&REPLICA_GROUP_KEYS) => {
            out.extend(replicas_and_scaling());
            // `validate_at_most_one_router_replica_group`: the router group has one replica.
            let one = o(vec![(
                "allOf",
                Json::Array(vec![
                    when_type("number", o(vec![("const", Json::Int(1))])),
                    pat(r"^\s*\+?0*1(?:\s*\.\.\s*\+?0*1)?\s*$"),
                ]),
            )]);
            let router = has("router", present());
            out.push(o(vec![("if", router), ("then", o(vec![("properties", o(vec![("replicas", one)]))]))]));
            let docker = o(vec![("const", Json::Bool(true))]);
            out.push(not(has_both("docker", docker, "privileged", o(vec![("const", Json::Bool(false))]))));
        }
        _ => {}
    }
    out
}

/// A service's `replicas` and `scaling` (0.22.5 `validate_scaling`): a fixed number with
/// `scaling`, or a range without it, is refused. Only plain decimal texts are judged here.
fn replicas_and_scaling() -> Vec<Json> {
    let fixed_text = r"^\s*0*(\d*)\s*\.\.\s*0*\1\s*$|^\s*\d+\s*$";
    let fixed = o(vec![(
        "anyOf",
        Json::Array(vec![
            of_type("integer"),
            o(vec![("type", Json::str("string")), ("pattern", Json::str(fixed_text))]),
        ]),
    )]);
    let spread = o(vec![
        ("type", Json::str("string")),
        ("pattern", Json::str(r"^\s*\d*\s*\.\.\s*\d+\s*$")),
        ("not", pat(fixed_text)),
    ]);
    vec![
        not(has_both("replicas", fixed, "scaling", present())),
        not(o(vec![
            ("required", names(&["replicas"])),
            ("properties", o(vec![("replicas", spread), ("scaling", of_type("null"))])),
        ])),
    ]
}

/// 0.18.37's `ports` items (or a service's `port`): a number 1..65536 (a float is truncated), a
/// text `int()` reads as one, or `[local|*:]container` (a service: `local:container`).
fn port_0_18(service: bool) -> Json {
    let p = PORT_NUMBER_0_18;
    let local = if service { p.to_owned() } else { format!(r"(?:{p}|\*)") };
    // A text with `_`, a sign or spaces, or other decimal digits, is left to dstack.
    let text = format!(r"^{p}$|^{local}:{p}\n?$|[_+\s]|[^\x00-\x7F]");
    let number = o(vec![("minimum", Json::Int(1)), ("exclusiveMaximum", Json::Int(65537))]);
    let one = o(vec![("allOf", Json::Array(vec![when_type("number", number), pat(text)]))]);
    if service { one } else { items(one) }
}

/// A service's or task's `groups` against its top-level keys (0.22.5): each group needs commands
/// or an image; a service's image sources are set at one level only.
fn groups_and_top_level(ty: ConfigType) -> Vec<Json> {
    let with_groups = |group: Json| has("groups", o(vec![("type", Json::str("array")), ("contains", group)]));
    let mut out = Vec::new();
    // A group without commands needs an image: its own (services) or the top level's.
    let runs = if ty == ConfigType::Service {
        o(vec![("anyOf", Json::Array(vec![has("commands", truthy()), has("image", present())]))])
    } else {
        has("commands", truthy())
    };
    let no_image = not(has("image", present()));
    out.push(not(o(vec![("allOf", Json::Array(vec![no_image, with_groups(not(runs))]))])));
    if ty == ConfigType::Service {
        // (top-level key, counts as set only when `true`, group key): `validate_no_mixed_service_and_group_container_fields`
        // and `validate_no_conflicting_image_sources_across_levels`.
        let pairs: [(&'static str, bool, &'static str); 17] = [
            ("image", false, "image"),
            ("docker", true, "docker"),
            ("privileged", true, "privileged"),
            ("python", false, "python"),
            ("nvcc", true, "nvcc"),
            ("spot_policy", false, "spot_policy"),
            ("reservation", false, "reservation"),
            ("image", false, "docker"),
            ("image", false, "python"),
            ("image", false, "nvcc"),
            ("docker", true, "image"),
            ("docker", true, "python"),
            ("docker", true, "nvcc"),
            ("python", false, "image"),
            ("python", false, "docker"),
            ("nvcc", true, "image"),
            ("nvcc", true, "docker"),
        ];
        for (top, only_true, group) in pairs {
            let set = if only_true { true_const() } else { present() };
            let both = o(vec![("allOf", Json::Array(vec![has(top, set), with_groups(has(group, present()))]))]);
            out.push(not(both));
        }
    }
    out
}

/// The value is `true`.
fn true_const() -> Json {
    o(vec![("const", Json::Bool(true))])
}

/// A fleet's private addresses (`validate_internal_ip`, `validate_network`): a text of digits and
/// dots is a valid IPv4 address (or network, with a prefix of 32 at most) not in a public range.
/// Other texts (IPv6) are left to dstack.
fn ssh_addresses() -> Json {
    let ip = pat(format!(r"^(?![0-9.]+$)|^{PRIVATE_IPV4}$"));
    let network = pat(format!(r"^(?![0-9./]+$)|^{PRIVATE_IPV4}(?:/0*(?:3[0-2]|[12]?[0-9]))?$"));
    let host = o(vec![("properties", o(vec![("internal_ip", ip)]))]);
    let hosts = items(host);
    o(vec![("properties", o(vec![("network", network), ("hosts", hosts)]))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern_of(json: &Json) -> Option<&str> {
        json.get("pattern").and_then(Json::as_str)
    }

    #[test]
    fn a_user_is_one_pattern_in_both_releases_and_a_key_without_rules_has_none() {
        for version in DstackVersion::SUPPORTED {
            let rules = field(ConfigType::Task, None, "user", version);
            assert_eq!(rules.iter().map(pattern_of).collect::<Vec<_>>(), [Some(USER)]);
            assert_eq!(field(ConfigType::Task, None, "privileged", version), Vec::<Json>::new());
        }
        assert_eq!(field(ConfigType::Gateway, None, "user", DstackVersion::V0_22_5), Vec::<Json>::new());
    }

    #[test]
    fn gpu_vendors_are_each_release_s() {
        let text = |v| gpu_spec(v).to_pretty_string(0);
        assert!(text(DstackVersion::V0_22_5).contains("[tT][eE][nN][sS][tT][oO][rR][rR][eE][nN][tT]"));
        assert!(!text(DstackVersion::V0_18_37).contains("[tT][eE][nN][sS]"));
        assert!(text(DstackVersion::V0_18_37).contains("[tT][pP][uU]"));
    }

    #[test]
    fn a_task_s_whole_object_rules_per_release() {
        // 0.18.37: commands or image; 0.22.5 also: groups against commands, ports and entrypoint,
        // and each group's commands.
        assert_eq!(object(ConfigType::Task, None, DstackVersion::V0_18_37).len(), 1);
        assert_eq!(object(ConfigType::Task, None, DstackVersion::V0_22_5).len(), 5);
        // A service adds replicas and scaling (two) and 17 image-source pairs in 0.22.5.
        assert_eq!(object(ConfigType::Service, None, DstackVersion::V0_22_5).len(), 1 + 2 + 2 + 1 + 17);
        assert_eq!(object(ConfigType::Service, None, DstackVersion::V0_18_37).len(), 1 + 2 + 1);
    }
}
