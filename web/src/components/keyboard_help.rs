//! The keyboard help: a modal dialog listing the keys that are not obvious, opened by the `?`
//! button or the `?` key outside the editor.

use yew::prelude::*;

/// The keys (chords pressed one after the other), and what they do.
const KEYS: [(&[&[&str]], &str); 8] = [
    (&[&["Esc"], &["Tab"]], "Leave the editor (Tab alone indents)"),
    (&[&["F8"]], "Go to the next problem in the editor"),
    (&[&["Ctrl", "F"]], "Search and replace in the text (F3: next match)"),
    (&[&["Ctrl", "Z"]], "Undo, also after loading an example (Ctrl+Shift+Z: redo)"),
    (&[&["Ctrl", "Shift", "M"]], "List the problems under the editor"),
    (&[&["Enter"]], "On a problem: select it in the editor"),
    (&[&["← / →"]], "On the JSON and Offers tabs: switch tab (also Home, End)"),
    (&[&["?"]], "Outside the editor: this help"),
];

/// One chord: its keys joined by `+`.
fn chord(keys: &[&str]) -> Html {
    html! {
        <kbd>{ for keys.iter().enumerate().map(|(i, k)| html! {
            <>{ if i > 0 { "+" } else { "" } }<kbd>{ *k }</kbd></>
        }) }</kbd>
    }
}

/// The dialog (closed until the page calls `showModal` on `dialog`).
pub fn keyboard_help(dialog: &NodeRef) -> Html {
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                d.close();
            }
        })
    };
    html! {
        <dialog class="keyboard-help" ref={dialog.clone()} aria-labelledby="keyboard-help-title">
            <h2 id="keyboard-help-title">{ "Keyboard shortcuts" }</h2>
            <dl>
                { for KEYS.iter().map(|(keys, what)| html! {
                    <div>
                        <dt>{ for keys.iter().enumerate().map(|(i, keys)| html! {
                            <>{ if i > 0 { " then " } else { "" } }{ chord(keys) }</>
                        }) }</dt>
                        <dd>{ *what }</dd>
                    </div>
                }) }
            </dl>
            <button type="button" class="button primary" onclick={close}>{ "Close" }</button>
        </dialog>
    }
}
