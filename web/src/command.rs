//! What the page's controls ask for. Every button, menu and tab sends a [`Cmd`] through one
//! `Callback<Cmd>`: one callback type, one click handler, instead of yew's callback machinery
//! instantiated once per control.

use std::rc::Rc;

use dstack_core::{DstackVersion, Range};
use yew::{Callback, MouseEvent};

use crate::components::pane_tabs::Pane;
use crate::state::{JsonView, Panel};

/// A request from a control of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Cmd {
    /// Select this range in the editor (a problem was chosen).
    Select(Range),
    /// Load the example with this id.
    Example(String),
    /// Check against this release.
    Version(DstackVersion),
    /// Copy a link to the text.
    Share,
    /// Copy the text as Markdown: a yaml block and the link.
    Markdown,
    /// Put this text back into the editor (a notice's Undo or Restore button).
    Restore(Rc<str>),
    /// Hide the notice.
    Dismiss,
    /// Show this JSON view.
    View(JsonView),
    /// Copy this JSON text.
    Copy(Rc<str>),
    /// Download this JSON text.
    Download(Rc<str>),
    /// Show this side panel.
    Panel(Panel),
    /// Show this pane (phones).
    Pane(Pane),
}

/// The click handler that sends `cmd` to `on`.
pub fn click(on: &Callback<Cmd>, cmd: Cmd) -> Callback<MouseEvent> {
    let on = on.clone();
    Callback::from(move |_: MouseEvent| on.emit(cmd.clone()))
}
