//! Destructors: `alloc_owned` values are dropped exactly once, newest first, at reset and at
//! arena drop, also when allocation fails or a destructor or constructor panics;
//! `alloc_no_drop` and uninitialised slots are never dropped.

use crate::common::{CountingSource, DropCounter, DropLog, Tracked, addr};
use arenakit::{AllocErrorKind, Arena};
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Registers ids `ids` with `arena`, in order, each in a differently shaped owner.
fn register(arena: &Arena<impl arenakit::source::MemorySource>, log: &DropLog, ids: &[u32]) {
    for &id in ids {
        match id % 4 {
            0 => assert_eq!(arena.alloc_owned(log.tracked(id)).id, id),
            1 => assert_eq!(arena.alloc_owned(Box::new(log.tracked(id))).id, id),
            2 => assert_eq!(
                arena.alloc_owned((7u8, log.tracked(id), [0u64; 20])).1.id,
                id
            ),
            _ => assert_eq!(arena.alloc_owned(vec![log.tracked(id)])[0].id, id),
        }
    }
}

/// Owned values are dropped at reset, newest first, and those of the next round at arena
/// drop; each exactly once, across many small chunks.
#[test]
fn owned_values_drop_once_newest_first() {
    let log = DropLog::default();
    let mut arena = Arena::builder().chunk_size(256).build();
    let first: Vec<u32> = (1..=50).collect();
    register(&arena, &log, &first);
    assert_eq!(log.len(), 0, "dropped before reset");
    arena.reset();
    let newest_first: Vec<u32> = first.iter().rev().copied().collect();
    assert_eq!(log.order(), newest_first);
    arena.reset();
    assert_eq!(log.len(), 50, "a second reset dropped something again");
    register(&arena, &log, &[100, 101, 102]);
    drop(arena);
    assert_eq!(log.order()[50..], [102, 101, 100]);
}

/// Owned values keep their contents until reset, however much is allocated after them.
#[test]
fn owned_values_stay_intact_until_reset() {
    let mut arena = Arena::builder().chunk_size(512).build();
    let text = arena.alloc_owned(String::from("still here"));
    let numbers = arena.alloc_owned((0..1000).collect::<Vec<u32>>());
    for i in 0..5000u64 {
        arena.alloc([i; 4]);
    }
    assert_eq!(text, "still here");
    assert_eq!(numbers.iter().sum::<u32>(), 499_500);
    arena.reset();
}

/// Over-aligned and large (dedicated-chunk) owned values are aligned and dropped.
#[test]
fn owned_values_of_any_shape() {
    #[repr(align(4096))]
    struct Page(Tracked);
    struct Big(Tracked, [u8; 100_000]);
    let log = DropLog::default();
    let arena = Arena::new();
    let page = arena.alloc_owned(Page(log.tracked(1)));
    assert_eq!((addr(page) % 4096, page.0.id), (0, 1));
    let big = arena.alloc_owned(Big(log.tracked(2), [9; 100_000]));
    assert_eq!((big.0.id, big.1[99_999]), (2, 9));
    assert_eq!(arena.stats().dedicated_chunks, 1, "the 100 000-byte value");
    drop(arena);
    assert_eq!(log.order(), [2, 1]);
}

/// With `zero_on_reset(true)` destructors still see intact values.
#[test]
fn zero_on_reset_runs_destructors_on_intact_values() {
    let log = DropLog::default();
    let mut arena = Arena::builder().zero_on_reset(true).build();
    register(&arena, &log, &[1, 2, 3, 4]);
    arena.reset_zeroed();
    register(&arena, &log, &[5, 6]);
    arena.reset();
    assert_eq!(log.order(), [4, 3, 2, 1, 6, 5]);
}

/// A failed `try_alloc_owned` drops the value before returning, exactly once.
#[test]
fn failed_try_alloc_owned_drops_value_once() {
    let log = DropLog::default();
    let arena = Arena::builder().limit(0).build();
    let err = arena.try_alloc_owned(log.tracked(1)).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_eq!(log.order(), [1]);
    let failing = Arena::builder()
        .source(CountingSource::failing_after(0))
        .build();
    let err = failing.try_alloc_owned(log.tracked(2)).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SourceExhausted);
    assert_eq!(log.order(), [1, 2]);
    drop((arena, failing));
    assert_eq!(
        log.order(),
        [1, 2],
        "a failed value was dropped again with the arena"
    );
}

