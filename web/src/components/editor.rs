//! The code editor: a host element for CodeMirror, fed with the latest diagnostics.

use std::rc::Rc;

use dstack_core::Report;
use yew::prelude::*;

use crate::bridge::{Change, EditorHandle};

/// Properties of [`Editor`].
#[derive(Properties, Clone)]
pub struct EditorProps {
    /// The handle the rest of the app uses to talk to the editor.
    pub handle: EditorHandle,
    /// The text to open with.
    pub initial: Rc<str>,
    /// The text `report` describes.
    pub checked: Rc<str>,
    /// The latest report, drawn as squiggles and gutter markers.
    pub report: Rc<Report>,
    /// The state's revision: changes with every new report.
    pub revision: u64,
    /// Every edit.
    pub on_change: Callback<Change>,
    /// The reader cannot edit (embed `readonly=1`).
    #[prop_or_default]
    pub readonly: bool,
}

impl PartialEq for EditorProps {
    fn eq(&self, other: &Self) -> bool {
        // A new report always comes with a new revision: no need to compare reports.
        self.handle == other.handle
            && self.revision == other.revision
            && self.on_change == other.on_change
            && self.readonly == other.readonly
    }
}

/// The CodeMirror editor; shows a plain message if the editor script failed to load.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let failed = use_state(|| false);
    {
        let (host, failed, props) = (host.clone(), failed.clone(), props.clone());
        use_effect_with((), move |_| {
            if let Some(parent) = host.cast::<web_sys::Element>() {
                let on_change = props.on_change.clone();
                let mounted = props
                    .handle
                    .mount(&parent, &props.initial, "dstack configuration (YAML)", move |c| on_change.emit(c));
                failed.set(mounted.is_err());
            }
        });
    }
    {
        // After the mount above, which runs first on the first render.
        let handle = props.handle.clone();
        use_effect_with(props.readonly, move |readonly| handle.set_read_only(*readonly));
    }
    {
        let props = props.clone();
        use_effect_with(props.revision, move |_| {
            // Diagnostics of an older text would land in the wrong place: a newer check is on its way.
            if props.handle.text().as_deref() == Some(&*props.checked) {
                props.handle.show(&props.report);
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
