//! Port of bump-scope `tests/misalignment_due_to_dealloc.rs`: freeing a block made before a
//! scope, inside the scope, must not leave the next allocations misaligned. bump-scope
//! frees plain values (`dealloc`); arenakit frees boxes and `Allocator` blocks, which use
//! their own chunks, so the ports check both the scope's values and new boxes.
//!
//! Not ported: `test_aligned_alloc`, `test_aligned_allocate`, `test_scoped_aligned_alloc`
//! and `test_scoped_aligned_allocate` (`aligned` and `scoped_aligned` change bump-scope's
//! minimum alignment, which arenakit does not have).

use allocator_api2::alloc::Allocator;
use arenakit::Arena;
use core::alloc::Layout;

/// Allocates a `u64` through `scope` and through its arena, and checks both are aligned.
fn assert_u64s_aligned(scope: &arenakit::Scope<'_>) {
    let plain = scope.alloc(0u64);
    assert!(core::ptr::from_mut(plain).is_aligned());
    let boxed = scope.arena().alloc_box(0u64);
    assert!(core::ptr::from_ref(&*boxed).is_aligned());
}

/// bump-scope tests/misalignment_due_to_dealloc.rs: test_scoped_alloc
#[test]
fn test_scoped_alloc() {
    let arena = Arena::new();
    let _three = arena.alloc_box([0u8; 3]);
    let five = arena.alloc_box([0u8; 5]);
    arena.scope(|scope| {
        drop(five);
        assert_u64s_aligned(scope);
    });
}

/// bump-scope tests/misalignment_due_to_dealloc.rs: test_scoped_allocate
#[test]
fn test_scoped_allocate() {
    let arena = Arena::new();
    let _three = (&arena).allocate(Layout::new::<[u8; 3]>()).unwrap();
    let five = (&arena).allocate(Layout::new::<[u8; 5]>()).unwrap();
    arena.scope(|scope| {
        // SAFETY: `five` is a live block of `arena` for this layout, not used again.
        unsafe { (&arena).deallocate(five.cast(), Layout::new::<[u8; 5]>()) };
        assert_u64s_aligned(scope);
    });
}
