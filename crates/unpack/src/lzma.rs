//! An LZMA decoder for "LZMA alone" files whose header gives the uncompressed size, after Igor
//! Pavlov's reference decoder (LzmaSpec.cpp, public domain), with the output as the dictionary.

use crate::Error;

/// The probabilities before the literal coders, by model: each model is an offset into one array.
const IS_MATCH: usize = 0;
const IS_REP: usize = IS_MATCH + 192;
const IS_REP_G0: usize = IS_REP + 12;
const IS_REP_G1: usize = IS_REP_G0 + 12;
const IS_REP_G2: usize = IS_REP_G1 + 12;
const IS_REP0_LONG: usize = IS_REP_G2 + 12;
const POS_SLOT: usize = IS_REP0_LONG + 192;
const SPEC_POS: usize = POS_SLOT + 256;
const ALIGN: usize = SPEC_POS + 114;
/// A length model: choice, choice2, low[16][8], mid[16][8], high[256].
const LEN_SIZE: usize = 2 + 128 + 128 + 256;
const LEN: usize = ALIGN + 16;
const REP_LEN: usize = LEN + LEN_SIZE;
const LITERAL: usize = REP_LEN + LEN_SIZE;
/// The most literal context bits (`lc + lp`) decoded: the packer writes 4 (scripts/pack-wasm.py),
/// and a bound keeps the probabilities a fixed array.
const MAX_CONTEXT_BITS: u32 = 4;
/// The probabilities of every model for the most context bits, rounded up to a power of two: an
/// index is masked to the array, and so never checked (it is in range anyway), which leaves the
/// module without panics and their messages.
pub(crate) const PROBS: usize = (LITERAL + (0x300 << MAX_CONTEXT_BITS)).next_power_of_two();
/// The header: properties, dictionary size (u32), uncompressed size (u64).
pub(crate) const HEADER: usize = 13;

/// The uncompressed size a header gives.
pub(crate) fn size(src: &[u8]) -> Result<usize, Error> {
    let header = src.get(..HEADER).ok_or(Error::Truncated)?;
    let size =
        u64::from_le_bytes([header[5], header[6], header[7], header[8], header[9], header[10], header[11], header[12]]);
    // 2^32 and more, or "unknown" (all ones): a module is never that large.
    u32::try_from(size).map(|s| s as usize).map_err(|_| Error::UnknownSize)
}

/// The range decoder over the compressed bytes.
struct RangeDecoder<'a> {
    src: &'a [u8],
    at: usize,
    range: u32,
    code: u32,
}

impl RangeDecoder<'_> {
    #[inline(always)]
    fn normalize(&mut self) {
        if self.range < 1 << 24 {
            self.range <<= 8;
            // Past the end the input reads as zeros; `decode` then refuses the file as truncated.
            self.code = (self.code << 8) | u32::from(self.src.get(self.at).copied().unwrap_or(0));
            self.at += 1;
        }
    }

    /// One bit with its adaptive probability, the `i`th. Out of line: inlined at its dozen
    /// callers, it decoded the playground's module about 13% faster for 700 B more gzip.
    #[inline(never)]
    fn bit(&mut self, probs: &mut Probs, i: usize) -> usize {
        let prob = &mut probs[i & (PROBS - 1)];
        let p = u32::from(*prob);
        let bound = (self.range >> 11) * p;
        let bit = if self.code < bound {
            self.range = bound;
            *prob = (p + ((2048 - p) >> 5)) as u16;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *prob = (p - (p >> 5)) as u16;
            1
        };
        self.normalize();
        bit
    }

    /// `bits` bits, most significant first, through a binary tree of probabilities at `base`.
    fn tree(&mut self, probs: &mut Probs, base: usize, bits: u32) -> usize {
        let mut m = 1;
        for _ in 0..bits {
            m = (m << 1) | self.bit(probs, base + m);
        }
        m - (1 << bits)
    }

    /// `bits` bits, least significant first, through a binary tree of probabilities at `base`.
    fn reverse(&mut self, probs: &mut Probs, base: usize, bits: u32) -> usize {
        let (mut m, mut symbol) = (1, 0);
        for i in 0..bits {
            let bit = self.bit(probs, base + m);
            m = (m << 1) | bit;
            symbol |= bit << i;
        }
        symbol
    }

    /// `bits` bits of even probability.
    fn direct(&mut self, bits: usize) -> u32 {
        let mut result = 0;
        for _ in 0..bits {
            self.range >>= 1;
            let bit = u32::from(self.code >= self.range);
            self.code -= self.range & bit.wrapping_neg();
            result = (result << 1) | bit;
            self.normalize();
        }
        result
    }

    /// A match length, by the length model at `base`.
    fn length(&mut self, probs: &mut Probs, base: usize, pos_state: usize) -> usize {
        if self.bit(probs, base) == 0 {
            return self.tree(probs, base + 2 + (pos_state << 3), 3);
        }
        if self.bit(probs, base + 1) == 0 {
            return 8 + self.tree(probs, base + 130 + (pos_state << 3), 3);
        }
        16 + self.tree(probs, base + 258, 8)
    }
}

