//! Help across dstack releases: what the other supported releases make of a configuration the
//! selected one rejects or reads differently. The other release's model runs only when there is
//! something to compare (the selected release found a field error, or accepts the file and the
//! other release has every field written), and everything said comes from comparing the two
//! releases' own results, field by field.

use std::collections::{HashMap, HashSet};

use crate::codes;
use crate::diagnostic::{Diagnostic, Position, Range, Severity, Stage};
use crate::effective::decided;
use crate::json::Json;
#[cfg(not(target_arch = "wasm32"))]
use crate::model::lacks_a_written_key;
use crate::model::{self, config::Configuration, fields};
use crate::python::push_int;
use crate::version::DstackVersion;
use crate::yaml::{Node, ScalarStyle, Value};

/// Field errors of `version` that another release does not report: "dstack X accepts it".
pub fn accepted_elsewhere(
    root: &Node,
    ty: model::ConfigType,
    version: DstackVersion,
    diagnostics: &[Diagnostic],
) -> Vec<Diagnostic> {
    let rejected: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.stage == Stage::Schema && d.path != "type")
        // A top-level key of another release already says when it came or went.
        .filter(|d| d.code != codes::UNKNOWN_FIELD || fields::other_release_field(ty, version, &d.path).is_none())
        .collect();
    let mut notes: Vec<Diagnostic> = Vec::new();
    // dstack's models forbid unknown keys: a top-level key that another release's model lacks
    // too is an error there as well. When such keys are all the file's field errors, no other
    // release accepts what this one rejects, and no other release's model is run (a file of
    // thousands of misspelt keys ran it for nothing).
    let top_level_unknown =
        |d: &&Diagnostic| d.code == codes::UNKNOWN_FIELD && !d.path.is_empty() && !d.path.contains(['.', '[']);
    if rejected.iter().all(top_level_unknown)
        && version
            .others()
            .filter(|other| ty.exists_in(*other))
            .all(|other| model::has_none_of(ty, other, rejected.iter().map(|d| d.path.as_str())))
    {
        return notes;
    }
    // Sets and a sorted list keep this linear in the number of errors (thousands of unknown keys).
    let mut noted_paths: HashSet<&str> = HashSet::new();
    let mut noted_ranges: HashSet<Range> = HashSet::new();
    let mut keys = KeyIndex::default();
    // A release without the type stops at `type` and says nothing about the fields.
    for other in version.others().filter(|other| ty.exists_in(*other)) {
        let theirs = model::rejections(root, other);
        let mut their_paths: Vec<&str> =
            theirs.iter().filter(|t| t.severity == Severity::Error).map(|t| t.path.as_str()).collect();
        if theirs.iter().any(stops_before_fields) {
            continue;
        }
        crate::order::sort(&mut their_paths);
        their_paths.dedup();
        for d in &rejected {
            if noted_paths.contains(d.path.as_str()) || noted_ranges.contains(&d.range) {
                continue;
            }
            // A rule about the whole document (`commands` or `image`, ...) is answered only by
            // the other release accepting the whole file.
            let theirs_too =
                if d.path.is_empty() { !their_paths.is_empty() } else { related_to_any(&their_paths, &d.path) };
            if theirs_too {
                continue;
            }
            noted_paths.insert(d.path.as_str());
            noted_ranges.insert(d.range);
            notes.push(
                Diagnostic::info(
                    Stage::Schema,
                    codes::ACCEPTED_BY_OTHER_RELEASE,
                    format!(
                        "dstack {other} accepts {}; you are checking against {version}",
                        written(root, &d.path, &mut keys)
                    ),
                )
                .at(d.path.clone(), d.range)
                .help(format!("if you run dstack {other}, check against {other}")),
            );
        }
    }
    notes
}

