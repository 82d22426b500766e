//! A one-line notice over the page (link copied, link corrupt …).

use yew::prelude::*;

use super::icons::{Icon, icon};
use crate::state::{Notice, Tone};

/// The notice, with a button that calls `on_dismiss`; errors are announced at once.
pub fn notice_view(notice: &Notice, on_dismiss: &Callback<()>) -> Html {
    let error = notice.tone == Tone::Error;
    let onclick = on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("notice", error.then_some("error"))} data-testid="notice"
            role={if error { "alert" } else { "status" }}>
            { icon(if error { Icon::Error } else { Icon::Check }) }
            <span class="notice-text">{ notice.text.clone() }</span>
            <button type="button" class="icon-button" aria-label="Dismiss" {onclick}>{ icon(Icon::Close) }</button>
        </div>
    }
}
