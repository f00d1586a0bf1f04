//! Port of bump-scope `tests/bump_vec.rs`: `BumpVec` is the arena `Vec` (allocator-api2's
//! `Vec` over `&Arena`). Elements are `u64` where bump-scope's `i32`s would round to the
//! same 8-byte multiple before and after a shrink.
//!
//! Not ported: the `WithoutShrink`/`WithoutDealloc` and `borrow_with_settings` halves of
//! `shrinks` and `deallocates` (arenakit always shrinks and frees), `into_slice_without_shrink`
//! (`into_fixed_vec`: no fixed-capacity vector), and the ten `map_*` and `map_in_place_*`
//! tests (no `map`: `into_iter().map(f).collect_in(&arena)` fills a new buffer).

use super::round8;
use arenakit::arena::{Arena, Mode};
use arenakit::collections::Vec;
use arenakit::prelude::*;
use arenakit::source::MemorySource;

/// bump-scope tests/bump_vec.rs: shrinks
#[test]
fn shrinks() {
    let arena = arenakit::Arena::builder().chunk_size(512).build();
    let mut vec = arenakit::vec![in &arena; 1u64, 2, 3, 4];
    assert_eq!(arena.stats().used, 4 * 8);
    vec.pop();
    vec.shrink_to_fit();
    assert_eq!(arena.stats().used, 3 * 8);
    vec.clear();
    vec.shrink_to_fit();
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/bump_vec.rs: deallocates
#[test]
fn deallocates() {
    let arena = arenakit::Arena::new();
    let vec = arenakit::vec![in &arena; 1u64, 2, 3];
    assert_eq!(arena.stats().used, 3 * 8);
    drop(vec);
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/bump_vec.rs: into_slice
///
/// `into_bump_slice` gives back the unused capacity, as bump-scope's `into_slice` does.
#[test]
fn into_slice() {
    let arena = arenakit::Arena::new();
    let mut vec = arenakit::vec![in &arena; 1u64, 2, 3, 4, 5];
    assert_eq!(arena.stats().used, 5 * 8);
    vec.truncate(3);
    let slice = vec.into_bump_slice();
    assert_eq!(slice, [1, 2, 3]);
    assert_eq!(arena.stats().used, 3 * 8);
}

/// The strings of `range`, with an exact length.
fn numbers(range: core::ops::Range<i32>) -> impl ExactSizeIterator<Item = String> {
    range.map(|i| i.to_string())
}

/// bump-scope's `test` of `test_dyn_allocator`, for any arena: capacities and bytes used
/// through growth, shrinking, truncation and drop.
fn capacities_and_bytes<S: MemorySource, M: Mode>(arena: &Arena<S, M>) {
    const ITEM_SIZE: usize = size_of::<String>();
    let base = arena.stats().used;
    let used = || arena.stats().used - base;
    let mut vec: Vec<'_, String, S, M> = Vec::from_iter_in(numbers(1..4), arena);
    assert_eq!(vec, ["1", "2", "3"]);
    assert_eq!((vec.len(), vec.capacity()), (3, 3));
    assert_eq!(used(), 3 * ITEM_SIZE);
    vec.reserve_exact(4);
    assert_eq!((vec.len(), vec.capacity()), (3, 7));
    assert_eq!(used(), 7 * ITEM_SIZE);
    vec.shrink_to_fit();
    assert_eq!((vec.len(), vec.capacity()), (3, 3));
    assert_eq!(used(), 3 * ITEM_SIZE);
    vec.truncate(2);
    assert_eq!(vec, ["1", "2"]);
    assert_eq!((vec.len(), vec.capacity()), (2, 3));
    assert_eq!(used(), 3 * ITEM_SIZE);
    vec.shrink_to_fit();
    assert_eq!((vec.len(), vec.capacity()), (2, 2));
    assert_eq!(used(), 2 * ITEM_SIZE);
    vec.clear();
    vec.shrink_to_fit();
    assert_eq!((vec.len(), vec.capacity()), (0, 0));
    assert_eq!(used(), 0);
    drop(vec);

    let vec: Vec<'_, String, S, M> = Vec::from_iter_in(numbers(1..2), arena);
    assert_eq!((vec.len(), vec.capacity()), (1, 1));
    assert_eq!(used(), ITEM_SIZE);
    let boxed = vec.into_boxed_slice();
    assert_eq!(&*boxed, ["1"]);
    assert_eq!(used(), round8(ITEM_SIZE));
    drop(boxed);
    assert_eq!(used(), 0);
}

/// bump-scope tests/bump_vec.rs: test_dyn_allocator
///
/// Also ports `tests/test_mut_bump_vec.rs: test_dyn_allocator` (its `MutBumpVec` is the same
/// arena `Vec`, whose capacity counts as used from the start, where bump-scope's `Mut*`
/// vector bumps only at `into_boxed_slice`). bump-scope runs it over every allocator handle
/// and `dyn` allocator trait; arenakit over the arena kinds.
#[test]
fn test_dyn_allocator() {
    let mut arena = arenakit::Arena::new();
    capacities_and_bytes(&arena);
    arena.scope(|scope| capacities_and_bytes(scope.arena()));
    capacities_and_bytes(arena.scope_guard().scope());
    capacities_and_bytes(&arenakit::SyncArena::new());
    capacities_and_bytes(&arenakit::ArenaPool::new().get());
}
