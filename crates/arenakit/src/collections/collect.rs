//! [`FromIteratorIn`] and [`CollectIn`]: `collect` into arena collections.

use super::vec_ext::ArenaVecExt;
use super::{HashMap, HashSet, IntoBumpSlice, String, Vec, map_reserve_error};
use crate::ArenaBox;
use crate::arena::{Arena, Local, Mode};
use crate::error::{AllocError, unwrap_or_panic};
use crate::source::{Heap, MemorySource};
use core::hash::{BuildHasher, Hash};

/// Building a collection in an arena from an iterator: the arena counterpart of
/// [`FromIterator`] (bumpalo's `FromIteratorIn`), usually called through
/// [`CollectIn::collect_in`].
///
/// Implemented for arena [`Vec`]s, [`String`]s (from `char`s and `&str`s), [`HashMap`]s and
/// [`HashSet`]s (any `BuildHasher + Default` hasher), frozen slices (`&'a mut [T]`, `&'a [T]`,
/// for element types without drop glue, as [`IntoBumpSlice`]) and strs (`&'a mut str`,
/// `&'a str`), owning boxes ([`ArenaBox<[T]>`](ArenaBox), [`ArenaBox<str>`](ArenaBox)), and
/// `Option<C>` / `Result<C, E>` of any of them, which stop at the first `None` / `Err` as
/// std's do.
///
/// [`try_from_iter_in`](FromIteratorIn::try_from_iter_in) is the one implementation; it
/// never panics on allocation failure (the items collected so far and the rest of the
/// iterator are dropped then). [`from_iter_in`](FromIteratorIn::from_iter_in) panics instead.
///
/// # Examples
///
/// ```
/// use arenakit::collections::{FromIteratorIn, Vec};
///
/// let arena = arenakit::Arena::new();
/// let v = Vec::from_iter_in((1..=3).rev(), &arena);
/// assert_eq!(v, [3, 2, 1]);
/// ```
///
/// A frozen slice never drops its elements, so one of a type with drop glue does not
/// compile:
///
/// ```compile_fail,E0080
/// use arenakit::prelude::*;
///
/// let arena = arenakit::Arena::new();
/// let names: &[String] = ["would leak".to_string()].into_iter().collect_in(&arena);
/// ```
pub trait FromIteratorIn<'a, T, S: MemorySource = Heap, M: Mode = Local>: Sized {
    /// The collection of the items of `iter`, in `arena`.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::{FromIteratorIn, String};
    ///
    /// let arena = arenakit::Arena::new();
    /// let s = String::from_iter_in(['h', 'i'], &arena);
    /// assert_eq!(s, "hi");
    /// ```
    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = T>>(iter: I, arena: &'a Arena<S, M>) -> Self {
        unwrap_or_panic(Self::try_from_iter_in(iter, arena))
    }

    /// Like [`from_iter_in`](FromIteratorIn::from_iter_in), returning an error instead of
    /// panicking when the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::collections::{FromIteratorIn, Vec};
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// assert!(Vec::try_from_iter_in(0..10u64, &arena).is_ok());
    /// assert!(Vec::try_from_iter_in(0..1_000_000u64, &arena).is_err());
    /// ```
    fn try_from_iter_in<I: IntoIterator<Item = T>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError>;
}

/// `collect_in` and `try_collect_in` for every iterator (bumpalo's `CollectIn`).
///
/// The arena's source and mode are parameters of the trait, not of the methods, so the
/// target collection can be named alone: `iter.collect_in::<Vec<_>>(&arena)`.
///
/// # Examples
///
/// ```
/// use arenakit::prelude::*;
/// use arenakit::collections::{HashMap, String, Vec};
///
/// let arena = arenakit::Arena::new();
/// let squares: Vec<u32> = (1..=4).map(|x| x * x).collect_in(&arena);
/// assert_eq!(squares, [1, 4, 9, 16]);
/// let upper = "shout".chars().map(|c| c.to_ascii_uppercase()).collect_in::<String>(&arena);
/// assert_eq!(upper, "SHOUT");
/// let lengths: HashMap<&str, usize> = ["a", "bb"].iter().map(|w| (*w, w.len())).collect_in(&arena);
/// assert_eq!(lengths["bb"], 2);
/// let parsed: Result<Vec<i32>, _> = ["1", "x", "3"].iter().map(|s| s.parse::<i32>()).collect_in(&arena);
/// assert!(parsed.is_err());
///
/// // A thread-safe arena works the same (its collections name its mode).
/// let shared = arenakit::SyncArena::new();
/// let v: allocator_api2::vec::Vec<u8, _> = (0..3).collect_in(&shared);
/// assert_eq!(v, [0, 1, 2]);
/// ```
pub trait CollectIn<'a, S: MemorySource = Heap, M: Mode = Local>: Iterator + Sized {
    /// Collects the items into a `C` in `arena`, as [`Iterator::collect`] does on the heap.
    ///
    /// # Panics
    ///
    /// If the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let words: &[&str] = "a b c".split(' ').collect_in(&arena);
    /// assert_eq!(words, ["a", "b", "c"]);
    /// ```
    #[track_caller]
    fn collect_in<C: FromIteratorIn<'a, Self::Item, S, M>>(self, arena: &'a Arena<S, M>) -> C {
        C::from_iter_in(self, arena)
    }

    /// Like [`collect_in`](CollectIn::collect_in), returning an error instead of panicking
    /// when the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// use arenakit::collections::Vec;
    /// use arenakit::AllocErrorKind;
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// let small = (0..100u32).try_collect_in::<Vec<_>>(&arena).unwrap();
    /// assert_eq!(small.len(), 100);
    /// let err = (0..1_000_000u32).try_collect_in::<Vec<_>>(&arena).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    /// ```
    fn try_collect_in<C: FromIteratorIn<'a, Self::Item, S, M>>(
        self,
        arena: &'a Arena<S, M>,
    ) -> Result<C, AllocError> {
        C::try_from_iter_in(self, arena)
    }
}

