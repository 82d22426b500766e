//! Editor help from the model: where the cursor is, and what can be written there.

pub mod complete;
pub mod context;
