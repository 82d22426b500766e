//! The allocator of the threads that check files: small blocks are cut one after another from
//! 256 KB chunks of a region reserved for the thread, and a chunk starts over once every block
//! cut from it is freed. A file's report is thousands of small blocks, all freed once the report
//! is written: the next file's report then reuses the same, cached, memory, and an allocation is
//! a pointer bump instead of a size-class lookup. Everything else (large blocks, threads without
//! a region, a full region) goes to mimalloc ([`Allocator`]).
#![allow(unsafe_code, reason = "an allocator hands out raw memory: GlobalAlloc is an unsafe trait")]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::{Cell, UnsafeCell};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::alloc::Allocator;

/// Bytes of a chunk.
const CHUNK: usize = 1 << 18;
/// Chunks in the region (64 MB of address space, touched only as it is used).
const CHUNKS: usize = 256;
// Chunk indexes are bytes (`Chunks::current`, `Chunks::emptied`, `Chunks::free`).
const _: () = assert!(CHUNKS == 1 << u8::BITS);
/// Largest block cut from a chunk: larger ones are rare, and would leave chunks half used.
const LARGE: usize = 1 << 14;
/// Largest alignment served: [`crate::alloc`]'s, enough for every type of a report.
const ALIGN: usize = 16;

/// The chunks and where the next block goes: a bump allocator with a count of live blocks per
/// chunk.
pub(crate) struct Chunks {
    /// Start of the region; 0 until one is reserved.
    base: usize,
    /// Where the current chunk's next block goes.
    next: usize,
    /// End of the current chunk.
    end: usize,
    /// Index of the current chunk (a byte: [`CHUNKS`] is 256, so indexing `live` needs no check).
    current: u8,
    /// Chunks not used yet start at this index.
    fresh: usize,
    /// Live blocks in each chunk.
    live: [u32; CHUNKS],
    /// Chunks emptied while not current, to be used again.
    emptied: [u8; CHUNKS],
    /// How many of `emptied` are there.
    emptied_len: usize,
}

impl Chunks {
    /// No region yet: every request falls through to mimalloc.
    pub(crate) const fn new() -> Chunks {
        Chunks {
            base: 0,
            next: 0,
            end: 0,
            current: 0,
            fresh: 0,
            live: [0; CHUNKS],
            emptied: [0; CHUNKS],
            emptied_len: 0,
        }
    }

    /// Bytes the region needs: [`Chunks::attach`]'s `base` must have this many after it.
    pub(crate) const SIZE: usize = CHUNK * CHUNKS;

    /// Uses the [`Chunks::SIZE`] bytes at `base` (aligned to [`ALIGN`]).
    pub(crate) fn attach(&mut self, base: usize) {
        self.base = base;
    }

    /// True when `p` is in this region.
    #[inline]
    fn holds(&self, p: usize) -> bool {
        within(self.base, p)
    }

    /// A block for `layout` from the current chunk (or the next one); `None` when it is too large
    /// or too aligned for a chunk, or every chunk holds live blocks.
    #[inline]
    pub(crate) fn alloc(&mut self, layout: Layout) -> Option<usize> {
        // Without a region `next` and `end` are 0: every request goes on to `next_chunk`, which
        // refuses it.
        if layout.size() > LARGE || layout.align() > ALIGN {
            return None;
        }
        let mut p = self.next.next_multiple_of(layout.align());
        if p + layout.size() > self.end {
            self.next_chunk()?;
            p = self.next;
        }
        self.next = p + layout.size();
        self.live[usize::from(self.current)] += 1;
        Some(p)
    }

    /// Moves to an emptied chunk or a fresh one; `None` when there is none.
    #[cold]
    fn next_chunk(&mut self) -> Option<()> {
        if self.base == 0 {
            return None;
        }
        let chunk = if self.emptied_len > 0 {
            self.emptied_len -= 1;
            usize::from(self.emptied[self.emptied_len])
        } else if self.fresh < CHUNKS {
            self.fresh += 1;
            self.fresh - 1
        } else {
            return None;
        };
        // Below CHUNKS, 256: a byte holds it.
        self.current = chunk as u8;
        self.next = self.base + chunk * CHUNK;
        self.end = self.next + CHUNK;
        Some(())
    }

