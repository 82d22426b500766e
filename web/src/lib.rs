//! The dstack configuration playground: a Yew app around the Rust checker, the offer matcher and the
//! share-link codec. CodeMirror (in `web/editor/editor.js`) is the only JavaScript.

#[cfg(target_arch = "wasm32")]
pub mod alloc;
pub mod app;
pub mod assist;
pub mod bridge;
pub mod browser;
pub mod command;
pub mod components;
pub mod embed;
pub mod examples;
pub mod format;
pub mod hooks;
pub mod json_tokens;
pub mod link_version;
pub mod markdown;
pub mod panic;
pub mod rich_text;
pub mod state;

pub use app::Playground;

/// Renders `C` with `props` into the page's `#app` element (the body if there is none), with the
/// panic banner installed first.
pub fn start<C: yew::BaseComponent>(props: C::Properties) {
    panic::install();
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<C>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<C>::with_props(props).render(),
    };
}
