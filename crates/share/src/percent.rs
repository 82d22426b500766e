//! Percent-decoding of `yaml=` payloads (RFC 3986 §2.1).

use crate::ShareError;

/// Decodes `%XX` escapes; every other character stands for itself (`+` is not a space in a fragment).
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, ShareError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let high = bytes.get(i + 1).and_then(|&b| hex(b));
            let low = bytes.get(i + 2).and_then(|&b| hex(b));
            let (Some(high), Some(low)) = (high, low) else {
                return Err(ShareError::InvalidPercent { position: text[..i].chars().count() });
            };
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_literals() {
        assert_eq!(decode("a%20b+c%C3%A9%2f"), Ok("a b+cé/".as_bytes().to_vec()));
    }

    #[test]
    fn truncated_escape() {
        assert_eq!(decode("ab%2"), Err(ShareError::InvalidPercent { position: 2 }));
    }

    #[test]
    fn non_hex_escape() {
        assert_eq!(decode("é%G1"), Err(ShareError::InvalidPercent { position: 1 }));
    }
}
