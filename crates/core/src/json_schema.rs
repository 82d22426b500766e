//! A JSON Schema (draft 2020-12) of the configurations of one dstack release, generated from the
//! model description, for editors (yaml-language-server, VS Code) and standard validators.
//!
//! Strict where dstack is: every object forbids keys its model does not have. Values are written
//! as an editor's YAML 1.2 parser gives them, so the coercions dstack applies are allowed (a number
//! where text is expected, `"yes"` for a boolean, `"8"` for an integer), and dstack's own forms
//! (`8GB..`, `1h`, `A100:2`) are matched by patterns.

use std::fmt::Write as _;

use crate::json::Json;
use crate::model::ConfigType;
use crate::model::describe::{About, Shape};
use crate::model::fields::{Field, VOLUME_BACKENDS_0_22_5, fields_of, volume_model};
use crate::version::DstackVersion;
use crate::yaml::{LoadLimits, Value, load};

/// The draft this module writes.
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Python's `int()` of a text: spaces, a sign, digits (ASCII or full-width) with single `_`
/// between them; pydantic 2 also takes a whole decimal (`2.0`).
const INT: &str = r"\s*[+-]?[0-9\uFF10-\uFF19]+(_[0-9\uFF10-\uFF19]+)*(\.0*)?\s*";
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
    match ty {
        Some(ty) => {
            head.push(obj("title", Json::str(format!("{title}: {}", ty.tag()))));
            let Json::Object(body) = type_schema(ty, version) else { return Json::Object(head) };
            head.extend(body);
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
            let defs = types.iter().map(|t| (t.tag().into(), type_schema(*t, version)));
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
                obj("$defs", Json::Object(defs.collect())),
            ]);
            Json::Object(head)
        }
    }
}

fn obj(key: &'static str, value: Json) -> (crate::json::Key, Json) {
    (key.into(), value)
}

/// The object schema of a configuration of `ty`.
fn type_schema(ty: ConfigType, version: DstackVersion) -> Json {
    let mut out = object_schema(fields_of(ty).filter(|f| f.applies(version)), version, ty);
    if let Json::Object(entries) = &mut out {
        entries.insert(0, obj("description", Json::str(format!("A dstack {}.", ty.noun()))));
        if ty == ConfigType::Volume && version.pydantic2() {
            entries.push(obj(
                "allOf",
                Json::Array(VOLUME_BACKENDS_0_22_5.iter().filter_map(|b| backend_keys(b)).collect()),
            ));
        }
    }
    out
}

/// The keys a 0.22.5 volume on `backend` may have: each backend has a model of its own.
fn backend_keys(backend: &str) -> Option<Json> {
    let model = volume_model(backend)?;
    let when = Json::Object(vec![obj(
        "properties",
        Json::Object(vec![obj("backend", Json::Object(vec![obj("const", Json::str(backend))]))]),
    )]);
    let names = Json::Array(model.accepts.iter().map(|k| Json::str(*k)).collect());
    let then = Json::Object(vec![obj("propertyNames", Json::Object(vec![obj("enum", names)]))]);
    Some(Json::Object(vec![obj("if", when), obj("then", then)]))
}

fn object_schema<'f>(fields: impl Iterator<Item = &'f Field>, version: DstackVersion, ty: ConfigType) -> Json {
    let mut properties = Vec::new();
    let mut required = Vec::new();
    for f in fields {
        if f.about.required_in(version) {
            required.push(Json::str(f.name));
        }
        let value = field_schema(f.about, version, ty, f.about.nullable(version));
        properties.push((f.name.into(), value));
    }
    let mut out = vec![obj("type", Json::str("object")), obj("properties", Json::Object(properties))];
    if !required.is_empty() {
        out.push(obj("required", Json::Array(required)));
    }
    out.push(obj("additionalProperties", Json::Bool(false)));
    Json::Object(out)
}

/// A key's schema: its shape with its doc, default and example; `null` too when `optional` (an
/// absent key and a `null` one read the same in dstack's models).
fn field_schema(about: &'static About, version: DstackVersion, ty: ConfigType, optional: bool) -> Json {
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
    let value = shape_schema(shape, version, ty);
    if optional {
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
fn shape_schema(shape: &'static Shape, version: DstackVersion, ty: ConfigType) -> Json {
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
        Shape::Int => any_of(vec![of_type("number"), of_type("boolean"), pattern(INT)]),
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
            any_of(vec![of_type("number"), of_type("boolean"), pattern(&format!("{INT}|{DURATION_UNIT}"))])
        }
        Shape::GpuSpec => of_type("string"),
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
                _ => INT,
            };
            let text = format!(r" *({bound})? *\.\. *({bound})? *");
            let range = Json::Object(vec![
                obj("type", Json::str("object")),
                obj(
                    "properties",
                    Json::Object(vec![
                        obj("min", shape_schema(inner, version, ty)),
                        obj("max", shape_schema(inner, version, ty)),
                    ]),
                ),
                obj("additionalProperties", Json::Bool(false)),
            ]);
            any_of(vec![shape_schema(inner, version, ty), pattern(&text), range])
        }
        Shape::List(item) => Json::Object(vec![
            obj("type", Json::str("array")),
            obj("items", shape_schema(item.at(version), version, ty)),
        ]),
        Shape::Map(value) if v2 => Json::Object(vec![
            obj("type", Json::str("object")),
            obj("additionalProperties", shape_schema(value.at(version), version, ty)),
        ]),
        Shape::Map(value) => any_of(vec![
            Json::Object(vec![
                obj("type", Json::str("object")),
                obj("additionalProperties", shape_schema(value.at(version), version, ty)),
            ]),
            pairs(),
        ]),
        Shape::Object(fields) if v2 => object_schema(fields.iter().filter(|f| f.applies(version)), version, ty),
        // pydantic 1 also reads a list of pairs as a mapping.
        Shape::Object(fields) => {
            any_of(vec![object_schema(fields.iter().filter(|f| f.applies(version)), version, ty), pairs()])
        }
        Shape::OneOf(forms) => any_of(forms.iter().map(|f| shape_schema(f.at(version), version, ty)).collect()),
        Shape::Since(..) => shape_schema(shape.at(version), version, ty),
    }
}
