//! The length-changing methods of a box of a `str` (bump-scope's `BumpBox<str>`): `pop`,
//! `truncate`, `remove`, `retain`, `split_off`, ... The text is lent to an arena [`String`]
//! for the edit, so it stays UTF-8 whatever happens, and the box shrinks in place (see
//! [`vec_view`](super::vec_view)).

use super::ArenaBox;
use crate::arena::Mode;
use crate::collections::{String, checked_range};
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::MemorySource;
use core::mem::ManuallyDrop;
use core::ops::{Range, RangeBounds};
use core::ptr::NonNull;

impl<'a, S: MemorySource, M: Mode> ArenaBox<'a, str, S, M> {
    /// Runs `f` on the text lent to an arena `String`, then makes the `String` the box again
    /// (shrunk to fit), also when `f` panics (the text the `String` holds then).
    fn edit_str<R>(&mut self, f: impl FnOnce(&mut String<'a, S, M>) -> R) -> R {
        /// Puts the `String` back into the box when dropped.
        struct Restore<'b, 'a, S: MemorySource, M: Mode> {
            target: &'b mut ArenaBox<'a, str, S, M>,
            string: ManuallyDrop<String<'a, S, M>>,
        }
        impl<S: MemorySource, M: Mode> Drop for Restore<'_, '_, S, M> {
            fn drop(&mut self) {
                // SAFETY: the string is taken once, here, and `self` is not used afterwards.
                let string = unsafe { ManuallyDrop::take(&mut self.string) };
                let (ptr, _) = ArenaBox::into_parts(string.into_boxed_str());
                // The box's old pointer was lent to the string (see `edit_str`); it holds an
                // empty `str` that owns nothing, overwritten without dropping anything.
                self.target.ptr = ptr;
            }
        }
        let empty: *mut str =
            core::ptr::slice_from_raw_parts_mut(NonNull::<u8>::dangling().as_ptr(), 0) as *mut str;
        let lent = core::mem::replace(
            &mut self.ptr,
            NonNull::new(empty).expect("dangling is not null"),
        );
        let bytes = NonNull::new(lent.as_ptr() as *mut [u8]).expect("a box pointer is not null");
        // SAFETY: `bytes` is the box's `str` as bytes (the same address, length and block),
        // which the box no longer owns (it holds an empty `str` now, owning no block).
        let bytes = unsafe { ArenaBox::from_parts(bytes, self.arena) };
        // SAFETY: the bytes of a `str` are UTF-8.
        let string = unsafe { String::from_utf8_unchecked(ArenaBox::into_vec(bytes)) };
        let mut restore = Restore {
            target: self,
            string: ManuallyDrop::new(string),
        };
        f(&mut restore.string)
    }

    /// Removes the last character and returns it, or `None` if the text is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("hé");
    /// assert_eq!(s.pop(), Some('é'));
    /// assert_eq!(&*s, "h");
    /// ```
    pub fn pop(&mut self) -> Option<char> {
        self.edit_str(|s| s.pop())
    }

    /// Keeps the first `len` bytes (nothing happens if there are no more).
    ///
    /// # Panics
    ///
    /// If `len` is not on a character boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("abc");
    /// s.truncate(2);
    /// assert_eq!(&*s, "ab");
    /// ```
    #[track_caller]
    pub fn truncate(&mut self, len: usize) {
        if len < self.len() {
            assert!(
                self.is_char_boundary(len),
                "new_len does not lie on a char boundary"
            );
            self.edit_str(|s| s.truncate(len));
        }
    }

    /// Removes all the text; the block is freed at once.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("abc");
    /// s.clear();
    /// assert!(s.is_empty());
    /// ```
    pub fn clear(&mut self) {
        self.edit_str(|s| s.clear());
    }

    /// Shortens the text to `new_len` bytes.
    ///
    /// # Safety
    ///
    /// `new_len <= self.len()` and lies on a character boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("abc");
    /// // SAFETY: 1 <= 3, on a boundary.
    /// unsafe { s.set_len(1) };
    /// assert_eq!(&*s, "a");
    /// ```
    pub unsafe fn set_len(&mut self, new_len: usize) {
        debug_assert!(self.is_char_boundary(new_len));
        // Bytes need no drop: shortening is truncating.
        self.edit_str(|s| s.truncate(new_len));
    }

    /// Removes the character at byte `idx` and returns it.
    ///
    /// # Panics
    ///
    /// If `idx` is not the start of a character.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("abc");
    /// assert_eq!(s.remove(1), 'b');
    /// assert_eq!(&*s, "ac");
    /// ```
    #[track_caller]
    pub fn remove(&mut self, idx: usize) -> char {
        assert!(
            idx < self.len() && self.is_char_boundary(idx),
            "cannot remove a char from the end of a string or inside one"
        );
        self.edit_str(|s| s.remove(idx))
    }

    /// Keeps the characters for which `keep` returns `true`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("a1b2");
    /// s.retain(|c| c.is_alphabetic());
    /// assert_eq!(&*s, "ab");
    /// ```
    pub fn retain(&mut self, keep: impl FnMut(char) -> bool) {
        self.edit_str(|s| s.retain(keep));
    }

    /// Removes the bytes of `range` and returns them as a new box (bump-scope's `split_off`,
    /// which takes a range).
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or not on character boundaries, or the arena cannot
    /// provide the new block (see [`try_split_off`](Self::try_split_off)).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("head:tail");
    /// let tail = s.split_off(4..);
    /// assert_eq!((&*s, &*tail), ("head", ":tail"));
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
    /// If the range is out of bounds or not on character boundaries.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("ab");
    /// assert_eq!(&*s.try_split_off(..1).unwrap(), "a");
    /// assert_eq!(&*s, "b");
    /// ```
    #[track_caller]
    pub fn try_split_off(&mut self, range: impl RangeBounds<usize>) -> Result<Self, AllocError> {
        let Range { start, end } = checked_range(range, self.len());
        assert!(
            self.is_char_boundary(start) && self.is_char_boundary(end),
            "the range {start}..{end} is not on char boundaries"
        );
        let part = self.arena.try_alloc_box_str(&self[start..end])?;
        self.edit_str(|s| s.replace_range(start..end, ""));
        Ok(part)
    }
}
