//! A JSON Schema (draft 2020-12) of the configurations of one dstack release, generated from the
//! model description, for editors (yaml-language-server, VS Code) and standard validators.
//!
//! Strict where dstack is: every object forbids keys its model does not have. Values are written
//! as an editor's YAML 1.2 parser gives them, so the coercions dstack applies are allowed (a number
//! where text is expected, `"yes"` for a boolean, `"8"` for an integer), and dstack's own forms
//! (`8GB..`, `1h`, `A100:2`) are matched by patterns.

/// The digits of Python's `int()` of a text: a sign, digits (ASCII or full-width) with single `_`
/// between them. A macro, so that both modules' patterns are built from it at compile time.
macro_rules! int_digits {
    () => {
        r"[+-]?[0-9\uFF10-\uFF19]+(?:_[0-9\uFF10-\uFF19]+)*"
    };
}

mod rules;

use std::fmt::Write as _;

use crate::json::Json;
use crate::model::ConfigType;
use crate::model::describe::{About, Shape};
use crate::model::fields::{Field, VOLUME_BACKENDS_0_22_5, fields_of, volume_model};
use crate::version::DstackVersion;
use crate::yaml::{LoadLimits, Value, load};

/// The draft this module writes.
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Python's `int()` of a text, spaces around; pydantic 2 also takes a whole decimal (`2.0`).
const INT: &str = concat!(r"\s*", int_digits!(), r"(?:\.0*)?\s*");
/// Python's `int()` of a text, as pydantic 1 and `Duration.parse` read it: no decimal point.
const INT_STRICT: &str = concat!(r"\s*", int_digits!(), r"\s*");
/// Python's `float()` of a text, `inf` and `nan` included.
const FLOAT: &str = r"\s*[+-]?([0-9_]+\.?[0-9_]*|\.[0-9_]+)([eE][+-]?[0-9_]+)?\s*|\s*[+-]?([Ii][Nn][Ff]([Ii][Nn][Ii][Tt][Yy])?|[Nn][Aa][Nn])\s*";
/// A memory size: a number (`inf` and `nan` too) with an optional unit; spaces anywhere are dropped.
const MEMORY: &str = r" *[+-]?([0-9_ ]+\.?[0-9_ ]*|\.[0-9_ ]+)([eE] *[+-]? *[0-9_ ]+)? *([MmGgTt] *[Bb])? *| *[+-]?([Ii][Nn][Ff]([Ii][Nn][Ii][Tt][Yy])?|[Nn][Aa][Nn]) *([MmGgTt] *[Bb])? *";
/// A duration text with a unit.
const DURATION_UNIT: &str = r"[0-9\uFF10-\uFF19]+ *[smhdw]\n?";
/// Booleans as pydantic reads text.
const BOOL_TEXT: &str =
    "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy]([Ee][Ss])?|[Nn][Oo]?|[Oo][Nn]|[Oo][Ff][Ff]|[TtFf]|[01])$";

/// The schema of the configurations of `version`: of one type, or of any type (chosen by `type`).
pub fn json_schema(version: DstackVersion, ty: Option<ConfigType>) -> Json {
    let title = format!("dstack {} configuration", version.as_str());
    let mut head = vec![obj("$schema", Json::str(DIALECT))];
    let mut defs = Defs::default();
    match ty {
        Some(ty) => {
            head.push(obj("title", Json::str(format!("{title}: {}", ty.tag()))));
            let Json::Object(body) = type_schema(ty, version, &mut defs) else { return Json::Object(head) };
            head.extend(body);
            head.push(obj("$defs", Json::Object(defs.bodies)));
            Json::Object(head)
        }
        None => {
            let types: Vec<ConfigType> = ConfigType::ALL.into_iter().filter(|t| t.exists_in(version)).collect();
            let tags = Json::Array(types.iter().map(|t| Json::str(t.tag())).collect());
            let branches = types.iter().map(|t| {
                let when = Json::Object(vec![
                    obj(
                        "properties",
                        Json::Object(vec![obj("type", Json::Object(vec![obj("const", Json::str(t.tag()))]))]),
                    ),
                    obj("required", Json::Array(vec![Json::str("type")])),
                ]);
                let then = Json::Object(vec![obj("$ref", Json::str(format!("#/$defs/{}", t.tag())))]);
                Json::Object(vec![obj("if", when), obj("then", then)])
            });
            defs.names.extend(types.iter().map(|t| (0, t.tag().to_owned())));
            let mut bodies: Vec<(crate::json::Key, Json)> =
                types.iter().map(|t| (t.tag().into(), type_schema(*t, version, &mut defs))).collect();
            bodies.append(&mut defs.bodies);
            head.extend([
                obj("title", Json::str(title)),
                obj("type", Json::str("object")),
                obj("required", Json::Array(vec![Json::str("type")])),
                obj(
                    "properties",
                    Json::Object(vec![obj(
                        "type",
                        Json::Object(vec![obj("description", Json::str("The configuration type.")), obj("enum", tags)]),
                    )]),
                ),
                obj("allOf", Json::Array(branches.collect())),
                obj("$defs", Json::Object(bodies)),
            ]);
            Json::Object(head)
        }
    }
}

