//! "Did you mean …?" for misspelled keys and enum values.

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn canonical(s: &str) -> String {
    s.to_lowercase().replace(['-', ' '], "_")
}

/// The closest candidate, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = canonical(word);
    if let Some(exact) = candidates.iter().find(|c| canonical(c) == w) {
        return Some(exact);
    }
    let plural = candidates.iter().find(|c| canonical(c) == format!("{w}s") || format!("{}s", canonical(c)) == w);
    if let Some(p) = plural {
        return Some(p);
    }
    let limit = (w.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| (distance(&w, &canonical(c)), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

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
