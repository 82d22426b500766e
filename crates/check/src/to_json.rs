//! Any `Serialize` value as a [`Json`] tree, keeping field order.
//!
//! Going through `serde_json::Value` would sort object keys; the offer estimate's field order is
//! part of its contract (`offers` first), so this small serializer builds the tree directly,
//! with serde_json's conventions for enums.

use std::fmt;

use dstack_core::Json;
use serde::ser::{self, Serialize};

/// Why a value has no JSON form (a map key that is not a string or a number).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// `value` as a [`Json`] tree.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Json, Error> {
    value.serialize(Serializer)
}

/// Builds a [`Json`] from serde's data model.
struct Serializer;

/// An array in progress; `variant` wraps it as `{variant: [...]}` for tuple variants.
struct Seq {
    items: Vec<Json>,
    variant: Option<&'static str>,
}

/// An object in progress; `key` holds a map key until its value arrives.
struct Map {
    entries: Vec<(dstack_core::json::Key, Json)>,
    key: Option<String>,
    variant: Option<&'static str>,
}

fn wrap(variant: Option<&'static str>, value: Json) -> Json {
    match variant {
        Some(name) => Json::Object(vec![(name.into(), value)]),
        None => value,
    }
}

impl ser::Serializer for Serializer {
    type Ok = Json;
    type Error = Error;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Map;
    type SerializeStruct = Map;
    type SerializeStructVariant = Map;

    fn serialize_bool(self, v: bool) -> Result<Json, Error> {
        Ok(Json::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Json, Error> {
        Ok(Json::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Json, Error> {
        Ok(Json::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Json, Error> {
        Ok(Json::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Json, Error> {
        Ok(Json::Int(v.into()))
    }
    fn serialize_i128(self, v: i128) -> Result<Json, Error> {
        Ok(Json::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Json, Error> {
        Ok(Json::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Json, Error> {
        Ok(Json::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Json, Error> {
        Ok(Json::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Json, Error> {
        Ok(Json::Int(v.into()))
    }
    fn serialize_u128(self, v: u128) -> Result<Json, Error> {
        i128::try_from(v).map(Json::Int).map_err(|_| Error(format!("{v} is too large for a JSON integer here")))
    }
    fn serialize_f32(self, v: f32) -> Result<Json, Error> {
        Ok(Json::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Json, Error> {
        Ok(Json::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Json, Error> {
        Ok(Json::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Json, Error> {
        Ok(Json::str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Json, Error> {
        Ok(Json::Array(v.iter().map(|b| Json::Int((*b).into())).collect()))
    }
    fn serialize_none(self) -> Result<Json, Error> {
        Ok(Json::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Json, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Json, Error> {
        Ok(Json::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Json, Error> {
        Ok(Json::Null)
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<Json, Error> {
        Ok(Json::str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<Json, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Json, Error> {
        Ok(wrap(Some(variant), value.serialize(self)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, Error> {
        Ok(Seq { items: Vec::with_capacity(len.unwrap_or(0)), variant: None })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq, Error> {
        Ok(Seq { items: Vec::with_capacity(len), variant: Some(variant) })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map, Error> {
        Ok(Map { entries: Vec::with_capacity(len.unwrap_or(0)), key: None, variant: None })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Map, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Map, Error> {
        Ok(Map { entries: Vec::with_capacity(len), key: None, variant: Some(variant) })
    }
}

impl Seq {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(value.serialize(Serializer)?);
        Ok(())
    }
    fn finish(self) -> Result<Json, Error> {
        Ok(wrap(self.variant, Json::Array(self.items)))
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = Json;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Json, Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = Json;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Json, Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = Json;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Json, Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Seq {
    type Ok = Json;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Json, Error> {
        self.finish()
    }
}

impl Map {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.entries.push((key.to_string().into(), value.serialize(Serializer)?));
        Ok(())
    }
    fn finish(self) -> Result<Json, Error> {
        Ok(wrap(self.variant, Json::Object(self.entries)))
    }
}

impl ser::SerializeMap for Map {
    type Ok = Json;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        // JSON keys are strings; numbers become their decimal text, as serde_json does.
        self.key = Some(match key.serialize(Serializer)? {
            Json::Str(s) => s,
            Json::Int(i) => i.to_string(),
            other => return Err(Error(format!("a map key must be a string, not {}", other.to_python_string()))),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| Error("a map value came without its key".into()))?;
        self.field(&key, value)
    }
    fn end(self) -> Result<Json, Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Map {
    type Ok = Json;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<Json, Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Map {
    type Ok = Json;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<Json, Error> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Unit,
        Wrapped(u8),
        Pair(u8, bool),
        Named { x: f64 },
    }

    #[derive(Serialize)]
    struct Sample {
        zeta: u64,
        alpha: Option<f32>,
        none: Option<bool>,
        kinds: Vec<Kind>,
        counts: BTreeMap<u16, &'static str>,
        big: u64,
    }

    #[test]
    fn keeps_field_order_and_serde_json_enum_shapes() {
        let sample = Sample {
            zeta: 1,
            alpha: Some(2.5),
            none: None,
            kinds: vec![Kind::Unit, Kind::Wrapped(3), Kind::Pair(4, true), Kind::Named { x: 8.0 }],
            counts: BTreeMap::from([(7, "seven")]),
            big: u64::MAX,
        };
        assert_eq!(
            to_json(&sample).map(|j| j.to_python_string()).map_err(|e| e.to_string()),
            Ok(concat!(
                r#"{"zeta": 1, "alpha": 2.5, "none": null, "#,
                r#""kinds": ["unit", {"wrapped": 3}, {"pair": [4, true]}, {"named": {"x": 8.0}}], "#,
                r#""counts": {"7": "seven"}, "big": 18446744073709551615}"#
            )
            .to_string())
        );
    }

    #[test]
    fn non_string_keys_are_refused() {
        let map = BTreeMap::from([(true, 1)]);
        assert_eq!(to_json(&map).map_err(|e| e.to_string()), Err("a map key must be a string, not true".to_string()));
    }
}
