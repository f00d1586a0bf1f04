//! The first seed's extra container methods, as extension traits (in [`crate::prelude`]).

use super::Vec;
use super::extract_if::ExtractIf;
use crate::arena::Mode;
use crate::source::MemorySource;
use allocator_api2::alloc::Allocator;
use core::hash::{BuildHasher, Hash};
use core::mem::needs_drop;
use core::ops::RangeBounds;

/// The first seed's `Vector` methods for vectors (arena or not).
///
/// Each method comparing elements has a `_by` twin taking an equality closure: the seed's
/// `Equatable`.
///
/// # Examples
///
/// ```
/// use arenakit::prelude::*;
///
/// let arena = arenakit::Arena::new();
/// let mut v = arena.vec();
/// v.extend([1, 2, 3, 2, 1]);
/// assert_eq!(v.index_of(&2), Some(1));
/// assert_eq!(v.last_index_of(&2), Some(3));
/// assert!(v.remove_item(&2));
/// assert_eq!(v, [1, 3, 2, 1]);
/// assert_eq!(v.remove_by(0, |_, &x| x == 1), 2);
/// assert_eq!(v, [3, 2]);
/// ```
pub trait VecExt<T> {
    /// The vector's allocator type (`&Arena` for an arena [`Vec`]).
    type Alloc: Allocator;

    /// Appends `value` unless an equal element is present; returns whether it appended.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// assert!(v.add_if_absent("a"));
    /// assert!(!v.add_if_absent("a"));
    /// assert_eq!(v.len(), 1);
    /// ```
    #[doc(alias = "AddIfAbsent")]
    fn add_if_absent(&mut self, value: T) -> bool
    where
        T: PartialEq,
    {
        self.add_if_absent_by(value, PartialEq::eq)
    }

    /// [`add_if_absent`](VecExt::add_if_absent) with `eq` deciding equality.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.push("Ada");
    /// assert!(!v.add_if_absent_by("ADA", |a, b| a.eq_ignore_ascii_case(b)));
    /// ```
    fn add_if_absent_by(&mut self, value: T, eq: impl FnMut(&T, &T) -> bool) -> bool;

    /// Removes the first element equal to `value`; returns whether one was found.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.extend([1, 2, 1]);
    /// assert!(v.remove_item(&1));
    /// assert_eq!(v, [2, 1]);
    /// assert!(!v.remove_item(&5));
    /// ```
    #[doc(alias = "Remove")]
    fn remove_item(&mut self, value: &T) -> bool
    where
        T: PartialEq,
    {
        self.remove_item_by(value, PartialEq::eq)
    }

    /// [`remove_item`](VecExt::remove_item) with `eq` deciding equality.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.extend([10, 21, 30]);
    /// assert!(v.remove_item_by(&1, |x, y| x % 10 == *y));
    /// assert_eq!(v, [10, 30]);
    /// ```
    fn remove_item_by(&mut self, value: &T, eq: impl FnMut(&T, &T) -> bool) -> bool;

    /// Index of the first element equal to `value` (the seed's `Index`, `None` for `-1`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.extend(['a', 'b', 'a']);
    /// assert_eq!(v.index_of(&'a'), Some(0));
    /// assert_eq!(v.index_of(&'z'), None);
    /// ```
    #[doc(alias = "Index")]
    fn index_of(&self, value: &T) -> Option<usize>
    where
        T: PartialEq,
    {
        self.index_of_by(value, PartialEq::eq)
    }

    /// [`index_of`](VecExt::index_of) with `eq` deciding equality.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.extend([1.0f64, 2.0]);
    /// assert_eq!(v.index_of_by(&2.0001, |a, b| (a - b).abs() < 0.01), Some(1));
    /// ```
    fn index_of_by(&self, value: &T, eq: impl FnMut(&T, &T) -> bool) -> Option<usize>;

    /// Index of the last element equal to `value` (the seed's `LastIndex`).
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.extend(['a', 'b', 'a']);
    /// assert_eq!(v.last_index_of(&'a'), Some(2));
    /// ```
    #[doc(alias = "LastIndex")]
    fn last_index_of(&self, value: &T) -> Option<usize>
    where
        T: PartialEq,
    {
        self.last_index_of_by(value, PartialEq::eq)
    }

