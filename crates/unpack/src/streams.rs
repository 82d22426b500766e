//! Puts back together the wasm module that scripts/pack-wasm.py split into streams, one per kind
//! of bytes (opcodes, local indices, constants, ...: LZMA predicts each alone better than their
//! mix). The payload (after LZMA): a byte 0 and the module as it is, or a byte 1, the stream
//! lengths (u32 LE, in the order of [`Stream`]) and the streams; pack-wasm.py describes it.

use crate::Error;

/// The streams, in the payload's order (pack-wasm.py's `STREAMS`).
#[derive(Clone, Copy)]
enum Stream {
    Before,
    After,
    Sizes,
    Locals,
    Op,
    Get,
    Set,
    Tee,
    I32,
    Offset,
    Align,
    Call,
    Branch,
    Block,
    I64,
    Global,
    Fc,
    FcArgs,
    F64,
    F32,
    Indirect,
    Table,
    Select,
    Ref,
}

/// How many streams there are.
const STREAMS: usize = Stream::Ref as usize + 1;
/// The bytes before the streams: the format byte and the lengths.
pub(crate) const HEADER: usize = 1 + 4 * STREAMS;

/// The immediates of the 0xfc instructions by sub-opcode: `u` a LEB128, `b` a byte.
const FC_IMMEDIATES: [&[u8]; 18] =
    [b"", b"", b"", b"", b"", b"", b"", b"", b"ub", b"u", b"bb", b"b", b"uu", b"u", b"uu", b"u", b"u", b"u"];

/// The module's length for a payload of `len` bytes (the streams are its bytes, reordered).
pub(crate) fn module_len(payload: &[u8]) -> usize {
    match payload.first() {
        Some(1) => payload.len().saturating_sub(HEADER),
        _ => payload.len().saturating_sub(1),
    }
}

/// The streams being read and the module being written.
struct Unsplit<'a> {
    payload: &'a [u8],
    /// Each stream's read position in the payload, and its end.
    at: [usize; STREAMS],
    ends: [usize; STREAMS],
    out: &'a mut [u8],
    n: usize,
}

impl Unsplit<'_> {
    /// The next byte of stream `s`.
    fn byte(&mut self, s: Stream) -> Result<u8, Error> {
        let at = self.at[s as usize];
        let byte = *self.payload.get(at).filter(|_| at < self.ends[s as usize]).ok_or(Error::StreamsDoNotAddUp)?;
        self.at[s as usize] = at + 1;
        let slot = self.out.get_mut(self.n).ok_or(Error::StreamsDoNotAddUp)?;
        *slot = byte;
        self.n += 1;
        Ok(byte)
    }

    /// `count` bytes of stream `s`.
    fn copy(&mut self, s: Stream, count: usize) -> Result<(), Error> {
        let at = self.at[s as usize];
        let end = at.checked_add(count).filter(|end| *end <= self.ends[s as usize]).ok_or(Error::StreamsDoNotAddUp)?;
        let (Some(from), Some(to)) = (self.payload.get(at..end), self.out.get_mut(self.n..self.n + count)) else {
            return Err(Error::StreamsDoNotAddUp);
        };
        copy(from, to);
        self.at[s as usize] = end;
        self.n += count;
        Ok(())
    }

    /// One LEB128 of stream `s` (signed or not: the same bytes), and its value as unsigned
    /// (saturated: only counts and sizes are read).
    fn leb(&mut self, s: Stream) -> Result<usize, Error> {
        let (mut value, mut shift) = (0usize, 0u32);
        loop {
            let byte = self.byte(s)?;
            if shift < usize::BITS {
                value |= usize::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            }
            shift += 7;
            if byte < 0x80 {
                return Ok(value);
            }
        }
    }

    /// A function's instructions, up to `end`.
    fn body(&mut self, end: usize) -> Result<(), Error> {
        use Stream::{
            Align, Block, Branch, Call, F32, F64, Fc, FcArgs, Get, Global, I32, I64, Indirect, Offset, Op, Ref, Select,
            Set, Table, Tee,
        };
        while self.n < end {
            let op = self.byte(Op)?;
            match op {
                0x45..=0xc4 | 0x00 | 0x01 | 0x05 | 0x0b | 0x0f | 0x1a | 0x1b | 0xd1 => {}
                0x02..=0x04 => {
                    // A block type: one byte, or a type index (s33, whose first byte has the high bit).
                    let first = self.payload.get(self.at[Block as usize]).copied().unwrap_or(0);
                    if first & 0x80 != 0 { self.leb(Block).map(drop)? } else { self.copy(Block, 1)? }
                }
                0x0c | 0x0d => drop(self.leb(Branch)?),
                0x0e => {
                    for _ in 0..=self.leb(Branch)? {
                        if self.n >= end {
                            break;
                        }
                        self.leb(Branch)?;
                    }
                }
                0x10 => drop(self.leb(Call)?),
                0x11 => {
                    self.leb(Indirect)?;
                    self.leb(Indirect)?;
                }
                0x1c => {
                    let count = self.leb(Select)?;
                    self.copy(Select, count.min(end.saturating_sub(self.n)))?;
                }
                0x20 => drop(self.leb(Get)?),
                0x21 => drop(self.leb(Set)?),
                0x22 => drop(self.leb(Tee)?),
                0x23 | 0x24 => drop(self.leb(Global)?),
                0x25 | 0x26 => drop(self.leb(Table)?),
                0x28..=0x3e => {
                    self.leb(Align)?;
                    self.leb(Offset)?;
                }
                0x3f | 0x40 => self.copy(FcArgs, 1)?,
                0x41 => drop(self.leb(I32)?),
                0x42 => drop(self.leb(I64)?),
                0x43 => self.copy(F32, 4)?,
                0x44 => self.copy(F64, 8)?,
                0xd0 => self.copy(Ref, 1)?,
                0xd2 => drop(self.leb(Ref)?),
                0xfc => {
                    let args = FC_IMMEDIATES.get(self.leb(Fc)?).ok_or(Error::UnknownFcInstruction)?;
                    for arg in *args {
                        if *arg == b'u' { self.leb(FcArgs).map(drop)? } else { self.copy(FcArgs, 1)? }
                    }
                }
                _ => return Err(Error::UnknownOpcode),
            }
        }
        Ok(())
    }
}

