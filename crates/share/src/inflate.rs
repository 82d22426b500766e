//! Raw DEFLATE (RFC 1951) decoding with an output limit, in the plainest form: canonical Huffman
//! codes decoded bit by bit, as zlib's reference decoder `puff` does. A share link holds a few KB,
//! so speed does not matter, and the web app's wasm is ~3.5 KB (gzip) smaller than with
//! miniz_oxide's table-driven inflater. The tests compare it with miniz_oxide.

/// Why a stream could not be inflated.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum InflateError {
    /// Not a complete, valid raw DEFLATE stream.
    Invalid,
    /// The output would exceed the limit.
    TooLarge,
}

use InflateError::{Invalid, TooLarge};

/// Base lengths and extra bits of the length symbols 257..=285 (RFC 1951 §3.2.5).
const LENGTH_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/// Base distances and extra bits of the distance symbols 0..=29.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/// The order in which a dynamic block lists the code lengths of the code-length alphabet.
const CLEN_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// The input, read least significant bit first.
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u32,
    count: u32,
}

impl Bits<'_> {
    /// The next `n` (≤ 16) bits as a number.
    fn take(&mut self, n: u32) -> Result<u32, InflateError> {
        while self.count < n {
            let byte = *self.data.get(self.pos).ok_or(Invalid)?;
            self.pos += 1;
            self.buf |= u32::from(byte) << self.count;
            self.count += 8;
        }
        let value = self.buf & ((1 << n) - 1);
        self.buf >>= n;
        self.count -= n;
        Ok(value)
    }
}

/// A canonical Huffman code: how many codes each length has, and the symbols ordered by code.
struct Huffman {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    /// The code with these code lengths (0: symbol unused), and whether it is complete (uses
    /// every bit pattern). An over-subscribed set of lengths is invalid.
    fn new(lengths: &[u8]) -> Result<(Huffman, bool), InflateError> {
        let mut counts = [0u16; 16];
        for &l in lengths {
            counts[usize::from(l)] += 1;
        }
        let mut left = 1i32;
        // Where each length's symbols start in `symbols`.
        let mut offsets = [0u16; 16];
        for len in 1..16 {
            left = 2 * left - i32::from(counts[len]);
            if left < 0 {
                return Err(Invalid);
            }
            if len < 15 {
                offsets[len + 1] = offsets[len] + counts[len];
            }
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (symbol, &l) in (0u16..).zip(lengths) {
            if l != 0 {
                let offset = &mut offsets[usize::from(l)];
                symbols[usize::from(*offset)] = symbol;
                *offset += 1;
            }
        }
        Ok((Huffman { counts, symbols }, left == 0))
    }

    /// A literal/length or distance code of a dynamic block: complete, or a single code of
    /// length 1 (zlib accepts that one incomplete code).
    fn dynamic(lengths: &[u8]) -> Result<Huffman, InflateError> {
        let (code, complete) = Huffman::new(lengths)?;
        let used = lengths.len() - usize::from(code.counts[0]);
        if complete || used == usize::from(code.counts[1]) { Ok(code) } else { Err(Invalid) }
    }

    /// The next symbol of `bits` in this code.
    fn decode(&self, bits: &mut Bits<'_>) -> Result<usize, InflateError> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.counts[1..] {
            code |= bits.take(1)? as i32;
            let count = i32::from(count);
            if code - first < count {
                return self.symbols.get((index + code - first) as usize).map(|&s| usize::from(s)).ok_or(Invalid);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(Invalid)
    }
}

/// The bytes `data` (raw DEFLATE) decompresses to, if they are at most `limit`.
pub(crate) fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut bits = Bits { data, pos: 0, buf: 0, count: 0 };
    let mut out = Vec::new();
    loop {
        let last = bits.take(1)? == 1;
        match bits.take(2)? {
            0 => stored(&mut bits, &mut out, limit)?,
            1 => {
                let mut lengths = [8u8; 288];
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                // The fixed distance code leaves two of its 32 patterns unused.
                let (literals, _) = Huffman::new(&lengths)?;
                let (distances, _) = Huffman::new(&[5; 30])?;
                codes(&mut bits, &mut out, limit, &literals, &distances)?;
            }
            2 => {
                let (literals, distances) = dynamic(&mut bits)?;
                codes(&mut bits, &mut out, limit, &literals, &distances)?;
            }
            _ => return Err(Invalid),
        }
        if last {
            return Ok(out);
        }
    }
}

/// A stored block: from the next byte boundary, a length, its complement and the bytes.
fn stored(bits: &mut Bits<'_>, out: &mut Vec<u8>, limit: usize) -> Result<(), InflateError> {
    bits.buf = 0;
    bits.count = 0;
    let len = bits.take(16)?;
    if bits.take(16)? != !len & 0xffff {
        return Err(Invalid);
    }
    let len = len as usize;
    let bytes = bits.data.get(bits.pos..bits.pos + len).ok_or(Invalid)?;
    if out.len() + len > limit {
        return Err(TooLarge);
    }
    out.extend_from_slice(bytes);
    bits.pos += len;
    Ok(())
}

/// The literal/length and distance codes of a dynamic block, from its header.
fn dynamic(bits: &mut Bits<'_>) -> Result<(Huffman, Huffman), InflateError> {
    let literals = bits.take(5)? as usize + 257;
    let distances = bits.take(5)? as usize + 1;
    let clens = bits.take(4)? as usize + 4;
    if literals > 286 || distances > 30 {
        return Err(Invalid);
    }
    let mut clen_lengths = [0u8; 19];
    for &i in &CLEN_ORDER[..clens] {
        clen_lengths[i] = bits.take(3)? as u8;
    }
    let clen_code = match Huffman::new(&clen_lengths)? {
        (code, true) => code,
        (_, false) => return Err(Invalid),
    };
    let mut lengths = vec![0u8; literals + distances];
    let mut i = 0;
    while i < lengths.len() {
        let symbol = clen_code.decode(bits)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => (*lengths.get(i.wrapping_sub(1)).ok_or(Invalid)?, 3 + bits.take(2)? as usize),
            17 => (0, 3 + bits.take(3)? as usize),
            _ => (0, 11 + bits.take(7)? as usize),
        };
        lengths.get_mut(i..i + repeat).ok_or(Invalid)?.fill(value);
        i += repeat;
    }
    if lengths[256] == 0 {
        return Err(Invalid);
    }
    Ok((Huffman::dynamic(&lengths[..literals])?, Huffman::dynamic(&lengths[literals..])?))
}

