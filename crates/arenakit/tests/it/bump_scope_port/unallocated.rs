//! Port of bump-scope `tests/unallocated.rs` (its `Bump` with `GUARANTEED_ALLOCATED = false`,
//! which is how every arenakit arena starts: no chunk until the first allocation).
//! `reset_to` is safe here and takes `&mut Arena`; the chunks it leaves behind are kept as
//! spares (bump-scope keeps them too), so the ports check the bytes held and, with a
//! counting source, that reusing them asks the source for nothing.

use super::{chunk_count, force_new_chunk, round8};
use crate::common::CountingSource;
use allocator_api2::alloc::Allocator;
use arenakit::Arena;
use core::alloc::Layout;

/// bump-scope tests/unallocated.rs: allocated
#[test]
fn allocated() {
    let arena = Arena::new();
    arena.alloc(1u8);
    drop(arena);
}

/// bump-scope tests/unallocated.rs: unallocated
#[test]
fn unallocated() {
    let arena = Arena::new();
    assert_eq!(chunk_count(arena.stats()), 0);
    assert_eq!(arena.stats().held, 0);
    drop(arena);
}

/// bump-scope tests/unallocated.rs: unallocated_alloc
#[test]
fn unallocated_alloc() {
    let arena = Arena::new();
    assert_eq!(chunk_count(arena.stats()), 0);
    arena.alloc_str("Hello, World!");
    assert_eq!(chunk_count(arena.stats()), 1);
}

/// bump-scope tests/unallocated.rs: allocated_reserve_bytes
///
/// bump-scope counts two chunks at the end; arenakit moves on from its first chunk, still
/// empty, to the new one, keeps the first as a spare, and counts only the chunks in use: the
/// source's count and the spare bytes are checked.
#[test]
fn allocated_reserve_bytes() {
    let source = CountingSource::new();
    let log = source.log();
    let arena = Arena::builder().source(source).chunk_size(512).build();
    arena.reserve(1);
    assert_eq!(chunk_count(arena.stats()), 1);
    arena.reserve(1024);
    assert_eq!(log.allocations(), 2);
    assert_eq!(arena.stats().retained, 512);
    assert!(arena.chunk_capacity() >= 1024);
}

/// bump-scope tests/unallocated.rs: unallocated_reserve_bytes
#[test]
fn unallocated_reserve_bytes() {
    let arena = Arena::new();
    assert_eq!(chunk_count(arena.stats()), 0);
    arena.reserve(1024);
    assert_eq!(chunk_count(arena.stats()), 1);
    assert!(arena.chunk_capacity() >= 1024);
}

/// bump-scope tests/unallocated.rs: checkpoint
#[test]
fn checkpoint() {
    let mut arena = Arena::new();
    let checkpoint_unallocated = arena.checkpoint();
    assert_eq!(chunk_count(arena.stats()), 0);
    assert_eq!(arena.stats().used, 0);

    arena.alloc_str("hello");
    let checkpoint_hello = arena.checkpoint();
    assert_eq!(chunk_count(arena.stats()), 1);
    assert_eq!(arena.stats().used, round8(5));

    arena.alloc_str("world");
    assert_eq!(chunk_count(arena.stats()), 1);
    assert_eq!(arena.stats().used, 2 * round8(5));

    arena.reset_to(&checkpoint_hello).unwrap();
    assert_eq!(chunk_count(arena.stats()), 1);
    assert_eq!(arena.stats().used, round8(5));

    let held = arena.stats().held;
    arena.reset_to(&checkpoint_unallocated).unwrap();
    assert_eq!(arena.stats().used, 0);
    assert_eq!(arena.stats().held, held);
}

/// bump-scope tests/unallocated.rs: checkpoint_multiple_chunks
#[test]
fn checkpoint_multiple_chunks() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(256).build();
    assert_eq!(chunk_count(arena.stats()), 0);
    let c0 = arena.checkpoint();

    arena.reserve(1);
    force_new_chunk(&arena, 2);
    let c2 = arena.checkpoint();
    force_new_chunk(&arena, 3);
    force_new_chunk(&arena, 4);
    assert_eq!(chunk_count(arena.stats()), 4);
    let (held, taken) = (arena.stats().held, log.allocations());

    arena.reset_to(&c2).unwrap();
    assert_eq!(chunk_count(arena.stats()), 2);
    assert_eq!(arena.stats().used, 256 - 64 + round8(2));
    arena.reset_to(&c0).unwrap();
    assert!(chunk_count(arena.stats()) <= 1);
    assert_eq!(arena.stats().used, 0);
    assert_eq!(arena.stats().held, held);

    // The same chunks again, from the spares.
    arena.reserve(1);
    force_new_chunk(&arena, 2);
    force_new_chunk(&arena, 3);
    force_new_chunk(&arena, 4);
    assert_eq!(log.allocations(), taken);
}

/// bump-scope tests/unallocated.rs: reset
#[test]
fn reset() {
    let mut arena = Arena::new();
    arena.reset();
    assert_eq!(arena.stats().held, 0);
}

/// bump-scope tests/unallocated.rs: potential_data_race
///
/// Zero-sized allocations from new arenas on two threads at once (bump-scope's unallocated
/// bumps share a static dummy chunk; arenakit's share nothing).
#[test]
fn potential_data_race() {
    fn create_arena_and_alloc() {
        let arena = Arena::new();
        (&arena).allocate(Layout::new::<()>()).unwrap();
        arena.alloc(());
    }

    let threads = [
        std::thread::spawn(create_arena_and_alloc),
        std::thread::spawn(create_arena_and_alloc),
    ];
    for thread in threads {
        thread.join().unwrap();
    }
}

/// bump-scope tests/unallocated.rs: default_chunk_size
///
/// bump-scope's default chunk is 512 bytes (less its assumed `malloc` overhead); arenakit's
/// is 64 KiB, header included.
#[test]
fn default_chunk_size() {
    let arena = Arena::new();
    assert_eq!(chunk_count(arena.stats()), 0);
    arena.alloc("a");
    assert_eq!(chunk_count(arena.stats()), 1);
    assert_eq!(arena.stats().held, 64 * 1024);
}

/// bump-scope tests/unallocated.rs: custom_chunk_size
#[test]
fn custom_chunk_size() {
    let arena = Arena::builder().chunk_size(4096).build();
    assert_eq!(chunk_count(arena.stats()), 0);
    arena.alloc("a");
    assert_eq!(chunk_count(arena.stats()), 1);
    assert_eq!(arena.stats().held, 4096);
}