/// A field as written: `key: value` for a one-line scalar (`value` in `list` for an item), else
/// the field's path.
fn written<'a>(root: &'a Node, path: &str, keys: &mut KeyIndex<'a>) -> String {
    let mut node = root;
    // The last key followed, and whether a list index came after it.
    let mut last: Option<(&str, bool)> = None;
    'walk: for part in path.split('.') {
        let (key, indexes) = part.split_once('[').unwrap_or((part, ""));
        let Some(value) = keys.get(node, key) else { break };
        node = value;
        last = Some((key, false));
        for index in indexes.split('[').filter_map(|i| i.trim_end_matches(']').parse::<usize>().ok()) {
            match node.value() {
                Value::Seq(items) if index < items.len() => {
                    node = &items[index];
                    last = Some((key, true));
                }
                _ => break 'walk,
            }
        }
    }
    if path.is_empty() {
        return "this file".to_string();
    }
    match (last, scalar_text(node)) {
        (Some((key, false)), Some(text)) => ["`", key, ": ", &text, "`"].concat(),
        (Some((key, true)), Some(text)) => ["`", &text, "` in `", key, "`"].concat(),
        _ => ["`", path, "` as written"].concat(),
    }
}

/// Mappings' values by key, indexed on first use: thousands of notes in one large mapping (an
/// `env` of 16,000 keys) must not each scan it.
#[derive(Default)]
struct KeyIndex<'a> {
    maps: HashMap<*const Node, HashMap<&'a str, &'a Node>>,
}

impl<'a> KeyIndex<'a> {
    /// [`Node::get`]'s value, through the index for a mapping of more than a few keys.
    fn get(&mut self, node: &'a Node, key: &str) -> Option<&'a Node> {
        let Value::Map(entries) = node.value() else { return None };
        if entries.len() <= 16 {
            return node.get(key).map(|(_, v)| v);
        }
        let index = self.maps.entry(std::ptr::from_ref(node)).or_insert_with(|| {
            let mut index = HashMap::new();
            for (k, v) in entries {
                if let Value::Str(k) = k.value() {
                    // The first entry of a key, as `Node::get` finds it.
                    index.entry(k.as_str()).or_insert(v);
                }
            }
            index
        });
        index.get(key).copied()
    }
}

/// A one-line scalar as written, quotes included (`"off"` and `off` are different values);
/// `null` for an empty value.
fn scalar_text(node: &Node) -> Option<String> {
    let raw = node.raw()?;
    if raw.contains('\n') {
        return None;
    }
    Some(match node.style() {
        Some(ScalarStyle::SingleQuoted) => ["'", raw, "'"].concat(),
        Some(ScalarStyle::DoubleQuoted) => ["\"", raw, "\""].concat(),
        _ if raw.is_empty() => "null".to_string(),
        _ => raw.to_string(),
    })
}

/// The document as a whole, or its `type`: rules that run before (or instead of) the fields.
fn whole_document(path: &str) -> bool {
    path.is_empty() || path == "type"
}

/// True for an error of a release that stops before its fields (no or another `type`, `nodes`
/// with `groups`, a volume on a backend it lacks): it says nothing about them.
fn stops_before_fields(d: &Diagnostic) -> bool {
    d.severity == Severity::Error && whole_document(&d.path) && d.code != codes::COMMANDS_OR_IMAGE
}

/// True when one of the `sorted` paths is `path`, inside it or holds it ([`related`]), found by
/// binary search rather than by comparing with each.
fn related_to_any(sorted: &[&str], path: &str) -> bool {
    let start = sorted.partition_point(|p| *p < path);
    let inside = sorted[start..].iter().take_while(|p| p.starts_with(path)).any(|p| related(p, path));
    inside || path.char_indices().any(|(i, c)| matches!(c, '.' | '[') && sorted.binary_search(&&path[..i]).is_ok())
}

/// True when one path is the other or inside it (`resources.gpu` and `resources.gpu.count`).
fn related(a: &str, b: &str) -> bool {
    let inside = |inner: &str, outer: &str| {
        inner.strip_prefix(outer).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    };
    inside(a, b) || inside(b, a)
}

/// One part of the effective view that a default of dstack decides, and how to say its value.
struct Aspect {
    /// Where it is in the effective view.
    view: &'static [&'static str],
    /// The configuration field it comes from, as a dotted path.
    field: &'static str,
    /// The value in words (two releases' values that mean the same read the same); `None` when
    /// the aspect does not apply to the value.
    say: fn(&Json) -> Option<String>,
    /// The part of the value `say` reads: equal parts read the same, so the words are only
    /// written for values that may differ.
    said: fn(&Json) -> Option<&Json>,
}

/// The whole value.
fn whole(v: &Json) -> Option<&Json> {
    Some(v)
}

/// A requirement's count (what [`cpu`] and [`gpu`] say).
fn count(v: &Json) -> Option<&Json> {
    v.get("count")
}

