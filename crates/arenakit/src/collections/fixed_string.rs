//! [`FixedString`]: a string of fixed capacity in an arena (bump-scope's `FixedBumpString`).

use super::String;
use crate::ArenaBox;
use crate::arena::{Arena, Local, Mode};
use crate::error::AllocError;
use crate::source::{Heap, MemorySource};
use core::fmt;
use core::mem::MaybeUninit;
use core::ops::{Deref, DerefMut};

/// A UTF-8 string whose buffer in the arena never grows: appending past its capacity fails
/// (the `try_` methods return an error, the others panic), so its bytes never move.
/// bump-scope's `FixedBumpString`.
///
/// It is an arena [`String`] that is never reallocated;
/// [`into_string`](FixedString::into_string) and
/// [`String::into_fixed_string`] convert without copying.
///
/// # Examples
///
/// ```
/// use arenakit::collections::FixedString;
/// use core::fmt::Write;
///
/// let arena = arenakit::Arena::new();
/// let mut s = FixedString::with_capacity_in(8, &arena);
/// write!(s, "{}-{}", 12, 34).unwrap();
/// assert_eq!(s, "12-34");
/// assert!(write!(s, "{}", 5678).is_err()); // 9 bytes do not fit in 8
/// assert!(s.try_push_str("xyz").is_ok());
/// assert!(s.is_full());
/// ```
pub struct FixedString<'a, S: MemorySource = Heap, M: Mode = Local> {
    /// Invariant: never grows (every method that adds bytes checks the capacity first).
    string: String<'a, S, M>,
}

impl<'a, S: MemorySource, M: Mode> FixedString<'a, S, M> {
    /// A fixed string over the buffer of `string` (its capacity is kept).
    pub(crate) fn from_string(string: String<'a, S, M>) -> Self {
        FixedString { string }
    }

    /// An empty string of capacity zero in `arena` (bump-scope's `FixedBumpString::new`);
    /// allocates nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::FixedString::new_in(&arena);
    /// assert!(s.is_full());
    /// ```
    pub fn new_in(arena: &'a Arena<S, M>) -> Self {
        Self::from_string(String::new_in(arena))
    }

    /// An empty string with room for exactly `capacity` bytes.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory; see
    /// [`try_with_capacity_in`](FixedString::try_with_capacity_in).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::FixedString::with_capacity_in(16, &arena);
    /// assert_eq!(s.capacity(), 16);
    /// ```
    #[track_caller]
    pub fn with_capacity_in(capacity: usize, arena: &'a Arena<S, M>) -> Self {
        Self::from_string(String::with_capacity_in(capacity, arena))
    }

    /// Like [`with_capacity_in`](FixedString::with_capacity_in), returning an error instead
    /// of panicking.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::FixedString;
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// assert!(FixedString::try_with_capacity_in(1 << 20, &arena).is_err());
    /// ```
    pub fn try_with_capacity_in(
        capacity: usize,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        String::try_with_capacity_in(capacity, arena).map(Self::from_string)
    }

    /// A full string of the text of a box, in the box's block (bump-scope's `from_init`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::FixedString;
    /// let arena = arenakit::Arena::new();
    /// let mut s = FixedString::from_init(arena.alloc_box_str("ab"));
    /// assert!(s.is_full());
    /// s.pop();
    /// s.push('c');
    /// assert_eq!(s, "ac");
    /// ```
    pub fn from_init(initialized: ArenaBox<'a, str, S, M>) -> Self {
        let bytes = ArenaBox::into_vec(ArenaBox::<[u8], S, M>::from(initialized));
        // SAFETY: the bytes of a `str` are UTF-8.
        Self::from_string(unsafe { String::from_utf8_unchecked(bytes) })
    }

    /// An empty string whose capacity is the block of a box of uninitialised bytes
    /// (bump-scope's `from_uninit`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::FixedString;
    /// use core::mem::MaybeUninit;
    /// let arena = arenakit::Arena::new();
    /// let slots = arena.alloc_box_slice_copy(&[MaybeUninit::<u8>::uninit(); 4]);
    /// let mut s = FixedString::from_uninit(slots);
    /// s.push_str("four");
    /// assert!(s.is_full());
    /// ```
    pub fn from_uninit(uninitialized: ArenaBox<'a, [MaybeUninit<u8>], S, M>) -> Self {
        let (ptr, len, cap, arena) = ArenaBox::into_vec(uninitialized).into_raw_parts_with_alloc();
        debug_assert_eq!(len, cap);
        // SAFETY: the buffer came from this arena's `Allocator` for `cap` bytes and is given
        // up by the vector; a length of zero is valid UTF-8.
        Self::from_string(unsafe { String::from_raw_parts_in(ptr.cast::<u8>(), 0, cap, arena) })
    }

    /// Bytes the string can hold.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// assert_eq!(arenakit::collections::FixedString::with_capacity_in(3, &arena).capacity(), 3);
    /// ```
    pub fn capacity(&self) -> usize {
        self.string.capacity()
    }

    /// Whether the string holds as many bytes as it can.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::with_capacity_in(1, &arena);
    /// s.push('a');
    /// assert!(s.is_full());
    /// ```
    pub fn is_full(&self) -> bool {
        self.string.len() == self.capacity()
    }

