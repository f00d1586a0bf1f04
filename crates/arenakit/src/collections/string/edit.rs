//! The methods of [`String`] that change its text.

use super::{String, StringDrain};
use crate::arena::Mode;
use crate::collections::Vec;
use crate::collections::extract_if::checked_range;
use crate::collections::vec_ext::copy_within_capacity;
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::MemorySource;
use core::ops::{Range, RangeBounds};

impl<'a, S: MemorySource, M: Mode> String<'a, S, M> {
    /// Appends `s`.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.push_str("ab");
    /// s.push_str("cd");
    /// assert_eq!(s, "abcd");
    /// ```
    #[track_caller]
    pub fn push_str(&mut self, s: &str) {
        unwrap_or_panic(self.try_push_str(s));
    }

    /// Like [`push_str`](String::push_str), returning an error instead of panicking; the
    /// string is unchanged then.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut s = arena.string();
    /// s.try_push_str("ok").unwrap();
    /// assert!(s.try_push_str(&"x".repeat(1 << 20)).is_err());
    /// assert_eq!(s, "ok");
    /// ```
    pub fn try_push_str(&mut self, s: &str) -> Result<(), AllocError> {
        self.grow(s.len())?;
        copy_within_capacity(&mut self.vec, s.as_bytes());
        Ok(())
    }

    /// Appends `c`.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.push('é');
    /// assert_eq!(s.len(), 2);
    /// ```
    #[track_caller]
    pub fn push(&mut self, c: char) {
        unwrap_or_panic(self.try_push(c));
    }

    /// Like [`push`](String::push), returning an error instead of panicking; the string is
    /// unchanged then.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// let mut s = arena.string();
    /// assert!(s.try_push('x').is_err());
    /// assert!(s.is_empty());
    /// ```
    pub fn try_push(&mut self, c: char) -> Result<(), AllocError> {
        self.try_push_str(c.encode_utf8(&mut [0; 4]))
    }

    /// Inserts `s` at byte index `idx`.
    ///
    /// # Panics
    ///
    /// If `idx` is not on a char boundary (or past the end), or if the arena cannot provide
    /// the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("ad", &arena);
    /// s.insert_str(1, "bc");
    /// assert_eq!(s, "abcd");
    /// ```
    #[track_caller]
    pub fn insert_str(&mut self, idx: usize, s: &str) {
        unwrap_or_panic(self.try_insert_str(idx, s));
    }

    /// Like [`insert_str`](String::insert_str), returning an error instead of panicking when
    /// the arena cannot provide the memory; the string is unchanged then.
    ///
    /// # Panics
    ///
    /// If `idx` is not on a char boundary (or past the end).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("ac", &arena);
    /// s.try_insert_str(1, "b").unwrap();
    /// assert_eq!(s, "abc");
    /// ```
    #[track_caller]
    pub fn try_insert_str(&mut self, idx: usize, s: &str) -> Result<(), AllocError> {
        self.try_replace_range(idx..idx, s)
    }

    /// Inserts `c` at byte index `idx`.
    ///
    /// # Panics
    ///
    /// If `idx` is not on a char boundary (or past the end), or if the arena cannot provide
    /// the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("ac", &arena);
    /// s.insert(1, 'ß');
    /// assert_eq!(s, "aßc");
    /// ```
    #[track_caller]
    pub fn insert(&mut self, idx: usize, c: char) {
        unwrap_or_panic(self.try_insert(idx, c));
    }

    /// Like [`insert`](String::insert), returning an error instead of panicking when the
    /// arena cannot provide the memory; the string is unchanged then.
    ///
    /// # Panics
    ///
    /// If `idx` is not on a char boundary (or past the end).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(0).build();
    /// let mut s = arena.string();
    /// assert!(s.try_insert(0, 'x').is_err());
    /// ```
    #[track_caller]
    pub fn try_insert(&mut self, idx: usize, c: char) -> Result<(), AllocError> {
        self.try_insert_str(idx, c.encode_utf8(&mut [0; 4]))
    }

    /// Removes and returns the last char.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("hé", &arena);
    /// assert_eq!(s.pop(), Some('é'));
    /// assert_eq!(s, "h");
    /// ```
    pub fn pop(&mut self) -> Option<char> {
        let c = self.as_str().chars().next_back()?;
        self.vec.truncate(self.vec.len() - c.len_utf8());
        Some(c)
    }

    /// Removes and returns the char at byte index `idx`, moving the rest down.
    ///
    /// # Panics
    ///
    /// If `idx` is not on a char boundary, or is the length or more.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("aéb", &arena);
    /// assert_eq!(s.remove(1), 'é');
    /// assert_eq!(s.remove(0), 'a');
    /// assert_eq!(s, "b");
    /// ```
    #[track_caller]
    pub fn remove(&mut self, idx: usize) -> char {
        let Some(c) = self[idx..].chars().next() else {
            panic!("cannot remove a char from the end of a string");
        };
        self.vec.drain(idx..idx + c.len_utf8());
        c
    }

