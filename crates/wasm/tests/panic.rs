//! A panic in the JS module reaches its caller as a thrown `Error` with the panic's text, and
//! every later call throws at once. Run in Node: `cargo test --target wasm32-unknown-unknown -p
//! dstack-wasm --test panic` (wasm32 aborts on panic, as the release profile says: the hook runs
//! first). The panic is the test's own closure: no panicking entry point ships in the module.
#![cfg(target_arch = "wasm32")]

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// Calls `f` from JS and returns what a JS caller sees: `returned` or the thrown error.
fn call_from_js(f: &Closure<dyn Fn()>) -> String {
    let caller =
        Function::new_with_args("f", "try { f(); return 'returned'; } catch (e) { return `${e.name}: ${e.message}`; }");
    caller.call1(&JsValue::NULL, f.as_ref()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

#[wasm_bindgen_test]
fn a_panic_is_a_thrown_error_and_later_calls_refuse() {
    // The first call installs the hook.
    assert!(dstack_wasm::check("type: task\n", None).is_ok());
    let (line, panicking) = (line!(), Closure::<dyn Fn()>::new(|| panic!("deliberate test panic")));
    let at = format!("deliberate test panic (at {}:{line})", file!());
    assert_eq!(
        call_from_js(&panicking),
        format!(
            "Error: internal error in dstack-check: {at}. This is a bug: please report it with the text you \
             checked, and load the module again (reload the page) to go on."
        )
    );
    let refused =
        format!("dstack-check stopped after an internal error: {at}. Load the module again (reload the page).");
    let message = |e: js_sys::Error| String::from(e.message());
    assert_eq!(dstack_wasm::check("type: task\n", None).err().map(message), Some(refused.clone()));
    assert_eq!(dstack_wasm::share_link("a: 1", "https://x/").err().map(message), Some(refused.clone()));
    assert_eq!(dstack_wasm::read_share_link("https://x/").err().map(message), Some(refused));
}
