//! Offsets between JavaScript's UTF-16 strings and Rust's UTF-8 ones, for callers in a browser.

/// The byte offset of the character at `utf16` UTF-16 units into `text` (clamped to its end; an
/// offset inside a surrogate pair is the start of its character).
pub fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > utf16 as usize {
            return i;
        }
    }
    text.len()
}

/// The UTF-16 length of `text[..byte]` (0 when `byte` is not a character boundary of `text`).
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    text.get(..byte).map_or(0, |head| head.encode_utf16().count()) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_cross_between_utf16_and_bytes() {
        let text = "a: é😀\nb";
        // `é` is 1 unit and 2 bytes, `😀` 2 units and 4 bytes.
        assert_eq!([0, 3, 4, 5, 6, 7, 8, 99].map(|u| byte_offset(text, u)), [0, 3, 5, 5, 9, 10, 11, 11]);
        assert_eq!([0, 3, 5, 9, 10, 11].map(|b| utf16_offset(text, b)), [0, 3, 4, 6, 7, 8]);
    }
}
