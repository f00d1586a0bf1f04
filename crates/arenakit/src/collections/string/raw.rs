//! The arena [`String`]'s raw parts and its fixed-capacity form: `from_raw_parts_in`,
//! `as_non_null`, `into_fixed_string`.

use super::String;
use crate::arena::{Arena, Mode};
use crate::collections::{ArenaVecConvert, FixedString, Vec};
use crate::source::MemorySource;
use core::ptr::NonNull;

impl<'a, S: MemorySource, M: Mode> String<'a, S, M> {
    /// A string over a buffer given up by another arena string or vector (for example with
    /// `into_bytes().into_raw_parts_with_alloc()`).
    ///
    /// # Safety
    ///
    /// As for allocator-api2's `Vec::<u8>::from_raw_parts_in(buf, length, capacity, arena)`:
    /// `buf` was allocated by `arena` (a `Vec` or `String` of this very arena) for `capacity`
    /// bytes, is not used or freed by anything else afterwards, and `length <= capacity`;
    /// moreover its first `length` bytes are valid UTF-8.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    /// let arena = arenakit::Arena::new();
    /// let s = String::from_str_in("parts", &arena);
    /// let (buf, len, cap, home) = s.into_bytes().into_raw_parts_with_alloc();
    /// // SAFETY: the parts of one string of `arena`, rebuilt once.
    /// let s = unsafe { String::from_raw_parts_in(buf, len, cap, home) };
    /// assert_eq!(s, "parts");
    /// ```
    pub unsafe fn from_raw_parts_in(
        buf: *mut u8,
        length: usize,
        capacity: usize,
        arena: &'a Arena<S, M>,
    ) -> Self {
        // SAFETY: the caller's guarantees are those of `Vec::from_raw_parts_in`.
        let vec = unsafe { Vec::from_raw_parts_in(buf, length, capacity, arena) };
        // SAFETY: the first `length` bytes are UTF-8 (caller).
        unsafe { Self::from_utf8_unchecked(vec) }
    }

    /// A non-null pointer to the buffer (dangling when nothing is allocated), valid for the
    /// whole capacity while the string is not otherwise used; writes must keep the text UTF-8.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("ab", &arena);
    /// let p = s.as_non_null();
    /// // SAFETY: the first byte is in the buffer; an ASCII byte keeps the text UTF-8.
    /// unsafe { p.write(b'x') };
    /// assert_eq!(s, "xb");
    /// ```
    pub fn as_non_null(&mut self) -> NonNull<u8> {
        self.vec.as_non_null()
    }

    /// The string as a [`FixedString`]: the same bytes and buffer, which never grows again
    /// (bump-scope's `into_fixed_string`).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::with_capacity_in(3, &arena);
    /// s.push_str("ab");
    /// let mut fixed = s.into_fixed_string();
    /// fixed.push('c');
    /// assert!(fixed.try_push('d').is_err());
    /// assert_eq!(fixed, "abc");
    /// ```
    pub fn into_fixed_string(self) -> FixedString<'a, S, M> {
        FixedString::from_string(self)
    }
}
