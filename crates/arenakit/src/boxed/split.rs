//! Splitting and joining boxes of slices (bump-scope's `split_off`, `split_at`,
//! `split_first`, `merge`, `partition`), and mapping them in place (`map_in_place`,
//! `into_flattened`).
//!
//! A box frees its own block, so two boxes never share one: the part split off moves to a new
//! block (allocated before anything changes, hence the `try_` twins), and the box it came from
//! shrinks in place (see [`vec_view`](super::vec_view)). Joining grows the first box's block,
//! in place when it is the newest.

use super::ArenaBox;
use super::slice::SliceWriter;
use crate::arena::Mode;
use crate::collections::{ArenaVecConvert, CollectIn, VecExt, checked_range, reserve};
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::MemorySource;
use core::ops::{Range, RangeBounds};

/// One element in a box of its own, and the box of the others.
type Parted<'a, T, S, M> = (ArenaBox<'a, T, S, M>, ArenaBox<'a, [T], S, M>);

impl<'a, T, S: MemorySource, M: Mode> ArenaBox<'a, [T], S, M> {
    /// Removes the elements of `range` and returns them as a new box, shifting the ones after
    /// it down (bump-scope's `split_off`, which takes a range).
    ///
    /// # Panics
    ///
    /// If the range is out of bounds, or the arena cannot provide the new block (see
    /// [`try_split_off`](Self::try_split_off)).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2, 3, 4]);
    /// let middle = b.split_off(1..3);
    /// assert_eq!((&*b, &*middle), (&[1, 4][..], &[2, 3][..]));
    /// ```
    #[track_caller]
    pub fn split_off(&mut self, range: impl RangeBounds<usize>) -> Self {
        unwrap_or_panic(self.try_split_off(range))
    }

    /// Like [`split_off`](Self::split_off), returning an error (and leaving the box
    /// unchanged) if the arena cannot provide the new block.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut b = arena.alloc_box_slice_fill_with(5000, |i| i as u64);
    /// assert!(b.try_split_off(..).is_err()); // 40,000 more bytes do not fit
    /// assert_eq!(b.len(), 5000);
    /// ```
    #[track_caller]
    pub fn try_split_off(&mut self, range: impl RangeBounds<usize>) -> Result<Self, AllocError> {
        let Range { start, end } = checked_range(range, self.len());
        let mut out = SliceWriter::new(self.arena, end - start)?;
        // Moving elements runs no user code: nothing can panic between here and `finish`.
        self.edit(|v| out.extend(v.drain(start..end)));
        out.finish()
    }

