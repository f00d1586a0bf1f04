//! Port of bump-scope `tests/alloc_iter.rs`: `alloc_iter` and `alloc_iter_mut` are both
//! `arena.alloc_iter` (no `&mut` needed); `alloc_iter_mut_rev` has no counterpart (arenakit
//! bumps upward only), so `three_mut_rev` and the `_rev` calls are not ported.

use super::round8;
use arenakit::Arena;

/// An iterator that hides its length (`size_hint` is `(0, None)`), so the collection cannot
/// reserve the right capacity up front.
struct SuppressHints<T>(T);

impl<T: Iterator> Iterator for SuppressHints<T> {
    type Item = T::Item;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

/// bump-scope tests/alloc_iter.rs: zst
#[test]
fn zst() {
    let arena = Arena::new();
    assert_eq!(arena.alloc_iter([[0u8; 0]; 10]).len(), 10);
    assert_eq!(arena.alloc_iter([[0u16; 0]; 10]).len(), 10);
    assert_eq!(arena.alloc_iter([[0u32; 0]; 10]).len(), 10);
    assert_eq!(arena.alloc_iter([[0u64; 0]; 10]).len(), 10);
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/alloc_iter.rs: empty
#[test]
fn empty() {
    let arena = Arena::new();
    assert!(arena.alloc_iter(core::iter::empty::<u8>()).is_empty());
    assert!(arena.alloc_iter(core::iter::empty::<u16>()).is_empty());
    assert!(arena.alloc_iter(core::iter::empty::<u32>()).is_empty());
    assert!(arena.alloc_iter(core::iter::empty::<u64>()).is_empty());
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/alloc_iter.rs: three
///
/// Also ports `three_mut`. The buffer the items are collected in is given back, so only the
/// slice stays: 12 bytes, rounded up to 16.
#[test]
fn three() {
    let arena = Arena::new();
    let slice = arena.alloc_iter(SuppressHints([1, 2, 3].into_iter()));
    assert_eq!(slice, [1, 2, 3]);
    assert_eq!(arena.stats().used, round8(3 * 4));
}
