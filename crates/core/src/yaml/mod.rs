//! YAML loading as PyYAML `safe_load` does it (YAML 1.1), with source ranges.

mod input;
mod loader;
mod node;
mod resolve;
mod simple;

pub use loader::{DuplicateKey, LoadLimits, Loaded, load, load_document};
pub use node::{Node, NodeData, ScalarStyle, Value};
pub use resolve::resolve_plain;
