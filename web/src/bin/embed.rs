//! Starts the embed (`?embed=1`) in the page's `#app` element. A module of its own, which
//! `web/static/boot.js` loads for that query: a documentation page's frame does not load the
//! full playground's interface, nor the playground the embed's.

use dstack_playground::browser;
use dstack_playground::embed::EmbedOptions;
use dstack_playground::embed::app::{Embed, EmbedProps};

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: dstack_playground::alloc::Allocator = dstack_playground::alloc::Allocator::new();

fn main() {
    // boot.js asks for the embed with the same test of `embed=`, so the options are there.
    let options = EmbedOptions::from_query(&browser::search()).unwrap_or_default();
    dstack_playground::start::<Embed>(EmbedProps { options });
}
