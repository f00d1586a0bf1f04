//! [`FixedVec`]: a vector of fixed capacity in an arena (bump-scope's `FixedBumpVec`).

use super::extract_if::ExtractIf;
use super::{Vec, VecExt};
use crate::ArenaBox;
use crate::arena::{Arena, Local, Mode};
use crate::error::AllocError;
use crate::source::{Heap, MemorySource};
use core::fmt;
use core::mem::MaybeUninit;
use core::ops::{Deref, DerefMut, RangeBounds};

/// A vector whose buffer in the arena never grows: pushing past its capacity fails
/// ([`try_push`](FixedVec::try_push) gives the value back, [`push`](FixedVec::push)
/// panics), so its elements never move. bump-scope's `FixedBumpVec`.
///
/// It is an arena [`Vec`] that is never reallocated: the elements are dropped and the buffer
/// is freed when it is dropped, and [`into_vec`](FixedVec::into_vec) and
/// [`into_fixed_vec`](super::ArenaVecConvert::into_fixed_vec) convert without copying.
///
/// # Examples
///
/// ```
/// use arenakit::collections::FixedVec;
///
/// let arena = arenakit::Arena::new();
/// let mut v = FixedVec::with_capacity_in(2, &arena);
/// v.push("a");
/// let first = v.as_ptr();
/// v.push("b");
/// assert!(v.is_full());
/// assert_eq!(v.try_push("c"), Err("c"));
/// assert_eq!(v.as_ptr(), first); // never moved
/// assert_eq!(v, ["a", "b"]);
/// ```
pub struct FixedVec<'a, T, S: MemorySource = Heap, M: Mode = Local> {
    /// Invariant: never grows (every method that adds elements checks the capacity first).
    vec: Vec<'a, T, S, M>,
}

impl<'a, T, S: MemorySource, M: Mode> FixedVec<'a, T, S, M> {
    /// A fixed vector over the buffer of `vec` (its capacity is kept).
    pub(crate) fn from_vec(vec: Vec<'a, T, S, M>) -> Self {
        FixedVec { vec }
    }

    /// An empty vector of capacity zero in `arena` (bump-scope's `FixedBumpVec::new`);
    /// allocates nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::collections::FixedVec::<u8>::new_in(&arena);
    /// assert!(v.is_full());
    /// ```
    pub fn new_in(arena: &'a Arena<S, M>) -> Self {
        Self::from_vec(Vec::new_in(arena))
    }

    /// An empty vector with room for exactly `capacity` elements.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory; see
    /// [`try_with_capacity_in`](FixedVec::try_with_capacity_in).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::collections::FixedVec::<u32>::with_capacity_in(3, &arena);
    /// assert_eq!(v.capacity(), 3);
    /// ```
    #[track_caller]
    pub fn with_capacity_in(capacity: usize, arena: &'a Arena<S, M>) -> Self {
        Self::from_vec(arena.vec_with_capacity(capacity))
    }

    /// Like [`with_capacity_in`](FixedVec::with_capacity_in), returning an error instead of
    /// panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::FixedVec;
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// assert!(FixedVec::<u64>::try_with_capacity_in(1 << 20, &arena).is_err());
    /// ```
    pub fn try_with_capacity_in(
        capacity: usize,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        arena.try_vec_with_capacity(capacity).map(Self::from_vec)
    }

    /// A full vector of the elements of a box, in the box's block (bump-scope's `from_init`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::FixedVec;
    /// let arena = arenakit::Arena::new();
    /// let mut v = FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 2]));
    /// assert!(v.is_full());
    /// assert_eq!(v.pop(), Some(2));
    /// v.push(3);
    /// assert_eq!(v, [1, 3]);
    /// ```
    pub fn from_init(initialized: ArenaBox<'a, [T], S, M>) -> Self {
        Self::from_vec(ArenaBox::into_vec(initialized))
    }

    /// An empty vector whose capacity is the block of a box of uninitialised slots (bump-scope's
    /// `from_uninit`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::FixedVec;
    /// use core::mem::MaybeUninit;
    /// let arena = arenakit::Arena::new();
    /// let slots = arena.alloc_box_slice_fill_with(2, |_| MaybeUninit::<String>::uninit());
    /// let mut v = FixedVec::from_uninit(slots);
    /// v.push(String::from("x"));
    /// assert_eq!((v.len(), v.capacity()), (1, 2));
    /// ```
    pub fn from_uninit(uninitialized: ArenaBox<'a, [MaybeUninit<T>], S, M>) -> Self {
        let (ptr, len, cap, arena) = ArenaBox::into_vec(uninitialized).into_raw_parts_with_alloc();
        debug_assert_eq!(len, cap);
        // SAFETY: the buffer came from this arena's `Allocator` for `cap` `MaybeUninit<T>`s,
        // which have the layout of `T`s; with a length of zero no element is read as a `T`.
        Self::from_vec(unsafe { Vec::from_raw_parts_in(ptr.cast::<T>(), 0, cap, arena) })
    }

