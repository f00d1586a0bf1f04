//! [`StringDrain`]: the iterator of [`String::drain`].

use super::String;
use crate::arena::{Local, Mode};
use crate::source::{Heap, MemorySource};
use core::fmt;
use core::iter::FusedIterator;
use core::ops::Range;

/// The chars of a range of a [`String`], which [`String::drain`] removes when this iterator
/// is dropped (consumed or not). Leaking it (`mem::forget`) leaves the string unchanged.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let mut s = arenakit::collections::String::from_str_in("a→b", &arena);
/// let mut drain = s.drain(1..4);
/// assert_eq!(drain.as_str(), "→");
/// assert_eq!(drain.next(), Some('→'));
/// assert_eq!(drain.next(), None);
/// drop(drain);
/// assert_eq!(s, "ab");
/// ```
pub struct StringDrain<'s, 'a, S: MemorySource = Heap, M: Mode = Local> {
    string: &'s mut String<'a, S, M>,
    /// The range removed on drop.
    range: Range<usize>,
    /// The chars not yielded yet, on char boundaries inside `range`.
    rest: Range<usize>,
}

impl<'s, 'a, S: MemorySource, M: Mode> StringDrain<'s, 'a, S, M> {
    /// The drain of `range`, a range of `string` on char boundaries.
    pub(super) fn new(string: &'s mut String<'a, S, M>, range: Range<usize>) -> Self {
        StringDrain {
            string,
            rest: range.clone(),
            range,
        }
    }

    /// The part of the range not yielded yet.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arenakit::collections::String::from_str_in("abc", &arena);
    /// let mut drain = s.drain(..);
    /// drain.next();
    /// drain.next_back();
    /// assert_eq!(drain.as_str(), "b");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.string[self.rest.clone()]
    }
}

impl<S: MemorySource, M: Mode> Iterator for StringDrain<'_, '_, S, M> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = self.as_str().chars().next()?;
        self.rest.start += c.len_utf8();
        Some(c)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let bytes = self.rest.len();
        (bytes.div_ceil(4), Some(bytes))
    }
}

impl<S: MemorySource, M: Mode> DoubleEndedIterator for StringDrain<'_, '_, S, M> {
    fn next_back(&mut self) -> Option<char> {
        let c = self.as_str().chars().next_back()?;
        self.rest.end -= c.len_utf8();
        Some(c)
    }
}

impl<S: MemorySource, M: Mode> FusedIterator for StringDrain<'_, '_, S, M> {}

impl<S: MemorySource, M: Mode> Drop for StringDrain<'_, '_, S, M> {
    fn drop(&mut self) {
        self.string.vec.drain(self.range.clone());
    }
}

impl<S: MemorySource, M: Mode> fmt::Debug for StringDrain<'_, '_, S, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StringDrain").field(&self.as_str()).finish()
    }
}
