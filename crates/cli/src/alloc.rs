//! The process's allocator: mimalloc, asked for its plain `mi_malloc` whenever the alignment is
//! at most a word, which every mimalloc block has. The `mimalloc` crate's own allocator always
//! takes the aligned path, a third more work per allocation.
#![allow(unsafe_code, reason = "an allocator hands out raw memory: GlobalAlloc is an unsafe trait")]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{mi_malloc, mi_realloc, mi_zalloc};
use mimalloc::MiMalloc;

/// Alignment every mimalloc block has: block sizes are multiples of a word (mimalloc's own
/// `mi_realloc_aligned` takes its unaligned path for alignments up to a word, on the same basis).
const WORD: usize = size_of::<usize>();

/// mimalloc, with its unaligned entry points for word-aligned layouts.
pub(crate) struct Allocator;

// SAFETY: each call is mimalloc's, which meets `GlobalAlloc`'s contract; `mi_malloc` and
// `mi_realloc` return word-aligned blocks, enough for the layouts they are used for.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            // SAFETY: mimalloc's malloc, for a size the caller made non-zero.
            unsafe { mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { MiMalloc.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
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
        if layout.align() <= WORD {
            // SAFETY: `ptr` came from mimalloc with this layout; the new size is non-zero.
            unsafe { mi_realloc(ptr.cast::<c_void>(), new_size).cast() }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}