/// Copies `from` to `to`, of the same length: `copy_from_slice` would bring its panic for
/// lengths that differ, and its message, into the page's module.
fn copy(from: &[u8], to: &mut [u8]) {
    for (to, from) in to.iter_mut().zip(from) {
        *to = *from;
    }
}

/// Writes the module of `payload` to `out`, whose length is [`module_len`].
pub(crate) fn unsplit(payload: &[u8], out: &mut [u8]) -> Result<(), Error> {
    match payload.first() {
        Some(0) => {
            let whole = payload.get(1..).unwrap_or_default();
            if whole.len() != out.len() {
                return Err(Error::StreamsDoNotAddUp);
            }
            copy(whole, out);
            return Ok(());
        }
        Some(1) if payload.len() >= HEADER => {}
        _ => return Err(Error::UnknownFormat),
    }
    let (mut at, mut ends) = ([0; STREAMS], [0; STREAMS]);
    let mut next = HEADER;
    let lengths = payload.get(1..HEADER).unwrap_or_default();
    for (i, (at, end)) in at.iter_mut().zip(&mut ends).enumerate() {
        *at = next;
        let length = lengths.get(4 * i..4 * i + 4).unwrap_or_default();
        next = next.saturating_add(length.iter().rev().fold(0, |n, b| n << 8 | usize::from(*b)));
        *end = next;
    }
    if next != payload.len() {
        return Err(Error::LengthsDoNotAddUp);
    }
    let mut u = Unsplit { payload, at, ends, out, n: 0 };
    let before = u.ends[Stream::Before as usize] - u.at[Stream::Before as usize];
    u.copy(Stream::Before, before)?;
    for _ in 0..u.leb(Stream::Sizes)? {
        let size = u.leb(Stream::Sizes)?;
        let end = u.n.checked_add(size).filter(|end| *end <= u.out.len()).ok_or(Error::FunctionSize)?;
        for _ in 0..u.leb(Stream::Locals)? {
            u.leb(Stream::Locals)?;
            u.copy(Stream::Locals, 1)?;
        }
        u.body(end)?;
        if u.n != end {
            return Err(Error::FunctionSize);
        }
    }
    let after = u.ends[Stream::After as usize] - u.at[Stream::After as usize];
    u.copy(Stream::After, after)?;
    if u.n != u.out.len() || u.at != u.ends {
        return Err(Error::StreamsDoNotAddUp);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A split payload: the streams `before`, `after`, `sizes`, `locals`, `op` as given, the
    /// rest empty.
    fn payload(streams: &[&[u8]]) -> std::vec::Vec<u8> {
        let mut out = std::vec![1];
        for i in 0..STREAMS {
            out.extend_from_slice(&(streams.get(i).map_or(0, |s| s.len()) as u32).to_le_bytes());
        }
        for stream in streams {
            out.extend_from_slice(stream);
        }
        out
    }

    fn module(payload: &[u8]) -> Result<std::vec::Vec<u8>, Error> {
        let mut out = std::vec![0; module_len(payload)];
        unsplit(payload, &mut out)?;
        Ok(out)
    }

    #[test]
    fn a_whole_module_is_stored_after_a_zero() {
        assert_eq!(module(b"\0\0asm").as_deref(), Ok(&b"\0asm"[..]));
    }

    #[test]
    fn streams_are_interleaved_back_into_functions() {
        // Two functions: `nop; end` without locals, and `end` with one local of type i32.
        let split = payload(&[b"\0asm", b"!", b"\x02\x03\x04", b"\x00\x01\x01\x7f", b"\x01\x0b\x0b"]);
        assert_eq!(module(&split).as_deref(), Ok(&b"\0asm\x02\x03\x00\x01\x0b\x04\x01\x01\x7f\x0b!"[..]));
    }

    #[test]
    fn payloads_that_do_not_add_up_are_refused() {
        assert_eq!(module(b"\x02"), Err(Error::UnknownFormat));
        let mut longer = payload(&[b"\0asm", b"", b"\x00"]);
        longer[1] += 1;
        assert_eq!(module(&longer), Err(Error::LengthsDoNotAddUp));
        // A function said 2 bytes long whose `i32.const 5` ends after 3.
        let short = payload(&[b"", b"", b"\x01\x02", b"\x00", b"\x41", b"", b"", b"", b"\x05"]);
        assert_eq!(module(&short), Err(Error::FunctionSize));
        let unknown = payload(&[b"", b"", b"\x01\x02", b"\x00", b"\xfd"]);
        assert_eq!(module(&unknown), Err(Error::UnknownOpcode));
    }
}