/// The probabilities of every model.
pub(crate) type Probs = [u16; PROBS];

/// Decodes `src` into `out`, whose length is the header's [`size`]; `probs` is scratch space.
pub(crate) fn decode(src: &[u8], out: &mut [u8], probs: &mut Probs) -> Result<(), Error> {
    let &[props, ..] = src else { return Err(Error::Truncated) };
    if props >= 9 * 5 * 5 {
        return Err(Error::BadProperties);
    }
    let (lc, lp, pb) = (u32::from(props % 9), u32::from(props / 9 % 5), u32::from(props / 45));
    if lc + lp > MAX_CONTEXT_BITS {
        return Err(Error::BadProperties);
    }
    let code = src.get(HEADER + 1..HEADER + 5).ok_or(Error::Truncated)?;
    let mut rc = RangeDecoder {
        src,
        at: HEADER + 5,
        range: u32::MAX,
        code: u32::from_be_bytes([code[0], code[1], code[2], code[3]]),
    };
    probs.fill(1024);
    let (pb_mask, lp_mask) = ((1 << pb) - 1, (1 << lp) - 1);
    let (mut state, mut rep0, mut rep1, mut rep2, mut rep3) = (0usize, 0, 0, 0, 0);
    let size = out.len();
    let mut n = 0;
    while n < size {
        let pos_state = n & pb_mask;
        if rc.bit(probs, IS_MATCH + (state << 4) + pos_state) == 0 {
            let prev = out.get(n.wrapping_sub(1)).map_or(0, |&b| usize::from(b));
            let base = LITERAL + 0x300 * (((n & lp_mask) << lc) + (prev >> (8 - lc)));
            let mut symbol = 1;
            if state >= 7 {
                let mut matched = usize::from(*out.get(n.wrapping_sub(rep0 + 1)).ok_or(Error::Corrupt)?);
                while symbol < 0x100 {
                    let match_bit = (matched >> 7) & 1;
                    matched <<= 1;
                    let bit = rc.bit(probs, base + ((1 + match_bit) << 8) + symbol);
                    symbol = (symbol << 1) | bit;
                    if match_bit != bit {
                        break;
                    }
                }
            }
            while symbol < 0x100 {
                symbol = (symbol << 1) | rc.bit(probs, base + symbol);
            }
            if let Some(slot) = out.get_mut(n) {
                *slot = symbol as u8;
            }
            n += 1;
            state = if state < 4 {
                0
            } else if state < 10 {
                state - 3
            } else {
                state - 6
            };
            continue;
        }
        let len;
        if rc.bit(probs, IS_REP + state) == 1 {
            if n == 0 {
                return Err(Error::Corrupt);
            }
            if rc.bit(probs, IS_REP_G0 + state) == 0 {
                if rc.bit(probs, IS_REP0_LONG + (state << 4) + pos_state) == 0 {
                    state = if state < 7 { 9 } else { 11 };
                    let byte = *out.get(n.wrapping_sub(rep0 + 1)).ok_or(Error::Corrupt)?;
                    if let Some(slot) = out.get_mut(n) {
                        *slot = byte;
                    }
                    n += 1;
                    continue;
                }
            } else {
                let distance;
                if rc.bit(probs, IS_REP_G1 + state) == 0 {
                    distance = rep1;
                } else {
                    if rc.bit(probs, IS_REP_G2 + state) == 0 {
                        distance = rep2;
                    } else {
                        distance = rep3;
                        rep3 = rep2;
                    }
                    rep2 = rep1;
                }
                rep1 = rep0;
                rep0 = distance;
            }
            len = rc.length(probs, REP_LEN, pos_state);
            state = if state < 7 { 8 } else { 11 };
        } else {
            (rep3, rep2, rep1) = (rep2, rep1, rep0);
            len = rc.length(probs, LEN, pos_state);
            state = if state < 7 { 7 } else { 10 };
            let slot = rc.tree(probs, POS_SLOT + (len.min(3) << 6), 6);
            if slot < 4 {
                rep0 = slot;
            } else {
                let bits = (slot >> 1) - 1;
                let base = (2 | (slot & 1)) << bits;
                if slot < 14 {
                    rep0 = base + rc.reverse(probs, SPEC_POS + base - slot, bits as u32);
                } else {
                    let high = rc.direct(bits - 4) << 4;
                    let distance = (base as u32).wrapping_add(high).wrapping_add(rc.reverse(probs, ALIGN, 4) as u32);
                    // The end marker: the header's size says where the data ends already.
                    if distance == u32::MAX {
                        break;
                    }
                    rep0 = distance as usize;
                }
            }
        }
        if rep0 >= n {
            return Err(Error::Corrupt);
        }
        let end = size.min(n + len + 2);
        // Byte by byte: a match may overlap what it writes (a run of one byte repeated).
        while n < end {
            let byte = *out.get(n - rep0 - 1).ok_or(Error::Corrupt)?;
            if let Some(slot) = out.get_mut(n) {
                *slot = byte;
            }
            n += 1;
        }
    }
    // Past the end the input reads as zeros: a truncated file must not pass for a whole one.
    if n != size || rc.at > src.len() {
        return Err(Error::Truncated);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `hello hello hello hello\n`, packed by Python's `lzma` as scripts/pack-wasm.py packs
    /// (FORMAT_ALONE, lc=4, lp=0, pb=0, the size in the header).
    const HELLO: &[u8] = &[
        0x04, 0x00, 0x00, 0x40, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x34, 0x1a, 0x15, 0x41,
        0x18, 0xb8, 0xa0, 0xac, 0x7a, 0x07, 0xe7, 0x63, 0xff, 0xff, 0xba, 0x88, 0x00, 0x00,
    ];

    fn decoded(src: &[u8]) -> Result<std::vec::Vec<u8>, Error> {
        let mut out = std::vec![0; size(src)?];
        decode(src, &mut out, &mut [0; PROBS])?;
        Ok(out)
    }

    #[test]
    fn a_packed_text_decodes_to_its_bytes() {
        assert_eq!(decoded(HELLO).as_deref(), Ok(&b"hello hello hello hello\n"[..]));
    }

    #[test]
    fn truncated_and_malformed_files_are_refused() {
        // The range coder's last bytes can go unread: cut into the data.
        assert_eq!(decoded(&HELLO[..HELLO.len() - 8]), Err(Error::Truncated));
        assert_eq!(decoded(&HELLO[..10]), Err(Error::Truncated));
        let mut props = HELLO.to_vec();
        props[0] = 225;
        assert_eq!(decoded(&props), Err(Error::BadProperties));
        // lc=8: more context bits than the fixed probabilities hold.
        props[0] = 8;
        assert_eq!(decoded(&props), Err(Error::BadProperties));
        let mut unknown = HELLO.to_vec();
        unknown[5..13].fill(0xff);
        assert_eq!(decoded(&unknown), Err(Error::UnknownSize));
    }
}
