//! [`String`]: a growable UTF-8 string in an arena.

use super::Vec;
use crate::arena::{Arena, Local, Mode};
use crate::source::{Heap, MemorySource};
use core::borrow::{Borrow, BorrowMut};
use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::{Deref, DerefMut};

/// A growable UTF-8 string whose bytes live in an arena.
///
/// The arena counterpart of `std::string::String` (allocator-api2 has none): `push_str`,
/// `push`, `insert_str`, `pop`, `truncate`, `clear`, [`fmt::Write`], and `Deref<Target = str>`
/// for everything `&str` offers. It borrows as `str`, so an arena map keyed by `String` can be
/// queried with a `&str`. [`into_str`](String::into_str) freezes it into a plain `&'a mut str`.
///
/// # Examples
///
/// ```
/// use arenakit::{Arena, collections::String};
///
/// let arena = Arena::new();
/// let mut s = String::from_str_in("hello", &arena);
/// s.push_str(", world");
/// s.push('!');
/// assert_eq!(s, "hello, world!");
/// assert!(s.starts_with("hello"));
/// let frozen: &str = s.into_str();
/// assert_eq!(frozen.len(), 13);
/// ```
pub struct String<'a, S: MemorySource = Heap, M: Mode = Local> {
    /// Invariant: valid UTF-8.
    vec: Vec<'a, u8, S, M>,
}

impl<'a, S: MemorySource, M: Mode> String<'a, S, M> {
    /// An empty string in `arena`; allocates nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::new_in(&arena);
    /// assert!(s.is_empty());
    /// ```
    pub fn new_in(arena: &'a Arena<S, M>) -> Self {
        String {
            vec: Vec::new_in(arena),
        }
    }

    /// An empty string in `arena` with room for `capacity` bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::with_capacity_in(64, &arena);
    /// assert!(s.capacity() >= 64);
    /// ```
    pub fn with_capacity_in(capacity: usize, arena: &'a Arena<S, M>) -> Self {
        String {
            vec: Vec::with_capacity_in(capacity, arena),
        }
    }

    /// A copy of `s` in `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::from_str_in("copy", &arena);
    /// assert_eq!(s.as_str(), "copy");
    /// ```
    pub fn from_str_in(s: &str, arena: &'a Arena<S, M>) -> Self {
        let mut string = Self::with_capacity_in(s.len(), arena);
        string.push_str(s);
        string
    }

    /// The UTF-8 bytes in `vec` as a string, or the error of [`core::str::from_utf8`] with the
    /// vector back.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::String;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut bytes = arena.vec();
    /// bytes.extend_from_slice(b"ok");
    /// assert_eq!(String::from_utf8(bytes).unwrap(), "ok");
    /// let mut bad = arena.vec();
    /// bad.push(0xff);
    /// assert!(String::from_utf8(bad).is_err());
    /// ```
    pub fn from_utf8(
        vec: Vec<'a, u8, S, M>,
    ) -> Result<Self, (core::str::Utf8Error, Vec<'a, u8, S, M>)> {
        match core::str::from_utf8(&vec) {
            Ok(_) => Ok(String { vec }),
            Err(e) => Err((e, vec)),
        }
    }

    /// The string as a `&str`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(arena.string().as_str(), "");
    /// ```
    pub fn as_str(&self) -> &str {
        // SAFETY: the bytes are valid UTF-8 (type invariant).
        unsafe { core::str::from_utf8_unchecked(&self.vec) }
    }

    /// The string as a `&mut str`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("abc", &arena);
    /// s.as_mut_str().make_ascii_uppercase();
    /// assert_eq!(s, "ABC");
    /// ```
    pub fn as_mut_str(&mut self) -> &mut str {
        // SAFETY: the bytes are valid UTF-8 (type invariant); `str`'s safe API keeps them so.
        unsafe { core::str::from_utf8_unchecked_mut(&mut self.vec) }
    }

