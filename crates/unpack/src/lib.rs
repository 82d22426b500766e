//! Unpacks the page's wasm module, which travels as an ".lzma" file (scripts/pack-wasm.py): LZMA
//! decoding ([`lzma`]), then the code section put back together from its streams ([`streams`]).
//!
//! Compiled to a wasm module of its own (about 5 KB) that web/loader/unpack.js loads beside the
//! app's: its first run unpacks the playground's module in about half the time the same decoder
//! written in JS took on its first (and only) run, which V8 spends mostly in its interpreter (the
//! range coder's 32-bit values do not fit its small integers). Natively it is tested as a library.

#![cfg_attr(target_arch = "wasm32", no_std)]

mod lzma;
mod streams;

/// Why a packed module cannot be unpacked. The codes are the page's (web/loader/unpack.js
/// words them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Error {
    /// LZMA properties out of range, or more literal context bits than the decoder holds.
    BadProperties = 1,
    /// The header's size is 4 GiB or more, or unknown.
    UnknownSize = 2,
    /// A match reaches before the start of the data.
    Corrupt = 3,
    /// The data ends before the header's size is decoded.
    Truncated = 4,
    /// The payload's first byte is neither 0 (whole) nor 1 (split).
    UnknownFormat = 5,
    /// The stream lengths do not add up to the payload's.
    LengthsDoNotAddUp = 6,
    /// A function's instructions do not end where its size says.
    FunctionSize = 7,
    /// A 0xfc instruction the splitter does not write.
    UnknownFcInstruction = 8,
    /// An opcode the splitter does not write.
    UnknownOpcode = 9,
    /// A stream is read past its end or not to its end.
    StreamsDoNotAddUp = 10,
}

/// The decoded size a packed module's LZMA header gives.
pub fn lzma_size(src: &[u8]) -> Result<usize, Error> {
    lzma::size(src)
}

/// Decodes a packed module into `out` (of [`lzma_size`] bytes): the payload.
pub fn unlzma(src: &[u8], out: &mut [u8]) -> Result<(), Error> {
    lzma::decode(src, out, &mut [0; lzma::PROBS])
}

/// The module's length for a payload.
pub fn module_len(payload: &[u8]) -> usize {
    streams::module_len(payload)
}

/// Writes the module of a payload to `out` (of [`module_len`] bytes).
pub fn unsplit(payload: &[u8], out: &mut [u8]) -> Result<(), Error> {
    streams::unsplit(payload, out)
}

/// The page's entry points: the JS glue copies the packed bytes into this module's memory and
/// passes where each part is. Each returns a length, or an [`Error`] code negated.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code, reason = "the wasm exports take the buffers the JS glue placed in memory")]
mod exports {
    use super::{Error, lzma, streams};
    use core::slice;

    /// The code a JS caller gets for `result`.
    fn code(result: Result<usize, Error>) -> isize {
        result.map_or_else(|e| -(e as isize), |n| n as isize)
    }

    /// [`super::lzma_size`] of the `len` bytes at `src`.
    ///
    /// # Safety
    /// `src..src + len` is memory of this module.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn lzma_size(src: *const u8, len: usize) -> isize {
        code(lzma::size(unsafe { slice::from_raw_parts(src, len) }))
    }

    /// [`super::unlzma`] from the `src_len` bytes at `src` to the `out_len` bytes at `out`.
    ///
    /// # Safety
    /// Both ranges are memory of this module and do not overlap.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn unlzma(src: *const u8, src_len: usize, out: *mut u8, out_len: usize) -> isize {
        let (src, out) = unsafe { (slice::from_raw_parts(src, src_len), slice::from_raw_parts_mut(out, out_len)) };
        code(super::unlzma(src, out).map(|()| out_len))
    }

    /// [`super::module_len`] of the `len` bytes at `payload`.
    ///
    /// # Safety
    /// `payload..payload + len` is memory of this module.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn module_len(payload: *const u8, len: usize) -> usize {
        streams::module_len(unsafe { slice::from_raw_parts(payload, len) })
    }

    /// [`super::unsplit`] from the `len` bytes at `payload` to the `out_len` bytes at `out`.
    ///
    /// # Safety
    /// Both ranges are memory of this module and do not overlap.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn unsplit(payload: *const u8, len: usize, out: *mut u8, out_len: usize) -> isize {
        let (payload, out) = unsafe { (slice::from_raw_parts(payload, len), slice::from_raw_parts_mut(out, out_len)) };
        code(streams::unsplit(payload, out).map(|()| out_len))
    }

    /// Every error is returned, not raised: a panic (an index out of range) would be a bug.
    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
        core::arch::wasm32::unreachable()
    }
}
