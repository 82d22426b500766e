//! The right-hand panel: tabs for the JSON and the offers.

use yew::prelude::*;

use crate::state::Panel;

/// Tab bar plus `content`, the tab on display (`panel`); `offers_badge` goes on the Offers tab.
pub fn side_panel(panel: Panel, offers_badge: Option<String>, on_panel: &Callback<Panel>, content: Html) -> Html {
    let tab = |tab: Panel, label: &'static str, badge: Option<String>| {
        let selected = panel == tab;
        let onclick = on_panel.reform(move |_: MouseEvent| tab);
        let id = match tab {
            Panel::Json => "tab-json",
            Panel::Offers => "tab-offers",
        };
        html! {
            <button type="button" role="tab" id={id} class={classes!("tab", selected.then_some("active"))}
                aria-selected={selected.to_string()} aria-controls="side-panel" {onclick}>
                { label }
                if let Some(badge) = badge { <span class="tab-badge">{ badge }</span> }
            </button>
        }
    };
    let labelled_by = match panel {
        Panel::Json => "tab-json",
        Panel::Offers => "tab-offers",
    };
    html! {
        <div class="side">
            <div class="tabs" role="tablist" aria-label="Results">
                { tab(Panel::Json, "JSON", None) }
                { tab(Panel::Offers, "Offers", offers_badge) }
            </div>
            <div class="side-content" id="side-panel" role="tabpanel" aria-labelledby={labelled_by}>
                { content }
            </div>
        </div>
    }
}
