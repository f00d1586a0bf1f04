//! Port of bumpalo `tests/all/alloc_fill.rs`: empty slices and zero-sized values take no
//! memory, and a slice whose size overflows panics instead of wrapping.

use crate::common::addr;
use arenakit::{AllocErrorKind, Arena};
use core::alloc::Layout;

/// bumpalo tests/all/alloc_fill.rs: alloc_slice_fill_zero
///
/// bumpalo checks where its (downward) cursor ends up; arenakit bumps upward, so the port
/// checks the cursor does not move: the next byte lands right after the first one (8 bytes on,
/// every block being rounded up to 8). bumpalo's `String` elements become `&str` (arenakit's
/// slice methods reject types with drop glue at compile time).
#[test]
fn alloc_slice_fill_zero() {
    struct MyZeroSizedType;

    let arena = Arena::new();
    let u8_layout = Layout::new::<u8>();
    let first = arena.alloc_layout(u8_layout);
    let used = arena.stats().used;

    assert!(arena.alloc_slice_copy::<u64>(&[]).is_empty());
    assert!(arena.alloc_slice_clone::<&str>(&[]).is_empty());
    let none: &mut [&str] = arena.alloc_slice_fill_with(0, |_| panic!("should not happen"));
    assert!(none.is_empty());
    assert!(arena.alloc_slice_fill_copy(0, 42u64).is_empty());
    assert!(arena.alloc_slice_fill_clone(0, &"hello").is_empty());
    assert!(arena.alloc_slice_fill_default::<&str>(0).is_empty());
    let zst = arena.alloc(MyZeroSizedType);
    assert_eq!(addr(zst) % align_of::<MyZeroSizedType>(), 0);
    assert_eq!(arena.stats().used, used, "empty allocations took memory");

    let next = arena.alloc_layout(u8_layout);
    assert_eq!(next.addr().get(), first.addr().get() + used);
}

/// bumpalo tests/all/alloc_fill.rs: alloc_slice_overflow
///
/// bumpalo panics with "out of memory"; arenakit's message names the failed arena allocation.
/// The fallible twin reports `CapacityOverflow` first.
#[test]
#[should_panic(expected = "arena allocation failed: the requested size overflows")]
fn alloc_slice_overflow() {
    let arena = Arena::new();
    let err = arena
        .try_alloc_slice_fill_default::<u64>(usize::MAX)
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::CapacityOverflow);
    assert_eq!(arena.stats().held, 0);
    arena.alloc_slice_fill_default::<u64>(usize::MAX);
}
