//! The full playground, which wires the state, the editor, the panels and the browser together.
//! The embed (`?embed=1`) is a module of its own (`src/bin/embed.rs`): neither page loads the
//! other's interface.

use std::rc::Rc;

use dstack_core::DstackVersion;
use dstack_offers::Catalog;
use yew::prelude::*;

use crate::bridge::EditorHandle;
use crate::browser;
use crate::command::Cmd;
use crate::components::editor::use_editor;
use crate::components::json_panel::{JsonPanel, json_panel};
use crate::components::notice::notice_view;
use crate::components::offers_panel::offers_panel;
use crate::components::pane_tabs::{Pane, pane_tabs};
use crate::components::problems::problems;
use crate::components::side_panel::side_panel;
use crate::components::splitter::splitters;
use crate::components::status_bar::{announcer, status_bar};
use crate::components::toolbar::toolbar;
use crate::hooks::{
    LinkText, use_announcement, use_checker, use_hash_links, use_notice_timeout, use_persistence, use_warm_up,
};
use crate::state::{self, Action, JsonView, Notice, Panel, State};
use crate::{examples, markdown};

/// User Timing mark set once the first result is rendered.
pub const FIRST_RESULT_MARK: &str = "dstack:first-result";

/// What a Share or Markdown click says when the browser cannot compress the link.
const NO_COMPRESSION: &str = "The browser cannot compress the link (it lacks CompressionStream).";

/// The full playground.
#[component]
pub fn Playground() -> Html {
    let link_text: LinkText = use_mut_ref(|| None);
    let state = {
        let link_text = link_text.clone();
        use_reducer(move || {
            let hash = browser::hash();
            let link = dstack_share::read_link(&hash);
            if let Ok(Some(text)) = &link {
                *link_text.borrow_mut() = Some(Rc::from(text.as_str()));
            }
            let linked = matches!(link, Ok(Some(_)));
            let (version, version_notice) = state::start_version(linked, &hash, browser::load_draft_version());
            let (text, notice) = state::startup(link, browser::load_draft());
            // A link naming an unknown release says so first, and still offers the draft back.
            let notice = match (version_notice, notice) {
                (Some(unknown), Some(Notice { restore: Some(draft), .. })) => {
                    Some(unknown.with_restore(draft.label, draft.text))
                }
                (unknown, notice) => unknown.or(notice),
            };
            State::new(text, version, notice)
        })
    };
    let editor = use_memo((), |_| EditorHandle::default());
    let initial = {
        let text = state.text.clone();
        use_memo((), move |_| text)
    };
    let pane = use_state_eq(|| Pane::Editor);
    let select = use_node_ref();
    let version_select = use_node_ref();
    let dispatcher = state.dispatcher();
    let on_change = use_checker(&state);
    let editor_view = use_editor(&editor, &initial, &state, &on_change, false);
    use_persistence(&state, &link_text);
    use_hash_links(&editor, &link_text, dispatcher.clone(), true);
    use_notice_timeout(&state);
    use_warm_up(&editor, &initial, state.version);
    let announcement = use_announcement(&state.report, state.revision);
    // The first result is on screen: the budget test measures navigation to this mark.
    use_effect_with((), |_| browser::mark(FIRST_RESULT_MARK));
    // The Examples menu shows the example on screen, until the text is edited; the version menu
    // the release in force, also when a link pasted in the address bar sets it.
    let loaded = examples::ALL.iter().find(|e| e.text == &*state.text).map(|e| e.id);
    // Completion and hover docs speak for the release in force.
    use_effect_with(state.version, |version| crate::assist::follow_version(*version));
    {
        let (select, version_select) = (select.clone(), version_select.clone());
        use_effect_with((loaded, state.version), move |(loaded, version)| {
            let menus = [(&select, loaded.unwrap_or_default()), (&version_select, version.as_str())];
            for (menu, value) in menus {
                if let Some(menu) = menu.cast::<web_sys::HtmlSelectElement>() {
                    menu.set_value(value);
                }
            }
        });
    }

    let on = {
        let page = Page {
            editor: (*editor).clone(),
            dispatcher,
            link_text,
            pane: pane.setter(),
            text: state.text.clone(),
            version: state.version,
            json_view: state.json_view,
        };
        Callback::from(move |cmd| page.run(cmd))
    };

    let report = &state.report;
    let offers_badge = state.estimate.as_ref().map(|e| crate::format::count(e.count));
    let side = match state.panel {
        Panel::Json => {
            let (shown, stale) = state.json_report();
            json_panel(JsonPanel {
                report: shown,
                stale,
                view: state.json_view,
                compare: state.compare.as_deref(),
                on: &on,
            })
        }
        Panel::Offers => {
            let (estimate, stale) = state.shown_estimate();
            offers_panel(estimate, stale)
        }
    };
    html! {
        <div class="app">
            { toolbar(&select, &version_select, state.version, &on) }
            { pane_tabs(*pane, report, &on) }
            <main class="workbench" data-pane={pane.id()}>
                <section class="pane editor-pane" id="pane-editor" aria-label="Configuration">
                    { editor_view }
                </section>
                <section class="pane problems-pane" id="pane-problems" aria-label="Problems">
                    { problems(report, state.version, &on) }
                </section>
                <section class="pane side-pane" id="pane-results" aria-label="Results">
                    { side_panel(state.panel, offers_badge, &on, side) }
                </section>
                { splitters() }
            </main>
            { status_bar(report, state.version, Catalog::bundled().snapshot_date()) }
            { announcer(&announcement) }
            if let Some(notice) = &state.notice {
                { notice_view(notice, &on) }
            }
        </div>
    }
}

