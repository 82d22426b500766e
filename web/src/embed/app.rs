//! The embed: the editor, a one-line result bar and, if asked for, one detail panel. It talks to
//! the host page and never touches the full playground's saved draft (several embeds on one
//! page would overwrite each other's).

use std::cell::RefCell;
use std::rc::Rc;

use dstack_core::{DstackVersion, Report};
use dstack_offers::Estimate;
use dstack_share::ShareError;
use yew::prelude::*;

use super::host::{self, Host};
use super::options::{EmbedOptions, Height, View, playground_url};
use super::protocol::{self, Incoming};
use crate::bridge::EditorHandle;
use crate::browser;
use crate::command::Cmd;
use crate::components::editor::use_editor;
use crate::components::embed_bar::embed_bar;
use crate::components::json_panel::json_only;
use crate::components::notice::notice_view;
use crate::components::offers_panel::offers_compact;
use crate::components::problems::problems;
use crate::components::status_bar::announcer;
use crate::hooks::{LinkText, use_announcement, use_checker, use_hash_links, use_warm_up};
use crate::state::{self, Action, JsonView, Notice, State};

/// Properties of [`Embed`].
#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    /// The options from the query string.
    pub options: EmbedOptions,
}

/// What the JSON of a view is computed for: the effective view needs its own check.
fn json_view(view: View) -> JsonView {
    if view == View::Effective { JsonView::Effective } else { JsonView::Normalized }
}

/// The text to open with: the share link's, else nothing (the host may send one). A link that
/// cannot be read leaves the editor empty and says why.
pub fn initial_text(link: Result<Option<String>, ShareError>) -> (String, Option<Notice>) {
    match link {
        Ok(text) => (text.unwrap_or_default(), None),
        Err(e) => (String::new(), Some(state::link_error(&e, "an empty editor"))),
    }
}

/// The last report, the release that judged it and the estimate, for answering `get-result`
/// between checks.
type Latest = Rc<RefCell<(Rc<Report>, DstackVersion, Option<Rc<Estimate>>)>>;