/// A failed `alloc_owned` drops the value once, then panics; the arena stays usable.
#[test]
fn failed_alloc_owned_drops_value_then_panics() {
    let log = DropLog::default();
    let arena = Arena::builder().limit(0).build();
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_owned(log.tracked(1));
    }));
    assert!(result.is_err());
    assert_eq!(log.order(), [1]);
    assert!(arena.try_alloc(1u8).is_err());
    drop(arena);
    assert_eq!(log.order(), [1]);
}

/// A destructor panicking during reset does not stop the others; the arena stays usable and
/// later values are dropped once, the failed round's values never again.
#[test]
fn panicking_destructor_during_reset() {
    let log = DropLog::default();
    let mut arena = Arena::new();
    arena.alloc_owned(log.tracked(1));
    arena.alloc_owned(log.panicking(2));
    arena.alloc_owned(log.tracked(3));
    let result = catch_unwind(AssertUnwindSafe(|| arena.reset()));
    assert!(result.is_err(), "the destructor's panic was swallowed");
    assert_eq!(log.order(), [3, 2, 1]);
    assert_eq!(*arena.alloc(5u32), 5);
    arena.alloc_owned(log.tracked(4));
    arena.reset();
    assert_eq!(log.order(), [3, 2, 1, 4]);
    assert_eq!(arena.stats().used, 0);
    arena.alloc_owned(log.tracked(5));
    drop(arena);
    assert_eq!(log.order(), [3, 2, 1, 4, 5]);
}

/// A destructor panicking during arena drop does not stop the others, and every chunk still
/// goes back to the source.
#[test]
fn panicking_destructor_during_arena_drop() {
    let log = DropLog::default();
    let source = CountingSource::new();
    let chunks = source.log();
    let arena = Arena::builder().source(source).chunk_size(256).build();
    register(&arena, &log, &[1, 2]);
    arena.alloc_owned(log.panicking(3));
    register(&arena, &log, &[4, 5]);
    assert!(chunks.live_chunks() > 1);
    let result = catch_unwind(AssertUnwindSafe(move || drop(arena)));
    assert!(result.is_err());
    assert_eq!(log.order(), [5, 4, 3, 2, 1]);
    assert_eq!(chunks.live_chunks(), 0, "chunks leaked by a panicking drop");
}

/// A panicking `alloc_with` closure leaks nothing (its captures drop once) and the arena
/// stays usable.
#[test]
fn alloc_with_panicking_closure() {
    let counter = DropCounter::default();
    let mut arena = Arena::new();
    let before = arena.alloc(1u64) as *mut u64;
    let token = counter.token();
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_with(move || -> [u64; 4] {
            let _held = token;
            panic!("constructor fails");
        });
    }));
    assert!(result.is_err());
    assert_eq!(counter.get(), 1);
    let after = arena.alloc(2u64);
    assert!(addr(after) > addr(before));
    assert_eq!(*after, 2);
    arena.reset();
    assert_eq!(arena.stats().used, 0);
    assert_eq!(counter.get(), 1);
}

/// An `alloc_slice_fill_with` closure panicking mid-way stops the fill after the elements
/// made so far; the captures drop once and the arena stays usable.
#[test]
fn alloc_slice_fill_with_panicking_midway() {
    let counter = DropCounter::default();
    let calls = Cell::new(0);
    let mut arena = Arena::new();
    let token = counter.token();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let _held = token;
        arena.alloc_slice_fill_with(100, |i| {
            calls.set(calls.get() + 1);
            assert!(i < 5, "element {i} fails");
            i as u64
        });
    }));
    assert!(result.is_err());
    assert_eq!((calls.get(), counter.get()), (6, 1));
    assert_eq!(arena.alloc_slice_fill_with(3, |i| i as u8), &[0, 1, 2]);
    arena.reset();
    assert_eq!(arena.stats().used, 0);
}

/// `alloc_no_drop` values and uninitialised slots written by hand are never dropped, at
/// reset or at arena drop.
#[test]
fn no_drop_and_uninit_values_never_drop() {
    struct Noisy<'c>(&'c Cell<u32>);
    impl Drop for Noisy<'_> {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }
    let drops = Cell::new(0);
    let mut arena = Arena::new();
    for _ in 0..3 {
        arena.alloc_no_drop(Noisy(&drops));
        arena
            .try_alloc_no_drop([Noisy(&drops), Noisy(&drops)])
            .unwrap();
        arena.alloc_uninit::<Noisy>().write(Noisy(&drops));
        arena.alloc_uninit_slice::<Noisy>(2)[1].write(Noisy(&drops));
        arena.reset();
    }
    arena.alloc_no_drop(Noisy(&drops));
    drop(arena);
    assert_eq!(drops.get(), 0);
}