/// The literals and back references of a compressed block, up to its end-of-block symbol.
fn codes(
    bits: &mut Bits<'_>,
    out: &mut Vec<u8>,
    limit: usize,
    literals: &Huffman,
    distances: &Huffman,
) -> Result<(), InflateError> {
    loop {
        let symbol = literals.decode(bits)?;
        if symbol < 256 {
            if out.len() >= limit {
                return Err(TooLarge);
            }
            out.push(symbol as u8);
            continue;
        }
        if symbol == 256 {
            return Ok(());
        }
        let s = symbol - 257;
        let len = usize::from(*LENGTH_BASE.get(s).ok_or(Invalid)?) + bits.take(u32::from(LENGTH_EXTRA[s]))? as usize;
        let d = distances.decode(bits)?;
        let dist = usize::from(*DIST_BASE.get(d).ok_or(Invalid)?) + bits.take(u32::from(DIST_EXTRA[d]))? as usize;
        if dist > out.len() {
            return Err(Invalid);
        }
        if out.len() + len > limit {
            return Err(TooLarge);
        }
        // Byte by byte: a reference may overlap the bytes it produces (`dist` < `len`).
        for _ in 0..len {
            out.push(out[out.len() - dist]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miniz_oxide::deflate::compress_to_vec;
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};

    /// miniz_oxide's verdict on `data`, in this module's terms.
    fn miniz(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
        decompress_to_vec_with_limit(data, limit).map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => TooLarge,
            _ => Invalid,
        })
    }

    /// Texts and bytes of every kind: empty, short, repetitive, configuration-like, noise.
    fn samples() -> Vec<Vec<u8>> {
        let mut seed = 0x2545_f491_u32;
        let mut noise = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        let random: Vec<u8> = (0..70_000).map(|_| noise() as u8).collect();
        let words: Vec<u8> =
            (0..20_000).flat_map(|_| ["gpu: ", "A100", "\n  - ", "echo ", "x"][noise() as usize % 5].bytes()).collect();
        vec![
            Vec::new(),
            b"a".to_vec(),
            b"type: task\ncommands:\n  - python train.py\n".to_vec(),
            "commands:\n  - echo 0123456789abcdef\n".repeat(3000).into_bytes(),
            vec![b'a'; 100_000],
            random[..1000].to_vec(),
            random,
            words,
        ]
    }

    #[test]
    fn agrees_with_miniz_on_every_level() {
        for sample in samples() {
            for level in 0..=10 {
                let compressed = compress_to_vec(&sample, level);
                assert_eq!(inflate(&compressed, usize::MAX).as_deref(), Ok(&sample[..]), "level {level}");
            }
        }
    }

    #[test]
    fn agrees_with_miniz_on_damaged_streams() {
        let mut checked = 0;
        for sample in samples().into_iter().take(6) {
            for level in [0, 1, 6, 9] {
                let compressed = compress_to_vec(&sample, level);
                for cut in 0..compressed.len().min(300) {
                    assert_eq!(inflate(&compressed[..cut], 1 << 20), miniz(&compressed[..cut], 1 << 20), "cut {cut}");
                    let mut flipped = compressed.clone();
                    flipped[cut] ^= 1 << (cut % 8);
                    assert_eq!(inflate(&flipped, 1 << 20), miniz(&flipped, 1 << 20), "flip {cut}");
                    checked += 2;
                }
            }
        }
        assert_eq!(checked, 6880);
    }

    #[test]
    fn invalid_streams() {
        // Block type 3 is reserved.
        assert_eq!(inflate(&[0x07, 0x00], 100), Err(Invalid));
        // A stored block whose length and complement disagree.
        assert_eq!(inflate(&[0x01, 0x05, 0x00, 0x00, 0x00], 100), Err(Invalid));
        // A fixed block that refers back past the start of the output.
        assert_eq!(inflate(&[0x03, 0x02], 100), Err(Invalid));
        assert_eq!(inflate(&[], 100), Err(Invalid));
    }

    #[test]
    fn the_limit_counts_every_byte() {
        let compressed = compress_to_vec(&[b'a'; 1000], 9);
        assert_eq!(inflate(&compressed, 1000).map(|v| v.len()), Ok(1000));
        assert_eq!(inflate(&compressed, 999), Err(TooLarge));
        let stored = compress_to_vec(&[b'a'; 1000], 0);
        assert_eq!(inflate(&stored, 999), Err(TooLarge));
    }
}