/// The objects written once under `$defs` and referred to wherever they occur.
#[derive(Default)]
struct Defs {
    /// Each key table's address (0: a configuration type) and its name under `$defs`.
    names: Vec<(usize, String)>,
    /// The schemas of the tables, in the order they were first met.
    bodies: Vec<(crate::json::Key, Json)>,
}

impl Defs {
    /// A `$ref` to the schema of the object with `fields`, written under a name from `hint` (the
    /// key that holds it) the first time.
    fn object(&mut self, fields: &'static [Field], version: DstackVersion, ty: ConfigType, hint: &str) -> Json {
        let address = fields.as_ptr() as usize;
        let known = self.names.iter().find(|(a, _)| *a == address).map(|(_, n)| n.clone());
        let name = match known {
            Some(name) => name,
            None => {
                let taken = |n: &str| self.names.iter().any(|(_, t)| t == n);
                let name = (1..)
                    .map(|i| if i == 1 { hint.to_owned() } else { format!("{hint}-{i}") })
                    .find(|n| !taken(n))
                    .unwrap_or_default();
                self.names.push((address, name.clone()));
                let body = object_schema(Some(fields), fields.iter().filter(|f| f.applies(version)), version, ty, self);
                self.bodies.push((name.clone().into(), body));
                name
            }
        };
        Json::Object(vec![obj("$ref", Json::Str(format!("#/$defs/{name}")))])
    }
}

fn obj(key: &'static str, value: Json) -> (crate::json::Key, Json) {
    (key.into(), value)
}

/// The object schema of a configuration of `ty`.
fn type_schema(ty: ConfigType, version: DstackVersion, defs: &mut Defs) -> Json {
    let mut out = object_schema(None, fields_of(ty).filter(|f| f.applies(version)), version, ty, defs);
    if let Json::Object(entries) = &mut out {
        entries.insert(0, obj("description", Json::str(format!("A dstack {}.", ty.noun()))));
        if ty == ConfigType::Volume && version.pydantic2() {
            let backends = VOLUME_BACKENDS_0_22_5.iter().filter_map(|b| backend_keys(b));
            match entries.iter_mut().find(|(k, _)| k == "allOf") {
                Some((_, Json::Array(all))) => all.extend(backends),
                _ => entries.push(obj("allOf", Json::Array(backends.collect()))),
            }
        }
    }
    out
}

/// The 0.22.5 volume backends whose model needs a `region` (Kubernetes takes one, optionally).
const REGION_REQUIRED: [&str; 3] = ["aws", "gcp", "runpod"];

/// The keys a 0.22.5 volume on `backend` may have: each backend has a model of its own.
fn backend_keys(backend: &str) -> Option<Json> {
    let model = volume_model(backend)?;
    let when = Json::Object(vec![obj(
        "properties",
        Json::Object(vec![obj("backend", Json::Object(vec![obj("const", Json::str(backend))]))]),
    )]);
    let names = Json::Array(model.accepts.iter().map(|k| Json::str(*k)).collect());
    let mut then = vec![obj("propertyNames", Json::Object(vec![obj("enum", names)]))];
    if REGION_REQUIRED.contains(&backend) {
        then.push(obj("required", Json::Array(vec![Json::str("region")])));
        then.push(obj("properties", Json::Object(vec![obj("region", Json::Bool(true))])));
    }
    let then = Json::Object(then);
    Some(Json::Object(vec![obj("if", when), obj("then", then)]))
}

