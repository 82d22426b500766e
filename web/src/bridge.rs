//! Rust side of `web/editor/editor.js`: the CodeMirror view behind a small handle.

use std::cell::RefCell;
use std::rc::Rc;

use dstack_check::names;
use dstack_core::{Diagnostic, Range, Report};
use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = DstackEditor, js_name = create)]
    fn js_create(parent: &web_sys::Element, text: &str, label: &str, on_change: &Function) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = DstackEditor, js_name = getText)]
    fn js_get_text(view: &JsValue) -> String;
    #[wasm_bindgen(js_namespace = DstackEditor, js_name = setText)]
    fn js_set_text(view: &JsValue, text: &str);
    #[wasm_bindgen(js_namespace = DstackEditor, js_name = setDiagnostics)]
    fn js_set_diagnostics(view: &JsValue, ranges: &[u32], severities: &Array, messages: &Array, fixes: &Array);
    #[wasm_bindgen(js_namespace = DstackEditor, js_name = select)]
    fn js_select(view: &JsValue, start_line: u32, start_column: u32, end_line: u32, end_column: u32);
    #[wasm_bindgen(js_namespace = DstackEditor, js_name = setReadOnly)]
    fn js_set_read_only(view: &JsValue, read_only: bool);
}

/// A change in the editor: the whole text, and whether it came from typing (to be debounced).
pub type Change = (String, bool);

#[derive(Default)]
struct Inner {
    view: Option<JsValue>,
    // Kept alive as long as the view may call it.
    on_change: Option<Closure<dyn FnMut(String, bool)>>,
    // The editor shows diagnostics: without any, none to show stays as it is.
    marked: bool,
}

/// Shared handle to the one editor on the page; empty until the editor is mounted.
#[derive(Clone, Default)]
pub struct EditorHandle(Rc<RefCell<Inner>>);

impl PartialEq for EditorHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl EditorHandle {
    /// Mounts CodeMirror in `parent`; `on_change` gets every edit. Fails if the editor script did
    /// not load.
    pub fn mount(
        &self,
        parent: &web_sys::Element,
        text: &str,
        label: &str,
        on_change: impl Fn(Change) + 'static,
    ) -> Result<(), JsValue> {
        let closure = Closure::<dyn FnMut(String, bool)>::new(move |text, typing| on_change((text, typing)));
        let view = js_create(parent, text, label, closure.as_ref().unchecked_ref())?;
        crate::assist::register();
        let mut inner = self.0.borrow_mut();
        inner.view = Some(view);
        inner.on_change = Some(closure);
        Ok(())
    }

    /// Whether the editor is on the page (its script may have failed to load).
    pub fn is_mounted(&self) -> bool {
        self.0.borrow().view.is_some()
    }

    /// The view, cloned out of the handle: a call into the editor may re-enter the app, which
    /// renders at once (a text change is reported synchronously, and the render shows its
    /// result in the editor), so no borrow is held across one.
    fn view(&self) -> Option<JsValue> {
        self.0.borrow().view.clone()
    }

    /// The editor's text, if it is mounted.
    pub fn text(&self) -> Option<String> {
        self.view().as_ref().map(js_get_text)
    }

    /// Replaces the text (one undoable step); the editor then reports the change.
    pub fn set_text(&self, text: &str) {
        if let Some(view) = self.view() {
            js_set_text(&view, text);
        }
    }

    /// Locks or unlocks the text for the reader; [`EditorHandle::set_text`] works either way.
    pub fn set_read_only(&self, read_only: bool) {
        if let Some(view) = self.view() {
            js_set_read_only(&view, read_only);
        }
    }

    /// Shows the report's diagnostics as squiggles, gutter markers and hover messages.
    pub fn show(&self, report: &Report) {
        {
            let mut inner = self.0.borrow_mut();
            if !inner.marked && report.diagnostics.is_empty() {
                return;
            }
            inner.marked = !report.diagnostics.is_empty();
        }
        let Some(view) = self.view() else { return };
        let mut ranges = Vec::with_capacity(report.diagnostics.len() * 4);
        let severities = Array::new();
        let messages = Array::new();
        let fixes = Array::new();
        for d in &report.diagnostics {
            let r = d.range;
            ranges.extend([r.start.line, r.start.column, r.end.line, r.end.column]);
            severities.push(&JsValue::from_str(names::severity(d.severity)));
            let text = match &d.help {
                Some(help) => format!("{} [{}]\nhelp: {help}", d.message, d.code),
                None => format!("{} [{}]", d.message, d.code),
            };
            messages.push(&JsValue::from_str(&text));
            fixes.push(&fixes_of(d));
        }
        js_set_diagnostics(&view, &ranges, &severities, &messages, &fixes);
    }

    /// Selects `range`, scrolls to it and focuses the editor.
    pub fn select(&self, range: Range) {
        if let Some(view) = self.view() {
            js_select(&view, range.start.line, range.start.column, range.end.line, range.end.column);
        }
    }
}

/// A diagnostic's fixes for the editor: per fix `[title, start line, start column, end line,
/// end column, text, ...]` (five values per edit); `undefined` without one.
fn fixes_of(d: &Diagnostic) -> JsValue {
    if d.fixes.is_empty() {
        return JsValue::UNDEFINED;
    }
    let all = Array::new();
    for fix in &d.fixes {
        let one = Array::of1(&JsValue::from_str(&fix.title));
        for e in &fix.edits {
            let r = e.range;
            for n in [r.start.line, r.start.column, r.end.line, r.end.column] {
                one.push(&JsValue::from(n));
            }
            one.push(&JsValue::from_str(&e.text));
        }
        all.push(&one);
    }
    all.into()
}
