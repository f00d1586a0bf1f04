//! Port of bumpalo `tests/all/boxed.rs` (`bumpalo::boxed::Box` is `ArenaBox`).

use crate::common::LocalDrops;
use arenakit::{Arena, ArenaBox};

/// bumpalo tests/all/boxed.rs: into_raw_aliasing
///
/// bumpalo only makes the `&mut` (Miri checks the aliasing); the port also writes through it
/// and takes the box back with `from_raw_in`.
#[test]
fn into_raw_aliasing() {
    let arena = Arena::new();
    let boxed = arena.alloc_box(1);
    let raw = ArenaBox::into_raw(boxed);

    // SAFETY: `raw` comes from `into_raw` of a live box of `arena`; nothing else refers to it.
    let mut_ref = unsafe { &mut *raw };
    assert_eq!(*mut_ref, 1);
    *mut_ref = 2;

    // SAFETY: `raw` came from `ArenaBox::into_raw` on a box of `arena`, and is taken back once;
    // `mut_ref` is not used again.
    let back = unsafe { ArenaBox::from_raw_in(raw, &arena) };
    assert_eq!(*back, 2);
}

/// bumpalo tests/all/boxed.rs: test_box_basic
#[test]
fn test_box_basic() {
    let drops = LocalDrops::default();
    let arena = Arena::new();
    let mut value = arena.alloc_box(("hello".to_string(), drops.token()));
    assert_eq!("hello", value.0);
    value.0 = "world".to_string();
    assert_eq!("world", value.0);
    assert_eq!(drops.get(), 0);
    drop(value);
    assert_eq!(drops.get(), 1, "the box did not drop its value");
}

/// The signature of bumpalo's `_box_is_covariant`: it compiles only if `ArenaBox` is covariant
/// in `T` (a box of a longer-lived reference passes for one of a shorter-lived reference).
fn box_is_covariant<'sup, 'sub: 'sup>(
    a: ArenaBox<'_, &'sup u32>,
    b: ArenaBox<'_, &'sub u32>,
    f: impl Fn(ArenaBox<'_, &'sup u32>) -> u32,
) -> u32 {
    f(a) + f(b)
}

/// bumpalo tests/all/boxed.rs: _box_is_covariant
///
/// bumpalo's is a function that is never called; the port calls it, so the check also runs.
#[test]
fn box_is_covariant_compiles_and_runs() {
    static LONG: u32 = 40;
    let short = 2;
    let arena = Arena::new();
    let sum = box_is_covariant(arena.alloc_box(&short), arena.alloc_box(&LONG), |b| **b);
    assert_eq!(sum, 42);
}
