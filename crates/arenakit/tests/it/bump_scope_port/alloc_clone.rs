//! Port of bump-scope `tests/alloc_clone.rs` (feature `nightly-clone-to-uninit` there).
//!
//! bump-scope's `alloc_clone` clones any `CloneToUninit` value, sized or not; arenakit picks
//! the method by type (README: `alloc_clone` is `alloc(v.clone())`, `alloc_str`,
//! `alloc_slice_clone`). Not ported: `test_trait_object` and `test_trait_object_fn`, which
//! clone a `dyn Trait` through nightly `CloneToUninit`, which arenakit does not use.

use arenakit::Arena;

/// bump-scope tests/alloc_clone.rs: test_slice
///
/// A slice of `String`s has drop glue, so its clone is an `ArenaBox<[String]>`.
#[test]
fn test_slice() {
    let strings = (1..=3).map(|i| i.to_string()).collect::<Vec<_>>();
    let slice: &[String] = &strings;

    let arena = Arena::new();
    let allocated = arena.alloc_box_slice_clone(slice);
    assert_eq!(&*allocated, ["1", "2", "3"]);
}
