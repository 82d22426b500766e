//! Hover docs: what a key means (from the model description) and what dstack makes of a value
//! (from the normalized JSON), for the place under the cursor.

use crate::model::ConfigType;
use crate::model::describe::{Place, Shape, Step, field_any_release, place};
use crate::model::fields::Field;
use crate::version::DstackVersion;
use crate::yaml::{LineIndex, LoadLimits, Node, Value, load};
use crate::{Json, Options, Range, check};

/// The text shown for the place under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The key or value the text is about.
    pub range: Range,
    /// Markdown: the key's doc, shape, default, example and release, or the value as dstack reads it.
    pub markdown: String,
}

/// What the cursor is on.
enum Target<'n> {
    /// A key: the path to its value.
    Key(Vec<Step<'n>>, Range),
    /// A scalar value at this path.
    Value(Vec<Step<'n>>, Range),
}

/// The hover text at `byte_offset` of `text` under `version`; `None` off any key or value, or
/// when the configuration's `type` is unknown.
pub fn hover(text: &str, byte_offset: usize, version: DstackVersion) -> Option<Hover> {
    let root = load(text, &LoadLimits::default()).ok()?;
    let ty = config_type(&root)?;
    let at = LineIndex::new(text).position(text.get(..byte_offset)?.chars().count());
    let mut path = Vec::new();
    match find(&root, at, &mut path)? {
        Target::Key(path, range) => {
            let markdown = key_markdown(ty, version, &path)?;
            Some(Hover { range, markdown })
        }
        Target::Value(path, range) => {
            let markdown = value_markdown(text, ty, version, &path)?;
            Some(Hover { range, markdown })
        }
    }
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

/// The key or scalar under `at`, with the path from the root.
fn find<'n>(node: &'n Node, at: crate::Position, path: &mut Vec<Step<'n>>) -> Option<Target<'n>> {
    match node.value() {
        Value::Map(entries) => {
            for (k, v) in entries {
                let Value::Str(name) = k.value() else { continue };
                if contains(k.span, at) {
                    path.push(Step::Key(name));
                    return Some(Target::Key(std::mem::take(path), k.span));
                }
                if contains(v.span, at) {
                    path.push(Step::Key(name));
                    return find(v, at, path);
                }
            }
            None
        }
        Value::Seq(items) => {
            let item = items.iter().find(|i| contains(i.span, at))?;
            path.push(Step::Item);
            find(item, at, path)
        }
        _ => Some(Target::Value(std::mem::take(path), node.span)),
    }
}

/// The doc of the key at `path`, or why `version` does not have it.
fn key_markdown(ty: ConfigType, version: DstackVersion, path: &[Step]) -> Option<String> {
    match place(ty, version, path) {
        Some(Place { field: Some(field), .. }) => Some(describe_field(field, version)),
        _ => field_any_release(ty, path).map(|field| describe_field(field, version)),
    }
}

fn describe_field(field: &Field, version: DstackVersion) -> String {
    let about = field.about;
    let mut out = format!("**`{}`** · {}\n\n{}", field.name, about.shape.at(version).summary(), about.doc(version));
    let mut facts = Vec::new();
    if about.required {
        facts.push("required".to_owned());
    }
    if let Some(default) = about.default {
        facts.push(format!("default `{default}`"));
    }
    if let Some(example) = about.example {
        facts.push(format!("example `{example}`"));
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.join(" · "));
    }
    if let Some(line) = release_line(field, version) {
        out.push_str("\n\n");
        out.push_str(&line);
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
        (_, Some(r)) => Some(format!("Deprecated: removed in {r}.")),
        (Some(a), _) if !field.applies(version) => Some(format!("Added in {a}; not in {here}.")),
        (Some(a), _) => Some(format!("Added in {a}.")),
        (None, None) => None,
    }
}

/// What dstack makes of the value at `path`: its normalized JSON.
fn value_markdown(text: &str, ty: ConfigType, version: DstackVersion, path: &[Step]) -> Option<String> {
    let report = check(text, &Options { effective: false, version });
    let normalized = report.normalized?;
    let mut value = &normalized;
    for step in path {
        value = match step {
            Step::Key(k) => value.get(k)?,
            Step::Item => return Some(read_as(ty, version, path, value)),
        };
    }
    Some(read_as(ty, version, path, value))
}

fn read_as(ty: ConfigType, version: DstackVersion, path: &[Step], value: &Json) -> String {
    let shape = place(ty, version, path).map(|p| format!(" ({})", p.shape.at(version).summary()));
    format!("dstack reads: `{}`{}", value.to_python_string(), shape.unwrap_or_default())
}

impl Shape {
    /// A short name of the shape, for hover text.
    pub fn summary(&self) -> String {
        match self {
            Shape::Str => "string".into(),
            Shape::Int => "integer".into(),
            Shape::Number => "number".into(),
            Shape::Bool => "boolean".into(),
            Shape::Enum(values) => values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(" | "),
            Shape::TypeName => "configuration type".into(),
            Shape::Memory => "memory size".into(),
            Shape::Duration => "duration".into(),
            Shape::GpuSpec => "GPU spec".into(),
            Shape::Range(inner) => format!("{} or range", inner.summary()),
            Shape::List(item) => format!("list of {}", item.summary()),
            Shape::Map(value) => format!("mapping of {}", value.summary()),
            Shape::Object(_) => "object".into(),
            Shape::OneOf(forms) => forms.iter().map(Shape::summary).collect::<Vec<_>>().join(" or "),
            Shape::Since(_, newer, _) => newer.summary(),
        }
    }
}
