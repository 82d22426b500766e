//! The embed's side of the window boundary: messages from and to the host page, the height it
//! reports, and the attributes on the page's root element that the stylesheet reads.
//!
//! Nothing received is ever evaluated or inserted as markup: a message becomes a [`Json`] tree
//! (plain data only, bounded depth) and [`protocol::read`] decides what it means.

use std::cell::Cell;
use std::rc::Rc;

use dstack_core::Json;
use gloo::events::EventListener;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::options::{Height, HostOrigin, Theme};
use super::protocol::{self, Incoming, PREFIX};

/// Deepest nesting converted from a message; the protocol itself needs two levels.
const MAX_DEPTH: usize = 8;

/// Largest integer a JS number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The page that frames the embed and the origin it may be reached at.
pub struct Host {
    /// The parent window; `None` when the page is not framed or `origin=` was not an origin.
    parent: Option<web_sys::Window>,
    /// Who may send messages, and where ours go.
    origin: HostOrigin,
}

impl Host {
    /// The host for these `origin=` settings.
    pub fn new(origin: &HostOrigin) -> Host {
        let parent = match origin {
            HostOrigin::Invalid => None,
            HostOrigin::Any | HostOrigin::Exactly(_) => framing_window(),
        };
        Host { parent, origin: origin.clone() }
    }

    /// Posts `message` to the parent: to its origin only when `origin=` names one, else to any
    /// (`*`: the host sees results of the text it embedded, nothing more).
    pub fn post(&self, message: &Json) {
        let Some(parent) = &self.parent else { return };
        let target = match &self.origin {
            HostOrigin::Exactly(origin) => origin.as_str(),
            HostOrigin::Any | HostOrigin::Invalid => "*",
        };
        // Fails only if the message cannot be cloned, and ours are plain data.
        let _ = parent.post_message(&to_js(message), target);
    }

    /// Calls `on_message` with every valid message from the parent (and the `origin=` origin);
    /// answers messages with our prefix that are malformed with an `error`; ignores the rest.
    /// `None` when there is no one to listen to.
    pub fn listen(self: &Rc<Self>, on_message: impl Fn(Incoming) + 'static) -> Option<EventListener> {
        let parent = self.parent.clone()?;
        let window = web_sys::window()?;
        let host = self.clone();
        Some(EventListener::new(&window, "message", move |event| {
            let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
            // Only the framing page: not other frames, popups, or the page itself.
            if !event.source().is_some_and(|source| Object::is(&source, &parent)) {
                return;
            }
            if let HostOrigin::Exactly(origin) = &host.origin
                && event.origin() != *origin
            {
                return;
            }
            let data = event.data();
            // Other scripts' messages are not even converted.
            let ours = is_plain_object(&data)
                && Reflect::get(&data, &JsValue::from_str("type"))
                    .ok()
                    .and_then(|t| t.as_string())
                    .is_some_and(|t| t.starts_with(PREFIX));
            if !ours {
                return;
            }
            match to_json(&data, 0).and_then(|message| protocol::read(&message)) {
                Ok(Some(incoming)) => on_message(incoming),
                Ok(None) => {}
                Err(reason) => host.post(&protocol::error(&reason)),
            }
        }))
    }
}

/// The parent window, when this page is in a frame.
fn framing_window() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    // At top level, `window.parent` is the window itself: posting there would talk to ourselves.
    (!Object::is(&parent, &window)).then_some(parent)
}

/// An object literal's kind of object (not an array, a `Map`, a `Date` …).
fn is_plain_object(value: &JsValue) -> bool {
    if !value.is_object() || Array::is_array(value) {
        return false;
    }
    let prototype = Object::get_prototype_of(value);
    prototype.is_null() || Object::is(&prototype, &Object::get_prototype_of(&Object::new()))
}

