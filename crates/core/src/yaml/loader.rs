//! Placeholder: being written.
use super::node::Node;
use crate::diagnostic::Diagnostic;

/// Safety limits for loading.
#[derive(Clone, Debug)]
pub struct LoadLimits {
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of collections.
    pub max_depth: usize,
    /// Largest total of nodes after expanding aliases.
    pub max_expanded_nodes: u64,
}

/// Loads one YAML document like PyYAML's `safe_load`.
pub fn load(text: &str, limits: &LoadLimits) -> Result<Node, Diagnostic> {
    let _ = (text, limits);
    unimplemented!()
}