impl<'a, I: Iterator, S: MemorySource, M: Mode> CollectIn<'a, S, M> for I {}

impl<'a, T, S: MemorySource, M: Mode> FromIteratorIn<'a, T, S, M> for Vec<'a, T, S, M> {
    fn try_from_iter_in<I: IntoIterator<Item = T>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        let iter = iter.into_iter();
        // An iterator that knows its length gets exactly the room it needs.
        let mut vec = match iter.size_hint() {
            (lower, Some(upper)) if lower == upper => arena.try_vec_with_capacity(lower)?,
            _ => Vec::new_in(arena),
        };
        vec.try_extend(iter)?;
        Ok(vec)
    }
}

impl<'a, S: MemorySource, M: Mode> FromIteratorIn<'a, char, S, M> for String<'a, S, M> {
    fn try_from_iter_in<I: IntoIterator<Item = char>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        let mut string = String::new_in(arena);
        string.try_extend_chars(iter)?;
        Ok(string)
    }
}

impl<'a, 's, S: MemorySource, M: Mode> FromIteratorIn<'a, &'s str, S, M> for String<'a, S, M> {
    fn try_from_iter_in<I: IntoIterator<Item = &'s str>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        let mut string = String::new_in(arena);
        string.try_extend_strs(iter)?;
        Ok(string)
    }
}

/// What [`try_fill`] needs of a hash table: hashbrown's maps and sets share no trait.
trait Table<T> {
    fn len(&self) -> usize;
    fn capacity(&self) -> usize;
    fn try_reserve(&mut self, additional: usize) -> Result<(), hashbrown::TryReserveError>;
    /// Inserts `item`; never allocates when `len() < capacity()`.
    fn insert(&mut self, item: T);
}

impl<K: Eq + Hash, V, H: BuildHasher, S: MemorySource, M: Mode> Table<(K, V)>
    for HashMap<'_, K, V, S, M, H>
{
    fn len(&self) -> usize {
        self.len()
    }
    fn capacity(&self) -> usize {
        self.capacity()
    }
    fn try_reserve(&mut self, additional: usize) -> Result<(), hashbrown::TryReserveError> {
        self.try_reserve(additional)
    }
    fn insert(&mut self, (key, value): (K, V)) {
        self.insert(key, value);
    }
}

impl<T: Eq + Hash, H: BuildHasher, S: MemorySource, M: Mode> Table<T> for HashSet<'_, T, S, M, H> {
    fn len(&self) -> usize {
        self.len()
    }
    fn capacity(&self) -> usize {
        self.capacity()
    }
    fn try_reserve(&mut self, additional: usize) -> Result<(), hashbrown::TryReserveError> {
        self.try_reserve(additional)
    }
    fn insert(&mut self, item: T) {
        self.insert(item);
    }
}

/// Inserts every item of `iter` into `table`, making room first (the iterator's lower size
/// bound up front, then amortized growth) so that no insert allocates.
fn try_fill<T, S: MemorySource, M: Mode>(
    table: &mut impl Table<T>,
    iter: impl IntoIterator<Item = T>,
    arena: &Arena<S, M>,
) -> Result<(), AllocError> {
    let reserve = |table: &mut _, additional| {
        Table::try_reserve(table, additional).map_err(|e| map_reserve_error(arena, e))
    };
    let mut iter = iter.into_iter();
    reserve(table, iter.size_hint().0)?;
    while let Some(item) = iter.next() {
        if table.len() == table.capacity() {
            reserve(table, iter.size_hint().0.saturating_add(1))?;
        }
        table.insert(item);
    }
    Ok(())
}

impl<'a, K, V, H, S, M> FromIteratorIn<'a, (K, V), S, M> for HashMap<'a, K, V, S, M, H>
where
    K: Eq + Hash,
    H: BuildHasher + Default,
    S: MemorySource,
    M: Mode,
{
    fn try_from_iter_in<I: IntoIterator<Item = (K, V)>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        let mut map = HashMap::with_hasher_in(H::default(), arena);
        try_fill(&mut map, iter, arena)?;
        Ok(map)
    }
}

