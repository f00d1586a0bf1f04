//! `allocator_api2::alloc::Allocator` for `&Arena`: std-like collections in the arena.
//!
//! `allocate` bumps; `deallocate` rolls the cursor back when the block is the newest one (so a
//! temporary buffer freed right away costs nothing); `grow` and `shrink` resize the newest
//! block in place by moving the cursor, so a `Vec` being pushed at the end of the arena never
//! copies. Other blocks are copied on growth and reclaimed at reset.
//!
//! # Examples
//!
//! ```
//! use allocator_api2::vec::Vec;
//!
//! let arena = arenakit::Arena::new();
//! let mut v = Vec::new_in(&arena);
//! for i in 0..1000u32 {
//!     v.push(i); // grows in place: the Vec is the newest allocation
//! }
//! assert_eq!(v.iter().sum::<u32>(), 499_500);
//! assert_eq!(arena.stats().used, 4096); // capacity 1024, nothing copied or abandoned
//! ```

use crate::arena::{Arena, Mode};
use crate::raw::RawOps;
use crate::source::MemorySource;
use allocator_api2::alloc::{AllocError, Allocator};
use core::alloc::Layout;
use core::ptr::NonNull;

// SAFETY: (1) blocks come from `alloc_freeable`, valid for the layout and handed out to no one
// else until they are freed or the arena is reset, which needs `&mut` and so ends every `&Arena`
// (and with it every collection using this allocator); (2) `deallocate` gives a block up: the
// raw arena rolls the cursor back over it if it is the newest, and reuses its chunk only once
// the live-block count of the chunk says every block in it was freed and no plain allocation
// pins it, so memory still in use is never handed out again; (3) `grow`/`shrink` either resize
// the newest block in place or copy into a fresh block, preserving the first `min(old, new)`
// bytes, and a shrink to zero frees the block; (4) copies of `&Arena` are the same allocator,
// so memory from one can be freed by another.
unsafe impl<S: MemorySource, M: Mode> Allocator for &Arena<S, M> {
    #[inline(always)]
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        let ptr = self.raw().alloc_freeable(layout)?;
        Ok(NonNull::slice_from_raw_parts(ptr, layout.size()))
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller guarantees `ptr` is a live block of ours for `layout`, unused from
        // now on.
        unsafe { self.raw().free(ptr, layout.size()) }
    }

    #[inline]
    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        debug_assert!(new.size() >= old.size());
        // SAFETY: the caller guarantees `ptr` is a live block of ours for `old`.
        if unsafe {
            self.raw()
                .resize_in_place(ptr, old.size(), new.size(), new.align())
        } {
            return Ok(NonNull::slice_from_raw_parts(ptr, new.size()));
        }
        // SAFETY: `ptr` is a live block for `old` (caller), `new` is at least as large.
        unsafe { self.relocate(ptr, old, new) }
    }

    #[inline]
    unsafe fn grow_zeroed(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: the caller's guarantees are those of `grow`.
        let block = unsafe { self.grow(ptr, old, new)? };
        // SAFETY: the block holds `new.size()` bytes and `old.size() <= new.size()`, so the
        // offset stays inside it.
        let tail = unsafe { block.cast::<u8>().add(old.size()) };
        // SAFETY: `[tail, tail + new - old)` is the part of the block past the preserved prefix.
        unsafe { tail.write_bytes(0, new.size() - old.size()) };
        Ok(block)
    }

    #[inline]
    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        debug_assert!(new.size() <= old.size());
        if new.size() == 0 {
            // The caller will never give a zero-sized block back, so free it now.
            // SAFETY: the caller guarantees `ptr` is a live block of ours for `old`, and gives
            // it up in exchange for the returned one.
            unsafe { self.raw().free(ptr, old.size()) };
            let dangling = crate::raw::dangling(new.align());
            return Ok(NonNull::slice_from_raw_parts(dangling, 0));
        }
        // SAFETY: the caller guarantees `ptr` is a live block of ours for `old`.
        if unsafe {
            self.raw()
                .resize_in_place(ptr, old.size(), new.size(), new.align())
        } {
            return Ok(NonNull::slice_from_raw_parts(ptr, new.size()));
        }
        if ptr.addr().get().is_multiple_of(new.align()) {
            // Not the newest block: keep it where it is; the tail is reclaimed at reset.
            return Ok(NonNull::slice_from_raw_parts(ptr, new.size()));
        }
        // SAFETY: `ptr` is a live block for `old` (caller), `new` is at most as large.
        unsafe { self.relocate(ptr, old, new) }
    }
}

impl<S: MemorySource, M: Mode> Arena<S, M> {
    /// Moves a block into a fresh one for `new`, keeping the first `min(old, new)` bytes.
    ///
    /// # Safety
    ///
    /// `ptr` is a live block of this arena for `old`, unused after this call succeeds.
    unsafe fn relocate(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        // A block moved to grow will likely grow again: give it room to (a large one gets a
        // dedicated chunk with room to double in place).
        let fresh = if new.size() > old.size() {
            self.raw().alloc_growable(new)?
        } else {
            self.raw().alloc_freeable(new)?
        };
        // SAFETY: `fresh` is a new block of `new.size()` bytes, disjoint from the live block at
        // `ptr`; both hold at least `min(old, new)` bytes.
        unsafe { ptr.copy_to_nonoverlapping(fresh, old.size().min(new.size())) };
        // SAFETY: the caller gives up `ptr`, a live block for `old`.
        unsafe { self.raw().free(ptr, old.size()) };
        Ok(NonNull::slice_from_raw_parts(fresh, new.size()))
    }
}
