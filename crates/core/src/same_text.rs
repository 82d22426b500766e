//! Equality of short texts without a call to `memcmp`.

/// Two texts of one length are the same, compared without a call for a field name's length (up
/// to 16 bytes: two loads of each, overlapping). Field names are compared with other copies of
/// them all the time (half the field index's lookups), and the call to `memcmp`, with the
/// registers it saves, was most of such a comparison.
#[cfg(not(target_arch = "wasm32"))]
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    debug_assert_eq!(a.len(), b.len(), "the callers compare lengths first");
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let word = |s: &[u8], at: usize| s.get(at..at + 8).and_then(|w| w.try_into().ok()).map(u64::from_ne_bytes);
    let half = |s: &[u8], at: usize| s.get(at..at + 4).and_then(|w| w.try_into().ok()).map(u32::from_ne_bytes);
    match a.len() {
        8..=16 => word(a, 0) == word(b, 0) && word(a, a.len() - 8) == word(b, b.len() - 8),
        4..8 => half(a, 0) == half(b, 0) && half(a, a.len() - 4) == half(b, b.len() - 4),
        _ => a == b,
    }
}

/// [`same_text`] in the page's module: `==` (smaller).
#[cfg(target_arch = "wasm32")]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_of_every_length_counts() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        for len in 0..=text.len() {
            let a = &text[..len];
            // Another copy, at another address.
            let copy: String = a.chars().collect();
            assert!(same_text(a, &copy), "{a}");
            for at in 0..len {
                let mut b = a.as_bytes().to_vec();
                b[at] = b'_';
                assert!(!same_text(a, std::str::from_utf8(&b).unwrap()), "{a} at {at}");
            }
        }
    }
}
