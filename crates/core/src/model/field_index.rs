//! Positions of a model's fields by name in constant time: the walker asks "does this model
//! have the field, and where does it print?" for every field of every shared group, and a scan of
//! the field order per question was a quarter of the checker's time.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU8, Ordering};

use super::{ConfigType, fields};
use crate::DstackVersion;
use crate::same_text::same_text;

/// Slots of the table: a power of two, at least twice the longest field order.
const SLOTS: usize = 256;

/// An empty slot.
const EMPTY: u8 = u8::MAX;

/// The positions of `names` (a model's field order), by name.
pub(crate) struct FieldIndex {
    names: &'static [&'static str],
    /// Open addressing with linear probing: each slot holds a position in `names` or [`EMPTY`].
    /// Boxed: a validation's result carries its model's index, and moving the table with it was
    /// a copy of a few hundred bytes per run of the model.
    slots: Box<[u8; SLOTS]>,
    /// The position of the field the walker recorded after the one at `i - 1` last time (at
    /// `i = 0`: its first field): it records a model's fields in the same order every time,
    /// though not the output order, so the next field is guessed without a lookup. Only a
    /// guess, checked before use: learnt with relaxed atomics, shared by every validation.
    successors: Vec<AtomicU8>,
}

impl Clone for FieldIndex {
    fn clone(&self) -> FieldIndex {
        let successors = self.successors.iter().map(|s| AtomicU8::new(s.load(Ordering::Relaxed))).collect();
        FieldIndex { names: self.names, slots: self.slots.clone(), successors }
    }
}

impl FieldIndex {
    /// Indexes a field order; fields past the table's capacity are found by a scan.
    pub(crate) fn new(names: &'static [&'static str]) -> FieldIndex {
        let mut slots = Box::new([EMPTY; SLOTS]);
        for (position, name) in names.iter().enumerate().take(SLOTS / 2) {
            let mut slot = hash(name);
            while slots[slot] != EMPTY {
                slot = (slot + 1) % SLOTS;
            }
            // `take(SLOTS / 2)` keeps the position below `EMPTY`.
            slots[slot] = position as u8;
        }
        // First guess: the output order. Positions past a byte are not guessed.
        let successors = (0..=names.len()).map(|i| AtomicU8::new(u8::try_from(i).unwrap_or(EMPTY))).collect();
        FieldIndex { names, slots, successors }
    }

    /// The guessed position of the field recorded after the one at `after` (`None`: the first).
    #[inline]
    pub(crate) fn successor(&self, after: Option<usize>) -> usize {
        let at = after.map_or(0, |p| p + 1);
        self.successors.get(at).map_or(usize::from(EMPTY), |s| usize::from(s.load(Ordering::Relaxed)))
    }

    /// Learns that the field at `position` was recorded after the one at `after`.
    #[inline]
    pub(crate) fn learn(&self, after: Option<usize>, position: usize) {
        let at = after.map_or(0, |p| p + 1);
        if let (Some(successor), Ok(position)) = (self.successors.get(at), u8::try_from(position)) {
            successor.store(position, Ordering::Relaxed);
        }
    }

    /// Where `name` is in the field order, if the model has it.
    #[inline]
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        if self.names.len() > SLOTS / 2 {
            return self.scan(name);
        }
        let mut slot = hash(name);
        loop {
            let position = usize::from(self.slots[slot]);
            if self.slots[slot] == EMPTY {
                return None;
            }
            // The walker asks with the same static strings the field orders hold: the same
            // address settles it without comparing the bytes.
            let known = self.names[position];
            if known.len() == name.len() && (known.as_ptr() == name.as_ptr() || same_text(known, name)) {
                return Some(position);
            }
            slot = (slot + 1) % SLOTS;
        }
    }

    /// [`FieldIndex::position`] of a field order too long for the table.
    #[cold]
    fn scan(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| *n == name)
    }

    /// True when the model has the field `name`.
    #[inline]
    pub(crate) fn has(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// The index of [`fields::field_order`]`(ty, version)`, built once per process for the
    /// checker (building it for every validation was a twentieth of the validator's time); the
    /// web page builds it per validation, as a once-cell's code would grow its module.
    pub(crate) fn of_model(ty: ConfigType, version: DstackVersion) -> Cow<'static, FieldIndex> {
        #[cfg(target_arch = "wasm32")]
        return Cow::Owned(FieldIndex::new(fields::field_order(ty, version)));
        #[cfg(not(target_arch = "wasm32"))]
        return Cow::Borrowed(FieldIndex::shared(ty, version));
    }

    /// [`FieldIndex::of_model`], built once.
    #[cfg(not(target_arch = "wasm32"))]
    fn shared(ty: ConfigType, version: DstackVersion) -> &'static FieldIndex {
        static INDEXES: std::sync::OnceLock<Vec<FieldIndex>> = std::sync::OnceLock::new();
        let versions = DstackVersion::SUPPORTED.len();
        // In discriminant order, as they are looked up (found, not sorted: a sort's code would
        // grow the web module).
        let indexes = INDEXES.get_or_init(|| {
            (0..ConfigType::ALL.len() * versions)
                .filter_map(|i| {
                    let ty = ConfigType::ALL.into_iter().find(|ty| *ty as usize == i / versions)?;
                    let version = DstackVersion::SUPPORTED.into_iter().find(|v| *v as usize == i % versions)?;
                    Some(FieldIndex::new(fields::field_order(ty, version)))
                })
                .collect()
        });
        &indexes[ty as usize * versions + version as usize]
    }
}

