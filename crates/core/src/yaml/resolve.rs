//! Placeholder: being written.
use super::node::Value;

/// Resolves a plain scalar's text the YAML 1.1 way (PyYAML's implicit resolvers and constructors).
pub fn resolve_plain(raw: &str) -> Value {
    Value::Str(raw.to_string())
}