/// A received value as plain data: `null`/`undefined`, booleans, numbers, strings, arrays and
/// plain objects; anything else, or deeper than [`MAX_DEPTH`], rejects the message.
fn to_json(value: &JsValue, depth: usize) -> Result<Json, String> {
    if depth > MAX_DEPTH {
        return Err(format!("the message is nested more than {MAX_DEPTH} levels deep"));
    }
    if value.is_null() || value.is_undefined() {
        Ok(Json::Null)
    } else if let Some(b) = value.as_bool() {
        Ok(Json::Bool(b))
    } else if let Some(n) = value.as_f64() {
        let integral = n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER;
        Ok(if integral { Json::Int(n as i128) } else { Json::Float(n) })
    } else if let Some(s) = value.as_string() {
        Ok(Json::Str(s))
    } else if Array::is_array(value) {
        let items: &Array = value.unchecked_ref();
        items.iter().map(|item| to_json(&item, depth + 1)).collect::<Result<_, _>>().map(Json::Array)
    } else if is_plain_object(value) {
        let object: &Object = value.unchecked_ref();
        Object::keys(object)
            .iter()
            .map(|key| {
                let item =
                    Reflect::get(value, &key).map_err(|_| "a field of the message cannot be read".to_string())?;
                Ok((key.as_string().unwrap_or_default().into(), to_json(&item, depth + 1)?))
            })
            .collect::<Result<_, String>>()
            .map(Json::Object)
    } else {
        Err("message values must be objects, arrays, strings, numbers, booleans or null".to_string())
    }
}

/// A [`Json`] tree as a JS value, numbers as `JSON.parse` would read them.
fn to_js(json: &Json) -> JsValue {
    match json {
        Json::Null => JsValue::NULL,
        Json::Bool(b) => JsValue::from_bool(*b),
        // `as` rounds to the nearest double, as `JSON.parse` does; small ints are exact.
        Json::Int(i) => JsValue::from_f64(*i as f64),
        Json::BigInt(_) => JsValue::from_f64(json.as_f64().unwrap_or(f64::NAN)),
        Json::Float(f) => JsValue::from_f64(*f),
        Json::Str(s) => JsValue::from_str(s),
        Json::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Json::Object(entries) => {
            // No prototype, so a key such as `__proto__` (env names come from the text) stays a key.
            let object: Object = Object::create(JsValue::NULL.unchecked_ref());
            for (key, value) in entries {
                // Setting a data property on a fresh, prototype-less object cannot fail.
                let _ = Reflect::set(&object, &JsValue::from_str(key), &to_js(value));
            }
            object.into()
        }
    }
}

/// Posts `resize` whenever the page's height changes, until dropped.
pub struct HeightReporter {
    observer: web_sys::ResizeObserver,
    // Called by the observer as long as it observes.
    _callback: Closure<dyn FnMut()>,
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Starts reporting the height of the page's content to `host` (`height=auto`).
pub fn report_height(host: Rc<Host>) -> Option<HeightReporter> {
    let body = web_sys::window()?.document()?.body()?;
    let measured = body.clone();
    let last = Cell::new(0);
    // The observer calls back at most once per frame, after layout: that is the debounce.
    let callback = Closure::<dyn FnMut()>::new(move || {
        let height = measured.get_bounding_client_rect().height().ceil() as u32;
        if height != last.replace(height) {
            host.post(&protocol::resize(height));
        }
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&body);
    Some(HeightReporter { observer, _callback: callback })
}

fn set_root_attribute(name: &str, value: Option<&str>) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    // Attributes on <html> only steer the stylesheet: failing to set one leaves the default look.
    let _ = match value {
        Some(value) => root.set_attribute(name, value),
        None => root.remove_attribute(name),
    };
}

/// Forces the light or dark colours (`data-theme` on `<html>`), or follows the system.
pub fn set_theme(theme: Theme) {
    set_root_attribute("data-theme", (theme != Theme::Auto).then(|| theme.name()));
}

/// Marks the page as an embed for the stylesheet (`data-embed` on `<html>`), which grows with
/// its content (`auto`) or fills the frame (`fill`).
pub fn mark_embed(height: Height) {
    set_root_attribute("data-embed", Some(height.name()));
}
