//! A box of a slice as an arena `Vec` and back: [`ArenaBox::into_vec`], and the guard that
//! lends a box's elements to a `Vec` for one edit, so the length-changing methods
//! ([`edit`](super::edit), [`split`](super::split)) reuse the `Vec`'s panic-safe code.
//!
//! # Shrinking in place
//!
//! A box whose length shrinks keeps its block: when it is the newest block of its chunk the
//! tail is given back at once (the `Allocator`'s `shrink`), else the tail stays allocated until
//! the box is dropped (then the whole block is freed, and a chunk whose blocks are all freed is
//! reused) or the arena is reset. An empty box frees its block at once and holds a dangling
//! pointer. That is what the arena `Vec`'s `shrink_to_fit` does, and the box's invariant allows
//! it: the box frees its block by its start, with a size no larger than the block's.

use super::ArenaBox;
use crate::arena::{Arena, Mode};
use crate::collections::Vec;
use crate::source::MemorySource;
use core::mem::ManuallyDrop;
use core::ptr::NonNull;

impl<'a, T, S: MemorySource, M: Mode> ArenaBox<'a, [T], S, M> {
    /// The box's elements as an arena [`Vec`] over the same block, with a capacity of their
    /// number: nothing is copied or allocated. `Vec::into_boxed_slice`, `collect_in` or
    /// [`FixedVec::from_init`](crate::collections::FixedVec::from_init) go the other way.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let b = arena.alloc_box_slice_copy(&[1, 2, 3]);
    /// let at = ArenaBox::as_ptr(&b).cast::<i32>();
    /// let mut v = ArenaBox::into_vec(b);
    /// assert_eq!(v.as_ptr(), at);
    /// v.push(4); // grows in place: the block is the newest
    /// assert_eq!(v, [1, 2, 3, 4]);
    /// ```
    pub fn into_vec(b: Self) -> Vec<'a, T, S, M> {
        let (ptr, arena) = Self::into_parts(b);
        // SAFETY: see `vec_of`; the box is gone, so the vector is the only owner.
        unsafe { vec_of(ptr, arena) }
    }

    /// Runs `f` on the box's elements lent to an arena `Vec` (see [`lend`](Self::lend)).
    pub(super) fn edit<R>(&mut self, f: impl FnOnce(&mut Vec<'a, T, S, M>) -> R) -> R {
        f(&mut self.lend().vec)
    }

    /// Lends the box's elements and block to an arena `Vec` until the guard is dropped; then
    /// the `Vec` becomes the box again (shrunk to fit, see the module docs), also when a
    /// panic unwinds through the guard: the elements the `Vec` holds then stay in the box,
    /// and every other one was dropped or moved by the `Vec`'s own panic-safe code, once.
    /// Meanwhile the box holds an empty slice, so a leaked guard leaves a valid (empty) box.
    pub(super) fn lend(&mut self) -> Lent<'_, 'a, T, S, M> {
        let arena = self.arena;
        let lent = core::mem::replace(
            &mut self.ptr,
            NonNull::slice_from_raw_parts(NonNull::dangling(), 0),
        );
        // SAFETY: `lent` was the box's pointer, whose value and block it no longer owns (it
        // holds an empty slice now); the vector is their only owner until `Lent` puts it back.
        let vec = unsafe { vec_of(lent, arena) };
        Lent {
            target: self,
            vec: ManuallyDrop::new(vec),
        }
    }
}

/// The elements of a box lent to an arena `Vec` (see [`ArenaBox::lend`]); puts the `Vec`
/// back into the box when dropped.
pub(super) struct Lent<'b, 'a, T, S: MemorySource, M: Mode> {
    target: &'b mut ArenaBox<'a, [T], S, M>,
    pub(super) vec: ManuallyDrop<Vec<'a, T, S, M>>,
}

impl<T, S: MemorySource, M: Mode> Drop for Lent<'_, '_, T, S, M> {
    fn drop(&mut self) {
        // SAFETY: the vector is taken once, here, and `self` is not used afterwards.
        let vec = unsafe { ManuallyDrop::take(&mut self.vec) };
        let (ptr, _) = ArenaBox::into_parts(ArenaBox::from_vec(vec));
        // The box holds the empty slice `lend` left, which owns nothing: it is overwritten
        // without dropping anything.
        self.target.ptr = ptr;
    }
}

impl<T, S: MemorySource, M: Mode> ArenaBox<'_, [T], S, M> {
    /// Gives back the part of the box's block past its elements (see the module docs), after
    /// the box was shortened in place from `block_len` elements.
    ///
    /// # Safety
    ///
    /// The box's block holds at least `block_len` elements' bytes, and `block_len` is at
    /// least the box's length; nothing uses the slots past the box's length afterwards.
    pub(super) unsafe fn refit(&mut self, block_len: usize) {
        let arena = self.arena;
        let len = self.len();
        let ptr = core::mem::replace(
            &mut self.ptr,
            NonNull::slice_from_raw_parts(NonNull::dangling(), 0),
        );
        // SAFETY: the box's elements and block (of at least `block_len` elements, caller) are
        // given to the vector; the box holds an empty slice meanwhile, owning nothing.
        let vec =
            unsafe { Vec::from_raw_parts_in(ptr.cast::<T>().as_ptr(), len, block_len, arena) };
        let (ptr, _) = ArenaBox::into_parts(ArenaBox::from_vec(vec));
        self.ptr = ptr;
    }
}

/// An arena `Vec` over the elements and block of a box.
///
/// # Safety
///
/// `ptr` and `arena` are the parts of an `ArenaBox<[T]>` given up by the caller (its
/// elements are initialised, at the start of a block from `alloc_freeable` of at least their
/// size, or dangling when that is zero), and nothing else uses them afterwards.
unsafe fn vec_of<'a, T, S: MemorySource, M: Mode>(
    ptr: NonNull<[T]>,
    arena: &'a Arena<S, M>,
) -> Vec<'a, T, S, M> {
    let len = ptr.len();
    // SAFETY: the block came from the arena (through `alloc_freeable`, which the arena's
    // `Allocator` hands out too) for at least `len` elements' bytes with `T`'s alignment, and
    // the `Allocator` frees a block by its start with any size up to the block's (see the
    // module docs), so a capacity of `len` fits it; the `len` elements are initialised and
    // owned by the caller, who gives them to the vector. A zero-sized block is dangling and
    // aligned, which a `Vec` with nothing to free accepts.
    unsafe { Vec::from_raw_parts_in(ptr.cast::<T>().as_ptr(), len, len, arena) }
}
