//! The app's browser glue, run in headless Chromium (wasm-bindgen-test): storage, the address
//! bar, the share codec compiled to wasm, and a page whose editor script failed to load.
#![cfg(target_arch = "wasm32")]

use dstack_core::DstackVersion;
use dstack_playground::{Playground, browser};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("timer");
}

/// Waits (up to 5 s) for an element under `root`: effects and re-renders are scheduled
/// asynchronously, later on a loaded machine.
async fn element(root: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    for _ in 0..250 {
        if let Ok(Some(found)) = root.query_selector(selector) {
            return Some(found);
        }
        sleep(20).await;
    }
    None
}

#[wasm_bindgen_test]
fn draft_and_its_release_round_trip_through_local_storage() {
    browser::save_draft("type: task\nname: é☃\n", DstackVersion::V0_18_37);
    assert_eq!(browser::load_draft().as_deref(), Some("type: task\nname: é☃\n"));
    assert_eq!(browser::load_draft_version(), Some(DstackVersion::V0_18_37));
    browser::save_draft("", DstackVersion::V0_22_5);
    assert_eq!(browser::load_draft().as_deref(), Some(""));
    assert_eq!(browser::load_draft_version(), Some(DstackVersion::V0_22_5));
    window()
        .local_storage()
        .ok()
        .flatten()
        .expect("storage")
        .set_item("dstack-playground.version", "0.1")
        .expect("set");
    assert_eq!(browser::load_draft_version(), None);
}

#[wasm_bindgen_test]
fn share_link_in_the_address_bar_decodes_to_the_same_text() {
    let text = "type: task\ncommands:\n  - echo \"🚀\"\r\n# <img src=x>";
    let link = dstack_share::link(text, &browser::href());
    browser::replace_url(&link);
    assert_eq!(browser::href(), link);
    assert_eq!(&browser::hash()[..3], "#c=");
    assert_eq!(dstack_share::read_link(&browser::hash()), Ok(Some(text.to_string())));
    browser::clear_hash();
    assert_eq!(browser::hash(), "");
    assert_eq!(browser::href().split_once('#'), None);
}

#[wasm_bindgen_test]
fn hand_written_yaml_link_decodes() {
    browser::replace_url("#yaml=type%3A%20task%0Anodes%3A%202%0A");
    assert_eq!(dstack_share::read_link(&browser::hash()), Ok(Some("type: task\nnodes: 2\n".to_string())));
    browser::clear_hash();
}

#[wasm_bindgen_test]
async fn app_without_its_editor_script_still_shows_results() {
    browser::save_draft("type: task\ncommands: [echo hi]\n", DstackVersion::V0_18_37);
    let document = window().document().expect("a document");
    let root = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&root).expect("append");
    let app = yew::Renderer::<Playground>::with_root(root.clone()).render();
    let failed = element(&root, ".editor-failed").await.expect("the editor's failure message");
    let status = element(&root, "[data-testid=status]").await.expect("a status line");
    assert_eq!(status.get_attribute("data-state").as_deref(), Some("valid"));
    assert_eq!(
        failed.text_content().as_deref(),
        Some("The editor could not start (its script did not load). Reload the page to try again.")
    );
    let mark =
        window().performance().expect("performance").get_entries_by_name(dstack_playground::app::FIRST_RESULT_MARK);
    assert_eq!(mark.length(), 1);
    app.destroy();
    root.dyn_into::<web_sys::HtmlElement>().expect("an element").remove();
}
