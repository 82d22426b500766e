//! `complete` and `hover` for editors built on the module: what can be written at an offset, and
//! the doc of the key or value under it, for the chosen dstack release.

use dstack_check::DstackVersion;
use dstack_check::utf16::{byte_offset, utf16_offset};
use js_sys::Error;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{JsCheckOptions, message, panic, read_options, read_version};

#[wasm_bindgen]
extern "C" {
    /// `Completion` in the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "Completion")]
    pub type JsCompletion;

    /// `Hover | null` in the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "Hover | null")]
    pub type JsHover;
}

#[derive(Serialize)]
struct Completion {
    from: u32,
    to: u32,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    label: String,
    kind: &'static str,
    detail: String,
    insert: String,
}

#[derive(Serialize)]
struct Hover {
    range: dstack_core::Range,
    markdown: String,
}

/// The release of the options' `dstack` key (the other keys are `check`'s and play no part).
fn version(options: Option<JsCheckOptions>) -> Result<DstackVersion, Error> {
    read_version(read_options(options)?.dstack.as_deref())
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true))
        .map_err(|e| Error::new(&format!("cannot convert the result: {}", message(e))))
}

/// What can be written at `offset` (UTF-16 units into `yaml`), best first.
#[wasm_bindgen]
pub fn complete(yaml: &str, offset: u32, options: Option<JsCheckOptions>) -> Result<JsCompletion, Error> {
    panic::guard()?;
    let options = dstack_check::Options::default().with_version(version(options)?);
    let completion = dstack_check::complete(yaml, byte_offset(yaml, offset), &options);
    let items = completion
        .items
        .into_iter()
        .map(|i| Item { kind: i.kind.name(), label: i.label, detail: i.detail, insert: i.insert })
        .collect();
    let from = utf16_offset(yaml, completion.from);
    let to = utf16_offset(yaml, completion.to);
    to_js(&Completion { from, to, items }).map(JsCompletion::from)
}

/// The doc of the key, or what dstack makes of the value, at `offset` (UTF-16 units into `yaml`);
/// `null` elsewhere.
#[wasm_bindgen]
pub fn hover(yaml: &str, offset: u32, options: Option<JsCheckOptions>) -> Result<JsHover, Error> {
    panic::guard()?;
    let version = version(options)?;
    match dstack_core::hover(yaml, byte_offset(yaml, offset), version) {
        Some(h) => to_js(&Hover { range: h.range, markdown: h.markdown }).map(JsHover::from),
        None => Ok(JsHover::from(JsValue::NULL)),
    }
}
