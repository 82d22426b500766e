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
    // Shared with `on_change`, which notes where each edit was.
    marks: Rc<RefCell<Marks>>,
}

/// What the editor's squiggles were last set from, so that the same diagnostics are not set again
/// after a keystroke that left them where they were (the editor maps them through each edit).
#[derive(Default)]
struct Marks {
    /// The ranges then severities, and the texts, of the diagnostics last handed to the editor.
    shown: (Vec<u32>, Vec<String>),
    /// The editor's text after the last edit.
    text: String,
    /// The first line an edit since then may have touched: 0 (any) until one is known.
    touched: u32,
}

/// The first line a typed edit from `before` to `after` touched, or 0 (any line) when that is
/// not known: a paste or a replacement changes more than one character.
fn first_touched_line(before: &str, after: &str) -> u32 {
    if before.len().abs_diff(after.len()) != 1 {
        return 0;
    }
    let same = before.bytes().zip(after.bytes()).take_while(|(a, b)| a == b).count();
    let lines = after.as_bytes()[..same].iter().filter(|&&b| b == b'\n').count();
    u32::try_from(lines).map_or(0, |n| n.saturating_add(1))
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
        let marks = self.0.borrow().marks.clone();
        marks.borrow_mut().text = text.to_owned();
        let closure = Closure::<dyn FnMut(String, bool)>::new(move |text: String, typing| {
            let mut m = marks.borrow_mut();
            let line = if typing { first_touched_line(&m.text, &text) } else { 0 };
            m.touched = m.touched.min(line);
            m.text.clone_from(&text);
            drop(m);
            on_change((text, typing));
        });
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

    /// The editor's text, if it is mounted.
    pub fn text(&self) -> Option<String> {
        self.0.borrow().view.as_ref().map(js_get_text)
    }

    /// Replaces the text (one undoable step); the editor then reports the change.
    pub fn set_text(&self, text: &str) {
        // Clone the view out: setText reports the change synchronously, re-entering the app.
        let view = self.0.borrow().view.clone();
        if let Some(view) = view {
            js_set_text(&view, text);
        }
    }

    /// Locks or unlocks the text for the reader; [`EditorHandle::set_text`] works either way.
    pub fn set_read_only(&self, read_only: bool) {
        if let Some(view) = self.0.borrow().view.as_ref() {
            js_set_read_only(view, read_only);
        }
    }

    /// Shows the report's diagnostics as squiggles, gutter markers and hover messages, unless
    /// the editor shows them already: the same diagnostics, all on lines before the first line
    /// typed on since they were set, are where the editor has kept them.
    pub fn show(&self, report: &Report) {
        let inner = self.0.borrow();
        let Some(view) = inner.view.as_ref() else { return };
        let mut ranges = Vec::with_capacity(report.diagnostics.len() * 4);
        let mut texts = Vec::with_capacity(report.diagnostics.len());
        for d in &report.diagnostics {
            let r = d.range;
            ranges.extend([r.start.line, r.start.column, r.end.line, r.end.column]);
            texts.push(match &d.help {
                Some(help) => format!("{} [{}]\nhelp: {help}", d.message, d.code),
                None => format!("{} [{}]", d.message, d.code),
            });
        }
        {
            // Diagnostics with fixes are always set again: their edits are not compared.
            let mut marks = inner.marks.borrow_mut();
            let touched = std::mem::replace(&mut marks.touched, u32::MAX);
            let mut numbers = ranges.clone();
            numbers.extend(report.diagnostics.iter().map(|d| d.severity as u32));
            let shown = (numbers, texts.clone());
            let same = shown == marks.shown && report.diagnostics.iter().all(|d| d.fixes.is_empty());
            if same && report.diagnostics.iter().all(|d| d.range.end.line < touched) {
                return;
            }
            marks.shown = shown;
        }
        let severities = Array::new();
        let messages = Array::new();
        let fixes = Array::new();
        for (d, text) in report.diagnostics.iter().zip(&texts) {
            severities.push(&JsValue::from_str(names::severity(d.severity)));
            messages.push(&JsValue::from_str(text));
            fixes.push(&fixes_of(d));
        }
        js_set_diagnostics(view, &ranges, &severities, &messages, &fixes);
    }

    /// Selects `range`, scrolls to it and focuses the editor.
    pub fn select(&self, range: Range) {
        let inner = self.0.borrow();
        if let Some(view) = inner.view.as_ref() {
            js_select(view, range.start.line, range.start.column, range.end.line, range.end.column);
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

#[cfg(test)]
mod tests {
    use super::first_touched_line;

    #[test]
    fn a_typed_character_touches_its_line_and_anything_else_any_line() {
        assert_eq!(first_touched_line("a: 1\nb: 2\n", "a: 1\nb: 23\n"), 2);
        assert_eq!(first_touched_line("a: 1\nb: 2\n", "a: 1\nb: \n"), 2);
        assert_eq!(first_touched_line("a: 1\n", "xa: 1\n"), 1);
        assert_eq!(first_touched_line("a: 1\n", "a: 1\n"), 0);
        assert_eq!(first_touched_line("a: 1\n", "a: 123\n"), 0);
    }
}