    /// Shortens the string to `len` bytes; does nothing if it is not longer.
    ///
    /// # Panics
    ///
    /// If `len` is not on a char boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("hello", &arena);
    /// s.truncate(2);
    /// assert_eq!(s, "he");
    /// ```
    #[track_caller]
    pub fn truncate(&mut self, len: usize) {
        if len < self.len() {
            self.assert_char_boundary(len);
            self.vec.truncate(len);
        }
    }

    /// Empties the string, keeping its capacity.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("x", &arena);
    /// s.clear();
    /// assert!(s.is_empty());
    /// ```
    pub fn clear(&mut self) {
        self.vec.clear();
    }

    /// Keeps only the chars for which `keep` returns `true`, in order, visiting each char
    /// once.
    ///
    /// Panic-safe: if `keep` panics, the string is still valid UTF-8 and holds the chars kept
    /// so far followed by every char not yet decided on, the one `keep` panicked on included
    /// (as std's `Vec::retain` keeps the elements it has not examined). No char is lost or
    /// duplicated.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("f_o_ob_ar", &arena);
    /// s.retain(|c| c != '_');
    /// assert_eq!(s, "foobar");
    /// ```
    pub fn retain(&mut self, mut keep: impl FnMut(char) -> bool) {
        /// `[0, write)` holds the kept chars, `[read, len)` the chars not yet decided on (the
        /// original bytes, from a char boundary), `[write, read)` stale bytes. Dropping it
        /// (also while a panic of `keep` unwinds) closes the gap, which makes the bytes valid
        /// UTF-8 again: nothing reads them as a `str` before (the string is borrowed).
        struct Compact<'s, 'a, S: MemorySource, M: Mode> {
            bytes: &'s mut Vec<'a, u8, S, M>,
            read: usize,
            write: usize,
        }

        impl<S: MemorySource, M: Mode> Drop for Compact<'_, '_, S, M> {
            fn drop(&mut self) {
                let len = self.bytes.len();
                self.bytes.copy_within(self.read..len, self.write);
                self.bytes.truncate(self.write + (len - self.read));
            }
        }

        let mut gap = Compact {
            bytes: &mut self.vec,
            read: 0,
            write: 0,
        };
        while gap.read < gap.bytes.len() {
            let c = first_char(&gap.bytes[gap.read..]);
            let width = c.len_utf8();
            if keep(c) {
                if gap.write != gap.read {
                    gap.bytes.copy_within(gap.read..gap.read + width, gap.write);
                }
                gap.write += width;
            }
            gap.read += width;
        }
    }

    /// Splits the string in two at byte index `at`: `self` keeps `[0, at)`, the returned
    /// string (in the same arena) holds `[at, len)`.
    ///
    /// # Panics
    ///
    /// If `at` is not on a char boundary (or past the end), or if the arena cannot provide
    /// the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("Hello, World!", &arena);
    /// let world = s.split_off(7);
    /// assert_eq!((s.as_str(), world.as_str()), ("Hello, ", "World!"));
    /// ```
    #[track_caller]
    #[must_use = "use `truncate` to drop the tail"]
    pub fn split_off(&mut self, at: usize) -> Self {
        unwrap_or_panic(self.try_split_off(at))
    }

    /// Like [`split_off`](String::split_off), returning an error instead of panicking when the
    /// arena cannot provide the memory; `self` is unchanged then.
    ///
    /// # Panics
    ///
    /// If `at` is not on a char boundary (or past the end).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("ab", &arena);
    /// assert_eq!(s.try_split_off(2).unwrap(), "");
    /// assert_eq!(s, "ab");
    /// ```
    #[track_caller]
    pub fn try_split_off(&mut self, at: usize) -> Result<Self, AllocError> {
        self.assert_char_boundary(at);
        let tail = Self::try_from_str_in(&self[at..], self.arena())?;
        self.vec.truncate(at);
        Ok(tail)
    }

    /// Appends a copy of the bytes in `range` of the string itself.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or not on char boundaries, or if the arena cannot
    /// provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("abcde", &arena);
    /// s.extend_from_within(2..);
    /// assert_eq!(s, "abcdecde");
    /// s.extend_from_within(..=1);
    /// assert_eq!(s, "abcdecdeab");
    /// ```
    #[track_caller]
    pub fn extend_from_within(&mut self, range: impl RangeBounds<usize>) {
        unwrap_or_panic(self.try_extend_from_within(range));
    }

    /// Like [`extend_from_within`](String::extend_from_within), returning an error instead of
    /// panicking when the arena cannot provide the memory; the string is unchanged then.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or not on char boundaries.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("ñ!", &arena);
    /// s.try_extend_from_within(..2).unwrap();
    /// assert_eq!(s, "ñ!ñ");
    /// ```
    #[track_caller]
    pub fn try_extend_from_within(
        &mut self,
        range: impl RangeBounds<usize>,
    ) -> Result<(), AllocError> {
        let Range { start, end } = self.char_range(range);
        self.grow(end - start)?;
        // Cannot allocate: there is room now.
        self.vec.extend_from_within(start..end);
        Ok(())
    }

