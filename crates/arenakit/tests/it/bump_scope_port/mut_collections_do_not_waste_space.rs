//! Port of bump-scope `tests/mut_collections_do_not_waste_space.rs`: a vector filled then
//! frozen into a slice takes exactly its elements (rounded up to 8). bump-scope's `MutBumpVec`
//! does not bump until frozen; the arena `Vec` bumps as it grows and gives the rest back when
//! frozen, in place, as the newest block. `vec_rev` is not ported (no downward vector).

use super::round8;
use arenakit::Arena;
use arenakit::prelude::*;
use core::iter;

/// bump-scope tests/mut_collections_do_not_waste_space.rs: vec
///
/// Also pushed one by one, so the vector overshoots before it is frozen: its last growth
/// past the 512-byte chunk moves it to a dedicated chunk, where its block counts its exact
/// size (not rounded up to 8).
#[test]
fn vec() {
    let mut arena = Arena::builder().chunk_size(512).build();
    for size in [0, 100, 200, 300, 400] {
        arena.reset();
        let mut vec = arena.vec::<u8>();
        vec.extend(iter::repeat_n(0, size));
        let slice = vec.into_bump_slice();
        assert_eq!(slice.len(), size);
        assert_eq!(arena.stats().used, round8(size), "size {size}");

        arena.reset();
        let mut vec = arena.vec::<u8>();
        for _ in 0..size {
            vec.push(0);
        }
        let slice = vec.into_bump_slice();
        assert_eq!(slice.len(), size);
        let used = arena.stats().used;
        assert!(
            (size..=round8(size)).contains(&used),
            "size {size}, pushed: {used}"
        );
    }
}
