//! A one-line notice over the page (link copied, example loaded, link corrupt …).

use std::rc::Rc;

use yew::prelude::*;

use super::icons::{Icon, icon};
use crate::state::{Notice, Tone};

/// The notice, with its restore button (which calls `on_restore` with the text to put back) and
/// a button that calls `on_dismiss`; errors are announced at once.
pub fn notice_view(notice: &Notice, on_dismiss: &Callback<()>, on_restore: &Callback<Rc<str>>) -> Html {
    let error = notice.tone == Tone::Error;
    let onclick = on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("notice", error.then_some("error"))} data-testid="notice"
            role={if error { "alert" } else { "status" }}>
            { icon(if error { Icon::Error } else { Icon::Check }) }
            <span class="notice-text">{ notice.text.clone() }</span>
            if let Some(restore) = &notice.restore {
                <button type="button" class="button notice-action"
                    onclick={{ let text = restore.text.clone(); on_restore.reform(move |_: MouseEvent| text.clone()) }}>
                    { restore.label }
                </button>
            }
            <button type="button" class="icon-button" aria-label="Dismiss" {onclick}>{ icon(Icon::Close) }</button>
        </div>
    }
}
