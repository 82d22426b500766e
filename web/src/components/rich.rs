//! Diagnostic text with its backticked identifiers shown as code; always text, never markup.

use yew::{Html, html};

use crate::rich_text::code_spans;

/// `text` as inline nodes: backticked parts in `<code>`.
pub fn rich(text: &str) -> Html {
    html! {
        <>{ for code_spans(text).into_iter().map(|(code, part)| if code {
            html! { <code>{ part.to_string() }</code> }
        } else {
            html! { part.to_string() }
        }) }</>
    }
}
