//! Boxes of slices and strings: [`SliceWriter`], which fills a block of elements and owns
//! them until it becomes a box (so a panicking `clone`, closure or iterator leaks nothing),
//! and the conversions between `[T; N]`, `[T]`, `[u8]` and `str` boxes.

use super::{ArenaBox, drop_and_free};
use crate::arena::{Arena, Mode};
use crate::error::AllocError;
use crate::raw::RawOps;
use crate::source::MemorySource;
use core::alloc::Layout;
use core::ptr::NonNull;

/// A block for `cap` elements being filled front to back.
///
/// It owns the block and the elements written so far: dropped before [`finish`](Self::finish)
/// (an element's constructor panicked), it drops those elements, each once, and frees the
/// block.
pub(super) struct SliceWriter<'a, T, S: MemorySource, M: Mode> {
    arena: &'a Arena<S, M>,
    /// Invariant: the start of a block from `arena.raw().alloc_freeable` for
    /// `Layout::array::<T>(cap)` (dangling and aligned when that is zero-sized) whose first
    /// `len` elements are initialised, owned by the writer.
    start: NonNull<T>,
    cap: usize,
    len: usize,
}

impl<'a, T, S: MemorySource, M: Mode> SliceWriter<'a, T, S, M> {
    /// A writer over a fresh block for `cap` elements.
    pub(super) fn new(arena: &'a Arena<S, M>, cap: usize) -> Result<Self, AllocError> {
        let layout = Layout::array::<T>(cap).map_err(|_| AllocError::overflow())?;
        let start = arena.raw().alloc_freeable(layout)?.cast();
        Ok(SliceWriter {
            arena,
            start,
            cap,
            len: 0,
        })
    }

    /// Writes items from `items` until the block is full or `items` runs out.
    pub(super) fn extend(&mut self, items: impl Iterator<Item = T>) {
        for item in items.take(self.cap - self.len) {
            // SAFETY: `len < cap` (the `take` above), so the slot lies inside the block.
            let slot = unsafe { self.start.add(self.len) };
            // SAFETY: the slot is in the block, aligned, and not initialised yet.
            unsafe { slot.write(item) };
            self.len += 1;
        }
    }

    /// Fills the empty block with a copy of `src`, which has `cap` elements.
    pub(super) fn copy_from(&mut self, src: &[T])
    where
        T: Copy,
    {
        assert!(self.len == 0 && src.len() == self.cap);
        // SAFETY: the block holds `cap == src.len()` elements and is fresh, so it does not
        // overlap `src`; `T: Copy` makes the bitwise copy a valid duplicate.
        unsafe {
            self.start
                .copy_from_nonoverlapping(NonNull::from(src).cast(), src.len())
        };
        self.len = src.len();
    }

    /// Makes the box of the elements written. If there are fewer than `cap`, the block
    /// shrinks to fit them first, so the box frees exactly the block it holds.
    pub(super) fn finish(mut self) -> Result<ArenaBox<'a, [T], S, M>, AllocError> {
        if self.len < self.cap {
            // On error, `self` drops the elements and frees the block.
            self.fit()?;
        }
        let slice = NonNull::slice_from_raw_parts(self.start, self.len);
        let arena = self.arena;
        core::mem::forget(self);
        // SAFETY: the writer owned `len` initialised elements at the start of a block for
        // `Layout::array::<T>(len)` (`fit` made `cap == len`), whose size is `size_of_val` of
        // the slice; the writer is forgotten, so the box is their only owner.
        Ok(unsafe { ArenaBox::from_parts(slice, arena) })
    }

    /// Makes the block exactly `len` elements: in place when the arena can (the newest
    /// block), else by moving the elements to a new block.
    fn fit(&mut self) -> Result<(), AllocError> {
        let (old, new) = (size_of::<T>() * self.cap, size_of::<T>() * self.len);
        let raw = self.arena.raw();
        let in_place = old == new || {
            // SAFETY: the block is a live one from `alloc_freeable` of `old` bytes (invariant).
            unsafe { raw.resize_in_place(self.start.cast(), old, new, align_of::<T>()) }
        };
        if in_place {
            self.cap = self.len;
            return Ok(());
        }
        // Also when `len == 0`: a zero-sized block is dangling, and the old one must be freed
        // (a block shrunk in place to nothing would stay counted in its chunk).
        let block = raw
            .alloc_freeable(Layout::array::<T>(self.len).map_err(|_| AllocError::overflow())?)?
            .cast::<T>();
        // SAFETY: the new block holds `len` elements and is fresh, so it does not overlap the
        // old one, whose first `len` elements are initialised; they move (the old copies are
        // not used again).
        unsafe { block.copy_from_nonoverlapping(self.start, self.len) };
        let moved_from = core::mem::replace(&mut self.start, block);
        self.cap = self.len;
        // SAFETY: the old block came from `alloc_freeable` for `old` bytes and is freed once;
        // its elements were moved out above.
        unsafe { raw.free(moved_from.cast(), old) };
        Ok(())
    }
}

