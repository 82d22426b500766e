//! The app's memory allocator: blocks of power-of-two sizes, a free list per size, memory taken
//! from the browser a page (64 KiB) at a time and never given back. Rust's default for wasm
//! (dlmalloc) costs about 3 KB of gzip in the page; a checker that allocates the same shapes on
//! every keystroke reuses its blocks here as well, at the price of up to twice the bytes asked for.
#![allow(unsafe_code, reason = "an allocator hands out raw memory: GlobalAlloc is an unsafe trait")]

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

/// The size of a wasm memory page.
const PAGE: usize = 65536;

/// Free blocks by size: list `k` holds blocks of `1 << k` bytes, each block's first word pointing
/// to the next.
pub struct Allocator {
    free: UnsafeCell<[*mut u8; 32]>,
}

// The page runs the app on one thread, so the lists are never touched from two at once.
unsafe impl Sync for Allocator {}

impl Allocator {
    /// An allocator with no memory of its own yet.
    pub const fn new() -> Self {
        Allocator { free: UnsafeCell::new([null_mut(); 32]) }
    }
}

impl Default for Allocator {
    fn default() -> Self {
        Self::new()
    }
}

/// The block size for `layout`: a power of two, at least a pointer, none for sizes beyond memory.
fn block(layout: Layout) -> Option<usize> {
    layout.size().max(layout.align()).max(8).checked_next_power_of_two()
}

unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // Blocks are aligned to their size up to a page; nothing in the app asks for more.
        let Some(size) = block(layout).filter(|_| layout.align() <= PAGE) else { return null_mut() };
        // SAFETY: one thread, and no call below reenters the allocator.
        let free = unsafe { &mut *self.free.get() };
        let list = &mut free[size.trailing_zeros() as usize];
        if !list.is_null() {
            let first = *list;
            // SAFETY: a free block's first word is the next free block (dealloc wrote it).
            *list = unsafe { *first.cast::<*mut u8>() };
            return first;
        }
        let first = wasm32::memory_grow(0, size.div_ceil(PAGE));
        if first == usize::MAX {
            return null_mut();
        }
        let base = (first * PAGE) as *mut u8;
        // A new page of small blocks: the first is returned, the others go on the list.
        for offset in (size..PAGE).step_by(size) {
            // SAFETY: the page is ours and `offset` is inside it.
            unsafe { self.dealloc(base.add(offset), Layout::from_size_align_unchecked(size, 8)) };
        }
        base
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(size) = block(layout) else { return };
        // SAFETY: one thread; `ptr` is a block of `size` bytes that nobody uses any more.
        let free = unsafe { &mut *self.free.get() };
        let list = &mut free[size.trailing_zeros() as usize];
        unsafe { *ptr.cast::<*mut u8>() = *list };
        *list = ptr;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `realloc`'s caller promises a valid layout of `new_size` bytes.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if block(new) == block(layout) {
            return ptr;
        }
        // SAFETY: as for `alloc` and `dealloc`; the old block is copied before it is freed.
        unsafe {
            let moved = self.alloc(new);
            if !moved.is_null() {
                core::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            moved
        }
    }
}
