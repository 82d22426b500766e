//! The top bar: name, dstack version, Examples menu, Share, Copy as Markdown and the keyboard
//! help button.

use dstack_core::DstackVersion;
use yew::prelude::*;

use super::icons::{Icon, icon};
use crate::command::{Cmd, click};
use crate::examples;

/// The logo and the name: markup, as it never changes (yew keeps it as it is).
const BRAND: &str = concat!(
    r#"<div class="brand"><svg class="logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">"#,
    r#"<path d="M4 6.5 12 2l8 4.5v11L12 22l-8-4.5z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/>"#,
    r#"<path d="M8 9.5 12 12l4-2.5M12 12v5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>"#,
    r#"</svg><h1>dstack <span class="brand-sub">configuration playground</span></h1></div>"#,
);

/// The keyboard help button, which opens the static dialog of index.html (web/static/boot.js).
const HELP: &str = concat!(
    r#"<button type="button" class="icon-button help-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" "#,
    r#"aria-haspopup="dialog"><svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">"#,
    r#"<path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.5M8 11.4v.2" "#,
    r#"fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/></svg></button>"#,
);

/// A button with an icon and a word; `label` is its accessible name and tooltip.
fn button(
    class: &'static str,
    label: &'static str,
    text: &'static str,
    kind: Icon,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" {class} aria-label={label} title={label} {onclick}>
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
            { Html::from_html_unchecked(AttrValue::Static(BRAND)) }
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
                { button("button secondary", "Copy as Markdown: a yaml block and the link", "Markdown", Icon::Markdown, click(on, Cmd::Markdown)) }
                { button("button primary", "Share: copy a link to this configuration", "Share", Icon::Share, click(on, Cmd::Share)) }
                { Html::from_html_unchecked(AttrValue::Static(HELP)) }
            </div>
        </header>
    }
}
