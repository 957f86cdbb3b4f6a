//! The wasm build's memory allocator: blocks of power-of-two sizes, one free list per size.
//!
//! The standard library's allocator for wasm (dlmalloc) splits and merges blocks of any size;
//! its code was 6 KB of the gzipped download. The playground's allocations are few and regular
//! (vectors that double, pixel buffers reused frame after frame, a data set's columns), so a
//! simpler scheme serves them as well: a request of n bytes takes a block of 2^k ≥ n bytes; a
//! freed block goes onto the list for its size and is handed out again, O(1) both ways, never
//! merged. A block is at most twice what was asked for. New blocks come from the end of the
//! heap, which grows by whole 64 KiB pages; wasm memory never shrinks, whatever the allocator.
//!
//! Every block starts at a multiple of 16 (the heap's end stays one, and every size is), which
//! covers the alignment of every type here (v128 needs 16). A larger alignment is served from
//! the end of the heap and never reused. The instance is single-threaded, so plain cells do.

use std::alloc::{GlobalAlloc, Layout};
use std::arch::wasm32;
use std::cell::Cell;
use std::ptr::null_mut;

/// Smallest block: 16 bytes, 2^4.
const MIN_CLASS: usize = 4;
/// One free list per power of two up to 2^31 (wasm32 addresses are 32 bits).
const CLASSES: usize = 32;
const ALIGN: usize = 1 << MIN_CLASS;
const PAGE: usize = 65_536;

struct Blocks {
    /// Head of each size's free list; a free block's first word points to the next one.
    free: [Cell<usize>; CLASSES],
    /// The end of the heap: where the next new block starts (0 until the first request).
    end: Cell<usize>,
}

// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread.
unsafe impl Sync for Blocks {}

#[global_allocator]
static BLOCKS: Blocks = Blocks {
    free: [const { Cell::new(0) }; CLASSES],
    end: Cell::new(0),
};

/// The size class k of a request: the smallest 2^k ≥ max(size, 16).
fn class(size: usize) -> usize {
    size.max(ALIGN).next_power_of_two().trailing_zeros() as usize
}

impl Blocks {
    /// `bytes` (a multiple of 16) from the end of the heap, growing memory as needed.
    #[inline(never)]
    fn take_new(&self, bytes: usize, align: usize) -> *mut u8 {
        let mut start = self.end.get();
        if start == 0 {
            // The heap starts where memory ends when the first request arrives: past the stack
            // and the statics that the linker placed.
            start = wasm32::memory_size(0) * PAGE;
        }
        let start = (start + align - 1) & !(align - 1);
        let Some(end) = start.checked_add(bytes) else {
            return null_mut();
        };
        let have = wasm32::memory_size(0) * PAGE;
        if end > have && wasm32::memory_grow(0, (end - have).div_ceil(PAGE)) == usize::MAX {
            return null_mut(); // out of memory: Rust reports it and the instance traps
        }
        self.end.set(end);
        start as *mut u8
    }
}

// Each entry point stays out of line: inlined into every `Vec` growth and every drop, these few
// instructions would cost more download than dlmalloc did.
unsafe impl GlobalAlloc for Blocks {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let k = class(layout.size());
        if k >= CLASSES {
            return null_mut();
        }
        if layout.align() > ALIGN {
            return self.take_new(1 << k, layout.align());
        }
        let head = self.free[k].get();
        if head != 0 {
            // SAFETY: a block on a free list is ours, at least 16 bytes, and holds the next link.
            self.free[k].set(unsafe { *(head as *const usize) });
            return head as *mut u8;
        }
        self.take_new(1 << k, ALIGN)
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.align() > ALIGN {
            return; // rare and never reused (see the module documentation)
        }
        let k = class(layout.size());
        // SAFETY: `ptr` is a block of class k that the caller gives back; its first word
        // becomes the free list's link.
        unsafe { *(ptr as *mut usize) = self.free[k].get() };
        self.free[k].set(ptr as usize);
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= ALIGN && class(new_size) == class(layout.size()) {
            return ptr; // the block already has room
        }
        // SAFETY: the caller's contract for realloc is the one alloc and dealloc need.
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}
