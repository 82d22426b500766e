//! The top bar: name, dstack version, Examples menu, Share, Copy as Markdown and the keyboard
//! help button.

use dstack_core::DstackVersion;
use yew::prelude::*;

use super::icons::{Icon, icon};
use crate::examples;

/// What the toolbar's controls do.
pub struct Toolbar<'a> {
    /// The Examples menu, which shows the example loaded (set by the page).
    pub select: &'a NodeRef,
    /// Gets the id of the example chosen.
    pub on_example: &'a Callback<String>,
    /// The version menu, which shows the release in force (set by the page).
    pub version_select: &'a NodeRef,
    /// The release in force.
    pub version: DstackVersion,
    /// Gets the release chosen.
    pub on_version: &'a Callback<DstackVersion>,
    /// The Share button.
    pub on_share: &'a Callback<()>,
    /// The Copy as Markdown button.
    pub on_markdown: &'a Callback<()>,
}

/// The page header.
pub fn toolbar(props: Toolbar<'_>) -> Html {
    let onchange = props.on_example.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        select.value()
    });
    let on_version = props.on_version.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        DstackVersion::parse(&select.value()).unwrap_or(DstackVersion::NEWEST)
    });
    let button = |class: &'static str, label: &'static str, text: &'static str, kind: Icon, cb: &Callback<()>| {
        let onclick = cb.reform(|_: MouseEvent| ());
        html! {
            <button type="button" class={classes!("button", class)} aria-label={label} title={label} {onclick}>
                { icon(kind) }<span>{ text }</span>
            </button>
        }
    };
    html! {
        <header class="toolbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                    <path d="M4 6.5 12 2l8 4.5v11L12 22l-8-4.5z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
                    <path d="M8 9.5 12 12l4-2.5M12 12v5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
                </svg>
                <h1>{ "dstack " }<span class="brand-sub">{ "configuration playground" }</span></h1>
            </div>
            <div class="toolbar-actions">
                <label class="version-picker" title="The dstack release whose rules apply">
                    <span>{ "dstack" }</span>
                    <select class="select version-select" aria-label="dstack version" ref={props.version_select.clone()}
                        onchange={on_version}>
                        { for DstackVersion::SUPPORTED.iter().rev().map(|v| html! {
                            <option value={v.as_str()} selected={*v == props.version}>{ v.as_str() }</option>
                        }) }
                    </select>
                </label>
                <select class="select" aria-label="Load an example" ref={props.select.clone()} {onchange}>
                    <option value="" selected=true disabled=true hidden=true>{ "Examples" }</option>
                    { for examples::groups().map(|(heading, group)| html! {
                        <optgroup label={heading}>
                            { for group.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                        </optgroup>
                    }) }
                </select>
                { button("secondary", "Copy as Markdown: a yaml block and the link", "Markdown", Icon::Markdown, props.on_markdown) }
                { button("primary", "Share: copy a link to this configuration", "Share", Icon::Share, props.on_share) }
                // Opens the static dialog of index.html (web/static/boot.js).
                <button type="button" class="icon-button help-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)"
                    aria-haspopup="dialog">{ icon(Icon::Help) }</button>
            </div>
        </header>
    }
}