    /// [`last_index_of`](VecExt::last_index_of) with `eq` deciding equality.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.extend(["x", "Y", "y"]);
    /// assert_eq!(v.last_index_of_by(&"y", |a, b| a.eq_ignore_ascii_case(b)), Some(2));
    /// ```
    fn last_index_of_by(&self, value: &T, eq: impl FnMut(&T, &T) -> bool) -> Option<usize>;

    /// Removes, in order, the first `limit` elements for which `pred(index, &element)` holds
    /// (`limit == 0`: all of them); `index` is the element's position before any removal.
    /// Returns how many were removed. The seed's `RemoveBy`.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec();
    /// v.extend(0..10);
    /// assert_eq!(v.remove_by(2, |_, x| x % 2 == 0), 2); // removes 0 and 2
    /// assert_eq!(v, [1, 3, 4, 5, 6, 7, 8, 9]);
    /// assert_eq!(v.remove_by(0, |i, _| i >= 6), 2); // removes the last two
    /// assert_eq!(v, [1, 3, 4, 5, 6, 7]);
    /// ```
    #[doc(alias = "RemoveBy")]
    fn remove_by(&mut self, limit: usize, pred: impl FnMut(usize, &T) -> bool) -> usize;

    /// Removes and returns the last element if `predicate` returns `true` for it (std's
    /// `Vec::pop_if`, which allocator-api2's `Vec` lacks); `None` if the vector is empty or
    /// the predicate returns `false`. The predicate may change the element it keeps.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut v = arenakit::vec![in &arena; 1, 2, 3, 4];
    /// assert_eq!(v.pop_if(|x| *x % 2 == 0), Some(4));
    /// assert_eq!(v.pop_if(|x| *x % 2 == 0), None);
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    fn pop_if(&mut self, predicate: impl FnOnce(&mut T) -> bool) -> Option<T>;

    /// An iterator that removes and yields, in order, the elements of `range` for which
    /// `filter` returns `true`, keeping the others in their order: std's `Vec::extract_if`
    /// (bumpalo's `drain_filter`), which allocator-api2's `Vec` lacks.
    ///
    /// Elements are examined only as the iterator is advanced: those it has not reached when
    /// it is dropped stay in the vector. If `filter` panics, the vector keeps every element
    /// not yet removed, the one `filter` panicked on included. See [`ExtractIf`] for a leaked
    /// iterator.
    ///
    /// # Panics
    ///
    /// If the range starts after it ends or ends after the vector's length.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    ///
    /// let arena = arenakit::Arena::new();
    /// let mut numbers = arena.vec();
    /// numbers.extend([1, 2, 3, 4, 5, 6, 8, 9, 11, 13, 14, 15]);
    /// let evens: Vec<i32> = numbers.extract_if(.., |x| *x % 2 == 0).collect();
    /// assert_eq!(evens, [2, 4, 6, 8, 14]);
    /// assert_eq!(numbers, [1, 3, 5, 9, 11, 13, 15]);
    ///
    /// // Only in a range, and the predicate may change the elements it keeps.
    /// let big: Vec<i32> = numbers.extract_if(1..4, |x| { *x += 1; *x > 9 }).collect();
    /// assert_eq!(big, [10]);
    /// assert_eq!(numbers, [1, 4, 6, 11, 13, 15]);
    /// ```
    #[doc(alias = "drain_filter")]
    fn extract_if<F, R>(&mut self, range: R, filter: F) -> ExtractIf<'_, T, Self::Alloc, F>
    where
        F: FnMut(&mut T) -> bool,
        R: RangeBounds<usize>;
}

impl<T, A: Allocator> VecExt<T> for allocator_api2::vec::Vec<T, A> {
    type Alloc = A;

    #[track_caller]
    fn extract_if<F, R>(&mut self, range: R, filter: F) -> ExtractIf<'_, T, A, F>
    where
        F: FnMut(&mut T) -> bool,
        R: RangeBounds<usize>,
    {
        ExtractIf::new(self, range, filter)
    }

    fn pop_if(&mut self, predicate: impl FnOnce(&mut T) -> bool) -> Option<T> {
        if predicate(self.last_mut()?) {
            self.pop()
        } else {
            None
        }
    }

    fn add_if_absent_by(&mut self, value: T, mut eq: impl FnMut(&T, &T) -> bool) -> bool {
        if self.iter().any(|x| eq(x, &value)) {
            return false;
        }
        self.push(value);
        true
    }