    /// Appends `additional` nul bytes (`'\0'` chars), written by the arena (bump-scope's
    /// `extend_zeroed`).
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory; see
    /// [`try_extend_zeroed`](String::try_extend_zeroed).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("What?", &arena);
    /// s.extend_zeroed(3);
    /// assert_eq!(s, "What?\0\0\0");
    /// ```
    #[track_caller]
    pub fn extend_zeroed(&mut self, additional: usize) {
        unwrap_or_panic(self.try_extend_zeroed(additional));
    }

    /// Like [`extend_zeroed`](String::extend_zeroed), returning an error instead of
    /// panicking; the string is unchanged then.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut s = arenakit::collections::String::from_str_in("ok", &arena);
    /// assert!(s.try_extend_zeroed(1 << 20).is_err());
    /// s.try_extend_zeroed(1).unwrap();
    /// assert_eq!(s, "ok\0");
    /// ```
    pub fn try_extend_zeroed(&mut self, additional: usize) -> Result<(), AllocError> {
        self.grow(additional)?;
        // Cannot allocate: there is room now. Nul bytes are UTF-8.
        self.vec.resize(self.vec.len() + additional, 0);
        Ok(())
    }

    /// Replaces the bytes in `range` with `replace_with` (which may be longer or shorter).
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or not on char boundaries, or if the arena cannot
    /// provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("α is alpha, β is beta", &arena);
    /// let beta = s.find('β').unwrap();
    /// s.replace_range(..beta, "Α is capital alpha; ");
    /// assert_eq!(s, "Α is capital alpha; β is beta");
    /// ```
    #[track_caller]
    pub fn replace_range(&mut self, range: impl RangeBounds<usize>, replace_with: &str) {
        unwrap_or_panic(self.try_replace_range(range, replace_with));
    }

    /// Like [`replace_range`](String::replace_range), returning an error instead of panicking
    /// when the arena cannot provide the memory; the string is unchanged then.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or not on char boundaries.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("a-b", &arena);
    /// s.try_replace_range(1..2, " + ").unwrap();
    /// assert_eq!(s, "a + b");
    /// ```
    #[track_caller]
    pub fn try_replace_range(
        &mut self,
        range: impl RangeBounds<usize>,
        replace_with: &str,
    ) -> Result<(), AllocError> {
        let Range { start, end } = self.char_range(range);
        let (old, new) = (end - start, replace_with.len());
        self.grow(new.saturating_sub(old))?;
        // From here on nothing can fail or panic: the bytes are UTF-8 again at the end.
        let len = self.vec.len();
        if new > old {
            // Cannot allocate: there is room now.
            self.vec.resize(len + (new - old), 0);
        }
        self.vec.copy_within(end..len, start + new);
        self.vec.truncate(len + new - old);
        self.vec[start..start + new].copy_from_slice(replace_with.as_bytes());
        Ok(())
    }

    /// Removes the bytes in `range` and returns their chars as an iterator. The range is
    /// removed when the iterator is dropped, even if it was not consumed; if it is leaked
    /// (`mem::forget`), the string is unchanged.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or not on char boundaries.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("α is alpha, β is beta", &arena);
    /// let beta = s.find('β').unwrap();
    /// let alpha: String = s.drain(..beta).collect();
    /// assert_eq!(alpha, "α is alpha, ");
    /// assert_eq!(s, "β is beta");
    /// s.drain(..);
    /// assert!(s.is_empty());
    /// ```
    #[track_caller]
    pub fn drain(&mut self, range: impl RangeBounds<usize>) -> StringDrain<'_, 'a, S, M> {
        let range = self.char_range(range);
        StringDrain::new(self, range)
    }

    /// Appends every char of `chars`, reserving their lower size bound up front; stops at the
    /// first one the arena has no room for.
    pub(crate) fn try_extend_chars(
        &mut self,
        chars: impl IntoIterator<Item = char>,
    ) -> Result<(), AllocError> {
        let chars = chars.into_iter();
        self.grow(chars.size_hint().0)?;
        chars.into_iter().try_for_each(|c| self.try_push(c))
    }

    /// Appends every piece of `strs`; stops at the first one the arena has no room for.
    pub(crate) fn try_extend_strs<'s>(
        &mut self,
        strs: impl IntoIterator<Item = &'s str>,
    ) -> Result<(), AllocError> {
        strs.into_iter().try_for_each(|s| self.try_push_str(s))
    }

    /// The byte range `range` selects, checked to be in bounds and on char boundaries.
    #[track_caller]
    fn char_range(&self, range: impl RangeBounds<usize>) -> Range<usize> {
        let range = checked_range(range, self.len());
        self.assert_char_boundary(range.start);
        self.assert_char_boundary(range.end);
        range
    }

    #[track_caller]
    fn assert_char_boundary(&self, idx: usize) {
        assert!(
            self.is_char_boundary(idx),
            "byte index {idx} is not a char boundary of the string (or is past its end)"
        );
    }
}

/// The first char of `bytes`, which start with a whole UTF-8 char.
fn first_char(bytes: &[u8]) -> char {
    let width = match bytes[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    core::str::from_utf8(&bytes[..width])
        .ok()
        .and_then(|s| s.chars().next())
        .expect("the bytes start with a whole UTF-8 char")
}
