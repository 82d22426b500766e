//! The JSON panel: dstack's normalized JSON or the effective view, coloured, to copy or download,
//! or what each supported release makes of the text.

use std::rc::Rc;

use dstack_check::compare::{Comparison, Line, Verdict};
use dstack_core::Report;
use yew::prelude::*;

use super::icons::{Icon, icon};
use super::notice::{empty, stale_note};
use super::rich::rich;
use crate::command::{Cmd, click};
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
    /// The comparison of releases, made while the Compare view is shown.
    pub compare: Option<&'a Comparison>,
    /// Gets the commands of the toolbar: switch the view, copy, download.
    pub on: &'a Callback<Cmd>,
}

/// The tokens of one line of JSON, coloured.
fn coloured(text: &str) -> Html {
    html! {
        { for tokens(text).into_iter().map(|(kind, part)| match kind {
            Token::Plain => html! { part.to_string() },
            _ => html! { <span class={kind.class()}>{ part.to_string() }</span> },
        }) }
    }
}

/// One line of JSON, coloured.
fn line(text: &str) -> Html {
    html! { <span class="line">{ coloured(text) }</span> }
}

/// One line of the diff between releases: removed and added lines are `<del>` and `<ins>`, so
/// assistive technology says which is which, and carry a `-`/`+` mark for the eye.
fn diff_line(diff: &Line) -> Html {
    match diff {
        Line::Same(text) => html! { <span class="line">{ "  " }{ coloured(text) }</span> },
        Line::Removed(text) => html! { <del class="line">{ "- " }{ coloured(text) }</del> },
        Line::Added(text) => html! { <ins class="line">{ "+ " }{ coloured(text) }</ins> },
        Line::Skipped(n) => {
            let lines = if *n == 1 { "line" } else { "lines" };
            html! { <span class="line skipped">{ format!("  ⋯ {n} unchanged {lines}") }</span> }
        }
    }
}

/// One release's verdict: it accepts the text, or its first error.
fn verdict(verdict: &Verdict) -> Html {
    html! {
        <li data-version={verdict.version.as_str()}>
            <strong>{ "dstack " }{ verdict.version.as_str() }{ ": " }</strong>
            if let Some(error) = &verdict.first_error {
                <span class="invalid">{ "rejects it" }</span>
                { " — " }{ rich(&error.message) }
                { " (" }{ error.code }{ ", line " }{ error.range.start.line }{ ")" }
            } else {
                <span class="valid">{ "accepts it" }</span>
            }
        </li>
    }
}

/// The Compare view: each release's verdict, then the diff of their normalized JSON.
fn compare_body(compare: &Comparison) -> Html {
    let (before, after) = (compare.before.version, compare.after.version);
    let (before, after) = (before.as_str(), after.as_str());
    let label = ["Normalized JSON, dstack ", before, " to dstack ", after].concat();
    html! {
        <div class="panel-body json-body compare" data-testid="json-view" data-view={JsonView::Compare.id()}>
            <ul class="verdicts">{ verdict(&compare.before) }{ verdict(&compare.after) }</ul>
            if compare.same_json() {
                { empty("Both give the same normalized JSON.") }
            } else {
                <p class="legend"><del>{ "- dstack " }{ before }</del><ins>{ "+ dstack " }{ after }</ins></p>
                <pre class="json" tabindex="0" aria-label={label}><code>
                    { for compare.lines.iter().map(diff_line) }
                </code></pre>
            }
        </div>
    }
}

/// The JSON of `view` as text, when the report has it.
fn json_text(report: &Report, view: JsonView) -> Option<Rc<str>> {
    let json = match view {
        JsonView::Normalized => report.normalized.as_ref(),
        JsonView::Effective => report.effective.as_ref(),
        JsonView::Compare => None,
    };
    json.map(|j| Rc::from(j.to_pretty_string(2)))
}

/// The coloured JSON alone, or `missing` when there is none.
fn json_body(text: Option<&str>, view: JsonView, missing: &'static str, stale: bool) -> Html {
    let view_name = match view {
        JsonView::Normalized | JsonView::Compare => "Normalized JSON",
        JsonView::Effective => "Effective JSON",
    };
    html! {
        <div class={if stale { "panel-body json-body stale" } else { "panel-body json-body" }} data-testid="json-view"
            data-view={view.id()} data-stale={crate::format::flag(stale)}>
            if stale {
                { stale_note("the JSON of the last text dstack could parse. Fix the errors in Problems to update it.") }
            }
            if let Some(text) = text {
                // One block per line: an edit then re-lays out one short line, not the whole text.
                <pre class="json" tabindex="0" aria-label={view_name}><code>
                    { for text.split('\n').map(line) }
                </code></pre>
            } else {
                { empty(missing) }
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
        html! {
            <button type="button" class={if pressed { "segment active" } else { "segment" }}
                aria-pressed={crate::format::flag(pressed)} onclick={click(props.on, Cmd::View(view))}>{ label }</button>
        }
    };
    let shown = text.clone().filter(|_| !props.stale);
    let action = |label: &'static str, kind: Icon, cmd: fn(Rc<str>) -> Cmd| {
        let onclick = shown.clone().map(|text| click(props.on, cmd(text)));
        html! {
            <button type="button" class="icon-button" aria-label={label} title={label}
                disabled={onclick.is_none()} {onclick}>{ icon(kind) }</button>
        }
    };
    html! {
        <div class="json-panel">
            <div class="panel-toolbar">
                <div class="segmented" role="group" aria-label="JSON view">
                    { toggle(JsonView::Normalized, "Normalized") }
                    { toggle(JsonView::Effective, "Effective") }
                    { toggle(JsonView::Compare, "Compare versions") }
                </div>
                <span class="spacer"></span>
                { action("Copy JSON", Icon::Copy, Cmd::Copy) }
                { action("Download JSON", Icon::Download, Cmd::Download) }
            </div>
            if let (JsonView::Compare, Some(compare)) = (props.view, props.compare) {
                { compare_body(compare) }
            } else {
                { json_body(
                    text.as_deref(),
                    props.view,
                    "No JSON yet: dstack cannot parse this configuration. Fix the errors in Problems.",
                    props.stale,
                ) }
            }
        </div>
    }
}
