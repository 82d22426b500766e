//! One sort routine for the whole checker: every `sort_by` call site monomorphizes its own copy of
//! the standard library's sort (2–3 KB of wasm each); these helpers route them all through a
//! single non-generic sort of indices.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, stably (equal items keep their order).
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&items[a], &items[b]));
    reorder(items, order);
}

/// Sorts `items` by the key `key` gives, stably; each item's key is computed once (a key may be
/// a search, like a field's position in the declaration order).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    // Most lists arrive in order already (diagnostics as found); keys are totally ordered, so
    // such a list is what the sort would give.
    if keys.is_sorted() {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| keys[a].cmp(&keys[b]));
    reorder(items, order);
}

/// Sorts `items` by a small position each item's key gives (`None` first), stably, in linear
/// time: a model's fields into their declaration order, without comparisons.
pub fn sort_by_position<T>(items: &mut [T], key: impl Fn(&T) -> Option<usize>) {
    let keys = items.iter().map(|item| key(item).map_or(0, |p| p + 1)).collect();
    sort_by_keys(items, keys);
}

/// [`sort_by_position`] with each item's small key known already (`keys[i]` is item `i`'s).
pub fn sort_by_keys<T>(items: &mut [T], keys: Vec<usize>) {
    if keys.is_sorted() {
        return;
    }
    // Counting sort: where each position's items start, then each item in its place.
    let mut starts = vec![0; keys.iter().max().map_or(0, |m| m + 2)];
    for &k in &keys {
        starts[k + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut order = vec![0; keys.len()];
    for (i, &k) in keys.iter().enumerate() {
        order[starts[k]] = i;
        starts[k] += 1;
    }
    reorder(items, order);
}

/// Puts `items` in the order of the indices `order` (item `order[j]` goes to place `j`) in
/// place: each cycle of the permutation is followed once, by swaps, with no second list.
fn reorder<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut place = start;
        loop {
            // A place is done once filled: its index stands in `order` for "already there".
            let from = std::mem::replace(&mut order[place], place);
            if from == start {
                break;
            }
            items.swap(place, from);
            place = from;
        }
    }
}

/// Sorts `items` in ascending order.
pub fn sort<T: Ord>(items: &mut [T]) {
    // A total order: a list in order already is what the sort would give.
    if items.is_sorted() {
        return;
    }
    sort_by(items, T::cmp);
}

/// The one sort: a bottom-up merge sort of indices, stable (a run's item goes first unless the
/// next run's is smaller). Hand-written: the standard sort of indices was 4 KB of wasm.
fn sort_indices(order: &mut Vec<usize>, cmp: &dyn Fn(usize, usize) -> Ordering) {
    let n = order.len();
    let mut from = std::mem::take(order);
    let mut to = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right) = (start, mid);
            for slot in &mut to[start..end] {
                if right < end && (left == mid || cmp(from[right], from[left]) == Ordering::Less) {
                    *slot = from[right];
                    right += 1;
                } else {
                    *slot = from[left];
                    left += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    *order = from;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_the_comparison_keeping_ties_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn sorts_by_key_and_by_value() {
        let mut v = vec!["ccc", "a", "bb", "b"];
        sort_by_key(&mut v, |s| std::cmp::Reverse(s.len()));
        assert_eq!(v, ["ccc", "bb", "a", "b"]);
        sort(&mut v);
        assert_eq!(v, ["a", "b", "bb", "ccc"]);
        let mut fields = vec![("c", 0), ("a", 1), ("x", 2), ("b", 3), ("a", 4), ("y", 5)];
        let position = |name: &str| ["a", "b", "c"].iter().position(|f| *f == name);
        sort_by_position(&mut fields, |(name, _)| position(name));
        assert_eq!(fields, [("x", 2), ("y", 5), ("a", 1), ("a", 4), ("b", 3), ("c", 0)]);
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert_eq!(empty, []);
    }

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        // Pseudo-random lists of every length up to 70, with many ties.
        let mut seed = 7u32;
        for len in 0..70 {
            let v: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 9, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v;
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "{len}");
        }
    }
}
