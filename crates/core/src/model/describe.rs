//! The description of every key a configuration may have: one source for completion, hover docs
//! and the JSON Schema.
//!
//! The top-level keys are the [`Field`] rows of [`super::fields`]; each row points at an
//! [`About`] (shape, doc, default, example). Nested objects (`resources`, `retry`, `scaling`, ...)
//! are tables of the same [`Field`] rows, reached through [`Shape::Object`]. A doc is written once;
//! a second text exists only for a release where dstack's meaning differs.

use super::config_type::ConfigType;
use super::fields::{Field, fields_of};
use crate::version::{DstackVersion, Release};

pub(crate) mod nested;
pub(crate) mod top;

/// What a key's value may be written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Any string.
    Str,
    /// An integer.
    Int,
    /// A number (integer or float).
    Number,
    /// `true` or `false`.
    Bool,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// The configuration's own type name (`task`, `service`, ...).
    TypeName,
    /// A size: a number of GB or a text with a unit (`8GB`, `512MB`).
    Memory,
    /// A duration: seconds or a text with a unit (`30s`, `1h`, `2d`).
    Duration,
    /// A GPU spec text: `A100`, `A100:2`, `24GB..`, `nvidia:A100,H100:80GB:2`.
    GpuSpec,
    /// A value or a range of values: `2`, `1..4`, `8GB..`, `..16`.
    Range(&'static Shape),
    /// A list of values.
    List(&'static Shape),
    /// A mapping from names to values.
    Map(&'static Shape),
    /// A mapping with these keys (others are unknown keys).
    Object(&'static [Field]),
    /// Any one of these forms.
    OneOf(&'static [Shape]),
    /// From the release given on: the first shape; before it: the second.
    Since(Release, &'static Shape, &'static Shape),
}

impl Shape {
    /// The shape `version` accepts, with every [`Shape::Since`] at the top resolved.
    pub fn at(&'static self, version: DstackVersion) -> &'static Shape {
        match self {
            Shape::Since(r, newer, older) => {
                if version.release() >= *r {
                    newer.at(version)
                } else {
                    older.at(version)
                }
            }
            _ => self,
        }
    }

    /// The keys of the mapping this shape is (or one of its forms is) under `version`.
    pub fn object(&'static self, version: DstackVersion) -> Option<&'static [Field]> {
        match self.at(version) {
            Shape::Object(fields) => Some(fields),
            Shape::OneOf(forms) => forms.iter().find_map(|f| f.object(version)),
            _ => None,
        }
    }

    /// The shape of an item of the list this shape is (or one of its forms is) under `version`.
    pub fn item(&'static self, version: DstackVersion) -> Option<&'static Shape> {
        match self.at(version) {
            Shape::List(item) => Some(item),
            Shape::OneOf(forms) => forms.iter().find_map(|f| f.item(version)),
            _ => None,
        }
    }

    /// The shape of a value of the mapping from names this shape is (or one of its forms is).
    pub fn value(&'static self, version: DstackVersion) -> Option<&'static Shape> {
        match self.at(version) {
            Shape::Map(value) => Some(value),
            Shape::OneOf(forms) => forms.iter().find_map(|f| f.value(version)),
            _ => None,
        }
    }

    /// The strings this shape (or one of its forms) allows, when it is an enumeration.
    pub fn enum_values(&'static self, version: DstackVersion) -> Option<&'static [&'static str]> {
        match self.at(version) {
            Shape::Enum(values) => Some(values),
            Shape::OneOf(forms) => forms.iter().find_map(|f| f.enum_values(version)),
            Shape::Range(inner) => inner.enum_values(version),
            _ => None,
        }
    }
}

/// Values a key takes from the bundled offers catalog, which completion can offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Catalog {
    /// A GPU name (`A100`, `H100`).
    Gpu,
    /// A backend (`aws`, `runpod`).
    Backend,
    /// A region of a backend.
    Region,
    /// An instance type of a backend.
    InstanceType,
}

/// Everything said about one key besides its name and releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct About {
    /// What the value may be written as.
    pub shape: Shape,
    /// One line: what the key does.
    pub doc: &'static str,
    /// The doc for the releases before the given one, where dstack's meaning differs.
    pub older: Option<(Release, &'static str)>,
    /// The value dstack uses when the key is absent, as dstack shows it.
    pub default: Option<&'static str>,
    /// A value to write, in YAML.
    pub example: Option<&'static str>,
    /// True when the configuration must have the key.
    pub required: bool,
    /// The catalog the key's values come from.
    pub catalog: Option<Catalog>,
}

impl About {
    /// A described key: `shape` and `doc`, nothing else.
    pub const fn new(shape: Shape, doc: &'static str) -> About {
        About { shape, doc, older: None, default: None, example: None, required: false, catalog: None }
    }

    /// With the value dstack uses when the key is absent.
    pub const fn default(self, default: &'static str) -> About {
        About { default: Some(default), ..self }
    }

    /// With an example value.
    pub const fn example(self, example: &'static str) -> About {
        About { example: Some(example), ..self }
    }

    /// The configuration must have the key.
    pub const fn required(self) -> About {
        About { required: true, ..self }
    }

    /// Values come from the bundled catalog.
    pub const fn catalog(self, catalog: Catalog) -> About {
        About { catalog: Some(catalog), ..self }
    }

    /// With a different doc for the releases before `before`.
    pub const fn older(self, before: Release, doc: &'static str) -> About {
        About { older: Some((before, doc)), ..self }
    }

    /// The doc as it reads under `version`.
    pub fn doc(&self, version: DstackVersion) -> &'static str {
        match self.older {
            Some((before, doc)) if version.release() < before => doc,
            _ => self.doc,
        }
    }
}

/// One step of a path into a configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value of a key of a mapping.
    Key(&'a str),
    /// An item of a list.
    Item,
}

/// What lies at a path: the key that holds it (`None` at the top or in a list or map of values)
/// and its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The key whose value this is, when the last step is a key of an object.
    pub field: Option<&'static Field>,
    /// What the value may be.
    pub shape: &'static Shape,
}

/// What lies at `path` in a configuration of `ty` under `version`; `None` when the path leaves
/// the keys `version` knows.
pub fn place(ty: ConfigType, version: DstackVersion, path: &[Step]) -> Option<Place> {
    let (Step::Key(first), rest) = path.split_first()? else { return None };
    let field = fields_of(ty).find(|f| f.name == *first && f.applies(version))?;
    let mut here = Place { field: Some(field), shape: &field.about.shape };
    for step in rest {
        here = match step {
            Step::Key(name) => match here.shape.object(version) {
                Some(fields) => {
                    let field = fields.iter().find(|f| f.name == *name && f.applies(version))?;
                    Place { field: Some(field), shape: &field.about.shape }
                }
                None => Place { field: None, shape: here.shape.value(version)? },
            },
            Step::Item => Place { field: None, shape: here.shape.item(version)? },
        };
    }
    Some(here)
}

/// The key at `path` (its last step a key), in any release: to say that another release has it.
pub fn field_any_release(ty: ConfigType, path: &[Step]) -> Option<&'static Field> {
    let (last, parent) = path.split_last()?;
    let Step::Key(name) = last else { return None };
    let fields: Vec<&'static Field> = if parent.is_empty() {
        fields_of(ty).collect()
    } else {
        let shape = DstackVersion::SUPPORTED.iter().find_map(|v| place(ty, *v, parent))?.shape;
        let objects = DstackVersion::SUPPORTED.iter().filter_map(|v| shape.object(*v));
        objects.flat_map(|f| f.iter()).collect()
    };
    fields.into_iter().find(|f| f.name == *name)
}

/// The keys `version` accepts in the object at `path` of a configuration of `ty`, in table order.
pub fn keys(ty: ConfigType, version: DstackVersion, path: &[Step]) -> Vec<&'static Field> {
    if path.is_empty() {
        return fields_of(ty).filter(|f| f.applies(version)).collect();
    }
    let Some(here) = place(ty, version, path) else { return Vec::new() };
    let Some(fields) = here.shape.object(version) else { return Vec::new() };
    fields.iter().filter(|f| f.applies(version)).collect()
}