/// The count of a CPU spec, or the spec itself (what [`cpu`] says).
fn cpu_count(v: &Json) -> Option<&Json> {
    Some(v.get("count").unwrap_or(v))
}

const ASPECTS: [Aspect; 11] = [
    Aspect { view: &["jobs"], field: "nodes", say: nodes, said: whole },
    Aspect { view: &["image"], field: "image", say: code, said: whole },
    Aspect { view: &["working_dir"], field: "working_dir", say: working_dir, said: whole },
    Aspect { view: &["resources", "cpu"], field: "resources.cpu", say: cpu, said: cpu_count },
    Aspect { view: &["resources", "gpu"], field: "resources.gpu", say: gpu, said: count },
    Aspect { view: &["resources", "gpu"], field: "resources.gpu", say: gpu_kind, said: whole },
    Aspect { view: &["spot_policy"], field: "spot_policy", say: code, said: whole },
    Aspect { view: &["max_duration"], field: "max_duration", say: time_limit, said: whole },
    Aspect { view: &["retry"], field: "retry", say: retry, said: whole },
    Aspect { view: &["idle"], field: "idle_duration", say: idle, said: whole },
    Aspect { view: &["default"], field: "default", say: crate::gateway_rules::say_default, said: whole },
];

/// What changes between releases that all accept the configuration: one info per default or
/// reading that differs, at the field (or at the top for a field that is not written).
pub fn read_differently(
    root: &Node,
    version: DstackVersion,
    config: &Configuration,
    normalized: &Json,
) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    // A type whose view has none of the aspects (no defaults to compare: a volume, a preset)
    // has nothing to say about the other release's reading: its model is not run.
    if !has_aspects(config) {
        return notes;
    }
    // Built once the other release accepts the file: most files it rejects need no view.
    let mut mine = None;
    let ty = config.config_type();
    for other in version.others() {
        // A release without the type, or without one of the written fields, rejects the file and
        // has no reading to compare: its model is not run.
        if !ty.exists_in(other) || lacks_a_written_key(root, ty, version, other) {
            continue;
        }
        let Some(theirs) = model::compared(root, other, |config, normalized| decided(config, normalized, other)) else {
            continue;
        };
        let mine = mine.get_or_insert_with(|| decided(config, normalized, version));
        let my_parts = parts(mine);
        let their_parts = parts(&theirs);
        let ((old, old_parts), (new, new_parts)) = if version < other {
            ((version, &my_parts), (other, &their_parts))
        } else {
            ((other, &their_parts), (version, &my_parts))
        };
        // Defaults of fields that are not written are said together, at the top, in one
        // message written as they are found.
        let mut omitted = String::new();
        for (i, aspect) in ASPECTS.iter().enumerate() {
            let (Some(a), Some(b)) = (old_parts[i], new_parts[i]) else { continue };
            if (aspect.said)(a) == (aspect.said)(b) {
                continue;
            }
            let (Some(said_old), Some(said_new)) = ((aspect.say)(a), (aspect.say)(b)) else { continue };
            if said_old == said_new {
                continue;
            }
            match written_field(root, aspect.field) {
                Some((subject, range)) => notes.push(
                    Diagnostic::info(
                        Stage::Server,
                        codes::READ_DIFFERENTLY,
                        [
                            &subject,
                            " means ",
                            &said_old,
                            " in dstack ",
                            old.as_str(),
                            " and ",
                            &said_new,
                            " in ",
                            new.as_str(),
                        ]
                        .concat(),
                    )
                    .at(aspect.field, range),
                ),
                None => {
                    if omitted.is_empty() {
                        // A few defaults' words: one allocation.
                        omitted.reserve(400);
                        for part in ["dstack ", old.as_str(), " and ", new.as_str(), " fill in different defaults: "] {
                            omitted.push_str(part);
                        }
                    } else {
                        omitted.push_str("; ");
                    }
                    for part in ["no `", aspect.field, "` means ", &said_old, " vs ", &said_new] {
                        omitted.push_str(part);
                    }
                }
            }
        }
        if !omitted.is_empty() {
            let start = root.span.start;
            let top = Range { start, end: Position { line: start.line, column: start.column + 1 } };
            notes.push(Diagnostic::info(Stage::Server, codes::READ_DIFFERENTLY, omitted).at("", top));
        }
        crate::json::free(theirs);
    }
    if let Some(mine) = mine {
        crate::json::free(mine);
    }
    notes
}

