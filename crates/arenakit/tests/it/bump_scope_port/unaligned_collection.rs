//! Port of bump-scope `tests/unaligned_collection.rs`: a `u32` vector started after a `u8`
//! is aligned, and stays so when frozen. `mut_bump_vec` is merged into `bump_vec`;
//! `mut_bump_vec_rev` is not ported (no downward vector).

use arenakit::Arena;
use arenakit::prelude::*;

/// bump-scope tests/unaligned_collection.rs: bump_vec
///
/// Also ports `mut_bump_vec`, and the same after a boxed `u8` (boxes and vectors share
/// chunks).
#[test]
fn bump_vec() {
    let arena = Arena::new();
    arena.alloc(8u8);
    let _boxed = arena.alloc_box(8u8);
    let mut vec = arena.vec();
    vec.push(32u32);
    let slice = vec.into_bump_slice();
    assert!(slice.as_ptr().is_aligned());
    assert_eq!(slice, [32]);
}
