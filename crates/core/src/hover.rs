//! Hover docs: what a key means (from the model description) and what dstack makes of a value
//! (from the normalized JSON), for the place under the cursor.

use std::fmt::Write as _;

use crate::model::ConfigType;
use crate::model::describe::{Place, Shape, Step, field_any_release, place};
use crate::model::fields::Field;
use crate::model::range::format_g;
use crate::version::DstackVersion;
use crate::yaml::{LineIndex, LoadLimits, Node, Value, load};
use crate::{Json, Options, Range, check};

/// The text shown for the place under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The key or value the text is about.
    pub range: Range,
    /// Markdown: the key's doc, shape, default and example and the release that added it, or
    /// what dstack makes of the value.
    pub markdown: String,
}

/// One step from the root to the place under the cursor, with the list index for items.
#[derive(Clone, Copy)]
struct At<'n> {
    step: Step<'n>,
    index: usize,
}

/// The hover text at `byte_offset` of `text` under `version`; `None` off any key or value, on a
/// key no release has, or when the configuration's `type` is unknown.
pub fn hover(text: &str, byte_offset: usize, version: DstackVersion) -> Option<Hover> {
    let root = load(text, &LoadLimits::default()).ok()?;
    let ty = config_type(&root)?;
    let at = LineIndex::new(text).position(text.get(..byte_offset)?.chars().count());
    let mut path = Vec::new();
    let (on_key, range) = find(&root, at, &mut path)?;
    let steps: Vec<Step> = path.iter().map(|a| a.step).collect();
    let markdown = if on_key {
        key_markdown(ty, version, &steps)?
    } else {
        let key = steps.iter().rposition(|s| matches!(s, Step::Key(_))).map_or(&steps[..0], |i| &steps[..=i]);
        value_markdown(text, version, &path).or_else(|| key_markdown(ty, version, key))?
    };
    Some(Hover { range, markdown })
}

fn config_type(root: &Node) -> Option<ConfigType> {
    match root.get("type")?.1.value() {
        Value::Str(tag) => ConfigType::from_tag(tag),
        _ => None,
    }
}

fn contains(range: Range, at: crate::Position) -> bool {
    range.start <= at && at <= range.end
}

/// The key (`true`) or scalar value (`false`) under `at` and its range; `path` gets the steps to it.
fn find<'n>(node: &'n Node, at: crate::Position, path: &mut Vec<At<'n>>) -> Option<(bool, Range)> {
    match node.value() {
        Value::Map(entries) => entries.iter().find_map(|(k, v)| {
            let Value::Str(name) = k.value() else { return None };
            let step = At { step: Step::Key(name), index: 0 };
            if contains(k.span, at) {
                path.push(step);
                return Some((true, k.span));
            }
            if !contains(v.span, at) {
                return None;
            }
            path.push(step);
            find(v, at, path)
        }),
        Value::Seq(items) => {
            let index = items.iter().position(|i| contains(i.span, at))?;
            path.push(At { step: Step::Item, index });
            find(&items[index], at, path)
        }
        _ => Some((false, node.span)),
    }
}

/// The doc of the key at `path`, also when only another release has it.
fn key_markdown(ty: ConfigType, version: DstackVersion, path: &[Step]) -> Option<String> {
    match place(ty, version, path) {
        Some(Place { field: Some(field), .. }) => Some(describe_field(field, version)),
        _ => field_any_release(ty, path).map(|field| describe_field(field, version)),
    }
}

fn describe_field(field: &Field, version: DstackVersion) -> String {
    let about = field.about;
    let mut out = format!("**`{}`**: {}\n\n{}", field.name, about.shape.summary_in(version), about.doc(version));
    let mut facts = Vec::new();
    if about.required_in(version) {
        facts.push("Required.".to_owned());
    }
    if let Some(default) = about.default {
        facts.push(format!("Default: `{default}`."));
    }
    if let Some(example) = about.example {
        facts.push(format!("Example: `{}: {example}`.", field.name));
    }
    if let Some(line) = release_line(field, version) {
        facts.push(line);
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.join(" "));
    }
    out
}

/// When the key came or went, and whether `version` has it.
fn release_line(field: &Field, version: DstackVersion) -> Option<String> {
    let here = version.as_str();
    match (field.added, field.removed) {
        (_, Some(r)) if !field.applies(version) => {
            Some(format!("Removed in {r}; not in {here}: {}.", field.instead.unwrap_or("drop it")))
        }
        (_, Some(r)) => Some(format!("Removed in {r}.")),
        (Some(a), _) if !field.applies(version) => Some(format!("Added in {a}; not in {here}.")),
        (Some(a), _) => Some(format!("Added in {a}.")),
        (None, None) => None,
    }
}

