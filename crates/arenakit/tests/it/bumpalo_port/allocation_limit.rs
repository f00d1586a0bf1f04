//! Port of bumpalo `tests/all/allocation_limit.rs` (`set_allocation_limit` is `set_limit`,
//! `allocation_limit` is `limit`).
//!
//! Deliberate difference: arenakit's limit counts everything held from the memory source,
//! 64-byte chunk headers included, so it is compared with `allocated_bytes_including_metadata`
//! (bumpalo compares with `allocated_bytes`), and the smallest limit that admits an allocation
//! is a header plus a block.

use crate::common::proptest_config;
use arenakit::{AllocErrorKind, Arena};
use core::alloc::Layout;
use proptest::prelude::*;

/// Asserts `arena` holds no more than its limit.
fn assert_within_limit(arena: &Arena) {
    let limit = arena.limit().expect("the arena has a limit");
    let held = arena.allocated_bytes_including_metadata();
    assert!(
        held <= limit,
        "holds {held} bytes over its limit of {limit}"
    );
}

/// Asserts an allocation of 8 KiB is refused for the limit.
fn assert_big_refused(arena: &Arena) {
    let err = arena.try_alloc([0i32; 2048]).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_within_limit(arena);
}

/// bumpalo tests/all/allocation_limit.rs: allocation_limit_trivial
#[test]
fn allocation_limit_trivial() {
    let arena = Arena::with_capacity(0);
    arena.set_limit(Some(0));
    assert_eq!(arena.limit(), Some(0));

    let err = arena.try_alloc(5).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert_within_limit(&arena);

    arena.set_limit(None);
    assert_eq!(arena.limit(), None);
    assert_eq!(*arena.try_alloc(5).unwrap(), 5);
}

/// bumpalo tests/all/allocation_limit.rs: change_allocation_limit_with_live_allocations
#[test]
fn change_allocation_limit_with_live_allocations() {
    let arena = Arena::new();
    arena.set_limit(Some(512));
    let ten = arena.alloc(10);
    assert_big_refused(&arena);

    // 16 KiB: bumpalo's figure, enough for the 512 bytes held and a chunk for 8 KiB.
    arena.set_limit(Some(16384));
    let big = arena.try_alloc([7i32; 2048]).unwrap();
    assert!(big.iter().all(|&x| x == 7));
    assert_eq!(*ten, 10);
    assert_within_limit(&arena);
}

/// bumpalo tests/all/allocation_limit.rs: remove_allocation_limit_with_live_allocations
#[test]
fn remove_allocation_limit_with_live_allocations() {
    let arena = Arena::new();
    arena.set_limit(Some(512));
    let ten = arena.alloc(10);
    assert_big_refused(&arena);

    arena.set_limit(None);
    assert!(arena.try_alloc([0i32; 2048]).is_ok());
    assert_eq!(*ten, 10);
}

/// bumpalo tests/all/allocation_limit.rs: reset_preserves_allocation_limits
#[test]
fn reset_preserves_allocation_limits() {
    let mut arena = Arena::new();
    arena.set_limit(Some(512));
    arena.reset();
    assert_eq!(arena.limit(), Some(512));
    assert_big_refused(&arena);
}

/// bumpalo tests/all/allocation_limit.rs: reset_updates_allocated_bytes
///
/// bumpalo frees all but its newest chunk at reset; arenakit keeps chunks for reuse up to
/// `max_retained` (unbounded by default). With `max_retained(0)` the bytes held drop at reset,
/// as in bumpalo; by default they stay.
#[test]
fn reset_updates_allocated_bytes() {
    for (max_retained, shrinks) in [(Some(0), true), (None, false)] {
        let builder = Arena::builder();
        let mut arena = match max_retained {
            Some(bytes) => builder.max_retained(bytes).build(),
            None => builder.build(),
        };
        // Two blocks that do not fit one regular chunk together force a second chunk.
        let half = arena.chunk_size() / 2;
        arena.alloc_uninit_slice::<u8>(half);
        arena.alloc_uninit_slice::<u8>(half);
        assert!(arena.stats().regular_chunks + arena.stats().dedicated_chunks >= 2);

        let before = arena.allocated_bytes();
        arena.reset();
        let after = arena.allocated_bytes();
        if shrinks {
            assert!(after < before, "{after} >= {before}");
        } else {
            assert_eq!(after, before);
        }
    }
}

/// bumpalo tests/all/allocation_limit.rs: new_bump_allocated_bytes_is_zero
#[test]
fn new_bump_allocated_bytes_is_zero() {
    let arena = Arena::new();
    assert_eq!(arena.allocated_bytes(), 0);
    assert_eq!(arena.allocated_bytes_including_metadata(), 0);
}

/// bumpalo tests/all/allocation_limit.rs: small_allocation_limit
///
/// bumpalo admits a one-element array under a 64-byte limit. In arenakit 64 bytes is just a
/// chunk header, so that limit refuses it; a limit of a header plus a 64-byte block admits it.
#[test]
fn small_allocation_limit() {
    let arena = Arena::new();
    arena.set_limit(Some(64));
    let err = arena.try_alloc([0; 1]).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);

    arena.set_limit(Some(128));
    assert_eq!(*arena.try_alloc([3; 1]).unwrap(), [3]);
    assert_within_limit(&arena);
}

/// What bumpalo's `limit_is_never_exceeded` quickcheck does for one `limit`: try 32
/// allocations of `limit / 16` bytes, some of which should succeed, then check the limit held.
pub fn fill_up_to(limit: usize) {
    let arena = Arena::new();
    arena.set_limit(Some(limit));
    let layout = Layout::array::<u8>(limit / 16).unwrap();
    for _ in 0..32 {
        if let Err(err) = arena.try_alloc_layout(layout) {
            assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
        }
    }
    assert_within_limit(&arena);
}

proptest! {
    #![proptest_config(proptest_config())]

    /// bumpalo tests/all/allocation_limit.rs: limit_is_never_exceeded
    ///
    /// bumpalo draws any `usize`; the port draws limits up to 1 MiB, so the 32 allocations
    /// stay small under valgrind.
    #[test]
    fn limit_is_never_exceeded(limit in 0usize..=1 << 20) {
        fill_up_to(limit);
    }
}
