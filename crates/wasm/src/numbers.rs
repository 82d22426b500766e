//! Serializes a [`Json`] tree the way `JSON.parse` would read its text.
//!
//! serde-wasm-bindgen refuses integers beyond 2^53 (or makes every i64 a `BigInt`); `JSON.parse`
//! turns them into the nearest double, so that is what this wrapper does too.

use dstack_core::Json;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A [`Json`] value whose numbers serialize as JS numbers.
pub(crate) struct JsNumbers<'a>(pub(crate) &'a Json);

impl Serialize for JsNumbers<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            // `as` rounds to the nearest double, as `JSON.parse` does; small ints are exact.
            Json::Int(i) => serializer.serialize_f64(*i as f64),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsNumbers(item))?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, &JsNumbers(value))?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}