    /// Removes the first element and returns it in a box of its own, or `None` if the box
    /// is empty.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the new block; see
    /// [`try_split_off_first`](Self::try_split_off_first).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2]);
    /// assert_eq!(*b.split_off_first().unwrap(), 1);
    /// assert_eq!(*b, [2]);
    /// ```
    #[track_caller]
    pub fn split_off_first(&mut self) -> Option<ArenaBox<'a, T, S, M>> {
        unwrap_or_panic(self.try_split_off_first())
    }

    /// Like [`split_off_first`](Self::split_off_first), returning an error (and leaving the
    /// box unchanged) if the arena cannot provide the new block.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1u8]);
    /// assert_eq!(b.try_split_off_first().unwrap().as_deref(), Some(&1));
    /// assert_eq!(b.try_split_off_first().unwrap(), None);
    /// ```
    pub fn try_split_off_first(&mut self) -> Result<Option<ArenaBox<'a, T, S, M>>, AllocError> {
        if self.is_empty() {
            return Ok(None);
        }
        self.try_split_off(..1).map(|one| Some(single(one)))
    }

    /// Removes the last element and returns it in a box of its own, or `None` if the box is
    /// empty.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the new block; see
    /// [`try_split_off_last`](Self::try_split_off_last).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2]);
    /// assert_eq!(*b.split_off_last().unwrap(), 2);
    /// assert_eq!(*b, [1]);
    /// ```
    #[track_caller]
    pub fn split_off_last(&mut self) -> Option<ArenaBox<'a, T, S, M>> {
        unwrap_or_panic(self.try_split_off_last())
    }

    /// Like [`split_off_last`](Self::split_off_last), returning an error (and leaving the box
    /// unchanged) if the arena cannot provide the new block.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1u8, 2]);
    /// assert_eq!(b.try_split_off_last().unwrap().as_deref(), Some(&2));
    /// ```
    pub fn try_split_off_last(&mut self) -> Result<Option<ArenaBox<'a, T, S, M>>, AllocError> {
        let Some(last) = self.len().checked_sub(1) else {
            return Ok(None);
        };
        self.try_split_off(last..).map(|one| Some(single(one)))
    }

    /// Splits the box in two at `mid`: the elements before it, and those from it on (in a
    /// new block).
    ///
    /// # Panics
    ///
    /// If `mid > len`, or the arena cannot provide the new block (see
    /// [`try_split_at`](Self::try_split_at)).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let (left, right) = arena.alloc_box_slice_copy(&[1, 2, 3]).split_at(1);
    /// assert_eq!((&*left, &*right), (&[1][..], &[2, 3][..]));
    /// ```
    #[track_caller]
    pub fn split_at(self, mid: usize) -> (Self, Self) {
        unwrap_or_panic(self.try_split_at(mid))
    }

    /// Like [`split_at`](Self::split_at), returning an error if the arena cannot provide the
    /// new block (then the box is dropped; [`try_split_off`](Self::try_split_off) keeps it).
    ///
    /// # Panics
    ///
    /// If `mid > len`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let (left, right) = arena.alloc_box_slice_copy(&[1, 2]).try_split_at(2).unwrap();
    /// assert_eq!((left.len(), right.len()), (2, 0));
    /// ```
    #[track_caller]
    pub fn try_split_at(mut self, mid: usize) -> Result<(Self, Self), AllocError> {
        let right = self.try_split_off(mid..)?;
        Ok((self, right))
    }

    /// Like [`split_at`](Self::split_at), without checking `mid` (bump-scope's
    /// `split_at_unchecked`; the split still allocates, so this saves only the check).
    ///
    /// # Safety
    ///
    /// `mid <= len`.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the new block.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// // SAFETY: 1 <= 2.
    /// let (left, right) = unsafe { arena.alloc_box_slice_copy(&[1, 2]).split_at_unchecked(1) };
    /// assert_eq!((&*left, &*right), (&[1][..], &[2][..]));
    /// ```
    #[track_caller]
    pub unsafe fn split_at_unchecked(self, mid: usize) -> (Self, Self) {
        debug_assert!(mid <= self.len());
        self.split_at(mid)
    }

    /// The first element in a box of its own and the rest, or `None` if the box is empty.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the new block; see [`try_split_first`](Self::try_split_first).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let (first, rest) = arena.alloc_box_slice_copy(&[1, 2, 3]).split_first().unwrap();
    /// assert_eq!((*first, &*rest), (1, &[2, 3][..]));
    /// ```
    #[track_caller]
    pub fn split_first(self) -> Option<Parted<'a, T, S, M>> {
        unwrap_or_panic(self.try_split_first())
    }

    /// Like [`split_first`](Self::split_first), returning an error if the arena cannot
    /// provide the new block (then the box is dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert!(arena.alloc_box_slice_copy::<u8>(&[]).try_split_first().unwrap().is_none());
    /// ```
    pub fn try_split_first(mut self) -> Result<Option<Parted<'a, T, S, M>>, AllocError> {
        Ok(self.try_split_off_first()?.map(|first| (first, self)))
    }

    /// The last element in a box of its own and the rest, or `None` if the box is empty.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the new block; see [`try_split_last`](Self::try_split_last).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let (last, rest) = arena.alloc_box_slice_copy(&[1, 2, 3]).split_last().unwrap();
    /// assert_eq!((*last, &*rest), (3, &[1, 2][..]));
    /// ```
    #[track_caller]
    pub fn split_last(self) -> Option<Parted<'a, T, S, M>> {
        unwrap_or_panic(self.try_split_last())
    }

    /// Like [`split_last`](Self::split_last), returning an error if the arena cannot provide
    /// the new block (then the box is dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let (last, rest) = arena.alloc_box_slice_copy(&[1]).try_split_last().unwrap().unwrap();
    /// assert_eq!((*last, rest.len()), (1, 0));
    /// ```
    pub fn try_split_last(mut self) -> Result<Option<Parted<'a, T, S, M>>, AllocError> {
        Ok(self.try_split_off_last()?.map(|last| (last, self)))
    }

    /// The elements of `self` followed by those of `other`, in `self`'s block grown (in place
    /// when it is the newest block, else moved to a new one); `other`'s block is freed. Unlike
    /// bump-scope's `merge`, the boxes need not be next to each other.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory; see [`try_merge`](Self::try_merge).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let (left, right) = arena.alloc_box_slice_copy(&[1, 2, 3]).split_at(1);
    /// assert_eq!(*left.merge(right), [1, 2, 3]);
    /// ```
    #[track_caller]
    pub fn merge(self, other: Self) -> Self {
        unwrap_or_panic(self.try_merge(other))
    }

    /// Like [`merge`](Self::merge), returning an error if the arena cannot provide the memory
    /// (then both boxes are dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let big = arena.alloc_box_slice_fill_with(5000, |i| i as u64);
    /// let other = arena.alloc_box_slice_copy(&[0u64]);
    /// assert!(big.try_merge(other).is_err());
    /// ```
    pub fn try_merge(self, other: Self) -> Result<Self, AllocError> {
        let mut joined = Self::into_vec(self);
        let mut other = Self::into_vec(other);
        reserve(&mut joined, other.len())?;
        joined.append(&mut other); // within capacity: moves only
        Ok(Self::from_vec(joined))
    }

    /// The elements for which `f` returns `true` and the others, in their order, as two
    /// boxes: the second in `self`'s block, the first in a new one.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the new block; see [`try_partition`](Self::try_partition).
    /// If `f` panics, every element is dropped once.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let (even, odd) = arena.alloc_box_slice_copy(&[1, 2, 3, 4]).partition(|x| x % 2 == 0);
    /// assert_eq!((&*even, &*odd), (&[2, 4][..], &[1, 3][..]));
    /// ```
    #[track_caller]
    pub fn partition(self, f: impl FnMut(&T) -> bool) -> (Self, Self) {
        unwrap_or_panic(self.try_partition(f))
    }

    /// Like [`partition`](Self::partition), returning an error if the arena cannot provide
    /// the new block (then every element is dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let (yes, no) = arena.alloc_box_slice_copy(&[1, 2]).try_partition(|x| *x > 5).unwrap();
    /// assert_eq!((yes.len(), no.len()), (0, 2));
    /// ```
    pub fn try_partition(self, mut f: impl FnMut(&T) -> bool) -> Result<(Self, Self), AllocError> {
        let arena = self.arena;
        let mut rest = Self::into_vec(self);
        let chosen = rest.extract_if(.., |x| f(x)).try_collect_in(arena)?;
        Ok((chosen, Self::from_vec(rest)))
    }

    /// A box of `f` applied to each element in order, in the same block. Compiles only if a
    /// `U` is no larger and no more aligned than a `T`, or is zero-sized. If `f` panics, the
    /// values made so far and the elements not mapped yet are dropped, once each.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let b = arena.alloc_box_slice_copy(&[1u32, 300]);
    /// let low = b.map_in_place(|x| x as u8);
    /// assert_eq!(*low, [1, 44]);
    /// ```
    pub fn map_in_place<U>(self, f: impl FnMut(T) -> U) -> ArenaBox<'a, [U], S, M> {
        ArenaBox::from_vec(Self::into_vec(self).map_in_place(f))
    }
}

