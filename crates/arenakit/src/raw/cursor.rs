//! The bump cursor, over a `Cell` (single-thread arena) or an atomic (a shard of the
//! thread-safe arena, bumped only by the thread that owns it), with one bump step for both.

use super::bump;
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// A place holding a bump cursor.
///
/// Implementations for atomics use `Relaxed` ordering: a cursor is only ever moved by one
/// thread at a time (the owner of the shard, or a holder of `&mut` of the arena), so the
/// accesses need atomicity (other threads may read it for statistics) but no ordering, and on
/// x86-64 and AArch64 they compile to plain loads and stores.
pub(crate) trait CursorCell {
    fn load(&self) -> *mut u8;
    fn store(&self, cursor: *mut u8);
}

impl CursorCell for Cell<*mut u8> {
    #[inline(always)]
    fn load(&self) -> *mut u8 {
        self.get()
    }

    #[inline(always)]
    fn store(&self, cursor: *mut u8) {
        self.set(cursor);
    }
}

#[cfg(feature = "std")]
impl CursorCell for core::sync::atomic::AtomicPtr<u8> {
    #[inline(always)]
    fn load(&self) -> *mut u8 {
        self.load(core::sync::atomic::Ordering::Relaxed)
    }

    #[inline(always)]
    fn store(&self, cursor: *mut u8) {
        self.store(cursor, core::sync::atomic::Ordering::Relaxed);
    }
}

/// Moves `cursor` past a block for `layout` if the block fits below `end`; returns the block
/// and the bytes the cursor moved (padding included).
///
/// The cursor must satisfy the invariant of [`bump::bump_up`] (aligned to `MIN_ALIGN`, at most
/// `end`) and point into a chunk whose free tail is `[cursor, end)`, or be the dangling
/// "no chunk" cursor with `end` equal to its address.
#[inline(always)]
pub(crate) fn try_bump<C: CursorCell>(
    cursor: &C,
    end: usize,
    layout: Layout,
) -> Option<(NonNull<u8>, usize)> {
    let at = cursor.load();
    let (start, next) = bump::bump_up(at.addr(), end, layout.size(), layout.align())?;
    // Both addresses lie in `[at, end]`, inside the chunk, so deriving them from `at` keeps
    // the chunk's provenance.
    cursor.store(at.with_addr(next));
    // SAFETY: `start >= at.addr() >= MIN_ALIGN > 0`.
    let block = unsafe { NonNull::new_unchecked(at.with_addr(start)) };
    Some((block, next - at.addr()))
}

/// Resizes the newest block `[ptr, cursor)` in place to `new_size` bytes by moving `cursor`,
/// if `ptr` is aligned to `new_align` and the result fits below `end`. Returns the cursor's
/// previous address on success. Both sizes must be non-zero.
#[inline]
pub(crate) fn try_resize_newest<C: CursorCell>(
    cursor: &C,
    end: usize,
    ptr: NonNull<u8>,
    old_size: usize,
    new_size: usize,
    new_align: usize,
) -> Option<usize> {
    let at = cursor.load();
    let start = ptr.addr().get();
    if old_size == 0
        || new_size == 0
        || !start.is_multiple_of(new_align)
        || !bump::is_last(start, old_size, at.addr())
    {
        return None;
    }
    let next = bump::resize_last(start, new_size, end)?;
    // `next` lies in `[ptr, end]`, inside the chunk `ptr` belongs to (the block ends at the
    // cursor), and `ptr` carries that chunk's provenance.
    cursor.store(ptr.as_ptr().with_addr(next));
    Some(at.addr())
}
