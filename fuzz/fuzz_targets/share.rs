//! The share-link decoder on any text a URL fragment can hold, and the codec's round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(Some(decoded)) = dstack_share::read_link(text) {
        assert!(decoded.len() <= dstack_share::MAX_TEXT_BYTES);
    }
    // Whatever the text, its own link must decode back to it.
    if text.len() > dstack_share::MAX_TEXT_BYTES {
        return;
    }
    let link = dstack_share::link(text, "https://example.org/");
    assert_eq!(dstack_share::read_link(&link), Ok(Some(text.to_string())));
});