    /// Frees the block at `p` (in the region): the last one of its chunk empties it, to start
    /// over (the current chunk) or to be used again.
    #[inline]
    pub(crate) fn free(&mut self, p: usize) {
        // A block of the region is in one of its CHUNKS (256) chunks: a byte holds the index.
        let chunk = ((p - self.base) / CHUNK) as u8;
        let live = &mut self.live[usize::from(chunk)];
        *live -= 1;
        if *live == 0 {
            if chunk == self.current {
                self.next = self.base + usize::from(chunk) * CHUNK;
            } else {
                // At most CHUNKS - 1 others.
                self.emptied[self.emptied_len] = chunk;
                self.emptied_len += 1;
            }
        }
    }

    /// Resizes the block at `p` (in the region, `layout` its layout) where it is, when it is the
    /// current chunk's last block or shrinks; `false` when it must move.
    #[inline]
    pub(crate) fn resize_in_place(&mut self, p: usize, layout: Layout, new_size: usize) -> bool {
        if p + layout.size() == self.next && p + new_size <= self.end && new_size <= LARGE {
            self.next = p + new_size;
            return true;
        }
        new_size <= layout.size()
    }
}

/// Threads that can own a region: the main thread and as many checking threads as
/// [`crate::workers`] starts at most.
pub(crate) const OWNERS: usize = 1 + crate::workers::MOST;

/// A region's chunks, used by its owner thread only; on cache lines of their own (two of them on
/// x86-64, whose prefetcher fetches lines in pairs), so that no two threads write one.
#[repr(align(128))]
struct Shared(UnsafeCell<Chunks>);

// SAFETY: only the thread that claimed a region reads or writes its chunks (every access is
// behind its `SLOT`), except `BASE`, which is atomic.
unsafe impl Sync for Shared {}

/// Each owner's chunks, by slot.
static REGIONS: [Shared; OWNERS] = [const { Shared(UnsafeCell::new(Chunks::new())) }; OWNERS];

/// Start of the memory of all regions (slot `i`'s at `i * Chunks::SIZE` from it), for any
/// thread's frees to tell the regions' blocks from mimalloc's.
static BASE: AtomicUsize = AtomicUsize::new(NO_REGION);

/// Slots claimed so far.
static CLAIMED: AtomicUsize = AtomicUsize::new(0);

/// Bytes of all regions.
const ALL: usize = Chunks::SIZE * OWNERS;

/// [`BASE`] without regions: the top [`ALL`] bytes of a 64-bit address space, which are the
/// kernel's on every 64-bit system, so no block of the process is there and [`within`] needs no
/// test for missing regions (a 32-bit process may own that memory: it gets no region).
const NO_REGION: usize = usize::MAX - ALL + 1;

/// [`SLOT`] of a thread without a region.
const NONE: usize = usize::MAX;

thread_local! {
    /// The slot of the calling thread's region, whose small blocks come from it; [`NONE`].
    static SLOT: Cell<usize> = const { Cell::new(NONE) };
}