/// [`model::lacks_a_written_key`] on the page: never known there, whose module runs the other
/// release's model instead (it is smaller so).
#[cfg(target_arch = "wasm32")]
fn lacks_a_written_key(_: &Node, _: model::ConfigType, _: DstackVersion, _: DstackVersion) -> bool {
    false
}

/// Whether a configuration's [`decided`] view has any of the [`ASPECTS`]: every type's but a
/// volume's (what it creates and keeps) and a preset's (no view).
fn has_aspects(config: &Configuration) -> bool {
    !matches!(config, Configuration::Volume(_) | Configuration::Other(_))
}

/// The part of a view at `path`: how the page's module finds an aspect's part, and what the
/// native [`parts`] is tested against.
#[cfg(any(test, target_arch = "wasm32"))]
fn at<'a>(view: &'a Json, path: &[&str]) -> Option<&'a Json> {
    path.iter().try_fold(view, |v, key| v.get(key))
}

/// The [`ASPECTS`] under a top-level key of a view, as a range of their indexes (the key's
/// aspects are side by side).
#[cfg(not(target_arch = "wasm32"))]
fn aspects_under(key: &str) -> std::ops::Range<usize> {
    // Told apart by length and first letter, then confirmed: the views' keys are the same
    // static strings, so the confirmation is mostly a comparison of addresses.
    let (aspects, name) = match (key.len(), key.as_bytes().first()) {
        (4, Some(b'j')) => (0..1, "jobs"),
        (5, Some(b'i')) => (1..2, "image"),
        (11, Some(b'w')) => (2..3, "working_dir"),
        (9, Some(b'r')) => (3..6, "resources"),
        (11, Some(b's')) => (6..7, "spot_policy"),
        (12, Some(b'm')) => (7..8, "max_duration"),
        (5, Some(b'r')) => (8..9, "retry"),
        (4, Some(b'i')) => (9..10, "idle"),
        (7, Some(b'd')) => (10..11, "default"),
        _ => return 0..0,
    };
    if key.as_ptr() == name.as_ptr() || key == name { aspects } else { 0..0 }
}

/// Each aspect's part of a view ([`at`] its path), from one walk over the view's entries rather
/// than a search per aspect: most files' views are compared, under both releases.
#[cfg(not(target_arch = "wasm32"))]
fn parts(view: &Json) -> [Option<&Json>; ASPECTS.len()] {
    let mut found = [None; ASPECTS.len()];
    let Json::Object(entries) = view else { return found };
    // Backwards, so that of two entries with one key the first is kept, as `get` finds it.
    for (key, value) in entries.iter().rev() {
        for i in aspects_under(key) {
            // A view is at most two keys deep.
            found[i] = match ASPECTS[i].view {
                [_, inner] => value.get(inner),
                _ => Some(value),
            };
        }
    }
    found
}

/// Each aspect's part of a view, one search per aspect: the page's module is smaller so.
#[cfg(target_arch = "wasm32")]
fn parts(view: &Json) -> [Option<&Json>; ASPECTS.len()] {
    ASPECTS.each_ref().map(|aspect| at(view, aspect.view))
}

/// A written field as the message names it (`key: value` for a one-line scalar, else its path)
/// and where its value is; `None` when the field is not written.
fn written_field(root: &Node, field: &str) -> Option<(String, Range)> {
    let node = field.split('.').try_fold(root, |node, key| node.get(key).map(|(_, value)| value))?;
    let leaf = field.rsplit('.').next().unwrap_or(field);
    let shown = match scalar_text(node) {
        Some(text) => ["`", leaf, ": ", &text, "`"].concat(),
        None => quoted(field),
    };
    Some((shown, node.span))
}

fn code(v: &Json) -> Option<String> {
    Some(match v {
        Json::Str(s) if s.is_empty() => "an empty value".to_string(),
        Json::Str(s) => quoted(s),
        Json::Null => "none".to_string(),
        other => quoted(&other.to_python_string()),
    })
}

/// `n` and then `text` (without `format!`: the words of most files' notes are written so).
fn int_then(n: i128, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    push_int(&mut out, n);
    out.push_str(text);
    out
}

/// `text` in backticks (without `format!`: this runs for most files).
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('`');
    out.push_str(text);
    out.push('`');
    out
}

