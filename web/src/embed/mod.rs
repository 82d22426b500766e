//! Embed mode (`?embed=1`): the editor and a one-line result bar for a documentation page's
//! iframe, steered by the query string and by the host page through postMessage.

pub mod app;
pub mod host;
pub mod options;
pub mod protocol;

pub use app::Embed;
pub use options::EmbedOptions;
