//! Port of bumpalo `tests/try_alloc.rs` (its own test binary with a global allocator that can
//! be told to return null): the `try_` methods fail cleanly when the memory behind the arena
//! fails, and succeed again once it recovers.
//!
//! arenakit takes its chunks from a `MemorySource`, so the port fails the arena's source (the
//! shared `CountingSource`) instead of the whole process's allocator, and needs neither a
//! custom `main` nor serial execution. bumpalo's random toggling becomes a fixed xorshift
//! sequence, with 500 rounds instead of 5000 (the suite runs under valgrind).

use crate::common::{CountingSource, SourceLog};
use arenakit::arena::Arena;
use arenakit::{AllocErrorKind, AllocOrInitError};
use core::alloc::Layout;
use std::sync::Arc;

type TestArena = Arena<CountingSource>;

/// A new arena over a healthy counting source, and the source's log.
fn new_arena() -> (TestArena, Arc<SourceLog>) {
    let source = CountingSource::new();
    let log = source.log();
    (Arena::builder().source(source).build(), log)
}

/// Makes the source refuse every request from now on (`true`) or serve them again.
fn set_failing(log: &SourceLog, failing: bool) {
    log.set_budget(failing.then(|| log.allocations()));
}

/// Asserts `result` failed because the source refused.
fn assert_source_refused<T>(result: Result<T, arenakit::AllocError>) {
    match result {
        Ok(_) => panic!("allocated with a failing source"),
        Err(err) => assert_eq!(err.kind(), AllocErrorKind::SourceExhausted),
    }
}

/// bumpalo tests/try_alloc.rs: "Bump::try_new fails when global allocator fails"
///
/// `Arena::new` never allocates, so it cannot fail; what `try_with_capacity` does (reserve a
/// chunk up front) is what fails, as does the first allocation.
#[test]
fn try_new_fails_when_source_fails() {
    let arena: TestArena = Arena::builder()
        .source(CountingSource::failing_after(0))
        .build();
    assert_source_refused(arena.try_reserve(1));
    assert_source_refused(arena.try_alloc(1u8));
    assert_eq!(arena.source().log().refusals(), 2);
    assert_eq!(arena.allocated_bytes_including_metadata(), 0);
}

/// A small deterministic pseudo-random sequence (xorshift).
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// bumpalo tests/try_alloc.rs: "test try_alloc_layout with and without global allocation
/// failures"
///
/// Each request is one byte more than the current chunk has left, so it needs the source.
#[test]
fn try_alloc_layout_with_and_without_source_failures() {
    const ROUNDS: usize = 500;
    const MAX_BYTES_HELD: usize = 1 << 20;

    let (mut arena, mut log) = new_arena();
    let mut state = 0x2545_f491_4f6c_dd1d;
    let mut failing = false;
    let (mut successes, mut failures) = (0, 0);
    for _ in 0..ROUNDS {
        if xorshift(&mut state).is_multiple_of(2) {
            failing = !failing;
            set_failing(&log, failing);
        }
        let layout = Layout::from_size_align(arena.chunk_capacity() + 1, 1).unwrap();
        let result = arena.try_alloc_layout(layout);
        if failing {
            assert_source_refused(result);
            failures += 1;
        } else {
            let ptr = result.unwrap();
            assert!(arena.contains(ptr.as_ptr()));
            successes += 1;
        }
        if arena.allocated_bytes_including_metadata() >= MAX_BYTES_HELD {
            (arena, log) = new_arena();
            set_failing(&log, failing);
        }
    }
    assert!(successes > ROUNDS / 4 && failures > ROUNDS / 4);
}

/// bumpalo's `test_static_size_alloc`: for a healthy and a failing source, fills a new arena's
/// first chunk to the brim (so the next allocation needs the source), then checks the
/// allocation with `ok` (healthy) or `err` (failing).
fn test_static_size_alloc(ok: fn(&TestArena), err: fn(&TestArena)) {
    for fail in [false, true] {
        let (arena, log) = new_arena();
        arena.alloc(0u8);
        arena.alloc_uninit_slice::<u8>(arena.chunk_capacity());
        assert_eq!(arena.chunk_capacity(), 0);

        set_failing(&log, fail);
        if fail {
            err(&arena);
            assert!(log.refusals() > 0);
        } else {
            ok(&arena);
        }
    }
}

/// bumpalo tests/try_alloc.rs: "test try_alloc with and without global allocation failures"
#[test]
fn try_alloc_with_and_without_source_failures() {
    test_static_size_alloc(
        |arena| assert_eq!(*arena.try_alloc(1u8).unwrap(), 1),
        |arena| assert_source_refused(arena.try_alloc(1u8)),
    );
}

/// bumpalo tests/try_alloc.rs: "test try_alloc_with with and without global allocation
/// failures"
#[test]
fn try_alloc_with_with_and_without_source_failures() {
    test_static_size_alloc(
        |arena| assert_eq!(*arena.try_alloc_with(|| 1u8).unwrap(), 1),
        |arena| assert_source_refused(arena.try_alloc_with(|| 1u8)),
    );
}

/// bumpalo tests/try_alloc.rs: "test try_alloc_try_with (Ok) with and without global
/// allocation failures"
#[test]
fn try_alloc_try_with_ok_with_and_without_source_failures() {
    test_static_size_alloc(
        |arena| {
            assert_eq!(
                *arena.try_alloc_try_with::<_, (), _>(|| Ok(1u8)).unwrap(),
                1
            )
        },
        |arena| {
            let result = arena.try_alloc_try_with::<_, (), _>(|| Ok(1u8));
            assert!(matches!(result, Err(AllocOrInitError::Alloc(e))
                if e.kind() == AllocErrorKind::SourceExhausted));
        },
    );
}

/// bumpalo tests/try_alloc.rs: "test try_alloc_try_with (Err) with and without global
/// allocation failures"
#[test]
fn try_alloc_try_with_err_with_and_without_source_failures() {
    test_static_size_alloc(
        |arena| {
            let result = arena.try_alloc_try_with::<u8, _, _>(|| Err(()));
            assert!(matches!(result, Err(AllocOrInitError::Init(()))));
        },
        |arena| {
            let result = arena.try_alloc_try_with::<u8, (), _>(|| panic!("called without memory"));
            assert!(matches!(result, Err(AllocOrInitError::Alloc(_))));
        },
    );
}

/// bumpalo tests/try_alloc.rs: "test Vec::try_reserve and Vec::try_reserve_exact"
///
/// bumpalo's vectors take room from the chunk `Bump::try_new` preallocated. arenakit's
/// collection buffers have chunks of their own: a first vector takes one (and gives its buffer
/// back), and that chunk serves small reservations while the source fails.
#[test]
fn vec_try_reserve_and_try_reserve_exact() {
    let (arena, log) = new_arena();
    let mut warm = arena.vec::<u8>();
    warm.try_reserve(100).unwrap();
    drop(warm);

    set_failing(&log, true);
    let mut vec = arena.vec::<u8>();
    assert!(vec.try_reserve(100).is_ok());
    assert!(vec.try_reserve_exact(100).is_ok());
    assert!(vec.try_reserve(1 << 20).is_err());
    assert!(vec.try_reserve_exact(1 << 20).is_err());
    assert!(log.refusals() > 0);
    drop(vec);

    set_failing(&log, false);
    let mut vec = arena.vec::<u8>();
    assert!(vec.try_reserve(100).is_ok());
    assert!(vec.try_reserve_exact(100).is_ok());
    assert!(vec.try_reserve(1 << 20).is_ok());
    assert!(vec.try_reserve_exact(2 << 20).is_ok());
}