fn nodes(v: &Json) -> Option<String> {
    match v.as_int() {
        Some(1) => Some("one node".to_string()),
        Some(n) => Some(int_then(n, " nodes")),
        None => code(v),
    }
}

fn working_dir(v: &Json) -> Option<String> {
    match v {
        Json::Null => Some("the image's working directory".to_string()),
        other => code(other),
    }
}

/// `cpu` is a count (0.18.37) or an architecture and a count (0.22.5); the count is compared.
fn cpu(v: &Json) -> Option<String> {
    code(cpu_count(v)?)
}

/// Appends seconds as dstack's duration syntax (`72h`, `5m`, `90s`).
fn push_duration(out: &mut String, seconds: i128) {
    let (count, unit) = match seconds {
        s if s > 0 && s % 3600 == 0 => (s / 3600, 'h'),
        s if s > 0 && s % 60 == 0 => (s / 60, 'm'),
        s => (s, 's'),
    };
    push_int(out, count);
    out.push(unit);
}

/// Seconds as dstack's duration syntax ([`push_duration`]).
fn duration(seconds: i128) -> String {
    let mut out = String::new();
    push_duration(&mut out, seconds);
    out
}

/// Without `format!`: most files' two releases have different time limits.
fn time_limit(v: &Json) -> Option<String> {
    Some(match v.as_int() {
        Some(s) => {
            let mut out = String::with_capacity(24);
            out.push_str("a ");
            push_duration(&mut out, s);
            out.push_str(" time limit");
            out
        }
        None => "no time limit".to_string(),
    })
}

/// The effective `retry`: the events and for how long.
fn retry(v: &Json) -> Option<String> {
    let Some(events) = v.get("on_events").and_then(Json::as_array) else { return Some("no retry".to_string()) };
    let events: Vec<&str> = events.iter().filter_map(Json::as_str).collect();
    let seconds = v.get("duration").and_then(Json::as_int).unwrap_or_default();
    Some(format!("retrying on {} for {}", events.join(", "), duration(seconds)))
}

/// The effective idle termination of the run's instances.
fn idle(v: &Json) -> Option<String> {
    let seconds = v.get("idle_duration").and_then(Json::as_int)?;
    Some(if seconds < 0 {
        "idle instances kept".to_string()
    } else {
        format!("idle instances terminated after {}", duration(seconds))
    })
}

/// Which GPUs a GPU spec asks for: its vendor and names (`None` without a spec).
fn gpu_kind(v: &Json) -> Option<String> {
    let names = v.get("name")?.as_array().unwrap_or_default().iter().filter_map(Json::as_str);
    let vendor = v.get("vendor").and_then(Json::as_str);
    // Written into one string (most files' two releases read a GPU spec differently).
    let mut out = String::with_capacity(64);
    if let Some(vendor) = vendor {
        out.push_str(vendor);
        out.push_str(" GPUs");
    }
    for (i, name) in names.enumerate() {
        out.push_str(match (i, vendor) {
            (0, Some(_)) => " named `",
            (0, None) => "GPUs named `",
            _ => " or `",
        });
        out.push_str(name);
        out.push('`');
    }
    match vendor {
        Some(_) => {}
        None if out.is_empty() => out.push_str("GPUs of any vendor"),
        None => out.push_str(" of no known vendor"),
    }
    Some(out)
}

/// A GPU requirement by its count.
fn gpu(v: &Json) -> Option<String> {
    Some(gpu_count(v))
}

