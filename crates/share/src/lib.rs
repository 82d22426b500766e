//! The playground's share-link format.
//!
//! A link carries the configuration in its fragment, so it never reaches a server:
//! `#c=` + base64url (RFC 4648 §5, no padding) of raw DEFLATE (RFC 1951) of the UTF-8 text, or
//! `#yaml=` + the percent-encoded plain text (handy for hand-written links). Decoding is bounded:
//! a link never expands to more than [`MAX_TEXT_BYTES`].

mod base64url;
mod error;
mod inflate;
mod percent;

pub use error::ShareError;

/// Largest configuration text a link may decode to (1 MiB): stops zip bombs.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// Largest payload accepted before decoding. DEFLATE never grows data by more than a few bytes per
/// 64 KiB block and base64 adds a third, so a valid payload of [`MAX_TEXT_BYTES`] is well below this.
const MAX_PAYLOAD_CHARS: usize = 2 * MAX_TEXT_BYTES;

/// Fragment key of the compressed form.
const COMPRESSED_KEY: &str = "c=";

/// Fragment key of the plain, percent-encoded form.
const PLAIN_KEY: &str = "yaml=";

/// The payload that follows `c=` for `text`.
pub fn encode(text: &str) -> String {
    // Level 9 is the best miniz ratio that stays fast on the page's typical few-KB texts.
    base64url::encode(&miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9))
}

/// The text carried by a `c=` payload.
pub fn decode(payload: &str) -> Result<String, ShareError> {
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLarge);
    }
    let compressed = base64url::decode(payload)?;
    let bytes = inflate::inflate(&compressed, MAX_TEXT_BYTES).map_err(|e| match e {
        inflate::InflateError::TooLarge => ShareError::TooLarge,
        inflate::InflateError::Invalid => ShareError::InvalidDeflate,
    })?;
    String::from_utf8(bytes).map_err(|_| ShareError::NotUtf8)
}

/// `base` with its fragment (if any) replaced by `#c=` and the payload for `text`.
pub fn link(text: &str, base: &str) -> String {
    link_from_deflate(&miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9), base)
}

/// `base` with its fragment (if any) replaced by `#c=` and the payload for `compressed`, the text's
/// raw DEFLATE from any encoder (the web page uses the browser's, so it ships no compressor).
pub fn link_from_deflate(compressed: &[u8], base: &str) -> String {
    let base = base.split_once('#').map_or(base, |(before, _)| before);
    format!("{base}#{COMPRESSED_KEY}{}", base64url::encode(compressed))
}

/// The text carried by a share link, a bare fragment (`#c=…`) or fragment content (`c=…`).
///
/// `Ok(None)` when there is no `c=` or `yaml=` parameter. Parameters are `&`-separated, so the
/// page may add others (e.g. options) next to the text.
pub fn read_link(url_or_fragment: &str) -> Result<Option<String>, ShareError> {
    let fragment = url_or_fragment.split_once('#').map_or(url_or_fragment, |(_, after)| after);
    for param in fragment.split('&') {
        if let Some(payload) = param.strip_prefix(COMPRESSED_KEY) {
            return decode(payload).map(Some);
        }
        if let Some(payload) = param.strip_prefix(PLAIN_KEY) {
            if payload.len() > 3 * MAX_TEXT_BYTES {
                return Err(ShareError::TooLarge);
            }
            let bytes = percent::decode(payload)?;
            if bytes.len() > MAX_TEXT_BYTES {
                return Err(ShareError::TooLarge);
            }
            return String::from_utf8(bytes).map(Some).map_err(|_| ShareError::NotUtf8);
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests;
