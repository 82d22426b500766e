//! The right-hand panel: tabs for the JSON and the offers.

use yew::prelude::*;

use crate::browser;
use crate::command::{Cmd, click};
use crate::state::Panel;

/// The tab a key moves to from `panel` (ARIA tabs: arrows wrap, Home and End go to the ends).
pub fn tab_after_key(panel: Panel, key: &str) -> Option<Panel> {
    match (key, panel) {
        ("Home", _) | ("ArrowRight" | "ArrowLeft", Panel::Offers) => Some(Panel::Json),
        ("End", _) | ("ArrowRight" | "ArrowLeft", Panel::Json) => Some(Panel::Offers),
        _ => None,
    }
}

fn tab_id(panel: Panel) -> &'static str {
    match panel {
        Panel::Json => "tab-json",
        Panel::Offers => "tab-offers",
    }
}

/// Tab bar plus `content`, the tab on display (`panel`); `offers_badge` goes on the Offers tab.
/// Only the selected tab is in the Tab order; the arrow keys switch tabs and move the focus.
pub fn side_panel(panel: Panel, offers_badge: Option<String>, on: &Callback<Cmd>, content: Html) -> Html {
    let on_key = on.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if let Some(next) = tab_after_key(panel, &e.key()) {
            e.prevent_default();
            on_key.emit(Cmd::Panel(next));
            browser::focus_id(tab_id(next));
        }
    });
    let tab = |tab: Panel, label: &'static str, badge: Option<String>| {
        let selected = panel == tab;
        let onclick = click(on, Cmd::Panel(tab));
        html! {
            <button type="button" role="tab" id={tab_id(tab)} class={if selected { "tab active" } else { "tab" }}
                aria-selected={crate::format::flag(selected)} aria-controls="side-panel"
                tabindex={if selected { "0" } else { "-1" }} {onclick}>
                { label }
                if let Some(badge) = badge { <span class="tab-badge">{ badge }</span> }
            </button>
        }
    };
    html! {
        <div class="side">
            <div class="tabs" role="tablist" aria-label="Results" {onkeydown}>
                { tab(Panel::Json, "JSON", None) }
                { tab(Panel::Offers, "Offers", offers_badge) }
            </div>
            <div class="side-content" id="side-panel" role="tabpanel" aria-labelledby={tab_id(panel)}>
                { content }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_and_home_end_go_to_the_ends() {
        assert_eq!(tab_after_key(Panel::Json, "ArrowRight"), Some(Panel::Offers));
        assert_eq!(tab_after_key(Panel::Offers, "ArrowRight"), Some(Panel::Json));
        assert_eq!(tab_after_key(Panel::Json, "ArrowLeft"), Some(Panel::Offers));
        assert_eq!(tab_after_key(Panel::Offers, "Home"), Some(Panel::Json));
        assert_eq!(tab_after_key(Panel::Json, "End"), Some(Panel::Offers));
        assert_eq!(tab_after_key(Panel::Json, "Enter"), None);
    }
}