    /// The text.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let s = arenakit::collections::FixedString::from_init(arena.alloc_box_str("t"));
    /// assert_eq!(s.as_str(), "t");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.string
    }

    /// The text, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::from_init(arena.alloc_box_str("t"));
    /// s.as_mut_str().make_ascii_uppercase();
    /// assert_eq!(s, "T");
    /// ```
    pub fn as_mut_str(&mut self) -> &mut str {
        &mut self.string
    }

    /// Appends `text`.
    ///
    /// # Panics
    ///
    /// If it does not fit; see [`try_push_str`](FixedString::try_push_str).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::with_capacity_in(2, &arena);
    /// s.push_str("ok");
    /// assert_eq!(s, "ok");
    /// ```
    #[track_caller]
    pub fn push_str(&mut self, text: &str) {
        if self.try_push_str(text).is_err() {
            full(self.capacity());
        }
    }

    /// Like [`push_str`](FixedString::push_str), returning an error of kind
    /// [`CapacityOverflow`](crate::AllocErrorKind::CapacityOverflow) (and appending nothing)
    /// if `text` does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::with_capacity_in(2, &arena);
    /// assert!(s.try_push_str("abc").is_err());
    /// assert_eq!(s, "");
    /// ```
    pub fn try_push_str(&mut self, text: &str) -> Result<(), AllocError> {
        if text.len() > self.capacity() - self.string.len() {
            return Err(AllocError::overflow());
        }
        self.string.push_str(text); // within capacity: no reallocation
        Ok(())
    }

    /// Appends `c`.
    ///
    /// # Panics
    ///
    /// If it does not fit; see [`try_push`](FixedString::try_push).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::with_capacity_in(2, &arena);
    /// s.push('é');
    /// assert!(s.is_full());
    /// ```
    #[track_caller]
    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Like [`push`](FixedString::push), returning an error (and appending nothing) if `c`
    /// does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::with_capacity_in(1, &arena);
    /// assert!(s.try_push('é').is_err()); // two bytes
    /// ```
    pub fn try_push(&mut self, c: char) -> Result<(), AllocError> {
        self.try_push_str(c.encode_utf8(&mut [0; 4]))
    }

    /// Removes the last character and returns it, or `None` if the string is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::from_init(arena.alloc_box_str("ab"));
    /// assert_eq!(s.pop(), Some('b'));
    /// ```
    pub fn pop(&mut self) -> Option<char> {
        self.string.pop()
    }

    /// Keeps the first `len` bytes.
    ///
    /// # Panics
    ///
    /// If `len` is not on a character boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::from_init(arena.alloc_box_str("abc"));
    /// s.truncate(1);
    /// assert_eq!(s, "a");
    /// ```
    #[track_caller]
    pub fn truncate(&mut self, len: usize) {
        self.string.truncate(len);
    }

    /// Removes all the text; the capacity stays.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::from_init(arena.alloc_box_str("abc"));
    /// s.clear();
    /// assert_eq!((s.len(), s.capacity()), (0, 3));
    /// ```
    pub fn clear(&mut self) {
        self.string.clear();
    }

    /// The string as an arena [`String`] (which may grow again), without copying
    /// (bump-scope's `into_string`).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::from_init(arena.alloc_box_str("a")).into_string();
    /// s.push_str("bc");
    /// assert_eq!(s, "abc");
    /// ```
    pub fn into_string(self) -> String<'a, S, M> {
        self.string
    }

    /// The text as a box, in the string's buffer shrunk to fit it.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::FixedString::with_capacity_in(8, &arena);
    /// s.push_str("box");
    /// assert_eq!(&*s.into_boxed_str(), "box");
    /// ```
    pub fn into_boxed_str(self) -> ArenaBox<'a, str, S, M> {
        self.string.into_boxed_str()
    }
}

/// Panics for an append that does not fit.
#[cold]
#[track_caller]
fn full(capacity: usize) -> ! {
    panic!("FixedString is full (capacity {capacity})")
}

impl<S: MemorySource, M: Mode> Deref for FixedString<'_, S, M> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.string
    }
}

impl<S: MemorySource, M: Mode> DerefMut for FixedString<'_, S, M> {
    fn deref_mut(&mut self) -> &mut str {
        &mut self.string
    }
}

/// Appends formatted text; an error (and part of the text appended) when it does not fit.
impl<S: MemorySource, M: Mode> fmt::Write for FixedString<'_, S, M> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.try_push_str(text).map_err(|_| fmt::Error)
    }
}

impl<S: MemorySource, M: Mode> fmt::Debug for FixedString<'_, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<S: MemorySource, M: Mode> fmt::Display for FixedString<'_, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<S: MemorySource, M: Mode> PartialEq<str> for FixedString<'_, S, M> {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl<S: MemorySource, M: Mode> PartialEq<&str> for FixedString<'_, S, M> {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl<S: MemorySource, M: Mode, S2: MemorySource, M2: Mode> PartialEq<FixedString<'_, S2, M2>>
    for FixedString<'_, S, M>
{
    fn eq(&self, other: &FixedString<'_, S2, M2>) -> bool {
        **self == **other
    }
}
