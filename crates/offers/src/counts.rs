//! Offer counts by key, in key order: a sorted list, which does the work of a `BTreeMap` for a few
//! hundred keys in less wasm (-1.3 KB lzma of the page, where the estimate's three maps were its
//! only B-trees of these types).

use std::borrow::Borrow;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Counts by key, in ascending key order, each key once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counts<K>(Vec<(K, usize)>);

impl<K> Default for Counts<K> {
    fn default() -> Self {
        Counts(Vec::new())
    }
}

impl<K: Ord> Counts<K> {
    /// Where `key` is, or where it would go.
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Sets the count of `key`.
    pub fn insert(&mut self, key: K, count: usize) {
        match self.find(&key) {
            Ok(i) => self.0[i].1 = count,
            Err(i) => self.0.insert(i, (key, count)),
        }
    }

    /// The count of `key`, if it has one.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&usize>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// True when `key` has a count.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }
}

impl<K> Counts<K> {
    /// The keys and their counts, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &usize)> {
        self.0.iter().map(|(k, c)| (k, c))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    /// How many keys have a count.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when no key has a count.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Ord> Extend<(K, usize)> for Counts<K> {
    fn extend<I: IntoIterator<Item = (K, usize)>>(&mut self, items: I) {
        for (key, count) in items {
            self.insert(key, count);
        }
    }
}

impl<K: Ord, const N: usize> From<[(K, usize); N]> for Counts<K> {
    fn from(items: [(K, usize); N]) -> Self {
        let mut counts = Counts::default();
        counts.extend(items);
        counts
    }
}

/// A JSON object in key order, as a `BTreeMap` serializes.
impl<K: Serialize> Serialize for Counts<K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, c) in &self.0 {
            map.serialize_entry(k, c)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_in_order_once_each() {
        let mut counts = Counts::from([("gcp", 2), ("aws", 1)]);
        counts.insert("azure", 3);
        counts.insert("aws", 4);
        assert_eq!(counts.iter().collect::<Vec<_>>(), [(&"aws", &4), (&"azure", &3), (&"gcp", &2)]);
        assert_eq!((counts.get("gcp"), counts.get("lambda"), counts.len()), (Some(&2), None, 3));
        assert!(counts.contains_key("azure") && !counts.is_empty());
        assert_eq!(counts.keys().copied().collect::<Vec<_>>(), ["aws", "azure", "gcp"]);
        let json = serde_json::to_string(&Counts::from([("b".to_string(), 1), ("a".to_string(), 2)])).unwrap();
        assert_eq!(json, r#"{"a":2,"b":1}"#);
    }
}
