//! The app's behaviour over time: when to check, what to keep, which link the address bar shows.

use std::cell::RefCell;
use std::rc::Rc;

use dstack_core::{DstackVersion, Report};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::bridge::{Change, EditorHandle};
use crate::browser;
use crate::components::status_bar::summary;
use crate::link_version;
use crate::state::{self, Action, State, Tone};

/// How long an informational notice stays up.
const NOTICE_MS: u32 = 4000;

/// How long a notice with a restore button stays up: time to read it and decide.
const RESTORE_NOTICE_MS: u32 = 12_000;

/// How long after the page has started it warms up the keystroke's code: after the first result
/// is on screen, before anyone types.
const WARM_UP_MS: u32 = 300;

/// The longest text the warm-up checks again: a longer one costs more to check than the
/// compiling saves (web/editor/editor.js bounds its own warm-up alike).
const WARM_UP_MAX_BYTES: usize = 65_536;

/// How long results must stay the same before the live region announces them.
const SETTLE_MS: u32 = 900;

/// The text of the link in the address bar, while the editor still holds exactly that text.
pub type LinkText = Rc<RefCell<Option<Rc<str>>>>;

/// Timing of the pending check, to adapt the debounce to what checks cost on this machine.
#[derive(Default)]
struct Scheduler {
    /// The debounce timer of the next check; dropping it cancels the check.
    timer: Option<Timeout>,
    /// When the check in flight started (performance.now()).
    started: Option<f64>,
    /// What the last two checks cost, including rendering, in ms (the latest first).
    costs_ms: [f64; 2],
}

/// Checks `text` now, or after the debounce when typing and checks have been expensive.
fn schedule_check(scheduler: &Rc<RefCell<Scheduler>>, dispatcher: &UseReducerDispatcher<State>, change: Change) {
    let (text, typing) = change;
    let delay = state::debounce_ms(typing, scheduler.borrow().costs_ms);
    let action = move |text| if typing { Action::Check(text) } else { Action::Replace(text) };
    if delay == 0 {
        // In the same task as the edit: the result shows in the very next frame.
        let mut s = scheduler.borrow_mut();
        s.timer = None;
        s.started = Some(browser::now_ms());
        drop(s);
        dispatcher.dispatch(action(text));
        return;
    }
    let (later, dispatcher) = (scheduler.clone(), dispatcher.clone());
    let timer = Timeout::new(delay, move || {
        later.borrow_mut().started = Some(browser::now_ms());
        dispatcher.dispatch(action(text));
    });
    scheduler.borrow_mut().timer = Some(timer);
}

/// The editor's change handler: checks every edit, debounced by what checks cost (measured from
/// the edit to the end of the render that shows its result).
#[hook]
pub fn use_checker(state: &UseReducerHandle<State>) -> Callback<Change> {
    let scheduler = use_mut_ref(Scheduler::default);
    {
        let scheduler = scheduler.clone();
        use_effect_with(state.revision, move |_| {
            let mut s = scheduler.borrow_mut();
            if let Some(started) = s.started.take() {
                s.costs_ms = [browser::now_ms() - started, s.costs_ms[0]];
            }
        });
    }
    let dispatcher = state.dispatcher();
    use_callback((), move |change: Change, _| schedule_check(&scheduler, &dispatcher, change))
}

/// Once, shortly after the page has started: asks for completion and checks the editor's text
/// with its offer estimate, as a keystroke does, drops the answers, and renders the page again
/// (the same page: nothing on it changes). The browser compiles a WebAssembly function at its
/// first call and optimizes it once it is hot: without this, the first keystrokes took two or
/// three times as long as the rest (a 200-line file: 20 to 30 ms instead of 6 to 10 before the
/// panels changed), and missed a frame. Not once the editor's text differs from `initial`: typing
/// has compiled the code by then.
#[hook]
pub fn use_warm_up(editor: &Rc<EditorHandle>, initial: &Rc<str>, version: DstackVersion) {
    let (editor, initial, render) = (editor.clone(), initial.clone(), use_force_update());
    use_effect_with((), move |_| {
        let timer = Timeout::new(WARM_UP_MS, move || {
            let unedited = editor.text().filter(|text| **text == *initial && text.len() <= WARM_UP_MAX_BYTES);
            if let Some(text) = unedited {
                crate::assist::warm_up(&text);
                state::warm_up(&text, version);
                render.force_update();
            }
        });
        move || drop(timer)
    });
}

/// After each check: keeps the draft and its release, and drops a link from the address bar
/// once the text no longer matches it (a reload would otherwise bring back the old text). While
/// the editor holds a link's text unedited, the draft saved before stays as it was (the bare
/// address opens it) and the link's `v=` follows the release chosen.
#[hook]
pub fn use_persistence(state: &UseReducerHandle<State>, link_text: &LinkText) {
    let (link_text, text, version) = (link_text.clone(), state.text.clone(), state.version);
    use_effect_with(state.revision, move |_| {
        let mut link = link_text.borrow_mut();
        if link.as_deref() == Some(&*text) {
            let (linked, unknown) = link_version::of_link(&browser::hash());
            if linked != version || unknown.is_some() {
                browser::replace_url(&link_version::with_version(&browser::href(), version));
            }
            return;
        }
        *link = None;
        if !browser::hash().is_empty() {
            browser::clear_hash();
        }
        browser::save_draft(&text, version);
    });
}

/// The text of the live region: the summary of the latest result, set once the results have
/// stopped changing for a moment, so typing is announced once per pause, not per keystroke.
#[hook]
pub fn use_announcement(report: &Rc<Report>, revision: u64) -> String {
    let said = use_state_eq(|| summary(report));
    {
        let (said, report) = (said.clone(), report.clone());
        use_effect_with(revision, move |_| {
            let timer = Timeout::new(SETTLE_MS, move || said.set(summary(&report)));
            move || drop(timer)
        });
    }
    (*said).clone()
}

/// Opens a link pasted into the address bar of the open page, with its release when `versions`
/// (the embed's release is its `version=` option instead).
#[hook]
pub fn use_hash_links(
    editor: &Rc<EditorHandle>,
    link_text: &LinkText,
    dispatcher: UseReducerDispatcher<State>,
    versions: bool,
) {
    let (editor, link_text) = (editor.clone(), link_text.clone());
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "hashchange", move |_| match dstack_share::read_link(&browser::hash()) {
                Ok(Some(text)) => {
                    *link_text.borrow_mut() = Some(Rc::from(text.as_str()));
                    if versions {
                        let (version, notice) = link_version::of_link(&browser::hash());
                        dispatcher.dispatch(Action::SetVersion(version));
                        if let Some(notice) = notice {
                            dispatcher.dispatch(Action::Notify(notice));
                        }
                    }
                    editor.set_text(&text);
                }
                Ok(None) => {}
                Err(e) => dispatcher.dispatch(Action::Notify(state::link_error(&e, "your current text"))),
            })
        });
        move || drop(listener)
    });
}

/// Informational notices fade by themselves; errors stay until dismissed.
#[hook]
pub fn use_notice_timeout(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with(state.notice.clone(), move |notice| {
        let fades = notice.as_ref().filter(|n| n.tone == Tone::Info);
        let ms = fades.map(|n| if n.restore.is_some() { RESTORE_NOTICE_MS } else { NOTICE_MS });
        let timer = ms.map(|ms| Timeout::new(ms, move || dispatcher.dispatch(Action::Dismiss)));
        move || drop(timer)
    });
}
