//! The embed's postMessage parser on any JSON a host page could send.
#![no_main]

use dstack_core::Json;
use dstack_playground::embed::protocol;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(message) = Json::parse(text) else { return };
    let _ = protocol::read(&message);
});