/// What the page's commands act on: the editor, the state and the pane on display.
struct Page {
    editor: EditorHandle,
    dispatcher: UseReducerDispatcher<State>,
    link_text: LinkText,
    pane: UseStateSetter<Pane>,
    /// The text of the last check.
    text: Rc<str>,
    version: DstackVersion,
    json_view: JsonView,
}

impl Page {
    /// Does what a control asks for.
    fn run(&self, cmd: Cmd) {
        let action = match cmd {
            Cmd::Select(range) => {
                // On a phone the editor is behind its tab: show it first, or the selection is unseen.
                self.pane.set(Pane::Editor);
                return self.editor.select(range);
            }
            Cmd::Example(id) => {
                let (Some(example), Some(before)) = (examples::find(&id), self.editor.text()) else { return };
                self.editor.set_text(example.text);
                let notice = Notice::info(format!("Loaded the example “{}”.", example.title));
                Action::Notify(notice.with_restore("Undo", before))
            }
            Cmd::Restore(text) => return self.editor.set_text(&text),
            Cmd::Share => return self.share(false),
            Cmd::Markdown => return self.share(true),
            Cmd::Copy(json) => {
                return copy_then_say(&self.dispatcher, json.to_string(), "JSON copied to the clipboard");
            }
            Cmd::Download(json) => {
                let name = ["dstack-configuration.", self.json_view.id(), ".json"].concat();
                if browser::download(&name, &json, "application/json").is_some() {
                    return;
                }
                Action::Notify(Notice::error("The browser did not allow the download."))
            }
            Cmd::Pane(pane) => return self.pane.set(pane),
            Cmd::View(view) => Action::ShowJson(view),
            Cmd::Version(version) => Action::SetVersion(version),
            Cmd::Panel(panel) => Action::ShowPanel(panel),
            Cmd::Dismiss => Action::Dismiss,
        };
        self.dispatcher.dispatch(action);
    }

    /// Puts a link to the text in the address bar, then copies it, or with `markdown` copies a
    /// yaml block of the text and the link.
    fn share(&self, markdown: bool) {
        // The editor may be ahead of the last check while a keystroke is debounced.
        let text = self.editor.text().unwrap_or_else(|| self.text.to_string());
        let (link_text, dispatcher, version) = (self.link_text.clone(), self.dispatcher.clone(), self.version);
        wasm_bindgen_futures::spawn_local(async move {
            let Some(url) = browser::share_link(&text, version, &browser::href()).await else {
                dispatcher.dispatch(Action::Notify(Notice::error(NO_COMPRESSION)));
                return;
            };
            if markdown {
                let done = "Markdown copied: a yaml block and the link, ready to paste";
                return copy_then_say(&dispatcher, markdown::snippet(&text, &url), done);
            }
            *link_text.borrow_mut() = Some(Rc::from(text.as_str()));
            browser::replace_url(&url);
            let notice = if browser::copy(&url).await {
                Notice::info("Link copied to the clipboard")
            } else {
                Notice::info("The link is in the address bar (the browser did not allow copying)")
            };
            dispatcher.dispatch(Action::Notify(notice));
        });
    }
}

/// Copies `text`, then says so with `done`, or that the browser refused.
fn copy_then_say(dispatcher: &UseReducerDispatcher<State>, text: String, done: &'static str) {
    let dispatcher = dispatcher.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let notice = if browser::copy(&text).await {
            Notice::info(done)
        } else {
            Notice::error("The browser did not allow copying: select the text and copy it by hand.")
        };
        dispatcher.dispatch(Action::Notify(notice));
    });
}
