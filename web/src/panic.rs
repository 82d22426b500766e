//! What the page does when the app panics. A panic is a bug, and with `panic = "abort"` the app
//! then stops responding. The hook runs before the abort: it puts a banner over the page saying
//! so, with the panic's text to report, instead of leaving a page that silently ignores its user.

use std::panic::PanicHookInfo;

/// The banner's element id; one banner however many panics follow.
pub const BANNER_ID: &str = "internal-error";

/// Installs the hook; call it before the app renders (Yew keeps a hook set this way).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let text = message(info);
        web_sys::console::error_1(&text.as_str().into());
        show(&text);
    }));
}

/// The banner's text: what happened, the panic's message and file, and what to do. Not the line:
/// the page's modules carry none (scripts/strip-locations.py); the configuration reproduces it.
fn message(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload_as_str().unwrap_or("a panic without a message");
    let at = info.location().map(|l| format!(" (in {})", l.file())).unwrap_or_default();
    format!(
        "Internal error: {payload}{at}. This is a bug: please report it with your configuration. Reload the page to go on."
    )
}

/// Puts the banner at the top of the page, unless one is there already.
fn show(text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id(BANNER_ID).is_some() {
        return;
    }
    let Ok(banner) = document.create_element("div") else { return };
    banner.set_id(BANNER_ID);
    banner.set_class_name("internal-error");
    // A live region: screen readers announce it at once.
    if banner.set_attribute("role", "alert").is_ok() {
        banner.set_text_content(Some(text));
        // Nothing more a panicking page can do when even this fails.
        drop(body.prepend_with_node_1(&banner));
    }
}
