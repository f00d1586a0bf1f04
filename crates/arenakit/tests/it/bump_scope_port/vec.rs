//! Port of bump-scope `tests/vec.rs`: allocator-api2's (0.2) `Vec` and `Box` over the
//! allocator, as with bump-scope's feature `allocator-api2-02`. The arena's newest freeable
//! block grows and shrinks in place; a later freeable block (a box, another vector) stops
//! that, as any later allocation does in bump-scope. A plain value does not: it lives in other
//! chunks (see `grow`).

use allocator_api2::boxed::Box;
use allocator_api2::vec::Vec;
use arenakit::Arena;

/// bump-scope tests/vec.rs: grow
#[test]
fn grow() {
    let mut arena = Arena::new();
    let mut vec = Vec::<u64, _>::new_in(&arena);
    assert_eq!(arena.stats().used, 0);
    vec.reserve_exact(1);
    assert_eq!(arena.stats().used, 8);
    vec.reserve_exact(2);
    assert_eq!(arena.stats().used, 16);

    // A plain value does not stop the vector from growing in place here.
    arena.alloc_uninit::<u8>();
    assert_eq!(arena.stats().used, 24);
    let ptr = vec.as_ptr();
    vec.reserve_exact(3);
    assert_eq!(vec.as_ptr(), ptr);
    assert_eq!(arena.stats().used, 32);

    // A box does: the buffer moves, its old bytes stay until the reset.
    let boxed = Box::new_in(0u8, &arena);
    assert_eq!(arena.stats().used, 40);
    vec.reserve_exact(4);
    assert_ne!(vec.as_ptr(), ptr);
    assert_eq!(arena.stats().used, 40 + 4 * 8);

    drop(vec);
    assert_eq!(arena.stats().used, 40);
    drop(boxed);
    arena.reset();
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/vec.rs: shrink
#[test]
fn shrink() {
    let arena = Arena::new();
    let mut vec = Vec::<u64, _>::new_in(&arena);
    assert_eq!(arena.stats().used, 0);
    vec.reserve_exact(2);
    assert_eq!(arena.stats().used, 16);
    vec.shrink_to(1);
    assert_eq!(arena.stats().used, 8);

    let boxed = Box::new_in(0u8, &arena);
    assert_eq!(arena.stats().used, 16);
    drop(boxed);
    assert_eq!(arena.stats().used, 8);

    vec.shrink_to_fit();
    assert_eq!(arena.stats().used, 0);
}

/// bump-scope tests/vec.rs: shrinknt
#[test]
fn shrinknt() {
    let arena = Arena::new();
    let mut vec = Vec::<u64, _>::new_in(&arena);
    assert_eq!(arena.stats().used, 0);
    vec.reserve_exact(2);
    assert_eq!(arena.stats().used, 16);

    let boxed = Box::new_in(0u8, &arena);
    assert_eq!(arena.stats().used, 24);
    vec.shrink_to(1);
    assert_eq!(arena.stats().used, 24);
    drop(vec);
    assert_eq!(arena.stats().used, 24);
    drop(boxed);
}
