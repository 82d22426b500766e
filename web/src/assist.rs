//! Completion and hover docs for the editor: `web/editor/editor.js` calls these once per request
//! with the editor's text and a UTF-16 offset; the checker answers for the selected dstack release.

use std::cell::Cell;

use dstack_check::{DstackVersion, ItemKind, Options};
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

/// `[from, to, then per item label, kind, detail, insert]`, offsets in UTF-16 units.
fn complete_at(text: &str, at: u32) -> Array {
    let options = Options::default().with_version(VERSION.get());
    let completion = dstack_check::complete(text, byte_offset(text, at), &options);
    let out = Array::new();
    out.push(&utf16_offset(text, completion.from).into());
    out.push(&utf16_offset(text, completion.to).into());
    for item in completion.items {
        let kind = match item.kind {
            ItemKind::Key => "key",
            ItemKind::Value => "value",
            ItemKind::Snippet => "snippet",
        };
        for part in [item.label.as_str(), kind, &item.detail, &item.insert] {
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

/// The byte offset of the character at `utf16` UTF-16 units into `text` (clamped to its end; an
/// offset inside a surrogate pair is the start of its character).
fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > utf16 as usize {
            return i;
        }
    }
    text.len()
}

/// The UTF-16 length of `text[..byte]`.
fn utf16_offset(text: &str, byte: usize) -> u32 {
    text.get(..byte).map_or(0, |head| head.encode_utf16().count()) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_cross_between_utf16_and_bytes() {
        let text = "a: é😀\nb";
        // a : space é(1 unit, 2 bytes) 😀(2 units, 4 bytes) \n b
        assert_eq!([0, 3, 4, 5, 6, 7, 8, 99].map(|u| byte_offset(text, u)), [0, 3, 5, 5, 9, 10, 11, 11]);
        assert_eq!([0, 3, 5, 9, 10, 11].map(|b| utf16_offset(text, b)), [0, 3, 4, 6, 7, 8]);
    }
}
