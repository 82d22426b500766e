//! "Did you mean …?" for misspelled keys and enum values, and the edit distance behind it.

/// A character as keys are compared: case-insensitive, with `-` and ` ` read as `_`.
fn fold(c: char) -> char {
    match c {
        '-' | ' ' => '_',
        c => c.to_ascii_lowercase(),
    }
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    edit_distance_by(a, b, |c| c)
}

/// Levenshtein distance after mapping every character through `fold`; allocation-free for words
/// up to 63 characters (longer words are never "close": `usize::MAX`).
pub fn edit_distance_by(a: &str, b: &str, fold: impl Fn(char) -> char) -> usize {
    distance_within(a, b, fold, usize::MAX)
}

/// Words of this many characters or more are never close.
const LONGEST: usize = 64;

/// [`edit_distance_by`], or `usize::MAX` as soon as the distance is sure to exceed `limit`: no
/// entry of a row of the table is smaller than the smallest of the row before.
fn distance_within(a: &str, b: &str, fold: impl Fn(char) -> char, limit: usize) -> usize {
    let mut b_buf = ['\0'; LONGEST];
    let b_len = b.chars().count();
    if b_len >= LONGEST || a.chars().count() >= LONGEST {
        return usize::MAX;
    }
    for (slot, c) in b_buf.iter_mut().zip(b.chars()) {
        *slot = fold(c);
    }
    let b = &b_buf[..b_len];
    // Distances between words shorter than `LONGEST` fit a byte.
    let mut prev = [0u8; LONGEST];
    let mut cur = [0u8; LONGEST];
    for (p, j) in prev.iter_mut().zip(0..=u8::MAX).take(b_len + 1) {
        *p = j;
    }
    for (ca, i) in a.chars().map(fold).zip(1..=u8::MAX) {
        cur[0] = i;
        let mut smallest = i;
        for (j, cb) in b.iter().enumerate() {
            let entry = (prev[j] + u8::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
            cur[j + 1] = entry;
            smallest = smallest.min(entry);
        }
        if usize::from(smallest) > limit {
            return usize::MAX;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    usize::from(prev[b_len])
}

/// The same word once folded (folding keeps each character's length in bytes: words of
/// different lengths differ).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.chars().map(fold).eq(b.chars().map(fold))
}

/// The closest candidate, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if let Some(exact) = candidates.iter().find(|c| same(c, word)) {
        return Some(exact);
    }
    let plural = candidates.iter().find(|c| {
        word.strip_suffix('s').is_some_and(|w| same(c, w)) || c.strip_suffix('s').is_some_and(|c| same(c, word))
    });
    if let Some(p) = plural {
        return Some(p);
    }
    let length = word.chars().count();
    let limit = (length / 3).clamp(1, 3);
    candidates
        .iter()
        // The distance is at least the difference in length: most candidates are ruled out
        // before the distance is computed.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (distance_within(word, c, fold, limit), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance_by("Spot-Policy", "spot_policy", fold), 0);
        assert_eq!(distance_within("kitten", "sitting", |c| c, 3), 3);
        // Past the limit: the distance itself where no row was beyond it, else `usize::MAX`.
        assert_eq!(distance_within("kitten", "sitting", |c| c, 2), 3);
        assert_eq!(distance_within("kitten", "sitting", |c| c, 0), usize::MAX);
        assert_eq!(distance_within("abc", "xyz", |c| c, 0), usize::MAX);
        assert_eq!(edit_distance(&"a".repeat(63), ""), 63);
        assert_eq!(edit_distance(&"a".repeat(64), ""), usize::MAX);
    }

    #[test]
    fn typos() {
        let keys = ["resources", "spot_policy", "commands", "max_duration"];
        assert_eq!(closest("resource", &keys), Some("resources"));
        assert_eq!(closest("spot-policy", &keys), Some("spot_policy"));
        assert_eq!(closest("command", &keys), Some("commands"));
        assert_eq!(closest("max_duraton", &keys), Some("max_duration"));
        assert_eq!(closest("foo", &keys), None);
        assert_eq!(closest("SPOT", &["spot", "on-demand", "auto"]), Some("spot"));
        assert_eq!(closest("ondemand", &["spot", "on-demand", "auto"]), Some("on-demand"));
    }
}
