//! The JSON panel: dstack's normalized JSON or the effective view, coloured, to copy or download.

use std::rc::Rc;

use dstack_core::Report;
use yew::prelude::*;

use super::icons::{Icon, icon};
use crate::json_tokens::{Token, tokens};
use crate::state::JsonView;

/// What the JSON panel needs: the report, the view on display and its actions.
pub struct JsonPanel<'a> {
    /// The report holding the JSON.
    pub report: &'a Report,
    /// `report` describes an earlier text: the current one does not parse.
    pub stale: bool,
    /// Which view is shown.
    pub view: JsonView,
    /// Switches the view.
    pub on_view: &'a Callback<JsonView>,
    /// Copies the text to the clipboard.
    pub on_copy: &'a Callback<String>,
    /// Downloads the text as a file.
    pub on_download: &'a Callback<String>,
}

/// One line of JSON, coloured.
fn line(text: &str) -> Html {
    html! {
        <span class="line">
            { for tokens(text).into_iter().map(|(kind, part)| match kind {
                Token::Plain => html! { part.to_string() },
                _ => html! { <span class={kind.class()}>{ part.to_string() }</span> },
            }) }
        </span>
    }
}

/// The JSON of `view` as text, when the report has it.
fn json_text(report: &Report, view: JsonView) -> Option<Rc<str>> {
    let json = match view {
        JsonView::Normalized => report.normalized.as_ref(),
        JsonView::Effective => report.effective.as_ref(),
    };
    json.map(|j| Rc::from(j.to_pretty_string(2)))
}

/// The coloured JSON alone, or `missing` when there is none.
fn json_body(text: Option<&str>, view: JsonView, missing: &'static str, stale: bool) -> Html {
    let view_name = match view {
        JsonView::Normalized => "Normalized JSON",
        JsonView::Effective => "Effective JSON",
    };
    html! {
        <div class={classes!("panel-body", "json-body", stale.then_some("stale"))} data-testid="json-view"
            data-view={view.id()} data-stale={stale.to_string()}>
            if stale {
                <p class="stale-note">
                    <strong>{ "Out of date: " }</strong>
                    { "the JSON of the last text dstack could parse. Fix the errors in Problems to update it." }
                </p>
            }
            if let Some(text) = text {
                // One block per line: an edit then re-lays out one short line, not the whole text.
                <pre class="json" tabindex="0" aria-label={view_name}><code>
                    { for text.split('\n').map(line) }
                </code></pre>
            } else {
                <p class="empty">{ missing }</p>
            }
        </div>
    }
}

/// The embed's JSON panel: `view` of `report`, without the toolbar.
pub fn json_only(report: &Report, view: JsonView) -> Html {
    let missing = "No JSON yet: dstack cannot parse this configuration.";
    html! { <div class="json-panel">{ json_body(json_text(report, view).as_deref(), view, missing, false) }</div> }
}

/// The JSON view with its toolbar.
pub fn json_panel(props: JsonPanel<'_>) -> Html {
    let text = json_text(props.report, props.view);
    let toggle = |view: JsonView, label: &'static str| {
        let pressed = props.view == view;
        let onclick = props.on_view.reform(move |_: MouseEvent| view);
        html! {
            <button type="button" class={classes!("segment", pressed.then_some("active"))}
                aria-pressed={pressed.to_string()} {onclick}>{ label }</button>
        }
    };
    let action = |label: &'static str, kind: Icon, cb: &Callback<String>| {
        let disabled = text.is_none() || props.stale;
        let text = text.clone();
        let onclick = cb.reform(move |_: MouseEvent| text.as_deref().unwrap_or_default().to_string());
        html! {
            <button type="button" class="icon-button" aria-label={label} title={label}
                {disabled} {onclick}>{ icon(kind) }</button>
        }
    };
    html! {
        <div class="json-panel">
            <div class="panel-toolbar">
                <div class="segmented" role="group" aria-label="JSON view">
                    { toggle(JsonView::Normalized, "Normalized") }
                    { toggle(JsonView::Effective, "Effective") }
                </div>
                <span class="spacer"></span>
                { action("Copy JSON", Icon::Copy, props.on_copy) }
                { action("Download JSON", Icon::Download, props.on_download) }
            </div>
            { json_body(
                text.as_deref(),
                props.view,
                "No JSON yet: dstack cannot parse this configuration. Fix the errors in Problems.",
                props.stale,
            ) }
        </div>
    }
}