/// The embedded playground.
#[component]
pub fn Embed(props: &EmbedProps) -> Html {
    let options = use_reducer(|| props.options.clone());
    let state = use_reducer(|| {
        let (text, notice) = initial_text(dstack_share::read_link(&browser::hash()));
        let state = State::new(text, props.options.version, notice);
        match json_view(props.options.view) {
            JsonView::Normalized => state,
            view => state.with_view(view),
        }
    });
    let editor = use_memo((), |_| EditorHandle::default());
    let initial = {
        let text = state.text.clone();
        use_memo((), move |_| text)
    };
    let host = use_memo((), |_| Host::new(&props.options.origin));
    use_effect_with(state.version, |version| crate::assist::follow_version(*version));
    let latest: Latest = use_mut_ref(|| (state.report.clone(), state.version, state.estimate.clone()));
    let link_text: LinkText = use_mut_ref(|| None);
    let dispatcher = state.dispatcher();
    let on_change = use_checker(&state);
    // Mounted before the listener below says `ready`: the host's first text goes to the editor.
    let editor_view = use_editor(&editor, &initial, &state, &on_change, options.readonly);
    use_hash_links(&editor, &link_text, dispatcher.clone(), false);
    use_warm_up(&editor, &initial, state.version);
    {
        // Listen before saying `ready`: a host may answer it at once.
        let (host, editor, latest) = (host.clone(), editor.clone(), latest.clone());
        let (dispatcher, settings, initial_options) = (dispatcher.clone(), options.dispatcher(), props.options.clone());
        use_effect_with((), move |_| {
            host::mark_embed(initial_options.height);
            let replies = host.clone();
            let listener = host.listen(move |incoming| match incoming {
                // Through the editor, so the change is undoable and checked like any other.
                Incoming::SetText(text) if editor.is_mounted() => editor.set_text(&text),
                Incoming::SetText(text) => dispatcher.dispatch(Action::Check(text)),
                Incoming::SetOptions(patch) => settings.dispatch(patch),
                Incoming::GetResult { normalized } => {
                    let (report, version, estimate) = &*latest.borrow();
                    replies.post(&protocol::result(report, *version, estimate.as_deref(), normalized));
                }
            });
            host.post(&protocol::ready(&initial_options));
            let height = if initial_options.height == Height::Auto { host::report_height(host.clone()) } else { None };
            move || drop((listener, height))
        });
    }
    {
        let (host, latest) = (host.clone(), latest.clone());
        let (report, version, estimate) = (state.report.clone(), state.version, state.estimate.clone());
        use_effect_with(state.revision, move |_| {
            host.post(&protocol::result(&report, version, estimate.as_deref(), false));
            *latest.borrow_mut() = (report, version, estimate);
        });
    }
    use_effect_with(options.theme, |theme| host::set_theme(*theme));
    {
        // Each action is a no-op when its setting is the state's already.
        let dispatcher = dispatcher.clone();
        use_effect_with((options.view, options.version), move |(view, version)| {
            dispatcher.dispatch(Action::ShowJson(json_view(*view)));
            dispatcher.dispatch(Action::SetVersion(*version));
        });
    }

    // The browser compresses asynchronously: a reply for an older text or release never overwrites a newer one.
    let link = use_state_eq(String::new);
    let linked = use_mut_ref(|| (Rc::<str>::from(""), DstackVersion::NEWEST));
    {
        let link = link.setter();
        use_effect_with((state.text.clone(), state.version), move |asked| {
            *linked.borrow_mut() = asked.clone();
            let (text, version) = asked.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let url = browser::share_link(&text, version, &playground_url(&browser::href())).await;
                if let Some(url) = url.filter(|_| linked.borrow().0 == text && linked.borrow().1 == version) {
                    link.set(url);
                }
            });
        });
    }
    // The embed's controls: its problems and its notice's dismiss button.
    let on = {
        let (editor, dispatcher) = ((*editor).clone(), dispatcher.clone());
        Callback::from(move |cmd| match cmd {
            Cmd::Select(range) => editor.select(range),
            Cmd::Dismiss => dispatcher.dispatch(Action::Dismiss),
            _ => {}
        })
    };
    let announcement = use_announcement(&state.report, state.revision);
    let detail = match options.view {
        View::None => None,
        View::Problems => Some(problems(&state.report, state.version, &on)),
        View::Json | View::Effective => Some(json_only(&state.report, state.json_view)),
        View::Offers => Some(offers_compact(state.estimate.as_deref())),
    };
    html! {
        <main class="embed" data-view={options.view.name()}>
            <h1 class="sr-only">{ "dstack configuration" }</h1>
            <section class="embed-editor" aria-label="Configuration">
                { editor_view }
            </section>
            if let Some(notice) = &state.notice {
                { notice_view(notice, &on) }
            }
            { embed_bar(&state.report, state.estimate.as_ref().map(|e| e.count), &link, options.view != View::Problems) }
            { announcer(&announcement) }
            if let Some(detail) = detail {
                <section class="embed-detail" aria-labelledby="embed-detail-title">
                    <h2 class="sr-only" id="embed-detail-title">{ "Details" }</h2>
                    { detail }
                </section>
            }
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_text_or_an_empty_editor() {
        assert_eq!(initial_text(Ok(Some("type: task\n".into()))), ("type: task\n".to_string(), None));
        assert_eq!(initial_text(Ok(None)), (String::new(), None));
        assert_eq!(
            initial_text(Err(ShareError::InvalidDeflate)),
            (
                String::new(),
                Some(Notice::error(
                    "The share link is corrupt: the compressed configuration cannot be decompressed (was it cut short?). \
                     Showing an empty editor instead."
                ))
            )
        );
    }

    #[test]
    fn only_the_effective_view_needs_the_effective_json() {
        assert_eq!(json_view(View::Effective), JsonView::Effective);
        for view in [View::None, View::Problems, View::Json, View::Offers] {
            assert_eq!(json_view(view), JsonView::Normalized);
        }
    }
}
