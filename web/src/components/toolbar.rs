//! The top bar: name, dstack version, Examples menu, Share, Copy as Markdown and the keyboard
//! help button.

use dstack_core::DstackVersion;
use yew::prelude::*;

use super::icons::{Icon, icon};
use crate::command::{Cmd, click};
use crate::examples;

/// A button with an icon and a word; `label` is its accessible name and tooltip.
fn button(
    class: &'static str,
    label: &'static str,
    text: &'static str,
    kind: Icon,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" class={classes!("button", class)} aria-label={label} title={label} {onclick}>
            { icon(kind) }<span>{ text }</span>
        </button>
    }
}

/// The page header: `select` is the Examples menu and `version_select` the version menu, which
/// the page sets to the example loaded and the release in force (`version`); the controls send
/// their commands to `on`.
pub fn toolbar(select: &NodeRef, version_select: &NodeRef, version: DstackVersion, on: &Callback<Cmd>) -> Html {
    let onchange = on.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Cmd::Example(select.value())
    });
    let on_version = on.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Cmd::Version(DstackVersion::parse(&select.value()).unwrap_or(DstackVersion::NEWEST))
    });
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
                    <select class="select version-select" aria-label="dstack version" ref={version_select.clone()}
                        onchange={on_version}>
                        { for DstackVersion::SUPPORTED.iter().rev().map(|v| html! {
                            <option value={v.as_str()} selected={*v == version}>{ v.as_str() }</option>
                        }) }
                    </select>
                </label>
                <select class="select" aria-label="Load an example" ref={select.clone()} {onchange}>
                    <option value="" selected=true disabled=true hidden=true>{ "Examples" }</option>
                    { for examples::groups().map(|(heading, group)| html! {
                        <optgroup label={heading}>
                            { for group.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                        </optgroup>
                    }) }
                </select>
                { button("secondary", "Copy as Markdown: a yaml block and the link", "Markdown", Icon::Markdown, click(on, Cmd::Markdown)) }
                { button("primary", "Share: copy a link to this configuration", "Share", Icon::Share, click(on, Cmd::Share)) }
                // Opens the static dialog of index.html (web/static/boot.js).
                <button type="button" class="icon-button help-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)"
                    aria-haspopup="dialog">{ icon(Icon::Help) }</button>
            </div>
        </header>
    }
}
