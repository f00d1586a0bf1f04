//! [`ArenaVecExt`]: fallible growth of arena vectors (bump-scope's `try_` forms, `push_with`
//! and `push_mut`), and bulk copies of `Copy` elements.

use super::extract_if::checked_range;
use super::{Vec, reserve};
use crate::arena::Mode;
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::MemorySource;
use core::ops::RangeBounds;

/// Methods of arena [`Vec`]s that allocate: `try_` forms that return the arena's
/// [`AllocError`] (allocator-api2's own `push` and `extend` abort the process when the arena
/// refuses), and bumpalo's bulk copies of `Copy` elements, which copy with one `memcpy` per
/// slice instead of element by element.
///
/// # Examples
///
/// ```
/// use arenakit::prelude::*;
///
/// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
/// let mut v = arena.vec();
/// v.extend_from_slices_copy(&[b"head", b"-", b"tail"]);
/// assert_eq!(v, b"head-tail");
/// v.try_push(b'!').unwrap();
/// assert!(v.try_extend(std::iter::repeat_n(0u8, 1 << 20)).is_err());
/// assert_eq!(v, b"head-tail!"); // the up-front reservation failed: nothing appended
/// ```
pub trait ArenaVecExt<T> {
    /// Appends `value`, or returns an error (dropping `value`) if the vector is full and the
    /// arena cannot make it grow; the vector is unchanged then.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// let mut v = arena.vec();
    /// assert!(v.try_push(1u32).is_err());
    /// assert!(v.is_empty());
    /// ```
    fn try_push(&mut self, value: T) -> Result<(), AllocError> {
        self.try_push_mut_with(|| value).map(drop)
    }

    /// Makes room for one more element, then appends the value `f` returns, written straight
    /// into the buffer (bump-scope's `push_with`): a large value need not be built on the
    /// stack first.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory (then `f` is not called); see
    /// [`try_push_with`](ArenaVecExt::try_push_with).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut pages = arena.vec();
    /// pages.push_with(|| [0u8; 4096]);
    /// assert_eq!(pages.len(), 1);
    /// ```
    #[track_caller]
    fn push_with(&mut self, f: impl FnOnce() -> T) {
        unwrap_or_panic(self.try_push_mut_with(f));
    }

    /// Like [`push_with`](ArenaVecExt::push_with), returning an error instead of panicking
    /// (then `f` is not called and the vector is unchanged).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// let mut v = arena.vec::<u64>();
    /// assert!(v.try_push_with(|| unreachable!()).is_err());
    /// ```
    fn try_push_with(&mut self, f: impl FnOnce() -> T) -> Result<(), AllocError> {
        self.try_push_mut_with(f).map(drop)
    }

    /// Appends `value` and returns a mutable reference to it (bump-scope's `push_mut`).
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory; see
    /// [`try_push_mut`](ArenaVecExt::try_push_mut).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// *v.push_mut(1) += 10;
    /// assert_eq!(v, [11]);
    /// ```
    #[track_caller]
    fn push_mut(&mut self, value: T) -> &mut T {
        unwrap_or_panic(self.try_push_mut_with(|| value))
    }

    /// Like [`push_mut`](ArenaVecExt::push_mut), returning an error instead of panicking
    /// (dropping `value`; the vector is unchanged).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.try_push_mut(String::from("a")).unwrap().push('b');
    /// assert_eq!(v, ["ab"]);
    /// ```
    fn try_push_mut(&mut self, value: T) -> Result<&mut T, AllocError> {
        self.try_push_mut_with(|| value)
    }

    /// [`push_with`](ArenaVecExt::push_with), returning a mutable reference to the value
    /// (bump-scope's `push_mut_with`).
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory (then `f` is not called); see
    /// [`try_push_mut_with`](ArenaVecExt::try_push_mut_with).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut rows = arena.vec();
    /// rows.push_mut_with(|| [0u32; 8])[3] = 7;
    /// assert_eq!(rows[0][3], 7);
    /// ```
    #[track_caller]
    fn push_mut_with(&mut self, f: impl FnOnce() -> T) -> &mut T {
        unwrap_or_panic(self.try_push_mut_with(f))
    }

