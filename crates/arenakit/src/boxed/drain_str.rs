//! [`StrBoxDrain`]: the iterator of [`ArenaBox::drain`] for a box of a `str`.
//!
//! As for a box of a slice ([`drain`](super::drain)): the bytes of the range are rotated to
//! the end of the box (both the kept text and the drained text are whole characters, so the
//! box stays UTF-8), the box is shortened to the kept text, and the iterator decodes the
//! drained text past the box's end, in its block; when dropped, it gives the tail of the
//! block back. Bytes need no drop, so a leaked iterator leaks nothing but that tail.

use super::ArenaBox;
use crate::arena::Mode;
use crate::collections::checked_range;
use crate::source::MemorySource;
use core::fmt;
use core::iter::FusedIterator;
use core::ops::{Range, RangeBounds};
use core::ptr::NonNull;

impl<'a, S: MemorySource, M: Mode> ArenaBox<'a, str, S, M> {
    /// Removes the text of the byte range `range` and yields its characters.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or not on character boundaries.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("héllo");
    /// let taken: String = s.drain(1..3).collect();
    /// assert_eq!((taken.as_str(), &*s), ("é", "hllo"));
    /// ```
    #[track_caller]
    pub fn drain(&mut self, range: impl RangeBounds<usize>) -> StrBoxDrain<'_, 'a, S, M> {
        let block_len = self.len();
        let Range { start, end } = checked_range(range, block_len);
        assert!(
            self.is_char_boundary(start) && self.is_char_boundary(end),
            "the range {start}..{end} is not on char boundaries"
        );
        // SAFETY: `[start, end)` and `[end, len)` are whole characters (checked), so the bytes
        // rotated are UTF-8 again: the text after the range, then the range's.
        unsafe { self.as_bytes_mut()[start..].rotate_left(end - start) };
        let kept = block_len - (end - start);
        let bytes = NonNull::slice_from_raw_parts(self.ptr.cast::<u8>(), kept);
        // The first `kept` bytes are the text before and after the range: whole characters.
        self.ptr = NonNull::new(bytes.as_ptr() as *mut str).expect("a box pointer is not null");
        StrBoxDrain {
            target: self,
            block_len,
            front: kept,
            back: block_len,
        }
    }
}

/// The iterator of [`ArenaBox::drain`] for a box of a `str`: yields the removed characters,
/// from either end.
#[must_use = "the text is removed whether or not the iterator runs"]
pub struct StrBoxDrain<'b, 'a, S: MemorySource, M: Mode> {
    /// Shortened to the text it keeps; its block holds `block_len` bytes.
    target: &'b mut ArenaBox<'a, str, S, M>,
    block_len: usize,
    /// The bytes `[front, back)` past the box's end are the text not yielded yet (UTF-8).
    front: usize,
    back: usize,
}

impl<S: MemorySource, M: Mode> StrBoxDrain<'_, '_, S, M> {
    /// The text not yielded yet.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.alloc_box_str("abc");
    /// let mut d = s.drain(..);
    /// d.next();
    /// assert_eq!(d.as_str(), "bc");
    /// ```
    pub fn as_str(&self) -> &str {
        // SAFETY: `front <= block_len`, so the offset stays in or one past the block.
        let start = unsafe { self.target.ptr.cast::<u8>().add(self.front) };
        let rest = NonNull::slice_from_raw_parts(start, self.back - self.front);
        // SAFETY: the bytes `[front, back)` are initialised, in the box's block, and not used
        // by the box (they are past its end); borrowed as long as the iterator is.
        let rest = unsafe { rest.as_ref() };
        // SAFETY: they are the drained text minus whole characters taken from either end.
        unsafe { core::str::from_utf8_unchecked(rest) }
    }
}

impl<S: MemorySource, M: Mode> Iterator for StrBoxDrain<'_, '_, S, M> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = self.as_str().chars().next()?;
        self.front += c.len_utf8();
        Some(c)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let bytes = self.back - self.front;
        (bytes.div_ceil(4), Some(bytes))
    }
}

impl<S: MemorySource, M: Mode> DoubleEndedIterator for StrBoxDrain<'_, '_, S, M> {
    fn next_back(&mut self) -> Option<char> {
        let c = self.as_str().chars().next_back()?;
        self.back -= c.len_utf8();
        Some(c)
    }
}

impl<S: MemorySource, M: Mode> FusedIterator for StrBoxDrain<'_, '_, S, M> {}

impl<S: MemorySource, M: Mode> Drop for StrBoxDrain<'_, '_, S, M> {
    fn drop(&mut self) {
        let target = &mut *self.target;
        let empty = core::ptr::slice_from_raw_parts_mut(NonNull::<u8>::dangling().as_ptr(), 0);
        let text = core::mem::replace(
            &mut target.ptr,
            NonNull::new(empty as *mut str).expect("dangling is not null"),
        );
        let bytes = NonNull::new(text.as_ptr() as *mut [u8]).expect("a box pointer is not null");
        // SAFETY: the box's text as bytes (the same address, length and block), which the box
        // no longer owns: it holds an empty `str` meanwhile, owning no block.
        let mut bytes = unsafe { ArenaBox::from_parts(bytes, target.arena) };
        // SAFETY: the block holds `block_len` bytes (the box had that many when the iterator
        // was made), and the drained bytes past the box's end are not used any more.
        unsafe { bytes.refit(self.block_len) };
        // SAFETY: the bytes are the kept text, UTF-8.
        let (text, _) = ArenaBox::into_parts(unsafe { ArenaBox::from_utf8_unchecked(bytes) });
        target.ptr = text;
    }
}

impl<S: MemorySource, M: Mode> fmt::Debug for StrBoxDrain<'_, '_, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StrBoxDrain").field(&self.as_str()).finish()
    }
}