    /// The underlying bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::from_str_in("é", &arena);
    /// assert_eq!(s.as_bytes(), [0xc3, 0xa9]);
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        &self.vec
    }

    /// The underlying byte vector.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::String::from_str_in("ab", &arena);
    /// assert_eq!(s.into_bytes(), [b'a', b'b']);
    /// ```
    pub fn into_bytes(self) -> Vec<'a, u8, S, M> {
        self.vec
    }

    /// Appends `s`.
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
    pub fn push_str(&mut self, s: &str) {
        self.vec.extend_from_slice(s.as_bytes());
    }

    /// Appends `c`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.push('é');
    /// assert_eq!(s.len(), 2);
    /// ```
    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Inserts `s` at byte index `idx`.
    ///
    /// # Panics
    ///
    /// If `idx` is not on a char boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("ad", &arena);
    /// s.insert_str(1, "bc");
    /// assert_eq!(s, "abcd");
    /// ```
    pub fn insert_str(&mut self, idx: usize, s: &str) {
        assert!(
            self.is_char_boundary(idx),
            "index {idx} is not a char boundary"
        );
        let tail = self.vec.len() - idx;
        self.vec.extend_from_slice(s.as_bytes());
        self.vec[idx..].rotate_right(s.len().min(tail + s.len()));
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
    pub fn truncate(&mut self, len: usize) {
        if len < self.len() {
            assert!(
                self.is_char_boundary(len),
                "length {len} is not a char boundary"
            );
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

    /// Bytes the string can hold without reallocating.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(arena.string().capacity(), 0);
    /// ```
    pub fn capacity(&self) -> usize {
        self.vec.capacity()
    }

    /// Makes room for at least `additional` more bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.reserve(10);
    /// assert!(s.capacity() >= 10);
    /// ```
    pub fn reserve(&mut self, additional: usize) {
        self.vec.reserve(additional);
    }

    /// Like [`reserve`](String::reserve), returning an error instead of aborting when the
    /// arena cannot provide the memory (its limit, or its source); the string is unchanged
    /// then.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let mut s = arena.string();
    /// assert!(s.try_reserve(1 << 20).is_err());
    /// assert!(s.try_reserve(100).is_ok());
    /// ```
    pub fn try_reserve(
        &mut self,
        additional: usize,
    ) -> Result<(), allocator_api2::collections::TryReserveError> {
        self.vec.try_reserve(additional)
    }

    /// Like [`try_reserve`](String::try_reserve), for exactly `additional` more bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.try_reserve_exact(10).unwrap();
    /// assert_eq!(s.capacity(), 10);
    /// ```
    pub fn try_reserve_exact(
        &mut self,
        additional: usize,
    ) -> Result<(), allocator_api2::collections::TryReserveError> {
        self.vec.try_reserve_exact(additional)
    }

    /// Freezes the string into a plain `&'a mut str` that lives as long as the arena borrow.
    /// Its bytes stay allocated until the arena is reset.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// s.push_str("frozen");
    /// let frozen: &mut str = s.into_str();
    /// assert_eq!(frozen, "frozen");
    /// ```
    pub fn into_str(self) -> &'a mut str {
        let bytes = crate::collections::ext::leak_vec(self.vec);
        // SAFETY: the bytes are valid UTF-8 (type invariant).
        unsafe { core::str::from_utf8_unchecked_mut(bytes) }
    }
}

impl<S: MemorySource, M: Mode> Deref for String<'_, S, M> {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<S: MemorySource, M: Mode> DerefMut for String<'_, S, M> {
    fn deref_mut(&mut self) -> &mut str {
        self.as_mut_str()
    }
}

impl<S: MemorySource, M: Mode> AsRef<str> for String<'_, S, M> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl<S: MemorySource, M: Mode> AsRef<[u8]> for String<'_, S, M> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl<S: MemorySource, M: Mode> Borrow<str> for String<'_, S, M> {
    fn borrow(&self) -> &str {
        self
    }
}

impl<S: MemorySource, M: Mode> BorrowMut<str> for String<'_, S, M> {
    fn borrow_mut(&mut self) -> &mut str {
        self
    }
}

impl<S: MemorySource, M: Mode> fmt::Write for String<'_, S, M> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }

    fn write_char(&mut self, c: char) -> fmt::Result {
        self.push(c);
        Ok(())
    }
}

impl<S: MemorySource, M: Mode> fmt::Display for String<'_, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl<S: MemorySource, M: Mode> fmt::Debug for String<'_, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<S: MemorySource, M: Mode> Clone for String<'_, S, M> {
    fn clone(&self) -> Self {
        String {
            vec: self.vec.clone(),
        }
    }
}

impl<S: MemorySource, M: Mode> PartialEq for String<'_, S, M> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<S: MemorySource, M: Mode> Eq for String<'_, S, M> {}

impl<S: MemorySource, M: Mode> PartialEq<str> for String<'_, S, M> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<S: MemorySource, M: Mode> PartialEq<&str> for String<'_, S, M> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<S: MemorySource, M: Mode> PartialEq<String<'_, S, M>> for str {
    fn eq(&self, other: &String<'_, S, M>) -> bool {
        self == other.as_str()
    }
}

impl<S: MemorySource, M: Mode> PartialEq<String<'_, S, M>> for &str {
    fn eq(&self, other: &String<'_, S, M>) -> bool {
        *self == other.as_str()
    }
}

impl<S: MemorySource, M: Mode> PartialOrd for String<'_, S, M> {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<S: MemorySource, M: Mode> Ord for String<'_, S, M> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl<S: MemorySource, M: Mode> Hash for String<'_, S, M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Hash exactly as `str` does, so `Borrow<str>` lookups find the entry.
        self.as_str().hash(state);
    }
}

impl<'s, S: MemorySource, M: Mode> Extend<&'s str> for String<'_, S, M> {
    fn extend<I: IntoIterator<Item = &'s str>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(s));
    }
}

impl<S: MemorySource, M: Mode> Extend<char> for String<'_, S, M> {
    fn extend<I: IntoIterator<Item = char>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.reserve(iter.size_hint().0);
        iter.for_each(|c| self.push(c));
    }
}

#[cfg(feature = "serde")]
impl<S: MemorySource, M: Mode> serde::Serialize for String<'_, S, M> {
    fn serialize<Ser: serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(self.as_str())
    }
}
