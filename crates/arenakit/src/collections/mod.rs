//! Std-like collections whose memory lives in an arena (the first seed's `Vector` and `Map`).
//!
//! | type | what it is |
//! |---|---|
//! | [`Vec<'a, T>`](Vec) | `allocator_api2::vec::Vec<T, &'a Arena>`: the whole std `Vec` API |
//! | [`String<'a>`](String) | a UTF-8 string over an arena `Vec<u8>` (allocator-api2 has none) |
//! | [`FixedVec<'a, T>`](FixedVec), [`FixedString<'a>`](FixedString) | a `Vec` or `String` whose buffer never grows: a push that does not fit fails |
//! | [`HashMap<'a, K, V>`](HashMap) | `hashbrown::HashMap` in the arena (SwissTable, foldhash) |
//! | [`HashSet<'a, T>`](HashSet) | `hashbrown::HashSet` in the arena |
//!
//! Growing the newest allocation happens in place and freeing memory gives it back to the
//! arena: a block at the end of the current chunk is rolled back, and a chunk whose blocks
//! were all freed returns to the chunk free list (see [`ArenaBox`](crate::ArenaBox) and the
//! `Allocator` impl). The seed's extra methods (`add_if_absent`, `remove_item`, `index_of`,
//! `last_index_of`, `remove_by`, ...) come from the extension traits in [`crate::prelude`].
//!
//! Building a collection from an iterator: [`CollectIn::collect_in`] (and
//! [`try_collect_in`](CollectIn::try_collect_in), which returns an [`AllocError`] instead of
//! panicking) for every type implementing [`FromIteratorIn`]: the collections above, frozen
//! slices and strs, and `Option` or `Result` of any of them. Literals: the crate-root macros
//! [`vec!`](crate::vec) and [`format!`](crate::format).
//!
//! # Examples
//!
//! ```
//! use arenakit::prelude::*;
//! use arenakit::Arena;
//!
//! let arena = Arena::new();
//! let mut names = arena.vec();
//! names.push("b");
//! assert!(names.add_if_absent("a"));
//! assert!(!names.add_if_absent("b"));
//!
//! let mut counts = arena.map();
//! for name in &names {
//!     *counts.entry(*name).or_insert(0) += 1;
//! }
//! assert_eq!(counts["a"], 1);
//!
//! let frozen: &[&str] = names.into_bump_slice();
//! assert_eq!(frozen, ["b", "a"]);
//! ```

mod collect;
mod ext;
mod extract_if;
mod fixed_string;
mod fixed_vec;
mod macros;
mod string;
mod vec_ext;
mod vec_map;

pub use collect::{CollectIn, FromIteratorIn};
pub use ext::{HashMapExt, IntoBumpSlice, VecExt};
pub use extract_if::ExtractIf;
pub(crate) use extract_if::{Extraction, checked_range};
pub use fixed_string::FixedString;
pub use fixed_vec::FixedVec;
pub use string::{String, StringDrain};
pub use vec_ext::ArenaVecExt;
pub use vec_map::ArenaVecConvert;

use crate::arena::{Arena, Local, Mode};
use crate::error::{AllocError, unwrap_or_panic};
use crate::raw::RawOps;
use crate::source::{Heap, MemorySource};
use allocator_api2::collections::{TryReserveError, TryReserveErrorKind};

/// The hasher of the arena maps and sets: hashbrown's default (foldhash), fast and seeded.
pub type DefaultHashBuilder = hashbrown::DefaultHashBuilder;

/// A `Vec` whose buffer lives in an arena: the first seed's `Vector`.
///
/// All of std's `Vec` API (`push`, `extend`, `retain`, `drain`, slices, ...) via
/// [`allocator_api2::vec::Vec`]; the seed's extras via [`crate::prelude::VecExt`].
/// Elements are dropped when the `Vec` is, and its buffer goes back to the arena.
///
/// # Examples
///
/// ```
/// use arenakit::{Arena, collections::Vec};
///
/// let arena = Arena::new();
/// let mut v: Vec<u32> = Vec::with_capacity_in(4, &arena);
/// v.extend([3, 1, 2]);
/// v.sort();
/// assert_eq!(v, [1, 2, 3]);
/// ```
#[doc(alias = "Vector")]
pub type Vec<'a, T, S = Heap, M = Local> = allocator_api2::vec::Vec<T, &'a Arena<S, M>>;

/// A hash map whose table lives in an arena: the first seed's `Map`.
///
/// hashbrown's `HashMap` (the table behind std's): `insert`, `get`, `remove`, `entry`,
/// `iter`, `retain`, `clear`, ... The seed's `AddIfAbsent` is
/// [`HashMapExt::add_if_absent`].
///
/// # Examples
///
/// ```
/// use arenakit::{Arena, collections::HashMap};
///
/// let arena = Arena::new();
/// let mut ages: HashMap<&str, u32> = HashMap::with_hasher_in(Default::default(), &arena);
/// ages.insert("ada", 36);
/// assert_eq!(ages.get("ada"), Some(&36));
/// ```
#[doc(alias = "Map")]
pub type HashMap<'a, K, V, S = Heap, M = Local, H = DefaultHashBuilder> =
    hashbrown::HashMap<K, V, H, &'a Arena<S, M>>;

