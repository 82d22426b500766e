//! The dstack task playground: a Yew app around the Rust checker, the offer matcher and the
//! share-link codec. CodeMirror (in `web/editor/editor.js`) is the only JavaScript.

#[cfg(target_arch = "wasm32")]
pub mod alloc;
pub mod app;
pub mod assist;
pub mod bridge;
pub mod browser;
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

pub use app::App;
