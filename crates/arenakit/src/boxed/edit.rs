//! The length-changing methods of a box of a slice (bump-scope's `BumpBox<[T]>`): `pop`,
//! `truncate`, `remove`, `retain`, `dedup`, ... They lend the elements to an arena `Vec` for
//! the edit ([`ArenaBox::edit`]), so a panicking destructor or closure leaves the box with the
//! elements the `Vec` kept and drops every other one once; the box shrinks in place (see
//! [`vec_view`](super::vec_view)).

use super::ArenaBox;
use crate::arena::Mode;
use crate::source::MemorySource;

impl<T, S: MemorySource, M: Mode> ArenaBox<'_, [T], S, M> {
    /// Removes the last element and returns it, or `None` if the box is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2]);
    /// assert_eq!(b.pop(), Some(2));
    /// assert_eq!(*b, [1]);
    /// ```
    pub fn pop(&mut self) -> Option<T> {
        self.edit(|v| v.pop())
    }

    /// Drops every element; the block is freed at once.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_clone(&[String::from("a")]);
    /// b.clear();
    /// assert!(b.is_empty());
    /// assert_eq!(arena.stats().used, 0);
    /// ```
    pub fn clear(&mut self) {
        self.edit(|v| v.clear());
    }

    /// Keeps the first `len` elements and drops the others (nothing happens if there are
    /// no more than `len`).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2, 3]);
    /// b.truncate(1);
    /// assert_eq!(*b, [1]);
    /// ```
    pub fn truncate(&mut self, len: usize) {
        self.edit(|v| v.truncate(len));
    }

    /// Shortens the box to `new_len` elements without dropping the others.
    ///
    /// # Safety
    ///
    /// `new_len <= self.len()`; the elements from `new_len` on are no longer owned by the box:
    /// the caller has moved them out or lets them leak (they are not dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1u8, 2, 3]);
    /// // SAFETY: 1 <= 3, and `u8`s need no drop.
    /// unsafe { b.set_len(1) };
    /// assert_eq!(*b, [1]);
    /// ```
    pub unsafe fn set_len(&mut self, new_len: usize) {
        debug_assert!(new_len <= self.len());
        // SAFETY: `new_len` is within the initialised elements, and the caller gives up the
        // ones after it (forwarded contract).
        self.edit(|v| unsafe { v.set_len(new_len) });
    }

    /// Removes the element at `index` and returns it, shifting the ones after it down.
    ///
    /// # Panics
    ///
    /// If `index >= len`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2, 3]);
    /// assert_eq!(b.remove(0), 1);
    /// assert_eq!(*b, [2, 3]);
    /// ```
    #[track_caller]
    pub fn remove(&mut self, index: usize) -> T {
        let len = self.len();
        assert!(
            index < len,
            "removal index (is {index}) should be < len (is {len})"
        );
        self.edit(|v| v.remove(index))
    }

    /// Removes the element at `index` and returns it, moving the last element into its
    /// place (O(1), the order is not kept).
    ///
    /// # Panics
    ///
    /// If `index >= len`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2, 3]);
    /// assert_eq!(b.swap_remove(0), 1);
    /// assert_eq!(*b, [3, 2]);
    /// ```
    #[track_caller]
    pub fn swap_remove(&mut self, index: usize) -> T {
        let len = self.len();
        assert!(
            index < len,
            "swap_remove index (is {index}) should be < len (is {len})"
        );
        self.edit(|v| v.swap_remove(index))
    }

    /// Keeps the elements for which `keep` returns `true` (it may change them), in order,
    /// and drops the others. If `keep` panics, the box keeps the elements kept so far and
    /// those not examined yet.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 2, 3, 4]);
    /// b.retain(|x| {
    ///     *x *= 10;
    ///     *x > 15
    /// });
    /// assert_eq!(*b, [20, 30, 40]);
    /// ```
    pub fn retain(&mut self, keep: impl FnMut(&mut T) -> bool) {
        self.edit(|v| v.retain_mut(keep));
    }

    /// Removes consecutive equal elements, keeping the first of each run.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[1, 1, 2, 1]);
    /// b.dedup();
    /// assert_eq!(*b, [1, 2, 1]);
    /// ```
    pub fn dedup(&mut self)
    where
        T: PartialEq,
    {
        self.edit(|v| v.dedup());
    }

    /// Removes consecutive elements with equal keys, keeping the first of each run.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&[10, 11, 20, 19]);
    /// b.dedup_by_key(|x| *x / 10);
    /// assert_eq!(*b, [10, 20, 19]);
    /// ```
    pub fn dedup_by_key<K: PartialEq>(&mut self, key: impl FnMut(&mut T) -> K) {
        self.edit(|v| v.dedup_by_key(key));
    }

    /// Removes each element for which `same(element, previous_kept)` returns `true`.
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = arenakit::Arena::new();
    /// let mut b = arena.alloc_box_slice_copy(&["a", "A", "b"]);
    /// b.dedup_by(|x, y| x.eq_ignore_ascii_case(y));
    /// assert_eq!(*b, ["a", "b"]);
    /// ```
    pub fn dedup_by(&mut self, same: impl FnMut(&mut T, &mut T) -> bool) {
        self.edit(|v| v.dedup_by(same));
    }
}
