//! Starts the full playground in the page's `#app` element (`web/static/boot.js` loads this
//! module unless the query string asks for the embed).

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: dstack_playground::alloc::Allocator = dstack_playground::alloc::Allocator::new();

fn main() {
    dstack_playground::start::<dstack_playground::Playground>(());
}