impl<T, S: MemorySource, M: Mode> Drop for SliceWriter<'_, T, S, M> {
    fn drop(&mut self) {
        let written = NonNull::slice_from_raw_parts(self.start, self.len);
        // SAFETY: the writer owns `len` initialised elements at the start of its block of
        // `cap` elements (invariant), dropped and freed only here.
        unsafe { drop_and_free(self.arena, written, size_of::<T>() * self.cap) };
    }
}

#[cfg(feature = "collections")]
impl<'a, T, S: MemorySource, M: Mode> ArenaBox<'a, [T], S, M> {
    /// A box of the elements of an arena vector, in the vector's own buffer, shrunk to fit
    /// them first (in place when it is the newest block, as it usually is).
    ///
    /// The pointer is taken with `into_raw_parts_with_alloc`, which reads the vector's raw
    /// buffer pointer; allocator-api2's `Box::into_raw` would go through a `&mut` to the
    /// elements, whose provenance covers only them, while freeing the block reads the chunk
    /// header through the block's pointer (Miri's Stacked Borrows reports that).
    pub(crate) fn from_vec(mut vec: allocator_api2::vec::Vec<T, &'a Arena<S, M>>) -> Self {
        vec.shrink_to_fit();
        let (ptr, len, cap, arena) = vec.into_raw_parts_with_alloc();
        debug_assert!(size_of::<T>() == 0 || cap == len);
        let ptr = NonNull::new(ptr).expect("a Vec's buffer pointer is never null");
        // SAFETY: the vector owned `len` initialised elements at the start of a block that the
        // arena's `Allocator` handed out (from `alloc_freeable`, or `alloc_growable`, which
        // hands out the same kind of block, freed by `free`) for at least `len` elements'
        // bytes, since `shrink_to_fit` made its capacity `len` (a zero-sized slice is dangling
        // and aligned, owning no block), and gave up both in `into_raw_parts_with_alloc`.
        unsafe { Self::from_parts(NonNull::slice_from_raw_parts(ptr, len), arena) }
    }
}