fn gpu_count(v: &Json) -> String {
    let Some(count) = count(v) else { return "no GPU requirement".to_string() };
    let bound = |key: &str| count.get(key).and_then(Json::as_int);
    let gpus = |n: i128| if n == 1 { "one GPU".to_string() } else { int_then(n, " GPUs") };
    match (bound("min"), bound("max")) {
        (Some(0), Some(0)) => "no GPU".to_string(),
        (Some(a), Some(b)) if a == b => ["exactly ", &gpus(a)].concat(),
        (Some(0) | None, None) => "any number of GPUs (`0..`)".to_string(),
        (Some(1), None) => "one or more GPUs".to_string(),
        (Some(a), None) => int_then(a, " or more GPUs"),
        (Some(0) | None, Some(b)) => ["up to ", &gpus(b)].concat(),
        (Some(a), Some(b)) => {
            let mut out = int_then(a, " to ");
            push_int(&mut out, b);
            out.push_str(" GPUs");
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_related_when_one_holds_the_other() {
        assert!(related("resources.gpu", "resources.gpu.count"));
        assert!(related("env[0]", "env"));
        assert!(related("env", "env"));
        assert!(!related("resources.gpu", "resources.gpus"));
        assert!(!related("ports", "resources"));
    }

    #[test]
    fn parts_are_found_as_at_finds_them() {
        for (i, aspect) in ASPECTS.iter().enumerate() {
            assert!(matches!(aspect.view.len(), 1 | 2), "{:?}", aspect.view);
            assert!(aspects_under(aspect.view[0]).contains(&i), "{:?}", aspect.view);
            assert!(aspects_under(aspect.view[0]).all(|j| ASPECTS[j].view[0] == aspect.view[0]));
        }
        let view = Json::parse(
            r#"{"image": "a", "resources": {"cpu": 2, "gpu": {"count": 1}}, "idle": null, "jobs": 1, "image": "b", "x": 1}"#,
        )
        .unwrap();
        let found = parts(&view);
        for (aspect, part) in ASPECTS.iter().zip(found) {
            assert_eq!(part, at(&view, aspect.view), "{:?}", aspect.view);
        }
        assert_eq!(found.iter().filter(|p| p.is_some()).count(), 6);
        assert_eq!(found[1], Some(&Json::str("a")));
    }

    /// A configuration of each type that both releases with the type accept.
    const ONE_OF_EACH_TYPE: [&str; 7] = [
        "type: task\ncommands: [x]\n",
        "type: service\nport: 80\ncommands: [x]\n",
        "type: dev-environment\nide: vscode\n",
        "type: fleet\nnodes: 1\n",
        "type: gateway\nbackend: aws\nregion: us-east-1\ndomain: example.com\n",
        "type: volume\nbackend: aws\nregion: us-east-1\nsize: 100\n",
        "type: preset\n",
    ];

    #[test]
    fn every_release_rejects_a_top_level_key_its_model_lacks() {
        // What `accepted_elsewhere` takes for granted when it skips the other releases' models:
        // each reports such a key where it is, beside whatever else it finds wrong, under every
        // type and backend (a volume's backend model has keys of its own), or stops before its
        // fields (a volume on a backend it lacks), which says nothing about them either.
        let others = ["type: volume\nbackend: daytona\nname: v\n", "type: volume\nbackend: nowhere\n", "type: task\n"];
        let mut checked = 0;
        for text in ONE_OF_EACH_TYPE.into_iter().chain(others) {
            let text = format!("{text}zz_unknown: 1\n");
            let root = crate::yaml::load_document(&text, &crate::yaml::LoadLimits::default()).unwrap().root;
            let ty = model::ConfigType::from_tag(&text[6..text.find('\n').unwrap()]).unwrap();
            for version in DstackVersion::SUPPORTED.into_iter().filter(|v| ty.exists_in(*v)) {
                let rejected = model::rejections(&root, version);
                assert!(
                    rejected
                        .iter()
                        .any(|d| (d.severity == Severity::Error && d.path == "zz_unknown") || stops_before_fields(d)),
                    "{text} under {version}: {rejected:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 19);
    }

    #[test]
    fn only_the_types_with_aspects_are_compared() {
        let mut types = 0;
        for text in
            ONE_OF_EACH_TYPE.into_iter().chain(["type: volume\nbackend: aws\nregion: us-east-1\nvolume_id: vol-1\n"])
        {
            let root = crate::yaml::load_document(text, &crate::yaml::LoadLimits::default()).unwrap().root;
            for version in [DstackVersion::V0_18_37, DstackVersion::V0_22_5] {
                let v = model::validate(&root, version);
                let (Some(config), Some(normalized)) = (&v.config, &v.normalized) else { continue };
                let view = decided(config, normalized, version);
                assert_eq!(parts(&view).iter().any(Option::is_some), has_aspects(config), "{text} under {version}");
                types += 1;
            }
        }
        assert!(types >= 12, "{types} accepted");
    }

    #[test]
    fn a_release_without_a_written_field_is_not_run() {
        let (old, new) = (DstackVersion::V0_18_37, DstackVersion::V0_22_5);
        for (text, version, lacks) in [
            ("type: task\ncommands: [x]\ndocker: true\n", new, true),
            ("type: task\ncommands: [x]\npool_name: p\n", old, true),
            ("type: task\ncommands: [x]\nimage: ubuntu\nmax_duration: 1h\n", new, false),
            ("type: task\ncommands: [x]\nimage: ubuntu\nmax_duration: 1h\n", old, false),
        ] {
            let root = crate::yaml::load_document(text, &crate::yaml::LoadLimits::default()).unwrap().root;
            assert!(model::validate(&root, version).config.is_some(), "{text} under {version}");
            let other = version.others().next().unwrap();
            assert_eq!(model::lacks_a_written_key(&root, model::ConfigType::Task, version, other), lacks, "{text}");
            assert_eq!(model::compared(&root, other, |_, _| ()).is_none(), lacks, "{text} under {other}");
        }
    }

    #[test]
    fn values_in_words() {
        let range = |min: Json, max: Json| Json::Object(vec![("min".into(), min), ("max".into(), max)]);
        let spec = |min, max| Json::Object(vec![("count".into(), range(min, max))]);
        assert_eq!(gpu_count(&Json::Null), "no GPU requirement");
        assert_eq!(gpu_count(&spec(Json::Int(1), Json::Int(1))), "exactly one GPU");
        assert_eq!(gpu_count(&spec(Json::Int(2), Json::Int(2))), "exactly 2 GPUs");
        assert_eq!(gpu_count(&spec(Json::Int(1), Json::Null)), "one or more GPUs");
        assert_eq!(gpu_count(&spec(Json::Int(0), Json::Null)), "any number of GPUs (`0..`)");
        assert_eq!(gpu_count(&spec(Json::Int(0), Json::Int(0))), "no GPU");
        assert_eq!(gpu_count(&spec(Json::Int(2), Json::Int(4))), "2 to 4 GPUs");
        assert_eq!(gpu_count(&spec(Json::Null, Json::Int(1))), "up to one GPU");
        assert_eq!(gpu_count(&spec(Json::Null, Json::Int(8))), "up to 8 GPUs");
        assert_eq!(gpu_count(&spec(Json::Int(3), Json::Null)), "3 or more GPUs");
        assert_eq!(nodes(&Json::Int(1)).unwrap(), "one node");
        assert_eq!(nodes(&Json::Int(12)).unwrap(), "12 nodes");
        assert_eq!(time_limit(&Json::Int(259_200)).unwrap(), "a 72h time limit");
        assert_eq!(time_limit(&Json::Int(90)).unwrap(), "a 90s time limit");
        assert_eq!(time_limit(&Json::Null).unwrap(), "no time limit");
        let parsed = |text: &str| Json::parse(text).unwrap_or(Json::Null);
        let every = r#"{"on_events": ["no-capacity", "interruption", "error"], "duration": 3600}"#;
        assert_eq!(retry(&parsed(every)).unwrap(), "retrying on no-capacity, interruption, error for 1h");
        assert_eq!(retry(&Json::Null).unwrap(), "no retry");
        assert_eq!(idle(&parsed(r#"{"policy": "dont-destroy", "idle_duration": -1}"#)).unwrap(), "idle instances kept");
        let after = r#"{"policy": "destroy-after-idle", "idle_duration": 300}"#;
        assert_eq!(idle(&parsed(after)).unwrap(), "idle instances terminated after 5m");
        assert_eq!(code(&Json::str("")).unwrap(), "an empty value");
        let kind = |text: &str| gpu_kind(&parsed(text)).unwrap();
        assert_eq!(kind(r#"{"vendor": "amd", "name": null}"#), "amd GPUs");
        assert_eq!(kind(r#"{"vendor": "nvidia", "name": ["A100", "H100"]}"#), "nvidia GPUs named `A100` or `H100`");
        assert_eq!(kind(r#"{"vendor": null, "name": []}"#), "GPUs of any vendor");
        assert_eq!(kind(r#"{"vendor": null, "name": ["X1"]}"#), "GPUs named `X1` of no known vendor");
        assert_eq!(gpu_kind(&parsed(r#"{"vendor": "amd"}"#)), None);
        let old_cpu = range(Json::Int(2), Json::Null);
        let new_cpu = Json::Object(vec![("arch".into(), Json::str("x86")), ("count".into(), old_cpu.clone())]);
        assert_eq!(cpu(&old_cpu), cpu(&new_cpu));
    }
}