    /// Like [`push_mut_with`](ArenaVecExt::push_mut_with), returning an error instead of
    /// panicking (then `f` is not called and the vector is unchanged): the one implementation
    /// of every push of this trait. If `f` panics, the vector is unchanged too.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut v = arena.vec();
    /// *v.try_push_mut_with(|| 1u8).unwrap() += 1;
    /// assert_eq!(v, [2]);
    /// ```
    fn try_push_mut_with(&mut self, f: impl FnOnce() -> T) -> Result<&mut T, AllocError>;

    /// Inserts `element` at `index`, shifting the elements after it, and returns a mutable
    /// reference to it (bump-scope's `insert_mut`).
    ///
    /// # Panics
    ///
    /// If `index > len`, or if the arena cannot provide the memory; see
    /// [`try_insert_mut`](ArenaVecExt::try_insert_mut).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::vec![in &arena; 1, 3];
    /// *v.insert_mut(1, 0) = 2;
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    #[track_caller]
    fn insert_mut(&mut self, index: usize, element: T) -> &mut T {
        unwrap_or_panic(self.try_insert_mut(index, element))
    }

    /// Like [`insert`](allocator_api2::vec::Vec::insert), returning an error instead of
    /// panicking when the arena cannot provide the memory (dropping `element`; the vector is
    /// unchanged then).
    ///
    /// # Panics
    ///
    /// If `index > len` (before allocating anything).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::vec![in &arena; 'b', 'd'];
    /// v.try_insert(1, 'c').unwrap();
    /// v.try_insert(0, 'a').unwrap();
    /// assert_eq!(v, ['a', 'b', 'c', 'd']);
    /// ```
    #[track_caller]
    fn try_insert(&mut self, index: usize, element: T) -> Result<(), AllocError> {
        self.try_insert_mut(index, element).map(drop)
    }

    /// Like [`insert_mut`](ArenaVecExt::insert_mut), returning an error instead of panicking
    /// when the arena cannot provide the memory (dropping `element`; the vector is unchanged
    /// then).
    ///
    /// # Panics
    ///
    /// If `index > len` (before allocating anything).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// let mut v = arena.vec();
    /// assert!(v.try_insert_mut(0, 1u32).is_err());
    /// assert!(v.is_empty());
    /// ```
    fn try_insert_mut(&mut self, index: usize, element: T) -> Result<&mut T, AllocError>;

    /// Like [`resize`](allocator_api2::vec::Vec::resize), returning an error instead of
    /// panicking when the arena cannot provide the memory; the vector is unchanged then (the
    /// room is reserved before any element is written).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut v = arenakit::vec![in &arena; 1u8];
    /// v.try_resize(3, 9).unwrap();
    /// assert_eq!(v, [1, 9, 9]);
    /// assert!(v.try_resize(1 << 20, 0).is_err());
    /// assert_eq!(v, [1, 9, 9]);
    /// ```
    fn try_resize(&mut self, new_len: usize, value: T) -> Result<(), AllocError>
    where
        T: Clone;

    /// Like [`resize_with`](allocator_api2::vec::Vec::resize_with), returning an error
    /// instead of panicking when the arena cannot provide the memory; the vector is unchanged
    /// then (`f` is not called).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// let mut next = 0;
    /// v.try_resize_with(3, || { next += 1; next }).unwrap();
    /// assert_eq!(v, [1, 2, 3]);
    /// v.try_resize_with(1, || unreachable!()).unwrap();
    /// assert_eq!(v, [1]);
    /// ```
    fn try_resize_with(&mut self, new_len: usize, f: impl FnMut() -> T) -> Result<(), AllocError>;

    /// Like [`extend_from_within`](allocator_api2::vec::Vec::extend_from_within), returning
    /// an error instead of panicking when the arena cannot provide the memory; the vector is
    /// unchanged then.
    ///
    /// # Panics
    ///
    /// If the range starts after it ends or ends after the vector's length.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.extend(["a".to_string(), "b".to_string()]);
    /// v.try_extend_from_within_clone(..1).unwrap();
    /// assert_eq!(v, ["a", "b", "a"]);
    /// ```
    #[track_caller]
    fn try_extend_from_within_clone(
        &mut self,
        range: impl RangeBounds<usize>,
    ) -> Result<(), AllocError>
    where
        T: Clone;

