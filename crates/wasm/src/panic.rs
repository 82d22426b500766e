//! What a panic does in the JS module. A panic is a bug, and with `panic = "abort"` a bare one
//! reaches the caller as `RuntimeError: unreachable`, without its text, and leaves the module in
//! an unknown state. The hook runs before the abort: it throws a JS `Error` with the panic's text
//! instead (so the abort never happens), and every later call throws at once, naming the panic.
//! Every export starts with [`guard`], which installs the hook on the first call (a start
//! function would be one more export in the module's JS and TypeScript).

use std::panic::PanicHookInfo;
use std::sync::{Once, OnceLock};

use js_sys::Error;

/// What the first panic said and where; once set, the module refuses further calls.
static FIRST: OnceLock<String> = OnceLock::new();

/// Installs the hook once.
static INSTALL: Once = Once::new();

/// Makes every panic a thrown `Error` with its text.
fn install() {
    std::panic::set_hook(Box::new(|info| {
        let what = describe(info);
        FIRST.get_or_init(|| what.clone());
        // Unwinds through the Rust frames into the caller's JS, as any thrown exception does.
        wasm_bindgen::throw_str(&format!(
            "internal error in dstack-check: {what}. This is a bug: please report it with the text you \
             checked, and load the module again (reload the page) to go on."
        ))
    }));
}

/// The panic's message and where it happened.
fn describe(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload_as_str().unwrap_or("a panic without a message");
    match info.location() {
        Some(at) => format!("{payload} (at {}:{})", at.file(), at.line()),
        None => payload.to_string(),
    }
}

/// Installs the hook if need be; `Ok` unless the module has panicked: then the error to throw
/// instead of running.
pub(crate) fn guard() -> Result<(), Error> {
    INSTALL.call_once(install);
    match FIRST.get() {
        Some(first) => Err(Error::new(&format!(
            "dstack-check stopped after an internal error: {first}. Load the module again (reload the page)."
        ))),
        None => Ok(()),
    }
}
