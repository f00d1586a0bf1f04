//! [`ArenaVecExt`]: fallible growth of arena vectors, and bulk copies of `Copy` elements.

use super::{Vec, reserve};
use crate::arena::Mode;
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::MemorySource;

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
    fn try_push(&mut self, value: T) -> Result<(), AllocError>;

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
    fn try_push(&mut self, value: T) -> Result<(), AllocError> {
        if let Err(value) = self.push_within_capacity(value) {
            reserve(self, 1)?;
            // Cannot allocate: there is room now.
            self.push(value);
        }
        Ok(())
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
        reserve(self, slice.len())?;
        // Cannot allocate: there is room for every element.
        self.extend_from_slice(slice);
        Ok(())
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
