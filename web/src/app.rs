//! The page: the full playground, which wires the state, the editor, the panels and the browser
//! together, or the embed when the query string asks for it.

use std::rc::Rc;

use dstack_offers::Catalog;
use yew::prelude::*;

use crate::bridge::EditorHandle;
use crate::browser;
use crate::components::editor::Editor;
use crate::components::json_panel::{JsonPanel, json_panel};
use crate::components::notice::notice_view;
use crate::components::offers_panel::offers_panel;
use crate::components::problems::problems;
use crate::components::side_panel::side_panel;
use crate::components::status_bar::status_bar;
use crate::components::toolbar::toolbar;
use crate::embed::{Embed, EmbedOptions};
use crate::examples;
use crate::hooks::{LinkText, use_checker, use_hash_links, use_notice_timeout, use_persistence};
use crate::state::{self, Action, Notice, Panel, State};

/// User Timing mark set once the first result is rendered.
pub const FIRST_RESULT_MARK: &str = "dstack:first-result";

/// The page: [`Embed`] with `?embed=1`, else [`Playground`].
#[component]
pub fn App() -> Html {
    let embed = use_memo((), |_| EmbedOptions::from_query(&browser::search()));
    match &*embed {
        Some(options) => html! { <Embed options={options.clone()} /> },
        None => html! { <Playground /> },
    }
}

/// The full playground.
#[component]
pub fn Playground() -> Html {
    let link_text: LinkText = use_mut_ref(|| None);
    let state = {
        let link_text = link_text.clone();
        use_reducer(move || {
            let link = dstack_share::read_link(&browser::hash());
            if let Ok(Some(text)) = &link {
                *link_text.borrow_mut() = Some(Rc::from(text.as_str()));
            }
            let (text, notice) = state::startup(link, browser::load_draft());
            State::new(text, notice)
        })
    };
    let editor = use_memo((), |_| EditorHandle::default());
    let initial = {
        let text = state.text.clone();
        use_memo((), move |_| text)
    };
    let dispatcher = state.dispatcher();
    let on_change = use_checker(&state);
    use_persistence(&state, &link_text);
    use_hash_links(&editor, &link_text, dispatcher.clone());
    use_notice_timeout(&state);
    // The first result is on screen: the budget test measures navigation to this mark.
    use_effect_with((), |_| browser::mark(FIRST_RESULT_MARK));

    let on_select = use_callback(editor.clone(), |range, editor| editor.select(range));
    let on_example = use_callback(editor.clone(), |id: String, editor| {
        if let Some(example) = examples::find(&id) {
            editor.set_text(example.text);
        }
    });
    let on_share = {
        let (link_text, dispatcher) = (link_text.clone(), dispatcher.clone());
        use_callback((editor.clone(), state.text.clone()), move |_: (), (editor, checked)| {
            // The editor may be ahead of the last check while a keystroke is debounced.
            let text = editor.text().unwrap_or_else(|| checked.to_string());
            let url = dstack_share::link(&text, &browser::href());
            *link_text.borrow_mut() = Some(Rc::from(text.as_str()));
            browser::replace_url(&url);
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let notice = if browser::copy(&url).await {
                    Notice::info("Link copied to the clipboard")
                } else {
                    Notice::info("The link is in the address bar (the browser did not allow copying)")
                };
                dispatcher.dispatch(Action::Notify(notice));
            });
        })
    };
    let on_copy = {
        let dispatcher = dispatcher.clone();
        use_callback((), move |json: String, _| {
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let notice = if browser::copy(&json).await {
                    Notice::info("JSON copied to the clipboard")
                } else {
                    Notice::error("The browser did not allow copying: select the JSON and copy it by hand.")
                };
                dispatcher.dispatch(Action::Notify(notice));
            });
        })
    };
    let on_download = {
        let dispatcher = dispatcher.clone();
        use_callback(state.json_view, move |json: String, view| {
            let name = format!("dstack-task.{}.json", view.id());
            if browser::download(&name, &json, "application/json").is_none() {
                dispatcher.dispatch(Action::Notify(Notice::error("The browser did not allow the download.")));
            }
        })
    };
    let on_view = dispatcher.to_callback().reform(Action::ShowJson);
    let on_panel = dispatcher.to_callback().reform(Action::ShowPanel);
    let on_dismiss = dispatcher.to_callback().reform(|_: ()| Action::Dismiss);

    let report = state.report.clone();
    let revision = state.revision;
    let offers_badge = state.estimate.as_ref().map(|e| crate::format::count(e.count));
    let side = match state.panel {
        Panel::Json => json_panel(JsonPanel {
            report: &report,
            view: state.json_view,
            on_view: &on_view,
            on_copy: &on_copy,
            on_download: &on_download,
        }),
        Panel::Offers => offers_panel(state.estimate.as_deref()),
    };
    html! {
        <div class="app">
            { toolbar(&on_example, &on_share) }
            <main class="workbench">
                <section class="pane editor-pane" aria-label="Configuration">
                    <Editor handle={(*editor).clone()} initial={(*initial).clone()} checked={state.text.clone()}
                        report={report.clone()} {revision} {on_change} />
                </section>
                <section class="pane problems-pane" aria-label="Problems">
                    { problems(&report, &on_select) }
                </section>
                <section class="pane side-pane" aria-label="Results">
                    { side_panel(state.panel, offers_badge, &on_panel, side) }
                </section>
            </main>
            { status_bar(&report, Catalog::bundled().snapshot_date()) }
            if let Some(notice) = &state.notice {
                { notice_view(notice, &on_dismiss) }
            }
        </div>
    }
}