    /// The number of elements the vector can hold.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::collections::FixedVec::<u8>::with_capacity_in(5, &arena);
    /// assert_eq!(v.capacity(), 5);
    /// ```
    pub fn capacity(&self) -> usize {
        self.vec.capacity()
    }

    /// Whether the vector holds as many elements as it can.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::with_capacity_in(1, &arena);
    /// assert!(!v.is_full());
    /// v.push(1);
    /// assert!(v.is_full());
    /// ```
    pub fn is_full(&self) -> bool {
        self.vec.len() == self.vec.capacity()
    }

    /// The elements, as a slice.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1]));
    /// assert_eq!(v.as_slice(), [1]);
    /// ```
    pub fn as_slice(&self) -> &[T] {
        &self.vec
    }

    /// The elements, as a mutable slice.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1]));
    /// v.as_mut_slice()[0] = 2;
    /// assert_eq!(v, [2]);
    /// ```
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.vec
    }

    /// Appends `value`.
    ///
    /// # Panics
    ///
    /// If the vector is full; see [`try_push`](FixedVec::try_push).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::with_capacity_in(1, &arena);
    /// v.push(1);
    /// assert_eq!(v, [1]);
    /// ```
    #[track_caller]
    pub fn push(&mut self, value: T) {
        if self.try_push(value).is_err() {
            full(self.capacity());
        }
    }

    /// Appends `value`, or gives it back if the vector is full.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::with_capacity_in(0, &arena);
    /// assert_eq!(v.try_push('x'), Err('x'));
    /// ```
    pub fn try_push(&mut self, value: T) -> Result<(), T> {
        self.vec.push_within_capacity(value)
    }

    /// Inserts `value` at `index`, shifting the elements after it up.
    ///
    /// # Panics
    ///
    /// If `index > len` or the vector is full; see [`try_insert`](FixedVec::try_insert).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::with_capacity_in(2, &arena);
    /// v.push(2);
    /// v.insert(0, 1);
    /// assert_eq!(v, [1, 2]);
    /// ```
    #[track_caller]
    pub fn insert(&mut self, index: usize, value: T) {
        if self.try_insert(index, value).is_err() {
            full(self.capacity());
        }
    }

    /// Like [`insert`](FixedVec::insert), giving `value` back if the vector is full.
    ///
    /// # Panics
    ///
    /// If `index > len`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::with_capacity_in(1, &arena);
    /// v.try_insert(0, 1).unwrap();
    /// assert_eq!(v.try_insert(0, 2), Err(2));
    /// ```
    #[track_caller]
    pub fn try_insert(&mut self, index: usize, value: T) -> Result<(), T> {
        let len = self.vec.len();
        assert!(
            index <= len,
            "insertion index (is {index}) should be <= len (is {len})"
        );
        if self.is_full() {
            return Err(value);
        }
        self.vec.insert(index, value); // within capacity: no reallocation
        Ok(())
    }

    /// Appends clones of the elements of `src`.
    ///
    /// # Panics
    ///
    /// If they do not all fit; see [`try_extend_from_slice`](FixedVec::try_extend_from_slice).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::with_capacity_in(3, &arena);
    /// v.extend_from_slice(&[1, 2]);
    /// assert_eq!(v, [1, 2]);
    /// ```
    #[track_caller]
    pub fn extend_from_slice(&mut self, src: &[T])
    where
        T: Clone,
    {
        if self.try_extend_from_slice(src).is_err() {
            full(self.capacity());
        }
    }

    /// Like [`extend_from_slice`](FixedVec::extend_from_slice), returning an error of kind
    /// [`CapacityOverflow`](crate::AllocErrorKind::CapacityOverflow) (and appending nothing)
    /// if they do not all fit. If a `clone` panics, the clones made so far stay appended.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::with_capacity_in(1, &arena);
    /// assert!(v.try_extend_from_slice(&[1, 2]).is_err());
    /// assert!(v.is_empty());
    /// ```
    pub fn try_extend_from_slice(&mut self, src: &[T]) -> Result<(), AllocError>
    where
        T: Clone,
    {
        if src.len() > self.capacity() - self.vec.len() {
            return Err(AllocError::overflow());
        }
        self.vec.extend_from_slice(src); // within capacity: no reallocation
        Ok(())
    }

    /// Removes the last element and returns it, or `None` if the vector is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1]));
    /// assert_eq!(v.pop(), Some(1));
    /// assert_eq!(v.pop(), None);
    /// ```
    pub fn pop(&mut self) -> Option<T> {
        self.vec.pop()
    }

    /// Keeps the first `len` elements and drops the others.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 2]));
    /// v.truncate(1);
    /// assert_eq!(v, [1]);
    /// ```
    pub fn truncate(&mut self, len: usize) {
        self.vec.truncate(len);
    }

    /// Drops every element; the capacity stays.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 2]));
    /// v.clear();
    /// assert_eq!((v.len(), v.capacity()), (0, 2));
    /// ```
    pub fn clear(&mut self) {
        self.vec.clear();
    }

    /// Sets the length.
    ///
    /// # Safety
    ///
    /// As for `Vec::set_len`: `new_len <= capacity()`, and the elements `[old_len, new_len)`
    /// are initialised (when growing) or given up by the caller (when shrinking).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::<u8>::with_capacity_in(2, &arena);
    /// v.spare_capacity_mut()[0].write(7);
    /// // SAFETY: 1 <= 2, and the first slot was just written.
    /// unsafe { v.set_len(1) };
    /// assert_eq!(v, [7]);
    /// ```
    pub unsafe fn set_len(&mut self, new_len: usize) {
        // SAFETY: the caller's guarantees are those of `Vec::set_len`.
        unsafe { self.vec.set_len(new_len) }
    }

    /// The slots past the length, to write elements into before [`set_len`](FixedVec::set_len).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::<u8>::with_capacity_in(3, &arena);
    /// assert_eq!(v.spare_capacity_mut().len(), 3);
    /// ```
    pub fn spare_capacity_mut(&mut self) -> &mut [MaybeUninit<T>] {
        self.vec.spare_capacity_mut()
    }

    /// Removes the element at `index` and returns it, shifting the ones after it down.
    ///
    /// # Panics
    ///
    /// If `index >= len`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 2]));
    /// assert_eq!(v.remove(0), 1);
    /// assert_eq!(v, [2]);
    /// ```
    #[track_caller]
    pub fn remove(&mut self, index: usize) -> T {
        self.vec.remove(index)
    }

    /// Removes the element at `index` and returns it, moving the last one into its place.
    ///
    /// # Panics
    ///
    /// If `index >= len`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 2, 3]));
    /// assert_eq!(v.swap_remove(0), 1);
    /// assert_eq!(v, [3, 2]);
    /// ```
    #[track_caller]
    pub fn swap_remove(&mut self, index: usize) -> T {
        self.vec.swap_remove(index)
    }

    /// Keeps the elements for which `keep` returns `true` (it may change them), in order.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 2, 3]));
    /// v.retain(|x| *x != 2);
    /// assert_eq!(v, [1, 3]);
    /// ```
    pub fn retain(&mut self, keep: impl FnMut(&mut T) -> bool) {
        self.vec.retain_mut(keep);
    }

    /// Removes consecutive elements for which `same(element, previous_kept)` returns `true`;
    /// [`dedup`](FixedVec::dedup) and [`dedup_by_key`](FixedVec::dedup_by_key) are
    /// shorthands.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 1, 2, 2, 12]));
    /// v.dedup_by(|a, b| a == b);
    /// assert_eq!(v, [1, 2, 12]);
    /// v.dedup_by_key(|x| *x % 10);
    /// assert_eq!(v, [1, 2]);
    /// ```
    pub fn dedup_by(&mut self, same: impl FnMut(&mut T, &mut T) -> bool) {
        self.vec.dedup_by(same);
    }

    /// Removes consecutive elements with equal keys, keeping the first of each run.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[10, 11, 20]));
    /// v.dedup_by_key(|x| *x / 10);
    /// assert_eq!(v, [10, 20]);
    /// ```
    pub fn dedup_by_key<K: PartialEq>(&mut self, key: impl FnMut(&mut T) -> K) {
        self.vec.dedup_by_key(key);
    }

    /// Removes consecutive equal elements, keeping the first of each run.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 1, 2]));
    /// v.dedup();
    /// assert_eq!(v, [1, 2]);
    /// ```
    pub fn dedup(&mut self)
    where
        T: PartialEq,
    {
        self.vec.dedup();
    }

    /// Removes the elements of `range` and yields them (those not yielded are dropped when
    /// the iterator is), shifting the ones after it down.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 2, 3]));
    /// assert_eq!(v.drain(..2).sum::<i32>(), 3);
    /// assert_eq!(v, [3]);
    /// ```
    #[track_caller]
    pub fn drain(
        &mut self,
        range: impl RangeBounds<usize>,
    ) -> allocator_api2::vec::Drain<'_, T, &'a Arena<S, M>> {
        self.vec.drain(range)
    }

    /// Removes and yields the elements of `range` for which `filter` returns `true`, keeping
    /// the others in order (see [`ExtractIf`]).
    ///
    /// # Panics
    ///
    /// If the range is out of bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1, 2, 3, 4]));
    /// let even: Vec<i32> = v.extract_if(.., |x| *x % 2 == 0).collect();
    /// assert_eq!((even, v.as_slice()), (vec![2, 4], &[1, 3][..]));
    /// ```
    #[track_caller]
    pub fn extract_if<F: FnMut(&mut T) -> bool>(
        &mut self,
        range: impl RangeBounds<usize>,
        filter: F,
    ) -> ExtractIf<'_, T, &'a Arena<S, M>, F> {
        self.vec.extract_if(range, filter)
    }

    /// The vector as an arena [`Vec`] (which may grow again), without copying (bump-scope's
    /// `into_vec`).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let fixed = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1]));
    /// let mut v = fixed.into_vec();
    /// v.push(2);
    /// assert_eq!(v, [1, 2]);
    /// ```
    pub fn into_vec(self) -> Vec<'a, T, S, M> {
        self.vec
    }

    /// The elements as a box, in the vector's buffer shrunk to fit them.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::collections::FixedVec::with_capacity_in(4, &arena);
    /// v.push(1);
    /// let b = v.into_boxed_slice();
    /// assert_eq!(*b, [1]);
    /// ```
    pub fn into_boxed_slice(self) -> ArenaBox<'a, [T], S, M> {
        ArenaBox::from_vec(self.vec)
    }

    /// A vector of `f` applied to each element in order, in the same buffer (its capacity
    /// counts `U`s); compiles only if a `U` is no larger and no more aligned than a `T`, or
    /// is zero-sized (see [`ArenaVecConvert::map_in_place`](super::ArenaVecConvert::map_in_place)).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arenakit::collections::FixedVec::from_init(arena.alloc_box_slice_copy(&[1u32, 2]));
    /// let halves = v.map_in_place(|x| x as u16);
    /// assert_eq!((halves.as_slice(), halves.capacity()), (&[1u16, 2][..], 4));
    /// ```
    pub fn map_in_place<U>(self, f: impl FnMut(T) -> U) -> FixedVec<'a, U, S, M> {
        FixedVec::from_vec(super::ArenaVecConvert::map_in_place(self.vec, f))
    }
}