    fn remove_item_by(&mut self, value: &T, eq: impl FnMut(&T, &T) -> bool) -> bool {
        match self.index_of_by(value, eq) {
            Some(i) => {
                self.remove(i);
                true
            }
            None => false,
        }
    }

    fn index_of_by(&self, value: &T, mut eq: impl FnMut(&T, &T) -> bool) -> Option<usize> {
        self.iter().position(|x| eq(x, value))
    }

    fn last_index_of_by(&self, value: &T, mut eq: impl FnMut(&T, &T) -> bool) -> Option<usize> {
        self.iter().rposition(|x| eq(x, value))
    }

    fn remove_by(&mut self, limit: usize, mut pred: impl FnMut(usize, &T) -> bool) -> usize {
        let mut index = 0;
        let mut removed = 0;
        self.retain(|x| {
            let i = index;
            index += 1;
            let take = (limit == 0 || removed < limit) && pred(i, x);
            removed += usize::from(take);
            !take
        });
        removed
    }
}

/// Freezing an arena [`Vec`] into a plain arena slice.
///
/// # Examples
///
/// ```
/// use arenakit::prelude::*;
///
/// let arena = arenakit::Arena::new();
/// let mut v = arena.vec();
/// v.extend_from_slice(&[3, 1, 2]);
/// v.sort();
/// let frozen: &mut [i32] = v.into_bump_slice();
/// assert_eq!(frozen, [1, 2, 3]);
/// ```
pub trait IntoBumpSlice<'a, T> {
    /// Turns the vector into a slice that lives as long as the arena borrow; its memory stays
    /// allocated until reset (the unused capacity is given back first when possible).
    ///
    /// Like [`Arena::alloc`](crate::arena::Arena::alloc), takes only element types without drop glue
    /// (a slice never drops its elements); a `Vec<String>` is a compile error.
    ///
    /// # Examples
    ///
    /// ```
    /// use arenakit::prelude::*;
    /// let arena = arenakit::Arena::new();
    /// let mut v = arena.vec_with_capacity(100);
    /// v.push(1u8);
    /// assert_eq!(v.into_bump_slice().len(), 1);
    /// ```
    fn into_bump_slice(self) -> &'a mut [T];
}

impl<'a, T, S: MemorySource, M: Mode> IntoBumpSlice<'a, T> for Vec<'a, T, S, M> {
    fn into_bump_slice(self) -> &'a mut [T] {
        const {
            assert!(
                !needs_drop::<T>(),
                "arenakit: `into_bump_slice` takes only element types without drop glue, \
                 because a plain slice never drops its elements"
            )
        };
        leak_vec(self)
    }
}

/// Keeps a vector's elements in the arena for `'a` without ever dropping them, giving back its
/// unused capacity first (in place when it is the newest allocation).
pub(crate) fn leak_vec<'a, T, S: MemorySource, M: Mode>(mut vec: Vec<'a, T, S, M>) -> &'a mut [T] {
    vec.shrink_to_fit();
    vec.leak()
}

/// The first seed's `Map.AddIfAbsent` for hashbrown maps (arena or not).
///
/// # Examples
///
/// ```
/// use arenakit::prelude::*;
///
/// let arena = arenakit::Arena::new();
/// let mut m = arena.map();
/// assert!(m.add_if_absent("k", 1));
/// assert!(!m.add_if_absent("k", 2));
/// assert_eq!(m["k"], 1);
/// ```
pub trait HashMapExt<K, V> {
    /// Inserts `key -> value` unless `key` is present (then the map is unchanged and `value`
    /// is dropped); returns whether it inserted.
    #[doc(alias = "AddIfAbsent")]
    fn add_if_absent(&mut self, key: K, value: V) -> bool;
}

impl<K: Eq + Hash, V, H: BuildHasher, A: Allocator> HashMapExt<K, V>
    for hashbrown::HashMap<K, V, H, A>
{
    fn add_if_absent(&mut self, key: K, value: V) -> bool {
        match self.entry(key) {
            hashbrown::hash_map::Entry::Occupied(_) => false,
            hashbrown::hash_map::Entry::Vacant(slot) => {
                slot.insert(value);
                true
            }
        }
    }
}
