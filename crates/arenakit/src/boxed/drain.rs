//! The iterators that remove elements from a box of a slice: [`BoxDrain`]
//! ([`ArenaBox::drain`]) and [`BoxExtractIf`] ([`ArenaBox::extract_if`]).
//!
//! `drain`: the range is rotated to the end of the box first (moves only, no user code), and the box
//! is shortened to the elements it keeps, so the drained ones lie past its end, in its block,
//! owned by the iterator; when the iterator is dropped it drops those it did not yield and
//! gives the tail of the block back (see [`vec_view`](super::vec_view)). A leaked iterator
//! leaves the box with the elements it keeps (the drained ones are leaked, never dropped).
//!
//! `extract_if`: the box lends its elements to an arena `Vec` ([`ArenaBox::lend`]) for the
//! iterator's life, which runs the same extraction as the `Vec`'s
//! [`ExtractIf`](crate::collections::ExtractIf) on it; when the iterator is dropped (also
//! while a panic of the predicate unwinds) the extraction finishes and the `Vec` becomes the
//! box again. A leaked iterator leaves the box empty (its elements leaked).

use super::ArenaBox;
use super::vec_view::Lent;
use crate::arena::Mode;
use crate::collections::{Extraction, checked_range};
use crate::source::MemorySource;
use core::fmt;
use core::iter::FusedIterator;
use core::ops::{Range, RangeBounds};
use core::ptr::NonNull;

impl<'a, T, S: MemorySource, M: Mode> ArenaBox<'a, [T], S, M> {
    /// Removes the elements of `range` and yields them; those not yielded are dropped when
    /// the iterator is. The elements after the range move down, so the box keeps its order.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2, 3, 4]);
    /// let taken: Vec<i32> = b.drain(1..3).collect();
    /// assert_eq!((taken, &*b), (vec![2, 3], &[1, 4][..]));
    /// ```
    #[track_caller]
    pub fn drain(&mut self, range: impl RangeBounds<usize>) -> BoxDrain<'_, 'a, T, S, M> {
        let block_len = self.len();
        let Range { start, end } = checked_range(range, block_len);
        self[start..].rotate_left(end - start);
        let kept = block_len - (end - start);
        self.ptr = NonNull::slice_from_raw_parts(self.ptr.cast::<T>(), kept);
        BoxDrain {
            target: self,
            block_len,
            front: kept,
            back: block_len,
        }
    }
}

impl<'a, T, S: MemorySource, M: Mode> ArenaBox<'a, [T], S, M> {
    /// Removes and yields the elements of `range` for which `filter` returns `true` (it may
    /// change them), keeping the others in order. Elements not examined when the iterator is
    /// dropped stay; if `filter` panics, the element it panicked on stays too.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2, 3, 4, 5]);
    /// let even: Vec<i32> = b.extract_if(.., |x| *x % 2 == 0).collect();
    /// assert_eq!((even, &*b), (vec![2, 4], &[1, 3, 5][..]));
    /// ```
    #[track_caller]
    pub fn extract_if<F: FnMut(&mut T) -> bool>(
        &mut self,
        range: impl RangeBounds<usize>,
        filter: F,
    ) -> BoxExtractIf<'_, 'a, T, F, S, M> {
        let mut lent = self.lend();
        let state = Extraction::start(&mut lent.vec, range);
        BoxExtractIf {
            lent,
            state,
            filter,
        }
    }
}

/// The iterator of [`ArenaBox::extract_if`]: yields the removed elements by value.
#[must_use = "the elements are removed only as the iterator yields them"]
pub struct BoxExtractIf<'b, 'a, T, F: FnMut(&mut T) -> bool, S: MemorySource, M: Mode> {
    /// Dropped after `state` finished (the `Drop` impl below runs first).
    lent: Lent<'b, 'a, T, S, M>,
    state: Extraction,
    filter: F,
}

impl<T, F: FnMut(&mut T) -> bool, S: MemorySource, M: Mode> Iterator
    for BoxExtractIf<'_, '_, T, F, S, M>
{
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.state.next(&mut self.lent.vec, &mut self.filter)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.state.left()))
    }
}

impl<T, F: FnMut(&mut T) -> bool, S: MemorySource, M: Mode> Drop
    for BoxExtractIf<'_, '_, T, F, S, M>
{
    fn drop(&mut self) {
        // Then `lent` gives the vector back to the box.
        self.state.finish(&mut self.lent.vec);
    }
}

