//! Terminal display width of characters, so carets line up under wide and combining characters.
//!
//! A small table instead of a dependency: configurations are mostly ASCII, and the ranges below
//! cover CJK, Hangul, fullwidth forms and emoji (width 2) and the common combining marks (width 0).

/// Columns a tab occupies in the code frame (rustc also prints tabs as four spaces).
pub(crate) const TAB_WIDTH: usize = 4;

const WIDE: &[(u32, u32)] = &[
    (0x1100, 0x115F),
    (0x2E80, 0x303E),
    (0x3041, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA000, 0xA4CF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x1F300, 0x1F64F),
    (0x1F680, 0x1F6FF),
    (0x1F900, 0x1F9FF),
    (0x20000, 0x3FFFD),
];

const ZERO: &[(u32, u32)] = &[(0x0300, 0x036F), (0x200B, 0x200F), (0x20D0, 0x20FF), (0xFE00, 0xFE0F), (0xFE20, 0xFE2F)];

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table.iter().any(|&(low, high)| (low..=high).contains(&c))
}

/// Columns `c` takes when printed in the code frame.
pub(crate) fn char_width(c: char) -> usize {
    if c == '\t' {
        TAB_WIDTH
    } else if in_table(ZERO, c) {
        0
    } else if in_table(WIDE, c) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(['a', 'é', '\t', '中', '🚀', '\u{301}', '가'].map(char_width), [1, 1, 4, 2, 2, 0, 2]);
    }
}
