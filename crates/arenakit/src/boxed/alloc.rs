//! The arena methods that make boxes: one value, a string, or a slice.
//!
//! Every method has a `try_` twin holding the one implementation; the panicking method
//! unwraps its result.

use super::ArenaBox;
use super::slice::SliceWriter;
use crate::arena::{Arena, Mode};
use crate::error::{AllocError, unwrap_or_panic};
use crate::raw::RawOps;
use crate::source::MemorySource;
use core::alloc::Layout;

impl<S: MemorySource, M: Mode> Arena<S, M> {
    /// Moves `value` into the arena and returns an owning box: dropping it runs `T`'s
    /// destructor and frees the block for reuse.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated (then `value` is dropped before the panic); see
    /// [`try_alloc_box`](Self::try_alloc_box).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let name = arena.alloc_box(String::from("boxed"));
    /// assert_eq!(*name, "boxed");
    /// ```
    #[doc(alias = "Free")]
    #[track_caller]
    pub fn alloc_box<T>(&self, value: T) -> ArenaBox<'_, T, S, M> {
        unwrap_or_panic(self.try_alloc_box(value))
    }

    /// Like [`alloc_box`](Self::alloc_box), returning an error instead of panicking; on
    /// error `value` is dropped before this returns.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_box(String::from("x")).is_err());
    /// ```
    pub fn try_alloc_box<T>(&self, value: T) -> Result<ArenaBox<'_, T, S, M>, AllocError> {
        // A zero-sized `T` gets a dangling, aligned pointer and takes no memory.
        let ptr = self.raw().alloc_freeable(Layout::new::<T>())?.cast::<T>();
        // SAFETY: `ptr` is valid and aligned for a `T` (a fresh block for its layout, or
        // dangling for a zero-sized `T`) and nothing else uses it.
        unsafe { ptr.write(value) };
        // SAFETY: `ptr` holds the `T` just written, owned by no one else, at the start of a
        // block from `alloc_freeable` for `Layout::new::<T>()`.
        Ok(unsafe { ArenaBox::from_parts(ptr, self) })
    }

    /// Copies a string into an owning box: `ArenaBox<str>` is to `&str` what `Box<str>` is,
    /// freeing its bytes when dropped.
    ///
    /// # Panics
    ///
    /// If the memory cannot be allocated; see [`try_alloc_box_str`](Self::try_alloc_box_str).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("héllo");
    /// s.make_ascii_uppercase();
    /// assert_eq!(&*s, "HéLLO");
    /// ```
    #[track_caller]
    pub fn alloc_box_str(&self, s: &str) -> ArenaBox<'_, str, S, M> {
        unwrap_or_panic(self.try_alloc_box_str(s))
    }

    /// Like [`alloc_box_str`](Self::alloc_box_str), returning an error instead of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_box_str("x").is_err());
    /// assert_eq!(&*arena.try_alloc_box_str("").unwrap(), ""); // needs no memory
    /// ```
    pub fn try_alloc_box_str(&self, s: &str) -> Result<ArenaBox<'_, str, S, M>, AllocError> {
        let bytes = self.try_alloc_box_slice_copy(s.as_bytes())?;
        // SAFETY: the bytes are a copy of a `str`, hence valid UTF-8.
        Ok(unsafe { ArenaBox::from_utf8_unchecked(bytes) })
    }

    /// Copies a slice into an owning box.
    ///
    /// # Panics
    ///
    /// If the size overflows or the memory cannot be allocated; see
    /// [`try_alloc_box_slice_copy`](Self::try_alloc_box_slice_copy).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut xs = arena.alloc_box_slice_copy(&[3u16, 1, 2]);
    /// xs.sort();
    /// assert_eq!(&*xs, &[1, 2, 3]);
    /// ```
    #[track_caller]
    pub fn alloc_box_slice_copy<T: Copy>(&self, src: &[T]) -> ArenaBox<'_, [T], S, M> {
        unwrap_or_panic(self.try_alloc_box_slice_copy(src))
    }

    /// Like [`alloc_box_slice_copy`](Self::alloc_box_slice_copy), returning an error instead
    /// of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_box_slice_copy(&[1u8]).is_err());
    /// ```
    pub fn try_alloc_box_slice_copy<T: Copy>(
        &self,
        src: &[T],
    ) -> Result<ArenaBox<'_, [T], S, M>, AllocError> {
        let mut slots = SliceWriter::new(self, src.len())?;
        slots.copy_from(src);
        slots.finish()
    }

    /// Clones a slice into an owning box: each element is cloned once, and dropped once when
    /// the box is. If a `clone` panics, the clones made so far are dropped and the block is
    /// freed before the panic goes on.
    ///
    /// # Panics
    ///
    /// If the size overflows or the memory cannot be allocated; see
    /// [`try_alloc_box_slice_clone`](Self::try_alloc_box_slice_clone).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let names = [String::from("a"), String::from("b")];
    /// let copy = arena.alloc_box_slice_clone(&names);
    /// assert_eq!(&*copy, &names);
    /// ```
    #[track_caller]
    pub fn alloc_box_slice_clone<T: Clone>(&self, src: &[T]) -> ArenaBox<'_, [T], S, M> {
        unwrap_or_panic(self.try_alloc_box_slice_clone(src))
    }

    /// Like [`alloc_box_slice_clone`](Self::alloc_box_slice_clone), returning an error instead
    /// of panicking (then nothing is cloned).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_box_slice_clone(&[String::new()]).is_err());
    /// ```
    pub fn try_alloc_box_slice_clone<T: Clone>(
        &self,
        src: &[T],
    ) -> Result<ArenaBox<'_, [T], S, M>, AllocError> {
        self.try_alloc_box_slice_fill_iter(src.iter().cloned())
    }

    /// Makes a box of `len` values, the `i`-th being `f(i)`. If `f` panics, the values made so
    /// far are dropped and the block is freed before the panic goes on.
    ///
    /// # Panics
    ///
    /// If the size overflows or the memory cannot be allocated; see
    /// [`try_alloc_box_slice_fill_with`](Self::try_alloc_box_slice_fill_with).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let labels = arena.alloc_box_slice_fill_with(3, |i| format!("#{i}"));
    /// assert_eq!(&*labels, ["#0", "#1", "#2"]);
    /// ```
    #[track_caller]
    pub fn alloc_box_slice_fill_with<T, F: FnMut(usize) -> T>(
        &self,
        len: usize,
        f: F,
    ) -> ArenaBox<'_, [T], S, M> {
        unwrap_or_panic(self.try_alloc_box_slice_fill_with(len, f))
    }

    /// Like [`alloc_box_slice_fill_with`](Self::alloc_box_slice_fill_with), returning an
    /// error instead of panicking (then `f` is not called).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert!(arena.try_alloc_box_slice_fill_with(usize::MAX, |i| i).is_err());
    /// ```
    pub fn try_alloc_box_slice_fill_with<T, F: FnMut(usize) -> T>(
        &self,
        len: usize,
        f: F,
    ) -> Result<ArenaBox<'_, [T], S, M>, AllocError> {
        self.try_alloc_box_slice_fill_iter((0..len).map(f))
    }

    /// Makes a box of the items of an iterator that knows its length. If the iterator
    /// panics, the items taken so far are dropped and the block is freed before the panic goes
    /// on.
    ///
    /// The block is sized by [`ExactSizeIterator::len`]. An iterator that breaks that
    /// contract is handled soundly: items beyond the announced length are not taken, and if
    /// fewer come, the box holds just those (its block shrinks in place, or they move to a
    /// smaller block; should that block be refused, the items are dropped and the refusal is
    /// the result).
    ///
    /// # Panics
    ///
    /// If the size overflows or the memory cannot be allocated; see
    /// [`try_alloc_box_slice_fill_iter`](Self::try_alloc_box_slice_fill_iter).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let words = arena.alloc_box_slice_fill_iter("a bb ccc".split(' ').map(String::from).collect::<Vec<_>>());
    /// assert_eq!(words.len(), 3);
    /// let lengths = arena.alloc_box_slice_fill_iter(words.iter().map(String::len));
    /// assert_eq!(&*lengths, &[1, 2, 3]);
    /// ```
    #[track_caller]
    pub fn alloc_box_slice_fill_iter<I>(&self, iter: I) -> ArenaBox<'_, [I::Item], S, M>
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        unwrap_or_panic(self.try_alloc_box_slice_fill_iter(iter))
    }

    /// Like [`alloc_box_slice_fill_iter`](Self::alloc_box_slice_fill_iter), returning an
    /// error instead of panicking (then no item is taken, and the iterator is dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// assert!(arena.try_alloc_box_slice_fill_iter([String::new()]).is_err());
    /// ```
    pub fn try_alloc_box_slice_fill_iter<I>(
        &self,
        iter: I,
    ) -> Result<ArenaBox<'_, [I::Item], S, M>, AllocError>
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        let iter = iter.into_iter();
        let mut slots = SliceWriter::new(self, iter.len())?;
        slots.extend(iter);
        slots.finish()
    }
}
