//! Port of bump-scope `tests/reserve.rs`: reserving after a rewind to a checkpoint counts only
//! what the current chunk has left. arenakit's `reserve(n)` moves on to a chunk with room for
//! all `n` bytes, and the chunks a rewind left behind are spare: reusing one takes nothing
//! from the source (bump-scope allocates a third chunk there).

use super::{chunk_count, force_new_chunk};
use crate::common::CountingSource;
use arenakit::Arena;
use core::alloc::Layout;

/// bump-scope tests/reserve.rs: test_reserve
#[test]
fn test_reserve() {
    let source = CountingSource::new();
    let log = source.log();
    let mut arena = Arena::builder().source(source).chunk_size(256).build();
    assert_eq!(chunk_count(arena.stats()), 0);

    // The first chunk, with 3 bytes in it.
    arena.reserve(1);
    assert_eq!(chunk_count(arena.stats()), 1);
    arena.alloc_layout(Layout::new::<[u8; 3]>());
    let checkpoint = arena.checkpoint();

    // Fill it, then fill a second one.
    force_new_chunk(&arena, 8);
    assert_eq!(chunk_count(arena.stats()), 2);
    arena.alloc_uninit_slice::<u8>(arena.chunk_capacity());
    assert_eq!(arena.chunk_capacity(), 0);
    assert_eq!(log.allocations(), 2);

    // Back to 3 bytes in the first chunk; the second is spare.
    arena.reset_to(&checkpoint).unwrap();
    assert_eq!(chunk_count(arena.stats()), 1);

    // What the first chunk has left needs no other chunk.
    let remaining = arena.chunk_capacity();
    arena.reserve(remaining);
    assert_eq!(chunk_count(arena.stats()), 1);

    // One byte more moves to the spare chunk, without asking the source.
    arena.reserve(remaining + 1);
    assert_eq!(chunk_count(arena.stats()), 2);
    assert_eq!(log.allocations(), 2);
    assert!(arena.chunk_capacity() > remaining);
}
