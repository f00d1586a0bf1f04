//! `alloc_iter`: a slice from an iterator of unknown length.
//!
//! The items are pushed into an arena `Vec` (a freeable buffer, bumped through the arena's
//! lane of freeable blocks), then moved into a plain block, and the buffer is freed (rolled
//! back: it is the newest freeable block). Plain allocations the iterator makes from the
//! same arena go to the other lane, so the buffer still grows in place; if the iterator
//! allocates freeable blocks too (even another `alloc_iter`), the buffer moves and the old
//! one is freed: correct either way (typed-arena #63 broke here).

use super::alloc::{Blocks, assert_no_drop};
use super::{Arena, Mode};
use crate::error::{AllocError, unwrap_or_panic};
use crate::raw::RawOps;
use crate::source::MemorySource;
use allocator_api2::collections::TryReserveErrorKind;
use allocator_api2::vec::Vec;

#[allow(clippy::mut_from_ref)]
impl<S: MemorySource, M: Mode> Arena<S, M> {
    /// Allocates the items of any iterator, of a length known only at the end (bump-scope's
    /// `alloc_iter`). Like [`alloc`](Self::alloc), takes only types without drop glue. The
    /// iterator may allocate from this arena itself.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_alloc_iter`](Self::try_alloc_iter).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let words = arena.alloc_iter("a bb ccc".split(' ').map(|w| arena.alloc_str(w) as &str));
    /// assert_eq!(words, ["a", "bb", "ccc"]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_iter<I: IntoIterator>(&self, iter: I) -> &mut [I::Item] {
        assert_no_drop!(I::Item);
        unwrap_or_panic(self.try_alloc_iter(iter))
    }

    /// Like [`alloc_iter`](Self::alloc_iter), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// assert!(arena.try_alloc_iter((0..u64::MAX).filter(|n| n % 2 == 0)).is_err());
    /// ```
    pub fn try_alloc_iter<I: IntoIterator>(&self, iter: I) -> Result<&mut [I::Item], AllocError> {
        assert_no_drop!(I::Item);
        collect_into(self, self, iter)
    }
}

/// The items of `iter`, collected in a `Vec` in `arena`'s freeable lane, then moved into a
/// block of `blocks` (the arena itself, or a scope of it); the buffer goes back to the arena
/// (rolled back, as it is usually the newest freeable block). Moved into a plain block, the
/// result is rewound by checkpoints and scopes like every plain value.
// `&mut` from `&B`: a fresh block of `blocks` (see `Blocks`).
#[allow(clippy::mut_from_ref)]
pub(super) fn collect_into<'b, B: Blocks, S: MemorySource, M: Mode, I: IntoIterator>(
    blocks: &'b B,
    arena: &Arena<S, M>,
    iter: I,
) -> Result<&'b mut [I::Item], AllocError> {
    let iter = iter.into_iter();
    let mut vec = Vec::new_in(arena);
    let reserve = |vec: &mut Vec<I::Item, &Arena<S, M>>, additional| {
        vec.try_reserve(additional)
            .map_err(|error| match error.kind() {
                TryReserveErrorKind::CapacityOverflow => AllocError::overflow(),
                TryReserveErrorKind::AllocError { layout, .. } => arena.raw().refusal(layout),
            })
    };
    reserve(&mut vec, iter.size_hint().0)?;
    for item in iter {
        if vec.len() == vec.capacity() {
            reserve(&mut vec, 1)?;
        }
        vec.push(item);
    }
    // SAFETY: the elements are forgotten right after the move (`set_len(0)`), and the caller's
    // element type has no drop glue anyway.
    let moved = unsafe { blocks.move_slice(&vec)? };
    // SAFETY: 0 is within the capacity; the elements were moved out above.
    unsafe { vec.set_len(0) };
    Ok(moved)
}
