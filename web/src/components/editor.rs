//! The code editor: a host element for CodeMirror, fed with the latest diagnostics. A hook, not a
//! component: the page renders its host element in place, without a component's machinery.

use std::rc::Rc;

use yew::prelude::*;

use crate::bridge::{Change, EditorHandle};
use crate::state::State;

/// The CodeMirror editor of `handle`, opened with `initial` and showing the diagnostics of
/// `state`; every edit goes to `on_change`, and `readonly` locks the text for the reader (embed
/// `readonly=1`). Its element shows a plain message if the editor script failed to load.
#[hook]
pub fn use_editor(
    handle: &EditorHandle,
    initial: &Rc<str>,
    state: &State,
    on_change: &Callback<Change>,
    readonly: bool,
) -> Html {
    let host = use_node_ref();
    let failed = use_state(|| false);
    {
        let (host, failed, handle, initial, on_change) =
            (host.clone(), failed.clone(), handle.clone(), initial.clone(), on_change.clone());
        use_effect_with((), move |_| {
            if let Some(parent) = host.cast::<web_sys::Element>() {
                let mounted =
                    handle.mount(&parent, &initial, "dstack configuration (YAML)", move |c| on_change.emit(c));
                failed.set(mounted.is_err());
            }
        });
    }
    {
        // After the mount above, which runs first on the first render.
        let handle = handle.clone();
        use_effect_with(readonly, move |readonly| handle.set_read_only(*readonly));
    }
    {
        let (handle, checked, report) = (handle.clone(), state.text.clone(), state.report.clone());
        use_effect_with(state.revision, move |_| {
            // Diagnostics of an older text would land in the wrong place: a newer check is on its way.
            if handle.text().as_deref() == Some(&*checked) {
                handle.show(&report);
            }
        });
    }
    html! {
        <>
            <div class="editor" data-testid="editor" ref={host}></div>
            if *failed {
                <p class="editor-failed" role="alert">
                    { "The editor could not start (its script did not load). Reload the page to try again." }
                </p>
            }
        </>
    }
}
