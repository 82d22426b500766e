//! Inline SVG icons (no icon font or image requests; `currentColor` follows the theme).

use dstack_core::Severity;
use yew::{Html, html};

/// The icons the page uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    /// A severity: error.
    Error,
    /// A severity: warning.
    Warning,
    /// A severity: information.
    Info,
    /// Valid, no problems.
    Check,
    /// Share link.
    Share,
    /// Copy to clipboard.
    Copy,
    /// Download.
    Download,
    /// Close / dismiss.
    Close,
    /// Opens elsewhere (a new tab).
    External,
    /// Markdown text.
    Markdown,
}

impl Icon {
    /// The icon of a severity.
    pub fn of(severity: Severity) -> Icon {
        match severity {
            Severity::Error => Icon::Error,
            Severity::Warning => Icon::Warning,
            Severity::Info => Icon::Info,
        }
    }

    fn path(self) -> &'static str {
        match self {
            Icon::Error => "M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM5.6 5.6l4.8 4.8m0-4.8-4.8 4.8",
            Icon::Warning => "M8 1.8 15 14H1L8 1.8ZM8 6v3.6M8 11.4v.2",
            Icon::Info => "M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM8 7.2v4.3M8 4.6v.2",
            Icon::Check => "M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM5 8.2l2 2 4-4.2",
            Icon::Share => "M6 4.5 8 2.5l2 2M8 2.5v7.5M5 6.5H3.5v7h9v-7H11",
            Icon::Copy => "M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3",
            Icon::Download => "M8 2v8.5M4.8 7.3 8 10.5l3.2-3.2M2.5 13.5h11",
            Icon::Close => "m4 4 8 8m0-8-8 8",
            Icon::External => "M9 2.5h4.5V7M13.5 2.5 7.5 8.5M11.5 9.5v4h-9v-9h4",
            Icon::Markdown => "M1.5 3.5h13v9h-13zM4 10V6l2 2.2L8 6v4M11.5 6v4M10 8.6l1.5 1.4L13 8.6",
        }
    }
}

/// An icon, hidden from assistive technology (the control around it carries the name).
pub fn icon(kind: Icon) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d={kind.path()} fill="none" stroke="currentColor" stroke-width="1.5"
                stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}
