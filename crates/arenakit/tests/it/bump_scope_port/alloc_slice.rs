//! Port of bump-scope `tests/alloc_slice.rs`. `alloc_slice_fill` is `alloc_slice_fill_copy`
//! (or `_clone`), and `alloc_slice_fill_with`'s closure gets the index here; slices of types
//! with drop glue (`String`) are `ArenaBox`es (`alloc_box_slice_*`).

use super::expect_panic;
use arenakit::Arena;

/// bump-scope tests/alloc_slice.rs: zst
#[test]
fn zst() {
    const ZST: [u64; 0] = [0u64; 0];

    let arena = Arena::new();
    assert_eq!(arena.alloc_slice_copy(&[ZST; 10]).len(), 10);
    assert_eq!(arena.alloc_slice_clone(&[ZST; 10]).len(), 10);
    assert_eq!(arena.alloc_slice_fill_copy(10, ZST).len(), 10);
    assert_eq!(arena.alloc_slice_fill_clone(10, &ZST).len(), 10);
    assert_eq!(arena.alloc_slice_fill_with(10, |_| ZST).len(), 10);
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/alloc_slice.rs: empty
#[test]
fn empty() {
    let arena = Arena::new();
    assert!(arena.alloc_slice_copy::<u64>(&[]).is_empty());
    assert!(arena.alloc_box_slice_clone::<String>(&[]).is_empty());
    assert!(
        arena
            .alloc_box_slice_fill_with(0, |_| -> String { panic!("should not happen") })
            .is_empty()
    );
    assert!(arena.alloc_slice_fill_copy(0, 42u64).is_empty());
    assert!(
        arena
            .alloc_box_slice_fill_iter(std::iter::repeat_n("hello".to_string(), 0))
            .is_empty()
    );
    assert!(
        arena
            .alloc_box_slice_fill_with(0, |_| String::default())
            .is_empty()
    );
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/alloc_slice.rs: overflow
///
/// bump-scope panics with "capacity overflow"; arenakit with its `CapacityOverflow` error.
#[test]
fn overflow() {
    let arena = Arena::new();
    let message = expect_panic(|| arena.alloc_slice_fill_with(usize::MAX, |_| u64::default()));
    assert!(message.contains("overflows"), "{message}");
    assert_eq!(arena.stats().used, 0);
}