impl<T, F: FnMut(&mut T) -> bool, S: MemorySource, M: Mode> fmt::Debug
    for BoxExtractIf<'_, '_, T, F, S, M>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoxExtractIf")
            .field("len", &self.state.kept())
            .field("unexamined", &self.state.left())
            .finish_non_exhaustive()
    }
}

/// The iterator of [`ArenaBox::drain`]: yields the removed elements by value, from either
/// end.
#[must_use = "the elements are yielded only as the iterator runs; dropping it drops them"]
pub struct BoxDrain<'b, 'a, T, S: MemorySource, M: Mode> {
    /// Shortened to the elements it keeps; its block holds `block_len` elements' slots.
    target: &'b mut ArenaBox<'a, [T], S, M>,
    block_len: usize,
    /// The slots `[front, back)` past the box's end hold the elements not yielded yet, owned
    /// by the iterator.
    front: usize,
    back: usize,
}

impl<T, S: MemorySource, M: Mode> BoxDrain<'_, '_, T, S, M> {
    /// The slot `index` of the box's block.
    fn slot(&self, index: usize) -> NonNull<T> {
        debug_assert!(index < self.block_len);
        // SAFETY: `index < block_len`, and the block holds `block_len` slots.
        unsafe { self.target.ptr.cast::<T>().add(index) }
    }

    /// The elements not yielded yet.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2, 3]);
    /// let mut d = b.drain(..);
    /// d.next();
    /// assert_eq!(d.as_slice(), [2, 3]);
    /// ```
    pub fn as_slice(&self) -> &[T] {
        let rest = NonNull::slice_from_raw_parts(self.slot_or_end(), self.back - self.front);
        // SAFETY: the slots `[front, back)` hold initialised elements owned by the iterator,
        // borrowed as long as it is.
        unsafe { rest.as_ref() }
    }

    /// The slot `front`, which may be the end of the block.
    fn slot_or_end(&self) -> NonNull<T> {
        // SAFETY: `front <= block_len`, so the offset stays in or one past the block.
        unsafe { self.target.ptr.cast::<T>().add(self.front) }
    }
}

impl<T, S: MemorySource, M: Mode> Iterator for BoxDrain<'_, '_, T, S, M> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.front == self.back {
            return None;
        }
        let slot = self.slot(self.front);
        self.front += 1;
        // SAFETY: the slot held an element owned by the iterator, which gives it up (it moved
        // past it).
        Some(unsafe { slot.read() })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.back - self.front;
        (left, Some(left))
    }
}

impl<T, S: MemorySource, M: Mode> DoubleEndedIterator for BoxDrain<'_, '_, T, S, M> {
    fn next_back(&mut self) -> Option<T> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        let slot = self.slot(self.back);
        // SAFETY: as in `next`.
        Some(unsafe { slot.read() })
    }
}

impl<T, S: MemorySource, M: Mode> ExactSizeIterator for BoxDrain<'_, '_, T, S, M> {}

impl<T, S: MemorySource, M: Mode> FusedIterator for BoxDrain<'_, '_, T, S, M> {}

impl<T, S: MemorySource, M: Mode> Drop for BoxDrain<'_, '_, T, S, M> {
    fn drop(&mut self) {
        /// Gives the block's tail back after the drops below, also if one panics.
        struct Refit<'c, 'b, 'a, T, S: MemorySource, M: Mode>(&'c mut BoxDrain<'b, 'a, T, S, M>);
        impl<T, S: MemorySource, M: Mode> Drop for Refit<'_, '_, '_, T, S, M> {
            fn drop(&mut self) {
                let block_len = self.0.block_len;
                // SAFETY: the box's block holds `block_len` slots (it had that many elements
                // when the iterator was made), and the slots past its end were all yielded
                // or dropped.
                unsafe { self.0.target.refit(block_len) }
            }
        }
        let rest = NonNull::slice_from_raw_parts(self.slot_or_end(), self.back - self.front);
        self.front = self.back;
        let _refit = Refit(self);
        // SAFETY: the slots held the elements not yielded, owned by the iterator, which gives
        // them up here (`front == back`); a panicking destructor still drops the others.
        unsafe { rest.drop_in_place() }
    }
}

impl<T: fmt::Debug, S: MemorySource, M: Mode> fmt::Debug for BoxDrain<'_, '_, T, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BoxDrain").field(&self.as_slice()).finish()
    }
}
