//! A panic in the app puts the internal-error banner on the page before the wasm aborts, in
//! headless Chromium. The panic is the test's own closure: no panicking entry point ships.
#![cfg(target_arch = "wasm32")]

use dstack_playground::panic::{self, BANNER_ID};
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Calls `f` from JS and returns what a JS caller sees: `returned` or the thrown error's name.
fn call_from_js(f: &Closure<dyn Fn()>) -> String {
    let caller = Function::new_with_args("f", "try { f(); return 'returned'; } catch (e) { return e.name; }");
    caller.call1(&JsValue::NULL, f.as_ref()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

#[wasm_bindgen_test]
fn a_panic_shows_the_internal_error_banner() {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    panic::install();
    let panicking = Closure::<dyn Fn()>::new(|| panic!("deliberate test panic"));
    // `panic = "abort"` (every wasm32 build): the hook runs, then the module traps.
    assert_eq!(call_from_js(&panicking), "RuntimeError");
    let banner = document.get_element_by_id(BANNER_ID).expect("the banner is on the page");
    assert_eq!(
        banner.text_content(),
        Some(format!(
            "Internal error: deliberate test panic (in {}). This is a bug: please report it with your \
             configuration. Reload the page to go on.",
            file!()
        ))
    );
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(banner.class_name(), "internal-error");
    // A second panic keeps the one banner.
    assert_eq!(call_from_js(&panicking), "RuntimeError");
    assert_eq!(document.query_selector_all(".internal-error").map(|l| l.length()).ok(), Some(1));
}
