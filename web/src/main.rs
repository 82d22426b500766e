//! Starts the playground in the page's `#app` element.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: dstack_playground::alloc::Allocator = dstack_playground::alloc::Allocator::new();

fn main() {
    dstack_playground::panic::install();
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<dstack_playground::App>::with_root(root).render(),
        None => yew::Renderer::<dstack_playground::App>::new().render(),
    };
}
