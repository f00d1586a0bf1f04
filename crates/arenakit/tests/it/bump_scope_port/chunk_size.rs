//! Port of bump-scope `tests/chunk_size.rs` ("sanity checks for chunk size calculation").
//! bump-scope's `Bump::with_size(n)` is `Arena::builder().chunk_size(n)`: arenakit rounds the
//! size up to a multiple of 64 (at least 256), headers and all, where bump-scope rounds to a
//! power of two minus its assumed `malloc` overhead. The base allocator's own size and
//! alignment (bump-scope's issue #32) is the memory source's here.

use super::assert_source_layout_is_irrelevant;
use arenakit::Arena;

/// The bytes an arena built with `chunk_size(size)` holds after its first allocation.
fn first_chunk(size: usize) -> usize {
    let arena = Arena::builder().chunk_size(size).build();
    arena.alloc(0u8);
    assert_eq!(arena.chunk_size(), arena.stats().held);
    arena.stats().held
}

/// bump-scope tests/chunk_size.rs: zst
///
/// Also ports `tests/other.rs: chunk_size_0` and `chunk_size_512`.
#[test]
fn zst() {
    assert_eq!(first_chunk(0), 256);
    assert_eq!(first_chunk(512 - 1), 512);
    assert_eq!(first_chunk(512), 512);
    assert_eq!(first_chunk(0x1000 - 1), 0x1000);
    assert_eq!(first_chunk(0x1000), 0x1000);
    assert_eq!(first_chunk(0x2000 - 1), 0x2000);
    assert_eq!(first_chunk(0x2000), 0x2000);
    assert_eq!(first_chunk(1000), 1024);

    // bump-scope: "same as `with_size(0)`". Reserving nothing takes no chunk here.
    assert_eq!(Arena::with_capacity(0).stats().held, 0);
}

/// A memory source type 32-aligned.
#[derive(Clone, Debug)]
#[repr(align(32))]
struct Align32(#[allow(dead_code)] [u8; 32]);

/// A memory source type of 4 KiB, 4 KiB-aligned.
#[derive(Clone, Debug)]
#[repr(align(4096))]
struct Align4096(#[allow(dead_code)] [u8; 4096]);

/// bump-scope tests/chunk_size.rs: aligned_allocator_issue_32
#[test]
fn aligned_allocator_issue_32() {
    assert_source_layout_is_irrelevant(Align32([0; 32]));
}

/// bump-scope tests/chunk_size.rs: giant_base_allocator
#[test]
fn giant_base_allocator() {
    assert_source_layout_is_irrelevant(Align4096([0; 4096]));
}
