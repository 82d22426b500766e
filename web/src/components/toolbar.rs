//! The top bar: name, Examples menu and Share button.

use yew::prelude::*;

use super::icons::{Icon, icon};
use crate::examples;

/// The page header; `on_example` gets the id of the example chosen, `on_share` the Share button.
pub fn toolbar(on_example: &Callback<String>, on_share: &Callback<()>) -> Html {
    let onchange = {
        let on_example = on_example.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            // Back to the placeholder, so choosing the same example again works.
            select.set_value("");
            if !id.is_empty() {
                on_example.emit(id);
            }
        })
    };
    let onclick = on_share.reform(|_: MouseEvent| ());
    html! {
        <header class="toolbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                    <path d="M4 6.5 12 2l8 4.5v11L12 22l-8-4.5z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
                    <path d="M8 9.5 12 12l4-2.5M12 12v5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
                </svg>
                <h1>{ "dstack" }<span class="brand-sub">{ "task playground" }</span></h1>
            </div>
            <div class="toolbar-actions">
                <select class="select" aria-label="Load an example" {onchange}>
                    <option value="" selected=true disabled=true hidden=true>{ "Examples" }</option>
                    { for examples::ALL.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                </select>
                <button type="button" class="button primary" aria-label="Share: copy a link to this configuration" {onclick}>
                    { icon(Icon::Share) }<span>{ "Share" }</span>
                </button>
            </div>
        </header>
    }
}
