//! The trait impls of [`String`].

use super::String;
use crate::arena::Mode;
use crate::error::unwrap_or_panic;
use crate::source::MemorySource;
use alloc::borrow::Cow;
use core::borrow::{Borrow, BorrowMut};
use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::{Add, AddAssign, Deref, DerefMut};

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

/// Appending through `write!`; like std's, never returns an error.
///
/// # Panics
///
/// If the arena cannot provide the memory (use [`String::try_from_fmt_in`] or
/// `arenakit::format!(try in ...)` to get the error instead).
impl<S: MemorySource, M: Mode> fmt::Write for String<'_, S, M> {
    #[track_caller]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }

    #[track_caller]
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
    /// A copy in the same arena, with capacity for its length.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    #[track_caller]
    fn clone(&self) -> Self {
        unwrap_or_panic(self.try_clone())
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

impl<S: MemorySource, M: Mode> PartialEq<alloc::string::String> for String<'_, S, M> {
    fn eq(&self, other: &alloc::string::String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<S: MemorySource, M: Mode> PartialEq<String<'_, S, M>> for alloc::string::String {
    fn eq(&self, other: &String<'_, S, M>) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<S: MemorySource, M: Mode> PartialEq<Cow<'_, str>> for String<'_, S, M> {
    fn eq(&self, other: &Cow<'_, str>) -> bool {
        self.as_str() == &**other
    }
}

impl<S: MemorySource, M: Mode> PartialEq<String<'_, S, M>> for Cow<'_, str> {
    fn eq(&self, other: &String<'_, S, M>) -> bool {
        &**self == other.as_str()
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

impl<S: MemorySource, M: Mode> Extend<char> for String<'_, S, M> {
    #[track_caller]
    fn extend<I: IntoIterator<Item = char>>(&mut self, iter: I) {
        unwrap_or_panic(self.try_extend_chars(iter));
    }
}

impl<'c, S: MemorySource, M: Mode> Extend<&'c char> for String<'_, S, M> {
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'c char>>(&mut self, iter: I) {
        unwrap_or_panic(self.try_extend_chars(iter.into_iter().copied()));
    }
}

impl<'s, S: MemorySource, M: Mode> Extend<&'s str> for String<'_, S, M> {
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'s str>>(&mut self, iter: I) {
        unwrap_or_panic(self.try_extend_strs(iter));
    }
}

impl<'b, S: MemorySource, M: Mode, S2: MemorySource, M2: Mode> Extend<String<'b, S2, M2>>
    for String<'_, S, M>
{
    #[track_caller]
    fn extend<I: IntoIterator<Item = String<'b, S2, M2>>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(&s));
    }
}

impl<S: MemorySource, M: Mode> Extend<alloc::string::String> for String<'_, S, M> {
    #[track_caller]
    fn extend<I: IntoIterator<Item = alloc::string::String>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(&s));
    }
}

impl<'s, S: MemorySource, M: Mode> Extend<Cow<'s, str>> for String<'_, S, M> {
    #[track_caller]
    fn extend<I: IntoIterator<Item = Cow<'s, str>>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(&s));
    }
}

impl<S: MemorySource, M: Mode> AddAssign<&str> for String<'_, S, M> {
    /// Appends the string: `s += "tail"` is `s.push_str("tail")`.
    #[track_caller]
    fn add_assign(&mut self, rhs: &str) {
        self.push_str(rhs);
    }
}

impl<S: MemorySource, M: Mode> Add<&str> for String<'_, S, M> {
    type Output = Self;

    /// Appends the string and returns `self`: `s + "tail"`.
    #[track_caller]
    fn add(mut self, rhs: &str) -> Self {
        self.push_str(rhs);
        self
    }
}

#[cfg(feature = "serde")]
impl<S: MemorySource, M: Mode> serde::Serialize for String<'_, S, M> {
    fn serialize<Ser: serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.serialize_str(self.as_str())
    }
}
