//! Port of bump-scope `tests/allocator_api.rs`: allocator-api2's `Allocator` for `&Arena`.
//! The newest freeable block grows and shrinks in place (as with bump-scope bumping upward);
//! sizes are rounded up to 8.
//!
//! bump-scope's `allocate_zst_*` tests also check that its `allocate*` methods never return a
//! dangling pointer for a zero-sized layout, a choice of its own (the `Allocator` contract
//! allows either); arenakit returns one, so the ports check what both promise: zero-sized
//! requests succeed without taking memory or a chunk.

use super::{chunk_count, round8};
use allocator_api2::alloc::Allocator;
use arenakit::Arena;
use core::alloc::Layout;
use core::ptr::NonNull;

/// A layout of `size` bytes aligned to `align`.
fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

/// The address of a block.
fn addr(block: NonNull<[u8]>) -> usize {
    block.cast::<u8>().addr().get()
}

/// bump-scope tests/allocator_api.rs: allocate
#[test]
fn allocate() {
    let arena = Arena::new();
    let ptr = (&arena).allocate(layout(1, 4)).unwrap();
    assert_eq!(addr(ptr) % 4, 0);
    assert_ne!(addr(ptr), addr((&arena).allocate(layout(1, 1)).unwrap()));
    let new = (&arena).allocate(layout(2048, 4)).unwrap();
    assert_eq!(addr(new) % 4, 0);
    assert_ne!(addr(ptr), addr(new));
}

/// Grows the block at `ptr` from `old` to `new`, checks its alignment and first byte, and
/// returns it.
///
/// # Safety
///
/// `ptr` is a live block of `arena` for `old` whose first byte is 7; it is not used again.
unsafe fn grow_checked(
    arena: &Arena,
    ptr: NonNull<[u8]>,
    old: Layout,
    new: Layout,
) -> NonNull<[u8]> {
    // SAFETY: the caller's guarantees are `grow`'s; `new` is at least as large as `old`.
    let block = unsafe { arena.grow(ptr.cast(), old, new) }.unwrap();
    assert_eq!(addr(block) % new.align(), 0);
    // SAFETY: the block holds at least the one byte `grow` preserved.
    assert_eq!(unsafe { *block.cast::<u8>().as_ptr() }, 7);
    block
}

/// bump-scope tests/allocator_api.rs: grow
///
/// Also ports `grow_last_in_place` and `grow_last_out_of_place` (an older version of this
/// file). As bump-scope bumping upward, the newest block grows in place, whatever the
/// alignment it is asked for (the first block starts 64-aligned); a block that is not the
/// newest moves, even to the same size. The last step needs a chunk of its own: with 512-byte
/// chunks, 1024 bytes get a dedicated one, and the moved block, newest again, is rolled back.
#[test]
fn grow() {
    let arena = Arena::builder().chunk_size(512).build();
    let first = (&arena).allocate(layout(1, 4)).unwrap();
    // SAFETY: `first` is a fresh block of one byte.
    unsafe { first.cast::<u8>().write(7) };
    assert_eq!(arena.stats().used, round8(1));

    let steps = [(1, 4), (2, 4), (2, 8), (3, 16), (3, 8), (4, 4)];
    let (mut ptr, mut old) = (first, layout(1, 4));
    for (size, align) in steps {
        let new = layout(size, align);
        // SAFETY: `ptr` is the live block for `old`, first byte 7; replaced right away.
        let grown = unsafe { grow_checked(&arena, ptr, old, new) };
        assert_eq!(addr(grown), addr(ptr), "{new:?} did not grow in place");
        assert_eq!(arena.stats().used, round8(size));
        (ptr, old) = (grown, new);
    }

    // Another block: the next growth cannot be in place.
    (&arena).allocate(layout(1, 1)).unwrap();
    assert_eq!(arena.stats().used, 2 * round8(1));
    // SAFETY: as above.
    let moved = unsafe { grow_checked(&arena, ptr, old, layout(4, 4)) };
    assert_ne!(addr(moved), addr(ptr));
    assert_eq!(arena.stats().used, 3 * round8(1));
    assert_eq!(chunk_count(arena.stats()), 1);

    // SAFETY: as above.
    let big = unsafe { grow_checked(&arena, moved, layout(4, 4), layout(1024, 4)) };
    assert_ne!(addr(big), addr(moved));
    assert_eq!(chunk_count(arena.stats()), 2);
    assert_eq!(arena.stats().used, 2 * round8(1) + 1024);
}

/// Makes zero-sized allocations every way arenakit offers and checks they took no memory
/// and no chunk; the `alloc` ones are dangling, as in bump-scope.
fn assert_zsts_take_nothing(arena: &Arena) {
    let (chunks, used) = (chunk_count(arena.stats()), arena.stats().used);
    let dangling = NonNull::<()>::dangling().addr().get();
    assert_eq!(core::ptr::from_mut(arena.alloc(())).addr(), dangling);
    assert_eq!(
        core::ptr::from_mut(arena.try_alloc(()).unwrap()).addr(),
        dangling
    );
    assert_eq!(
        core::ptr::from_mut(arena.alloc_uninit::<()>()).addr(),
        dangling
    );
    assert_eq!(
        core::ptr::from_mut(arena.try_alloc_uninit::<()>().unwrap()).addr(),
        dangling
    );

    let unit = Layout::new::<()>();
    assert_eq!(arena.allocate(unit).unwrap().len(), 0);
    assert_eq!(arena.allocate_zeroed(unit).unwrap().len(), 0);
    arena.alloc_layout(unit);
    arena.try_alloc_layout(unit).unwrap();
    assert_eq!(arena.alloc_uninit_slice::<()>(123).len(), 123);
    assert_eq!(arena.try_alloc_uninit_slice::<()>(123).unwrap().len(), 123);
    assert_eq!(arena.alloc_uninit_slice::<u8>(0).len(), 0);

    assert_eq!(chunk_count(arena.stats()), chunks);
    assert_eq!(arena.stats().used, used);
}

/// bump-scope tests/allocator_api.rs: allocate_zst_returns_dangling
///
/// bump-scope fills its one chunk first, so any request for memory would need a new one.
#[test]
fn allocate_zst_returns_dangling() {
    let arena = Arena::builder().chunk_size(512).build();
    arena.reserve(1);
    assert_eq!(chunk_count(arena.stats()), 1);
    arena.alloc_uninit_slice::<u8>(arena.chunk_capacity());
    assert_eq!(arena.chunk_capacity(), 0);
    assert_zsts_take_nothing(&arena);
}

/// bump-scope tests/allocator_api.rs: allocate_zst_returns_dangling_unallocated
///
/// bump-scope's `allocate` family takes a chunk (of no capacity) here; arenakit takes none.
#[test]
fn allocate_zst_returns_dangling_unallocated() {
    let arena = Arena::new();
    assert_eq!(chunk_count(arena.stats()), 0);
    assert_zsts_take_nothing(&arena);
    assert_eq!(arena.stats().held, 0);
}
