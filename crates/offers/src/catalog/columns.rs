//! Reads the column store `build.rs` writes (`catalog_columns.bin`) back into [`Row`]s. In order:
//!
//! 1. the distinct prices, ascending, in micro-dollars: each the LEB128 varint of its difference
//!    to the one before;
//! 2. the distinct hardware shapes, column by column: vCPUs (u16), then memory, GPU count, GPU
//!    name, GPU memory, disk and vendor (u8 each; decimal values index `NUMBERS`);
//! 3. the rows, column by column: backend (u8), region, instance type (u16 each);
//! 4. the shape (u16) of each instance type, then the rows whose shape is not their instance
//!    type's: their count, their row numbers and their shapes (u16 each);
//! 5. the rows' price (u16), spot, flags and traits (u8 each) columns;
//! 6. the file positions (u16) of the rows after the candidates.
//!
//! A u16 column is all its low bytes, then all its high bytes. The u8 indices of optional values
//! use [`NONE8`] for none. A row's group is not stored: it is its offer key's order of first
//! appearance, among the candidate rows or among the flagged ones.

use std::collections::HashMap;

use super::{NONE8, NONE16, Row};

/// The decoded columns: rows and the price table their `price` indexes.
pub(super) struct Decoded {
    /// All rows, candidates first.
    pub rows: Vec<Row>,
    /// USD per hour, ascending.
    pub prices: Vec<f64>,
    /// Offer keys among the first `candidates` rows.
    pub candidate_groups: usize,
    /// Offer keys of the candidate and flagged rows.
    pub groups: usize,
    /// Offer keys of all rows, the rows of backends only 0.22.5 has included.
    pub all_groups: usize,
    /// File position of every row.
    pub positions: Vec<u16>,
}

/// A cursor over the column store.
struct Reader {
    bytes: &'static [u8],
}

impl Reader {
    /// The next `n` bytes: a u8 column.
    fn u8s(&mut self, n: usize) -> &'static [u8] {
        let (column, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        column
    }

    /// The next u16 column of `n` values.
    fn u16s(&mut self, n: usize) -> Vec<u16> {
        let (low, high) = (self.u8s(n), self.u8s(n));
        low.iter().zip(high).map(|(&l, &h)| u16::from_le_bytes([l, h])).collect()
    }

    /// The next LEB128 varint.
    fn varint(&mut self) -> u64 {
        let mut v = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8s(1)[0];
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                break;
            }
        }
        v
    }
}

/// A u8 index column value as the u16 index of [`Row`] (`NONE8` stays none).
fn wide(index: u8) -> u16 {
    if index == NONE8 { NONE16 } else { u16::from(index) }
}

/// How many rows of each part the column store holds.
pub(super) struct Parts {
    /// All rows.
    pub rows: usize,
    /// 0.18.37 candidates, first.
    pub candidates: usize,
    /// Flagged rows of 0.18.37 backends, next; the rest are rows of backends only 0.22.5 has.
    pub flagged: usize,
}

/// How many entries each table of the column store holds.
pub(super) struct Tables {
    /// Distinct hardware shapes.
    pub shapes: usize,
    /// Distinct prices.
    pub prices: usize,
    /// Distinct instance types.
    pub instance_types: usize,
}

/// Decodes `bytes`: the rows of `parts`, with the tables of `tables`.
pub(super) fn decode(bytes: &'static [u8], parts: &Parts, tables: &Tables) -> Decoded {
    let Parts { rows, candidates, flagged } = *parts;
    let Tables { shapes, prices, instance_types } = *tables;
    let mut r = Reader { bytes };
    let mut micros = 0;
    let prices = (0..prices)
        .map(|_| {
            micros += r.varint();
            // Exactly the f64 of the price's decimal text (build.rs checks every price).
            micros as f64 / 1e6
        })
        .collect();
    let cpu = r.u16s(shapes);
    let [memory, gpu_count, gpu_name, gpu_memory, disk, vendor] = [(); 6].map(|()| r.u8s(shapes));
    let backend = r.u8s(rows);
    let [region, instance] = [(); 2].map(|()| r.u16s(rows));
    let instance_shape = r.u16s(instance_types);
    let exceptions = usize::from(r.u16s(1)[0]);
    let (exception_rows, exception_shapes) = (r.u16s(exceptions), r.u16s(exceptions));
    let mut shape: Vec<u16> = instance.iter().map(|&i| instance_shape[usize::from(i)]).collect();
    for (&row, &s) in exception_rows.iter().zip(&exception_shapes) {
        shape[usize::from(row)] = s;
    }
    let price = r.u16s(rows);
    let [spot, flags, traits] = [(); 3].map(|()| r.u8s(rows));
    let mut rows: Vec<Row> = (0..rows)
        .map(|i| {
            let s = usize::from(shape[i]);
            Row {
                backend: backend[i],
                region: region[i],
                instance: instance[i],
                price: price[i],
                cpu: cpu[s],
                memory: wide(memory[s]),
                gpu_count: gpu_count[s],
                gpu_name: gpu_name[s],
                gpu_memory: wide(gpu_memory[s]),
                spot: spot[i] != 0,
                disk: wide(disk[s]),
                vendor: vendor[s],
                flags: flags[i],
                traits: traits[i],
                group: 0,
            }
        })
        .collect();
    let candidate_groups = number_groups(&mut rows[..candidates], 0);
    let groups = candidate_groups + number_groups(&mut rows[candidates..candidates + flagged], candidate_groups);
    let all_groups = groups + number_groups(&mut rows[candidates + flagged..], groups);
    // The candidates fill the file positions the later rows leave free, in order.
    let count = parts.rows;
    let later = r.u16s(count - candidates);
    let mut taken = vec![false; count];
    for &p in &later {
        taken[usize::from(p)] = true;
    }
    // build.rs checks that every position fits a u16.
    let mut positions: Vec<u16> = (0..count).filter(|p| !taken[*p]).map(|p| p as u16).collect();
    positions.extend(later);
    Decoded { rows, prices, candidate_groups, groups, all_groups, positions }
}

/// Numbers the offer keys (backend, region, instance type, spot) of `rows` in order of first
/// appearance, from `first` on (build.rs checks that row counts fit a u16); returns how many.
fn number_groups(rows: &mut [Row], first: usize) -> usize {
    let mut keys = HashMap::new();
    for row in rows {
        let next = first + keys.len();
        row.group = *keys.entry((row.backend, row.region, row.instance, row.spot)).or_insert(next) as u16;
    }
    keys.len()
}
