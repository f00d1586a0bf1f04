//! Regressions for bug classes other arenas shipped (see the `arenakit::soundness` docs for
//! the whole table, with the compile-time ones).

use allocator_api2::alloc::Allocator;
use arenakit::Arena;
use core::alloc::Layout;

/// RUSTSEC-2020-0006 (bumpalo's `realloc` computed the new size with unchecked arithmetic):
/// growing a block to sizes near `isize::MAX`, from blocks in every position (newest, older,
/// dedicated), fails with an error, leaves the old block intact and the arena usable. (The
/// limit keeps the sizes that are valid layouts from reaching the heap, where a sanitizer
/// would abort on them instead of returning null.)
#[test]
fn grow_to_huge_sizes_fails_cleanly() {
    let arena = Arena::builder().chunk_size(4096).limit(1 << 30).build();
    let alloc = &arena;
    let small = Layout::from_size_align(24, 8).unwrap();
    let large = Layout::from_size_align(10_000, 8).unwrap();
    for old in [small, large] {
        for newest in [true, false] {
            let block = alloc.allocate(old).unwrap().cast::<u8>();
            // SAFETY: the block holds `old.size()` bytes.
            unsafe { block.write_bytes(0x3c, old.size()) };
            if !newest {
                alloc.allocate(small).unwrap();
            }
            for (size, align) in [
                (isize::MAX as usize - 7, 8),
                (isize::MAX as usize - 4095, 4096),
                (isize::MAX as usize / 2 + 1, 8),
                (usize::MAX / 4, 1 << 20),
            ] {
                let Ok(new) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: `block` is a live block of `alloc` for `old`, and `new` is larger.
                let grown = unsafe { alloc.grow(block, old, new) };
                assert!(grown.is_err(), "grew {old:?} to {new:?}");
                // SAFETY: as above.
                let zeroed = unsafe { alloc.grow_zeroed(block, old, new) };
                assert!(zeroed.is_err(), "grew (zeroed) {old:?} to {new:?}");
            }
            // SAFETY: the block is still live (every growth failed) and holds `old.size()`.
            let bytes = unsafe { core::slice::from_raw_parts(block.as_ptr(), old.size()) };
            assert!(bytes.iter().all(|&b| b == 0x3c));
            // SAFETY: the caller owns the block for `old`.
            unsafe { alloc.deallocate(block, old) };
        }
    }
    assert_eq!(*arena.alloc(5u32), 5);
}

/// bumpalo #321 (`grow_zeroed`): growing the newest block in place over bytes an earlier,
/// larger block left behind must still zero the whole new tail.
#[test]
fn grow_zeroed_in_place_over_old_data() {
    let arena = Arena::new();
    let alloc = &arena;
    let big = Layout::from_size_align(512, 8).unwrap();
    let block = alloc.allocate(big).unwrap().cast::<u8>();
    // SAFETY: the block holds 512 bytes.
    unsafe { block.write_bytes(0xee, 512) };
    // SAFETY: the newest block, given back; the next allocation reuses its bytes.
    unsafe { alloc.deallocate(block, big) };
    let old = Layout::from_size_align(16, 8).unwrap();
    let small = alloc.allocate(old).unwrap().cast::<u8>();
    assert_eq!(small, block, "the rolled-back bytes were not reused");
    // SAFETY: the block holds 16 bytes.
    unsafe { small.write_bytes(0x11, 16) };
    let new = Layout::from_size_align(400, 8).unwrap();
    // SAFETY: `small` is a live block for `old`; `new` is larger.
    let grown = unsafe { alloc.grow_zeroed(small, old, new) }
        .unwrap()
        .cast::<u8>();
    assert_eq!(grown, small, "the newest block did not grow in place");
    // SAFETY: the grown block holds 400 bytes.
    let bytes = unsafe { core::slice::from_raw_parts(grown.as_ptr(), 400) };
    assert!(bytes[..16].iter().all(|&b| b == 0x11));
    assert!(
        bytes[16..].iter().all(|&b| b == 0),
        "old data in the new tail"
    );
}
