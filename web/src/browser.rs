//! The few browser services the app uses, each failing softly: storage can be disabled, the
//! clipboard refused; none of that may break the page.

use dstack_core::DstackVersion;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// localStorage key of the draft.
const DRAFT_KEY: &str = "dstack-playground.draft";

/// localStorage key of the dstack release the draft is checked against.
const VERSION_KEY: &str = "dstack-playground.version";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
}

/// The draft saved by an earlier visit.
pub fn load_draft() -> Option<String> {
    storage()?.get_item(DRAFT_KEY).ok()?
}

/// The release the saved draft was checked against, when it names a supported one.
pub fn load_draft_version() -> Option<DstackVersion> {
    DstackVersion::parse(&storage()?.get_item(VERSION_KEY).ok()??).ok()
}

/// Saves the draft and its release; silently does nothing when storage is unavailable or full.
pub fn save_draft(text: &str, version: DstackVersion) {
    if let Some(storage) = storage() {
        // A full or disabled storage only costs the draft, never the page.
        let _ = storage.set_item(DRAFT_KEY, text);
        let _ = storage.set_item(VERSION_KEY, version.as_str());
    }
}

/// The page address.
pub fn href() -> String {
    window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// The query string, `?` included (empty when there is none).
pub fn search() -> String {
    window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The fragment, `#` included (empty when there is none).
pub fn hash() -> String {
    window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Shows `url` in the address bar without reloading or adding a history entry.
pub fn replace_url(url: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Removes the fragment from the address bar (the text no longer matches the link).
pub fn clear_hash() {
    let href = href();
    if let Some((base, _)) = href.split_once('#') {
        replace_url(base);
    }
}

/// Puts `text` on the clipboard; `false` when the browser refuses.
pub async fn copy(text: &str) -> bool {
    let Some(window) = window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

// web-sys has `CompressionStream` only behind `--cfg=web_sys_unstable_apis`.
#[wasm_bindgen]
extern "C" {
    /// The browser's streaming compressor.
    type CompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;
}

/// The share link to `base` for `text` checked against `version`, compressed by the browser's
/// own raw DEFLATE (`CompressionStream`), so the page ships no compressor; `None` when the
/// browser has none.
pub async fn share_link(text: &str, version: DstackVersion, base: &str) -> Option<String> {
    let stream = CompressionStream::new("deflate-raw").ok()?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    let pair = web_sys::ReadableWritablePair::new(&stream.readable(), &stream.writable());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&blob.stream().pipe_through(&pair))).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    let link = dstack_share::link_from_deflate(&js_sys::Uint8Array::new(&buffer).to_vec(), base);
    Some(crate::link_version::with_version(&link, version))
}

/// Offers `text` as a file download named `filename`.
pub fn download(filename: &str, text: &str, mime: &str) -> Option<()> {
    let document = window()?.document()?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(filename);
    link.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

/// Milliseconds since the page started, for measuring check cost.
pub fn now_ms() -> f64 {
    window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Sets a User Timing mark (read by the budget test: navigation to first result).
pub fn mark(name: &str) {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        // A mark is only instrumentation: failing to set one changes nothing for the user.
        let _ = performance.mark(name);
    }
}

/// Moves the keyboard focus to the element with this id, if there is one.
pub fn focus_id(id: &str) {
    let element = window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        // Focus can only fail on elements that cannot take it; ours can.
        let _ = element.focus();
    }
}