    /// [`try_extend_from_within_clone`](ArenaVecExt::try_extend_from_within_clone) under
    /// bump-scope's name for `Copy` elements (whose clones are copies).
    ///
    /// # Panics
    ///
    /// If the range starts after it ends or ends after the vector's length.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut v = arenakit::vec![in &arena; 0u8, 1, 2, 3];
    /// v.try_extend_from_within_copy(1..3).unwrap();
    /// assert_eq!(v, [0, 1, 2, 3, 1, 2]);
    /// ```
    #[track_caller]
    fn try_extend_from_within_copy(
        &mut self,
        range: impl RangeBounds<usize>,
    ) -> Result<(), AllocError>
    where
        T: Copy,
    {
        self.try_extend_from_within_clone(range)
    }

    /// Appends every item of `iter`, or stops at the first item the arena has no room for and
    /// returns the error: the items appended before stay, that item and the rest of the
    /// iterator are dropped. Reserves the iterator's lower size bound up front.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.try_extend((1..=3).map(|x| x * 10)).unwrap();
    /// assert_eq!(v, [10, 20, 30]);
    /// ```
    fn try_extend<I: IntoIterator<Item = T>>(&mut self, iter: I) -> Result<(), AllocError>;

    /// Clones and appends every element of `slice`, after one reservation for all of them;
    /// on failure the vector is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.try_extend_from_slice(&["a".to_string(), "b".to_string()]).unwrap();
    /// assert_eq!(v, ["a", "b"]);
    /// ```
    fn try_extend_from_slice(&mut self, slice: &[T]) -> Result<(), AllocError>
    where
        T: Clone;

    /// Appends a copy of `slice` (one `memcpy`).
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.extend_from_slice_copy(&[1, 2]);
    /// v.extend_from_slice_copy(&[3]);
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    #[track_caller]
    fn extend_from_slice_copy(&mut self, slice: &[T])
    where
        T: Copy,
    {
        unwrap_or_panic(self.try_extend_from_slices_copy(&[slice]));
    }

    /// Like [`extend_from_slice_copy`](ArenaVecExt::extend_from_slice_copy), returning an
    /// error instead of panicking; on failure the vector is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut v = arena.vec();
    /// v.try_extend_from_slice_copy(b"ok").unwrap();
    /// assert!(v.try_extend_from_slice_copy(&[0; 1 << 20]).is_err());
    /// assert_eq!(v, b"ok");
    /// ```
    fn try_extend_from_slice_copy(&mut self, slice: &[T]) -> Result<(), AllocError>
    where
        T: Copy,
    {
        self.try_extend_from_slices_copy(&[slice])
    }

    /// Appends copies of all `slices`, in order, after one reservation for their total length
    /// (bumpalo's `extend_from_slices_copy`): the buffer grows at most once.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory (or the total length overflows `usize`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut line = arena.vec();
    /// line.extend_from_slices_copy(&["GET ".as_bytes(), b"/index.html", b" HTTP/1.1"]);
    /// assert_eq!(line, b"GET /index.html HTTP/1.1");
    /// ```
    #[track_caller]
    fn extend_from_slices_copy(&mut self, slices: &[&[T]])
    where
        T: Copy,
    {
        unwrap_or_panic(self.try_extend_from_slices_copy(slices));
    }

    /// Like [`extend_from_slices_copy`](ArenaVecExt::extend_from_slices_copy), returning an
    /// error instead of panicking; on failure the vector is unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// use arenakit::AllocErrorKind;
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut v = arena.vec();
    /// v.try_extend_from_slices_copy(&[b"a", b"b"]).unwrap();
    /// let big = vec![0u8; 40 * 1024];
    /// let err = v.try_extend_from_slices_copy(&[&big, &big]).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    /// assert_eq!(v, b"ab");
    /// ```
    fn try_extend_from_slices_copy(&mut self, slices: &[&[T]]) -> Result<(), AllocError>
    where
        T: Copy;
}

