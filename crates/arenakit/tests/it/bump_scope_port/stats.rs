//! Port of bump-scope `tests/stats.rs`: statistics are right whatever the size of the base
//! allocator (zero-sized, pointer-sized, 1 KiB). bump-scope's chunk header holds the
//! allocator, so its sizes depend on it; arenakit's memory source lives in the arena, and its
//! 64-byte chunk headers are the same for every source.

use super::assert_source_layout_is_irrelevant;

/// bump-scope tests/stats.rs: zst_allocator
#[test]
fn zst_allocator() {
    assert_source_layout_is_irrelevant(());
}

/// bump-scope tests/stats.rs: ptr_allocator
#[test]
fn ptr_allocator() {
    assert_source_layout_is_irrelevant(core::ptr::null::<u8>());
}

/// bump-scope tests/stats.rs: fat_allocator
#[test]
fn fat_allocator() {
    assert_source_layout_is_irrelevant([0u8; 1024]);
}