/// Panics for a push that does not fit.
#[cold]
#[track_caller]
fn full(capacity: usize) -> ! {
    panic!("FixedVec is full (capacity {capacity})")
}

impl<T, S: MemorySource, M: Mode> Deref for FixedVec<'_, T, S, M> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.vec
    }
}

impl<T, S: MemorySource, M: Mode> DerefMut for FixedVec<'_, T, S, M> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.vec
    }
}

impl<T: fmt::Debug, S: MemorySource, M: Mode> fmt::Debug for FixedVec<'_, T, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: PartialEq<U>, U, S: MemorySource, M: Mode> PartialEq<[U]> for FixedVec<'_, T, S, M> {
    fn eq(&self, other: &[U]) -> bool {
        **self == *other
    }
}

impl<T: PartialEq<U>, U, S: MemorySource, M: Mode, const N: usize> PartialEq<[U; N]>
    for FixedVec<'_, T, S, M>
{
    fn eq(&self, other: &[U; N]) -> bool {
        **self == *other
    }
}

impl<T: PartialEq<U>, U, S: MemorySource, M: Mode> PartialEq<&[U]> for FixedVec<'_, T, S, M> {
    fn eq(&self, other: &&[U]) -> bool {
        **self == **other
    }
}

impl<T: PartialEq<U>, U, S: MemorySource, M: Mode, S2: MemorySource, M2: Mode>
    PartialEq<FixedVec<'_, U, S2, M2>> for FixedVec<'_, T, S, M>
{
    fn eq(&self, other: &FixedVec<'_, U, S2, M2>) -> bool {
        **self == **other
    }
}

/// The same as [`FixedVec::into_vec`].
///
/// # Examples
///
/// ```
/// use arenakit::collections::{FixedVec, Vec};
/// let arena = arenakit::Arena::new();
/// let v: Vec<u8> = FixedVec::from_init(arena.alloc_box_slice_copy(&[1])).into();
/// assert_eq!(v, [1]);
/// ```
impl<'a, T, S: MemorySource, M: Mode> From<FixedVec<'a, T, S, M>> for Vec<'a, T, S, M> {
    fn from(fixed: FixedVec<'a, T, S, M>) -> Self {
        fixed.into_vec()
    }
}