/// Gives the calling thread a region of its own: from now on its small blocks come from it.
/// Without one (the memory could not be reserved, every slot is taken, or the thread has one)
/// everything stays with mimalloc.
pub(crate) fn own() {
    if cfg!(not(target_pointer_width = "64")) || SLOT.with(Cell::get) != NONE {
        return;
    }
    static RESERVED: Once = Once::new();
    RESERVED.call_once(|| {
        let Ok(layout) = Layout::from_size_align(ALL, ALIGN) else { return };
        // SAFETY: a non-zero size. mimalloc maps a block this large from the system, which gives
        // its pages only as they are touched.
        let base = unsafe { Allocator.alloc(layout) }.expose_provenance();
        if base != 0 {
            BASE.store(base, Ordering::Release);
        }
    });
    let base = BASE.load(Ordering::Acquire);
    if base == NO_REGION {
        return;
    }
    let slot = CLAIMED.fetch_add(1, Ordering::Relaxed);
    if slot >= OWNERS {
        return;
    }
    // SAFETY: the slot was just claimed: no thread has used its chunks, and only this one will.
    unsafe { (*REGIONS[slot].0.get()).attach(base + slot * Chunks::SIZE) };
    SLOT.with(|s| s.set(slot));
}

/// `f`, its small blocks taken from mimalloc rather than the region: for what outlives the
/// report being written (a chunk holding one live block cannot start over), or is freed by
/// another thread.
pub(crate) fn outside<T>(f: impl FnOnce() -> T) -> T {
    let slot = SLOT.with(|s| s.replace(NONE));
    let out = f();
    SLOT.with(|s| s.set(slot));
    out
}

/// The calling thread's chunks; `None` on a thread without a region.
#[inline]
fn chunks() -> Option<&'static mut Chunks> {
    let slot = SLOT.with(Cell::get);
    // SAFETY: only the thread that claimed the slot gets the reference, and the allocator's
    // calls on one thread do not overlap (none of them allocates).
    (slot < OWNERS).then(|| unsafe { &mut *REGIONS[slot].0.get() })
}

/// True when `p` is a block of one of the regions.
#[inline]
fn in_region(p: *mut u8) -> bool {
    p.addr().wrapping_sub(BASE.load(Ordering::Relaxed)) < ALL
}

/// True when `p` is in the region at `base` (none at [`NO_REGION`]).
#[inline]
fn within(base: usize, p: usize) -> bool {
    p.wrapping_sub(base) < Chunks::SIZE
}

/// The region for the owner thread's small blocks, mimalloc for the rest.
pub(crate) struct Region;

