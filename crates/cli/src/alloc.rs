//! The process's allocator: mimalloc, asked for its plain `mi_malloc` whenever the alignment is
//! one every mimalloc block of the size has. The `mimalloc` crate's own allocator always takes
//! the aligned path, a third more work per allocation.
#![allow(unsafe_code, reason = "an allocator hands out raw memory: GlobalAlloc is an unsafe trait")]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{mi_malloc, mi_realloc, mi_zalloc};
use mimalloc::MiMalloc;

/// Alignment every mimalloc block has: block sizes are multiples of a word (mimalloc's own
/// `mi_realloc_aligned` takes its unaligned path for alignments up to a word, on the same basis).
const WORD: usize = size_of::<usize>();

/// Alignment every mimalloc block of at least this many bytes has: `MI_MAX_ALIGN_SIZE`
/// (`include/mimalloc/types.h`, 16, `sizeof(max_align_t)`), which C's `malloc` owes any object
/// that large. mimalloc v3 (libmimalloc-sys 0.1.49) keeps it so: a page's first block starts at
/// a multiple of it (`arena.c`: `mi_page_block_start` is `mi_page_info_size()`, aligned up to it
/// in `internal.h`, or a multiple of a larger power of two, on a slice-aligned page), and with
/// a word of 8 bytes `page-queue.c` defines `MI_ALIGN2W`, so `mi_bin` rounds every size class of
/// up to 8 words to an even number of words and the classes above are even too (each ends on a
/// multiple of `2^(b-2)` words, `b >= 3`): every block size from 16 bytes up is a multiple of 16.
/// A huge block is alone on its page, at that start. `alloc.c` asserts it on each block handed
/// out (`page->block_size < MI_MAX_ALIGN_SIZE || _mi_is_aligned(block, MI_MAX_ALIGN_SIZE)`).
/// [`Json`](dstack_core::Json) holds an `i128`, so most of a report's vectors ask for 16.
const MAX_ALIGN: usize = 16;

/// mimalloc's `MI_SMALL_SIZE_MAX` (`include/mimalloc.h`: 128 words): the sizes its small-object
/// entry point serves, nearly every allocation of a report.
const SMALL: usize = 128 * WORD;

unsafe extern "C" {
    /// mimalloc's `mi_malloc` for a size of at most [`SMALL`], without its test of the size
    /// (`alloc.c`: the same block from the same size class). libmimalloc-sys declares it only
    /// with its `extended` feature, which brings in another crate.
    fn mi_malloc_small(size: usize) -> *mut c_void;
}

/// Whether a block of mimalloc's plain `malloc` is aligned enough for `size` bytes at `align`.
#[inline]
fn plain(size: usize, align: usize) -> bool {
    align <= WORD || (align <= MAX_ALIGN && size >= MAX_ALIGN)
}

/// mimalloc, with its unaligned entry points for word-aligned layouts.
pub(crate) struct Allocator;

// SAFETY: each call is mimalloc's, which meets `GlobalAlloc`'s contract; `mi_malloc`,
// `mi_zalloc` and `mi_realloc` return blocks aligned as [`plain`] says, and are used only when
// that is enough for the layout.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.size(), layout.align()) {
            if layout.size() <= SMALL {
                // SAFETY: mimalloc's small-object malloc (as aligned as `mi_malloc`'s block of the
                // size), for a non-zero size it serves.
                return unsafe { mi_malloc_small(layout.size()).cast() };
            }
            // SAFETY: mimalloc's malloc, for a size the caller made non-zero.
            unsafe { mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { MiMalloc.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.size(), layout.align()) {
            // SAFETY: as in `alloc`.
            unsafe { mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { MiMalloc.alloc_zeroed(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from mimalloc, whichever entry point made it (`mi_free` takes both).
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // `mi_realloc` keeps the block when the new size fits it (a block `plain` for the old
        // size is as aligned as a new one), else moves to a new `mi_malloc` block.
        if plain(new_size, layout.align()) {
            // SAFETY: `ptr` came from mimalloc with this layout; the new size is non-zero.
            unsafe { mi_realloc(ptr.cast::<c_void>(), new_size).cast() }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_every_small_size_and_beyond_are_aligned_and_writable() {
        for size in 1..=SMALL + 64 {
            for align in [1, 2, 4, 8, 16] {
                let layout = Layout::from_size_align(size, align).expect("a power of two, a small size");
                // SAFETY: the size is non-zero; the block is written within its size, then freed
                // with the layout it was allocated with.
                unsafe {
                    let block = Allocator.alloc(layout);
                    assert!(!block.is_null() && block.addr().is_multiple_of(align), "{size} bytes at {align}");
                    block.write_bytes(0xa5, size);
                    Allocator.dealloc(block, layout);
                }
            }
        }
    }
}