/// What dstack makes of the value at `path`: its part of the normalized JSON, in words. `None`
/// when the configuration does not parse or the value has no place of its own in the JSON.
fn value_markdown(text: &str, version: DstackVersion, path: &[At]) -> Option<String> {
    let normalized = check(text, &Options { effective: false, version }).normalized?;
    let mut value = &normalized;
    let mut shown = String::new();
    for at in path {
        value = match at.step {
            Step::Key(k) => {
                if !shown.is_empty() {
                    shown.push('.');
                }
                shown.push_str(k);
                value.get(k)?
            }
            Step::Item => {
                let _ = write!(shown, "[{}]", at.index);
                value.as_array()?.get(at.index)?
            }
        };
    }
    Some(format!("`{shown}` as dstack {} reads it: {}", version.as_str(), words(value)))
}

/// A normalized value in words: ranges as `min 8 GB` or `1 to 4`, objects as their set parts.
fn words(value: &Json) -> String {
    match value {
        Json::Null => "not set".into(),
        Json::Object(entries) => match range(entries) {
            Some(text) => text,
            None => {
                let parts: Vec<String> =
                    entries.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| format!("{k} {}", words(v))).collect();
                if parts.is_empty() { "empty".into() } else { parts.join(", ") }
            }
        },
        Json::Array(items) => {
            let parts: Vec<String> = items.iter().map(words).collect();
            format!("[{}]", parts.join(", "))
        }
        Json::Str(s) => format!("`{s}`"),
        other => format!("`{}`", other.to_python_string()),
    }
}

/// A `{min, max}` range in words; memory bounds (floats) in GB.
fn range(entries: &[(crate::json::Key, Json)]) -> Option<String> {
    let [(k1, min), (k2, max)] = entries else { return None };
    if k1 != "min" || k2 != "max" {
        return None;
    }
    let bound = |b: &Json| match b {
        Json::Float(f) => Some(format!("{} GB", format_g(*f))),
        Json::Null => None,
        other => Some(other.to_python_string()),
    };
    Some(match (bound(min), bound(max)) {
        (Some(a), Some(b)) if a == b => a,
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("min {a}"),
        (None, Some(b)) => format!("max {b}"),
        (None, None) => "any".into(),
    })
}