impl<'a, T, H, S, M> FromIteratorIn<'a, T, S, M> for HashSet<'a, T, S, M, H>
where
    T: Eq + Hash,
    H: BuildHasher + Default,
    S: MemorySource,
    M: Mode,
{
    fn try_from_iter_in<I: IntoIterator<Item = T>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        let mut set = HashSet::with_hasher_in(H::default(), arena);
        try_fill(&mut set, iter, arena)?;
        Ok(set)
    }
}

impl<'a, T, S: MemorySource, M: Mode> FromIteratorIn<'a, T, S, M> for &'a mut [T] {
    fn try_from_iter_in<I: IntoIterator<Item = T>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        Ok(Vec::try_from_iter_in(iter, arena)?.into_bump_slice())
    }
}

impl<'a, T, S: MemorySource, M: Mode> FromIteratorIn<'a, T, S, M> for &'a [T] {
    fn try_from_iter_in<I: IntoIterator<Item = T>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        Ok(<&mut [T]>::try_from_iter_in(iter, arena)?)
    }
}

/// `FromIteratorIn` for the types an arena [`String`] turns into (by the method named):
/// collected as the string, then converted.
macro_rules! from_string {
    ($($(#[$attr:meta])* $target:ty => $convert:ident;)*) => {$(
        $(#[$attr])*
        impl<'a, T, S: MemorySource + 'a, M: Mode> FromIteratorIn<'a, T, S, M> for $target
        where
            String<'a, S, M>: FromIteratorIn<'a, T, S, M>,
        {
            fn try_from_iter_in<I: IntoIterator<Item = T>>(
                iter: I,
                arena: &'a Arena<S, M>,
            ) -> Result<Self, AllocError> {
                Ok(String::try_from_iter_in(iter, arena)?.$convert())
            }
        }
    )*};
}

from_string! {
    &'a mut str => into_str;
    &'a str => into_str;
    /// A string box, from `char`s or `&str`s (as an arena [`String`], then
    /// [`into_boxed_str`](String::into_boxed_str)).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::ArenaBox;
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let word: ArenaBox<'_, str> = ["ab", "cd"].into_iter().collect_in(&arena);
    /// assert_eq!(&*word, "abcd");
    /// ```
    ArenaBox<'a, str, S, M> => into_boxed_str;
}

/// A slice box (bumpalo's `FromIteratorIn` for `Box<[T]>`): the items collected in an arena
/// [`Vec`], whose buffer, shrunk to fit, becomes the box's block.
///
/// # Examples
///
/// ```
/// use arenakit::ArenaBox;
/// use arenakit::prelude::*;
///
/// let arena = arenakit::Arena::new();
/// let names: ArenaBox<'_, [String]> = (1..=3).map(|i| format!("#{i}")).collect_in(&arena);
/// assert_eq!(&*names, ["#1", "#2", "#3"]);
/// ```
impl<'a, T, S: MemorySource, M: Mode> FromIteratorIn<'a, T, S, M> for ArenaBox<'a, [T], S, M> {
    fn try_from_iter_in<I: IntoIterator<Item = T>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        Ok(ArenaBox::from_vec(Vec::try_from_iter_in(iter, arena)?))
    }
}

/// Yields the `Ok` values of an iterator of results until the first `Err`, which it keeps.
struct Shunt<'e, I, E> {
    iter: I,
    error: &'e mut Option<E>,
}

impl<T, E, I: Iterator<Item = Result<T, E>>> Iterator for Shunt<'_, I, E> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.error.is_some() {
            return None;
        }
        match self.iter.next()? {
            Ok(value) => Some(value),
            Err(error) => {
                *self.error = Some(error);
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self.error {
            Some(_) => (0, Some(0)),
            // It may stop at any item.
            None => (0, self.iter.size_hint().1),
        }
    }
}

impl<'a, T, E, C, S, M> FromIteratorIn<'a, Result<T, E>, S, M> for Result<C, E>
where
    C: FromIteratorIn<'a, T, S, M>,
    S: MemorySource,
    M: Mode,
{
    fn try_from_iter_in<I: IntoIterator<Item = Result<T, E>>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        let mut error = None;
        let shunt = Shunt {
            iter: iter.into_iter(),
            error: &mut error,
        };
        let collection = C::try_from_iter_in(shunt, arena)?;
        Ok(match error {
            Some(error) => Err(error),
            None => Ok(collection),
        })
    }
}

impl<'a, T, C, S, M> FromIteratorIn<'a, Option<T>, S, M> for Option<C>
where
    C: FromIteratorIn<'a, T, S, M>,
    S: MemorySource,
    M: Mode,
{
    fn try_from_iter_in<I: IntoIterator<Item = Option<T>>>(
        iter: I,
        arena: &'a Arena<S, M>,
    ) -> Result<Self, AllocError> {
        let results = iter.into_iter().map(|item| item.ok_or(()));
        Ok(Result::<C, ()>::try_from_iter_in(results, arena)?.ok())
    }
}
