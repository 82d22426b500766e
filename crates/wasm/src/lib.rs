//! The checker as an ES module for browsers and Node: `check`, `complete`, `hover`,
//! `dstackVersions`, `defaultDstackVersion`, `shareLink`, `readShareLink`.
//!
//! Results are plain JS objects equal to `JSON.parse` of one `dstack-check --format json` line:
//! both come from [`dstack_check::Checked::to_json`].

mod assist;
mod numbers;
mod panic;

use dstack_check::DstackVersion;
use js_sys::{Error, RangeError};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use numbers::JsNumbers;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

#[wasm_bindgen]
extern "C" {
    /// `CheckOptions` in the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "CheckOptions")]
    pub type JsCheckOptions;

    /// `CheckResult` in the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "CheckResult")]
    pub type JsCheckResult;
}

/// The options object as JS passes it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Options {
    offers: bool,
    effective: bool,
    file: Option<String>,
    /// The dstack release, as written (`"0.18.37"`); the newest when absent.
    dstack: Option<String>,
}

/// The keys of [`Options`]: serde-wasm-bindgen reads only these from an object, so unknown keys
/// are looked for separately (a typo like `ofers` must not be silently ignored).
const OPTION_KEYS: [&str; 4] = ["offers", "effective", "file", "dstack"];

/// Reads the options argument: `undefined`/`null` mean the defaults.
fn read_options(value: Option<JsCheckOptions>) -> Result<Options, Error> {
    let Some(value) = value.map(JsValue::from).filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(Options::default());
    };
    if !value.is_object() {
        return Err(Error::new("invalid check options: expected an object like `{ offers: true }`"));
    }
    let object: &js_sys::Object = value.unchecked_ref();
    for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
        if !OPTION_KEYS.contains(&key.as_str()) {
            return Err(Error::new(&format!(
                "invalid check options: unknown option `{key}`, expected `offers`, `effective`, `file` or `dstack`"
            )));
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| Error::new(&format!("invalid check options: {}", message(e))))
}

/// The text of a serde-wasm-bindgen error, which wraps a JS `Error` (its `Display` adds `Error: `).
fn message(e: serde_wasm_bindgen::Error) -> String {
    let value = JsValue::from(e);
    match value.dyn_ref::<Error>() {
        Some(error) => error.message().into(),
        None => format!("{value:?}"),
    }
}

/// The release of the `dstack` option: the newest when absent; a `RangeError` naming the supported
/// releases when it is none of them.
fn read_version(dstack: Option<&str>) -> Result<DstackVersion, Error> {
    match dstack {
        None => Ok(DstackVersion::NEWEST),
        Some(text) => {
            DstackVersion::parse(text).map_err(|e| RangeError::new(&format!("invalid check options: {e}")).into())
        }
    }
}

/// Checks one configuration text; the result equals one `dstack-check --format json` line.
#[wasm_bindgen]
pub fn check(yaml: &str, options: Option<JsCheckOptions>) -> Result<JsCheckResult, Error> {
    panic::guard()?;
    let options = read_options(options)?;
    let version = read_version(options.dstack.as_deref())?;
    // `-` like `dstack-check -`: the text did not come from a named file.
    let file = options.file.as_deref().unwrap_or("-");
    let checked = dstack_check::check(
        yaml,
        &dstack_check::Options::default()
            .with_effective(options.effective)
            .with_offers(options.offers)
            .with_version(version),
    );
    let serializer =
        serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);
    JsNumbers(&checked.into_json(file))
        .serialize(&serializer)
        .map(JsCheckResult::from)
        .map_err(|e| Error::new(&format!("cannot convert the result: {}", message(e))))
}

/// The supported dstack releases, oldest first (`["0.18.37", "0.22.5"]`): the values of the
/// `dstack` option.
#[wasm_bindgen(js_name = dstackVersions, unchecked_return_type = "DstackVersion[]")]
pub fn dstack_versions() -> Vec<String> {
    DstackVersion::SUPPORTED.iter().map(|v| v.as_str().to_owned()).collect()
}

/// The release `check` uses without a `dstack` option: the newest supported.
#[wasm_bindgen(js_name = defaultDstackVersion, unchecked_return_type = "DstackVersion")]
pub fn default_dstack_version() -> String {
    DstackVersion::NEWEST.as_str().to_owned()
}

/// `base` with its fragment replaced by `#c=` and the compressed text: the playground's share link.
#[wasm_bindgen(js_name = shareLink)]
pub fn share_link(yaml: &str, base: &str) -> Result<String, Error> {
    panic::guard()?;
    Ok(dstack_share::link(yaml, base))
}

/// The text of a share link (`#c=` or `#yaml=`); `null` without one; throws on a corrupt link.
#[wasm_bindgen(js_name = readShareLink, unchecked_return_type = "string | null")]
pub fn read_share_link(url: &str) -> Result<JsValue, Error> {
    panic::guard()?;
    match dstack_share::read_link(url) {
        Ok(text) => Ok(text.map_or(JsValue::NULL, JsValue::from)),
        Err(e) => Err(Error::new(&e.to_string())),
    }
}