impl<'a, T, S: MemorySource, M: Mode, const N: usize> ArenaBox<'a, [[T; N]], S, M> {
    /// The arrays' elements as one flat box, in the same block.
    ///
    /// # Panics
    ///
    /// If the number of elements overflows `usize` (only possible for zero-sized `T`).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let b = arena.alloc_box_slice_copy(&[[1, 2], [3, 4]]);
    /// assert_eq!(*b.into_flattened(), [1, 2, 3, 4]);
    /// ```
    #[track_caller]
    pub fn into_flattened(self) -> ArenaBox<'a, [T], S, M> {
        let len = self
            .len()
            .checked_mul(N)
            .expect("the flattened length overflows usize");
        let (ptr, arena) = Self::into_parts(self);
        let flat = core::ptr::NonNull::slice_from_raw_parts(ptr.cast::<T>(), len);
        // SAFETY: `[[T; N]]` of length `n` is laid out as `[T]` of length `n * N`: the same
        // address, the same initialised elements and the same `size_of_val`, owned by the box
        // given up above.
        unsafe { ArenaBox::from_parts(flat, arena) }
    }
}

/// The box of the one element of a slice box of length 1.
fn single<'a, T, S: MemorySource, M: Mode>(one: ArenaBox<'a, [T], S, M>) -> ArenaBox<'a, T, S, M> {
    debug_assert_eq!(one.len(), 1);
    let (ptr, arena) = ArenaBox::into_parts(one);
    // SAFETY: a slice of one `T` is a `T` at the same address with the same size; the box
    // owned it and was given up above.
    unsafe { ArenaBox::from_parts(ptr.cast::<T>(), arena) }
}