impl Shape {
    /// A short name of the shape as `version` reads it, for hover text.
    pub fn summary_in(&self, version: DstackVersion) -> String {
        let list = |forms: &[Shape]| forms.iter().map(|f| f.summary_in(version)).collect::<Vec<_>>().join(" or ");
        match self {
            Shape::Str | Shape::Matching(_) => "string".into(),
            Shape::Int => "integer".into(),
            Shape::Number => "number".into(),
            Shape::Bool => "boolean".into(),
            Shape::Enum(values) | Shape::AnyCase(values) => {
                values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(" | ")
            }
            Shape::TypeName => "configuration type".into(),
            Shape::Memory => "memory size".into(),
            Shape::Duration => "duration".into(),
            Shape::GpuSpec => "GPU spec".into(),
            Shape::Port => "port number".into(),
            Shape::Range(inner) => format!("{} or range", inner.summary_in(version)),
            Shape::List(item) => format!("list of {}", item.summary_in(version)),
            Shape::Map(value) => format!("mapping of {}", value.summary_in(version)),
            Shape::Object(_) => "object".into(),
            Shape::OneOf(forms) => list(forms),
            Shape::Since(release, newer, older) => {
                if version.release() >= *release {
                    newer.summary_in(version)
                } else {
                    older.summary_in(version)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DstackVersion::{V0_18_37, V0_22_5};

    /// The hover at the first occurrence of `needle` (plus `skip` characters) in `text`.
    fn at(text: &str, needle: &str, skip: usize, version: DstackVersion) -> Option<String> {
        let offset = text.find(needle).map(|i| i + skip)?;
        hover(text, offset, version).map(|h| h.markdown)
    }

    const TASK: &str = "type: task\ncommands: [python train.py]\nmax_duration: 2h\nports: [22:22]\nfiles: [.env:/app/.env]\nresources:\n  gpu: A100:2\n  disk: 8GB..\n";

    #[test]
    fn a_key_shows_its_doc_shape_default_example_and_release() {
        assert_eq!(
            at(TASK, "max_duration", 3, V0_22_5).as_deref(),
            Some(
                "**`max_duration`**: duration or `off` or boolean\n\nStop the run after this long; `off` never.\n\n\
                 Default: `off`. Example: `max_duration: 72h`."
            )
        );
        assert_eq!(
            at(TASK, "gpu", 0, V0_22_5).as_deref(),
            Some(
                "**`gpu`**: GPU spec or integer or range or object\n\n\
                 GPUs: `A100:2`, `24GB..`, `nvidia:A100,H100:80GB:2`, a count, or a mapping.\n\nExample: `gpu: A100:2`."
            )
        );
    }

    #[test]
    fn a_doc_reads_as_the_selected_release_means_it() {
        let text = "type: task\ncommands: [a]\nworking_dir: src\n";
        assert_eq!(
            at(text, "working_dir", 0, V0_18_37).as_deref(),
            Some(
                "**`working_dir`**: string\n\nThe working directory, relative to the repo directory `/workflow`; `.` if unset."
            )
        );
        assert_eq!(
            at(text, "working_dir", 0, V0_22_5).as_deref(),
            Some("**`working_dir`**: string\n\nThe working directory: an absolute path; the image's if unset.")
        );
    }

    #[test]
    fn a_shape_reads_as_the_selected_release_reads_it() {
        let text = "type: task\ncommands: [a]\nports: [8080]\n";
        let shape = |v| at(text, "ports", 0, v).and_then(|m| m.split("\n\n").next().map(str::to_owned));
        assert_eq!(shape(V0_18_37).as_deref(), Some("**`ports`**: list of integer or string or object"));
        assert_eq!(shape(V0_22_5).as_deref(), Some("**`ports`**: list of port number or string or object"));
    }

    #[test]
    fn a_key_the_release_lacks_says_when_it_came() {
        let files = at(TASK, "files", 1, V0_18_37).unwrap_or_default();
        assert!(files.ends_with("Added in 0.19.17; not in 0.18.37."), "{files}");
        let files = at(TASK, "files", 1, V0_22_5).unwrap_or_default();
        assert!(files.ends_with("Added in 0.19.17."), "{files}");
        let gone = "type: task\ncommands: [a]\npool_name: p\n";
        assert_eq!(
            at(gone, "pool_name", 0, V0_22_5).as_deref(),
            Some(
                "**`pool_name`**: string\n\nThe pool to run in (deprecated: pools became fleets).\n\nRemoved in 0.20.0; not in 0.22.5: \
                 use `fleets` to choose the fleets whose instances the run may use."
            )
        );
    }

    #[test]
    fn a_value_shows_what_dstack_makes_of_it() {
        let old = "type: task\ncommands: [a]\nports: [22:22]\n";
        assert_eq!(
            at(old, "22:22", 1, V0_18_37).as_deref(),
            Some("`ports[0]` as dstack 0.18.37 reads it: local_port `1342`, container_port `1342`"),
        );
        let ports = at(TASK, "22:22", 1, V0_18_37).unwrap_or_default();
        assert!(ports.starts_with("**`ports`**: list of "), "{ports}");
        assert_eq!(
            at(TASK, "22:22", 1, V0_22_5).as_deref(),
            Some("`ports[0]` as dstack 0.22.5 reads it: local_port `1342`, container_port `1342`")
        );
        assert_eq!(
            at(TASK, "8GB..", 1, V0_22_5).as_deref(),
            Some("`resources.disk` as dstack 0.22.5 reads it: size min 8 GB")
        );
        assert_eq!(
            at(TASK, "A100:2", 1, V0_22_5).as_deref(),
            Some("`resources.gpu` as dstack 0.22.5 reads it: name [`A100`], count 2")
        );
        assert_eq!(at(TASK, "2h", 0, V0_22_5).as_deref(), Some("`max_duration` as dstack 0.22.5 reads it: `7200`"));
    }

    #[test]
    fn a_value_of_an_invalid_file_shows_its_key_and_nothing_shows_elsewhere() {
        let bad = "type: task\ncommands: [a]\nspot_policy: sometimes\n";
        let shown = at(bad, "sometimes", 2, V0_22_5).unwrap_or_default();
        assert!(shown.starts_with("**`spot_policy`**: `spot` | `on-demand` | `auto`\n\n"), "{shown}");
        assert_eq!(hover(bad, 0, V0_22_5).map(|h| h.range), Some(Range::new(1, 1, 1, 5)));
        assert_eq!(hover("commands: [a]\n", 2, V0_22_5), None);
        assert_eq!(hover(bad, 999, V0_22_5), None);
        assert_eq!(at("type: task\nbogus: 1\n", "bogus", 1, V0_22_5), None);
    }
}
