//! Completion and hover docs for the editor: `web/editor/editor.js` calls these once per request
//! with the editor's text and a UTF-16 offset; the checker answers for the selected dstack release.

use std::cell::Cell;

use dstack_check::utf16::{byte_offset, utf16_offset};
use dstack_check::{DstackVersion, Options};
use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = DstackEditor, js_name = setAssist)]
    fn js_set_assist(complete: &Function, hover: &Function);
}

thread_local! {
    static VERSION: Cell<DstackVersion> = const { Cell::new(DstackVersion::NEWEST) };
    static REGISTERED: Cell<bool> = const { Cell::new(false) };
}

/// Completion and hover docs follow `version` from now on (the page's release selector).
pub fn follow_version(version: DstackVersion) {
    VERSION.set(version);
}

/// Hands the editor script its completion and hover sources, once per page.
pub fn register() {
    if REGISTERED.replace(true) {
        return;
    }
    let complete = Closure::<dyn Fn(String, u32) -> Array>::new(|text: String, at: u32| complete_at(&text, at));
    let hover = Closure::<dyn Fn(String, u32) -> JsValue>::new(|text: String, at: u32| hover_at(&text, at));
    js_set_assist(complete.as_ref().unchecked_ref(), hover.as_ref().unchecked_ref());
    // They serve every editor for as long as the page is open.
    complete.forget();
    hover.forget();
}

/// Asks for completion at the end of `text` and drops the answer: the editor asks at every typed
/// character, and its first question then finds the code compiled (see `hooks::use_warm_up`).
pub fn warm_up(text: &str) {
    complete_at(text, utf16_offset(text, text.len()));
}

/// `[from, to, then per item label, kind, detail, insert]`, offsets in UTF-16 units.
fn complete_at(text: &str, at: u32) -> Array {
    let options = Options::default().with_version(VERSION.get());
    let completion = dstack_check::complete(text, byte_offset(text, at), &options);
    let out = Array::new();
    out.push(&utf16_offset(text, completion.from).into());
    out.push(&utf16_offset(text, completion.to).into());
    for item in completion.items {
        for part in [item.label.as_str(), item.kind.name(), &item.detail, &item.insert] {
            out.push(&JsValue::from_str(part));
        }
    }
    out
}

/// `[start line, start column, end line, end column, markdown]` (1-based, columns in characters,
/// as diagnostics are located), or null.
fn hover_at(text: &str, at: u32) -> JsValue {
    let Some(hover) = dstack_core::hover(text, byte_offset(text, at), VERSION.get()) else { return JsValue::NULL };
    let r = hover.range;
    let out = Array::new();
    for n in [r.start.line, r.start.column, r.end.line, r.end.column] {
        out.push(&n.into());
    }
    out.push(&JsValue::from_str(&hover.markdown));
    out.into()
}
