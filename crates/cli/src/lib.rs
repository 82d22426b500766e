//! `dstack-check`: checks dstack task configurations and renders the results as text or JSON.
//!
//! The binary (`src/main.rs`) only does process I/O; everything it prints is built here, so the
//! wasm module can produce exactly the `--format json` object from [`check_document`].

pub mod args;
pub mod document;
pub mod render_json;
pub mod render_text;
pub mod to_json;

pub use document::{CheckOptions, Document, Offers, check_document};