impl<'a, S: MemorySource, M: Mode> ArenaBox<'a, str, S, M> {
    /// A string box of the bytes in `bytes`, if they are UTF-8; else gives `bytes` back.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// let s = ArenaBox::from_utf8(arena.alloc_box_slice_copy(b"ok")).unwrap();
    /// assert_eq!(&*s, "ok");
    /// let bad = ArenaBox::from_utf8(arena.alloc_box_slice_copy(&[0xff])).unwrap_err();
    /// assert_eq!(&*bad, &[0xff]);
    /// ```
    pub fn from_utf8(bytes: ArenaBox<'a, [u8], S, M>) -> Result<Self, ArenaBox<'a, [u8], S, M>> {
        if core::str::from_utf8(&bytes).is_err() {
            return Err(bytes);
        }
        // SAFETY: the bytes were just checked to be UTF-8.
        Ok(unsafe { Self::from_utf8_unchecked(bytes) })
    }

    /// A string box of the bytes in `bytes`, without checking them.
    ///
    /// # Safety
    ///
    /// The bytes are valid UTF-8.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// let arena = arenakit::Arena::new();
    /// // SAFETY: the bytes of a `str` are UTF-8.
    /// let s = unsafe { ArenaBox::from_utf8_unchecked(arena.alloc_box_slice_copy("é".as_bytes())) };
    /// assert_eq!(&*s, "é");
    /// ```
    pub unsafe fn from_utf8_unchecked(bytes: ArenaBox<'a, [u8], S, M>) -> Self {
        let (ptr, arena) = ArenaBox::into_parts(bytes);
        // A `str` is a `[u8]` with the same metadata; the cast keeps address and length.
        let ptr = NonNull::new(ptr.as_ptr() as *mut str).expect("a box pointer is not null");
        // SAFETY: the pointer owns the same initialised bytes in the same block, with the same
        // `size_of_val`, and they are UTF-8 (caller).
        unsafe { Self::from_parts(ptr, arena) }
    }
}

/// `Box<str>` to `Box<[u8]>`: the same block, as bytes.
///
/// # Examples
///
/// ```
/// use arenakit::ArenaBox;
/// let arena = arenakit::Arena::new();
/// let bytes: ArenaBox<'_, [u8]> = arena.alloc_box_str("abc").into();
/// assert_eq!(&*bytes, b"abc");
/// ```
impl<'a, S: MemorySource, M: Mode> From<ArenaBox<'a, str, S, M>> for ArenaBox<'a, [u8], S, M> {
    fn from(s: ArenaBox<'a, str, S, M>) -> Self {
        let (ptr, arena) = ArenaBox::into_parts(s);
        let ptr = NonNull::new(ptr.as_ptr() as *mut [u8]).expect("a box pointer is not null");
        // SAFETY: the same initialised bytes in the same block, with the same `size_of_val`;
        // any bytes are valid `u8`s.
        unsafe { Self::from_parts(ptr, arena) }
    }
}

/// An array box as a slice box (the unsizing [`unsize_box!`](crate::unsize_box) does, as a
/// `From` impl).
///
/// # Examples
///
/// ```
/// use arenakit::ArenaBox;
/// let arena = arenakit::Arena::new();
/// let slice: ArenaBox<'_, [u8]> = arena.alloc_box([1, 2, 3]).into();
/// assert_eq!(slice.len(), 3);
/// ```
impl<'a, T, S: MemorySource, M: Mode, const N: usize> From<ArenaBox<'a, [T; N], S, M>>
    for ArenaBox<'a, [T], S, M>
{
    fn from(array: ArenaBox<'a, [T; N], S, M>) -> Self {
        let (ptr, arena) = ArenaBox::into_parts(array);
        // SAFETY: the unsizing coercion of `ptr` keeps its address and gives the slice the
        // array's length, so `size_of_val` is unchanged; the box owned the elements.
        unsafe { Self::from_parts(ptr, arena) }
    }
}

/// A slice box of exactly `N` elements as an array box; any other length gives the box back.
///
/// # Examples
///
/// ```
/// use arenakit::ArenaBox;
/// let arena = arenakit::Arena::new();
/// let array: ArenaBox<'_, [u8; 2]> = arena.alloc_box_slice_copy(&[1, 2]).try_into().unwrap();
/// assert_eq!(*array, [1, 2]);
/// let wrong = ArenaBox::<[u8; 3]>::try_from(arena.alloc_box_slice_copy(&[1, 2]));
/// assert_eq!(&*wrong.unwrap_err(), &[1, 2]);
/// ```
impl<'a, T, S: MemorySource, M: Mode, const N: usize> TryFrom<ArenaBox<'a, [T], S, M>>
    for ArenaBox<'a, [T; N], S, M>
{
    type Error = ArenaBox<'a, [T], S, M>;

    fn try_from(slice: ArenaBox<'a, [T], S, M>) -> Result<Self, Self::Error> {
        if slice.len() != N {
            return Err(slice);
        }
        let (ptr, arena) = ArenaBox::into_parts(slice);
        // SAFETY: the slice has exactly `N` elements, so it is a `[T; N]` at the same address
        // with the same size; the box owned them.
        Ok(unsafe { Self::from_parts(ptr.cast(), arena) })
    }
}