/// The object schema of the keys `fields` of the mapping `table` (`None`: a configuration of `ty`).
fn object_schema<'f>(
    table: Option<&'static [Field]>,
    fields: impl Iterator<Item = &'f Field>,
    version: DstackVersion,
    ty: ConfigType,
    defs: &mut Defs,
) -> Json {
    let mut properties = Vec::new();
    let mut required = Vec::new();
    let fields: Vec<&Field> = fields.collect();
    let mut exclusive = Vec::new();
    for f in &fields {
        for other in f.about.excludes.iter().filter(|e| fields.iter().any(|g| g.name == **e)) {
            exclusive.push(not_both(f.name, other));
        }
    }
    for f in fields {
        if f.about.required_in(version) {
            required.push(Json::str(f.name));
        }
        let mut value = field_schema(f, version, ty, defs);
        let extra = rules::field(ty, table, f.name, version);
        if let (Json::Object(entries), false) = (&mut value, extra.is_empty()) {
            entries.push(obj("allOf", Json::Array(extra)));
        }
        properties.push((f.name.into(), value));
    }
    let mut out = vec![obj("type", Json::str("object")), obj("properties", Json::Object(properties))];
    if !required.is_empty() {
        out.push(obj("required", Json::Array(required)));
    }
    out.push(obj("additionalProperties", Json::Bool(false)));
    exclusive.extend(rules::object(ty, table, version));
    if !exclusive.is_empty() {
        out.push(obj("allOf", Json::Array(exclusive)));
    }
    Json::Object(out)
}

/// Not `a` and `b` both set (to something other than `null` or `false`).
fn not_both(a: &'static str, b: &'static str) -> Json {
    let set = || {
        Json::Object(vec![obj(
            "not",
            Json::Object(vec![obj("enum", Json::Array(vec![Json::Null, Json::Bool(false)]))]),
        )])
    };
    let both = Json::Object(vec![
        obj("required", Json::Array(vec![Json::str(a), Json::str(b)])),
        obj("properties", Json::Object(vec![(a.into(), set()), (b.into(), set())])),
    ]);
    Json::Object(vec![obj("not", both)])
}

/// A key's schema: its shape with its doc, default and example; `null` too when the key is
/// optional and `null` allowed (an absent key and a `null` one read the same in dstack's models).
fn field_schema(field: &Field, version: DstackVersion, ty: ConfigType, defs: &mut Defs) -> Json {
    let about: &'static About = field.about;
    let shape = about.shape.at(version);
    let mut description = about.doc(version).to_owned();
    if let Some(default) = about.default {
        let _ = write!(description, " Default: `{default}`.");
    }
    let mut out = vec![obj("description", Json::Str(description))];
    if let Some(default) = about.default.and_then(|d| literal(d, shape)) {
        out.push(obj("default", default));
    }
    if let Some(example) = about.example.and_then(yaml_json) {
        out.push(obj("examples", Json::Array(vec![example])));
    }
    let (min, above, max) = about.bounds(version);
    for (key, bound) in [("minimum", min), ("exclusiveMinimum", above), ("maximum", max)] {
        if let Some(b) = bound {
            out.push(obj(key, Json::Int(i128::from(b))));
        }
    }
    let value = shape_schema(shape, version, ty, defs, field.name);
    if about.nullable(version) {
        out.push(obj("anyOf", Json::Array(vec![value, of_type("null")])));
    } else if let Json::Object(body) = value {
        out.extend(body);
    }
    Json::Object(out)
}

/// A default text as a JSON value, when it is one value (not a sentence).
fn literal(text: &str, shape: &Shape) -> Option<Json> {
    let value = yaml_json(text)?;
    match (&value, shape) {
        (Json::Str(s), _) if s.contains(' ') => None,
        (Json::Object(_) | Json::Array(_), _) => None,
        _ => Some(value),
    }
}

/// The JSON value of a YAML text (an example or a default).
fn yaml_json(text: &str) -> Option<Json> {
    let node = load(text, &LoadLimits::default()).ok()?;
    node_json(&node)
}

fn node_json(node: &crate::yaml::Node) -> Option<Json> {
    Some(match node.value() {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::Int(*i),
        Value::Float(f) => Json::Float(*f),
        Value::Str(s) => Json::Str(s.clone()),
        Value::Seq(items) => Json::Array(items.iter().map(node_json).collect::<Option<_>>()?),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| match k.value() {
                    Value::Str(k) => Some((k.clone().into(), node_json(v)?)),
                    _ => None,
                })
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    })
}

