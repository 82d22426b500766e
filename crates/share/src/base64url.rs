//! Base64url (RFC 4648 §5) without padding: the URL-safe alphabet needs no escaping in a fragment.

use crate::ShareError;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes `bytes` without `=` padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        // A chunk of k bytes yields k + 1 characters; the rest would be padding.
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 0x3f) as usize]));
        }
    }
    out
}

/// Decodes base64url; trailing `=` padding is tolerated because some tools add it when copying.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, ShareError> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0;
    for (position, c) in text.bytes().enumerate() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(ShareError::InvalidBase64 { position: char_index(text, position) }),
        };
        acc = (acc << 6 | u32::from(value)) & 0xff_ffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // One leftover character carries only 6 bits: no encoder ends a payload that way. Every
    // character is ASCII here, so the byte length is the character count.
    if text.len() % 4 == 1 {
        return Err(ShareError::InvalidBase64 { position: text.len() });
    }
    Ok(out)
}

/// Character index of byte offset `byte` (the payload may contain non-ASCII junk).
fn char_index(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|&(i, _)| i < byte).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        // RFC 4648 §10, with the padding removed.
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded), Ok(plain.as_bytes().to_vec()));
        }
    }

    #[test]
    fn url_safe_alphabet() {
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "-_-_");
        assert_eq!(decode("-_-_"), Ok(vec![0xfb, 0xff, 0xbf]));
    }

    #[test]
    fn padding_is_tolerated() {
        assert_eq!(decode("Zg=="), Ok(b"f".to_vec()));
    }

    #[test]
    fn standard_alphabet_is_rejected() {
        assert_eq!(decode("+/+/"), Err(ShareError::InvalidBase64 { position: 0 }));
    }

    #[test]
    fn impossible_length_is_rejected() {
        assert_eq!(decode("Zm9vY"), Err(ShareError::InvalidBase64 { position: 5 }));
    }

    #[test]
    fn position_counts_characters() {
        assert_eq!(decode("Zé!"), Err(ShareError::InvalidBase64 { position: 1 }));
    }
}
