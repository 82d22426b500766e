//! A one-line notice over the page (link copied, example loaded, link corrupt …).

use yew::prelude::*;

use super::icons::{Icon, icon};
use crate::command::{Cmd, click};
use crate::state::{Notice, Tone};

/// The note over a panel that shows the results of an earlier text: "Out of date: " then `rest`.
pub fn stale_note(rest: &'static str) -> Html {
    html! { <p class="stale-note"><strong>{ "Out of date: " }</strong>{ rest }</p> }
}

/// A panel's placeholder when it has nothing to show.
pub fn empty(text: &'static str) -> Html {
    html! { <p class="empty">{ text }</p> }
}

/// The notice, with its restore button (which sends the text to put back) and a dismiss button;
/// errors are announced at once.
pub fn notice_view(notice: &Notice, on: &Callback<Cmd>) -> Html {
    let error = notice.tone == Tone::Error;
    let onclick = click(on, Cmd::Dismiss);
    html! {
        <div class={if error { "notice error" } else { "notice" }} data-testid="notice"
            role={if error { "alert" } else { "status" }}>
            { icon(if error { Icon::Error } else { Icon::Check }) }
            <span class="notice-text">{ notice.text.clone() }</span>
            if let Some(restore) = &notice.restore {
                <button type="button" class="button notice-action"
                    onclick={click(on, Cmd::Restore(restore.text.clone()))}>
                    { restore.label }
                </button>
            }
            <button type="button" class="icon-button" aria-label="Dismiss" {onclick}>{ icon(Icon::Close) }</button>
        </div>
    }
}
