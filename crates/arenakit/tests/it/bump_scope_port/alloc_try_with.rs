//! Port of bump-scope `tests/alloc_try_with.rs`; the `_mut` variants are merged (arenakit
//! needs no `&mut` to roll a failed value back).
//!
//! bump-scope allocates room for the whole `Result<T, E>` and keeps the `T` part; arenakit
//! allocates room for the `T` alone (before calling the initialiser), so a success takes
//! `round8(size_of::<T>())`, and `basic_ok` (nightly-only in bump-scope, for `offset_of!` on
//! an enum) needs no nightly here.

#![allow(clippy::result_large_err)] // bump-scope's own test types, as there

use super::{chunk_count, round8};
use arenakit::Arena;

type TestOk = [u32; 32];
type TestErr = [u32; 128];

/// An array of zeroes.
fn zeroes<const N: usize>() -> [u32; N] {
    [0; N]
}

/// Asserts the arena holds a single chunk with `expected` bytes used (bump-scope's
/// `assert_allocated!`).
fn assert_allocated(arena: &Arena, expected: usize) {
    assert_eq!(chunk_count(arena.stats()), 1, "more than one chunk");
    assert_eq!(arena.stats().used, expected);
}

/// bump-scope tests/alloc_try_with.rs: basic_ok
///
/// Also ports `basic_ok_mut`.
#[test]
fn basic_ok() {
    let arena = Arena::new();
    let ok = arena.alloc_try_with(|| -> Result<TestOk, TestErr> { Ok(zeroes()) });
    assert_eq!(ok.unwrap(), &zeroes::<32>());
    assert_allocated(&arena, round8(size_of::<TestOk>()));
}

/// bump-scope tests/alloc_try_with.rs: basic_err
///
/// Also ports `basic_err_mut`.
#[test]
fn basic_err() {
    let arena = Arena::new();
    let err = arena.alloc_try_with(|| -> Result<TestOk, TestErr> { Err(zeroes()) });
    assert!(err.is_err());
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/alloc_try_with.rs: alloc_in_closure_ok
#[test]
fn alloc_in_closure_ok() {
    let arena = Arena::new();
    let ok = arena.alloc_try_with(|| -> Result<TestOk, TestErr> {
        arena.alloc(0u8);
        Ok(zeroes())
    });
    assert!(ok.is_ok());
    assert_allocated(&arena, round8(size_of::<TestOk>()) + round8(1));
}

/// bump-scope tests/alloc_try_with.rs: alloc_in_closure_err
///
/// The failed value's room is not the newest block (the closure allocated after it), so it
/// stays until reset, as in bump-scope.
#[test]
fn alloc_in_closure_err() {
    let arena = Arena::new();
    let err = arena.alloc_try_with(|| -> Result<TestOk, TestErr> {
        arena.alloc(0u8);
        Err(zeroes())
    });
    assert!(err.is_err());
    assert_allocated(&arena, round8(size_of::<TestOk>()) + round8(1));
}