// SAFETY: a region block is `layout.size()` bytes at a multiple of `layout.align()`, inside the
// reserved region, and is not handed out again before it is freed (a chunk starts over only
// when all its blocks are freed). The rest is mimalloc's, which meets the contract.
unsafe impl GlobalAlloc for Region {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if let Some(p) = chunks().and_then(|chunks| chunks.alloc(layout)) {
            return std::ptr::with_exposed_provenance_mut(p);
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { Allocator.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if let Some(p) = chunks().and_then(|chunks| chunks.alloc(layout)) {
            let block: *mut u8 = std::ptr::with_exposed_provenance_mut(p);
            // SAFETY: the block is `layout.size()` bytes of the region, which a chunk reused
            // may have written before.
            unsafe { block.write_bytes(0, layout.size()) };
            return block;
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { Allocator.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if in_region(ptr) {
            // A block of another thread's region is left live: its chunk stays in use, which is
            // safe. Blocks that go from thread to thread are made `outside` the regions.
            if let Some(chunks) = chunks()
                && chunks.holds(ptr.addr())
            {
                chunks.free(ptr.addr());
            }
            return;
        }
        // SAFETY: a block from mimalloc, freed with the caller's guarantees.
        unsafe { Allocator.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !in_region(ptr) {
            // SAFETY: a block from mimalloc, resized with the caller's guarantees.
            return unsafe { Allocator.realloc(ptr, layout, new_size) };
        }
        // Shrinking a block of another thread's region in place is safe too: its chunk's
        // bookkeeping is not touched.
        if chunks().is_some_and(|chunks| chunks.resize_in_place(ptr.addr(), layout, new_size)) {
            return ptr;
        }
        // SAFETY: the caller guarantees a non-zero size with `layout`'s alignment.
        let moved = unsafe { self.alloc(Layout::from_size_align_unchecked(new_size, layout.align())) };
        if !moved.is_null() {
            // SAFETY: both blocks are valid for the smaller size and do not overlap; the old
            // block is freed once, with its layout.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks over a region of plain memory (its addresses only: nothing is written).
    fn chunks_at(base: usize) -> Box<Chunks> {
        let mut chunks = Box::new(Chunks::new());
        chunks.attach(base);
        chunks
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).expect("a power of two")
    }

    const BASE_AT: usize = 1 << 40;

    #[test]
    fn blocks_follow_one_another_aligned() {
        let mut c = chunks_at(BASE_AT);
        assert_eq!(c.alloc(layout(3, 1)), Some(BASE_AT));
        assert_eq!(c.alloc(layout(8, 8)), Some(BASE_AT + 8));
        assert_eq!(c.alloc(layout(32, 16)), Some(BASE_AT + 16));
        assert_eq!(c.alloc(layout(1, 1)), Some(BASE_AT + 48));
    }

    #[test]
    fn a_chunk_whose_blocks_are_all_freed_starts_over() {
        let mut c = chunks_at(BASE_AT);
        let a = c.alloc(layout(100, 8)).expect("room");
        let b = c.alloc(layout(100, 8)).expect("room");
        c.free(b);
        c.free(a);
        assert_eq!(c.alloc(layout(16, 8)), Some(BASE_AT));
    }

    #[test]
    fn a_live_block_keeps_its_chunk_and_later_blocks_go_to_the_next() {
        let mut c = chunks_at(BASE_AT);
        let kept = c.alloc(layout(64, 8)).expect("room");
        // Fill the rest of the first chunk with blocks of LARGE bytes, then one more.
        let filling: Vec<usize> = (0..(CHUNK / LARGE) - 1).map(|_| c.alloc(layout(LARGE, 8)).expect("room")).collect();
        let spill = c.alloc(layout(LARGE, 8)).expect("the next chunk");
        assert_eq!(spill, BASE_AT + CHUNK);
        for p in filling {
            c.free(p);
        }
        // The first chunk still holds `kept`: the second starts over once its block is freed.
        c.free(spill);
        assert_eq!(c.alloc(layout(8, 8)), Some(BASE_AT + CHUNK));
        assert_eq!(kept, BASE_AT);
    }

    #[test]
    fn a_chunk_emptied_while_not_current_is_used_again() {
        let mut c = chunks_at(BASE_AT);
        let first: Vec<usize> = (0..CHUNK / LARGE).map(|_| c.alloc(layout(LARGE, 8)).expect("room")).collect();
        let second = c.alloc(layout(LARGE, 8)).expect("the next chunk");
        for p in first {
            c.free(p);
        }
        // The second chunk is current and live; filling it moves to the emptied first one.
        for _ in 1..CHUNK / LARGE {
            c.alloc(layout(LARGE, 8)).expect("room");
        }
        assert_eq!(c.alloc(layout(LARGE, 8)), Some(BASE_AT));
        assert_eq!(second, BASE_AT + CHUNK);
    }

    #[test]
    fn large_or_overaligned_blocks_and_a_full_region_are_refused() {
        let mut c = chunks_at(BASE_AT);
        assert_eq!(c.alloc(layout(LARGE + 1, 8)), None);
        assert_eq!(c.alloc(layout(64, 32)), None);
        for _ in 0..CHUNKS * (CHUNK / LARGE) {
            assert!(c.alloc(layout(LARGE, 8)).is_some());
        }
        assert_eq!(c.alloc(layout(8, 8)), None);
        assert_eq!(chunks_at(0).alloc(layout(8, 8)), None, "no region reserved");
    }

    #[test]
    fn the_last_block_grows_in_place_and_any_block_shrinks_in_place() {
        let mut c = chunks_at(BASE_AT);
        let a = c.alloc(layout(16, 8)).expect("room");
        let b = c.alloc(layout(16, 8)).expect("room");
        assert!(c.resize_in_place(b, layout(16, 8), 100));
        assert_eq!(c.alloc(layout(1, 1)), Some(b + 100));
        assert!(!c.resize_in_place(a, layout(16, 8), 17));
        assert!(c.resize_in_place(a, layout(16, 8), 8));
        assert!(within(BASE_AT, a) && !within(BASE_AT, BASE_AT + Chunks::SIZE) && !within(BASE_AT, BASE_AT - 1));
        assert!(!within(NO_REGION, a) && !within(NO_REGION, 0) && !within(NO_REGION, NO_REGION - 1));
    }

    /// Two threads' regions: each thread's blocks come from its own, and a block freed by the
    /// other thread is left live (its chunk is not started over under its owner).
    #[test]
    fn each_thread_has_its_own_region_and_a_block_freed_elsewhere_stays_live() {
        let small = layout(24, 8);
        // SAFETY (both threads): blocks are written within their sizes and freed with their
        // layouts; the first thread's chunks are read once it has ended.
        let (theirs, slot) = std::thread::spawn(move || {
            own();
            let block = unsafe { Region.alloc(small) };
            assert!(in_region(block));
            (block.addr(), SLOT.with(Cell::get))
        })
        .join()
        .expect("the first thread");
        std::thread::spawn(move || {
            own();
            let mine = unsafe { Region.alloc(small) };
            let chunks = chunks().expect("a region of its own");
            assert!(in_region(mine) && chunks.holds(mine.addr()) && !chunks.holds(theirs));
            unsafe { Region.dealloc(std::ptr::with_exposed_provenance_mut(theirs), small) };
            let their_chunks = unsafe { &*REGIONS[slot].0.get() };
            assert_eq!(their_chunks.live[0], 1, "freed by another thread: left live");
            unsafe { Region.dealloc(mine, small) };
            assert_eq!(unsafe { Region.alloc(small) }, mine, "its own chunk starts over");
        })
        .join()
        .expect("the second thread");
    }

    #[test]
    fn the_owner_threads_blocks_come_from_the_region_and_survive_reuse() {
        // `Region` is called directly, on a thread of its own that owns a region (the test
        // harness's threads keep to mimalloc).
        std::thread::spawn(|| {
            own();
            let small = layout(24, 8);
            // SAFETY: blocks are written within their sizes and freed once with their layouts.
            unsafe {
                let a = Region.alloc(small);
                assert!(in_region(a));
                a.write_bytes(7, 24);
                let b = Region.realloc(a, small, 4000);
                assert_eq!(b, a, "the last block grows in place");
                let c = Region.alloc(small);
                let d = Region.realloc(b, layout(4000, 8), 8000);
                assert_ne!(d, b);
                assert_eq!(std::slice::from_raw_parts(d, 24), [7; 24]);
                let large = Region.alloc(layout(LARGE + 1, 8));
                assert!(!in_region(large));
                Region.dealloc(large, layout(LARGE + 1, 8));
                Region.dealloc(c, small);
                Region.dealloc(d, layout(8000, 8));
                let zeroed = Region.alloc_zeroed(layout(64, 16));
                assert_eq!(zeroed, a, "an emptied chunk starts over");
                assert_eq!(std::slice::from_raw_parts(zeroed, 64), [0; 64]);
                Region.dealloc(zeroed, layout(64, 16));
                // Outside, blocks come from mimalloc, and go back to it; then from the region.
                let elsewhere = outside(|| Region.alloc(small));
                assert!(!in_region(elsewhere));
                Region.dealloc(elsewhere, small);
                let again = Region.alloc(small);
                assert!(in_region(again));
                Region.dealloc(again, small);
            }
        })
        .join()
        .expect("the owner thread");
        // SAFETY: as above; this thread does not own the region.
        unsafe {
            let elsewhere = Region.alloc(layout(24, 8));
            assert!(!in_region(elsewhere));
            Region.dealloc(elsewhere, layout(24, 8));
        }
    }
}