fn pattern(body: &str) -> Json {
    Json::Object(vec![obj("type", Json::str("string")), obj("pattern", Json::Str(format!("^({body})$")))])
}

fn of_type(name: &'static str) -> Json {
    Json::Object(vec![obj("type", Json::str(name))])
}

fn any_of(forms: Vec<Json>) -> Json {
    Json::Object(vec![obj("anyOf", Json::Array(forms))])
}

/// The range object has `key` set to something other than `null`.
fn bound_set(key: &'static str) -> Json {
    let set = Json::Object(vec![obj("not", of_type("null"))]);
    Json::Object(vec![
        obj("required", Json::Array(vec![Json::str(key)])),
        obj("properties", Json::Object(vec![(key.into(), set)])),
    ])
}

/// A list of `[key, value]` pairs, which pydantic 1 reads as a mapping.
fn pairs() -> Json {
    let pair = Json::Object(vec![
        obj("type", Json::str("array")),
        obj("minItems", Json::Int(2)),
        obj("maxItems", Json::Int(2)),
    ]);
    Json::Object(vec![obj("type", Json::str("array")), obj("items", pair)])
}

/// The schema of a value of `shape`.
fn shape_schema(shape: &'static Shape, version: DstackVersion, ty: ConfigType, defs: &mut Defs, hint: &str) -> Json {
    // Scalar forms, written once under `$defs` as `value-*` (no key is named so).
    let shared = match shape {
        Shape::Bool => Some("value-boolean"),
        Shape::Int => Some("value-integer"),
        Shape::Number => Some("value-number"),
        Shape::Memory => Some("value-memory"),
        Shape::Duration => Some("value-duration"),
        Shape::Port => Some("value-port"),
        Shape::Range(Shape::Int) => Some("value-int-range"),
        Shape::Range(Shape::Memory) => Some("value-memory-range"),
        Shape::GpuSpec => Some("value-gpu-spec"),
        _ => None,
    };
    if let Some(name) = shared {
        let address = std::ptr::from_ref(shape) as usize;
        let known = defs.names.iter().any(|(_, n)| n == name);
        if !known {
            defs.names.push((address, name.to_owned()));
            let body = form_schema(shape, version, ty, defs, hint);
            defs.bodies.push((name.into(), body));
        }
        return Json::Object(vec![obj("$ref", Json::Str(format!("#/$defs/{name}")))]);
    }
    form_schema(shape, version, ty, defs, hint)
}

