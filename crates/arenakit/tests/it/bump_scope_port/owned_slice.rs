//! Port of bump-scope `tests/owned_slice.rs`: draining a range of a cloned slice into another
//! vector moves each element once (bump-scope's `BumpBox::drain` into `FixedBumpVec::append`;
//! an `ArenaBox` of a slice has no `drain`, so the clone is an arena `Vec`, drained into an
//! arena `Vec` of capacity 10).

use super::Counted;
use arenakit::Arena;
use arenakit::collections::Vec;
use core::fmt::Debug;

/// For every range of `slice`, within an expectation of 5 clones and 5 drops: clones
/// `slice`, drains the range into another vector, and checks both.
fn drain_every_range<T: Clone + PartialEq + Debug>(arena: &Arena, slice: &[Counted<T>]) {
    for start in 0..slice.len() {
        for end in start..slice.len() {
            Counted::expect().drops(5).clones(5).run(|| {
                let mut slice_clone = Vec::new_in(arena);
                slice_clone.extend_from_slice(slice);
                let mut vec = Vec::with_capacity_in(10, arena);
                vec.extend(slice_clone.drain(start..end));
                assert_eq!(vec, slice[start..end]);
                let rest: std::vec::Vec<&Counted<T>> =
                    slice[..start].iter().chain(&slice[end..]).collect();
                assert!(slice_clone.iter().eq(rest));
            });
        }
    }
}

/// bump-scope tests/owned_slice.rs: owned_slice
#[test]
fn owned_slice() {
    let arena = Arena::new();
    let slice = arena.alloc_box_slice_fill_iter((0..5).map(|v| Counted(v.to_string())));
    assert!(
        slice
            .iter()
            .map(|v| v.0.as_str())
            .eq(["0", "1", "2", "3", "4"])
    );
    drain_every_range(&arena, &slice);
}

/// bump-scope tests/owned_slice.rs: owned_slice_zst
///
/// bump-scope's version drains strings too (only checking lengths); here the elements are
/// zero-sized for real.
#[test]
fn owned_slice_zst() {
    let arena = Arena::new();
    let slice = arena.alloc_box_slice_fill_iter((0..5).map(|_| Counted(())));
    drain_every_range(&arena, &slice);
    assert_eq!(arena.stats().used, 0);
}