impl<T, S: MemorySource, M: Mode> ArenaVecExt<T> for Vec<'_, T, S, M> {
    fn try_push_mut_with(&mut self, f: impl FnOnce() -> T) -> Result<&mut T, AllocError> {
        if self.len() == self.capacity() {
            reserve(self, 1)?;
        }
        let len = self.len();
        self.spare_capacity_mut()[0].write(f());
        // SAFETY: the first slot past the length, within the capacity, was just initialised.
        unsafe { self.set_len(len + 1) };
        Ok(&mut self[len])
    }

    #[track_caller]
    fn try_insert_mut(&mut self, index: usize, element: T) -> Result<&mut T, AllocError> {
        let len = self.len();
        assert!(
            index <= len,
            "insertion index (is {index}) should be <= len (is {len})"
        );
        with_room(self, 1, |v| v.insert(index, element))?;
        Ok(&mut self[index])
    }

    fn try_resize(&mut self, new_len: usize, value: T) -> Result<(), AllocError>
    where
        T: Clone,
    {
        let more = new_len.saturating_sub(self.len());
        with_room(self, more, |v| v.resize(new_len, value))
    }

    fn try_resize_with(&mut self, new_len: usize, f: impl FnMut() -> T) -> Result<(), AllocError> {
        let more = new_len.saturating_sub(self.len());
        with_room(self, more, |v| v.resize_with(new_len, f))
    }

    #[track_caller]
    fn try_extend_from_within_clone(
        &mut self,
        range: impl RangeBounds<usize>,
    ) -> Result<(), AllocError>
    where
        T: Clone,
    {
        let range = checked_range(range, self.len());
        with_room(self, range.len(), |v| v.extend_from_within(range))
    }

    fn try_extend<I: IntoIterator<Item = T>>(&mut self, iter: I) -> Result<(), AllocError> {
        let mut iter = iter.into_iter();
        reserve(self, iter.size_hint().0)?;
        while let Some(item) = iter.next() {
            if let Err(item) = self.push_within_capacity(item) {
                reserve(self, iter.size_hint().0.saturating_add(1))?;
                // Cannot allocate: there is room now.
                self.push(item);
            }
        }
        Ok(())
    }

    fn try_extend_from_slice(&mut self, slice: &[T]) -> Result<(), AllocError>
    where
        T: Clone,
    {
        with_room(self, slice.len(), |v| v.extend_from_slice(slice))
    }

    fn try_extend_from_slices_copy(&mut self, slices: &[&[T]]) -> Result<(), AllocError>
    where
        T: Copy,
    {
        let total = slices
            .iter()
            .try_fold(0usize, |total, slice| total.checked_add(slice.len()))
            .ok_or_else(AllocError::overflow)?;
        reserve(self, total)?;
        for slice in slices {
            copy_within_capacity(self, slice);
        }
        Ok(())
    }
}

/// Makes room in `vec` for `additional` more elements (amortized growth), then runs `grow_by`,
/// which then cannot allocate (it adds at most `additional` elements): the one shape of every
/// `try_` form over a std method. On error `vec` is unchanged and `grow_by` is not run.
fn with_room<'a, T, S: MemorySource, M: Mode>(
    vec: &mut Vec<'a, T, S, M>,
    additional: usize,
    grow_by: impl FnOnce(&mut Vec<'a, T, S, M>),
) -> Result<(), AllocError> {
    reserve(vec, additional)?;
    grow_by(vec);
    Ok(())
}

/// Appends a copy of `src` to `vec`, which has room for it.
///
/// # Panics
///
/// If it has no room (a bug of the caller).
pub(crate) fn copy_within_capacity<T: Copy, S: MemorySource, M: Mode>(
    vec: &mut Vec<'_, T, S, M>,
    src: &[T],
) {
    let len = vec.len();
    let spare = &mut vec.spare_capacity_mut()[..src.len()];
    // SAFETY: `spare` is `src.len()` writable slots (the slicing checked the room) of the
    // vector's buffer, which `src` (a shared borrow alive while `vec` is mutably borrowed)
    // cannot overlap; `MaybeUninit<T>` has the layout of `T`.
    unsafe {
        src.as_ptr()
            .copy_to_nonoverlapping(spare.as_mut_ptr().cast::<T>(), src.len());
    }
    // SAFETY: the `src.len()` slots past the old length were just initialised with copies
    // (`T: Copy`, so no element is duplicated in a way that matters for drops), and they are
    // within the capacity.
    unsafe { vec.set_len(len + src.len()) };
}