/// The schema of a value of `shape`, written out.
fn form_schema(shape: &'static Shape, version: DstackVersion, ty: ConfigType, defs: &mut Defs, hint: &str) -> Json {
    let v2 = version.pydantic2();
    match shape {
        Shape::Str if v2 => {
            Json::Object(vec![obj("type", Json::Array(vec![Json::str("string"), Json::str("number")]))])
        }
        Shape::Str => Json::Object(vec![obj(
            "type",
            Json::Array(vec![Json::str("string"), Json::str("number"), Json::str("boolean")]),
        )]),
        Shape::Int if v2 => any_of(vec![of_type("integer"), of_type("boolean"), pattern(INT)]),
        // pydantic 1 truncates floats.
        Shape::Int => any_of(vec![of_type("number"), of_type("boolean"), pattern(INT_STRICT)]),
        Shape::Number => any_of(vec![of_type("number"), of_type("boolean"), pattern(FLOAT)]),
        Shape::Bool => any_of(vec![
            of_type("boolean"),
            Json::Object(vec![obj("enum", Json::Array(vec![Json::Int(0), Json::Int(1)]))]),
            { Json::Object(vec![obj("type", Json::str("string")), obj("pattern", Json::str(BOOL_TEXT))]) },
        ]),
        // A YAML number whose text names a value (`python: 3.11`) reads as that value.
        Shape::Enum(values) => {
            let texts = values.iter().map(|v| Json::str(*v));
            let numbers = values.iter().filter_map(|v| v.parse::<f64>().ok()).map(Json::Float);
            Json::Object(vec![obj("enum", Json::Array(texts.chain(numbers).collect()))])
        }
        Shape::TypeName => Json::Object(vec![obj("const", Json::str(ty.tag()))]),
        Shape::Memory => any_of(vec![of_type("number"), of_type("boolean"), pattern(MEMORY)]),
        Shape::Duration => {
            any_of(vec![of_type("number"), of_type("boolean"), pattern(&format!("{INT_STRICT}|{DURATION_UNIT}"))])
        }
        Shape::GpuSpec => {
            let Json::Object(mut body) = rules::gpu_spec(version) else { return of_type("string") };
            body.insert(0, obj("type", Json::str("string")));
            Json::Object(body)
        }
        Shape::Port => any_of(vec![
            Json::Object(vec![
                obj("type", Json::str("integer")),
                obj("minimum", Json::Int(1)),
                obj("maximum", Json::Int(65535)),
            ]),
            // `true` is 1.
            Json::Object(vec![obj("const", Json::Bool(true))]),
            pattern(INT),
        ]),
        Shape::AnyCase(values) => {
            let letters = |v: &str| {
                v.chars()
                    .map(|c| match (c.to_ascii_lowercase(), c.to_ascii_uppercase()) {
                        (l, u) if l != u => format!("[{l}{u}]"),
                        _ => c.to_string(),
                    })
                    .collect::<String>()
            };
            let alternatives: Vec<String> = values.iter().map(|v| letters(v)).collect();
            pattern(&alternatives.join("|"))
        }
        Shape::Matching(re) => Json::Object(vec![obj("type", Json::str("string")), obj("pattern", Json::str(*re))]),
        Shape::Range(inner) => {
            let bound = match inner {
                Shape::Memory => MEMORY,
                _ if v2 => INT,
                _ => INT_STRICT,
            };
            // `Range._parse` splits at the first `..` and wants a bound on one side at least.
            let text = format!(r" *({bound}) *(?<!\.)\.\. *({bound})? *| *(?<!\.)\.\. *({bound}) *");
            let range = Json::Object(vec![
                obj("type", Json::str("object")),
                obj(
                    "properties",
                    Json::Object(vec![
                        obj("min", shape_schema(inner, version, ty, defs, hint)),
                        obj("max", shape_schema(inner, version, ty, defs, hint)),
                    ]),
                ),
                obj("additionalProperties", Json::Bool(false)),
                obj("anyOf", Json::Array(vec![bound_set("min"), bound_set("max")])),
            ]);
            let text = match (pattern(&text), inner) {
                // `Invalid range order` for plain integers.
                (Json::Object(mut body), Shape::Int) => {
                    let reversed = format!(r"^\s*{}\s*$", rules::reversed_range(""));
                    body.push(obj("not", Json::Object(vec![obj("pattern", Json::Str(reversed))])));
                    Json::Object(body)
                }
                (Json::Object(mut body), Shape::Memory) => {
                    let reversed = rules::reversed_memory_ranges().into_iter().map(|r| format!(r"^\s*{r}\s*$"));
                    let any = reversed.map(|r| Json::Object(vec![obj("pattern", Json::Str(r))])).collect();
                    body.push(obj("not", Json::Object(vec![obj("anyOf", Json::Array(any))])));
                    Json::Object(body)
                }
                (text, _) => text,
            };
            any_of(vec![shape_schema(inner, version, ty, defs, hint), text, range])
        }
        Shape::List(item) => Json::Object(vec![
            obj("type", Json::str("array")),
            obj("items", shape_schema(item.at(version), version, ty, defs, hint)),
        ]),
        Shape::Map(value) if v2 => Json::Object(vec![
            obj("type", Json::str("object")),
            obj("additionalProperties", shape_schema(value.at(version), version, ty, defs, hint)),
        ]),
        Shape::Map(value) => any_of(vec![
            Json::Object(vec![
                obj("type", Json::str("object")),
                obj("additionalProperties", shape_schema(value.at(version), version, ty, defs, hint)),
            ]),
            pairs(),
        ]),
        Shape::Object(fields) if v2 => defs.object(fields, version, ty, hint),
        // pydantic 1 also reads a list of pairs as a mapping.
        Shape::Object(fields) => any_of(vec![defs.object(fields, version, ty, hint), pairs()]),
        Shape::OneOf(forms) => {
            any_of(forms.iter().map(|f| shape_schema(f.at(version), version, ty, defs, hint)).collect())
        }
        Shape::Since(..) => shape_schema(shape.at(version), version, ty, defs, hint),
    }
}