/// A slot for `name` from its length and a few of its bytes (field names differ in those).
fn hash(name: &str) -> usize {
    let bytes = name.as_bytes();
    let (first, last, middle) = match bytes {
        [] => (0, 0, 0),
        [b] => (*b, *b, *b),
        _ => (bytes[0], bytes[bytes.len() - 1], bytes[bytes.len() / 2]),
    };
    let mixed = (bytes.len() as u32)
        .wrapping_mul(0x9E37_79B1)
        .wrapping_add(u32::from(first).wrapping_mul(0x85EB_CA77))
        .wrapping_add(u32::from(middle).wrapping_mul(0xC2B2_AE3D))
        .wrapping_add(u32::from(last).wrapping_mul(0x27D4_EB2F));
    (mixed >> 24) as usize % SLOTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_field_of_every_model_and_nothing_else() {
        for ty in ConfigType::ALL {
            for version in DstackVersion::SUPPORTED {
                let names = fields::field_order(ty, version);
                let index = FieldIndex::of_model(ty, version);
                assert!(std::ptr::eq(index.names, names), "{ty:?} {version}");
                let index = &*index;
                for (position, name) in names.iter().enumerate() {
                    assert_eq!(index.position(name), Some(position), "{ty:?} {version} {name}");
                }
                for other in ["", "x", "nam", "names", "commandz", "type ", "resources.gpu"] {
                    assert_eq!(index.position(other), names.iter().position(|n| *n == other), "{other}");
                }
            }
        }
    }

    #[test]
    fn the_next_field_is_guessed_from_the_last_order_seen() {
        let index = FieldIndex::new(&["a", "b", "c"]);
        assert_eq!([None, Some(0), Some(1), Some(2)].map(|after| index.successor(after)), [0, 1, 2, 3]);
        index.learn(None, 2);
        index.learn(Some(2), 0);
        assert_eq!([None, Some(0), Some(2)].map(|after| index.successor(after)), [2, 1, 0]);
        assert_eq!(index.clone().successor(None), 2);
    }

    #[test]
    fn a_long_field_order_is_scanned() {
        let names: &'static [&'static str] =
            Box::leak((0..200).map(|i| &*Box::leak(format!("f{i}").into_boxed_str())).collect::<Vec<&str>>().into());
        let index = FieldIndex::new(names);
        assert_eq!(index.position("f150"), Some(150));
        assert_eq!(index.position("f3"), Some(3));
        assert!(!index.has("f200"));
    }
}
