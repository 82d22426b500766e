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
    /// A port number, 1 to 65535.
    Port,
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
    /// One of these strings, in any letter case.
    AnyCase(&'static [&'static str]),
    /// A string matching this pattern (ECMAScript syntax, for the JSON Schema).
    Matching(&'static str),
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

    /// The keys of every mapping form of this shape under `version` (a tagged union has several).
    pub fn objects(&'static self, version: DstackVersion) -> Vec<&'static [Field]> {
        match self.at(version) {
            Shape::Object(fields) => vec![fields],
            Shape::OneOf(forms) => forms.iter().flat_map(|f| f.objects(version)).collect(),
            _ => Vec::new(),
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
            Shape::Enum(values) | Shape::AnyCase(values) => Some(values),
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
    /// The key is required in the releases before this one (and optional from it on).
    pub required_before: Option<Release>,
    /// The catalog the key's values come from.
    pub catalog: Option<Catalog>,
    /// `null` is not accepted (the model has a non-null default), in releases before
    /// [`About::null_since`].
    pub not_null: bool,
    /// The release from which `null` is accepted after all (the field became optional).
    pub null_since: Option<Release>,
    /// The smallest number accepted.
    pub min: Option<i32>,
    /// The number must be above this one.
    pub above: Option<i32>,
    /// The largest number accepted.
    pub max: Option<i32>,
    /// The release from which the bounds apply (`None`: every release).
    pub bounds_since: Option<Release>,
    /// Keys of the same mapping this one cannot be set together with.
    pub excludes: &'static [&'static str],
}

impl About {
    /// A described key: `shape` and `doc`, nothing else.
    pub const fn new(shape: Shape, doc: &'static str) -> About {
        About {
            shape,
            doc,
            older: None,
            default: None,
            example: None,
            required: false,
            required_before: None,
            catalog: None,
            not_null: false,
            null_since: None,
            min: None,
            above: None,
            max: None,
            bounds_since: None,
            excludes: &[],
        }
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

    /// The configuration must have the key in the releases before `release`.
    pub const fn required_before(self, release: Release) -> About {
        About { required_before: Some(release), ..self }
    }

    /// True when a configuration checked under `version` must have the key.
    pub fn required_in(&self, version: DstackVersion) -> bool {
        self.required || self.required_before.is_some_and(|r| version.release() < r)
    }

    /// Values come from the bundled catalog.
    pub const fn catalog(self, catalog: Catalog) -> About {
        About { catalog: Some(catalog), ..self }
    }

    /// With a different doc for the releases before `before`.
    pub const fn older(self, before: Release, doc: &'static str) -> About {
        About { older: Some((before, doc)), ..self }
    }

    /// `null` is rejected (before `since`, when given).
    pub const fn not_null(self, since: Option<Release>) -> About {
        About { not_null: true, null_since: since, ..self }
    }

    /// Numbers from `min` to `max`.
    pub const fn within(self, min: Option<i32>, max: Option<i32>) -> About {
        About { min, max, ..self }
    }

    /// Numbers above `bound`.
    pub const fn above(self, bound: i32) -> About {
        About { above: Some(bound), ..self }
    }

    /// The key cannot be set together with `keys` (in the same mapping).
    pub const fn excludes(self, keys: &'static [&'static str]) -> About {
        About { excludes: keys, ..self }
    }

    /// The bounds apply from `release` on only.
    pub const fn bounds_since(self, release: Release) -> About {
        About { bounds_since: Some(release), ..self }
    }

    /// The bounds `version` checks: (min, exclusive min, max).
    pub fn bounds(&self, version: DstackVersion) -> (Option<i32>, Option<i32>, Option<i32>) {
        match self.bounds_since {
            Some(r) if version.release() < r => (None, None, None),
            _ => (self.min, self.above, self.max),
        }
    }

    /// True when `version` reads `null` as the key being absent.
    pub fn nullable(&self, version: DstackVersion) -> bool {
        !self.required_in(version) && (!self.not_null || self.null_since.is_some_and(|r| version.release() >= r))
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
            Step::Key(name) => {
                let objects = here.shape.objects(version);
                if objects.is_empty() {
                    Place { field: None, shape: here.shape.value(version)? }
                } else {
                    let mut all = objects.into_iter().flat_map(|o| o.iter());
                    let field = all.find(|f| f.name == *name && f.applies(version))?;
                    Place { field: Some(field), shape: &field.about.shape }
                }
            }
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
        let objects = DstackVersion::SUPPORTED.iter().flat_map(|v| shape.objects(*v));
        objects.flat_map(|f| f.iter()).collect()
    };
    fields.into_iter().find(|f| f.name == *name)
}

/// The keys `version` accepts in the object at `path` of a configuration of `ty`, in table order
/// (of every form, for a tagged union).
pub fn keys(ty: ConfigType, version: DstackVersion, path: &[Step]) -> Vec<&'static Field> {
    if path.is_empty() {
        return fields_of(ty).filter(|f| f.applies(version)).collect();
    }
    let Some(here) = place(ty, version, path) else { return Vec::new() };
    let mut out: Vec<&'static Field> = Vec::new();
    for f in here.shape.objects(version).into_iter().flat_map(|o| o.iter()) {
        if f.applies(version) && out.iter().all(|o| o.name != f.name) {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;
    use crate::yaml::{LoadLimits, load};

    /// A configuration of `ty` that `version` accepts, to add one key to.
    fn base(ty: ConfigType) -> &'static str {
        match ty {
            ConfigType::Task => "type: task\ncommands: [a]\n",
            ConfigType::Service => "type: service\nport: 80\ncommands: [a]\n",
            ConfigType::DevEnvironment => "type: dev-environment\nide: vscode\n",
            ConfigType::Fleet => "type: fleet\nnodes: 1\n",
            ConfigType::Gateway => "type: gateway\nbackend: aws\nregion: us-east-1\ndomain: example.com\n",
            ConfigType::Volume => "type: volume\nbackend: aws\nregion: us-east-1\nsize: 10GB\n",
            ConfigType::Preset => "type: preset\nrepo: org/model\n",
        }
    }

    /// A key with its path and the other keys its object needs.
    type Key = (Vec<Step<'static>>, &'static Field, Vec<&'static Field>);

    /// Every key reachable from the top-level fields of `ty` under `version`.
    fn every_key(ty: ConfigType, version: DstackVersion) -> Vec<Key> {
        fn shapes(shape: &'static Shape, version: DstackVersion, path: Vec<Step<'static>>, out: &mut Vec<Key>) {
            match shape.at(version) {
                Shape::Object(fields) => {
                    let applies = || fields.iter().filter(|f| f.applies(version));
                    for f in applies() {
                        let mut p = path.clone();
                        p.push(Step::Key(f.name));
                        let needed = applies().filter(|o| o.name != f.name && o.about.required_in(version)).collect();
                        out.push((p.clone(), f, needed));
                        shapes(&f.about.shape, version, p, out);
                    }
                }
                Shape::OneOf(forms) => forms.iter().for_each(|s| shapes(s, version, path.clone(), out)),
                Shape::List(item) => {
                    let mut p = path;
                    p.push(Step::Item);
                    shapes(item, version, p, out);
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for f in fields_of(ty).filter(|f| f.applies(version)) {
            out.push((vec![Step::Key(f.name)], f, Vec::new()));
            shapes(&f.about.shape, version, vec![Step::Key(f.name)], &mut out);
        }
        out
    }

    /// `base(ty)` with `path: value` added, as YAML (items as one-item lists), and the keys
    /// `needed` beside it (an enum's first value, else `x`).
    fn with(ty: ConfigType, path: &[Step], value: &str, needed: &[&'static Field]) -> String {
        let mut text = String::new();
        for (depth, step) in path.iter().enumerate() {
            let indent = "  ".repeat(depth);
            match step {
                Step::Key(k) if depth + 1 == path.len() => {
                    text.push_str(&format!("{indent}{k}: {value}\n"));
                    for n in needed {
                        let v =
                            n.about.shape.enum_values(DstackVersion::NEWEST).and_then(|e| e.first()).unwrap_or(&"x");
                        text.push_str(&format!("{indent}{}: {v}\n", n.name));
                    }
                }
                Step::Key(k) => text.push_str(&format!("{indent}{k}:\n")),
                Step::Item => text.push_str(&format!("{indent}-\n")),
            }
        }
        let top = path.first().map_or("", |s| if let Step::Key(k) = s { k } else { "" });
        let base = match volume_backend_with(ty, top) {
            Some(backend) => {
                let model = crate::model::fields::volume_model(backend).map_or(&[][..], |m| m.accepts);
                let own = [("region", "us-east-1"), ("size", "10GB")].into_iter().filter(|(k, _)| model.contains(k));
                format!(
                    "type: volume\nbackend: {backend}\n{}",
                    own.map(|(k, v)| format!("{k}: {v}\n")).collect::<String>()
                )
            }
            None => base(ty).to_owned(),
        };
        let kept: String =
            base.lines().filter(|l| !l.starts_with(&format!("{top}:"))).map(|l| format!("{l}\n")).collect();
        format!("{kept}{text}")
    }

    /// `text` with the keys `needed` beside the last key of `path` (at its indentation).
    fn with_needed(text: &str, path: &[Step], needed: &[&'static Field]) -> String {
        let indent = "  ".repeat(path.len() - 1);
        let Some(Step::Key(last)) = path.last() else { return text.to_owned() };
        let line = format!("{indent}{last}:\n");
        let extra: String = needed.iter().map(|n| format!("{indent}{}: 1\n", n.name)).collect();
        text.replacen(&line, &format!("{extra}{line}"), 1)
    }

    /// For a 0.22.5 volume key: the first backend whose volume model has it (each has its own).
    fn volume_backend_with(ty: ConfigType, key: &str) -> Option<&'static str> {
        let backends = crate::model::fields::VOLUME_BACKENDS_0_22_5;
        let has = |b: &str| crate::model::fields::volume_model(b).is_some_and(|m| m.accepts.contains(&key));
        if ty == ConfigType::Volume { backends.into_iter().find(|b| has(b)) } else { None }
    }

    fn unknown_keys(text: &str, version: DstackVersion) -> Vec<String> {
        let root = load(text, &LoadLimits::default()).expect("YAML");
        crate::model::rejections(&root, version)
            .into_iter()
            .filter(|d| d.code == codes::UNKNOWN_FIELD)
            .map(|d| d.path)
            .collect()
    }

    #[test]
    fn every_field_of_every_release_is_described_in_one_line() {
        let mut count = 0;
        for ty in ConfigType::ALL {
            for v in DstackVersion::SUPPORTED.into_iter().filter(|v| ty.exists_in(*v)) {
                let top: Vec<&str> = keys(ty, v, &[]).iter().map(|f| f.name).collect();
                let mut printed = crate::model::fields::field_order(ty, v).to_vec();
                printed.sort_unstable();
                let mut described = top.clone();
                described.sort_unstable();
                assert_eq!(described, printed, "{ty:?} {v}");
                for (path, f, _) in every_key(ty, v) {
                    let doc = f.about.doc(v);
                    assert!(
                        doc.ends_with('.') && !doc.contains('\n') && doc.len() <= 100,
                        "{ty:?} {v} {path:?}: {doc}"
                    );
                    assert_eq!(place(ty, v, &path).and_then(|p| p.field).map(|f| f.name), Some(f.name), "{path:?}");
                    count += 1;
                }
            }
        }
        assert_eq!(count, 829);
    }

    #[test]
    fn every_described_key_is_one_validation_knows_and_no_other_is() {
        for ty in ConfigType::ALL {
            for v in DstackVersion::SUPPORTED.into_iter().filter(|v| ty.exists_in(*v)) {
                for (path, f, needed) in every_key(ty, v) {
                    let text = with(ty, &path, "null", &needed);
                    assert_eq!(unknown_keys(&text, v), Vec::<String>::new(), "{ty:?} {v} {}:\n{text}", f.name);
                }
                let objects =
                    every_key(ty, v).into_iter().filter(|(_, f, _)| matches!(f.about.shape.at(v), Shape::Object(_)));
                for (path, f, needed) in objects {
                    let mut bogus = path.clone();
                    bogus.push(Step::Key("bogus_key"));
                    let inner = f.about.shape.objects(v).into_iter().flatten().filter(|i| i.about.required_in(v));
                    let text = with(ty, &bogus, "1", &inner.collect::<Vec<_>>());
                    let text = if needed.is_empty() { text } else { with_needed(&text, &path, &needed) };
                    assert_eq!(unknown_keys(&text, v).len(), 1, "{ty:?} {v}:\n{text}");
                }
            }
        }
    }

    #[test]
    fn enum_values_are_the_ones_validation_accepts() {
        use crate::model::{CREATION_POLICIES, SPOT_POLICIES};
        let enum_of = |ty, v, name| place(ty, v, &[Step::Key(name)]).and_then(|p| p.shape.enum_values(v));
        assert_eq!(enum_of(ConfigType::Task, DstackVersion::V0_22_5, "spot_policy"), Some(&SPOT_POLICIES[..]));
        assert_eq!(enum_of(ConfigType::Fleet, DstackVersion::V0_22_5, "spot_policy"), Some(&SPOT_POLICIES[..]));
        assert_eq!(enum_of(ConfigType::Task, DstackVersion::V0_18_37, "creation_policy"), Some(&CREATION_POLICIES[..]));
        assert_eq!(enum_of(ConfigType::DevEnvironment, DstackVersion::V0_18_37, "ide"), Some(&["vscode"][..]));
        assert_eq!(enum_of(ConfigType::DevEnvironment, DstackVersion::V0_22_5, "ide").map(<[_]>::len), Some(4));
        for ty in ConfigType::ALL {
            for v in DstackVersion::SUPPORTED.into_iter().filter(|v| ty.exists_in(*v)) {
                for (path, f, needed) in every_key(ty, v) {
                    let Shape::Enum(values) = f.about.shape.at(v) else { continue };
                    for value in *values {
                        let text = with(ty, &path, value, &needed);
                        let root = load(&text, &LoadLimits::default()).expect("YAML");
                        let at = |d: &crate::Diagnostic| d.code == codes::INVALID_ENUM;
                        let wrong: Vec<String> =
                            crate::model::rejections(&root, v).into_iter().filter(at).map(|d| d.message).collect();
                        assert_eq!(wrong, Vec::<String>::new(), "{ty:?} {v} {}: {value}", f.name);
                    }
                }
            }
        }
    }

    #[test]
    fn keys_that_exclude_each_other_are_rejected_together() {
        let value = |key: &str| match key {
            "python" => "'3.11'",
            "image" => "ubuntu",
            "docker" | "nvcc" => "true",
            "nodes" | "replicas" => "2",
            "groups" => "[{name: a, nodes: 1, replicas: 1, commands: [a]}]",
            _ => "org/model",
        };
        let mut pairs = 0;
        for ty in ConfigType::ALL {
            for v in DstackVersion::SUPPORTED.into_iter().filter(|v| ty.exists_in(*v)) {
                let top = keys(ty, v, &[]);
                for f in &top {
                    for other in f.about.excludes.iter().filter(|e| top.iter().any(|g| g.name == **e)) {
                        let kept: String =
                            base(ty).lines().filter(|l| !l.starts_with("repo:")).map(|l| format!("{l}\n")).collect();
                        let text = format!("{kept}{}: {}\n{other}: {}\n", f.name, value(f.name), value(other));
                        let report = crate::check(&text, &crate::Options { effective: false, version: v });
                        let says = |d: &crate::Diagnostic| {
                            let words = format!("{} {}", d.message, d.dstack.as_deref().unwrap_or(""));
                            d.stage == crate::Stage::Schema && words.contains(f.name) && words.contains(other)
                        };
                        assert!(report.diagnostics.iter().any(says), "{ty:?} {v}:\n{text}{:#?}", report.diagnostics);
                        pairs += 1;
                    }
                }
            }
        }
        assert_eq!(pairs, 23);
    }

    #[test]
    fn the_docs_text_is_small() {
        let mut seen = std::collections::HashSet::new();
        let mut bytes = 0;
        for ty in ConfigType::ALL {
            for v in DstackVersion::SUPPORTED {
                for (_, f, _) in every_key(ty, v) {
                    let about: *const About = f.about;
                    if seen.insert(about as usize) {
                        bytes += f.about.doc.len() + f.about.older.map_or(0, |(_, d)| d.len());
                        bytes += f.about.default.map_or(0, str::len) + f.about.example.map_or(0, str::len);
                    }
                }
            }
        }
        assert_eq!(bytes, 11094);
    }
}
