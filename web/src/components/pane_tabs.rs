//! On phones, one pane at a time: tabs for the editor, the problems and the results (hidden by
//! the stylesheet on wider screens, where all three panes are side by side).

use dstack_core::{Report, Severity};
use yew::prelude::*;

use crate::browser;
use crate::command::{Cmd, click};

/// The pane a phone shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The editor.
    Editor,
    /// The Problems panel.
    Problems,
    /// The JSON and Offers panel.
    Results,
}

impl Pane {
    const ALL: [Pane; 3] = [Pane::Editor, Pane::Problems, Pane::Results];

    /// The value of the workbench's `data-pane`, which the stylesheet reads.
    pub fn id(self) -> &'static str {
        match self {
            Pane::Editor => "editor",
            Pane::Problems => "problems",
            Pane::Results => "results",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Pane::Editor => "Editor",
            Pane::Problems => "Problems",
            Pane::Results => "Results",
        }
    }

    /// The pane a key moves to from this one (arrows wrap; Home, End).
    pub fn after_key(self, key: &str) -> Option<Pane> {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0);
        let n = Pane::ALL.len();
        let next = match key {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        Some(Pane::ALL[next])
    }
}

fn tab_id(pane: Pane) -> &'static str {
    match pane {
        Pane::Editor => "pane-tab-editor",
        Pane::Problems => "pane-tab-problems",
        Pane::Results => "pane-tab-results",
    }
}

/// The id of the pane's element, which its tab controls.
fn pane_id(pane: Pane) -> &'static str {
    match pane {
        Pane::Editor => "pane-editor",
        Pane::Problems => "pane-problems",
        Pane::Results => "pane-results",
    }
}

/// The tab bar; the Problems tab carries the error count.
pub fn pane_tabs(pane: Pane, report: &Report, on: &Callback<Cmd>) -> Html {
    let on_key = on.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if let Some(next) = pane.after_key(&e.key()) {
            e.prevent_default();
            on_key.emit(Cmd::Pane(next));
            browser::focus_id(tab_id(next));
        }
    });
    let errors = report.count(Severity::Error);
    html! {
        // In a landmark, like everything else on the page.
        <nav class="pane-tabs" aria-label="Panes"><div class="pane-tablist" role="tablist" aria-label="Panes" {onkeydown}>
            { for Pane::ALL.into_iter().map(|p| {
                let selected = p == pane;
                html! {
                    <button type="button" role="tab" id={tab_id(p)} class={if selected { "tab active" } else { "tab" }}
                        aria-selected={crate::format::flag(selected)} aria-controls={pane_id(p)}
                        tabindex={if selected { "0" } else { "-1" }} onclick={click(on, Cmd::Pane(p))}>
                        { p.label() }
                        if p == Pane::Problems && errors > 0 { <span class="tab-badge error">{ errors }</span> }
                    </button>
                }
            }) }
        </div></nav>
    }
}

#[cfg(test)]
mod tests {
    use super::Pane;

    #[test]
    fn arrows_wrap_around_the_three_panes() {
        assert_eq!(Pane::Editor.after_key("ArrowRight"), Some(Pane::Problems));
        assert_eq!(Pane::Results.after_key("ArrowRight"), Some(Pane::Editor));
        assert_eq!(Pane::Editor.after_key("ArrowLeft"), Some(Pane::Results));
        assert_eq!(Pane::Problems.after_key("End"), Some(Pane::Results));
        assert_eq!(Pane::Results.after_key("Home"), Some(Pane::Editor));
        assert_eq!(Pane::Editor.after_key("a"), None);
    }
}