/// A hash set whose table lives in an arena.
///
/// # Examples
///
/// ```
/// let arena = arenakit::Arena::new();
/// let mut seen = arena.set();
/// assert!(seen.insert(7));
/// assert!(!seen.insert(7));
/// ```
pub type HashSet<'a, T, S = Heap, M = Local, H = DefaultHashBuilder> =
    hashbrown::HashSet<T, H, &'a Arena<S, M>>;

impl<S: MemorySource, M: Mode> Arena<S, M> {
    /// An empty [`Vec`] in this arena; allocates nothing until the first push.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.push(1u8);
    /// assert_eq!(v, [1]);
    /// ```
    #[doc(alias = "NewVector")]
    pub fn vec<T>(&self) -> Vec<'_, T, S, M> {
        Vec::new_in(self)
    }

    /// A [`Vec`] in this arena with room for `capacity` elements (the seeds' `NewVector` and
    /// `MakeSlice` with a capacity).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let v = arena.vec_with_capacity::<u64>(100);
    /// assert!(v.capacity() >= 100);
    /// ```
    #[track_caller]
    pub fn vec_with_capacity<T>(&self, capacity: usize) -> Vec<'_, T, S, M> {
        unwrap_or_panic(self.try_vec_with_capacity(capacity))
    }

    /// Like [`vec_with_capacity`](Self::vec_with_capacity), returning an error instead of
    /// panicking when the arena cannot provide the memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::AllocErrorKind;
    ///
    /// let arena = arenakit::Arena::builder().limit(64 * 1024).build();
    /// assert!(arena.try_vec_with_capacity::<u64>(100).unwrap().capacity() >= 100);
    /// let err = arena.try_vec_with_capacity::<u64>(1 << 20).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    /// ```
    pub fn try_vec_with_capacity<T>(
        &self,
        capacity: usize,
    ) -> Result<Vec<'_, T, S, M>, AllocError> {
        let mut vec = Vec::new_in(self);
        vec.try_reserve_exact(capacity)
            .map_err(|e| vec_reserve_error(self, e))?;
        Ok(vec)
    }

    /// An empty [`String`] in this arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use core::fmt::Write;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.string();
    /// write!(s, "{}-{}", 1, 2).unwrap();
    /// assert_eq!(s, "1-2");
    /// ```
    pub fn string(&self) -> String<'_, S, M> {
        String::new_in(self)
    }

    /// An empty [`HashMap`] in this arena.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut m = arena.map();
    /// m.insert("answer", 42);
    /// assert_eq!(m["answer"], 42);
    /// ```
    #[doc(alias = "NewMap")]
    pub fn map<K, V>(&self) -> HashMap<'_, K, V, S, M> {
        HashMap::with_hasher_in(DefaultHashBuilder::default(), self)
    }

    /// A [`HashMap`] in this arena with room for `capacity` entries.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let m = arena.map_with_capacity::<u32, u32>(1000);
    /// assert!(m.capacity() >= 1000);
    /// ```
    pub fn map_with_capacity<K, V>(&self, capacity: usize) -> HashMap<'_, K, V, S, M> {
        HashMap::with_capacity_and_hasher_in(capacity, DefaultHashBuilder::default(), self)
    }

    /// An empty [`HashSet`] in this arena.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut s = arena.set();
    /// s.insert("x");
    /// assert!(s.contains("x"));
    /// ```
    pub fn set<T>(&self) -> HashSet<'_, T, S, M> {
        HashSet::with_hasher_in(DefaultHashBuilder::default(), self)
    }
}

/// The arena's error for a failed `try_reserve` of an arena [`Vec`] (or [`String`]):
/// allocator-api2 only reports the layout it could not get.
pub(crate) fn vec_reserve_error<S: MemorySource, M: Mode>(
    arena: &Arena<S, M>,
    error: TryReserveError,
) -> AllocError {
    match error.kind() {
        TryReserveErrorKind::CapacityOverflow => AllocError::overflow(),
        TryReserveErrorKind::AllocError { layout, .. } => arena.raw().refusal(layout),
    }
}

/// The arena's error for a failed `try_reserve` of an arena [`HashMap`] or [`HashSet`]:
/// hashbrown only reports the layout it could not get.
pub(crate) fn map_reserve_error<S: MemorySource, M: Mode>(
    arena: &Arena<S, M>,
    error: hashbrown::TryReserveError,
) -> AllocError {
    match error {
        hashbrown::TryReserveError::CapacityOverflow => AllocError::overflow(),
        hashbrown::TryReserveError::AllocError { layout } => arena.raw().refusal(layout),
    }
}

/// Makes room in an arena vector for `additional` more elements (amortized growth), with the
/// arena's error on failure.
pub(crate) fn reserve<T, S: MemorySource, M: Mode>(
    vec: &mut Vec<'_, T, S, M>,
    additional: usize,
) -> Result<(), AllocError> {
    vec.try_reserve(additional)
        .map_err(|e| vec_reserve_error(vec.allocator(), e))
}
