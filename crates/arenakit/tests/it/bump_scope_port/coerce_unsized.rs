//! Port of bump-scope `tests/coerce_unsized.rs` (feature `nightly-coerce-unsized` there).
//! arenakit's implicit coercion needs `--cfg arenakit_nightly`; on stable,
//! `arenakit::unsize_box!` (bump-scope's `unsize_bump_box!`) does the same, which is what
//! these ports use so they run everywhere.

use arenakit::{Arena, ArenaBox};
use core::fmt::Debug;

/// bump-scope tests/coerce_unsized.rs: slice
#[test]
fn slice() {
    let arena = Arena::new();
    let slice: ArenaBox<[i32]> = arenakit::unsize_box!(arena.alloc_box([1, 2, 3]));
    assert_eq!(format!("{slice:?}"), "[1, 2, 3]");
}

/// bump-scope tests/coerce_unsized.rs: object
#[test]
fn object() {
    let arena = Arena::new();
    let object: ArenaBox<dyn Debug> = arenakit::unsize_box!(arena.alloc_box([1, 2, 3]));
    assert_eq!(format!("{object:?}"), "[1, 2, 3]");
}
